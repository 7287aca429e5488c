using FluentAssertions;
using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Dsl.Semantics;
using Xunit;

namespace PolicyDsl.Dsl.Tests.Semantics;

/// <summary>What "did you mean" may suggest, and the rewrite of 'no X' to 'not X'.</summary>
public class NameSuggestionTests
{
    [Theory]
    [InlineData("pirce", "price")]
    [InlineData("Rusia", "Russia")]
    [InlineData("enlsit", "enlist")]
    [InlineData("PRICE", "price")]
    public void A_likely_typo_is_suggested(string typed, string expected) =>
        NameSuggestions.Closest(typed, ["price", "Russia", "enlist", "c"]).Should().Be(expected);

    [Theory]
    [InlineData("a")]
    [InlineData("zzzzzz")]
    public void A_name_that_shares_nothing_gets_no_suggestion(string typed) =>
        NameSuggestions.Closest(typed, ["c", "b", "price"]).Should().BeNull("a one-letter name is not a typo of another one");

    [Fact]
    public void No_before_a_relation_reads_as_not()
    {
        var model = Analyzer.Analyze(Workspace.FromText("/tmp/policydsl-suggest/a.policy", "type actor = US | Russia\nfact deal(US, Russia)\n"));
        NameSuggester.Negation(model.Relations, "no_deal").Should().Be("not deal");
        NameSuggester.Negation(model.Relations, "not_deal").Should().Be("not deal");
        NameSuggester.Negation(model.Relations, "no_trade").Should().BeNull();
    }
}
