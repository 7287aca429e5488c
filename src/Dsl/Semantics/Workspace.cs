using System.Collections.Immutable;
using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Dsl.Files;
using PolicyDsl.Dsl.Syntax;
using PolicyDsl.Dsl.Text;

namespace PolicyDsl.Dsl.Semantics;

/// <summary>An argument file and everything it imports, parsed, in dependency order (imports before importers).</summary>
public sealed class Workspace
{
    private Workspace(string rootPath, ImmutableArray<SyntaxTree> trees, IReadOnlyList<Diagnostic> diagnostics, IFileProvider files, IReadOnlyDictionary<string, ProjectRoot> roots, IReadOnlyCollection<SyntaxTree>? entries = null)
    {
        this.entries = entries ?? [];
        this.roots = roots;
        RootPath = rootPath;
        Trees = trees;
        Diagnostics = diagnostics;
        Files = files;
    }

    /// <summary>The full path of the root file.</summary>
    public string RootPath { get; }

    public ImmutableArray<SyntaxTree> Trees { get; }

    public SyntaxTree? Root => Trees.IsEmpty ? null : Trees[^1];

    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    public IFileProvider Files { get; }

    private readonly IReadOnlyCollection<SyntaxTree> entries;

    /// <summary>The project root each file's references resolve in, by the file's full path.</summary>
    private readonly IReadOnlyDictionary<string, ProjectRoot> roots;

    /// <summary>
    /// Whether a file's claims (its argument title, expectations and named scenarios) are the workspace's own: the
    /// root's are, an imported file's are not, except the files a REPL session loads, which it checks as written.
    /// </summary>
    public bool IsEntry(SyntaxTree tree) => ReferenceEquals(tree, Root) || entries.Contains(tree);

    /// <summary>The project root a file of the workspace reads inside: its entry file's.</summary>
    public ProjectRoot RootOf(SourceText source) =>
        source.FullPath is { } full && roots.TryGetValue(full, out var root) ? root : ProjectRoot.Find(Path.GetDirectoryName(RootPath) ?? Environment.CurrentDirectory);

    /// <summary>
    /// Loads a root file and, transitively, its imports. Problems become diagnostics; nothing throws. Imports resolve
    /// inside <paramref name="projectRoot"/> when it is given, else inside the root <see cref="ProjectRoot.Find"/> finds.
    /// </summary>
    public static Workspace Load(string path, IFileProvider? files = null, string? projectRoot = null)
    {
        files ??= DiskFileProvider.Instance;
        var loader = new Loader(files, projectRoot);
        var full = Path.GetFullPath(path);
        loader.VisitEntry(full);
        return new Workspace(full, [.. loader.Order], loader.Diagnostics.ToSortedList(), files, loader.Roots);
    }

    /// <summary>
    /// A workspace over text that is not on disk (the REPL's session, tests), whose imports are read from disk; the
    /// files named in <paramref name="entryFiles"/> are loaded first, as the REPL's <c>:load</c> does, and their claims
    /// count as the root's.
    /// </summary>
    public static Workspace FromText(string path, string text, IFileProvider? files = null, IEnumerable<string>? entryFiles = null, string? projectRoot = null)
    {
        files ??= DiskFileProvider.Instance;
        var loader = new Loader(files, projectRoot);
        var entries = new List<SyntaxTree>();
        foreach (var entry in entryFiles ?? [])
        {
            if (loader.VisitEntry(Path.GetFullPath(entry)) is { } tree)
            {
                entries.Add(tree);
            }
        }

        var full = Path.GetFullPath(path);
        loader.VisitText(full, new SourceText(DisplayPath.For(full), text, full), loader.RootFor(full), mayBeEmpty: entries.Count > 0);
        return new Workspace(full, [.. loader.Order], loader.Diagnostics.ToSortedList(), files, loader.Roots, entries);
    }

    /// <summary>The extension of argument files, the only files an import reads.</summary>
    public const string PolicyFileExtension = ".policy";

    /// <summary>
    /// The most text an argument may hold, its file and every file it imports together: 6 MiB. An argument is held in
    /// memory whole while it is checked, at up to about 120 bytes per character (a list of short premises; rules cost
    /// less per character), so this keeps any argument under 1 GB. The generated 100,000-rule benchmark is 5 MiB.
    /// </summary>
    public const int MaxArgumentChars = 6 * 1024 * 1024;

