using FluentAssertions;
using PolicyDsl.Testing;
using Xunit;

namespace PolicyDsl.Cli.Tests;

/// <summary>
/// The language server, spoken to in real JSON-RPC over streams: the lifecycle, diagnostics on open and on change
/// (for the file and its imports), hover, definition, references, completion, rename, formatting, code lens, document
/// symbols, and messages no client should send, none of which ends the server.
/// </summary>
public sealed class LspTests
{
    private static readonly string Debate = Path.Combine(TestPaths.Samples, "debate.policy");
    private static readonly string NoDeal = Path.Combine(TestPaths.Samples, "000-no-deal-left.policy");

    private static object At(string uri, string text, string near, int offset = 0) => new
    {
        textDocument = new { uri },
        position = Position(text, text.IndexOf(near, StringComparison.Ordinal) + offset),
    };

    private static object Position(string text, int offset)
    {
        offset.Should().BeGreaterThanOrEqualTo(0);
        var line = text[..offset].Count(c => c == '\n');
        var character = offset - (text.LastIndexOf('\n', Math.Max(0, offset - 1)) + 1);
        if (offset == 0)
        {
            character = 0;
        }

        return new { line, character };
    }

    private static async Task<LspClient> Started()
    {
        var client = LspClient.Start();
        var init = await client.Request("initialize", new { processId = (int?)null, rootUri = LspClient.Uri(TestPaths.RepoRoot), capabilities = new { } });
        init["result"]!["capabilities"]!["hoverProvider"]!.GetValue<bool>().Should().BeTrue();
        await client.Notify("initialized", new { });
        return client;
    }

    private static async Task Open(LspClient client, string path, string? text = null) =>
        await client.Notify("textDocument/didOpen", new { textDocument = new { uri = LspClient.Uri(path), languageId = "policydsl", version = 1, text = text ?? File.ReadAllText(path) } });

    [Fact]
    public async Task Diagnostics_are_published_on_open_for_the_file_and_its_imports_and_again_on_change()
    {
        await using var client = await Started();
        var uri = LspClient.Uri(Debate);
        var text = File.ReadAllText(Debate);
        await Open(client, Debate, text);
        var diagnostics = client.Diagnostics(uri);
        // The same analysis as check: the same codes on the same lines (LSP lines count from 0).
        var check = System.Text.RegularExpressions.Regex.Matches(CliRunner.Run("check", "samples/debate.policy").Output, @"^samples/debate\.policy\((\d+),\d+\): \w+ (PD\d{4})", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => $"{int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) - 1} {m.Groups[2].Value}").ToList();
        check.Should().NotBeEmpty();
        diagnostics.Select(d => $"{d!["range"]!["start"]!["line"]} {d["code"]}").Should().BeEquivalentTo(check);
        client.Drain().Select(n => (string?)n["params"]!["uri"]).Should().Contain(LspClient.Uri(NoDeal), "the files it imports get theirs too");

        var broken = text + "\nfact price(Russia = vital\n";
        await client.Notify("textDocument/didChange", new { textDocument = new { uri, version = 2 }, contentChanges = new[] { new { text = broken } } });
        var after = client.Diagnostics(uri, d => d.Any(x => (string?)x!["code"] == "PD0001"));
        var error = after.First(d => (string?)d!["code"] == "PD0001")!;
        error["severity"]!.GetValue<int>().Should().Be(1);
        error["range"]!["start"]!["line"]!.GetValue<int>().Should().Be(broken.Split('\n').Length - 2, "the range is 0-based, on the broken line");
        error["source"]!.GetValue<string>().Should().Be("policydsl");

        await client.Notify("textDocument/didChange", new { textDocument = new { uri, version = 3 }, contentChanges = new[] { new { text } } });
        client.Diagnostics(uri, d => !d.Any(x => (string?)x!["code"] == "PD0001"));
        await Shutdown(client);
    }

