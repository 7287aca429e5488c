namespace PolicyDsl.Dsl.Files;

/// <summary>
/// The folder an argument may read from. Imports and source documents resolve inside it, so a file from a pull
/// request cannot make PolicyDsl read (and print) a file elsewhere on the machine. It is the nearest folder, from the
/// argument file's own upwards, that holds <c>.git</c> or <see cref="MarkerFile"/>, or the argument file's folder when
/// none does; <c>--root DIR</c> names it outright.
/// </summary>
public sealed class ProjectRoot
{
    /// <summary>A file (its content is not read) that marks a folder as the root of a project of arguments.</summary>
    public const string MarkerFile = ".policydsl-root";

    private ProjectRoot(string fullPath, string howFound)
    {
        FullPath = fullPath;
        HowFound = howFound;
    }

    /// <summary>The root, every symbolic link in it resolved.</summary>
    public string FullPath { get; }

    /// <summary>Why this folder is the root, as a diagnostic says it.</summary>
    public string HowFound { get; }

    /// <summary>The root named by the user (<c>--root</c>).</summary>
    public static ProjectRoot At(string folder)
    {
        var full = Path.GetFullPath(folder);
        return new ProjectRoot(FileSystemProbe.RealPath(full) ?? full, "set by --root");
    }

    /// <summary>The root for an argument file in <paramref name="folder"/>: the nearest folder holding .git or the marker.</summary>
    public static ProjectRoot Find(string folder)
    {
        var full = Path.GetFullPath(folder);
        var start = FileSystemProbe.RealPath(full) ?? full;
        for (var at = start; at is not null; at = Path.GetDirectoryName(at))
        {
            if (Path.Exists(Path.Combine(at, ".git")) || File.Exists(Path.Combine(at, MarkerFile)))
            {
                return new ProjectRoot(at, $"the nearest folder holding .git or {MarkerFile}");
            }
        }

        return new ProjectRoot(start, $"the argument file's folder, as no folder above it holds .git or {MarkerFile}");
    }

    /// <summary>Whether a full path lies inside the root (the root itself included).</summary>
    public bool Contains(string fullPath)
    {
        var relative = Path.GetRelativePath(FullPath, fullPath);
        return relative == "." || !(relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(relative));
    }

    /// <summary>
    /// Resolves a path written in an argument file (an import or a source), relative to the folder of that file:
    /// '/' only, relative, inside the root before and after following symbolic links. Nothing is read.
    /// <paramref name="asWritten"/> is the literal's text between its quotes, before escapes are read, so a '\'
    /// the text reads as an escape still counts.
    /// </summary>
    public ResolvedReference Resolve(string fromFolder, string written, string asWritten)
    {
        if (asWritten.Contains('\\', StringComparison.Ordinal))
        {
            return new ResolvedReference(null, ReferenceProblem.Backslash);
        }

        if (written.Any(char.IsControl))
        {
            return new ResolvedReference(null, ReferenceProblem.ControlCharacter);
        }

        if (Path.IsPathRooted(written) || written.StartsWith('~') || (written.Length >= 2 && written[1] == ':'))
        {
            return new ResolvedReference(null, ReferenceProblem.Absolute);
        }

        var folder = FileSystemProbe.RealPath(fromFolder) ?? fromFolder;
        var target = Path.GetFullPath(Path.Combine(folder, written));
        if (!Contains(target))
        {
            return new ResolvedReference(null, ReferenceProblem.LeavesRoot);
        }

        // A path to a missing file is judged by the nearest folder of it that exists, so whether a file exists
        // outside the project is not told either.
        var real = FileSystemProbe.RealPath(target);
        var existing = real;
        for (var at = Path.GetDirectoryName(target); existing is null && at is not null; at = Path.GetDirectoryName(at))
        {
            existing = FileSystemProbe.RealPath(at);
        }

        if (existing is not null && !Contains(existing))
        {
            return new ResolvedReference(null, ReferenceProblem.LinkLeavesRoot);
        }

        return new ResolvedReference(real ?? target, ReferenceProblem.None);
    }

    /// <summary>A quoted path as the file spells it: the text between the quotes, escapes unread.</summary>
    public static string AsWritten(Text.SourceText source, Text.TextSpan literal)
    {
        var text = source.Text.Substring(literal.Start, literal.Length);
        return text.Length >= 2 && text[0] == '"' && text[^1] == '"' ? text[1..^1] : text;
    }

    /// <summary>The code of a refused path.</summary>
    public static Diagnostics.DiagnosticDescriptor DescriptorOf(ReferenceProblem problem) => problem switch
    {
        ReferenceProblem.Backslash => Diagnostics.DiagnosticCatalog.BackslashInPath,
        ReferenceProblem.ControlCharacter => Diagnostics.DiagnosticCatalog.InvalidCharacter,
        _ => Diagnostics.DiagnosticCatalog.PathOutsideProject,
    };

    /// <summary>What a diagnostic says of a path that <see cref="Resolve"/> refused (the path shown as written).</summary>
    public string Explain(ReferenceProblem problem, string written, string what) => problem switch
    {
        ReferenceProblem.Backslash => $"{what} '{written}' uses '\\'; write paths with '/', which every system reads",
        ReferenceProblem.ControlCharacter => $"{what} '{written}' holds a control character, which no file name here should; write the path in plain characters",
        ReferenceProblem.Absolute => $"{what} '{written}' is an absolute path; write it relative to this file, inside the project ({RootShown()})",
        ReferenceProblem.LeavesRoot => $"{what} '{written}' leads out of the project ({RootShown()}); nothing outside it is read: move the file into the project or give --root",
        ReferenceProblem.LinkLeavesRoot => $"{what} '{written}' leads through a symbolic link out of the project ({RootShown()}); nothing outside it is read: copy what it leads to into the project or give --root",
        _ => string.Empty,
    };

    private string RootShown() => $"root '{DisplayPath.For(FullPath)}', {HowFound}";
}

public enum ReferenceProblem
{
    None,

    /// <summary>A '\' in the path: on Linux it is part of a name, on Windows a separator, so the path means two things.</summary>
    Backslash,

    /// <summary>A control character (a NUL, a newline) in the path: no file is named so, and some systems cut the path there.</summary>
    ControlCharacter,
    Absolute,

    /// <summary>The path leaves the root through '..'.</summary>
    LeavesRoot,

    /// <summary>The path is inside the root, but a symbolic link in it leads out.</summary>
    LinkLeavesRoot,
}

/// <summary>A path an argument names, resolved: its full path (links followed), or why it was refused.</summary>
public sealed record ResolvedReference(string? FullPath, ReferenceProblem Problem);
