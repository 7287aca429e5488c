using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nerdbank.Streams;
using PolicyDsl.Dsl.Text;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace PolicyDsl.Repl.Lsp;

/// <summary>
/// <c>policydsl lsp</c>: the Language Server Protocol over a pair of streams (stdin and stdout), on StreamJsonRpc.
/// Frames are read here first: a frame that is not JSON, or not a JSON-RPC message, is answered with a JSON-RPC
/// error (-32700, -32600) and the server reads on; only well-formed messages reach StreamJsonRpc, whose answers are
/// written whole, one frame at a time. The server ends on <c>exit</c> or at the end of its input.
/// </summary>
public static class LanguageServer
{
    /// <summary>How long the server waits after a change for the next one before it analyses (benchmarks report it).</summary>
    public static int DebounceMilliseconds => (int)LspSession.Debounce.TotalMilliseconds;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <returns>0 after shutdown then exit; 1 on exit without shutdown or at the end of the input (as the protocol asks).</returns>
    public static async Task<int> RunAsync(Stream input, Stream output, CancellationToken cancellation = default)
    {
        var (proxy, rpcSide) = FullDuplexStream.CreatePair();
        var formatter = new SystemTextJsonFormatter { JsonSerializerOptions = Json };
        var rpc = new LspRpc(new HeaderDelimitedMessageHandler(rpcSide, rpcSide, formatter));
        var writeLock = new SemaphoreSlim(1, 1);
        using var session = new LspSession((method, parameters) => rpc.NotifyWithParameterObjectAsync(method, parameters));
        rpc.AddLocalRpcTarget(session, new JsonRpcTargetOptions { DisposeOnDisconnect = false });
        rpc.StartListening();

        async Task Write(byte[] body)
        {
            await writeLock.WaitAsync(cancellation);
            try
            {
                await output.WriteAsync(LspFraming.Encode(body), cancellation);
                await output.FlushAsync(cancellation);
            }
            finally
            {
                writeLock.Release();
            }
        }

        // StreamJsonRpc's answers and notifications, frame by frame, to the output.
        var outbound = Task.Run(async () =>
        {
            while (await LspFraming.ReadAsync(proxy, cancellation) is { Body: { } body })
            {
                await Write(Escaped(body));
            }
        }, cancellation);

        var exit = session.Exited;
        while (!exit.IsCompleted)
        {
            var reading = LspFraming.ReadAsync(input, cancellation);
            if (await Task.WhenAny(reading, exit) == exit)
            {
                break;
            }

            var frame = await reading;
            if (frame is null)
            {
                break;
            }

            if (frame.Problem is { } problem)
            {
                await Write(ErrorBody(null, -32700, $"cannot read this message: {problem}"));
                continue;
            }

            if (Check(frame.Body!) is { } refusal)
            {
                if (refusal.Length > 0)
                {
                    await Write(refusal);
                }

                continue;
            }

            await proxy.WriteAsync(LspFraming.Encode(frame.Body!), cancellation);
            await proxy.FlushAsync(cancellation);
        }

        // Let the last answers out before closing.
        await Task.WhenAny(Task.Delay(200, CancellationToken.None), rpc.Completion);
        rpc.Dispose();
        proxy.Dispose();
        await Task.WhenAny(outbound, Task.Delay(1000, CancellationToken.None));
        return exit.IsCompleted && exit.Result ? 0 : 1;
    }

    /// <summary>The error answer to a frame that is not a JSON-RPC 2.0 message, or null when it is one.</summary>
    private static byte[]? Check(byte[] body)
    {
        JsonNode? message;
        try
        {
            message = JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            return ErrorBody(null, -32700, $"this message is not JSON ({e.Message.Split('.')[0]}); send a JSON-RPC 2.0 object");
        }
        catch (ArgumentException)
        {
            return ErrorBody(null, -32700, "this message is not UTF-8 JSON; send a JSON-RPC 2.0 object");
        }

        if (message is not JsonObject request)
        {
            return ErrorBody(null, -32600, "a message is a JSON object: {\"jsonrpc\": \"2.0\", \"method\": ...}");
        }

        // An id is a string or a whole number (JSON-RPC 2.0; LSP: integer | string). Anything else (an object, an
        // array, true, 1.5) is refused here: passed on, it made the connection stop answering.
        if (request.TryGetPropertyValue("id", out var rawId) && rawId is not null && !IsValidId(rawId))
        {
            return ErrorBody(null, -32600, "a request's \"id\" is a string or an integer");
        }

        var id = request["id"] is JsonValue value ? value.DeepClone() : null;
        if (request["jsonrpc"]?.GetValueKind() != JsonValueKind.String || (string?)request["jsonrpc"] != "2.0")
        {
            return ErrorBody(id, -32600, "a message says \"jsonrpc\": \"2.0\"");
        }

        if (request["method"] is not JsonValue method || method.GetValueKind() != JsonValueKind.String)
        {
            // A response to a request the server never sent, or nothing at all.
            return request.ContainsKey("result") || request.ContainsKey("error") ? [] : ErrorBody(id, -32600, "a request names its \"method\"");
        }

        // No method of the protocol has a control or bidirectional character in its name; refused here, because
        // StreamJsonRpc's own answer quotes the name as it came, and an editor would show it raw.
        if (method.GetValue<string>() is var name && name.Any(DisplayText.NeedsEscape))
        {
            return ErrorBody(id, -32601, $"no method is named '{DisplayText.Escape(name)}'");
        }

        if (request["params"] is { } parameters && parameters.GetValueKind() is not (JsonValueKind.Object or JsonValueKind.Array))
        {
            return ErrorBody(id, -32602, "\"params\" is an object or an array");
        }

        return null;
    }

