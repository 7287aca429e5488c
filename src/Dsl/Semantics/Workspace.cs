using System.Collections.Immutable;
using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Dsl.Syntax;
using PolicyDsl.Dsl.Text;

namespace PolicyDsl.Dsl.Semantics;

/// <summary>An argument file and everything it imports, parsed, in dependency order (imports before importers).</summary>
public sealed class Workspace
{
    private Workspace(string rootPath, ImmutableArray<SyntaxTree> trees, IReadOnlyList<Diagnostic> diagnostics, IFileProvider files, IReadOnlyCollection<SyntaxTree>? entries = null)
    {
        this.entries = entries ?? [];
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

    /// <summary>
    /// Whether a file's claims (its argument title, expectations and named scenarios) are the workspace's own: the
    /// root's are, an imported file's are not, except the files a REPL session loads, which it checks as written.
    /// </summary>
    public bool IsEntry(SyntaxTree tree) => ReferenceEquals(tree, Root) || entries.Contains(tree);

    /// <summary>Loads a root file and, transitively, its imports. Problems become diagnostics; nothing throws.</summary>
    public static Workspace Load(string path, IFileProvider? files = null)
    {
        files ??= DiskFileProvider.Instance;
        var loader = new Loader(files);
        var full = Path.GetFullPath(path);
        loader.Visit(full, importedFrom: null);
        return new Workspace(full, [.. loader.Order], loader.Diagnostics.ToSortedList(), files);
    }

    /// <summary>
    /// A workspace over text that is not on disk (the REPL's session, tests), whose imports are read from disk;
    /// the claims of the imported files named in <paramref name="entryFiles"/> count as the root's.
    /// </summary>
    public static Workspace FromText(string path, string text, IFileProvider? files = null, IEnumerable<string>? entryFiles = null)
    {
        files ??= DiskFileProvider.Instance;
        var loader = new Loader(files);
        var full = Path.GetFullPath(path);
        loader.VisitText(full, new SourceText(DisplayPath.For(full), text, full));
        var entries = (entryFiles ?? []).Select(f => loader.Find(Path.GetFullPath(f))).OfType<SyntaxTree>().ToList();
        return new Workspace(full, [.. loader.Order], loader.Diagnostics.ToSortedList(), files, entries);
    }

    private sealed class Loader(IFileProvider files)
    {
        private readonly Dictionary<string, SyntaxTree?> loaded = new(StringComparer.Ordinal);
        private readonly List<string> stack = [];

        public List<SyntaxTree> Order { get; } = [];

        public DiagnosticBag Diagnostics { get; } = new();

        public SyntaxTree? Find(string fullPath) => loaded.GetValueOrDefault(fullPath);

        public void Visit(string fullPath, (SourceText Source, TextSpan Span)? importedFrom)
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

            VisitText(fullPath, new SourceText(DisplayPath.For(fullPath), read.Text, fullPath));
        }

        public void VisitText(string fullPath, SourceText source)
        {
            loaded[fullPath] = null;
            var parsed = PolicyParser.Parse(source);
            Diagnostics.AddRange(parsed.Diagnostics);
            stack.Add(fullPath);
            var directory = Path.GetDirectoryName(fullPath) ?? Environment.CurrentDirectory;
            foreach (var import in parsed.Tree.Statements.OfType<ImportStatement>())
            {
                var target = Path.GetFullPath(Path.Combine(directory, import.Path.Value));
                var cycleStart = stack.IndexOf(target);
                if (cycleStart >= 0)
                {
                    var chain = stack.Skip(cycleStart).Append(target).Select(DisplayPath.For);
                    Diagnostics.Report(DiagnosticCatalog.ImportCycle, source, import.Span,
                        $"files import each other in a cycle: {string.Join(" -> ", chain)}; move what they share into a file both import");
                    continue;
                }

                Visit(target, (source, import.Span));
            }

            stack.RemoveAt(stack.Count - 1);
            loaded[fullPath] = parsed.Tree;
            Order.Add(parsed.Tree);
        }

        private void ReportUnreadable(string fullPath, FileReadResult read, (SourceText Source, TextSpan Span)? importedFrom)
        {
            var shown = DisplayPath.For(fullPath);
            var (descriptor, message) = read.Error switch
            {
                FileReadError.NotFound when importedFrom is not null =>
                    (DiagnosticCatalog.ImportNotFound, $"imported file '{shown}' does not exist; import paths are relative to the importing file"),
                FileReadError.NotFound => (DiagnosticCatalog.FileNotFound, $"'{shown}' does not exist; check the path"),
                FileReadError.IsFolder when importedFrom is not null =>
                    (DiagnosticCatalog.ImportNotFound, $"'{shown}' is a folder; import a .policy file in it"),
                FileReadError.IsFolder => (DiagnosticCatalog.FileNotFound, $"'{shown}' is a folder; give a .policy file, or use 'policydsl check' or 'test', which take folders"),
                FileReadError.TooLarge => (DiagnosticCatalog.FileTooLarge,
                    $"'{shown}' is {read.Detail}, more than the {DiskFileProvider.MaxFileBytes / (1024 * 1024)} MiB an argument file may have; split it into files that import each other"),
                FileReadError.NotText => (DiagnosticCatalog.FileUnreadable, $"'{shown}' cannot be read as an argument file: {read.Detail}; argument files are UTF-8 text"),
                _ => (DiagnosticCatalog.FileUnreadable, $"'{shown}' cannot be read: {read.Detail}"),
            };

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
}
