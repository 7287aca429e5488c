using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using PolicyDsl.Evaluator.Grounding;

namespace PolicyDsl.Evaluator.Engine;

/// <summary>What a sweep over every scenario found: per atom, in how many scenarios it holds and fails; which scenarios conflict.</summary>
public sealed class SweepResult
{
    internal SweepResult(IReadOnlyList<int> open, long scenarios, long[] holds, long[] fails, long[] conflicting, ulong[] conflicts)
    {
        Open = open;
        Scenarios = scenarios;
        Holds = holds;
        Fails = fails;
        Conflicting = conflicting;
        this.conflicts = conflicts;
    }

    /// <summary>For each atom, the number of scenarios in which it is derived both ways.</summary>
    public IReadOnlyList<long> Conflicting { get; }

    private readonly ulong[] conflicts;

    /// <summary>The open premises' atoms; in scenario number s, premise i holds when bit i of s is set.</summary>
    public IReadOnlyList<int> Open { get; }

    public long Scenarios { get; }

    /// <summary>For each atom, the number of scenarios in which it is derived true.</summary>
    public IReadOnlyList<long> Holds { get; }

    /// <summary>For each atom, the number of scenarios in which it is derived false.</summary>
    public IReadOnlyList<long> Fails { get; }

    public bool Conflicts(long scenario) => (conflicts[scenario >> 6] >> (int)(scenario & 63) & 1) != 0;

    public long ConflictCount => conflicts.Sum(w => (long)BitOperations.PopCount(w));

    public IEnumerable<long> ConflictScenarios()
    {
        for (long s = 0; s < Scenarios; s++)
        {
            if (Conflicts(s))
            {
                yield return s;
            }
        }
    }
}

/// <summary>
/// Evaluates every scenario of the open premises 64 at a time: each atom's "holds" and "fails" planes are machine
/// words whose bits are scenarios, so a rule is a handful of and/or/not instructions on words, and blocks of
/// scenarios are spread over the cores. The syntax tree is never walked per scenario: conditions are compiled to a
/// flat instruction list once. Covers arguments whose open premises are true/false and whose rules are about truth
/// (no values or comparisons); <see cref="Supports"/> says whether an argument qualifies.
/// </summary>
public static class BitSweep
{
    /// <summary>Exhaustive sweeps stop here (2^30 scenarios); past it callers must sample.</summary>
    public const int MaxOpenPremises = 30;

    private static readonly ulong[] LowBits =
    [
        0xAAAAAAAAAAAAAAAAUL, 0xCCCCCCCCCCCCCCCCUL, 0xF0F0F0F0F0F0F0F0UL,
        0xFF00FF00FF00FF00UL, 0xFFFF0000FFFF0000UL, 0xFFFFFFFF00000000UL,
    ];

    public static bool Supports(GroundProgram program, PremiseSet premises) =>
        premises.Open.Values.All(a => a.IsBoolean)
        && premises.Open.Count <= MaxOpenPremises
        && program.Rules.Where(r => program.Viable[r.Id]).All(r => r.Value is null && IsSweepable(r.Condition, premises) && (r.Unless is null || IsSweepable(r.Unless, premises)));

    /// <summary>
    /// True/false logic, and comparisons that read only stated values: those are the same in every scenario, so they
    /// are evaluated once, as constants. Values that vary by scenario (valued open premises or conclusions) are not swept.
    /// </summary>
    private static bool IsSweepable(GroundCondition condition, PremiseSet premises) => condition switch
    {
        GroundTruth => true,
        GroundNot n => IsSweepable(n.Operand, premises),
        GroundAnd a => IsSweepable(a.Left, premises) && IsSweepable(a.Right, premises),
        GroundOr o => IsSweepable(o.Left, premises) && IsSweepable(o.Right, premises),
        GroundCompare c => Stratifier.Atoms(c).All(atom => premises.Facts.TryGetValue(atom, out var fact) && fact.Value is not null),
        GroundUnknown => true,
        _ => false,
    };

