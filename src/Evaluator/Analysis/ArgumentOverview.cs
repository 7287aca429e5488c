using PolicyDsl.Dsl.Sources;
using PolicyDsl.Evaluator.Checking;
using PolicyDsl.Evaluator.Explain;
using PolicyDsl.Evaluator.Maps;
using PolicyDsl.Evaluator.Scenarios;
using PolicyDsl.Evaluator.Supports;

namespace PolicyDsl.Evaluator.Analysis;

/// <summary>A source text an argument cites: its name, the path it was declared with, its title, and its text (null when it cannot be read; a diagnostic says why).</summary>
public sealed record OverviewSource(string Name, string DeclaredPath, string? Title, string? Text);

/// <summary>A conclusion's state in one named scenario.</summary>
public sealed record ScenarioState(string Scenario, string State);

/// <summary>
/// One conclusion across the argument's evaluations: its row in the base evaluation, its state in each named
/// scenario, and in the sweep of all scenarios (null when the argument was not swept); its proof in the base (null
/// past the first <see cref="ArgumentAnalysis.OverviewProofs"/> conclusions).
/// </summary>
public sealed record OverviewConclusion(ConclusionRow Row, IReadOnlyList<ScenarioState> InScenarios, ProofNode? Proof);

/// <summary>A question the overview asks whose answer is a failure to answer it, in words (too many scenarios, nothing to flip).</summary>
public sealed record OverviewNote(string Topic, string Text);

/// <summary>
/// Everything a report of one argument shows, asked of the analysis service: its sources, the map, the conclusions
/// in the base, in each named scenario and across all scenarios, their proofs, the tipping points, the critical
/// premises of each thesis, the competing-hypotheses matrix, and the diagnostics. Each part the argument cannot
/// answer is left null with a note saying why.
/// </summary>
public sealed record ArgumentOverview(
    ArgumentAnalysis Analysis,
    IReadOnlyList<OverviewSource> Sources,
    ArgumentMap? Map,
    IReadOnlyList<OverviewConclusion> Conclusions,
    SweepResult? Sweep,
    FlipsAnswer? Flips,
    IReadOnlyList<CriticalAnswer> Critical,
    HypothesisMatrix? Matrix,
    IReadOnlyList<OverviewNote> Notes)
{
    /// <summary>The check the report shows: the argument's, or within a named scenario the argument checked there.</summary>
    public ArgumentReport Report => Analysis.CheckedReport;

    /// <summary>The argument's name, with its context when it is not the argument as written (the scenario, what was withdrawn, the what-ifs).</summary>
    public string Title => Analysis.Context.Title(Analysis.Model.DisplayName);

    /// <summary>The passage a citation points to, with its quotation marked; null when the source cannot be read or the anchor does not exist.</summary>
    public Passage? PassageOf(Dsl.Semantics.Citation citation) =>
        citation.IsAnalyst || Sources.FirstOrDefault(s => s.Name == citation.SourceName)?.Text is not { } text ? null : SourcePassages.Find(text, citation.Anchor, citation.Quote);
}

public sealed partial class ArgumentAnalysis
{
    /// <summary>Up to 2^this many scenario codes the overview sweeps them all; past it, it samples as many.</summary>
    public const int OverviewSweepBits = 20;

    /// <summary>
    /// The most work (<see cref="SweepPlan.BlockWork"/> summed over blocks) the overview's sweep does, a few seconds:
    /// an argument too large to sweep or sample 2^20 scenarios within it is sampled with as many as fit, the error
    /// bound stated. 2^20 draws over 900,000 open premises took over twenty minutes.
    /// </summary>
    public const long OverviewSweepWork = 1L << 30;

    /// <summary>How many steps a conclusion's proof in the overview shows before it refers to other conclusions' rows.</summary>
    public const int OverviewProofSteps = 24;

    /// <summary>How many conclusions the overview proves; past them a conclusion is listed with its state, and 'policydsl why' proves it.</summary>
    public const int OverviewProofs = 2000;

    /// <summary>
    /// How many conclusions' proofs are drawn from their smallest support at most (each an evaluation of its own); the
    /// rest show the recorded proof. Fewer in a large argument: together they evaluate at most
    /// <see cref="OverviewSupportProofRules"/> ground rules.
    /// </summary>
    public const int OverviewSupportProofs = 200;

    /// <summary>How many ground rules the support-drawn proofs of an overview evaluate together, at most.</summary>
    public const int OverviewSupportProofRules = 4_000_000;

    /// <summary>
    /// The overview of this argument for a report: every question a reader asks of it, each answered as the verbs
    /// answer it (the same methods), or a note saying why it cannot be.
    /// </summary>
    public ArgumentOverview Overview(CancellationToken cancellation = default) => Overview(OverviewSweepWork, cancellation);

