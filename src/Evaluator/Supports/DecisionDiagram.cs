namespace PolicyDsl.Evaluator.Supports;

/// <summary>The support computation needed more decision-diagram nodes than <see cref="DecisionDiagram.NodeLimit"/> allows.</summary>
internal sealed class DiagramLimitException(int limit) : Exception($"more than {limit:N0} decision-diagram nodes")
{
    public int Limit { get; } = limit;
}

/// <summary>
/// Reduced ordered binary decision diagrams over the premises of one evaluation: a node is a boolean function of
/// which premises are present. Variable <c>i</c> is tested before <c>i + 1</c>. Functions are ints (0 false, 1 true),
/// shared through one table of unique nodes; operations are cached in a fixed-size table, so memory is bounded by
/// <see cref="NodeLimit"/>, past which <see cref="DiagramLimitException"/> is thrown.
/// </summary>
internal sealed class DecisionDiagram
{
    public const int False = 0;
    public const int True = 1;

    /// <summary>Past this many nodes (about 24 bytes each, beside a 16 MB operation cache) supports are not computed; the caller says so with a warning.</summary>
    public const int DefaultNodeLimit = 2_000_000;

    private const int Terminal = int.MaxValue;
    private const int CacheBits = 20;

    private int[] level;
    private int[] low;
    private int[] high;
    private int[] next;
    private int[] buckets;
    private int count;
    private readonly CacheEntry[] cache = new CacheEntry[1 << CacheBits];

    private enum Operation : byte
    {
        None,
        And,
        Or,
        Not,
    }

    private record struct CacheEntry(Operation Operation, int Left, int Right, int Result);

    public DecisionDiagram(int nodeLimit = DefaultNodeLimit)
    {
        NodeLimit = nodeLimit;
        level = new int[1024];
        low = new int[1024];
        high = new int[1024];
        next = new int[1024];
        buckets = new int[1024];
        Array.Fill(buckets, -1);
        level[0] = level[1] = Terminal;
        count = 2;
    }

    public int NodeLimit { get; }

    public int NodeCount => count;

    /// <summary>The function "premise <paramref name="variable"/> is present".</summary>
    public int Variable(int variable) => Make(variable, False, True);

    public int VariableOf(int node) => level[node];

    public int Low(int node) => low[node];

    public int High(int node) => high[node];

    private int Make(int variable, int lo, int hi)
    {
        if (lo == hi)
        {
            return lo;
        }

        var hash = Hash(variable, lo, hi) & (buckets.Length - 1);
        for (var node = buckets[hash]; node >= 0; node = next[node])
        {
            if (level[node] == variable && low[node] == lo && high[node] == hi)
            {
                return node;
            }
        }

        if (count >= NodeLimit)
        {
            throw new DiagramLimitException(NodeLimit);
        }

        if (count == level.Length)
        {
            Grow();
            hash = Hash(variable, lo, hi) & (buckets.Length - 1);
        }

        var created = count++;
        level[created] = variable;
        low[created] = lo;
        high[created] = hi;
        next[created] = buckets[hash];
        buckets[hash] = created;
        return created;
    }

    private static int Hash(int variable, int lo, int hi) => (int)(((uint)variable * 0x9E3779B1u) ^ ((uint)lo * 0x85EBCA77u) ^ ((uint)hi * 0xC2B2AE3Du));

    private void Grow()
    {
        var size = level.Length * 2;
        Array.Resize(ref level, size);
        Array.Resize(ref low, size);
        Array.Resize(ref high, size);
        Array.Resize(ref next, size);
        buckets = new int[size];
        Array.Fill(buckets, -1);
        for (var node = 2; node < count; node++)
        {
            var hash = Hash(level[node], low[node], high[node]) & (size - 1);
            next[node] = buckets[hash];
            buckets[hash] = node;
        }
    }

    public int Not(int f)
    {
        if (f <= True)
        {
            return 1 - f;
        }

        var slot = Slot(Operation.Not, f, 0);
        if (cache[slot] is { Operation: Operation.Not } hit && hit.Left == f)
        {
            return hit.Result;
        }

        var result = Make(level[f], Not(low[f]), Not(high[f]));
        cache[slot] = new CacheEntry(Operation.Not, f, 0, result);
        return result;
    }

    public int And(int f, int g) => Apply(Operation.And, f, g);