    private enum Op : byte
    {
        Atom,
        Unknown,
        Holds,
        Fails,
        Both,
        Not,
        And,
        Or,
    }

    private readonly record struct Instruction(Op Op, int Atom);

    private sealed record CompiledRule(int Head, bool Negated, Instruction[] Condition, Instruction[]? Unless, int[] OverriddenBy);

    public static SweepResult Run(GroundProgram program, PremiseSet premises, CancellationToken cancellation = default)
    {
        if (!Supports(program, premises))
        {
            throw new InvalidOperationException("this argument has values or comparisons; sweep it with ScenarioSpace");
        }

        var open = premises.Open.Keys.Order().ToArray();
        var scenarios = 1L << open.Length;
        var n = program.Atoms.Count;
        IReadOnlyList<Dsl.Semantics.Value> StatedValue(int atom) => premises.Facts.TryGetValue(atom, out var fact) && fact.Value is { } v ? [v] : [];
        (bool, bool) Constant(GroundCompare compare) => ConditionEvaluator.Evaluate(compare, _ => false, _ => false, StatedValue);
        var rules = program.Rules.Select(r => new CompiledRule(r.Head, r.Negated, Compile(r.Condition, Constant), r.Unless is null ? null : Compile(r.Unless, Constant), [.. r.OverriddenBy])).ToArray();
        var groups = program.Strata.Select(g => (Rules: g.SelectMany(a => program.RulesByHead[a] ?? []).ToArray(), Iterate: g.Length > 1 || program.ReadsItself[g[0]]))
            .Where(g => g.Rules.Length > 0).ToArray();
        var initialHolds = new ulong[n];
        var initialFails = new ulong[n];
        foreach (var (atom, fact) in premises.Facts)
        {
            (fact.Negated ? initialFails : initialHolds)[atom] = ~0UL;
        }

        // A block is 256 scenarios: four 64-bit words per plane, processed as one Vector256.
        var blocks = Math.Max(1, scenarios >> 8);
        var lastValid = scenarios >= 256 ? Vector256<ulong>.AllBitsSet : ValidLanes(scenarios);
        var holds = new long[n];
        var fails = new long[n];
        var conflicting = new long[n];
        var conflicts = new ulong[Math.Max(1, (scenarios + 63) >> 6)];
        var workers = Environment.ProcessorCount;
        var options = new ParallelOptions { CancellationToken = cancellation, MaxDegreeOfParallelism = workers };
        var results = new Worker[workers];
        Parallel.For(0, workers, options, w =>
        {
            var worker = new Worker(rules, groups, initialHolds, initialFails, open, conflicts, lastValid);
            worker.Sweep(w, workers, blocks, cancellation);
            results[w] = worker;
        });

        foreach (var worker in results)
        {
            for (var a = 0; a < n; a++)
            {
                holds[a] += worker.Holds[a];
                fails[a] += worker.Fails[a];
                conflicting[a] += worker.Conflicting[a];
            }
        }

        return new SweepResult(open, scenarios, holds, fails, conflicting, conflicts);
    }

    /// <summary>
    /// One core's share of the blocks. Its methods are compiled fully optimised at once: a sweep is one long loop,
    /// and tiered compilation would run much of it as unoptimised code before switching.
    /// </summary>
    private sealed class Worker(CompiledRule[] rules, (int[] Rules, bool Iterate)[] groups, ulong[] initialHolds, ulong[] initialFails, int[] open, ulong[] conflicts, Vector256<ulong> lastValid)
    {
        private readonly Vector256<ulong>[] t = new Vector256<ulong>[initialHolds.Length];
        private readonly Vector256<ulong>[] f = new Vector256<ulong>[initialHolds.Length];
        private readonly Vector256<ulong>[] initialT = [.. initialHolds.Select(Vector256.Create)];
        private readonly Vector256<ulong>[] initialF = [.. initialFails.Select(Vector256.Create)];
        private readonly Vector256<ulong>[] stackT = new Vector256<ulong>[64];
        private readonly Vector256<ulong>[] stackF = new Vector256<ulong>[64];
        private readonly Vector256<ulong>[] fires = new Vector256<ulong>[rules.Length];
        private readonly int[] fireStamp = new int[rules.Length];
        private int stamp;

