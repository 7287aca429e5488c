using System.Diagnostics;
using PolicyDsl.Dsl.Diagnostics;

namespace PolicyDsl.Repl.Hosting;

/// <summary>Graphviz's dot, run by the hosts that draw maps (map --format svg, report, the REPL's :map).</summary>
internal static class Graphviz
{
    /// <summary>Where to find Graphviz's dot: POLICYDSL_DOT if set (tests point it at nothing), else dot on the PATH.</summary>
    public static string DotProgram => Environment.GetEnvironmentVariable("POLICYDSL_DOT") is { Length: > 0 } path ? path : "dot";

    /// <summary>What to say when dot cannot be run (PD0069), naming the program looked for and what to do.</summary>
    public static string Missing(string what, string instead) =>
        $"{DiagnosticCatalog.GraphvizMissing.Code}: {what} needs Graphviz's dot, which was not found ({DotProgram}); install it (apt-get install graphviz), or {instead}";

    /// <summary>What to say when dot ran and failed (PD0072).</summary>
    public static string Failed(string what, string why) =>
        $"{DiagnosticCatalog.ToolFailed.Code}: {what}: Graphviz's dot ({Dsl.Text.DisplayText.Escape(DotProgram)}) {why}";

    /// <summary>How long dot may take on one map; past it the map is not drawn (a dot that never ends must not hang a verb).</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    /// <summary>
    /// DOT rendered to SVG by Graphviz: the SVG, or why there is none: dot missing (PD0069), or dot failing, ending
    /// without reading its input, running past <see cref="Limit"/> or writing something that is not SVG (PD0072).
    /// </summary>
    public static RenderResult Render(string dot)
    {
        var start = new ProcessStartInfo(DotProgram, "-Tsvg") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return new RenderResult(null, Missing: true, null);
        }

        if (process is null)
        {
            return new RenderResult(null, Missing: true, null);
        }

        using (process)
        {
            var reading = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            try
            {
                process.StandardInput.Write(dot);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // dot ended without reading the map (a broken pipe): what it printed says why, below.
            }

            if (!process.WaitForExit(Limit))
            {
                process.Kill(entireProcessTree: true);
                return new RenderResult(null, false, $"did not finish within {Limit.TotalMinutes} minutes");
            }

            var svg = reading.GetAwaiter().GetResult();
            _ = errors.GetAwaiter().GetResult();
            if (process.ExitCode != 0)
            {
                return new RenderResult(null, false, $"failed (exit code {process.ExitCode})");
            }

            // Only SVG goes into a page or a file: a program that answers with anything else is not Graphviz.
            return svg.Contains("<svg", StringComparison.Ordinal) && svg.TrimEnd().EndsWith("</svg>", StringComparison.Ordinal)
                ? new RenderResult(svg, false, null)
                : new RenderResult(null, false, "wrote no SVG");
        }
    }
}

/// <summary>A map rendered by Graphviz: the SVG, or whether dot was missing or why it failed.</summary>
internal sealed record RenderResult(string? Svg, bool Missing, string? Failure);
