using FluentAssertions;
using PolicyDsl.Evaluator.Analysis;
using PolicyDsl.Evaluator.Engine;
using PolicyDsl.Evaluator.Supports;
using PolicyDsl.Evaluator.Tests.Engine;
using PolicyDsl.Testing;
using Xunit;

namespace PolicyDsl.Evaluator.Tests.Supports;

/// <summary>What the support computation leaves out is always said, with a code: never a silent cut.</summary>
public sealed class SupportLimitTests
{
    [Fact]
    [Raises("PD0065")]
    public void More_minimal_supports_than_are_listed_are_marked_and_reported()
    {
        var premises = Enumerable.Range(1, 70).Select(i => $"a{i}").ToList();
        var text = string.Concat(premises.Select(p => $"fact {p}\n")) + $"rule any: if {string.Join(" or ", premises)} then q\n";
        var evaluation = EngineTests.Check(text).Base!;
        var supports = SupportAnalysis.Compute(evaluation);
        var q = Plane.True(evaluation.Program.AtomNamed("q")!.Value);
        var found = supports.Of(q);
        found.Supports.Should().HaveCount(SupportAnalysis.MaxSupports);
        found.Truncated.Should().BeTrue();
        found.Supports.Should().OnlyContain(s => s.Premises.Count == 1);

        var rows = ConclusionTable.Of(evaluation, supports);
        rows.Single().SupportsCut.Should().BeTrue();
        SupportDiagnostics.Of(supports, rows, null).Should().ContainSingle(d => d.Code == "PD0065" && d.Message.Contains("more than 64 minimal supports"));
    }

    [Fact]
    [Raises("PD0066")]
    public void Supports_past_the_node_limit_are_not_computed_and_say_so()
    {
        var evaluation = EngineTests.Check("fact a\nfact b\nfact c\nrule r: if a and b and c then q\n").Base!;
        var supports = SupportAnalysis.Compute(evaluation, nodeLimit: 4);
        supports.NotComputed.Should().Contain("more than 4 decision-diagram nodes");
        var rows = ConclusionTable.Of(evaluation, supports);
        rows.Single().Supports.Should().BeNull("nothing is claimed about supports that were not computed");
        SupportDiagnostics.Of(supports, rows, null).Should().ContainSingle(d => d.Code == "PD0066");
        SupportAnalysis.Compute(evaluation).Of(Plane.True(evaluation.Program.AtomNamed("q")!.Value)).Supports.Should().ContainSingle(s => s.Premises.Count == 3);
    }
}
