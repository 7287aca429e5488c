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
        collector.Add(string.Empty).Should().Equal("? deal(US,");
        collector.IsEmpty.Should().BeTrue();
        collector.Add(string.Empty).Should().BeEmpty("an empty line with nothing pending is nothing");
    }

    [Fact]
    public void A_line_starting_with_a_colon_is_a_command_never_a_continuation()
    {
        var collector = new InputCollector();
        collector.Add("Facts.Where(f =>").Should().BeEmpty();
        collector.Add(":quit").Should().Equal("Facts.Where(f =>", ":quit");
        collector.Add(":why deal(US, China)").Should().Equal(":why deal(US, China)");
    }

    [Fact]
    public void Control_C_abandons_the_input_being_typed()
    {
        var collector = new InputCollector();
        collector.Add("rule r(x: actor):").Should().BeEmpty();
        collector.Clear();
        collector.IsEmpty.Should().BeTrue();
        collector.Add("1 + 1").Should().Equal("1 + 1");
    }

    [Fact]
    public void Continuation_lines_still_join_while_brackets_are_open_or_a_rule_waits_for_then()
    {
        var collector = new InputCollector();
        collector.Add("rule r:").Should().BeEmpty();
        collector.Add("  if a then b").Should().Equal("rule r:\n  if a then b");
        collector.Add("var xs = new[] {").Should().BeEmpty();
        collector.Add("  1, 2 };").Should().Equal("var xs = new[] {\n  1, 2 };");
        collector.Add("1 + \\").Should().BeEmpty();
        collector.Add("2").Should().Equal("1 + \n2");
    }

    [Fact]
    public void A_script_goes_on_after_an_unbalanced_bracket()
    {
        var output = ReplSession.Run("? deal(US,\n\n? deal(US, Russia)\n", ["samples/000-no-deal-left.policy"]);
        output.Should().Contain("policydsl> ? deal(US,\nerror: PD0001")
            .And.EndWith("policydsl> ? deal(US, Russia)\nfalse\n");
    }
}
