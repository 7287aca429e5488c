using System.Text.Json.Nodes;
using CsCheck;
using FluentAssertions;
using PolicyDsl.Testing;
using Xunit;
using Xunit.Abstractions;

namespace PolicyDsl.Cli.Tests.Fuzzing;

/// <summary>
/// The fuzz of issue 23 for the language server: a generated project (hostile argument text, imports and links that
/// lead out of it, a file outside holding a marker) and a generated sequence of frames sent to the server: documents
/// opened, changed and closed with that text, every request it serves at positions in and far out of range, ids of
/// every JSON type, bodies that are not JSON-RPC, and headers that are not the protocol's. Each sequence must keep
/// the promises: the server keeps serving (the shutdown that follows is answered and it exits 0); every message it
/// writes is a JSON-RPC object; no error carries a stack trace; nothing of the file outside is shown; no raw
/// control or bidirectional character in what it says (the text of a formatting edit is the document's own, and an
/// answer's id is the request's, echoed as the protocol asks, so they are exempt). <c>bench/fuzz.sh</c> runs it at scale (POLICYDSL_LSP_FUZZ=N).
/// </summary>
public sealed class LspFuzzTests(ITestOutputHelper output)
{
    private static long Iterations => long.TryParse(Environment.GetEnvironmentVariable("POLICYDSL_LSP_FUZZ"), out var n) ? n : 60;

    private static readonly string[] Documents = ["a.policy", "sub/c.policy", "secret.policy", "loop/a.policy", "../outside/secret.policy", "nowhere.policy"];

    private static readonly string[] Features =
        ["textDocument/hover", "textDocument/definition", "textDocument/references", "textDocument/completion", "textDocument/documentSymbol", "textDocument/formatting", "textDocument/codeLens"];

    private static readonly string[] Ids = ["{k}", "\"s{k}\"", "{\"a\": 1}", "[1, 2]", "true", "1.5", "null", "1e400", "-{k}"];

    private static readonly long[] Lines = [-1, 0, 1, 3, 1000, int.MaxValue, 99999999999];

    private static readonly long[] Characters = [-5, 0, 2, 7, 40, int.MaxValue];

    private static readonly string[] NewNames = ["x", string.Empty, "not valid", "\u001B[31mred", "b", "\u202Eevil"];

    private static readonly string[] Malformed =
    [
        "{not json",
        "[1, 2]",
        "null",
        "\"text\"",
        "42",
        "{}",
        "{\"jsonrpc\": \"2.0\"}",
        new string('[', 300) + new string(']', 300),
        "{\"jsonrpc\": \"2.0\", \"id\": 5, \"method\": \"textDocument/hover\", \"params\": [1, 2]}",
        "{\"jsonrpc\": \"2.0\", \"id\": 6, \"method\": \"textDocument/hover\", \"params\": {\"textDocument\": 5}}",
        "{\"jsonrpc\": \"2.0\", \"id\": 7, \"method\": \"textDocument/rename\", \"params\": {\"textDocument\": {\"uri\": 3}, \"position\": \"x\", \"newName\": 4}}",
        "{\"jsonrpc\": \"2.0\", \"method\": \"textDocument/didOpen\", \"params\": {\"textDocument\": {\"uri\": \"file:///etc/passwd\", \"text\": \"fact a\\n\"}}}",
        "{\"jsonrpc\": \"2.0\", \"method\": \"textDocument/didOpen\", \"params\": {\"textDocument\": {\"uri\": \"not a uri\", \"text\": 5}}}",
        "{\"jsonrpc\": \"2.0\", \"method\": \"textDocument/didChange\", \"params\": {\"textDocument\": {\"uri\": \"file:///nowhere.policy\"}, \"contentChanges\": [{}]}}",
        "{\"jsonrpc\": \"2.0\", \"id\": 8, \"method\": \"initialize\", \"params\": {\"rootUri\": \"file:///\"}}",
        "{\"jsonrpc\": \"2.0\", \"id\": \"\\u001B]0;x\\u0007\", \"method\": \"no/such\\u202E\"}",
    ];

