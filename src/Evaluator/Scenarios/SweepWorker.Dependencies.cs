using System.Numerics;
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

                // Lanes whose choice of the premise differs in one bit: enough while every choice is possible, as the
                // choices are then connected by one-bit steps. Constraints may exclude the choices in between, so then
                // every pair of choices is compared (each nonempty set of the premise's bits flipped at once).
                var width = plan.Widths[i];
                var flips = plan.Constraints.Length > 0 && width > 1 ? (1 << width) - 1 : width;
                for (var flip = 0; flip < flips; flip++)
                {
                    var mask = plan.Constraints.Length > 0 && width > 1 ? flip + 1 : 1 << flip;
                    var differs = (t[atom] ^ Flip(t[atom], i, mask)) | (f[atom] ^ Flip(f[atom], i, mask));
                    if (anyConflict)
                    {
                        differs |= (tc[atom] ^ Flip(tc[atom], i, mask)) | (fc[atom] ^ Flip(fc[atom], i, mask));
                    }

                    if (valueBase >= 0)
                    {
                        for (var k = 0; k < plan.Domains[atom].Length; k++)
                        {
                            differs |= v[valueBase + k] ^ Flip(v[valueBase + k], i, mask);
                            if (anyConflict)
                            {
                                differs |= vc[valueBase + k] ^ Flip(vc[valueBase + k], i, mask);
                            }
                        }
                    }

                    var paired = (mask & (mask - 1)) == 0 ? pairs[job.Offsets[i] + BitOperations.TrailingZeroCount(mask)] : valid & Flip(valid, i, mask);
                    if ((differs & paired) != Vector256<ulong>.Zero)
                    {
                        known[index] = true;
                        job.MarkFound(index);
                        break;
                    }
                }
            }
        }
    }

    /// <summary>The plane with each lane exchanged for the lane whose choice of premise <paramref name="premise"/> differs in the bits of <paramref name="mask"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<ulong> Flip(Vector256<ulong> x, int premise, int mask)
    {
        for (var b = 0; mask != 0; b++, mask >>= 1)
        {
            if ((mask & 1) != 0)
            {
                x = Swap(x, job.Offsets[premise] + b);
            }
        }

        return x;
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
