using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Dsl.Syntax;

namespace PolicyDsl.Dsl.Semantics;

internal sealed partial class Binder
{
    private void ResolveOverrides()
    {
        var byName = namedRules;
        foreach (var (statement, rule) in rules)
        {
            current = rule.Location.Source;
            foreach (var name in statement.Overrides)
            {
                if (!byName.TryGetValue(name.Name, out var target))
                {
                    var suggestion = Suggest(name.Name, byName.Keys);
                    Report(DiagnosticCatalog.UnknownRule, name.Span, suggestion is not null
                        ? $"no rule is named '{name.Name}'; did you mean '{suggestion}'?"
                        : $"no rule is named '{name.Name}'; 'overrides' names another rule of the argument");
                    continue;
                }

                if (target == rule)
                {
                    Report(DiagnosticCatalog.OverrideCycle, name.Span, $"rule '{rule.Name}' cannot override itself");
                    continue;
                }

                rule.AddOverride(target);
            }
        }

        // Overriding must be a strict order, or no rule of a cycle could ever stand.
        var state = new Dictionary<RuleSymbol, int>();
        var reported = new HashSet<RuleSymbol>();
        foreach (var rule in model.Rules.Where(r => r.Overrides.Count > 0 && !state.ContainsKey(r)))
        {
            var path = new List<RuleSymbol>();
            if (FindOverrideCycle(rule, state, path) is { } cycle && reported.Add(cycle[0]))
            {
                current = cycle[0].Location.Source;
                Report(DiagnosticCatalog.OverrideCycle, cycle[0].Location.Span,
                    $"rules override each other in a cycle: {string.Join(" overrides ", cycle.Select(r => r.Name))}; decide which one is stronger and remove one 'overrides'");
            }
        }
    }

    private static List<RuleSymbol>? FindOverrideCycle(RuleSymbol rule, Dictionary<RuleSymbol, int> state, List<RuleSymbol> path)
    {
        if (state.TryGetValue(rule, out var s))
        {
            return s == 1 ? [.. path.SkipWhile(r => r != rule), rule] : null;
        }

        state[rule] = 1;
        path.Add(rule);
        foreach (var target in rule.Overrides)
        {
            if (FindOverrideCycle(target, state, path) is { } cycle)
            {
                return cycle;
            }
        }

        path.RemoveAt(path.Count - 1);
        state[rule] = 2;
        return null;
    }

    private readonly record struct Dependency(int To, bool Negative, RuleSymbol Rule);

    private readonly Stack<(BoundExpression Expression, bool Negative)> readStack = new();

    /// <summary>
    /// A relation may depend on itself through positive conditions only: through 'not', 'unless' or an override the
    /// meaning of the argument would depend on the order of evaluation. Checked over relations, on the strongly
    /// connected components of the dependency graph (relations by index, edges from what a rule reads to what it concludes).
    /// </summary>
    private void CheckStratification()
    {
        var relations = new RelationSymbol[model.Relations.Count];
        foreach (var relation in model.Relations.Values)
        {
            relations[relation.Index] = relation;
        }

        var successors = new List<Dependency>?[relations.Length];
        var strongerRules = model.Rules.Any(r => r.Overrides.Count > 0)
            ? model.Rules.SelectMany(r => r.Overrides.Select(weaker => (weaker, stronger: r))).ToLookup(p => p.weaker, p => p.stronger)
            : null;
        var read = new List<(int Relation, bool Negative)>();
        foreach (var rule in model.Rules)
        {
            if (rule.Conclusion is not { } conclusion)
            {
                continue;
            }

            read.Clear();
            Reads(rule.Condition, false, read);
            if (conclusion.Value is { } value)
            {
                Reads(value, false, read);
            }

            if (rule.Unless is { } unless)
            {
                Reads(unless, true, read);
            }

            foreach (var stronger in strongerRules?[rule] ?? [])
            {
                Reads(stronger.Condition, true, read);
            }

            var head = conclusion.Atom.Relation.Index;
            foreach (var (from, negative) in read)
            {
                (successors[from] ??= []).Add(new Dependency(head, negative, rule));
            }
        }

        var component = Graphs.StronglyConnectedComponents.Compute([.. successors.Select(list => list?.Select(d => d.To).ToList())]);
        var reported = new HashSet<int>();
        for (var from = 0; from < relations.Length; from++)
        {
            foreach (var edge in successors[from] ?? [])
            {
                if (!edge.Negative || component[from] != component[edge.To] || !reported.Add(component[from]))
                {
                    continue;
                }

                // The path runs the way conclusions feed each other (edge.To ... from); read backwards it says what needs what.
                var path = ShortestPath(edge.To, from, successors, component);
                var needs = string.Join(" needs ", Enumerable.Reverse(path).Select(i => relations[i].Name));
                var to = relations[edge.To].Name;
                current = edge.Rule.Location.Source;
                Report(DiagnosticCatalog.RecursionThroughNegation, edge.Rule.Location.Span,
                    $"'{to}' depends on its own absence: rule {edge.Rule.Name} concludes it from the negation (not, unless or overrides) of '{relations[from].Name}', " +
                    $"and {(from == edge.To ? "that is itself" : needs)}; no order of evaluation can settle this. Break the cycle: state one of them as a premise, or split a relation in two");
            }
        }
    }

