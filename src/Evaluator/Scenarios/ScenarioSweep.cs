using System.Numerics;

namespace PolicyDsl.Evaluator.Scenarios;

/// <summary>What a sweep should gather besides the per-atom counts.</summary>
public sealed record SweepOptions
{
    /// <summary>For each conclusion, which open premises change its state in some scenario (one more pass per 8 premise bits).</summary>
    public bool Dependencies { get; init; }

    /// <summary>Keep, for every scenario code, whether each probe holds and fails (exhaustive sweeps only; 2 bits a scenario per probe).</summary>
    public bool RecordProbes { get; init; }

    /// <summary>Draw this many scenarios at random (by the premises' probabilities) instead of sweeping all.</summary>
    public long? Samples { get; init; }

    public ulong Seed { get; init; } = 1;

    /// <summary>Called from the workers with the number of blocks of 256 scenarios done so far, out of the total over all passes.</summary>
    public Action<long, long>? Progress { get; init; }

    public CancellationToken Cancellation { get; init; }

    /// <summary>The most memory the sweep's workers hold together (<see cref="ScenarioSweep.WorkersMemory"/>); fewer workers past it.</summary>
    public long WorkersMemory { get; init; } = ScenarioSweep.WorkersMemory;
}

/// <summary>
/// Sweeps the scenarios of a compiled plan 256 at a time on all cores: exhaustively (every code of the premise bits),
/// or by sampling with a stated error bound when there are too many.
/// </summary>
public static class ScenarioSweep
{
    /// <summary>Sweeps every scenario, or samples them when <see cref="SweepOptions.Samples"/> is set.</summary>
    public static SweepResult Run(SweepPlan plan, SweepOptions? options = null)
    {
        options ??= new SweepOptions();
        if (plan.Unsupported is { } reason)
        {
            throw new InvalidOperationException(reason);
        }

        var sampled = options.Samples is not null;
        if (!sampled && plan.Bits > SweepPlan.MaxExhaustiveBits)
        {
            throw new InvalidOperationException($"{plan.Bits} scenario bits are more than an exhaustive sweep covers; sample instead");
        }

        var lanes = options.Samples ?? (1L << plan.Bits);
        var blocks = Math.Max(1, (lanes + 255) >> 8);
        var lastLanes = (int)(lanes - ((blocks - 1) << 8));
        var passes = options.Dependencies && !sampled ? Math.Max(1, plan.Groups.Length) : 1;
        var total = blocks * passes;
        long reported = 0;
        Action<long>? progress = options.Progress is null ? null : done => options.Progress(reported + done, total);

        var found = new int[plan.Conclusions.Length * plan.Space.Open.Count];
        var first = new SweepJob
        {
            Found = found,
            Remaining = Candidates(plan, 0, found),
            Offsets = plan.Offsets,
            Blocks = blocks,
            LastBlockLanes = lastLanes,
            Count = true,
            DependencyGroup = options.Dependencies && !sampled && plan.Groups.Length > 0 ? 0 : -1,
            Weigh = plan.HasProbabilities && !sampled,
            Seed = sampled ? options.Seed : null,
            Cumulative = sampled ? Cumulative(plan) : [],
            ConflictBits = sampled ? null : new ulong[Math.Max(1, (lanes + 63) >> 6)],
            ProbeBits = sampled || !options.RecordProbes ? null : [.. plan.Probes.Select(_ => (new ulong[Math.Max(1, (lanes + 63) >> 6)], new ulong[Math.Max(1, (lanes + 63) >> 6)]))],
            ImpossibleBits = sampled || !options.RecordProbes || plan.Constraints.Length == 0 ? null : new ulong[Math.Max(1, (lanes + 63) >> 6)],
            Progress = progress,
            Cancellation = options.Cancellation,
            WorkersMemory = options.WorkersMemory,
        };
        var workers = RunPass(plan, first);
        var result = new SweepResult(plan, sampled, workers, first.ConflictBits, first.ProbeBits, first.DependencyGroup >= 0 ? found : null) { ImpossibleBits = first.ImpossibleBits };
        for (var group = 1; group < passes; group++)
        {
            reported = blocks * group;
            var remaining = Candidates(plan, group, found);
            if (remaining == 0)
            {
                continue;
            }

            var pass = new SweepJob
            {
                Found = found,
                Remaining = remaining,
                Offsets = plan.Encoding.LayoutFor(group),
                Blocks = blocks,
                LastBlockLanes = lastLanes,
                DependencyGroup = group,
                Progress = progress,
                Cancellation = options.Cancellation,
                WorkersMemory = options.WorkersMemory,
            };
            RunPass(plan, pass);
        }

        return result;
    }

