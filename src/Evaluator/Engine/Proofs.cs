using PolicyDsl.Evaluator.Grounding;

namespace PolicyDsl.Evaluator.Engine;

/// <summary>Which atoms made a condition hold (or fail): the premises of one proof step.</summary>
internal static class Proofs
{
    public static IReadOnlyList<Plane> Supports(GroundRule rule, Evaluation state)
    {
        var supports = new List<Plane>();
        Collect(rule.Condition, wantHolds: true, state, supports);
        if (rule.Value is not null)
        {
            CollectValues(rule.Value, state, supports);
        }

        return supports;
    }

    public static void Collect(GroundCondition condition, bool wantHolds, Evaluation state, List<Plane> supports)
    {
        switch (condition)
        {
            case GroundTruth t when t.Atom >= 0:
                supports.Add(wantHolds ? Plane.True(t.Atom) : Plane.False(t.Atom));
                break;
            case GroundNot n:
                Collect(n.Operand, !wantHolds, state, supports);
                break;
            case GroundAnd a when wantHolds:
                Collect(a.Left, true, state, supports);
                Collect(a.Right, true, state, supports);
                break;
            case GroundAnd a:
                Collect(state.Evaluate(a.Left).Fails ? a.Left : a.Right, false, state, supports);
                break;
            case GroundOr o when wantHolds:
                Collect(state.Evaluate(o.Left).Holds ? o.Left : o.Right, true, state, supports);
                break;
            case GroundOr o:
                Collect(o.Left, false, state, supports);
                Collect(o.Right, false, state, supports);
                break;
            case GroundCompare c:
                CollectValues(c.Left, state, supports);
                CollectValues(c.Right, state, supports);
                break;
        }
    }

    private static void CollectValues(GroundValue value, Evaluation state, List<Plane> supports)
    {
        foreach (var atom in Stratifier.Atoms(value))
        {
            foreach (var v in state.ValuesOf(atom))
            {
                var plane = Plane.Valued(atom, v);
                if (!supports.Contains(plane))
                {
                    supports.Add(plane);
                }
            }
        }
    }
}
