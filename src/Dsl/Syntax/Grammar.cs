using System.Collections.Immutable;
using System.Globalization;
using PolicyDsl.Dsl.Text;
using Sprache;

namespace PolicyDsl.Dsl.Syntax;

/// <summary>
/// The Sprache grammar of one statement: a field per production. The lexical level (words, numbers, text,
/// symbols) is written by hand over <see cref="SliceInput"/>; everything above it is Sprache combinators.
/// Expectation names are the words an analyst reads in an error ("expected 'then', found 'than'").
/// Chains (a and b and c, 1 + 2 + 3) are folded iteratively, so long conditions cannot exhaust the stack.
/// </summary>
internal static class Grammar
{
    private static IReadOnlySet<string> ReservedWords => Lexicon.ReservedWords;

    private readonly record struct Token(string Text, TextSpan Span);

    // ------------------------------------------------------------ lexical level

    private static int SkipTrivia(SliceInput input)
    {
        var i = input.Position;
        while (i < input.End)
        {
            var c = input.Source[i];
            if (c is ' ' or '\t' or '\r' or '\n' or '\f' or '\uFEFF')
            {
                i++;
            }
            else if (c == '/' && input.At(i + 1) == '/')
            {
                while (i < input.End && input.Source[i] != '\n')
                {
                    i++;
                }
            }
            else
            {
                break;
            }
        }

        return i;
    }

    /// <summary>
    /// A failure at <paramref name="at"/>. Where nothing was recognised this must be the input's own position (not the
    /// next token's), or Sprache's XOptional/XMany would take the skipped white space for consumed input.
    /// </summary>
    private static IResult<T> Fail<T>(SliceInput input, int at, string expectation) =>
        Result.Failure<T>(input.MoveTo(at), "unexpected input", [expectation]);

    /// <summary>Any word, keywords included.</summary>
    private static readonly string[] NameExpectation = ["a name"];

    /// <summary>The word at the next token, read once per input position and allocating nothing after; empty text if none.</summary>
    private static (string Text, int Start, int End, SliceInput After) PeekWord(SliceInput input)
    {
        if (input.WordCache is { } cached)
        {
            return cached;
        }

        var start = SkipTrivia(input);
        var p = start;
        if (!StatementSplitter.IsWordStart(input.At(p)))
        {
            input.WordCache = (string.Empty, start, start, input);
            return input.WordCache.Value;
        }

        while (p < input.End && StatementSplitter.IsWordPart(input.Source[p]))
        {
            p++;
        }

        input.WordCache = (input.Source[start..p], start, p, input.MoveTo(p));
        return input.WordCache.Value;
    }

    private static readonly Parser<Token> AnyWord = i =>
    {
        var input = (SliceInput)i;
        var word = PeekWord(input);
        return word.Text.Length == 0
            ? Result.Failure<Token>(input, "unexpected input", NameExpectation)
            : Result.Success(new Token(word.Text, TextSpan.FromBounds(word.Start, word.End)), word.After);
    };

    /// <summary>The next word if it is not reserved, as an identifier; nothing allocated when it is not.</summary>
    private static (Identifier Name, SliceInput After)? PeekName(SliceInput input)
    {
        var word = PeekWord(input);
        return word.Text.Length == 0 || ReservedWords.Contains(word.Text)
            ? null
            : (new Identifier(word.Text, TextSpan.FromBounds(word.Start, word.End)), word.After);
    }

    private static bool IsKeyword(SliceInput input, string keyword, out (string Text, int Start, int End, SliceInput After) word)
    {
        word = PeekWord(input);
        return word.Text == keyword;
    }

    private static Parser<Identifier> Name(string expectation)
    {
        string[] expected = [expectation];
        return i =>
        {
            var result = AnyWord(i);
            if (!result.WasSuccessful || ReservedWords.Contains(result.Value.Text))
            {
                return Result.Failure<Identifier>(i, "unexpected input", expected);
            }

            return Result.Success(new Identifier(result.Value.Text, result.Value.Span), result.Remainder);
        };
    }