    public int Or(int f, int g) => Apply(Operation.Or, f, g);

    /// <summary>And or or, by Shannon expansion on the top variable of the two, cached.</summary>
    private int Apply(Operation operation, int f, int g)
    {
        // False absorbs an and and is the identity of an or; true the other way round.
        var absorbing = operation == Operation.And ? False : True;
        if (f == absorbing || g == absorbing)
        {
            return absorbing;
        }

        if (f == 1 - absorbing || f == g)
        {
            return g;
        }

        if (g == 1 - absorbing)
        {
            return f;
        }

        if (f > g)
        {
            (f, g) = (g, f);
        }

        var slot = Slot(operation, f, g);
        if (cache[slot] is var hit && hit.Operation == operation && hit.Left == f && hit.Right == g)
        {
            return hit.Result;
        }

        var v = Math.Min(level[f], level[g]);
        var (f0, f1) = level[f] == v ? (low[f], high[f]) : (f, f);
        var (g0, g1) = level[g] == v ? (low[g], high[g]) : (g, g);
        var result = Make(v, Apply(operation, f0, g0), Apply(operation, f1, g1));
        cache[slot] = new CacheEntry(operation, f, g, result);
        return result;
    }

    public int AndNot(int f, int g) => g == False ? f : And(f, Not(g));

    private static int Slot(Operation operation, int f, int g) => (int)((((uint)f * 0x9E3779B1u) ^ ((uint)g * 0x85EBCA77u) ^ (uint)operation) >> (32 - CacheBits));

    /// <summary>Whether the function is true when exactly the premises <paramref name="present"/> says are present.</summary>
    public bool Evaluate(int f, Func<int, bool> present)
    {
        while (f > True)
        {
            f = present(level[f]) ? high[f] : low[f];
        }

        return f == True;
    }

    /// <summary>Whether the function holds on exactly the given premises (ascending).</summary>
    public bool Contains(int f, ReadOnlySpan<int> set)
    {
        var i = 0;
        while (f > True)
        {
            while (i < set.Length && set[i] < level[f])
            {
                i++;
            }

            f = i < set.Length && set[i] == level[f] ? high[f] : low[f];
        }

        return f == True;
    }

    /// <summary>
    /// The upward closure: true on every set of premises that contains one on which <paramref name="f"/> is true.
    /// Its minimal sets are those of <paramref name="f"/>, and it is monotone, which is what listing them needs.
    /// </summary>
    public int UpwardClosure(int f, Dictionary<int, int> memo)
    {
        if (f <= True)
        {
            return f;
        }

        if (memo.TryGetValue(f, out var known))
        {
            return known;
        }

        var without = UpwardClosure(low[f], memo);
        var result = Make(level[f], without, Or(without, UpwardClosure(high[f], memo)));
        memo[f] = result;
        return result;
    }

    /// <summary>
    /// The minimal sets of premises (ascending variable numbers) on which a monotone function is true, at most
    /// <paramref name="cap"/> per node: the sets without the top variable are those of the low branch; with it, those
    /// of the high branch that the low branch does not already make true. <c>Truncated</c> says some were cut.
    /// </summary>
    public (List<int[]> Sets, bool Truncated) MinimalSets(int monotone, int cap, Dictionary<int, (List<int[]>, bool)> memo)
    {
        if (monotone == False)
        {
            return ([], false);
        }

        if (monotone == True)
        {
            return ([[]], false);
        }

        if (memo.TryGetValue(monotone, out var known))
        {
            return known;
        }

        var variable = level[monotone];
        var (without, cutWithout) = MinimalSets(low[monotone], cap, memo);
        var (with, cutWith) = MinimalSets(high[monotone], cap, memo);
        var sets = new List<int[]>(Math.Min(cap, without.Count + with.Count));
        var truncated = cutWithout || cutWith;
        foreach (var set in without)
        {
            if (sets.Count == cap)
            {
                truncated = true;
                break;
            }

            sets.Add(set);
        }

        foreach (var set in with)
        {
            if (Contains(low[monotone], set))
            {
                continue;
            }

            if (sets.Count == cap)
            {
                truncated = true;
                break;
            }

            sets.Add([variable, .. set]);
        }

        memo[monotone] = (sets, truncated);
        return (sets, truncated);
    }
}
