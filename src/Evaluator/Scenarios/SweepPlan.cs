using System.Runtime.Intrinsics;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Evaluator.Engine;
using PolicyDsl.Evaluator.Grounding;

namespace PolicyDsl.Evaluator.Scenarios;

/// <summary>
/// A ground program compiled once for sweeping its scenarios: every open premise becomes a few scenario bits (one for
/// true/false, enough for the index of a listed value otherwise), every atom a "holds" and a "fails" plane, every
/// value an atom can take a plane of its own (one-hot), and every condition flat postfix code over planes. The
/// syntax tree is never walked per scenario. <see cref="Unsupported"/> says when an argument cannot be compiled; it
/// is then enumerated one scenario at a time by <see cref="ScenarioSpace"/>.
/// </summary>
public sealed class SweepPlan
{
    /// <summary>Exhaustive sweeps stop at 2^30 scenario codes; past it the caller samples.</summary>
    public const int MaxExhaustiveBits = 30;

    /// <summary>A premise's listed values, and the distinct values one atom can take, are capped here.</summary>
    public const int MaxValues = 256;

    private SweepPlan(ScenarioSpace space)
    {
        Space = space;
        Program = space.Program;
        Premises = space.Premises;
    }

    public ScenarioSpace Space { get; }

    public GroundProgram Program { get; }

    public PremiseSet Premises { get; }

    /// <summary>Why this argument cannot be swept, or null.</summary>
    public string? Unsupported { get; private set; }

    /// <summary>Scenario bits in all: a scenario code has one bit per true/false premise and log2 of the list for each listed one.</summary>
    public int Bits { get; private set; }

    /// <summary>Whether every scenario can be swept: compiled, and at most 2^30 codes.</summary>
    public bool IsExhaustible => Unsupported is null && Bits <= MaxExhaustiveBits;

    /// <summary>Whether some open premise states its probability; otherwise every scenario weighs the same and a probability is a share of scenarios.</summary>
    public bool HasProbabilities { get; private set; }

    /// <summary>How scenarios are written as codes of <see cref="Bits"/> bits, and read back.</summary>
    public ScenarioEncoding Encoding { get; private set; } = null!;

    internal int[] Offsets => Encoding.OffsetArray;

    internal int[] Widths => Encoding.WidthArray;

    /// <summary>Per premise, the value plane of each choice (listed values), or null for a true/false premise.</summary>
    internal int[]?[] ChoicePlanes { get; private set; } = [];

    internal int[][] Groups => Encoding.GroupArray;

    internal int AtomCount => Program.Atoms.Count;

    /// <summary>
    /// About how much work a block of 256 scenarios costs, to bound a sweep nobody asked to size (a report's): every
    /// atom and rule is computed once a block, and a sampled block draws each open premise for each of its lanes.
    /// </summary>
    public long BlockWork(bool sampled) => AtomCount + Rules.Length + ((long)Space.Open.Count * (sampled ? 256 : 1));

    /// <summary>Per atom, its first value plane, or -1 for an atom about truth.</summary>
    internal int[] ValueBase { get; private set; } = [];

    /// <summary>Per atom, the values it can take in some scenario, in plane order.</summary>
    internal Value[][] Domains { get; private set; } = [];

    internal int ValuePlanes { get; private set; }

    /// <summary>Value planes plus scratch planes for value expressions.</summary>
    internal int TotalPlanes { get; private set; }

    // The premises' planes every block starts from, all lanes alike. Read-only, so made once here and shared by
    // every worker rather than copied into each (64 bytes an atom a worker).
    internal Vector256<ulong>[] InitialHolds { get; private set; } = [];

    internal Vector256<ulong>[] InitialFails { get; private set; } = [];

    internal int[] InitialValuePlanes { get; private set; } = [];

    internal SweepRule[] Rules { get; private set; } = [];

    internal (int[] Rules, bool Iterate)[] Strata { get; private set; } = [];

    internal SweepCompare[] Compares { get; private set; } = [];

    internal SweepInstruction[][] Probes { get; private set; } = [];