    private sealed class Loader(IFileProvider files, string? projectRoot)
    {
        private readonly Dictionary<string, SyntaxTree?> loaded = new(StringComparer.Ordinal);
        private readonly List<string> stack = [];

        public List<SyntaxTree> Order { get; } = [];

        public DiagnosticBag Diagnostics { get; } = new();

        public Dictionary<string, ProjectRoot> Roots { get; } = new(StringComparer.Ordinal);

        public ProjectRoot RootFor(string fullPath) =>
            projectRoot is not null ? ProjectRoot.At(projectRoot) : ProjectRoot.Find(Path.GetDirectoryName(fullPath) ?? Environment.CurrentDirectory);

        /// <summary>
        /// A file the user named (on the command line, in a folder given to check, or in the REPL): read from where it
        /// is, with its imports confined to its project. It must be an argument file, and a symbolic link to it must
        /// not lead out of the project it sits in (a folder of a pull request may hold a link to any file).
        /// </summary>
        public SyntaxTree? VisitEntry(string fullPath)
        {
            // The same refusal fmt makes before reading (ArgumentFiles): a link out of the project is not read.
            if (ArgumentFiles.RefuseOutsideProject(fullPath, projectRoot) is { } outside)
            {
                loaded[fullPath] = null;
                Diagnostics.Add(outside);
                return null;
            }

            var root = RootFor(fullPath);
            var real = FileSystemProbe.RealPath(fullPath);
            var shown = DisplayPath.For(fullPath);
            var nowhere = new SourceText(shown, string.Empty);

            // A FIFO or a device is said to be one (by the read below), whatever its name.
            if (!fullPath.EndsWith(PolicyFileExtension, StringComparison.Ordinal) && FileSystemProbe.Kind(fullPath) == FileKind.Regular)
            {
                loaded[fullPath] = null;
                Diagnostics.Report(DiagnosticCatalog.NotAnArgumentFile, nowhere, default,
                    $"'{shown}' is not a {PolicyFileExtension} file; argument files end in {PolicyFileExtension} (a document an argument cites is declared with 'source')");
                return null;
            }

            real ??= fullPath;
            Visit(real, importedFrom: null, root);
            return loaded.GetValueOrDefault(real);
        }

        private void Visit(string fullPath, (SourceText Source, TextSpan Span)? importedFrom, ProjectRoot root)
        {
            if (loaded.ContainsKey(fullPath))
            {
                return;
            }

            var read = files.Read(fullPath);
            if (read.Text is null)
            {
                loaded[fullPath] = null;
                ReportUnreadable(fullPath, read, importedFrom);
                return;
            }

            VisitText(fullPath, new SourceText(DisplayPath.For(fullPath), read.Text, fullPath), root, importedFrom: importedFrom);
        }

        /// <summary>Characters of the argument's files read so far, held against <see cref="MaxArgumentChars"/>.</summary>
        private long characters;

        public void VisitText(string fullPath, SourceText source, ProjectRoot root, bool mayBeEmpty = false, (SourceText Source, TextSpan Span)? importedFrom = null)
        {
            loaded[fullPath] = null;
            Roots[fullPath] = root;
            characters += source.Text.Length;
            if (characters > MaxArgumentChars)
            {
                var megabytes = MaxArgumentChars / (1024 * 1024);
                var alone = source.Text.Length > MaxArgumentChars;
                var message = (alone ? $"'{source.Path}' holds more than the {megabytes} MiB of text an argument may have" :
                        $"'{source.Path}' would bring the argument (its file and every file imported) past the {megabytes} MiB of text an argument may have") +
                    " (an argument is held in memory whole, and this keeps it under 1 GB); split it into arguments checked apart, each importing only what it uses";
                Diagnostics.Report(DiagnosticCatalog.FileTooLarge, importedFrom?.Source ?? new SourceText(source.Path, string.Empty), importedFrom?.Span ?? default, message);
                characters -= source.Text.Length;
                return;
            }

            var parsed = PolicyParser.Parse(source, mayBeEmpty);
            Diagnostics.AddRange(parsed.Diagnostics);
            stack.Add(fullPath);
            var directory = Path.GetDirectoryName(fullPath) ?? Environment.CurrentDirectory;
            foreach (var import in parsed.Tree.Statements.OfType<ImportStatement>())
            {
                if (Resolve(root, directory, import, source) is not { } target)
                {
                    continue;
                }

                var cycleStart = stack.IndexOf(target);
                if (cycleStart >= 0)
                {
                    var chain = stack.Skip(cycleStart).Append(target).Select(DisplayPath.For);
                    Diagnostics.Report(DiagnosticCatalog.ImportCycle, source, import.Span,
                        $"files import each other in a cycle: {string.Join(" -> ", chain)}; move what they share into a file both import");
                    continue;
                }

                Visit(target, (source, import.Span), root);
            }

            stack.RemoveAt(stack.Count - 1);
            loaded[fullPath] = parsed.Tree;
            Order.Add(parsed.Tree);
        }

