using FluentAssertions;
using PolicyDsl.Dsl.Syntax;
using Xunit;

namespace PolicyDsl.Dsl.Tests.Syntax;

/// <summary>The lexicon is the one list of the language's words: everything that knows keywords agrees with it.</summary>
public class LexiconTests
{
    [Fact]
    public void Every_statement_keyword_has_a_grammar_and_every_grammar_a_keyword()
    {
        // 'scenario' opens a block, which the parser reads itself; every other statement has its production.
        Grammar.Statements.Keys.Should().BeEquivalentTo(Lexicon.StatementKeywords.Where(k => k != "scenario"));
    }

    [Theory]
    [InlineData("fact", true)]
    [InlineData("assume", true)]
    [InlineData("expect", true)]
    [InlineData("rule", false)]
    [InlineData("type", false)]
    public void A_scenario_block_holds_premises_and_expectations_only(string keyword, bool allowed)
    {
        Lexicon.MayStandInScenario(keyword).Should().Be(allowed);
        var parsed = PolicyParser.ParseText("t.policy", $"scenario \"s\" {{\n  {keyword} {(keyword is "rule" ? "r: if a then b" : keyword is "type" ? "t = A" : "a")}\n}}\n");
        parsed.Diagnostics.Any(d => d.Code == "PD0009").Should().Be(!allowed);
    }

    [Fact]
    public void Reserved_words_cannot_name_a_relation()
    {
        foreach (var word in Lexicon.ReservedWords)
        {
            PolicyParser.ParseText("t.policy", $"fact {word}\n").HasErrors.Should().BeTrue("'{0}' is reserved", word);
        }
    }

    [Fact]
    public void A_misspelt_keyword_is_matched_against_the_lexicon()
    {
        PolicyParser.ParseText("t.policy", "fatc a\n").Diagnostics.Single().Message.Should().Be("unknown statement 'fatc'; did you mean 'fact'?");
        PolicyParser.ParseText("t.policy", "zzzzzz a\n").Diagnostics.Single().Message
            .Should().Be("a statement starts with a keyword (fact, rule, if, never, expect, assume, type, scale, source, import), found 'zzzzzz'");
    }
}
