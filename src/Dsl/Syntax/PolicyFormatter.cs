using System.Text;
using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Dsl.Text;

namespace PolicyDsl.Dsl.Syntax;

/// <summary>A file formatted, or refused: the text in canonical layout, or the syntax errors that stop it.</summary>
public sealed record FormatResult(string? Text, IReadOnlyList<Diagnostic> Errors)
{
    public bool Refused => Text is null;
}

/// <summary>
/// The canonical layout of an argument file (<c>policydsl fmt</c>, the language server's formatting). It changes
/// white space only, so a formatted file holds the same words in the same order and binds to the same model:
/// <list type="bullet">
/// <item>each statement starts a line in the first column (inside a scenario block, indented by two), and its
/// continuation lines are indented by two more;</item>
/// <item>runs of spaces and tabs between words become one space; a comment after code is set off by two;
/// trailing white space goes;</item>
/// <item>a one-line premise (<c>fact</c>, <c>assume</c>) that cites has its <c>per</c> in one column, after
/// <see cref="AlignLimit"/> characters, as the samples have it, so consecutive premises line up (a premise longer
/// than that is followed by two spaces); one fixed column, so adding a longer premise re-aligns no other line;</item>
/// <item>comments stay where they are, indented as the statement they precede; blank lines between groups are kept,
/// one at most; the file ends with one line break;</item>
/// <item>a scenario block has its header on one line ending in <c>{</c>, its statements indented, <c>}</c> alone.</item>
/// </list>
/// A file with syntax errors is refused, so nothing is formatted around a statement the grammar could not read.
/// </summary>
public static class PolicyFormatter
{
    /// <summary>A one-line premise's <c>per</c> starts after this many characters (the samples' column), or two spaces after a longer premise.</summary>
    public const int AlignLimit = 52;

    private const string Indent = "  ";

    public static FormatResult Format(SourceText source)
    {
        var parsed = PolicyParser.Parse(source, mayBeEmpty: true);
        var errors = parsed.Diagnostics.Where(d => d.IsError).ToList();
        if (errors.Count > 0)
        {
            return new FormatResult(null, errors);
        }

        // Spans are of the text as given; line breaks (\r\n too) become \n as the layout is written.
        var chunks = StatementSplitter.Split(source, new DiagnosticBag());
        var writer = new LayoutWriter(source.Text);
        writer.Chunks(chunks, 0, 0, source.Text.Length);
        return new FormatResult(writer.Finish(), []);
    }

    /// <summary>Formats text as a file (the path only names it in diagnostics).</summary>
    public static FormatResult Format(string path, string text) => Format(new SourceText(path, text));

    /// <summary>One output line: its text, and for a one-line cited premise where its <c>per</c> starts.</summary>
    private sealed record Line(string Text, int PerAt = -1)
    {
        public bool IsBlank => Text.Length == 0;
    }

    private sealed class LayoutWriter(string text)
    {
        private readonly List<Line> lines = [];
        private bool pendingBlank;

        /// <summary>Writes the chunks of a region (the file, or a block's body), with the comments and blank lines between them.</summary>
        public void Chunks(IReadOnlyList<Chunk> chunks, int depth, int from, int to)
        {
            var at = from;
            foreach (var chunk in chunks)
            {
                Trivia(at, chunk.Span.Start, depth);
                switch (chunk)
                {
                    case StatementChunk statement:
                        Statement(statement.Span, depth);
                        break;
                    case BlockChunk block:
                        Block(block, depth);
                        break;
                }

                at = chunk.Span.End;
            }

            Trivia(at, to, depth);
        }

        private void Block(BlockChunk block, int depth)
        {
            var prefix = Repeat(depth);
            var header = Normalize(text[block.Header.Start..block.Header.End].Replace('\n', ' ')).TrimEnd('{').TrimEnd();
            Add(new Line(prefix + header + " {"));
            var bodyEnd = block.Closed ? text.LastIndexOf('}', block.Span.End - 1) : block.Span.End;
            Chunks(block.Body, depth + 1, block.Header.End, bodyEnd);
            pendingBlank = false;
            Add(new Line(prefix + "}"));
        }

