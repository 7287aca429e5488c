using System.Collections.Immutable;
using System.Text;
using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Dsl.Syntax;
using PolicyDsl.Evaluator.Checking;
using PolicyDsl.Evaluator.Engine;
using PolicyDsl.Evaluator.Explain;
using PolicyDsl.Evaluator.Reports;

namespace PolicyDsl.Cli.Interactive;

/// <summary>
/// The REPL's core, without a console: loaded files, statements typed in the session, what-if premises, and a C#
/// scripting state. Each input is a command (<c>:why</c>), a statement of the language (added, re-checked,
/// re-evaluated), a query (<c>? no_deal(US, x)</c>) or C#. Nothing an input does ends the session but
/// <c>:quit</c>. <see cref="Run(string, IEnumerable{string})"/> is the one-line entry point tests use.
/// </summary>
public sealed partial class ReplSession
{
    private const string WhatIfScenario = "what-if";

    /// <summary>The line of the session buffer where the statement being added starts.</summary>
    private int firstLineOfInput = 1;

    private readonly List<string> files = [];
    private readonly List<string> statements = [];
    private readonly SortedDictionary<string, string> whatIf = new(StringComparer.Ordinal);
    private readonly CSharpHost csharp;

    public ReplSession(TextWriter output, CSharpHost? csharp = null)
    {
        Output = output;
        this.csharp = csharp ?? new CSharpHost();
        Reanalyze();
    }

    public TextWriter Output { get; }

    /// <summary>The session's argument as last analysed (loaded files, typed statements and what-ifs).</summary>
    public ArgumentReport Report { get; private set; } = null!;

    public Model Model => Report.Model;

    /// <summary>The evaluation the session reports on: the what-if scenario when premises are set, else the base.</summary>
    public Evaluation? Current => whatIf.Count > 0 ? Report.Scenarios.FirstOrDefault(s => s.Scenario.Name == WhatIfScenario)?.Evaluation : Report.Base;

    public bool QuitRequested { get; private set; }

    /// <summary>Runs a script of inputs and returns what the session printed: the one-line entry point for tests.</summary>
    public static string Run(string script, IEnumerable<string>? files = null)
    {
        var output = new StringWriter { NewLine = "\n" };
        var session = new ReplSession(output);
        foreach (var file in files ?? [])
        {
            session.Execute(":load " + file);
        }

        foreach (var input in ReplInput.Split(script))
        {
            output.Write(ReplInput.Prompt + input.Replace("\n", "\n" + ReplInput.ContinuationPrompt, StringComparison.Ordinal) + "\n");
            session.Execute(input);
            if (session.QuitRequested)
            {
                break;
            }
        }

        return output.ToString();
    }

    /// <summary>Runs one input. Never throws for anything the user typed.</summary>
    public void Execute(string input, CancellationToken cancellation = default)
    {
        var text = input.Trim();
        if (text.Length == 0 || text.StartsWith("//", StringComparison.Ordinal))
        {
            return;
        }

        try
        {
            if (text.StartsWith(':'))
            {
                RunCommand(text, cancellation);
            }
            else if (text.StartsWith('?'))
            {
                RunQuery(text[1..].Trim());
            }
            else if (ReplInput.IsStatement(text))
            {
                AddStatement(text, cancellation);
            }
            else
            {
                csharp.Run(text, new ReplGlobals(this), Output, cancellation);
            }
        }
        catch (OperationCanceledException)
        {
            Output.Write("cancelled\n");
        }
        catch (ReplException e)
        {
            Output.Write("error: " + e.Message + "\n");
        }
    }

    // ------------------------------------------------------------ the session's argument

    internal string SessionText()
    {
        var text = new StringBuilder("// the REPL session\n");
        foreach (var file in files)
        {
            text.Append("import \"").Append(file.Replace("\\", "/", StringComparison.Ordinal)).Append("\"\n");
        }

        foreach (var statement in statements)
        {
            text.Append(statement).Append('\n');
        }

        if (whatIf.Count > 0)
        {
            text.Append("scenario \"").Append(WhatIfScenario).Append("\" {\n");
            foreach (var premise in whatIf.Values)
            {
                text.Append("  fact ").Append(premise).Append('\n');
            }

            text.Append("}\n");
        }

        return text.ToString();
    }

