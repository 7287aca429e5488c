using System.Text;
using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Dsl.Files;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Dsl.Syntax;
using PolicyDsl.Evaluator.Analysis;
using PolicyDsl.Evaluator.Checking;
using PolicyDsl.Evaluator.Engine;

namespace PolicyDsl.Repl.Interactive;

/// <summary>
/// The REPL's core, without a console: loaded files, statements typed in the session, what-if premises, and a C#
/// scripting state. Each input is a command (<c>:why</c>), a statement of the language (added, re-checked,
/// re-evaluated), a query (<c>? no_deal(US, x)</c>) or C#. Nothing an input does ends the session but
/// <c>:quit</c>. <see cref="Run(string, IEnumerable{string})"/> is the one-line entry point tests use.
/// </summary>
public sealed partial class ReplSession
{
    /// <summary>The line of the session buffer where the statement being added starts.</summary>
    private int firstLineOfInput = 1;

    /// <summary>The index of the statement the last input added, which a continuation line typed next amends.</summary>
    private int? lastAdded;

    private readonly List<string> files = [];
    private readonly List<string> statements = [];
    private readonly CSharpHost csharp;
    private readonly string? projectRoot;

    /// <summary>A session writing to <paramref name="output"/>; imports and sources resolve in <paramref name="projectRoot"/> (--root), or the root found from each file when null.</summary>
    public ReplSession(TextWriter output, CSharpHost? csharp = null, string? projectRoot = null)
    {
        Output = output;
        this.projectRoot = projectRoot;
        this.csharp = csharp ?? new CSharpHost();
        Reanalyze();
    }

    public TextWriter Output { get; }

    /// <summary>The session's argument as last analysed (loaded files and typed statements), with its what-ifs: what every question is asked of.</summary>
    public ArgumentAnalysis Analysis { get; private set; } = null!;

    public ArgumentReport Report => Analysis.Report;

    public Model Model => Analysis.Model;

    /// <summary>The evaluation the session reports on: the base argument with the what-ifs applied.</summary>
    public Evaluation? Current => Analysis.Current;

    public bool QuitRequested { get; private set; }

    /// <summary>How many inputs so far had an error (a diagnostic, a refused question, a C# error or exception).</summary>
    public int Errors { get; private set; }

    private bool inputFailed;

    /// <summary>Runs a script of inputs and returns what the session printed: the one-line entry point for tests.</summary>
    public static string Run(string script, IEnumerable<string>? files = null)
    {
        var output = new StringWriter { NewLine = "\n" };
        RunScript(new StringReader(script.Replace("\r\n", "\n", StringComparison.Ordinal)), files ?? [], output);
        return output.ToString();
    }

    /// <summary>
    /// Runs the inputs of a script as they are read, writing each input (after the prompt) and its output as it is
    /// produced; returns how many inputs had an error.
    /// </summary>
    public static int RunScript(TextReader script, IEnumerable<string> files, TextWriter output, string? projectRoot = null)
    {
        var session = new ReplSession(output, projectRoot: projectRoot);
        foreach (var file in files)
        {
            session.Execute(":load " + file);
        }

        foreach (var input in ReplInput.Read(script))
        {
            output.Write(ReplInput.Prompt + input.Text.Replace("\n", "\n" + ReplInput.ContinuationPrompt, StringComparison.Ordinal) + "\n");
            session.Execute(input.Text);
            if (session.QuitRequested)
            {
                break;
            }
        }

        return session.Errors;
    }

    /// <summary>Marks the input being run as failed; the session counts it.</summary>
    internal void Failed() => inputFailed = true;

    /// <summary>Runs one collected input; an amendment replaces the statement the input before it added.</summary>
    public void Execute(CollectedInput input, CancellationToken cancellation = default) =>
        Run(input.Text, input.Amends, cancellation);

    /// <summary>Runs one input. Never throws for anything the user typed.</summary>
    public void Execute(string input, CancellationToken cancellation = default) => Run(input, amends: false, cancellation);

