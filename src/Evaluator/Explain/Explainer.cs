using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Dsl.Syntax;
using PolicyDsl.Evaluator.Engine;
using PolicyDsl.Evaluator.Grounding;

namespace PolicyDsl.Evaluator.Explain;

/// <summary>
/// Builds <c>why</c> and <c>why not</c> explanations from an evaluation's recorded derivations. Steps are marked as
/// disputed by <c>disputes</c> (the evaluation asked about; the same one unless a proof is drawn from a subset of its
/// premises): an atom in conflict there is marked and its other side shown beside it, once per tree; a step that
/// rests only on one is marked contested.
/// </summary>
public sealed class Explainer(Evaluation evaluation, Evaluation? disputes = null)
{
    private readonly Evaluation disputes = disputes ?? evaluation;

    /// <summary>
    /// Whether proofs show what was checked beside a rule that applied (exceptions, overrides). Readers of citations
    /// and judgments alone (the conclusion table) skip them: they are not what a conclusion rests on.
    /// </summary>
    public bool ShowChecks { get; init; } = true;

    /// <summary>
    /// With <see cref="ProvedElsewhere"/>: how many steps a tree shows before a step that has its own proof where the
    /// reader is (a report's conclusion) is shown as a reference to it. A report proves every conclusion, and a chain
    /// of n conclusions proved in full each time would take n² steps.
    /// </summary>
    public int StepBudget { get; init; } = int.MaxValue;

    /// <summary>The planes proved elsewhere for the reader (see <see cref="StepBudget"/>).</summary>
    public Func<Plane, bool>? ProvedElsewhere { get; init; }

    private int steps;
    private HashSet<int> otherSidesShown = [];

    /// <summary>How many levels of "because" a why-not follows before it stops (the full chain is one why-not away).</summary>
    public const int WhyNotDepth = InstanceFinder.WhyNotDepth;

    private GroundProgram Program => evaluation.Program;

    /// <summary>The proof of a plane (atom true, false or with a value), down to cited premises; null if it does not hold.</summary>
    public ProofNode? Why(Plane plane)
    {
        // Each tree shows the other side of a conflict once: a new tree starts with none shown, whatever an earlier
        // tree of this explainer showed (a table of conclusions asks one explainer for many).
        whyNotShown = [];
        otherSidesShown = [];
        steps = 0;
        return Why(plane, []);
    }

    /// <summary>The planes whose why-not the tree being built has shown: a repeat is "shown above", whichever branch it is in.</summary>
    private HashSet<Plane> whyNotShown = [];

    private ProofNode? Why(Plane plane, HashSet<Plane> shown)
    {
        var derivation = evaluation.DerivationOf(plane);
        if (derivation is null)
        {
            return null;
        }

        var claim = Describe(plane);
        var top = shown.Count == 0;
        if (!shown.Add(plane))
        {
            return About(new ProofNode(claim, "shown above", null, null, []) { Kind = ProofKind.ShownAbove }, plane);
        }

        if (!top && steps >= StepBudget && ProvedElsewhere?.Invoke(plane) == true)
        {
            return About(new ProofNode(claim, "a conclusion in its own right: see its row", null, null, []) { Kind = ProofKind.ProvedElsewhere }, plane);
        }

        steps++;

        var node = Step(plane, derivation, claim, shown);
        return node is null ? null : Disputed(node, plane);
    }

    /// <summary>The node marked as the evaluation asked about disputes it, with the other side of a conflict, once per tree.</summary>
    private ProofNode Disputed(ProofNode node, Plane plane)
    {
        if (disputes.IsConflicted(plane.Atom))
        {
            if (!otherSidesShown.Add(plane.Atom))
            {
                return node with { InConflict = true };
            }

            var other = new Explainer(disputes) { otherSidesShown = otherSidesShown, StepBudget = StepBudget, ProvedElsewhere = ProvedElsewhere, steps = steps };
            var sides = OtherSides(plane).Select(o => other.Why(o, [])).OfType<ProofNode>()
                .Select(p => new ProofNode($"but also {p.Claim}", "the argument derives the other side too: in conflict", null, null, [p]) { Kind = ProofKind.Opposite, AtomId = p.AtomId, Atom = p.Atom, Truth = p.Truth, Value = p.Value });
            return node with { InConflict = true, Children = [.. node.Children, .. sides] };
        }

        return disputes.DerivationOf(plane) is not null && disputes.IsContested(plane) ? node with { Contested = true } : node;
    }

