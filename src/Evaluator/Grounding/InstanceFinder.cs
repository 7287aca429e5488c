using System.Collections.Immutable;
using System.Runtime.InteropServices;
using PolicyDsl.Dsl.Graphs;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Dsl.Syntax;

namespace PolicyDsl.Evaluator.Grounding;

/// <summary>
/// Which instances of each rule to ground: those whose variables can be bound by matching the conditions the
/// instance needs (an atom it needs true, false or with a value) against the atoms that can be so, as gringo does.
/// The atoms that can be so are the premises (stated or open, in the base argument or any scenario) and the
/// conclusions of the instances found so far; rules are taken in the order of their relations' dependencies, and a
/// recursive group is iterated semi-naively (each round matches only what the last round added). A type is
/// enumerated only for a variable no needed condition binds. This is a superset of the instances that can ever
/// fire (<see cref="Viability"/> then decides those exactly), found without building the Cartesian product.
/// </summary>
internal sealed class InstanceFinder
{
    /// <summary>More rule instances than this in one argument are refused: memory would run out long before they were evaluated.</summary>
    public const int MaxInstances = 1_000_000;

    private const int Holds = 0, Fails = 1, Valued = 2;

    private static readonly Bindings NoBindings = new([]);

    /// <summary>What an atom without arguments binds: nothing (shared, never added to).</summary>
    private static readonly List<int> NoneBound = [];

    private readonly Model model;
    private readonly Dictionary<(int Relation, int Plane), Store> stores = [];
    // The instances found, for rules with variables; a rule without any has one instance, always grounded, and
    // only needs to be known to fire (it makes its conclusion possible) once.
    private readonly Dictionary<RuleSymbol, HashSet<Bindings>> found = [];
    private readonly HashSet<RuleSymbol> firing = [];
    private readonly Dictionary<TypeSymbol, HashSet<Value>> members = [];
    private int total;

    private InstanceFinder(Model model) => this.model = model;

    /// <summary>The bindings of each rule's instances, or the rule that would have too many.</summary>
    public static (IReadOnlyDictionary<RuleSymbol, HashSet<Bindings>> Instances, GroundingLimit? Limit) Find(Model model, IReadOnlyList<FactSymbol> stated, IEnumerable<BoundAtom> demanded)
    {
        var finder = new InstanceFinder(model);
        if (!model.Rules.Any(r => r.Conclusion is not null && !r.Variables.IsEmpty))
        {
            // Every rule has its one instance: nothing to match, nothing to add for explanations.
            return (finder.found, null);
        }

        var limit = finder.Run(stated);
        if (limit is null)
        {
            finder.Demand(demanded);
        }

        return (finder.found, limit);
    }

    /// <summary>
    /// How many levels of "because" a why-not explanation follows before it stops. Fixed here, where the instances it
    /// will read are grounded, so that grounding need not know the explainer (which comes after it); the explainer
    /// reads it from here.
    /// </summary>
    public const int WhyNotDepth = 4;

    /// <summary>How deep <see cref="Demand"/> follows the atoms an instance reads: as deep as a why-not explanation goes.</summary>
    private const int DemandDepth = WhyNotDepth + 1;

    /// <summary>At most this many instances are added for explanations; past it, explanations stop sooner.</summary>
    private const int MaxDemandedInstances = 10_000;

    /// <summary>
    /// Adds, for atoms a report explains (the expectations' atoms, an atom a why-not asks about), the instances that
    /// would conclude them but cannot fire, and so on for the atoms those read: a failed expectation then says which
    /// rule would have concluded it and what it lacked. They never fire, so evaluation is the same.
    /// </summary>
    private void Demand(IEnumerable<BoundAtom> demanded)
    {
        var heads = model.Rules.Where(r => r.Conclusion is not null).ToLookup(r => r.Conclusion!.Atom.Relation);
        var seen = new HashSet<(RelationSymbol, Bindings)>();
        var level = demanded.Where(a => a.Arguments.All(t => t is ConstantTerm))
            .Select(a => (a.Relation, Values: a.Arguments.Select(t => ((ConstantTerm)t).Value).ToArray())).ToList();
        var added = 0;
        for (var depth = 0; depth < DemandDepth && level.Count > 0; depth++)
        {
            var next = new List<(RelationSymbol, Value[])>();
            foreach (var (relation, values) in level)
            {
                if (!seen.Add((relation, new Bindings([.. values]))))
                {
                    continue;
                }

                foreach (var rule in heads[relation])
                {
                    foreach (var bindings in HeadInstances(rule, values))
                    {
                        if (added >= MaxDemandedInstances)
                        {
                            return;
                        }

                        // A rule without variables is grounded anyway; its conditions are still followed.
                        if (!rule.Variables.IsEmpty && !found[rule].Add(bindings))
                        {
                            continue;
                        }

                        if (rule.Variables.IsEmpty && !firing.Add(rule))
                        {
                            continue;
                        }

                        added++;
                        var read = new List<BoundAtom>();
                        RulePatterns.AtomsOf(rule, read);
                        next.AddRange(read.Select(a => (a.Relation, a.Arguments.Select(t => AtomKey.Resolve(t, bindings.Values)).ToArray())));
                    }
                }
            }

            level = next;
        }
    }

