using FluentAssertions;
using PolicyDsl.Evaluator.Analysis;
using PolicyDsl.Testing;
using Xunit;

namespace PolicyDsl.Cli.Tests;

/// <summary>What conclusions rest on, as an analyst asks it: support, retract, critical, --without, contested results.</summary>
public sealed class SupportCommandTests
{
    /// <summary>The issue's file: q follows only from p, which is in conflict where a holds.</summary>
    private const string Contested = "fact t\nassume a\nrule pro: if t then p\nrule con: if a then not p\nrule follow: if p then q\n" +
        "expect conflict on p in some scenario\nexpect q in all scenarios\nscenario \"a holds\" {\n  fact a\n}\n";

    [Fact]
    public void A_conclusion_resting_on_a_conflict_fails_in_all_scenarios_and_is_marked_contested()
    {
        using var folder = TestPaths.CreateTempFolder();
        folder.Write(".policydsl-root", string.Empty);
        var file = folder.Write("contested.policy", Contested);

        var (exit, output, _) = CliRunner.Run("check", file);
        exit.Should().Be(1);
        output.Should().Contain("PD0051: expected q in all scenarios, but it holds in 1 of 2 scenarios").And.Contain("it rests on the conflict on p");

        var (_, eval, _) = CliRunner.Run("eval", file);
        eval.Should().MatchRegex(@"scenario ""a holds"":\n  p  conflict\n  q  true, contested");

        var (whyExit, why, _) = CliRunner.Run("why", file, "p", "--scenario", "a holds");
        whyExit.Should().Be(1, "a conflicted atom is not established");
        why.Should().Contain("IN CONFLICT").And.Contain("but also not p");

        var (qExit, q, _) = CliRunner.Run("why", file, "q", "--scenario", "a holds");
        qExit.Should().Be(1);
        q.Should().StartWith("context: in scenario \"a holds\"\nq  [CONTESTED", "the answer says the scenario it was asked in");
    }

    [Fact]
    public void Eval_shows_leverage_over_Russia_resting_on_004_as_well_as_003()
    {
        var (exit, output, _) = CliRunner.Run("eval", "samples/debate.policy");
        exit.Should().Be(0);
        output.Should().MatchRegex(@"\n  leverage\(China, Russia\) +true +per enlist#c2  \(2 supports: rests on enlist or fulcrum; corroborated by backfire, ununite\)  \[can also rest on 1 analyst judgment: rule fulcrum_leverage\]\n",
            "004's energy premise is also stated by 001 and 002, which corroborate it without being alternatives");

        var (_, support, _) = CliRunner.Run("support", "samples/debate.policy", "leverage(China, Russia)");
        support.Should().Contain("2 minimal supports").And.Contain("per enlist#c2").And.Contain("per fulcrum#f1").And.Contain("per fulcrum#c4");
    }

    [Fact]
    public void Critical_names_chinas_need_for_capital()
    {
        var (exit, output, _) = CliRunner.Run("critical", "samples/003-enlist-xi.policy", "capital leverage(US, China)");
        exit.Should().Be(0);
        var critical = output[..output.IndexOf("withdrawn together", StringComparison.Ordinal)];
        critical.Should().Contain("needs_capital(China)");
        output.Should().MatchRegex(@"its negation breaks it[^\n]*\n  needs_capital\(China\)");
    }

    /// <summary>A negated claim's state is the claim's: 'not split' holds where split is false, and says so.</summary>
    [Fact]
    public void A_negated_claim_is_said_to_be_true_where_its_atom_is_false()
    {
        CliRunner.Run("critical", "samples/debate.policy", "not split(Russia, China)").Output.Should().StartWith("not split(Russia, China) is true\n");
        CliRunner.Run("support", "samples/debate.policy", "not split(Russia, China)", "--format", "json").Output.Should().Contain("\"state\": \"true\"");
    }

