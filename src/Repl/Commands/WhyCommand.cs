using System.Collections.Immutable;
using System.CommandLine;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Evaluator.Checking;
using PolicyDsl.Evaluator.Engine;
using PolicyDsl.Evaluator.Explain;
using PolicyDsl.Evaluator.Reports;

namespace PolicyDsl.Cli.Commands;

/// <summary>
/// <c>policydsl why FILE ATOM</c>: the proof tree down to cited premises; <c>policydsl why-not FILE ATOM</c>: for
/// each rule that could conclude it, the condition that failed or was unknown. <c>not p</c> asks about p being false.
/// </summary>
internal static class WhyCommand
{
    public static Command Create(TextWriter output, bool negated)
    {
        var file = new Argument<string>("FILE") { Description = "the argument file" };
        var atom = new Argument<string>("ATOM") { Description = "an atom, e.g. 'no_deal(US, Russia)', 'not deal(US, China)' or 'price(Russia) = vital'" };
        var scenario = new Option<string?>("--scenario") { Description = "explain within a named scenario instead of the base argument" };
        var format = new Option<string>("--format") { Description = "text (default) or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command(negated ? "why-not" : "why", negated
            ? "Explain why an atom does not hold: for each rule that could conclude it, the condition that failed or is unknown. " + PolicyCli.ExitCodeHelp
            : "Explain why an atom holds: the rule instances and cited premises it rests on. " + PolicyCli.ExitCodeHelp)
        {
            file,
            atom,
            scenario,
            format,
        };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(atom)!, parse.GetValue(scenario), parse.GetValue(format)!, negated, output));
        return command;
    }

    public static int Run(string file, string atomText, string? scenarioName, string format, bool negated, TextWriter output)
    {
        var report = ArgumentChecker.Check(Analyzer.Analyze(file));
        if (report.Base is null)
        {
            return Inputs.NotEvaluated(report, output);
        }

        var evaluation = report.Base;
        if (scenarioName is not null)
        {
            var named = report.Scenarios.FirstOrDefault(s => s.Scenario.Name == scenarioName);
            if (named is null)
            {
                var known = report.Scenarios.Select(s => $"\"{s.Scenario.Name}\"").ToList();
                output.Write($"error: no scenario is named \"{scenarioName}\"; {(known.Count == 0 ? "this argument has none" : "known: " + string.Join(", ", known))}\n");
                return ExitCodes.Usage;
            }

            evaluation = named.Evaluation;
        }

        if (Inputs.BindClaim(report.Model, atomText, "atom", output) is not { } query)
        {
            return ExitCodes.Usage;
        }

        var explainer = new Explainer(evaluation);
        var proof = Explain(explainer, evaluation, query, atomText, negated);
        output.Write(format == "json" ? JsonReports.Proof(proof) : ProofText.Render(proof));
        return ExitCodes.Clean;
    }

    private static ProofNode Explain(Explainer explainer, Evaluation evaluation, BoundExpression query, string text, bool negated)
    {
        var program = evaluation.Program;
        if (query is BoundAtomValue valued)
        {
            var id = program.FindAtom(valued.Atom.ToString());
            if (id is null)
            {
                return new ProofNode($"{valued.Atom} has no value", "no statement mentions it", null, null, []);
            }

            var values = evaluation.ValuesOf(id.Value);
            if (!negated && values.Count > 0)
            {
                return new ProofNode($"{valued.Atom} = {string.Join(" / ", values)}", string.Empty, null, null,
                    [.. values.Select(v => explainer.Why(Plane.Valued(id.Value, v))).OfType<ProofNode>()]);
            }

            return explainer.WhyNot(Plane.Valued(id.Value, default)) with { Claim = $"{valued.Atom} has {(values.Count == 0 ? "no value" : "a value")}" };
        }

        // A plain atom or its negation asks about one plane; anything else is explained as a condition.
        var (atomExpression, wantFalse) = query switch
        {
            BoundTruth t => (t, false),
            BoundNot { Operand: BoundTruth t } => (t, true),
            _ => (null, false),
        };
        if (atomExpression is null)
        {
            return explainer.WhyCondition(program.Compile(query, ImmutableArray<Value>.Empty), text);
        }

        var atom = program.FindAtom(atomExpression.Atom.ToString());
        if (atom is null)
        {
            return new ProofNode($"{atomExpression.Atom} is unknown", "no statement mentions it", null, null, []);
        }

        var plane = wantFalse ? Plane.False(atom.Value) : Plane.True(atom.Value);
        if (negated)
        {
            return explainer.WhyNot(plane);
        }

        return explainer.Why(plane) ?? explainer.WhyNot(plane);
    }
}
