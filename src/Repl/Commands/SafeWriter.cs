using System.Text;
using PolicyDsl.Dsl.Text;

namespace PolicyDsl.Repl.Commands;

/// <summary>
/// The one place every verb's output passes on its way out (standard output and standard error, in every format:
/// text, github, JSON, SARIF, JUnit, HTML and DOT written to standard output): control characters (ESC, BEL, CR,
/// C1) and bidirectional controls are written as escapes (<see cref="DisplayText.EscapeOutput"/>), so nothing a
/// file, a file name or a title holds can retitle or clear a terminal, recolour it, reorder a line or forge a CI
/// command. Line breaks and tabs stay. The host's own terminal controls (clearing the screen between watch runs, a
/// progress bar) go through <see cref="WriteControl"/>, which is not filtered.
/// </summary>
internal sealed class SafeWriter(TextWriter inner, bool terminal) : TextWriter
{
    /// <summary>A high surrogate written alone, kept until its low half comes (a pair is one character, never escaped).</summary>
    private char? pendingHigh;

    /// <summary>Whether the writer ends in a terminal (not redirected), for hosts that draw on it.</summary>
    public bool IsTerminal { get; } = terminal;

    /// <summary>The writer beneath, for hosts that draw on a terminal.</summary>
    public TextWriter Inner => inner;

    public override Encoding Encoding => inner.Encoding;

    public override string NewLine
    {
        get => inner.NewLine;
#pragma warning disable CS8765 // TextWriter declares the setter's value nullable; null means the default, as for any writer.
        set => inner.NewLine = value;
#pragma warning restore CS8765
    }

    /// <summary>A terminal control of the host's own (not text from an argument), written as it is.</summary>
    public void WriteControl(string sequence) => inner.Write(sequence);

    public override void Write(char value)
    {
        if (pendingHigh is { } high)
        {
            pendingHigh = null;
            Write(new string([high, value]));
            return;
        }

        if (char.IsHighSurrogate(value))
        {
            pendingHigh = value;
            return;
        }

        inner.Write(DisplayText.EscapeOutput(value.ToString()));
    }

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (pendingHigh is { } high)
        {
            pendingHigh = null;
            value = high + value;
        }

        // A string that ends in half a pair keeps the half for the next write.
        if (char.IsHighSurrogate(value[^1]))
        {
            pendingHigh = value[^1];
            value = value[..^1];
        }

        inner.Write(DisplayText.EscapeOutput(value));
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void WriteLine(string? value)
    {
        Write(value);
        Write(NewLine);
    }

    public override void Flush()
    {
        if (pendingHigh is { } high)
        {
            pendingHigh = null;
            inner.Write(DisplayText.EscapeOutput(high.ToString()));
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
