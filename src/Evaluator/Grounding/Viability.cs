using PolicyDsl.Dsl.Semantics;

namespace PolicyDsl.Evaluator.Grounding;

/// <summary>
/// Which rule instances could ever fire. An atom can hold, fail or have a value only if a premise or an open premise
/// (in the base argument or any scenario) says so, or a rule instance that could fire concludes it. Instances that
/// can never fire (no_deal(US, US) when nothing states offer(US, US)) are left out of evaluation and reports.
/// One pass over the strata in dependency order, iterating within a group, keeps this linear.
/// </summary>
internal static class Viability
{
    public static bool[] Compute(Model model, GroundParts program, IReadOnlyList<int[]> strata, bool[] readsItself, IReadOnlyList<FactSymbol> stated)
    {
        var n = program.Atoms.Count;
        var canHold = new bool[n];
        var canFail = new bool[n];
        var canValue = new bool[n];
        foreach (var fact in model.Facts.Concat(model.Scenarios.SelectMany(s => s.Facts)).Concat(stated))
        {
            if (program.FindAtom(fact.Atom) is not { } atom)
            {
                continue;
            }

            if (fact.Value is not null)
            {
                canValue[atom] = true;
            }
            else if (fact.Negated)
            {
                canFail[atom] = true;
            }
            else
            {
                canHold[atom] = true;
            }
        }

        foreach (var assume in model.Assumes.Concat(model.Scenarios.SelectMany(s => s.Assumes)))
        {
            if (program.FindAtom(assume.Atom) is { } atom)
            {
                canHold[atom] = canFail[atom] = canValue[atom] = true;
            }
        }

        var viable = new bool[program.Rules.Count];
        var byHead = new List<int>?[n];
        foreach (var rule in program.Rules)
        {
            (byHead[rule.Head] ??= []).Add(rule.Id);
        }

        foreach (var group in strata)
        {
            bool changed;
            do
            {
                changed = false;
                foreach (var atom in group)
                {
                    foreach (var id in byHead[atom] ?? [])
                    {
                        var rule = program.Rules[id];
                        if (viable[id] || !CanHold(rule.Condition) || (rule.Value is not null && !CanValue(rule.Value)))
                        {
                            continue;
                        }

                        viable[id] = true;
                        changed = true;
                        if (rule.Value is not null)
                        {
                            canValue[rule.Head] = true;
                        }
                        else if (rule.Negated)
                        {
                            canFail[rule.Head] = true;
                        }
                        else
                        {
                            canHold[rule.Head] = true;
                        }
                    }
                }
            }
            // A one-atom group is iterated too when a rule concluding it reads it (rule r: if c then not c, found before
            // the rule that makes c hold), as the engine iterates it.
            while (changed && (group.Length > 1 || readsItself[group[0]]));
        }

        return viable;

        bool CanHold(GroundCondition condition) => condition switch
        {
            GroundTruth t => t.Atom >= 0 && canHold[t.Atom],
            GroundNot x => CanFail(x.Operand),
            GroundAnd a => CanHold(a.Left) && CanHold(a.Right),
            GroundOr o => CanHold(o.Left) || CanHold(o.Right),
            GroundCompare c => CanValue(c.Left) && CanValue(c.Right),
            _ => false,
        };

        bool CanFail(GroundCondition condition) => condition switch
        {
            GroundTruth t => t.Atom >= 0 && canFail[t.Atom],
            GroundNot x => CanHold(x.Operand),
            GroundAnd a => CanFail(a.Left) || CanFail(a.Right),
            GroundOr o => CanFail(o.Left) && CanFail(o.Right),
            GroundCompare c => CanValue(c.Left) && CanValue(c.Right),
            _ => false,
        };

        bool CanValue(GroundValue value) => value switch
        {
            GroundAtomValue a => a.Atom >= 0 && canValue[a.Atom],
            GroundLiteral => true,
            GroundArithmetic ar => CanValue(ar.Left) && CanValue(ar.Right),
            GroundNegate ng => CanValue(ng.Operand),
            _ => false,
        };
    }
}