    [Fact]
    public async Task Hover_shows_a_relations_states_and_sources_a_premises_quotation_and_claim_and_an_anchors_claim()
    {
        await using var client = await Started();
        var uri = LspClient.Uri(NoDeal);
        var text = File.ReadAllText(NoDeal);
        await Open(client, NoDeal, text);

        var relation = (await client.Request("textDocument/hover", At(uri, text, "then not deal(US, x)", 9)))["result"]!["contents"]!["value"]!.GetValue<string>();
        relation.Should().Contain("deal(actor, actor)").And.Contain("in the base evaluation").And.Contain("`deal(US, Russia)` false (rests on nodeal#c4, nodeal#c3)");

        var premise = (await client.Request("textDocument/hover", At(uri, text, "fact price(Russia) = vital", 6)))["result"]!["contents"]!["value"]!.GetValue<string>();
        premise.Should().Contain("per **nodeal#c4** \"Russia's price is Ukraine\"").And.Contain("> ### C4. Each side's price cannot be paid");

        var anchor = (await client.Request("textDocument/hover", At(uri, text, "#c10", 2)))["result"]!["contents"]!["value"]!.GetValue<string>();
        anchor.Should().StartWith("**nodeal#c10**").And.Contain("> ");

        var rule = (await client.Request("textDocument/hover", At(uri, text, "nodeal_bargain(x: actor)", 2)))["result"]!["contents"]!["value"]!.GetValue<string>();
        rule.Should().Contain("rule **nodeal_bargain**").And.Contain("2 instances, 2 fire").And.Contain("No president of either party could trade on those terms");
        await Shutdown(client);
    }

    /// <summary>Issue 26, item 3: a premise two texts state shows both citations, each with its quotation, on hover.</summary>
    [Fact]
    public async Task Hover_on_a_corroborated_premise_quotes_every_text_that_states_it()
    {
        await using var client = await Started();
        var file = Path.Combine(TestPaths.Samples, "corroborated-hover.policy");
        var text = "import \"vocabulary.policy\"\nsource nodeal = \"../seeds/000-no-deal-left.md\"\nsource enlist = \"../seeds/003-enlist-xi.md\"\n" +
            "fact price(Russia) = vital per nodeal#c4 \"Russia's price is Ukraine\"\n  per enlist#c2 \"Beijing can press Moscow\"\n";
        await Open(client, file, text);
        var hover = (await client.Request("textDocument/hover", At(LspClient.Uri(file), text, "fact price(Russia) = vital", 6)))["result"]!["contents"]!["value"]!.GetValue<string>();
        hover.Should().Contain("per **nodeal#c4** \"Russia's price is Ukraine\"").And.Contain("also per **enlist#c2** \"Beijing can press Moscow\"").And.Contain("_stated by 2 texts_");
        await Shutdown(client);
    }

    [Fact]
    public async Task Definition_and_references_follow_names_across_the_files_of_the_workspace()
    {
        await using var client = await Started();
        var uri = LspClient.Uri(Debate);
        var text = File.ReadAllText(Debate);
        await Open(client, Debate, text);

        var overridden = (await client.Request("textDocument/definition", At(uri, text, "overrides nodeal_bargain", 12)))["result"]!;
        overridden["uri"]!.GetValue<string>().Should().Be(LspClient.Uri(NoDeal));
        overridden["range"]!["start"]!["line"]!.GetValue<int>().Should().Be(File.ReadAllLines(NoDeal).ToList().FindIndex(l => l.StartsWith("rule nodeal_bargain", StringComparison.Ordinal)));

        var anchor = (await client.Request("textDocument/definition", At(uri, text, "per nodeal#c3", 11)))["result"]!;
        anchor["uri"]!.GetValue<string>().Should().EndWith("/seeds/000-no-deal-left.md");

        var import = (await client.Request("textDocument/definition", At(uri, text, "\"001-cannot-un-unite.policy\"", 3)))["result"]!;
        import["uri"]!.GetValue<string>().Should().Be(LspClient.Uri(Path.Combine(TestPaths.Samples, "001-cannot-un-unite.policy")));

        var relation = (await client.Request("textDocument/definition", At(uri, text, "capital leverage(US, China) then", 2)))["result"]!;
        relation["uri"]!.GetValue<string>().Should().Be(LspClient.Uri(Path.Combine(TestPaths.Samples, "003-enlist-xi.policy")), "003 concludes capital leverage");

        // A constant, a level and a type lead to their declarations in the vocabulary.
        var vocabulary = File.ReadAllLines(Path.Combine(TestPaths.Samples, "vocabulary.policy")).ToList();
        var noDeal = File.ReadAllText(NoDeal);
        await Open(client, NoDeal, noDeal);
        foreach (var (near, offset, declared) in new[] { ("price(Russia) = vital", 6, "type actor"), ("price(Russia) = vital", 17, "scale stake"), ("nodeal_bargain(x: actor)", 18, "type actor") })
        {
            var found = (await client.Request("textDocument/definition", At(LspClient.Uri(NoDeal), noDeal, near, offset)))["result"]!;
            found["uri"]!.GetValue<string>().Should().Be(LspClient.Uri(Path.Combine(TestPaths.Samples, "vocabulary.policy")), near);
            found["range"]!["start"]!["line"]!.GetValue<int>().Should().Be(vocabulary.FindIndex(l => l.StartsWith(declared, StringComparison.Ordinal)), near);
        }

        // Renaming a level reaches its declaration and every value that names it, each place once.
        var level = (await client.Request("textDocument/rename", new { textDocument = new { uri = LspClient.Uri(NoDeal) }, position = Position(noDeal, noDeal.IndexOf("= vital", StringComparison.Ordinal) + 3), newName = "paramount" }))["result"]!["changes"]!.AsObject();
        level.Select(c => c.Key).Should().Contain([LspClient.Uri(NoDeal), LspClient.Uri(Path.Combine(TestPaths.Samples, "vocabulary.policy"))]);
        foreach (var (_, edits) in level)
        {
            edits!.AsArray().Select(e => e!["range"]!.ToJsonString()).Should().OnlyHaveUniqueItems();
        }

        var references = (await client.Request("textDocument/references", new
        {
            textDocument = new { uri },
            position = Position(text, text.IndexOf("then deal(US, China)", StringComparison.Ordinal) + 6),
            context = new { includeDeclaration = true },
        }))["result"]!.AsArray();
        references.Select(r => (string?)r!["uri"]).Distinct().Should().HaveCountGreaterThan(2, "deal is stated and used in several of the debate's files");
        await Shutdown(client);
    }

