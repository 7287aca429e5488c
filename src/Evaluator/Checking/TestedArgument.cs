using PolicyDsl.Dsl.Diagnostics;

namespace PolicyDsl.Evaluator.Checking;

/// <summary>
/// What a test run keeps of one argument: its file, diagnostics, expectation outcomes (a proof only where one failed,
/// which is what the reports show) and, when asked, its coverage. A run over many files keeps this rather than each
/// file's whole analysis, so it holds one argument's analysis in memory at a time (issue 23).
/// </summary>
public sealed record TestedArgument(string File, bool Evaluated, IReadOnlyList<Diagnostic> Diagnostics, IReadOnlyList<ExpectationOutcome> Expectations, ArgumentCoverage? Coverage)
{
    public static TestedArgument Of(ArgumentReport report, bool withCoverage = false) => new(
        report.Model.Workspace.Root?.Source.Path ?? report.Model.Workspace.RootPath,
        report.Program is not null,
        report.Diagnostics,
        [.. Findings(report), .. report.Expectations.Select(e => e.Passed ? e with { Explanation = null, Warnings = WarningsAt(report, e) } : e)],
        withCoverage ? ArgumentCoverage.Of(report) : null);

    /// <summary>
    /// The errors of an evaluated argument that no expectation stands for, each as a failed case: premises that
    /// violate a <c>never</c> (PD0057), a conflict nothing acknowledges (PD0050, PD0060), arithmetic past what a
    /// number holds. An error at the line of a failed expectation is that expectation's failure, already counted.
    /// </summary>
    private static IEnumerable<ExpectationOutcome> Findings(ArgumentReport report)
    {
        if (report.Program is null)
        {
            yield break;
        }

        var failedAt = report.Expectations.Where(e => !e.Passed).Select(e => (e.Location.Source.Path, e.Location.Span.Start)).ToHashSet();
        foreach (var error in report.Diagnostics.Where(d => d.IsError && d.Source is not null && !failedAt.Contains((d.Path, d.Span.Start))))
        {
            yield return new ExpectationOutcome($"{Title(error)} [{error.Code}]", null, new Dsl.Semantics.SourceLocation(error.Source!, error.Span), null,
                Dsl.Syntax.ScenarioQuantifier.Base, false, error.Message, null)
            { Finding = error };
        }
    }

    /// <summary>
    /// The warnings check gives at a passing expectation's line (it fails in some scenario, PD0064; its condition
    /// never holds, PD0068): test shows them beside its PASS, and --strict fails them.
    /// </summary>
    private static IReadOnlyList<Diagnostic> WarningsAt(ArgumentReport report, ExpectationOutcome outcome) =>
        [.. report.Diagnostics.Where(d => d.Severity == Severity.Warning && d.Source == outcome.Location.Source && d.Span.Start == outcome.Location.Span.Start)];

    /// <summary>What the case checks, in words: "the premises are consistent" for a contradiction, else the code's title.</summary>
    private static string Title(Diagnostic error) =>
        error.Code == DiagnosticCatalog.ConstraintViolated.Code ? "the premises violate no constraint"
        : error.Code == DiagnosticCatalog.UnresolvedConflict.Code || error.Code == DiagnosticCatalog.ConflictInScenario.Code ? "no unacknowledged conflict"
        : "check: " + error.Descriptor.Title.ToLowerInvariant();

    public int Passed => Expectations.Count(e => e.Passed);

    public int Failed => Expectations.Count(e => !e.Passed);
}
