using PolicyDsl.Dsl.Sources;
using PolicyDsl.Dsl.Syntax;
using PolicyDsl.Dsl.Text;

namespace PolicyDsl.Dsl.Semantics;

/// <summary>What a completion offers: the word, what it is, and a line about it (a relation's signature, a constant's type).</summary>
public sealed record CompletionName(string Label, ReferenceKindOrKeyword Kind, string Detail);

/// <summary>A completion's kind: a keyword, or a kind of symbol.</summary>
public enum ReferenceKindOrKeyword
{
    Keyword,
    Relation,
    Constant,
    Level,
    Variable,
    Type,
    Scale,
    Source,
    Anchor,
}

/// <summary>
/// The names of the language a user may type, from one model: the REPL's Tab completion and the language server's
/// completion both ask here, so they offer the same words.
/// </summary>
public static class CompletionSource
{
    /// <summary>Keywords, relations with their signatures, constants, levels, types, scales and sources, in that order.</summary>
    public static IReadOnlyList<CompletionName> Names(Model model)
    {
        var names = new List<CompletionName>();
        names.AddRange(Lexicon.StatementKeywords.Concat(Lexicon.ContinuationWords).Distinct().Select(k => new CompletionName(k, ReferenceKindOrKeyword.Keyword, "keyword")));
        names.AddRange(model.Relations.Values.OrderBy(r => r.Index).Select(r => new CompletionName(r.Name, ReferenceKindOrKeyword.Relation, r.Signature)));
        names.AddRange(model.Constants.Values.Select(c => new CompletionName(c.Name, ReferenceKindOrKeyword.Constant, $"{c.Type.Name}" + (c.Adjective is null ? string.Empty : $" ({c.Adjective})"))));
        names.AddRange(model.Levels.SelectMany(l => l.Value).Select(l => new CompletionName(l.Name, ReferenceKindOrKeyword.Level, $"level {l.Ordinal} of {l.Scale.Name}")));
        names.AddRange(model.Types.Values.Select(t => new CompletionName(t.Name, ReferenceKindOrKeyword.Type, "type: " + string.Join(" | ", t.Members.Select(m => m.Name)))));
        names.AddRange(model.Scales.Values.Select(s => new CompletionName(s.Name, ReferenceKindOrKeyword.Scale, "scale: " + string.Join(" < ", s.Levels.Select(l => l.Name)))));
        names.AddRange(model.Sources.Values.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => new CompletionName(s.Name, ReferenceKindOrKeyword.Source, "source " + s.DeclaredPath)));
        return names.DistinctBy(n => (n.Label, n.Kind)).ToList();
    }

    /// <summary>The variables of the rule written around an offset of a file (none outside a rule).</summary>
    public static IReadOnlyList<CompletionName> VariablesAt(Model model, SourceText source, int offset) =>
        [.. model.Rules.Where(r => r.Location.Source == source && r.StatementSpan.Start <= offset && offset <= r.StatementSpan.End + 1)
            .SelectMany(r => r.Variables.Select(v => new CompletionName(v.Name, ReferenceKindOrKeyword.Variable, $"{v.Name}: {v.Type.Name}, a variable of rule {r.Name}")))];

    /// <summary>The claim anchors of a source's document (<c>{#c3}</c>), each with its heading, read as citations are checked.</summary>
    public static IReadOnlyList<CompletionName> Anchors(Model model, string sourceName)
    {
        if (!model.Sources.TryGetValue(sourceName, out var source) || source.ResolvedPath is null || model.Workspace.Files.Read(source.ResolvedPath).Text is not { } text)
        {
            return [];
        }

        // The claims as the citation checker reads them; each offered with its heading line.
        return [.. SourcePassages.Sections(text).Select(section => new CompletionName(section.Key, ReferenceKindOrKeyword.Anchor, SourcePassages.Heading(section.Value)))];
    }
}
