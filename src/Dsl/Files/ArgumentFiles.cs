using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Dsl.Text;

namespace PolicyDsl.Dsl.Files;

/// <summary>The argument files a walk found, in a stable order, and what it could not read or refused.</summary>
public sealed record FileWalk(IReadOnlyList<string> Files, IReadOnlyList<Diagnostic> Problems);

/// <summary>
/// The one file-system walker of every verb that takes folders (check, test, fmt, report, watch): folders searched
/// for argument files without ever leaving the project. A folder's project root is found as for a file in it (or
/// given by <c>--root</c>). A symbolic link that leads out of the root is refused with PD0017 and nothing behind it is
/// read; a link back into a folder already walked (a loop, or a second way to the same folder) is walked once; a
/// file reached twice is listed once; a folder that cannot be read is PD0070; FIFOs, devices and sockets are not
/// argument files and are left to the reader, which refuses them.
/// </summary>
public static class ArgumentFiles
{
    /// <summary>Folders deeper than this are not walked: no project nests arguments so deep, and it bounds the walk.</summary>
    public const int MaxDepth = 64;

    /// <summary>Past this many folders the walk stops with a diagnostic: it bounds the time a hostile tree can take.</summary>
    public const int MaxFolders = 100_000;

    /// <summary>
    /// Files as named, folders searched for <c>*.policy</c>, in ordinal order; missing paths, refused links and
    /// unreadable folders become diagnostics. <paramref name="projectRoot"/> is <c>--root</c>, or null to find each
    /// folder's root from where it is.
    /// </summary>
    public static FileWalk Expand(IEnumerable<string> paths, IEnumerable<string>? excluded, string? projectRoot, string extension)
    {
        var skip = (excluded ?? []).Select(e => Path.GetFullPath(e).TrimEnd(Path.DirectorySeparatorChar)).ToList();
        bool IsExcluded(string file) => skip.Exists(e => file == e || file.StartsWith(e + Path.DirectorySeparatorChar, StringComparison.Ordinal));

        var files = new List<string>();
        var problems = new List<Diagnostic>();
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path);
            switch (FileSystemProbe.Kind(full))
            {
                case FileKind.Folder:
                    var found = Walk(full, projectRoot is not null ? ProjectRoot.At(projectRoot) : ProjectRoot.Find(full), extension, IsExcluded, problems);
                    if (found.Count == 0 && !problems.Exists(p => p.Code == DiagnosticCatalog.PathOutsideProject.Code))
                    {
                        problems.Add(DiagnosticCatalog.NoPolicyFiles.Create(Nowhere(full), default,
                            $"folder '{DisplayText.Escape(path)}' holds no {extension} files; name argument files or a folder that contains them"));
                    }

                    files.AddRange(found);
                    break;
                case FileKind.Missing:
                    problems.Add(DiagnosticCatalog.FileNotFound.Create(new SourceText(DisplayText.Escape(path.Replace('\\', '/')), string.Empty), default,
                        $"'{DisplayText.Escape(path)}' does not exist; name an argument file or a folder of them"));
                    break;
                default:
                    // Any file that exists, regular or not: reading it says what is wrong with a FIFO or a device.
                    files.Add(full);
                    break;
            }
        }

        // A file named twice, or reached through two links, is checked once.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var distinct = files.Where(f => !IsExcluded(f) && seen.Add(FileSystemProbe.RealPath(f) ?? f)).ToList();
        return new FileWalk(distinct, problems);
    }

    /// <summary>
    /// Whether a file a user named may be read as an argument of the project it sits in: null when it may, else the
    /// PD0017 diagnostic (a symbolic link out of the project), which is all that is said of it; nothing is read.
    /// </summary>
    public static Diagnostic? RefuseOutsideProject(string fullPath, string? projectRoot, string what = "argument file")
    {
        var root = projectRoot is not null ? ProjectRoot.At(projectRoot) : ProjectRoot.Find(Path.GetDirectoryName(fullPath) ?? fullPath);
        var real = FileSystemProbe.RealPath(fullPath);
        if (real is null || root.Contains(real))
        {
            return null;
        }

        var shown = DisplayPath.For(fullPath);
        return DiagnosticCatalog.PathOutsideProject.Create(new SourceText(shown, string.Empty), default, root.Explain(ReferenceProblem.LinkLeavesRoot, shown, what));
    }

    private static List<string> Walk(string top, ProjectRoot root, string extension, Func<string, bool> excluded, List<Diagnostic> problems)
    {
        var found = new List<string>();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<(string Folder, int Depth)>();
        pending.Push((top, 0));
        while (pending.Count > 0)
        {
            var (folder, depth) = pending.Pop();
            if (excluded(folder))
            {
                continue;
            }

            var real = FileSystemProbe.RealPath(folder);
            if (real is null)
            {
                continue;
            }

            if (!root.Contains(real))
            {
                var shown = DisplayPath.For(folder);
                problems.Add(DiagnosticCatalog.PathOutsideProject.Create(Nowhere(folder), default, root.Explain(ReferenceProblem.LinkLeavesRoot, shown, "folder")));
                continue;
            }

            // A link back to a folder already walked (a loop such as 'l -> .') adds nothing: each real folder once.
            if (!visited.Add(real))
            {
                continue;
            }

            // Past the depth, this folder is left (and said); past the count, the walk ends (and says so).
            if (visited.Count > MaxFolders || depth > MaxDepth)
            {
                problems.Add(DiagnosticCatalog.FolderUnreadable.Create(Nowhere(folder), default,
                    $"folder '{DisplayPath.For(folder)}' is {(depth > MaxDepth ? $"more than {MaxDepth} folders deep" : $"past the {MaxFolders} folders a walk reads")}; name the folders that hold the arguments, or --exclude this one"));
                if (depth > MaxDepth)
                {
                    continue;
                }

                break;
            }

            List<FileSystemInfo> entries;
            try
            {
                entries = [.. new DirectoryInfo(folder).EnumerateFileSystemInfos()];
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException or System.Security.SecurityException)
            {
                problems.Add(DiagnosticCatalog.FolderUnreadable.Create(Nowhere(folder), default,
                    $"folder '{DisplayPath.For(folder)}' cannot be read ({(e is UnauthorizedAccessException ? "permission denied" : "it could not be listed")}); give read permission, or --exclude it"));
                continue;
            }

            foreach (var entry in entries.OrderByDescending(e => e.Name, StringComparer.Ordinal))
            {
                var kind = FileSystemProbe.Kind(entry.FullName);
                if (kind == FileKind.Folder)
                {
                    pending.Push((entry.FullName, depth + 1));
                }
                else if (entry.Name.EndsWith(extension, StringComparison.Ordinal) && !excluded(entry.FullName))
                {
                    if (entry.LinkTarget is not null && FileSystemProbe.RealPath(entry.FullName) is { } target && !root.Contains(target))
                    {
                        var shown = DisplayPath.For(entry.FullName);
                        problems.Add(DiagnosticCatalog.PathOutsideProject.Create(Nowhere(entry.FullName), default, root.Explain(ReferenceProblem.LinkLeavesRoot, shown, "argument file")));
                        continue;
                    }

                    found.Add(entry.FullName);
                }
            }
        }

        found.Sort(StringComparer.Ordinal);
        return found;
    }

    private static SourceText Nowhere(string fullPath) => new(DisplayPath.For(fullPath), string.Empty);
}
