using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Evaluator.Engine;
using PolicyDsl.Evaluator.Grounding;

namespace PolicyDsl.Evaluator.Supports;

/// <summary>
/// One premise of an evaluation, as an assumption in the sense of an ATMS: a stated fact, or an open premise that
/// the scenario being evaluated fixes. <see cref="Index"/> is its number among the evaluation's premises, in the
/// order of the files and lines that state them.
/// </summary>
public sealed record SupportPremise(int Index, int Atom, string Statement, Citation? Citation, SourceLocation Location, string? Scenario, bool IsAssumption)
{
    /// <summary>The statement itself: the fact, or the open premise the scenario fixes.</summary>
    public object? Symbol { get; init; }

    /// <summary>A premise stated true or false (not a value): one whose negation is a premise too.</summary>
    public bool IsTruth => !Statement.Contains(" = ", StringComparison.Ordinal);

    /// <summary>
    /// Every citation, <see cref="Citation"/> first: several when several texts state it (it is corroborated). A premise
    /// made with its first citation alone has that one.
    /// </summary>
    public IReadOnlyList<Citation> Citations
    {
        get => citations.Count > 0 || Citation is null ? citations : [Citation];
        init => citations = value;
    }

    private readonly IReadOnlyList<Citation> citations = [];

    /// <summary>The source it cites first, or null for a premise that cites none.</summary>
    public string? Source => Citation is { IsAnalyst: false } c ? c.SourceName : null;

    /// <summary>Every text that states it, each once, in citation order.</summary>
    public IEnumerable<string> Sources => Citation.SourcesOf(Citations);

    /// <summary>
    /// Whether withdrawing the source withdraws this premise: it goes when every citation is of that source (a
    /// premise another text, or the analyst, also states stays).
    /// </summary>
    public bool WithdrawnBy(string source) =>
        OnlyFrom(Citations, source);

    /// <summary>Whether a statement's citations are all of one source: withdrawing it withdraws the statement.</summary>
    internal static bool OnlyFrom(IReadOnlyCollection<Citation> citations, string source) =>
        citations.Count > 0 && citations.All(c => !c.IsAnalyst && c.SourceName == source);

    /// <summary>
    /// The premise by statement and place: the same premise across evaluations of one argument (its scenarios, what
    /// a withdrawal leaves), where <see cref="Index"/> differs.
    /// </summary>
    public string Key => $"{Statement}@{Location}";

    public override string ToString() => Statement;
}

/// <summary>
/// A minimal set of premises under which a conclusion holds: evaluating with these premises alone derives it,
/// and with any one of them left out it does not. <see cref="Clean"/> when that evaluation derives it through no
/// atom that is in conflict in the evaluation asked about.
/// </summary>
public sealed record Support(IReadOnlyList<SupportPremise> Premises, bool Clean)
{
    /// <summary>
    /// The sources its premises and its cited rules cite, in order of first appearance (a premise citing none adds
    /// nothing; rules only when computed).
    /// </summary>
    public IReadOnlyList<string> Sources => [.. Premises.SelectMany(p => p.Sources).Concat((Rules ?? []).SelectMany(r => Citation.SourcesOf(r.Citations))).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// Whether withdrawing the source takes this support away: one of its premises, or one of its rules, has no
    /// citation but that source's (what another text also states stays).
    /// </summary>
    public bool FallsWithout(string source) =>
        Premises.Any(p => p.WithdrawnBy(source)) || (Rules ?? []).Any(r => SupportPremise.OnlyFrom(r.Citations, source));

    /// <summary>
    /// The cited rules it passes through, in the order of the files and lines that state them: each rule without which
    /// these premises no longer derive the conclusion (null when not computed: see <see cref="SupportAnalysis.RulesNotComputed"/>).
    /// </summary>
    public IReadOnlyList<RuleSymbol>? Rules { get; init; }

    /// <summary>The analyst's own steps it rests on: its premises and rules cited <c>per analyst</c>, premises first.</summary>
    public IReadOnlyList<Explain.AnalystJudgment> Judgments =>
    [
        .. Premises.Where(p => p.Citation is { IsAnalyst: true }).Select(p => new Explain.AnalystJudgment($"premise {p.Statement}", p.Citation!.Quote ?? string.Empty, p.Location)),
        .. (Rules ?? []).Where(r => r.Citation is { IsAnalyst: true }).Select(r => new Explain.AnalystJudgment($"rule {r.Name}", r.Citation!.Quote ?? string.Empty, r.Location)),
    ];

    /// <summary>The texts' claims it rests on: its premises' citations, then its rules', each once (source#anchor).</summary>
    public IReadOnlyList<Citation> Citations =>
    [
        .. Premises.SelectMany(p => p.Citations).Concat((Rules ?? []).SelectMany(r => r.Citations))
            .Where(c => !c.IsAnalyst).DistinctBy(c => c.Reference),
    ];
}

/// <summary>Every minimal support of one plane (an atom true, false or with a value), smallest first.</summary>
public sealed record PlaneSupports(Plane Plane, IReadOnlyList<Support> Supports, bool Truncated)
{
    /// <summary>Derived, but every support passes through an atom in conflict: nothing clean holds it up.</summary>
    public bool Contested => Supports.Count > 0 && Supports.All(s => !s.Clean);

