using FluentAssertions;
using PolicyDsl.Testing;
using Xunit;

namespace PolicyDsl.Cli.Tests;

/// <summary>The map: DOT that Graphviz renders, JSON of the same graph, the same bytes for the same input.</summary>
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
}
