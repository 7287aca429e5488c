using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Dsl.Text;
using PolicyDsl.Evaluator.Supports;

namespace PolicyDsl.Evaluator.Analysis;

/// <summary>What a report of supports must say it left out: never a silent cut.</summary>
public static class SupportDiagnostics
{
    /// <summary>
    /// PD0066 when the supports could not be computed at all (at the argument's first line), and PD0065 for each
    /// conclusion with more minimal supports than are listed (at the first rule that concludes it).
    /// </summary>
    public static IReadOnlyList<Diagnostic> Of(SupportAnalysis supports, IEnumerable<ConclusionRow> rows, string? scenario)
    {
        var bag = new DiagnosticBag();
        var program = supports.Evaluation.Program;
        var where = scenario is null ? string.Empty : $" in scenario \"{scenario}\"";
        if (supports.NotComputed is { } why)
        {
            var root = program.Model.Workspace.Root?.Source;
            bag.Report(DiagnosticCatalog.SupportsNotComputed, root, new TextSpan(0, 0),
                $"the supports of this argument's conclusions{where} were not computed: {why}; what each conclusion needs is shown from one proof only. " +
                "Split the argument, or withdraw premises it does not need ('--without NAME')");
            return bag.ToSortedList();
        }

        foreach (var row in rows.Where(r => r.SupportsCut))
        {
            var rule = program.AllRulesConcluding(row.Atom.Id).First().Rule;
            bag.Report(DiagnosticCatalog.SupportsCut, rule.Location.Source, rule.Location.Span,
                $"{row.Atom.Display}{where} has more than {SupportAnalysis.MaxSupports} minimal supports; the {SupportAnalysis.MaxSupports} smallest found are the ones its sources are read from, " +
                $"so 'needs' may name a source that a support not listed does without ('policydsl support FILE '{row.Atom.Display}'' lists them)");
        }

        return bag.ToSortedList();
    }
}
