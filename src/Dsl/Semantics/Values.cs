using System.Globalization;

namespace PolicyDsl.Dsl.Semantics;

public enum ValueKind
{
    /// <summary>Truth of a relation that has no value (<c>rising_tension</c>).</summary>
    Boolean,
    Number,
    Percent,
    Money,
    Date,
    Text,

    /// <summary>A level of a declared scale; ordered.</summary>
    Level,

    /// <summary>A member of a declared type; unordered.</summary>
    Constant,

    /// <summary>Produced after a reported error, so one mistake is not reported again by every use.</summary>
    Error,
}

/// <summary>A kind of value; scales and types carry their name, so two scales never compare.</summary>
public sealed record DataType(ValueKind Kind, string? Domain = null)
{
    public static readonly DataType Boolean = new(ValueKind.Boolean);
    public static readonly DataType Number = new(ValueKind.Number);
    public static readonly DataType Percent = new(ValueKind.Percent);
    public static readonly DataType Money = new(ValueKind.Money);
    public static readonly DataType Date = new(ValueKind.Date);
    public static readonly DataType Text = new(ValueKind.Text);
    public static readonly DataType Error = new(ValueKind.Error);

    public bool IsOrdered => Kind is ValueKind.Number or ValueKind.Percent or ValueKind.Money or ValueKind.Date or ValueKind.Level;

    public bool IsNumeric => Kind is ValueKind.Number or ValueKind.Percent or ValueKind.Money;

    /// <summary>How a message names it: "a stake level", "an actor", "money".</summary>
    public string Describe() => Kind switch
    {
        ValueKind.Boolean => "a truth value",
        ValueKind.Number => "a number",
        ValueKind.Percent => "a percentage",
        ValueKind.Money => "money",
        ValueKind.Date => "a date",
        ValueKind.Text => "text",
        ValueKind.Level => $"a {Domain} level",
        ValueKind.Constant => (Domain is { Length: > 0 } d && "aeiouAEIOU".Contains(d[0]) ? "an " : "a ") + Domain,
        _ => "an erroneous value",
    };

    public override string ToString() => Kind switch
    {
        ValueKind.Level or ValueKind.Constant => Domain!,

        // A parameter whose type an error left undecided; messages show a placeholder, never the word "error".
        ValueKind.Error => "?",
        _ => Kind.ToString().ToLowerInvariant(),
    };
}

/// <summary>
/// A value: numbers, percentages (57 for 57%), money (in dollars), dates (day number), text, scale levels
/// (ordinal) and constants. Equality is by kind, domain and value, so 57% never equals 57.
/// </summary>
public readonly record struct Value(ValueKind Kind, decimal Number, string? Text, string? Domain)
{
    public static Value OfNumber(ValueKind kind, decimal number) => new(kind, number, null, null);

    public static Value OfDate(DateOnly date) => new(ValueKind.Date, date.DayNumber, null, null);

    public static Value OfText(string text) => new(ValueKind.Text, 0, text, null);

    public static Value OfLevel(string scale, int ordinal, string name) => new(ValueKind.Level, ordinal, name, scale);

    public static Value OfConstant(string type, string name) => new(ValueKind.Constant, 0, name, type);

    public DataType Type => Kind switch
    {
        ValueKind.Level or ValueKind.Constant => new DataType(Kind, Domain),
        _ => new DataType(Kind),
    };

    /// <summary>Orders values of one kind; callers only compare values whose types matched in the binder.</summary>
    public int CompareTo(Value other) => Kind switch
    {
        ValueKind.Text or ValueKind.Constant => string.CompareOrdinal(Text, other.Text),
        _ => Number.CompareTo(other.Number),
    };

    /// <summary>The value as the language writes it, so reports can be pasted back into a file.</summary>
    public override string ToString() => Kind switch
    {
        ValueKind.Number => FormatNumber(Number),
        ValueKind.Percent => FormatNumber(Number) + "%",
        ValueKind.Money => FormatMoney(Number),
        ValueKind.Date => DateOnly.FromDayNumber((int)Number).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ValueKind.Text => "\"" + Text + "\"",
        ValueKind.Level or ValueKind.Constant => Text ?? string.Empty,
        _ => "?",
    };

    // Arithmetic and order for C# over the model (the REPL): the language's units rule, or an exception that says why not.
    public static Value operator +(Value x, Value y) => ValueArithmetic.Operate(Syntax.BinaryOperator.Add, x, y);

    public static Value operator -(Value x, Value y) => ValueArithmetic.Operate(Syntax.BinaryOperator.Subtract, x, y);

    public static Value operator *(Value x, Value y) => ValueArithmetic.Operate(Syntax.BinaryOperator.Multiply, x, y);

    public static Value operator /(Value x, Value y) => ValueArithmetic.Operate(Syntax.BinaryOperator.Divide, x, y);

    public static Value operator *(Value x, decimal factor) => x * OfNumber(ValueKind.Number, factor);

    public static Value operator /(Value x, decimal divisor) => x / OfNumber(ValueKind.Number, divisor);

    public static bool operator <(Value x, Value y) => ValueArithmetic.Compare(x, y) < 0;

    public static bool operator >(Value x, Value y) => ValueArithmetic.Compare(x, y) > 0;

    public static bool operator <=(Value x, Value y) => ValueArithmetic.Compare(x, y) <= 0;

    public static bool operator >=(Value x, Value y) => ValueArithmetic.Compare(x, y) >= 0;

    public static string FormatNumber(decimal number) => number.ToString("0.############################", CultureInfo.InvariantCulture);

    private static string FormatMoney(decimal amount)
    {
        var sign = amount < 0 ? "-" : string.Empty;
        var a = Math.Abs(amount);
        return a switch
        {
            >= 1e12m => $"{sign}${FormatNumber(a / 1e12m)}T",
            >= 1e9m => $"{sign}${FormatNumber(a / 1e9m)}B",
            >= 1e6m => $"{sign}${FormatNumber(a / 1e6m)}M",
            _ => $"{sign}${FormatNumber(a)}",
        };
    }
}
