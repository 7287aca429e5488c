using System.Text;

namespace PolicyDsl.Repl.Interactive;

/// <summary>How reading a line ended.</summary>
public enum LineStatus
{
    Entered,
    Cancelled,
    EndOfInput,
}

/// <summary>
/// A small line editor for the interactive prompt: editing keys, history (Up/Down, kept in a file across sessions)
/// and Tab completion. Kept apart from the session, which never sees a console.
/// </summary>
public sealed class LineEditor
{
    private const int HistoryLimit = 1000;

    private readonly List<string> history;
    private readonly string? historyFile;
    private readonly Func<string, IReadOnlyList<string>> complete;

    public LineEditor(string? historyFile, Func<string, IReadOnlyList<string>> complete)
    {
        this.historyFile = historyFile;
        this.complete = complete;
        history = historyFile is not null && File.Exists(historyFile) ? [.. File.ReadAllLines(historyFile).TakeLast(HistoryLimit)] : [];
    }

    public static string DefaultHistoryFile =>
        Environment.GetEnvironmentVariable("POLICYDSL_HISTORY") is { Length: > 0 } path
            ? path
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".policydsl_history");

    /// <summary>
    /// Reads one line into <paramref name="line"/>. Ctrl+C abandons it (<see cref="LineStatus.Cancelled"/>: the
    /// caller drops any input pending too); Ctrl+D on an empty line ends the input.
    /// </summary>
    public LineStatus ReadLine(string prompt, out string line)
    {
        // Ctrl+C is a key while editing (it abandons the input); while an input runs it cancels that input instead.
        Console.TreatControlCAsInput = true;
        try
        {
            var read = Read(prompt);
            line = read ?? string.Empty;
            return read is null ? LineStatus.EndOfInput : ReferenceEquals(read, CancelledLine) ? LineStatus.Cancelled : LineStatus.Entered;
        }
        finally
        {
            Console.TreatControlCAsInput = false;
        }
    }

    /// <summary>Stands for Ctrl+C between <see cref="Read"/> and <see cref="ReadLine"/> (compared by reference).</summary>
    private static readonly string CancelledLine = new('\u0003', 1);

    private string? Read(string prompt)
    {
        var buffer = new StringBuilder();
        var cursor = 0;
        var recall = history.Count;
        Console.Write(prompt);
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    Console.Write('\n');
                    var line = buffer.ToString();
                    Remember(line);
                    return line;
                case ConsoleKey.Backspace when cursor > 0:
                    buffer.Remove(--cursor, 1);
                    break;
                case ConsoleKey.Delete when cursor < buffer.Length:
                    buffer.Remove(cursor, 1);
                    break;
                case ConsoleKey.LeftArrow when cursor > 0:
                    cursor--;
                    break;
                case ConsoleKey.RightArrow when cursor < buffer.Length:
                    cursor++;
                    break;
                case ConsoleKey.Home:
                    cursor = 0;
                    break;
                case ConsoleKey.End:
                    cursor = buffer.Length;
                    break;
                case ConsoleKey.UpArrow when recall > 0:
                    buffer.Clear().Append(history[--recall]);
                    cursor = buffer.Length;
                    break;
                case ConsoleKey.DownArrow when recall < history.Count:
                    recall++;
                    buffer.Clear().Append(recall < history.Count ? history[recall] : string.Empty);
                    cursor = buffer.Length;
                    break;
                case ConsoleKey.Tab:
                    cursor = Complete(buffer, cursor, prompt);
                    break;
                case ConsoleKey.C when key.Modifiers.HasFlag(ConsoleModifiers.Control):
                    Console.Write("^C\n");
                    return CancelledLine;
                case ConsoleKey.D when key.Modifiers.HasFlag(ConsoleModifiers.Control) && buffer.Length == 0:
                    Console.Write('\n');
                    return null;
                default:
                    if (!char.IsControl(key.KeyChar))
                    {
                        buffer.Insert(cursor++, key.KeyChar);
                    }

                    break;
            }

            Redraw(prompt, buffer, cursor);
        }
    }

    private int Complete(StringBuilder buffer, int cursor, string prompt)
    {
        var before = buffer.ToString(0, cursor);
        var start = before.Length;
        while (start > 0 && (char.IsLetterOrDigit(before[start - 1]) || before[start - 1] is '_' or ':'))
        {
            start--;
        }

        var word = before[start..];
        var candidates = complete(before).Where(c => c.StartsWith(word, StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal).ToList();
        if (candidates.Count == 0)
        {
            return cursor;
        }

        var common = candidates.Aggregate((a, b) => new string([.. a.Zip(b).TakeWhile(p => p.First == p.Second).Select(p => p.First)]));
        if (candidates.Count > 1 && common.Length == word.Length)
        {
            Console.Write("\n" + string.Join("  ", candidates.Take(40)) + (candidates.Count > 40 ? "  ..." : string.Empty) + "\n");
            Redraw(prompt, buffer, cursor);
            return cursor;
        }

        var insert = (candidates.Count == 1 ? candidates[0] : common)[word.Length..];
        buffer.Insert(cursor, insert);
        return cursor + insert.Length;
    }

    private static void Redraw(string prompt, StringBuilder buffer, int cursor)
    {
        Console.Write("\r" + prompt + buffer + "\u001b[K");
        var back = buffer.Length - cursor;
        if (back > 0)
        {
            Console.Write($"\u001b[{back}D");
        }
    }

    private void Remember(string line)
    {
        if (line.Trim().Length == 0 || (history.Count > 0 && history[^1] == line))
        {
            return;
        }

        history.Add(line);
        if (historyFile is null)
        {
            return;
        }

        try
        {
            File.AppendAllText(historyFile, line.Replace("\n", " ", StringComparison.Ordinal) + "\n");
        }
        catch (IOException)
        {
            // History is a convenience; a read-only home folder must not end the session.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
