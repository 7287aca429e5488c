using System.Text;

namespace PolicyDsl.Dsl.Files;

/// <summary>How the analysis reads files; tests and the REPL can supply their own.</summary>
public interface IFileProvider
{
    /// <summary>Reads a file as text, or says why it cannot.</summary>
    FileReadResult Read(string fullPath);
}

public sealed record FileReadResult(string? Text, FileReadError Error, string? Detail = null);

public enum FileReadError
{
    None,
    NotFound,

    /// <summary>The path names a folder, not a file.</summary>
    IsFolder,

    /// <summary>The path names a FIFO, a device or a socket: reading it could block or never end.</summary>
    NotRegular,
    TooLarge,
    NotText,
    IoError,
}

/// <summary>Reads UTF-8 files from disk, refusing what is not text and what is unreasonably large.</summary>
public sealed class DiskFileProvider : IFileProvider
{
    /// <summary>64 MiB: ten times the largest file the benchmarks generate.</summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    public static readonly DiskFileProvider Instance = new();

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public FileReadResult Read(string fullPath)
    {
        try
        {
            // The kind first: a FIFO blocks the open itself, and a device reports a length of 0 and never ends.
            switch (FileSystemProbe.Kind(fullPath))
            {
                case FileKind.Missing:
                    return new FileReadResult(null, FileReadError.NotFound);
                case FileKind.Folder:
                    return new FileReadResult(null, FileReadError.IsFolder);
                case FileKind.Regular:
                    break;
                case var other:
                    return new FileReadResult(null, FileReadError.NotRegular, FileSystemProbe.Describe(other));
            }

            var bytes = ReadCapped(fullPath);
            if (bytes is null)
            {
                return new FileReadResult(null, FileReadError.TooLarge, $"more than {MaxFileBytes / (1024 * 1024)} MiB");
            }

            if (Array.IndexOf(bytes, (byte)0) >= 0)
            {
                return new FileReadResult(null, FileReadError.NotText, "it contains NUL bytes");
            }

            try
            {
                var text = StrictUtf8.GetString(bytes);
                return new FileReadResult(text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text, FileReadError.None);
            }
            catch (DecoderFallbackException)
            {
                return new FileReadResult(null, FileReadError.NotText, "it is not UTF-8 text");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new FileReadResult(null, FileReadError.IoError, e.Message);
        }
    }

    /// <summary>The file's bytes, or null past <see cref="MaxFileBytes"/>: counted while reading, as the reported length may lie.</summary>
    private static byte[]? ReadCapped(string fullPath)
    {
        using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan);

        // One buffer of the reported size (read into directly: a large file is not copied), grown if the file is longer.
        var buffer = new byte[(int)Math.Min(Math.Max(stream.Length, 0), MaxFileBytes) + 1];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (buffer.Length > MaxFileBytes)
                {
                    return null;
                }

                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, MaxFileBytes + 1));
            }

            var read = stream.Read(buffer, length, buffer.Length - length);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        if (length > MaxFileBytes)
        {
            return null;
        }

        Array.Resize(ref buffer, length);
        return buffer;
    }
}

/// <summary>Paths as reports show them: relative to the working folder where possible, always with '/'; escaped by each output channel, not here.</summary>
public static class DisplayPath
{
    public static string For(string fullPath)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, fullPath);
        var shown = relative.StartsWith("..", StringComparison.Ordinal) && Path.IsPathRooted(fullPath) && relative.Count(c => c == '/' || c == '\\') > 3
            ? fullPath
            : relative;
        // As it is: every output channel escapes what it prints (the terminal's filter, JSON's and XML's own escapes),
        // so a JSON or SARIF report names the file itself, not its escaped display.
        return shown.Replace('\\', '/');
    }
}
