using System.Text;
using System.Text.RegularExpressions;

namespace PolicyDsl.Repl.Commands;

/// <summary>
/// Colour for text reports in a terminal: severities, PASS and FAIL, the summary line, and the states of conclusions.
/// The reporters write plain text (so snapshots, pipes and CI logs never hold escape codes); this host-side writer
/// colours complete lines on their way to a terminal, and only when <see cref="Enabled"/> says so.
/// </summary>
internal static partial class AnsiColor
{
    public const string OptionName = "--color";

    private const string Reset = "\u001b[0m";
    private const string Red = "\u001b[31m";
    private const string Green = "\u001b[32m";
    private const string Yellow = "\u001b[33m";
    private const string Magenta = "\u001b[35m";
    private const string Cyan = "\u001b[36m";
    private const string Dim = "\u001b[2m";
    private const string Bold = "\u001b[1m";

    public static System.CommandLine.Option<string> Option() => new(OptionName)
    {
        Description = "colour in a terminal: auto (the default: when writing to a terminal and NO_COLOR is not set), always or never",
        Recursive = true,
        DefaultValueFactory = _ => "auto",
    };

    /// <summary>
    /// Whether to colour: <c>always</c> and <c>never</c> decide; <c>auto</c> colours a terminal unless NO_COLOR is set
    /// (to anything) or TERM is dumb. Reports in JSON, SARIF, JUnit or GitHub formats are never coloured.
    /// </summary>
    public static bool Enabled(string? mode, bool terminal, string? noColor, string? term) => mode switch
    {
        "always" => true,
        "never" => false,
        _ => terminal && string.IsNullOrEmpty(noColor) && term != "dumb",
    };

    /// <summary>The value of --color in the words given (the last one wins), or null.</summary>
    public static string? ModeIn(IReadOnlyList<string> args)
    {
        string? mode = null;
        for (var i = 0; i < args.Count && args[i] != "--"; i++)
        {
            if (args[i] == OptionName && i + 1 < args.Count)
            {
                mode = args[++i];
            }
            else if (args[i].StartsWith(OptionName + "=", StringComparison.Ordinal))
            {
                mode = args[i][(OptionName.Length + 1)..];
            }
        }

        return mode;
    }

    /// <summary>Whether the words ask for a report other than text (nothing is coloured then), or for the REPL (it draws its own screen).</summary>
    public static bool NeverColoured(IReadOnlyList<string> args) =>
        (args.Count > 0 && args[0] == "repl") ||
        args.Select((a, i) => a.StartsWith("--format=", StringComparison.Ordinal) ? a["--format=".Length..] : a == "--format" && i + 1 < args.Count ? args[i + 1] : null)
            .Any(f => f is not null && f != "text");

    /// <summary>One line with its colours.</summary>
    public static string Colour(string line)
    {
        if (DiagnosticLine().Match(line) is { Success: true } d)
        {
            var colour = d.Groups[2].Value switch { "error" => Red, "warning" => Yellow, _ => Cyan };
            return d.Groups[1].Value + Bold + colour + d.Groups[2].Value + Reset + d.Groups[3].Value + line[d.Length..];
        }

        if (line.StartsWith("error: ", StringComparison.Ordinal))
        {
            return Bold + Red + "error" + Reset + line["error".Length..];
        }

        if (line.StartsWith("PASS  ", StringComparison.Ordinal))
        {
            return Green + "PASS" + Reset + line[4..];
        }

        if (line.StartsWith("FAIL  ", StringComparison.Ordinal))
        {
            return Bold + Red + "FAIL" + Reset + line[4..];
        }

        if (Summary().Match(line) is { Success: true } s)
        {
            return (s.Groups[1].Value == "0" ? Green : Red) + line + Reset;
        }

        if (ConclusionLine().Match(line) is { Success: true } c)
        {
            var state = c.Groups[2].Value;
            var colour = state.StartsWith("true", StringComparison.Ordinal) ? Green : state.StartsWith("false", StringComparison.Ordinal) ? Red
                : state.StartsWith("conflict", StringComparison.Ordinal) ? Magenta : state.StartsWith('=') ? Cyan : Dim;
            var marked = c.Groups[3].Value.Length > 0 ? Yellow + c.Groups[3].Value + Reset : string.Empty;
            return c.Groups[1].Value + colour + state + Reset + marked + line[c.Length..];
        }

        return line.Replace("IN CONFLICT", Magenta + "IN CONFLICT" + Reset, StringComparison.Ordinal)
            .Replace("CONTESTED", Yellow + "CONTESTED" + Reset, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^(\S.*?\(\d+,\d+\): )(error|warning|info)( PD\d{4}:)")]
    private static partial Regex DiagnosticLine();

    [GeneratedRegex(@"^\d+ passed, (\d+) failed")]
    private static partial Regex Summary();

    // An eval row: two spaces, the atom, at least two spaces, the state (true, false, unknown, conflict..., = value).
    [GeneratedRegex(@"^(  [^ \[].*?\S  +)(true|false|unknown|conflict(?:: [^ ]+(?: / [^ ]+)*)?|= \S+)((?:, also contested|, contested)?)(?=  |$)")]
    private static partial Regex ConclusionLine();

    /// <summary>A writer that colours each complete line written through it; the rest of a line waits for its end.</summary>
    public sealed class Writer(TextWriter inner) : TextWriter
    {
        private readonly StringBuilder pending = new();

        public override Encoding Encoding => inner.Encoding;

        public override void Write(char value)
        {
            if (value == '\n')
            {
                inner.Write(Colour(pending.ToString()));
                inner.Write('\n');
                pending.Clear();
                return;
            }

            pending.Append(value);
        }

        public override void Write(string? value)
        {
            foreach (var c in value ?? string.Empty)
            {
                Write(c);
            }
        }

        public override void Flush()
        {
            if (pending.Length > 0)
            {
                inner.Write(Colour(pending.ToString()));
                pending.Clear();
            }

            inner.Flush();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Flush();
            }

            base.Dispose(disposing);
        }
    }
}