    /// <summary>The overview with another bound on its sweep's work (tests ask for a small one, to see it sample).</summary>
    internal ArgumentOverview Overview(long sweepWork, CancellationToken cancellation)
    {
        var sources = Model.Sources.Values.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s =>
        {
            var text = s.ResolvedPath is null ? null : Model.Workspace.Files.Read(s.ResolvedPath).Text;
            return new OverviewSource(s.Name, s.DeclaredPath, text is null ? null : SourcePassages.Title(text), text);
        }).ToList();
        var notes = new List<OverviewNote>();
        if (Current is not { } evaluation)
        {
            notes.Add(new OverviewNote("evaluation", "not evaluated: the errors below stop it"));
            return new ArgumentOverview(this, sources, null, [], null, null, [], null, notes);
        }

        // The map names its scenario itself (MapDot); its title says the rest of the context.
        var map = ArgumentMap.Of((Context with { Scenario = null }).Title(Model.DisplayName), evaluation, CheckedReport, Scenario);
        var scenarioRows = CheckedReport.Scenarios.Select(s => (s.Scenario.Name, Rows: Conclusions(s.Scenario.Name).ToDictionary(r => r.Atom.Id))).ToList();
        // Every conclusion is proved in its own row, so a proof refers to another conclusion's row once it is long, and
        // only the first conclusions' proofs are drawn from their smallest support: bounded, so a report of a long
        // chain of reasoning takes time and memory linear in it (issue 23).
        var rows = Conclusions();
        var proved = rows.Select(r => r.Atom.Id).ToHashSet();
        var bySupport = Math.Min(OverviewSupportProofs, Math.Max(1, OverviewSupportProofRules / Math.Max(1, evaluation.Program.Rules.Count)));
        var conclusions = rows.Select((row, i) => new OverviewConclusion(
            row,
            [.. scenarioRows.Select(s => new ScenarioState(s.Name, s.Rows.TryGetValue(row.Atom.Id, out var inScenario) ? inScenario.Marked : "unknown"))],
            i < OverviewProofs ? ExplainConclusion(row, new ProofBounds(OverviewProofSteps, plane => proved.Contains(plane.Atom), BySupport: i < bySupport)) : null)).ToList();
        if (rows.Count > bySupport)
        {
            notes.Add(new OverviewNote("proofs", FormattableString.Invariant(
                $"the proofs of the first {bySupport:N0} conclusions are drawn from their smallest support; the next {Math.Min(rows.Count, OverviewProofs) - bySupport:N0} show the proof the evaluation recorded") +
                (rows.Count > OverviewProofs ? FormattableString.Invariant($", and the last {rows.Count - OverviewProofs:N0} are listed without a proof") : string.Empty) +
                " ('policydsl why' proves any conclusion from its smallest support)"));
        }

        // Every scenario up to 2^20 of them; past that a sample of the same size, drawn with a fixed seed so the same
        // input gives the same report, its error bound stated.
        SweepResult? sweep = null;
        var preparation = PrepareSweep(sampling: true);
        if (preparation.Refusal is { } refusal)
        {
            notes.Add(new OverviewNote("scenarios", $"not swept: {refusal.Reason}"));
        }
        else if (preparation.Plan!.Space.Open.Count > 0)
        {
            var plan = preparation.Plan;
            var blocks = plan.Bits <= 8 ? 1 : 1L << (plan.Bits - 8);
            var exhaustive = plan.Bits <= OverviewSweepBits && blocks * plan.BlockWork(sampled: false) <= sweepWork;
            var drawn = exhaustive ? (long?)null : Math.Clamp(sweepWork / plan.BlockWork(sampled: true), 1, 1L << (OverviewSweepBits - 8)) << 8;
            sweep = ScenarioSweep.Run(plan, new SweepOptions { Samples = drawn, Seed = 1, Cancellation = cancellation });
            if (!exhaustive)
            {
                notes.Add(new OverviewNote("scenarios", FormattableString.Invariant(
                    $"sampled: {sweep.Scenarios + sweep.Excluded:N0} of 2^{plan.Bits} scenario codes drawn at random (seed 1); each share is within ±{sweep.ErrorBound:F4} of the true one with 95% confidence") +
                    (drawn < 1L << OverviewSweepBits ? "; fewer drawn for an argument this large ('policydsl scenarios --sample N' draws as many as asked)" : string.Empty)));
            }
        }

        FlipsAnswer? flips = null;
        try
        {
            flips = Flips([], cancellation: cancellation);
        }
        catch (QuestionException problem)
        {
            notes.Add(new OverviewNote("flips", problem.Message));
        }

        // The theses are the claims the argument expects (outside named scenarios): what is critical to each one that
        // holds in the base evaluation.
        var critical = new List<CriticalAnswer>();
        foreach (var expectation in Model.Expectations.Where(e => e.Scenario is null && e.When is null).DistinctBy(e => e.Claim.ToString()))
        {
            try
            {
                critical.Add(Critical(expectation.Claim.ToString()!, cancellation: cancellation));
            }
            catch (QuestionException problem)
            {
                notes.Add(new OverviewNote("critical", problem.Message));
            }
        }

        HypothesisMatrix? matrix = null;
        try
        {
            matrix = Matrix([], cancellation: cancellation);
        }
        catch (QuestionException problem)
        {
            notes.Add(new OverviewNote("matrix", problem.Message));
        }

        return new ArgumentOverview(this, sources, map, conclusions, sweep, flips, critical, matrix, notes);
    }
}