    [Fact]
    public async Task Completion_offers_keywords_relations_with_signatures_variables_and_the_digests_anchors()
    {
        await using var client = await Started();
        var uri = LspClient.Uri(NoDeal);
        var text = File.ReadAllText(NoDeal);
        await Open(client, NoDeal, text);
        var items = (await client.Request("textDocument/completion", At(uri, text, "if offer(US, x) < price(x)", 3)))["result"]!["items"]!.AsArray();
        items.Should().Contain(i => (string?)i!["label"] == "fact" && (int)i["kind"]! == 14);
        items.Should().Contain(i => (string?)i!["label"] == "deal" && (string?)i["detail"] == "deal(actor, actor)");
        items.Should().Contain(i => (string?)i!["label"] == "x" && (int)i["kind"]! == 6, "the rule's variable");
        items.Should().Contain(i => (string?)i!["label"] == "Russia");

        var edited = text + "fact trust lost(US) per nodeal#";
        await client.Notify("textDocument/didChange", new { textDocument = new { uri, version = 2 }, contentChanges = new[] { new { text = edited } } });
        var anchors = (await client.Request("textDocument/completion", new { textDocument = new { uri }, position = Position(edited, edited.Length) }))["result"]!["items"]!.AsArray();
        anchors.Select(a => (string?)a!["label"]).Should().Contain(["thesis", "c1", "c10"]);
        await Shutdown(client);
    }

    [Fact]
    public async Task Rename_formatting_code_lens_and_symbols()
    {
        await using var client = await Started();
        var uri = LspClient.Uri(Debate);
        var text = File.ReadAllText(Debate);
        await Open(client, Debate, text);
        var rename = (await client.Request("textDocument/rename", new { textDocument = new { uri }, position = Position(text, text.IndexOf("overrides nodeal_bargain", StringComparison.Ordinal) + 12), newName = "no_bargain" }))["result"]!["changes"]!.AsObject();
        rename.Select(c => c.Key).Should().BeEquivalentTo([uri, LspClient.Uri(NoDeal)]);
        rename[LspClient.Uri(NoDeal)]!.AsArray().Should().ContainSingle().Which!["newText"]!.GetValue<string>().Should().Be("no_bargain");
        var refused = await client.Request("textDocument/rename", new { textDocument = new { uri }, position = Position(text, text.IndexOf("overrides nodeal_bargain", StringComparison.Ordinal) + 12), newName = "then" });
        refused["error"]!["message"]!.GetValue<string>().Should().Contain("is not a keyword");

        var lenses = (await client.Request("textDocument/codeLens", new { textDocument = new { uri } }))["result"]!.AsArray();
        lenses.Select(l => l!["command"]!["title"]!.GetValue<string>()).Should().Contain(t => t.StartsWith("PASS", StringComparison.Ordinal)).And.Contain(t => t.Contains("instance", StringComparison.Ordinal));

        var symbols = (await client.Request("textDocument/documentSymbol", new { textDocument = new { uri } }))["result"]!.AsArray();
        symbols.Select(s => (string?)s!["name"]).Should().Contain("rule debate_offer_counts").And.Contain(n => n!.StartsWith("scenario \"Beijing values", StringComparison.Ordinal));

        var messyUri = LspClient.Uri(Path.Combine(TestPaths.RepoRoot, "samples", "messy.policy"));
        await client.Notify("textDocument/didOpen", new { textDocument = new { uri = messyUri, languageId = "policydsl", version = 1, text = "argument  \"m\"\nfact   p\n" } });
        var edits = (await client.Request("textDocument/formatting", new { textDocument = new { uri = messyUri }, options = new { tabSize = 2, insertSpaces = true } }))["result"]!.AsArray();
        edits.Should().ContainSingle().Which!["newText"]!.GetValue<string>().Should().Be("argument \"m\"\nfact p\n");
        await Shutdown(client);
    }

