using FluentAssertions;
using PolicyDsl.Dsl.Syntax;
using PolicyDsl.Dsl.Text;
using Xunit;

namespace PolicyDsl.Dsl.Tests.Syntax;

public class ParserTests
{
    private static ParseResult Parse(string text) => PolicyParser.Parse(new SourceText("test.policy", text));

    private static T Single<T>(string text)
        where T : Statement
    {
        var result = Parse(text);
        result.Diagnostics.Should().BeEmpty();
        return result.Tree.Statements.Should().ContainSingle().Which.Should().BeOfType<T>().Subject;
    }

    [Fact]
    public void Argument_with_title_and_source_requirement()
    {
        var argument = Single<ArgumentStatement>("argument \"No Deal Left\" requires sources");
        argument.Title.Value.Should().Be("No Deal Left");
        argument.RequiresSources.Should().BeTrue();
        Single<ArgumentStatement>("argument \"X\"").RequiresSources.Should().BeFalse();
    }

    [Fact]
    public void Source_and_import()
    {
        var source = Single<SourceStatement>("source nodeal = \"seeds/no-deal-left.md\"");
        source.Name.Name.Should().Be("nodeal");
        source.Path.Value.Should().Be("seeds/no-deal-left.md");
        Single<ImportStatement>("import \"vocabulary.policy\"          // shared actors").Path.Value.Should().Be("vocabulary.policy");
    }

    [Fact]
    public void Type_with_members_and_adjectives()
    {
        var type = Single<TypeStatement>("type actor = US | Russia (Russian) | China | Ukraine | Taiwan | India");
        type.Members.Select(m => m.Name.Name).Should().Equal("US", "Russia", "China", "Ukraine", "Taiwan", "India");
        type.Members[1].Adjective!.Name.Should().Be("Russian");
    }

    [Fact]
    public void Scale_lists_levels_in_order()
    {
        Single<ScaleStatement>("scale stake = none < low < medium < high < vital").Levels.Select(l => l.Name)
            .Should().Equal("none", "low", "medium", "high", "vital");
    }

    [Theory]
    [InlineData("fact price(Russia) = vital            per nodeal \"the price is Ukraine\"", "price", "vital")]
    [InlineData("fact tariff(US, China) = 57%          per nodeal", "tariff", "57%")]
    [InlineData("fact trade(China, Russia, 2024) = $237B", "trade", "$237B")]
    [InlineData("fact fdi(US, China, 2023) = $127 billion", "fdi", "$127 billion")]
    [InlineData("fact holdings = $1.2T", "holdings", "$1.2T")]
    [InlineData("fact summit = 2025-10-30", "summit", "2025-10-30")]
    [InlineData("fact motto = \"win without fighting\"", "motto", "win without fighting")]
    [InlineData("fact growth = -1.5", "growth", "-1.5")]
    public void Valued_facts(string text, string relation, string value)
    {
        var fact = Single<FactStatement>(text);
        fact.Atom.Words.Single().Name.Should().Be(relation);
        fact.Value!.ToString().Should().Be(value);
    }

    [Fact]
    public void Literals_carry_their_kind_and_amount()
    {
        var money = (LiteralExpression)Single<FactStatement>("fact x = $127 billion").Value!;
        money.Kind.Should().Be(LiteralKind.Money);
        money.Number.Should().Be(127_000_000_000m);
        ((LiteralExpression)Single<FactStatement>("fact x = US$237 billion").Value!).Number.Should().Be(237_000_000_000m);
        ((LiteralExpression)Single<FactStatement>("fact x = $1.2T").Value!).Number.Should().Be(1_200_000_000_000m);
        ((LiteralExpression)Single<FactStatement>("fact x = 57%").Value!).Kind.Should().Be(LiteralKind.Percent);
        ((LiteralExpression)Single<FactStatement>("fact x = 2025-10-30").Value!).Date.Should().Be(new DateOnly(2025, 10, 30));
    }

