using FluentAssertions;
using PolicyDsl.Repl.Interactive;
using PolicyDsl.Testing;
using Xunit;

namespace PolicyDsl.Cli.Tests;

/// <summary>
/// Every name a verb, the REPL or watch mode is given gets the same "did you mean" (NameSuggester): sources,
/// claims, premises, scenarios and relations, and 'no X' read as 'not X'.
/// </summary>
public class SuggestionTests
{
    private const string Enlist = "samples/003-enlist-xi.policy";
    private const string Debate = "samples/debate.policy";

    [Fact]
    public void A_misspelt_source_is_suggested_by_retract_and_without()
    {
        var retract = CliRunner.Run("retract", Enlist, "enlsit");
        retract.Exit.Should().Be(2);
        (retract.Output + retract.Error).Should().Contain("did you mean 'enlist'?").And.NotContain("state it (fact enlsit");

        var check = CliRunner.Run("check", Enlist, "samples/000-no-deal-left.policy", "--without", "enlsit");
        (check.Output + check.Error).Should().Contain("--without enlsit withdraws nothing from the files checked; did you mean 'enlist'?");

        var claim = CliRunner.Run("retract", Enlist, "enlist#c33");
        (claim.Output + claim.Error).Should().Contain("did you mean enlist#c3?");
    }

    [Fact]
    public void No_before_a_relation_suggests_not()
    {
        var why = CliRunner.Run("why", Debate, "no deal(US, Russia)");
        why.Exit.Should().Be(2);
        (why.Output + why.Error).Should().Contain("did you mean 'not deal'? (a claim is negated with 'not')");
        ReplSession.Run(":why no deal(US, Russia)", [Debate]).Should().Contain("did you mean 'not deal'?");
    }

    [Fact]
    public void A_misspelt_scenario_is_suggested()
    {
        var eval = CliRunner.Run("eval", Debate, "--scenario", "Beijing values its alignment with Moscow mor");
        eval.Exit.Should().Be(2);
        (eval.Output + eval.Error).Should().Contain("did you mean \"Beijing values its alignment with Moscow more\"?");
        ReplSession.Run(":scenarios Beijing values its alignment with Moscow mor", [Debate]).Should().Contain("did you mean \"Beijing values its alignment with Moscow more\"?");
    }

    [Fact]
    public void The_REPL_suggests_sources_to_withdraw()
    {
        ReplSession.Run(":without enlsit", [Enlist]).Should().Contain("did you mean 'enlist'?");
    }

    [Fact]
    public void A_misspelt_premise_is_pointed_at_from_the_use_that_is_right()
    {
        // As in watch mode, when the premise was just edited: the message names where the suggested name is, so the
        // fix can be made there.
        using var folder = new TempFolder();
        folder.Write(".policydsl-root", string.Empty);
        var file = folder.Write("a.policy", "type actor = US\nfact pirce(US) = 1\nrule r: if price(US) > 0 then big\n");
        var check = CliRunner.Run("check", file);
        check.Output.Should().Contain("'price' is never stated as a premise, assumed or concluded by a rule; did you mean 'pirce'? (or, if the misspelling is 'pirce' at ")
            .And.Contain("a.policy:2:6, correct it there)");
    }
}