    /// <summary>Dependencies a pass over one premise group may find: each conclusion with each premise of the group its rules reach, not found yet.</summary>
    private static int Candidates(SweepPlan plan, int group, int[] found)
    {
        if (plan.Groups.Length == 0)
        {
            return 0;
        }

        var premises = plan.Space.Open.Count;
        var count = 0;
        for (var c = 0; c < plan.Conclusions.Length; c++)
        {
            foreach (var i in plan.Groups[group])
            {
                if ((i >= 64 || ((plan.Reach[c] >> i) & 1) != 0) && found[(c * premises) + i] == 0)
                {
                    count++;
                }
            }
        }

        return count;
    }

    /// <summary>
    /// The most memory the workers of a sweep hold together. Each holds its lanes for every atom (216 to 256 bytes an
    /// atom, and 32 to 64 per open premise: <see cref="SweepWorker.BytesFor"/>), so an argument of 900,000 atoms took
    /// 250 MB a worker, and a worker a core is unbounded on a large machine. Past this budget fewer workers share the
    /// blocks (each block is drawn from its own number, so the result is the same). 128 MiB because the largest
    /// argument's own analysis takes about 600 MB, and the sweep beside it must leave the process under 1 GB.
    /// </summary>
    public const long WorkersMemory = 128L * 1024 * 1024;

    private static SweepWorker[] RunPass(SweepPlan plan, SweepJob job)
    {
        var count = (int)Math.Min(Math.Min(Environment.ProcessorCount, job.Blocks), Math.Max(1, job.WorkersMemory / SweepWorker.BytesFor(plan, job)));
        var workers = new SweepWorker[count];
        var options = new ParallelOptions { CancellationToken = job.Cancellation, MaxDegreeOfParallelism = count };
        Parallel.For(0, count, options, w =>
        {
            var worker = new SweepWorker(plan, job);
            worker.Run(w, count);
            workers[w] = worker;
        });
        return workers;
    }

    private static double[][] Cumulative(SweepPlan plan) =>
        [.. plan.Space.Open.Select(p =>
        {
            var sum = 0.0;
            return p.Choices.Select(c => sum += (double)c.Probability).ToArray();
        })];
}

/// <summary>
/// What a sweep found: per atom, in how many scenarios it holds, fails, has each value and conflicts; their
/// probabilities where premises carry them; per probe the same and a first witness each way; which scenarios
/// conflict; and, if asked, which premises each conclusion depends on.
/// </summary>
public sealed class SweepResult
{
    private readonly ulong[]? conflicts;
    private readonly int[] dependsOn;

