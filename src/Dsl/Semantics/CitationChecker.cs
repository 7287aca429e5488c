using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Dsl.Files;
using PolicyDsl.Dsl.Sources;

namespace PolicyDsl.Dsl.Semantics;

/// <summary>
/// Checks every <c>per</c> citation: the source document exists, the claim anchor (<c>{#c3}</c> in the document)
/// exists, and the quoted words occur in it (inside the anchored claim when one is named), ignoring case, runs
/// of white space and typographic quote styles.
/// </summary>
public static class CitationChecker
{
    internal static void Check(ModelBuilder model, IFileProvider files, DiagnosticBag diagnostics)
    {
        var documents = new Dictionary<string, SourceDocument?>(StringComparer.Ordinal);
        foreach (var source in model.Sources.Values.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            if (source.ResolvedPath is null)
            {
                // The path was refused where the source is declared; its citations cannot be checked.
                documents[source.Name] = null;
                continue;
            }

            var read = files.Read(source.ResolvedPath);
            if (read.Text is null)
            {
                documents[source.Name] = null;
                var descriptor = read.Error switch
                {
                    FileReadError.NotRegular => DiagnosticCatalog.NotARegularFile,
                    FileReadError.TooLarge => DiagnosticCatalog.FileTooLarge,
                    FileReadError.NotText or FileReadError.IoError => DiagnosticCatalog.FileUnreadable,
                    _ => DiagnosticCatalog.SourceFileNotFound,
                };
                diagnostics.Report(descriptor, source.Location.Source, source.Location.Span,
                    read.Error switch
                    {
                        FileReadError.NotFound => $"source document '{source.DeclaredPath}' does not exist (looked for {DisplayPath.For(source.ResolvedPath)}); paths are relative to the file that declares the source",
                        FileReadError.IsFolder => $"source document '{source.DeclaredPath}' is a folder ({DisplayPath.For(source.ResolvedPath)}); name the document itself",
                        FileReadError.NotRegular => $"source document '{source.DeclaredPath}' is {read.Detail}, not a regular file; nothing is read from it: name a text file",
                        FileReadError.TooLarge => $"source document '{source.DeclaredPath}' has more than the {DiskFileProvider.MaxFileBytes / (1024 * 1024)} MiB a document may have; cite a digest of it",
                        _ => $"source document '{source.DeclaredPath}' cannot be read: {read.Detail ?? read.Error.ToString()}",
                    });
                continue;
            }

            documents[source.Name] = new SourceDocument(read.Text);
        }

        foreach (var citation in AllCitations(model))
        {
            if (citation.Source is null || documents.GetValueOrDefault(citation.Source.Name) is not { } document)
            {
                continue;
            }

            var scope = document.Text;
            if (citation.Anchor is { } anchor)
            {
                if (!document.Sections.TryGetValue(anchor, out var section))
                {
                    var suggestion = NameSuggestions.Closest(anchor, document.Sections.Keys);
                    diagnostics.Report(DiagnosticCatalog.AnchorNotFound, citation.Location.Source, citation.Location.Span,
                        suggestion is not null
                            ? $"'{citation.Source.DeclaredPath}' has no claim anchored '{{#{anchor}}}'; did you mean '#{suggestion}'?"
                            : $"'{citation.Source.DeclaredPath}' has no claim anchored '{{#{anchor}}}'; anchors are written {{#name}} in the document");
                    continue;
                }

                scope = section;
            }

            if (citation.Quote is { } quote && !scope.Contains(QuoteText.Normalize(quote), StringComparison.Ordinal))
            {
                var where = citation.Anchor is null ? $"'{citation.Source.DeclaredPath}'" : $"claim #{citation.Anchor} of '{citation.Source.DeclaredPath}'";
                diagnostics.Report(DiagnosticCatalog.QuoteNotFound, citation.Location.Source, citation.Location.Span,
                    $"the words \"{quote}\" do not occur in {where} (case, spacing and quote styles aside); quote the document exactly, or cite another claim");
            }
        }
    }

    private static IEnumerable<Citation> AllCitations(ModelBuilder model) =>
        model.Facts.SelectMany(f => f.Citations).Cast<Citation?>()
            .Concat(model.Assumes.SelectMany(a => a.Citations))
            .Concat(model.Scenarios.SelectMany(s => s.Facts.SelectMany(f => f.Citations).Concat(s.Assumes.SelectMany(a => a.Citations))))
            .Concat(model.Rules.SelectMany(r => r.Citations))
            .Concat(model.Constraints.SelectMany(c => c.Citations))
            .OfType<Citation>();

    private sealed class SourceDocument
    {
        public SourceDocument(string raw)
        {
            Text = QuoteText.Normalize(raw);
            foreach (var (anchor, section) in SourcePassages.Sections(raw))
            {
                Sections[anchor] = QuoteText.Normalize(section);
            }
        }

        public string Text { get; }

        public Dictionary<string, string> Sections { get; } = new(StringComparer.Ordinal);
    }
}