    /// <summary>Keys whose strings go out as they are: a request's id echoed, a document's own text, a location.</summary>
    private static readonly HashSet<string> Verbatim = new(StringComparer.Ordinal) { "id", "newText", "uri", "targetUri" };

    /// <summary>
    /// A message as the editor is sent it: every string a control or bidirectional character could hide in (a
    /// diagnostic quoting a file name, a hover quoting a title) escaped as the command line escapes them
    /// (<see cref="DisplayText.EscapeOutput"/>), in this one place for every feature.
    /// </summary>
    internal static byte[] Escaped(byte[] body)
    {
        // The serializer writes every control and non-ASCII character as \u escapes, so a message without one has nothing to escape.
        if (body.AsSpan().IndexOf("\\u"u8) < 0)
        {
            return body;
        }

        var message = JsonNode.Parse(body);
        return Escape(message, null) ? Encoding.UTF8.GetBytes(message!.ToJsonString(Json)) : body;
    }

    /// <summary>Escapes the strings under a node in place (an array's strings take the key the array is under); whether any changed.</summary>
    private static bool Escape(JsonNode? node, string? key)
    {
        var changed = false;
        switch (node)
        {
            case JsonObject o:
                foreach (var name in o.Select(p => p.Key).ToList())
                {
                    changed |= EscapeAt(o[name], name, escaped => o[name] = escaped);
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    var at = i;
                    changed |= EscapeAt(a[i], key, escaped => a[at] = escaped);
                }

                break;
        }

        return changed;
    }

    /// <summary>A string under a key not kept verbatim is replaced by its escape when it needs one; anything else is walked.</summary>
    private static bool EscapeAt(JsonNode? node, string? key, Action<string> replace)
    {
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            if (key is null || Verbatim.Contains(key))
            {
                return false;
            }

            var text = value.GetValue<string>();
            var escaped = DisplayText.EscapeOutput(text);
            if (ReferenceEquals(escaped, text))
            {
                return false;
            }

            replace(escaped);
            return true;
        }

        return Escape(node, key);
    }

    private static bool IsValidId(JsonNode id) => id.GetValueKind() switch
    {
        JsonValueKind.String => true,
        JsonValueKind.Number => id.AsValue().TryGetValue<long>(out _) || (id.AsValue().TryGetValue<decimal>(out var number) && number == decimal.Truncate(number) && Math.Abs(number) <= long.MaxValue),
        _ => false,
    };

    private static byte[] ErrorBody(JsonNode? id, int code, string message) =>
        Encoding.UTF8.GetBytes(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }.ToJsonString());

    /// <summary>JSON-RPC whose errors carry a message, never a stack trace.</summary>
    private sealed class LspRpc(IJsonRpcMessageHandler handler) : JsonRpc(handler)
    {
        protected override JsonRpcError.ErrorDetail CreateErrorDetails(JsonRpcRequest request, Exception exception)
        {
            var inner = exception is System.Reflection.TargetInvocationException { InnerException: { } e } ? e : exception;
            return new JsonRpcError.ErrorDetail
            {
                Code = inner is LspException lsp ? lsp.Code : JsonRpcErrorCode.InvocationError,
                Message = inner is LspException ? inner.Message : $"{request.Method} failed: {inner.Message}",
            };
        }
    }
}

/// <summary>A request the server refuses, with the JSON-RPC code and a message that says what to send instead.</summary>
public sealed class LspException(JsonRpcErrorCode code, string message) : Exception(message)
{
    public JsonRpcErrorCode Code { get; } = code;
}
