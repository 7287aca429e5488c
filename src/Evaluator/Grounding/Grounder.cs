using System.Collections.Immutable;
using System.Text;
using PolicyDsl.Dsl.Semantics;

namespace PolicyDsl.Evaluator.Grounding;

/// <summary>
/// Instantiates every rule over the constants of its variables' types (which keeps grounding finite), numbers
/// every atom, links stronger rules to the instances they override, and orders atoms for the fixpoint.
/// </summary>
public static class Grounder
{
    public static GroundProgram Ground(Model model)
    {
        var builder = new Builder(model);
        foreach (var fact in model.Facts.Concat(model.Scenarios.SelectMany(s => s.Facts)))
        {
            builder.Intern(fact.Atom, []);
        }

        foreach (var assume in model.Assumes.Concat(model.Scenarios.SelectMany(s => s.Assumes)))
        {
            builder.Intern(assume.Atom, []);
        }

        foreach (var rule in model.Rules)
        {
            builder.GroundRule(rule);
        }

        builder.LinkOverrides();
        var program = new GroundProgram(model, builder.Atoms, builder.Index, builder.Rules);
        program.Strata = Stratifier.Order(program, out var readsItself);
        program.ReadsItself = readsItself;
        program.SetViable(Viability.Compute(program));
        return program;
    }

    private sealed class Builder(Model model)
    {
        public List<GroundAtom> Atoms { get; } = [];

        public Dictionary<string, int> Index { get; } = new(StringComparer.Ordinal);

        public List<GroundRule> Rules { get; } = [];

        public int Intern(BoundAtom atom, ImmutableArray<Value> bindings)
        {
            var display = AtomKey.Of(atom, bindings);
            if (Index.TryGetValue(display, out var id))
            {
                return id;
            }

            id = Atoms.Count;
            Atoms.Add(new GroundAtom(id, atom.Relation, [.. atom.Arguments.Select(a => Resolve(a, bindings))], display));
            Index[display] = id;
            return id;
        }

        private static Value Resolve(Term term, ImmutableArray<Value> bindings) => AtomKey.Resolve(term, bindings);

        public void GroundRule(RuleSymbol rule)
        {
            if (rule.Conclusion is not { } conclusion)
            {
                return;
            }

            foreach (var bindings in Assignments(rule.Variables))
            {
                var head = Intern(conclusion.Atom, bindings);
                var condition = Condition(rule.Condition, bindings);
                var unless = rule.Unless is null ? null : Condition(rule.Unless, bindings);
                var value = conclusion.Value is null ? null : ValueOf(conclusion.Value, bindings);
                Rules.Add(new GroundRule(Rules.Count, rule, bindings, head, conclusion.Negated, condition, unless, value));
            }
        }

        private static IEnumerable<ImmutableArray<Value>> Assignments(ImmutableArray<VariableSymbol> variables)
        {
            if (variables.IsEmpty)
            {
                yield return [];
                yield break;
            }

            var domains = variables.Select(v => v.Type.Members.Select(m => m.Value).ToArray()).ToArray();
            if (domains.Any(d => d.Length == 0))
            {
                yield break;
            }

            var counters = new int[domains.Length];
            while (true)
            {
                yield return [.. counters.Select((c, i) => domains[i][c])];
                var k = domains.Length - 1;
                while (k >= 0 && ++counters[k] == domains[k].Length)
                {
                    counters[k] = 0;
                    k--;
                }

                if (k < 0)
                {
                    yield break;
                }
            }
        }

        private GroundCondition Condition(BoundExpression expression, ImmutableArray<Value> bindings) => expression switch
        {
            BoundTruth t => new GroundTruth(Intern(t.Atom, bindings)),
            BoundNot n => new GroundNot(Condition(n.Operand, bindings)),
            BoundBinary { Operator: Dsl.Syntax.BinaryOperator.And } b => new GroundAnd(Condition(b.Left, bindings), Condition(b.Right, bindings)),
            BoundBinary { Operator: Dsl.Syntax.BinaryOperator.Or } b => new GroundOr(Condition(b.Left, bindings), Condition(b.Right, bindings)),
            BoundBinary b => new GroundCompare(b.Operator, ValueOf(b.Left, bindings), ValueOf(b.Right, bindings)),
            _ => GroundUnknown.Instance,
        };

        private GroundValue ValueOf(BoundExpression expression, ImmutableArray<Value> bindings) => expression switch
        {
            BoundAtomValue a => new GroundAtomValue(Intern(a.Atom, bindings), a.Type),
            BoundLiteral l => new GroundLiteral(l.Value),
            BoundVariable v => new GroundLiteral(bindings[v.Variable.Index]),
            BoundNegate n => new GroundNegate(ValueOf(n.Operand, bindings)),
            BoundBinary b => new GroundArithmetic(b.Operator, ValueOf(b.Left, bindings), ValueOf(b.Right, bindings), b.Type),
            _ => GroundUnknownValue.Instance,
        };

        public void LinkOverrides()
        {
            var involved = model.Rules.Where(r => r.Overrides.Count > 0).SelectMany(r => r.Overrides.Append(r)).ToHashSet();
            if (involved.Count == 0)
            {
                return;
            }

            var byRule = Rules.Where(r => involved.Contains(r.Rule)).GroupBy(r => r.Rule).ToDictionary(g => g.Key, g => g.ToList());
            foreach (var stronger in model.Rules.Where(r => r.Overrides.Count > 0))
            {
                if (!byRule.TryGetValue(stronger, out var strongInstances))
                {
                    continue;
                }

                foreach (var weaker in stronger.Overrides)
                {
                    if (!byRule.TryGetValue(weaker, out var weakInstances))
                    {
                        continue;
                    }

                    var strongByHead = strongInstances.ToLookup(r => r.Head);
                    foreach (var weak in weakInstances)
                    {
                        weak.OverriddenBy.AddRange(strongByHead[weak.Head].Select(s => s.Id));
                    }
                }
            }
        }
    }
}

/// <summary>The text that identifies a ground atom, as reports print it: <c>no_deal(US, Russia)</c>.</summary>
public static class AtomKey
{
    [ThreadStatic]
    private static StringBuilder? builder;

    public static string Of(BoundAtom atom, ImmutableArray<Value> bindings)
    {
        if (atom.Arguments.IsEmpty)
        {
            return atom.Relation.Name;
        }

        var key = builder ??= new StringBuilder();
        key.Clear();
        key.Append(atom.Relation.Name).Append('(');
        for (var i = 0; i < atom.Arguments.Length; i++)
        {
            if (i > 0)
            {
                key.Append(", ");
            }

            key.Append(Resolve(atom.Arguments[i], bindings).ToString());
        }

        return key.Append(')').ToString();
    }

    public static Value Resolve(Term term, ImmutableArray<Value> bindings) => term switch
    {
        ConstantTerm c => c.Value,
        VariableTerm v => bindings[v.Variable.Index],
        _ => throw new InvalidOperationException("unknown term"),
    };
}
