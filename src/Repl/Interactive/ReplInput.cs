using PolicyDsl.Dsl.Syntax;

namespace PolicyDsl.Repl.Interactive;

/// <summary>How input is read: prompts, which inputs are statements, and when an input continues on the next line.</summary>
public static class ReplInput
{
    public const string Prompt = "policydsl> ";

    public const string ContinuationPrompt = "       ... ";

    /// <summary>
    /// A statement of the language starts with one of its keywords; a bare rule starts with 'if' and has 'then'
    /// (a C# if statement never does).
    /// </summary>
    public static bool IsStatement(string text)
    {
        var word = FirstWord(text);
        return (Lexicon.IsStatementKeyword(word) && word != "if") || (word == "if" && ContainsWord(text, "then"));
    }

    /// <summary>True when the input so far needs more lines: open brackets or braces, or a rule without its 'then' yet.</summary>
    public static bool NeedsMore(string text)
    {
        var depth = 0;
        var inString = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                inString = !inString;
            }
            else if (!inString && c is '(' or '[' or '{')
            {
                depth++;
            }
            else if (!inString && c is ')' or ']' or '}')
            {
                depth--;
            }
        }

        var trimmed = text.TrimEnd();
        if (depth > 0 || trimmed.EndsWith('\\'))
        {
            return true;
        }

        var word = FirstWord(text);
        return word == "rule" && !ContainsWord(text, "then");
    }

    /// <summary>Cuts a script into inputs the way a file is cut: line by line, joining continuation lines.</summary>
    public static IEnumerable<string> Split(string script) => Read(new StringReader(script.Replace("\r\n", "\n", StringComparison.Ordinal))).Select(i => i.Text);

    /// <summary>
    /// Reads inputs from a stream as they arrive (a piped script), by the rules of <see cref="InputCollector"/>; a
    /// statement waits for the next line, which may continue it, so no input is ever an amendment.
    /// </summary>
    public static IEnumerable<CollectedInput> Read(TextReader reader)
    {
        var collector = new InputCollector(lookAhead: true);
        while (reader.ReadLine() is { } line)
        {
            foreach (var input in collector.Add(line))
            {
                yield return input;
            }
        }

        foreach (var rest in collector.Finish())
        {
            yield return rest;
        }
    }

    /// <summary>
    /// Whether a line continues the statement before it, as it would in a file: indented, or starting with a word
    /// that continues a statement (<c>per</c>, <c>unless</c>, <c>and</c>...). A line that starts with anything but a
    /// letter or white space (a query, a command, C# such as <c>1 + 1</c>) starts an input of its own.
    /// </summary>
    public static bool Continues(string statement, string line) =>
        line.Length > 0 && (char.IsWhiteSpace(line[0]) || char.IsLetter(line[0])) && line.TrimStart() is { Length: > 0 } rest
        && rest[0] is not (':' or '?') && PolicyParser.Continues(statement, line);

    private static string FirstWord(string text)
    {
        var trimmed = text.TrimStart();
        var end = 0;
        while (end < trimmed.Length && (char.IsAsciiLetterOrDigit(trimmed[end]) || trimmed[end] == '_'))
        {
            end++;
        }

        return trimmed[..end];
    }

    private static bool ContainsWord(string text, string word) =>
        text.Split([' ', '\n', '\t', '\r', '(', ')'], StringSplitOptions.RemoveEmptyEntries).Contains(word) && !Lexicon.IsStatementKeyword(word);
}

/// <summary>One input as collected: its text, and whether it replaces the statement submitted just before it.</summary>
/// <param name="Text">The input, its lines joined with '\n'.</param>
/// <param name="Amends">
/// True when the input is the statement submitted just before it with the lines that continue it (a <c>per</c>,
/// <c>unless</c> or indented line typed after the statement was already run): the session replaces that statement.
/// </param>
public sealed record CollectedInput(string Text, bool Amends = false)
{
    public override string ToString() => Amends ? "(amends) " + Text : Text;
}