    [Fact]
    public void Negated_fact_and_citation_with_anchor()
    {
        var fact = Single<FactStatement>("fact not tradeable(Ukraine) per nodeal#c3 \"the price is Ukraine\"");
        fact.Negated.Should().BeTrue();
        fact.Citation!.Source.Name.Should().Be("nodeal");
        fact.Citation.Anchor!.Value.Should().Be("c3");
        fact.Citation.Quote!.Value.Should().Be("the price is Ukraine");
    }

    [Fact]
    public void Rule_with_variables_over_two_lines()
    {
        var rule = Single<RuleStatement>("rule no_bargain(x: actor):\n  if offer(US, x) < price(x) then no_deal(US, x)");
        rule.Name!.Name.Should().Be("no_bargain");
        rule.Variables.Should().ContainSingle().Which.Type.Name.Should().Be("actor");
        rule.Condition.Should().BeOfType<BinaryExpression>().Which.Operator.Should().Be(BinaryOperator.Less);
        rule.Conclusion.Atom.ToString().Should().Be("no_deal(US, x)");
    }

    [Fact]
    public void Rule_condition_on_continuation_lines()
    {
        var rule = Single<RuleStatement>("rule tension:\n  if no_deal(US, Russia)\n     and no_deal(US, China)\n  then rising_tension");
        rule.Condition.ToString().Should().Be("no_deal(US, Russia) and no_deal(US, China)");
        rule.Conclusion.Atom.ToString().Should().Be("rising_tension");
    }

    [Fact]
    public void The_users_own_example_parses_as_a_bare_rule_in_phrase_form()
    {
        var rule = Single<RuleStatement>("if US offer < Russian price(Ukraine) then no deal");
        rule.Name.Should().BeNull();
        var comparison = rule.Condition.Should().BeOfType<BinaryExpression>().Subject;
        comparison.Left.ToString().Should().Be("US offer");
        comparison.Right.ToString().Should().Be("Russian price(Ukraine)");
        rule.Conclusion.Atom.Words.Select(w => w.Name).Should().Equal("no", "deal");
    }

    [Fact]
    public void Sketch_spelling_of_the_users_example()
    {
        var rule = Single<RuleStatement>("rule no_bargain: if offer(US, Russia) < price(Russia) then no_deal(US, Russia)");
        rule.Conclusion.Atom.ToString().Should().Be("no_deal(US, Russia)");
    }

    [Fact]
    public void Precedence_or_and_not_comparison_arithmetic()
    {
        var rule = Single<RuleStatement>("if a or not b and c < 1 + 2 * 3 then d");
        rule.Condition.ToString().Should().Be("a or not b and c < 1 + 2 * 3");
        var or = rule.Condition.Should().BeOfType<BinaryExpression>().Subject;
        or.Operator.Should().Be(BinaryOperator.Or);
        var and = or.Right.Should().BeOfType<BinaryExpression>().Subject;
        and.Operator.Should().Be(BinaryOperator.And);
        and.Left.Should().BeOfType<UnaryExpression>().Which.Operator.Should().Be(UnaryOperator.Not);
        var sum = and.Right.Should().BeOfType<BinaryExpression>().Which.Right.Should().BeOfType<BinaryExpression>().Subject;
        sum.Operator.Should().Be(BinaryOperator.Add);
        sum.Right.Should().BeOfType<BinaryExpression>().Which.Operator.Should().Be(BinaryOperator.Multiply);
    }

    [Theory]
    [InlineData("<", BinaryOperator.Less)]
    [InlineData("<=", BinaryOperator.LessOrEqual)]
    [InlineData(">", BinaryOperator.Greater)]
    [InlineData(">=", BinaryOperator.GreaterOrEqual)]
    [InlineData("=", BinaryOperator.Equal)]
    [InlineData("!=", BinaryOperator.NotEqual)]
    public void Comparison_operators(string symbol, BinaryOperator op) =>
        Single<RuleStatement>($"if a(x) {symbol} b then c").Condition.Should().BeOfType<BinaryExpression>().Which.Operator.Should().Be(op);

