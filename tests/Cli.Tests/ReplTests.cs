using FluentAssertions;
using PolicyDsl.Repl.Interactive;
using PolicyDsl.Testing;
using Xunit;

namespace PolicyDsl.Cli.Tests;

public class ReplTests
{
    private const string Sample = "samples/000-no-deal-left.policy";

    private static string Run(string script) => ReplSession.Run(script, [Sample]);

    /// <summary>The output printed for one input of a script (between its prompt and the next).</summary>
    private static string Answer(string script, int index = 0)
    {
        var blocks = Run(script).Split(ReplInput.Prompt);
        return blocks[index + 1][(blocks[index + 1].IndexOf('\n', StringComparison.Ordinal) + 1)..];
    }

    [Fact]
    public void Loading_reports_what_was_loaded()
    {
        Run(string.Empty).Should().Be("loaded samples/000-no-deal-left.policy: 19 premises, 0 open, 11 rules\n");
        ReplSession.Run(":load no/such.policy").Should().Contain("error PD0010: 'no/such.policy' does not exist");
    }

    [Fact]
    public void Help_lists_every_command()
    {
        var help = Answer(":help");
        foreach (var (name, _, _) in ReplSession.Commands)
        {
            help.Should().Contain(name);
        }
    }

    [Fact]
    public void Why_and_why_not()
    {
        Answer(":why not deal(US, Russia)").Should().StartWith("not deal(US, Russia)  [rule nodeal_bargain with x = Russia;")
            .And.Contain("price(Russia) = vital  [premise; per nodeal#c4");
        Answer(":whynot deal(US, China)").Should().StartWith("deal(US, China) is not true (it is false)");
        Answer(":why price(China)").Should().StartWith("price(China) = vital");
        Answer(":why dael(US, Russia)").Should().Contain("error: PD0020").And.Contain("did you mean 'deal'?");
        Answer(":why").Should().Be("error: this command needs an atom: :why leverage(China, Russia)\n");
    }

    [Fact]
    public void Listings_print_tables()
    {
        Answer(":facts").Should().Contain("Atom").And.Contain("price(Russia)").And.Contain("(19 rows)");
        Answer(":rules").Should().Contain("nodeal_bargain").And.Contain("(11 rows)");
        Answer(":sources").Should().Contain("nodeal").And.Contain("../seeds/000-no-deal-left.md");
        Answer(":conclusions").Should().Contain("only_sticks_left(US)").And.Contain("(12 rows)");
    }

    [Fact]
    public void What_if_flips_conclusions_and_unset_restores_them()
    {
        var set = Answer(":set offer(US, China) = vital");
        set.Should().Contain("3 conclusions differ").And.Contain("deal(US, China): false -> unknown").And.Contain("only_sticks_left(US): true -> unknown");
        var script = ":set offer(US, China) = vital\n? only_sticks_left(US)\n:unset offer(US, China)\n? only_sticks_left(US)\n:set\n";
        Answer(script, 1).Should().Be("unknown\n");
        Answer(script, 3).Should().Be("true\n");
        Answer(script, 4).Should().Be("no what-if premises\n");
        Answer(":set offer(US, Chine) = vital").Should().Contain("error: PD0021");
        Answer(":unset nothing").Should().Contain("error: 'nothing' is not set");
    }

    [Fact]
    public void Scenarios_and_flips_explore_the_session_and_follow_what_ifs()
    {
        var debate = Path.Combine(TestPaths.RepoRoot, "samples", "debate.policy");
        var script = ":scenarios\n:flips deal(US, China)\n:set China values bargain over alignment\n:flips\n:flips deal(US, Chine)\n";
        var output = ReplSession.Run(script, [debate]);
        output.Should().NotContain("PD0060", "the loaded file's own expectations acknowledge its conflict")
            .And.MatchRegex(@"deal\(US, China\) +some 2 +some 2 +none +none +none +values_bargain_over_alignment\(China\)")
            .And.Contain("deal(US, China): true in 2 of 4 scenarios, false in 2\n  true whenever     values_bargain_over_alignment(China)\n")
            .And.Contain("policydsl> :flips\ncontext: what if China values bargain over alignment\n37 claims are the same in every scenario", "after :set, the answer says the what-if it is asked under")
            .And.Contain("error: PD0021");
    }

