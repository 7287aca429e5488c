using System.Collections.Immutable;
using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Dsl.Text;
using Sprache;

namespace PolicyDsl.Dsl.Syntax;

public sealed record ParseResult(SyntaxTree Tree, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}

/// <summary>Entry point of the syntax stage: text in, a complete tree and every syntax error out. Never throws on input.</summary>
public static class PolicyParser
{
    /// <summary>After this many syntax errors in one file the rest are counted in one diagnostic (the cap of every stage).</summary>
    public const int MaxSyntaxErrors = DiagnosticBag.MaxPerFile;


    /// <summary>Parses a file; <paramref name="mayBeEmpty"/> for text that other files fill (a REPL session over loaded files).</summary>
    public static ParseResult Parse(SourceText source, bool mayBeEmpty = false)
    {
        var diagnostics = new DiagnosticBag();
        var chunks = StatementSplitter.Split(source, diagnostics);
        var parser = new ChunkParser(source, diagnostics);
        var statements = parser.ParseAll(chunks, inScenario: false);
        if (statements.IsEmpty && diagnostics.Count == 0 && !mayBeEmpty)
        {
            diagnostics.Report(DiagnosticCatalog.EmptyFile, source, new TextSpan(0, 0),
                "this argument file states nothing; state an argument, e.g. argument \"Title\" followed by facts, rules and expectations");
        }
        return new ParseResult(new SyntaxTree(source, statements), diagnostics.ToSortedList());
    }

    /// <summary>Parses one statement typed on its own (the REPL); scenario blocks included.</summary>
    public static ParseResult ParseText(string path, string text) => Parse(new SourceText(path, text));

    /// <summary>Parses an expression (a query such as <c>no_deal(US, Russia)</c> or <c>not deal(US, China)</c>).</summary>
    public static (Expression? Expression, IReadOnlyList<Diagnostic> Diagnostics) ParseExpression(SourceText source)
    {
        var input = new SliceInput(source.Text, 0, source.Text.Length);
        var result = ExpressionGrammar.Expr(input);
        var parser = new ChunkParser(source, new DiagnosticBag());
        if (!result.WasSuccessful)
        {
            parser.ReportFailure(result.Remainder, result.Expectations, new TextSpan(0, source.Text.Length));
            return (null, parser.TakeFound());
        }

        var end = Grammar.SkipTriviaFrom((SliceInput)result.Remainder);
        if (end < source.Text.Length)
        {
            parser.ReportLeftover(end, new TextSpan(0, source.Text.Length), "the query");
            return (null, parser.TakeFound());
        }

        return (result.Value, []);
    }

    public static bool IsStatementKeyword(string word) => Lexicon.IsStatementKeyword(word);

    /// <summary>
    /// Whether <paramref name="nextLine"/> continues <paramref name="statement"/> as it would in a file (indented, or
    /// starting with a continuation word such as <c>per</c>, <c>unless</c> or <c>and</c>): the REPL asks the
    /// statement splitter itself, so a statement typed at the prompt is cut exactly as the same lines in a file.
    /// A blank or comment-only line continues nothing.
    /// </summary>
    public static bool Continues(string statement, string nextLine)
    {
        var trimmed = nextLine.Trim();
        if (trimmed.Length == 0 || trimmed.StartsWith("//", StringComparison.Ordinal) || statement.Trim().Length == 0)
        {
            return false;
        }

        var alone = StatementSplitter.Split(new SourceText("<input>", statement), new DiagnosticBag());
        var joined = StatementSplitter.Split(new SourceText("<input>", statement + "\n" + nextLine), new DiagnosticBag());
        return alone.Count == 1 && joined.Count == 1;
    }

    private sealed class ChunkParser(SourceText source, DiagnosticBag diagnostics)
    {
        public IReadOnlyList<Diagnostic> Diagnostics => diagnostics.ToSortedList();

        private readonly string text = source.Text;

        /// <summary>Above this many statements, statements are parsed on all cores; they are independent by construction.</summary>
        private const int ParallelThreshold = 2048;

