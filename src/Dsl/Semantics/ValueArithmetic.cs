using PolicyDsl.Dsl.Syntax;

namespace PolicyDsl.Dsl.Semantics;

/// <summary>
/// Arithmetic on values, in one place: the units rule the binder checks (<see cref="ResultType"/>) and the computation
/// the engine and the REPL's C# both use (<see cref="Apply"/>), so a figure computed in a rule and one computed in C#
/// over the same premises are the same.
/// </summary>
public static class ValueArithmetic
{
    /// <summary>The units rule: same kinds add; plain numbers scale; a kind divided by itself is a plain number; a percentage of money is money.</summary>
    public static DataType? ResultType(BinaryOperator op, DataType left, DataType right)
    {
        if (!left.IsNumeric || !right.IsNumeric)
        {
            return null;
        }

        return op switch
        {
            BinaryOperator.Add or BinaryOperator.Subtract => left == right ? left : null,
            BinaryOperator.Multiply when left == DataType.Number => right,
            BinaryOperator.Multiply when right == DataType.Number => left,
            BinaryOperator.Multiply when left == DataType.Percent && right == DataType.Money => DataType.Money,
            BinaryOperator.Multiply when left == DataType.Money && right == DataType.Percent => DataType.Money,
            BinaryOperator.Divide when right == DataType.Number => left,
            BinaryOperator.Divide when left == right => DataType.Number,
            _ => null,
        };
    }

    /// <summary>
    /// The value of <c>x op y</c> of type <paramref name="result"/> (from <see cref="ResultType"/>); null for a division
    /// by zero, and for a result past what a decimal holds (<paramref name="overflowed"/> then says so).
    /// </summary>
    public static Value? Apply(BinaryOperator op, Value x, Value y, DataType result, out bool overflowed)
    {
        overflowed = false;
        var a = x.Kind == ValueKind.Percent && result.Kind == ValueKind.Money ? x.Number / 100 : x.Number;
        var b = y.Kind == ValueKind.Percent && result.Kind == ValueKind.Money ? y.Number / 100 : y.Number;
        try
        {
            decimal? n = op switch
            {
                BinaryOperator.Add => a + b,
                BinaryOperator.Subtract => a - b,
                BinaryOperator.Multiply => a * b,
                BinaryOperator.Divide when b != 0 => a / b,
                _ => null,
            };
            return n is { } number ? Value.OfNumber(result.Kind, decimal.Round(number, 12)) : null;
        }
        catch (OverflowException)
        {
            overflowed = true;
            return null;
        }
    }

    /// <summary><c>x op y</c> for C# over the model: the same units rule and computation, or an exception that says why not.</summary>
    internal static Value Operate(BinaryOperator op, Value x, Value y)
    {
        var result = ResultType(op, x.Type, y.Type)
            ?? throw new InvalidOperationException($"{x} {op.Symbol()} {y}: {x.Type.Describe()} and {y.Type.Describe()} do not combine so (the units rule: same kinds add and subtract, plain numbers scale)");
        return Apply(op, x, y, result, out var overflowed)
            ?? throw new InvalidOperationException(overflowed ? $"{x} {op.Symbol()} {y} is past the largest number PolicyDsl computes with" : $"{x} {op.Symbol()} {y}: division by zero");
    }

    /// <summary>Orders two values of one ordered type, or says why they do not compare.</summary>
    internal static int Compare(Value x, Value y) => x.Type == y.Type && x.Type.IsOrdered
        ? x.CompareTo(y)
        : throw new InvalidOperationException($"{x} and {y} do not compare: {x.Type.Describe()} and {y.Type.Describe()}{(x.Type == y.Type ? " have no order" : string.Empty)}");
}
