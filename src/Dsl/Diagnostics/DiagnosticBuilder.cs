using PolicyDsl.Dsl.Text;

namespace PolicyDsl.Dsl.Diagnostics;

/// <summary>A diagnostic's code, message and related locations, before it is placed in a file.</summary>
public sealed record DiagnosticMessage(DiagnosticDescriptor Descriptor, string Message, RelatedLocation[] Related);

/// <summary>
/// One method per code, holding its message: a call site says what it found (the kind of thing, its name, where the
/// first one is), the builder says it in words, so one code reads alike wherever it is raised. Codes move here one
/// at a time; PD0026 was written at ten sites in as many wordings.
/// </summary>
public static class DiagnosticBuilder
{
    /// <summary>
    /// PD0026: <c>rule 'r' is declared twice (first at a.policy:3:1); give this one another name</c>.
    /// </summary>
    /// <param name="kind">what it is: rule, scenario, source, variable, level, value, open premise, constraint label, name</param>
    /// <param name="name">as the reader wrote it, quoted as the language quotes it</param>
    /// <param name="scope">where both are, when that is not the whole argument: "in this rule", "in scale 'stake'"</param>
    /// <param name="first">where the first one is (printed, and linked as a related location), when it has a place</param>
    /// <param name="remedy">what to do</param>
    public static DiagnosticMessage DeclaredTwice(string kind, string name, string? scope, (SourceText Source, TextSpan Span, string At)? first, string remedy) =>
        new(DiagnosticCatalog.DuplicateDeclaration,
            $"{kind} {name} is declared twice{(scope is null ? string.Empty : " " + scope)}{(first is { } f ? $" (first at {f.At})" : string.Empty)}; {remedy}",
            first is { } place ? [new RelatedLocation(place.Source, place.Span, "first declared here")] : []);
}