        public ImmutableArray<Statement> ParseAll(IReadOnlyList<Chunk> chunks, bool inScenario)
        {
            var statements = new Statement[chunks.Count];
            var found = new List<Diagnostic>?[Math.Min(chunks.Count, BatchSize)];
            var unlisted = new int[found.Length];
            // In batches, merged in file order before the next starts: the cap on listed errors and the output do not
            // depend on scheduling, and at most one batch of diagnostics is held at a time. Once the file has more
            // errors than are listed, the rest are only counted (describing them is the cost of a broken file).
            for (var start = 0; start < chunks.Count; start += BatchSize)
            {
                var count = Math.Min(BatchSize, chunks.Count - start);
                var quiet = diagnostics.Count >= MaxSyntaxErrors;
                void ParseOne(int i)
                {
                    var worker = new ChunkParser(source, new DiagnosticBag()) { quiet = quiet };
                    statements[start + i] = worker.ParseChunk(chunks[start + i], inScenario);
                    found[i] = worker.Found;
                    unlisted[i] = worker.unlistedErrors;
                }

                if (count >= ParallelThreshold && !inScenario)
                {
                    Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, ParseOne);
                }
                else
                {
                    for (var i = 0; i < count; i++)
                    {
                        ParseOne(i);
                    }
                }

                for (var i = 0; i < count; i++)
                {
                    diagnostics.AddRange(found[i] ?? []);
                    diagnostics.AddUnlisted(source.Path, Severity.Error, unlisted[i]);
                    found[i] = null;
                    unlisted[i] = 0;
                }
            }

            return ImmutableArray.Create(statements);
        }

        private const int BatchSize = 8192;

        /// <summary>Past the listed errors: a failing statement is counted, not described.</summary>
        private bool quiet;
        private int unlistedErrors;

        /// <summary>What this parser found, when it parses one chunk for <see cref="ParseAll"/>.</summary>
        private List<Diagnostic>? Found { get; set; }

        public IReadOnlyList<Diagnostic> TakeFound() => DiagnosticBag.Sort(Found ?? []);

        private Statement ParseChunk(Chunk chunk, bool inScenario) => chunk switch
        {
            StatementChunk s => ParseStatement(s, inScenario),
            BlockChunk b => ParseBlock(b, inScenario),
            _ => throw new InvalidOperationException("unknown chunk"),
        };

        private Statement ParseBlock(BlockChunk block, bool inScenario)
        {
            var inner = new ChunkParser(source, new DiagnosticBag());
            var body = inner.ParseAll(block.Body, inScenario: true);
            foreach (var diagnostic in inner.Diagnostics)
            {
                (Found ??= []).Add(diagnostic);
            }

            if (inScenario)
            {
                Report(DiagnosticCatalog.NotAllowedInScenario, new TextSpan(block.Header.Start, "scenario".Length),
                    "scenarios cannot be nested; close the enclosing scenario block first");
                return new ErrorStatement(block.Span);
            }

            if (!block.Closed)
            {
                return new ErrorStatement(block.Span);
            }

            var result = Grammar.ScenarioHeader(new SliceInput(text, block.Header.Start, block.Header.End));
            if (!result.WasSuccessful)
            {
                ReportFailure(result.Remainder, result.Expectations, block.Header);
                return new ErrorStatement(block.Span);
            }

            return new ScenarioStatement(result.Value, body, block.Span);
        }

        private Statement ParseStatement(StatementChunk chunk, bool inScenario)
        {
            if (chunk.Skip)
            {
                return new ErrorStatement(chunk.Span);
            }

            var keywordEnd = chunk.Span.Start;
            while (keywordEnd < chunk.Span.End && StatementSplitter.IsWordPart(text[keywordEnd]))
            {
                keywordEnd++;
            }

            var keyword = text[chunk.Span.Start..keywordEnd];
            if (!Grammar.Statements.TryGetValue(keyword, out var grammar))
            {
                ReportUnknownStatement(chunk, keyword, keywordEnd);
                return new ErrorStatement(chunk.Span);
            }

            if (inScenario && !Lexicon.MayStandInScenario(keyword))
            {
                Report(DiagnosticCatalog.NotAllowedInScenario, TextSpan.FromBounds(chunk.Span.Start, keywordEnd),
                    $"a scenario fixes premises and states expectations; move this '{keyword}' statement out of the scenario block");
                return new ErrorStatement(chunk.Span);
            }

            var result = grammar(new SliceInput(text, chunk.Span.Start, chunk.Span.End));
            if (!result.WasSuccessful)
            {
                ReportFailure(result.Remainder, result.Expectations, chunk.Span, keyword);
                return new ErrorStatement(chunk.Span);
            }

            var end = Grammar.SkipTriviaFrom((SliceInput)result.Remainder);
            if (end < chunk.Span.End)
            {
                ReportLeftover(end, chunk.Span, $"the {Describe(keyword)}", keyword);
                return new ErrorStatement(chunk.Span);
            }

            return result.Value;
        }

