using PolicyDsl.Dsl.Diagnostics;

namespace PolicyDsl.Dsl.Semantics;

/// <summary>The kinds of name a user types in a question: on the command line, at the REPL's prompt, in watch mode.</summary>
[Flags]
public enum NameKinds
{
    None = 0,

    /// <summary>Relations, constants and levels: what a claim or query is written in.</summary>
    Relation = 1,

    /// <summary>Source names (<c>enlist</c>).</summary>
    Source = 2,

    /// <summary>Claims of a source that some statement cites (<c>enlist#c3</c>).</summary>
    Claim = 4,

    /// <summary>Premises by the atom they state (<c>needs capital(China)</c>).</summary>
    Premise = 8,

    /// <summary>Named scenarios.</summary>
    Scenario = 16,

    /// <summary>What <c>--without</c> and <c>retract</c> take.</summary>
    Withdrawable = Source | Claim | Premise,
}

/// <summary>
/// The one place that answers "did you mean": for every name a verb, the REPL or watch mode is given, the closest
/// name of the asked kinds that the model knows (by <see cref="NameSuggestions.Closest"/>), and the one rewrite no
/// edit distance finds: <c>no deal(US, Russia)</c>, read as a relation <c>no_deal</c>, for <c>not deal(US, Russia)</c>.
/// </summary>
public static class NameSuggester
{
    /// <summary>The closest known name of the given kinds, or null when none is close enough to be a likely typo.</summary>
    public static string? Closest(Model model, string written, NameKinds kinds) =>
        NameSuggestions.Closest(written.Trim(), Candidates(model, kinds));

    /// <summary>"; did you mean 'X'?" for the closest known name, or an empty string.</summary>
    public static string DidYouMean(Model model, string written, NameKinds kinds, string quote = "'") =>
        Closest(model, written, kinds) is { } close ? $"; did you mean {quote}{close}{quote}?" : string.Empty;

    /// <summary>
    /// For a relation name that is not known, the negation the user most likely meant: <c>no_deal</c> (typed as
    /// <c>no deal</c>) or <c>not_deal</c> when <c>deal</c> is a relation. The language negates with <c>not</c>.
    /// </summary>
    public static string? Negation(IReadOnlyDictionary<string, RelationSymbol> relations, string name)
    {
        foreach (var prefix in (ReadOnlySpan<string>)["no_", "not_", "non_"])
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal) && name.Length > prefix.Length && relations.ContainsKey(name[prefix.Length..]))
            {
                return "not " + name[prefix.Length..].Replace('_', ' ');
            }
        }

        return null;
    }

    /// <summary>Every name the model knows of the given kinds, each once, in a stable order.</summary>
    public static IEnumerable<string> Candidates(Model model, NameKinds kinds)
    {
        var names = new List<string>();
        if (kinds.HasFlag(NameKinds.Relation))
        {
            names.AddRange(model.Relations.Keys);
            names.AddRange(model.Constants.Keys);
            names.AddRange(model.Levels.Keys);
        }

        // Withdrawn by source or claim are premises, so it is their citations that name sources and claims here.
        var citations = model.PremiseCitations.ToList();
        if (kinds.HasFlag(NameKinds.Source))
        {
            names.AddRange(model.Sources.Keys);
            names.AddRange(citations.Where(c => !c.IsAnalyst).Select(c => c.SourceName));
        }

        if (kinds.HasFlag(NameKinds.Claim))
        {
            names.AddRange(citations.Where(c => c.Anchor is not null).Select(c => c.Reference));
        }

        if (kinds.HasFlag(NameKinds.Premise))
        {
            names.AddRange(model.Facts.Select(f => f.Atom.ToString()).Concat(model.Assumes.Select(a => a.Atom.ToString())));
            names.AddRange(model.Scenarios.SelectMany(s => s.Facts.Select(f => f.Atom.ToString()).Concat(s.Assumes.Select(a => a.Atom.ToString()))));
        }

        if (kinds.HasFlag(NameKinds.Scenario))
        {
            names.AddRange(model.Scenarios.Select(s => s.Name));
        }

        return names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
    }
}
