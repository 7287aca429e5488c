using System.Diagnostics;

namespace PolicyDsl.Repl.Commands;

/// <summary>
/// A one-line progress bar for long sweeps, drawn on standard error in a terminal only (never into a pipe or a
/// log), at most ten times a second, and erased when done so the report below starts clean.
/// </summary>
internal sealed class ProgressBar : IDisposable
{
    /// <summary>Sweeps expected to take less than this are not worth a bar.</summary>
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(0.5);

    private readonly TextWriter writer;
    private readonly string label;
    private readonly long scenariosPerBlock;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly Lock gate = new();
    private long lastDrawn = -1;
    private bool drawn;

    public ProgressBar(TextWriter writer, string label, long scenariosPerBlock = 256)
    {
        this.writer = writer;
        this.label = label;
        this.scenariosPerBlock = scenariosPerBlock;
    }

    /// <summary>A bar on the console's standard error when it is a terminal and the command writes its errors there; otherwise null.</summary>
    public static ProgressBar? ForTerminal(TextWriter error, string label) =>
        error is SafeWriter { IsTerminal: true, Inner: var inner } && ReferenceEquals(inner, Console.Error) ? new ProgressBar(inner, label) : null;

    /// <summary>Called from any thread with blocks done out of total.</summary>
    public void Report(long done, long total)
    {
        var elapsed = clock.ElapsedMilliseconds;
        if (elapsed < Delay.TotalMilliseconds || elapsed - Interlocked.Read(ref lastDrawn) < 100 || total <= 0)
        {
            return;
        }

        lock (gate)
        {
            if (elapsed - lastDrawn < 100)
            {
                return;
            }

            lastDrawn = elapsed;
            writer.Write(Render(done, total, clock.Elapsed));
            writer.Flush();
            drawn = true;
        }
    }

    /// <summary>The bar as drawn: carriage return, label, bar, percentage, rate.</summary>
    internal string Render(long done, long total, TimeSpan elapsed)
    {
        const int width = 30;
        var fraction = Math.Clamp((double)done / total, 0, 1);
        var filled = (int)(fraction * width);
        var rate = elapsed.TotalSeconds > 0 ? done * scenariosPerBlock / elapsed.TotalSeconds : 0;
        return FormattableString.Invariant($"\r{label} [{new string('#', filled)}{new string('.', width - filled)}] {fraction * 100,3:F0}%  {Rate(rate)} scenarios/s ");
    }

    private static string Rate(double rate) => rate switch
    {
        >= 1e9 => FormattableString.Invariant($"{rate / 1e9:F1}G"),
        >= 1e6 => FormattableString.Invariant($"{rate / 1e6:F1}M"),
        >= 1e3 => FormattableString.Invariant($"{rate / 1e3:F1}k"),
        _ => FormattableString.Invariant($"{rate:F0}"),
    };

    public void Dispose()
    {
        lock (gate)
        {
            if (drawn)
            {
                writer.Write("\r" + new string(' ', label.Length + 64) + "\r");
                writer.Flush();
            }
        }
    }
}
