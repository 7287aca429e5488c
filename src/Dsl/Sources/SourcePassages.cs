using System.Text;

namespace PolicyDsl.Dsl.Sources;

/// <summary>A span of a passage's text: where the quoted words are.</summary>
public readonly record struct PassageMark(int Start, int Length);

/// <summary>
/// The words of a source document a citation points to, as written (anchors left out), and where its quotation
/// occurs in them.
/// </summary>
public sealed record Passage(string Text, IReadOnlyList<PassageMark> Marks);

/// <summary>
/// Reads the passages citations point to, the way the citation check checks them: a claim runs from the
/// line of its <c>{#anchor}</c> to the next anchor's line, and quoted words match ignoring case, runs of white space
/// and typographic quote styles.
/// </summary>
public static class SourcePassages
{
    /// <summary>The document's title: its first Markdown heading of level one, or null.</summary>
    public static string? Title(string raw)
    {
        foreach (var line in raw.Split('\n'))
        {
            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                return WithoutAnchors(line[2..]).Trim();
            }
        }

        return null;
    }

    /// <summary>A claim's heading: its first line, without anchors and Markdown's heading marks.</summary>
    public static string Heading(string section) => WithoutAnchors(section.Split('\n')[0]).TrimStart('#').Trim();

    /// <summary>
    /// The passage of a citation: the anchored claim when an anchor is named; else the paragraph holding the quote;
    /// null when the anchor does not exist, or there is neither an anchor nor a quote found.
    /// </summary>
    public static Passage? Find(string raw, string? anchor, string? quote)
    {
        raw = raw.Replace("\r\n", "\n", StringComparison.Ordinal);
        string? text = null;
        if (anchor is not null)
        {
            text = Section(raw, anchor);
            if (text is null)
            {
                return null;
            }
        }
        else if (quote is not null)
        {
            var wanted = QuoteText.Normalize(quote);
            text = raw.Split("\n\n").Select(p => p.Trim('\n')).FirstOrDefault(p => QuoteText.Normalize(p).Contains(wanted, StringComparison.Ordinal));
            if (text is null)
            {
                return null;
            }
        }

        if (text is null)
        {
            return null;
        }

        text = WithoutAnchors(text).TrimEnd();
        return new Passage(text, quote is null ? [] : Occurrences(text, quote));
    }

    /// <summary>Where the quoted words occur in a text, compared as the checker compares them.</summary>
    public static IReadOnlyList<PassageMark> Occurrences(string text, string quote)
    {
        var wanted = QuoteText.Normalize(quote);
        if (wanted.Length == 0)
        {
            return [];
        }

        // The normalized text, and for each of its characters the index of the character of the text it came from.
        var normalized = new StringBuilder(text.Length);
        var origin = new List<int>(text.Length);
        var space = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = QuoteText.Normalize(text[i].ToString());
            if (c.Length == 0)
            {
                space = normalized.Length > 0 && space < 0 ? i : space;
                continue;
            }

            if (space >= 0)
            {
                normalized.Append(' ');
                origin.Add(space);
                space = -1;
            }

            normalized.Append(c[0]);
            origin.Add(i);
        }

        var marks = new List<PassageMark>();
        var haystack = normalized.ToString();
        for (var at = haystack.IndexOf(wanted, StringComparison.Ordinal); at >= 0; at = haystack.IndexOf(wanted, at + wanted.Length, StringComparison.Ordinal))
        {
            var start = origin[at];
            var end = origin[at + wanted.Length - 1] + 1;
            marks.Add(new PassageMark(start, end - start));
        }

        return marks;
    }

    /// <summary>The raw text of the claim anchored <paramref name="anchor"/>, from its heading line to the next anchor's line.</summary>
    private static string? Section(string raw, string anchor) => Sections(raw).GetValueOrDefault(anchor);

    /// <summary>
    /// Every anchored claim of a document, as written: a claim runs from the line of its <c>{#anchor}</c> (the heading
    /// that carries it belongs to the claim) to the line of the next anchor. The first claim of a name counts.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Sections(string raw)
    {
        var marks = new List<(string Name, int Start)>();
        var i = 0;
        while ((i = raw.IndexOf("{#", i, StringComparison.Ordinal)) >= 0)
        {
            var end = raw.IndexOf('}', i);
            if (end < 0)
            {
                break;
            }

            marks.Add((raw[(i + 2)..end], end + 1));
            i = end + 1;
        }

        var sections = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var k = 0; k < marks.Count; k++)
        {
            var lineStart = raw.LastIndexOf('\n', Math.Max(0, marks[k].Start - 1)) + 1;
            var until = k + 1 < marks.Count ? raw.LastIndexOf('\n', marks[k + 1].Start - 1) + 1 : raw.Length;
            sections.TryAdd(marks[k].Name, raw[lineStart..Math.Max(lineStart, until)]);
        }

        return sections;
    }

    /// <summary>The text without its <c>{#anchor}</c> marks (and the space before one).</summary>
    private static string WithoutAnchors(string text)
    {
        var builder = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var open = text.IndexOf("{#", i, StringComparison.Ordinal);
            var close = open < 0 ? -1 : text.IndexOf('}', open);
            if (close < 0)
            {
                builder.Append(text, i, text.Length - i);
                break;
            }

            builder.Append(text, i, open - i);
            while (builder.Length > 0 && builder[^1] == ' ')
            {
                builder.Length--;
            }

            i = close + 1;
        }

        return builder.ToString();
    }
}
