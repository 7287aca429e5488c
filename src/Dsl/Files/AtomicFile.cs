using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Dsl.Text;

namespace PolicyDsl.Dsl.Files;

/// <summary>
/// Every file PolicyDsl writes (fmt, map -o, report -o, init, the REPL's :map) is written here: whole or not at all
/// (a temporary file beside the target, then a rename), never through or over a symbolic link, and only over a
/// regular file. What cannot be written is a PD0071 diagnostic that says why, never an exception.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/>; null when written, else the PD0071 that says why not.</summary>
    /// <param name="path">the file to write (a full path)</param>
    /// <param name="text">its contents</param>
    /// <param name="replace">whether an existing file is replaced; if not, an existing file is refused</param>
    /// <param name="keepMode">give the new file the permissions of the one it replaces (fmt rewrites files it does not own the mode of)</param>
    public static Diagnostic? Write(string path, string text, bool replace, bool keepMode = false) =>
        Write(path, writer => writer.Write(text), replace, keepMode);

    /// <summary>
    /// As <see cref="Write(string, string, bool, bool)"/>, the contents written by <paramref name="write"/> as they are
    /// made (a report of a large argument is tens of megabytes: it is not built whole first).
    /// </summary>
    public static Diagnostic? Write(string path, Action<TextWriter> write, bool replace, bool keepMode = false)
    {
        path = Path.GetFullPath(path);
        var shown = DisplayPath.For(path);
        Diagnostic Refuse(string why) =>
            DiagnosticCatalog.WriteRefused.Create(new SourceText(shown, string.Empty), default, $"'{shown}' was not written: {why}");

        var info = new FileInfo(path);
        if (info.LinkTarget is not null)
        {
            return Refuse("it is a symbolic link, and PolicyDsl never writes through one; write to the file it leads to, or remove the link");
        }

        switch (FileSystemProbe.Kind(path))
        {
            case FileKind.Missing:
                break;
            case FileKind.Regular when replace:
                break;
            case FileKind.Regular:
                return Refuse("it already exists, and this never overwrites a file; name a new one");
            case var other:
                return Refuse($"it is {FileSystemProbe.Describe(other)}, not a regular file; name a file to write");
        }

        var folder = Path.GetDirectoryName(path);
        if (folder is null || FileSystemProbe.Kind(folder) != FileKind.Folder)
        {
            return Refuse($"its folder '{DisplayPath.For(folder ?? path)}' does not exist; create it first");
        }

        if (LeavesProject(folder) is { } real)
        {
            return Refuse($"its folder leads through a symbolic link out of the project (it is really '{DisplayPath.For(real)}'), and PolicyDsl never writes through one; " +
                          "write inside the project, or name the real folder");
        }

        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            using (var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
            {
                write(writer);
            }

            if (keepMode && !OperatingSystem.IsWindows() && File.Exists(path))
            {
                File.SetUnixFileMode(temporary, File.GetUnixFileMode(path));
            }

            File.Move(temporary, path, overwrite: replace);
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return Refuse($"permission denied in '{DisplayPath.For(folder)}'; write somewhere you may, or change the folder's permissions");
        }
        catch (IOException e)
        {
            return Refuse(e is PathTooLongException ? "the path is too long" : $"the system refused to create a file in '{DisplayPath.For(folder)}'; write somewhere else");
        }
        finally
        {
            try
            {
                File.Delete(temporary);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Nothing was created, or it cannot be removed either; the diagnostic above says what failed.
            }
        }
    }

    /// <summary>
    /// The real folder, when a folder named inside a project (under the nearest folder, as written, holding .git or
    /// the marker) is really outside it: a committed link (out -> /somewhere) would otherwise let a pull request
    /// choose where CI writes. Null when it is not so (a folder outside any project is written as named).
    /// </summary>
    private static string? LeavesProject(string folder)
    {
        var real = FileSystemProbe.RealPath(folder);
        if (real is null || real == folder)
        {
            return null;
        }

        for (var at = folder; at is not null; at = Path.GetDirectoryName(at))
        {
            if (Path.Exists(Path.Combine(at, ".git")) || File.Exists(Path.Combine(at, ProjectRoot.MarkerFile)))
            {
                return ProjectRoot.At(at).Contains(real) ? null : real;
            }
        }

        return null;
    }
}
