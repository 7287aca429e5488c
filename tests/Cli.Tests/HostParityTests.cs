using System.Text.RegularExpressions;
using FluentAssertions;
using PolicyDsl.Repl.Interactive;
using Xunit;

namespace PolicyDsl.Cli.Tests;

/// <summary>
/// The verbs and the REPL ask the same analysis, so the same question gets the same answer from both: each case is
/// asked once on the command line and once in a REPL session with the sample loaded, and the answers (normalised
/// only where the two hosts lay out the same facts differently) must agree.
/// </summary>
public partial class HostParityTests
{
    private const string NoDeal = "samples/000-no-deal-left.policy";
    private const string Ununite = "samples/001-cannot-un-unite.policy";
    private const string Backfire = "samples/002-split-will-backfire.policy";
    private const string Enlist = "samples/003-enlist-xi.policy";
    private const string Fulcrum = "samples/004-beijing-fulcrum.policy";
    private const string Debate = "samples/debate.policy";

    public static TheoryData<string, string, string> Questions() => new()
    {
        { NoDeal, "why", "only_sticks_left(US)" },
        { NoDeal, "why", "not deal(US, China)" },
        { NoDeal, "why", "price(Russia)" },
        { NoDeal, "why-not", "price(Russia)" },
        { NoDeal, "why-not", "deal(US, China)" },
        { NoDeal, "why-not", "price(Russia) = low" },
        { NoDeal, "why", "dael(US, Russia)" },
        { NoDeal, "query", "deal(US, Russia)" },
        { Debate, "query", "deal(US, China)" },
        { NoDeal, "whatif", "offer(US, China) = vital" },
        { Ununite, "why", "aligned(Russia, China)" },
        { Ununite, "why-not", "split(Russia, China)" },
        { Ununite, "query", "pivot_viable(US, Russia)" },
        { Backfire, "why", "room_on(China, Taiwan)" },
        { Backfire, "whatif", "not main partner(China, Russia)" },
        { Enlist, "why", "worth_trying(US, China)" },
        { Enlist, "why-not", "deal(US, China)" },
        { Enlist, "query", "capital_leverage(US, China)" },
        { Fulcrum, "why", "leverage(China, Russia)" },
        { Fulcrum, "why-not", "presses(China, Russia)" },
        { Debate, "why", "leverage(China, Russia)" },
        { Debate, "why-not", "deal(US, China)" },
        { Debate, "scenarios", string.Empty },
        { Debate, "flips", "deal(US, China)" },
        { Debate, "flips", string.Empty },
        { Debate, "whatif", "values_bargain_over_alignment(China)" },
        { Debate, "query", "tension_rises(US, Russia)" },
    };

    [Theory]
    [MemberData(nameof(Questions))]
    public void The_verbs_and_the_REPL_give_the_same_answer(string sample, string question, string claim)
    {
        Verb(sample, question, claim).Should().Be(Repl(sample, question, claim));
    }

    private static string Verb(string sample, string question, string claim)
    {
        switch (question)
        {
            case "query":
                // eval's row for the atom: its state ("true", "= low") is what the REPL's query answers.
                var (_, eval, _) = CliRunner.Run("eval", sample);
                var row = eval.Split('\n').First(l => l.TrimStart().StartsWith(claim + " ", StringComparison.Ordinal));
                var state = Regex.Split(row.Trim()[claim.Length..].Trim(), "  +")[0];
                return state.StartsWith("= ", StringComparison.Ordinal) ? state[2..] : state;
            case "whatif":
                var (_, whatIf, _) = CliRunner.Run("whatif", sample, "--set", claim);
                return Changes(whatIf);
            default:
                string[] args = question is "why" or "why-not" or "flips" && claim.Length > 0 ? [question, sample, claim] : [question, sample];
                var (_, output, error) = CliRunner.Run(args);
                return Codes(output + error) ?? output;
        }
    }

    private static string Repl(string sample, string question, string claim)
    {
        var input = question switch
        {
            "why" => ":why " + claim,
            "why-not" => ":whynot " + claim,
            "query" => "? " + claim,
            "whatif" => ":set " + claim,
            _ => (":" + question + " " + claim).TrimEnd(),
        };
        var transcript = ReplSession.Run(input, [sample]);
        var answer = transcript[(transcript.IndexOf('\n', transcript.IndexOf(ReplInput.Prompt, StringComparison.Ordinal)) + 1)..];
        return question switch
        {
            "query" => answer.TrimEnd('\n'),
            "whatif" => Changes(answer),
            _ => Codes(answer) ?? answer,
        };
    }

