using System.Collections.Immutable;
using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Evaluator.Grounding;

namespace PolicyDsl.Evaluator.Analysis;

/// <summary>
/// Premises and reasoning withdrawn by name: a source (<c>enlist</c>: every premise and every rule citing it), a claim
/// of a source (<c>enlist#c3</c>: every premise and rule citing that anchor), a premise by its atom (<c>needs
/// capital(China)</c>, whatever it states of it), one rule (<c>rule enlist_capital</c>), or the analyst's own
/// judgments (<c>analyst</c>: every premise and rule cited <c>per analyst</c>, "what stands on the texts alone?").
/// Withdrawn premises are neither true nor false, as if never stated; withdrawn rules as if never written; nothing
/// is negated.
/// </summary>
public sealed class Withdrawal
{
    /// <summary>The name that withdraws every analyst judgment.</summary>
    public const string Analyst = Dsl.Syntax.Citation.Analyst;

    private readonly HashSet<FactSymbol> facts = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<AssumeSymbol> assumes = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<RuleSymbol> rules = new(ReferenceEqualityComparer.Instance);

    private readonly List<WithdrawnName> resolved = [];

    private Withdrawal(IReadOnlyList<string> names) => Names = names;

    /// <summary>The names as given, in order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Each name as it was resolved: what kind of thing it names, how many premises and which rules it withdraws.</summary>
    public IReadOnlyList<WithdrawnName> Resolved => resolved;

    /// <summary>How many statements (facts and open premises, in the base and in scenarios, and rules) the names withdraw.</summary>
    public int Count => facts.Count + assumes.Count + rules.Count;

    /// <summary>The rules withdrawn, in the order the argument writes them.</summary>
    public IReadOnlyList<RuleSymbol> Rules { get; private set; } = [];

    public bool Withdraws(FactSymbol fact) => facts.Contains(fact);

    public bool Withdraws(AssumeSymbol assume) => assumes.Contains(assume);

    public bool Withdraws(RuleSymbol rule) => rules.Contains(rule);

    /// <summary>The model with the named premises and rules withdrawn.</summary>
    public Model Apply(Model model) => Count == 0 ? model : model.Without(Withdraws, Withdraws, rules.Count == 0 ? null : Withdraws);

    /// <summary>Whether the name withdraws some premise or rule of this model (for verbs that check many files with one --without).</summary>
    public static bool Applies(Model model, string name)
    {
        try
        {
            return Resolve(model, [name]).Count > 0;
        }
        catch (QuestionException)
        {
            return false;
        }
    }

    /// <summary>
    /// Resolves names against a model; a name that withdraws nothing is refused, with what it could have been. A
    /// statement citing several texts (corroborated) goes only when every one of its citations is withdrawn: by the
    /// names together, so withdrawing one text keeps what another text also states.
    /// </summary>
    public static Withdrawal Resolve(Model model, IEnumerable<string> names)
    {
        var given = names.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var withdrawal = new Withdrawal(given);
        var allFacts = model.Facts.Concat(model.Scenarios.SelectMany(s => s.Facts)).ToList();
        var allAssumes = model.Assumes.Concat(model.Scenarios.SelectMany(s => s.Assumes)).ToList();
        var matchers = given.Select(name => (Name: name, Match: Matcher(model, name))).ToList();
        var cites = matchers.Select(m => m.Match.Cites).OfType<Func<Citation, bool>>().ToList();
        bool EveryCitationWithdrawn(ImmutableArray<Citation> citations) => !citations.IsDefaultOrEmpty && citations.All(c => cites.Exists(p => p(c)));
        withdrawal.facts.UnionWith(allFacts.Where(f => matchers.Exists(m => m.Match.Fact?.Invoke(f) == true) || EveryCitationWithdrawn(f.Citations)));
        withdrawal.assumes.UnionWith(allAssumes.Where(a => matchers.Exists(m => m.Match.Assume?.Invoke(a) == true) || EveryCitationWithdrawn(a.Citations)));
        withdrawal.rules.UnionWith(model.Rules.Where(r => matchers.Exists(m => m.Match.Rule?.Invoke(r) == true) || EveryCitationWithdrawn(r.Citations)));
        foreach (var (name, match) in matchers)
        {
            bool Cites(ImmutableArray<Citation> citations) => match.Cites is { } p && citations.Any(p);
            bool Names(FactSymbol f) => match.Fact?.Invoke(f) == true || Cites(f.Citations);
            bool NamesAssume(AssumeSymbol a) => match.Assume?.Invoke(a) == true || Cites(a.Citations);
            bool NamesRule(RuleSymbol r) => match.Rule?.Invoke(r) == true || Cites(r.Citations);
            var statements = allFacts.Count(f => Names(f) && withdrawal.facts.Contains(f)) + allAssumes.Count(a => NamesAssume(a) && withdrawal.assumes.Contains(a));
            var ruleNames = model.Rules.Where(r => NamesRule(r) && withdrawal.rules.Contains(r)).Select(r => r.Name).ToList();

            // Cited by this name but stated by another text too: kept, and said so.
            var kept = allFacts.Count(f => Names(f) && !withdrawal.facts.Contains(f)) + allAssumes.Count(a => NamesAssume(a) && !withdrawal.assumes.Contains(a))
                + model.Rules.Count(r => NamesRule(r) && !withdrawal.rules.Contains(r));
            if (statements == 0 && ruleNames.Count == 0 && kept == 0)
            {
                throw new QuestionException(QuestionFailure.BadQuestion, $"'{name}' names no premise or rule of this argument: {Hint(model, name, match.Kind)}");
            }

            withdrawal.resolved.Add(new WithdrawnName(name, match.Kind, statements) { Rules = [.. ruleNames], Kept = kept });
        }

        withdrawal.Rules = [.. model.Rules.Where(withdrawal.rules.Contains)];
        return withdrawal;
    }

