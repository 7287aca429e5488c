using System.CommandLine;
using System.Text;
using PolicyDsl.Dsl.Files;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Dsl.Syntax;
using PolicyDsl.Dsl.Text;
using PolicyDsl.Evaluator.Reports;
using PolicyDsl.Repl.Hosting;

namespace PolicyDsl.Repl.Commands;

/// <summary>
/// <c>policydsl fmt PATH... [--check] [--diff]</c>: argument files in the canonical layout (<see cref="PolicyFormatter"/>).
/// A file with syntax errors is refused with its diagnostics and left as it is; a file is rewritten atomically (a
/// temporary file beside it, its permissions, then a rename) and only when its layout changes.
/// </summary>
internal static class FmtCommand
{
    public static Command Create(TextWriter output)
    {
        var paths = new Argument<string[]>("PATH") { Description = "argument files, or folders searched for *.policy files", Arity = ArgumentArity.OneOrMore };
        var check = new Option<bool>("--check") { Description = "change nothing: list the files that are not in the canonical layout, and exit 1 if there are any" };
        var diff = new Option<bool>("--diff") { Description = "change nothing: print what formatting would change, as a unified diff (exit 1 if anything would)" };
        var exclude = Inputs.ExcludeOption();
        var command = new Command("fmt", "Format argument files in the canonical layout: statements in the first column, continuations indented by two, citations aligned, one blank line between groups. " + PolicyCli.ExitCodeHelp)
        {
            paths,
            check,
            diff,
            exclude,
        };
        command.SetAction(parse => Run(parse.GetValue(paths)!, parse.GetValue(exclude)!, parse.GetValue(check), parse.GetValue(diff), output, parse.InvocationConfiguration.Error, Inputs.ProjectRoot(parse)));
        return command;
    }

    public static int Run(string[] paths, string[] exclude, bool check, bool diff, TextWriter output, TextWriter error, string? projectRoot = null)
    {
        var (files, problems) = Inputs.Expand(paths, exclude, projectRoot);
        var refused = 0;

        // Files that could not be read or written (PD0013, PD0014, PD0017, PD0019, PD0071): the run fails, --check too.
        var unreadable = 0;
        var changed = new List<string>();
        var text = new StringBuilder();
        foreach (var problem in problems)
        {
            DiagnosticText.Write(text, problem);
        }

        foreach (var file in files)
        {
            var shown = DisplayPath.For(file);

            // A link out of the project is refused before anything is read, as check refuses it: fmt --check on a
            // pull request must not print (or copy in) a file from elsewhere on the machine.
            if (ArgumentFiles.RefuseOutsideProject(file, projectRoot) is { } outside)
            {
                DiagnosticText.Write(text, outside);
                unreadable++;
                continue;
            }

            var read = DiskFileProvider.Instance.Read(file);
            if (read.Text is null)
            {
                DiagnosticText.Write(text, Workspace.ReadProblem(read, shown));
                unreadable++;
                continue;
            }

            var result = PolicyFormatter.Format(new SourceText(shown, read.Text, file));
            if (result.Refused)
            {
                foreach (var diagnostic in result.Errors)
                {
                    DiagnosticText.Write(text, diagnostic);
                }

                text.Append(check || diff
                    ? $"{shown}: not checked: it has syntax errors (above); 'policydsl check' fails on them, fmt --check only on layout\n"
                    : $"{shown}: not formatted: fix the syntax errors above first; the file is left as it was\n");
                refused++;
                continue;
            }

            if (result.Text == read.Text)
            {
                continue;
            }

            changed.Add(shown);
            if (diff)
            {
                output.Write(UnifiedDiff.Write(shown, read.Text, result.Text!));
            }
            else if (check)
            {
                output.Write($"{shown}: not in the canonical layout\n");
            }
            else
            {
                if (AtomicFile.Write(file, result.Text!, replace: true, keepMode: true) is { } refusedWrite)
                {
                    DiagnosticText.Write(text, refusedWrite);
                    unreadable++;
                    continue;
                }

                output.Write($"formatted {shown}\n");
            }
        }

        error.Write(text.ToString());
        var verb = check || diff ? "would be reformatted" : "reformatted";
        output.Write($"{DiagnosticText.Plural(files.Count, "file")} checked; {changed.Count} {verb}" + (refused > 0 ? $"; {refused} with syntax errors {(check || diff ? "not checked" : "left as they were")}" : string.Empty) + "\n");
        // Formatting that was asked for and refused fails; --check and --diff judge the layout only, and a file whose
        // syntax the formatter cannot read has none to judge (check reports it).
        return problems.Count > 0 || unreadable > 0 || (!check && !diff && refused > 0) || ((check || diff) && changed.Count > 0) ? ExitCodes.Failed : ExitCodes.Clean;
    }
}
