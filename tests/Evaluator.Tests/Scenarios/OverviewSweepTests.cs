using System.Text;
using FluentAssertions;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Evaluator.Analysis;
using PolicyDsl.Evaluator.Reports;
using PolicyDsl.Testing;
using Xunit;

namespace PolicyDsl.Evaluator.Tests.Scenarios;

/// <summary>
/// The report's sweep is one nobody sized (issue 23): it covers every scenario of a small argument, and in a large one
/// draws only as many as <see cref="ArgumentAnalysis.OverviewSweepWork"/> allows, saying so, where before it drew
/// 2^20 whatever the size (over twenty minutes for 900,000 open premises).
/// </summary>
public sealed class OverviewSweepTests
{
    /// <summary>A smaller bound than the report's, so the test does a few blocks' work, not the report's seconds.</summary>
    private const long SweepWork = 1L << 22;

    private static ArgumentOverview OverviewOf(string text) =>
        ArgumentAnalysis.Of(Workspace.FromText(Path.Combine(TestPaths.RepoRoot, "t.policy"), text)).Overview(SweepWork, default);

    [Fact]
    public void A_small_argument_is_swept_whole()
    {
        var overview = ArgumentAnalysis.Of(Workspace.FromText(Path.Combine(TestPaths.RepoRoot, "t.policy"), "assume a\nassume b\nrule r: if a and b then c\n")).Overview();

        overview.Sweep!.IsSampled.Should().BeFalse();
        overview.Sweep.Scenarios.Should().Be(4);
        overview.Notes.Should().NotContain(n => n.Topic == "scenarios");
    }

    [Fact]
    public void A_large_argument_is_sampled_within_the_work_bound_and_the_note_says_fewer_were_drawn()
    {
        const int open = 2000;
        var text = new StringBuilder();
        for (var i = 0; i < open; i++)
        {
            text.Append("assume p").Append(i).Append('\n');
        }

        text.Append("rule r: if p0 and p1 then q\n");
        var overview = OverviewOf(text.ToString());

        var sweep = overview.Sweep!;
        sweep.IsSampled.Should().BeTrue();
        var drawn = sweep.Scenarios + sweep.Excluded;
        drawn.Should().BeLessThan(1L << ArgumentAnalysis.OverviewSweepBits).And.BeGreaterThan(0);
        (drawn / 256 * sweep.Plan.BlockWork(sampled: true)).Should().BeLessThanOrEqualTo(SweepWork);
        overview.Notes.Should().ContainSingle(n => n.Topic == "scenarios").Which.Text.Should()
            .Contain(FormattableString.Invariant($"sampled: {drawn:N0} of 2^{open}")).And.Contain("fewer drawn for an argument this large");

        // The page counts what was drawn, not what there is, and names the first open premises, not two thousand.
        var page = HtmlReport.Write([new ReportedArgument("t.policy", overview, null, "not drawn here")], "0.0.0");
        page.Should().Contain(FormattableString.Invariant($"scenarios: {drawn:N0} drawn at random")).And.NotContain(" possible")
            .And.Contain(FormattableString.Invariant($"p49 and {open - 50:N0} more open; {drawn:N0} scenarios drawn")).And.NotContain("p50,");
    }
}
