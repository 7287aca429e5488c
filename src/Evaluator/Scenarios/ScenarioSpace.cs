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
/// All combinations of the values of the open premises of a premise set: scenario i decodes, in mixed radix over
/// the premises in atom order, to one choice per premise. Probabilities multiply (premises are independent).
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

    public int[] Choices(long scenario)
    {
        var choices = new int[Open.Count];
        for (var i = Open.Count - 1; i >= 0; i--)
        {
            var radix = Open[i].Choices.Count;
            choices[i] = (int)(scenario % radix);
            scenario /= radix;
        }

        return choices;
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

    /// <summary>Evaluates every scenario in order, one at a time. Callers bound <see cref="Count"/> first.</summary>
    public IEnumerable<(int[] Choices, Evaluation Evaluation)> Enumerate(CancellationToken cancellation = default)
    {
        for (long s = 0; s < Count; s++)
        {
            cancellation.ThrowIfCancellationRequested();
            var choices = Choices(s);
            yield return (choices, FixpointEngine.Evaluate(Program, PremisesOf(choices), cancellation));
        }
    }
}