    /// <summary>Derived cleanly, but some support also passes through an atom in conflict.</summary>
    public bool AlsoContested => Supports.Any(s => s.Clean) && Supports.Any(s => !s.Clean);

    /// <summary>
    /// Sources without which no support is left: the conclusion falls if any of them is withdrawn. A premise (or
    /// rule) another text also states does not make its sources needed.
    /// </summary>
    public IReadOnlyList<string> NeededSources =>
        Supports.Count == 0 ? [] : [.. Supports[0].Sources.Where(s => Supports.All(x => x.FallsWithout(s)))];

    /// <summary>
    /// Sources some support falls without, but not every one: the conclusion can also rest on them, and survives
    /// without any one.
    /// </summary>
    public IReadOnlyList<string> AlsoSources
    {
        get
        {
            var needed = NeededSources;
            return [.. Supports.SelectMany(s => s.Sources.Where(s.FallsWithout)).Distinct(StringComparer.Ordinal).Where(s => !needed.Contains(s, StringComparer.Ordinal)).Order(StringComparer.Ordinal)];
        }
    }

    /// <summary>
    /// Sources cited in some support that no support falls without: each time, another text states the same premise
    /// or step (corroboration).
    /// </summary>
    public IReadOnlyList<string> CorroboratingSources =>
        [.. Supports.SelectMany(s => s.Sources).Distinct(StringComparer.Ordinal).Where(source => !Supports.Any(s => s.FallsWithout(source))).Order(StringComparer.Ordinal)];
}

/// <summary>
/// The supports of every conclusion of one evaluation (de Kleer's ATMS labels): for each plane, the minimal sets
/// of the evaluation's premises under which it holds, over every derivation. Computed with decision diagrams by
/// <see cref="SymbolicEvaluation"/>, so exact for every rule, exceptions and overrides included; at most
/// <see cref="MaxSupports"/> sets are listed per plane (<see cref="PlaneSupports.Truncated"/> says when more exist),
/// and past <see cref="DecisionDiagram.DefaultNodeLimit"/> nodes nothing is computed (<see cref="NotComputed"/>).
/// </summary>
public sealed class SupportAnalysis
{
    /// <summary>Supports listed per conclusion, smallest first.</summary>
    public const int MaxSupports = 64;

    /// <summary>Candidate sets kept per diagram node while listing; past it a plane is marked truncated.</summary>
    private const int SetsPerNode = 4 * MaxSupports;

    private readonly DecisionDiagram? diagram;
    private readonly SymbolicEvaluation? actual;
    private readonly SymbolicEvaluation? clean;
    private readonly IReadOnlyList<(int Atom, bool Negated, Value? Value)> statements;
    private SymbolicEvaluation? cleanOfEachSubset;
    private readonly Dictionary<int, int> upward = [];
    private readonly Dictionary<RuleSymbol, SymbolicEvaluation> withoutRule = [];
    private readonly Dictionary<int, (List<int[]>, bool)> minimal = [];
    private readonly Dictionary<Plane, PlaneSupports> computed = [];

