using System.Globalization;
using PolicyDsl.Evaluator.Engine;
using PolicyDsl.Evaluator.Grounding;
using PolicyDsl.Evaluator.Scenarios;
using PolicyDsl.Evaluator.Supports;

namespace PolicyDsl.Evaluator.Analysis;

/// <summary>
/// A withdrawal that changes a claim's standing across the open premises' scenarios: a premise (or every premise of a
/// source) without which the claim no longer holds cleanly in some scenario where it did. Before and after are the
/// claim's standing in words: in how many scenarios it holds cleanly, is derived only through a conflict, or is not
/// derived, and the probability of holding cleanly when the premises carry probabilities.
/// </summary>
public sealed record CriticalScenarioRow(SupportPremise? Premise, string? Source, string Before, string After)
{
    /// <summary>Whether the premise or source is also critical in the evaluation asked about (listed there on its own).</summary>
    public bool CriticalInEvaluation { get; init; }

    /// <summary>What was withdrawn, as the text says it: the premise's statement, or "source NAME".</summary>
    public string Withdrawn => Premise is { } p ? p.Statement : $"source {Source}";
}

/// <summary>
/// The claim's standing across the scenarios of the open premises, and the withdrawals that change it
/// (<see cref="CriticalAnswer.InScenarios"/>). Empty (<see cref="Possible"/> 0) when nothing is open.
/// </summary>
public sealed record CriticalScenarios(long Possible, string Standing, IReadOnlyList<CriticalScenarioRow> Rows, string? NotCompared)
{
    public static readonly CriticalScenarios None = new(0, string.Empty, [], null);
}

public sealed partial class ArgumentAnalysis
{
    /// <summary>
    /// Evaluations critical makes at most to compare the scenarios when constraints decide which are possible: one per
    /// scenario for each premise and source withdrawn.
    /// </summary>
    public const int MaxCriticalEvaluations = 4_096;

