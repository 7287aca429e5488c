using PolicyDsl.Dsl.Semantics;

namespace PolicyDsl.Evaluator.Grounding;

/// <summary>
/// The atoms rules mention, as written (with their variables): what a rule reads or concludes, whatever grounding
/// made of it. Grounding leaves out instances that cannot fire, so "does any rule read this premise" and "does the
/// argument mention this atom" are asked of the rules themselves.
/// </summary>
internal static class RulePatterns
{
    /// <summary>
    /// Every atom a rule with variables reads (condition, exception, value), by relation: a rule without variables
    /// always has its one instance, so what it reads is in the ground program already.
    /// </summary>
    public static Dictionary<RelationSymbol, List<BoundAtom>> ReadByRulesWithVariables(Model model)
    {
        var read = new Dictionary<RelationSymbol, List<BoundAtom>>();
        var atoms = new List<BoundAtom>();
        foreach (var rule in model.Rules.Where(r => !r.Variables.IsEmpty))
        {
            atoms.Clear();
            AtomsOf(rule, atoms);
            foreach (var atom in atoms)
            {
                if (!read.TryGetValue(atom.Relation, out var list))
                {
                    read[atom.Relation] = list = [];
                }

                list.Add(atom);
            }
        }

        return read;
    }

    /// <summary>The atoms a rule reads: its condition's, its exception's and its value's.</summary>
    public static void AtomsOf(RuleSymbol rule, List<BoundAtom> into)
    {
        Collect(rule.Condition, into);
        if (rule.Unless is { } unless)
        {
            Collect(unless, into);
        }

        if (rule.Conclusion?.Value is { } value)
        {
            Collect(value, into);
        }
    }

    public static bool Mentions(Model model, BoundAtom ground)
    {
        var atoms = new List<BoundAtom>();
        foreach (var rule in model.Rules)
        {
            atoms.Clear();
            AtomsOf(rule, atoms);
            if ((rule.Conclusion is { } c && Fits(c.Atom, ground)) || atoms.Exists(a => Fits(a, ground)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a ground atom is an instance of a rule's atom: same relation, constants equal, each variable's type holding its value.</summary>
    public static bool Fits(BoundAtom pattern, BoundAtom ground)
    {
        if (!ReferenceEquals(pattern.Relation, ground.Relation) || pattern.Arguments.Length != ground.Arguments.Length)
        {
            return false;
        }

        for (var i = 0; i < pattern.Arguments.Length; i++)
        {
            if (ground.Arguments[i] is not ConstantTerm { Value: var value })
            {
                return false;
            }

            var fits = pattern.Arguments[i] switch
            {
                ConstantTerm c => c.Value == value,
                VariableTerm v => v.Variable.Type.Members.Any(m => m.Value == value),
                _ => false,
            };
            if (!fits)
            {
                return false;
            }
        }

        return true;
    }

    public static List<BoundAtom> Atoms(BoundExpression expression)
    {
        var atoms = new List<BoundAtom>();
        Collect(expression, atoms);
        return atoms;
    }

    /// <summary>The atoms of an expression, left to right; iterative, as a condition may be thousands of 'and's long.</summary>
    private static void Collect(BoundExpression expression, List<BoundAtom> into)
    {
        var pending = new Stack<BoundExpression>();
        pending.Push(expression);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case BoundTruth t:
                    into.Add(t.Atom);
                    break;
                case BoundAtomValue a:
                    into.Add(a.Atom);
                    break;
                case BoundNot n:
                    pending.Push(n.Operand);
                    break;
                case BoundNegate n:
                    pending.Push(n.Operand);
                    break;
                case BoundBinary b:
                    pending.Push(b.Right);
                    pending.Push(b.Left);
                    break;
            }
        }
    }
}
