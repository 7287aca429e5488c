using PolicyDsl.Dsl.Files;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Repl.Hosting;

namespace PolicyDsl.Repl.Commands;

/// <summary>
/// <c>check --watch</c> and <c>test --watch</c>: run, then run again whenever a file the run read changes (an argument
/// file, an import, a cited source) or a file appears in a folder given. Changes are found by polling each file's
/// size and time of last write, which works on every file system (change notifications do not reach containers and
/// network mounts reliably). In a terminal the screen is cleared between runs; elsewhere a line separates them.
/// Stops on Ctrl+C, with the exit code of the last run.
/// </summary>
internal static class WatchLoop
{
    public const string OptionName = "--watch";

    /// <summary>How often files are looked at; a change is run after it has been still for one more look.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    public static System.CommandLine.Option<bool> Option() => new(OptionName)
    {
        Description = "run again whenever a file of the argument (an import, a cited source) changes, until Ctrl+C",
    };

    /// <summary>Runs <paramref name="once"/> (which returns its exit code and records the files it read) until cancelled.</summary>
    public static int Run(string[] paths, Func<List<string>, int> once, TextWriter output, CancellationToken cancellation)
    {
        // Every verb's output is a SafeWriter (PolicyCli); the screen is cleared only on a terminal, past its filter.
        var screen = output is SafeWriter { IsTerminal: true } safe ? safe : null;
        var exit = ExitCodes.Clean;
        IReadOnlyList<string> watchedBefore = [];
        for (var run = 1; !cancellation.IsCancellationRequested; run++)
        {
            if (run > 1)
            {
                if (screen is not null)
                {
                    screen.WriteControl("\u001b[2J\u001b[H");
                }
                else
                {
                    output.Write($"\n--- run {run} ---\n");
                }
            }

            // Stamped before the run, so a change while it runs, or between its end and the wait, is seen: stamped
            // after "watching" was printed, a change made on seeing that line (an editor's save, a test) was missed.
            var stampedBefore = watchedBefore.Concat(paths.Select(Path.GetFullPath)).Distinct(StringComparer.Ordinal).ToDictionary(p => p, Stamp, StringComparer.Ordinal);
            var read = new List<string>();
            exit = once(read);
            // A file the last run read and this one could not (an import deleted) is still watched, so that its
            // return runs the argument again.
            var missing = watchedBefore.Where(p => FileSystemProbe.Kind(p) == FileKind.Missing);
            var watched = read.Concat(paths.Select(Path.GetFullPath)).Concat(missing).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            watchedBefore = watched;
            var stamps = watched.Select(p => stampedBefore.TryGetValue(p, out var stamp) ? stamp : Stamp(p)).ToList();
            output.Write($"watching {watched.Count} {(watched.Count == 1 ? "path" : "paths")} for changes (Ctrl+C stops)\n");
            output.Flush();
            if (!WaitForChange(watched, stamps, cancellation))
            {
                break;
            }
        }

        return exit;
    }

    /// <summary>The files an analysed argument read: its own, its imports, and the source documents it cites.</summary>
    public static IEnumerable<string> FilesOf(Model model) =>
        model.Workspace.Trees.Select(t => t.Source.FullPath ?? Path.GetFullPath(t.Source.Path))
            .Concat(model.Sources.Values.Select(s => s.ResolvedPath).OfType<string>());

    private static bool WaitForChange(IReadOnlyList<string> watched, List<string> before, CancellationToken cancellation)
    {
        while (!cancellation.WaitHandle.WaitOne(Poll))
        {
            var now = watched.Select(Stamp).ToList();
            if (!now.SequenceEqual(before))
            {
                // Let an editor finish writing (a save is often several writes) before running again.
                do
                {
                    before = now;
                    if (cancellation.WaitHandle.WaitOne(Poll))
                    {
                        return false;
                    }

                    now = watched.Select(Stamp).ToList();
                }
                while (!now.SequenceEqual(before));

                return true;
            }
        }

        return false;
    }

    /// <summary>What a change shows as: a file's kind, size and time of last write; a folder's listing.</summary>
    private static string Stamp(string path)
    {
        try
        {
            return FileSystemProbe.Kind(path) switch
            {
                FileKind.Regular => $"{new FileInfo(path).Length}:{File.GetLastWriteTimeUtc(path).Ticks}",
                // The folder walked as the verbs walk it: links out of the project and loops are not followed.
                FileKind.Folder => string.Join("|", ArgumentFiles.Expand([path], null, null, Workspace.PolicyFileExtension).Files
                    .Select(f => $"{f}:{File.GetLastWriteTimeUtc(f).Ticks}")),
                var kind => kind.ToString(),
            };
        }
        catch (IOException)
        {
            return "unreadable";
        }
        catch (UnauthorizedAccessException)
        {
            return "unreadable";
        }
    }
}
