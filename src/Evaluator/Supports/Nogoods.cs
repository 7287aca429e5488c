using PolicyDsl.Dsl.Semantics;

namespace PolicyDsl.Evaluator.Supports;

/// <summary>
/// The premises an evaluation's violated constraints say cannot all hold: for each <c>never</c> whose condition holds
/// there (acknowledged or not), the premises of its nogoods (the minimal sets that together violate it). A conclusion
/// every support of which uses one of them rests on premises the argument itself says are inconsistent (issue 25):
/// reports say so beside it, with the constraint's name.
/// </summary>
public sealed class Nogoods
{
    private readonly IReadOnlyList<(ConstraintSymbol Constraint, HashSet<int> Premises)> violated;

    private Nogoods(IReadOnlyList<(ConstraintSymbol, HashSet<int>)> violated) => this.violated = violated;

    /// <summary>No constraint is violated: nothing rests on inconsistent premises.</summary>
    public static readonly Nogoods None = new([]);

    /// <summary>Whether some constraint is violated in the evaluation.</summary>
    public bool Any => violated.Count > 0;

    public static Nogoods Of(SupportAnalysis supports)
    {
        var evaluation = supports.Evaluation;
        var program = evaluation.Program;
        var found = new List<(ConstraintSymbol, HashSet<int>)>();
        foreach (var constraint in program.Model.Constraints)
        {
            var condition = program.Compile(constraint.Condition, []);
            if (supports.NotComputed is null && evaluation.Violates(condition))
            {
                found.Add((constraint, [.. supports.OfCondition(condition).Supports.SelectMany(s => s.Premises).Select(p => p.Index)]));
            }
        }

        return found.Count == 0 ? None : new Nogoods(found);
    }

    /// <summary>The violated constraints (by name) whose nogoods' premises every support of the plane uses; empty when some support avoids them all.</summary>
    public IReadOnlyList<string> RestedOnBy(PlaneSupports found) =>
        found.Supports.Count == 0 ? [] : [.. violated.Where(v => found.Supports.All(s => s.Premises.Any(p => v.Premises.Contains(p.Index)))).Select(v => v.Constraint.Name)];

    /// <summary>The words reports put beside such a conclusion.</summary>
    public static string Describe(IReadOnlyList<string> constraints) =>
        $"rests on premises the argument says cannot all hold ({string.Join(", ", constraints)})";
}