    /// <summary>The instances of a rule whose conclusion is the given atom (at most a few hundred: the variables its conclusion leaves free range over their types).</summary>
    private List<Bindings> HeadInstances(RuleSymbol rule, Value[] values)
    {
        var variables = rule.Variables;
        var assignment = new Value?[variables.Length];
        var head = rule.Conclusion!.Atom;
        for (var i = 0; i < head.Arguments.Length; i++)
        {
            switch (head.Arguments[i])
            {
                case ConstantTerm c when c.Value != values[i]:
                    return [];
                case VariableTerm { Variable: var v } when assignment[v.Index] is { } bound && bound != values[i]:
                    return [];
                case VariableTerm { Variable: var v } when !MembersOf(v.Type).Contains(values[i]):
                    return [];
                case VariableTerm { Variable: var v }:
                    assignment[v.Index] = values[i];
                    break;
            }
        }

        var combinations = Combinations(variables, assignment);
        return combinations is 0 or > 256 ? [] : [.. Completions(variables, assignment)];
    }

    /// <summary>How many ways the variables the assignment leaves free can be filled (saturating past <see cref="MaxInstances"/>).</summary>
    private static long Combinations(ImmutableArray<VariableSymbol> variables, Value?[] assignment)
    {
        var combinations = 1L;
        for (var i = 0; i < variables.Length; i++)
        {
            if (assignment[i] is null)
            {
                combinations = Math.Min(combinations * variables[i].Type.Members.Count, (long)MaxInstances + 1);
            }
        }

        return combinations;
    }

    /// <summary>
    /// The assignment completed every way: the variables it leaves free range over their types, in the order the
    /// Cartesian product gives (the last variable fastest). The assignment is as it was afterwards.
    /// </summary>
    private static IEnumerable<Bindings> Completions(ImmutableArray<VariableSymbol> variables, Value?[] assignment)
    {
        var free = new List<int>();
        for (var i = 0; i < variables.Length; i++)
        {
            if (assignment[i] is null)
            {
                free.Add(i);
            }
        }

        if (free.Exists(i => variables[i].Type.Members.Count == 0))
        {
            yield break;
        }

        var counters = new int[free.Count];
        while (true)
        {
            for (var k = 0; k < free.Count; k++)
            {
                assignment[free[k]] = variables[free[k]].Type.Members[counters[k]].Value;
            }

            var values = new Value[assignment.Length];
            for (var k = 0; k < values.Length; k++)
            {
                values[k] = assignment[k]!.Value;
            }

            yield return new Bindings(ImmutableCollectionsMarshal.AsImmutableArray(values));
            var at = free.Count - 1;
            while (at >= 0 && ++counters[at] == variables[free[at]].Type.Members.Count)
            {
                counters[at] = 0;
                at--;
            }

            if (at < 0)
            {
                break;
            }
        }

        foreach (var i in free)
        {
            assignment[i] = null;
        }
    }

    private GroundingLimit? Run(IReadOnlyList<FactSymbol> stated)
    {
        // A rule without variables always has its one instance. Matching is needed only for the rules with
        // variables, and for the rules that conclude what those read, transitively: in a large argument of
        // variable-free rules, none.
        var rules = Relevant();
        if (rules.Count == 0)
        {
            return null;
        }

        foreach (var fact in model.Facts.Concat(model.Scenarios.SelectMany(s => s.Facts)).Concat(stated))
        {
            Add(fact.Atom, fact.Value is not null ? Valued : fact.Negated ? Fails : Holds, []);
        }

        foreach (var assume in model.Assumes.Concat(model.Scenarios.SelectMany(s => s.Assumes)))
        {
            Add(assume.Atom, Holds, []);
            Add(assume.Atom, Fails, []);
            Add(assume.Atom, Valued, []);
        }

        foreach (var plan in rules.Where(p => !p.Rule.Variables.IsEmpty))
        {
            found[plan.Rule] = [];
        }

        foreach (var group in Groups(rules))
        {
            if (RunGroup(group) is { } limit)
            {
                return limit;
            }
        }

        return null;
    }

