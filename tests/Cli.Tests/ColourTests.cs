using FluentAssertions;
using PolicyDsl.Repl.Commands;
using Xunit;

namespace PolicyDsl.Cli.Tests;

/// <summary>Colour in a terminal only: severities, PASS and FAIL and states coloured; never in pipes, files or machine formats.</summary>
public sealed class ColourTests
{
    [Theory]
    [InlineData("auto", true, null, "xterm", true)]
    [InlineData(null, true, null, "xterm", true)]
    [InlineData("auto", false, null, "xterm", false)]
    [InlineData("auto", true, "1", "xterm", false)]
    [InlineData("auto", true, null, "dumb", false)]
    [InlineData("always", false, "1", "dumb", true)]
    [InlineData("never", true, null, "xterm", false)]
    public void Auto_colours_a_terminal_unless_NO_COLOR_and_the_option_decides_otherwise(string? mode, bool terminal, string? noColor, string term, bool expected) =>
        AnsiColor.Enabled(mode, terminal, noColor, term).Should().Be(expected);

    [Fact]
    public void Always_colours_text_reports_and_never_machine_formats()
    {
        var (_, test, _) = CliRunner.Run("test", "samples/003-enlist-xi.policy", "--color", "always");
        test.Should().Contain("\u001b[32mPASS\u001b[0m  samples/003-enlist-xi.policy:49");
        var (_, check, _) = CliRunner.Run("check", "samples/invalid/unknown-name.policy", "--color", "always");
        check.Should().Contain("(5,16): \u001b[1m\u001b[31merror\u001b[0m PD0021");
        var (_, eval, _) = CliRunner.Run("eval", "samples/000-no-deal-left.policy", "--color", "always");
        eval.Should().Contain("\u001b[31mfalse\u001b[0m").And.Contain("\u001b[32mtrue\u001b[0m");

        CliRunner.Run("eval", "samples/000-no-deal-left.policy", "--color", "always", "--format", "json").Output.Should().NotContain("\u001b[");
        CliRunner.Run("check", "samples/invalid/unknown-name.policy", "--color=always", "--format", "sarif").Output.Should().NotContain("\u001b[");
        CliRunner.Run("test", "samples/003-enlist-xi.policy").Output.Should().NotContain("\u001b[", "auto does not colour what is not a terminal");
        CliRunner.Run("check", "samples", "--color", "blue").Exit.Should().Be(2);
    }
}
