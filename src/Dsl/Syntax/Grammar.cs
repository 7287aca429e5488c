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
    public static readonly HashSet<string> ReservedWords =
    [
        "if", "then", "and", "or", "not", "unless", "per", "in", "with", "overrides",
        "argument", "source", "import", "type", "scale", "fact", "rule", "expect", "assume", "scenario",
    ];

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
    private static readonly Parser<Token> AnyWord = i =>
    {
        var input = (SliceInput)i;
        var start = SkipTrivia(input);
        var p = start;
        if (!StatementSplitter.IsWordStart(input.At(p)))
        {
            return Fail<Token>(input, input.Position, "a name");
        }

        while (p < input.End && StatementSplitter.IsWordPart(input.Source[p]))
        {
            p++;
        }

        return Result.Success(new Token(input.Source[start..p], TextSpan.FromBounds(start, p)), input.MoveTo(p));
    };

    private static Parser<Identifier> Name(string expectation) => i =>
    {
        var result = AnyWord(i);
        if (!result.WasSuccessful || ReservedWords.Contains(result.Value.Text))
        {
            return Fail<Identifier>((SliceInput)i, i.Position, expectation);
        }

        return Result.Success(new Identifier(result.Value.Text, result.Value.Span), result.Remainder);
    };

    /// <summary>A keyword or a contextual word such as <c>probability</c>; matched as a whole word.</summary>
    public static Parser<TextSpan> Keyword(string word) => i =>
    {
        var result = AnyWord(i);
        return result.WasSuccessful && result.Value.Text == word
            ? Result.Success(result.Value.Span, result.Remainder)
            : Fail<TextSpan>((SliceInput)i, i.Position, $"'{word}'");
    };

    private static Parser<TextSpan> Symbol(string symbol) => i =>
    {
        var input = (SliceInput)i;
        var start = SkipTrivia(input);
        for (var k = 0; k < symbol.Length; k++)
        {
            if (input.At(start + k) != symbol[k])
            {
                return Fail<TextSpan>(input, input.Position, $"'{symbol}'");
            }
        }

        // '<' must not swallow the start of '<=', nor '=' that of '=='.
        return Result.Success(new TextSpan(start, symbol.Length), input.MoveTo(start + symbol.Length));
    };

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
        ["K"] = 1e3m, ["M"] = 1e6m, ["B"] = 1e9m, ["T"] = 1e12m,
        ["thousand"] = 1e3m, ["million"] = 1e6m, ["billion"] = 1e9m, ["trillion"] = 1e12m,
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

    private static readonly Parser<ImmutableArray<Expression>> Arguments =
        from open in Symbol("(")
        from args in CommaList(Parse.Ref(() => Expr!)).XOptional()
        from close in Symbol(")")
        select args.GetOrElse([]);

    public static readonly Parser<AtomSyntax> Atom = Spanned(
        from words in Name("a name").AtLeastOnce()
        from args in Arguments.XOptional()
        select (Func<TextSpan, AtomSyntax>)(span => new AtomSyntax([.. words], args.IsDefined ? args.Get() : null, span)));

    private static readonly Parser<Expression> Primary =
        Spanned(
            from open in Symbol("(")
            from inner in Parse.Ref(() => Expr!)
            from close in Symbol(")")
            select (Func<TextSpan, Expression>)(span => new ParenthesizedExpression(inner, span)))
        .Or(Literal.Select(l => (Expression)l))
        .Or(Text.Select(t => (Expression)new LiteralExpression(LiteralKind.Text, 0, default, t.Value, t.Span)))
        .Or(Atom.Select(a => (Expression)new AtomExpression(a)))
        .Named("a value or a condition");

    private static Parser<Expression> Prefix(Parser<TextSpan> op, UnaryOperator kind, Parser<Expression> operand) =>
        from ops in op.Many()
        from inner in operand
        select ops.Reverse().Aggregate(inner, (e, opSpan) => (Expression)new UnaryExpression(kind, e, opSpan.Cover(e.Span)));

    private static Parser<Expression> LeftChain(Parser<BinaryOperator> op, Parser<Expression> operand) =>
        from first in operand
        from rest in (from o in op from right in operand select (o, right)).XMany()
        select rest.Aggregate(first, (left, r) => (Expression)new BinaryExpression(r.o, left, r.right, left.Span.Cover(r.right.Span)));

    private static Parser<BinaryOperator> Op(string symbol, BinaryOperator op) => Symbol(symbol).Return(op);

    private static readonly Parser<Expression> Negation = Prefix(Symbol("-"), UnaryOperator.Minus, Primary);

    private static readonly Parser<Expression> Product = LeftChain(Op("*", BinaryOperator.Multiply).Or(Op("/", BinaryOperator.Divide)), Negation);

    public static readonly Parser<Expression> Sum = LeftChain(Op("+", BinaryOperator.Add).Or(Op("-", BinaryOperator.Subtract)), Product);

    private static readonly Parser<BinaryOperator> ComparisonOperator =
        Op("<=", BinaryOperator.LessOrEqual)
            .Or(Op(">=", BinaryOperator.GreaterOrEqual))
            .Or(Op("!=", BinaryOperator.NotEqual))
            .Or(Op("<", BinaryOperator.Less))
            .Or(Op(">", BinaryOperator.Greater))
            .Or(Op("=", BinaryOperator.Equal))
            .Named("a comparison (<, <=, =, !=, >=, >)");

    private static readonly Parser<Expression> Comparison =
        from left in Sum
        from rest in (from op in ComparisonOperator from right in Sum select (op, right)).XOptional()
        select rest.IsDefined ? new BinaryExpression(rest.Get().op, left, rest.Get().right, left.Span.Cover(rest.Get().right.Span)) : left;

    private static readonly Parser<Expression> NotExpression = Prefix(Keyword("not"), UnaryOperator.Not, Comparison);

    private static readonly Parser<Expression> Conjunction = LeftChain(Keyword("and").Return(BinaryOperator.And), NotExpression);

    /// <summary>A condition or value: or &lt; and &lt; not &lt; comparison &lt; + - &lt; * / &lt; unary minus.</summary>
    public static readonly Parser<Expression> Expr = LeftChain(Keyword("or").Return(BinaryOperator.Or), Conjunction);

    // ------------------------------------------------------------ statements

    private static readonly Parser<Citation> Citation = Spanned(
        from per in Keyword("per")
        from source in Name("a source name (declared with: source name = \"path\")")
        from anchor in Anchor.Optional()
        from quote in Text.Optional()
        select (Func<TextSpan, Citation>)(span => new Citation(source, anchor.GetOrDefault(), quote.GetOrDefault(), span)));

    private static readonly Parser<Statement> Argument = Spanned(
        from kw in Keyword("argument")
        from title in Text
        from requires in Keyword("requires").Then(_ => Keyword("sources")).Optional()
        select (Func<TextSpan, Statement>)(span => new ArgumentStatement(title, requires.IsDefined, span)));

    private static readonly Parser<Statement> Source = Spanned(
        from kw in Keyword("source")
        from name in Name("a name for the source")
        from eq in Symbol("=")
        from path in Text
        select (Func<TextSpan, Statement>)(span => new SourceStatement(name, path, span)));

    private static readonly Parser<Statement> Import = Spanned(
        from kw in Keyword("import")
        from path in Text
        select (Func<TextSpan, Statement>)(span => new ImportStatement(path, span)));

    private static readonly Parser<TypeMember> TypeMember = Spanned(
        from name in Name("a constant name")
        from adjective in (from open in Symbol("(") from adj in Name("an adjective, as in Russia (Russian)") from close in Symbol(")") select adj).XOptional()
        select (Func<TextSpan, TypeMember>)(span => new TypeMember(name, adjective.GetOrDefault(), span)));

    private static readonly Parser<Statement> Type = Spanned(
        from kw in Keyword("type")
        from name in Name("a type name")
        from eq in Symbol("=")
        from first in TypeMember
        from rest in Symbol("|").Then(_ => TypeMember).XMany()
        select (Func<TextSpan, Statement>)(span => new TypeStatement(name, [first, .. rest], span)));

    private static readonly Parser<Statement> Scale = Spanned(
        from kw in Keyword("scale")
        from name in Name("a scale name")
        from eq in Symbol("=")
        from first in Name("a level name")
        from rest in Symbol("<").Then(_ => Name("a level name")).XMany()
        select (Func<TextSpan, Statement>)(span => new ScaleStatement(name, [first, .. rest], span)));

    private static readonly Parser<Statement> Fact = Spanned(
        from kw in Keyword("fact")
        from negated in Keyword("not").Optional()
        from atom in Atom
        from value in Symbol("=").Then(_ => Sum).XOptional()
        from citation in Citation.XOptional()
        select (Func<TextSpan, Statement>)(span => new FactStatement(negated.IsDefined, atom, value.GetOrDefault(), citation.GetOrDefault(), span)));

    private static readonly Parser<AssumeOption> AssumeOption = Spanned(
        from value in Sum
        from probability in Symbol(":").Then(_ => Sum).XOptional()
        select (Func<TextSpan, AssumeOption>)(span => new AssumeOption(value, probability.GetOrDefault(), span)));

    private static readonly Parser<Statement> Assume = Spanned(
        from kw in Keyword("assume")
        from atom in Atom
        from options in (from kwIn in Keyword("in") from open in Symbol("[") from list in CommaList(AssumeOption) from close in Symbol("]") select list).XOptional()
        from probability in (from kwWith in Keyword("with") from p in Keyword("probability") from value in Sum select value).XOptional()
        from citation in Citation.XOptional()
        select (Func<TextSpan, Statement>)(span => new AssumeStatement(atom, options.GetOrElse([]), probability.GetOrDefault(), citation.GetOrDefault(), span)));

    private static readonly Parser<VariableDeclaration> Variable = Spanned(
        from name in Name("a variable name")
        from colon in Symbol(":")
        from type in Name("the variable's type")
        select (Func<TextSpan, VariableDeclaration>)(span => new VariableDeclaration(name, type, span)));

    private static readonly Parser<Conclusion> Conclusion = Spanned(
        (from kwNot in Keyword("not")
         from atom in Atom
         select (Func<TextSpan, Conclusion>)(span => new Conclusion(true, atom, null, span)))
        .Or(
         from atom in Atom
         from value in Symbol("=").Then(_ => Sum).XOptional()
         select (Func<TextSpan, Conclusion>)(span => new Conclusion(false, atom, value.GetOrDefault(), span))));

    private sealed record RuleBody(Expression Condition, Conclusion Conclusion, Expression? Unless);

    private static readonly Parser<RuleBody> RuleBodyParser =
        from kwIf in Keyword("if")
        from condition in Expr
        from kwThen in Keyword("then")
        from conclusion in Conclusion
        from unless in Keyword("unless").Then(_ => Expr).XOptional()
        select new RuleBody(condition, conclusion, unless.GetOrDefault());

    private static readonly Parser<Statement> Rule = Spanned(
        from kw in Keyword("rule")
        from name in Name("a rule name").Optional()
        from variables in (from open in Symbol("(") from list in CommaList(Variable) from close in Symbol(")") select list).XOptional()
        from overrides in Keyword("overrides").Then(_ => CommaList(Name("the name of the rule it overrides"))).XOptional()
        from colon in Symbol(":").Optional()
        from body in RuleBodyParser
        select (Func<TextSpan, Statement>)(span => new RuleStatement(
            name.GetOrDefault(), variables.GetOrElse([]), overrides.GetOrElse([]), body.Condition, body.Conclusion, body.Unless, span)));

    private static readonly Parser<Statement> BareRule = Spanned(
        from body in RuleBodyParser
        select (Func<TextSpan, Statement>)(span => new RuleStatement(null, [], [], body.Condition, body.Conclusion, body.Unless, span)));

    private static readonly Parser<ScenarioQuantifier> Quantifier =
        from kwIn in Keyword("in")
        from q in Keyword("all").Then(_ => Keyword("scenarios")).Return(ScenarioQuantifier.All)
            .Or(Keyword("some").Then(_ => Keyword("scenario")).Return(ScenarioQuantifier.Some))
        select q;

    private static readonly Parser<StringLiteral> Label =
        from label in Text
        from colon in Symbol(":")
        select label;

    private static readonly Parser<Statement> Expect = Spanned(
        from kw in Keyword("expect")
        from label in Label.Optional()
        from body in
            (from c in Keyword("conflict")
             from kwOn in Keyword("on")
             from atom in Atom
             select (Func<TextSpan, Statement>)(span => new ExpectConflictStatement(label.GetOrDefault(), atom, span)))
            .Or(
             from claim in Expr
             from quantifier in Quantifier.XOptional()
             select (Func<TextSpan, Statement>)(span => new ExpectStatement(label.GetOrDefault(), claim, quantifier.GetOrElse(ScenarioQuantifier.Base), span)))
        select body);

    public static readonly Parser<StringLiteral> ScenarioHeader =
        from kw in Keyword("scenario")
        from name in Text
        from open in Symbol("{")
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
