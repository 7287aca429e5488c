using System.Text.Json;
using PolicyDsl.Dsl.Files;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Dsl.Text;
using PolicyDsl.Evaluator.Analysis;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace PolicyDsl.Repl.Lsp;

/// <summary>An open document: its file, text and version as the editor has them.</summary>
internal sealed record OpenDocument(string Uri, string Path, string Text, int Version);

/// <summary>One analysis of an open document as the root of its workspace (its imports read from the editor where open, else from disk).</summary>
internal sealed record DocumentAnalysis(int Generation, ArgumentAnalysis Analysis, SymbolIndex Index)
{
    public SourceText? Root => Analysis.Model.Workspace.Root?.Source;

    /// <summary>The characters of text it analysed, which its memory is proportional to.</summary>
    public long Size { get; } = Analysis.Model.Workspace.Trees.Sum(t => (long)t.Source.Text.Length);

    /// <summary>When it was kept, in the order of the server's analyses.</summary>
    public long Made { get; init; }
}

/// <summary>
/// The server's state and its methods: documents open in the editor, their analyses (from the analysis service, as
/// <c>check</c> makes them), diagnostics published a moment after the last change, and the language features,
/// which <see cref="LspFeatures"/> answers. Every method's parameters are read as JSON so that a request of the
/// wrong shape is refused with a message, not a crash.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "JSON-RPC methods are the target object's instance methods, whether or not they read its state")]
internal sealed partial class LspSession(Func<string, object, Task> notify) : IDisposable
{
    /// <summary>How long after a change the analysis waits for the next keystroke before it runs.</summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(25);

    private readonly Dictionary<string, OpenDocument> documents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DocumentAnalysis> analyses = new(StringComparer.Ordinal);

    /// <summary>The files each open document's last analysis read, kept when the analysis is dropped: a change to one of them re-publishes the document.</summary>
    private readonly Dictionary<string, HashSet<string>> reads = new(StringComparer.Ordinal);

    /// <summary>
    /// One analysis is made at a time, and the analyses kept hold no more text together than one argument may
    /// (<see cref="Workspace.MaxArgumentChars"/>): memory stays that of checking one argument, however many documents
    /// are open or however fast requests come (an analysis is remade when it is asked for again).
    /// </summary>
    private readonly SemaphoreSlim analysing = new(1, 1);
    private readonly Dictionary<string, CancellationTokenSource> pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> published = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<bool> exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object gate = new();
    private int generation;
    private bool shutdown;
    private bool initialized;

    /// <summary>Completes on <c>exit</c>: true if <c>shutdown</c> came first.</summary>
    public Task<bool> Exited => exited.Task;

    [JsonRpcMethod("initialize", UseSingleObjectParameterDeserialization = true)]
    public object Initialize(JsonElement parameters)
    {
        initialized = true;
        return Capabilities;
    }

    private static readonly object Capabilities = new
    {
        capabilities = new
        {
            textDocumentSync = new { openClose = true, change = 1 },
            hoverProvider = true,
            definitionProvider = true,
            referencesProvider = true,
            documentSymbolProvider = true,
            completionProvider = new { triggerCharacters = new[] { "#", "(", " " } },
            renameProvider = true,
            documentFormattingProvider = true,
            codeLensProvider = new { resolveProvider = false },
        },
        serverInfo = new { name = "policydsl", version = typeof(LspSession).Assembly.GetName().Version?.ToString(3) },
    };

    [JsonRpcMethod("initialized", UseSingleObjectParameterDeserialization = true)]
    public void Initialized(JsonElement parameters)
    {
    }

    [JsonRpcMethod("shutdown")]
    public object? Shutdown()
    {
        shutdown = true;
        return null;
    }

    [JsonRpcMethod("exit")]
    public void Exit() => exited.TrySetResult(shutdown);

    [JsonRpcMethod("textDocument/didOpen", UseSingleObjectParameterDeserialization = true)]
    public void DidOpen(JsonElement parameters)
    {
        var item = Get(parameters, "textDocument");
        var uri = String(item, "uri");
        Store(new OpenDocument(uri, PathOf(uri), String(item, "text"), item.TryGetProperty("version", out var v) && v.TryGetInt32(out var n) ? n : 0));
    }

