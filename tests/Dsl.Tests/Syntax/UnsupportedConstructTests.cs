using FluentAssertions;
using PolicyDsl.Dsl.Syntax;
using PolicyDsl.Dsl.Text;
using Xunit;

namespace PolicyDsl.Dsl.Tests.Syntax;

/// <summary>
/// What a newcomer writes from a text that the language does not have: the message says what exists and how to
/// write the figure with it, instead of suggesting an operator.
/// </summary>
public class UnsupportedConstructTests
{
    private static string Message(string text)
    {
        var diagnostics = PolicyParser.Parse(new SourceText("test.policy", text)).Diagnostics;
        diagnostics.Should().ContainSingle();
        diagnostics[0].Code.Should().Be("PD0001");
        diagnostics[0].Message.Should().NotContain("is an operator", "the message explains the missing construct instead");
        return diagnostics[0].Message;
    }

    [Theory]
    [InlineData("fact share(China, Russia) < 50%")]
    [InlineData("fact share(China, Russia) <= 40%")]
    [InlineData("fact share(China, Russia) > 10%")]
    public void A_bound_on_a_premise(string text) =>
        Message(text).Should().Contain("a premise states its value with '='").And.Contain("assume share(China, Russia) in [");

    /// <summary>The example in the message is about the premise the writer wrote, not a fixed one.</summary>
    [Theory]
    [InlineData("fact tariff(US, China) > 100%", "fact tariff(US, China) = ")]
    [InlineData("assume evasion share(China) < 10% with probability 0.7", "assume evasion share(China) in [")]
    public void A_bound_names_the_writers_premise(string text, string example) =>
        Message(text).Should().Contain(example);

    /// <summary>Issue 26, item 6: number forms and unit declarations the language does not have say how to write them.</summary>
    [Theory]
    [InlineData("fact s = 10%..20%", "'..': ranges are not in the language")]
    [InlineData("fact s = 1e5", "scientific notation is not in the language: write the number in full")]
    [InlineData("fact s = 1,000,000", "numbers are written without thousands separators: 1000000")]
    [InlineData("unit km", "units are not declared in the language")]
    [InlineData("fact share(China, Russia) = 40 percent", "a percentage is written with '%' right after the number (40%)")]
    public void A_number_form_the_language_does_not_have(string text, string says) =>
        Message(text).Should().Contain(says);

    [Theory]
    [InlineData("fact distance(China) = 7 km", "'km' is not a unit")]
    [InlineData("rule r: if distance(China) > 300 km then far", "'km' is not a unit")]
    [InlineData("fact reprieve(China) = 1 year", "'year' is a duration")]
    [InlineData("fact term(US) = 6 months", "'months' is a duration")]
    public void A_unit_word_after_a_number(string text, string says) =>
        Message(text).Should().Contain(says).And.Contain("percentages (40%), money ($127B");

    [Theory]
    [InlineData("fact dual_use_share(China, Russia) = about 80%", "'about'")]
    [InlineData("fact tariff(US, China) = between 100% and 999%", "'between'")]
    public void A_range_or_an_approximation(string text, string says) =>
        Message(text).Should().Contain(says).And.Contain("ranges and approximations are not in the language");

    /// <summary>Issue 26, item 3: a statement several texts make cites each of them, one 'per' a line.</summary>
    [Theory]
    [InlineData("fact a\n  per t#c1 \"x\"\n  per u#c2 \"y\"")]
    [InlineData("fact a per t#c1 \"x\"\n  per u#c2 \"y\"")]
    [InlineData("assume a per t#c1 \"x\"\n  per u#c2 \"y\"")]
    [InlineData("rule r: if a then b\n  per t#c1 \"x\"\n  per u#c2 \"y\"")]
    [InlineData("if a then b\n  per t#c1 \"x\"\n  per analyst \"mine too\"")]
    public void A_second_citation_line_cites_a_second_text(string text)
    {
        var tree = PolicyParser.Parse(new SourceText("test.policy", text));
        tree.Diagnostics.Should().BeEmpty();
        var citations = tree.Tree.Statements.Single() switch
        {
            FactStatement f => f.Citations,
            AssumeStatement a => a.Citations,
            RuleStatement r => r.Citations,
            var other => throw new Xunit.Sdk.XunitException($"parsed as {other}"),
        };
        citations.Select(c => c.Source.Name).Should().HaveCount(2).And.StartWith("t");
    }
}