    [Fact]
    public void Without_withdraws_premises_for_the_session_and_with_puts_them_back()
    {
        var debate = Path.Combine(TestPaths.RepoRoot, "samples", "debate.policy");
        var script = ":without enlist\n? capital leverage(US, China)\n:without\n:with enlist\n? capital leverage(US, China)\n" +
            ":critical capital leverage(US, China)\n:support leverage(China, Russia)\n" +
            "Conclusions.First(c => c.Atom == \"leverage(China, Russia)\").AlsoRestsOn.Count\n:with nodeal\n";
        var output = ReplSession.Run(script, [debate]);
        output.Should().Contain("lose every support (4):\n  capital_leverage(US, China)  was true, now unknown\n")
            .And.Contain("policydsl> ? capital leverage(US, China)\nunknown\n")
            .And.Contain("policydsl> :without\n  enlist\n")
            .And.Contain("enlist is back; withdrawn: nothing\npolicydsl> ? capital leverage(US, China)\ntrue\n")
            .And.MatchRegex(@"critical premises: [^\n]*\n(  [^\n]*\n)*  needs_capital\(China\)")
            .And.Contain("leverage(China, Russia): 2 minimal supports, smallest first")
            .And.Contain("policydsl> Conclusions.First(c => c.Atom == \"leverage(China, Russia)\").AlsoRestsOn.Count\n2\n")
            .And.Contain("error: 'nodeal' is not withdrawn; nothing is");
    }

    [Fact]
    public void Statements_are_added_checked_and_evaluated()
    {
        var script = "fact price(Ukraine) = low\nif price(Ukraine) = low then cheap(Ukraine)\n? cheap(Ukraine)\nfact bogus(Rusia)\nfact price(Russia = low\n";
        Answer(script, 0).Should().Be("added; no conclusion changed\n");
        Answer(script, 1).Should().Be("added; 1 conclusion changed:\n  cheap(Ukraine): unknown -> true\n");
        Answer(script, 2).Should().Be("true\n");
        Answer(script, 3).Should().Be("<input>(1,12): error PD0021: 'Rusia' is not a declared constant; did you mean 'Russia'?\nnot added: fix the statement and enter it again\n");
        Answer(script, 4).Should().StartWith("<input>(1,24): error PD0001: expected ',' or ')'");
    }

    [Fact]
    public void A_rule_may_span_lines()
    {
        var output = Run("rule r2:\n  if only_sticks_left(US)\n  then bleak\n? bleak\n");
        output.Should().Contain("policydsl> rule r2:\n       ...   if only_sticks_left(US)\n       ...   then bleak\nadded; 1 conclusion changed:\n  bleak: unknown -> true\n    now resting on nodeal#c10, nodeal#c9, nodeal#c4, nodeal#c3\n");
        output.Should().EndWith("? bleak\ntrue\n");
    }

    [Fact]
    public void Queries_bind_variables_over_their_type()
    {
        Answer("? tension_rises(US, x)").Should().Be("Bindings     Answer\n-----------  -------\nx = US       unknown\nx = Russia   true\nx = China    true\nx = Ukraine  unknown\nx = Taiwan   unknown\nx = India    unknown\nx = Europe   unknown\n(7 rows)\n", "every binding is shown, unknown ones included");
        Answer("? not deal(US, China)").Should().Be("true\n");
        Answer("? price(Russia)").Should().Be("vital\n");
        Answer("? deal(US,").Should().Contain("error: PD0001");
    }

