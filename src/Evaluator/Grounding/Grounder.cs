using System.Collections.Immutable;
using System.Text;
using PolicyDsl.Dsl.Semantics;

namespace PolicyDsl.Evaluator.Grounding;

/// <summary>
/// Instantiates every rule where its conditions can match (see <see cref="InstanceFinder"/>; the types of its
/// variables keep grounding finite), numbers every atom, links stronger rules to the instances they override, and
/// orders atoms for the fixpoint.
/// </summary>
public static class Grounder
{
    /// <summary>Grounds a model known to be within <see cref="InstanceFinder.MaxInstances"/> (tests); hosts use <see cref="TryGround"/>.</summary>
    public static GroundProgram Ground(Model model) => TryGround(model, [], null).Program
        ?? throw new InvalidOperationException("the argument has more rule instances than grounding allows");

    /// <summary>
    /// Grounds the model with <paramref name="stated"/> premises besides its own (a what-if's), which count when
    /// deciding which rule instances could ever fire: a what-if can make possible what no file states. A rule with
    /// more instances than <see cref="InstanceFinder.MaxInstances"/> allows gives no program, and the limit it met.
    /// <paramref name="explained"/> are atoms a report will explain besides those the expectations name: the
    /// instances that would conclude them are grounded too (see <see cref="InstanceFinder"/>).
    /// </summary>
    public static (GroundProgram? Program, GroundingLimit? Limit) TryGround(Model model, IReadOnlyList<FactSymbol> stated, IEnumerable<BoundAtom>? explained = null)
    {
        var claims = model.Expectations.Concat(model.Scenarios.SelectMany(s => s.Expectations)).SelectMany(e => RulePatterns.Atoms(e.Claim))
            .Concat(model.ExpectConflicts.Concat(model.Scenarios.SelectMany(s => s.ExpectConflicts)).Select(e => e.Atom));
        var (instances, limit) = InstanceFinder.Find(model, stated, claims.Concat(explained ?? []));
        if (limit is not null)
        {
            return (null, limit);
        }

        var builder = new Builder(model, instances);
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

        foreach (var fact in stated)
        {
            builder.Intern(fact.Atom, []);
        }

        builder.LinkOverrides();
        var parts = builder.Parts;
        var strata = Stratifier.Order(parts, out var readsItself);
        var viable = Viability.Compute(model, parts, strata, readsItself, stated);
        return (new GroundProgram(model, parts, strata, readsItself, viable), null);
    }

    /// <summary>What a diagnostic says of a rule past the limit.</summary>
    public static string Explain(GroundingLimit limit) =>
        $"{(limit.Rule.IsNamed ? "rule " + limit.Rule.Name : "this rule")} would have about {limit.Estimate:N0} instances, more than the {limit.Limit:N0} an argument may have; " +
        "give its variables conditions that bind them (a premise or conclusion they appear in), or use smaller types";

    private sealed class Builder(Model model, IReadOnlyDictionary<RuleSymbol, HashSet<Bindings>> instances)
    {
        public GroundParts Parts { get; } = new();

        private List<GroundAtom> Atoms => Parts.Atoms;

        private Dictionary<GroundAtomKey, int> Index => Parts.Index;

        private List<GroundRule> Rules => Parts.Rules;

        public int Intern(BoundAtom atom, ImmutableArray<Value> bindings)
        {
            var key = GroundAtomKey.Of(atom, bindings);
            if (Index.TryGetValue(key, out var id))
            {
                return id;
            }

            // The text reports print is made once, for a new atom; lookups compare values.
            id = Atoms.Count;
            Atoms.Add(new GroundAtom(id, atom.Relation, [.. key.Arguments], AtomKey.Of(atom, bindings)));
            Index[key] = id;
            return id;
        }

        public void GroundRule(RuleSymbol rule)
        {
            if (rule.Conclusion is not { } conclusion)
            {
                return;
            }

            foreach (var bindings in InstancesOf(rule))
            {
                var head = Intern(conclusion.Atom, bindings);
                var condition = Condition(rule.Condition, bindings);
                var unless = rule.Unless is null ? null : Condition(rule.Unless, bindings);
                var value = conclusion.Value is null ? null : ValueOf(conclusion.Value, bindings);
                Rules.Add(new GroundRule(Rules.Count, rule, bindings, head, conclusion.Negated, condition, unless, value));
            }
        }

        /// <summary>
        /// The instances to ground, in the order the Cartesian product of the variables' types would give them, so
        /// atoms are numbered (and reports list them) the same however the instances were found. A rule without
        /// variables always has its one instance, so a rule that can never fire is still there to be explained.
        /// </summary>
        /// <summary>The one instance of a rule without variables (shared: read, never changed).</summary>
        private static readonly List<ImmutableArray<Value>> OneInstance = [[]];

        private List<ImmutableArray<Value>> InstancesOf(RuleSymbol rule)
        {
            if (rule.Variables.IsEmpty)
            {
                return OneInstance;
            }

            var positions = rule.Variables.Select(v => v.Type.Members.Select((m, i) => (m.Value, i)).ToDictionary(p => p.Value, p => p.i)).ToArray();
            var found = instances.TryGetValue(rule, out var set) ? set.Select(b => b.Values).ToList() : [];
            found.Sort((a, b) =>
            {
                for (var k = 0; k < a.Length; k++)
                {
                    var c = positions[k][a[k]].CompareTo(positions[k][b[k]]);
                    if (c != 0)
                    {
                        return c;
                    }
                }

                return 0;
            });
            return found;
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
            var overriddenBy = new Dictionary<int, List<int>>();
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
                        overriddenBy.TryAdd(weak.Id, []);
                        overriddenBy[weak.Id].AddRange(strongByHead[weak.Head].Select(s => s.Id));
                    }
                }
            }

            // Rule instances are records: each one a stronger rule overrides is replaced by its copy that says so.
            foreach (var (weak, stronger) in overriddenBy)
            {
                Rules[weak] = Rules[weak] with { OverriddenBy = [.. stronger] };
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
