using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace PolicyDsl.Evaluator.Scenarios;

/// <summary>What one pass over the scenario blocks computes; shared by the workers of the pass.</summary>
internal sealed class SweepJob
{
    /// <summary>Where each premise's bits are in a scenario code for this pass.</summary>
    public required int[] Offsets { get; init; }

    public required long Blocks { get; init; }

    /// <summary>Lanes that are scenarios in the last block (256 when full).</summary>
    public required int LastBlockLanes { get; init; }

    /// <summary>Counts, weights, probes and witnesses are gathered (the first pass); later passes only look for dependencies.</summary>
    public bool Count { get; init; }

    /// <summary>The premise group whose bits are inside a block in this pass, for dependencies; -1 for none.</summary>
    public int DependencyGroup { get; init; } = -1;

    public bool Weigh { get; init; }

    /// <summary>Null for an exhaustive sweep; otherwise random scenarios drawn by the premises' probabilities.</summary>
    public ulong? Seed { get; init; }

    /// <summary>See <see cref="SweepOptions.WorkersMemory"/>.</summary>
    public long WorkersMemory { get; init; } = ScenarioSweep.WorkersMemory;

    /// <summary>Per premise, the cumulative probabilities of its choices (sampling).</summary>
    public double[][] Cumulative { get; init; } = [];

    /// <summary>Exhaustive first pass: one bit per scenario code, set where some atom conflicts.</summary>
    public ulong[]? ConflictBits { get; init; }

    /// <summary>Exhaustive first pass with recorded probes: one bit per scenario code, set where a constraint makes it impossible.</summary>
    public ulong[]? ImpossibleBits { get; init; }

    /// <summary>Exhaustive first pass: per recorded probe, its holds and fails bit per scenario code.</summary>
    public (ulong[] Holds, ulong[] Fails)[]? ProbeBits { get; init; }

    public Action<long>? Progress { get; init; }

    /// <summary>Dependencies found, shared by the workers: conclusion index * premises + premise.</summary>
    public int[] Found { get; init; } = [];

    /// <summary>Candidate dependencies of this pass not yet found; a dependency-only pass stops when none is left.</summary>
    public int Remaining;

    public void MarkFound(int index)
    {
        if (Interlocked.Exchange(ref Found[index], 1) == 0)
        {
            Interlocked.Decrement(ref Remaining);
        }
    }

    public CancellationToken Cancellation { get; init; }

    private long done;

    public void Advance(long blocks)
    {
        var total = Interlocked.Add(ref done, blocks);
        Progress?.Invoke(total);
    }
}

/// <summary>
/// One core's share of a sweep: blocks of 256 scenarios, each a lane of every plane. Its hot methods are compiled
/// fully optimised at once: a sweep is one long loop, and tiered compilation would run much of it unoptimised.
/// </summary>
internal sealed partial class SweepWorker
{
    /// <summary>Conditions are compiled to postfix code evaluated on a stack this deep.</summary>
    public const int StackDepth = 64;

    private static readonly ulong[] LowBits =
    [
        0xAAAAAAAAAAAAAAAAUL, 0xCCCCCCCCCCCCCCCCUL, 0xF0F0F0F0F0F0F0F0UL,
        0xFF00FF00FF00FF00UL, 0xFFFF0000FFFF0000UL, 0xFFFFFFFF00000000UL,
    ];

    private readonly SweepPlan plan;
    private readonly SweepJob job;
    private readonly SweepRule[] rules;
    // The planes the interpreter reads and writes. The clean pass swaps in the clean planes (tc, fc, vc), so the
    // same interpreter computes both; outside it these are always the evaluation's own.
    private Vector256<ulong>[] t;
    private Vector256<ulong>[] f;
    private Vector256<ulong>[] v;
    private Vector256<ulong>[] tc;
    private Vector256<ulong>[] fc;
    private Vector256<ulong>[] vc;

    /// <summary>Per atom, the lanes in which it is in conflict (both ways, or two values) in this block.</summary>
    private readonly Vector256<ulong>[] conflicted;

    /// <summary>Per rule with an exception or overrides, the lanes in which it fires on the final planes (the clean pass reads them).</summary>
    private readonly Vector256<ulong>[] firesFinally;
    private bool cleaning;