    [Fact]
    public async Task Messages_no_client_should_send_get_errors_and_the_server_reads_on()
    {
        await using var client = await Started();
        await client.SendRaw("{not json");
        client.NextOrphan()["error"]!["code"]!.GetValue<int>().Should().Be(-32700);
        await client.SendRaw("[1, 2]");
        client.NextOrphan()["error"]!["code"]!.GetValue<int>().Should().Be(-32600);
        await client.SendRaw("{\"jsonrpc\": \"2.0\", \"id\": 99}");
        client.NextOrphan()["error"]!["code"]!.GetValue<int>().Should().Be(-32600);
        await client.SendBytes("Content-Type: text/plain\r\n\r\n");
        client.NextOrphan()["error"]!["message"]!.GetValue<string>().Should().Contain("without a Content-Length");
        await client.SendRaw("{\"jsonrpc\": \"1.0\", \"id\": 7, \"method\": \"shutdown\"}");
        client.NextOrphan()["error"]!["code"]!.GetValue<int>().Should().Be(-32600);
        (await client.Request("no/such/method", new { }))["error"]!["code"]!.GetValue<int>().Should().Be(-32601);
        var unopened = await client.Request("textDocument/hover", new { textDocument = new { uri = LspClient.Uri("nowhere.policy") }, position = new { line = 0, character = 0 } });
        unopened["error"]!["message"]!.GetValue<string>().Should().Contain("is not open; send textDocument/didOpen first").And.NotContain("   at ");
        var badShape = await client.Request("textDocument/hover", new { textDocument = 5 });
        badShape["error"].Should().NotBeNull();

        // A document of garbage gets diagnostics, not a crash.
        var garbage = LspClient.Uri(Path.Combine(TestPaths.RepoRoot, "samples", "garbage.policy"));
        await client.Notify("textDocument/didOpen", new { textDocument = new { uri = garbage, languageId = "policydsl", version = 1, text = "\u0001\u0002 ))) fact ( \"unterminated\n}}}{{{\n" } });
        client.Diagnostics(garbage).Should().NotBeEmpty();
        (await client.Request("textDocument/hover", new { textDocument = new { uri = garbage }, position = new { line = 40, character = 99 } }))["error"].Should().BeNull("a position past the end is clamped");
        await Shutdown(client);
    }

    /// <summary>Issue 23: an import the analysis refused (out of the project) offers no definition and no hover path.</summary>
    [Fact]
    public async Task A_refused_import_leads_nowhere()
    {
        await using var client = await Started();
        var file = Path.Combine(TestPaths.Samples, "refused-import.policy");
        var text = "import \"../../../../../../etc/outside.policy\"\nfact a\n";
        await Open(client, file, text);
        client.Diagnostics(LspClient.Uri(file)).ToJsonString().Should().Contain("PD0017");
        var definition = await client.Request("textDocument/definition", At(LspClient.Uri(file), text, "outside.policy", 2));
        definition["result"].Should().BeNull("nothing outside the project is offered");
        var hover = await client.Request("textDocument/hover", At(LspClient.Uri(file), text, "outside.policy", 2));
        (hover["result"]?.ToJsonString() ?? string.Empty).Should().NotContain("/etc/");
        await Shutdown(client);
    }

