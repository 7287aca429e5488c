using System.Text;
using System.Xml;
using CsCheck;
using FluentAssertions;
using PolicyDsl.Testing;
using Xunit;
using Xunit.Abstractions;

namespace PolicyDsl.Cli.Tests.Fuzzing;

/// <summary>
/// The fuzz of issue 23 at the level a pull request reaches: generated project folders (argument files with hostile
/// text, imports in and out of the project, links that loop, lead out of the project or to a file outside, a
/// quoted source outside) given to every verb with generated options (formats, --without, --scenario, --strict,
/// outputs to write). Each run must keep the promises: exit 0, 1 or 2 (never 3); no raw control or bidirectional
/// character on either stream; one parseable document for JSON, SARIF and JUnit; nothing of the files outside the
/// project shown; nothing outside written or replaced; the same bytes twice. The in-process evaluator fuzz
/// (tests/Evaluator.Tests/Fuzzing) covers the language itself; <c>bench/fuzz.sh</c> runs both at scale
/// (POLICYDSL_HOST_FUZZ=N).
/// </summary>
public sealed class HostFuzzTests(ITestOutputHelper output)
{
    private static long Iterations => long.TryParse(Environment.GetEnvironmentVariable("POLICYDSL_HOST_FUZZ"), out var n) ? n : 150;

    /// <summary>Written in every file outside the project: it must never appear in what a verb prints.</summary>
    internal const string Secret = "SECRETMARKER";

    internal static readonly string[] Snippets =
    [
        "argument \"T\u001B]0;pwned\u0007\u001B[2J\"\nfact a\nrule r: if a then b\nexpect b\n",
        "fact a\nfact d\nrule pro: if a then p\nrule con: if d then not p\nrule s7: if p then w\nexpect conflict on p\n",
        "import \"b.policy\"\nfact c\nexpect c\n",
        "import \"../outside/secret.policy\"\nfact e\n",
        "import \"up/outside/secret.policy\"\n",
        "import \"loop/a.policy\"\n",
        "import \"sub/c.policy\"\n",
        "source s = \"../outside/secret.md\"\nfact a per s#x \"quoted\"\n",
        "source t = \"notes.md\"\nfact a per t#c1 \"the claim\"\n",
        "assume a\nassume b\nrule r: if a and b then c\nexpect c in some scenario\nscenario \"S\" {\n  fact a\n}\n",
        "fatc x\n\u202Eevil\n",
        "fact p = 1\nrule q: if p + 1 > 1 then z\n",
        "never \"n\": a and b\nassume a\nassume b\n",
        "type actor = US | China\nfact deal(US, Chnia)\n",
        "rule x: if b then a\nrule y: if a then b\n",
        "import \"a\u001B[31m.policy\"\n",
        "",
    ];

    internal static readonly string[] Links = ["loop -> .", "up -> ..", "etc -> /etc", "secret.policy -> ../outside/secret.policy", "self.policy -> a.policy", "sub/back -> .."];

    private sealed record Case(string[] Files, string[] LinksMade, string[] Question)
    {
        public override string ToString() =>
            $"files:\n{string.Join("\n", Files.Select((f, i) => $"[{Names[i]}]\n{f}"))}\nlinks: {string.Join(", ", LinksMade)}\nquestion: {string.Join(' ', Question)}";
    }

    internal static readonly string[] Names = ["a.policy", "b.policy", "sub/c.policy"];

    private static readonly Gen<string> File = Gen.Select(Gen.OneOf<string>(Snippets), Gen.OneOf<string>(Snippets), (x, y) => x + y);