    [Fact]
    public void Rule_with_overrides_negative_conclusion_and_unless()
    {
        var rule = Single<RuleStatement>("rule r2 overrides r1, r0: if a and (b or c) then not d unless e");
        rule.Overrides.Select(o => o.Name).Should().Equal("r1", "r0");
        rule.Conclusion.Negated.Should().BeTrue();
        rule.Unless!.ToString().Should().Be("e");
        rule.Condition.ToString().Should().Be("a and (b or c)");
    }

    [Fact]
    public void Valued_conclusion()
    {
        var rule = Single<RuleStatement>("rule risk(x: actor): if no_deal(US, x) then risk(x) = high");
        rule.Conclusion.Value!.ToString().Should().Be("high");
    }

    [Fact]
    public void Open_premises_of_every_form()
    {
        Single<AssumeStatement>("assume values_capital_over_alignment(China)          // explored both ways").Options.Should().BeEmpty();
        var levels = Single<AssumeStatement>("assume offer(US, China) in [low, high]");
        levels.Options.Select(o => o.Value.ToString()).Should().Equal("low", "high");
        Single<AssumeStatement>("assume china_diverts_supplies with probability 0.3").Probability!.ToString().Should().Be("0.3");
        var weighted = Single<AssumeStatement>("assume offer(US, China) in [low: 0.2, high: 0.8] per nodeal");
        weighted.Options[1].Probability!.ToString().Should().Be("0.8");
        weighted.Citation!.Source.Name.Should().Be("nodeal");
    }

    [Fact]
    public void Expectations_with_quantifiers_labels_and_conflicts()
    {
        Single<ExpectStatement>("expect rising_tension").Quantifier.Should().Be(ScenarioQuantifier.Base);
        Single<ExpectStatement>("expect not deal(US, China)").Claim.ToString().Should().Be("not deal(US, China)");
        Single<ExpectStatement>("expect rising_tension in all scenarios").Quantifier.Should().Be(ScenarioQuantifier.All);
        Single<ExpectStatement>("expect deal(US, China) in some scenario").Quantifier.Should().Be(ScenarioQuantifier.Some);
        Single<ExpectStatement>("expect \"tension rises\": rising_tension").Label!.Value.Should().Be("tension rises");
        Single<ExpectConflictStatement>("expect conflict on deal(US, China)").Atom.ToString().Should().Be("deal(US, China)");
        Single<ExpectConflictStatement>("expect conflict on deal(US, Russia) in some scenario").Quantifier.Should().Be(ScenarioQuantifier.Some);
    }

    [Fact]
    public void Scenario_block_holds_its_statements()
    {
        var scenario = Single<ScenarioStatement>("scenario \"Washington could trade Ukraine\" {\n  fact offer(US, Russia) = vital\n  expect not no_deal(US, Russia)\n}");
        scenario.Name.Value.Should().Be("Washington could trade Ukraine");
        scenario.Body.Select(s => s.GetType()).Should().Equal(typeof(FactStatement), typeof(ExpectStatement));
    }

    [Fact]
    public void Whole_sketch_file_parses()
    {
        var text = File.ReadAllText(Path.Combine(Testing.TestPaths.RepoRoot, "tests", "Dsl.Tests", "Syntax", "sketch.policy"));
        var result = Parse(text);
        result.Diagnostics.Should().BeEmpty();
        result.Tree.Statements.Should().HaveCount(24).And.NotContain(s => s is ErrorStatement);
    }

    [Fact]
    public void Every_node_carries_its_span()
    {
        const string text = "fact price(Russia) = vital per nodeal \"x\"";
        var fact = Single<FactStatement>(text);
        text[fact.Span.Start..fact.Span.End].Should().Be(text);
        text[fact.Atom.Span.Start..fact.Atom.Span.End].Should().Be("price(Russia)");
        text[fact.Value!.Span.Start..fact.Value.Span.End].Should().Be("vital");
        text[fact.Citation!.Span.Start..fact.Citation.Span.End].Should().Be("per nodeal \"x\"");
    }

    [Fact]
    public void Comments_are_ignored_everywhere()
    {
        var result = Parse("// heading\nfact a // trailing\n// between\nrule r: // here\n  if a // and here\n  then b\n");
        result.Diagnostics.Should().BeEmpty();
        result.Tree.Statements.Should().HaveCount(2);
    }

