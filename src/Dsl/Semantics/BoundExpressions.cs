using PolicyDsl.Dsl.Syntax;

namespace PolicyDsl.Dsl.Semantics;

/// <summary>A type-checked expression. Conditions have type Boolean; values any other.</summary>
public abstract record BoundExpression(DataType Type);

/// <summary>The truth of a boolean atom.</summary>
public sealed record BoundTruth(BoundAtom Atom) : BoundExpression(DataType.Boolean)
{
    public override string ToString() => Atom.ToString();
}

/// <summary>The value of a valued atom.</summary>
public sealed record BoundAtomValue(BoundAtom Atom) : BoundExpression(Atom.Relation.ValueType ?? DataType.Error)
{
    public override string ToString() => Atom.ToString();
}

public sealed record BoundLiteral(Value Value) : BoundExpression(Value.Type)
{
    public override string ToString() => Value.ToString();
}

public sealed record BoundVariable(VariableSymbol Variable) : BoundExpression(Variable.Type.DataType)
{
    public override string ToString() => Variable.Name;
}

public sealed record BoundNot(BoundExpression Operand) : BoundExpression(DataType.Boolean)
{
    public override string ToString() => Operand is BoundBinary ? $"not ({Operand})" : $"not {Operand}";
}

public sealed record BoundNegate(BoundExpression Operand) : BoundExpression(Operand.Type)
{
    public override string ToString() => $"-{Operand}";
}

public sealed record BoundBinary(BinaryOperator Operator, BoundExpression Left, BoundExpression Right, DataType ResultType) : BoundExpression(ResultType)
{
    public override string ToString()
    {
        static string Wrap(BoundExpression e, BinaryOperator parent) =>
            e is BoundBinary b && Precedence(b.Operator) < Precedence(parent) ? $"({e})" : e.ToString()!;
        return $"{Wrap(Left, Operator)} {Operator.Symbol()} {Wrap(Right, Operator)}";
    }

    private static int Precedence(BinaryOperator op) => op switch
    {
        BinaryOperator.Or => 0,
        BinaryOperator.And => 1,
        BinaryOperator.Add or BinaryOperator.Subtract => 3,
        BinaryOperator.Multiply or BinaryOperator.Divide => 4,
        _ => 2,
    };
}

/// <summary>Stands where an error was reported; evaluates to unknown.</summary>
public sealed record BoundError() : BoundExpression(DataType.Error)
{
    public static readonly BoundError Instance = new();

    public override string ToString() => "?";
}