    private SupportAnalysis(Evaluation evaluation, IReadOnlyList<SupportPremise> premises, IReadOnlyList<(int, bool, Value?)> statements, DecisionDiagram? diagram,
        SymbolicEvaluation? actual, SymbolicEvaluation? clean, string? notComputed)
    {
        Evaluation = evaluation;
        Premises = premises;
        this.statements = statements;
        this.diagram = diagram;
        this.actual = actual;
        this.clean = clean;
        NotComputed = notComputed;
    }

    public Evaluation Evaluation { get; }

    /// <summary>The evaluation's premises, numbered in file and line order.</summary>
    public IReadOnlyList<SupportPremise> Premises { get; }

    /// <summary>Null when computed; otherwise why not, in words for a diagnostic.</summary>
    public string? NotComputed { get; }

    private Nogoods? nogoods;

    /// <summary>
    /// The premises this evaluation's violated constraints say cannot all hold, computed once: eval's table, each why
    /// and the report's proofs ask it of the same evaluation.
    /// </summary>
    public Nogoods Nogoods => nogoods ??= Nogoods.Of(this);

    /// <summary>The most decision-diagram nodes the computation may make.</summary>
    public int NodeLimit => diagram?.NodeLimit ?? DecisionDiagram.DefaultNodeLimit;

    /// <summary>Decision-diagram nodes the computation made (about 24 bytes a node).</summary>
    public int Nodes => diagram?.NodeCount ?? 0;

    public static SupportAnalysis Compute(Evaluation evaluation, int nodeLimit = DecisionDiagram.DefaultNodeLimit, CancellationToken cancellation = default)
    {
        var premises = PremisesOf(evaluation);
        var statements = premises.Select(p => StatementOf(evaluation.Premises, p.Atom)).ToList();
        var diagram = new DecisionDiagram(nodeLimit);
        try
        {
            var actual = SymbolicEvaluation.Run(diagram, evaluation.Program, statements, cancellation);
            var blocked = Enumerable.Range(0, evaluation.Program.Atoms.Count).Select(evaluation.IsConflicted).ToArray();
            var clean = blocked.Contains(true) ? SymbolicEvaluation.RunClean(actual, blocked, statements, cancellation) : actual;
            return new SupportAnalysis(evaluation, premises, statements, diagram, actual, clean, null);
        }
        catch (DiagramLimitException limit)
        {
            return new SupportAnalysis(evaluation, premises, statements, null, null, null,
                $"computing them needs more than {limit.Limit:N0} decision-diagram nodes (the argument has {premises.Count:N0} premises whose combinations derive its conclusions in too many ways)");
        }
    }

    /// <summary>The minimal supports of a plane, smallest first (then in premise order); none when it does not hold.</summary>
    public PlaneSupports Of(Plane plane)
    {
        if (computed.TryGetValue(plane, out var known))
        {
            return known;
        }

        if (diagram is null || actual is null || clean is null)
        {
            return new PlaneSupports(plane, [], Truncated: true);
        }

        var result = List(plane, actual.FunctionOf(plane), clean.FunctionOf(plane));
        computed[plane] = result;
        return result;
    }

    /// <summary>The minimal sets on which <paramref name="function"/> holds, smallest first, each clean when <paramref name="cleanFunction"/> holds on it.</summary>
    private PlaneSupports List(Plane plane, int function, int cleanFunction, bool ofCondition = false)
    {
        var (sets, truncated) = diagram!.MinimalSets(diagram.UpwardClosure(function, upward), SetsPerNode, minimal);
        // Clean supports first, each group smallest first: the first support is the smallest clean one when there is
        // one, so a proof drawn from it (why) and its citations (eval) pass through no disputed step.
        var ordered = sets.Select(s => (Set: s, Clean: diagram.Contains(cleanFunction, s)))
            .OrderBy(s => s.Clean ? 0 : 1).ThenBy(s => s.Set.Length).ThenBy(s => s.Set, SetOrder.Instance).ToList();
        if (ordered.Count > MaxSupports)
        {
            ordered.RemoveRange(MaxSupports, ordered.Count - MaxSupports);
            truncated = true;
        }

        // A condition's sets (a constraint's nogoods) are of premises alone; a plane's supports also name their rules.
        var rules = ofCondition ? null : CitedRulesReaching(plane.Atom);
        return new PlaneSupports(plane, [.. ordered.Select(s => new Support([.. s.Set.Select(i => Premises[i])], s.Clean) { Rules = NeededRules(plane, s.Set, rules) })], truncated);
    }

