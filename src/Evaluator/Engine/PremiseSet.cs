using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Evaluator.Grounding;

namespace PolicyDsl.Evaluator.Engine;

/// <summary>
/// The premises one evaluation starts from: stated facts, and for open premises either nothing (unknown) or the
/// value the scenario gives them. The base argument, a named scenario and each swept scenario are premise sets
/// over the same ground program.
/// </summary>
public sealed class PremiseSet
{
    private PremiseSet(string name, Dictionary<int, FactSymbol> facts, Dictionary<int, AssumeSymbol> open, Dictionary<int, (AssumeSymbol Assume, Value? Value, bool Holds)> assigned)
    {
        Name = name;
        Facts = facts;
        Open = open;
        Assigned = assigned;
    }

    /// <summary>"base", a named scenario, or a swept scenario's assignment.</summary>
    public string Name { get; }

    public IReadOnlyDictionary<int, FactSymbol> Facts { get; }

    /// <summary>Open premises left unknown in this evaluation.</summary>
    public IReadOnlyDictionary<int, AssumeSymbol> Open { get; }

    /// <summary>Open premises fixed by a scenario assignment: a value for listed values, else true or false.</summary>
    public IReadOnlyDictionary<int, (AssumeSymbol Assume, Value? Value, bool Holds)> Assigned { get; }

    public static PremiseSet Base(GroundProgram program) =>
        new("base", FactsOf(program, program.Model.Facts), OpenOf(program, program.Model.Assumes), []);

    /// <summary>The base premises with the scenario's own facts and open premises replacing those on the same atoms.</summary>
    public static PremiseSet ForScenario(GroundProgram program, ScenarioSymbol scenario)
    {
        var facts = FactsOf(program, program.Model.Facts);
        var open = OpenOf(program, program.Model.Assumes);
        foreach (var (atom, fact) in FactsOf(program, scenario.Facts))
        {
            open.Remove(atom);
            facts[atom] = fact;
        }

        foreach (var (atom, assume) in OpenOf(program, scenario.Assumes))
        {
            facts.Remove(atom);
            open[atom] = assume;
        }

        return new PremiseSet(scenario.Name, facts, open, []);
    }

    /// <summary>These premises with some open premises fixed (one scenario of a sweep, or a what-if).</summary>
    public PremiseSet With(string name, IEnumerable<(int Atom, Value? Value, bool Holds)> assignment)
    {
        var open = new Dictionary<int, AssumeSymbol>(Open);
        var assigned = new Dictionary<int, (AssumeSymbol, Value?, bool)>(Assigned);
        foreach (var (atom, value, holds) in assignment)
        {
            if (open.Remove(atom, out var assume))
            {
                assigned[atom] = (assume, value, holds);
            }
        }

        return new PremiseSet(name, new Dictionary<int, FactSymbol>(Facts), open, assigned);
    }

    /// <summary>
    /// These premises with some atoms stated outright (a what-if): each replaces whatever premise, stated or open, the
    /// set had on its atom. Nothing is re-bound or re-grounded: the program stays the same.
    /// </summary>
    public PremiseSet WithFacts(string name, IEnumerable<(int Atom, FactSymbol Fact)> stated)
    {
        var facts = new Dictionary<int, FactSymbol>(Facts);
        var open = new Dictionary<int, AssumeSymbol>(Open);
        var assigned = new Dictionary<int, (AssumeSymbol, Value?, bool)>(Assigned);
        foreach (var (atom, fact) in stated)
        {
            open.Remove(atom);
            assigned.Remove(atom);
            facts[atom] = fact;
        }

        return new PremiseSet(name, facts, open, assigned);
    }

    /// <summary>
    /// These premises with only those on atoms <paramref name="keep"/> accepts: the others are withdrawn, neither
    /// true nor false, as if never stated (a withdrawn open premise is not swept either).
    /// </summary>
    public PremiseSet Keeping(string name, Func<int, bool> keep) => new(name,
        Facts.Where(p => keep(p.Key)).ToDictionary(p => p.Key, p => p.Value),
        Open.Where(p => keep(p.Key)).ToDictionary(p => p.Key, p => p.Value),
        Assigned.Where(p => keep(p.Key)).ToDictionary(p => p.Key, p => p.Value));

    private static Dictionary<int, FactSymbol> FactsOf(GroundProgram program, IEnumerable<FactSymbol> facts) => ByAtom(program, facts, f => f.Atom);

    private static Dictionary<int, AssumeSymbol> OpenOf(GroundProgram program, IEnumerable<AssumeSymbol> assumes) => ByAtom(program, assumes, a => a.Atom);

    /// <summary>Premises by atom number; the first statement about an atom wins (contradictions are reported by the binder).</summary>
    private static Dictionary<int, T> ByAtom<T>(GroundProgram program, IEnumerable<T> premises, Func<T, BoundAtom> atomOf)
    {
        var result = new Dictionary<int, T>();
        foreach (var premise in premises)
        {
            if (program.FindAtom(atomOf(premise)) is { } atom)
            {
                result.TryAdd(atom, premise);
            }
        }

        return result;
    }
}