        public long[] Holds { get; } = new long[initialHolds.Length];

        public long[] Fails { get; } = new long[initialHolds.Length];

        public long[] Conflicting { get; } = new long[initialHolds.Length];

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Sweep(long first, long step, long blocks, CancellationToken cancellation)
        {
            var n = t.Length;
            for (var block = first; block < blocks; block += step)
            {
                if ((block & 0x3FF) == first)
                {
                    cancellation.ThrowIfCancellationRequested();
                }

                Array.Copy(initialT, t, n);
                Array.Copy(initialF, f, n);
                for (var i = 0; i < open.Length; i++)
                {
                    // Scenario s = 256 * block + 64 * word + bit: premise i is bit i of s.
                    var mask = i switch
                    {
                        < 6 => Vector256.Create(LowBits[i]),
                        6 => Vector256.Create(0UL, ~0UL, 0UL, ~0UL),
                        7 => Vector256.Create(0UL, 0UL, ~0UL, ~0UL),
                        _ => ((block >> (i - 8)) & 1) != 0 ? Vector256<ulong>.AllBitsSet : Vector256<ulong>.Zero,
                    };
                    t[open[i]] = mask;
                    f[open[i]] = ~mask;
                }

                foreach (var (groupRules, iterate) in groups)
                {
                    bool changed;
                    do
                    {
                        changed = false;
                        foreach (var id in groupRules)
                        {
                            stamp++;
                            var fire = Fire(id);
                            if (fire == Vector256<ulong>.Zero)
                            {
                                continue;
                            }

                            var rule = rules[id];
                            var plane = rule.Negated ? f : t;
                            var updated = plane[rule.Head] | fire;
                            if (updated != plane[rule.Head])
                            {
                                plane[rule.Head] = updated;
                                changed = true;
                            }
                        }
                    }
                    while (changed && iterate);
                }

                var valid = block == blocks - 1 ? lastValid : Vector256<ulong>.AllBitsSet;
                var conflict = Vector256<ulong>.Zero;
                for (var a = 0; a < n; a++)
                {
                    Holds[a] += PopCount(t[a] & valid);
                    Fails[a] += PopCount(f[a] & valid);
                    var both = t[a] & f[a] & valid;
                    if (both != Vector256<ulong>.Zero)
                    {
                        Conflicting[a] += PopCount(both);
                        conflict |= both;
                    }
                }

                conflict &= valid;
                for (var w = 0; w < 4; w++)
                {
                    var index = (block << 2) + w;
                    if (index < conflicts.Length)
                    {
                        conflicts[index] = conflict.GetElement(w);
                    }
                }
            }
        }

        private static long PopCount(Vector256<ulong> v) =>
            BitOperations.PopCount(v.GetElement(0)) + BitOperations.PopCount(v.GetElement(1)) + BitOperations.PopCount(v.GetElement(2)) + BitOperations.PopCount(v.GetElement(3));

        /// <summary>A rule fires where its condition holds, its exception is not established and no stronger rule fires.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private Vector256<ulong> Fire(int id)
        {
            // Memoised within one top-level call only: overrides chains share sub-results, groups iterate.
            if (fireStamp[id] == stamp)
            {
                return fires[id];
            }

            var rule = rules[id];
            var fire = Evaluate(rule.Condition);
            if (fire != Vector256<ulong>.Zero && rule.Unless is not null)
            {
                fire &= ~Evaluate(rule.Unless);
            }

            foreach (var stronger in rule.OverriddenBy)
            {
                if (fire == Vector256<ulong>.Zero)
                {
                    break;
                }

                fire &= ~Fire(stronger);
            }

            fireStamp[id] = stamp;
            fires[id] = fire;
            return fire;
        }