    /// <summary>The session as one argument: the loaded files are imported, and their expectations and scenarios count as the session's own.</summary>
    private ArgumentReport Analyze(string text, CancellationToken cancellation = default) =>
        ArgumentChecker.Check(Analyzer.Analyze(Workspace.FromText(Path.Combine(Environment.CurrentDirectory, "repl.policy"), text, entryFiles: files)), cancellation);

    private void Reanalyze() => Report = Analyze(SessionText());

    private void Load(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            Output.Write($"error PD0010: '{path}' does not exist\n");
            return;
        }

        if (!files.Contains(full))
        {
            files.Add(full);
        }

        Reanalyze();
        var problems = Report.Diagnostics.Where(d => d.Severity != Severity.Info).ToList();
        foreach (var diagnostic in problems)
        {
            Output.Write(diagnostic + "\n");
        }

        Output.Write($"loaded {DisplayPath.For(full)}: {Model.Facts.Count} premises, {Model.Assumes.Count} open, {Model.Rules.Count} rules" +
            (problems.Count(d => d.IsError) is var errors and > 0 ? $", {errors} errors" : string.Empty) + "\n");
    }

    /// <summary>Adds a statement if it brings no new error; shows its diagnostics and what it changed either way.</summary>
    private void AddStatement(string statement, CancellationToken cancellation)
    {
        var parsed = PolicyParser.ParseText("<input>", statement);
        if (parsed.HasErrors)
        {
            WriteDiagnostics(parsed.Diagnostics);
            return;
        }

        var before = Snapshot();
        var errorsBefore = Report.Diagnostics.Where(d => d.IsError).Select(d => d.ToString()).ToHashSet(StringComparer.Ordinal);
        firstLineOfInput = 2 + files.Count + statements.Sum(s => s.Count(c => c == '\n') + 1);
        statements.Add(statement);
        ArgumentReport candidate;
        try
        {
            candidate = Analyze(SessionText(), cancellation);
        }
        catch (OperationCanceledException)
        {
            statements.RemoveAt(statements.Count - 1);
            throw;
        }

        var fresh = candidate.Diagnostics.Where(d => !errorsBefore.Contains(d.ToString()) && d.Severity != Severity.Info).ToList();
        if (fresh.Any(d => d.IsError))
        {
            statements.RemoveAt(statements.Count - 1);
            WriteDiagnostics(fresh, statement);
            Output.Write("not added: fix the statement and enter it again\n");
            return;
        }

        Report = candidate;
        WriteDiagnostics(fresh, statement);
        WriteChanges(before, "added");
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

    private Dictionary<string, string> Snapshot() => Current is { } evaluation
        ? EvalText.Conclusions(evaluation).ToDictionary(r => r.Atom.Display, r => r.State, StringComparer.Ordinal)
        : [];

    internal IReadOnlyList<ChangeView> Changes(Dictionary<string, string> before)
    {
        var after = Current is { } evaluation ? EvalText.Conclusions(evaluation) : [];
        var changes = new List<ChangeView>();
        foreach (var row in after)
        {
            var old = before.GetValueOrDefault(row.Atom.Display, "unknown");
            if (old != row.State)
            {
                changes.Add(new ChangeView(row.Atom.Display, old, row.State, row.Sources));
            }
        }

        foreach (var (atom, state) in before)
        {
            if (!after.Any(r => r.Atom.Display == atom) && state != "unknown")
            {
                changes.Add(new ChangeView(atom, state, "unknown", []));
            }
        }

        return changes;
    }

    private void WriteChanges(Dictionary<string, string> before, string what)
    {
        var changes = Changes(before);
        foreach (var diagnostic in Report.Diagnostics.Where(d => d.Code is "PD0050"))
        {
            Output.Write(diagnostic + "\n");
        }

        if (changes.Count == 0)
        {
            Output.Write($"{what}; no conclusion changed\n");
            return;
        }

        Output.Write($"{what}; {changes.Count} conclusion{(changes.Count == 1 ? string.Empty : "s")} changed:\n");
        foreach (var change in changes)
        {
            Output.Write("  " + change + "\n");
        }
    }

    // ------------------------------------------------------------ queries

    /// <summary>Answers a query: its truth, or for each binding of its variables the truth (unknown rows left out unless all are).</summary>
    internal IReadOnlyList<QueryRow> Query(string text)
    {
        var query = Analyzer.BindQuery(Model, text);
        if (query.HasErrors || Current is not { } evaluation)
        {
            throw new ReplException(query.Diagnostics.Count > 0 ? string.Join("\n", query.Diagnostics.Select(d => $"{d.Code}: {d.Message}")) : "the session has errors; nothing is evaluated");
        }

        var rows = new List<QueryRow>();
        foreach (var bindings in Assignments(query.Variables))
        {
            var label = string.Join(", ", query.Variables.Select((v, i) => $"{v.Name} = {bindings[i]}"));
            if (query.Expression is BoundAtomValue valued)
            {
                var atom = evaluation.Program.FindAtom(AtomKeyOf(valued.Atom, bindings));
                var values = atom is { } id ? evaluation.ValuesOf(id) : [];
                rows.Add(new QueryRow(label, values.Count == 0 ? "unknown" : string.Join(" / ", values)));
                continue;
            }

            var condition = evaluation.Program.Compile(query.Expression!, bindings);
            rows.Add(new QueryRow(label, evaluation.TruthOf(condition).Text()));
        }

        return rows.Count > 1 && rows.Any(r => r.Answer != "unknown") ? [.. rows.Where(r => r.Answer != "unknown")] : rows;
    }

    private static string AtomKeyOf(BoundAtom atom, ImmutableArray<Value> bindings) => Evaluator.Grounding.AtomKey.Of(atom, bindings);

    private static IEnumerable<ImmutableArray<Value>> Assignments(IReadOnlyList<VariableSymbol> variables)
    {
        IEnumerable<ImmutableArray<Value>> result = [ImmutableArray<Value>.Empty];
        foreach (var variable in variables)
        {
            var members = variable.Type.Members.Select(m => m.Value).ToList();
            result = result.SelectMany(prefix => members.Select(prefix.Add));
        }

        return result;
    }

    private void RunQuery(string text)
    {
        var rows = Query(text);
        Output.Write(rows.Count == 1 && rows[0].Bindings.Length == 0 ? rows[0].Answer + "\n" : TextTable.Format(rows) + "\n");
    }

    // ------------------------------------------------------------ explanations

    internal ProofView Explain(string text, bool whyNot)
    {
        var query = Analyzer.BindQuery(Model, text);
        if (query.HasErrors || Current is not { } evaluation)
        {
            throw new ReplException(query.Diagnostics.Count > 0 ? string.Join("\n", query.Diagnostics.Select(d => $"{d.Code}: {d.Message}")) : "the session has errors; nothing is evaluated");
        }

        if (query.Variables.Count > 0)
        {
            throw new ReplException($"name one atom: '{text}' has variables ({string.Join(", ", query.Variables.Select(v => v.Name))})");
        }

        var explainer = new Explainer(evaluation);
        var program = evaluation.Program;
        switch (query.Expression)
        {
            case BoundTruth t when program.FindAtom(t.Atom.ToString()) is { } atom:
                return new ProofView(whyNot ? explainer.WhyNot(Plane.True(atom)) : explainer.Why(Plane.True(atom)) ?? explainer.WhyNot(Plane.True(atom)));
            case BoundNot { Operand: BoundTruth t } when program.FindAtom(t.Atom.ToString()) is { } atom:
                return new ProofView(whyNot ? explainer.WhyNot(Plane.False(atom)) : explainer.Why(Plane.False(atom)) ?? explainer.WhyNot(Plane.False(atom)));
            case BoundAtomValue v when program.FindAtom(v.Atom.ToString()) is { } atom && evaluation.ValuesOf(atom) is { Count: > 0 } values && !whyNot:
                return new ProofView(new ProofNode($"{v.Atom} = {string.Join(" / ", values)}", string.Empty, null, null,
                    [.. values.Select(value => explainer.Why(Plane.Valued(atom, value))).OfType<ProofNode>()]));
            default:
                return new ProofView(explainer.WhyCondition(program.Compile(query.Expression!, []), text));
        }
    }

    // ------------------------------------------------------------ what-if

    /// <summary>Fixes a premise for the rest of the session and returns the conclusions that differ from the argument as written.</summary>
    public IReadOnlyList<ChangeView> WhatIf(string premise) => SetPremise(premise);

    internal IReadOnlyList<ChangeView> SetPremise(string premise)
    {
        var text = premise.Trim();
        var key = KeyOf(text);

        // A what-if changes something the argument has: a misspelt premise would otherwise define a new relation.
        var known = Analyzer.BindQuery(Model, key);
        if (known.HasErrors || known.Variables.Count > 0)
        {
            throw new ReplException(known.Variables.Count > 0
                ? $"name one premise: '{key}' has variables ({string.Join(", ", known.Variables.Select(v => v.Name))})"
                : string.Join("\n", known.Diagnostics.Select(d => $"{d.Code}: {d.Message}")));
        }

        var before = BaseSnapshot();
        var previous = whatIf.GetValueOrDefault(key);
        whatIf[key] = text;
        var candidate = Analyze(SessionText());
        var errors = candidate.Diagnostics.Where(d => d.IsError && d.Source?.Path.EndsWith("repl.policy", StringComparison.Ordinal) == true && d.Code != "PD0051" && d.Code != "PD0050").ToList();
        if (errors.Count > 0)
        {
            if (previous is null)
            {
                whatIf.Remove(key);
            }
            else
            {
                whatIf[key] = previous;
            }

            throw new ReplException(string.Join("\n", errors.Select(d => $"{d.Code}: {d.Message}")));
        }

        Report = candidate;
        return Changes(before);
    }

    internal IReadOnlyList<ChangeView> UnsetPremise(string premise)
    {
        var before = BaseSnapshot();
        if (!whatIf.Remove(KeyOf(premise.Trim())))
        {
            throw new ReplException($"'{premise.Trim()}' is not set; :set shows what is");
        }

        Reanalyze();
        return whatIf.Count == 0 ? [] : Changes(before);
    }

    /// <summary>What-ifs are compared with the argument without them.</summary>
    private Dictionary<string, string> BaseSnapshot() => Report.Base is { } evaluation
        ? EvalText.Conclusions(evaluation).ToDictionary(r => r.Atom.Display, r => r.State, StringComparer.Ordinal)
        : [];

    /// <summary>The atom a premise is about, so that setting it again replaces it: "not p" and "p = v" are about p.</summary>
    private static string KeyOf(string premise)
    {
        var text = premise.StartsWith("not ", StringComparison.Ordinal) ? premise[4..] : premise;
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        return string.Join(' ', (equals < 0 ? text : text[..equals]).Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    internal IReadOnlyDictionary<string, string> WhatIfPremises => whatIf;

    internal IReadOnlyList<string> LoadedFiles => files;

    internal IReadOnlyList<string> Statements => statements;

    internal void Reset()
    {
        statements.Clear();
        whatIf.Clear();
        csharp.Reset();
        Reanalyze();
    }

    internal void Reload()
    {
        Reanalyze();
    }
}

/// <summary>One row of a query's answer.</summary>
public sealed record QueryRow(string Bindings, string Answer)
{
    public override string ToString() => Bindings.Length == 0 ? Answer : $"{Bindings}: {Answer}";
}

/// <summary>A problem with what the user typed, reported in one line; the session goes on.</summary>
public sealed class ReplException(string message) : Exception(message);
