using FluentAssertions;
using PolicyDsl.Testing;
using Xunit;

namespace PolicyDsl.Cli.Tests;

/// <summary>The map: DOT that Graphviz renders, JSON of the same graph, the same bytes for the same input.</summary>
[Collection(GraphvizTests.Name)]
public sealed class MapTests
{
    private const string Values = "Beijing values the bargain more than its alignment with Moscow";

    [Fact]
    public void The_debate_maps_to_dot_with_states_citations_and_conflicts_and_the_same_bytes_each_time()
    {
        var (exit, dot, _) = CliRunner.Run("map", "samples/debate.policy", "--scenario", Values);
        exit.Should().Be(0);
        dot.Should().StartWith("digraph argument {\n").And.Contain("subgraph cluster_open").And.Contain("label=\"open premises\"")
            .And.Contain("label=\"in conflict\"", "the two rules that derive deal(US, Russia) both ways are marked")
            .And.Contain("label=\"overrides\"").And.Contain("per analyst").And.Contain("[conflict]").And.Contain("[contested")
            .And.Contain("label=\"not\"");
        CliRunner.Run("map", "samples/debate.policy", "--scenario", Values).Output.Should().Be(dot, "the same input gives the same bytes");

        var (svgExit, svg, error) = CliRunner.Run("map", "samples/debate.policy", "--format", "svg");
        svgExit.Should().Be(0, error);
        svg.Should().Contain("<svg").And.Contain("values_bargain_over_alignment(China)");
    }

    [Fact]
    [Raises("PD0069")]
    public void Svg_without_graphviz_says_how_to_install_it_and_output_files_are_written_whole()
    {
        using var folder = TestPaths.CreateTempFolder();
        var target = Path.Combine(folder.Path, "map.dot");
        CliRunner.Run("map", "samples/003-enlist-xi.policy", "-o", target).Exit.Should().Be(0);
        File.ReadAllText(target).Should().StartWith("digraph argument {");
        Directory.GetFiles(folder.Path).Should().ContainSingle("no temporary file is left beside it");

        var previous = Environment.GetEnvironmentVariable("POLICYDSL_DOT");
        Environment.SetEnvironmentVariable("POLICYDSL_DOT", Path.Combine(folder.Path, "no-such-dot"));
        try
        {
            var (exit, _, error) = CliRunner.Run("map", "samples/003-enlist-xi.policy", "--format", "svg");
            exit.Should().Be(2);
            error.Should().Contain("error PD0069: map --format svg needs Graphviz's dot").And.Contain("apt-get install graphviz");
        }
        finally
        {
            Environment.SetEnvironmentVariable("POLICYDSL_DOT", previous);
        }
    }

    /// <summary>Found by the fuzz oracle: an expectation naming an instance nothing states or concludes has nothing to draw an edge from.</summary>
    [Fact]
    public void An_expectation_on_an_atom_nothing_derives_is_drawn_without_an_edge()
    {
        using var folder = TestPaths.CreateTempFolder();
        folder.Write(".policydsl-root", string.Empty);
        var file = folder.Write("m.policy", "type actor = US | China\nfact p(US)\nrule r(x: actor): if p(x) then q(x)\nexpect q(China)\nnever q(China) and p(China)\n");
        var (exit, dot, error) = CliRunner.Run("map", file);
        exit.Should().Be(0, error);
        dot.Should().Contain("q(China)").And.Contain("[fail]");
        CliRunner.Run("map", file, "--format", "json").Exit.Should().Be(0);
    }

    [Fact]
    public void The_repl_writes_the_sessions_map_with_its_what_ifs_by_the_files_extension()
    {
        using var folder = TestPaths.CreateTempFolder();
        var svg = Path.Combine(folder.Path, "map.svg");
        var dot = Path.Combine(folder.Path, "session.dot");
        var json = Path.Combine(folder.Path, "session.json");
        var output = Repl.Interactive.ReplSession.Run($":map {svg}\n:set offer(US, China) = high\n:map {dot}\n:map {json}\n:map {Path.Combine(folder.Path, "map.png")}\n:map {Path.Combine(folder.Path, "no", "such", "map.dot")}\n", ["samples/000-no-deal-left.policy"]);
        output.Should().Contain($"wrote {svg}: the map of No Deal Left").And.Contain("nodes and");
        File.ReadAllText(svg).Should().Contain("<svg").And.Contain("deal(US, China)");
        output.Should().Contain($"wrote {dot}: the map of No Deal Left (what if offer(US, China) = high)");
        File.ReadAllText(dot).Should().StartWith("digraph argument {").And.Contain("(what if offer(US, China) = high)").And.Contain("offer(US, China)\\n[= high]");
        File.ReadAllText(json).Should().StartWith("{");
        output.Should().Contain("error: cannot tell the format of").And.Contain("name a .svg, .dot or .json file")
            .And.Contain("does not exist; name a file in an existing folder");
        Directory.GetFiles(folder.Path).Should().HaveCount(3, "nothing else is written, no temporary file left");
    }

    /// <summary>The README shows docs/debate-map.svg; it must be what docs/regen-map.sh draws from the debate today.</summary>
    [Fact]
    public void The_readmes_picture_of_the_debates_map_is_current()
    {
        var (exit, svg, error) = CliRunner.Run("map", "samples/debate.policy", "--format", "svg");
        exit.Should().Be(0, error);
        File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "docs", "debate-map.svg")).Should().Be(svg, "run docs/regen-map.sh after changing the debate");
        File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "README.md")).Should().Contain("![The debate's map](docs/debate-map.svg)");
    }
}
