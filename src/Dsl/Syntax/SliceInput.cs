using Sprache;

namespace PolicyDsl.Dsl.Syntax;

/// <summary>
/// Sprache input over one statement of a larger text. Unlike Sprache's own <see cref="Input"/> it allocates no
/// memo table per character and lets the lexical parsers jump over a whole token at once, which is what makes a
/// 100,000-rule file parse in well under a second.
/// </summary>
internal sealed class SliceInput(string source, int position, int end) : IInput
{
    private Dictionary<object, object>? memos;

    /// <summary>
    /// The word that starts here (after trivia), read once: alternatives such as 'not', 'and', a name, probe the same
    /// position again and again, and each probe would otherwise allocate the word anew.
    /// </summary>
    internal (string Text, int Start, int End, SliceInput After)? WordCache { get; set; }

    public string Source => source;

    public int Position => position;

    public int End => end;

    public char Current => position < end ? source[position] : '\0';

    public bool AtEnd => position >= end;

    // Lines and columns come from SourceText when a diagnostic is made; Sprache itself only prints them.
    public int Line => 0;

    public int Column => 0;

    public IDictionary<object, object> Memos => memos ??= [];

    public IInput Advance() => AtEnd ? throw new InvalidOperationException("Cannot advance beyond the end of the statement.") : new SliceInput(source, position + 1, end);

    public SliceInput MoveTo(int newPosition) => newPosition == position ? this : new SliceInput(source, newPosition, end);

    public char At(int index) => index < end ? source[index] : '\0';

    public bool Equals(IInput? other) => other is SliceInput s && ReferenceEquals(s.Source, source) && s.Position == position;

    public override bool Equals(object? obj) => obj is IInput i && Equals(i);

    public override int GetHashCode() => HashCode.Combine(source.Length, position);
}