    /// <summary>The other sides of a plane's atom in conflict: its opposite, or its other values.</summary>
    internal IEnumerable<Plane> OtherSides(Plane plane) => plane.Kind switch
    {
        PlaneKind.True => [Plane.False(plane.Atom)],
        PlaneKind.False => [Plane.True(plane.Atom)],
        _ => disputes.ValuesOf(plane.Atom).Where(v => v != plane.Value).Select(v => Plane.Valued(plane.Atom, v)),
    };

    /// <summary>
    /// The step of a plane's proof alone, without the steps it rests on (what <see cref="RestsOnIndex"/> reads of each
    /// plane); null where <see cref="Why(Plane)"/> gives null.
    /// </summary>
    internal ProofNode? Step(Plane plane)
    {
        if (evaluation.DerivationOf(plane) is not { } derivation)
        {
            return null;
        }

        return Step(plane, derivation, Describe(plane), shown: null);
    }

    // shown: the planes already in the tree being built; null for the step alone, without the steps it rests on.
    private ProofNode? Step(Plane plane, Derivation derivation, string claim, HashSet<Plane>? shown)
    {
        return derivation switch
        {
            PremiseDerivation { Fact.IsWhatIf: true } => About(new ProofNode(claim, "premise set by a what-if", null, null, []) { Kind = ProofKind.WhatIf }, plane),
            PremiseDerivation p => About(new ProofNode(claim, p.Fact.Scenario is null ? "premise" : $"premise of scenario \"{p.Fact.Scenario}\"", p.Fact.Location, p.Fact.Citation, [])
            { Kind = ProofKind.Premise, Scenario = p.Fact.Scenario, AlsoCited = [.. p.Fact.Citations.Skip(1)] }, plane),
            AssumptionDerivation a => About(new ProofNode(claim, $"open premise, fixed by scenario {a.Scenario}", a.Assume.Location, a.Assume.Citation, [])
            { Kind = ProofKind.Assumed, Scenario = a.Scenario, AlsoCited = [.. a.Assume.Citations.Skip(1)] }, plane),
            RuleDerivation r => About(Of(new ProofNode(claim, r.Rule.Describe(), r.Rule.Rule.Location, r.Rule.Rule.Citation, Beneath(r, shown))
            { Kind = ProofKind.Rule, AlsoCited = [.. r.Rule.Rule.Citations.Skip(1)] }, r.Rule), plane),
            _ => null,
        };
    }

    // The steps a rule's conclusion rests on. A plain loop, not a query: a chain of reasoning is explained one level
    // of recursion per step, and each frame saved is a longer chain the worker's stack can hold.
    private List<ProofNode> Beneath(RuleDerivation rule, HashSet<Plane>? shown)
    {
        var children = new List<ProofNode>();
        if (shown is null)
        {
            return children;
        }

        foreach (var support in rule.Supports)
        {
            if (Why(support, shown) is { } child)
            {
                children.Add(child);
            }
        }

        if (ShowChecks)
        {
            children.AddRange(Checked(rule.Rule));
        }

        return children;
    }

