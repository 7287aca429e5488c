using System.Diagnostics;
using PolicyDsl.Dsl.Diagnostics;

namespace PolicyDsl.Repl.Commands;

/// <summary>Graphviz's dot, run by the hosts that draw maps (map --format svg, report, the REPL's :map).</summary>
internal static class Graphviz
{
    /// <summary>Where to find Graphviz's dot: POLICYDSL_DOT if set (tests point it at nothing), else dot on the PATH.</summary>
    public static string DotProgram => Environment.GetEnvironmentVariable("POLICYDSL_DOT") is { Length: > 0 } path ? path : "dot";

    /// <summary>What to say when dot cannot be run (PD0069), naming the program looked for and what to do.</summary>
    public static string Missing(string what, string instead) =>
        $"{DiagnosticCatalog.GraphvizMissing.Code}: {what} needs Graphviz's dot, which was not found ({DotProgram}); install it (apt-get install graphviz), or {instead}";

    /// <summary>DOT rendered to SVG by Graphviz, or null when dot cannot be run.</summary>
    public static string? Svg(string dot)
    {
        var start = new ProcessStartInfo(DotProgram, "-Tsvg") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            var reading = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            process.StandardInput.Write(dot);
            process.StandardInput.Close();
            var svg = reading.GetAwaiter().GetResult();
            _ = errors.GetAwaiter().GetResult();
            process.WaitForExit();
            return process.ExitCode == 0 ? svg : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
