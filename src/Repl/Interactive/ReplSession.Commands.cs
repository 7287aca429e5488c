using PolicyDsl.Evaluator.Analysis;
using PolicyDsl.Evaluator.Reports;
using PolicyDsl.Repl.Hosting;

namespace PolicyDsl.Repl.Interactive;

public sealed partial class ReplSession
{
    /// <summary>
    /// The session's own commands (loading, listing, what-ifs, withdrawals), with their help text. The questions are
    /// the table's (<see cref="Questions"/>), the verbs' own: see <see cref="Commands"/>.
    /// </summary>
    private static readonly (string Name, string Arguments, string Help)[] SessionCommands =
    [
        (":help", string.Empty, "this list"),
        (":load", "FILE", "load an argument file into the session"),
        (":reload", string.Empty, "read the loaded files again"),
        (":facts", string.Empty, "the premises"),
        (":rules", string.Empty, "the rules"),
        (":sources", string.Empty, "the sources and what cites them"),
        (":conclusions", string.Empty, "every conclusion with its truth value and sources"),
        (":scenarios", "[SCENARIO]", "every combination of the open premises (within a named scenario, what it leaves open): per conclusion all/some/none, probability, what it depends on"),
        (":set", "PREMISE [= VALUE]", "what if: fix a premise (p, not p, p = v) and show the conclusions that change"),
        (":unset", "PREMISE", "drop a what-if premise"),
        (":map", "[FILE]", "write the session's map (what-ifs and withdrawals applied) as SVG, DOT or JSON by the file's extension; map.svg by default"),
        (":without", "NAME", "withdraw premises (a source, source#anchor or a premise) for the rest of the session and show what loses support"),
        (":with", "NAME", "put withdrawn premises back"),
        (":reset", string.Empty, "forget typed statements, what-ifs and C# state (loaded files stay)"),
        (":quit", string.Empty, "leave the REPL (end of input does too)"),
    ];

    /// <summary>Every command with its help text: the session's own, then the questions of the table; also what tab completion offers.</summary>
    public static readonly IReadOnlyList<(string Name, string Arguments, string Help)> Commands =
    [
        .. SessionCommands.Take(3),
        .. Questions.All.Select(q => (q.ReplCommand, q.ReplUsage[(q.ReplCommand.Length + 1)..], q.Summary)),
        .. SessionCommands.Skip(3),
    ];

    private Exception? lastException;

