using System.Globalization;
using System.Text;

namespace PolicyDsl.Dsl.Text;

/// <summary>
/// Text from a file or a file name as a terminal or a CI log may show it: control characters (ESC, BEL, CR, a
/// newline in a file name) and bidirectional controls are written as escapes, so nothing a file holds can move the
/// cursor, recolour the screen or forge an output line such as a GitHub Actions '::error' command.
/// </summary>
public static class DisplayText
{
    public static bool IsBidiControl(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F' or '\u061C';

    public static bool NeedsEscape(char c) => (char.IsControl(c) && c != '\t') || IsBidiControl(c) || char.IsSurrogate(c);

    /// <summary>The text with every control character escaped (<c>\n</c>, <c>\r</c>, <c>\u001B</c>); tabs stay.</summary>
    public static string Escape(string text)
    {
        var first = IndexToEscape(text);
        if (first < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 8).Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            AppendEscaped(builder, text, ref i);
        }

        return builder.ToString();
    }

    /// <summary>
    /// A report as it goes out (to a terminal, a log, a JSON or SARIF document): like <see cref="Escape"/>, but line
    /// breaks are the report's own and stay. Inside a JSON string a raw control or bidirectional character can only
    /// be one the writer let through, and its escape here (<c>\u202E</c>) is a valid JSON escape, so one filter
    /// serves every format.
    /// </summary>
    public static string EscapeOutput(string text)
    {
        var first = IndexToEscape(text, keepLineBreaks: true);
        if (first < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 8).Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                builder.Append('\n');
                continue;
            }

            AppendEscaped(builder, text, ref i);
        }

        return builder.ToString();
    }

    /// <summary>One character as <see cref="Escape"/> writes it; a valid surrogate pair is kept whole.</summary>
    public static void AppendEscaped(StringBuilder builder, string text, ref int i)
    {
        var c = text[i];
        if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
        {
            builder.Append(c).Append(text[++i]);
            return;
        }

        if (!NeedsEscape(c))
        {
            builder.Append(c);
            return;
        }

        builder.Append(c switch
        {
            '\n' => "\\n",
            '\r' => "\\r",
            _ => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
        });
    }

    /// <summary>
    /// The first character <see cref="NeedsEscape"/> may be true of (a surrogate may be half of a valid pair), by
    /// vectorised range searches: most text holds none.
    /// </summary>
    private static int FirstCandidate(ReadOnlySpan<char> text)
    {
        var first = int.MaxValue;
        Consider(text.IndexOfAnyInRange('\0', '\u001F'));
        Consider(text.IndexOfAnyInRange('\u007F', '\u009F'));
        Consider(text.IndexOfAnyInRange('\u200E', '\u200F'));
        Consider(text.IndexOfAnyInRange('\u202A', '\u202E'));
        Consider(text.IndexOfAnyInRange('\u2066', '\u2069'));
        Consider(text.IndexOf('\u061C'));
        Consider(text.IndexOfAnyInRange('\uD800', '\uDFFF'));
        return first == int.MaxValue ? -1 : first;

        void Consider(int at)
        {
            if (at >= 0 && at < first)
            {
                first = at;
            }
        }
    }

    private static int IndexToEscape(string text, bool keepLineBreaks = false)
    {
        var first = FirstCandidate(text);
        if (first < 0)
        {
            return -1;
        }

        for (var i = first; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (NeedsEscape(text[i]) && !(keepLineBreaks && text[i] == '\n'))
            {
                return i;
            }
        }

        return -1;
    }
}