        private void ReportUnknownStatement(StatementChunk chunk, string keyword, int keywordEnd)
        {
            if (quiet)
            {
                unlistedErrors++;
                return;
            }

            if (keyword.Length == 0)
            {
                var token = TokenAt(chunk.Span.Start, chunk.Span);
                Report(DiagnosticCatalog.SyntaxError, token.Span,
                    $"expected a statement ({Lexicon.ListStatementKeywords()}), found {token.Description}");
                return;
            }

            var suggestion = NameSuggestions.Closest(keyword, Lexicon.StatementKeywords);
            var span = TextSpan.FromBounds(chunk.Span.Start, keywordEnd);
            if (keyword is "unit" or "units")
            {
                // What a newcomer writes from a text with distances or durations: say what values exist.
                Report(DiagnosticCatalog.SyntaxError, span,
                    "units are not declared in the language: values are numbers, percentages (40%), money ($127B, $5 billion) and dates (2025-10-30). " +
                    "Name the unit in the relation and state the number alone (distance_km(US, China) = 300, suspension_days(China) = 365)");
                return;
            }

            Report(DiagnosticCatalog.SyntaxError, span, suggestion is null
                ? $"a statement starts with a keyword ({Lexicon.ListStatementKeywords()}), found '{keyword}'"
                : $"unknown statement '{keyword}'; did you mean '{suggestion}'?");
        }

        public void ReportFailure(IInput remainder, IEnumerable<string> expectations, TextSpan chunk, string? keyword = null)
        {
            if (quiet)
            {
                unlistedErrors++;
                return;
            }

            var at = Grammar.SkipTriviaFrom(new SliceInput(text, Math.Min(remainder.Position, chunk.End), chunk.End));
            var token = TokenAt(at, chunk);
            if (Unsupported(token.Span, chunk, keyword) is { } missing)
            {
                Report(DiagnosticCatalog.SyntaxError, token.Span, missing);
                return;
            }

            var expected = expectations.Distinct().Where(e => e.Length > 0).ToList();
            var list = expected.Count switch
            {
                0 => "something else",
                1 => expected[0],
                _ => string.Join(", ", expected.Take(expected.Count - 1)) + " or " + expected[^1],
            };
            Report(DiagnosticCatalog.SyntaxError, token.Span, $"expected {list}, found {token.Description}");
        }

        public void ReportLeftover(int at, TextSpan chunk, string what, string? keyword = null)
        {
            if (quiet)
            {
                unlistedErrors++;
                return;
            }

            var token = TokenAt(at, chunk);
            if (Unsupported(token.Span, chunk, keyword) is { } missing)
            {
                Report(DiagnosticCatalog.SyntaxError, token.Span, missing);
                return;
            }

            Report(DiagnosticCatalog.SyntaxError, token.Span,
                $"unexpected {token.Description} after {what}; is an operator (and, or, <, =) or a keyword missing before it, or does a new statement start here?");
        }

        private static string Describe(string keyword) => keyword switch
        {
            "fact" => "premise",
            "assume" => "open premise",
            "rule" or "if" => "rule",
            "expect" => "expectation",
            _ => keyword + " statement",
        };

