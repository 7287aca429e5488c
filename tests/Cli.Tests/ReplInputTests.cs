using FluentAssertions;
using PolicyDsl.Repl.Interactive;
using Xunit;

namespace PolicyDsl.Cli.Tests;

/// <summary>How typed lines become inputs: nothing typed can leave the prompt waiting for more with no way out.</summary>
public class ReplInputTests
{
    [Fact]
    public void An_empty_line_submits_an_incomplete_input_which_then_reports_its_error()
    {
        var collector = new InputCollector();
        collector.Add("? deal(US,").Should().BeEmpty();
        collector.IsEmpty.Should().BeFalse();
        Texts(collector.Add(string.Empty)).Should().Equal("? deal(US,");
        collector.IsEmpty.Should().BeTrue();
        collector.Add(string.Empty).Should().BeEmpty("an empty line with nothing pending is nothing");
    }

    [Fact]
    public void A_line_starting_with_a_colon_is_a_command_never_a_continuation()
    {
        var collector = new InputCollector();
        collector.Add("Facts.Where(f =>").Should().BeEmpty();
        Texts(collector.Add(":quit")).Should().Equal("Facts.Where(f =>", ":quit");
        Texts(collector.Add(":why deal(US, China)")).Should().Equal(":why deal(US, China)");
    }

    [Fact]
    public void Control_C_abandons_the_input_being_typed()
    {
        var collector = new InputCollector();
        collector.Add("rule r(x: actor):").Should().BeEmpty();
        collector.Clear();
        collector.IsEmpty.Should().BeTrue();
        Texts(collector.Add("1 + 1")).Should().Equal("1 + 1");
    }

    [Fact]
    public void Continuation_lines_still_join_while_brackets_are_open_or_a_rule_waits_for_then()
    {
        var collector = new InputCollector();
        collector.Add("rule r:").Should().BeEmpty();
        Texts(collector.Add("  if a then b")).Should().Equal("rule r:\n  if a then b");
        Texts(collector.Add("var xs = new[] {")).Should().BeEmpty();
        Texts(collector.Add("  1, 2 };")).Should().Equal("var xs = new[] {\n  1, 2 };");
        collector.Add("1 + \\").Should().BeEmpty();
        Texts(collector.Add("2")).Should().Equal("1 + \n2");
    }

    private static IEnumerable<string> Texts(IEnumerable<CollectedInput> inputs) => inputs.Select(i => i.Text);

    [Fact]
    public void A_script_joins_per_unless_and_and_lines_to_their_statement_as_a_file_does()
    {
        var script = "rule r: if a then b\nper analyst \"mine\"\nfact a\n  per analyst \"stated\"\nrule s:\n  if a\n  and b\n  then c\nunless d\n? c\n1 + 1\n";
        ReplInput.Split(script).Should().Equal(
            "rule r: if a then b\nper analyst \"mine\"",
            "fact a\n  per analyst \"stated\"",
            "rule s:\n  if a\n  and b\n  then c\nunless d",
            "? c",
            "1 + 1");
    }

    [Fact]
    public void At_the_prompt_a_statement_runs_at_once_and_a_continuation_line_amends_it()
    {
        var collector = new InputCollector();
        collector.Add("rule r: if a then b").Should().Equal(new CollectedInput("rule r: if a then b"));
        collector.Add("  per analyst \"mine\"").Should().Equal(new CollectedInput("rule r: if a then b\n  per analyst \"mine\"", Amends: true));
        collector.Add("unless d").Should().Equal(new CollectedInput("rule r: if a then b\n  per analyst \"mine\"\nunless d", Amends: true));
        collector.Add("? b").Should().Equal(new CollectedInput("? b"));
        collector.Add("  per analyst \"x\"").Should().Equal([new CollectedInput("per analyst \"x\"")], "a query is not a statement: nothing to continue");
    }

    [Fact]
    public void A_per_line_typed_after_a_rule_belongs_to_the_rule_in_the_session()
    {
        var transcript = ReplSession.Run("fact a\nrule r: if a then b\nper analyst \"my step\"\n:why b\n");
        transcript.Should().NotContain("CS1003").And.NotContain("error");
        transcript.Should().Contain("b  [rule r; per analyst \"my step\"");

        // At the prompt: the rule runs when its 'then' line is typed, and the per line amends it.
        var output = new StringWriter { NewLine = "\n" };
        var session = new ReplSession(output);
        var collector = new InputCollector();
        foreach (var line in new[] { "fact a", "rule r: if a then b", "  per analyst \"my step\"", ":why b" })
        {
            foreach (var input in collector.Add(line))
            {
                session.Execute(input);
            }
        }

        output.ToString().Should().Contain("amended; no conclusion changed").And.Contain("b  [rule r; per analyst \"my step\"");
        session.Statements.Should().Equal("fact a", "rule r: if a then b\n  per analyst \"my step\"");
        session.Errors.Should().Be(0);
    }

    [Fact]
    public void An_amendment_that_brings_an_error_leaves_the_statement_as_it_was()
    {
        var output = new StringWriter { NewLine = "\n" };
        var session = new ReplSession(output);
        session.Execute("fact a");
        session.Execute(new CollectedInput("rule r: if a then b"));
        session.Execute(new CollectedInput("rule r: if a then b\n  unless nosuch", Amends: true));
        output.ToString().Should().Contain("not amended");
        session.Statements.Should().Equal("fact a", "rule r: if a then b");
    }

    [Fact]
    public void A_script_goes_on_after_an_unbalanced_bracket()
    {
        var output = ReplSession.Run("? deal(US,\n\n? deal(US, Russia)\n", ["samples/000-no-deal-left.policy"]);
        output.Should().Contain("policydsl> ? deal(US,\nerror: PD0001")
            .And.EndWith("policydsl> ? deal(US, Russia)\nfalse\n");
    }
}
