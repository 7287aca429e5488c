using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Dsl.Syntax;

namespace PolicyDsl.Dsl.Semantics;

internal sealed partial class Binder
{
    /// <summary>Binds something that must be true, false or unknown.</summary>
    private BoundExpression BindCondition(Expression expression, Scope scope)
    {
        switch (expression)
        {
            case ParenthesizedExpression paren:
                return BindCondition(paren.Inner, scope);
            case UnaryExpression { Operator: UnaryOperator.Not } not:
                return new BoundNot(BindCondition(not.Operand, scope));
            case BinaryExpression { Operator: BinaryOperator.And or BinaryOperator.Or } logical:
                return new BoundBinary(logical.Operator, BindCondition(logical.Left, scope), BindCondition(logical.Right, scope), DataType.Boolean);
            case BinaryExpression binary when binary.Operator.IsComparison():
                return BindComparison(binary, scope);
            case AtomExpression atomExpression:
                return BindTruth(atomExpression, scope);
            default:
                Report(DiagnosticCatalog.TruthValueMisuse, expression.Span,
                    $"'{expression}' is a value, not a condition; compare it with something, e.g. {expression} > 0");
                return BoundError.Instance;
        }
    }

    private BoundExpression BindTruth(AtomExpression atomExpression, Scope scope)
    {
        var syntax = atomExpression.Atom;
        if (syntax.IsSingleWord)
        {
            var word = syntax.Words[0];
            if (scope.Find(word.Name) is not null || model.Constants.ContainsKey(word.Name) || (model.Levels.ContainsKey(word.Name) && !model.Relations.ContainsKey(word.Name)))
            {
                Report(DiagnosticCatalog.TruthValueMisuse, word.Span, $"'{word.Name}' is a value, not a condition; compare it, e.g. x = {word.Name}");
                return BoundError.Instance;
            }
        }

        var atom = UseAtom(syntax, scope);
        if (atom is null)
        {
            return BoundError.Instance;
        }

        if (atom.Relation.IsValued)
        {
            var example = atom.Relation.ValueType!.Kind == ValueKind.Level && model.Scales.TryGetValue(atom.Relation.ValueType.Domain!, out var scale)
                ? $"{atom} >= {scale.Levels[^1].Name}"
                : $"{atom} = ...";
            Report(DiagnosticCatalog.TruthValueMisuse, syntax.Span,
                $"'{atom.Relation.Name}' holds {atom.Relation.ValueType!.Describe()}, so it is not true or false by itself; compare it, e.g. {example}");
            return BoundError.Instance;
        }

        return new BoundTruth(atom);
    }

    private BoundExpression BindComparison(BinaryExpression binary, Scope scope)
    {
        // A bare level shared by two scales takes its scale from the other side, so bind that side first.
        BoundExpression left, right;
        if (IsAmbiguousLevel(binary.Left))
        {
            right = BindValue(binary.Right, scope, null);
            left = BindValue(binary.Left, scope, right.Type);
        }
        else
        {
            left = BindValue(binary.Left, scope, null);
            right = BindValue(binary.Right, scope, left.Type);
        }

        if (left.Type.Kind == ValueKind.Error || right.Type.Kind == ValueKind.Error)
        {
            return BoundError.Instance;
        }

        if (left.Type != right.Type)
        {
            Report(DiagnosticCatalog.UnitMismatch, binary.Span,
                $"cannot compare {left.Type.Describe()} ('{binary.Left}') with {right.Type.Describe()} ('{binary.Right}'); compare values of the same kind");
            return BoundError.Instance;
        }

        if (binary.Operator is not (BinaryOperator.Equal or BinaryOperator.NotEqual) && !left.Type.IsOrdered)
        {
            Report(DiagnosticCatalog.NotOrdered, binary.Span,
                $"{left.Type.Describe()} has no order, so only = and != apply; to order values, declare a scale (scale name = low < high)");
            return BoundError.Instance;
        }

        return new BoundBinary(binary.Operator, left, right, DataType.Boolean);
    }

    private bool IsAmbiguousLevel(Expression expression) =>
        expression is AtomExpression { Atom.IsSingleWord: true } word && model.Levels.TryGetValue(word.Atom.Words[0].Name, out var levels) && levels.Count > 1;

