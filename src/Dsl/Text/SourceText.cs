namespace PolicyDsl.Dsl.Text;

/// <summary>The text of one argument file with its line map; positions are 0-based offsets, lines and columns 1-based.</summary>
public sealed class SourceText
{
    private readonly int[] lineStarts;

    public SourceText(string path, string text, string? fullPath = null)
    {
        Path = path;
        FullPath = fullPath;
        Text = WithLoneCarriageReturnsAsLineFeeds(text);
        var starts = new List<int> { 0 };
        for (var i = 0; i < Text.Length; i++)
        {
            if (Text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        lineStarts = [.. starts];
    }

    /// <summary>
    /// LF, CRLF and a lone CR (old Mac files) are all line ends, as every editor shows them. A lone CR becomes LF, one
    /// character for one so every offset stays where it was; without it a '//' comment would run to the end of the
    /// file and silently take every statement after it.
    /// </summary>
    private static string WithLoneCarriageReturnsAsLineFeeds(string text)
    {
        var at = text.IndexOf('\r', StringComparison.Ordinal);
        if (at < 0)
        {
            return text;
        }

        var chars = text.ToCharArray();
        for (var i = at; i < chars.Length; i++)
        {
            if (chars[i] == '\r' && (i + 1 == chars.Length || chars[i + 1] != '\n'))
            {
                chars[i] = '\n';
            }
        }

        return new string(chars);
    }

    /// <summary>The path as reports show it (relative to the working folder where it can be; stable, for baselines).</summary>
    public string Path { get; }

    /// <summary>
    /// The file's full path, for resolving what it names (imports, sources) and for identity; null for text that is
    /// not a file (a query, a REPL input, a what-if). Never shown: reports use <see cref="Path"/>.
    /// </summary>
    public string? FullPath { get; }

    public string Text { get; }

    public int LineCount => lineStarts.Length;

    public LinePosition GetPosition(int offset)
    {
        offset = Math.Clamp(offset, 0, Text.Length);
        var index = Array.BinarySearch(lineStarts, offset);
        var line = index >= 0 ? index : ~index - 1;
        return new LinePosition(line + 1, offset - lineStarts[line] + 1);
    }

    /// <summary>The offset of a 1-based line and column, clamped to the line (its end when the column is past it) and to the text.</summary>
    public int GetOffset(int line, int column)
    {
        if (line > lineStarts.Length)
        {
            return Text.Length;
        }

        var start = lineStarts[Math.Max(1, line) - 1];
        var end = line < lineStarts.Length ? lineStarts[line] - 1 : Text.Length;
        return Math.Clamp(start + column - 1, start, end);
    }

    /// <summary>The text of a 1-based line without its line break.</summary>
    public string GetLineText(int line)
    {
        if (line < 1 || line > lineStarts.Length)
        {
            return string.Empty;
        }

        var start = lineStarts[line - 1];
        var end = line < lineStarts.Length ? lineStarts[line] : Text.Length;
        return Text[start..end].TrimEnd('\n', '\r');
    }

    public string this[TextSpan span] => Text.Substring(span.Start, Math.Min(span.Length, Text.Length - span.Start));
}

public readonly record struct LinePosition(int Line, int Column)
{
    public override string ToString() => $"{Line},{Column}";
}
