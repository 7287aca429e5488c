using PolicyDsl.Dsl.Syntax;

namespace PolicyDsl.Cli.Interactive;

/// <summary>How input is read: prompts, which inputs are statements, and when an input continues on the next line.</summary>
public static class ReplInput
{
    public const string Prompt = "policydsl> ";

    public const string ContinuationPrompt = "       ... ";

    private static readonly HashSet<string> StatementKeywords = ["argument", "source", "import", "type", "scale", "fact", "assume", "rule", "expect", "scenario"];

    /// <summary>
    /// A statement of the language starts with one of its keywords; a bare rule starts with 'if' and has 'then'
    /// (a C# if statement never does).
    /// </summary>
    public static bool IsStatement(string text)
    {
        var word = FirstWord(text);
        return StatementKeywords.Contains(word) || (word == "if" && ContainsWord(text, "then"));
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
    public static IEnumerable<string> Split(string script)
    {
        var pending = new List<string>();
        foreach (var raw in script.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            pending.Add(raw.TrimEnd('\\'));
            var joined = string.Join("\n", pending);
            if (NeedsMore(raw.EndsWith('\\') ? joined + "\\" : joined))
            {
                continue;
            }

            if (joined.Trim().Length > 0)
            {
                yield return joined.Trim();
            }

            pending.Clear();
        }

        if (pending.Count > 0 && string.Join("\n", pending).Trim() is { Length: > 0 } rest)
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
        text.Split([' ', '\n', '\t', '\r', '(', ')'], StringSplitOptions.RemoveEmptyEntries).Contains(word) && !PolicyParser.IsStatementKeyword(word);
}