    internal SweepResult(SweepPlan plan, bool sampled, SweepWorker[] workers, ulong[]? conflicts, (ulong[] Holds, ulong[] Fails)[]? probeBits, int[]? dependencies)
    {
        Plan = plan;
        IsSampled = sampled;
        this.conflicts = conflicts;
        ProbeBits = probeBits;
        var n = plan.AtomCount;
        long[] Sum(Func<SweepWorker, long[]> part, int length)
        {
            var total = new long[length];
            foreach (var worker in workers)
            {
                var values = part(worker);
                for (var i = 0; i < length; i++)
                {
                    total[i] += values[i];
                }
            }

            return total;
        }

        double[] SumWeights(Func<SweepWorker, double[]> part, int length)
        {
            var total = new double[length];
            foreach (var worker in workers)
            {
                var values = part(worker);
                for (var i = 0; i < values.Length; i++)
                {
                    total[i] += values[i];
                }
            }

            return total;
        }

        Scenarios = workers.Sum(w => w.Lanes);
        Holds = Sum(w => w.Holds, n);
        Fails = Sum(w => w.Fails, n);
        Conflicting = Sum(w => w.Conflicting, n);
        Valued = Sum(w => w.Valued, n);
        ValueClean = Sum(w => w.ValueClean, plan.ValuePlanes);
        ValueConflicting = Sum(w => w.ValueConflicting, plan.ValuePlanes);
        ValueContested = Sum(w => w.ValueContested, plan.ValuePlanes);
        ConflictCount = workers.Sum(w => w.ConflictCount);
        ProbeHolds = Sum(w => w.ProbeHolds, plan.Probes.Length);
        ProbeFails = Sum(w => w.ProbeFails, plan.Probes.Length);
        ProbeConflicts = Sum(w => w.ProbeConflicts, plan.Probes.Length);
        ProbeContested = Sum(w => w.ProbeContested, plan.Probes.Length);
        CleanTrue = Sum(w => w.CleanTrue, n);
        CleanFalse = Sum(w => w.CleanFalse, n);
        Contested = Sum(w => w.Contested, n);
        IsWeighted = plan.HasProbabilities && !sampled;
        if (IsWeighted)
        {
            HoldsWeight = SumWeights(w => w.HoldsWeight, n);
            ValuedWeight = SumWeights(w => w.ValuedWeight, n);
            ConflictingWeight = SumWeights(w => w.ConflictingWeight, n);
            CleanTrueWeight = SumWeights(w => w.CleanTrueWeight, n);
            CleanFalseWeight = SumWeights(w => w.CleanFalseWeight, n);
            ContestedWeight = SumWeights(w => w.ContestedWeight, n);
            ValueCleanWeights = SumWeights(w => w.ValueCleanWeights, plan.ValuePlanes);
            ValueConflictingWeights = SumWeights(w => w.ValueConflictingWeights, plan.ValuePlanes);
            ValueContestedWeights = SumWeights(w => w.ValueContestedWeights, plan.ValuePlanes);
            ConflictWeight = workers.Sum(w => w.ConflictWeight);
        }

        Excluded = workers.Sum(w => w.Excluded);
        Violations = Sum(w => w.Violations, plan.Constraints.Length);
        FirstViolation = [.. Enumerable.Range(0, plan.Constraints.Length).Select(c => workers.Select(w => w.FirstViolation[c]).MinBy(w => w.Order).Choices)];
        if (IsWeighted && Excluded > 0)
        {
            // Conditional on the constraints: the weights of the possible scenarios, scaled to add up to 1.
            ExcludedWeight = 1 - workers.Sum(w => w.PossibleWeight);
            var possible = 1 - ExcludedWeight;
            foreach (var weights in new[] { (double[])HoldsWeight, ValuedWeight, ConflictingWeight, CleanTrueWeight, CleanFalseWeight, ContestedWeight, ValueCleanWeights, ValueConflictingWeights, ValueContestedWeights })
            {
                for (var i = 0; i < weights.Length; i++)
                {
                    weights[i] = possible > 0 ? weights[i] / possible : 0;
                }
            }

            ConflictWeight = possible > 0 ? ConflictWeight / possible : 0;
        }

        FirstConflict = workers.Select(w => w.FirstConflict).MinBy(w => w.Order).Choices;
        FirstHolds = [.. Enumerable.Range(0, plan.Probes.Length).Select(p => workers.Select(w => w.FirstHolds[p]).MinBy(w => w.Order).Choices)];
        FirstNotHolds = [.. Enumerable.Range(0, plan.Probes.Length).Select(p => workers.Select(w => w.FirstNotHolds[p]).MinBy(w => w.Order).Choices)];
        FirstContested = [.. Enumerable.Range(0, plan.Probes.Length).Select(p => workers.Select(w => w.FirstContested[p]).MinBy(w => w.Order).Choices)];
        // Filled in by the dependency passes, which run after this result is made.
        dependsOn = dependencies ?? new int[plan.Conclusions.Length * plan.Space.Open.Count];
        HasDependencies = dependencies is not null || plan.Groups.Length == 0;
    }

    public SweepPlan Plan { get; }

    /// <summary>The atoms the report is about: those some rule concludes, in atom order.</summary>
    public IReadOnlyList<int> Conclusions => Plan.Conclusions;

    /// <summary>Whether the scenarios were drawn at random rather than all swept; counts are then of the samples.</summary>
    public bool IsSampled { get; }

    /// <summary>Scenarios evaluated: every scenario of an exhaustive sweep, or the samples.</summary>
    public long Scenarios { get; }

    /// <summary>Per atom, the scenarios in which its "holds" plane is set (those where it is in conflict included).</summary>
    public IReadOnlyList<long> Holds { get; }

    /// <summary>Per atom, the scenarios in which its "fails" plane is set (those where it is in conflict included).</summary>
    public IReadOnlyList<long> Fails { get; }

    /// <summary>Per atom, the scenarios in which it is in conflict: derived both ways, or with two values.</summary>
    public IReadOnlyList<long> Conflicting { get; }

