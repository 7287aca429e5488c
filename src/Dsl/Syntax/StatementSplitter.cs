using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Dsl.Text;

namespace PolicyDsl.Dsl.Syntax;

/// <summary>One statement's text, or a scenario block with the statements inside it.</summary>
internal abstract record Chunk(TextSpan Span);

internal sealed record StatementChunk(TextSpan Span, bool Skip) : Chunk(Span);

internal sealed record BlockChunk(TextSpan Span, TextSpan Header, IReadOnlyList<Chunk> Body, bool Closed) : Chunk(Span);

/// <summary>
/// Cuts a file into statements before the grammar runs, so that one broken statement never hides the next:
/// this is the parser's error recovery. Statements start at their keyword (<c>fact</c>, <c>rule</c>, ...), at a
/// bare <c>if</c> that does not complete a rule header, and scenario blocks are delimited by braces. Problems that
/// are about characters rather than grammar (unterminated text, control characters, runaway nesting) are reported
/// here, and such statements are not handed to the grammar.
/// </summary>
internal sealed class StatementSplitter
{
    /// <summary>Deeper bracket nesting than this is refused: no argument needs it, and it would make the grammar recurse without bound.</summary>
    public const int MaxNesting = 64;

    /// <summary>More words and symbols than this in one statement are refused, for the same reason: every later stage walks the statement's tree.</summary>
    public const int MaxTokens = 20_000;


    private readonly SourceText source;
    private readonly DiagnosticBag diagnostics;
    private readonly string text;
    private int position;

    private StatementSplitter(SourceText source, DiagnosticBag diagnostics)
    {
        this.source = source;
        this.diagnostics = diagnostics;
        text = source.Text;
    }

    public static IReadOnlyList<Chunk> Split(SourceText source, DiagnosticBag diagnostics)
    {
        var splitter = new StatementSplitter(source, diagnostics);
        splitter.ReportForbiddenCharacters();
        var chunks = splitter.ReadChunks(topLevel: true, out _);
        return chunks;
    }

    /// <summary>
    /// Control characters anywhere (in statements, text and comments alike), the first of each line: an ESC in a
    /// comment is still an escape sequence in every terminal that shows the file. Statements holding one are skipped below.
    /// </summary>
    private void ReportForbiddenCharacters()
    {
        var reported = 0;
        var lastLine = -1;
        for (var i = 0; i < text.Length && reported < PolicyParser.MaxSyntaxErrors; i++)
        {
            if (!IsForbiddenCharacter(text[i]))
            {
                continue;
            }

            var line = source.GetPosition(i).Line;
            if (line == lastLine)
            {
                continue;
            }

            lastLine = line;
            reported++;
            diagnostics.Report(DiagnosticCatalog.InvalidCharacter, source, new TextSpan(i, 1),
                $"character {Describe(text[i])} cannot appear in an argument file; is this a binary file, or text pasted with control codes? Delete the character");
        }
    }

    private sealed class Builder
    {
        public int Start = -1;
        public int End;
        public bool IsRuleAwaitingBody;
        public bool Skip;
        public int Depth;
        public bool DepthReported;
        public int Tokens;

        public bool IsOpen => Start >= 0;
    }

    private List<Chunk> ReadChunks(bool topLevel, out int closeEnd)
    {
        var chunks = new List<Chunk>();
        var current = new Builder();
        closeEnd = -1;

        void Flush()
        {
            if (current.IsOpen)
            {
                chunks.Add(new StatementChunk(TextSpan.FromBounds(current.Start, current.End), current.Skip));
            }

            current = new Builder();
        }

        while (true)
        {
            SkipTrivia();
            if (position >= text.Length)
            {
                Flush();
                return chunks;
            }

            var tokenStart = position;
            var c = text[position];
            if (IsWordStart(c))
            {
                var word = ReadWord();
                // Continuation lines are indented; a word in the first column starts a new statement, so that a
                // misspelt keyword ("fatc") is reported on its own line instead of being read into the previous statement.
                var atLineStart = tokenStart == 0 || text[tokenStart - 1] == '\n';
                // A keyword where a rule's name goes ("rule never: ...") is a misnamed rule, not a new statement: the
                // grammar then says the name is reserved.
                var namesRule = current.IsRuleAwaitingBody && current.Tokens == 1 && !atLineStart && word != "if";
                var startsStatement = (Lexicon.StartsStatementAlways(word) && !namesRule)
                    || (word == "if" && !current.IsRuleAwaitingBody)
                    || (word == "scenario" && NextSignificantChar() == '"')
                    || (atLineStart && word != "if" && !Lexicon.IsContinuationWord(word));
                if (startsStatement)
                {
                    Flush();
                    if (word == "scenario")
                    {
                        chunks.Add(ReadBlock(tokenStart));
                        continue;
                    }

                    current.Start = tokenStart;
                    current.IsRuleAwaitingBody = word == "rule";
                }
                else if (word == "then")
                {
                    current.IsRuleAwaitingBody = false;
                }

                Extend(current, tokenStart);
                continue;
            }

            switch (c)
            {
                case '"':
                    if (!ReadString())
                    {
                        current.Skip = true;
                    }

                    Extend(current, tokenStart);
                    break;
                case '}':
                    Flush();
                    position++;
                    if (topLevel)
                    {
                        diagnostics.Report(DiagnosticCatalog.UnexpectedCloseBrace, source, new TextSpan(tokenStart, 1),
                            "this '}' closes no scenario block; remove it, or open the block with scenario \"name\" {");
                        break;
                    }

                    closeEnd = position;
                    return chunks;
                case '(' or '[':
                    position++;
                    Extend(current, tokenStart);
                    current.Depth++;
                    if (current.Depth > MaxNesting && !current.DepthReported)
                    {
                        current.DepthReported = true;
                        current.Skip = true;
                        diagnostics.Report(DiagnosticCatalog.NestingTooDeep, source, new TextSpan(tokenStart, 1),
                            $"brackets are nested more than {MaxNesting} deep here; split the condition into several rules");
                    }

                    break;
                case ')' or ']':
                    position++;
                    Extend(current, tokenStart);
                    current.Depth = Math.Max(0, current.Depth - 1);
                    break;
                default:
                    position++;
                    if (IsForbiddenCharacter(c))
                    {
                        // Reported by ReportForbiddenCharacters; the statement is not handed to the grammar.
                        Extend(current, tokenStart);
                        current.Skip = true;
                        break;
                    }

                    Extend(current, tokenStart);
                    break;
            }
        }
    }

