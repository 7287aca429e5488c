using FluentAssertions;
using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Dsl.Syntax;
using PolicyDsl.Dsl.Text;
using PolicyDsl.Testing;
using Xunit;

namespace PolicyDsl.Dsl.Tests.Syntax;

public class ParserErrorTests
{
    private static ParseResult Parse(string text) => PolicyParser.Parse(new SourceText("test.policy", text));

    [Fact]
    public void Three_syntax_errors_in_three_statements_are_all_reported_on_their_lines()
    {
        var result = Parse("fact price(Russia = vital\nfact ok\nrule r: if a < then b\nexpect ok\nexpect not\n");
        result.Diagnostics.Select(d => (d.Code, d.Start.Line)).Should().Equal(("PD0001", 1), ("PD0001", 3), ("PD0001", 5));
        result.Tree.Statements.Select(s => s.GetType().Name).Should().Equal(
            "ErrorStatement", "FactStatement", "ErrorStatement", "ExpectStatement", "ErrorStatement");
    }

    [Theory]
    [InlineData("rule r: if a < then b", "expected a value or a condition, found 'then'")]
    [InlineData("fact price(Russia = vital", "expected ',' or ')', found the end of the statement")]
    [InlineData("rule r: if a b c", "expected 'then', found the end of the statement")]
    [InlineData("fatc x", "unknown statement 'fatc'; did you mean 'fact'?")]
    [InlineData("price(Russia) = vital", "a statement starts with a keyword (fact, rule, if, never, expect, assume, type, scale, source, import), found 'price'")]
    [InlineData("type actor = US |", "expected a constant name, found the end of the statement")]
    [InlineData("source s \"x.md\"", "expected '=', found '\"x.md\"'")]
    [InlineData("fact x = $", "expected an amount after '$', found the end of the statement")]
    [InlineData("fact d = 2025-13-40", "expected a real calendar date (yyyy-mm-dd)")]
    [InlineData("fact a per", "expected a source name (declared with: source name = \"path\"), found the end of the statement")]
    [InlineData("fact a b = 1 2", "unexpected '2' after the premise")]
    [InlineData("fact x = $100000000000000000T", "expected an amount of at most 28 digits, its scale word included, found '$'")]
    [InlineData("fact x = 123456789012345678901234567890", "expected a number of at most 28 digits")]
    public void Messages_say_what_was_expected_in_an_analysts_words(string text, string message)
    {
        var diagnostic = Parse(text).Diagnostics.Should().ContainSingle().Subject;
        diagnostic.Code.Should().Be("PD0001");
        diagnostic.Message.Should().Contain(message);
        diagnostic.Message.Should().NotContainAny("recently consumed", "Parsing failure", "unexpected input");
    }

    [Theory]
    [InlineData("never")]
    [InlineData("fact")]
    [InlineData("expect")]
    [InlineData("not")]
    public void A_rule_named_by_a_reserved_word_is_one_statement_and_the_error_says_the_name_is_reserved(string word)
    {
        // Issue 25: "rule never:" was split at 'never' into two statements, with "expected 'if'" at the rule.
        var result = Parse($"fact a\nrule {word}: if a then b\n");
        var diagnostic = result.Diagnostics.Should().ContainSingle().Subject;
        diagnostic.Start.Should().Be(new LinePosition(2, 6));
        diagnostic.Message.Should().Contain($"'{word}' is a reserved word and cannot name a rule: rename the rule");
        result.Tree.Statements.Should().HaveCount(2);
    }

    [Fact]
    public void Error_points_at_the_offending_token()
    {
        var diagnostic = Parse("rule r: if a < then b").Diagnostics.Single();
        diagnostic.Start.Should().Be(new LinePosition(1, 16));
        diagnostic.Span.Length.Should().Be(4);
    }

    [Fact]
    public void Unterminated_text_is_reported_and_the_next_line_still_parses()
    {
        var result = Parse("fact a per s \"no end\nfact b");
        result.Diagnostics.Should().ContainSingle().Which.Code.Should().Be(DiagnosticCatalog.UnterminatedString.Code);
        result.Tree.Statements[1].Should().BeOfType<FactStatement>();
    }

