using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Dsl.Syntax;
using PolicyDsl.Evaluator.Grounding;

namespace PolicyDsl.Evaluator.Engine;

/// <summary>
/// Evaluates conditions as two planes, "holds" and "fails": and/or/not are Kleene's tables on them when nothing
/// conflicts, and a conflicting atom simply contributes to both. A comparison holds if some pair of the operands'
/// values satisfies it and fails if some pair does not; with an unknown operand it does neither.
/// </summary>
internal static class ConditionEvaluator
{
    public static (bool Holds, bool Fails) Evaluate(GroundCondition condition, Evaluation state) =>
        Evaluate(condition, state.Holds, state.Fails, a => state.ValuesOf(a));

    public static (bool Holds, bool Fails) Evaluate(GroundCondition condition, Func<int, bool> holds, Func<int, bool> fails, Func<int, IReadOnlyList<Value>> values)
    {
        switch (condition)
        {
            case GroundTruth t:
                return t.Atom < 0 ? (false, false) : (holds(t.Atom), fails(t.Atom));
            case GroundNot n:
                var (h, f) = Evaluate(n.Operand, holds, fails, values);
                return (f, h);
            case GroundAnd a:
                var left = Evaluate(a.Left, holds, fails, values);
                var right = Evaluate(a.Right, holds, fails, values);
                return (left.Holds && right.Holds, left.Fails || right.Fails);
            case GroundOr o:
                var l = Evaluate(o.Left, holds, fails, values);
                var r = Evaluate(o.Right, holds, fails, values);
                return (l.Holds || r.Holds, l.Fails && r.Fails);
            case GroundCompare c:
                return Compare(c.Operator, Values(c.Left, values), Values(c.Right, values));
            default:
                return (false, false);
        }
    }

    private static (bool Holds, bool Fails) Compare(BinaryOperator op, IReadOnlyList<Value> left, IReadOnlyList<Value> right)
    {
        bool holds = false, fails = false;
        foreach (var a in left)
        {
            foreach (var b in right)
            {
                if (Compare(op, a, b))
                {
                    holds = true;
                }
                else
                {
                    fails = true;
                }
            }
        }

        return (holds, fails);
    }

    public static bool Compare(BinaryOperator op, Value a, Value b) => op switch
    {
        BinaryOperator.Equal => a == b,
        BinaryOperator.NotEqual => a != b,
        BinaryOperator.Less => a.CompareTo(b) < 0,
        BinaryOperator.LessOrEqual => a.CompareTo(b) <= 0,
        BinaryOperator.Greater => a.CompareTo(b) > 0,
        BinaryOperator.GreaterOrEqual => a.CompareTo(b) >= 0,
        _ => false,
    };

    public static IReadOnlyList<Value> Values(GroundValue value, Evaluation state) => Values(value, a => state.ValuesOf(a));

    /// <summary>
    /// The values an expression can take, each node computed once. <paramref name="pair"/>, when given, sees every
    /// pair of operand values an arithmetic node combines (the overflow check), in the same single pass.
    /// </summary>
    public static IReadOnlyList<Value> Values(GroundValue value, Func<int, IReadOnlyList<Value>> values, Action<GroundArithmetic, Value, Value>? pair = null)
    {
        switch (value)
        {
            case GroundLiteral l:
                return [l.Value];
            case GroundAtomValue a:
                return a.Atom < 0 ? [] : values(a.Atom);
            case GroundNegate n:
                return [.. Values(n.Operand, values, pair).Select(v => v with { Number = -v.Number })];
            case GroundArithmetic ar:
                var result = new List<Value>();
                var right = Values(ar.Right, values, pair);
                foreach (var x in Values(ar.Left, values, pair))
                {
                    foreach (var y in right)
                    {
                        pair?.Invoke(ar, x, y);
                        if (Arithmetic(ar.Operator, x, y, ar.ResultType) is { } v && !result.Contains(v))
                        {
                            result.Add(v);
                        }
                    }
                }

                return result;
            default:
                return [];
        }
    }

    /// <summary>Arithmetic on values whose kinds the binder has checked; division by zero has no value (unknown).</summary>
    internal static Value? Arithmetic(BinaryOperator op, Value x, Value y, DataType result) => Arithmetic(op, x, y, result, out _);

    /// <summary>Whether the arithmetic goes past what a decimal holds (its result is then unknown, and the checker says why).</summary>
    internal static bool Overflows(BinaryOperator op, Value x, Value y, DataType result)
    {
        Arithmetic(op, x, y, result, out var overflowed);
        return overflowed;
    }

    private static Value? Arithmetic(BinaryOperator op, Value x, Value y, DataType result, out bool overflowed) =>
        ValueArithmetic.Apply(op, x, y, result, out overflowed);
}
