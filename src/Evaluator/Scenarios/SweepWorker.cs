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

    /// <summary>Per premise, the cumulative probabilities of its choices (sampling).</summary>
    public double[][] Cumulative { get; init; } = [];

    /// <summary>Exhaustive first pass: one bit per scenario code, set where some atom conflicts.</summary>
    public ulong[]? ConflictBits { get; init; }

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
internal sealed class SweepWorker
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
    private readonly Vector256<ulong>[] t;
    private readonly Vector256<ulong>[] f;
    private readonly Vector256<ulong>[] v;
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
    private int stamp;

    public SweepWorker(SweepPlan plan, SweepJob job)
    {
        this.plan = plan;
        this.job = job;
        rules = plan.Rules;
        var n = plan.AtomCount;
        t = new Vector256<ulong>[n];
        f = new Vector256<ulong>[n];
        v = new Vector256<ulong>[plan.TotalPlanes];
        bits = new Vector256<ulong>[plan.Bits];
        initialT = [.. plan.InitialHolds.Select(h => h ? Vector256<ulong>.AllBitsSet : Vector256<ulong>.Zero)];
        initialF = [.. plan.InitialFails.Select(h => h ? Vector256<ulong>.AllBitsSet : Vector256<ulong>.Zero)];
        fires = new Vector256<ulong>[rules.Length];
        fireStamp = new int[rules.Length];
        sampleWords = new ulong[job.Seed is null ? 0 : plan.Bits * 4];
        foreach (var literal in plan.Literals)
        {
            v[literal.Slot] = Vector256<ulong>.AllBitsSet;
        }

        known = new bool[job.Found.Length];
        Holds = new long[n];
        Fails = new long[n];
        Conflicting = new long[n];
        Valued = new long[n];
        ValueCounts = new long[plan.ValuePlanes];
        ProbeHolds = new long[plan.Probes.Length];
        ProbeFails = new long[plan.Probes.Length];
        ProbeConflicts = new long[plan.Probes.Length];
        FirstHolds = new (long, int[]?)[plan.Probes.Length];
        FirstNotHolds = new (long, int[]?)[plan.Probes.Length];
        Array.Fill(FirstHolds, (long.MaxValue, null));
        Array.Fill(FirstNotHolds, (long.MaxValue, null));
        FirstConflict = (long.MaxValue, null);
        if (job.Weigh)
        {
            HoldsWeight = new double[n];
            ValuedWeight = new double[n];
            ConflictingWeight = new double[n];
            ValueWeights = new double[plan.ValuePlanes];
        }

    }

    public long Lanes { get; private set; }

    public long[] Holds { get; }

    public long[] Fails { get; }

    public long[] Conflicting { get; }

    /// <summary>Per valued atom, the scenarios in which it has at least one value.</summary>
    public long[] Valued { get; }

    /// <summary>Per value plane, the scenarios in which the atom has that value.</summary>
    public long[] ValueCounts { get; }

    public long ConflictCount { get; private set; }

    public double[] HoldsWeight { get; } = [];

    public double[] ValuedWeight { get; } = [];

    public double[] ConflictingWeight { get; } = [];

    public double[] ValueWeights { get; } = [];

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

    /// <summary>Exhaustive: scenario code s = 256 * block + lane, so code bits below 8 are fixed lane patterns and the others come from the block number.</summary>
    private void CodeBits(long block)
    {
        for (var j = 0; j < bits.Length; j++)
        {
            bits[j] = j switch
            {
                < 6 => Vector256.Create(LowBits[j]),
                6 => Vector256.Create(0UL, ~0UL, 0UL, ~0UL),
                7 => Vector256.Create(0UL, 0UL, ~0UL, ~0UL),
                _ => ((block >> (j - 8)) & 1) != 0 ? Vector256<ulong>.AllBitsSet : Vector256<ulong>.Zero,
            };
        }
    }

    /// <summary>Sampling: each lane draws each premise's value by its probability, from a generator seeded by the block, so results do not depend on the number of cores.</summary>
    private void DrawBits(ulong seed, long block, int lanes)
    {
        Array.Clear(sampleWords);
        // Each block's stream starts at a hash of (seed, block), far from every other block's.
        var state = Mix(seed ^ Mix((ulong)block + 1));
        var open = plan.Space.Open;
        for (var lane = 0; lane < lanes; lane++)
        {
            for (var i = 0; i < open.Count; i++)
            {
                if (plan.Widths[i] == 0)
                {
                    continue;
                }

                var u = (SplitMix(ref state) >> 11) * (1.0 / (1UL << 53));
                var cumulative = job.Cumulative[i];
                var choice = 0;
                while (choice < cumulative.Length - 1 && u >= cumulative[choice])
                {
                    choice++;
                }

                var code = plan.Encoding.CodeOf(i, choice);
                for (var b = 0; b < plan.Widths[i]; b++)
                {
                    if (((code >> b) & 1) != 0)
                    {
                        sampleWords[((job.Offsets[i] + b) * 4) + (lane >> 6)] |= 1UL << (lane & 63);
                    }
                }
            }
        }

        for (var j = 0; j < bits.Length; j++)
        {
            bits[j] = Vector256.Create(sampleWords[j * 4], sampleWords[(j * 4) + 1], sampleWords[(j * 4) + 2], sampleWords[(j * 4) + 3]);
        }
    }

    /// <summary>SplitMix64: a fast generator whose outputs pass BigCrush.</summary>
    private static ulong SplitMix(ref ulong state) => Mix(state += 0x9E3779B97F4A7C15UL);

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Sets the open premises' planes from the scenario bits; returns the lanes whose codes are scenarios.</summary>
    private Vector256<ulong> SetPremises()
    {
        var valid = Vector256<ulong>.AllBitsSet;
        var open = plan.Space.Open;
        for (var i = 0; i < open.Count; i++)
        {
            var offset = job.Offsets[i];
            var atom = open[i].Atom;
            if (plan.ChoicePlanes[i] is not { } planes)
            {
                t[atom] = bits[offset];
                f[atom] = ~bits[offset];
                continue;
            }

            var width = plan.Widths[i];
            var any = Vector256<ulong>.Zero;
            for (var code = 0; code < 1 << width; code++)
            {
                var choice = plan.Encoding.ChoiceOf(i, code);
                if (choice < 0)
                {
                    continue;
                }

                var lanes = Vector256<ulong>.AllBitsSet;
                for (var b = 0; b < width; b++)
                {
                    lanes &= ((code >> b) & 1) != 0 ? bits[offset + b] : ~bits[offset + b];
                }

                v[planes[choice]] |= lanes;
                any |= lanes;
            }

            valid &= any;
        }

        return valid;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Evaluate()
    {
        foreach (var (groupRules, iterate) in plan.Strata)
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
                    if (rule.Value is { } value)
                    {
                        EvaluateValue(value);
                        for (var k = 0; k < rule.Targets.Length; k++)
                        {
                            var target = rule.Targets[k];
                            if (target < 0)
                            {
                                continue;
                            }

                            var updated = v[target] | (fire & v[value.Slot + k]);
                            if (updated != v[target])
                            {
                                v[target] = updated;
                                changed = true;
                            }
                        }

                        continue;
                    }

                    var plane = rule.Negated ? f : t;
                    var next = plane[rule.Head] | fire;
                    if (next != plane[rule.Head])
                    {
                        plane[rule.Head] = next;
                        changed = true;
                    }
                }
            }
            while (changed && iterate);
        }
    }

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
        var fire = Run(rule.Condition).Holds;
        if (fire != Vector256<ulong>.Zero && rule.Unless is not null)
        {
            fire &= ~Run(rule.Unless).Holds;
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

    /// <summary>The lanes in which a condition holds and those in which it fails (Kleene's tables on two planes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (Vector256<ulong> Holds, Vector256<ulong> Fails) Run(SweepInstruction[] code)
    {
        var top = -1;
        foreach (var instruction in code)
        {
            switch (instruction.Op)
            {
                case SweepOp.Atom:
                    top++;
                    stackT[top] = t[instruction.Operand];
                    stackF[top] = f[instruction.Operand];
                    break;
                case SweepOp.Unknown:
                    top++;
                    stackT[top] = Vector256<ulong>.Zero;
                    stackF[top] = Vector256<ulong>.Zero;
                    break;
                case SweepOp.Holds:
                    top++;
                    stackT[top] = Vector256<ulong>.AllBitsSet;
                    stackF[top] = Vector256<ulong>.Zero;
                    break;
                case SweepOp.Fails:
                    top++;
                    stackT[top] = Vector256<ulong>.Zero;
                    stackF[top] = Vector256<ulong>.AllBitsSet;
                    break;
                case SweepOp.Both:
                    top++;
                    stackT[top] = Vector256<ulong>.AllBitsSet;
                    stackF[top] = Vector256<ulong>.AllBitsSet;
                    break;
                case SweepOp.Not:
                    (stackT[top], stackF[top]) = (stackF[top], stackT[top]);
                    break;
                case SweepOp.And:
                    top--;
                    stackT[top] &= stackT[top + 1];
                    stackF[top] |= stackF[top + 1];
                    break;
                case SweepOp.Or:
                    top--;
                    stackT[top] |= stackT[top + 1];
                    stackF[top] &= stackF[top + 1];
                    break;
                case SweepOp.Compare:
                    top++;
                    (stackT[top], stackF[top]) = Compare(plan.Compares[instruction.Operand]);
                    break;
            }
        }

        return (stackT[0], stackF[0]);
    }

    private (Vector256<ulong> Holds, Vector256<ulong> Fails) Compare(SweepCompare compare)
    {
        EvaluateValue(compare.Left);
        EvaluateValue(compare.Right);
        var holds = Vector256<ulong>.Zero;
        var fails = Vector256<ulong>.Zero;
        var l = compare.Left.Slot;
        var r = compare.Right.Slot;
        foreach (var (i, j) in compare.Holds)
        {
            holds |= v[l + i] & v[r + j];
        }

        foreach (var (i, j) in compare.Fails)
        {
            fails |= v[l + i] & v[r + j];
        }

        return (holds, fails);
    }

    /// <summary>Fills a value expression's planes: for each value it can take, the lanes in which it takes it.</summary>
    private void EvaluateValue(SweepValue value)
    {
        switch (value.Kind)
        {
            case SweepValueKind.Map:
                EvaluateValue(value.Left!);
                Array.Clear(v, value.Slot, value.Domain.Length);
                foreach (var (i, _, k) in value.Pairs!)
                {
                    v[value.Slot + k] |= v[value.Left!.Slot + i];
                }

                break;
            case SweepValueKind.Combine:
                EvaluateValue(value.Left!);
                EvaluateValue(value.Right!);
                Array.Clear(v, value.Slot, value.Domain.Length);
                foreach (var (i, j, k) in value.Pairs!)
                {
                    v[value.Slot + k] |= v[value.Left!.Slot + i] & v[value.Right!.Slot + j];
                }

                break;
            default:
                // Literals are set once; atoms' planes are the atoms'.
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Gather(long block, Vector256<ulong> valid)
    {
        Lanes += PopCount(valid);
        if (job.Weigh)
        {
            WeighLanes(valid);
        }

        var conflict = Vector256<ulong>.Zero;
        for (var a = 0; a < t.Length; a++)
        {
            var holds = t[a] & valid;
            var fails = f[a] & valid;
            Holds[a] += PopCount(holds);
            Fails[a] += PopCount(fails);
            if (job.Weigh)
            {
                HoldsWeight[a] += Weight(holds);
            }

            var both = holds & fails;
            var valueBase = plan.ValueBase[a];
            if (valueBase >= 0)
            {
                var seen = Vector256<ulong>.Zero;
                for (var k = 0; k < plan.Domains[a].Length; k++)
                {
                    var lanes = v[valueBase + k] & valid;
                    ValueCounts[valueBase + k] += PopCount(lanes);
                    if (job.Weigh)
                    {
                        ValueWeights[valueBase + k] += Weight(lanes);
                    }

                    both |= seen & lanes;
                    seen |= lanes;
                }

                Valued[a] += PopCount(seen);
                if (job.Weigh)
                {
                    ValuedWeight[a] += Weight(seen);
                }
            }

            if (both != Vector256<ulong>.Zero)
            {
                Conflicting[a] += PopCount(both);
                if (job.Weigh)
                {
                    ConflictingWeight[a] += Weight(both);
                }

                conflict |= both;
            }
        }

        ConflictCount += PopCount(conflict);
        if (job.Weigh)
        {
            ConflictWeight += Weight(conflict);
        }

        if (conflict != Vector256<ulong>.Zero && Order(block, conflict) < FirstConflict.Order)
        {
            FirstConflict = (Order(block, conflict), ChoicesAt(FirstLane(conflict)));
        }

        if (job.ConflictBits is { } conflictBits)
        {
            for (var w = 0; w < 4; w++)
            {
                var index = (block << 2) + w;
                if (index < conflictBits.Length)
                {
                    conflictBits[index] = conflict.GetElement(w);
                }
            }
        }

        for (var p = 0; p < plan.Probes.Length; p++)
        {
            // A probe is true where it holds and does not fail, false where it fails and does not hold (Truth.True, Truth.False).
            var (holdsPlane, failsPlane) = Run(plan.Probes[p]);
            var holds = holdsPlane & ~failsPlane & valid;
            var fails = failsPlane & ~holdsPlane & valid;
            ProbeHolds[p] += PopCount(holds);
            ProbeFails[p] += PopCount(fails);
            ProbeConflicts[p] += PopCount(holdsPlane & failsPlane & valid);

            var notHolds = valid & ~holds;
            if (holds != Vector256<ulong>.Zero && Order(block, holds) < FirstHolds[p].Order)
            {
                FirstHolds[p] = (Order(block, holds), ChoicesAt(FirstLane(holds)));
            }

            if (notHolds != Vector256<ulong>.Zero && Order(block, notHolds) < FirstNotHolds[p].Order)
            {
                FirstNotHolds[p] = (Order(block, notHolds), ChoicesAt(FirstLane(notHolds)));
            }

            if (job.ProbeBits is { } probeBits)
            {
                for (var w = 0; w < 4; w++)
                {
                    var index = (block << 2) + w;
                    if (index < probeBits[p].Holds.Length)
                    {
                        probeBits[p].Holds[index] = holds.GetElement(w);
                        probeBits[p].Fails[index] = fails.GetElement(w);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Each lane's weight is the product of its premises' probabilities; a table of the weight of every byte of
    /// lanes makes a plane's weight 32 look-ups.
    /// </summary>
    private void WeighLanes(Vector256<ulong> valid)
    {
        var open = plan.Space.Open;
        for (var lane = 0; lane < 256; lane++)
        {
            var weight = 0.0;
            if (((valid.GetElement(lane >> 6) >> (lane & 63)) & 1) != 0)
            {
                weight = 1.0;
                for (var i = 0; i < open.Count && weight != 0; i++)
                {
                    var choice = plan.Encoding.ChoiceOf(i, CodeAt(i, lane));
                    weight *= choice < 0 ? 0 : (double)open[i].Choices[choice].Probability;
                }
            }

            laneWeights[lane] = weight;
        }

        for (var b = 0; b < 32; b++)
        {
            var table = byteWeights.AsSpan(b * 256, 256);
            table[0] = 0;
            for (var value = 1; value < 256; value++)
            {
                var low = BitOperations.TrailingZeroCount(value);
                table[value] = table[value & (value - 1)] + laneWeights[(b * 8) + low];
            }
        }
    }

    private double Weight(Vector256<ulong> plane)
    {
        var sum = 0.0;
        for (var w = 0; w < 4; w++)
        {
            var word = plane.GetElement(w);
            for (var b = 0; word != 0; b++, word >>= 8)
            {
                sum += byteWeights[(((w * 8) + b) * 256) + (int)(word & 0xFF)];
            }
        }

        return sum;
    }

    /// <summary>Dependencies on the premises whose bits are inside the block: compare each lane with the lane that differs in one of those bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FindDependencies(Vector256<ulong> valid)
    {
        var premises = plan.Space.Open.Count;
        var group = plan.Groups[job.DependencyGroup];
        Span<Vector256<ulong>> pairs = stackalloc Vector256<ulong>[8];
        for (var bit = 0; bit < 8; bit++)
        {
            pairs[bit] = valid & Swap(valid, bit);
        }

        for (var c = 0; c < plan.Conclusions.Length; c++)
        {
            var reach = plan.Reach[c];
            var atom = plan.Conclusions[c];
            var valueBase = plan.ValueBase[atom];
            foreach (var i in group)
            {
                // Only premises the conclusion's rules can reach, and only until found (by this worker or, as of the last look, another).
                var index = (c * premises) + i;
                if ((i < 64 && ((reach >> i) & 1) == 0) || known[index])
                {
                    continue;
                }

                for (var b = 0; b < plan.Widths[i]; b++)
                {
                    var bit = job.Offsets[i] + b;
                    var differs = (t[atom] ^ Swap(t[atom], bit)) | (f[atom] ^ Swap(f[atom], bit));
                    if (valueBase >= 0)
                    {
                        for (var k = 0; k < plan.Domains[atom].Length; k++)
                        {
                            differs |= v[valueBase + k] ^ Swap(v[valueBase + k], bit);
                        }
                    }

                    if ((differs & pairs[bit]) != Vector256<ulong>.Zero)
                    {
                        known[index] = true;
                        job.MarkFound(index);
                        break;
                    }
                }
            }
        }
    }

    /// <summary>Takes in the dependencies other workers have found, so as not to look for them again.</summary>
    private void RefreshKnown()
    {
        for (var i = 0; i < known.Length; i++)
        {
            known[i] |= Volatile.Read(ref job.Found[i]) != 0;
        }
    }

    /// <summary>The plane with each lane exchanged for the lane whose number differs in bit <paramref name="bit"/> (below 8).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Swap(Vector256<ulong> x, int bit)
    {
        switch (bit)
        {
            case < 6:
                var shift = 1 << bit;
                var high = Vector256.Create(LowBits[bit]);
                return Vector256.ShiftRightLogical(x & high, shift) | Vector256.ShiftLeft(x & ~high, shift);
            case 6:
                return Vector256.Shuffle(x, Vector256.Create(1UL, 0UL, 3UL, 2UL));
            default:
                return Vector256.Shuffle(x, Vector256.Create(2UL, 3UL, 0UL, 1UL));
        }
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