    /// <summary>
    /// The premises (and fixed open premises) a plane rests on, in the order its proof tree shows them, at most
    /// <paramref name="limit"/> of them: a one-line summary of a chain of reasoning without building the tree.
    /// </summary>
    public IReadOnlyList<string> Premises(Plane plane, int limit, out bool more, bool withCitations = false)
    {
        var found = new List<string>();
        var visited = new HashSet<Plane>();
        var pending = new Stack<Plane>([plane]);
        more = false;
        while (pending.Count > 0)
        {
            var next = pending.Pop();
            if (!visited.Add(next) || evaluation.DerivationOf(next) is not { } derivation)
            {
                continue;
            }

            if (derivation is RuleDerivation rule)
            {
                for (var i = rule.Supports.Count - 1; i >= 0; i--)
                {
                    pending.Push(rule.Supports[i]);
                }

                continue;
            }

            if (found.Count == limit)
            {
                more = true;
                break;
            }

            var citation = derivation switch
            {
                PremiseDerivation p => p.Fact.Citation,
                AssumptionDerivation a => a.Assume.Citation,
                _ => null,
            };
            found.Add(Describe(next) + (withCitations && citation is not null ? $" ({citation.Reference})" : string.Empty));
        }

        return found;
    }

    /// <summary>
    /// The atoms in conflict that the recorded proof of a condition (true or false) passes through, in the order the
    /// proof meets them: what a contested result rests on.
    /// </summary>
    public IReadOnlyList<GroundAtom> ConflictsUnder(GroundCondition condition)
    {
        var (holds, fails) = evaluation.Evaluate(condition);
        var start = new List<Plane>();
        if (holds)
        {
            Proofs.Collect(condition, wantHolds: true, evaluation, start);
        }

        if (fails)
        {
            Proofs.Collect(condition, wantHolds: false, evaluation, start);
        }

        var found = new List<GroundAtom>();
        var visited = new HashSet<Plane>();
        var pending = new Stack<Plane>(Enumerable.Reverse(start));
        while (pending.Count > 0)
        {
            var plane = pending.Pop();
            if (!visited.Add(plane))
            {
                continue;
            }

            if (evaluation.IsConflicted(plane.Atom))
            {
                if (!found.Contains(Program.Atoms[plane.Atom]))
                {
                    found.Add(Program.Atoms[plane.Atom]);
                }

                continue;
            }

            if (evaluation.DerivationOf(plane) is RuleDerivation rule)
            {
                for (var i = rule.Supports.Count - 1; i >= 0; i--)
                {
                    pending.Push(rule.Supports[i]);
                }
            }
        }

        return found;
    }

    /// <summary>Why a condition holds: the proofs of the atoms that make it hold.</summary>
    public ProofNode WhyCondition(GroundCondition condition, string text)
    {
        var (holds, fails) = evaluation.Evaluate(condition);
        var truth = TruthExtensions.FromPlanes(holds, fails);
        var children = new List<ProofNode>();
        var shown = new HashSet<Plane>();
        if (holds)
        {
            var supports = new List<Plane>();
            Proofs.Collect(condition, wantHolds: true, evaluation, supports);
            children.AddRange(supports.Select(s => Why(s, shown)).OfType<ProofNode>());
        }

        if (fails)
        {
            var supports = new List<Plane>();
            Proofs.Collect(condition, wantHolds: false, evaluation, supports);
            children.AddRange(supports.Select(s => Why(s, shown)).OfType<ProofNode>());
        }

        if (!holds && !fails)
        {
            children.AddRange(WhyNotCondition(condition, wantHolds: true, WhyNotDepth));
        }

        return new ProofNode($"{text} is {truth.Text()}", string.Empty, null, null, children) { Kind = ProofKind.Condition, Truth = truth.Text() };
    }

    /// <summary>
    /// Why a plane does not hold: its current state, then for each rule that could conclude it the part of the
    /// condition that failed or is unknown, the exception that applied, or the stronger rule that overrode it.
    /// </summary>
    public ProofNode WhyNot(Plane plane)
    {
        whyNotShown = [];
        otherSidesShown = [];
        return WhyNot(plane, WhyNotDepth, whyNotShown);
    }