    /// <summary>The lines of a what-if's changes (each change and what it rests on), however the host introduces them.</summary>
    private static string Changes(string text) =>
        string.Join("\n", text.Split('\n').Where(l => ChangeLine().IsMatch(l)).Select(l => l.Trim()));

    [GeneratedRegex(@"^(  [^ ].* -> |    (now resting on|and on|can also rest on) )")]
    private static partial Regex ChangeLine();

    /// <summary>For an answer that is an error, the diagnostic codes it names (the hosts lay diagnostics out differently).</summary>
    private static string? Codes(string text) =>
        ErrorCode().Matches(text) is { Count: > 0 } codes ? string.Join(",", codes.Select(c => c.Groups[1].Value)) : null;

    [GeneratedRegex(@"error:? (PD\d{4})")]
    private static partial Regex ErrorCode();
}

/// <summary>
/// Issue 24: every question of the table is asked as a verb and as a REPL command, in the base and within a named
/// scenario, and must get the same text; the README's REPL section lists each command with its options.
/// </summary>
public sealed class QuestionTableTests
{
    private const string Debate = "samples/debate.policy";
    private const string Alignment = "Beijing values its alignment with Moscow more";

    public static TheoryData<string, bool> Asked()
    {
        var data = new TheoryData<string, bool>();
        foreach (var question in PolicyDsl.Repl.Hosting.Questions.All)
        {
            data.Add(question.Verb, false);
            if (question.TakesScenario)
            {
                data.Add(question.Verb, true);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Asked))]
    public void A_question_of_the_table_gets_the_same_answer_from_the_verb_and_the_REPL(string verb, bool inScenario)
    {
        var question = PolicyDsl.Repl.Hosting.Questions.All.Single(q => q.Verb == verb);
        var arguments = question.Example.Split("; ", StringSplitOptions.RemoveEmptyEntries);
        string[] args = [verb, Debate, .. arguments, .. inScenario ? (string[])["--scenario", Alignment] : []];
        var (_, asVerb, error) = CliRunner.Run(args);
        error.Should().BeEmpty();
        asVerb.Should().NotBeEmpty();

        var transcript = ReplSession.Run($"{question.ReplCommand} {question.Example}{(inScenario ? $" --scenario \"{Alignment}\"" : string.Empty)}", [Debate]);
        var asRepl = transcript[(transcript.IndexOf('\n', transcript.IndexOf(ReplInput.Prompt, StringComparison.Ordinal)) + 1)..];
        asRepl.Should().Be(asVerb);
        if (inScenario)
        {
            asVerb.Should().StartWith($"context: in scenario \"{Alignment}\"\n");
        }
    }

    [Fact]
    public void The_README_lists_each_question_with_its_options()
    {
        var readme = File.ReadAllText(Path.Combine(PolicyDsl.Testing.TestPaths.RepoRoot, "README.md")).Replace("\n", " ", StringComparison.Ordinal);
        foreach (var question in PolicyDsl.Repl.Hosting.Questions.All)
        {
            readme.Should().Contain($"`{question.ReplUsage}`", "the REPL section lists the commands from the table");
        }
    }
}

/// <summary>How a REPL command's rest of line reads as a question's arguments and options.</summary>
public sealed class ReplQuestionLineTests
{
    [Theory]
    [InlineData("deal(US, China)", "deal(US, China)", null, false)]
    [InlineData("deal(US, China) --all", "deal(US, China)", null, true)]
    [InlineData("deal(US, China) --scenario \"a b\"", "deal(US, China)", "a b", false)]
    [InlineData("deal(US, China) --scenario a b --all", "deal(US, China)", "a b", true)]
    [InlineData("deal(US, China) --all --scenario \"a b\"", "deal(US, China)", "a b", true)]
    public void Why_reads_its_atom_and_options_in_either_order(string line, string atom, string? scenario, bool all)
    {
        var why = PolicyDsl.Repl.Hosting.Questions.All.Single(q => q.Verb == "why");
        var (arguments, readScenario, readAll) = PolicyDsl.Repl.Hosting.Questions.ParseRepl(why, line);
        arguments.Should().Equal(atom);
        readScenario.Should().Be(scenario);
        readAll.Should().Be(all);
    }

    [Fact]
    public void Several_claims_are_separated_by_semicolons()
    {
        var matrix = PolicyDsl.Repl.Hosting.Questions.All.Single(q => q.Verb == "matrix");
        PolicyDsl.Repl.Hosting.Questions.ParseRepl(matrix, "a; not b --scenario s").Arguments.Should().Equal("a", "not b");
    }
}