    /// <summary>
    /// Cited rules times rule instances past which the rules of supports are not computed: each cited rule that can
    /// reach a conclusion costs one more symbolic evaluation of the program, kept while the supports are listed (two
    /// words per atom each), so this bounds both the time (about a second at the bound) and the memory (about 30 MB).
    /// </summary>
    public const long RuleCheckBudget = 2_000_000;

    /// <summary>Null when the rules of supports are computed; otherwise why not, in words.</summary>
    public string? RulesNotComputed { get; private set; }

    /// <summary>
    /// The cited rules (distinct, in file and line order) with an instance that concludes the atom or an atom its
    /// conditions read, transitively: only these can be needed to derive it (a rule reached only through an exception
    /// or an override can only stop it). Null past <see cref="RuleCheckBudget"/>.
    /// </summary>
    private List<RuleSymbol>? CitedRulesReaching(int atom)
    {
        var program = Evaluation.Program;
        var cited = program.Rules.Where(r => r.Rule.Citation is not null).Select(r => r.Rule).Distinct().Count();
        if ((long)cited * Math.Max(1, program.Rules.Count) > RuleCheckBudget)
        {
            RulesNotComputed = $"the argument has {cited:N0} cited rules over {program.Rules.Count:N0} rule instances, past the {RuleCheckBudget:N0} the rules of supports are computed for";
            return null;
        }

        var seen = new HashSet<int> { atom };
        var pending = new Stack<int>([atom]);
        var found = new HashSet<RuleSymbol>();
        while (pending.Count > 0)
        {
            foreach (var id in program.RulesByHead[pending.Pop()] ?? [])
            {
                var rule = program.Rules[id];
                if (rule.Rule.Citation is not null)
                {
                    found.Add(rule.Rule);
                }

                var read = Stratifier.Atoms(rule.Condition);
                if (rule.Value is not null)
                {
                    read.AddRange(Stratifier.Atoms(rule.Value));
                }

                foreach (var next in read.Where(a => a >= 0 && seen.Add(a)))
                {
                    pending.Push(next);
                }
            }
        }

        return [.. found.OrderBy(r => r.Location.Source.Path, StringComparer.Ordinal).ThenBy(r => r.Location.Span.Start)];
    }

    /// <summary>The cited rules without which exactly these premises no longer derive the plane; null when not computed.</summary>
    private List<RuleSymbol>? NeededRules(Plane plane, int[] set, List<RuleSymbol>? candidates)
    {
        if (candidates is null || diagram is null)
        {
            return null;
        }

        var needed = new List<RuleSymbol>();
        foreach (var rule in candidates)
        {
            if (!withoutRule.TryGetValue(rule, out var without))
            {
                try
                {
                    without = SymbolicEvaluation.RunWithout(diagram, Evaluation.Program, rule, statements, CancellationToken.None);
                }
                catch (DiagramLimitException limit)
                {
                    RulesNotComputed = $"computing them needs more than {limit.Limit:N0} decision-diagram nodes";
                    return null;
                }

                withoutRule[rule] = without;
            }

            if (!diagram.Contains(without.FunctionOf(plane), set))
            {
                needed.Add(rule);
            }
        }

        return needed;
    }

    /// <summary>
    /// The minimal sets of premises under which a condition holds, smallest first (for a constraint: the nogoods, the
    /// premises that together violate it); empty when not computed.
    /// </summary>
    public PlaneSupports OfCondition(GroundCondition condition)
    {
        if (diagram is null || actual is null || clean is null)
        {
            return new PlaneSupports(Plane.True(0), [], Truncated: true);
        }

        return List(Plane.True(0), actual.HoldsFunction(condition), clean.HoldsFunction(condition), ofCondition: true);
    }

    /// <summary>Whether the plane is derived from the evaluation's premises less those for which <paramref name="withdrawn"/> holds.</summary>
    public bool HoldsWithout(Plane plane, Func<SupportPremise, bool> withdrawn)
    {
        if (diagram is null || actual is null)
        {
            throw new InvalidOperationException(NotComputed);
        }

        return diagram.Evaluate(actual.FunctionOf(plane), i => !withdrawn(Premises[i]));
    }

