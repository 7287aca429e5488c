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
        [.. report.Expectations.Select(e => e.Passed ? e with { Explanation = null } : e)],
        withCoverage ? ArgumentCoverage.Of(report) : null);

    public int Passed => Expectations.Count(e => e.Passed);

    public int Failed => Expectations.Count(e => !e.Passed);
}