    /// <summary>The constraints in force (<see cref="ScenarioSpace.Constraints"/>): a scenario where one holds is impossible and not counted.</summary>
    internal SweepInstruction[][] Constraints { get; private set; } = [];

    internal List<SweepLiteral> Literals { get; } = [];

    /// <summary>Conclusions: atoms some rule concludes. Their dependence on each premise is what <c>scenarios</c> reports.</summary>
    internal int[] Conclusions { get; private set; } = [];

    /// <summary>
    /// Compiles a program and premise set, with extra conditions (<paramref name="probes"/>) whose scenarios are counted
    /// too. A probe with a guard (<paramref name="guards"/>: the index of an earlier probe, or -1) is counted only in
    /// the scenarios where its guard holds cleanly: the claim of <c>expect q when p</c>, guarded by p.
    /// </summary>
    public static SweepPlan Compile(GroundProgram program, PremiseSet premises, IReadOnlyList<GroundCondition>? probes = null, IReadOnlyList<int>? guards = null)
    {
        var plan = new SweepPlan(new ScenarioSpace(program, premises));
        probes ??= [];
        plan.ProbeGuards = [.. Enumerable.Range(0, probes.Count).Select(i => guards is null ? -1 : guards[i])];
        if (plan.ProbeGuards.Where((g, i) => g >= i).Any())
        {
            throw new ArgumentException("a probe's guard must be an earlier probe", nameof(guards));
        }

        plan.Unsupported = plan.Build(probes);
        return plan;
    }

    /// <summary>Per probe, the earlier probe that guards it, or -1.</summary>
    internal int[] ProbeGuards { get; private set; } = [];

    private string? Build(IReadOnlyList<GroundCondition> probes)
    {
        var open = Space.Open;
        if (open.FirstOrDefault(p => p.Choices.Count > MaxValues) is { } large)
        {
            return $"the open premise {large.Display} lists {large.Choices.Count} values, more than the {MaxValues} a sweep takes";
        }

        HasProbabilities = Space.HasProbabilities;
        LayOut(open);
        var domainProblem = ComputeDomains();
        if (domainProblem is not null)
        {
            return domainProblem;
        }

        ChoicePlanes = [.. open.Select(p => p.Assume.IsBoolean ? null : p.Choices.Select(c => ValueBase[p.Atom] + Array.IndexOf(Domains[p.Atom], c.Value)).ToArray())];
        InitialHolds = new Vector256<ulong>[AtomCount];
        InitialFails = new Vector256<ulong>[AtomCount];
        var initialValues = new List<int>();
        foreach (var (atom, fact) in Premises.Facts)
        {
            if (fact.Value is { } v)
            {
                initialValues.Add(ValueBase[atom] + Array.IndexOf(Domains[atom], v));
            }
            else
            {
                (fact.Negated ? InitialFails : InitialHolds)[atom] = Vector256<ulong>.AllBitsSet;
            }
        }

        foreach (var (atom, (_, value, holds)) in Premises.Assigned)
        {
            if (value is { } v)
            {
                initialValues.Add(ValueBase[atom] + Array.IndexOf(Domains[atom], v));
            }
            else
            {
                (holds ? InitialHolds : InitialFails)[atom] = Vector256<ulong>.AllBitsSet;
            }
        }

        InitialValuePlanes = [.. initialValues];
        TotalPlanes = ValuePlanes;
        var compares = new List<SweepCompare>();
        Rules = [.. Program.Rules.Select(r => CompileRule(r, compares))];
        Probes = [.. probes.Select(p => Compile(p, compares))];
        Constraints = [.. Space.Constraints.Select(c => Compile(c.Condition, compares))];
        if (cannotCompile is not null)
        {
            return cannotCompile;
        }

        Compares = [.. compares];
        Strata = [.. Program.EvaluationGroups.Select(g => (g.Rules.Select(r => r.Id).ToArray(), g.Iterate))];
        Conclusions = [.. Enumerable.Range(0, AtomCount).Where(a => Program.RulesByHead[a] is not null)];
        Reach = ComputeReach();
        return null;
    }