    /// <summary>
    /// Whether the evaluation of the premises less those for which <paramref name="withdrawn"/> holds derives the plane
    /// cleanly: derived with no disputed step, the disputes being that evaluation's own (a withdrawal may settle a
    /// conflict, or, by removing an exception, start one). Computed on first use; null when the diagram grows past its limit.
    /// </summary>
    public bool? HoldsCleanlyWithout(Plane plane, Func<SupportPremise, bool> withdrawn) =>
        CleanOfEachSubset() is { } cleanly ? diagram!.Evaluate(cleanly.FunctionOf(plane), i => !withdrawn(Premises[i])) : null;

    /// <summary>Whether exactly the given premises (ascending indexes) derive the plane cleanly, by their own evaluation's disputes.</summary>
    public bool? HoldsCleanlyOn(Plane plane, ReadOnlySpan<int> premises) =>
        CleanOfEachSubset() is { } cleanly ? diagram!.Contains(cleanly.FunctionOf(plane), premises) : null;

    private bool cleanOfEachSubsetFailed;

    private SymbolicEvaluation? CleanOfEachSubset()
    {
        if (cleanOfEachSubset is null && !cleanOfEachSubsetFailed && diagram is not null && actual is not null)
        {
            try
            {
                cleanOfEachSubset = SymbolicEvaluation.RunCleanOfEachSubset(actual, statements, CancellationToken.None);
            }
            catch (DiagramLimitException)
            {
                cleanOfEachSubsetFailed = true;
            }
        }

        return cleanOfEachSubset;
    }

    /// <summary>Whether the plane is derived from exactly the given premises (ascending indexes).</summary>
    public bool HoldsOn(Plane plane, ReadOnlySpan<int> premises)
    {
        if (diagram is null || actual is null)
        {
            throw new InvalidOperationException(NotComputed);
        }

        return diagram.Contains(actual.FunctionOf(plane), premises);
    }

    /// <summary>The evaluation's premises, in the order of the files and lines that state them.</summary>
    public static IReadOnlyList<SupportPremise> PremisesOf(Evaluation evaluation)
    {
        var program = evaluation.Program;
        var found = new List<SupportPremise>();
        foreach (var (atom, fact) in evaluation.Premises.Facts)
        {
            var display = program.Atoms[atom].Display;
            var statement = fact.Value is { } value ? $"{display} = {value}" : fact.Negated ? $"not {display}" : display;
            found.Add(new SupportPremise(0, atom, statement, fact.Citation, fact.Location, fact.Scenario, IsAssumption: false) { Symbol = fact, Citations = fact.Citations });
        }

        foreach (var (atom, (assume, value, holds)) in evaluation.Premises.Assigned)
        {
            var display = program.Atoms[atom].Display;
            var statement = value is { } v ? $"{display} = {v}" : holds ? display : $"not {display}";
            found.Add(new SupportPremise(0, atom, statement, assume.Citation, assume.Location, evaluation.Premises.Name, IsAssumption: true) { Symbol = assume, Citations = assume.Citations });
        }

        return [.. found
            .OrderBy(p => p.Location.Source.Path, StringComparer.Ordinal)
            .ThenBy(p => p.Location.Span.Start)
            .ThenBy(p => p.Atom)
            .Select((p, i) => p with { Index = i })];
    }

    private static (int Atom, bool Negated, Value? Value) StatementOf(PremiseSet premises, int atom)
    {
        if (premises.Facts.TryGetValue(atom, out var fact))
        {
            return (atom, fact.Negated, fact.Value);
        }

        var (_, value, holds) = premises.Assigned[atom];
        return (atom, !holds && value is null, value);
    }

    private sealed class SetOrder : IComparer<int[]>
    {
        public static readonly SetOrder Instance = new();

        public int Compare(int[]? x, int[]? y)
        {
            for (var i = 0; i < Math.Min(x!.Length, y!.Length); i++)
            {
                if (x[i] != y[i])
                {
                    return x[i].CompareTo(y[i]);
                }
            }

            return x.Length.CompareTo(y.Length);
        }
    }
}
