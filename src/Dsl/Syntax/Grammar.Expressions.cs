using System.Collections.Immutable;
using PolicyDsl.Dsl.Text;
using Sprache;
using static PolicyDsl.Dsl.Syntax.LexicalGrammar;

namespace PolicyDsl.Dsl.Syntax;

/// <summary>
/// The expression layer: atoms with their arguments, then the tower or &lt; and &lt; not &lt; comparison &lt; + - &lt;
/// * / &lt; unary minus. Chains (a and b and c, 1 + 2 + 3) are folded iteratively, so long conditions cannot
/// exhaust the stack.
/// </summary>
internal static class ExpressionGrammar
{
    //
    // The expression tower runs for every operand of every condition, so it is written as plain Sprache parser
    // delegates rather than LINQ queries: a query allocates fresh parser closures on every invocation, which made a
    // 100,000-rule file allocate gigabytes. Semantics are those of the combinators they replace (XMany, XOptional).

    internal static readonly string[] ValueExpectation = ["a value or a condition"];
    internal static readonly string[] CloseParenExpectation = ["')'"];
    internal static readonly string[] ArgumentEndExpectation = ["',' or ')'"];

    /// <summary>
    /// A failure of one parser as the failure of another: Sprache's results are not covariant, so a delegate that
    /// calls a sub-parser and fails with it has to re-wrap the failure (its remainder, message and expectations, which
    /// the error messages are built from). LINQ combinators do this internally; the delegates here do it by hand.
    /// </summary>
    internal static IResult<T> Propagate<T, TFrom>(IResult<TFrom> failure) => Result.Failure<T>(failure.Remainder, failure.Message, failure.Expectations);

    internal static readonly Parser<TextSpan> OpenParen = Symbol("(");
    internal static readonly Parser<TextSpan> CloseParen = Symbol(")");
    internal static readonly Parser<TextSpan> Comma = Symbol(",");
    internal static readonly Parser<Identifier> AtomWord = Name("a name");

    internal static readonly Parser<ImmutableArray<Expression>> Arguments = i =>
    {
        var open = OpenParen(i);
        if (!open.WasSuccessful)
        {
            return Propagate<ImmutableArray<Expression>, TextSpan>(open);
        }

        var close = CloseParen(open.Remainder);
        if (close.WasSuccessful)
        {
            return Result.Success(ImmutableArray<Expression>.Empty, close.Remainder);
        }

        var items = ImmutableArray.CreateBuilder<Expression>();
        var rest = open.Remainder;
        while (true)
        {
            var item = Expr!(rest);
            if (!item.WasSuccessful)
            {
                return Propagate<ImmutableArray<Expression>, Expression>(item);
            }

            items.Add(item.Value);
            rest = item.Remainder;
            var comma = Comma(rest);
            if (comma.WasSuccessful)
            {
                rest = comma.Remainder;
                continue;
            }

            close = CloseParen(rest);
            return close.WasSuccessful
                ? Result.Success(items.ToImmutable(), close.Remainder)
                : Result.Failure<ImmutableArray<Expression>>(rest, "unexpected input", ArgumentEndExpectation);
        }
    };

    public static readonly Parser<AtomSyntax> Atom = i =>
    {
        if (PeekName(i.Slice()) is not { } first)
        {
            return Propagate<AtomSyntax, Identifier>(AtomWord(i));
        }

        Identifier[] words = [first.Name];
        var rest = first.After;
        while (PeekName(rest) is { } next)
        {
            words = [.. words, next.Name];
            rest = next.After;
        }

        var end = words[^1].Span.End;
        ImmutableArray<Expression>? arguments = null;
        var input = rest;
        if (input.At(NextTokenStart(input)) == '(')
        {
            var args = Arguments(rest);
            if (!args.WasSuccessful)
            {
                return Propagate<AtomSyntax, ImmutableArray<Expression>>(args);
            }

            arguments = args.Value;
            rest = args.Remainder.Slice();
            end = rest.Position;
        }

        return Result.Success(new AtomSyntax(ImmutableArray.Create(words), arguments, TextSpan.FromBounds(first.Name.Span.Start, end)), rest);
    };

    /// <summary>A parenthesised condition, a literal, text or an atom, chosen by the next character.</summary>
    internal static readonly Parser<Expression> Primary = i =>
    {
        var input = i.Slice();
        var at = NextTokenStart(input);
        var c = input.At(at);
        if (c == '(')
        {
            var open = OpenParen(i);
            var inner = Expr!(open.Remainder);
            if (!inner.WasSuccessful)
            {
                return inner;
            }

            var close = CloseParen(inner.Remainder);
            return close.WasSuccessful
                ? Result.Success((Expression)new ParenthesizedExpression(inner.Value, TextSpan.FromBounds(at, close.Remainder.Position)), close.Remainder)
                : Result.Failure<Expression>(inner.Remainder, "unexpected input", CloseParenExpectation);
        }

        if (char.IsAsciiDigit(c) || c == '$' || (c == 'U' && input.At(at + 1) == 'S' && input.At(at + 2) == '$'))
        {
            var literal = Literal(i);
            return literal.WasSuccessful ? Result.Success((Expression)literal.Value, literal.Remainder) : Propagate<Expression, LiteralExpression>(literal);
        }

        if (c == '"')
        {
            var text = TextLiteral(i);
            return text.WasSuccessful
                ? Result.Success((Expression)new LiteralExpression(LiteralKind.Text, 0, default, text.Value.Value, text.Value.Span), text.Remainder)
                : Propagate<Expression, StringLiteral>(text);
        }

        if (StatementSplitter.IsWordStart(c))
        {
            var atom = Atom(i);
            if (atom.WasSuccessful)
            {
                return Result.Success((Expression)new AtomExpression(atom.Value), atom.Remainder);
            }

            // A keyword where a value belongs ("if then ...") is reported as a missing value, not a missing name.
            return atom.Remainder.Position == i.Position ? Result.Failure<Expression>(i, "unexpected input", ValueExpectation) : Propagate<Expression, AtomSyntax>(atom);
        }

        return Result.Failure<Expression>(i, "unexpected input", ValueExpectation);
    };