    /// <summary>A keyword or a contextual word such as <c>probability</c>; matched as a whole word.</summary>
    public static Parser<TextSpan> Keyword(string word)
    {
        string[] expected = [$"'{word}'"];
        return i =>
        {
            var result = AnyWord(i);
            return result.WasSuccessful && result.Value.Text == word
                ? Result.Success(result.Value.Span, result.Remainder)
                : Result.Failure<TextSpan>(i, "unexpected input", expected);
        };
    }

    private static Parser<TextSpan> Symbol(string symbol)
    {
        string[] expected = [$"'{symbol}'"];
        return i =>
        {
            var input = (SliceInput)i;
            var start = input.WordCache?.Start ?? SkipTrivia(input);
            for (var k = 0; k < symbol.Length; k++)
            {
                if (input.At(start + k) != symbol[k])
                {
                    return Result.Failure<TextSpan>(input, "unexpected input", expected);
                }
            }

            return Result.Success(new TextSpan(start, symbol.Length), input.MoveTo(start + symbol.Length));
        };
    }

    private static readonly Parser<StringLiteral> Text = i =>
    {
        var input = (SliceInput)i;
        var start = SkipTrivia(input);
        if (input.At(start) != '"')
        {
            return Fail<StringLiteral>(input, input.Position, "text in double quotes");
        }

        var builder = new System.Text.StringBuilder();
        var p = start + 1;
        while (p < input.End && input.Source[p] != '"' && input.Source[p] != '\n')
        {
            if (input.Source[p] == '\\' && p + 1 < input.End)
            {
                p++;
            }

            builder.Append(input.Source[p]);
            p++;
        }

        if (input.At(p) != '"')
        {
            return Fail<StringLiteral>(input, p, "a closing quote");
        }

        return Result.Success(new StringLiteral(builder.ToString(), TextSpan.FromBounds(start, p + 1)), input.MoveTo(p + 1));
    };

    private static readonly Dictionary<string, decimal> MoneyWords = new(StringComparer.Ordinal)
    {
        ["K"] = 1e3m,
        ["M"] = 1e6m,
        ["B"] = 1e9m,
        ["T"] = 1e12m,
        ["thousand"] = 1e3m,
        ["million"] = 1e6m,
        ["billion"] = 1e9m,
        ["trillion"] = 1e12m,
    };

    /// <summary>Numbers, percentages (57%), money ($237B, $1.2T, US$237 billion) and dates (2025-10-30).</summary>
    private static readonly Parser<LiteralExpression> Literal = i =>
    {
        var input = (SliceInput)i;
        var start = SkipTrivia(input);
        var p = start;
        var money = false;
        if (input.At(p) == '$')
        {
            money = true;
            p++;
        }
        else if (input.At(p) == 'U' && input.At(p + 1) == 'S' && input.At(p + 2) == '$')
        {
            money = true;
            p += 3;
        }

        var digitsStart = p;
        while (char.IsAsciiDigit(input.At(p)))
        {
            p++;
        }

        if (p == digitsStart)
        {
            return Fail<LiteralExpression>(input, money ? p : input.Position, money ? "an amount after '$'" : "a value");
        }

        // A date is exactly yyyy-mm-dd; anything else with '-' is subtraction.
        if (!money && p - digitsStart == 4 && input.At(p) == '-' && char.IsAsciiDigit(input.At(p + 1)) && char.IsAsciiDigit(input.At(p + 2))
            && input.At(p + 3) == '-' && char.IsAsciiDigit(input.At(p + 4)) && char.IsAsciiDigit(input.At(p + 5)) && !StatementSplitter.IsWordPart(input.At(p + 6)))
        {
            var dateText = input.Source.Substring(start, 10);
            var span = new TextSpan(start, 10);
            if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return Fail<LiteralExpression>(input, start, "a real calendar date (yyyy-mm-dd)");
            }

            return Result.Success(new LiteralExpression(LiteralKind.Date, 0, date, dateText, span), input.MoveTo(start + 10));
        }

        if (input.At(p) == '.' && char.IsAsciiDigit(input.At(p + 1)))
        {
            p++;
            while (char.IsAsciiDigit(input.At(p)))
            {
                p++;
            }
        }

