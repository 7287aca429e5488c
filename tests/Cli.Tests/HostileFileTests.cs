using System.Diagnostics;
using System.Net.Sockets;
using FluentAssertions;
using PolicyDsl.Testing;
using Xunit;

namespace PolicyDsl.Cli.Tests;

/// <summary>
/// Files a pull request could bring, against the built executable as CI runs it (its GC heap capped at 2 GiB): each
/// ends with a coded diagnostic, exit 0 or 1, and prints nothing of a file outside the project. The project is a temp
/// folder marked as a root; beside it lies a secret the argument must not be able to show.
/// </summary>
public sealed class HostileFileTests : IDisposable
{
    private const string Secret = "SECRET-7c1f";

    private readonly TempFolder folder = TestPaths.CreateTempFolder();

    private readonly string project;

    private readonly string secret;

    public HostileFileTests()
    {
        project = Path.Combine(folder.Path, "project");
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, ".policydsl-root"), string.Empty);
        secret = folder.Write("outside/secret.policy", $"{Secret} line one\n{Secret} line two\nfact a\n");
        folder.Write("outside/secret.md", $"{Secret} {{#c1}} the whole document is secret\n");
    }

    private readonly List<Socket> sockets = [];

    public void Dispose()
    {
        sockets.ForEach(s => s.Dispose());
        folder.Dispose();
    }

    private string Write(string name, string text) => folder.Write(Path.Combine("project", name), text);

    private string In(string name) => Path.Combine(project, name);

    private static (int Exit, string Output) Check(params string[] args)
    {
        // Both streams: a file's diagnostics are on standard output, a problem with what was named on standard error.
        var (exit, output, error) = CliRunner.RunProcess(null, args);
        (output + error).Should().NotContainAny("   at ", "Exception", "Unhandled", Secret);
        exit.Should().BeOneOf([0, 1], output + error);
        return (exit, output + error);
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        mkfifo.ExitCode.Should().Be(0);
    }

    public static TheoryData<string> SpecialFiles() => ["fifo", "device", "socket"];

    [Theory]
    [MemberData(nameof(SpecialFiles))]
    [Raises("PD0019")]
    public void A_fifo_a_device_or_a_socket_is_refused_as_a_file_an_import_or_a_source(string kind)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        string Special(string name)
        {
            var path = In(name);
            switch (kind)
            {
                case "fifo":
                    MakeFifo(path);
                    break;
                case "device":
                    // A device inside the project is only reachable through a link; the link itself must then lead out.
                    path = "/dev/zero";
                    break;
                default:
                    // Kept open to the end of the test: .NET removes a socket's file when the socket is disposed.
                    var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    sockets.Add(socket);
                    socket.Bind(new UnixDomainSocketEndPoint(path));
                    break;
            }

            return path;
        }

        var file = Special("special.policy");
        var (exit, output) = Check("check", file);
        exit.Should().Be(1);
        output.Should().Contain("error PD0019: ").And.Contain(kind == "fifo" ? "named pipe (FIFO)" : kind == "device" ? "a device" : "a socket");

        if (kind != "device")
        {
            Special("doc.md");
            var argument = Write("a.policy", "import \"special.policy\"\nsource d = \"doc.md\"\nfact a per d \"x\"\nexpect a\n");
            (exit, output) = Check("check", argument);
            exit.Should().Be(1);
            output.Should().Contain("a.policy(1,1): error PD0019: ").And.Contain("special.policy' is ").And.Contain("a.policy(2,1): error PD0019: source document 'doc.md' is ");
        }
    }

    [Fact]
    public void Dev_zero_behind_a_link_is_refused_as_an_import_and_a_source()
    {
        File.CreateSymbolicLink(In("zero.policy"), "/dev/zero");
        File.CreateSymbolicLink(In("zero.md"), "/dev/urandom");
        var argument = Write("a.policy", "import \"zero.policy\"\nsource z = \"zero.md\"\nfact a per z \"x\"\nexpect a\n");
        var (exit, output) = Check("check", argument);
        exit.Should().Be(1);
        output.Should().Contain("a.policy(1,8): error PD0017: import 'zero.policy' leads through a symbolic link out of the project")
            .And.Contain("a.policy(2,12): error PD0017: source document 'zero.md' leads through a symbolic link out of the project");
    }

    public static TheoryData<string, string> PathsOutOfTheProject() => new()
    {
        { "absolute", "{0}" },
        { "up", "../outside/{1}" },
        { "link", "link/{1}" },
        { "link-to-file", "{1}" },
    };

    [Theory]
    [MemberData(nameof(PathsOutOfTheProject))]
    [Raises("PD0017")]
    public void An_import_or_a_source_out_of_the_project_is_refused_and_nothing_of_it_is_shown(string kind, string pattern)
    {
        Directory.CreateSymbolicLink(In("link"), Path.GetDirectoryName(secret)!);
        if (kind == "link-to-file")
        {
            File.CreateSymbolicLink(In("secret.policy"), secret);
            File.CreateSymbolicLink(In("secret.md"), Path.ChangeExtension(secret, ".md"));
        }

        string PathTo(string file) => string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, Path.Combine(Path.GetDirectoryName(secret)!, file), file);

        // The quotation would be an oracle on the document, and the anchor's did-you-mean would list its anchors.
        var argument = Write("a.policy", $"import \"{PathTo("secret.policy")}\"\nsource s = \"{PathTo("secret.md")}\"\nfact a per s#c2 \"{Secret}\"\nexpect a\n");
        var (exit, output) = Check("check", argument);
        exit.Should().Be(1);
        output.Should().Contain("a.policy(1,8): error PD0017: import ").And.Contain("a.policy(2,12): error PD0017: source document ")
            .And.NotContain("PD0042").And.NotContain("PD0044").And.NotContain("did you mean");
    }

    [Fact]
    public void Root_names_the_project_when_it_is_not_the_folder_found()
    {
        folder.Write("outside/shared.policy", "fact shared\n");
        var argument = Write("a.policy", "import \"../outside/shared.policy\"\nexpect shared\n");
        Check("test", argument).Output.Should().Contain("error PD0017: import '../outside/shared.policy' leads out of the project");
        var (exit, output) = Check("test", argument, "--root", folder.Path);
        exit.Should().Be(0, output);
        output.Should().EndWith("1 passed, 0 failed\n");
    }

    [Fact]
    public void A_link_in_a_checked_folder_to_a_file_outside_is_refused()
    {
        Write("good.policy", "fact a\nexpect a\n");
        File.CreateSymbolicLink(In("evil.policy"), secret);
        var (exit, output) = Check("check", project);
        exit.Should().Be(1);
        output.Should().Contain("evil.policy(1,1): error PD0017: argument file ").And.Contain("checked 1 file: 1 error, 0 warnings\n", "the walker refuses the link; the file checked is the good one");
    }

    [Fact]
    public void The_repl_loads_a_file_by_the_same_rules()
    {
        MakeFifo(In("pipe.policy"));
        File.CreateSymbolicLink(In("link.policy"), secret);
        Write("good.policy", "fact a\nexpect a\n");
        var (exit, output, error) = CliRunner.RunProcess($":load {In("pipe.policy")}\n:load {In("link.policy")}\n:load {In("good.policy")}\n? a\n", "repl");
        error.Should().BeEmpty();
        exit.Should().Be(1, "two inputs had errors");
        output.Should().NotContain(Secret).And.Contain("error PD0019: ").And.Contain("error PD0017: ").And.Contain("not loaded: ")
            .And.Contain("loaded ").And.EndWith("policydsl> ? a\ntrue\n");
    }

    [Fact]
    public void A_folder_is_called_a_folder_wherever_a_file_belongs()
    {
        Directory.CreateDirectory(In("sub.policy"));
        var argument = Write("a.policy", "import \"sub.policy\"\nsource s = \"sub.policy\"\nfact a per s \"x\"\nexpect a\n");
        var (_, output) = Check("check", argument);
        output.Should().Contain("error PD0011: ").And.Contain("is a folder").And.Contain("error PD0041: ");
        Check("eval", In("sub.policy")).Output.Should().Contain("error PD0010: ").And.Contain("is a folder");
    }

    [Fact]
    public void Lone_carriage_returns_end_lines_so_no_statement_after_a_comment_is_lost()
    {
        var argument = Write("a.policy", "fact a // a comment\rexpect not a\rexpect a\r");
        var (exit, output) = Check("test", argument);
        exit.Should().Be(1);
        output.Should().EndWith("1 passed, 1 failed\n");
    }

    [Fact]
    public void Control_characters_are_reported_and_shown_escaped()
    {
        Write("s.md", "x y\n");
        var argument = Write("a.policy", "source s = \"s.md\"\nfact a // \u001b[2J wipes the screen\nfact b per s \"x\u0007y\"\nexpect a\n");
        var (exit, output) = Check("check", argument);
        exit.Should().Be(1);
        output.Should().Contain("a.policy(2,11): error PD0007: ").And.Contain("a.policy(3,16): error PD0007: ").And.Contain("\\u001B").And.Contain("\\u0007");
        output.Should().NotContainAny("\u001b", "\u0007");
    }

    [Fact]
    public void A_newline_in_a_file_name_cannot_forge_an_output_line()
    {
        Write("x\n::error file=a::forged.policy", "fact a\nexpect not a\n");
        var (exit, output) = Check("check", project);
        exit.Should().Be(1);
        output.Split('\n').Should().NotContain(line => line.StartsWith("::error", StringComparison.Ordinal));
        output.Should().Contain("x\\n::error file=a::forged.policy(2,1): error PD0051: ");
    }

    [Fact]
    public void Out_of_range_literals_are_diagnostics_on_the_literal()
    {
        var argument = Write("a.policy", "fact x = $100000000000000000T\nfact y = 99999999999999999999999999999999999\nfact z = 1e400%\nexpect x > $1\n");
        var (exit, output) = Check("check", argument, "--format", "json");
        exit.Should().Be(1);
        output.Should().Contain("\"PD0001\"").And.StartWith("{");
    }

    [Fact]
    [Raises("PD0055")]
    public void Arithmetic_that_overflows_is_a_diagnostic_naming_the_rule_and_the_operands()
    {
        var argument = Write("a.policy", "fact big = $79000000000000000000000000000\nrule twice: if big = big then double = big * 2\nexpect double > $1\n");
        var (exit, output) = Check("check", argument);
        exit.Should().Be(1);
        output.Should().Contain("error PD0055: ").And.Contain("rule twice").And.Contain("$79000000000000000T * 2");
    }

    [Fact]
    public void Grounding_matches_conditions_instead_of_enumerating_every_combination()
    {
        // 40 constants and 6 variables: 4 billion combinations, of which one can hold.
        var constants = string.Join(" | ", Enumerable.Range(1, 40).Select(i => $"K{i}"));
        var argument = Write("a.policy", $"type k = {constants}\nfact p(K1)\nrule wide(a: k, b: k, c: k, d: k, e: k, f: k):\n  if p(a) and p(b) and p(c) and p(d) and p(e) and p(f) then q(a, b, c, d, e, f)\nexpect q(K1, K1, K1, K1, K1, K1)\n");
        var (exit, output) = Check("test", argument);
        exit.Should().Be(0, output);
        output.Should().EndWith("1 passed, 0 failed\n");
    }

    [Fact]
    [Raises("PD0056")]
    public void A_rule_past_the_ground_instance_limit_is_refused_before_memory_runs_out()
    {
        // No condition binds the variables: every combination is an instance, 40^6 of them.
        var constants = string.Join(" | ", Enumerable.Range(1, 40).Select(i => $"K{i}"));
        var argument = Write("a.policy", $"type k = {constants}\nfact p\nrule wide(a: k, b: k, c: k, d: k, e: k, f: k):\n  if p then q(a, b, c, d, e, f)\nexpect q(K1, K1, K1, K1, K1, K1)\n");
        var (exit, output) = Check("check", argument);
        exit.Should().Be(1);
        output.Should().Contain("error PD0056: ").And.Contain("rule wide").And.Contain("4,096,000,000");
    }

    [Theory]
    [InlineData(64)]
    [InlineData(200)]
    public void Many_open_premises_are_explored_within_reach_or_said_to_be_past_it(int count)
    {
        var premises = string.Concat(Enumerable.Range(0, count).Select(i => $"assume p{i}\nrule r{i}: if p{i} then q{i}\n"));
        var argument = Write("a.policy", premises + "expect q0 in some scenario\n");
        var (_, output) = Check("check", argument);
        output.Should().MatchRegex(@"(error|warning) PD\d{4}: ");
    }

    /// <summary>The reproducer of issue 23: a committed link to a file outside, given to fmt --check, fmt and check.</summary>
    [Fact]
    [Raises("PD0017")]
    public void Fmt_never_reads_or_writes_a_file_outside_the_project_through_a_link()
    {
        Write("good.policy", "fact a\n");
        File.CreateSymbolicLink(In("leak.policy"), secret);
        var before = File.ReadAllText(secret);

        var (exit, output) = Check("fmt", "--check", project);
        exit.Should().Be(1, "a file refused is a failure of the run");
        output.Should().Contain("PD0017").And.Contain("leak.policy");

        (exit, output) = Check("fmt", In("leak.policy"));
        exit.Should().Be(1);
        output.Should().Contain("PD0017");
        File.ReadAllText(secret).Should().Be(before);
        new FileInfo(In("leak.policy")).LinkTarget.Should().Be(secret, "the link is left as it was, not replaced by a copy");
    }

    [Fact]
    [Raises("PD0071")]
    public void Fmt_leaves_a_link_inside_the_project_a_link_and_says_so()
    {
        var target = Write("real.policy", "fact   a\n");
        File.CreateSymbolicLink(In("alias.policy"), target);
        var (exit, output) = Check("fmt", In("alias.policy"));
        exit.Should().Be(1);
        output.Should().Contain("PD0071").And.Contain("symbolic link");
        new FileInfo(In("alias.policy")).LinkTarget.Should().Be(target);
        File.ReadAllText(target).Should().Be("fact   a\n");
    }

    [Fact]
    public void A_linked_folder_in_the_project_does_not_choose_where_a_report_or_map_is_written()
    {
        // A pull request that commits out -> .. and a CI step that writes out/report.html: found by the host fuzz.
        Write("a.policy", "fact a\nexpect a\n");
        File.CreateSymbolicLink(In("out"), Path.GetDirectoryName(project)!);
        foreach (var args in new[] { new[] { "report", In("a.policy"), "-o", In("out/outside/written.html") }, ["map", In("a.policy"), "-o", In("out/outside/written.dot")] })
        {
            var (exit, output, error) = CliRunner.Run(args);
            exit.Should().Be(1, output + error);
            (output + error).Should().Contain("PD0071").And.Contain("leads through a symbolic link out of the project");
        }

        Directory.EnumerateFiles(Path.Combine(folder.Path, "outside")).Select(Path.GetFileName).Should().BeEquivalentTo("secret.policy", "secret.md");
        CliRunner.Run("map", In("a.policy"), "-o", Path.Combine(folder.Path, "outside", "named.dot")).Exit.Should().Be(0, "a folder outside any project is written as named");
    }

    [Fact]
    [Raises("PD0017")]
    public void Link_loops_and_links_out_of_the_project_are_walked_once_or_not_at_all()
    {
        Write("a.policy", "fact a\nexpect a\n");
        Directory.CreateDirectory(In("sub"));
        Write("sub/b.policy", "fact b\nexpect b\n");
        File.CreateSymbolicLink(In("l1"), project);
        File.CreateSymbolicLink(In("l2"), project);
        File.CreateSymbolicLink(In("sub/up"), project);
        File.CreateSymbolicLink(In("usr"), "/usr");
        File.CreateSymbolicLink(In("proc"), "/proc");
        foreach (var verb in new[] { "check", "test" })
        {
            var (exit, output) = Check(verb, project);
            exit.Should().Be(1, "the links out of the project are errors");
            output.Split("PD0017").Should().HaveCount(3, "one refusal for /usr and one for /proc: " + output);
            if (verb == "check")
            {
                output.Should().Contain("checked 2 files", "each real file once, however many links lead to it");
            }
            else
            {
                output.Should().Contain("2 passed, 2 failed", "the two refused links count as failures");
            }
        }

        Check("fmt", "--check", project).Output.Should().Contain("2 files checked");
    }

    [Fact]
    [Raises("PD0071")]
    public void Writing_to_a_link_a_device_or_proc_is_refused_with_a_code()
    {
        var argument = Write("a.policy", "fact a\nexpect a\n");
        File.CreateSymbolicLink(In("out.dot"), secret);
        foreach (var target in new[] { In("out.dot"), "/proc/version", "/dev/null" })
        {
            var (exit, output, error) = CliRunner.RunProcess(null, "map", argument, "-o", target);
            exit.Should().Be(1, output + error);
            error.Should().Contain("PD0071").And.NotContain("Exception");
        }

        File.ReadAllText(secret).Should().Contain(Secret, "nothing was written through the link");
        var report = CliRunner.RunProcess(null, "report", argument, "-o", In("out.dot"));
        report.Exit.Should().Be(1);
        report.Error.Should().Contain("PD0071");
    }

    /// <summary>As root no folder is unreadable, so PD0070 is raised here by depth, which bounds a walk the same way.</summary>
    [Fact]
    [Raises("PD0070")]
    public void A_folder_too_deep_to_walk_is_a_coded_diagnostic()
    {
        Write("a.policy", "fact a\nexpect a\n");
        var deep = Path.Combine([project, .. Enumerable.Repeat("d", 70)]);
        Directory.CreateDirectory(deep);
        File.WriteAllText(Path.Combine(deep, "deep.policy"), "fact b\n");
        Write("z/last.policy", "fact c\nexpect c\n");
        var (exit, output) = Check("check", project);
        exit.Should().Be(1);
        output.Should().Contain("error PD0070: folder").And.Contain("more than 64 folders deep");
        output.Should().Contain("checked 2 files", "the folders beside the deep one are still walked");
    }

    /// <summary>
    /// Issue 23: a chain of 9,000 additions took 11 s to check (each node's values were computed again for every node
    /// above it), so 60 such rules took past the hang limit; each node is now computed once.
    /// </summary>
    [Fact]
    public void Long_arithmetic_chains_are_checked_in_time_linear_in_their_length()
    {
        var chain = string.Join(" + ", Enumerable.Repeat("1", 9000));
        var text = new System.Text.StringBuilder("fact p\n");
        for (var i = 0; i < 60; i++)
        {
            text.Append($"rule r{i}: if p and {chain} > 3 then q{i}\nexpect q{i}\n");
        }

        var file = Write("chains.policy", text.ToString());
        var (exit, output) = Check("test", file);
        exit.Should().Be(0);
        output.Should().Contain("60 passed, 0 failed");
    }

    /// <summary>Issue 23's smaller items: --root naming a FIFO, an unbounded --sample, "error" inside PD0022.</summary>
    [Fact]
    public void Smaller_items_a_fifo_root_a_huge_sample_and_an_undecided_parameter()
    {
        var argument = Write("a.policy", "type actor = A | B\nfact r(A, Q)\nexpect r(A)\n");
        var fifo = In("pipe");
        MakeFifo(fifo);
        var (exit, output, error) = CliRunner.RunProcess(null, "check", argument, "--root", fifo);
        exit.Should().Be(2);
        error.Should().Contain("--root").And.Contain("is a named pipe (FIFO), not a folder").And.NotContain("symbolic link");

        var sample = CliRunner.Run("scenarios", argument, "--sample", "999999999999");
        sample.Exit.Should().Be(2);
        sample.Error.Should().Contain("--sample takes at most 100,000,000 scenarios");

        Check("check", argument).Output.Should().Contain("'r' takes 2 arguments (r(actor, ?), first used at").And.NotContain("error)");
    }
}