    private BlockChunk ReadBlock(int start)
    {
        // The header runs from 'scenario' to the opening brace (or the end of the line if there is none).
        var headerEnd = start;
        while (position < text.Length)
        {
            SkipTrivia(stopAtNewline: true);
            if (position >= text.Length || text[position] is '\n' or '{')
            {
                break;
            }

            if (text[position] == '"')
            {
                ReadString();
            }
            else if (IsWordStart(text[position]))
            {
                ReadWord();
            }
            else
            {
                position++;
            }

            headerEnd = position;
        }

        if (position >= text.Length || text[position] != '{')
        {
            diagnostics.Report(DiagnosticCatalog.UnclosedBlock, source, TextSpan.FromBounds(start, headerEnd),
                "a scenario needs a body in braces: scenario \"name\" { fact ... expect ... }");
            return new BlockChunk(TextSpan.FromBounds(start, headerEnd), TextSpan.FromBounds(start, headerEnd), [], Closed: false);
        }

        position++; // '{'
        var header = TextSpan.FromBounds(start, position);
        var body = ReadChunks(topLevel: false, out var closeEnd);
        if (closeEnd < 0)
        {
            diagnostics.Report(DiagnosticCatalog.UnclosedBlock, source, header,
                "this scenario block is never closed; add '}' after its last statement");
            return new BlockChunk(TextSpan.FromBounds(start, text.Length), header, body, Closed: false);
        }

        return new BlockChunk(TextSpan.FromBounds(start, closeEnd), header, body, Closed: true);
    }

    private void Extend(Builder current, int tokenStart)
    {
        if (!current.IsOpen)
        {
            // Text before any statement keyword still forms a statement, so the grammar can say what is wrong with it.
            current.Start = tokenStart;
        }

        current.End = position;
        if (++current.Tokens > MaxTokens && !current.DepthReported)
        {
            current.DepthReported = true;
            current.Skip = true;
            diagnostics.Report(DiagnosticCatalog.NestingTooDeep, source, TextSpan.FromBounds(tokenStart, position),
                $"this statement runs to more than {MaxTokens:N0} words and symbols; split it into several rules");
        }
    }

    private char NextSignificantChar()
    {
        var saved = position;
        SkipTrivia();
        var c = position < text.Length ? text[position] : '\0';
        position = saved;
        return c;
    }

    private void SkipTrivia(bool stopAtNewline = false)
    {
        while (position < text.Length)
        {
            var c = text[position];
            if (c == '\n' && stopAtNewline)
            {
                return;
            }

            if (c is ' ' or '\t' or '\r' or '\n' or '\f' or '\uFEFF')
            {
                position++;
            }
            else if (c == '/' && position + 1 < text.Length && text[position + 1] == '/')
            {
                while (position < text.Length && text[position] != '\n')
                {
                    position++;
                }
            }
            else
            {
                return;
            }
        }
    }

    private string ReadWord()
    {
        var start = position;
        while (position < text.Length && IsWordPart(text[position]))
        {
            position++;
        }

        return text[start..position];
    }

    private bool ReadString()
    {
        var start = position;
        position++;
        while (position < text.Length)
        {
            var c = text[position];
            if (c == '\\' && position + 1 < text.Length && text[position + 1] != '\n')
            {
                position += 2;
                continue;
            }

            if (c == '"')
            {
                position++;
                return true;
            }

            if (c == '\n')
            {
                break;
            }

            position++;
        }

        diagnostics.Report(DiagnosticCatalog.UnterminatedString, source, TextSpan.FromBounds(start, position),
            "this text has no closing quote (\"); close it on the same line");
        return false;
    }

    public static bool IsWordStart(char c) => char.IsAsciiLetter(c) || c == '_';

    public static bool IsWordPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static bool IsForbiddenCharacter(char c) =>
        (char.IsControl(c) && c is not ('\t' or '\r' or '\n' or '\f')) || c == '\uFFFD' || char.IsSurrogate(c) || DisplayText.IsBidiControl(c);

    private static string Describe(char c) => c switch
    {
        '\uFFFD' => "U+FFFD (bytes that are not UTF-8 text)",
        _ when DisplayText.IsBidiControl(c) => $"U+{(int)c:X4} (a bidirectional control, which makes text display in another order than it reads)",
        _ => $"U+{(int)c:X4}",
    };
}