    /// <summary>The rules with variables and those that conclude what they need, transitively, in model order.</summary>
    private List<RulePlan> Relevant()
    {
        var concluding = model.Rules.Where(r => r.Conclusion is not null).ToLookup(r => r.Conclusion!.Atom.Relation);
        var plans = new Dictionary<RuleSymbol, RulePlan>();
        var pending = new Stack<RuleSymbol>(model.Rules.Where(r => r.Conclusion is not null && !r.Variables.IsEmpty));
        var visited = new HashSet<RelationSymbol>();
        while (pending.Count > 0)
        {
            var rule = pending.Pop();
            if (plans.ContainsKey(rule))
            {
                continue;
            }

            var plan = plans[rule] = new RulePlan(rule, Needed(rule));
            foreach (var need in plan.Needs)
            {
                if (visited.Add(need.Atom.Relation))
                {
                    foreach (var producer in concluding[need.Atom.Relation])
                    {
                        pending.Push(producer);
                    }
                }
            }
        }

        return [.. model.Rules.Where(plans.ContainsKey).Select(r => plans[r])];
    }

    /// <summary>The rules grouped by the strongly connected components of their relations, each group after those it reads.</summary>
    private List<List<RulePlan>> Groups(List<RulePlan> rules)
    {
        var relations = model.Relations.Count;
        var successors = new List<int>?[relations];
        foreach (var plan in rules)
        {
            var head = plan.Rule.Conclusion!.Atom.Relation.Index;
            foreach (var need in plan.Needs)
            {
                (successors[need.Atom.Relation.Index] ??= []).Add(head);
            }
        }

        var component = StronglyConnectedComponents.Compute(successors);
        return [.. rules.GroupBy(p => component[p.Rule.Conclusion!.Atom.Relation.Index]).OrderByDescending(g => g.Key).Select(g => g.ToList())];
    }