    /// <summary>Whether some lane of the block has a conflict; if not, the clean planes are the planes themselves.</summary>
    private bool anyConflict;
    private readonly Vector256<ulong>[] bits;
    private readonly Vector256<ulong>[] initialT;
    private readonly Vector256<ulong>[] initialF;
    private readonly Vector256<ulong>[] stackT = new Vector256<ulong>[StackDepth];
    private readonly Vector256<ulong>[] stackF = new Vector256<ulong>[StackDepth];
    private readonly Vector256<ulong>[] fires;
    private readonly int[] fireStamp;
    private readonly double[] laneWeights = new double[256];
    private readonly double[] byteWeights = new double[32 * 256];
    private readonly ulong[] sampleWords;
    private readonly bool[] known;

    /// <summary>Per probe, the lanes of the block where it held cleanly (guards of later probes read them).</summary>
    private readonly Vector256<ulong>[] probeHoldsLanes;
    private int stamp;

    /// <summary>About how many bytes a worker allocates for a plan: what the constructor below makes, per atom, plane, rule and probe.</summary>
    public static long BytesFor(SweepPlan plan, SweepJob job) =>
        (plan.AtomCount * (216L + (job.Weigh ? 48 : 0))) + (plan.Bits * (job.Seed is null ? 32L : 64L)) + (plan.TotalPlanes * 64L) + (plan.Rules.Length * 68L) + job.Found.Length + (plan.ValuePlanes * (job.Weigh ? 48L : 24L)) + (plan.Probes.Length * 64L) + (32 * 256 * 8);

    public SweepWorker(SweepPlan plan, SweepJob job)
    {
        this.plan = plan;
        this.job = job;
        rules = plan.Rules;
        var n = plan.AtomCount;
        t = new Vector256<ulong>[n];
        f = new Vector256<ulong>[n];
        v = new Vector256<ulong>[plan.TotalPlanes];
        tc = new Vector256<ulong>[n];
        fc = new Vector256<ulong>[n];
        vc = new Vector256<ulong>[plan.TotalPlanes];
        conflicted = new Vector256<ulong>[n];
        firesFinally = new Vector256<ulong>[rules.Length];
        bits = new Vector256<ulong>[plan.Bits];
        initialT = plan.InitialHolds;
        initialF = plan.InitialFails;
        fires = new Vector256<ulong>[rules.Length];
        fireStamp = new int[rules.Length];
        sampleWords = new ulong[job.Seed is null ? 0 : plan.Bits * 4];
        foreach (var literal in plan.Literals)
        {
            v[literal.Slot] = Vector256<ulong>.AllBitsSet;
            vc[literal.Slot] = Vector256<ulong>.AllBitsSet;
        }

        known = new bool[job.Found.Length];
        probeHoldsLanes = new Vector256<ulong>[plan.Probes.Length];
        Holds = new long[n];
        Fails = new long[n];
        Conflicting = new long[n];
        CleanTrue = new long[n];
        CleanFalse = new long[n];
        Contested = new long[n];
        ProbeContested = new long[plan.Probes.Length];
        FirstContested = new (long, int[]?)[plan.Probes.Length];
        Array.Fill(FirstContested, (long.MaxValue, null));
        Valued = new long[n];
        ValueClean = new long[plan.ValuePlanes];
        ValueConflicting = new long[plan.ValuePlanes];
        ValueContested = new long[plan.ValuePlanes];
        ProbeHolds = new long[plan.Probes.Length];
        ProbeFails = new long[plan.Probes.Length];
        ProbeConflicts = new long[plan.Probes.Length];
        FirstHolds = new (long, int[]?)[plan.Probes.Length];
        FirstNotHolds = new (long, int[]?)[plan.Probes.Length];
        Array.Fill(FirstHolds, (long.MaxValue, null));
        Array.Fill(FirstNotHolds, (long.MaxValue, null));
        FirstConflict = (long.MaxValue, null);
        Violations = new long[plan.Constraints.Length];
        FirstViolation = new (long, int[]?)[plan.Constraints.Length];
        Array.Fill(FirstViolation, (long.MaxValue, null));
        if (job.Weigh)
        {
            HoldsWeight = new double[n];
            ValuedWeight = new double[n];
            ConflictingWeight = new double[n];
            CleanTrueWeight = new double[n];
            CleanFalseWeight = new double[n];
            ContestedWeight = new double[n];
            ValueCleanWeights = new double[plan.ValuePlanes];
            ValueConflictingWeights = new double[plan.ValuePlanes];
            ValueContestedWeights = new double[plan.ValuePlanes];
        }

    }

    public long Lanes { get; private set; }

    /// <summary>Scenarios left out because a constraint holds in them.</summary>
    public long Excluded { get; private set; }

    /// <summary>Per constraint in force, the scenarios in which it holds, and the first of them.</summary>
    public long[] Violations { get; }

    public (long Order, int[]? Choices)[] FirstViolation { get; }

