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

    /// <summary>Cuts a script into inputs the way the prompt would: line by line, joining continuation lines.</summary>
    public static IEnumerable<string> Split(string script) => Read(new StringReader(script.Replace("\r\n", "\n", StringComparison.Ordinal)));

    /// <summary>Reads inputs from a stream as they arrive (a piped script), by the rules of <see cref="InputCollector"/>.</summary>
    public static IEnumerable<string> Read(TextReader reader)
    {
        var collector = new InputCollector();
        while (reader.ReadLine() is { } line)
        {
            foreach (var input in collector.Add(line))
            {
                yield return input;
            }
        }

        if (collector.Flush() is { } rest)
        {
            yield return rest;
        }
    }

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

/// <summary>
/// Gathers typed lines into inputs. A line that leaves brackets open, a rule without its <c>then</c>, or ends in
/// <c>\</c> continues on the next line, except that an empty line submits what is pending (which then reports its
/// own error) and a line starting with <c>:</c> is a command, never a continuation: nothing typed can leave the
/// prompt waiting for more with no way to finish. Ctrl+C at the prompt calls <see cref="Clear"/>.
/// </summary>
public sealed class InputCollector
{
    private readonly List<string> pending = [];

    /// <summary>True when no input is pending: the next line starts a new one.</summary>
    public bool IsEmpty => pending.Count == 0;

    /// <summary>Takes one line; returns the inputs it completes (none, one, or the pending one and a command).</summary>
    public IReadOnlyList<string> Add(string line)
    {
        var completed = new List<string>();
        if (line.TrimStart().StartsWith(':'))
        {
            if (Flush() is { } unfinished)
            {
                completed.Add(unfinished);
            }

            completed.Add(line.Trim());
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

        if (Flush() is { } input)
        {
            completed.Add(input);
        }

        return completed;
    }

    /// <summary>The pending input, submitted as it is (null when there is none or it is blank).</summary>
    public string? Flush()
    {
        var text = string.Join("\n", pending).Trim();
        pending.Clear();
        return text.Length > 0 ? text : null;
    }

    /// <summary>Abandons the pending input (Ctrl+C).</summary>
    public void Clear() => pending.Clear();
}