    /// <summary>
    /// Retracting 003 (its source, enlist) from the debate lists exactly what a copy of the debate whose 003 states
    /// none of its premises no longer derives; what both derive and rested on 003 keeps a support.
    /// </summary>
    [Fact]
    public void Retract_lists_exactly_what_the_debate_without_003s_premises_no_longer_derives()
    {
        using var folder = TestPaths.CreateTempFolder();
        folder.Write(".policydsl-root", string.Empty);
        foreach (var sub in new[] { "samples", "seeds" })
        {
            foreach (var source in Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, sub)))
            {
                var text = File.ReadAllText(source);
                if (Path.GetFileName(source) == "003-enlist-xi.policy")
                {
                    // Each premise citing 003 becomes a rule that never fires ("if 1 > 2 then ..."): the base no longer
                    // states it, and its relation is still concluded somewhere (a relation stated nowhere is PD0020,
                    // which is why deleting the lines outright cannot be compared, and why withdrawal exists).
                    text = string.Join('\n', text.Split('\n').Select(l => l.StartsWith("fact ", StringComparison.Ordinal) && l.Contains("per enlist", StringComparison.Ordinal)
                        ? "if 1 > 2 then " + l[5..l.IndexOf(" per enlist", StringComparison.Ordinal)].Trim() + " per analyst \"withdrawn for the comparison\""
                        : l));
                }

                folder.Write(Path.Combine(sub, Path.GetFileName(source)), text);
            }
        }

        var original = Derived(ArgumentAnalysis.Load("samples/debate.policy"));
        var copy = Derived(ArgumentAnalysis.Load(Path.Combine(folder.Path, "samples", "debate.policy")));
        var noLongerDerived = original.Where(o => copy.GetValueOrDefault(o.Key) != o.Value).Select(o => o.Key).Order(StringComparer.Ordinal).ToList();
        noLongerDerived.Should().NotBeEmpty();

        var answer = ArgumentAnalysis.Load("samples/debate.policy").Retract(["enlist"]);
        answer.Lost.Concat(answer.Changed).Select(r => r.Atom.Display).Order(StringComparer.Ordinal).Should().Equal(noLongerDerived);
        answer.Kept.Should().OnlyContain(r => copy.GetValueOrDefault(r.Atom.Display) == r.After && r.Remaining.Count > 0 && r.Remaining.All(support => support.Sources.All(s => s != "enlist")));
        answer.Kept.Select(r => r.Atom.Display).Should().Contain("leverage(China, Russia)");

        var (exit, output, _) = CliRunner.Run("retract", "samples/debate.policy", "enlist");
        exit.Should().Be(0);
        foreach (var atom in noLongerDerived)
        {
            output.Should().Contain($"\n  {atom}  ");
        }
    }

    /// <summary>The conclusions an evaluation derives (known state), by atom as reports print them.</summary>
    private static Dictionary<string, string> Derived(ArgumentAnalysis analysis) =>
        analysis.Conclusions().Where(r => r.State != "unknown").ToDictionary(r => r.Atom.Display, r => r.State, StringComparer.Ordinal);

    [Fact]
    public void Without_withdraws_a_source_a_claim_or_a_premise_on_every_verb_and_refuses_a_name_that_withdraws_nothing()
    {
        var (_, withSource, _) = CliRunner.Run("eval", "samples/debate.policy", "--without", "enlist");
        withSource.Should().NotMatchRegex(@"\n  capital_leverage\(US, China\) +true").And.MatchRegex(@"\n  leverage\(China, Russia\) +true +per fulcrum#f1, fulcrum#c4, ununite#c5, backfire#c2  \(1 support: needs fulcrum; corroborated by backfire, ununite\)  \[rests on 1 analyst judgment: rule fulcrum_leverage\]\n");

        var (_, withClaim, _) = CliRunner.Run("eval", "samples/003-enlist-xi.policy", "--without", "enlist#c3");
        withClaim.Should().NotMatchRegex(@"\n  capital_leverage\(US, China\) +true").And.MatchRegex(@"\n  flexible\(China\) +true");

        var (whyExit, why, _) = CliRunner.Run("why-not", "samples/003-enlist-xi.policy", "capital leverage(US, China)", "--without", "needs capital(China)");
        whyExit.Should().Be(0);
        why.Should().Contain("needs_capital(China) is not true (it is unknown)");

        var (testExit, test, _) = CliRunner.Run("test", "samples/003-enlist-xi.policy", "--without", "enlist#c3");
        testExit.Should().Be(1, "expectations that rest on China's need for capital fail without it");
        test.Should().Contain("FAIL");

        var (badExit, _, bad) = CliRunner.Run("eval", "samples/003-enlist-xi.policy", "--without", "enlist#c99");
        badExit.Should().Be(2);
        bad.Should().Contain("names no premise or rule").And.Contain("no premise or rule cites enlist#c99");

        var (conclusionExit, _, conclusion) = CliRunner.Run("eval", "samples/003-enlist-xi.policy", "--without", "flexible(China)");
        conclusionExit.Should().Be(2);
        conclusion.Should().Contain("a conclusion cannot be withdrawn");
    }

    /// <summary>Issue 26, item 4: withdrawing a text takes its rules; 'analyst' and 'rule NAME' withdraw reasoning; every report says which rules went.</summary>
    [Fact]
    public void Without_takes_a_texts_rules_and_analyst_and_rule_NAME_withdraw_reasoning()
    {
        var (exit, text, _) = CliRunner.Run("retract", "samples/debate.policy", "analyst");
        exit.Should().Be(0, text);
        text.Should().StartWith("withdrawn: analyst (every judgment cited per analyst): 0 premises of the evaluation and 12 rules\n  rule nodeal_escalation  per analyst ")
            .And.Contain("lose every support (14):\n  escalation_threatened(US, China)  was true, now unknown")
            .And.Contain("  capital_leverage(US, China)  was true, now unknown")
            .And.Contain("  leverage(China, Russia)  still true, resting on leverage(China, Russia) (enlist#c2)", "a conclusion whose rule went may still be stated");

        var (_, enlist, _) = CliRunner.Run("retract", "samples/debate.policy", "enlist", "--format", "json");
        var root = System.Text.Json.JsonDocument.Parse(enlist).RootElement;
        root.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("rule").GetString()).Should().Equal("enlist_flexible", "enlist_xi", "enlist_diversion", "enlist_worth_trying");

        var (evalExit, eval, _) = CliRunner.Run("eval", "samples/debate.policy", "--without", "rule enlist_capital", "--format", "json");
        evalExit.Should().NotBe(2, "the withdrawal resolves (eval exits 1 when the argument's checks fail without the rule)");
        var withdrawn = System.Text.Json.JsonDocument.Parse(eval).RootElement.GetProperty("context").GetProperty("withdrawn").EnumerateArray().Single();
        (withdrawn.GetProperty("kind").GetString(), withdrawn.GetProperty("statements").GetInt32(), withdrawn.GetProperty("rules").EnumerateArray().Single().GetString())
            .Should().Be(("rule", 0, "enlist_capital"));

        CliRunner.Run("eval", "samples/debate.policy", "--without", "enlist").Output.Should().Contain("context: without source enlist (9 statements; 4 rules: enlist_flexible, enlist_xi, enlist_diversion, enlist_worth_trying)");
        var (badExit, _, bad) = CliRunner.Run("eval", "samples/debate.policy", "--without", "rule enlist_capitol");
        badExit.Should().Be(2);
        bad.Should().Contain("no rule is named 'enlist_capitol'; did you mean 'rule enlist_capital'?");
    }

    [Fact]
    public void Support_json_lists_each_support_with_its_premises_and_citations()
    {
        var (exit, output, _) = CliRunner.Run("support", "samples/debate.policy", "leverage(China, Russia)", "--format", "json");
        exit.Should().Be(0);
        var document = System.Text.Json.JsonDocument.Parse(output).RootElement;
        var supports = document.GetProperty("planes")[0].GetProperty("supports");
        supports.GetArrayLength().Should().Be(2);
        supports[0].GetProperty("premises").GetArrayLength().Should().Be(1, "smallest first");
        supports[0].GetProperty("premises")[0].GetProperty("citation").GetProperty("source").GetString().Should().Be("enlist");
        supports[1].GetProperty("sources").EnumerateArray().Select(s => s.GetString()).Should().Equal("fulcrum", "ununite", "backfire");
    }
}