    /// <summary>The relations an expression reads, and whether under a negation; walked with a stack, as conditions can be long.</summary>
    private void Reads(BoundExpression expression, bool negative, List<(int Relation, bool Negative)> found)
    {
        var pending = readStack;
        pending.Clear();
        pending.Push((expression, negative));
        while (pending.Count > 0)
        {
            var (e, neg) = pending.Pop();
            switch (e)
            {
                case BoundTruth t:
                    found.Add((t.Atom.Relation.Index, neg));
                    break;
                case BoundAtomValue v:
                    found.Add((v.Atom.Relation.Index, neg));
                    break;
                case BoundNot n:
                    pending.Push((n.Operand, true));
                    break;
                case BoundNegate n:
                    pending.Push((n.Operand, neg));
                    break;
                case BoundBinary b:
                    pending.Push((b.Right, neg));
                    pending.Push((b.Left, neg));
                    break;
            }
        }
    }

    private static List<int> ShortestPath(int from, int to, List<Dependency>?[] successors, int[] component)
    {
        var previous = new Dictionary<int, int> { [from] = from };
        var queue = new Queue<int>([from]);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            if (node == to)
            {
                break;
            }

            foreach (var edge in successors[node] ?? [])
            {
                if (component[edge.To] == component[from] && previous.TryAdd(edge.To, node))
                {
                    queue.Enqueue(edge.To);
                }
            }
        }

        var path = new List<int> { to };
        while (path[^1] != from && previous.TryGetValue(path[^1], out var p))
        {
            path.Add(p);
        }

        path.Reverse();
        return path;
    }

    /// <summary>Premises that contradict each other, or an atom stated as a premise and also left open.</summary>
    private void CheckPremises()
    {
        CheckPremiseSet(model.Facts, model.Assumes);
        foreach (var scenario in model.Scenarios)
        {
            // Within a scenario its own premises replace the base ones, so only they are compared with each other.
            CheckPremiseSet([.. scenario.Facts], [.. scenario.Assumes]);
        }
    }

    private void CheckPremiseSet(List<FactSymbol> facts, List<AssumeSymbol> assumes)
    {
        var seen = new Dictionary<string, FactSymbol>(StringComparer.Ordinal);
        foreach (var fact in facts)
        {
            var key = fact.Atom.ToString();
            if (!seen.TryGetValue(key, out var earlier))
            {
                seen[key] = fact;
                continue;
            }

            current = fact.Location.Source;
            if (earlier.Negated == fact.Negated && earlier.Value == fact.Value)
            {
                // Two texts stating the same premise is corroboration: one statement with both citations says so.
                var cited = fact.Citations.Where(c => !earlier.Citations.Any(e => e.ToString() == c.ToString())).ToList();
                var advice = cited.Count > 0 && earlier.Citations.Length > 0
                    ? $"if both texts state it, state it once with every citation, each 'per' on its own line: add '{string.Join("' and '", cited)}' under the statement at {earlier.Location} and remove this one"
                    : "remove one of the two";
                Report(DiagnosticCatalog.DuplicateFact, fact.Location.Span, $"'{key}' is already stated at {earlier.Location}; {advice}",
                    Related(earlier.Location, "stated here"));
                continue;
            }

            Report(DiagnosticCatalog.ContradictoryFacts, fact.Location.Span,
                $"this premise contradicts the one at {earlier.Location} ({Describe(earlier)} versus {Describe(fact)}); keep one, or make the question open with assume",
                Related(earlier.Location, "the other premise"));
        }

        var assumed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var assume in assumes)
        {
            var key = assume.Atom.ToString();
            current = assume.Location.Source;
            if (!assumed.Add(key))
            {
                Report(DiagnosticBuilder.DeclaredTwice("open premise", $"'{key}'", null, null, "remove one of the two"), assume.Location.Span);
            }
            else if (seen.TryGetValue(key, out var fact))
            {
                Report(DiagnosticCatalog.ContradictoryFacts, assume.Location.Span,
                    $"'{key}' is stated as a premise at {fact.Location} and also left open here; an open premise must not be stated, so remove one of the two",
                    Related(fact.Location, "stated here"));
            }
        }
    }

    private static string Describe(FactSymbol fact) =>
        fact.Value is { } v ? $"{fact.Atom} = {v}" : fact.Negated ? $"not {fact.Atom}" : fact.Atom.ToString();

    // ------------------------------------------------------------ queries

    /// <summary>Binds a query: lower-case names in argument positions become variables over the parameter's type.</summary>
    public (BoundExpression Expression, IReadOnlyList<VariableSymbol> Variables) BindQuery(Expression expression, Text.SourceText source)
    {
        current = source;
        queryVariables = new Dictionary<string, VariableSymbol>(StringComparer.Ordinal);
        try
        {
            var bound = expression switch
            {
                AtomExpression atom when TryBindValuedQuery(atom) is { } valued => valued,
                // A computation over values (? tariff before(US, China) - tariff after(US, China)) asks for its value.
                _ when IsValueQuery(expression) => BindValue(expression, Scope.Empty, null),
                _ => BindCondition(expression, Scope.Empty),
            };
            return (bound, [.. queryVariables.Values.OrderBy(v => v.Index)]);
        }
        finally
        {
            queryVariables = null;
        }
    }

    private static bool IsValueQuery(Expression expression) => expression switch
    {
        UnaryExpression { Operator: UnaryOperator.Minus } => true,
        ParenthesizedExpression paren => IsValueQuery(paren.Inner),
        BinaryExpression binary => binary.Operator.IsArithmetic(),
        _ => false,
    };

    /// <summary>A valued atom asked on its own (<c>? price(Russia)</c>) is a question about its value, not an error.</summary>
    private BoundAtomValue? TryBindValuedQuery(AtomExpression atom) =>
        model.Relations.TryGetValue(ReadPhrase(atom.Atom).Relation, out var relation) && relation.IsValued && UseAtom(atom.Atom, Scope.Empty) is { } bound
            ? new BoundAtomValue(bound)
            : null;
}