        if (!decimal.TryParse(input.Source.AsSpan(digitsStart, p - digitsStart), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return Fail<LiteralExpression>(input, start, "a number of at most 28 digits");
        }

        if (money)
        {
            // A scale word may follow directly ($237B) or after a space ($127 billion).
            var q = p;
            while (input.At(q) == ' ')
            {
                q++;
            }

            var w = q;
            while (char.IsAsciiLetter(input.At(w)))
            {
                w++;
            }

            var word = input.Source[q..w];
            if (word.Length > 0 && MoneyWords.TryGetValue(word, out var factor) && (q == p || word.Length > 1))
            {
                number *= factor;
                p = w;
            }

            return Result.Success(new LiteralExpression(LiteralKind.Money, number, default, input.Source[start..p], TextSpan.FromBounds(start, p)), input.MoveTo(p));
        }

        if (input.At(p) == '%')
        {
            p++;
            return Result.Success(new LiteralExpression(LiteralKind.Percent, number, default, input.Source[start..p], TextSpan.FromBounds(start, p)), input.MoveTo(p));
        }

        if (StatementSplitter.IsWordStart(input.At(p)))
        {
            return Fail<LiteralExpression>(input, p, "a space after the number");
        }

        return Result.Success(new LiteralExpression(LiteralKind.Number, number, default, input.Source[start..p], TextSpan.FromBounds(start, p)), input.MoveTo(p));
    };

    /// <summary>An anchor after '#': letters, digits, '-' and '_'.</summary>
    private static readonly Parser<StringLiteral> Anchor = i =>
    {
        var input = (SliceInput)i;
        if (input.At(input.Position) != '#')
        {
            return Fail<StringLiteral>(input, input.Position, "'#'");
        }

        var p = input.Position + 1;
        while (StatementSplitter.IsWordPart(input.At(p)) || input.At(p) == '-')
        {
            p++;
        }

        if (p == input.Position + 1)
        {
            return Fail<StringLiteral>(input, p, "a claim anchor after '#'");
        }

        return Result.Success(new StringLiteral(input.Source[(input.Position + 1)..p], TextSpan.FromBounds(input.Position, p)), input.MoveTo(p));
    };

    private static Parser<T> Spanned<T>(Parser<Func<TextSpan, T>> parser) => i =>
    {
        var input = (SliceInput)i;
        var start = SkipTrivia(input);
        var result = parser(i);
        if (!result.WasSuccessful)
        {
            return Result.Failure<T>(result.Remainder, result.Message, result.Expectations);
        }

        return Result.Success(result.Value(TextSpan.FromBounds(start, result.Remainder.Position)), result.Remainder);
    };

    private static Parser<ImmutableArray<T>> CommaList<T>(Parser<T> item) =>
        from first in item
        from rest in Symbol(",").Then(_ => item).XMany()
        select ImmutableArray.Create(first).AddRange(rest);

    // ------------------------------------------------------------ expressions
    //
    // The expression tower runs for every operand of every condition, so it is written as plain Sprache parser
    // delegates rather than LINQ queries: a query allocates fresh parser closures on every invocation, which made a
    // 100,000-rule file allocate gigabytes. Semantics are those of the combinators they replace (XMany, XOptional).

    private static readonly string[] ValueExpectation = ["a value or a condition"];
    private static readonly string[] CloseParenExpectation = ["')'"];
    private static readonly string[] ArgumentEndExpectation = ["',' or ')'"];

    private static IResult<T> Propagate<T, TFrom>(IResult<TFrom> failure) => Result.Failure<T>(failure.Remainder, failure.Message, failure.Expectations);

    private static readonly Parser<TextSpan> OpenParen = Symbol("(");
    private static readonly Parser<TextSpan> CloseParen = Symbol(")");
    private static readonly Parser<TextSpan> Comma = Symbol(",");
    private static readonly Parser<Identifier> AtomWord = Name("a name");

    private static readonly Parser<ImmutableArray<Expression>> Arguments = i =>
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
        if (PeekName((SliceInput)i) is not { } first)
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
        if (input.At(input.WordCache?.Start ?? SkipTrivia(input)) == '(')
        {
            var args = Arguments(rest);
            if (!args.WasSuccessful)
            {
                return Propagate<AtomSyntax, ImmutableArray<Expression>>(args);
            }

            arguments = args.Value;
            rest = (SliceInput)args.Remainder;
            end = rest.Position;
        }

