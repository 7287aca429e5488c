using System.Globalization;
using System.Text;
using PolicyDsl.Evaluator.Analysis;
using PolicyDsl.Evaluator.Checking;
using PolicyDsl.Evaluator.Scenarios;

namespace PolicyDsl.Evaluator.Reports;

/// <summary>
/// The scenarios report: per conclusion, in how many scenarios it is true and false (all, some or none; with no
/// disputed step), in conflict, and contested (true or false only through a conflict), its
/// probability, its values, and the open premises it depends on; then the conflicting scenarios. Sampled sweeps
/// print shares with their error bound instead of counts.
/// </summary>
public static class ScenarioText
{
    /// <summary>
    /// Why a sweep cannot run, and what to do instead; <paramref name="command"/> is how the user would ask again
    /// (<c>policydsl scenarios FILE</c>).
    /// </summary>
    public static string Refusal(SweepRefusal refusal, string command) => refusal.Kind switch
    {
        SweepRefusalKind.NotCompilable =>
            $"this argument cannot be swept: {refusal.Reason}. Its scenarios are still checked one by one by 'policydsl check' and 'policydsl test' up to {ScenarioExploration.ScalarLimit:N0} of them\n",
        _ => Invariant($"{refusal.Reason}. Estimate instead: '{command} --sample 1000000' puts each share within ±{SweepResult.HalfWidth(1_000_000):F4} of the truth with 95% confidence ") +
            "(the bound shrinks with the square root of the samples); or fix some premises, or split the argument\n",
    };