        /// <summary>The lanes in which a condition holds; the "fails" plane is carried along for 'not'.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private Vector256<ulong> Evaluate(Instruction[] code)
        {
            var top = -1;
            foreach (var instruction in code)
            {
                switch (instruction.Op)
                {
                    case Op.Atom:
                        top++;
                        stackT[top] = t[instruction.Atom];
                        stackF[top] = f[instruction.Atom];
                        break;
                    case Op.Unknown:
                        top++;
                        stackT[top] = Vector256<ulong>.Zero;
                        stackF[top] = Vector256<ulong>.Zero;
                        break;
                    case Op.Holds:
                        top++;
                        stackT[top] = Vector256<ulong>.AllBitsSet;
                        stackF[top] = Vector256<ulong>.Zero;
                        break;
                    case Op.Fails:
                        top++;
                        stackT[top] = Vector256<ulong>.Zero;
                        stackF[top] = Vector256<ulong>.AllBitsSet;
                        break;
                    case Op.Both:
                        top++;
                        stackT[top] = Vector256<ulong>.AllBitsSet;
                        stackF[top] = Vector256<ulong>.AllBitsSet;
                        break;
                    case Op.Not:
                        (stackT[top], stackF[top]) = (stackF[top], stackT[top]);
                        break;
                    case Op.And:
                        top--;
                        stackT[top] &= stackT[top + 1];
                        stackF[top] |= stackF[top + 1];
                        break;
                    case Op.Or:
                        top--;
                        stackT[top] |= stackT[top + 1];
                        stackF[top] &= stackF[top + 1];
                        break;
                }
            }

            return stackT[0];
        }
    }

    /// <summary>The lanes of a block that are real scenarios when there are fewer than 256.</summary>
    private static Vector256<ulong> ValidLanes(long scenarios)
    {
        Span<ulong> words = stackalloc ulong[4];
        for (var w = 0; w < 4; w++)
        {
            var lanes = Math.Clamp(scenarios - (64L * w), 0, 64);
            words[w] = lanes == 64 ? ~0UL : (1UL << (int)lanes) - 1;
        }

        return Vector256.Create(words[0], words[1], words[2], words[3]);
    }

    /// <summary>Postfix code for a condition. Deep conditions are refused by the parser, so 64 stack slots suffice for any the binder accepts in practice; deeper ones fall back.</summary>
    private static Instruction[] Compile(GroundCondition condition, Func<GroundCompare, (bool Holds, bool Fails)> constant)
    {
        var code = new List<Instruction>();
        var depth = 0;
        var maxDepth = 0;
        Emit(condition);
        if (maxDepth > 64)
        {
            throw new InvalidOperationException("condition too deep for the bit-parallel sweep");
        }

        return [.. code];

        void Emit(GroundCondition c)
        {
            switch (c)
            {
                case GroundTruth truth:
                    code.Add(truth.Atom < 0 ? new Instruction(Op.Unknown, 0) : new Instruction(Op.Atom, truth.Atom));
                    maxDepth = Math.Max(maxDepth, ++depth);
                    break;
                case GroundNot not:
                    Emit(not.Operand);
                    code.Add(new Instruction(Op.Not, 0));
                    break;
                case GroundAnd and:
                    Emit(and.Left);
                    Emit(and.Right);
                    code.Add(new Instruction(Op.And, 0));
                    depth--;
                    break;
                case GroundOr or:
                    Emit(or.Left);
                    Emit(or.Right);
                    code.Add(new Instruction(Op.Or, 0));
                    depth--;
                    break;
                case GroundCompare compare:
                    code.Add(constant(compare) switch
                    {
                        (true, true) => new Instruction(Op.Both, 0),
                        (true, false) => new Instruction(Op.Holds, 0),
                        (false, true) => new Instruction(Op.Fails, 0),
                        _ => new Instruction(Op.Unknown, 0),
                    });
                    maxDepth = Math.Max(maxDepth, ++depth);
                    break;
                default:
                    code.Add(new Instruction(Op.Unknown, 0));
                    maxDepth = Math.Max(maxDepth, ++depth);
                    break;
            }
        }
    }
}
