using PolicyDsl.Evaluator.Engine;

namespace PolicyDsl.Evaluator.Explain;

/// <summary>The first <see cref="RestsOnIndex.Cap"/> distinct items of a list, and whether it has more.</summary>
public sealed record CappedList<T>(IReadOnlyList<T> Items, bool More)
{
    public static readonly CappedList<T> Empty = new([], false);
}

/// <summary>
/// What each conclusion's proof cites (texts and the analyst's own judgments), for every conclusion at once, in time
/// and memory linear in the derivations: the same lists, in the same order, as reading each proof tree
/// (<see cref="ProofNode.Citations"/>, <see cref="ProofNode.Judgments"/>), which for a chain of n steps would build
/// n trees of up to n steps. A plane's list is its own step's followed by those of the steps it rests on, each item
/// once; a list keeps its first <see cref="Cap"/> items and says whether there are more, so lists can be shared and
/// merged without growing past the cap. The steps a proof shows form a graph (a rule's conditions; the other side of
/// an atom in conflict), cyclic only through conflicts: its strongly connected parts are merged as one, in the order
/// they were reached, since their members rest on one another.
/// </summary>
public sealed class RestsOnIndex(Evaluation evaluation)
{
    /// <summary>How many citations (and judgments) a conclusion lists before it says "and more".</summary>
    public const int Cap = 50;

    private readonly Explainer explainer = new(evaluation) { ShowChecks = false };
    private readonly Dictionary<Plane, (CappedList<Dsl.Semantics.Citation> Citations, CappedList<AnalystJudgment> Judgments)> done = [];

    /// <summary>The citations of texts (not the analyst's) the plane's proof rests on, in proof order; empty when it has no proof.</summary>
    public CappedList<Dsl.Semantics.Citation> Citations(Plane plane) => Entry(plane).Citations;

    /// <summary>The analyst's judgments the plane's proof rests on, in proof order.</summary>
    public CappedList<AnalystJudgment> Judgments(Plane plane) => Entry(plane).Judgments;

    /// <summary>Several lists as one, each item once in the order given, capped.</summary>
    public static CappedList<T> Merge<T>(IEnumerable<CappedList<T>> parts, Func<T, string> key)
    {
        var nonEmpty = parts.Where(p => p.Items.Count > 0).ToList();
        if (nonEmpty.Count <= 1)
        {
            return nonEmpty.Count == 0 ? CappedList<T>.Empty : nonEmpty[0];
        }

        var items = new List<T>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var more = false;
        foreach (var part in nonEmpty)
        {
            foreach (var item in part.Items)
            {
                if (!seen.Add(key(item)))
                {
                    continue;
                }

                if (items.Count == Cap)
                {
                    more = true;
                    break;
                }

                items.Add(item);
            }

            // A part with more than the cap makes the whole have more (its listed items fill the cap first, or
            // earlier parts already did).
            more |= part.More;
            if (more)
            {
                break;
            }
        }

        return new CappedList<T>(items, more);
    }

    public static string KeyOf(Dsl.Semantics.Citation citation) => citation.Reference;

    public static string KeyOf(AnalystJudgment judgment) => judgment.Step + "@" + judgment.Location;

    private (CappedList<Dsl.Semantics.Citation> Citations, CappedList<AnalystJudgment> Judgments) Entry(Plane plane)
    {
        if (!HasStep(plane))
        {
            return (CappedList<Dsl.Semantics.Citation>.Empty, CappedList<AnalystJudgment>.Empty);
        }

        if (!done.ContainsKey(plane))
        {
            Compute(plane);
        }

        return done[plane];
    }

    // The planes whose proof steps hold one: stated, fixed by a scenario, or derived by a rule.
    private bool HasStep(Plane plane) => evaluation.DerivationOf(plane) is PremiseDerivation or AssumptionDerivation or RuleDerivation;

    // The steps a proof of the plane shows beneath it, in the order it shows them: the rule's conditions, then the
    // other side of an atom in conflict.
    private List<Plane> Successors(Plane plane)
    {
        var next = new List<Plane>();
        if (evaluation.DerivationOf(plane) is RuleDerivation rule)
        {
            next.AddRange(rule.Supports.Where(HasStep));
        }

        if (evaluation.IsConflicted(plane.Atom))
        {
            next.AddRange(explainer.OtherSides(plane).Where(HasStep));
        }

        return next;
    }

