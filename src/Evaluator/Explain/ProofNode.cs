using PolicyDsl.Dsl.Semantics;

namespace PolicyDsl.Evaluator.Explain;

/// <summary>
/// One line of an explanation: a statement ("no_deal(US, Russia) is true"), the reason for it ("rule no_bargain
/// with x = Russia"), where that reason is written, the citation of a premise, and the statements it rests on.
/// </summary>
public sealed record ProofNode(string Claim, string Reason, SourceLocation? Location, Citation? Citation, IReadOnlyList<ProofNode> Children)
{
    /// <summary>True where the same statement was already explained higher up in the tree.</summary>
    public bool SeeAbove { get; init; }

    /// <summary>All citations the tree rests on, without repeats, in order of first appearance.</summary>
    public IEnumerable<Citation> Citations()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<ProofNode>([this]);
        var ordered = new List<Citation>();
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (node.Citation is { } c && seen.Add(c.ToString()))
            {
                ordered.Add(c);
            }

            for (var i = node.Children.Count - 1; i >= 0; i--)
            {
                pending.Push(node.Children[i]);
            }
        }

        return ordered;
    }
}