    /// <summary>
    /// Per conclusion, the open premises it can depend on at all: those its rules read, directly or through other
    /// conclusions (and the rules that override them). A dependency sweep checks only these; with more than 64
    /// open premises every one is a candidate.
    /// </summary>
    internal ulong[] Reach { get; private set; } = [];

    private ulong[] ComputeReach()
    {
        var open = Space.Open;
        if (open.Count > 64)
        {
            return [.. Conclusions.Select(_ => ulong.MaxValue)];
        }

        var reach = new ulong[AtomCount];
        for (var i = 0; i < open.Count; i++)
        {
            reach[open[i].Atom] |= 1UL << i;
        }

        var reads = Program.Rules.Select(r =>
        {
            var atoms = new List<int>();
            Stratifier.AddAtoms(r.Condition, atoms);
            if (r.Unless is not null)
            {
                Stratifier.AddAtoms(r.Unless, atoms);
            }

            if (r.Value is not null)
            {
                Stratifier.AddAtoms(r.Value, atoms);
            }

            return atoms.Where(a => a >= 0).Distinct().ToArray();
        }).ToArray();

        // Atoms in evaluation order, so one pass settles everything outside recursive groups; repeat for those.
        bool changed;
        do
        {
            changed = false;
            foreach (var group in Program.Strata)
            {
                foreach (var atom in group)
                {
                    var before = reach[atom];
                    foreach (var id in Program.RulesByHead[atom] ?? [])
                    {
                        foreach (var read in reads[id])
                        {
                            reach[atom] |= reach[read];
                        }

                        foreach (var stronger in Program.Rules[id].OverriddenBy)
                        {
                            foreach (var read in reads[stronger])
                            {
                                reach[atom] |= reach[read];
                            }
                        }
                    }

                    changed |= reach[atom] != before;
                }
            }
        }
        while (changed);

        return [.. Conclusions.Select(c => reach[c])];
    }

    private void LayOut(IReadOnlyList<OpenPremise> open)
    {
        Encoding = Space.Encoding;
        Bits = Encoding.Bits;
    }

    /// <summary>
    /// The values each valued atom can take in some scenario: stated, listed by an open premise, or computed by a rule
    /// from values that can occur; to a fixpoint, capped so that a recursive sum cannot grow forever.
    /// </summary>
    private string? ComputeDomains()
    {
        var domains = new List<Value>[AtomCount];
        for (var a = 0; a < AtomCount; a++)
        {
            domains[a] = [];
        }

        void Add(int atom, Value value)
        {
            if (!domains[atom].Contains(value))
            {
                domains[atom].Add(value);
            }
        }

        foreach (var (atom, fact) in Premises.Facts)
        {
            if (fact.Value is { } v)
            {
                Add(atom, v);
            }
        }

        foreach (var (atom, (_, value, _)) in Premises.Assigned)
        {
            if (value is { } v)
            {
                Add(atom, v);
            }
        }

        foreach (var premise in Space.Open.Where(p => !p.Assume.IsBoolean))
        {
            foreach (var choice in premise.Choices)
            {
                Add(premise.Atom, choice.Value ?? throw new InvalidOperationException("a listed premise without a value"));
            }
        }

        var valued = Program.Rules.Where(r => r.Value is not null && Program.Viable[r.Id]).ToList();
        bool changed;
        do
        {
            changed = false;
            foreach (var rule in valued)
            {
                foreach (var value in ConditionEvaluator.Values(rule.Value!, a => domains[a]))
                {
                    if (!domains[rule.Head].Contains(value))
                    {
                        if (domains[rule.Head].Count >= MaxValues)
                        {
                            return $"{Program.Atoms[rule.Head].Display} can take more than {MaxValues} values across scenarios, too many to sweep";
                        }

                        domains[rule.Head].Add(value);
                        changed = true;
                    }
                }
            }
        }
        while (changed);

        ValueBase = new int[AtomCount];
        Domains = new Value[AtomCount][];
        var planes = 0;
        for (var a = 0; a < AtomCount; a++)
        {
            Domains[a] = [.. domains[a]];
            ValueBase[a] = Program.Atoms[a].IsValued || Domains[a].Length > 0 ? planes : -1;
            planes += Domains[a].Length;
        }

        ValuePlanes = planes;
        return null;
    }

