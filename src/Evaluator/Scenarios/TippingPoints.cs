using PolicyDsl.Evaluator.Grounding;

namespace PolicyDsl.Evaluator.Scenarios;

/// <summary>One way a claim can end up: true, false, or not true (false or unknown).</summary>
public enum Outcome
{
    True,
    False,
    NotTrue,
}

/// <summary>
/// "What would it take": the minimal sets of open-premise values that settle an outcome of a claim, smallest first:
/// every scenario agreeing with a set gives that outcome whatever the other premises are, and no smaller part of
/// the set does.
/// </summary>
/// <param name="Outcome">the outcome settled</param>
/// <param name="Scenarios">the scenarios with that outcome</param>
/// <param name="Sets">the minimal sets found, smallest first, each a list of (premise, choice); empty when none settles it</param>
/// <param name="MoreSets">how many further minimal sets were found but not listed</param>
/// <param name="SearchedUpTo">the largest set size searched: sets larger than this were not tried</param>
public sealed record TippingPoint(Outcome Outcome, long Scenarios, IReadOnlyList<IReadOnlyList<(int Premise, int Choice)>> Sets, int MoreSets, int SearchedUpTo);

/// <summary>
/// A claim across the scenarios: how often it is true, false and in conflict (neither true nor false; the rest are
/// unknown), and what settles each outcome.
/// </summary>
public sealed record ClaimFlips(string Claim, long Scenarios, long TrueIn, long FalseIn, long ConflictIn, IReadOnlyList<TippingPoint> Points)
{
    /// <summary>Scenarios where the claim is true or false only through an atom in conflict: counted apart from both.</summary>
    public long ContestedIn { get; init; }

    public long UnknownIn => Scenarios - TrueIn - FalseIn - ConflictIn - ContestedIn;

    /// <summary>The same in every scenario (all true, all false, all in conflict, all contested or all unknown): nothing flips it.</summary>
    public bool IsSettled => TrueIn == Scenarios || FalseIn == Scenarios || ConflictIn == Scenarios || ContestedIn == Scenarios || UnknownIn == Scenarios;

    /// <summary>Scenarios left out because a constraint holds in them: not in <see cref="Scenarios"/>, and no set listed needs them.</summary>
    public long Excluded { get; init; }
}

/// <summary>
/// Finds tipping points from an exhaustive sweep that records, per scenario code, whether each claim is true and
/// false. Sets are tried by increasing size, up to <see cref="MaxSetSize"/>, and a set that contains one already found
/// is skipped, so each set listed is minimal. A set is checked word by word over the codes it leaves free.
/// </summary>
public static class TippingPoints
{
    /// <summary>Sets of more premise values than this are not tried.</summary>
    public const int MaxSetSize = 4;

    /// <summary>At most this many minimal sets are listed per outcome; the rest are counted.</summary>
    public const int ListedSets = 8;

    /// <summary>Flips need one bit per scenario code per claim and outcome: up to 2^26 codes.</summary>
    public const int MaxBits = 26;

    /// <summary>Claims are swept this many at a time, which bounds the memory for the recorded bits.</summary>
    private const int ClaimsPerSweep = 64;

    public static IReadOnlyList<ClaimFlips> Find(GroundProgram program, Engine.PremiseSet premises, IReadOnlyList<(string Text, GroundCondition Condition)> claims, CancellationToken cancellation = default)
    {
        var results = new List<ClaimFlips>();
        for (var start = 0; start < claims.Count; start += ClaimsPerSweep)
        {
            var batch = claims.Skip(start).Take(ClaimsPerSweep).ToList();
            var plan = SweepPlan.Compile(program, premises, [.. batch.Select(c => c.Condition)]);
            if (plan.Unsupported is { } reason)
            {
                throw new InvalidOperationException(reason);
            }

            if (plan.Bits > MaxBits)
            {
                throw new InvalidOperationException($"the open premises make 2^{plan.Bits} scenario codes; tipping points are searched up to 2^{MaxBits}");
            }

            var sweep = ScenarioSweep.Run(plan, new SweepOptions { RecordProbes = true, Cancellation = cancellation });
            var valid = ValidCodes(plan);
            if (sweep.ImpossibleBits is { } impossible)
            {
                // Impossible scenarios settle nothing and block nothing: they are not scenarios at all.
                for (var w = 0; w < valid.Length; w++)
                {
                    valid[w] &= ~impossible[w];
                }
            }

            for (var p = 0; p < batch.Count; p++)
            {
                var (holds, fails) = sweep.ProbeBits![p];
                var notTrue = new ulong[valid.Length];
                for (var w = 0; w < valid.Length; w++)
                {
                    notTrue[w] = valid[w] & ~holds[w];
                }

                var points = new List<TippingPoint> { Search(plan, valid, holds, Outcome.True, sweep.ProbeHolds[p], cancellation) };
                if (sweep.ProbeFails[p] > 0)
                {
                    points.Add(Search(plan, valid, fails, Outcome.False, sweep.ProbeFails[p], cancellation));
                }

                // "Not true" says more than "false" only where the claim can be unknown (or in conflict).
                var notTrueCount = sweep.Scenarios - sweep.ProbeHolds[p];
                if (notTrueCount != sweep.ProbeFails[p])
                {
                    points.Add(Search(plan, valid, notTrue, Outcome.NotTrue, notTrueCount, cancellation));
                }

                results.Add(new ClaimFlips(batch[p].Text, sweep.Scenarios, sweep.ProbeHolds[p], sweep.ProbeFails[p], sweep.ProbeConflicts[p], points) { ContestedIn = sweep.ProbeContested[p], Excluded = sweep.Excluded });
            }
        }

        return results;
    }