    private GroundingLimit? RunGroup(List<RulePlan> group)
    {
        // Most groups are one rule that does not read what it concludes: one round, nothing to iterate.
        var inGroup = group.Count == 1 ? [group[0].Rule.Conclusion!.Atom.Relation.Index] : group.Select(p => p.Rule.Conclusion!.Atom.Relation.Index).ToHashSet();
        if (!group.Exists(p => p.Needs.Any(n => inGroup.Contains(n.Atom.Relation.Index))))
        {
            var results = new List<(BoundAtom Atom, int Plane, Bindings Bindings)>();
            foreach (var plan in group)
            {
                if (Match(plan, delta: -1, default, results) is { } limit)
                {
                    return limit;
                }
            }

            foreach (var (atom, plane, bindings) in results)
            {
                Add(atom, plane, bindings.Values);
            }

            return null;
        }

        // Round one matches everything there is; each later round only what the round before added to the group.
        var deltas = new Dictionary<(int, int), (int From, int To)>();
        var first = true;
        while (first || deltas.Count > 0)
        {
            var added = new List<(BoundAtom Atom, int Plane, Bindings Bindings)>();
            foreach (var plan in group)
            {
                if (first)
                {
                    if (Match(plan, delta: -1, default, added) is { } limit)
                    {
                        return limit;
                    }

                    continue;
                }

                for (var i = 0; i < plan.Needs.Length; i++)
                {
                    var need = plan.Needs[i];
                    if (inGroup.Contains(need.Atom.Relation.Index) && deltas.TryGetValue((need.Atom.Relation.Index, need.Plane), out var range)
                        && Match(plan, i, range, added) is { } limit)
                    {
                        return limit;
                    }
                }
            }

            first = false;
            var before = inGroup.SelectMany(r => new[] { Holds, Fails, Valued }.Select(p => (r, p))).ToDictionary(k => k, k => stores.TryGetValue(k, out var s) ? s.Count : 0);
            foreach (var (atom, plane, bindings) in added)
            {
                Add(atom, plane, bindings.Values);
            }

            deltas.Clear();
            foreach (var (key, count) in before)
            {
                if (stores.TryGetValue(key, out var store) && store.Count > count)
                {
                    deltas[key] = (count, store.Count);
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Finds the rule's instances, matching its needs in turn (need <paramref name="delta"/>, if any, only against
    /// the tuples in <paramref name="range"/>), and records each new one with the conclusion it makes possible.
    /// </summary>
    private GroundingLimit? Match(RulePlan plan, int delta, (int From, int To) range, List<(BoundAtom, int, Bindings)> added)
    {
        if (plan.Rule.Variables.IsEmpty)
        {
            // No variables (most rules of a large argument): each need is one atom, there or not.
            foreach (var need in plan.Needs)
            {
                if (!stores.TryGetValue((need.Atom.Relation.Index, need.Plane), out var store) || !store.Contains(need.Atom))
                {
                    return null;
                }
            }

            var conclusion0 = plan.Rule.Conclusion!;
            if (firing.Add(plan.Rule))
            {
                total++;
                added.Add((conclusion0.Atom, conclusion0.Value is not null ? Valued : conclusion0.Negated ? Fails : Holds, NoBindings));
            }

            return total > MaxInstances ? new GroundingLimit(plan.Rule, total, MaxInstances) : null;
        }

        var variables = plan.Rule.Variables;
        var assignment = new Value?[variables.Length];
        var done = new bool[plan.Needs.Length];
        var known = found[plan.Rule];
        GroundingLimit? refused = null;
        var conclusion = plan.Rule.Conclusion!;
        var plane = conclusion.Value is not null ? Valued : conclusion.Negated ? Fails : Holds;

        Step(0);
        return refused;

        void Step(int matched)
        {
            if (refused is not null)
            {
                return;
            }

            if (matched == plan.Needs.Length)
            {
                Complete();
                return;
            }

            var next = matched == 0 && delta >= 0 ? delta : Choose();
            var need = plan.Needs[next];
            done[next] = true;
            if (stores.TryGetValue((need.Atom.Relation.Index, need.Plane), out var store))
            {
                var (from, to) = next == delta ? range : (0, store.Count);
                foreach (var index in store.Candidates(need.Atom, assignment, from, to))
                {
                    var bound = Bind(need.Atom, store[index]);
                    if (bound is not null)
                    {
                        Step(matched + 1);
                        foreach (var v in bound)
                        {
                            assignment[v] = null;
                        }
                    }

                    if (refused is not null)
                    {
                        break;
                    }
                }
            }

            done[next] = false;
        }

        // The next need to match: the one with most arguments already fixed, then the one with fewest atoms.
        int Choose()
        {
            int best = -1, bestFixed = -1, bestSize = int.MaxValue;
            for (var i = 0; i < plan.Needs.Length; i++)
            {
                if (done[i])
                {
                    continue;
                }

                var atom = plan.Needs[i].Atom;
                var fixedCount = 0;
                foreach (var term in atom.Arguments)
                {
                    if (term is ConstantTerm || (term is VariableTerm v && assignment[v.Variable.Index] is not null))
                    {
                        fixedCount++;
                    }
                }

                var size = stores.TryGetValue((atom.Relation.Index, plan.Needs[i].Plane), out var s) ? s.Count : 0;
                if (fixedCount > bestFixed || (fixedCount == bestFixed && size < bestSize))
                {
                    (best, bestFixed, bestSize) = (i, fixedCount, size);
                }
            }

            return best;
        }

        // Binds the atom's free variables to the tuple's values; null if the tuple does not fit (the variables stay as they were).
        List<int>? Bind(BoundAtom atom, Value[] tuple)
        {
            var bound = atom.Arguments.IsEmpty ? NoneBound : new List<int>();
            for (var i = 0; i < atom.Arguments.Length; i++)
            {
                var fits = atom.Arguments[i] switch
                {
                    ConstantTerm c => c.Value == tuple[i],
                    VariableTerm { Variable: var v } when assignment[v.Index] is { } value => value == tuple[i],
                    VariableTerm { Variable: var v } when MembersOf(v.Type).Contains(tuple[i]) => BindVariable(v.Index, tuple[i], bound),
                    _ => false,
                };
                if (!fits)
                {
                    foreach (var v in bound)
                    {
                        assignment[v] = null;
                    }

                    return null;
                }
            }

            return bound;
        }

        bool BindVariable(int index, Value value, List<int> bound)
        {
            assignment[index] = value;
            bound.Add(index);
            return true;
        }

        // Every needed condition matched: the variables no condition binds range over their types.
        void Complete()
        {
            var combinations = Combinations(variables, assignment);
            if (total + combinations > MaxInstances)
            {
                refused = new GroundingLimit(plan.Rule, Estimate(plan), MaxInstances);
                return;
            }

            foreach (var bindings in Completions(variables, assignment))
            {
                if (known.Add(bindings))
                {
                    total++;
                    added.Add((conclusion.Atom, plane, bindings));
                }
            }
        }
    }

    /// <summary>How many instances the rule could have: the atoms each need could match, times the types of the variables none binds.</summary>
    /// <remarks>A double: 40 constants over 20 variables is past what a decimal holds.</remarks>
    private double Estimate(RulePlan plan)
    {
        var bound = plan.Needs.SelectMany(n => n.Atom.Arguments.OfType<VariableTerm>().Select(t => t.Variable.Index)).ToHashSet();
        var estimate = 1.0;
        foreach (var need in plan.Needs.Where(n => n.Atom.Arguments.Any(a => a is VariableTerm)))
        {
            estimate *= Math.Max(1, stores.TryGetValue((need.Atom.Relation.Index, need.Plane), out var s) ? s.Count : 0);
        }

        foreach (var variable in plan.Rule.Variables.Where(v => !bound.Contains(v.Index)))
        {
            estimate *= Math.Max(1, variable.Type.Members.Count);
        }

        return Math.Min(estimate, plan.Rule.Variables.Aggregate(1.0, (p, v) => p * Math.Max(1, v.Type.Members.Count)));
    }

    private HashSet<Value> MembersOf(TypeSymbol type)
    {
        if (!members.TryGetValue(type, out var set))
        {
            members[type] = set = [.. type.Members.Select(m => m.Value)];
        }

        return set;
    }

    private void Add(BoundAtom atom, int plane, ImmutableArray<Value> bindings)
    {
        var key = (atom.Relation.Index, plane);
        if (!stores.TryGetValue(key, out var store))
        {
            stores[key] = store = new Store();
        }

        var tuple = new Value[atom.Arguments.Length];
        for (var i = 0; i < tuple.Length; i++)
        {
            tuple[i] = AtomKey.Resolve(atom.Arguments[i], bindings);
        }

        store.Add(tuple);
    }

    // ------------------------------------------------------------ what an instance needs

    private readonly record struct Need(BoundAtom Atom, int Plane);

    private sealed record RulePlan(RuleSymbol Rule, ImmutableArray<Need> Needs);

    /// <summary>
    /// The atoms a rule's instance needs to be able to fire: true, false or with a value. For its condition to hold,
    /// both sides of an 'and' must, 'not x' needs x false, either side of an 'or' will do (so neither is needed);
    /// a comparison needs both sides' values; a valued conclusion needs the values it is computed from.
    /// </summary>
    private static ImmutableArray<Need> Needed(RuleSymbol rule)
    {
        var needs = new List<Need>();
        Condition(rule.Condition, wantHolds: true, needs);
        if (rule.Conclusion!.Value is { } value)
        {
            Values(value, needs);
        }

        // The same atom needed twice (p and p, in two places) is matched once.
        var distinct = new List<Need>(needs.Count);
        foreach (var need in needs)
        {
            if (!distinct.Exists(d => d.Plane == need.Plane && SameAtom(d.Atom, need.Atom)))
            {
                distinct.Add(need);
            }
        }

        return [.. distinct];

        static void Condition(BoundExpression expression, bool wantHolds, List<Need> needs)
        {
            switch (expression)
            {
                case BoundTruth t:
                    needs.Add(new Need(t.Atom, wantHolds ? Holds : Fails));
                    break;
                case BoundNot n:
                    Condition(n.Operand, !wantHolds, needs);
                    break;
                case BoundBinary { Operator: BinaryOperator.And } a when wantHolds:
                    Condition(a.Left, true, needs);
                    Condition(a.Right, true, needs);
                    break;
                case BoundBinary { Operator: BinaryOperator.Or } o when !wantHolds:
                    Condition(o.Left, false, needs);
                    Condition(o.Right, false, needs);
                    break;
                case BoundBinary { Operator: BinaryOperator.And or BinaryOperator.Or }:
                    break;
                case BoundBinary compare:
                    Values(compare.Left, needs);
                    Values(compare.Right, needs);
                    break;
            }
        }

        static void Values(BoundExpression expression, List<Need> needs)
        {
            switch (expression)
            {
                case BoundAtomValue a:
                    needs.Add(new Need(a.Atom, Valued));
                    break;
                case BoundNegate n:
                    Values(n.Operand, needs);
                    break;
                case BoundBinary b:
                    Values(b.Left, needs);
                    Values(b.Right, needs);
                    break;
            }
        }
    }

    private static bool SameAtom(BoundAtom a, BoundAtom b) =>
        ReferenceEquals(a, b) || (ReferenceEquals(a.Relation, b.Relation) && a.Arguments.SequenceEqual(b.Arguments));

    /// <summary>The atoms of one relation that can be true (or false, or valued), with an index per argument position built when first asked.</summary>
    private sealed class Store
    {
        // Made when first needed: most relations of a large argument have no arguments, and their one atom is there or not.
        private readonly List<Value[]> tuples = new(1);
        private HashSet<Bindings>? set;
        private Dictionary<int, Dictionary<Value, List<int>>>? byPosition;

        public int Count => tuples.Count;

        /// <summary>Whether the store holds the atom, whose arguments are all constants.</summary>
        public bool Contains(BoundAtom atom)
        {
            var values = new Value[atom.Arguments.Length];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = ((ConstantTerm)atom.Arguments[i]).Value;
            }

            return values.Length == 0 ? tuples.Count > 0 : set?.Contains(new Bindings(ImmutableCollectionsMarshal.AsImmutableArray(values))) == true;
        }

        public Value[] this[int index] => tuples[index];

        public void Add(Value[] tuple)
        {
            if (tuple.Length == 0 ? tuples.Count > 0 : !(set ??= []).Add(new Bindings(ImmutableCollectionsMarshal.AsImmutableArray(tuple))))
            {
                return;
            }

            tuples.Add(tuple);
            foreach (var (position, index) in byPosition ?? [])
            {
                AddTo(index, tuple[position], tuples.Count - 1);
            }
        }

        /// <summary>The tuples in [from, to) that could match the atom: by the index of its first fixed argument, else all of them.</summary>
        public IEnumerable<int> Candidates(BoundAtom atom, Value?[] assignment, int from, int to)
        {
            for (var position = 0; position < atom.Arguments.Length; position++)
            {
                var fixedValue = atom.Arguments[position] switch
                {
                    ConstantTerm c => c.Value,
                    VariableTerm v => assignment[v.Variable.Index],
                    _ => null,
                };
                if (fixedValue is { } value)
                {
                    byPosition ??= [];
                    if (!byPosition.TryGetValue(position, out var index))
                    {
                        byPosition[position] = index = [];
                        for (var i = 0; i < tuples.Count; i++)
                        {
                            AddTo(index, tuples[i][position], i);
                        }
                    }

                    return index.TryGetValue(value, out var list) ? InRange(list, from, to) : [];
                }
            }

            return Enumerable.Range(from, to - from);
        }

        /// <summary>The positions in [from, to) of an index list, which is in ascending order (tuples are only appended).</summary>
        private static IEnumerable<int> InRange(List<int> list, int from, int to)
        {
            var start = list.BinarySearch(from);
            for (var i = start < 0 ? ~start : start; i < list.Count && list[i] < to; i++)
            {
                yield return list[i];
            }
        }

        private static void AddTo(Dictionary<Value, List<int>> index, Value value, int position)
        {
            if (!index.TryGetValue(value, out var list))
            {
                index[value] = list = [];
            }

            list.Add(position);
        }
    }
}

/// <summary>The values of a rule instance's variables, compared as values.</summary>
internal readonly struct Bindings(ImmutableArray<Value> values) : IEquatable<Bindings>
{
    public ImmutableArray<Value> Values { get; } = values;

    public bool Equals(Bindings other) => Values.AsSpan().SequenceEqual(other.Values.AsSpan());

    public override bool Equals(object? obj) => obj is Bindings other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var value in Values)
        {
            hash.Add(value);
        }

        return hash.ToHashCode();
    }
}

/// <summary>A rule that would have more instances than grounding allows, with an estimate of how many.</summary>
public sealed record GroundingLimit(RuleSymbol Rule, double Estimate, int Limit);
