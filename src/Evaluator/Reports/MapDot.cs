using System.Text;
using PolicyDsl.Evaluator.Maps;

namespace PolicyDsl.Evaluator.Reports;

/// <summary>
/// The map in Graphviz's DOT: a cluster per file (one text each), open premises apart, rules as small inference
/// boxes; states by colour and also by a word in the label and a line style, so the map reads without colour.
/// </summary>
public static class MapDot
{
    /// <summary>
    /// The map in DOT. Each node carries its kind and state as SVG classes (<c>premise s-true</c>); with
    /// <paramref name="idPrefix"/>, also an SVG id (the prefix and the node's id), so a page holding several maps can
    /// tell their nodes apart.
    /// </summary>
    public static string Write(ArgumentMap map, string? idPrefix = null)
    {
        var text = new StringBuilder();
        text.Append("digraph argument {\n");
        text.Append($"  label={Quote(map.Title + (map.Scenario is null ? string.Empty : $" (scenario \"{map.Scenario}\")"))};\n");
        text.Append("  labelloc=t; rankdir=LR; fontname=\"Helvetica\";\n");
        text.Append("  node [fontname=\"Helvetica\", fontsize=10]; edge [fontname=\"Helvetica\", fontsize=9];\n");
        var open = map.Nodes.Where(n => n.Kind == MapNodeKind.OpenPremise).ToList();
        if (open.Count > 0)
        {
            text.Append("  subgraph cluster_open {\n    label=\"open premises\"; style=dashed;\n");
            foreach (var node in open)
            {
                text.Append("    ").Append(Node(node, idPrefix)).Append('\n');
            }

            text.Append("  }\n");
        }

        var file = 0;
        foreach (var group in map.Nodes.Where(n => n.Kind != MapNodeKind.OpenPremise).GroupBy(n => n.File, StringComparer.Ordinal))
        {
            text.Append($"  subgraph cluster_{file++} {{\n    label={Quote(group.Key.Length == 0 ? "derived" : group.Key)}; style=rounded; color=gray60;\n");
            foreach (var node in group)
            {
                text.Append("    ").Append(Node(node, idPrefix)).Append('\n');
            }

            text.Append("  }\n");
        }

        foreach (var edge in map.Edges)
        {
            text.Append($"  {edge.From} -> {edge.To}{Style(edge.Kind)};\n");
        }

        return text.Append("}\n").ToString();
    }

    private static string Node(MapNode node, string? idPrefix)
    {
        var (shape, style) = node.Kind switch
        {
            MapNodeKind.Premise => ("box", "filled"),
            MapNodeKind.OpenPremise => ("box", "filled,dashed"),
            MapNodeKind.Rule => ("box", "rounded,filled"),
            MapNodeKind.Expectation => ("note", "filled"),
            MapNodeKind.Constraint => ("octagon", "filled"),
            _ => ("ellipse", "filled"),
        };
        var fill = node.State switch
        {
            "true" or "applies" or "pass" or "holds" => "#d8f0d8",
            "false" or "fail" or "violated" => "#f6d5d5",
            "conflict" => "#e9d0f0",
            "contested" => "#fbecc8",
            "open" => "#dde8f6",
            _ when node.State.StartsWith('=') => "#d8eef0",
            _ => "#eeeeee",
        };
        var border = node.State is "conflict" or "contested" or "violated" ? ", penwidth=2" : string.Empty;
        var label = $"{node.Label}\\n[{node.State}{(node.DependsOnOpen ? ", depends on open premises" : string.Empty)}]";
        if (node.Citation is { } citation)
        {
            label += citation.IsAnalyst ? "\\nper analyst" : $"\\nper {citation.Reference}";
            label += string.Concat(node.AlsoCited.Select(c => c.IsAnalyst ? ", analyst" : $", {c.Reference}"));
        }

        var tooltip = node.Citation?.Quote is { } quote ? $", tooltip={Quote(quote)}" : string.Empty;
        var id = idPrefix is null ? string.Empty : $", id=\"{idPrefix}{node.Id}\"";
        return $"{node.Id} [label={QuoteLabel(label)}, shape={shape}, style=\"{style}\", fillcolor=\"{fill}\"{border}{tooltip}, class=\"{KindClass(node.Kind)} {StateClass(node.State)}\"{id}];";
    }

    /// <summary>The kind of a node as a class name: premise, open-premise, rule, conclusion, expectation, constraint.</summary>
    public static string KindClass(MapNodeKind kind) => kind switch
    {
        MapNodeKind.OpenPremise => "open-premise",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>A state as a class name (s-true, s-conflict, s-value for "= v", ...), the same in the map and the report's tables.</summary>
    public static string StateClass(string state) => state switch
    {
        _ when state.EndsWith(", also contested", StringComparison.Ordinal) => StateClass(state[..^", also contested".Length]),
        "applies" or "holds" => "s-true",
        "violated" => "s-false",
        _ when state.StartsWith('=') => "s-value",
        _ when state.StartsWith("contested", StringComparison.Ordinal) || state.EndsWith(", contested", StringComparison.Ordinal) => "s-contested",
        _ when state.Contains("conflict", StringComparison.Ordinal) => "s-conflict",
        "true" or "false" or "unknown" or "open" or "pass" or "fail" => "s-" + state,
        _ => "s-other",
    };

    private static string Style(MapEdgeKind kind) => kind switch
    {
        MapEdgeKind.NegatedCondition => " [style=dashed, label=\"not\"]",
        MapEdgeKind.Unless => " [style=dotted, color=\"#b03030\", label=\"unless\"]",
        MapEdgeKind.ConcludesNot => " [label=\"not\", arrowhead=tee]",
        MapEdgeKind.Overrides => " [style=bold, color=\"#404080\", label=\"overrides\", constraint=false]",
        MapEdgeKind.Names => " [style=dotted, arrowhead=none, color=gray50]",
        MapEdgeKind.Conflict => " [color=\"#8030a0\", penwidth=2, label=\"in conflict\"]",
        _ => string.Empty,
    };

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";

    /// <summary>A label whose \n are line breaks DOT reads; quotes and backslashes of the text escaped.</summary>
    private static string QuoteLabel(string label) =>
        "\"" + string.Join("\\n", label.Split("\\n").Select(part => part.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal))) + "\"";
}
