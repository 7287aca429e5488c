using System.Text;
using PolicyDsl.Evaluator.Analysis;
using PolicyDsl.Evaluator.Explain;
using PolicyDsl.Evaluator.Supports;

namespace PolicyDsl.Evaluator.Reports;

/// <summary>The text reports of what conclusions rest on: <c>support</c>, <c>retract</c> and <c>critical</c>.</summary>
public static class SupportText
{
    public static string Support(SupportAnswer answer)
    {
        var text = new StringBuilder();
        var explainer = new Explainer(answer.Analysis.Evaluation);
        if (answer.Planes.Count == 0 || answer.Planes.All(p => p.Supports.Count == 0))
        {
            text.Append($"{answer.Claim} is {answer.State}: no set of premises derives it");
            text.Append(answer.Analysis.NotComputed is { } why ? $" (supports not computed: {why})\n" : " ('policydsl why-not' says what it lacks)\n");
            return text.ToString();
        }

        foreach (var plane in answer.Planes)
        {
            var count = plane.Supports.Count;
            text.Append($"{explainer.Describe(plane.Plane)}: {count}{(plane.Truncated ? "+" : string.Empty)} minimal support{(count == 1 ? string.Empty : "s")}, smallest first");
            text.Append(plane.Contested ? "; contested: every one passes through a conflict" : plane.AlsoContested ? "; some pass through a conflict" : string.Empty).Append('\n');
            for (var i = 0; i < count; i++)
            {
                var support = plane.Supports[i];
                var sources = support.Sources.Count == 0 ? "no source" : string.Join(", ", support.Sources);
                text.Append($"  support {i + 1}: {support.Premises.Count} premise{(support.Premises.Count == 1 ? string.Empty : "s")} ({sources}){(support.Clean ? string.Empty : ", through a conflict")}\n");
                foreach (var premise in support.Premises)
                {
                    text.Append("    ").Append(Premise(premise)).Append('\n');
                }
            }

            var needs = plane.NeededSources;
            var also = plane.AlsoSources;
            text.Append($"  needs: {(needs.Count == 0 ? "no one source" : string.Join(", ", needs))}");
            text.Append(also.Count > 0 ? $"; can rest instead on: {string.Join(", ", also)}\n" : "\n");
            if (plane.Truncated)
            {
                text.Append($"  (more than {SupportAnalysis.MaxSupports} minimal supports exist; the {SupportAnalysis.MaxSupports} smallest found are listed)\n");
            }
        }

        if (answer.Judgments.Count > 0)
        {
            text.Append($"rests on {answer.Judgments.Count} analyst judgment{(answer.Judgments.Count == 1 ? string.Empty : "s")} (steps no text states):\n");
            foreach (var judgment in answer.Judgments)
            {
                text.Append($"  {judgment.Step}: {judgment.Reason}  [{judgment.Location}]\n");
            }
        }

        return text.ToString();
    }

    /// <summary>A premise with its citation and where it is stated.</summary>
    public static string Premise(SupportPremise premise) =>
        premise.Statement + (premise.IsAssumption ? $"  [open premise, fixed by scenario {premise.Scenario}]" : premise.Scenario is null ? string.Empty : $"  [premise of scenario \"{premise.Scenario}\"]")
        + (premise.Citation is { } c ? $"  {c}" : "  (cites no source)") + $"  [{premise.Location}]";

    public static string Retract(RetractAnswer answer)
    {
        var text = new StringBuilder();
        text.Append($"withdrawn: {string.Join(", ", answer.Withdrawal.Names)}: {answer.Withdrawn.Count} premise{(answer.Withdrawn.Count == 1 ? string.Empty : "s")} of the evaluation\n");
        foreach (var premise in answer.Withdrawn)
        {
            text.Append("  ").Append(Premise(premise)).Append('\n');
        }

        text.Append($"\nlose every support ({answer.Lost.Count}):\n");
        foreach (var row in answer.Lost)
        {
            text.Append($"  {row.Atom.Display}  was {row.Before}, now unknown\n");
        }

        text.Append($"\nchange truth or value ({answer.Changed.Count}):\n");
        foreach (var row in answer.Changed)
        {
            text.Append($"  {row.Atom.Display}  {row.Before} -> {row.After}\n");
        }

        text.Append($"\nkeep a support ({answer.Kept.Count}):\n");
        foreach (var row in answer.Kept)
        {
            text.Append($"  {row.Atom.Display}  still {row.After}");
            if (row.Remaining is { } support)
            {
                text.Append($", resting on {string.Join(", ", support.Premises.Select(p => p.Statement + (p.Citation is { } c ? $" ({c.Reference})" : string.Empty)))}");
            }

            text.Append('\n');
        }

        text.Append($"\nunaffected: {answer.Unaffected} conclusion{(answer.Unaffected == 1 ? string.Empty : "s")} that no withdrawn premise supports\n");
        return text.ToString();
    }

    public static string Critical(CriticalAnswer answer)
    {
        var text = new StringBuilder();
        text.Append($"{answer.Claim} is {answer.State}\n");
        var singles = answer.Sets.Where(s => s.Count == 1).ToList();
        var larger = answer.Sets.Where(s => s.Count > 1).ToList();
        text.Append($"\ncritical premises: without any one of these it no longer holds ({singles.Count}):\n");
        foreach (var set in singles)
        {
            text.Append("  ").Append(Premise(set[0])).Append('\n');
        }

        text.Append($"\nwithdrawn together (minimal sets of 2 to {ArgumentAnalysis.CriticalSetSize} among the {answer.Candidates} premises of its supports) ({larger.Count}):\n");
        foreach (var set in larger)
        {
            text.Append("  ").Append(string.Join(" + ", set.Select(p => p.Statement))).Append('\n');
        }

        if (answer.Cut)
        {
            text.Append($"  (search stopped after {ArgumentAnalysis.CriticalTries:N0} sets; larger sets were not all tried)\n");
        }

        text.Append($"\ncritical sources: without any one of these it no longer holds ({answer.Sources.Count}): {(answer.Sources.Count == 0 ? "none" : string.Join(", ", answer.Sources))}\n");
        text.Append($"\nits negation breaks it: stating the opposite of one of these, it no longer holds cleanly ({answer.Negations.Count}):\n");
        foreach (var premise in answer.Negations)
        {
            text.Append("  ").Append(Premise(premise)).Append('\n');
        }

        return text.ToString();
    }
}
