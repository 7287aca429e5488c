using System.Text;

namespace PolicyDsl.Evaluator.Reports;

/// <summary>
/// A write-only stream that decodes the UTF-8 written to it into a text writer: a JSON document is written to the
/// host's output as it is made, rather than built whole as bytes, then as a string, then copied out (a proof of a
/// long chain of reasoning is hundreds of megabytes of JSON).
/// </summary>
internal sealed class TextWriterStream(TextWriter output) : Stream
{
    private readonly Decoder decoder = new UTF8Encoding(false).GetDecoder();
    private char[] chars = new char[4096];

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    // Neither readable nor seekable (CanRead, CanSeek): what a caller could ask of either is answered as for an
    // empty stream, never thrown, since only Utf8JsonWriter, which only writes, is given one.
    public override long Length => 0;

    public override long Position { get => 0; set { } }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var needed = decoder.GetCharCount(buffer, flush: false);
        if (needed > chars.Length)
        {
            chars = new char[Math.Max(needed, chars.Length * 2)];
        }

        var count = decoder.GetChars(buffer, chars, flush: false);
        output.Write(chars, 0, count);
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => 0;

    public override long Seek(long offset, SeekOrigin origin) => 0;

    public override void SetLength(long value)
    {
    }
}
