using PolicyDsl.Dsl.Graphs;

namespace PolicyDsl.Evaluator.Grounding;

/// <summary>
/// Orders ground atoms so that every atom is computed after the atoms its rules read (conditions, values, 'unless'
/// and the conditions of stronger rules). Atoms that depend on each other positively form one group, iterated to
/// a fixpoint. Iterative Tarjan: 100,000-rule chains must not exhaust the stack.
/// </summary>
internal static class Stratifier
{
    /// <summary>The evaluation order, and for each atom whether one of its own rules reads it (a one-atom cycle).</summary>
    public static IReadOnlyList<int[]> Order(GroundParts program, out bool[] readsItself)
    {
        var n = program.Atoms.Count;

        // Successors: atom -> heads of rules that read it.
        var successors = new List<int>?[n];
        readsItself = new bool[n];
        var read = new List<int>();
        foreach (var rule in program.Rules)
        {
            read.Clear();
            Reads(rule, program.Rules, read);
            foreach (var atom in read)
            {
                if (atom >= 0)
                {
                    (successors[atom] ??= []).Add(rule.Head);
                    readsItself[rule.Head] |= atom == rule.Head;
                }
            }
        }

        var component = StronglyConnectedComponents.Compute(successors);
        var count = n == 0 ? 0 : component.Max() + 1;
        var components = new List<int>[count];
        for (var atom = 0; atom < n; atom++)
        {
            (components[component[atom]] ??= []).Add(atom);
        }

        // Components are numbered after everything reachable from them, i.e. readers before what they read.
        return [.. components.Reverse().Select(c => c.ToArray())];
    }

    /// <summary>Adds to <paramref name="found"/> every atom a rule instance reads, the conditions of stronger rules included.</summary>
    public static void Reads(GroundRule rule, IReadOnlyList<GroundRule> rules, List<int> found)
    {
        AddAtoms(rule.Condition, found);
        if (rule.Unless is not null)
        {
            AddAtoms(rule.Unless, found);
        }

        if (rule.Value is not null)
        {
            AddAtoms(rule.Value, found);
        }

        foreach (var stronger in rule.OverriddenBy)
        {
            AddAtoms(rules[stronger].Condition, found);
            if (rules[stronger].Unless is { } unless)
            {
                AddAtoms(unless, found);
            }
        }
    }

    /// <summary>The atoms a condition, comparison or value reads, left to right.</summary>
    public static List<int> Atoms(object node)
    {
        var found = new List<int>();
        AddAtoms(node, found);
        return found;
    }

    /// <summary>The atoms a condition reads, left to right; walked with a stack, as conditions can be long.</summary>
    public static void AddAtoms(object node, List<int> found)
    {
        if (node is GroundTruth single)
        {
            found.Add(single.Atom);
            return;
        }

        var pending = new Stack<object>();
        pending.Push(node);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case GroundTruth t:
                    found.Add(t.Atom);
                    break;
                case GroundAtomValue v:
                    if (!found.Contains(v.Atom))
                    {
                        found.Add(v.Atom);
                    }

                    break;
                case var other:
                    GroundNodes.PushChildren(other, pending);
                    break;
            }
        }
    }
}