    // Tarjan's strongly connected components, iteratively (a chain of reasoning may be deeper than the stack).
    // Components come out successors first, so each one's successors outside it are done when it is.
    private void Compute(Plane root)
    {
        var index = new Dictionary<Plane, int>();
        var low = new Dictionary<Plane, int>();
        var successors = new Dictionary<Plane, List<Plane>>();
        var onStack = new HashSet<Plane>();
        var stack = new Stack<Plane>();
        var work = new Stack<(Plane Plane, int Next)>();

        void Visit(Plane plane)
        {
            index[plane] = low[plane] = index.Count;
            successors[plane] = Successors(plane);
            stack.Push(plane);
            onStack.Add(plane);
            work.Push((plane, 0));
        }

        Visit(root);
        while (work.Count > 0)
        {
            var (plane, next) = work.Pop();
            var after = successors[plane];
            if (next < after.Count)
            {
                work.Push((plane, next + 1));
                var successor = after[next];
                if (done.ContainsKey(successor))
                {
                    continue;
                }

                if (!index.TryGetValue(successor, out var reached))
                {
                    Visit(successor);
                }
                else if (onStack.Contains(successor))
                {
                    low[plane] = Math.Min(low[plane], reached);
                }

                continue;
            }

            if (low[plane] == index[plane])
            {
                var members = new List<Plane>();
                Plane member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    members.Add(member);
                }
                while (member != plane);

                members.Reverse();
                Finish(members, successors);
            }

            if (work.Count > 0)
            {
                var parent = work.Peek().Plane;
                low[parent] = Math.Min(low[parent], low[plane]);
            }
        }
    }

    /// <summary>The largest strongly connected part whose members each get the order of their own proof tree; a larger one shares one merged order.</summary>
    private const int ExactPartSize = 64;

    // The lists of a member of a strongly connected part in the order its proof tree shows them (Explainer.Why): a
    // step once per tree (the other side of a conflict is explained afresh, as the explainer does), the other sides of
    // an atom in conflict once per tree and after the steps beneath it; what lies outside the part is done already.
    private (CappedList<Dsl.Semantics.Citation> Citations, CappedList<AnalystJudgment> Judgments) TreeOrder(Plane root, HashSet<Plane> part)
    {
        var citations = new List<CappedList<Dsl.Semantics.Citation>>();
        var judgments = new List<CappedList<AnalystJudgment>>();
        var otherSidesShown = new HashSet<int>();

        void Take(Plane plane, HashSet<Plane> shown)
        {
            if (part.Contains(plane))
            {
                Visit(plane, shown);
            }
            else
            {
                citations.Add(done[plane].Citations);
                judgments.Add(done[plane].Judgments);
            }
        }

        void Visit(Plane plane, HashSet<Plane> shown)
        {
            if (!shown.Add(plane))
            {
                return;
            }

            var step = explainer.Step(plane)!;
            citations.Add(new([.. step.Citations()], false));
            judgments.Add(new(step.Judgments(), false));
            if (evaluation.DerivationOf(plane) is RuleDerivation rule)
            {
                foreach (var support in rule.Supports.Where(HasStep))
                {
                    Take(support, shown);
                }
            }

            if (evaluation.IsConflicted(plane.Atom) && otherSidesShown.Add(plane.Atom))
            {
                foreach (var other in explainer.OtherSides(plane).Where(HasStep))
                {
                    Take(other, []);
                }
            }
        }

        Visit(root, []);
        return (Merge(citations, KeyOf), Merge(judgments, KeyOf));
    }

    private void Finish(List<Plane> members, Dictionary<Plane, List<Plane>> successors)
    {
        if (members.Count > 1 && members.Count <= ExactPartSize)
        {
            // Two sides of a conflict rest on each other: each side's list is the order its own tree shows.
            var part = new HashSet<Plane>(members);
            foreach (var member in members)
            {
                done[member] = TreeOrder(member, part);
            }

            return;
        }

        // A step may rest on itself (a rule whose condition holds through its own conclusion, as recorded): within a
        // part, the members' own items come first, then what the part rests on outside it.
        var inside = new HashSet<Plane>(members);
        var steps = members.Select(m => explainer.Step(m)!).ToList();
        var outside = members.SelectMany(m => successors[m]).Where(s => !inside.Contains(s)).ToList();
        var citations = Merge(
            steps.Select(s => new CappedList<Dsl.Semantics.Citation>([.. s.Citations()], false)).Concat(outside.Select(s => done[s].Citations)), KeyOf);
        var judgments = Merge(
            steps.Select(s => new CappedList<AnalystJudgment>(s.Judgments(), false)).Concat(outside.Select(s => done[s].Judgments)), KeyOf);
        foreach (var member in members)
        {
            done[member] = (citations, judgments);
        }
    }
}