    [Fact]
    [Raises("PD0007")]
    public void Control_characters_are_refused()
    {
        var diagnostic = Parse("fact a\u0001").Diagnostics.Should().ContainSingle().Subject;
        diagnostic.Code.Should().Be(DiagnosticCatalog.InvalidCharacter.Code);
        diagnostic.Message.Should().Contain("U+0001");
    }

    [Fact]
    public void Brace_problems_are_reported()
    {
        Parse("}").Diagnostics.Single().Code.Should().Be(DiagnosticCatalog.UnexpectedCloseBrace.Code);
        Parse("scenario \"s\" {\n fact a\n").Diagnostics.Single().Code.Should().Be(DiagnosticCatalog.UnclosedBlock.Code);
        Parse("scenario \"s\"\nfact a").Diagnostics.Single().Code.Should().Be(DiagnosticCatalog.UnclosedBlock.Code);
    }

    [Fact]
    public void Only_premises_and_expectations_belong_in_a_scenario()
    {
        var result = Parse("scenario \"s\" {\n  rule r: if a then b\n  scenario \"t\" { fact a }\n}");
        result.Diagnostics.Select(d => d.Code).Should().Equal("PD0009", "PD0009");
    }

    [Fact]
    public void Runaway_nesting_is_refused_not_recursed()
    {
        var text = "if " + new string('(', 100_000) + "a" + new string(')', 100_000) + " then b";
        Parse(text).Diagnostics.Should().ContainSingle().Which.Code.Should().Be(DiagnosticCatalog.NestingTooDeep.Code);
    }

    [Fact]
    public void Runaway_length_is_refused()
    {
        var text = "if " + string.Join(" and ", Enumerable.Repeat("a", 15_000)) + " then b";
        Parse(text).Diagnostics.Should().ContainSingle().Which.Code.Should().Be(DiagnosticCatalog.NestingTooDeep.Code);
    }

    [Fact]
    [Raises("PD0006")]
    public void After_a_hundred_errors_the_rest_is_summarised()
    {
        var result = Parse(string.Concat(Enumerable.Repeat("fatc x\n", 500)));
        result.Diagnostics.Should().HaveCount(PolicyParser.MaxSyntaxErrors);
        result.Diagnostics[^1].Code.Should().Be(DiagnosticCatalog.TooManyErrors.Code);
        result.Diagnostics[^1].Message.Should().StartWith("401 more errors in this file are not listed (500 in all)");
    }

    [Fact]
    public void Errors_past_the_listed_ones_are_counted_across_batches_without_being_described()
    {
        // 20,000 broken statements span several parse batches; those after the cap are counted, not described.
        var result = Parse(string.Concat(Enumerable.Range(0, 20_000).Select(i => i % 2 == 0 ? "fatc x\n" : $"fact p{i}\n")));
        result.Diagnostics.Should().HaveCount(PolicyParser.MaxSyntaxErrors);
        result.Diagnostics[^1].Message.Should().StartWith("9,901 more errors in this file are not listed (10,000 in all)");
        result.Tree.Statements.Should().HaveCount(20_000);
    }

    [Fact]
    public void An_empty_file_is_a_warning()
    {
        Parse("  \n// nothing\n").Diagnostics.Should().ContainSingle().Which.Should().Match<Diagnostic>(d => d.Code == "PD0008" && d.Severity == Severity.Warning);
    }

    [Fact]
    public void Parsing_is_deterministic_in_parallel()
    {
        // Large files are parsed on all cores; the tree and the diagnostics must not depend on scheduling.
        var text = string.Concat(Enumerable.Range(0, 5000).Select(i => i % 7 == 0 ? $"fatc x{i}\n" : $"rule r{i}: if a{i} and b then c{i}\n"));
        var first = Parse(text);
        var second = Parse(text);
        first.Diagnostics.Select(d => d.ToString()).Should().Equal(second.Diagnostics.Select(d => d.ToString()));
        first.Diagnostics.Should().HaveCount(PolicyParser.MaxSyntaxErrors);
        first.Tree.Statements.Should().HaveCount(5000);
    }
}
