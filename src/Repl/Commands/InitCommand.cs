using System.CommandLine;
using PolicyDsl.Dsl.Files;
using PolicyDsl.Repl.Hosting;

namespace PolicyDsl.Repl.Commands;

/// <summary>
/// <c>policydsl init [DIR] [--title T]</c>: a new argument in a folder: the argument file (a cited premise, a cited
/// rule and an expectation), a digest template with one anchored claim that they cite, and a README saying how to
/// check and test it. The result checks and tests clean. Never overwrites anything; each file is written atomically.
/// </summary>
internal static class InitCommand
{
    /// <summary>The files init writes, by name.</summary>
    public const string ArgumentFile = "argument.policy";

    public const string DigestFile = "digest.md";

    public const string ReadmeFile = "README.md";

    /// <summary>Where the format of a digest is explained (the section's anchor in docs/language.md).</summary>
    public const string DigestHelp = "#writing-a-digest";

    /// <summary>The words the premise and the rule quote from the digest's claim; the check verifies them there.</summary>
    private const string Quote = "the example premise leads to the example conclusion";

    public static Command Create(TextWriter output)
    {
        var folder = new Argument<string>("DIR") { Description = "the folder to create the argument in (default: the current folder; created if missing)", Arity = ArgumentArity.ZeroOrOne };
        var title = new Option<string?>("--title") { Description = "the argument's title (default: from the folder's name)" };
        var command = new Command("init", "Create a new argument in a folder: an argument file, a digest template with one anchored claim it cites, and a README line on checking and testing it; it checks and tests clean. " + PolicyCli.ExitCodeHelp)
        {
            folder,
            title,
        };
        command.SetAction(parse => Run(parse.GetValue(folder) ?? ".", parse.GetValue(title), output, parse.InvocationConfiguration.Error));
        return command;
    }

    public static int Run(string folder, string? title, TextWriter output, TextWriter error)
    {
        var directory = Path.GetFullPath(folder);
        if (FileSystemProbe.Kind(directory) is not (FileKind.Missing or FileKind.Folder))
        {
            error.Write($"error: {DisplayPath.For(directory)} exists and is not a folder; name a folder to create the argument in\n");
            return ExitCodes.Usage;
        }

        var files = new[] { ArgumentFile, DigestFile, ReadmeFile }.Select(f => Path.Combine(directory, f)).ToList();
        if (files.FirstOrDefault(f => FileSystemProbe.Kind(f) is not FileKind.Missing) is { } existing)
        {
            error.Write($"error: {DisplayPath.For(existing)} already exists; init never overwrites a file: name a new folder\n");
            return ExitCodes.Usage;
        }

        var name = Path.GetFileName(directory.TrimEnd(Path.DirectorySeparatorChar));
        var heading = (title ?? (name.Length == 0 ? "A new argument" : name.Replace('-', ' ').Replace('_', ' '))).Replace("\"", "'", StringComparison.Ordinal);
        var argument =
            $"argument \"{heading}\" requires sources\n" +
            $"source text = \"{DigestFile}\"\n" +
            "\n" +
            "// Premises: what the text states, each citing the claim it comes from and the words that state it.\n" +
            $"fact example premise       per text#c1 \"{Quote}\"\n" +
            "\n" +
            "// Rules: how the premises lead to the text's conclusions; each cites the claim that states the step, or says\n" +
            "// it is yours: per analyst \"the reason\".\n" +
            "rule example_rule:\n" +
            "  if example premise then example conclusion\n" +
            $"  per text#c1 \"{Quote}\"\n" +
            "\n" +
            "// Expectations: what the text concludes; 'policydsl test' checks them.\n" +
            "expect example conclusion\n";
        var digest =
            $"# {heading} (digest)\n" +
            "\n" +
            "A digest of the text in your own words: one section per claim, each anchored so premises can cite it.\n" +
            "A claim runs from its heading's {#anchor} to the next anchor; how to write one: \"Writing a digest\" in\n" +
            "PolicyDsl's docs/language.md (" + DigestHelp + ").\n" +
            "\n" +
            "## Claims\n" +
            "\n" +
            "### C1. The first claim {#c1}\n" +
            $"Replace this with the text's first claim: {Quote}.\n";
        var readme =
            $"# {heading}\n" +
            "\n" +
            $"`{ArgumentFile}` states the argument of the text digested in `{DigestFile}`. Check it with " +
            $"`policydsl check {ArgumentFile}` and run its expectations with `policydsl test {ArgumentFile}`.\n" +
            "\n" +
            $"How to write the digest: \"Writing a digest\" in PolicyDsl's docs/language.md ({DigestHelp}).\n";

        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.Write(Dsl.Diagnostics.DiagnosticCatalog.WriteRefused.Create(new Dsl.Text.SourceText(DisplayPath.For(directory), string.Empty), default,
                $"could not create the folder '{DisplayPath.For(directory)}' ({(e is UnauthorizedAccessException ? "permission denied" : "the system refused it")}); name a folder you may write in") + "\n");
            return ExitCodes.Failed;
        }

        // The digest first: the argument cites it, so an argument never exists without the text it cites.
        foreach (var (file, text) in new[] { (files[1], digest), (files[0], argument), (files[2], readme) })
        {
            if (AtomicFile.Write(file, text, replace: false) is { } refused)
            {
                error.Write(refused + "\n");
                return ExitCodes.Failed;
            }
        }

        var shown = DisplayPath.For(files[0]);
        output.Write($"created {shown}, {DisplayPath.For(files[1])} and {DisplayPath.For(files[2])}; 'policydsl check {shown}' checks it, 'policydsl test {shown}' runs its expectations\n" +
            $"replace the digest's claim with the text's claims: \"Writing a digest\" in docs/language.md ({DigestHelp}) says how\n");
        return ExitCodes.Clean;
    }
}