    /// <summary>Per atom, the scenarios in which it has some value (atoms with values).</summary>
    public IReadOnlyList<long> Valued { get; }

    private long[] ValueClean { get; }

    private long[] ValueConflicting { get; }

    private long[] ValueContested { get; }

    public long ConflictCount { get; }

    /// <summary>Whether the probabilities below were computed: premises carry probabilities and every scenario was swept.</summary>
    public bool IsWeighted { get; }

    public IReadOnlyList<double> HoldsWeight { get; } = [];

    private double[] ValuedWeight { get; } = [];

    private double[] ConflictingWeight { get; } = [];

    private double[] CleanTrueWeight { get; } = [];

    private double[] CleanFalseWeight { get; } = [];

    /// <summary>Per atom, the scenarios in which it is true with no disputed step (a valued atom: one value, cleanly).</summary>
    private long[] CleanTrue { get; }

    private long[] CleanFalse { get; }

    private long[] Contested { get; }

    private double[] ContestedWeight { get; } = [];

    private double[] ValueCleanWeights { get; } = [];

    private double[] ValueConflictingWeights { get; } = [];

    private double[] ValueContestedWeights { get; } = [];

    public double ConflictWeight { get; }

    /// <summary>
    /// Scenarios left out because a constraint holds in them (<see cref="ScenarioSpace.Constraints"/>): impossible, so
    /// not in <see cref="Scenarios"/>, and every count and probability is of the possible scenarios only.
    /// </summary>
    public long Excluded { get; }

    /// <summary>The prior probability of the excluded scenarios (weighted sweeps); probabilities are conditional on the rest.</summary>
    public double ExcludedWeight { get; }

    /// <summary>Per constraint in force, the scenarios (among all, before exclusion) in which it holds.</summary>
    public IReadOnlyList<long> Violations { get; }

    /// <summary>Per constraint in force, the first scenario in which it holds, or null.</summary>
    public IReadOnlyList<int[]?> FirstViolation { get; }

    public IReadOnlyList<long> ProbeHolds { get; }

    public IReadOnlyList<long> ProbeFails { get; }

    /// <summary>Per probe, the scenarios in which it both holds and fails (in conflict): neither true nor false.</summary>
    public IReadOnlyList<long> ProbeConflicts { get; }

    /// <summary>
    /// Per probe, the scenarios in which it is true or false only through a disputed step (an atom in conflict):
    /// counted apart from <see cref="ProbeHolds"/> and <see cref="ProbeFails"/>, which count clean results only.
    /// </summary>
    public IReadOnlyList<long> ProbeContested { get; }

    /// <summary>Per probe, the first scenario in which it is contested, or null.</summary>
    public IReadOnlyList<int[]?> FirstContested { get; }

    /// <summary>The first conflicting scenario in sweep order, as one choice per open premise, or null.</summary>
    public int[]? FirstConflict { get; }

    public IReadOnlyList<int[]?> FirstHolds { get; }

    public IReadOnlyList<int[]?> FirstNotHolds { get; }

    internal (ulong[] Holds, ulong[] Fails)[]? ProbeBits { get; }

    /// <summary>With recorded probes: one bit per scenario code, set where a constraint makes the scenario impossible (null when none can).</summary>
    internal ulong[]? ImpossibleBits { get; init; }

    public bool HasDependencies { get; }

    /// <summary>
    /// The values an atom takes across the scenarios, each counted apart by state: in how many scenarios (and with
    /// what probability) it is the atom's one value with no disputed step, a value of an atom in conflict, or a value
    /// reached only through a conflict. A value is listed when it occurs in some scenario.
    /// </summary>
    public IEnumerable<ValueTally> ValuesOf(int atom)
    {
        var valueBase = Plan.ValueBase[atom];
        if (valueBase < 0)
        {
            yield break;
        }

        for (var k = 0; k < Plan.Domains[atom].Length; k++)
        {
            var i = valueBase + k;
            if (ValueClean[i] + ValueConflicting[i] + ValueContested[i] > 0)
            {
                yield return IsWeighted
                    ? new ValueTally(Plan.Domains[atom][k], ValueClean[i], ValueConflicting[i], ValueContested[i], ValueCleanWeights[i], ValueConflictingWeights[i], ValueContestedWeights[i])
                    : new ValueTally(Plan.Domains[atom][k], ValueClean[i], ValueConflicting[i], ValueContested[i], Share(ValueClean[i]), Share(ValueConflicting[i]), Share(ValueContested[i]));
            }
        }
    }