    /// <summary>Runs one input; <paramref name="amends"/> when it is the statement entered just before, with the lines that continue it, to replace that statement.</summary>
    private void Run(string input, bool amends, CancellationToken cancellation)
    {
        var text = input.Trim();
        var amended = amends ? lastAdded : null;
        lastAdded = null;
        if (text.Length == 0 || text.StartsWith("//", StringComparison.Ordinal))
        {
            return;
        }

        inputFailed = false;
        try
        {
            if (text.StartsWith(':'))
            {
                RunCommand(text, cancellation);
            }
            else if (text.StartsWith('?'))
            {
                // '??' asks the same question and lists only the rows the argument decides (not unknown).
                RunQuery(text.StartsWith("??", StringComparison.Ordinal) ? text[2..].Trim() : text[1..].Trim(), decidedOnly: text.StartsWith("??", StringComparison.Ordinal));
            }
            else if (ReplInput.IsStatement(text))
            {
                AddStatement(text, cancellation, amended);
            }
            else if (!csharp.Run(text, new ReplGlobals(this), Output, cancellation))
            {
                Failed();
            }
        }
        catch (OperationCanceledException)
        {
            Output.Write("cancelled\n");
        }
        catch (ReplException e)
        {
            Output.Write("error: " + e.Message + "\n");
            Failed();
        }
        catch (QuestionException e)
        {
            WriteProblem(e);
        }

        if (inputFailed)
        {
            Errors++;
        }
    }

    /// <summary>How the REPL says a question has no answer: one line, or the session's state when nothing is evaluated.</summary>
    internal void WriteProblem(QuestionException problem)
    {
        Output.Write(problem.Failure == QuestionFailure.NotEvaluated ? "error: the session has errors; nothing is evaluated\n" : "error: " + problem.Message + "\n");
        Failed();
    }

    // ------------------------------------------------------------ the session's argument

