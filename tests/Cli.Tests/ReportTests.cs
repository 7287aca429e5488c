using System.Text.RegularExpressions;
using FluentAssertions;
using PolicyDsl.Testing;
using Xunit;

namespace PolicyDsl.Cli.Tests;

/// <summary>
/// policydsl report: one self-contained HTML page, the same bytes for the same input, written atomically; the
/// browser tests (tests/Browser.Tests) open it in Chromium. These check what the bytes say.
/// </summary>
[Collection(GraphvizTests.Name)]
public sealed partial class ReportTests
{
    [Fact]
    public void The_report_of_the_samples_is_one_self_contained_page_and_the_same_bytes_each_time()
    {
        using var folder = TestPaths.CreateTempFolder();
        var target = Path.Combine(folder.Path, "report.html");
        var (exit, output, error) = CliRunner.Run("report", "samples", "-o", target);
        exit.Should().Be(0, error);
        error.Should().BeEmpty();
        var arguments = Directory.EnumerateFiles(TestPaths.Samples, "*.policy", SearchOption.AllDirectories).Count();
        output.Should().Be($"wrote {target}: {arguments} arguments\n");
        Directory.GetFiles(folder.Path).Should().ContainSingle("no temporary file is left beside it");
        var html = File.ReadAllText(target);
        html.Should().StartWith("<!DOCTYPE html>\n").And.EndWith("</html>\n");
        html.Should().Contain("default-src 'none'", "a content security policy forbids every request");

        // Nothing is fetched: no external style, script, image or font; the only addresses are SVG's namespaces.
        html.Should().NotContainAny("<link", "src=", "@import", "url(");
        AddressPattern().Matches(html).Select(m => m.Value).Distinct().Should().BeSubsetOf(["http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"]);

        // Every argument has its section, and the index lists each with its counts.
        Regex.Count(html, "<section class=\"argument\"").Should().Be(arguments);
        html.Should().Contain("<nav class=\"index\"").And.Contain("<a href=\"#arg7\">The debate: can Washington split Moscow from Beijing or strike a bargain with either?</a>");

        CliRunner.Run("report", "samples", "-o", "-").Output.Should().Be(html, "the same input gives the same bytes, to a file or to standard output");
    }

    [Fact]
    public void A_citation_leads_to_its_passage_with_the_quoted_words_marked_and_a_state_is_always_written_out()
    {
        var (exit, html, error) = CliRunner.Run("report", "samples/000-no-deal-left.policy", "-o", "-");
        exit.Should().Be(0, error);
        html.Should().NotContain("<nav class=\"index\"", "one argument needs no index");
        var button = Regex.Match(html, "<button type=\"button\" class=\"cite\" data-passage=\"(arg1-passage\\d+)\" title=\"read the passage\">per nodeal#c4 &quot;Russia&#39;s price is Ukraine&quot;</button>");
        button.Success.Should().BeTrue("a premise's citation is a button");
        var template = Regex.Match(html, $"<template id=\"{button.Groups[1].Value}\" data-title=\"([^\"]*)\">(.*?)</template>", RegexOptions.Singleline);
        template.Success.Should().BeTrue();
        template.Groups[1].Value.Should().Be("nodeal#c4 · 000 — &quot;No Deal Left&quot; (digest)");
        template.Groups[2].Value.Should().Contain("<mark>Russia&#39;s price is Ukraine</mark>").And.Contain("C4. Each side&#39;s price cannot be paid")
            .And.NotContain("{#c4}", "anchors are the document's markup, not its words");
        Regex.Matches(html, "<span class=\"state s-[a-z]+\"><span class=\"label\"></span>").Should().BeEmpty("every state badge has its word");
        html.Should().Contain("<span class=\"analyst\">analyst’s judgment:", "the analyst's own steps are marked as such");
    }

    [Fact]
    public void An_argument_with_errors_is_reported_with_its_diagnostics_and_their_lines()
    {
        var (exit, html, error) = CliRunner.Run("report", "samples/invalid/unit-mismatch.policy", "-o", "-");
        exit.Should().Be(0, error);
        html.Should().Contain("not evaluated: the errors below stop it").And.Contain("<span class=\"sev-error\">error PD0024</span>")
            .And.Contain("<pre class=\"line\">").And.NotContain("<h3>Map</h3>");
    }

    [Fact]
    [Raises("PD0010")]
    public void A_path_that_does_not_exist_writes_no_report()
    {
        using var folder = TestPaths.CreateTempFolder();
        var target = Path.Combine(folder.Path, "report.html");
        var (exit, _, error) = CliRunner.Run("report", "samples/debate.policy", "no/such.policy", "-o", target);
        exit.Should().Be(2);
        error.Should().Contain("error PD0010: 'no/such.policy' does not exist").And.Contain("no report written");
        File.Exists(target).Should().BeFalse();
    }

    [Fact]
    [Raises("PD0069")]
    public void Without_graphviz_the_report_is_written_and_says_where_each_map_would_be()
    {
        var previous = Environment.GetEnvironmentVariable("POLICYDSL_DOT");
        Environment.SetEnvironmentVariable("POLICYDSL_DOT", "/no/such/dot");
        try
        {
            var (exit, html, error) = CliRunner.Run("report", "samples/003-enlist-xi.policy", "-o", "-");
            exit.Should().Be(0);
            error.Should().Contain("warning PD0069: drawing the maps needs Graphviz's dot").And.Contain("apt-get install graphviz");
            html.Should().Contain("The map is not drawn: Graphviz&#39;s dot was not found").And.Contain("<table class=\"conclusions\">");
        }
        finally
        {
            Environment.SetEnvironmentVariable("POLICYDSL_DOT", previous);
        }
    }

    /// <summary>Issue 23's reproducer: a dot that ends without reading its input (a broken pipe), or answers with something that is not SVG.</summary>
    [Theory]
    [InlineData("/bin/true")]
    [InlineData("/bin/cat")]
    [InlineData("/bin/false")]
    [Raises("PD0072")]
    public void A_dot_that_fails_is_a_coded_warning_and_the_report_is_still_written(string program)
    {
        var previous = Environment.GetEnvironmentVariable("POLICYDSL_DOT");
        Environment.SetEnvironmentVariable("POLICYDSL_DOT", program);
        try
        {
            var (exit, html, error) = CliRunner.Run("report", "samples/003-enlist-xi.policy", "-o", "-");
            exit.Should().Be(0, error);
            error.Should().Contain("warning PD0072: drawing the maps: Graphviz's dot (" + program + ")");
            html.Should().Contain("so the map is not drawn").And.Contain("<table class=\"conclusions\">").And.NotContain("digraph", "what a false dot answers never goes into the page");

            var map = CliRunner.Run("map", "samples/003-enlist-xi.policy", "--format", "svg");
            map.Exit.Should().Be(1);
            map.Error.Should().Contain("error PD0072: map --format svg: Graphviz's dot (" + program + ")");
            map.Output.Should().BeEmpty();
        }
        finally
        {
            Environment.SetEnvironmentVariable("POLICYDSL_DOT", previous);
        }
    }

    [GeneratedRegex(@"https?://[^""'\s)<>]+")]
    private static partial Regex AddressPattern();
}

/// <summary>Tests that run Graphviz, or hide it by setting POLICYDSL_DOT, run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class GraphvizTests
{
    public const string Name = "graphviz";
}
