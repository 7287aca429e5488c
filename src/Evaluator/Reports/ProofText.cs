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

    public static void Write(StringBuilder output, ProofNode node, string firstPrefix, string restPrefix)
    {
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
            Write(output, node.Children[i], restPrefix + (last ? "└─ " : "├─ "), restPrefix + (last ? "   " : "│  "));
        }
    }
}
