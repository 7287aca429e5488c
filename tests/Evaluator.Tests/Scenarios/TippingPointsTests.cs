using FluentAssertions;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Evaluator.Engine;
using PolicyDsl.Evaluator.Grounding;
using PolicyDsl.Evaluator.Scenarios;
using PolicyDsl.Testing;
using Xunit;

namespace PolicyDsl.Evaluator.Tests.Scenarios;

public class TippingPointsTests
{
    private static (ScenarioSpace Space, ClaimFlips Flips) Find(string text, string claim)
    {
        var model = Analyzer.Analyze(Workspace.FromText(Path.Combine(TestPaths.RepoRoot, "t.policy"), text));
        model.HasErrors.Should().BeFalse();
        var program = Grounder.Ground(model);
        var premises = PremiseSet.Base(program);
        var flips = TippingPoints.Find(program, premises, [(claim, new GroundTruth(program.AtomNamed(claim)!.Value))]).Single();
        return (new ScenarioSpace(program, premises), flips);
    }

    private static List<string> Sets(ScenarioSpace space, ClaimFlips flips, Outcome outcome) =>
        [.. flips.Points.Single(p => p.Outcome == outcome).Sets.Select(s => TippingPoints.Describe(space, s))];

    [Fact]
    public void The_minimal_sets_that_settle_each_outcome_are_listed_smallest_first()
    {
        var (space, flips) = Find("assume a\nassume b\nassume c\nassume d\nrule r: if a and b then x\nrule s: if c then x\nrule t: if d then y\n", "x");
        flips.Scenarios.Should().Be(16);
        flips.TrueIn.Should().Be(10, "c (8), or a and b without c (2)");
        Sets(space, flips, Outcome.True).Should().Equal("c", "a, b");

        // Nothing derives 'not x': it is never false, and it is not true exactly when neither way holds.
        flips.Points.Should().NotContain(p => p.Outcome == Outcome.False);
        Sets(space, flips, Outcome.NotTrue).Should().Equal("not a, not c", "not b, not c");
    }

    [Fact]
    public void Listed_values_settle_by_value_and_an_unsettled_claim_says_so()
    {
        const string text = "scale level = low < mid < high\nassume offer in [low, mid, high]\nassume hawks\nfact price = mid\n" +
            "rule r: if offer >= price then deal\nrule s: if hawks then not deal\nrule t: if hawks then nothing\n";
        var (space, flips) = Find(text, "deal");
        flips.Scenarios.Should().Be(6);
        Sets(space, flips, Outcome.True).Should().Equal("offer = mid, not hawks", "offer = high, not hawks");
        Sets(space, flips, Outcome.False).Should().Equal("offer = low, hawks");
        flips.Points.Single(p => p.Outcome == Outcome.NotTrue).Sets.Select(s => TippingPoints.Describe(space, s)).Should().Equal("offer = low", "hawks");
    }

    [Fact]
    public void A_claim_the_same_in_every_scenario_is_settled_by_the_empty_set()
    {
        var (space, flips) = Find("assume a\nfact b\nrule r: if b then x\nrule s: if a then y\n", "x");
        Sets(space, flips, Outcome.True).Should().Equal("whatever the open premises");
        flips.Points.Should().ContainSingle();
    }
}
