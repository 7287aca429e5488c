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

        if (answer.AcrossScenarios is var (holdsIn, of))
        {
            text.Append($"{answer.Claim} is {answer.State} with the open premises unknown; it holds in {holdsIn:N0} of the {of:N0} possible scenarios, ")
                .Append("on these supports, each with the open premises' values it needs:\n");
        }

        foreach (var plane in answer.Planes)
        {
            var count = plane.Supports.Count;
            text.Append($"{explainer.Describe(plane.Plane)}: {count}{(plane.Truncated ? "+" : string.Empty)} minimal support{(count == 1 ? string.Empty : "s")}, {(plane.AlsoContested ? "clean ones first, each group smallest first" : "smallest first")}");
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

                if (support.Rules is { Count: > 0 } rules)
                {
                    text.Append("    through ").Append(string.Join(", ", rules.Select(r => $"rule {r.Name} ({string.Join(", ", r.Citations.Select(c => c.IsAnalyst ? "per analyst: the analyst's own step" : "per " + c.Reference))})"))).Append('\n');
                }
            }

            var needs = plane.NeededSources;
            var also = plane.AlsoSources;
            text.Append($"  needs: {(needs.Count == 0 ? "no one source" : string.Join(", ", needs))}");
            text.Append(also.Count > 0 ? $"; can rest instead on: {string.Join(", ", also)}" : string.Empty);
            text.Append(plane.CorroboratingSources is { Count: > 0 } corroborating ? $"; corroborated by: {string.Join(", ", corroborating)}\n" : "\n");
            if (plane.Truncated)
            {
                text.Append($"  (more than {SupportAnalysis.MaxSupports} minimal supports exist; the {SupportAnalysis.MaxSupports} smallest found are listed)\n");
            }
        }

        void Judgments(IReadOnlyList<AnalystJudgment> judgments, string heading)
        {
            if (judgments.Count > 0)
            {
                text.Append($"{heading} {judgments.Count} analyst judgment{(judgments.Count == 1 ? string.Empty : "s")} (steps no text states):\n");
                foreach (var judgment in judgments)
                {
                    text.Append($"  {judgment.Step}: {judgment.Reason}  [{judgment.Location}]\n");
                }
            }
        }

        Judgments(answer.Judgments, "rests on");
        Judgments(answer.AlsoJudgments, "in some supports, can also rest on");
        return text.ToString();
    }

    /// <summary>A premise with its citation and where it is stated.</summary>
    public static string Premise(SupportPremise premise) =>
        premise.Statement + (premise.IsAssumption ? premise.Scenario is null ? "  [open premise: the value it needs]" : $"  [open premise, fixed by scenario {premise.Scenario}]" : premise.Scenario is null ? string.Empty : $"  [premise of scenario \"{premise.Scenario}\"]")
        + (premise.Citation is { } c ? $"  {c}" : "  (cites no source)") + Corroboration(premise) + $"  [{premise.Location}]";

    /// <summary>A premise several texts state: its further citations, and how many texts.</summary>
    private static string Corroboration(SupportPremise premise)
    {
        if (premise.Citations.Count < 2)
        {
            return string.Empty;
        }

        var texts = premise.Sources.Count();
        return string.Concat(premise.Citations.Skip(1).Select(c => $"; also {c}")) + (texts > 1 ? $" (stated by {texts} texts)" : string.Empty);
    }

    public static string Retract(RetractAnswer answer)
    {
        var text = new StringBuilder();
        var rules = answer.Withdrawal.Rules;
        var names = answer.Withdrawal.Resolved.Select(n => n.Kind == WithdrawnKind.Analyst ? $"{n.Name} (every judgment cited per analyst)" : n.Name);
        text.Append($"withdrawn: {string.Join(", ", names)}: {answer.Withdrawn.Count} premise{(answer.Withdrawn.Count == 1 ? string.Empty : "s")} of the evaluation")
            .Append(rules.Count > 0 ? $" and {rules.Count} rule{(rules.Count == 1 ? string.Empty : "s")}" : string.Empty).Append('\n');
        foreach (var premise in answer.Withdrawn)
        {
            text.Append("  ").Append(Premise(premise)).Append('\n');
        }

        foreach (var rule in rules)
        {
            text.Append("  rule ").Append(rule.Name).Append(rule.Citation is { } c ? $"  per {c.Reference}" + (c.Quote is { } q ? $" \"{q}\"" : string.Empty) : "  (cites nothing)")
                .Append($"  [{rule.Location}]\n");
        }

        text.Append($"\nlose every support ({answer.Lost.Count}):\n");
        foreach (var row in answer.Lost)
        {
            text.Append($"  {row.Atom.Display}  was {row.Before}, now unknown\n");
        }

        text.Append($"\nnow contested: still derived, but only through a conflict ({answer.NowContested.Count}):\n");
        foreach (var row in answer.NowContested)
        {
            text.Append($"  {row.Atom.Display}  was {row.Before}, now {row.After}").Append(Remaining(row)).Append('\n');
        }

        text.Append($"\nchange truth or value ({answer.Changed.Count}):\n");
        foreach (var row in answer.Changed)
        {
            text.Append($"  {row.Atom.Display}  {row.Before} -> {row.After}\n");
        }

        text.Append($"\nkeep a support ({answer.Kept.Count}):\n");
        foreach (var row in answer.Kept)
        {
            text.Append($"  {row.Atom.Display}  still {row.After}").Append(Remaining(row)).Append('\n');
        }

        if (answer.ScenariosNotCompared is { } why)
        {
            text.Append($"\nin the scenarios of the open premises: {why}\n");
        }
        else if (answer.ScenarioCounts != (0, 0))
        {
            var (before, after) = answer.ScenarioCounts;
            text.Append($"\nin the scenarios of the open premises ({before:N0} possible before, {after:N0} after): standing changes ({answer.Scenarios.Count}):\n");
            foreach (var row in answer.Scenarios)
            {
                text.Append($"  {row.Atom}  {row.Before}  ->  {row.After}\n");
            }
        }

        text.Append($"\nunaffected: {answer.Unaffected} conclusion{(answer.Unaffected == 1 ? string.Empty : "s")} that no withdrawn premise or rule supports");
        text.Append(answer.ScenarioCounts != (0, 0) ? ", in the evaluation or in any scenario\n" : "\n");
        return text.ToString();
    }

    /// <summary>The supports a conclusion keeps: the first (the smallest clean one) in full, then how many more.</summary>
    private static string Remaining(RetractRow row)
    {
        if (row.Remaining.Count == 0)
        {
            return string.Empty;
        }

        var first = row.Remaining[0];
        var text = $", resting on {string.Join(", ", first.Premises.Select(p => p.Statement + (p.Citation is { } c ? $" ({c.Reference})" : string.Empty)))}";
        text += first.Clean ? string.Empty : " (through a conflict)";
        var more = row.Remaining.Count - 1;
        return more == 0 && !row.RemainingCut ? text : text + $"; and {more}{(row.RemainingCut ? "+" : string.Empty)} more support{(more == 1 && !row.RemainingCut ? string.Empty : "s")} ('policydsl support' lists them)";
    }

    public static string Critical(CriticalAnswer answer)
    {
        var text = new StringBuilder();
        if (answer.Sides.Count > 0)
        {
            text.Append($"{answer.Claim} is {answer.State}: derived both ways, so neither side holds cleanly; what each side cannot do without:\n");
            foreach (var side in answer.Sides)
            {
                text.Append($"\n== side: {side.Claim}\n");
                WriteCritical(text, side);
            }

            WriteCriticalInScenarios(text, answer);
            return text.ToString();
        }

        text.Append($"{answer.Claim} is {answer.State}");
        if (answer.AcrossScenarios is var (holdsIn, of))
        {
            text.Append($" with the open premises unknown, and holds in {holdsIn:N0} of the {of:N0} possible scenarios: below, what it cannot do without in every one of them")
                .Append(" ('is no longer derived' means in none of them)\n");
        }
        else
        {
            text.Append(answer.Cleanly ? string.Empty : " (contested: it rests only on a conflict, so 'holds' below means derived at all)").Append('\n');
        }

        WriteCritical(text, answer);
        WriteCriticalInScenarios(text, answer);
        return text.ToString();
    }

    /// <summary>The claim across the open premises' scenarios, and each premise or source without which it falls in some.</summary>
    private static void WriteCriticalInScenarios(StringBuilder text, CriticalAnswer answer)
    {
        var scenarios = answer.InScenarios;
        if (scenarios.NotCompared is { } why)
        {
            text.Append($"\nin the scenarios of the open premises: {why}\n");
            return;
        }

        if (scenarios.Possible == 0)
        {
            return;
        }

        text.Append($"\nin the scenarios of the open premises ({scenarios.Possible:N0} possible): {answer.Claim} {scenarios.Standing}\n");
        var also = scenarios.Rows.Where(r => !r.CriticalInEvaluation).ToList();
        text.Append($"also critical there: without any one of these it no longer holds cleanly in some scenario where it did ({also.Count}):\n");
        foreach (var row in also)
        {
            text.Append("  ").Append(row.Premise is { } premise ? Premise(premise) : row.Withdrawn).Append($"  ->  {row.After}\n");
        }

        // The premises and sources already critical above, by what their withdrawal leaves across the scenarios.
        foreach (var group in scenarios.Rows.Where(r => r.CriticalInEvaluation).GroupBy(r => r.After, StringComparer.Ordinal))
        {
            text.Append($"  critical above: {string.Join(", ", group.Select(r => r.Withdrawn))}  ->  {group.Key}\n");
        }
    }

    private static void WriteCritical(StringBuilder text, CriticalAnswer answer)
    {
        var holds = answer.Cleanly ? "it no longer holds cleanly" : "it is no longer derived";
        string Then(IReadOnlyList<SupportPremise> set) => answer.LeavesContested(set) ? "  (then contested: derived only through a conflict)" : string.Empty;
        var singles = answer.Sets.Where(s => s.Count == 1).ToList();
        var larger = answer.Sets.Where(s => s.Count > 1).ToList();
        text.Append($"\ncritical premises: without any one of these {holds} ({singles.Count}):\n");
        foreach (var set in singles)
        {
            text.Append("  ").Append(Premise(set[0])).Append(Then(set)).Append('\n');
        }

        text.Append($"\nwithdrawn together (minimal sets of 2 to {ArgumentAnalysis.CriticalSetSize} among the {answer.Candidates} premises of its supports) ({larger.Count}):\n");
        foreach (var set in larger)
        {
            text.Append("  ").Append(string.Join(" + ", set.Select(p => p.Statement))).Append(Then(set)).Append('\n');
        }

        if (answer.Cut)
        {
            text.Append($"  (search stopped after {ArgumentAnalysis.CriticalTries:N0} sets; larger sets were not all tried)\n");
        }

        var sources = answer.Sources.Select(s => answer.ContestedSources.Contains(s, StringComparer.Ordinal) ? s + " (then contested)" : s).ToList();
        text.Append($"\ncritical sources: without any one of these {holds} ({answer.Sources.Count}): {(sources.Count == 0 ? "none" : string.Join(", ", sources))}\n");
        if (answer.AcrossScenarios is not null)
        {
            text.Append("\nits negation: not asked across scenarios (a what-if is asked of one evaluation); ask within a named scenario (--scenario NAME)\n");
            return;
        }

        text.Append($"\nits negation breaks it: stating the opposite of one of these, {holds} ({answer.Negations.Count}):\n");
        foreach (var premise in answer.Negations)
        {
            text.Append("  ").Append(Premise(premise)).Append('\n');
        }
    }
}