        /// <summary>
        /// The text between statements: a comment on the line where the previous statement ended stays on that line;
        /// comment lines are indented as the statement that follows; blank lines become one at most.
        /// </summary>
        private void Trivia(int from, int to, int depth)
        {
            if (from >= to)
            {
                return;
            }

            var gap = text[from..to];
            var parts = gap.Split('\n');
            for (var i = 0; i < parts.Length; i++)
            {
                var part = parts[i].Trim(' ', '\t', '\r', '\f', '\uFEFF');
                if (i == 0 && from > 0 && text[from - 1] != '\n')
                {
                    // Still on the line of what came before: a trailing comment, or nothing.
                    if (part.Length > 0 && lines.Count > 0)
                    {
                        var last = lines[^1];
                        lines[^1] = last with { Text = last.Text + "  " + part };
                    }

                    continue;
                }

                if (part.Length == 0)
                {
                    // The last part is the start of the line the next statement is on, not a line of its own.
                    if (i < parts.Length - 1 || to == text.Length)
                    {
                        pendingBlank = lines.Count > 0;
                    }

                    continue;
                }

                Add(new Line(Repeat(depth) + part));
            }
        }

        private void Statement(TextSpan span, int depth)
        {
            var statement = text[span.Start..span.End].Split('\n');
            // A cited premise's first 'per' is aligned; further lines that are only citations (other texts that
            // state it) do not stop that.
            var citedPremise = statement.Skip(1).All(l => Normalize(l) is var n && (n.Length == 0 || n.StartsWith("per ", StringComparison.Ordinal)));
            var first = true;
            foreach (var raw in statement)
            {
                var line = Normalize(raw);
                if (line.Length == 0)
                {
                    pendingBlank = !first;
                    continue;
                }

                var prefix = Repeat(first ? depth : depth + 1);
                var perAt = first && citedPremise ? CitationStart(line) : -1;
                Add(new Line(prefix + line, perAt < 0 ? -1 : prefix.Length + perAt));
                first = false;
            }
        }

        private void Add(Line line)
        {
            if (pendingBlank && lines.Count > 0 && !lines[^1].Text.EndsWith('{'))
            {
                lines.Add(new Line(string.Empty));
            }

            pendingBlank = false;
            lines.Add(line);
        }

        /// <summary>The lines joined, the <c>per</c> of each one-line cited premise in its column.</summary>
        public string Finish()
        {
            var output = new StringBuilder();
            foreach (var line in lines)
            {
                if (line.PerAt < 0)
                {
                    output.Append(line.Text).Append('\n');
                    continue;
                }

                var head = line.Text[..line.PerAt].TrimEnd();
                output.Append(head.Length + 2 <= AlignLimit ? head.PadRight(AlignLimit) : head + "  ").Append(line.Text[line.PerAt..]).Append('\n');
            }

            return output.ToString();
        }

        private static string Repeat(int depth) => string.Concat(Enumerable.Repeat(Indent, depth));
    }

    /// <summary>
    /// A line with its runs of white space outside text and comments made one space, trimmed, and a comment after
    /// code set off by two spaces.
    /// </summary>
    internal static string Normalize(string line)
    {
        var output = new StringBuilder(line.Length);
        var space = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c is ' ' or '\t' or '\r' or '\f' or '\uFEFF')
            {
                space = output.Length > 0;
                continue;
            }

            if (c == '/' && i + 1 < line.Length && line[i + 1] == '/')
            {
                output.Append(output.Length > 0 ? "  " : string.Empty).Append(line[i..].TrimEnd());
                return output.ToString();
            }

            if (space)
            {
                output.Append(' ');
                space = false;
            }

            if (c == '"')
            {
                var end = i + 1;
                while (end < line.Length && line[end] != '"')
                {
                    end += line[end] == '\\' && end + 1 < line.Length ? 2 : 1;
                }

                end = Math.Min(end + 1, line.Length);
                output.Append(line, i, end - i);
                i = end - 1;
                continue;
            }

            output.Append(c);
        }

        return output.ToString();
    }

    /// <summary>Where a one-line premise's citation (<c>per</c> outside text) starts, or -1 for any other line.</summary>
    private static int CitationStart(string line)
    {
        if (!line.StartsWith("fact ", StringComparison.Ordinal) && !line.StartsWith("assume ", StringComparison.Ordinal))
        {
            return -1;
        }

        var inText = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '"')
            {
                inText = !inText;
            }
            else if (c == '\\' && inText)
            {
                i++;
            }
            else if (!inText && c == '/' && i + 1 < line.Length && line[i + 1] == '/')
            {
                return -1;
            }
            else if (!inText && c == 'p' && line[i - 1] == ' ' && string.CompareOrdinal(line, i, "per", 0, 3) == 0 && (i + 3 == line.Length || !StatementSplitter.IsWordPart(line[i + 3])))
            {
                return i;
            }
        }

        return -1;
    }
}
