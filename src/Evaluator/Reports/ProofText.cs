using System.Text;
using PolicyDsl.Evaluator.Explain;

namespace PolicyDsl.Evaluator.Reports;

/// <summary>Proof trees as indented text, one statement a line, reasons and citations in brackets.</summary>
public static class ProofText
{
    public static string Render(ProofNode node)
    {
        var output = new StringBuilder();
        Write(output, node, string.Empty, string.Empty);
        return output.ToString();
    }

    /// <summary>
    /// How many levels a proof is indented before its indentation starts again from the left, with a line saying
    /// so: a chain of n steps indented all the way would take n² characters.
    /// </summary>
    public const int FoldDepth = 24;

    public static void Write(StringBuilder output, ProofNode node, string firstPrefix, string restPrefix) => Write(output, node, firstPrefix, restPrefix, 0);

    private static void Write(StringBuilder output, ProofNode node, string firstPrefix, string restPrefix, int depth)
    {
        if (depth > 0 && depth % FoldDepth == 0)
        {
            output.Append(firstPrefix).Append(FormattableString.Invariant($"... (step {depth} down; the indentation starts again from the left)\n"));
            firstPrefix = restPrefix = string.Empty;
        }

        output.Append(firstPrefix).Append(node.Claim);
        var notes = new List<string>();
        if (node.InConflict)
        {
            notes.Add("IN CONFLICT");
        }
        else if (node.Contested)
        {
            notes.Add("CONTESTED: rests only on a step in conflict");
        }

        if (node.Reason.Length > 0)
        {
            notes.Add(node.Reason);
        }

        if (node.Citation is { } citation)
        {
            notes.Add(citation.ToString());
            notes.AddRange(node.AlsoCited.Select(c => "also " + c));
            if (node.StatedBy > 1)
            {
                notes.Add($"stated by {node.StatedBy} texts");
            }
        }

        if (node.Location is { } location)
        {
            notes.Add(location.ToString());
        }

        if (notes.Count > 0)
        {
            output.Append("  [").Append(string.Join("; ", notes)).Append(']');
        }

        output.Append('\n');
        for (var i = 0; i < node.Children.Count; i++)
        {
            var last = i == node.Children.Count - 1;
            Write(output, node.Children[i], restPrefix + (last ? "└─ " : "├─ "), restPrefix + (last ? "   " : "│  "), depth + 1);
        }
    }
}
