using PolicyDsl.Dsl.Text;

namespace PolicyDsl.Dsl.Diagnostics;

/// <summary>Collects diagnostics while a stage runs.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> items = [];

    public int Count => items.Count;

    public bool HasErrors => items.Exists(d => d.IsError);

    public void Add(Diagnostic diagnostic) => items.Add(diagnostic);

    public void AddRange(IEnumerable<Diagnostic> diagnostics) => items.AddRange(diagnostics);

    public void Report(DiagnosticDescriptor descriptor, SourceText? source, TextSpan span, string message, params RelatedLocation[] related) =>
        items.Add(descriptor.Create(source, span, message, related));

    /// <summary>The diagnostics, without exact repeats (an imported file is analysed once per importer), in stable order.</summary>
    public IReadOnlyList<Diagnostic> ToSortedList() => Sort(items);

    public static IReadOnlyList<Diagnostic> Sort(IEnumerable<Diagnostic> diagnostics)
    {
        var seen = new HashSet<(string, int, int, string, string)>();
        var unique = diagnostics.Where(d => seen.Add((d.Path, d.Span.Start, d.Span.Length, d.Code, d.Message))).ToList();
        unique.Sort(Diagnostic.Compare);
        return unique;
    }
}