    internal string SessionText()
    {
        var text = new StringBuilder("// the REPL session\n");
        foreach (var statement in statements)
        {
            text.Append(statement).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>
    /// The session as one argument: the loaded files are loaded first, as the verbs load a file, and their
    /// expectations and scenarios count as the session's own. The session's withdrawal and what-ifs are applied
    /// again; those that no longer apply are named in <see cref="Candidate.Dropped"/>, which the session says only if
    /// it takes the new analysis (a refused statement changes nothing, so it drops nothing).
    /// </summary>
    private Candidate Analyze(string text, CancellationToken cancellation = default)
    {
        var fresh = ArgumentAnalysis.Of(Workspace.FromText(Path.Combine(Environment.CurrentDirectory, "repl.policy"), text, entryFiles: files, projectRoot: projectRoot), cancellation);
        _ = fresh.Report;
        return Analysis is null ? new Candidate(fresh, []) : KeepWhatIfs(fresh);
    }

    /// <summary>An analysis of the session's argument, not yet the session's, with what it would drop.</summary>
    private sealed record Candidate(ArgumentAnalysis Analysis, IReadOnlyList<string> Dropped);

    /// <summary>Takes a candidate as the session's analysis and says which withdrawal or what-ifs it dropped.</summary>
    private ArgumentAnalysis Accept(Candidate candidate)
    {
        foreach (var dropped in candidate.Dropped)
        {
            Output.Write(dropped + "\n");
        }

        return candidate.Analysis;
    }

    /// <summary>The session's what-ifs over a new analysis of its argument; one that no longer applies is dropped.</summary>
    private Candidate KeepWhatIfs(ArgumentAnalysis fresh)
    {
        var dropped = new List<string>();
        if (Analysis.Withdrawn is { } withdrawn)
        {
            try
            {
                fresh = fresh.Without(withdrawn.Names);
            }
            catch (QuestionException e)
            {
                dropped.Add($"withdrawal of {string.Join(", ", withdrawn.Names)} dropped: {(e.Failure == QuestionFailure.NotEvaluated ? "the session has errors" : e.Message)}");
            }
        }

        foreach (var whatIf in Analysis.WhatIfs)
        {
            try
            {
                fresh = fresh.WithWhatIf(whatIf.Text);
            }
            catch (QuestionException e)
            {
                dropped.Add($"what-if {whatIf.Text} dropped: {(e.Failure == QuestionFailure.NotEvaluated ? "the session has errors" : e.Message)}");
            }
        }

        return new Candidate(fresh, dropped);
    }

    private void Reanalyze() => Analysis = Accept(Analyze(SessionText()));

    private void Load(string path)
    {
        var full = Path.GetFullPath(path);
        var added = !files.Contains(full);
        if (added)
        {
            files.Add(full);
        }

        Reanalyze();

        // The file is read as the verbs read one (a regular .policy file, capped, its imports inside its project);
        // one that cannot be read is not kept in the session.
        var real = FileSystemProbe.RealPath(full) ?? full;
        if (!Model.Workspace.Trees.Any(t => t.Source.FullPath == real))
        {
            var shown = DisplayPath.For(full);
            foreach (var diagnostic in Report.Diagnostics.Where(d => d.IsError && d.Path == shown))
            {
                Output.Write(diagnostic + "\n");
            }

            if (added)
            {
                files.Remove(full);
            }

            Reanalyze();
            Output.Write($"not loaded: {shown}\n");
            Failed();
            return;
        }

        var problems = Report.Diagnostics.Where(d => d.Severity != Severity.Info).ToList();
        foreach (var diagnostic in problems)
        {
            Output.Write(diagnostic + "\n");
        }

        if (problems.Any(d => d.IsError))
        {
            Failed();
        }

        Output.Write($"loaded {DisplayPath.For(full)}: {Model.Facts.Count} premises, {Model.Assumes.Count} open, {Model.Rules.Count} rules" +
            (DiagnosticBag.Total(problems, Severity.Error) is var errors and > 0 ? $", {errors} errors" : string.Empty) + "\n");
    }

    /// <summary>
    /// Adds a statement if it brings no new error; shows its diagnostics and what it changed either way. With
    /// <paramref name="replacing"/>, the statement takes the place of the one at that index (a continuation line
    /// amended it), which stays as it was if the new one is refused.
    /// </summary>
    private void AddStatement(string statement, CancellationToken cancellation, int? replacing = null)
    {
        var parsed = PolicyParser.ParseText("<input>", statement);
        if (parsed.HasErrors)
        {
            WriteDiagnostics(parsed.Diagnostics);
            Failed();
            return;
        }

        var before = Snapshot();
        var errorsBefore = Report.Diagnostics.Where(d => d.IsError).Select(d => d.ToString()).ToHashSet(StringComparer.Ordinal);
        string? replaced = null;
        if (replacing is { } at)
        {
            replaced = statements[at];
            statements.RemoveAt(at);
        }

        var index = replacing ?? statements.Count;
        statements.Insert(index, statement);
        firstLineOfInput = 2 + statements.Take(index).Sum(s => s.Count(c => c == '\n') + 1);

        void Restore()
        {
            statements.RemoveAt(index);
            if (replaced is not null)
            {
                statements.Insert(index, replaced);
            }
        }

        Candidate candidate;
        try
        {
            candidate = Analyze(SessionText(), cancellation);
        }
        catch (OperationCanceledException)
        {
            Restore();
            throw;
        }

        var fresh = candidate.Analysis.Report.Diagnostics.Where(d => !errorsBefore.Contains(d.ToString()) && d.Severity != Severity.Info).ToList();
        if (fresh.Any(d => d.IsError))
        {
            Restore();
            WriteDiagnostics(fresh, statement);
            Output.Write(replaced is null
                ? "not added: fix the statement and enter it again\n"
                : "not amended: the statement stays as it was entered; fix the continuation and enter the whole statement again\n");
            Failed();
            return;
        }

        Analysis = Accept(candidate);
        lastAdded = index;
        WriteDiagnostics(fresh, statement);
        WriteChanges(before, replaced is null ? "added" : "amended");
    }

    private void WriteDiagnostics(IEnumerable<Diagnostic> diagnostics, string? statement = null)
    {
        foreach (var d in diagnostics)
        {
            // Diagnostics in what was just typed point into the session buffer; show them against the input instead.
            var inInput = statement is not null && d.Source?.Path.EndsWith("repl.policy", StringComparison.Ordinal) == true;
            var where = inInput ? "<input>" : d.Source?.Path ?? string.Empty;
            var line = inInput ? d.Start.Line - firstLineOfInput + 1 : d.Start.Line;
            Output.Write($"{where}({line},{d.Start.Column}): {d.Severity.ToString().ToLowerInvariant()} {d.Code}: {d.Message}\n");
        }
    }

    // ------------------------------------------------------------ what changed

    private Evaluation? Snapshot() => Current;

    private void WriteChanges(Evaluation? before, string what)
    {
        // Statements change the program, so conclusions are compared by atom across the two programs.
        var changes = Current is null ? ConclusionTable.Differences(before, null) : Analysis.ChangesFrom(before);
        foreach (var diagnostic in Report.Diagnostics.Where(d => d.Code is "PD0050").Concat(Analysis.WhatIfConflicts().Where(d => d.Code is "PD0050")))
        {
            Output.Write(diagnostic + "\n");
        }

        if (changes.Count == 0)
        {
            Output.Write($"{what}; no conclusion changed\n");
            return;
        }

        var text = new System.Text.StringBuilder($"{what}; {changes.Count} conclusion{(changes.Count == 1 ? string.Empty : "s")} changed:\n");
        Evaluator.Reports.ChangesText.Write(text, changes);
        Output.Write(text.ToString());
    }

    // ------------------------------------------------------------ queries

    /// <summary>Answers a query: its truth, or for each binding of its variables the truth (every binding, unknown ones included).</summary>
    internal IReadOnlyList<QueryRow> Query(string text) => Analysis.Query(text);

    private void RunQuery(string text, bool decidedOnly)
    {
        var rows = Query(text);
        if (decidedOnly)
        {
            rows = [.. rows.Where(r => r.Answer != "unknown")];
            if (rows.Count == 0)
            {
                Output.Write("no row is decided: every answer is unknown\n");
                return;
            }
        }

        Output.Write(rows.Count == 1 && rows[0].Bindings.Length == 0 ? rows[0].Answer + "\n" : TextTable.Format(rows) + "\n");
    }

    // ------------------------------------------------------------ explanations

    internal ProofView Explain(string text, bool whyNot) => new(Analysis.Explain(text, whyNot));

    // ------------------------------------------------------------ what-if

    internal IReadOnlyList<ConclusionChange> SetPremise(string premise)
    {
        Analysis = Analysis.WithWhatIf(premise);
        return Analysis.WhatIfChanges();
    }

    internal IReadOnlyList<ConclusionChange> UnsetPremise(string premise)
    {
        Analysis = Analysis.WithoutWhatIf(premise);
        return Analysis.WhatIfChanges();
    }

    internal IEnumerable<string> WhatIfPremises => Analysis.WhatIfs.Select(w => w.Text);

    internal IReadOnlyList<string> LoadedFiles => files;

    internal IReadOnlyList<string> Statements => statements;

    internal void Reset()
    {
        statements.Clear();
        Analysis = null!;
        csharp.Reset();
        Reanalyze();
    }

    internal void Reload()
    {
        Reanalyze();
    }
}

/// <summary>A problem with what the user typed, reported in one line; the session goes on.</summary>
public sealed class ReplException(string message) : Exception(message);