        /// <summary>The file an import names, or null (with a diagnostic) when it may not be read: see <see cref="ProjectRoot.Resolve"/>.</summary>
        private string? Resolve(ProjectRoot root, string directory, ImportStatement import, SourceText source)
        {
            var written = import.Path.Value;
            var asWritten = ProjectRoot.AsWritten(source, import.Path.Span);
            var resolved = root.Resolve(directory, written, asWritten);
            if (resolved.Problem != ReferenceProblem.None)
            {
                Diagnostics.Report(ProjectRoot.DescriptorOf(resolved.Problem),
                    source, import.Path.Span, root.Explain(resolved.Problem, asWritten, "import"));
                return null;
            }

            // Only argument files are imported: anything else (a note, a digest, a key file) would have its lines printed as syntax errors.
            if (!resolved.FullPath!.EndsWith(PolicyFileExtension, StringComparison.Ordinal) && !Directory.Exists(resolved.FullPath))
            {
                Diagnostics.Report(DiagnosticCatalog.NotAnArgumentFile, source, import.Path.Span,
                    $"import '{written}' does not name a {PolicyFileExtension} file; only argument files are imported (a document an argument cites is declared with 'source')");
                return null;
            }

            return resolved.FullPath;
        }

        private void ReportUnreadable(string fullPath, FileReadResult read, (SourceText Source, TextSpan Span)? importedFrom)
        {
            var shown = DisplayPath.For(fullPath);
            var (descriptor, message) = Describe(read, shown, importedFrom);

            if (importedFrom is { } from)
            {
                Diagnostics.Report(descriptor, from.Source, from.Span, message);
            }
            else
            {
                // A root file that cannot be read has no text to point into; the diagnostic names it at line 1.
                Diagnostics.Report(descriptor, new SourceText(shown, string.Empty), new TextSpan(0, 0), message);
            }
        }
    }

    /// <summary>The diagnostic for an argument file a verb was given and could not read (fmt reads files itself).</summary>
    public static Diagnostic ReadProblem(FileReadResult read, string shown)
    {
        var (descriptor, message) = Describe(read, shown, importedFrom: null);
        return descriptor.Create(new SourceText(shown, string.Empty), new TextSpan(0, 0), message);
    }

    private static (DiagnosticDescriptor Descriptor, string Message) Describe(FileReadResult read, string shown, (SourceText Source, TextSpan Span)? importedFrom) =>
            read.Error switch
            {
                FileReadError.NotFound when importedFrom is not null =>
                    (DiagnosticCatalog.ImportNotFound, $"imported file '{shown}' does not exist; import paths are relative to the importing file"),
                FileReadError.NotFound => (DiagnosticCatalog.FileNotFound, $"'{shown}' does not exist; check the path"),
                FileReadError.IsFolder when importedFrom is not null =>
                    (DiagnosticCatalog.ImportNotFound, $"'{shown}' is a folder; import a .policy file in it"),
                FileReadError.IsFolder => (DiagnosticCatalog.FileNotFound, $"'{shown}' is a folder; give a .policy file, or use 'policydsl check' or 'test', which take folders"),
                FileReadError.TooLarge => (DiagnosticCatalog.FileTooLarge,
                    $"'{shown}' has more than the {DiskFileProvider.MaxFileBytes / (1024 * 1024)} MiB a file may have (and an argument, with its imports, may hold {MaxArgumentChars / (1024 * 1024)} MiB of text); split it into arguments checked apart"),
                FileReadError.NotRegular => (DiagnosticCatalog.NotARegularFile,
                    $"'{shown}' is {read.Detail}, not a regular file; nothing is read from it: {(importedFrom is null ? "give" : "import")} a .policy file"),
                FileReadError.NotText => (DiagnosticCatalog.FileUnreadable, $"'{shown}' cannot be read as an argument file: {read.Detail}; argument files are UTF-8 text"),
                _ => (DiagnosticCatalog.FileUnreadable, $"'{shown}' cannot be read: {read.Detail}"),
            };
}
