using System.Text;
using FluentAssertions;
using PolicyDsl.Evaluator.Analysis;
using PolicyDsl.Evaluator.Explain;
using PolicyDsl.Evaluator.Reports;
using PolicyDsl.Testing;
using Xunit;

namespace PolicyDsl.Cli.Tests;

/// <summary>
/// Explanations without noise, on every sample: why and why-not on each conclusion, both ways, in the base argument
/// and in each named scenario, print their header once and never the same sub-proof twice (a repeat is "shown above").
/// </summary>
public sealed class ExplanationNoiseTests
{
    public static TheoryData<string> Samples() =>
        [.. Directory.EnumerateFiles(TestPaths.Samples, "*.policy").Select(f => Path.GetRelativePath(TestPaths.RepoRoot, f).Replace('\\', '/')).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Samples))]
    public void Why_and_why_not_repeat_no_header_and_no_sub_proof(string sample)
    {
        var analysis = ArgumentAnalysis.Load(sample);
        if (analysis.Program is null)
        {
            return;
        }

        var explained = 0;
        foreach (var scenario in new string?[] { null }.Concat(analysis.Model.Scenarios.Select(s => s.Name)))
        {
            foreach (var row in analysis.Conclusions(scenario))
            {
                foreach (var claim in row.Atom.IsValued ? [row.Atom.Display] : new[] { row.Atom.Display, "not " + row.Atom.Display })
                {
                    foreach (var whyNot in new[] { false, true })
                    {
                        var proof = analysis.Explain(claim, whyNot, scenario);
                        var text = ProofText.Render(proof);
                        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                        lines.Skip(1).Should().NotContain(lines[0], $"{(whyNot ? "why-not" : "why")} {claim} in {sample} prints its header once:\n{text}");
                        var subProofs = new List<string>();
                        Collect(proof, subProofs);
                        subProofs.GroupBy(s => s, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).Should()
                            .BeEmpty($"{(whyNot ? "why-not" : "why")} {claim}{(scenario is null ? string.Empty : $" in \"{scenario}\"")} of {sample} shows each sub-proof once:\n{text}");
                        explained++;
                    }
                }
            }
        }

        if (analysis.Model.Rules.Count > 0)
        {
            explained.Should().BeGreaterThan(0);
        }
    }

    /// <summary>Every sub-proof with steps under it, rendered: the same text twice is the same proof shown twice.</summary>
    private static void Collect(ProofNode node, List<string> found)
    {
        if (node.Children.Count > 0)
        {
            var text = new StringBuilder();
            ProofText.Write(text, node, string.Empty, string.Empty);
            found.Add(text.ToString());
        }

        foreach (var child in node.Children)
        {
            Collect(child, found);
        }
    }
}
