using System.CommandLine;
using PolicyDsl.Dsl.Files;
using PolicyDsl.Dsl.Semantics;

namespace PolicyDsl.Repl.Commands;

/// <summary>
/// <c>policydsl init FILE [--title T] [--source DOC]</c>: a new argument file that checks clean and shows the shape of
/// one (a cited premise, a rule, an expectation), for the analyst to replace. Never overwrites; written atomically.
/// </summary>
internal static class InitCommand
{
    public static Command Create(TextWriter output)
    {
        var file = new Argument<string>("FILE") { Description = $"the argument file to create (the {Workspace.PolicyFileExtension} extension is added if missing)" };
        var title = new Option<string?>("--title") { Description = "the argument's title (default: from the file name)" };
        var source = new Option<string?>("--source") { Description = "the text the argument is written from (a digest in Markdown); premises then cite it" };
        var command = new Command("init", "Create a new argument file that checks clean: a cited premise, a rule and an expectation to replace with the text's. " + PolicyCli.ExitCodeHelp)
        {
            file,
            title,
            source,
        };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(title), parse.GetValue(source), output, parse.InvocationConfiguration.Error));
        return command;
    }

    public static int Run(string file, string? title, string? source, TextWriter output, TextWriter error)
    {
        var path = Path.GetFullPath(file.EndsWith(Workspace.PolicyFileExtension, StringComparison.Ordinal) ? file : file + Workspace.PolicyFileExtension);
        var folder = Path.GetDirectoryName(path)!;
        if (FileSystemProbe.Kind(path) is not FileKind.Missing)
        {
            error.Write($"error: {DisplayPath.For(path)} already exists; init never overwrites a file: name a new one\n");
            return ExitCodes.Usage;
        }

        if (!Directory.Exists(folder))
        {
            error.Write($"error: folder {DisplayPath.For(folder)} does not exist; create it first\n");
            return ExitCodes.Usage;
        }

        string? cited = null;
        if (source is not null)
        {
            var document = Path.GetFullPath(source);
            if (FileSystemProbe.Kind(document) is not FileKind.Regular)
            {
                error.Write($"error: --source {source} is not a file; name the text (a Markdown digest) the argument is written from\n");
                return ExitCodes.Usage;
            }

            cited = Path.GetRelativePath(folder, document).Replace('\\', '/');
        }

        var name = Path.GetFileNameWithoutExtension(path);
        var heading = (title ?? name.Replace('-', ' ').Replace('_', ' ')).Replace("\"", "'", StringComparison.Ordinal);
        var per = cited is null ? string.Empty : "  per text";
        var text =
            $"argument \"{heading}\"\n" +
            (cited is null ? string.Empty : $"source text = \"{cited}\"\n") +
            "\n" +
            "// Premises: what the text states, each citing where (per text#anchor \"quoted words\" once the text marks its\n" +
            "// claims with {#anchor}). Replace this one with the text's.\n" +
            $"fact example premise{per}\n" +
            "\n" +
            "// Rules: how the premises lead to the text's conclusions.\n" +
            "rule example_rule: if example premise then example conclusion\n" +
            "\n" +
            "// Expectations: what the text concludes; 'policydsl test' checks them.\n" +
            "expect example conclusion\n";

        // Atomic: a temporary file beside the target, then a rename that fails rather than replace anything.
        var temporary = Path.Combine(folder, $".{name}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllText(temporary, text);
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException e)
        {
            File.Delete(temporary);
            error.Write($"error: could not create {DisplayPath.For(path)}: {e.Message}\n");
            return ExitCodes.Failed;
        }

        output.Write($"created {DisplayPath.For(path)}; 'policydsl check {DisplayPath.For(path)}' checks it, docs/language.md describes the language\n");
        return ExitCodes.Clean;
    }
}
