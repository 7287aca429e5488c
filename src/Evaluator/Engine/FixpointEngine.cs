using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Evaluator.Grounding;

namespace PolicyDsl.Evaluator.Engine;

/// <summary>
/// Evaluates a ground program from a premise set: premises first, then each group of atoms in dependency order,
/// iterating a group until nothing changes (positive recursion). A rule instance concludes when its condition
/// holds, its <c>unless</c> exception is not established and no stronger rule on the same atom fires; the first
/// reason for every derived atom is kept as its proof. Nothing is false because it is missing.
/// </summary>
public static class FixpointEngine
{
    public static Evaluation Evaluate(GroundProgram program, PremiseSet premises, CancellationToken cancellation = default) =>
        Evaluate(program, premises, null, null, cancellation);

    /// <summary>
    /// The clean part of an evaluation: what still follows when the atoms in conflict contribute nothing. A rule
    /// instance concludes here when its condition holds on clean planes and it fired in <paramref name="actual"/>
    /// (its exception and overrides are decided there, so nothing is clean that the evaluation does not derive).
    /// </summary>
    internal static Evaluation EvaluateClean(Evaluation actual, bool[] blocked, CancellationToken cancellation = default) =>
        Evaluate(actual.Program, actual.Premises, actual, blocked, cancellation);

    private static Evaluation Evaluate(GroundProgram program, PremiseSet premises, Evaluation? actual, bool[]? blocked, CancellationToken cancellation)
    {
        var n = program.Atoms.Count;
        var holds = new bool[n];
        var fails = new bool[n];
        var values = new List<Value>?[n];
        var holdsBy = new Derivation?[n];
        var failsBy = new Derivation?[n];
        var valueBy = new Dictionary<(int, Value), Derivation>();
        var state = new Evaluation(program, premises, holds, fails, values, holdsBy, failsBy, valueBy, actual);

        foreach (var (atom, fact) in premises.Facts)
        {
            if (blocked?[atom] == true)
            {
                continue;
            }

            var by = new PremiseDerivation(fact);
            if (fact.Value is { } value)
            {
                AddValue(atom, value, by);
            }
            else if (fact.Negated)
            {
                fails[atom] = true;
                failsBy[atom] = by;
            }
            else
            {
                holds[atom] = true;
                holdsBy[atom] = by;
            }
        }

        foreach (var (atom, (assume, value, truth)) in premises.Assigned)
        {
            if (blocked?[atom] == true)
            {
                continue;
            }

            var by = new AssumptionDerivation(assume, premises.Name);
            if (value is { } v)
            {
                AddValue(atom, v, by);
            }
            else if (truth)
            {
                holds[atom] = true;
                holdsBy[atom] = by;
            }
            else
            {
                fails[atom] = true;
                failsBy[atom] = by;
            }
        }

        var groups = 0;
        foreach (var (rulesOfGroup, iterate) in program.EvaluationGroups)
        {
            if ((++groups & 0xFFF) == 0)
            {
                cancellation.ThrowIfCancellationRequested();
            }

            bool changed;
            do
            {
                changed = false;
                foreach (var rule in rulesOfGroup)
                {
                    changed |= Apply(rule);
                }
            }
            while (changed && iterate);
        }

        return state;

        bool AddValue(int atom, Value value, Derivation by)
        {
            var list = values[atom] ??= [];
            if (list.Contains(value))
            {
                return false;
            }

            list.Add(value);
            valueBy[(atom, value)] = by;
            return true;
        }

        bool Apply(GroundRule rule)
        {
            if (blocked?[rule.Head] == true || !Fires(rule))
            {
                return false;
            }

            if (rule.Value is { } valueExpression)
            {
                var changed = false;
                foreach (var value in ConditionEvaluator.Values(valueExpression, state))
                {
                    if (!(values[rule.Head]?.Contains(value) ?? false))
                    {
                        changed |= AddValue(rule.Head, value, new RuleDerivation(rule, Proofs.Supports(rule, state)));
                    }
                }

                return changed;
            }

            if (rule.Negated)
            {
                if (fails[rule.Head])
                {
                    return false;
                }

                fails[rule.Head] = true;
                failsBy[rule.Head] = new RuleDerivation(rule, Proofs.Supports(rule, state));
                return true;
            }

            if (holds[rule.Head])
            {
                return false;
            }

            holds[rule.Head] = true;
            holdsBy[rule.Head] = new RuleDerivation(rule, Proofs.Supports(rule, state));
            return true;
        }

        bool Fires(GroundRule rule)
        {
            if (!ConditionEvaluator.Evaluate(rule.Condition, state).Holds)
            {
                return false;
            }

            if (actual is not null)
            {
                return actual.OutcomeOf(rule) == RuleOutcome.Fired;
            }

            if (rule.Unless is not null && ConditionEvaluator.Evaluate(rule.Unless, state).Holds)
            {
                return false;
            }

            foreach (var stronger in rule.OverriddenBy)
            {
                if (Fires(program.Rules[stronger]))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