    /// <summary>Zero or more prefix operators, then an operand; folded so the innermost operator applies first.</summary>
    internal static Parser<Expression> Prefix(Func<SliceInput, (TextSpan Span, SliceInput After)?> op, UnaryOperator kind, Parser<Expression> operand) => i =>
    {
        List<TextSpan>? ops = null;
        var rest = i.Slice();
        while (op(rest) is { } found)
        {
            (ops ??= []).Add(found.Span);
            rest = found.After;
        }

        var inner = operand(rest);
        if (!inner.WasSuccessful || ops is null)
        {
            return inner;
        }

        var e = inner.Value;
        for (var k = ops.Count - 1; k >= 0; k--)
        {
            e = new UnaryExpression(kind, e, ops[k].Cover(e.Span));
        }

        return Result.Success(e, inner.Remainder);
    };

    /// <summary>operand (op operand)*, left-associative; an operator not followed by an operand is an error.</summary>
    internal static Parser<Expression> LeftChain(Func<SliceInput, (BinaryOperator Op, SliceInput After)?> op, Parser<Expression> operand) => i =>
    {
        var first = operand(i);
        if (!first.WasSuccessful)
        {
            return first;
        }

        var left = first.Value;
        var rest = first.Remainder.Slice();
        while (op(rest) is { } found)
        {
            var right = operand(found.After);
            if (!right.WasSuccessful)
            {
                return right;
            }

            left = new BinaryExpression(found.Op, left, right.Value, left.Span.Cover(right.Value.Span));
            rest = right.Remainder.Slice();
        }

        return Result.Success(left, rest);
    };


    internal static (BinaryOperator Op, SliceInput After)? SymbolOperator(SliceInput input, char a, BinaryOperator opA, char b, BinaryOperator opB)
    {
        var at = NextTokenStart(input);
        var c = input.At(at);
        return c == a ? (opA, input.MoveTo(at + 1)) : c == b ? (opB, input.MoveTo(at + 1)) : null;
    }

    internal static (BinaryOperator Op, SliceInput After)? KeywordOperator(SliceInput input, string word, BinaryOperator op) =>
        IsKeyword(input, word, out var found) ? (op, found.After) : null;

    internal static (TextSpan Span, SliceInput After)? MinusSign(SliceInput input)
    {
        var at = NextTokenStart(input);
        return input.At(at) == '-' ? (new TextSpan(at, 1), input.MoveTo(at + 1)) : null;
    }

    internal static (TextSpan Span, SliceInput After)? NotWord(SliceInput input) =>
        IsKeyword(input, "not", out var word) ? (TextSpan.FromBounds(word.Start, word.End), word.After) : null;

    internal static (BinaryOperator Op, SliceInput After)? ComparisonOperatorAt(SliceInput input)
    {
        var at = NextTokenStart(input);
        var c = input.At(at);
        var next = input.At(at + 1);
        return (c, next) switch
        {
            ('<', '=') => (BinaryOperator.LessOrEqual, input.MoveTo(at + 2)),
            ('>', '=') => (BinaryOperator.GreaterOrEqual, input.MoveTo(at + 2)),
            ('!', '=') => (BinaryOperator.NotEqual, input.MoveTo(at + 2)),
            ('<', _) => (BinaryOperator.Less, input.MoveTo(at + 1)),
            ('>', _) => (BinaryOperator.Greater, input.MoveTo(at + 1)),
            ('=', _) => (BinaryOperator.Equal, input.MoveTo(at + 1)),
            _ => null,
        };
    }

    internal static readonly Parser<Expression> Negation = Prefix(MinusSign, UnaryOperator.Minus, Primary);

    internal static readonly Parser<Expression> Product = LeftChain(i => SymbolOperator(i, '*', BinaryOperator.Multiply, '/', BinaryOperator.Divide), Negation);

    public static readonly Parser<Expression> Sum = LeftChain(i => SymbolOperator(i, '+', BinaryOperator.Add, '-', BinaryOperator.Subtract), Product);

    /// <summary>At most one comparison: <c>a &lt; b &lt; c</c> is an error, not a chain.</summary>
    internal static readonly Parser<Expression> Comparison = i =>
    {
        var left = Sum(i);
        if (!left.WasSuccessful || ComparisonOperatorAt(left.Remainder.Slice()) is not { } op)
        {
            return left;
        }

        var right = Sum(op.After);
        return right.WasSuccessful
            ? Result.Success((Expression)new BinaryExpression(op.Op, left.Value, right.Value, left.Value.Span.Cover(right.Value.Span)), right.Remainder)
            : right;
    };

    internal static readonly Parser<Expression> NotExpression = Prefix(NotWord, UnaryOperator.Not, Comparison);

    internal static readonly Parser<Expression> Conjunction = LeftChain(i => KeywordOperator(i, "and", BinaryOperator.And), NotExpression);

    /// <summary>A condition or value: or &lt; and &lt; not &lt; comparison &lt; + - &lt; * / &lt; unary minus.</summary>
    public static readonly Parser<Expression> Expr = LeftChain(i => KeywordOperator(i, "or", BinaryOperator.Or), Conjunction);
}