    private static readonly Gen<string[]> Question = Gen.OneOf<string[]>(
        Gen.OneOf<string>("text", "json", "sarif", "github").Select(f => new[] { "check", "{root}", "--format", f }),
        Gen.OneOf<string>("text", "json", "junit").Select(f => new[] { "test", "{root}", "--format", f }),
        Gen.OneOf<string>("{root}/a.policy", "{root}/secret.policy", "{root}/loop/a.policy", "{root}/self.policy").Select(f => new[] { "eval", f, "--format", "json" }),
        Gen.OneOf<string>("text", "json").Select(f => new[] { "eval", "{root}/a.policy", "--format", f }),
        Gen.Const(new[] { "scenarios", "{root}/a.policy", "--format", "json" }),
        Gen.Const(new[] { "scenarios", "{root}/a.policy", "--sample", "20" }),
        Gen.OneOf<string>("why", "why-not", "support", "critical", "flips", "matrix").Select(v => new[] { v, "{root}/a.policy", "b" }),
        Gen.OneOf<string>("why", "support").Select(v => new[] { v, "{root}/a.policy", "w", "--format", "json" }),
        Gen.Const(new[] { "retract", "{root}/a.policy", "a" }),
        Gen.Const(new[] { "whatif", "{root}/a.policy", "--set", "not a", "--format", "json" }),
        Gen.OneOf<string>("dot", "json").Select(f => new[] { "map", "{root}/a.policy", "--format", f }),
        Gen.Const(new[] { "map", "{root}/a.policy", "-o", "{root}/loop/map.dot" }),
        Gen.Const(new[] { "report", "{root}", "-o", "{root}/out/report.html" }),
        Gen.Const(new[] { "report", "{root}/a.policy", "-o", "{root}/up/outside/written.html" }),
        Gen.Const(new[] { "fmt", "--check", "{root}" }),
        Gen.Const(new[] { "fmt", "--diff", "{root}" }),
        Gen.Const(new[] { "fmt", "{root}/secret.policy" }),
        Gen.Const(new[] { "fmt", "{root}" }));

    private static readonly Gen<string[]> Options = Gen.OneOf<string[]>(
        Gen.Const(Array.Empty<string>()),
        Gen.OneOf<string>("a", "s", "s#x", "t#c1", "nothing").Select(n => new[] { "--without", n }),
        Gen.Const(new[] { "--root", "{root}" }),
        Gen.Const(new[] { "--strict" }));

    private static readonly Gen<Case> Cases = Gen.Select(
        File.Array[1, 3],
        Gen.OneOf<string>(Links).Array[0, 4],
        Question,
        Options,
        (files, links, question, options) => new Case(files, [.. links.Distinct()], [.. question, .. options]));

    [Fact]
    public void Generated_folders_and_questions_keep_every_promise_through_every_verb()
    {
        var failures = new List<string>();
        var count = 0L;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // One at a time: a verb resolves relative paths against the process's working folder.
        Cases.Sample(c =>
        {
            count++;
            if (Broken(c) is { } broken && failures.Count < 5)
            {
                failures.Add($"{broken}\n{c}");
            }
        }, iter: Iterations, threads: 1, seed: Environment.GetEnvironmentVariable("POLICYDSL_FUZZ_SEED") is { Length: > 0 } seed ? seed : null);

        var summary = $"host fuzz: {count:N0} folders and questions, {failures.Count} broken promises, in {clock.Elapsed.TotalSeconds:F0} s";
        output.WriteLine(summary);
        if (Environment.GetEnvironmentVariable("POLICYDSL_HOST_FUZZ_REPORT") is { Length: > 0 } report)
        {
            System.IO.File.WriteAllText(report, summary + "\n" + string.Join("\n---\n", failures) + "\n");
        }

        failures.Should().BeEmpty(summary);
    }

