using PolicyDsl.Evaluator.Engine;
using PolicyDsl.Evaluator.Grounding;
using PolicyDsl.Evaluator.Scenarios;

namespace PolicyDsl.Evaluator.Checking;

/// <summary>
/// Every scenario of one premise set (the base argument or a named scenario), explored once for all the checks that
/// need it: conflicts, and the conditions of expectations (probes). The compiled sweep covers almost every argument;
/// the rest are enumerated one scenario at a time up to <see cref="ScalarLimit"/>. Past either limit the
/// exploration says it did not run, and why, so that no check is silently cut.
/// </summary>
public sealed class ScenarioExploration
{
    /// <summary>Arguments the sweep cannot compile are enumerated one scenario at a time up to this many.</summary>
    public const long ScalarLimit = 1 << 16;

    /// <summary>At most this many conflicting scenarios are evaluated in full to find a witness for each conflicting atom.</summary>
    private const int WitnessEvaluations = 64;

    private ScenarioExploration(ScenarioSpace space) => Space = space;

    public ScenarioSpace Space { get; }

    /// <summary>Null when explored; otherwise why not, in words for a diagnostic.</summary>
    public string? NotExplored { get; private set; }

    public long Scenarios { get; private set; }

    /// <summary>Per probe, the scenarios where it is true with no disputed step.</summary>
    public long[] ProbeHolds { get; private set; } = [];

    /// <summary>Per probe, the scenarios where it is true or false only through an atom in conflict.</summary>
    public long[] ProbeContested { get; private set; } = [];

    /// <summary>Per probe, a scenario where it holds and one where it does not (choices per open premise), if any.</summary>
    public int[]?[] HoldsIn { get; private set; } = [];

    public int[]?[] FailsIn { get; private set; } = [];

    /// <summary>Per probe, a scenario where it is contested, if any.</summary>
    public int[]?[] ContestedIn { get; private set; } = [];

    /// <summary>Scenarios left out as impossible: a constraint in force holds in them (<see cref="ScenarioSpace.Constraints"/>).</summary>
    public long Excluded { get; private set; }

    /// <summary>Per constraint in force, the scenarios in which it holds, and the first of them.</summary>
    public long[] Violations { get; private set; } = [];

    public int[]?[] FirstViolation { get; private set; } = [];

    /// <summary>Per atom derived both ways (or with two values) in some scenario: the first such scenario, evaluated.</summary>
    public Dictionary<int, (Evaluation Evaluation, string Scenario)> Conflicts { get; } = [];

    /// <summary>Explores the scenarios; a probe with a guard (an earlier probe's index, else -1) is counted only where its guard holds cleanly.</summary>
    public static ScenarioExploration Explore(GroundProgram program, PremiseSet premises, IReadOnlyList<GroundCondition> probes, CancellationToken cancellation, IReadOnlyList<int>? guards = null)
    {
        var plan = SweepPlan.Compile(program, premises, probes, guards);
        var exploration = new ScenarioExploration(plan.Space);
        if (plan.IsExhaustible)
        {
            exploration.Sweep(plan, cancellation);
        }
        else if (plan.Unsupported is null)
        {
            exploration.NotExplored = $"the {plan.Space.Open.Count} open premises make 2^{plan.Bits} scenario codes, past the 2^{SweepPlan.MaxExhaustiveBits} an exhaustive sweep covers; " +
                "fix some premises or split the argument, or estimate with 'policydsl scenarios FILE --sample N'";
        }
        else if (plan.Space.Count > ScalarLimit)
        {
            exploration.NotExplored = $"{plan.Unsupported}, and its {plan.Space.Open.Count} open premises make more than {ScalarLimit:N0} scenarios to evaluate one by one; fix some premises or split the argument";
        }
        else
        {
            exploration.Enumerate(probes, plan.ProbeGuards, cancellation);
        }

        return exploration;
    }

    private void Sweep(SweepPlan plan, CancellationToken cancellation)
    {
        var sweep = ScenarioSweep.Run(plan, new SweepOptions { Cancellation = cancellation });
        Scenarios = sweep.Scenarios;
        ProbeHolds = [.. sweep.ProbeHolds];
        ProbeContested = [.. sweep.ProbeContested];
        HoldsIn = [.. sweep.FirstHolds];
        FailsIn = [.. sweep.FirstNotHolds];
        ContestedIn = [.. sweep.FirstContested];
        Excluded = sweep.Excluded;
        Violations = [.. sweep.Violations];
        FirstViolation = [.. sweep.FirstViolation];
        if (sweep.ConflictCount == 0)
        {
            return;
        }

        // The sweep says which scenarios conflict; a few are evaluated in full for both chains of reasoning.
        var wanted = Enumerable.Range(0, Space.Program.Atoms.Count).Where(a => sweep.Conflicting[a] > 0).ToHashSet();
        foreach (var code in sweep.ConflictScenarios().Take(WitnessEvaluations))
        {
            if (wanted.Count == 0)
            {
                break;
            }

            var choices = sweep.Decode(code)!;
            var evaluation = FixpointEngine.Evaluate(Space.Program, Space.PremisesOf(choices), cancellation);
            foreach (var conflict in evaluation.Conflicts().Where(c => wanted.Remove(c.Atom.Id)))
            {
                Conflicts[conflict.Atom.Id] = (evaluation, Space.Describe(choices));
            }
        }
    }

    private void Enumerate(IReadOnlyList<GroundCondition> probes, int[] guards, CancellationToken cancellation)
    {
        var held = new bool[probes.Count];
        ProbeHolds = new long[probes.Count];
        ProbeContested = new long[probes.Count];
        HoldsIn = new int[]?[probes.Count];
        FailsIn = new int[]?[probes.Count];
        ContestedIn = new int[]?[probes.Count];
        Violations = new long[Space.Constraints.Count];
        FirstViolation = new int[]?[Space.Constraints.Count];
        foreach (var (choices, evaluation, violated) in Space.EnumerateAll(cancellation))
        {
            if (violated >= 0)
            {
                Excluded++;
                for (var c = 0; c < Space.Constraints.Count; c++)
                {
                    if (evaluation.Violates(Space.Constraints[c].Condition))
                    {
                        Violations[c]++;
                        FirstViolation[c] ??= choices;
                    }
                }

                continue;
            }

            Scenarios++;
            for (var p = 0; p < probes.Count; p++)
            {
                held[p] = false;
                if (guards[p] >= 0 && !held[guards[p]])
                {
                    continue;
                }

                if (evaluation.IsContested(probes[p]))
                {
                    ProbeContested[p]++;
                    ContestedIn[p] ??= choices;
                }

                if (evaluation.HoldsCleanly(probes[p]))
                {
                    held[p] = true;
                    ProbeHolds[p]++;
                    HoldsIn[p] ??= choices;
                }
                else
                {
                    FailsIn[p] ??= choices;
                }
            }

            foreach (var conflict in evaluation.Conflicts().Where(c => !Conflicts.ContainsKey(c.Atom.Id)))
            {
                Conflicts[conflict.Atom.Id] = (evaluation, Space.Describe(choices));
            }
        }
    }
}
