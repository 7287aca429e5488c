using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Dsl.Files;
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
        return builder.Build(diagnostics.ToSortedList());
    }

    /// <summary>Past this many problems in one file, the rest are counted in one diagnostic, as syntax errors are.</summary>
    public const int MaxProblemsPerFile = DiagnosticBag.MaxPerFile;

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