    [Fact]
    public void CSharp_runs_over_the_model_and_keeps_its_state()
    {
        var script = "Facts.Where(f => f.Relation == \"price\").Select(f => f.ToString())\nvar n = Conclusions.Count(c => c.Truth == \"true\");\nn * 2\n" +
            "Eval(\"only_sticks_left(US)\")\nWhy(\"tension_rises(US, China)\")\nWhatIf(\"offer(US, Russia) = vital\").Count\nRules.Count\n";
        Answer(script, 0).Should().Be("value\n---------------------\nprice(Russia) = vital\nprice(China) = vital\n(2 rows)\n");
        Answer(script, 1).Should().BeEmpty();
        Answer(script, 2).Should().Be("20\n");
        Answer(script, 3).Should().Be("\"true\"\n");
        Answer(script, 4).Should().StartWith("tension_rises(US, China)  [rule nodeal_tension with x = China;");
        Answer(script, 5).Should().Be("4\n");
        Answer(script, 6).Should().Be("11\n");
    }

    [Fact]
    public void CSharp_what_if_answers_without_changing_the_session()
    {
        var script = "? deal(US, China)\nWhatIf(\"values_bargain_over_alignment(China)\").Count > 0\n? deal(US, China)\n:set\nfact deal(US, Chnia)\n:whynot deal(US, China)\n";
        var transcript = ReplSession.Run(script, ["samples/003-enlist-xi.policy"]);
        var answers = transcript.Split(ReplInput.Prompt).Skip(1).Select(b => b[(b.IndexOf('\n', StringComparison.Ordinal) + 1)..]).ToList();
        answers[0].Should().Be(answers[2], "C# asked a question; the session is as it was");
        answers[1].Should().Be("true\n");
        answers[3].Should().Be("no what-if premises\n");
        answers[4].Should().Contain("not added");
        answers[5].Should().NotContain("what-if");

        // A what-if the session did set stays through a refused statement, and nothing says it was dropped.
        var kept = ReplSession.Run(":set values_bargain_over_alignment(China)\nfact deal(US, Chnia)\n:set\n", ["samples/003-enlist-xi.policy"]);
        kept.Should().Contain("not added").And.NotContain("dropped", "a refused statement changes nothing, so it drops nothing");
        kept.Should().EndWith("policydsl> :set\n  values_bargain_over_alignment(China)\n");
    }

    /// <summary>
    /// Issue 23: Ctrl+C on a runaway C# loop stops the loop itself (it kept a core busy until :quit), and the session
    /// keeps its state. The loop counts in the process's data; the test waits until the count stands still.
    /// </summary>
    [Theory]
    [InlineData("while (true) { AppDomain.CurrentDomain.SetData(\"{0}\", (long)AppDomain.CurrentDomain.GetData(\"{0}\") + 1); }")]
    [InlineData("for (;;) AppDomain.CurrentDomain.SetData(\"{0}\", (long)AppDomain.CurrentDomain.GetData(\"{0}\") + 1);")]
    [InlineData("void Spin() { AppDomain.CurrentDomain.SetData(\"{0}\", (long)AppDomain.CurrentDomain.GetData(\"{0}\") + 1); Spin(); } Spin();")]
    [InlineData("again: AppDomain.CurrentDomain.SetData(\"{0}\", (long)AppDomain.CurrentDomain.GetData(\"{0}\") + 1); goto again;")]
    public async Task Control_C_stops_a_running_loop_and_the_session_keeps_its_state(string loop)
    {
        var key = "repl-loop-" + Guid.NewGuid().ToString("N");
        AppDomain.CurrentDomain.SetData(key, 0L);
        long Count() => (long)AppDomain.CurrentDomain.GetData(key)!;
        var output = new StringWriter { NewLine = "\n" };
        var session = new ReplSession(output);
        session.Execute("var kept = 41;");
        using var cancel = new CancellationTokenSource();
        var running = Task.Run(() => session.Execute(loop.Replace("{0}", key, StringComparison.Ordinal), cancel.Token));
        SpinWait.SpinUntil(() => Count() > 1000, TimeSpan.FromMinutes(2)).Should().BeTrue("the loop runs");
        cancel.Cancel();
        await running.WaitAsync(TimeSpan.FromMinutes(2)); // Ctrl+C returns to the prompt
        output.ToString().Should().Contain("cancelled");

        // The loop itself stops: its count stands still (waited for, not timed).
        var stopped = SpinWait.SpinUntil(() =>
        {
            var before = Count();
            Thread.Sleep(300);
            return Count() == before;
        }, TimeSpan.FromMinutes(2));
        stopped.Should().BeTrue("the loop stopped at its guard");
        session.Execute("kept + 1");
        output.ToString().Should().EndWith("42\n", "the session kept its state");
    }

