using System.Runtime.Intrinsics;

namespace PolicyDsl.Evaluator.Scenarios;

/// <summary>The sweep's inputs: each block's scenario bits (counted or drawn) and the open premises' planes set from them.</summary>
internal sealed partial class SweepWorker
{
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
}
