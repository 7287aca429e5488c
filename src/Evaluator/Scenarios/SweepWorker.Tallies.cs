using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace PolicyDsl.Evaluator.Scenarios;

/// <summary>The tallies: per atom, value and probe, the scenarios (and their weight) where it holds, fails, has a value or conflicts.</summary>
internal sealed partial class SweepWorker
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Gather(long block, Vector256<ulong> valid)
    {
        Lanes += PopCount(valid);
        if (job.Weigh)
        {
            WeighLanes(valid);
            PossibleWeight += Weight(valid);
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

            // In conflict: both ways or two values, as the clean pass found (it runs before every gathering).
            var both = conflicted[a] & valid;
            var valueBase = plan.ValueBase[a];
            Vector256<ulong> cleanTrue;
            Vector256<ulong> contested;
            if (valueBase >= 0)
            {
                var seen = Vector256<ulong>.Zero;
                var seenClean = Vector256<ulong>.Zero;
                for (var k = 0; k < plan.Domains[a].Length; k++)
                {
                    // Each value counted apart by state, as the atom is: one value cleanly, in conflict, or contested.
                    var lanes = v[valueBase + k] & valid;
                    var clean = anyConflict ? vc[valueBase + k] & lanes : lanes;
                    var valueClean = clean & ~both;
                    var valueConflicting = lanes & both;
                    var valueContested = lanes & ~both & ~clean;
                    ValueClean[valueBase + k] += PopCount(valueClean);
                    ValueConflicting[valueBase + k] += PopCount(valueConflicting);
                    ValueContested[valueBase + k] += PopCount(valueContested);
                    if (job.Weigh)
                    {
                        ValueCleanWeights[valueBase + k] += Weight(valueClean);
                        ValueConflictingWeights[valueBase + k] += Weight(valueConflicting);
                        ValueContestedWeights[valueBase + k] += Weight(valueContested);
                    }

                    seen |= lanes;
                    seenClean |= clean;
                }

                Valued[a] += PopCount(seen);
                if (job.Weigh)
                {
                    ValuedWeight[a] += Weight(seen);
                }

                cleanTrue = seenClean & ~both;
                contested = seen & ~both & ~cleanTrue;
            }
            else
            {
                cleanTrue = holds & ~fails & (anyConflict ? tc[a] : holds);
                var cleanFalse = fails & ~holds & (anyConflict ? fc[a] : fails);
                CleanFalse[a] += PopCount(cleanFalse);
                if (job.Weigh)
                {
                    CleanFalseWeight[a] += Weight(cleanFalse);
                }

                contested = (holds ^ fails) & ~cleanTrue & ~cleanFalse;
            }

            CleanTrue[a] += PopCount(cleanTrue);
            Contested[a] += PopCount(contested);
            if (job.Weigh)
            {
                CleanTrueWeight[a] += Weight(cleanTrue);
                ContestedWeight[a] += Weight(contested);
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

        var all = valid;
        for (var p = 0; p < plan.Probes.Length; p++)
        {
            // A guarded probe (the claim of 'expect q when p') is counted only where its guard holds cleanly.
            valid = plan.ProbeGuards[p] is var guard and >= 0 ? all & probeHoldsLanes[guard] : all;

            // A probe is true where it holds and does not fail, false where it fails and does not hold (Truth.True, Truth.False).
            // Counted true or false only on clean planes: a probe that holds only through a conflict is contested.
            var (holdsPlane, failsPlane) = Run(plan.Probes[p]);
            var (cleanHolds, cleanFails) = (holdsPlane, failsPlane);
            if (anyConflict)
            {
                SwapPlanes();
                (cleanHolds, cleanFails) = Run(plan.Probes[p]);
                SwapPlanes();
            }

            var truePlane = holdsPlane & ~failsPlane & valid;
            var falsePlane = failsPlane & ~holdsPlane & valid;
            var holds = truePlane & cleanHolds;
            var fails = falsePlane & cleanFails;
            var contestedProbe = (truePlane & ~cleanHolds) | (falsePlane & ~cleanFails);
            probeHoldsLanes[p] = holds;
            ProbeHolds[p] += PopCount(holds);
            ProbeFails[p] += PopCount(fails);
            ProbeConflicts[p] += PopCount(holdsPlane & failsPlane & valid);
            ProbeContested[p] += PopCount(contestedProbe);
            if (contestedProbe != Vector256<ulong>.Zero && Order(block, contestedProbe) < FirstContested[p].Order)
            {
                FirstContested[p] = (Order(block, contestedProbe), ChoicesAt(FirstLane(contestedProbe)));
            }

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
}