    /// <summary>Whole frames, headers included, that are not the protocol's (each still ends where it says).</summary>
    private static readonly string[] BadHeaders =
    [
        "Content-Type: text/plain\r\n\r\n",
        "Content-Length: abc\r\n\r\n",
        "Content-Length: -5\r\n\r\n",
        "Content-Length: 0\r\n\r\n",
        "\r\n\r\n",
        "Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}",
        "content-length: 2\r\n\r\n{}",
    ];

    /// <summary>
    /// A frame to send: a body template ({root} the project's URI, {k} a number unique to the frame), framed with its
    /// length once filled in; or, when <paramref name="Raw"/>, bytes sent as they are (headers that are not the protocol's).
    /// </summary>
    private sealed record Frame(string Text, bool Raw = false)
    {
        public string Bytes(string rootUri, int k)
        {
            if (Raw)
            {
                return Text;
            }

            var body = Text.Replace("{root}", rootUri, StringComparison.Ordinal).Replace("{k}", (1000 + k).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
            return $"Content-Length: {System.Text.Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}";
        }

        public override string ToString() => Raw ? "raw " + System.Text.Json.JsonSerializer.Serialize(Text) : Text;
    }

    private sealed record Case(string[] Files, string[] LinksMade, Frame[] Frames)
    {
        public override string ToString() =>
            $"files:\n{string.Join("\n", Files.Select((f, i) => $"[{HostFuzzTests.Names[i]}]\n{f}"))}\nlinks: {string.Join(", ", LinksMade)}\nframes:\n{string.Join("\n", Frames.AsEnumerable())}";
    }

    private static readonly Gen<string> Text = Gen.Select(Gen.OneOf<string>(HostFuzzTests.Snippets), Gen.OneOf<string>(HostFuzzTests.Snippets), (x, y) => x + y);

