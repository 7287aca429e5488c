namespace PolicyDsl.Evaluator.Scenarios;

/// <summary>
/// One value of a valued atom across the scenarios: the scenarios where it is the atom's value with no disputed step
/// (<see cref="TrueIn"/>), where the atom has it but is in conflict, and where it has it only through a conflict;
/// with the probability (or share) of each.
/// </summary>
public readonly record struct ValueTally(
    Dsl.Semantics.Value Value,
    long TrueIn,
    long ConflictIn,
    long ContestedIn,
    double TrueProbability,
    double ConflictProbability,
    double ContestedProbability)
{
    /// <summary>Every scenario in which the atom has this value, whatever its state.</summary>
    public long Scenarios => TrueIn + ConflictIn + ContestedIn;
}
