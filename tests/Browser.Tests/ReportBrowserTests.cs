using System.Text.RegularExpressions;
using FluentAssertions;
using Microsoft.Playwright;
using PolicyDsl.Dsl.Sources;
using PolicyDsl.Evaluator.Analysis;
using PolicyDsl.Repl;
using PolicyDsl.Testing;
using Xunit;

namespace PolicyDsl.Browser.Tests;

/// <summary>
/// The report of the samples, opened from file:// in Debian's Chromium (headless, driven by Playwright; no browser
/// is downloaded): it loads with no console error and no request, conclusions open their proofs, citations show
/// their passages with the quotation marked, the map holds a node per premise, the matrix shows, and it is usable
/// from the keyboard. Screenshots of the debate's report and map are saved under artifacts/screenshots.
/// </summary>
public sealed class ReportBrowserTests(ReportBrowserTests.Browser browser) : IClassFixture<ReportBrowserTests.Browser>
{
    private const string Debate = "samples/debate.policy";

    /// <summary>One browser and one report of the samples for all the tests; every test opens its own page.</summary>
    public sealed class Browser : IAsyncLifetime
    {
        /// <summary>Debian's Chromium, installed by .ci/run (apt-get install chromium); POLICYDSL_CHROMIUM overrides it.</summary>
        public static string Executable => Environment.GetEnvironmentVariable("POLICYDSL_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

        private readonly TempFolder folder = TestPaths.CreateTempFolder();
        private IPlaywright? playwright;

        public IBrowser Chromium { get; private set; } = null!;

        public string ReportPath { get; private set; } = string.Empty;

        public string ReportUrl => new Uri(ReportPath).AbsoluteUri;

        public async Task InitializeAsync()
        {
            ReportPath = Path.Combine(folder.Path, "report.html");
            var output = new StringWriter();
            var error = new StringWriter();
            PolicyCli.Run(["report", "samples", "-o", ReportPath], output, error).Should().Be(0, error.ToString());
            error.ToString().Should().BeEmpty("Graphviz draws every map (.ci/run installs it)");
            File.Exists(Executable).Should().BeTrue($"the browser tests drive Debian's Chromium at {Executable}: apt-get install chromium (.ci/run does)");
            playwright = await Playwright.CreateAsync();
            Chromium = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Executable,
                Headless = true,
                // As root in a container Chromium needs --no-sandbox; the rest keep it from calling home on a closed network.
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
            });
        }