    private static readonly Gen<Frame> Frames = Gen.OneOf<Frame>(
        Gen.Select(Gen.OneOf<string>(Documents), Text, (d, t) => Body(null, "textDocument/didOpen", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = "{root}/" + d, ["languageId"] = "policydsl", ["version"] = 1, ["text"] = t } })),
        Gen.Select(Gen.OneOf<string>(Documents), Text, (d, t) => Body(null, "textDocument/didChange", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = "{root}/" + d, ["version"] = 2 }, ["contentChanges"] = new JsonArray(new JsonObject { ["text"] = t }) })),
        Gen.OneOf<string>(Documents).Select(d => Body(null, "textDocument/didClose", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = "{root}/" + d } })),
        Gen.Select(Gen.OneOf<string>(Features), Gen.OneOf<string>(Documents), Gen.OneOf<long>(Lines), Gen.OneOf<long>(Characters), Gen.OneOf<string>(Ids),
            (method, d, line, character, id) => Body(id, method, new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = "{root}/" + d },
                ["position"] = new JsonObject { ["line"] = line, ["character"] = character },
                ["context"] = new JsonObject { ["includeDeclaration"] = true },
                ["options"] = new JsonObject { ["tabSize"] = 2, ["insertSpaces"] = true },
            })),
        Gen.Select(Gen.OneOf<string>(Documents), Gen.OneOf<long>(Lines), Gen.OneOf<long>(Characters), Gen.OneOf<string>(NewNames),
            (d, line, character, name) => Body("{k}", "textDocument/rename", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = "{root}/" + d },
                ["position"] = new JsonObject { ["line"] = line, ["character"] = character },
                ["newName"] = name,
            })),
        Gen.OneOf<string>(Malformed).Select(m => new Frame(m)),
        Gen.OneOf<string>(BadHeaders).Select(h => new Frame(h, Raw: true)));

    private static readonly Gen<Case> Cases = Gen.Select(
        Text.Array[1, 3],
        Gen.OneOf<string>(HostFuzzTests.Links).Array[0, 3],
        Frames.Array[1, 8],
        (files, links, frames) => new Case(files, [.. links.Distinct()], frames));

    private static Frame Body(string? id, string method, JsonObject parameters)
    {
        // The id is spliced in as JSON text, so it can be any JSON value, or none (a notification).
        var body = new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters }.ToJsonString();
        return new Frame(id is null ? body : "{\"id\": " + id + ", " + body[1..]);
    }

    [Fact]
    public async Task Generated_frames_keep_every_promise_of_the_language_server()
    {
        var failures = new List<string>();
        var count = 0L;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var cases = new List<Case>();
        Cases.Sample(cases.Add, iter: Iterations, threads: 1, seed: Environment.GetEnvironmentVariable("POLICYDSL_FUZZ_SEED") is { Length: > 0 } seed ? seed : null);
        foreach (var c in cases)
        {
            count++;
            string? broken;
            try
            {
                // A server that stops reading blocks the client's writes, so the whole case has a bound of its own.
                broken = await Broken(c).WaitAsync(TimeSpan.FromMinutes(3));
            }
            catch (TimeoutException)
            {
                broken = "the server stopped reading: the case did not finish in 3 minutes";
            }

            if (broken is not null && failures.Count < 5)
            {
                failures.Add($"{broken}\n{c}");
            }
        }

        var summary = $"language-server fuzz: {count:N0} projects and frame sequences, {failures.Count} broken promises, in {clock.Elapsed.TotalSeconds:F0} s";
        output.WriteLine(summary);
        if (Environment.GetEnvironmentVariable("POLICYDSL_LSP_FUZZ_REPORT") is { Length: > 0 } report)
        {
            System.IO.File.WriteAllText(report, summary + "\n" + string.Join("\n---\n", failures) + "\n");
        }

        failures.Should().BeEmpty(summary);
    }

    private static async Task<string?> Broken(Case c)
    {
        using var top = TestPaths.CreateTempFolder();
        var (root, _) = HostFuzzTests.CreateProject(top.Path, c.Files, c.LinksMade);
        var rootUri = LspClient.Uri(root);
        await using var client = LspClient.Start();
        await client.Request("initialize", new { processId = (int?)null, rootUri, capabilities = new { } });
        await client.Notify("initialized", new { });
        for (var k = 0; k < c.Frames.Length; k++)
        {
            // Numeric ids far from the client's own, so an answer to one is never taken for the answer to another.
            await client.SendBytes(c.Frames[k].Bytes(rootUri, k));
        }

        JsonObject shutdown;
        try
        {
            shutdown = await client.Request("shutdown", null);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            return "the server stopped answering: the shutdown after these frames got no answer";
        }

        if (shutdown.ContainsKey("error"))
        {
            return $"the shutdown was refused: {shutdown.ToJsonString()}";
        }

        await client.Notify("exit", null);
        if (await client.Server.WaitAsync(TimeSpan.FromMinutes(2)) is var exit and not 0)
        {
            return $"the server exited {exit} after shutdown and exit";
        }

        foreach (var body in client.Received)
        {
            if (JsonNode.Parse(body) is not JsonObject message || (string?)message["jsonrpc"] != "2.0")
            {
                return $"not a JSON-RPC message: {body}";
            }

            if (body.Contains(HostFuzzTests.Secret, StringComparison.Ordinal))
            {
                return $"a file outside the project was shown: {body}";
            }

            if (message["error"]?["message"]?.GetValue<string>() is { } error && error.Contains("   at ", StringComparison.Ordinal))
            {
                return $"a stack trace in an error: {body}";
            }

            if (RawCharacter(message) is { } raw)
            {
                return $"raw U+{(int)raw:X4} in a message: {body}";
            }
        }

        return null;
    }

    /// <summary>The first raw control or bidirectional character in a string of the message (a formatting edit's text aside).</summary>
    private static char? RawCharacter(JsonNode? node, string? name = null)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    if (RawCharacter(value, key) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonArray a:
                foreach (var item in a)
                {
                    if (RawCharacter(item, name) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValue v when name is not ("newText" or "id") && v.TryGetValue<string>(out var text):
                var raw = text.FirstOrDefault(ch => ch is not ('\n' or '\t') && (char.IsControl(ch) || Dsl.Text.DisplayText.IsBidiControl(ch)));
                return raw == default ? null : raw;
            default:
                return null;
        }
    }
}