    /// <summary>One bit per code: set when every premise's bits name one of its choices.</summary>
    private static ulong[] ValidCodes(SweepPlan plan)
    {
        var codes = 1L << plan.Bits;
        var valid = new ulong[Math.Max(1, (codes + 63) >> 6)];
        for (long code = 0; code < codes; code++)
        {
            if (plan.Encoding.IsScenario(code))
            {
                valid[code >> 6] |= 1UL << (int)(code & 63);
            }
        }

        return valid;
    }

    private static TippingPoint Search(SweepPlan plan, ulong[] valid, ulong[] target, Outcome outcome, long count, CancellationToken cancellation)
    {
        // Codes that are scenarios without the outcome: a set settles the outcome when it matches none of them.
        var bad = new ulong[valid.Length];
        for (var w = 0; w < valid.Length; w++)
        {
            bad[w] = valid[w] & ~target[w];
        }

        var premises = Enumerable.Range(0, plan.Space.Open.Count).Where(i => plan.Widths[i] > 0).ToArray();
        if (count == 0)
        {
            return new TippingPoint(outcome, 0, [], 0, 0);
        }

        if (bad.All(w => w == 0))
        {
            // Settled whatever the premises: the empty set.
            return new TippingPoint(outcome, count, [[]], 0, 0);
        }

        // Sets by increasing size; a set containing one already found is not minimal and is skipped.
        var maxSize = Math.Min(MaxSetSize, premises.Length);
        var found = new List<IReadOnlyList<(int Premise, int Choice)>>();
        var more = 0;
        for (var size = 1; size <= maxSize; size++)
        {
            foreach (var subset in Subsets(premises, size))
            {
                cancellation.ThrowIfCancellationRequested();
                foreach (var choices in Choices(plan, subset))
                {
                    var set = subset.Select((p, i) => (p, choices[i])).ToList();
                    if (found.Exists(f => f.All(set.Contains)) || !Settles(plan, bad, subset, choices) || !Agrees(plan, valid, subset, choices))
                    {
                        continue;
                    }

                    if (found.Count < ListedSets)
                    {
                        found.Add(set);
                    }
                    else
                    {
                        more++;
                    }
                }
            }
        }

        return new TippingPoint(outcome, count, found, more, maxSize);
    }

    /// <summary>Whether no bad code agrees with the premise values.</summary>
    private static bool Settles(SweepPlan plan, ulong[] bad, int[] subset, int[] choices) => !Agrees(plan, bad, subset, choices);

    /// <summary>Whether some code of <paramref name="codes"/> agrees with the premise values: the fixed bits split into the six inside a word and the rest.</summary>
    private static bool Agrees(SweepPlan plan, ulong[] codes, int[] subset, int[] choices)
    {
        var bad = codes;
        var (mask, value) = plan.Encoding.Encode([.. subset.Select((premise, i) => (premise, choices[i]))]);

        ulong lanes = 0;
        for (var lane = 0UL; lane < 64; lane++)
        {
            if ((lane & mask & 63) == (value & 63))
            {
                lanes |= 1UL << (int)lane;
            }
        }

        var words = (ulong)bad.Length;
        var highMask = mask >> 6;
        var highValue = value >> 6;
        var free = (words - 1) & ~highMask;

        // Every word index that agrees with the fixed high bits: highValue plus each subset of the free bits.
        var sub = 0UL;
        do
        {
            var word = highValue | sub;
            if (word < words && (bad[word] & lanes) != 0)
            {
                return true;
            }

            sub = (sub - free) & free;
        }
        while (sub != 0);

        return false;
    }

    private static IEnumerable<int[]> Subsets(int[] items, int size)
    {
        var indices = Enumerable.Range(0, size).ToArray();
        while (true)
        {
            yield return [.. indices.Select(i => items[i])];
            var k = size - 1;
            while (k >= 0 && indices[k] == items.Length - size + k)
            {
                k--;
            }

            if (k < 0)
            {
                yield break;
            }

            indices[k]++;
            for (var j = k + 1; j < size; j++)
            {
                indices[j] = indices[j - 1] + 1;
            }
        }
    }

    private static IEnumerable<int[]> Choices(SweepPlan plan, int[] subset)
    {
        var choices = new int[subset.Length];
        while (true)
        {
            yield return (int[])choices.Clone();
            var k = subset.Length - 1;
            while (k >= 0 && choices[k] == plan.Space.Open[subset[k]].Choices.Count - 1)
            {
                choices[k] = 0;
                k--;
            }

            if (k < 0)
            {
                yield break;
            }

            choices[k]++;
        }
    }

    /// <summary>The claims examined when none is named: every conclusion about truth (valued ones are named as comparisons).</summary>
    public static IReadOnlyList<(string Text, GroundCondition Condition)> Conclusions(GroundProgram program) =>
        [.. program.Atoms.Where(a => program.RulesByHead[a.Id] is not null && !a.IsValued).Select(a => (a.Display, (GroundCondition)new GroundTruth(a.Id)))];

    /// <summary>A set of premise values in words, e.g. "China values the bargain, not hawks prevail".</summary>
    public static string Describe(ScenarioSpace space, IReadOnlyList<(int Premise, int Choice)> set) =>
        set.Count == 0 ? "whatever the open premises" : string.Join(", ", set.Select(s => space.Open[s.Premise].Describe(s.Choice)));
}
