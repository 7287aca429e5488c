using System.Diagnostics;
using System.IO.Compression;
using FluentAssertions;
using PolicyDsl.Testing;
using Xunit;

namespace PolicyDsl.Cli.Tests;

/// <summary>
/// The .NET tool as a user meets it: 'dotnet pack src/Repl' makes the tool's packages (a pointer package, a
/// ReadyToRun linux-x64 package and an 'any' fallback), 'dotnet tool install --tool-path' installs it from them,
/// and the installed command answers --version and checks and tests the samples.
/// </summary>
public sealed class ToolPackageTests
{
    [Fact]
    public void The_packed_tool_installs_and_checks_and_tests_the_samples()
    {
        using var folder = TestPaths.CreateTempFolder();
        var packages = Path.Combine(folder.Path, "nupkg");
        var tools = Path.Combine(folder.Path, "tools");
        Dotnet("pack", Path.Combine(TestPaths.RepoRoot, "src", "Repl"), "-c", "Release", "-o", packages, "--nologo", "-v", "q").Exit.Should().Be(0);

        var files = Directory.GetFiles(packages).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        files.Should().HaveCount(3).And.Contain(f => f!.StartsWith("PolicyDsl.linux-x64.", StringComparison.Ordinal)).And.Contain(f => f!.StartsWith("PolicyDsl.any.", StringComparison.Ordinal));
        using (var pointer = ZipFile.OpenRead(Path.Combine(packages, files.Single(f => !f!.Contains("linux-x64", StringComparison.Ordinal) && !f.Contains(".any.", StringComparison.Ordinal))!)))
        {
            var nuspec = new StreamReader(pointer.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open()).ReadToEnd();
            nuspec.Should().Contain("<license type=\"expression\">MIT</license>").And.Contain("<readme>README.md</readme>").And.Contain("<packageType name=\"DotnetTool\"");
        }

        var install = Dotnet("tool", "install", "--tool-path", tools, "--add-source", packages, "PolicyDsl");
        install.Exit.Should().Be(0, install.Output);
        var policydsl = Path.Combine(tools, "policydsl");

        var version = Run(policydsl, "--version");
        version.Exit.Should().Be(0);
        version.Output.Trim().Should().MatchRegex(@"^\d+\.\d+\.\d+$");

        var check = Run(policydsl, "check", "samples", "--exclude", "samples/invalid");
        check.Exit.Should().Be(0, check.Output);
        check.Output.Should().Contain("0 errors");

        var test = Run(policydsl, "test", "samples", "--exclude", "samples/invalid");
        test.Exit.Should().Be(0, test.Output);
        test.Output.Should().MatchRegex(@"\d+ passed, 0 failed");
    }

    private static (int Exit, string Output) Dotnet(params string[] args) => Run("dotnet", args);

    private static (int Exit, string Output) Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = TestPaths.RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The tool's own runtime is the one the SDK uses: a user's machine has it, and so does CI.
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(CliRunner.HangLimit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish");
        }

        return (process.ExitCode, output.Result + error.Result);
    }
}