    [JsonRpcMethod("textDocument/didChange", UseSingleObjectParameterDeserialization = true)]
    public void DidChange(JsonElement parameters)
    {
        var item = Get(parameters, "textDocument");
        var uri = String(item, "uri");
        var changes = Get(parameters, "contentChanges");
        if (changes.ValueKind != JsonValueKind.Array || changes.GetArrayLength() == 0)
        {
            throw new LspException(JsonRpcErrorCode.InvalidParams, "contentChanges holds the document's whole new text: [{\"text\": \"...\"}] (the server syncs whole documents)");
        }

        Store(new OpenDocument(uri, PathOf(uri), String(changes[changes.GetArrayLength() - 1], "text"), item.TryGetProperty("version", out var v) && v.TryGetInt32(out var n) ? n : 0));
    }

    [JsonRpcMethod("textDocument/didSave", UseSingleObjectParameterDeserialization = true)]
    public void DidSave(JsonElement parameters)
    {
    }

    [JsonRpcMethod("textDocument/didClose", UseSingleObjectParameterDeserialization = true)]
    public async Task DidClose(JsonElement parameters)
    {
        var uri = String(Get(parameters, "textDocument"), "uri");
        HashSet<string>? cleared;
        lock (gate)
        {
            documents.Remove(uri);
            analyses.Remove(uri);
            reads.Remove(uri);
            generation++;
            published.Remove(uri, out cleared);
        }

        foreach (var target in cleared ?? [])
        {
            await notify("textDocument/publishDiagnostics", new { uri = target, diagnostics = Array.Empty<object>() });
        }
    }

    private void Store(OpenDocument document)
    {
        List<string> affected;
        lock (gate)
        {
            documents[document.Uri] = document;
            generation++;
            // The document itself, and every open document whose last analysis read it (it imports it).
            affected = [document.Uri, .. reads.Where(r => r.Key != document.Uri && r.Value.Contains(document.Path)).Select(r => r.Key)];
            // Every analysis was made before this change (they are of an older generation): none will be used again.
            dropped += analyses.Values.Sum(a => a.Size);
            analyses.Clear();
        }

        foreach (var uri in affected)
        {
            Schedule(uri);
        }
    }

