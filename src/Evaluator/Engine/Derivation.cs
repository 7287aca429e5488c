using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Evaluator.Grounding;

namespace PolicyDsl.Evaluator.Engine;

/// <summary>Which fact about an atom: that it holds, that it fails, or that it has a value.</summary>
public readonly record struct Plane(int Atom, PlaneKind Kind, Value Value = default)
{
    public static Plane True(int atom) => new(atom, PlaneKind.True);

    public static Plane False(int atom) => new(atom, PlaneKind.False);

    public static Plane Valued(int atom, Value value) => new(atom, PlaneKind.Value, value);
}

public enum PlaneKind
{
    True,
    False,
    Value,
}

/// <summary>Why an atom holds, fails or has a value: the first reason found during evaluation.</summary>
public abstract record Derivation;

/// <summary>Stated as a premise (<c>fact</c>), in the base argument or in a named scenario.</summary>
public sealed record PremiseDerivation(FactSymbol Fact) : Derivation;

/// <summary>An open premise fixed by the scenario being evaluated.</summary>
public sealed record AssumptionDerivation(AssumeSymbol Assume, string Scenario) : Derivation;

/// <summary>Concluded by a rule instance whose condition held on <see cref="Supports"/>.</summary>
public sealed record RuleDerivation(GroundRule Rule, IReadOnlyList<Plane> Supports) : Derivation;
