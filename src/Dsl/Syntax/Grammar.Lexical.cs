using System.Collections.Immutable;
using System.Globalization;
using PolicyDsl.Dsl.Text;
using Sprache;

namespace PolicyDsl.Dsl.Syntax;

/// <summary>
/// The lexical layer of the grammar: trivia, words, names and keywords, symbols, text, literals, anchors, and the
/// span and list helpers the layers above share. Written by hand over <see cref="SliceInput"/> rather than with
/// Sprache's character parsers: a word is read once per position and cached on the input (the parser asks for the
/// same word many times while trying alternatives), which measured several times faster on 100,000 rules.
/// </summary>
internal static class LexicalGrammar
{
    // A concrete set, asked once per word the grammar reads: an interface call here showed in the parse time of 100,000 rules.
    internal static readonly HashSet<string> ReservedWords = new(Lexicon.ReservedWords, StringComparer.Ordinal);

    internal readonly record struct Token(string Text, TextSpan Span);


    /// <summary>
    /// The input as what it always is here. Sprache's parsers take <see cref="IInput"/>; the parser gives them only
    /// <see cref="SliceInput"/>s, whose word cache and direct text access the hand-written lexical parsers need (a
    /// Sprache character parser per token measured several times slower on 100,000 rules). The cast lives here only.
    /// </summary>
    internal static SliceInput Slice(this IInput input) => (SliceInput)input;

    /// <summary>Where the next token starts: the cached word's start when a parser already read it, else past the trivia.</summary>
    internal static int NextTokenStart(SliceInput input) => input.WordCache?.Start ?? SkipTrivia(input);

    internal static int SkipTrivia(SliceInput input)
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
    internal static IResult<T> Fail<T>(SliceInput input, int at, string expectation) =>
        Result.Failure<T>(input.MoveTo(at), "unexpected input", [expectation]);

    /// <summary>Any word, keywords included.</summary>
    internal static readonly string[] NameExpectation = ["a name"];

    /// <summary>The word at the next token, read once per input position and allocating nothing after; empty text if none.</summary>
    internal static (string Text, int Start, int End, SliceInput After) PeekWord(SliceInput input)
    {
        if (input.WordCache is { } cached)
        {
            return cached;
        }

        var start = SkipTrivia(input);
        var p = start;
        if (!StatementSplitter.IsWordStart(input.At(p)))
        {
            input.WordCache = (string.Empty, start, start, input);
            return input.WordCache.Value;
        }

        while (p < input.End && StatementSplitter.IsWordPart(input.Source[p]))
        {
            p++;
        }

        input.WordCache = (input.Source[start..p], start, p, input.MoveTo(p));
        return input.WordCache.Value;
    }

    internal static readonly Parser<Token> AnyWord = i =>
    {
        var input = i.Slice();
        var word = PeekWord(input);
        return word.Text.Length == 0
            ? Result.Failure<Token>(input, "unexpected input", NameExpectation)
            : Result.Success(new Token(word.Text, TextSpan.FromBounds(word.Start, word.End)), word.After);
    };

    /// <summary>The next word if it is not reserved, as an identifier; nothing allocated when it is not.</summary>
    internal static (Identifier Name, SliceInput After)? PeekName(SliceInput input)
    {
        var word = PeekWord(input);
        return word.Text.Length == 0 || ReservedWords.Contains(word.Text)
            ? null
            : (new Identifier(word.Text, TextSpan.FromBounds(word.Start, word.End)), word.After);
    }

    internal static bool IsKeyword(SliceInput input, string keyword, out (string Text, int Start, int End, SliceInput After) word)
    {
        word = PeekWord(input);
        return word.Text == keyword;
    }

    internal static Parser<Identifier> Name(string expectation)
    {
        string[] expected = [expectation];
        return i =>
        {
            var result = AnyWord(i);
            if (!result.WasSuccessful || ReservedWords.Contains(result.Value.Text))
            {
                return Result.Failure<Identifier>(i, "unexpected input", expected);
            }

            return Result.Success(new Identifier(result.Value.Text, result.Value.Span), result.Remainder);
        };
    }

    /// <summary>A keyword or a contextual word such as <c>probability</c>; matched as a whole word.</summary>
    public static Parser<TextSpan> Keyword(string word)
    {
        string[] expected = [$"'{word}'"];
        return i =>
        {
            var result = AnyWord(i);
            return result.WasSuccessful && result.Value.Text == word
                ? Result.Success(result.Value.Span, result.Remainder)
                : Result.Failure<TextSpan>(i, "unexpected input", expected);
        };
    }

    internal static Parser<TextSpan> Symbol(string symbol)
    {
        string[] expected = [$"'{symbol}'"];
        return i =>
        {
            var input = i.Slice();
            var start = NextTokenStart(input);
            for (var k = 0; k < symbol.Length; k++)
            {
                if (input.At(start + k) != symbol[k])
                {
                    return Result.Failure<TextSpan>(input, "unexpected input", expected);
                }
            }

            return Result.Success(new TextSpan(start, symbol.Length), input.MoveTo(start + symbol.Length));
        };
    }

    internal static readonly Parser<StringLiteral> TextLiteral = i =>
    {
        var input = i.Slice();
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

    internal static readonly Dictionary<string, decimal> MoneyWords = new(StringComparer.Ordinal)
    {
        ["K"] = 1e3m,
        ["M"] = 1e6m,
        ["B"] = 1e9m,
        ["T"] = 1e12m,
        ["thousand"] = 1e3m,
        ["million"] = 1e6m,
        ["billion"] = 1e9m,
        ["trillion"] = 1e12m,
    };

    /// <summary>Numbers, percentages (57%), money ($237B, $1.2T, US$237 billion) and dates (2025-10-30).</summary>
    internal static readonly Parser<LiteralExpression> Literal = i =>
    {
        var input = i.Slice();
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
                // Amounts are decimals (28 digits): past that the scale word would overflow, which is the literal's fault.
                if (number > decimal.MaxValue / factor)
                {
                    return Fail<LiteralExpression>(input, start, "an amount of at most 28 digits, its scale word included");
                }

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
    internal static readonly Parser<StringLiteral> Anchor = i =>
    {
        var input = i.Slice();
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

    internal static Parser<T> Spanned<T>(Parser<Func<TextSpan, T>> parser) => i =>
    {
        var input = i.Slice();
        var start = SkipTrivia(input);
        var result = parser(i);
        if (!result.WasSuccessful)
        {
            return Result.Failure<T>(result.Remainder, result.Message, result.Expectations);
        }

        return Result.Success(result.Value(TextSpan.FromBounds(start, result.Remainder.Position)), result.Remainder);
    };

    internal static Parser<ImmutableArray<T>> CommaList<T>(Parser<T> item) =>
        from first in item
        from rest in Symbol(",").Then(_ => item).XMany()
        select ImmutableArray.Create(first).AddRange(rest);
}
