namespace PolicyDsl.Repl.Commands;

/// <summary>Writes a file whole or not at all: a temporary file beside the target, then a rename.</summary>
internal static class AtomicFile
{
    /// <param name="path">the file to write</param>
    /// <param name="text">its contents</param>
    /// <param name="replace">whether an existing file is replaced; if not, the rename fails rather than replace it</param>
    /// <param name="keepMode">give the new file the permissions of the one it replaces (fmt rewrites files it does not own the mode of)</param>
    public static void Write(string path, string text, bool replace, bool keepMode = false)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllText(temporary, text);
            if (keepMode && !OperatingSystem.IsWindows() && File.Exists(path))
            {
                File.SetUnixFileMode(temporary, File.GetUnixFileMode(path));
            }

            File.Move(temporary, path, overwrite: replace);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