        public async Task DisposeAsync()
        {
            await Chromium.CloseAsync();
            playwright?.Dispose();
            folder.Dispose();
        }
    }

    /// <summary>A page with the report open, and every console error, page error and request it made.</summary>
    private async Task<(IPage Page, List<string> Errors, List<string> Requests)> Open(int width = 1400, int height = 1000)
    {
        var page = await browser.Chromium.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        // A step that does not happen fails in seconds, not after Playwright's default half minute.
        page.SetDefaultTimeout(10_000);
        var errors = new List<string>();
        var requests = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                errors.Add($"{message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, message) => errors.Add("page error: " + message);
        page.Request += (_, request) => requests.Add(request.Url);
        await page.GotoAsync(browser.ReportUrl, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        return (page, errors, requests);
    }

    private static ILocator Section(IPage page, string file) => page.Locator("section.argument").Filter(new LocatorFilterOptions { Has = page.Locator($"p.file:text-is(\"{file}\")") });

    [Fact]
    public async Task The_report_of_the_samples_loads_with_no_console_error_and_no_request_but_its_own_file()
    {
        var (page, errors, requests) = await Open();
        errors.Should().BeEmpty();
        requests.Should().Equal([browser.ReportUrl], "the report is self-contained: no style, script, font or image is fetched");
        var files = await page.Locator("nav.index tbody tr").CountAsync();
        files.Should().Be(Directory.EnumerateFiles(TestPaths.Samples, "*.policy", SearchOption.AllDirectories).Count(), "the index lists every argument of the samples");
        (await page.Locator("section.argument").CountAsync()).Should().Be(files);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Clicking_a_conclusion_opens_its_proof_down_to_the_quotations_and_clicking_again_closes_it()
    {
        var (page, errors, _) = await Open();
        var debate = Section(page, Debate);
        var toggle = debate.Locator("button.toggle", new LocatorLocatorOptions { HasText = "talks_stalled(US, Russia)" });
        var proof = page.Locator("#" + await toggle.GetAttributeAsync("aria-controls"));
        (await proof.IsVisibleAsync()).Should().BeFalse("proofs start closed");
        await toggle.ClickAsync();
        (await proof.IsVisibleAsync()).Should().BeTrue();
        (await toggle.GetAttributeAsync("aria-expanded")).Should().Be("true");
        var text = await proof.InnerTextAsync();
        text.Should().Contain("talks_stalled(US, Russia)").And.Contain("per nodeal#", "the proof goes down to the premises and their citations");
        (await proof.Locator("button.cite").CountAsync()).Should().BeGreaterThan(0, "each cited premise is a button to its passage");
        await toggle.ClickAsync();
        (await proof.IsVisibleAsync()).Should().BeFalse();
        errors.Should().BeEmpty();
        await page.CloseAsync();
    }

    [Fact]
    public async Task Clicking_a_premise_shows_the_cited_passage_with_the_quoted_words_marked()
    {
        var (page, errors, _) = await Open();
        var debate = Section(page, Debate);
        var toggle = debate.Locator("button.toggle", new LocatorLocatorOptions { HasText = "talks_stalled(US, Russia)" });
        await toggle.ClickAsync();
        var proof = page.Locator("#" + await toggle.GetAttributeAsync("aria-controls"));
        var cite = proof.Locator("button.cite").First;
        var citation = await cite.InnerTextAsync();
        var quote = Regex.Match(citation, "\"(.+)\"").Groups[1].Value;
        quote.Should().NotBeEmpty(citation);
        await cite.ClickAsync();
        var view = page.Locator("#passage-view");
        (await view.IsVisibleAsync()).Should().BeTrue();
        var marks = view.Locator("mark");
        (await marks.CountAsync()).Should().BeGreaterThan(0, "the quoted words are highlighted");
        QuoteText.Normalize(await marks.First.InnerTextAsync()).Should().Be(QuoteText.Normalize(quote));
        (await view.Locator("h2").InnerTextAsync()).Should().StartWith(citation.Split(' ')[1].Split('"')[0].Trim(), "the panel names the claim cited");

        // Escape closes the passage and gives the focus back to the citation.
        await page.Keyboard.PressAsync("Escape");
        (await view.IsVisibleAsync()).Should().BeFalse();
        (await cite.EvaluateAsync<bool>("b => b === document.activeElement")).Should().BeTrue();
        errors.Should().BeEmpty();
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_map_holds_one_node_per_premise_and_rule_coloured_by_state_and_its_nodes_lead_to_passages_and_proofs()
    {
        var (page, errors, _) = await Open();
        var debate = Section(page, Debate);
        var analysis = ArgumentAnalysis.Load(Debate);
        var premises = analysis.Base!.Premises.Facts.Count;
        var rules = analysis.Program!.Rules.Count;
        var map = debate.Locator("div.map svg");
        (await map.Locator("g.node.premise").CountAsync()).Should().Be(premises, "one node per premise of the debate's closure");
        (await map.Locator("g.node.rule").CountAsync()).Should().Be(rules, "one node per rule instance");
        (await map.Locator("g.node.open-premise").CountAsync()).Should().Be(analysis.Base.Premises.Open.Count);
        (await map.Locator("g.node.s-conflict, g.node.s-contested").CountAsync()).Should().Be(0, "the base evaluation of the debate has no conflict");

        // A premise node opens its passage; a conclusion node opens its proof.
        var premise = map.Locator("g.node.premise.clickable").First;
        await premise.ClickAsync();
        (await page.Locator("#passage-view mark").CountAsync()).Should().BeGreaterThan(0);
        await page.Keyboard.PressAsync("Escape");
        var conclusion = map.Locator("g.node.conclusion.clickable").First;
        await conclusion.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        (await debate.Locator("tr.proof:visible").CountAsync()).Should().Be(1, "Enter on a conclusion node opens its proof");
        errors.Should().BeEmpty();
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_matrix_the_flips_the_critical_premises_and_the_states_in_every_scenario_show()
    {
        var (page, errors, _) = await Open();
        var debate = Section(page, Debate);
        var analysis = ArgumentAnalysis.Load(Debate);
        var matrix = debate.Locator("table.matrix");
        (await matrix.IsVisibleAsync()).Should().BeTrue();
        (await matrix.Locator("thead th").CountAsync()).Should().Be(1 + analysis.Matrix([]).Hypotheses.Count);
        (await matrix.Locator("td.mark").CountAsync()).Should().BeGreaterThan(0);
        (await debate.Locator("table.flips tbody tr").CountAsync()).Should().BeGreaterThan(0, "the debate's ceasefire and bargain premises flip conclusions");
        (await debate.Locator("div.critical").CountAsync()).Should().BeGreaterThan(0);
        var header = await debate.Locator("table.conclusions thead").InnerTextAsync();
        foreach (var scenario in analysis.Model.Scenarios)
        {
            header.Should().Contain(scenario.Name);
        }

        header.Should().Contain("all scenarios");

        // Every state is written out: the table reads without colour.
        var states = await debate.Locator("table.conclusions td .state .label").AllInnerTextsAsync();
        states.Should().NotBeEmpty().And.OnlyContain(s => s.Trim().Length > 0);
        errors.Should().BeEmpty();
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_keyboard_reaches_the_conclusions_and_opens_a_proof()
    {
        var (page, errors, _) = await Open();
        // Tab from the top: the skip link first, then on through the buttons; a conclusion is one of them.
        await page.Keyboard.PressAsync("Tab");
        (await page.EvaluateAsync<string>("() => document.activeElement.className")).Should().Be("skip");
        for (var i = 0; i < 400; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("() => document.activeElement.classList.contains('toggle')"))
            {
                break;
            }
        }

        var controls = await page.EvaluateAsync<string>("() => document.activeElement.getAttribute('aria-controls')");
        controls.Should().NotBeNull("tabbing reaches a conclusion");
        await page.Keyboard.PressAsync("Enter");
        (await page.Locator("#" + controls).IsVisibleAsync()).Should().BeTrue();
        errors.Should().BeEmpty();
        await page.CloseAsync();
    }

    [Fact]
    public async Task Screenshots_of_the_debate_report_and_map_are_saved_as_artefacts()
    {
        var (page, errors, _) = await Open(1400, 1000);
        var folder = Path.Combine(TestPaths.RepoRoot, "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        var debate = Section(page, Debate);
        await debate.ScrollIntoViewIfNeededAsync();
        var toggle = debate.Locator("button.toggle", new LocatorLocatorOptions { HasText = "deal(US, Russia)" });
        await toggle.ClickAsync();
        var report = Path.Combine(folder, "debate-report.png");
        await debate.ScreenshotAsync(new LocatorScreenshotOptions { Path = report });
        var map = Path.Combine(folder, "debate-map.png");
        await debate.Locator("div.map").ScreenshotAsync(new LocatorScreenshotOptions { Path = map });
        foreach (var (part, selector) in new[] { ("conclusions", "table.conclusions"), ("flips", "table.flips"), ("matrix", "table.matrix"), ("critical", "div.critical >> nth=0") })
        {
            await debate.Locator(selector).ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(folder, $"debate-{part}.png") });
        }

        await debate.Locator("tr.proof:visible button.cite").First.ClickAsync();
        var passage = Path.Combine(folder, "debate-passage.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = passage });
        new FileInfo(report).Length.Should().BeGreaterThan(10_000);
        new FileInfo(map).Length.Should().BeGreaterThan(10_000);
        new FileInfo(passage).Length.Should().BeGreaterThan(10_000);
        errors.Should().BeEmpty();
        await page.CloseAsync();
    }
}