    /// <summary>
    /// What a name withdraws: for a source, a claim of one, or the analyst, the citations it withdraws (a statement
    /// goes when all of its citations do); for a premise or a rule, the statements themselves.
    /// </summary>
    private static (WithdrawnKind Kind, Func<Citation, bool>? Cites, Func<FactSymbol, bool>? Fact, Func<AssumeSymbol, bool>? Assume, Func<RuleSymbol, bool>? Rule) Matcher(Model model, string name)
    {
        if (name == Analyst)
        {
            return (WithdrawnKind.Analyst, c => c.IsAnalyst, null, null, null);
        }

        if (name.StartsWith("rule ", StringComparison.Ordinal))
        {
            var ruleName = name[5..].Trim();
            if (!model.Rules.Any(r => r.Name == ruleName))
            {
                throw new QuestionException(QuestionFailure.BadQuestion,
                    $"'{name}': no rule is named '{ruleName}'" + (NameSuggestions.Closest(ruleName, model.Rules.Select(r => r.Name).Distinct(StringComparer.Ordinal).ToList()) is { } close ? $"; did you mean 'rule {close}'?" : "; 'policydsl check' lists the rules"));
            }

            return (WithdrawnKind.Rule, null, null, null, r => r.Name == ruleName);
        }

        var hash = name.IndexOf('#', StringComparison.Ordinal);
        if (hash > 0 && !name.Contains('(', StringComparison.Ordinal))
        {
            var source = name[..hash];
            var anchor = name[(hash + 1)..];
            return (WithdrawnKind.Claim, c => c.SourceName == source && string.Equals(c.Anchor, anchor, StringComparison.Ordinal), null, null, null);
        }

        if (model.Sources.ContainsKey(name) || model.PremiseCitations.Any(c => c.SourceName == name))
        {
            return (WithdrawnKind.Source, c => !c.IsAnalyst && c.SourceName == name, null, null, null);
        }

        // A premise, by the atom it is about: 'p', 'not p' and 'p = v' all name p.
        var text = name.StartsWith("not ", StringComparison.Ordinal) ? name[4..] : name;
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        var query = Analyzer.BindQuery(model, equals < 0 ? text : text[..equals]);
        var atom = query.HasErrors ? null : query.Expression switch
        {
            BoundTruth t => t.Atom,
            BoundAtomValue a => a.Atom,
            _ => null,
        };
        if (atom is null)
        {
            // A misspelt source, claim or premise binds as an unknown relation; the name it was meant to be is the help.
            if (NameSuggester.Closest(model, name, NameKinds.Withdrawable) is { } close)
            {
                throw new QuestionException(QuestionFailure.BadQuestion,
                    $"'{name}' is not a source, a claim of a source (source#anchor), a premise, 'rule NAME' or 'analyst' of this argument; did you mean '{close}'?");
            }

            var problem = query.Diagnostics.FirstOrDefault(d => d.IsError)?.Message ?? "it is not an atom";
            throw new QuestionException(QuestionFailure.BadQuestion,
                $"'{name}' is not a source, a claim of a source (source#anchor), a premise ({problem}), 'rule NAME' or 'analyst'; sources: {string.Join(", ", SourceNames(model))}", query.Diagnostics);
        }

        var key = GroundAtomKey.Of(atom, []);
        return (WithdrawnKind.Premise, null, f => GroundAtomKey.Of(f.Atom, []) == key, a => GroundAtomKey.Of(a.Atom, []) == key, null);
    }

    private static string Hint(Model model, string name, WithdrawnKind kind)
    {
        if (kind == WithdrawnKind.Analyst)
        {
            return "no premise or rule is cited 'per analyst'";
        }

        var hash = name.IndexOf('#', StringComparison.Ordinal);
        if (kind == WithdrawnKind.Claim)
        {
            var source = name[..hash];
            var anchors = model.PremiseCitations.Concat(model.Rules.Select(r => r.Citation).OfType<Citation>())
                .Where(c => c.SourceName == source && c.Anchor is not null).Select(c => c.Reference).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            return anchors.Count == 0
                ? $"no premise or rule cites source '{source}'; sources: {string.Join(", ", SourceNames(model))}"
                : $"no premise or rule cites {name}" + (NameSuggestions.Closest(name, anchors) is { } close ? $"; did you mean {close}?" : $"; cited: {string.Join(", ", anchors)}");
        }

        return kind == WithdrawnKind.Source
            ? $"no premise or rule cites source '{name}'"
            : "no fact or open premise states it (a conclusion cannot be withdrawn, only the premises and rules it rests on: 'policydsl support FILE CLAIM' lists them)"
                + NameSuggester.DidYouMean(model, name, NameKinds.Premise);
    }

    private static IEnumerable<string> SourceNames(Model model) =>
        model.Sources.Keys.Concat(model.PremiseCitations.Select(c => c.SourceName)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
}
