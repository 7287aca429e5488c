using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace PolicyDsl.Evaluator.Scenarios;

/// <summary>
/// Dependencies: which open premises change a conclusion's state (true, false, values, or whether it holds cleanly
/// or only through a conflict), by comparing each lane with its neighbour across one premise bit.
/// </summary>
internal sealed partial class SweepWorker
{
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
                    if (anyConflict)
                    {
                        differs |= (tc[atom] ^ Swap(tc[atom], bit)) | (fc[atom] ^ Swap(fc[atom], bit));
                    }

                    if (valueBase >= 0)
                    {
                        for (var k = 0; k < plan.Domains[atom].Length; k++)
                        {
                            differs |= v[valueBase + k] ^ Swap(v[valueBase + k], bit);
                            if (anyConflict)
                            {
                                differs |= vc[valueBase + k] ^ Swap(vc[valueBase + k], bit);
                            }
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
}
