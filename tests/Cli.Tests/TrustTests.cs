using System.Xml.Linq;
using FluentAssertions;
using PolicyDsl.Testing;
using Xunit;

namespace PolicyDsl.Cli.Tests;

/// <summary>
/// Issue 25's reproducers, as an analyst deciding how far to trust a conclusion asks them: no verb may say more than
/// the argument supports (a contested step, premises that contradict each other, a scenario, an analyst's judgment).
/// </summary>
public sealed class TrustTests
{
    /// <summary>Item 1: w has a clean support {d} and one through the conflict on p.</summary>
    private const string ContestedAlternative = "fact a\nfact b\nfact d\nrule pro: if a then p\nrule con: if b then not p\nrule s7: if p then w\nrule s8: if d then w\n" +
        "expect conflict on p\nexpect w\n";

    /// <summary>Item 2: the premises violate a constraint nothing acknowledges.</summary>
    private const string Inconsistent = "fact low_offer\nfact capital\nrule lev: if capital then leverage\nrule d: if leverage then deal\n" +
        "never \"cannot both\": low_offer and leverage\nexpect deal\n";

    private static string Write(TempFolder folder, string name, string text)
    {
        folder.Write(".policydsl-root", string.Empty);
        return folder.Write(name, text);
    }

    [Fact]
    public void Test_fails_a_run_whose_premises_violate_a_constraint_in_text_json_and_junit()
    {
        using var folder = TestPaths.CreateTempFolder();
        var file = Write(folder, "inconsistent.policy", Inconsistent);

        var (exit, text, _) = CliRunner.Run("test", file);
        exit.Should().Be(1, "check fails this argument, so test must not pass it");
        text.Should().Contain("FAIL  ").And.Contain("inconsistent.policy:5  the premises violate no constraint [PD0057]")
            .And.Contain("constraint \"cannot both\" is violated").And.EndWith("1 passed, 1 failed\n");

        var (_, json, _) = CliRunner.Run("test", file, "--format", "json");
        json.Should().Contain("\"failed\": 1").And.Contain("\"code\": \"PD0057\"");

        var (_, junit, _) = CliRunner.Run("test", file, "--format", "junit");
        var cases = XDocument.Parse(junit).Descendants("testcase").ToList();
        cases.Should().HaveCount(2);
        cases.Single(c => c.Element("failure") is not null).Attribute("name")!.Value.Should().Contain("PD0057");
    }

    [Fact]
    public void Test_fails_a_run_with_an_unacknowledged_conflict_though_every_expectation_holds()
    {
        using var folder = TestPaths.CreateTempFolder();
        var file = Write(folder, "conflict.policy", "fact a\nfact b\nfact x\nrule pro: if a then p\nrule con: if b then not p\nexpect x\n");

        var (exit, text, _) = CliRunner.Run("test", file);
        exit.Should().Be(1);
        text.Should().Contain("PASS  ").And.Contain("no unacknowledged conflict [PD0050]").And.EndWith("1 passed, 1 failed\n");

        // Acknowledged, the conflict is information: the run passes.
        var acknowledged = Write(folder, "acknowledged.policy", "fact a\nfact b\nfact x\nrule pro: if a then p\nrule con: if b then not p\nexpect conflict on p\nexpect x\n");
        CliRunner.Run("test", acknowledged).Exit.Should().Be(0);
    }
}