        /// <summary>
        /// Where the grammar stops on something the language does not have (a unit word after a number, a bound or a
        /// range on a premise, a second citation), what does exist and how to write the text's figure with it.
        /// </summary>
        private string? Unsupported(TextSpan token, TextSpan chunk, string? keyword)
        {
            if (token.Length == 0)
            {
                return null;
            }

            var word = text.Substring(token.Start, token.Length);
            var before = token.Start - 1;
            while (before >= chunk.Start && char.IsWhiteSpace(text[before]))
            {
                before--;
            }

            var afterNumber = before >= chunk.Start && char.IsAsciiDigit(text[before]);
            var premise = keyword is "fact" or "assume";
            var next = token.Start + 1 < text.Length ? text[token.Start + 1] : '\0';
            if (afterNumber && word.ToLowerInvariant() is "percent" or "per" or "pct" or "percentage")
            {
                return $"'{word}': a percentage is written with '%' right after the number (40%)";
            }

            if (afterNumber && word.Length > 1 && word[0] is 'e' or 'E' && word[1..].All(c => char.IsAsciiDigit(c) || c is '+' or '-'))
            {
                return "scientific notation is not in the language: write the number in full (100000), or money with a scale word ($5 billion, $127B)";
            }

            if (afterNumber && token.Start == before + 1 && word == "," && char.IsAsciiDigit(next))
            {
                return "numbers are written without thousands separators: 1000000, not 1,000,000 (money may use a scale word: $1M, $5 billion)";
            }

            if (word == "." && next == '.' && before >= chunk.Start && (char.IsAsciiDigit(text[before]) || text[before] == '%'))
            {
                return "'..': ranges are not in the language; a value is exact. State the figure the text gives, or an open premise over the values it may take " +
                       $"(assume {Subject(chunk, keyword)} in [10%, 20%])";
            }

            if (afterNumber && char.IsLetter(word[0]))
            {
                return Lexicon.DurationWords.Contains(word.ToLowerInvariant())
                    ? $"'{word}' is a duration, and the language has no durations: values are numbers, percentages (40%), money ($127B) and dates (2025-10-30). " +
                      $"Write the number alone and name its unit in the relation (suspension_days(China) = 365), or give the date it ends (suspension_end(China) = 2026-11-10)"
                    : $"'{word}' is not a unit the language knows: values are numbers, percentages (40%), money ($127B, $5 billion) and dates (2025-10-30). " +
                      $"Write the number alone and name its unit in the relation (distance_km(China) = 300)";
            }

            if (premise && word is "<" or ">" or "!" && before >= chunk.Start && text[before] != '=')
            {
                var subject = Subject(chunk, keyword);
                return $"a premise states its value with '=' (fact {subject} = 40%); bounds such as '< 50%' are not in the language. " +
                       $"State the figure the text gives, or an open premise over the values it may take (assume {subject} in [30%, 40%])";
            }

            var wordBefore = before;
            while (wordBefore >= chunk.Start && StatementSplitter.IsWordPart(text[wordBefore]))
            {
                wordBefore--;
            }

            var previous = text[(wordBefore + 1)..(before + 1)].ToLowerInvariant();
            if (Lexicon.ApproximationWords.Contains(word.ToLowerInvariant()) || Lexicon.ApproximationWords.Contains(previous) || word is "~" or "±")
            {
                return $"'{(Lexicon.ApproximationWords.Contains(previous) ? previous : word)}': ranges and approximations are not in the language; a value is exact. State the figure the text gives " +
                       "(for 'about 80%', 80%), or an open premise over the values it may take (assume share(China, Russia) in [75%, 80%, 85%])";
            }

            return null;
        }

        /// <summary>The atom a premise is about, as written (for examples in messages): the words after its keyword up to its value.</summary>
        private string Subject(TextSpan chunk, string? keyword)
        {
            var start = chunk.Start + (keyword?.Length ?? 0);
            var end = start;
            var depth = 0;
            while (end < chunk.End && (depth > 0 || text[end] is not ('<' or '>' or '=' or '!' or '\n')))
            {
                depth += text[end] == '(' ? 1 : text[end] == ')' ? -1 : 0;
                end++;
            }

            var subject = string.Join(' ', text[start..end].Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
            subject = subject.StartsWith("not ", StringComparison.Ordinal) ? subject[4..] : subject;
            return subject.Length is > 0 and <= 60 ? subject : "share(China, Russia)";
        }

        private (TextSpan Span, string Description) TokenAt(int at, TextSpan chunk)
        {
            if (at >= chunk.End)
            {
                return (new TextSpan(chunk.End, 0), "the end of the statement");
            }

            var end = at;
            if (StatementSplitter.IsWordPart(text[at]))
            {
                while (end < chunk.End && StatementSplitter.IsWordPart(text[end]))
                {
                    end++;
                }
            }
            else if (text[at] == '"')
            {
                end = at + 1;
                while (end < chunk.End && text[end] != '"' && text[end] != '\n')
                {
                    end++;
                }

                end = Math.Min(chunk.End, end + 1);
            }
            else
            {
                end = at + 1;
            }

            var span = TextSpan.FromBounds(at, end);
            var tokenText = text[at..end];
            if (tokenText.Length > 40)
            {
                tokenText = tokenText[..37] + "...";
            }

            return (span, $"'{tokenText}'");
        }

        private void Report(DiagnosticDescriptor descriptor, TextSpan span, string message)
        {
            if (quiet)
            {
                unlistedErrors++;
                return;
            }

            (Found ??= []).Add(descriptor.Create(source, span, message));
        }
    }
}
