using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Nerdbank.Streams;
using PolicyDsl.Repl.Lsp;

namespace PolicyDsl.Cli.Tests;

/// <summary>
/// A language client that speaks the protocol's framing and JSON-RPC by hand over a pair of streams, so tests see
/// exactly what the server writes, and can send what no well-behaved client would.
/// </summary>
internal sealed class LspClient : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private readonly Stream toServer;
    private readonly Stream fromServer;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> waiting = new();
    private readonly BlockingCollection<JsonObject> notifications = [];
    private readonly Task reader;
    private int nextId;

    private LspClient(Stream toServer, Stream fromServer, Task<int> server)
    {
        this.toServer = toServer;
        this.fromServer = fromServer;
        Server = server;
        reader = Task.Run(Read);
    }

    /// <summary>The server's run; its result is the exit code.</summary>
    public Task<int> Server { get; }

    /// <summary>Starts a server in this process over in-memory streams.</summary>
    public static LspClient Start()
    {
        var (clientIn, serverIn) = FullDuplexStream.CreatePair();
        var (clientOut, serverOut) = FullDuplexStream.CreatePair();
        var server = Task.Run(() => LanguageServer.RunAsync(serverIn, serverOut));
        return new LspClient(clientIn, clientOut, server);
    }

    /// <summary>Over the streams of another process (the built executable's <c>lsp</c>).</summary>
    public static LspClient Over(Stream input, Stream output, Task<int> exit) => new(input, output, exit);

    public static string Uri(string path) => new Uri(Path.GetFullPath(path)).AbsoluteUri;

    public async Task<JsonObject> Request(string method, object? parameters)
    {
        var id = Interlocked.Increment(ref nextId);
        var answer = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        waiting[id] = answer;
        await SendRaw(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters is null ? null : System.Text.Json.JsonSerializer.SerializeToNode(parameters) }.ToJsonString());
        return await answer.Task.WaitAsync(Patience);
    }

    public Task Notify(string method, object? parameters) =>
        SendRaw(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters is null ? null : System.Text.Json.JsonSerializer.SerializeToNode(parameters) }.ToJsonString());

    /// <summary>Sends a body as one frame, whatever it holds.</summary>
    public async Task SendRaw(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        await toServer.WriteAsync(Encoding.ASCII.GetBytes($"Content-Length: {bytes.Length}\r\n\r\n"));
        await toServer.WriteAsync(bytes);
        await toServer.FlushAsync();
    }

    /// <summary>Sends bytes as they are, framing and all.</summary>
    public async Task SendBytes(string raw)
    {
        await toServer.WriteAsync(Encoding.UTF8.GetBytes(raw));
        await toServer.FlushAsync();
    }

    /// <summary>The next answer that has no id of ours (an error to a message the server could not read).</summary>
    public JsonObject NextOrphan() => orphans.Take(new CancellationTokenSource(Patience).Token);

    private readonly BlockingCollection<JsonObject> orphans = [];

    /// <summary>The body of every message the server has written, in order, as it came.</summary>
    public ConcurrentQueue<string> Received { get; } = new();

    /// <summary>Waits for the diagnostics published for a document that satisfy a condition.</summary>
    public JsonArray Diagnostics(string uri, Func<JsonArray, bool>? until = null)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var message = notifications.Take(timeout.Token);
            if ((string?)message["method"] == "textDocument/publishDiagnostics" && (string?)message["params"]!["uri"] == uri)
            {
                var diagnostics = message["params"]!["diagnostics"]!.AsArray();
                if (until is null || until(diagnostics))
                {
                    return diagnostics;
                }
            }
        }
    }

    /// <summary>Every notification received so far and not yet taken.</summary>
    public List<JsonObject> Drain()
    {
        var list = new List<JsonObject>();
        while (notifications.TryTake(out var message))
        {
            list.Add(message);
        }

        return list;
    }

    private async Task Read()
    {
        while (await LspFrameReader.ReadAsync(fromServer) is { } body)
        {
            Received.Enqueue(Encoding.UTF8.GetString(body));
            var message = JsonNode.Parse(body)!.AsObject();
            if (message.ContainsKey("method"))
            {
                notifications.Add(message);
            }
            else if (message["id"] is JsonValue id && id.TryGetValue<int>(out var n) && waiting.TryRemove(n, out var answer))
            {
                answer.SetResult(message);
            }
            else
            {
                orphans.Add(message);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        toServer.Dispose();
        // A server still running may yet answer; one that has returned has written all it will (its last frames
        // are read at once), and its end of the stream is not closed, so waiting longer would only wait.
        await Task.WhenAny(reader, Task.Delay(Server.IsCompleted ? 100 : 2000));
        fromServer.Dispose();
    }

    /// <summary>Reads the server's frames: a Content-Length header, a blank line, the body.</summary>
    private static class LspFrameReader
    {
        public static async Task<byte[]?> ReadAsync(Stream input)
        {
            var header = new StringBuilder();
            var one = new byte[1];
            while (!header.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
            {
                if (await input.ReadAsync(one) == 0)
                {
                    return null;
                }

                header.Append((char)one[0]);
            }

            var length = int.Parse(header.ToString().Split("\r\n")[0].Split(':')[1].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            var body = new byte[length];
            var read = 0;
            while (read < length)
            {
                var got = await input.ReadAsync(body.AsMemory(read));
                if (got == 0)
                {
                    return null;
                }

                read += got;
            }

            return body;
        }
    }
}