    private ProofNode WhyNot(Plane plane, int depth, HashSet<Plane> visited)
    {
        var atom = Program.Atoms[plane.Atom];
        var state = StateOf(plane.Atom);
        var claim = plane.Kind switch
        {
            PlaneKind.True => $"{atom} is not true (it is {state})",
            PlaneKind.False => $"{atom} is not false (it is {state})",
            _ => $"{atom} is not {plane.Value} (it is {state})",
        };

        if (evaluation.DerivationOf(plane) is not null)
        {
            // Asked why not, of a plane that holds: said so, and, if it is disputed, marked as the why would mark it.
            return About(new ProofNode($"{Describe(plane)} holds", "see why", null, null, Why(plane, []) is { } proof ? [proof] : [])
            {
                Kind = ProofKind.Holds,
                InConflict = evaluation.IsConflicted(plane.Atom),
                Contested = evaluation.IsContested(plane),
            }, plane);
        }

        var children = new List<ProofNode>();
        if (!visited.Add(plane) || depth <= 0)
        {
            var above = visited.Contains(plane) && depth > 0;
            return About(new ProofNode(claim, above ? "shown above" : "ask why-not on it for more", null, null, []) { Kind = above ? ProofKind.ShownAbove : ProofKind.Truncated }, plane, state);
        }

        if (evaluation.Premises.Open.TryGetValue(plane.Atom, out var open))
        {
            children.Add(new ProofNode($"{atom} is an open premise", "unknown until a scenario fixes it", open.Location, open.Citation, [])
            { Kind = ProofKind.Open, AtomId = atom.Id, Atom = atom.Display, Truth = "unknown" });
        }

        var opposite = OppositeDerivation(plane);
        if (opposite is { } other)
        {
            var proof = Why(other, []) is { } p ? [p] : Array.Empty<ProofNode>();
            children.Add(About(plane.Kind == PlaneKind.Value
                ? new ProofNode(Describe(other), "the argument gives it another value", null, null, proof) { Kind = ProofKind.Opposite }
                : new ProofNode($"{atom} is {state}", "the argument derives the opposite", null, null, proof) { Kind = ProofKind.Opposite }, other));
        }

        var candidates = Program.AllRulesConcluding(plane.Atom).Where(r => Concludes(r, plane)).ToList();
        foreach (var rule in candidates)
        {
            children.Add(ExplainRule(rule, depth, visited));
        }

        if (candidates.Count == 0 && opposite is null && !evaluation.Premises.Open.ContainsKey(plane.Atom))
        {
            var missing = plane.Kind switch
            {
                PlaneKind.False => $"no premise or rule concludes not {atom}",
                PlaneKind.Value => $"no premise or rule gives {atom} a value",
                _ => $"no premise or rule concludes {atom}",
            };
            children.Add(new ProofNode(missing, "nothing is false merely because it is missing", null, null, []) { Kind = ProofKind.Missing, AtomId = atom.Id, Atom = atom.Display });
        }

        return About(new ProofNode(claim, string.Empty, null, null, children) { Kind = ProofKind.NotHolding }, plane, state);
    }

    private static bool Concludes(GroundRule rule, Plane plane) => plane.Kind switch
    {
        PlaneKind.True => !rule.Negated && rule.Value is null,
        PlaneKind.False => rule.Negated,
        _ => rule.Value is not null,
    };

    private Plane? OppositeDerivation(Plane plane)
    {
        if (plane.Kind == PlaneKind.True && evaluation.Fails(plane.Atom))
        {
            return Plane.False(plane.Atom);
        }

        if (plane.Kind == PlaneKind.False && evaluation.Holds(plane.Atom))
        {
            return Plane.True(plane.Atom);
        }

        if (plane.Kind == PlaneKind.Value && evaluation.ValuesOf(plane.Atom) is { Count: > 0 } values)
        {
            return Plane.Valued(plane.Atom, values[0]);
        }

        return null;
    }

    /// <summary>How deep the why-not of a checked exception or override goes: what it lacks, not its whole story.</summary>
    private const int CheckedDepth = 2;