    /// <summary>Publishes a document's diagnostics once no change has come for <see cref="Debounce"/>.</summary>
    private void Schedule(string uri)
    {
        CancellationTokenSource source;
        lock (gate)
        {
            if (pending.Remove(uri, out var previous))
            {
                previous.Cancel();
                previous.Dispose();
            }

            source = new CancellationTokenSource();
            pending[uri] = source;
        }

        var token = source.Token;
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(Debounce, token);
                await Publish(uri, token);
            }
            catch (OperationCanceledException)
            {
                // A later change replaced this one.
            }
        }, CancellationToken.None);
    }

    /// <summary>The diagnostics of a document's analysis, for the document and each file it imports (cleared where none are left).</summary>
    private async Task Publish(string uri, CancellationToken cancellation)
    {
        var analysis = AnalysisOf(uri);
        if (analysis is null)
        {
            return;
        }

        cancellation.ThrowIfCancellationRequested();
        var files = analysis.Analysis.Model.Workspace.Trees.Select(t => t.Source.FullPath).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var byFile = analysis.Analysis.Report.Diagnostics.GroupBy(d => d.Source?.FullPath ?? string.Empty).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var targets = new HashSet<string>(StringComparer.Ordinal);
        var root = analysis.Root?.FullPath ?? PathOf(uri);
        foreach (var file in files.Prepend(root).Distinct(StringComparer.Ordinal))
        {
            var target = file == root ? uri : UriOf(file);
            targets.Add(target);
            var diagnostics = byFile.GetValueOrDefault(file) ?? [];
            await notify("textDocument/publishDiagnostics", new { uri = target, diagnostics = diagnostics.Select(LspFeatures.ToLsp).ToList() });
        }

        HashSet<string>? before;
        lock (gate)
        {
            published.Remove(uri, out before);
            published[uri] = targets;
        }

        foreach (var stale in (before ?? []).Except(targets))
        {
            await notify("textDocument/publishDiagnostics", new { uri = stale, diagnostics = Array.Empty<object>() });
        }
    }

    /// <summary>The current analysis of an open document (made now if a change came since the last), or null if it is not open.</summary>
    internal DocumentAnalysis? AnalysisOf(string uri)
    {
        OpenDocument? document;
        int current;
        lock (gate)
        {
            if (!documents.TryGetValue(uri, out document))
            {
                return null;
            }

            current = generation;
            if (analyses.TryGetValue(uri, out var cached) && cached.Generation == current)
            {
                return cached;
            }
        }

        analysing.Wait();
        try
        {
            lock (gate)
            {
                // Made by the request that held the turn before this one.
                if (analyses.TryGetValue(uri, out var cached) && cached.Generation == current)
                {
                    return cached;
                }
            }

            CollectDropped();
            var files = new EditorFiles(this);
            var analysis = ArgumentAnalysis.Of(Workspace.FromText(document.Path, document.Text, files));
            _ = analysis.Report;
            var made = new DocumentAnalysis(current, analysis, SymbolIndex.Of(analysis.Model));
            lock (gate)
            {
                if (documents.ContainsKey(uri) && generation == current)
                {
                    Keep(uri, made);
                }
            }

            return made;
        }
        finally
        {
            analysing.Release();
        }
    }

    /// <summary>Keeps an analysis, dropping the longest-kept others while their text and its pass one argument's.</summary>
    private void Keep(string uri, DocumentAnalysis made)
    {
        reads[uri] = [.. made.Analysis.Model.Workspace.Trees.Select(t => t.Source.FullPath).OfType<string>()];
        analyses.Remove(uri);
        var total = made.Size + analyses.Values.Sum(a => a.Size);
        foreach (var (other, kept) in analyses.OrderBy(a => a.Value.Made).ToList())
        {
            if (total <= Workspace.MaxArgumentChars)
            {
                break;
            }

            analyses.Remove(other);
            total -= kept.Size;
            dropped += kept.Size;
        }

        analyses[uri] = made with { Made = ++analysesKept };
    }

    private long analysesKept;

    /// <summary>How many analyses are kept and the characters of text they hold together (tests check the bound).</summary>
    internal (int Count, long Characters) Kept
    {
        get
        {
            lock (gate)
            {
                return (analyses.Count, analyses.Values.Sum(a => a.Size));
            }
        }
    }

    /// <summary>Characters of text whose analyses were dropped since memory was last reclaimed.</summary>
    private long dropped;

    /// <summary>
    /// Reclaims the memory of dropped analyses before the next is made, when they were large: the runtime would
    /// otherwise grow the heap for the new one first, and a large argument's two analyses would pass 1 GB together.
    /// </summary>
    private void CollectDropped()
    {
        lock (gate)
        {
            if (dropped < 1024 * 1024)
            {
                return;
            }

            dropped = 0;
        }

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    internal OpenDocument Document(string uri)
    {
        // The protocol's lifecycle: nothing is asked before initialize, nothing but exit after shutdown.
        if (!initialized)
        {
            throw new LspException((JsonRpcErrorCode)(-32002), "the server is not initialized: send initialize first");
        }

        if (shutdown)
        {
            throw new LspException(JsonRpcErrorCode.InvalidRequest, "the server is shutting down: send exit");
        }

        lock (gate)
        {
            return documents.TryGetValue(uri, out var document) ? document
                : throw new LspException(JsonRpcErrorCode.InvalidParams, $"{uri} is not open; send textDocument/didOpen first");
        }
    }

    /// <summary>Files as the editor has them where open, from disk otherwise (with the same limits as the command line).</summary>
    private sealed class EditorFiles(LspSession session) : IFileProvider
    {
        public FileReadResult Read(string fullPath)
        {
            lock (session.gate)
            {
                var open = session.documents.Values.FirstOrDefault(d => d.Path == fullPath);
                if (open is not null)
                {
                    return new FileReadResult(open.Text, FileReadError.None);
                }
            }

            return DiskFileProvider.Instance.Read(fullPath);
        }
    }

    internal static string PathOf(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile ? Path.GetFullPath(parsed.LocalPath)
            : throw new LspException(JsonRpcErrorCode.InvalidParams, $"'{uri}' is not a file: URI; the server reads argument files (file:///...)");

    internal static string UriOf(string path) => new Uri(path).AbsoluteUri;

    internal static JsonElement Get(JsonElement parameters, string name) =>
        parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty(name, out var value) ? value
            : throw new LspException(JsonRpcErrorCode.InvalidParams, $"the parameters need \"{name}\"");

    internal static string String(JsonElement parameters, string name) =>
        Get(parameters, name) is { ValueKind: JsonValueKind.String } value ? value.GetString()! : throw new LspException(JsonRpcErrorCode.InvalidParams, $"\"{name}\" is a string");

    internal static int Int(JsonElement parameters, string name) =>
        Get(parameters, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt32(out var n) && n >= 0 ? n : throw new LspException(JsonRpcErrorCode.InvalidParams, $"\"{name}\" is a whole number, 0 or more");

    public void Dispose()
    {
        lock (gate)
        {
            foreach (var source in pending.Values)
            {
                source.Cancel();
                source.Dispose();
            }

            pending.Clear();
        }

        analysing.Dispose();
    }
}