        return Result.Success(new AtomSyntax(ImmutableArray.Create(words), arguments, TextSpan.FromBounds(first.Name.Span.Start, end)), rest);
    };

    /// <summary>A parenthesised condition, a literal, text or an atom, chosen by the next character.</summary>
    private static readonly Parser<Expression> Primary = i =>
    {
        var input = (SliceInput)i;
        var at = input.WordCache?.Start ?? SkipTrivia(input);
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
            var text = Text(i);
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
    private static Parser<Expression> Prefix(Func<SliceInput, (TextSpan Span, SliceInput After)?> op, UnaryOperator kind, Parser<Expression> operand) => i =>
    {
        List<TextSpan>? ops = null;
        var rest = (SliceInput)i;
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
    private static Parser<Expression> LeftChain(Func<SliceInput, (BinaryOperator Op, SliceInput After)?> op, Parser<Expression> operand) => i =>
    {
        var first = operand(i);
        if (!first.WasSuccessful)
        {
            return first;
        }

        var left = first.Value;
        var rest = (SliceInput)first.Remainder;
        while (op(rest) is { } found)
        {
            var right = operand(found.After);
            if (!right.WasSuccessful)
            {
                return right;
            }

            left = new BinaryExpression(found.Op, left, right.Value, left.Span.Cover(right.Value.Span));
            rest = (SliceInput)right.Remainder;
        }

        return Result.Success(left, rest);
    };

    private static int NextTokenStart(SliceInput input) => input.WordCache?.Start ?? SkipTrivia(input);

    private static (BinaryOperator Op, SliceInput After)? SymbolOperator(SliceInput input, char a, BinaryOperator opA, char b, BinaryOperator opB)
    {
        var at = NextTokenStart(input);
        var c = input.At(at);
        return c == a ? (opA, input.MoveTo(at + 1)) : c == b ? (opB, input.MoveTo(at + 1)) : null;
    }

    private static (BinaryOperator Op, SliceInput After)? KeywordOperator(SliceInput input, string word, BinaryOperator op) =>
        IsKeyword(input, word, out var found) ? (op, found.After) : null;

    private static (TextSpan Span, SliceInput After)? MinusSign(SliceInput input)
    {
        var at = NextTokenStart(input);
        return input.At(at) == '-' ? (new TextSpan(at, 1), input.MoveTo(at + 1)) : null;
    }

    private static (TextSpan Span, SliceInput After)? NotWord(SliceInput input) =>
        IsKeyword(input, "not", out var word) ? (TextSpan.FromBounds(word.Start, word.End), word.After) : null;

    private static (BinaryOperator Op, SliceInput After)? ComparisonOperatorAt(SliceInput input)
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

    private static readonly Parser<Expression> Negation = Prefix(MinusSign, UnaryOperator.Minus, Primary);

    private static readonly Parser<Expression> Product = LeftChain(i => SymbolOperator(i, '*', BinaryOperator.Multiply, '/', BinaryOperator.Divide), Negation);

    public static readonly Parser<Expression> Sum = LeftChain(i => SymbolOperator(i, '+', BinaryOperator.Add, '-', BinaryOperator.Subtract), Product);

    /// <summary>At most one comparison: <c>a &lt; b &lt; c</c> is an error, not a chain.</summary>
    private static readonly Parser<Expression> Comparison = i =>
    {
        var left = Sum(i);
        if (!left.WasSuccessful || ComparisonOperatorAt((SliceInput)left.Remainder) is not { } op)
        {
            return left;
        }

        var right = Sum(op.After);
        return right.WasSuccessful
            ? Result.Success((Expression)new BinaryExpression(op.Op, left.Value, right.Value, left.Value.Span.Cover(right.Value.Span)), right.Remainder)
            : right;
    };

    private static readonly Parser<Expression> NotExpression = Prefix(NotWord, UnaryOperator.Not, Comparison);

    private static readonly Parser<Expression> Conjunction = LeftChain(i => KeywordOperator(i, "and", BinaryOperator.And), NotExpression);

    /// <summary>A condition or value: or &lt; and &lt; not &lt; comparison &lt; + - &lt; * / &lt; unary minus.</summary>
    public static readonly Parser<Expression> Expr = LeftChain(i => KeywordOperator(i, "or", BinaryOperator.Or), Conjunction);

    // ------------------------------------------------------------ statements
    //
    // Every parser a query refers to after its first 'from' is a field: in query syntax those clauses are lambdas,
    // and a parser built inside one (Keyword("not").Optional()) would be rebuilt, with its strings, on every parse.

    private static readonly Parser<TextSpan> Equal = Symbol("=");
    private static readonly Parser<TextSpan> FactKeyword = Keyword("fact");
    private static readonly Parser<TextSpan> RuleKeyword = Keyword("rule");
    private static readonly Parser<TextSpan> Colon = Symbol(":");
    private static readonly Parser<TextSpan> Bar = Symbol("|");
    private static readonly Parser<TextSpan> LessThan = Symbol("<");
    private static readonly Parser<TextSpan> OpenBracket = Symbol("[");
    private static readonly Parser<TextSpan> CloseBracket = Symbol("]");
    private static readonly Parser<TextSpan> OpenBrace = Symbol("{");
    private static readonly Parser<TextSpan> NotKeyword = Keyword("not");
    private static readonly Parser<TextSpan> OnKeyword = Keyword("on");
    private static readonly Parser<TextSpan> ThenKeyword = Keyword("then");
    private static readonly Parser<TextSpan> ProbabilityKeyword = Keyword("probability");
    private static readonly Parser<TextSpan> SourcesKeyword = Keyword("sources");
    private static readonly Parser<TextSpan> ScenariosKeyword = Keyword("scenarios");
    private static readonly Parser<TextSpan> ScenarioKeyword = Keyword("scenario");
    private static readonly Parser<IOption<TextSpan>> OptionalNot = NotKeyword.Optional();
    private static readonly Parser<IOption<TextSpan>> OptionalColon = Colon.Optional();
    private static readonly Parser<IOption<Expression>> OptionalValue = Equal.Then(_ => Sum).XOptional();
    private static readonly Parser<Identifier> SourceName = Name("a source name (declared with: source name = \"path\")");
    private static readonly Parser<IOption<StringLiteral>> OptionalAnchor = Anchor.Optional();
    private static readonly Parser<IOption<StringLiteral>> OptionalText = Text.Optional();

    private static readonly Parser<Citation> Citation = Spanned(
        from per in Keyword("per")
        from source in SourceName
        from anchor in OptionalAnchor
        from quote in OptionalText
        select (Func<TextSpan, Citation>)(span => new Citation(source, anchor.GetOrDefault(), quote.GetOrDefault(), span)));

    private static readonly Parser<IOption<Citation>> OptionalCitation = Citation.XOptional();
    private static readonly Parser<IOption<TextSpan>> RequiresSources = Keyword("requires").Then(_ => SourcesKeyword).Optional();

    private static readonly Parser<Statement> Argument = Spanned(
        from kw in Keyword("argument")
        from title in Text
        from requires in RequiresSources
        select (Func<TextSpan, Statement>)(span => new ArgumentStatement(title, requires.IsDefined, span)));

    private static readonly Parser<Identifier> SourceDeclarationName = Name("a name for the source");

    private static readonly Parser<Statement> Source = Spanned(
        from kw in Keyword("source")
        from name in SourceDeclarationName
        from eq in Equal
        from path in Text
        select (Func<TextSpan, Statement>)(span => new SourceStatement(name, path, span)));

    private static readonly Parser<Statement> Import = Spanned(
        from kw in Keyword("import")
        from path in Text
        select (Func<TextSpan, Statement>)(span => new ImportStatement(path, span)));

    private static readonly Parser<Identifier> AdjectiveName = Name("an adjective, as in Russia (Russian)");
    private static readonly Parser<IOption<Identifier>> OptionalAdjective =
        (from open in OpenParen from adj in AdjectiveName from close in CloseParen select adj).XOptional();

    private static readonly Parser<TypeMember> TypeMember = Spanned(
        from name in Name("a constant name")
        from adjective in OptionalAdjective
        select (Func<TextSpan, TypeMember>)(span => new TypeMember(name, adjective.GetOrDefault(), span)));

    private static readonly Parser<Identifier> TypeName = Name("a type name");
    private static readonly Parser<IEnumerable<TypeMember>> MoreMembers = Bar.Then(_ => TypeMember).XMany();

    private static readonly Parser<Statement> Type = Spanned(
        from kw in Keyword("type")
        from name in TypeName
        from eq in Equal
        from first in TypeMember
        from rest in MoreMembers
        select (Func<TextSpan, Statement>)(span => new TypeStatement(name, [first, .. rest], span)));

    private static readonly Parser<Identifier> ScaleName = Name("a scale name");
    private static readonly Parser<Identifier> LevelName = Name("a level name");
    private static readonly Parser<IEnumerable<Identifier>> MoreLevels = LessThan.Then(_ => LevelName).XMany();

    private static readonly Parser<Statement> Scale = Spanned(
        from kw in Keyword("scale")
        from name in ScaleName
        from eq in Equal
        from first in LevelName
        from rest in MoreLevels
        select (Func<TextSpan, Statement>)(span => new ScaleStatement(name, [first, .. rest], span)));

    /// <summary><c>fact [not] atom [= value] [per ...]</c>, written out: premises are the bulk of large files.</summary>
    private static readonly Parser<Statement> Fact = i =>
    {
        var start = NextTokenStart((SliceInput)i);
        var kw = FactKeyword(i);
        if (!kw.WasSuccessful)
        {
            return Propagate<Statement, TextSpan>(kw);
        }

        var rest = (SliceInput)kw.Remainder;
        var notWord = NotWord(rest);
        var negated = notWord is not null;
        if (notWord is { } not)
        {
            rest = not.After;
        }

        var atom = Atom(rest);
        if (!atom.WasSuccessful)
        {
            return Propagate<Statement, AtomSyntax>(atom);
        }

        var value = OptionalValue(atom.Remainder);
        if (!value.WasSuccessful)
        {
            return Propagate<Statement, IOption<Expression>>(value);
        }

        var citation = OptionalCitation(value.Remainder);
        if (!citation.WasSuccessful)
        {
            return Propagate<Statement, IOption<Citation>>(citation);
        }

        return Result.Success(
            (Statement)new FactStatement(negated, atom.Value, value.Value.GetOrDefault(), citation.Value.GetOrDefault(), TextSpan.FromBounds(start, citation.Remainder.Position)),
            citation.Remainder);
    };

    private static readonly Parser<IOption<Expression>> OptionalProbabilityOfOption = Colon.Then(_ => Sum).XOptional();

    private static readonly Parser<AssumeOption> AssumeOption = Spanned(
        from value in Sum
        from probability in OptionalProbabilityOfOption
        select (Func<TextSpan, AssumeOption>)(span => new AssumeOption(value, probability.GetOrDefault(), span)));

    private static readonly Parser<ImmutableArray<AssumeOption>> AssumeOptionList = CommaList(AssumeOption);
    private static readonly Parser<IOption<ImmutableArray<AssumeOption>>> OptionalOptions =
        (from kwIn in Keyword("in") from open in OpenBracket from list in AssumeOptionList from close in CloseBracket select list).XOptional();

    private static readonly Parser<IOption<Expression>> OptionalProbability =
        (from kwWith in Keyword("with") from p in ProbabilityKeyword from value in Sum select value).XOptional();

    private static readonly Parser<Statement> Assume = Spanned(
        from kw in Keyword("assume")
        from atom in Atom
        from options in OptionalOptions
        from probability in OptionalProbability
        from citation in OptionalCitation
        select (Func<TextSpan, Statement>)(span => new AssumeStatement(atom, options.GetOrElse([]), probability.GetOrDefault(), citation.GetOrDefault(), span)));

    private static readonly Parser<Identifier> VariableTypeName = Name("the variable's type");

    private static readonly Parser<VariableDeclaration> Variable = Spanned(
        from name in Name("a variable name")
        from colon in Colon
        from type in VariableTypeName
        select (Func<TextSpan, VariableDeclaration>)(span => new VariableDeclaration(name, type, span)));

    /// <summary><c>then atom</c>, <c>then not atom</c> or <c>then atom = value</c> (the part after 'then').</summary>
    private static readonly Parser<Conclusion> Conclusion = i =>
    {
        var input = (SliceInput)i;
        var start = NextTokenStart(input);
        var rest = input;
        var notWord = NotWord(input);
        var negated = notWord is not null;
        if (notWord is { } not)
        {
            rest = not.After;
        }

        var atom = Atom(rest);
        if (!atom.WasSuccessful)
        {
            return Propagate<Conclusion, AtomSyntax>(atom);
        }

        if (negated)
        {
            return Result.Success(new Conclusion(true, atom.Value, null, TextSpan.FromBounds(start, atom.Remainder.Position)), atom.Remainder);
        }

        var value = OptionalValue(atom.Remainder);
        return value.WasSuccessful
            ? Result.Success(new Conclusion(false, atom.Value, value.Value.GetOrDefault(), TextSpan.FromBounds(start, value.Remainder.Position)), value.Remainder)
            : Propagate<Conclusion, IOption<Expression>>(value);
    };

    private sealed record RuleBody(Expression Condition, Conclusion Conclusion, Expression? Unless);

    private static readonly string[] IfExpectation = ["'if'"];
    private static readonly string[] ThenExpectation = ["'then'"];

    /// <summary><c>if condition then conclusion [unless condition]</c>.</summary>
    private static IResult<RuleBody> ParseRuleBody(SliceInput input)
    {
        if (!IsKeyword(input, "if", out var kwIf))
        {
            return Result.Failure<RuleBody>(input, "unexpected input", IfExpectation);
        }

        var condition = Expr(kwIf.After);
        if (!condition.WasSuccessful)
        {
            return Propagate<RuleBody, Expression>(condition);
        }

        var afterCondition = (SliceInput)condition.Remainder;
        if (!IsKeyword(afterCondition, "then", out var kwThen))
        {
            // An operator may be missing, or 'then': say both, as an analyst may have meant either.
            return Result.Failure<RuleBody>(afterCondition, "unexpected input", ThenExpectation);
        }

        var conclusion = Conclusion(kwThen.After);
        if (!conclusion.WasSuccessful)
        {
            return Propagate<RuleBody, Conclusion>(conclusion);
        }

        var afterConclusion = (SliceInput)conclusion.Remainder;
        if (!IsKeyword(afterConclusion, "unless", out var kwUnless))
        {
            return Result.Success(new RuleBody(condition.Value, conclusion.Value, null), afterConclusion);
        }

        var unless = Expr(kwUnless.After);
        return unless.WasSuccessful
            ? Result.Success(new RuleBody(condition.Value, conclusion.Value, unless.Value), unless.Remainder)
            : Propagate<RuleBody, Expression>(unless);
    }

    private static readonly Parser<IOption<Identifier>> OptionalRuleName = Name("a rule name").Optional();
    private static readonly Parser<ImmutableArray<VariableDeclaration>> VariableList = CommaList(Variable);
    private static readonly Parser<IOption<ImmutableArray<VariableDeclaration>>> OptionalVariables =
        (from open in OpenParen from list in VariableList from close in CloseParen select list).XOptional();

    private static readonly Parser<ImmutableArray<Identifier>> OverriddenNames = CommaList(Name("the name of the rule it overrides"));
    private static readonly Parser<IOption<ImmutableArray<Identifier>>> OptionalOverrides = Keyword("overrides").Then(_ => OverriddenNames).XOptional();

    /// <summary><c>rule [name] [(x: type, ...)] [overrides a, b] [:] if ... then ... [unless ...]</c>.</summary>
    private static readonly Parser<Statement> Rule = i =>
    {
        var input = (SliceInput)i;
        var start = NextTokenStart(input);
        var kw = RuleKeyword(i);
        if (!kw.WasSuccessful)
        {
            return Propagate<Statement, TextSpan>(kw);
        }

        var name = OptionalRuleName(kw.Remainder);
        var variables = OptionalVariables(name.Remainder);
        if (!variables.WasSuccessful)
        {
            return Propagate<Statement, IOption<ImmutableArray<VariableDeclaration>>>(variables);
        }

        var overrides = OptionalOverrides(variables.Remainder);
        if (!overrides.WasSuccessful)
        {
            return Propagate<Statement, IOption<ImmutableArray<Identifier>>>(overrides);
        }

        var colon = OptionalColon(overrides.Remainder);
        var body = ParseRuleBody((SliceInput)colon.Remainder);
        if (!body.WasSuccessful)
        {
            return Propagate<Statement, RuleBody>(body);
        }

        return Result.Success(
            (Statement)new RuleStatement(name.Value.GetOrDefault(), variables.Value.GetOrElse([]), overrides.Value.GetOrElse([]),
                body.Value.Condition, body.Value.Conclusion, body.Value.Unless, TextSpan.FromBounds(start, body.Remainder.Position)),
            body.Remainder);
    };

    /// <summary>A bare <c>if ... then ...</c>: a rule without a name.</summary>
    private static readonly Parser<Statement> BareRule = i =>
    {
        var input = (SliceInput)i;
        var start = NextTokenStart(input);
        var body = ParseRuleBody(input);
        return body.WasSuccessful
            ? Result.Success((Statement)new RuleStatement(null, [], [], body.Value.Condition, body.Value.Conclusion, body.Value.Unless, TextSpan.FromBounds(start, body.Remainder.Position)), body.Remainder)
            : Propagate<Statement, RuleBody>(body);
    };

    private static readonly Parser<ScenarioQuantifier> QuantifierWords =
        Keyword("all").Then(_ => ScenariosKeyword).Return(ScenarioQuantifier.All)
            .Or(Keyword("some").Then(_ => ScenarioKeyword).Return(ScenarioQuantifier.Some));

    private static readonly Parser<IOption<ScenarioQuantifier>> OptionalQuantifier =
        (from kwIn in Keyword("in") from q in QuantifierWords select q).XOptional();

    private static readonly Parser<IOption<StringLiteral>> OptionalLabel =
        (from label in Text from colon in Colon select label).Optional();

    private sealed record ExpectBody(AtomSyntax? ConflictAtom, Expression? Claim, IOption<ScenarioQuantifier> Quantifier);

    private static readonly Parser<ExpectBody> ExpectConflictBody =
        from c in Keyword("conflict")
        from kwOn in OnKeyword
        from atom in Atom
        from quantifier in OptionalQuantifier
        select new ExpectBody(atom, null, quantifier);

    private static readonly Parser<ExpectBody> ExpectClaimBody =
        from claim in Expr
        from quantifier in OptionalQuantifier
        select new ExpectBody(null, claim, quantifier);

    private static readonly Parser<ExpectBody> ExpectBodies = ExpectConflictBody.Or(ExpectClaimBody);

    private static readonly Parser<Statement> Expect = Spanned(
        from kw in Keyword("expect")
        from label in OptionalLabel
        from body in ExpectBodies
        select (Func<TextSpan, Statement>)(span => body.ConflictAtom is { } atom
            ? new ExpectConflictStatement(label.GetOrDefault(), atom, body.Quantifier.GetOrElse(ScenarioQuantifier.Base), span)
            : new ExpectStatement(label.GetOrDefault(), body.Claim!, body.Quantifier.GetOrElse(ScenarioQuantifier.Base), span)));

    public static readonly Parser<StringLiteral> ScenarioHeader =
        from kw in ScenarioKeyword
        from name in Text
        from open in OpenBrace
        select name;

    /// <summary>The grammar of each statement keyword; the splitter guarantees a statement starts with one of them.</summary>
    public static readonly IReadOnlyDictionary<string, Parser<Statement>> Statements = new Dictionary<string, Parser<Statement>>(StringComparer.Ordinal)
    {
        ["argument"] = Argument,
        ["source"] = Source,
        ["import"] = Import,
        ["type"] = Type,
        ["scale"] = Scale,
        ["fact"] = Fact,
        ["assume"] = Assume,
        ["rule"] = Rule,
        ["if"] = BareRule,
        ["expect"] = Expect,
    };

    public static int SkipTriviaFrom(SliceInput input) => SkipTrivia(input);
}
