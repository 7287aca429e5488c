using PolicyDsl.Dsl.Text;

namespace PolicyDsl.Dsl.Diagnostics;

/// <summary>A diagnostic kind: its stable code, severity and what it is about. All of them live in <see cref="DiagnosticCatalog"/>.</summary>
public sealed record DiagnosticDescriptor(string Code, Severity Severity, string Title)
{
    public Diagnostic Create(SourceText? source, TextSpan span, string message, params RelatedLocation[] related) =>
        new(this, message, source, span, related);
}

/// <summary>Another place a diagnostic points at (the other side of a contradiction, the start of a cycle).</summary>
public sealed record RelatedLocation(SourceText Source, TextSpan Span, string Message);

public sealed record Diagnostic(DiagnosticDescriptor Descriptor, string Message, SourceText? Source, TextSpan Span, IReadOnlyList<RelatedLocation> Related)
{
    public string Code => Descriptor.Code;

    public Severity Severity => Descriptor.Severity;

    public string Path => Source?.Path ?? string.Empty;

    public LinePosition Start => Source?.GetPosition(Span.Start) ?? new LinePosition(0, 0);

    public LinePosition End => Source?.GetPosition(Span.End) ?? new LinePosition(0, 0);

    public bool IsError => Severity == Severity.Error;

    /// <summary>For the diagnostic that ends a capped list (PD0006, PD0073): how many problems it stands for, so a later stage keeps the count.</summary>
    public int Unlisted { get; init; }

    /// <summary>The one-line form used by compilers: <c>file(line,col): error PD0007: message</c>.</summary>
    public override string ToString()
    {
        var severity = Severity.ToString().ToLowerInvariant();
        // Messages quote the file (an unexpected token, a label): escaped like the file's name, so the line stays one line.
        return Source is null
            ? $"{severity} {Code}: {DisplayText.Escape(Message)}"
            : $"{DisplayText.Escape(Path)}({Start.Line},{Start.Column}): {severity} {Code}: {DisplayText.Escape(Message)}";
    }

    /// <summary>Orders diagnostics by file, position and code so every report is byte-for-byte stable.</summary>
    public static int Compare(Diagnostic a, Diagnostic b)
    {
        var c = string.CompareOrdinal(a.Path, b.Path);
        if (c != 0)
        {
            return c;
        }

        c = a.Span.Start.CompareTo(b.Span.Start);
        if (c != 0)
        {
            return c;
        }

        c = string.CompareOrdinal(a.Code, b.Code);
        return c != 0 ? c : string.CompareOrdinal(a.Message, b.Message);
    }
}
