using System.Collections.Immutable;
using PolicyDsl.Dsl.Text;
using Sprache;
using static PolicyDsl.Dsl.Syntax.ExpressionGrammar;
using static PolicyDsl.Dsl.Syntax.LexicalGrammar;

namespace PolicyDsl.Dsl.Syntax;

/// <summary>
/// The statement layer of the Sprache grammar: a field per production, over the lexical and expression layers
/// (<see cref="LexicalGrammar"/>, <see cref="ExpressionGrammar"/>). Expectation names are the words an analyst
/// reads in an error ("expected 'then', found 'than'").
/// </summary>
internal static class Grammar
{
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
    private static readonly Parser<IOption<StringLiteral>> OptionalText = TextLiteral.Optional();

    private static readonly Parser<Citation> Citation = Spanned(
        from per in Keyword("per")
        from source in SourceName
        from anchor in OptionalAnchor
        from quote in OptionalText
        select (Func<TextSpan, Citation>)(span => new Citation(source, anchor.GetOrDefault(), quote.GetOrDefault(), span)));

    private static readonly Parser<IEnumerable<Citation>> Citations = Citation.XMany();
    private static readonly Parser<IOption<TextSpan>> RequiresSources = Keyword("requires").Then(_ => SourcesKeyword).Optional();

    private static readonly Parser<Statement> Argument = Spanned(
        from kw in Keyword("argument")
        from title in TextLiteral
        from requires in RequiresSources
        select (Func<TextSpan, Statement>)(span => new ArgumentStatement(title, requires.IsDefined, span)));

    private static readonly Parser<Identifier> SourceDeclarationName = Name("a name for the source");

    private static readonly Parser<Statement> Source = Spanned(
        from kw in Keyword("source")
        from name in SourceDeclarationName
        from eq in Equal
        from path in TextLiteral
        select (Func<TextSpan, Statement>)(span => new SourceStatement(name, path, span)));

    private static readonly Parser<Statement> Import = Spanned(
        from kw in Keyword("import")
        from path in TextLiteral
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
        var start = NextTokenStart(i.Slice());
        var kw = FactKeyword(i);
        if (!kw.WasSuccessful)
        {
            return Propagate<Statement, TextSpan>(kw);
        }

        var rest = kw.Remainder.Slice();
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

        var citations = Citations(value.Remainder);
        if (!citations.WasSuccessful)
        {
            return Propagate<Statement, IEnumerable<Citation>>(citations);
        }

        return Result.Success(
            (Statement)new FactStatement(negated, atom.Value, value.Value.GetOrDefault(), [.. citations.Value], TextSpan.FromBounds(start, citations.Remainder.Position)),
            citations.Remainder);
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
        from citations in Citations
        select (Func<TextSpan, Statement>)(span => new AssumeStatement(atom, options.GetOrElse([]), probability.GetOrDefault(), [.. citations], span)));

    private static readonly Parser<Identifier> VariableTypeName = Name("the variable's type");

    private static readonly Parser<VariableDeclaration> Variable = Spanned(
        from name in Name("a variable name")
        from colon in Colon
        from type in VariableTypeName
        select (Func<TextSpan, VariableDeclaration>)(span => new VariableDeclaration(name, type, span)));