    /// <summary>The weight of the scenarios counted (1 unless constraints exclude some): probabilities are divided by it.</summary>
    public double PossibleWeight { get; private set; }

    public long[] Holds { get; }

    public long[] Fails { get; }

    public long[] Conflicting { get; }

    /// <summary>Per valued atom, the scenarios in which it has at least one value.</summary>
    public long[] Valued { get; }

    /// <summary>Per value plane, the scenarios in which the atom has that value and no other, with no disputed step.</summary>
    public long[] ValueClean { get; }

    /// <summary>Per value plane, the scenarios in which the atom has that value and is in conflict (another value, or both ways).</summary>
    public long[] ValueConflicting { get; }

    /// <summary>Per value plane, the scenarios in which the atom has that value only through an atom in conflict.</summary>
    public long[] ValueContested { get; }

    public long ConflictCount { get; private set; }

    /// <summary>Per atom, the scenarios in which it is true with no disputed step (some clean chain derives it).</summary>
    public long[] CleanTrue { get; }

    public long[] CleanFalse { get; }

    public double[] CleanTrueWeight { get; } = [];

    public double[] CleanFalseWeight { get; } = [];

    /// <summary>Per atom, the scenarios in which it is true, false or valued, not in conflict, but only through an atom that is.</summary>
    public long[] Contested { get; }

    public double[] ContestedWeight { get; } = [];

    /// <summary>Per probe, the scenarios in which it is true or false only through a disputed step.</summary>
    public long[] ProbeContested { get; }

    public (long Order, int[]? Choices)[] FirstContested { get; }

    public double[] HoldsWeight { get; } = [];

    public double[] ValuedWeight { get; } = [];

    public double[] ConflictingWeight { get; } = [];

    public double[] ValueCleanWeights { get; } = [];

    public double[] ValueConflictingWeights { get; } = [];

    public double[] ValueContestedWeights { get; } = [];

    public double ConflictWeight { get; private set; }

    public long[] ProbeHolds { get; }

    public long[] ProbeFails { get; }

    public long[] ProbeConflicts { get; }

    /// <summary>Per probe, the first scenario (in sweep order) where it holds, and its choices.</summary>
    public (long Order, int[]? Choices)[] FirstHolds { get; }

    public (long Order, int[]? Choices)[] FirstNotHolds { get; }