    private Dictionary<int, List<GroundRule>>? weakerOf;

    /// <summary>
    /// What was checked for a rule that applied and did not stop it: its <c>unless</c> exception (not established, and
    /// what it lacks), each stronger rule that could have overridden it (and why it did not), and each weaker rule it
    /// overrode. Often the one lever that would change the conclusion.
    /// </summary>
    private IEnumerable<ProofNode> Checked(GroundRule rule)
    {
        // Read in the evaluation asked about: a proof drawn from a subset of the premises (a support) leaves out
        // premises that may establish an exception or fire a stronger rule there.
        var asked = ReferenceEquals(disputes, evaluation) ? this : new Explainer(disputes) { whyNotShown = whyNotShown };
        var where = rule.Rule.Location;
        if (rule.Unless is { } unless)
        {
            var truth = disputes.TruthOf(unless);
            var established = disputes.OutcomeOf(rule) == RuleOutcome.Excepted;
            yield return new ProofNode($"unless {Text(unless)}",
                established ? "checked: the exception is established in the argument, so this rule does not apply there" : $"checked, not applied: the exception is not established (it is {truth.Text()})",
                where, null, established ? [] : asked.WhyNotCondition(unless, wantHolds: true, CheckedDepth, whyNotShown))
            { Kind = ProofKind.ExceptionChecked, Truth = truth.Text() };
        }

        foreach (var stronger in rule.OverriddenBy.Select(s => Program.Rules[s]))
        {
            var outcome = disputes.OutcomeOf(stronger);
            var verdict = outcome switch
            {
                RuleOutcome.Fired => null,
                RuleOutcome.ConditionFalse => "it does not apply, its condition is false",
                RuleOutcome.Excepted => "it does not apply, its 'unless' exception is established",
                RuleOutcome.Overridden => "it does not apply, it is overridden itself",
                _ => "it does not apply, its condition is unknown",
            };
            yield return Of(new ProofNode(verdict is null ? $"overridden by {stronger.Describe()}" : $"not overridden by {stronger.Describe()}",
                verdict is null ? "checked: the stronger rule applies in the argument" : $"checked: {verdict}", stronger.Rule.Location, stronger.Rule.Citation,
                outcome is RuleOutcome.ConditionFalse or RuleOutcome.ConditionUnknown ? asked.WhyNotCondition(stronger.Condition, wantHolds: true, CheckedDepth, whyNotShown) : [])
            { Kind = ProofKind.OverrideChecked }, stronger);
        }

        weakerOf ??= Program.Rules.Where(r => !r.OverriddenBy.IsEmpty)
            .SelectMany(weak => weak.OverriddenBy.Select(strong => (Strong: strong, Weak: weak)))
            .GroupBy(p => p.Strong).ToDictionary(g => g.Key, g => g.Select(p => p.Weak).ToList());
        foreach (var weaker in weakerOf.GetValueOrDefault(rule.Id) ?? [])
        {
            if (disputes.OutcomeOf(weaker) == RuleOutcome.Overridden)
            {
                var concluded = weaker.Value is not null ? $"{Program.Atoms[weaker.Head].Display} = ..." : (weaker.Negated ? "not " : string.Empty) + Program.Atoms[weaker.Head].Display;
                yield return Of(new ProofNode($"overrides {weaker.Describe()}", $"checked, applied: its condition holds, and it would conclude {concluded}", weaker.Rule.Location, weaker.Rule.Citation, [])
                { Kind = ProofKind.OverrideChecked }, weaker);
            }
        }
    }