    [Fact]
    public void Guards_keep_line_numbers_so_compiler_errors_point_where_the_user_typed()
    {
        LoopGuard.Insert("while (x)\n{\n  y++;\n}").Split('\n').Should().HaveCount(4);
        LoopGuard.Insert("int F(int n) { return n; }").Should().Contain("ReplCancellation.Check();");
        LoopGuard.Insert("not C# (").Should().Be("not C# (", "code that does not parse is reported as typed");
        Answer("while (true) { undefinedName++; }").Should().StartWith("<input>(1,");
    }

    [Fact]
    public void CSharp_errors_are_reported_in_one_line_and_the_session_goes_on()
    {
        var script = "undefinedThing + 1\nthrow new InvalidOperationException(\"boom\");\n:stack\n1 + 1\n";
        Answer(script, 0).Should().Be("<input>(1,1): error CS0103: The name 'undefinedThing' does not exist in the current context\n");
        Answer(script, 1).Should().Be("InvalidOperationException: boom (:stack shows where)\n");
        Answer(script, 2).Should().StartWith("System.InvalidOperationException: boom");
        Answer(script, 3).Should().Be("2\n");
    }

    [Fact]
    public void CSharp_blocks_may_span_lines()
    {
        Answer("int Twice(int x) {\n    return 2 * x;\n}\nTwice(21)\n", 1).Should().Be("42\n");
    }

    [Fact]
    public void Reset_forgets_statements_and_state_but_keeps_the_files()
    {
        var script = "fact extra\nvar kept = 1;\n:reset\n? extra\nkept\n:facts\n";
        Answer(script, 2).Should().Be("session reset\n");
        Answer(script, 3).Should().Contain("error: PD0020");
        Answer(script, 4).Should().Contain("error CS0103");
        Answer(script, 5).Should().Contain("(19 rows)");
    }

    [Fact]
    public void Only_quit_or_end_of_input_ends_the_session()
    {
        var junk = new[] { ":", "?", "}", "{", "((((", "\"open", ":frob", ":set", ":why (", "fact", "rule", "if then", "\u0001", "null!.ToString()", "System.Environment.Exit", "for(;;){break;}" };
        var session = new ReplSession(new StringWriter());
        foreach (var input in junk)
        {
            session.Execute(input);
            session.QuitRequested.Should().BeFalse(input);
        }

        session.Execute(":quit");
        session.QuitRequested.Should().BeTrue();
        Run(":quit\nfact never\n? never").Should().EndWith("policydsl> :quit\n");
    }

    [Fact]
    public void Unknown_commands_suggest_the_closest()
    {
        Answer(":wyh x").Should().Be("unknown command ':wyh'; did you mean ':why'? (:help lists them)\n");
    }

    [Fact]
    public void Tab_completion_offers_commands_names_and_members()
    {
        var session = new ReplSession(new StringWriter());
        session.Execute(":load " + Sample);
        Completions.For(session, ":wh").Should().Contain([":why", ":whynot"]);
        Completions.For(session, "? tension").Should().Contain("tension_rises");
        Completions.For(session, "Fac").Should().Contain("Facts");
        Completions.For(session, "Facts.").Should().Contain(["Where", "Relation"]);

        // The language's names are the language server's: one completion source for both.
        var names = Dsl.Semantics.CompletionSource.Names(session.Model)
            .Where(n => n.Kind is Dsl.Semantics.ReferenceKindOrKeyword.Keyword or Dsl.Semantics.ReferenceKindOrKeyword.Relation or Dsl.Semantics.ReferenceKindOrKeyword.Constant or Dsl.Semantics.ReferenceKindOrKeyword.Level)
            .Select(n => n.Label).ToList();
        names.Should().Contain(["fact", "unless", "deal", "Russia", "vital"]);
        Completions.For(session, "? ").Should().Contain(names);
    }