/// <summary>
/// Gathers typed lines into inputs. A line that leaves brackets open, a rule without its <c>then</c>, or ends in
/// <c>\</c> continues on the next line, except that an empty line submits what is pending (which then reports its
/// own error) and a line starting with <c>:</c> is a command, never a continuation: nothing typed can leave the
/// prompt waiting for more with no way to finish. Ctrl+C at the prompt calls <see cref="Clear"/>.
/// <para>
/// A statement of the language also continues on every following line that would continue it in a file
/// (<see cref="PolicyParser.Continues"/>: indented, or starting with <c>per</c>, <c>unless</c>, <c>and</c>...). Reading
/// a script (<c>lookAhead</c>), a complete statement is held until the next line shows whether it goes on. At the
/// prompt it runs at once, so that a one-line statement needs no extra Enter, and a continuation line typed next
/// submits the whole statement again as an amendment of it.
/// </para>
/// </summary>
public sealed class InputCollector(bool lookAhead = false)
{
    private readonly List<string> pending = [];

    /// <summary>Whether the pending lines continue <see cref="lastStatement"/> (at the prompt).</summary>
    private bool amending;

    /// <summary>The statement just submitted (at the prompt) or held back (reading a script), which the next line may continue.</summary>
    private string? lastStatement;

    /// <summary>True when no input is pending: the next line starts a new one.</summary>
    public bool IsEmpty => pending.Count == 0;

    /// <summary>Takes one line; returns the inputs it completes (none, one, or the pending one and a command).</summary>
    public IReadOnlyList<CollectedInput> Add(string line)
    {
        var completed = new List<CollectedInput>();
        if (IsEmpty && lastStatement is not null && ReplInput.Continues(lastStatement, line))
        {
            // The line goes on with the statement before it, as it would in a file.
            pending.Add(lastStatement);
            amending = !lookAhead;
            lastStatement = null;
        }
        else if (IsEmpty && lookAhead && lastStatement is not null)
        {
            completed.Add(new CollectedInput(lastStatement));
            lastStatement = null;
        }
        else if (IsEmpty)
        {
            lastStatement = null;
        }

        if (line.TrimStart().StartsWith(':'))
        {
            if (Flush() is { } unfinished)
            {
                completed.Add(unfinished);
            }

            completed.Add(new CollectedInput(line.Trim()));
            return completed;
        }

        if (!IsEmpty && line.Trim().Length == 0)
        {
            if (Flush() is { } unfinished)
            {
                completed.Add(unfinished);
            }

            return completed;
        }

        pending.Add(line.TrimEnd('\\'));
        var joined = string.Join("\n", pending);
        if (ReplInput.NeedsMore(line.EndsWith('\\') ? joined + "\\" : joined))
        {
            return completed;
        }

        var wasAmending = amending;
        if (Flush() is { } input)
        {
            if (ReplInput.IsStatement(input.Text))
            {
                lastStatement = input.Text;
                if (lookAhead)
                {
                    // Held until the next line says whether the statement goes on.
                    return completed;
                }
            }

            completed.Add(input with { Amends = wasAmending });
        }

        return completed;
    }

    /// <summary>What is left at the end of the input: the held statement and the pending lines, each submitted as it is.</summary>
    public IReadOnlyList<CollectedInput> Finish()
    {
        var rest = new List<CollectedInput>();
        if (lookAhead && lastStatement is not null)
        {
            rest.Add(new CollectedInput(lastStatement));
        }

        lastStatement = null;
        if (Flush() is { } pendingInput)
        {
            rest.Add(pendingInput);
        }

        return rest;
    }

    /// <summary>The pending input, submitted as it is (null when there is none or it is blank).</summary>
    public CollectedInput? Flush()
    {
        var text = string.Join("\n", pending).Trim();
        var amends = amending;
        pending.Clear();
        amending = false;
        return text.Length > 0 ? new CollectedInput(text, amends) : null;
    }

    /// <summary>Abandons the pending input (Ctrl+C).</summary>
    public void Clear()
    {
        pending.Clear();
        amending = false;
        lastStatement = null;
    }
}
