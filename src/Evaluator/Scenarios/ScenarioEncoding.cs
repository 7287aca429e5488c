namespace PolicyDsl.Evaluator.Scenarios;

/// <summary>
/// How a scenario is written as a code: open premise i takes bits [Offsets[i], Offsets[i] + Widths[i]) (one bit
/// for true/false, log2 of the list for listed values), and those bits name one of its choices; codes past the end
/// of a list are not scenarios. The one place that encodes and decodes scenario codes: the sweep, sampling,
/// dependencies and tipping points all go through it. Immutable.
/// </summary>
public sealed class ScenarioEncoding
{
    private readonly int[][] choiceOfCode;
    private readonly int[][] codeOfChoice;

    public ScenarioEncoding(IReadOnlyList<OpenPremise> open)
    {
        Premises = open.Count;
        var widths = open.Select(p => p.Choices.Count <= 1 ? 0 : 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)p.Choices.Count - 1)).ToArray();
        var offsets = new int[open.Count];
        choiceOfCode = new int[open.Count][];
        codeOfChoice = new int[open.Count][];
        var offset = 0;
        for (var i = 0; i < open.Count; i++)
        {
            offsets[i] = offset;
            offset += widths[i];
            var codes = 1 << widths[i];
            choiceOfCode[i] = new int[codes];
            codeOfChoice[i] = new int[open[i].Choices.Count];
            for (var code = 0; code < codes; code++)
            {
                // True/false: code 1 is "true" (choice 0), so scenario s has premise i true when bit i of s is set.
                var choice = open[i].Assume.IsBoolean ? 1 - code : code < open[i].Choices.Count ? code : -1;
                choiceOfCode[i][code] = choice;
                if (choice >= 0)
                {
                    codeOfChoice[i][choice] = code;
                }
            }
        }

        WidthArray = widths;
        OffsetArray = offsets;
        Bits = offset;
        GroupArray = Group(widths);
        Listed = [.. Enumerable.Range(0, open.Count).Where(i => choiceOfCode[i].Contains(-1))];
    }

    public int Premises { get; }

    /// <summary>Scenario bits in all.</summary>
    public int Bits { get; }

    /// <summary>Per premise, how many bits its code takes.</summary>
    public IReadOnlyList<int> Widths => WidthArray;

    /// <summary>Per premise, where its bits start in the sweep's own order.</summary>
    public IReadOnlyList<int> Offsets => OffsetArray;

    /// <summary>Premises packed into groups of at most 8 bits: each group's premises fit in one block of 256 scenarios together.</summary>
    public IReadOnlyList<int[]> Groups => GroupArray;

    // The same, as arrays, for the sweep's inner loops (never written after construction).
    internal int[] WidthArray { get; }

    internal int[] OffsetArray { get; }

    internal int[][] GroupArray { get; }

    /// <summary>Premises whose codes include some that name no choice (lists whose length is not a power of two).</summary>
    public IReadOnlyList<int> Listed { get; }

    /// <summary>The choice a premise's bits name, or -1 when they name none.</summary>
    public int ChoiceOf(int premise, int bits) => choiceOfCode[premise][bits];

    /// <summary>The bits that name a choice of a premise.</summary>
    public int CodeOf(int premise, int choice) => codeOfChoice[premise][choice];

    /// <summary>A premise's bits in a scenario code laid out by <paramref name="offsets"/>.</summary>
    public int BitsOf(int premise, long code, IReadOnlyList<int> offsets) => (int)((code >> offsets[premise]) & ((1L << Widths[premise]) - 1));

    /// <summary>The choices of a scenario code (in the sweep's own order): one per open premise, or null if the code is not a scenario.</summary>
    public int[]? Decode(long code)
    {
        var choices = new int[Premises];
        for (var i = 0; i < Premises; i++)
        {
            choices[i] = ChoiceOf(i, BitsOf(i, code, Offsets));
            if (choices[i] < 0)
            {
                return null;
            }
        }

        return choices;
    }

    /// <summary>Whether a code names a choice of every premise.</summary>
    public bool IsScenario(long code)
    {
        foreach (var i in Listed)
        {
            if (ChoiceOf(i, BitsOf(i, code, Offsets)) < 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The bits a set of premise choices fixes (the mask) and their values, in the sweep's own order.</summary>
    public (ulong Mask, ulong Value) Encode(IReadOnlyList<(int Premise, int Choice)> set)
    {
        ulong mask = 0, value = 0;
        foreach (var (premise, choice) in set)
        {
            mask |= ((1UL << Widths[premise]) - 1) << Offsets[premise];
            value |= (ulong)CodeOf(premise, choice) << Offsets[premise];
        }

        return (mask, value);
    }

    /// <summary>Offsets that put one group's premises in the lowest bits (inside a block), the others after them in order.</summary>
    public int[] LayoutFor(int group)
    {
        var offsets = new int[Premises];
        var first = Groups.Count == 0 ? [] : Groups[group];
        var offset = 0;
        foreach (var i in first)
        {
            offsets[i] = offset;
            offset += Widths[i];
        }

        for (var i = 0; i < Premises; i++)
        {
            if (!first.Contains(i))
            {
                offsets[i] = offset;
                offset += Widths[i];
            }
        }

        return offsets;
    }

    private static int[][] Group(int[] widths)
    {
        var groups = new List<int[]>();
        var current = new List<int>();
        var width = 0;
        for (var i = 0; i < widths.Length; i++)
        {
            if (widths[i] == 0)
            {
                continue;
            }

            if (width + widths[i] > 8 && current.Count > 0)
            {
                groups.Add([.. current]);
                current.Clear();
                width = 0;
            }

            current.Add(i);
            width += widths[i];
        }

        if (current.Count > 0)
        {
            groups.Add([.. current]);
        }

        return [.. groups];
    }
}