    public (long Order, int[]? Choices) FirstConflict { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run(long first, long step)
    {
        var n = t.Length;
        var sinceProgress = 0L;
        for (var block = first; block < job.Blocks; block += step)
        {
            if (!job.Count && Volatile.Read(ref job.Remaining) <= 0)
            {
                break;
            }

            if (++sinceProgress == 64)
            {
                job.Cancellation.ThrowIfCancellationRequested();
                if (job.DependencyGroup >= 0)
                {
                    RefreshKnown();
                }

                job.Advance(sinceProgress);
                sinceProgress = 0;
            }

            var valid = block == job.Blocks - 1 ? ValidLanes(job.LastBlockLanes) : Vector256<ulong>.AllBitsSet;
            if (job.Seed is { } seed)
            {
                DrawBits(seed, block, block == job.Blocks - 1 ? job.LastBlockLanes : 256);
            }
            else
            {
                CodeBits(block);
            }

            Array.Copy(initialT, t, n);
            Array.Copy(initialF, f, n);
            Array.Clear(v, 0, plan.ValuePlanes);
            foreach (var plane in plan.InitialValuePlanes)
            {
                v[plane] = Vector256<ulong>.AllBitsSet;
            }

            valid &= SetPremises();
            Evaluate();
            if (plan.Constraints.Length > 0)
            {
                valid = Exclude(block, valid);
            }

            if (job.Count || job.DependencyGroup >= 0)
            {
                // Dependencies too: a premise that makes a conclusion contested changes its state.
                EvaluateClean();
            }

            if (job.Count)
            {
                Gather(block, valid);
            }

            if (job.DependencyGroup >= 0)
            {
                FindDependencies(valid);
            }
        }

        job.Advance(sinceProgress);
    }

    /// <summary>
    /// Leaves out the lanes where a constraint holds: those scenarios are impossible, so nothing is counted in them
    /// (probabilities are then conditional on the constraints). The first pass counts them, per constraint too.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Vector256<ulong> Exclude(long block, Vector256<ulong> valid)
    {
        var impossible = Vector256<ulong>.Zero;
        for (var c = 0; c < plan.Constraints.Length; c++)
        {
            var (holds, _) = Run(plan.Constraints[c]);
            var violated = holds & valid;
            impossible |= violated;
            if (job.Count && violated != Vector256<ulong>.Zero)
            {
                Violations[c] += PopCount(violated);
                if (Order(block, violated) < FirstViolation[c].Order)
                {
                    FirstViolation[c] = (Order(block, violated), ChoicesAt(FirstLane(violated)));
                }
            }
        }

        if (job.Count)
        {
            Excluded += PopCount(impossible);
            if (job.ImpossibleBits is { } impossibleBits)
            {
                for (var w = 0; w < 4; w++)
                {
                    var index = (block << 2) + w;
                    if (index < impossibleBits.Length)
                    {
                        impossibleBits[index] = impossible.GetElement(w);
                    }
                }
            }
        }

        return valid & ~impossible;
    }

    /// <summary>
    /// The clean planes of the block: evaluated again from the premises with every atom in conflict contributing
    /// nothing, each rule firing where its condition holds on clean planes and it fires on the final ones, as the
    /// engine's clean part does. Skipped when no lane conflicts: the planes are then clean.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void EvaluateClean()
    {
        var n = t.Length;
        anyConflict = false;
        for (var a = 0; a < n; a++)
        {
            var both = t[a] & f[a];
            var valueBase = plan.ValueBase[a];
            if (valueBase >= 0)
            {
                var seen = Vector256<ulong>.Zero;
                for (var k = 0; k < plan.Domains[a].Length; k++)
                {
                    both |= seen & v[valueBase + k];
                    seen |= v[valueBase + k];
                }
            }

            conflicted[a] = both;
            anyConflict |= both != Vector256<ulong>.Zero;
        }

        if (!anyConflict)
        {
            return;
        }

        stamp++;
        for (var id = 0; id < rules.Length; id++)
        {
            if (rules[id].Unless is not null || rules[id].OverriddenBy.Length > 0)
            {
                firesFinally[id] = Fire(id);
            }
        }

        SwapPlanes();
        Array.Copy(initialT, t, n);
        Array.Copy(initialF, f, n);
        Array.Clear(v, 0, plan.ValuePlanes);
        foreach (var plane in plan.InitialValuePlanes)
        {
            v[plane] = Vector256<ulong>.AllBitsSet;
        }

        SetPremises();
        for (var a = 0; a < n; a++)
        {
            var keep = ~conflicted[a];
            t[a] &= keep;
            f[a] &= keep;
            var valueBase = plan.ValueBase[a];
            if (valueBase >= 0)
            {
                for (var k = 0; k < plan.Domains[a].Length; k++)
                {
                    v[valueBase + k] &= keep;
                }
            }
        }

        cleaning = true;
        Evaluate();
        cleaning = false;
        SwapPlanes();
    }

    private void SwapPlanes()
    {
        (t, tc) = (tc, t);
        (f, fc) = (fc, f);
        (v, vc) = (vc, v);
    }

    private static long Order(long block, Vector256<ulong> lanes) => (block << 8) + FirstLane(lanes);

    private static int FirstLane(Vector256<ulong> lanes)
    {
        for (var w = 0; w < 4; w++)
        {
            if (lanes.GetElement(w) != 0)
            {
                return (w * 64) + BitOperations.TrailingZeroCount(lanes.GetElement(w));
            }
        }

        return 256;
    }

    private int CodeAt(int premise, int lane)
    {
        var code = 0;
        for (var b = 0; b < plan.Widths[premise]; b++)
        {
            var word = bits[job.Offsets[premise] + b].GetElement(lane >> 6);
            code |= (int)((word >> (lane & 63)) & 1) << b;
        }

        return code;
    }

    /// <summary>The scenario in one lane: each premise's choice.</summary>
    private int[] ChoicesAt(int lane) => [.. Enumerable.Range(0, plan.Space.Open.Count).Select(i => plan.Encoding.ChoiceOf(i, CodeAt(i, lane)))];

    private static long PopCount(Vector256<ulong> x) =>
        BitOperations.PopCount(x.GetElement(0)) + BitOperations.PopCount(x.GetElement(1)) + BitOperations.PopCount(x.GetElement(2)) + BitOperations.PopCount(x.GetElement(3));

    /// <summary>The first <paramref name="lanes"/> lanes of a block.</summary>
    private static Vector256<ulong> ValidLanes(int lanes)
    {
        Span<ulong> words = stackalloc ulong[4];
        for (var w = 0; w < 4; w++)
        {
            var count = Math.Clamp(lanes - (64 * w), 0, 64);
            words[w] = count == 64 ? ~0UL : (1UL << count) - 1;
        }

        return Vector256.Create(words[0], words[1], words[2], words[3]);
    }
}