    private static string? Broken(Case c)
    {
        using var top = TestPaths.CreateTempFolder();
        var (root, outside) = CreateProject(top.Path, c.Files, c.LinksMade);
        var before = Snapshot(outside);
        var args = c.Question.Select(a => a.Replace("{root}", root, StringComparison.Ordinal)).ToArray();
        var first = Run(args, root);
        var after = Snapshot(outside);
        var second = Run(args, root);

        if (first.Exit is not (0 or 1 or 2))
        {
            return $"exit {first.Exit}:\n{first.Output}\n{first.Error}";
        }

        if ((first.Output + first.Error + first.Written).Contains(Secret, StringComparison.Ordinal))
        {
            return $"a file outside the project was shown:\n{first.Output}\n{first.Error}";
        }

        if ((first.Output + first.Error).FirstOrDefault(ch => ch is not ('\n' or '\t') && (char.IsControl(ch) || Dsl.Text.DisplayText.IsBidiControl(ch))) is var raw && raw != default)
        {
            return $"raw U+{(int)raw:X4} printed:\n{first.Output}\n{first.Error}";
        }

        if (Parses(args, first.Output) is { } unparsed)
        {
            return $"not one document: {unparsed}\n{first.Output}";
        }

        // fmt rewrites the files: its second run finds them formatted, which is the promise kept, not broken.
        var rewrites = args[0] == "fmt" && !args.Contains("--check") && !args.Contains("--diff");
        if (first != second && !rewrites)
        {
            return $"not deterministic:\n{first}\n--- then\n{second}";
        }

        foreach (var (path, content) in before)
        {
            if (!after.TryGetValue(path, out var now) || now != content)
            {
                return $"a file outside the project was changed: {path}";
            }
        }

        if (after.Count != before.Count)
        {
            return $"a file was written outside the project: {string.Join(", ", after.Keys.Except(before.Keys))}";
        }

        foreach (var link in c.LinksMade)
        {
            var path = Path.Combine(root, link.Split(" -> ")[0]);
            if (new FileInfo(path).LinkTarget is null)
            {
                return $"the link {link} was replaced by a file";
            }
        }

        return null;
    }

    /// <summary>
    /// The generated project under <paramref name="top"/>: the argument files (named <see cref="Names"/> in order), a
    /// digest, the links made, and beside it a folder outside the project whose files hold <see cref="Secret"/>.
    /// </summary>
    internal static (string Root, string Outside) CreateProject(string top, string[] files, string[] links)
    {
        var root = Path.Combine(top, "project");
        var outside = Path.Combine(top, "outside");
        Directory.CreateDirectory(Path.Combine(root, "sub"));
        Directory.CreateDirectory(Path.Combine(root, "out"));
        Directory.CreateDirectory(outside);
        System.IO.File.WriteAllText(Path.Combine(root, ".policydsl-root"), string.Empty);
        System.IO.File.WriteAllText(Path.Combine(root, "notes.md"), "# Notes\n\n<a id=\"c1\"></a>the claim\n");
        System.IO.File.WriteAllText(Path.Combine(outside, "secret.policy"), $"fact {Secret}\nrule {Secret}2: if a then {Secret}3\n");
        System.IO.File.WriteAllText(Path.Combine(outside, "secret.md"), $"<a id=\"x\"></a>{Secret}\n");
        for (var i = 0; i < files.Length; i++)
        {
            System.IO.File.WriteAllText(Path.Combine(root, Names[i]), files[i]);
        }

        foreach (var link in links)
        {
            var parts = link.Split(" -> ");
            System.IO.File.CreateSymbolicLink(Path.Combine(root, parts[0]), parts[1]);
        }

        return (root, outside);
    }

    /// <summary>The files the generated questions write inside the project.</summary>
    private static readonly string[] Outputs = ["out/report.html", "loop/map.dot"];

    private sealed record Outcome(int Exit, string Output, string Error, string Written);

    private static Outcome Run(string[] args, string root)
    {
        var (exit, text, error) = CliRunner.Run(args);
        // What the verb wrote inside the project (a report, a map): read back, as a user would open it.
        var written = new StringBuilder();
        foreach (var file in Outputs.Select(f => Path.Combine(root, f)).Where(System.IO.File.Exists))
        {
            written.Append(System.IO.File.ReadAllText(file));
        }

        return new Outcome(exit, text, error, written.ToString());
    }

    /// <summary>Every regular file under a folder (links not followed) and its text.</summary>
    private static Dictionary<string, string> Snapshot(string folder) =>
        new DirectoryInfo(folder).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })
            .ToDictionary(f => f.FullName, f => System.IO.File.ReadAllText(f.FullName), StringComparer.Ordinal);

    /// <summary>Why the output is not the one document its format promises, or null.</summary>
    private static string? Parses(string[] args, string text)
    {
        var format = Array.IndexOf(args, "--format") is var at and >= 0 ? args[at + 1] : "text";
        try
        {
            switch (format)
            {
                case "json" or "sarif":
                    using (System.Text.Json.JsonDocument.Parse(text))
                    {
                    }

                    break;
                case "junit":
                    new XmlDocument().LoadXml(text);
                    break;
            }

            return null;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or XmlException)
        {
            return e.Message;
        }
    }
}