    [Fact]
    public void Long_conditions_do_not_exhaust_the_stack()
    {
        var text = "if " + string.Join(" and ", Enumerable.Repeat("a", 5000)) + " then b\nif " + string.Concat(Enumerable.Repeat("not ", 5000)) + "a then c";
        var result = Parse(text);
        result.Diagnostics.Should().BeEmpty();
        result.Tree.Statements.Should().HaveCount(2);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void LF_CRLF_and_a_lone_CR_all_end_lines(string lineEnd)
    {
        // With a lone CR read as no line end, the comment ran to the end of the file and took every statement with it.
        var text = string.Join(lineEnd, "fact a", "// a comment", "fact b", "if a and b then c", "expect c") + lineEnd;
        var parsed = PolicyParser.ParseText("t.policy", text);
        parsed.Diagnostics.Should().BeEmpty();
        parsed.Tree.Statements.Should().HaveCount(4);
        parsed.Tree.Statements.Select(st => parsed.Tree.Source.GetPosition(st.Span.Start).Line).Should().Equal(1, 3, 4, 5);
        parsed.Tree.Source.GetLineText(4).Should().Be("if a and b then c");
    }

    [Fact]
    public void A_rule_cites_its_text_or_the_analyst_on_a_continuation_line()
    {
        var cited = Single<RuleStatement>("rule shortage:\n  if harbour closed and ships waiting then prices rise\n  per port#c2 \"when the harbour shuts, prices climb\"");
        cited.Citation!.Source.Name.Should().Be("port");
        cited.Citation.Anchor!.Value.Should().Be("c2");
        cited.Citation.Quote!.Value.Should().Be("when the harbour shuts, prices climb");
        cited.Citation.IsAnalyst.Should().BeFalse();

        var judged = Single<RuleStatement>("if a then b unless c\n  per analyst \"my threshold\"");
        judged.Unless.Should().NotBeNull();
        judged.Citation!.IsAnalyst.Should().BeTrue();
        judged.Citation.Quote!.Value.Should().Be("my threshold");
        Single<RuleStatement>("rule r: if a then b").Citation.Should().BeNull();
    }

    [Fact]
    public void A_constraint_has_a_label_a_condition_and_any_number_of_citations()
    {
        var never = Single<NeverStatement>("never \"not both\":\n  offer(US, China) = low and capital leverage(US, China)\n  per nodeal#c3 \"x\"\n  per enlist#c5");
        never.Label!.Value.Should().Be("not both");
        never.Condition.Should().BeOfType<BinaryExpression>().Which.Operator.Should().Be(BinaryOperator.And);
        never.Citations.Select(c => c.Source.Name).Should().Equal("nodeal", "enlist");
        Single<NeverStatement>("never a and b").Label.Should().BeNull();
    }

    [Fact]
    public void An_expectation_may_be_conditional_or_acknowledge_a_violation()
    {
        var conditional = Single<ExpectStatement>("expect \"even so\": not split(Russia, China) when ceasefire(Ukraine) in all scenarios");
        conditional.When.Should().NotBeNull();
        conditional.When!.ToString().Should().Be("ceasefire(Ukraine)");
        conditional.Quantifier.Should().Be(ScenarioQuantifier.All);
        Single<ExpectStatement>("expect q when p").Quantifier.Should().Be(ScenarioQuantifier.Base);
        Single<ExpectStatement>("expect q").When.Should().BeNull();

        var violation = Single<ExpectViolationStatement>("expect violation of \"not both\" in some scenario");
        violation.Constraint.Value.Should().Be("not both");
        violation.Quantifier.Should().Be(ScenarioQuantifier.Some);
        Single<ExpectViolationStatement>("expect \"texts clash\": violation of \"not both\"").Quantifier.Should().Be(ScenarioQuantifier.Base);
        Parse("expect violation of \"not both\" in all scenarios").Diagnostics.Should().ContainSingle(d => d.Code == "PD0001");
    }
}
