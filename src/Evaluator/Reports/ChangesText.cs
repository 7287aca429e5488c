using System.Text;
using PolicyDsl.Evaluator.Analysis;

namespace PolicyDsl.Evaluator.Reports;

/// <summary>
/// The conclusions a what-if (or a statement in the REPL) changes, as <c>whatif</c> and the REPL both print them:
/// each change, then what its new state rests on (the what-if premises, the texts) and the analyst judgments it
/// needs or can rest on.
/// </summary>
public static class ChangesText
{
    public static void Write(StringBuilder text, IReadOnlyList<ConclusionChange> changes)
    {
        foreach (var change in changes)
        {
            text.Append($"  {change.Atom}: {change.Before} -> {change.After}\n");
            var basis = change.WhatIfPremises.Select(w => $"the what-if '{w}'").Concat(change.Because).ToList();
            if (basis.Count > 0)
            {
                text.Append($"    now resting on {string.Join(", ", basis)}\n");
            }

            if (change.Judgments.Count > 0)
            {
                text.Append($"    and on {(change.Judgments.Count == 1 ? "1 analyst judgment" : $"{change.Judgments.Count} analyst judgments")} (steps no text states): {string.Join(", ", change.Judgments.Select(j => j.Step))}\n");
            }

            if (change.AlsoJudgments.Count > 0)
            {
                text.Append($"    can also rest on {string.Join(", ", change.AlsoJudgments.Select(j => j.Step))} (analyst judgments)\n");
            }
        }
    }
}
