using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Dsl.Syntax;
using PolicyDsl.Evaluator.Engine;
using PolicyDsl.Evaluator.Explain;
using PolicyDsl.Evaluator.Grounding;

namespace PolicyDsl.Evaluator.Checking;

/// <summary>What became of one expectation.</summary>
public sealed record ExpectationOutcome(
    string Text,
    string? Label,
    SourceLocation Location,
    string? Scenario,
    ScenarioQuantifier Quantifier,
    bool Passed,
    string Detail,
    ProofNode? Explanation)
{
    /// <summary>
    /// Set when this case is not an expectation but an error <c>check</c> found in an evaluated argument (premises
    /// that contradict each other, an unacknowledged conflict): <c>test</c> fails it as a case of its own, so a run
    /// never passes what <c>check</c> fails. <see cref="Detail"/> is then the diagnostic's message.
    /// </summary>
    public Diagnostic? Finding { get; init; }

    /// <summary>For a passing expectation: the violated constraints whose premises every support of its claim uses.</summary>
    public IReadOnlyList<string> RestsOnInconsistent { get; init; } = [];

    /// <summary>For a passing expectation in a test run: the warnings check gives at its line.</summary>
    public IReadOnlyList<Diagnostic> Warnings { get; init; } = [];
}

/// <summary>A named scenario's evaluation.</summary>
public sealed record ScenarioEvaluation(ScenarioSymbol Scenario, Evaluation Evaluation);

/// <summary>Everything checking an argument found: diagnostics of every stage, evaluations, expectation outcomes.</summary>
public sealed class ArgumentReport
{
    internal ArgumentReport(Model model, GroundProgram? program, Evaluation? baseEvaluation, IReadOnlyList<ScenarioEvaluation> scenarios,
        IReadOnlyList<ExpectationOutcome> expectations, IReadOnlyList<Diagnostic> diagnostics)
    {
        Model = model;
        Program = program;
        Base = baseEvaluation;
        Scenarios = scenarios;
        Expectations = expectations;
        Diagnostics = diagnostics;
    }

    public Model Model { get; }

    /// <summary>Null when the argument has errors that stop evaluation (syntax, names, types, recursion).</summary>
    public GroundProgram? Program { get; }

    public Evaluation? Base { get; }

    public IReadOnlyList<ScenarioEvaluation> Scenarios { get; }

    public IReadOnlyList<ExpectationOutcome> Expectations { get; }

    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <summary>
    /// This report with the checks of the argument as written (a rule that can never fire, PD0062; a premise nothing
    /// reads, PD0063) taken from <paramref name="written"/>: a withdrawal makes rules unable to fire and leaves
    /// premises unread by design, which says nothing about the argument (issue 24).
    /// </summary>
    internal ArgumentReport WithChecksOfWritten(ArgumentReport written)
    {
        static bool OfTheText(Diagnostic d) => d.Code == DiagnosticCatalog.RuleNeverFires.Code || d.Code == DiagnosticCatalog.PremiseNeverUsed.Code;
        var diagnostics = DiagnosticBag.Sort(Diagnostics.Where(d => !OfTheText(d)).Concat(written.Diagnostics.Where(OfTheText)));
        return new ArgumentReport(Model, Program, Base, Scenarios, Expectations, diagnostics);
    }

    public int Passed => Expectations.Count(e => e.Passed);

    public int Failed => Expectations.Count(e => !e.Passed);
}
