using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Evaluator.Engine;
using PolicyDsl.Evaluator.Grounding;

namespace PolicyDsl.Evaluator.Scenarios;

/// <summary>One open premise and the values a scenario may give it.</summary>
public sealed record OpenPremise(int Atom, AssumeSymbol Assume, IReadOnlyList<(Value? Value, bool Holds, decimal Probability)> Choices, string Display)
{
    public string Describe(int choice) => Choices[choice].Value is { } v ? $"{Display} = {v}" : Choices[choice].Holds ? Display : $"not {Display}";
}

/// <summary>
/// All combinations of the values of the open premises of a premise set, the premises in atom order, each scenario
/// one choice per premise (written as a code by <see cref="Encoding"/>). Probabilities multiply (premises are independent).
/// </summary>
public sealed class ScenarioSpace
{
    public ScenarioSpace(GroundProgram program, PremiseSet premises)
    {
        Program = program;
        Premises = premises;
        Open = [.. premises.Open.OrderBy(p => p.Key).Select(p => Describe(program, p.Key, p.Value))];
        long count = 1;
        foreach (var premise in Open)
        {
            count = count > long.MaxValue / premise.Choices.Count ? long.MaxValue : count * premise.Choices.Count;
        }

        Count = count;
    }

    public GroundProgram Program { get; }

    public PremiseSet Premises { get; }

    public IReadOnlyList<OpenPremise> Open { get; }

    /// <summary>The number of scenarios (long.MaxValue when there are more).</summary>
    public long Count { get; }

    /// <summary>Whether some open premise carries a probability: figures are then weighted, not shares of scenarios.</summary>
    public bool HasProbabilities => Open.Any(p => p.Assume.Probability is not null || p.Assume.Options.Any(o => o.Probability is not null));

    /// <summary>How each scenario is written as a code, for the sweep and for the one-at-a-time enumeration alike.</summary>
    public ScenarioEncoding Encoding => encoding ??= new ScenarioEncoding(Open);

    private ScenarioEncoding? encoding;

    private IReadOnlyList<(ConstraintSymbol Constraint, GroundCondition Condition)>? constraints;

    /// <summary>
    /// The constraints that decide which scenarios are possible: every <c>never</c> that the premises as stated do not
    /// already violate. One they violate is a contradiction between the texts, reported by check; it would hold in
    /// every scenario, and excluding them all would leave nothing to explore.
    /// </summary>
    public IReadOnlyList<(ConstraintSymbol Constraint, GroundCondition Condition)> Constraints => constraints ??= ConstraintsInForce();

    private IReadOnlyList<(ConstraintSymbol, GroundCondition)> ConstraintsInForce()
    {
        if (Program.Model.Constraints.Count == 0 || Open.Count == 0)
        {
            return [];
        }

        var stated = FixpointEngine.Evaluate(Program, Premises);
        return [.. Program.Model.Constraints
            .Select(c => (c, Program.Compile(c.Condition, [])))
            .Where(c => stated.TruthOf(c.Item2) != Truth.True)];
    }

    /// <summary>The first constraint in force that holds in an evaluation of one of these scenarios (it is then impossible), or -1.</summary>
    public int ViolatedIn(Evaluation evaluation)
    {
        for (var c = 0; c < Constraints.Count; c++)
        {
            if (evaluation.Violates(Constraints[c].Condition))
            {
                return c;
            }
        }

        return -1;
    }


    private static OpenPremise Describe(GroundProgram program, int atom, AssumeSymbol assume)
    {
        List<(Value?, bool, decimal)> choices;
        if (assume.IsBoolean)
        {
            var p = assume.Probability ?? 0.5m;
            choices = [(null, true, p), (null, false, 1 - p)];
        }
        else
        {
            var uniform = 1m / assume.Options.Length;
            choices = [.. assume.Options.Select(o => ((Value?)o.Value, true, o.Probability ?? uniform))];
        }

        return new OpenPremise(atom, assume, choices, program.Atoms[atom].Display);
    }

    public decimal Probability(int[] choices)
    {
        var p = 1m;
        for (var i = 0; i < choices.Length; i++)
        {
            p *= Open[i].Choices[choices[i]].Probability;
        }

        return p;
    }

    public string Describe(int[] choices) =>
        choices.Length == 0 ? "the base argument" : string.Join(", ", choices.Select((c, i) => Open[i].Describe(c)));

    public PremiseSet PremisesOf(int[] choices) => Premises.With(
        Describe(choices),
        choices.Select((c, i) => (Open[i].Atom, Open[i].Choices[c].Value, Open[i].Choices[c].Holds)));

    /// <summary>Evaluates every possible scenario in code order, one at a time. Callers bound <see cref="Count"/> first.</summary>
    public IEnumerable<(int[] Choices, Evaluation Evaluation)> Enumerate(CancellationToken cancellation = default) =>
        EnumerateAll(cancellation).Where(s => s.Violated < 0).Select(s => (s.Choices, s.Evaluation));

    /// <summary>Evaluates every scenario in code order, with the constraint that makes it impossible (-1 for a possible one).</summary>
    public IEnumerable<(int[] Choices, Evaluation Evaluation, int Violated)> EnumerateAll(CancellationToken cancellation = default)
    {
        var codes = 1L << Encoding.Bits;
        for (long code = 0; code < codes; code++)
        {
            cancellation.ThrowIfCancellationRequested();
            if (Encoding.Decode(code) is { } choices)
            {
                var evaluation = FixpointEngine.Evaluate(Program, PremisesOf(choices), cancellation);
                yield return (choices, evaluation, ViolatedIn(evaluation));
            }
        }
    }
}