    /// <summary><c>then atom</c>, <c>then not atom</c> or <c>then atom = value</c> (the part after 'then').</summary>
    private static readonly Parser<Conclusion> Conclusion = i =>
    {
        var input = i.Slice();
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

        var afterCondition = condition.Remainder.Slice();
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

        var afterConclusion = conclusion.Remainder.Slice();
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
        var input = i.Slice();
        var start = NextTokenStart(input);
        var kw = RuleKeyword(i);
        if (!kw.WasSuccessful)
        {
            return Propagate<Statement, TextSpan>(kw);
        }

        // A reserved word where the name goes ("rule never: ..."): say so, rather than "expected 'if'".
        var named = PeekWord(kw.Remainder.Slice());
        if (named.Text is not ("" or "if" or "overrides") && ReservedWords.Contains(named.Text))
        {
            return Result.Failure<Statement>(kw.Remainder, "unexpected input",
                [$"a rule name ('{named.Text}' is a reserved word and cannot name a rule: rename the rule, e.g. '{named.Text}_rule')"]);
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
        var body = ParseRuleBody(colon.Remainder.Slice());
        if (!body.WasSuccessful)
        {
            return Propagate<Statement, RuleBody>(body);
        }

        var citations = Citations(body.Remainder);
        if (!citations.WasSuccessful)
        {
            return Propagate<Statement, IEnumerable<Citation>>(citations);
        }

        return Result.Success(
            (Statement)new RuleStatement(name.Value.GetOrDefault(), variables.Value.GetOrElse([]), overrides.Value.GetOrElse([]),
                body.Value.Condition, body.Value.Conclusion, body.Value.Unless, TextSpan.FromBounds(start, citations.Remainder.Position))
            { Citations = [.. citations.Value] },
            citations.Remainder);
    };

    /// <summary>A bare <c>if ... then ...</c>: a rule without a name.</summary>
    private static readonly Parser<Statement> BareRule = i =>
    {
        var input = i.Slice();
        var start = NextTokenStart(input);
        var body = ParseRuleBody(input);
        if (!body.WasSuccessful)
        {
            return Propagate<Statement, RuleBody>(body);
        }

        var citations = Citations(body.Remainder);
        return citations.WasSuccessful
            ? Result.Success(
                (Statement)new RuleStatement(null, [], [], body.Value.Condition, body.Value.Conclusion, body.Value.Unless, TextSpan.FromBounds(start, citations.Remainder.Position))
                { Citations = [.. citations.Value] },
                citations.Remainder)
            : Propagate<Statement, IEnumerable<Citation>>(citations);
    };

    private static readonly Parser<ScenarioQuantifier> QuantifierWords =
        Keyword("all").Then(_ => ScenariosKeyword).Return(ScenarioQuantifier.All)
            .Or(Keyword("some").Then(_ => ScenarioKeyword).Return(ScenarioQuantifier.Some))
            .Or(Keyword("no").Then(_ => ScenarioKeyword).Return(ScenarioQuantifier.None));

    private static readonly Parser<IOption<ScenarioQuantifier>> OptionalQuantifier =
        (from kwIn in Keyword("in") from q in QuantifierWords select q).XOptional();

    private static readonly Parser<IOption<StringLiteral>> OptionalLabel =
        (from label in TextLiteral from colon in Colon select label).Optional();

    private sealed record ExpectBody(AtomSyntax? ConflictAtom, StringLiteral? Violated, Expression? Claim, Expression? When, IOption<ScenarioQuantifier> Quantifier);

    private static readonly Parser<ExpectBody> ExpectConflictBody =
        from c in Keyword("conflict")
        from kwOn in OnKeyword
        from atom in Atom
        from quantifier in OptionalQuantifier
        select new ExpectBody(atom, null, null, null, quantifier);

    // A constraint the texts violate: in the argument itself, or in some scenario (never in all: then it is the argument's).
    private static readonly Parser<IOption<ScenarioQuantifier>> OptionalSomeScenario =
        (from kwIn in Keyword("in") from some in Keyword("some") from word in ScenarioKeyword select ScenarioQuantifier.Some).XOptional();

    private static readonly Parser<ExpectBody> ExpectViolationBody =
        from v in Keyword("violation")
        from kwOf in Keyword("of")
        from constraint in TextLiteral
        from quantifier in OptionalSomeScenario
        select new ExpectBody(null, constraint, null, null, quantifier);

    private static readonly Parser<IOption<Expression>> OptionalWhen = Keyword("when").Then(_ => Expr).XOptional();

    private static readonly Parser<ExpectBody> ExpectClaimBody =
        from claim in Expr
        from when in OptionalWhen
        from quantifier in OptionalQuantifier
        select new ExpectBody(null, null, claim, when.GetOrDefault(), quantifier);

    private static readonly Parser<ExpectBody> ExpectBodies = ExpectConflictBody.Or(ExpectViolationBody).Or(ExpectClaimBody);

    private static readonly Parser<Statement> Expect = Spanned(
        from kw in Keyword("expect")
        from label in OptionalLabel
        from body in ExpectBodies
        select (Func<TextSpan, Statement>)(span => body switch
        {
            { ConflictAtom: { } atom } => new ExpectConflictStatement(label.GetOrDefault(), atom, body.Quantifier.GetOrElse(ScenarioQuantifier.Base), span),
            { Violated: { } constraint } => new ExpectViolationStatement(label.GetOrDefault(), constraint, body.Quantifier.GetOrElse(ScenarioQuantifier.Base), span),
            _ => new ExpectStatement(label.GetOrDefault(), body.Claim!, body.Quantifier.GetOrElse(ScenarioQuantifier.Base), span) { When = body.When },
        }));

    /// <summary><c>never ["label":] condition [per ...]...</c>: a constraint between texts may cite each of them.</summary>
    private static readonly Parser<Statement> Never = Spanned(
        from kw in Keyword("never")
        from label in OptionalLabel
        from condition in Expr
        from citations in Citations
        select (Func<TextSpan, Statement>)(span => new NeverStatement(label.GetOrDefault(), condition, [.. citations], span)));

    public static readonly Parser<StringLiteral> ScenarioHeader =
        from kw in ScenarioKeyword
        from name in TextLiteral
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
        ["never"] = Never,
        ["expect"] = Expect,
    };

    public static int SkipTriviaFrom(SliceInput input) => SkipTrivia(input);
}