    public static string Write(string argument, SweepResult sweep)
    {
        var plan = sweep.Plan;
        var program = plan.Program;
        var space = plan.Space;
        var text = new StringBuilder();
        text.Append($"argument: {argument}\n");
        text.Append($"open premises: {space.Open.Count}");
        if (space.Open.Count > 0)
        {
            text.Append($" ({string.Join(", ", space.Open.Select(Describe))})");
        }

        text.Append($"; scenarios: {Count(space)}\n");
        if (sweep.IsSampled)
        {
            text.Append(Invariant($"sampled: {sweep.Scenarios + sweep.Excluded:N0} scenarios drawn at random{(plan.HasProbabilities ? " by the premises' probabilities" : string.Empty)}; each share below is within ±{sweep.ErrorBound:F4} of the true one with 95% confidence (Hoeffding)\n"));
        }

        if (sweep.Excluded > 0)
        {
            text.Append(Excluded(sweep));
        }

        text.Append('\n');
        if (sweep.Scenarios == 0)
        {
            return text.Append("no scenario is possible: each one violates a constraint; see 'policydsl check'\n").ToString();
        }

        var rows = sweep.Conclusions;
        var probability = plan.HasProbabilities || sweep.IsSampled;
        // A conflict is neither true nor false: counted in a column of its own, shown when some conclusion has one.
        // A result that rests only on a conflict is contested: counted apart from true and false, like the conflict.
        // Unknown (neither derived) is the rest, so the columns of a row add up to the scenarios.
        var conflicts = rows.Any(a => sweep.Conflicting[a] > 0);
        var contested = rows.Any(a => sweep.ContestedIn(a) > 0);
        long UnknownIn(int atom) => program.Atoms[atom].IsValued ? sweep.Scenarios - sweep.Valued[atom] : sweep.Scenarios - (sweep.Holds[atom] + sweep.Fails[atom] - sweep.Conflicting[atom]);
        var unknown = rows.Any(a => UnknownIn(a) > 0);
        var headers = new List<string> { "conclusion", "true in", "false in" };
        headers.AddRange(conflicts ? ["in conflict"] : []);
        headers.AddRange(contested ? ["contested in"] : []);
        headers.AddRange(unknown ? ["unknown in"] : []);
        headers.AddRange(probability ? [sweep.IsSampled ? "share true" : "p(true)", sweep.IsSampled ? "share false" : "p(false)"] : []);
        headers.AddRange(probability && conflicts ? [sweep.IsSampled ? "share confl." : "p(conflict)"] : []);
        headers.AddRange(probability && contested ? [sweep.IsSampled ? "share cont." : "p(contested)"] : []);
        headers.Add("depends on");
        var table = new TextTable("  ", [.. headers]);
        foreach (var atom in rows)
        {
            var display = program.Atoms[atom].Display;
            var valued = program.Atoms[atom].IsValued;
            var depends = sweep.IsSampled ? "(not computed when sampling)"
                : !sweep.HasDependencies ? "(not computed)"
                : string.Join(", ", sweep.DependenciesOf(atom).Select(p => p.Display)) is { Length: > 0 } list ? list : "nothing open";
            var cells = new List<string> { display, Quantity(sweep.TrueIn(atom), sweep), valued ? "-" : Quantity(sweep.FalseIn(atom), sweep) };
            cells.AddRange(conflicts ? [Quantity(sweep.Conflicting[atom], sweep)] : []);
            cells.AddRange(contested ? [Quantity(sweep.ContestedIn(atom), sweep)] : []);
            cells.AddRange(unknown ? [Quantity(UnknownIn(atom), sweep)] : []);
            cells.AddRange(probability ? [Share(sweep.TrueProbability(atom), sweep), valued ? "-" : Share(sweep.FalseProbability(atom), sweep)] : []);
            cells.AddRange(probability && conflicts ? [Share(sweep.ConflictProbability(atom), sweep)] : []);
            cells.AddRange(probability && contested ? [Share(sweep.ContestedProbability(atom), sweep)] : []);
            cells.Add(depends);
            table.Row([.. cells]);
            if (valued)
            {
                // Each value counted apart by state, in the atom's columns: where it is the one value cleanly ("true in"),
                // where the atom has it and is in conflict, and where it has it only through a conflict.
                foreach (var tally in sweep.ValuesOf(atom))
                {
                    var valueCells = new List<string> { "  = " + tally.Value, Quantity(tally.TrueIn, sweep), string.Empty };
                    valueCells.AddRange(conflicts ? [Quantity(tally.ConflictIn, sweep)] : []);
                    valueCells.AddRange(contested ? [Quantity(tally.ContestedIn, sweep)] : []);
                    valueCells.AddRange(unknown ? [string.Empty] : []);
                    valueCells.AddRange(probability ? [Share(tally.TrueProbability, sweep), string.Empty] : []);
                    valueCells.AddRange(probability && conflicts ? [Share(tally.ConflictProbability, sweep)] : []);
                    valueCells.AddRange(probability && contested ? [Share(tally.ContestedProbability, sweep)] : []);
                    table.Row([.. valueCells]);
                }
            }
        }

        table.WriteTo(text);
        text.Append('\n');
        if (sweep.ConflictCount == 0)
        {
            text.Append(sweep.IsSampled ? "no sampled scenario produces a conflict\n" : "no scenario produces a conflict\n");
        }
        else
        {
            text.Append(sweep.IsSampled
                ? Invariant($"{sweep.ConflictCount:N0} of {sweep.Scenarios:N0} sampled scenarios produce a conflict, e.g. where {space.Describe(sweep.FirstConflict!)}\n")
                : $"{sweep.ConflictCount:N0} of {sweep.Scenarios:N0} scenarios produce a conflict, e.g. where {space.Describe(sweep.FirstConflict!)}\n");
            if (sweep.IsWeighted)
            {
                text.Append($"probability of a conflict: {Share(sweep.ConflictWeight)}\n");
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// The scenarios the constraints leave out, per constraint with an example, and what that does to the figures:
    /// they count the possible scenarios only, and probabilities are conditional on the constraints.
    /// </summary>
    public static string Excluded(SweepResult sweep)
    {
        var space = sweep.Plan.Space;
        var noun = sweep.IsSampled ? "sampled scenarios" : "scenarios";
        var text = new StringBuilder(Invariant($"possible: {sweep.Scenarios:N0} {noun}; excluded as impossible: {sweep.Excluded:N0}"));
        var causes = space.Constraints.Select((c, i) => (c.Constraint, Count: sweep.Violations[i], Example: sweep.FirstViolation[i]))
            .Where(c => c.Count > 0 && c.Example is not null)
            .Select(c => Invariant($"{c.Constraint.Name} holds in {c.Count:N0}, e.g. where {space.Describe(c.Example!)}"));
        text.Append($" ({string.Join("; ", causes)})\n");
        // The constraints change what the open premises are likely to be: each one's share of the possible scenarios.
        var premises = space.Open.Where(p => p.Assume.IsBoolean).Select(p => sweep.IsWeighted
            ? Invariant($"{p.Display} {sweep.TrueProbability(p.Atom):F4} (prior {(double)(p.Assume.Probability ?? 0.5m):F4})")
            : Invariant($"{p.Display} in {sweep.TrueIn(p.Atom):N0} of {sweep.Scenarios:N0}")).ToList();
        if (premises.Count > 0)
        {
            text.Append($"open premises under the constraints: {string.Join(", ", premises)}\n");
        }

        text.Append(sweep.IsWeighted
            ? Invariant($"the figures below are of the possible scenarios; probabilities are conditional on the constraints (the excluded ones had prior probability {sweep.ExcludedWeight:F4})\n")
            : sweep.IsSampled
                ? "the figures below are of the possible samples: shares are conditional on the constraints\n"
                : "the figures below are of the possible scenarios: shares are conditional on the constraints\n");
        return text.ToString();
    }

    private static string Describe(OpenPremise premise) =>
        premise.Assume.IsBoolean
            ? premise.Assume.Probability is { } p ? $"{premise.Display} (p {p.ToString(CultureInfo.InvariantCulture)})" : premise.Display
            : $"{premise.Display} in [{string.Join(", ", premise.Choices.Select(c => c.Value + (premise.Assume.Options.Any(o => o.Probability is not null) ? ": " + c.Probability.ToString(CultureInfo.InvariantCulture) : string.Empty)))}]";

    private static string Count(ScenarioSpace space) => space.Count == long.MaxValue ? "more than 9.2 × 10^18" : space.Count.ToString("N0", CultureInfo.InvariantCulture);

    private static string Quantity(long count, SweepResult sweep) =>
        sweep.IsSampled ? Invariant($"{(double)count / sweep.Scenarios * 100:F1}%")
        : count == sweep.Scenarios ? $"all {count:N0}" : count == 0 ? "none" : $"some {count:N0}";

    /// <summary>
    /// A probability as exactly as it is known: from an exhaustive sweep (an exact sum of products) to six decimals,
    /// trailing zeros dropped, so 0.09375 and 0.0938 read apart; a sampled share to four, as its error bound is wider.
    /// </summary>
    private static string Share(double p, SweepResult sweep) => sweep.IsSampled ? Invariant($"{p:F4}") : p.ToString("0.######", CultureInfo.InvariantCulture);

    private static string Share(double p) => p.ToString("0.######", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