    /// <summary>A count's share of the (possible) scenarios; 0 when the constraints leave none possible.</summary>
    private double Share(long count) => Scenarios == 0 ? 0 : (double)count / Scenarios;

    /// <summary>The probability that an atom's "holds" plane is set: from the premises' probabilities, else the share of scenarios.</summary>
    public double HoldsProbability(int atom) => IsWeighted ? HoldsWeight[atom] : Share(Holds[atom]);

    /// <summary>
    /// The scenarios in which an atom is true with no disputed step: holds and does not fail (or for a valued atom has
    /// exactly one value), and some chain that derives it passes through no atom in conflict. A conflict is neither
    /// true nor false (<see cref="Conflicting"/>); a result that rests only on one is contested (<see cref="ContestedIn"/>).
    /// </summary>
    public long TrueIn(int atom) => CleanTrue[atom];

    /// <summary>The scenarios in which an atom is false with no disputed step.</summary>
    public long FalseIn(int atom) => Plan.ValueBase[atom] >= 0 ? 0 : CleanFalse[atom];

    /// <summary>
    /// The scenarios in which an atom is true or false (or has one value), not itself in conflict, but only through
    /// an atom that is: every chain deriving it there passes through a disputed step.
    /// </summary>
    public long ContestedIn(int atom) => Contested[atom];

    /// <summary>The probability that an atom is true with no disputed step (for a valued atom: that it has one value, cleanly).</summary>
    public double TrueProbability(int atom) => IsWeighted ? CleanTrueWeight[atom] : Share(TrueIn(atom));

    /// <summary>The probability that an atom is false with no disputed step (0 for a valued atom).</summary>
    public double FalseProbability(int atom) => Plan.ValueBase[atom] >= 0 ? 0 : IsWeighted ? CleanFalseWeight[atom] : Share(FalseIn(atom));

    /// <summary>The probability that an atom is contested: true, false or valued only through a conflict (not itself in conflict).</summary>
    public double ContestedProbability(int atom) => IsWeighted ? ContestedWeight[atom] : Share(ContestedIn(atom));

    /// <summary>The probability that an atom is in conflict.</summary>
    public double ConflictProbability(int atom) => IsWeighted ? ConflictingWeight[atom] : Share(Conflicting[atom]);


    /// <summary>
    /// Half-width of a 95% confidence interval for any one share estimated from the samples (Hoeffding:
    /// sqrt(ln(2/0.05) / 2n)); zero for an exhaustive sweep, whose figures are exact.
    /// </summary>
    public double ErrorBound => IsSampled ? HalfWidth(Scenarios) : 0;

    /// <summary>
    /// The half-width of the 95% Hoeffding interval of a share estimated from this many samples, at most 1: a share
    /// lies in [0, 1], so with no possible sample (every one excluded by a constraint) nothing is known of it, and
    /// the bound is 1, not the infinity the formula gives.
    /// </summary>
    public static double HalfWidth(long samples) => samples <= 0 ? 1.0 : Math.Min(1.0, Math.Sqrt(Math.Log(2 / 0.05) / (2.0 * samples)));

    /// <summary>The open premises a conclusion's state (true, false, values) changes with, all else fixed, in some scenario.</summary>
    public IEnumerable<OpenPremise> DependenciesOf(int atom)
    {
        var c = Array.IndexOf(Plan.Conclusions, atom);
        if (c < 0)
        {
            yield break;
        }

        var premises = Plan.Space.Open.Count;
        for (var i = 0; i < premises; i++)
        {
            if (dependsOn[(c * premises) + i] != 0)
            {
                yield return Plan.Space.Open[i];
            }
        }
    }

    /// <summary>The codes of the conflicting scenarios, in order (exhaustive sweeps).</summary>
    public IEnumerable<long> ConflictScenarios()
    {
        if (conflicts is null)
        {
            yield break;
        }

        for (var w = 0; w < conflicts.Length; w++)
        {
            var word = conflicts[w];
            while (word != 0)
            {
                yield return ((long)w << 6) + BitOperations.TrailingZeroCount(word);
                word &= word - 1;
            }
        }
    }

    /// <summary>The choices of scenario code <paramref name="code"/>: one per open premise, or null if the code is not a scenario.</summary>
    public int[]? Decode(long code) => Plan.Encoding.Decode(code);
}