    private ProofNode ExplainRule(GroundRule rule, int depth, HashSet<Plane> visited)
    {
        var outcome = evaluation.OutcomeOf(rule);
        var where = rule.Rule.Location;
        switch (outcome)
        {
            case RuleOutcome.Excepted:
                var exception = WhyCondition(rule.Unless!, Text(rule.Unless!));
                return Of(new ProofNode($"{rule.Describe()} does not apply", "its 'unless' exception is established", where, rule.Rule.Citation, [exception]) { Kind = ProofKind.RuleExcepted }, rule);
            case RuleOutcome.Overridden:
                var stronger = rule.OverriddenBy.Select(s => Program.Rules[s]).First(s => evaluation.OutcomeOf(s) == RuleOutcome.Fired);
                return Of(new ProofNode($"{rule.Describe()} is overridden", $"the stronger {stronger.Describe()} applies", where, rule.Rule.Citation, []) { Kind = ProofKind.RuleOverridden }, rule);
            case RuleOutcome.Fired:
                return Of(new ProofNode($"{rule.Describe()} applies", "but its value is unknown", where, rule.Rule.Citation, []) { Kind = ProofKind.RuleWithoutValue }, rule);
            default:
                var verdict = outcome == RuleOutcome.ConditionFalse ? "its condition is false" : "its condition is unknown";
                return Of(new ProofNode($"{rule.Describe()} does not apply", verdict, where, rule.Rule.Citation, WhyNotCondition(rule.Condition, wantHolds: true, depth - 1, visited))
                { Kind = ProofKind.RuleNotApplied, Truth = outcome == RuleOutcome.ConditionFalse ? "false" : "unknown" }, rule);
        }
    }

    /// <summary>The parts of a condition that keep it from holding (or from failing), each with its own why-not.</summary>
    private List<ProofNode> WhyNotCondition(GroundCondition condition, bool wantHolds, int depth, HashSet<Plane>? visited = null)
    {
        visited ??= [];
        var (holds, fails) = evaluation.Evaluate(condition);
        if (wantHolds ? holds : fails)
        {
            return [];
        }

        switch (condition)
        {
            case GroundTruth t when t.Atom < 0:
                return [new ProofNode("an atom no statement mentions", "it is always unknown", null, null, []) { Kind = ProofKind.Missing, Truth = "unknown" }];
            case GroundTruth t:
                return [WhyNot(wantHolds ? Plane.True(t.Atom) : Plane.False(t.Atom), depth, visited)];
            case GroundNot n:
                return WhyNotCondition(n.Operand, !wantHolds, depth, visited);
            case GroundAnd a when wantHolds:
                return [.. WhyNotCondition(a.Left, true, depth, visited), .. WhyNotCondition(a.Right, true, depth, visited)];
            case GroundOr o when !wantHolds:
                return [.. WhyNotCondition(o.Left, false, depth, visited), .. WhyNotCondition(o.Right, false, depth, visited)];
            case GroundAnd a:
                return [.. WhyNotCondition(a.Left, false, depth, visited), .. WhyNotCondition(a.Right, false, depth, visited)];
            case GroundOr o:
                return [.. WhyNotCondition(o.Left, true, depth, visited), .. WhyNotCondition(o.Right, true, depth, visited)];
            case GroundCompare c:
                return [ExplainComparison(c, wantHolds, depth, visited)];
            default:
                return [new ProofNode("a condition with an error", "it is always unknown", null, null, []) { Kind = ProofKind.Missing, Truth = "unknown" }];
        }
    }

    private ProofNode ExplainComparison(GroundCompare compare, bool wantHolds, int depth, HashSet<Plane> visited)
    {
        var left = evaluation.ValuesOf(compare.Left);
        var right = evaluation.ValuesOf(compare.Right);
        var text = $"{Text(compare.Left)} {compare.Operator.Symbol()} {Text(compare.Right)}";
        if (left.Count == 0 || right.Count == 0)
        {
            var missing = Stratifier.Atoms(compare.Left).Concat(Stratifier.Atoms(compare.Right))
                .Where(a => evaluation.ValuesOf(a).Count == 0)
                .Select(a => WhyNotValue(a, depth, visited));
            return new ProofNode($"{text} is unknown", "a value it compares is unknown", null, null, [.. missing]) { Kind = ProofKind.Comparison, Truth = "unknown" };
        }

        var shown = $"{Show(left)} {compare.Operator.Symbol()} {Show(right)}";
        var supports = new List<Plane>();
        Proofs.Collect(compare, true, evaluation, supports);
        var shownProofs = new HashSet<Plane>();
        return new ProofNode($"{text} is {(wantHolds ? "false" : "true")}", $"{shown} is {(wantHolds ? "false" : "true")}", null, null,
            [.. supports.Select(s => Why(s, shownProofs)).OfType<ProofNode>()])
        { Kind = ProofKind.Comparison, Truth = wantHolds ? "false" : "true" };
    }