    /// <summary>The first reason a condition or value cannot be compiled; the plan is then <see cref="Unsupported"/> (no exception: it is an answer).</summary>
    private string? cannotCompile;

    private SweepInstruction[] Compile(GroundCondition condition, List<SweepCompare> compares)
    {
        var code = new List<SweepInstruction>();
        var depth = 0;
        var maxDepth = 0;
        Emit(condition);
        if (maxDepth > SweepWorker.StackDepth)
        {
            cannotCompile ??= $"a condition nests more than {SweepWorker.StackDepth} deep, too deep to sweep";
            return [new SweepInstruction(SweepOp.Unknown, 0)];
        }

        return [.. code];

        void Push(SweepInstruction instruction)
        {
            code.Add(instruction);
            maxDepth = Math.Max(maxDepth, ++depth);
        }

        void Emit(GroundCondition c)
        {
            switch (c)
            {
                case GroundTruth truth:
                    Push(truth.Atom < 0 ? new SweepInstruction(SweepOp.Unknown, 0) : new SweepInstruction(SweepOp.Atom, truth.Atom));
                    break;
                case GroundNot not:
                    Emit(not.Operand);
                    code.Add(new SweepInstruction(SweepOp.Not, 0));
                    break;
                case GroundAnd and:
                    Emit(and.Left);
                    Emit(and.Right);
                    code.Add(new SweepInstruction(SweepOp.And, 0));
                    depth--;
                    break;
                case GroundOr or:
                    Emit(or.Left);
                    Emit(or.Right);
                    code.Add(new SweepInstruction(SweepOp.Or, 0));
                    depth--;
                    break;
                case GroundCompare compare:
                    Push(CompileCompare(compare, compares));
                    break;
                default:
                    Push(new SweepInstruction(SweepOp.Unknown, 0));
                    break;
            }
        }
    }

    /// <summary>
    /// A comparison holds in a scenario if some pair of the operands' values satisfies it and fails if some pair does
    /// not, as in the engine: its "holds" plane is the union, over satisfying pairs of values, of both values' planes.
    /// Comparisons of stated values only are the same in every scenario, so they are decided here.
    /// </summary>
    private SweepInstruction CompileCompare(GroundCompare compare, List<SweepCompare> compares)
    {
        var left = CompileValue(compare.Left);
        var right = CompileValue(compare.Right);
        var holds = new List<(int, int)>();
        var fails = new List<(int, int)>();
        for (var i = 0; i < left.Domain.Length; i++)
        {
            for (var j = 0; j < right.Domain.Length; j++)
            {
                (ConditionEvaluator.Compare(compare.Operator, left.Domain[i], right.Domain[j]) ? holds : fails).Add((i, j));
            }
        }

        if (left.IsConstant && right.IsConstant)
        {
            return new SweepInstruction((holds.Count > 0, fails.Count > 0) switch
            {
                (true, true) => SweepOp.Both,
                (true, false) => SweepOp.Holds,
                (false, true) => SweepOp.Fails,
                _ => SweepOp.Unknown,
            }, 0);
        }

        compares.Add(new SweepCompare(left, right, [.. holds], [.. fails]));
        return new SweepInstruction(SweepOp.Compare, compares.Count - 1);
    }

