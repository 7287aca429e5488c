using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Nerdbank.Streams;
using PolicyDsl.Repl.Lsp;

// Opens the debate (six files) in a language server over in-memory streams, warms it up, then times changes:
// from sending didChange to receiving the diagnostics that change produces (a broken line added, then removed, so
// each change has its own answer). The figures include the server's debounce.
var root = args.Length > 0 ? args[0] : Directory.GetCurrentDirectory();
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 40;
var path = Path.GetFullPath(Path.Combine(root, "samples", "debate.policy"));
var uri = new Uri(path).AbsoluteUri;
var text = File.ReadAllText(path);
var (clientIn, serverIn) = FullDuplexStream.CreatePair();
var (clientOut, serverOut) = FullDuplexStream.CreatePair();
var server = Task.Run(() => LanguageServer.RunAsync(serverIn, serverOut));
var published = new System.Collections.Concurrent.BlockingCollection<(long At, bool Broken)>();
var clock = Stopwatch.StartNew();
_ = Task.Run(async () =>
{
    while (await Read(clientOut) is { } body)
    {
        var message = JsonNode.Parse(body)!;
        if ((string?)message["method"] == "textDocument/publishDiagnostics" && (string?)message["params"]!["uri"] == uri)
        {
            var broken = message["params"]!["diagnostics"]!.AsArray().Any(d => (string?)d!["code"] == "PD0001");
            published.Add((clock.ElapsedTicks, broken));
        }
    }
});

await Send(new { jsonrpc = "2.0", id = 1, method = "initialize", @params = new { capabilities = new { } } });
await Send(new { jsonrpc = "2.0", method = "textDocument/didOpen", @params = new { textDocument = new { uri, languageId = "policydsl", version = 1, text } } });
Wait(false);
var times = new List<double>();
for (var i = 0; i < runs + 5; i++)
{
    var broken = i % 2 == 0;
    var start = clock.ElapsedTicks;
    await Send(new { jsonrpc = "2.0", method = "textDocument/didChange", @params = new { textDocument = new { uri, version = i + 2 }, contentChanges = new[] { new { text = broken ? text + "\nfact oops(\n" : text } } } });
    var at = Wait(broken);
    if (i >= 5)
    {
        times.Add((at - start) * 1000.0 / Stopwatch.Frequency);
    }
}

times.Sort();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"lsp diagnostics after a change to samples/debate.policy (6 files), {times.Count} changes after 5 to warm up: median {times[times.Count / 2]:F1} ms, p90 {times[(int)(times.Count * 0.9)]:F1} ms, max {times[^1]:F1} ms (debounce {LspSessionDebounce()} ms included)"));
await Send(new { jsonrpc = "2.0", id = 2, method = "shutdown" });
await Send(new { jsonrpc = "2.0", method = "exit" });
return await server;

long Wait(bool broken)
{
    while (true)
    {
        var (at, state) = published.Take(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);
        if (state == broken)
        {
            return at;
        }
    }
}

async Task Send(object message)
{
    var body = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(message));
    await clientIn.WriteAsync(Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"));
    await clientIn.WriteAsync(body);
    await clientIn.FlushAsync();
}

static async Task<byte[]?> Read(Stream input)
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

    var body = new byte[int.Parse(header.ToString().Split("\r\n")[0].Split(':')[1].Trim(), CultureInfo.InvariantCulture)];
    var read = 0;
    while (read < body.Length)
    {
        read += await input.ReadAsync(body.AsMemory(read));
    }

    return body;
}

static string LspSessionDebounce() => LanguageServer.DebounceMilliseconds.ToString(CultureInfo.InvariantCulture);
