using FluentAssertions;
using PolicyDsl.Dsl.Semantics;
using Xunit;

namespace PolicyDsl.Dsl.Tests.Semantics;

/// <summary>Values compute and compare in C# by the language's units rule, as rules do.</summary>
public class ValueArithmeticTests
{
    private static readonly Value Percent57 = Value.OfNumber(ValueKind.Percent, 57);
    private static readonly Value Percent47 = Value.OfNumber(ValueKind.Percent, 47);
    private static readonly Value Billion = Value.OfNumber(ValueKind.Money, 1_000_000_000);

    [Fact]
    public void Same_kinds_add_and_subtract_and_plain_numbers_scale()
    {
        (Percent57 - Percent47).ToString().Should().Be("10%");
        (Billion + Billion).ToString().Should().Be("$2B");
        (Billion * 3).ToString().Should().Be("$3B");
        (Percent57 * Billion).ToString().Should().Be("$570M", "a percentage of money is money");
        (Billion / Billion).ToString().Should().Be("1", "a kind divided by itself is a plain number");
        (Percent57 > Percent47).Should().BeTrue();
        (Percent47 >= Percent57).Should().BeFalse();
    }

    [Fact]
    public void Kinds_that_do_not_mix_say_why()
    {
        var mixed = () => Percent57 - Billion;
        mixed.Should().Throw<InvalidOperationException>().WithMessage("57% - $1B: a percentage and money do not combine so*");
        var byZero = () => Billion / Value.OfNumber(ValueKind.Number, 0);
        byZero.Should().Throw<InvalidOperationException>().WithMessage("*division by zero");
        var unordered = () => Value.OfConstant("actor", "US") < Value.OfConstant("actor", "China");
        unordered.Should().Throw<InvalidOperationException>().WithMessage("*have no order");
    }
}
