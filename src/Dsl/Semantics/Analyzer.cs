using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Dsl.Files;
using PolicyDsl.Dsl.Sources;
using PolicyDsl.Dsl.Syntax;
using PolicyDsl.Dsl.Text;

namespace PolicyDsl.Dsl.Semantics;

/// <summary>A query bound against a model: the expression, its free variables and any diagnostics.</summary>
public sealed record BoundQuery(BoundExpression? Expression, IReadOnlyList<VariableSymbol> Variables, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Expression is null || Diagnostics.Any(d => d.IsError);
}

/// <summary>Entry point of the semantic stage: a workspace in, a bound and checked model out.</summary>
public static class Analyzer
{
    public static Model Analyze(string path, IFileProvider? files = null) => Analyze(Workspace.Load(path, files));

    public static Model Analyze(Workspace workspace)
    {
        var builder = new ModelBuilder(workspace);
        var diagnostics = new DiagnosticBag();
        diagnostics.AddRange(workspace.Diagnostics);
        new Binder(builder, diagnostics).BindWorkspace(workspace);
        CitationChecker.Check(builder, workspace.Files, diagnostics);
        return builder.Build(CapPerFile(diagnostics.ToSortedList()));
    }

    /// <summary>Past this many problems in one file, the rest are counted in one diagnostic, as syntax errors are.</summary>
    public const int MaxProblemsPerFile = PolicyParser.MaxSyntaxErrors;

    /// <summary>
    /// Keeps the first problems of each file and says how many more there are: a 10 MB file of broken statements
    /// otherwise prints hundreds of thousands of them (and holds them all in memory) for one mistake repeated.
    /// </summary>
    private static IReadOnlyList<Diagnostic> CapPerFile(IReadOnlyList<Diagnostic> sorted)
    {
        var counts = sorted.Where(d => d.Severity != Severity.Info).GroupBy(d => d.Path).Where(g => g.Count() > MaxProblemsPerFile).ToDictionary(g => g.Key, g => g.Count());
        if (counts.Count == 0)
        {
            return sorted;
        }

        var kept = new List<Diagnostic>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var diagnostic in sorted)
        {
            if (diagnostic.Severity == Severity.Info || !counts.TryGetValue(diagnostic.Path, out var total))
            {
                kept.Add(diagnostic);
                continue;
            }

            var index = seen[diagnostic.Path] = seen.GetValueOrDefault(diagnostic.Path) + 1;
            if (index < MaxProblemsPerFile)
            {
                kept.Add(diagnostic);
            }
            else if (index == MaxProblemsPerFile && diagnostic.Source is { } source)
            {
                kept.Add(DiagnosticCatalog.TooManyErrors.Create(source, diagnostic.Span,
                    $"{total - MaxProblemsPerFile + 1:N0} more problems in this file are not listed ({total:N0} in all); fix these first, as one mistake often repeats"));
            }
        }

        return kept;
    }

    /// <summary>Parses and binds a query such as <c>no_deal(US, x)</c> against an analysed model.</summary>
    public static BoundQuery BindQuery(Model model, string text)
    {
        var source = new SourceText("<query>", text);
        var (expression, parseDiagnostics) = PolicyParser.ParseExpression(source);
        if (expression is null)
        {
            return new BoundQuery(null, [], parseDiagnostics);
        }

        var diagnostics = new DiagnosticBag();
        var (bound, variables) = new Binder(ModelBuilder.ForQuery(model), diagnostics).BindQuery(expression, source);
        return new BoundQuery(diagnostics.HasErrors ? null : bound, variables, diagnostics.ToSortedList());
    }
}
