using FluentAssertions;
using PolicyDsl.Testing;
using Xunit;

namespace PolicyDsl.Cli.Tests;

/// <summary>policydsl fmt: writes the canonical layout atomically, keeps permissions, refuses broken files untouched; --check and --diff change nothing.</summary>
public sealed class FmtTests
{
    private const string Messy = "argument  \"t\"\nfact   p\nrule r:\n      if p\n   then q\nexpect q\n";
    private const string Canonical = "argument \"t\"\nfact p\nrule r:\n  if p\n  then q\nexpect q\n";

    [Fact]
    public void The_samples_are_in_the_canonical_layout()
    {
        var (exit, output, error) = CliRunner.Run("fmt", "samples", "--check");
        exit.Should().Be(0, output + error);
        output.Should().EndWith("0 would be reformatted; 1 with syntax errors not checked\n");
        error.Should().Contain("samples/invalid/syntax-errors.policy: not checked: it has syntax errors");
    }

    [Fact]
    public void Check_and_diff_list_what_would_change_and_change_nothing()
    {
        using var folder = TestPaths.CreateTempFolder();
        var file = folder.Write("a.policy", Messy);
        folder.Write("b.policy", Canonical);
        var (exit, output, _) = CliRunner.Run("fmt", folder.Path, "--check");
        exit.Should().Be(1);
        output.Should().Contain("a.policy: not in the canonical layout").And.NotContain("b.policy").And.EndWith("2 files checked; 1 would be reformatted\n");
        var (diffExit, diff, _) = CliRunner.Run("fmt", file, "--diff");
        diffExit.Should().Be(1);
        diff.Should().Contain("+++ ").And.Contain("@@ -1,6 +1,6 @@\n-argument  \"t\"\n-fact   p\n+argument \"t\"\n+fact p\n rule r:\n-      if p\n-   then q\n+  if p\n+  then q\n expect q\n");
        File.ReadAllText(file).Should().Be(Messy);
    }

    [Fact]
    public void Formatting_writes_the_file_whole_keeps_its_permissions_and_a_second_run_changes_nothing()
    {
        using var folder = TestPaths.CreateTempFolder();
        var file = folder.Write("a.policy", Messy);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        }

        var (exit, output, error) = CliRunner.Run("fmt", file);
        exit.Should().Be(0, error);
        output.Should().Contain("formatted ").And.EndWith("1 file checked; 1 reformatted\n");
        File.ReadAllText(file).Should().Be(Canonical);
        Directory.GetFiles(folder.Path).Should().ContainSingle("no temporary file is left beside it");
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(file).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        }

        var written = File.GetLastWriteTimeUtc(file);
        CliRunner.Run("fmt", file).Output.Should().Be("1 file checked; 0 reformatted\n");
        File.GetLastWriteTimeUtc(file).Should().Be(written, "a file already in the layout is not rewritten");
    }

    [Fact]
    [Raises("PD0001")]
    public void A_file_with_syntax_errors_is_refused_with_its_diagnostics_and_left_byte_for_byte()
    {
        using var folder = TestPaths.CreateTempFolder();
        var bytes = "fact   price(Russia = vital\r\n\tfatc p   \n"u8.ToArray();
        var file = Path.Combine(folder.Path, "broken.policy");
        File.WriteAllBytes(file, bytes);
        var (exit, output, error) = CliRunner.Run("fmt", file);
        exit.Should().Be(1);
        error.Should().Contain("error PD0001").And.Contain("not formatted: fix the syntax errors above first; the file is left as it was");
        output.Should().EndWith("1 file checked; 0 reformatted; 1 with syntax errors left as they were\n");
        File.ReadAllBytes(file).Should().Equal(bytes);
    }
}