    private void RunCommand(string text, CancellationToken cancellation)
    {
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var name = space < 0 ? text : text[..space];
        var argument = space < 0 ? string.Empty : text[(space + 1)..].Trim();
        try
        {
            switch (name)
            {
                case ":help":
                    Output.Write("Type a statement of the language (fact, rule, assume, expect, ...) to add it, '? atom' to query (every row;\n" +
                        "'?? atom' only the rows the argument decides; '? a - b' computes over values),\n" +
                        "C# to compute over the model (Facts, Rules, Conclusions, Eval(\"atom\"), Why(\"atom\"), WhatIf(\"premise\")), or a command:\n");
                    foreach (var (command, arguments, help) in Commands)
                    {
                        Output.Write($"  {(command + " " + arguments).PadRight(28)}{help}\n");
                    }

                    break;
                case ":load":
                    Require(argument, "a file: :load samples/000-no-deal-left.policy");
                    Load(argument);
                    break;
                case ":reload":
                    Reload();
                    Output.Write($"reloaded {files.Count} file{(files.Count == 1 ? string.Empty : "s")}\n");
                    break;
                case ":facts":
                    Output.Write(TextTable.Format(Model.Facts.Select(FactView.From).ToList()) + "\n");
                    break;
                case ":rules":
                    Output.Write(TextTable.Format(Model.Rules.Select(r => new RuleView(r.Name, r.Text, r.Location.ToString())).ToList()) + "\n");
                    break;
                case ":sources":
                    Output.Write(TextTable.Format(Model.Sources.Values.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => new
                    {
                        Source = s.Name,
                        Document = s.DeclaredPath,
                        Citations = Model.Facts.Count(f => f.Citation?.Source == s) + Model.Assumes.Count(a => a.Citation?.Source == s),
                    }).ToList()) + "\n");
                    break;
                case ":conclusions":
                    Output.Write(TextTable.Format(Analysis.Conclusions().Select(ConclusionView.From).ToList()) + "\n");
                    break;
                case ":scenarios":
                    Output.Write(Scenarios(argument.Length == 0 ? null : argument.Trim('"'), cancellation));
                    break;
                case ":set" when argument.Length == 0:
                    Output.Write(Analysis.WhatIfs.IsEmpty ? "no what-if premises\n" : string.Concat(Analysis.WhatIfs.Select(w => "  " + w.Text + "\n")));
                    break;
                case ":set":
                    WriteWhatIf(SetPremise(argument), "set " + argument);
                    break;
                case ":unset":
                    Require(argument, "a premise: :unset offer(US, China)");
                    WriteWhatIf(UnsetPremise(argument), "unset " + argument);
                    break;
                case ":map":
                    WriteMap(argument.Length == 0 ? "map.svg" : argument);
                    break;
                case ":without" when argument.Length == 0:
                    Output.Write(Analysis.Withdrawn is { } withdrawn ? string.Concat(withdrawn.Names.Select(n => "  " + n + "\n")) : "nothing is withdrawn\n");
                    break;
                case ":without":
                    var retraction = Analysis.Retract([argument], cancellation: cancellation);
                    Analysis = Analysis.Without([argument]);
                    Output.Write(SupportText.Retract(retraction));
                    break;
                case ":with":
                    Require(argument, "a withdrawn name: :with enlist");
                    Analysis = Analysis.With(argument);
                    Output.Write($"{argument} is back; withdrawn: {(Analysis.Withdrawn is { } left ? string.Join(", ", left.Names) : "nothing")}\n");
                    break;
                case ":reset":
                    Reset();
                    Output.Write("session reset\n");
                    break;
                case ":stack":
                    Output.Write(lastException is null ? "no exception yet\n" : lastException + "\n");
                    break;
                case ":quit" or ":exit" or ":q":
                    QuitRequested = true;
                    break;
                case var asked when Questions.ForRepl(asked) is { } question:
                    Ask(question, argument, cancellation);
                    break;
                default:
                    var suggestion = Dsl.Diagnostics.NameSuggestions.Closest(name, Commands.Select(c => c.Name));
                    Output.Write($"unknown command '{name}'{(suggestion is null ? string.Empty : $"; did you mean '{suggestion}'?")} (:help lists them)\n");
                    Failed();
                    break;
            }
        }
        catch (ReplException e)
        {
            Output.Write("error: " + e.Message + "\n");
            Failed();
        }
    }

    /// <summary>
    /// Writes the map of the session as it stands: the current evaluation, with the what-ifs applied and the withdrawn
    /// premises gone, titled so; SVG (drawn by Graphviz), DOT or JSON by the file's extension, written atomically.
    /// </summary>
    private void WriteMap(string file)
    {
        var format = Path.GetExtension(file).ToLowerInvariant() switch
        {
            ".svg" => "svg",
            ".dot" or ".gv" => "dot",
            ".json" => "json",
            var other => throw new ReplException($"cannot tell the format of '{file}' from its extension{(other.Length == 0 ? string.Empty : $" '{other}'")}: name a .svg, .dot or .json file"),
        };
        var map = Evaluator.Maps.ArgumentMap.Of(Analysis.Context.Title(Analysis.Model.DisplayName), Analysis.Evaluated, Report, null);
        var dot = MapDot.Write(map);
        var text = format switch
        {
            "json" => JsonReports.Map(map, Analysis.Context),
            "svg" => Repl.Hosting.Graphviz.Render(dot) switch
            {
                { Svg: { } svg } => svg,
                { Missing: true } => throw new ReplException(Repl.Hosting.Graphviz.Missing(":map to an .svg file", "write DOT or JSON: :map map.dot, :map map.json")),
                var failed => throw new ReplException(Repl.Hosting.Graphviz.Failed(":map to an .svg file", failed.Failure!) + "; write DOT or JSON: :map map.dot, :map map.json"),
            },
            _ => dot,
        };
        var path = Path.GetFullPath(file);
        if (!Directory.Exists(Path.GetDirectoryName(path)))
        {
            throw new ReplException($"the folder of '{file}' does not exist; name a file in an existing folder");
        }

        if (Dsl.Files.AtomicFile.Write(path, Dsl.Text.DisplayText.EscapeOutput(text), replace: true) is { } refused)
        {
            throw new ReplException(refused.Message);
        }

        Output.Write($"wrote {file}: the map of {map.Title}, {map.Nodes.Count} nodes and {map.Edges.Count} edges\n");
    }

    /// <summary>The scenarios report for the session as it stands (what-ifs included: they fix premises).</summary>
    private string Scenarios(string? scenario, CancellationToken cancellation)
    {
        var preparation = Analysis.PrepareSweep(scenario: scenario);
        if (preparation.Refusal is { } refusal)
        {
            throw new ReplException(ScenarioText.Refusal(refusal, "policydsl scenarios FILE").TrimEnd('\n'));
        }

        return ScenarioText.Write(Model.DisplayName + (scenario is null ? string.Empty : $" (scenario \"{scenario}\")"), Evaluator.Scenarios.ScenarioSweep.Run(preparation.Plan!, new Evaluator.Scenarios.SweepOptions { Dependencies = true, Cancellation = cancellation }));
    }

    /// <summary>A question of the table, asked of the session as it stands (its what-ifs and withdrawals are the context).</summary>
    private void Ask(Question question, string line, CancellationToken cancellation)
    {
        var (arguments, scenario, all) = Questions.ParseRepl(question, line);
        if (question.Arity != QuestionArity.Any)
        {
            var noun = question.ArgumentName.ToLowerInvariant();
            var what = question.Arity == QuestionArity.One ? ("aeiou".Contains(noun[0], StringComparison.Ordinal) ? "an " : "a ") + noun : $"one or more {noun}s";
            Require(string.Join(";", arguments), $"{what}: {question.ReplCommand} {question.Example}");
        }

        // The answer's exit code is the verb's; in a session an answer that is not established (a conflict) is still
        // an answer, not an input error.
        question.Ask(new QuestionAsked(Analysis, arguments, scenario, all, cancellation)).WriteText(Output);
    }

    private void WriteWhatIf(IReadOnlyList<ConclusionChange> changes, string what)
    {
        if (changes.Count == 0)
        {
            Output.Write($"{what}; no conclusion differs from the argument without what-ifs\n");
            return;
        }

        var text = new System.Text.StringBuilder($"{what}; {changes.Count} conclusion{(changes.Count == 1 ? string.Empty : "s")} differ{(changes.Count == 1 ? "s" : string.Empty)} from the argument without what-ifs:\n");
        ChangesText.Write(text, changes);
        Output.Write(text.ToString());
    }

    internal void RememberException(Exception exception) => lastException = exception;

    private static void Require(string argument, string what)
    {
        if (argument.Length == 0)
        {
            throw new ReplException("this command needs " + what);
        }
    }
}