    /// <summary>Issue 23: after one request whose id was an object the server answered nothing more, shutdown included.</summary>
    [Fact]
    public async Task Ids_of_every_JSON_type_are_answered_and_the_server_keeps_serving()
    {
        await using var client = await Started();
        var hover = "\"method\": \"textDocument/hover\", \"params\": {\"textDocument\": {\"uri\": \"file:///nowhere.policy\"}, \"position\": {\"line\": 0, \"character\": 0}}";
        foreach (var id in new[] { "{\"a\": 1}", "[1, 2]", "true", "false", "1.5", "1e400", "99999999999999999999999" })
        {
            await client.SendRaw("{\"jsonrpc\": \"2.0\", \"id\": " + id + ", " + hover + "}");
            var answer = client.NextOrphan();
            answer["error"]!["code"]!.GetValue<int>().Should().Be(-32600, "id " + id);
            answer["id"].Should().BeNull();
        }

        // Valid ids of each kind get their answer, with the id they were sent with.
        await client.SendRaw("{\"jsonrpc\": \"2.0\", \"id\": \"text-id\", \"method\": \"no/such/method\"}");
        var byText = client.NextOrphan();
        byText["id"]!.GetValue<string>().Should().Be("text-id");
        byText["error"]!["code"]!.GetValue<int>().Should().Be(-32601);
        await client.SendRaw("{\"jsonrpc\": \"2.0\", \"id\": -7, \"method\": \"no/such/method\"}");
        client.NextOrphan()["id"]!.GetValue<long>().Should().Be(-7);

        // And the server still serves: a real request, then the shutdown.
        (await client.Request("no/such/method", new { }))["error"]!["code"]!.GetValue<int>().Should().Be(-32601);
        await Shutdown(client);
    }

    /// <summary>
    /// Issue 23, found by the language-server fuzz: a diagnostic quoting an import path with ESC in it went to the
    /// editor raw, and so did an unknown method's name with a bidirectional control, quoted by StreamJsonRpc.
    /// </summary>
    [Fact]
    public async Task What_the_server_says_carries_no_raw_control_or_bidirectional_character()
    {
        await using var client = await Started();
        var file = Path.Combine(TestPaths.Samples, "escapes.policy");
        await Open(client, file, "import \"a\u001B[31m.policy\"\nfact a\n");
        var diagnostics = client.Diagnostics(LspClient.Uri(file));
        var messages = diagnostics.Select(d => d!["message"]!.GetValue<string>()).ToList();
        messages.Should().Contain(m => m.Contains("a\\u001B[31m.policy", StringComparison.Ordinal), "the path is quoted with its escape");
        messages.Should().OnlyContain(m => !m.Any(c => c == '\u001B'));

        await client.SendRaw("{\"jsonrpc\": \"2.0\", \"id\": \"x\", \"method\": \"no/such\u202Ename\"}");
        var refused = client.NextOrphan();
        refused["error"]!["code"]!.GetValue<int>().Should().Be(-32601);
        refused["error"]!["message"]!.GetValue<string>().Should().Contain("no/such\\u202Ename").And.NotContain("\u202E");
        await Shutdown(client);
    }

    [Fact]
    public async Task The_executable_serves_over_standard_input_and_output_and_exits_0_after_shutdown()
    {
        using var process = CliRunner.Start(["lsp"]);
        var exit = process.WaitForExitAsync().ContinueWith(_ => process.ExitCode, TaskScheduler.Default);
        await using var client = LspClient.Over(process.StandardInput.BaseStream, process.StandardOutput.BaseStream, exit);
        var init = await client.Request("initialize", new { processId = (int?)null, capabilities = new { } });
        init["result"]!["serverInfo"]!["name"]!.GetValue<string>().Should().Be("policydsl");
        await Open(client, NoDeal);
        client.Diagnostics(LspClient.Uri(NoDeal)).Should().BeEmpty();
        await Shutdown(client);
        (await exit.WaitAsync(TimeSpan.FromMinutes(2))).Should().Be(0);
    }

    [Fact]
    public async Task Requests_before_initialize_and_after_shutdown_are_refused_as_the_protocol_says()
    {
        await using var client = LspClient.Start();
        var early = await client.Request("textDocument/hover", new { textDocument = new { uri = LspClient.Uri(NoDeal) }, position = new { line = 0, character = 0 } });
        early["error"]!["code"]!.GetValue<int>().Should().Be(-32002);
        await client.Request("initialize", new { capabilities = new { } });
        await Open(client, NoDeal);
        (await client.Request("shutdown", null))["result"].Should().BeNull();
        var late = await client.Request("textDocument/hover", new { textDocument = new { uri = LspClient.Uri(NoDeal) }, position = new { line = 0, character = 0 } });
        late["error"]!["code"]!.GetValue<int>().Should().Be(-32600);
        await client.Notify("exit", null);
        (await client.Server.WaitAsync(TimeSpan.FromMinutes(2))).Should().Be(0);
    }

    private static async Task Shutdown(LspClient client)
    {
        (await client.Request("shutdown", null))["result"].Should().BeNull();
        await client.Notify("exit", null);
        (await client.Server.WaitAsync(TimeSpan.FromMinutes(2))).Should().Be(0);
    }
}