    /// <summary>
    /// Critical across every scenario: for each stated premise alone, and each source, whether withdrawing it leaves
    /// the claim holding cleanly in every scenario where it did. Read exactly on each scenario's decision diagrams; when
    /// the argument has constraints, a withdrawal can change which scenarios are possible, so each scenario is evaluated
    /// again without the premise (up to <see cref="MaxCriticalEvaluations"/>), and one made impossible counts as one
    /// where the claim no longer holds cleanly. Not compared past <see cref="MaxSupportScenarios"/> scenarios.
    /// </summary>
    private CriticalScenarios CriticalInScenarios(string claim, Evaluation evaluation, Func<string, Evaluation> withoutSource, CancellationToken cancellation)
    {
        var space = new ScenarioSpace(evaluation.Program, evaluation.Premises);
        if (space.Open.Count == 0)
        {
            return CriticalScenarios.None;
        }

        if (space.Count > MaxSupportScenarios)
        {
            return CriticalScenarios.None with
            {
                NotCompared = $"not compared: there are {space.Count:N0} scenarios and critical reads them only up to {MaxSupportScenarios}; ask within a named scenario (--scenario NAME), or 'policydsl retract' one premise, which sweeps them",
            };
        }

        var baseSupports = SupportsOf(evaluation);
        if (baseSupports.NotComputed is { } notComputed)
        {
            return CriticalScenarios.None with { NotCompared = $"not compared: the supports were not computed: {notComputed}" };
        }

        var stated = baseSupports.Premises.Where(p => !p.IsAssumption).ToList();
        var sources = CandidateSources(stated).ToList();
        var weighted = space.HasProbabilities;
        var constrained = evaluation.Program.Model.Constraints.Count > 0;
        if (constrained && (stated.Count + sources.Count + 1) * space.Count > MaxCriticalEvaluations)
        {
            return CriticalScenarios.None with
            {
                NotCompared = $"not compared: constraints decide which scenarios are possible, and a withdrawal can change which, so each of the {space.Count:N0} scenarios is evaluated again for each of the {stated.Count + sources.Count} withdrawals, which is past {MaxCriticalEvaluations:N0} evaluations; 'policydsl retract FILE PREMISE' compares the scenarios for one withdrawal",
            };
        }

        // Per scenario (every code, in order): 0 holds cleanly, 1 derived only through a conflict (or in conflict),
        // 2 not derived, 3 impossible (a constraint holds there); with its weight and the open premises' values it fixes.
        const int Impossible = 3;
        ClaimStanding StatesOf(GroundProgram program, PremiseSet premises)
        {
            var over = new ScenarioSpace(program, premises);
            var states = new List<int>();
            var weights = new List<decimal>();
            var choiceTexts = new List<string[]>();
            foreach (var (choices, scenarioEvaluation, violated) in over.EnumerateAll(cancellation))
            {
                var planes = PlanesOf(scenarioEvaluation, claim, requireMention: false).Planes;
                states.Add(violated >= 0 ? Impossible
                    : planes.Any(p => scenarioEvaluation.Clean.DerivationOf(p) is not null) ? 0
                    : planes.Any(p => scenarioEvaluation.DerivationOf(p) is not null) ? 1
                    : 2);
                weights.Add(over.Probability(choices));
                choiceTexts.Add([.. choices.Select((c, k) => over.Open[k].Describe(c))]);
            }

            return new ClaimStanding([.. states], [.. weights], [.. choiceTexts]);
        }

        // Without constraints, each scenario's supports once; with them, StatesOf evaluates every scenario itself.
        var scenarioWeights = new List<decimal>();
        var scenarioChoices = new List<string[]>();
        var scenarioAnalyses = new List<(SupportAnalysis Analysis, IReadOnlyList<Plane> Planes)>();
        foreach (var (choices, scenarioEvaluation, _) in constrained ? [] : space.EnumerateAll(cancellation))
        {
            scenarioWeights.Add(space.Probability(choices));
            scenarioChoices.Add([.. choices.Select((c, k) => space.Open[k].Describe(c))]);
            var analysis = SupportAnalysis.Compute(scenarioEvaluation, cancellation: cancellation);
            if (analysis.NotComputed is { } why)
            {
                return CriticalScenarios.None with { NotCompared = $"not compared: the supports in the scenario where {space.Describe(choices)} were not computed: {why}" };
            }

            scenarioAnalyses.Add((analysis, PlanesOf(scenarioEvaluation, claim).Planes));
        }

        // Without constraints every scenario stays possible, and a withdrawal of premises is read on each scenario's diagrams.
        ClaimStanding? StatesWithout(Func<SupportPremise, bool> withdrawn)
        {
            var states = new int[scenarioAnalyses.Count];
            for (var s = 0; s < scenarioAnalyses.Count; s++)
            {
                cancellation.ThrowIfCancellationRequested();
                var (analysis, planes) = scenarioAnalyses[s];
                var state = 2;
                foreach (var plane in planes)
                {
                    if (analysis.HoldsCleanlyWithout(plane, p => !p.IsAssumption && withdrawn(p)) is not { } cleanly)
                    {
                        return null;
                    }

                    state = Math.Min(state, cleanly ? 0 : analysis.HoldsWithout(plane, p => !p.IsAssumption && withdrawn(p)) ? 1 : 2);
                }

                states[s] = state;
            }

            return new ClaimStanding(states, [.. scenarioWeights], [.. scenarioChoices]);
        }

        ClaimStanding? After(Func<SupportPremise, bool> withdrawn, IEnumerable<SupportPremise> premises)
        {
            if (!constrained)
            {
                return StatesWithout(withdrawn);
            }

            var atoms = premises.Where(withdrawn).Select(p => p.Atom).ToHashSet();
            return StatesOf(evaluation.Program, evaluation.Premises.Keeping("without", a => !atoms.Contains(a)));
        }

        string Describe(ClaimStanding standing)
        {
            var states = standing.States;
            var possible = states.Count(s => s != Impossible);
            string Quantity(int count) => count == possible ? $"all {count:N0}" : $"{count:N0} of {possible:N0}";
            var parts = new List<string>();
            foreach (var (state, words) in new[] { (0, "holds cleanly"), (1, "derived only through a conflict"), (2, "not derived") })
            {
                var count = states.Count(s => s == state);
                if (count > 0)
                {
                    parts.Add($"{words} in {Quantity(count)}");
                }
            }

            var excluded = states.Length - possible;
            var text = parts.Count == 0 ? "no scenario is possible" : string.Join(", ", parts);
            text += excluded > 0 ? $" ({excluded:N0} impossible)" : string.Empty;
            if (!weighted)
            {
                return text;
            }

            // Conditional on the constraints, as every probability is: the clean scenarios' weight over the possible ones'.
            var possibleWeight = standing.Weights.Where((_, s) => states[s] != Impossible).Sum();
            var clean = possibleWeight == 0 ? 0 : standing.Weights.Where((_, s) => states[s] == 0).Sum() / possibleWeight;
            return text + string.Create(CultureInfo.InvariantCulture, $"; p(holds cleanly) {(double)clean:0.######}");
        }

        var tooLarge = $"not compared: what withdrawing a premise leaves of {claim} in some scenario needs more decision-diagram nodes than the limit";
        var before = constrained ? StatesOf(evaluation.Program, evaluation.Premises) : StatesWithout(_ => false);
        if (before is null)
        {
            return CriticalScenarios.None with { NotCompared = tooLarge };
        }

        // A withdrawal is listed when the claim stops holding cleanly in some scenario where it did (or it becomes
        // impossible). A source's open premises go with it: a scenario after is the one that agrees with it on the rest.
        static bool Falls(ClaimStanding before, ClaimStanding after)
        {
            for (var s = 0; s < before.States.Length; s++)
            {
                if (before.States[s] != 0)
                {
                    continue;
                }

                var t = Array.FindIndex(after.Choices, choices => choices.All(before.Choices[s].Contains));
                if (t < 0 || after.States[t] != 0)
                {
                    return true;
                }
            }

            return false;
        }

        var rows = new List<CriticalScenarioRow>();
        foreach (var premise in stated)
        {
            var key = premise.Key;
            if (After(p => p.Key == key, stated) is not { } after)
            {
                return CriticalScenarios.None with { NotCompared = tooLarge };
            }

            if (Falls(before, after))
            {
                rows.Add(new CriticalScenarioRow(premise, null, Describe(before), Describe(after)));
            }
        }

        foreach (var source in sources)
        {
            // A source that states reasoning is withdrawn with its rules: every scenario evaluated again without it.
            var without = CitedByRules(source) ? withoutSource(source) : null;
            if ((without is null ? After(p => p.WithdrawnBy(source), stated) : StatesOf(without.Program, without.Premises)) is not { } after)
            {
                return CriticalScenarios.None with { NotCompared = tooLarge };
            }

            if (Falls(before, after))
            {
                rows.Add(new CriticalScenarioRow(null, source, Describe(before), Describe(after)));
            }
        }

        return new CriticalScenarios(before.States.Count(s => s != Impossible), Describe(before), rows, null);
    }
}

/// <summary>A claim's state in each scenario of a space (see CriticalInScenarios), with each scenario's weight and the open premises' values it fixes.</summary>
internal sealed record ClaimStanding(int[] States, decimal[] Weights, string[][] Choices);