    /// <summary>Binds something that has a value (number, amount, level, ...).</summary>
    private BoundExpression BindValue(Expression expression, Scope scope, DataType? expected)
    {
        switch (expression)
        {
            case ParenthesizedExpression paren:
                return BindValue(paren.Inner, scope, expected);
            case LiteralExpression literal:
                return new BoundLiteral(LiteralValue(literal));
            case UnaryExpression { Operator: UnaryOperator.Minus } minus:
                var operand = BindValue(minus.Operand, scope, expected);
                if (operand.Type.Kind != ValueKind.Error && !operand.Type.IsNumeric)
                {
                    Report(DiagnosticCatalog.UnitMismatch, minus.Span, $"cannot negate {operand.Type.Describe()}; only numbers, percentages and money have a sign");
                    return BoundError.Instance;
                }

                return operand is BoundLiteral lit ? new BoundLiteral(lit.Value with { Number = -lit.Value.Number }) : new BoundNegate(operand);
            case BinaryExpression binary when binary.Operator.IsArithmetic():
                return BindArithmetic(binary, scope);
            case AtomExpression { Atom.IsSingleWord: true } word when !model.Relations.ContainsKey(word.Atom.Words[0].Name):
                return BindWordValue(word.Atom.Words[0], scope, expected);
            case AtomExpression atomExpression:
                var atom = UseAtom(atomExpression.Atom, scope);
                if (atom is null)
                {
                    return BoundError.Instance;
                }

                if (!atom.Relation.IsValued)
                {
                    Report(DiagnosticCatalog.TruthValueMisuse, atomExpression.Span,
                        $"'{atom.Relation.Name}' is true or false and has no value to compare or compute with; use it as a condition (and, or, not)");
                    return BoundError.Instance;
                }

                return new BoundAtomValue(atom);
            default:
                Report(DiagnosticCatalog.TruthValueMisuse, expression.Span,
                    $"'{expression}' is a condition, not a value; conditions combine with and, or and not");
                return BoundError.Instance;
        }
    }

    private BoundExpression BindWordValue(Identifier word, Scope scope, DataType? expected)
    {
        if (scope.Find(word.Name) is { } variable)
        {
            Refer(ReferenceKind.Variable, word.Name, word.Span, owner: scope.Owner);
            return new BoundVariable(variable);
        }

        if (model.Constants.TryGetValue(word.Name, out var constant))
        {
            Refer(ReferenceKind.Constant, constant.Name, word.Span);
            return new BoundLiteral(constant.Value);
        }

        if (ResolveLevel(word, expected, report: true, out var isLevel) is { } level)
        {
            Refer(ReferenceKind.Level, level.Name, word.Span, owner: level.Scale.Name);
            return new BoundLiteral(level.Value);
        }

        if (!isLevel)
        {
            var suggestion = Suggest(word.Name, model.Levels.Keys.Concat(model.Constants.Keys).Concat(model.Relations.Keys).Concat(scope.Variables.Select(v => v.Name)));
            Report(DiagnosticCatalog.UndefinedName, word.Span, suggestion is not null
                ? $"'{word.Name}' is not a declared level, constant, relation or variable; did you mean '{suggestion}'?{OrCorrectThere(suggestion)}"
                : $"'{word.Name}' is not a declared level, constant, relation or variable; declare it in a scale or type, or state it as a premise");
        }

        return BoundError.Instance;
    }

    private BoundExpression BindArithmetic(BinaryExpression binary, Scope scope)
    {
        var left = BindValue(binary.Left, scope, null);
        var right = BindValue(binary.Right, scope, left.Type);
        if (left.Type.Kind == ValueKind.Error || right.Type.Kind == ValueKind.Error)
        {
            return BoundError.Instance;
        }

        var result = ValueArithmetic.ResultType(binary.Operator, left.Type, right.Type);
        if (result is null)
        {
            Report(DiagnosticCatalog.UnitMismatch, binary.Span,
                $"cannot compute {left.Type.Describe()} {binary.Operator.Symbol()} {right.Type.Describe()} ('{binary}'); arithmetic works on numbers, percentages and money of the same kind, and scales them by plain numbers");
            return BoundError.Instance;
        }

        return new BoundBinary(binary.Operator, left, right, result);
    }
}