    [Fact]
    public void The_executable_runs_a_script_from_standard_input()
    {
        var (exit, output, error) = CliRunner.RunProcess("? deal(US, Russia)\nConclusions.Count\n:quit\n", "repl", Sample);
        exit.Should().Be(0, error);
        output.Should().Be("loaded samples/000-no-deal-left.policy: 19 premises, 0 open, 11 rules\npolicydsl> ? deal(US, Russia)\nfalse\npolicydsl> Conclusions.Count\n12\npolicydsl> :quit\n");
    }

    [Fact]
    public void The_session_in_the_README_replays_exactly()
    {
        var readme = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "README.md"));
        const string start = "```text\n$ policydsl repl samples/000-no-deal-left.policy\n";
        var from = readme.IndexOf(start, StringComparison.Ordinal);
        from.Should().BeGreaterThan(0, "the README shows a REPL session");
        var transcript = readme[(from + start.Length)..readme.IndexOf("```", from + start.Length, StringComparison.Ordinal)];
        var inputs = string.Join("\n", transcript.Split('\n')
            .Where(l => l.StartsWith(ReplInput.Prompt, StringComparison.Ordinal) || l.StartsWith(ReplInput.ContinuationPrompt, StringComparison.Ordinal))
            .Select(l => l.StartsWith(ReplInput.Prompt, StringComparison.Ordinal) ? l[ReplInput.Prompt.Length..] : l[ReplInput.ContinuationPrompt.Length..]));
        Run(inputs).Should().Be(transcript);
    }

    [Fact]
    public void Cancelling_returns_to_the_prompt_even_from_code_that_never_checks()
    {
        // The submission waits for a file that the test creates only after Execute has returned: if the prompt
        // waited for the submission instead of abandoning it, the submission would finish on its own (20 s cap),
        // print no "cancelled", and its variable would become part of the state.
        using var folder = TestPaths.CreateTempFolder();
        var release = Path.Combine(folder.Path, "release").Replace("\\", "/", StringComparison.Ordinal);
        var output = new StringWriter { NewLine = "\n" };
        var session = new ReplSession(output);
        session.Execute("var before = 1;");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        session.Execute($"for (var i = 0; i < 2000 && !System.IO.File.Exists(\"{release}\"); i++) System.Threading.Thread.Sleep(10); var lost = 2;", cancel.Token);
        File.WriteAllText(release, string.Empty);
        output.ToString().Should().EndWith("cancelled\n");
        session.QuitRequested.Should().BeFalse();
        session.Execute("before + 1");
        session.Execute("lost");
        output.ToString().Should().EndWith("cancelled\n2\n<input>(1,1): error CS0103: The name 'lost' does not exist in the current context\n");
    }

    [Fact]
    public void CSharp_sees_views_and_cannot_change_the_model_the_session_evaluates()
    {
        var script = "Model.Rules.Clear()\nRules.Count\n((System.Collections.Generic.IList<RuleView>)Rules).Clear()\nRules.Count\n:conclusions\n" +
            "Relations.First(r => r.Name == \"price\").Signature\nExpectations.Count(e => e.Passed)\n";
        Answer(script, 0).Should().StartWith("<input>(1,1): error CS0120");
        Answer(script, 1).Should().Be("11\n");
        Answer(script, 2).Should().Contain("NotSupportedException");
        Answer(script, 3).Should().Be("11\n");
        Answer(script, 4).Should().Contain("(12 rows)");
        Answer(script, 5).Should().Be("\"price(actor) = stake\"\n");
        Answer(script, 6).Should().MatchRegex(@"^\d+\n$");
    }
}