    private ProofNode WhyNotValue(int atom, int depth, HashSet<Plane> visited)
    {
        var node = WhyNot(Plane.Valued(atom, default), depth, visited);
        return node with { Claim = $"{Program.Atoms[atom]} has no value", Value = null, Truth = "unknown" };
    }

    /// <summary>The node with the atom of a plane, and the truth or value the plane states (or the atom's state, for a why-not).</summary>
    private ProofNode About(ProofNode node, Plane plane, string? state = null)
    {
        var atom = Program.Atoms[plane.Atom];
        return node with
        {
            AtomId = atom.Id,
            Atom = atom.Display,
            Truth = state is not null ? evaluation.TruthOf(plane.Atom).Text() : plane.Kind switch { PlaneKind.True => "true", PlaneKind.False => "false", _ => null },
            Value = state is null && plane.Kind == PlaneKind.Value ? plane.Value : null,
        };
    }

    /// <summary>The node with the rule instance it is about: the rule's name and the values of its variables.</summary>
    private static ProofNode Of(ProofNode node, GroundRule rule) => node with
    {
        Rule = rule.Rule.Name,
        Bindings = [.. rule.Rule.Variables.Select((v, i) => (v.Name, rule.Bindings[i]))],
    };

    private static string Show(IReadOnlyList<Value> values) => values.Count == 1 ? values[0].ToString() : "{" + string.Join(", ", values) + "}";

    private string StateOf(int atom)
    {
        if (Program.Atoms[atom].IsValued)
        {
            var values = evaluation.ValuesOf(atom);
            return values.Count == 0 ? "unknown" : values.Count == 1 ? $"= {values[0]}" : $"in conflict: {Show(values)}";
        }

        return evaluation.TruthOf(atom).Text();
    }

    public string Describe(Plane plane)
    {
        var atom = Program.Atoms[plane.Atom];
        return plane.Kind switch
        {
            PlaneKind.True => atom.Display,
            PlaneKind.False => $"not {atom.Display}",
            _ => $"{atom.Display} = {plane.Value}",
        };
    }

    public string Text(GroundCondition condition) => condition switch
    {
        GroundTruth t => t.Atom < 0 ? "?" : Program.Atoms[t.Atom].Display,
        GroundNot n => n.Operand is GroundTruth ? $"not {Text(n.Operand)}" : $"not ({Text(n.Operand)})",
        GroundAnd a => $"{Wrap(a.Left, a)} and {Wrap(a.Right, a)}",
        GroundOr o => $"{Wrap(o.Left, o)} or {Wrap(o.Right, o)}",
        GroundCompare c => $"{Text(c.Left)} {c.Operator.Symbol()} {Text(c.Right)}",
        _ => "?",
    };

    private string Wrap(GroundCondition inner, GroundCondition outer) =>
        inner is GroundOr && outer is GroundAnd ? $"({Text(inner)})" : Text(inner);

    public string Text(GroundValue value) => value switch
    {
        GroundAtomValue a => Program.Atoms[a.Atom].Display,
        GroundLiteral l => l.Value.ToString(),
        GroundNegate n => $"-{Text(n.Operand)}",
        GroundArithmetic ar => $"{Text(ar.Left)} {ar.Operator.Symbol()} {Text(ar.Right)}",
        _ => "?",
    };
}
