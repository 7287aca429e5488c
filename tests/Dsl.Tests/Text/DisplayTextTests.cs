using FluentAssertions;
using PolicyDsl.Dsl.Text;
using Xunit;

namespace PolicyDsl.Dsl.Tests.Text;

public sealed class DisplayTextTests
{
    [Theory]
    [InlineData("plain text, tabs\tstay", "plain text, tabs\tstay")]
    [InlineData("a\nb\rc", "a\\nb\\rc")]
    [InlineData("\u001b[2J\u0007", "\\u001B[2J\\u0007")]
    [InlineData("x\u202ey", "x\\u202Ey")]
    [InlineData("\u0085 and \u007f", "\\u0085 and \\u007F")]
    [InlineData("pair \ud83d\ude00 kept", "pair \ud83d\ude00 kept")]
    public void Control_characters_are_escaped_and_nothing_else(string text, string shown)
    {
        DisplayText.Escape(text).Should().Be(shown);
        DisplayText.Escape(shown).Should().Be(shown, "escaping what is escaped changes nothing");
    }

    [Fact]
    public void A_lone_surrogate_is_escaped()
    {
        // Built here: test data attributes do not carry a lone surrogate through.
        DisplayText.Escape("lone " + (char)0xD800 + " half").Should().Be("lone \\uD800 half");
    }

    [Fact]
    public void Text_with_nothing_to_escape_is_the_same_string()
    {
        var text = "no_deal(US, Russia) is derived both ways";
        DisplayText.Escape(text).Should().BeSameAs(text);
    }
}