    private SweepValue CompileValue(GroundValue value)
    {
        switch (value)
        {
            case GroundLiteral literal:
                var slot = TotalPlanes++;
                Literals.Add(new SweepLiteral(slot));
                return new SweepValue(SweepValueKind.Literal, slot, [literal.Value], IsConstant: true);
            case GroundAtomValue { Atom: >= 0 } atom when ValueBase[atom.Atom] >= 0:
                var constant = Domains[atom.Atom].Length <= 1 && !Space.Open.Any(p => p.Atom == atom.Atom) && Program.RulesByHead[atom.Atom] is null;
                return new SweepValue(SweepValueKind.Atom, ValueBase[atom.Atom], Domains[atom.Atom], constant);
            case GroundNegate negate:
                var operand = CompileValue(negate.Operand);
                var negated = operand.Domain.Select(v => v with { Number = -v.Number }).Distinct().ToArray();
                var negateSlot = TotalPlanes;
                TotalPlanes += negated.Length;
                return new SweepValue(SweepValueKind.Map, negateSlot, negated, operand.IsConstant, operand,
                    Pairs: [.. operand.Domain.Select((v, i) => (i, 0, Array.IndexOf(negated, v with { Number = -v.Number })))]);
            case GroundArithmetic arithmetic:
                var left = CompileValue(arithmetic.Left);
                var right = CompileValue(arithmetic.Right);
                var results = new List<Value>();
                var pairs = new List<(int, int, int)>();
                for (var i = 0; i < left.Domain.Length; i++)
                {
                    for (var j = 0; j < right.Domain.Length; j++)
                    {
                        if (ConditionEvaluator.Arithmetic(arithmetic.Operator, left.Domain[i], right.Domain[j], arithmetic.ResultType) is { } v)
                        {
                            var k = results.IndexOf(v);
                            if (k < 0)
                            {
                                k = results.Count;
                                results.Add(v);
                            }

                            pairs.Add((i, j, k));
                        }
                    }
                }

                if (results.Count > MaxValues * MaxValues)
                {
                    cannotCompile ??= $"an arithmetic expression takes {results.Count} values across scenarios, too many to sweep";
                    return new SweepValue(SweepValueKind.Atom, 0, [], IsConstant: true);
                }

                var arithmeticSlot = TotalPlanes;
                TotalPlanes += results.Count;
                return new SweepValue(SweepValueKind.Combine, arithmeticSlot, [.. results], left.IsConstant && right.IsConstant, left, right, [.. pairs]);
            default:
                // No value (an unknown atom): no planes, so comparisons with it neither hold nor fail.
                return new SweepValue(SweepValueKind.Atom, 0, [], IsConstant: true);
        }
    }

    private SweepRule CompileRule(GroundRule rule, List<SweepCompare> compares)
    {
        var condition = Compile(rule.Condition, compares);
        var unless = rule.Unless is null ? null : Compile(rule.Unless, compares);
        var value = rule.Value is null ? null : CompileValue(rule.Value);

        // For a rule concluding a value: the head's value plane for each value the expression can take.
        // A rule that can never fire may name values outside the head's domain: -1, never written.
        int[] targets = value is null ? [] : [.. value.Domain.Select(v => Array.IndexOf(Domains[rule.Head], v) is var k and >= 0 ? ValueBase[rule.Head] + k : -1)];
        return new SweepRule(rule.Head, rule.Negated, condition, unless, [.. rule.OverriddenBy], value, targets);
    }
}

internal enum SweepOp : byte
{
    Atom,
    Unknown,
    Holds,
    Fails,
    Both,
    Not,
    And,
    Or,
    Compare,
}

internal readonly record struct SweepInstruction(SweepOp Op, int Operand);

internal enum SweepValueKind : byte
{
    Literal,
    Atom,
    Map,
    Combine,
}

/// <summary>A value expression: its possible values, and where its planes (one per value) are at run time.</summary>
internal sealed record SweepValue(SweepValueKind Kind, int Slot, Value[] Domain, bool IsConstant, SweepValue? Left = null, SweepValue? Right = null, (int Left, int Right, int Result)[]? Pairs = null);

internal sealed record SweepLiteral(int Slot);

internal sealed record SweepCompare(SweepValue Left, SweepValue Right, (int Left, int Right)[] Holds, (int Left, int Right)[] Fails);

internal sealed record SweepRule(int Head, bool Negated, SweepInstruction[] Condition, SweepInstruction[]? Unless, int[] OverriddenBy, SweepValue? Value, int[] Targets);
