using System.Globalization;
using System.Text;

namespace PolicyDsl.Repl.Lsp;

/// <summary>One message of the base protocol: its body, or why its frame could not be read.</summary>
internal sealed record Frame(byte[]? Body, string? Problem);

/// <summary>
/// The base protocol's framing (<c>Content-Length: N\r\n\r\n</c> then N bytes), read by hand so that a frame that is
/// not JSON-RPC can be answered with an error instead of ending the connection.
/// </summary>
internal static class LspFraming
{
    /// <summary>A message larger than this is refused (and skipped): no argument file comes near it.</summary>
    public const int MaxBody = 64 * 1024 * 1024;

    private const int MaxHeader = 8 * 1024;

    /// <summary>The next frame, or null at the end of the stream.</summary>
    public static async Task<Frame?> ReadAsync(Stream input, CancellationToken cancellation)
    {
        var header = new StringBuilder();
        var buffer = new byte[1];
        while (!header.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await input.ReadAsync(buffer, cancellation) == 0)
            {
                return null;
            }

            header.Append((char)buffer[0]);
            if (header.Length > MaxHeader)
            {
                // Not a header this side of a line break: skip to the next blank line.
                header.Clear();
                return new Frame(null, "a header of more than 8 KiB");
            }
        }

        var length = -1;
        foreach (var line in header.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(line[(colon + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                length = n;
            }
        }

        if (length < 0)
        {
            return new Frame(null, "a header without a Content-Length");
        }

        if (length > MaxBody)
        {
            await Skip(input, length, cancellation);
            return new Frame(null, $"a message of {length} bytes, more than the {MaxBody / (1024 * 1024)} MiB accepted");
        }

        var body = new byte[length];
        var read = 0;
        while (read < length)
        {
            var got = await input.ReadAsync(body.AsMemory(read), cancellation);
            if (got == 0)
            {
                return null;
            }

            read += got;
        }

        return new Frame(body, null);
    }

    public static byte[] Encode(byte[] body) => [.. Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"), .. body];

    private static async Task Skip(Stream input, long length, CancellationToken cancellation)
    {
        var buffer = new byte[64 * 1024];
        while (length > 0)
        {
            var got = await input.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length)), cancellation);
            if (got == 0)
            {
                return;
            }

            length -= got;
        }
    }
}
