using System.Text;

namespace PolicyDsl.Dsl.Semantics;

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
            var info = new FileInfo(fullPath);
            if (!info.Exists)
            {
                return new FileReadResult(null, Directory.Exists(fullPath) ? FileReadError.IsFolder : FileReadError.NotFound);
            }

            if (info.Length > MaxFileBytes)
            {
                return new FileReadResult(null, FileReadError.TooLarge, $"{info.Length / (1024 * 1024)} MiB");
            }

            var bytes = File.ReadAllBytes(fullPath);
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
}

/// <summary>Paths as reports show them: relative to the working folder where possible, always with '/'.</summary>
public static class DisplayPath
{
    public static string For(string fullPath)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, fullPath);
        var shown = relative.StartsWith("..", StringComparison.Ordinal) && Path.IsPathRooted(fullPath) && relative.Count(c => c == '/' || c == '\\') > 3
            ? fullPath
            : relative;
        return shown.Replace('\\', '/');
    }
}
