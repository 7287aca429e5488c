using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace PolicyDsl.Evaluator.Scenarios;

/// <summary>The interpreter: rules in evaluation order, their postfix conditions and value expressions, 256 scenarios a step.</summary>
internal sealed partial class SweepWorker
{
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
                    var keep = cleaning ? ~conflicted[rule.Head] : Vector256<ulong>.AllBitsSet;
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

                            var updated = v[target] | (fire & v[value.Slot + k] & keep);
                            if (updated != v[target])
                            {
                                v[target] = updated;
                                changed = true;
                            }
                        }

                        continue;
                    }

                    var plane = rule.Negated ? f : t;
                    var next = plane[rule.Head] | (fire & keep);
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
        if (cleaning && (rule.Unless is not null || rule.OverriddenBy.Length > 0))
        {
            // Clean: the exception and the overrides as the evaluation itself decided them.
            fire &= firesFinally[id];
            fireStamp[id] = stamp;
            fires[id] = fire;
            return fire;
        }

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
}
