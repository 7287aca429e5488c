using System.Globalization;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Evaluator.Engine;
using PolicyDsl.Evaluator.Grounding;
using PolicyDsl.Evaluator.Scenarios;
using PolicyDsl.Evaluator.Supports;

namespace PolicyDsl.Evaluator.Analysis;

/// <summary>The supports of a claim: each plane it asks about (a valued atom has one per value) with its minimal supports.</summary>
public sealed record SupportAnswer(string Claim, string State, IReadOnlyList<PlaneSupports> Planes, SupportAnalysis Analysis)
{
    /// <summary>The analyst's own steps (<c>per analyst</c>) in every support of the claim: the premises are the texts', these are not.</summary>
    public IReadOnlyList<Explain.AnalystJudgment> Judgments { get; init; } = [];

    /// <summary>The analyst's own steps in some of its supports but not all (each support lists its own).</summary>
    public IReadOnlyList<Explain.AnalystJudgment> AlsoJudgments { get; init; } = [];

    /// <summary>What was left out, as coded warnings (PD0065, PD0066).</summary>
    public IReadOnlyList<Dsl.Diagnostics.Diagnostic> Diagnostics { get; init; } = [];

    /// <summary>
    /// For a claim that does not hold with the open premises unknown: the possible scenarios it holds in, of how
    /// many; its supports are then over the stated premises and the open premises' values (null: answered as stated).
    /// </summary>
    public (long HoldsIn, long Of)? AcrossScenarios { get; init; }
}

/// <summary>
/// One conclusion in a retraction: its state before and after (with the contested mark: "true, contested"), and the
/// supports it keeps, clean ones first, each group smallest first (<see cref="RemainingCut"/>: more exist).
/// </summary>
public sealed record RetractRow(GroundAtom Atom, string Before, string After, IReadOnlyList<Support> Remaining)
{
    public bool RemainingCut { get; init; }
}

/// <summary>
/// One conclusion whose standing over the scenarios of the open premises changes with the withdrawal: in how many
/// scenarios it is in each state (all, some or none of them changes), or how probable it is, before and after.
/// </summary>
public sealed record RetractScenarioRow(string Atom, string Before, string After);

/// <summary>
/// What withdrawing premises does to the conclusions, in the evaluation asked about (the base argument or a named
/// scenario): those that lose every support (known before, unknown after), those left resting only on a conflict
/// (<see cref="NowContested"/>), those that change truth or value otherwise, and those that rested on a withdrawn
/// premise in some support but keep another. Then over every scenario of the open premises (<see cref="Scenarios"/>):
/// the conclusions whose standing there changes. <see cref="Unaffected"/> counts the conclusions unaffected in the
/// evaluation and in every scenario.
/// </summary>
public sealed record RetractAnswer(Withdrawal Withdrawal, IReadOnlyList<SupportPremise> Withdrawn, IReadOnlyList<RetractRow> Lost, IReadOnlyList<RetractRow> Changed, IReadOnlyList<RetractRow> Kept, int Unaffected)
{
    /// <summary>Conclusions that held cleanly and now rest only on a conflict (the same truth or value, contested).</summary>
    public IReadOnlyList<RetractRow> NowContested { get; init; } = [];

    /// <summary>The scenario in which the question was asked; null for the base argument.</summary>
    public string? Scenario { get; init; }

    /// <summary>The open premises' scenarios compared, before and after (0 when the argument has no open premise).</summary>
    public (long Before, long After) ScenarioCounts { get; init; }

    /// <summary>Conclusions whose standing over the scenarios changes; empty when nothing is open or nothing changes there.</summary>
    public IReadOnlyList<RetractScenarioRow> Scenarios { get; init; } = [];

    /// <summary>Why the scenarios were not compared (too many to sweep, or not sweepable); null when they were, or none are open.</summary>
    public string? ScenariosNotCompared { get; init; }
}

/// <summary>
/// What a claim cannot do without: the premises whose withdrawal alone makes it no longer hold, then the minimal sets
/// of up to <see cref="ArgumentAnalysis.CriticalSetSize"/> that do; the sources without which it does not; and the
/// premises whose negation makes it no longer hold. A claim that holds cleanly is measured cleanly (<see cref="Cleanly"/>):
/// a withdrawal that leaves it resting only on a conflict counts (<see cref="LeavesContested"/> says which sets and
/// sources do that rather than lose it). A contested claim is measured as derived at all. A claim in conflict is
/// answered for each side (<see cref="Sides"/>), each as derived at all.
/// </summary>
public sealed record CriticalAnswer(string Claim, string State, IReadOnlyList<IReadOnlyList<SupportPremise>> Sets, IReadOnlyList<string> Sources,
    IReadOnlyList<SupportPremise> Negations, int Candidates, bool Cut, SupportAnalysis Analysis)
{
    /// <summary>Whether "holds" means "holds cleanly" here (the claim holds cleanly as asked), or derived at all.</summary>
    public bool Cleanly { get; init; }

    /// <summary>Of <see cref="Sets"/>, those whose withdrawal leaves the claim derived, but only through a conflict.</summary>
    public IReadOnlyList<IReadOnlyList<SupportPremise>> ContestedSets { get; init; } = [];

    /// <summary>Of <see cref="Sources"/>, those whose withdrawal leaves the claim derived, but only through a conflict.</summary>
    public IReadOnlyList<string> ContestedSources { get; init; } = [];

    /// <summary>For a claim in conflict, one answer per side (the atom true, the atom false, or each of its values); else empty.</summary>
    public IReadOnlyList<CriticalAnswer> Sides { get; init; } = [];

    /// <summary>
    /// For a claim that does not hold with the open premises unknown: the scenarios it holds in, of how many; the
    /// sets and sources are then those without which it holds in none of them (null: answered as stated).
    /// </summary>
    public (long HoldsIn, long Of)? AcrossScenarios { get; init; }

    /// <summary>
    /// Across the open premises' scenarios: the claim's standing, and the premises and sources without which it no
    /// longer holds cleanly in some scenario where it did (asked of the whole claim, not of each side).
    /// </summary>
    public CriticalScenarios InScenarios { get; init; } = CriticalScenarios.None;

    /// <summary>Whether withdrawing this set (one of <see cref="Sets"/>) leaves the claim contested rather than lost.</summary>
    public bool LeavesContested(IReadOnlyList<SupportPremise> set) => ContestedSets.Contains(set);
}

public sealed partial class ArgumentAnalysis
{
    /// <summary>The largest set of premises <see cref="Critical"/> withdraws together.</summary>
    public const int CriticalSetSize = 4;

    /// <summary>Sets of premises tried by <see cref="Critical"/> at most; past it the answer says it was cut.</summary>
    public const int CriticalTries = 2_000_000;

    /// <summary>Every minimal support of a claim (an atom, its negation, or a valued atom: each of its values).</summary>
    public SupportAnswer Support(string claim, string? scenario = null)
    {
        var evaluation = Baseline(scenario);
        var (planes, state) = PlanesOf(evaluation, claim);
        if ((planes.Count == 0 || planes.All(p => evaluation.DerivationOf(p) is null)) && AcrossScenarios(evaluation, claim) is { } across)
        {
            return new SupportAnswer(claim, state, across.Planes, across.Analysis) { AcrossScenarios = (across.HoldsIn, across.Of) };
        }

        var analysis = SupportsOf(evaluation);
        var found = planes.Select(analysis.Of).ToList();
        var rows = ConclusionTable.Of(evaluation, analysis).Where(r => planes.Any(p => p.Atom == r.Atom.Id)).ToList();
        return new SupportAnswer(claim, state, found, analysis)
        {
            Diagnostics = SupportDiagnostics.Of(analysis, rows, scenario),
            Judgments = [.. rows.SelectMany(r => r.Judgments).DistinctBy(j => (j.Step, j.Location))],
            AlsoJudgments = [.. rows.SelectMany(r => r.AlsoJudgments).DistinctBy(j => (j.Step, j.Location))],
        };
    }

    /// <summary>Scenarios of the open premises a claim's supports are read across, at most: each is an evaluation and a support computation.</summary>
    public const int MaxSupportScenarios = 256;

    /// <summary>
    /// The supports of a claim across the possible scenarios of the open premises: in each scenario where it holds,
    /// its supports there (premises and the open premises' values that scenario fixes), merged, the non-minimal ones
    /// (a superset of another) left out. Null when nothing is open or it holds in no scenario; refused past
    /// <see cref="MaxSupportScenarios"/> scenarios.
    /// </summary>
    private (IReadOnlyList<PlaneSupports> Planes, SupportAnalysis Analysis, long HoldsIn, long Of)? AcrossScenarios(Evaluation evaluation, string claim,
        CancellationToken cancellation = default)
    {
        var space = new ScenarioSpace(evaluation.Program, evaluation.Premises);
        if (space.Open.Count == 0)
        {
            return null;
        }

        if (space.Count > MaxSupportScenarios)
        {
            throw new QuestionException(QuestionFailure.CannotAnswer,
                $"{claim} does not hold with the open premises unknown, and its supports across the {space.Count:N0} scenarios are read only up to {MaxSupportScenarios}; ask within a named scenario (--scenario NAME) or fix some open premises with whatif");
        }

        var merged = new Dictionary<Plane, List<Support>>();
        SupportAnalysis? first = null;
        long holdsIn = 0, possible = 0;
        foreach (var (_, scenarioEvaluation) in space.Enumerate(cancellation))
        {
            possible++;
            var (planes, _) = PlanesOf(scenarioEvaluation, claim);
            var derived = planes.Where(p => scenarioEvaluation.DerivationOf(p) is not null).ToList();
            if (derived.Count == 0)
            {
                continue;
            }

            holdsIn++;
            var analysis = SupportAnalysis.Compute(scenarioEvaluation, cancellation: cancellation);
            first ??= analysis;
            foreach (var plane in derived)
            {
                var list = merged.TryGetValue(plane, out var known) ? known : merged[plane] = [];
                // An open premise's value is shown as the value the support needs, not as one scenario's.
                list.AddRange(analysis.Of(plane).Supports.Select(s => s with { Premises = [.. s.Premises.Select(p => p.IsAssumption ? p with { Scenario = null } : p)] }));
            }
        }

        if (holdsIn == 0)
        {
            return null;
        }

        var result = new List<PlaneSupports>();
        foreach (var (plane, supports) in merged.OrderBy(m => m.Key.Kind).ThenBy(m => m.Key.Value.ToString(), StringComparer.Ordinal))
        {
            var distinct = supports.GroupBy(s => string.Join("|", s.Premises.Select(p => p.Key).Order(StringComparer.Ordinal)), StringComparer.Ordinal)
                .Select(g => g.First() with { Clean = g.All(s => s.Clean) }).ToList();
            var minimal = distinct.Where(s => !distinct.Any(o => o != s && o.Premises.Count < s.Premises.Count && o.Premises.All(p => s.Premises.Any(q => q.Key == p.Key))))
                .OrderBy(s => s.Clean ? 0 : 1).ThenBy(s => s.Premises.Count).ThenBy(s => string.Join("|", s.Premises.Select(p => p.Key)), StringComparer.Ordinal).ToList();
            var truncated = minimal.Count > SupportAnalysis.MaxSupports;
            result.Add(new PlaneSupports(plane, [.. minimal.Take(SupportAnalysis.MaxSupports)], truncated));
        }

        return (result, first!, holdsIn, possible);
    }

    /// <summary>
    /// The planes a claim asks about, with the claim's state: <c>p</c> the atom's truth, <c>not p</c> its opposite
    /// (true where the atom is false), a valued atom each value it has. A claim that is not a single atom is refused.
    /// </summary>
    /// <param name="evaluation">the evaluation read</param>
    /// <param name="claim">the claim, as the question gives it</param>
    /// <param name="requireMention">false for an evaluation with something withdrawn, whose program may no longer mention the claim (it is then unknown)</param>
    private (IReadOnlyList<Plane> Planes, string State) PlanesOf(Evaluation evaluation, string claim, bool requireMention = true)
    {
        var query = Bind(claim, "atom").Expression!;
        var (atom, negated) = query switch
        {
            BoundTruth t => (t.Atom, false),
            BoundNot { Operand: BoundTruth t } => (t.Atom, true),
            BoundAtomValue a => (a.Atom, false),
            _ => throw new QuestionException(QuestionFailure.BadQuestion, $"'{claim}' is not an atom; name one: 'p', 'not p' or a valued atom"),
        };
        if (evaluation.Program.FindAtom(atom) is not { } id)
        {
            if (requireMention && !evaluation.Program.Mentions(atom))
            {
                throw new QuestionException(QuestionFailure.BadQuestion, $"no statement of the argument mentions {atom}");
            }

            return ([], "unknown");
        }

        var ground = evaluation.Program.Atoms[id];
        var state = ground.IsValued
            ? evaluation.ValuesOf(id) is { Count: > 0 } values ? "= " + string.Join(" / ", values) : "unknown"
            : negated && evaluation.TruthOf(id) is Truth.True or Truth.False ? (evaluation.TruthOf(id) == Truth.True ? Truth.False : Truth.True).Text()
            : evaluation.TruthOf(id).Text();
        IReadOnlyList<Plane> planes = ground.IsValued ? [.. evaluation.ValuesOf(id).Select(v => Plane.Valued(id, v))] : [negated ? Plane.False(id) : Plane.True(id)];
        return (planes, state);
    }

    /// <summary>
    /// What withdrawing the named premises does to the conclusions (see <see cref="RetractAnswer"/>), in the current
    /// evaluation or within a named scenario, and over every scenario of the open premises. States are compared with
    /// their contested mark: a conclusion left resting only on a conflict has not kept its standing.
    /// </summary>
    public RetractAnswer Retract(IReadOnlyList<string> names, string? scenario = null, CancellationToken cancellation = default)
    {
        var self = scenario is null ? this : In(scenario);
        var before = self.Evaluated;
        var after = self.Without(names);
        var withdrawal = after.Withdrawn ?? throw new QuestionException(QuestionFailure.BadQuestion, "name what to withdraw: a source, source#anchor or a premise");
        var afterEvaluation = after.Evaluated;
        var supportsBefore = self.SupportsOf(before);
        var supportsAfter = after.SupportsOf(afterEvaluation);
        bool IsWithdrawn(SupportPremise p) => p.Symbol switch
        {
            FactSymbol f => withdrawal.Withdraws(f),
            AssumeSymbol a => withdrawal.Withdraws(a),
            _ => false,
        };

        // A conclusion the withdrawal touches: a support of it uses a withdrawn premise or passes through a withdrawn
        // rule, or its supports are not the same sets of premises after (a rule withdrawn that the rules of supports,
        // computed for cited rules, do not name).
        static string SetsOf(PlaneSupports supports) => string.Join("|", supports.Supports.Select(s => string.Join(",", s.Premises.Select(p => p.Key).Order(StringComparer.Ordinal))).Order(StringComparer.Ordinal));
        bool Touched(int atomBefore, int atomAfter)
        {
            var was = supportsBefore.Of(PlaneOf(before, atomBefore));
            return was.Supports.Any(s => s.Premises.Any(IsWithdrawn) || (s.Rules ?? []).Any(withdrawal.Withdraws))
                || (withdrawal.Rules.Count > 0 && SetsOf(was) != SetsOf(supportsAfter.Of(PlaneOf(afterEvaluation, atomAfter))));
        }

        // The conclusions before, read after even where no rule is left to conclude them (one may still be stated).
        var beforeRows = ConclusionTable.Of(before);
        var afterRows = ConclusionTable.Of(afterEvaluation, alsoAtoms: beforeRows.Select(r => GroundAtomKey.Of(r.Atom)).ToHashSet())
            .ToDictionary(r => GroundAtomKey.Of(r.Atom), r => r);
        var lost = new List<RetractRow>();
        var nowContested = new List<RetractRow>();
        var changed = new List<RetractRow>();
        var kept = new List<RetractRow>();
        var unaffected = new List<string>();
        var seen = new HashSet<GroundAtomKey>();
        foreach (var row in beforeRows)
        {
            var key = GroundAtomKey.Of(row.Atom);
            seen.Add(key);
            var was = row.Marked;
            var next = afterRows.GetValueOrDefault(key);
            var now = next?.Marked ?? "unknown";
            if (was == now)
            {
                if (was == "unknown" || next is null)
                {
                    continue;
                }

                if (Touched(row.Atom.Id, next.Atom.Id))
                {
                    var left = supportsAfter.Of(PlaneOf(afterEvaluation, next.Atom.Id));
                    kept.Add(new RetractRow(row.Atom, was, now, left.Supports) { RemainingCut = left.Truncated });
                }
                else
                {
                    unaffected.Add(row.Atom.Display);
                }

                continue;
            }

            if (now == "unknown")
            {
                lost.Add(new RetractRow(row.Atom, was, now, []));
            }
            else if (next is { Contested: true } && !row.Contested && next.State == row.State)
            {
                var left = supportsAfter.Of(PlaneOf(afterEvaluation, next.Atom.Id));
                nowContested.Add(new RetractRow(row.Atom, was, now, left.Supports) { RemainingCut = left.Truncated });
            }
            else
            {
                changed.Add(new RetractRow(row.Atom, was, now, []));
            }
        }

        // A withdrawal can also make a conclusion: an exception withdrawn lets its rule fire.
        foreach (var (key, row) in afterRows)
        {
            if (!seen.Contains(key) && row.State != "unknown")
            {
                changed.Add(new RetractRow(row.Atom, "unknown", row.Marked, []));
            }
        }

        var (counts, scenarioRows, notCompared) = CompareScenarios(self, after, cancellation);
        var changedInScenarios = scenarioRows.Select(r => r.Atom).ToHashSet(StringComparer.Ordinal);
        return new RetractAnswer(withdrawal, [.. supportsBefore.Premises.Where(IsWithdrawn)], lost, changed, kept, unaffected.Count(a => !changedInScenarios.Contains(a)))
        {
            NowContested = nowContested,
            Scenario = scenario ?? Scenario,
            ScenarioCounts = counts,
            Scenarios = scenarioRows,
            ScenariosNotCompared = notCompared,
        };
    }

    /// <summary>
    /// The conclusions whose standing over the open premises' scenarios differs between two analyses: for each state
    /// (true, false, in conflict, contested, unknown; a value), whether it holds in all, some or none of the
    /// scenarios, and the probability (or share) of being true cleanly.
    /// </summary>
    private static ((long, long) Counts, IReadOnlyList<RetractScenarioRow> Rows, string? NotCompared) CompareScenarios(ArgumentAnalysis before, ArgumentAnalysis after,
        CancellationToken cancellation)
    {
        var preparedBefore = before.PrepareSweep();
        var preparedAfter = after.PrepareSweep();
        if ((preparedBefore.Refusal ?? preparedAfter.Refusal) is { } refusal)
        {
            return ((0, 0), [], $"the scenarios were not compared: {refusal.Reason}");
        }

        var planBefore = preparedBefore.Plan!;
        var planAfter = preparedAfter.Plan!;
        if (planBefore.Space.Open.Count == 0 && planAfter.Space.Open.Count == 0)
        {
            return ((0, 0), [], null);
        }

        var sweepBefore = ScenarioSweep.Run(planBefore, new SweepOptions { Cancellation = cancellation });
        var sweepAfter = ScenarioSweep.Run(planAfter, new SweepOptions { Cancellation = cancellation });
        // Every atom's standing after, a conclusion's whose rules went too (it may still be stated: the sweep counts every atom).
        var standingAfter = Enumerable.Range(0, planAfter.Program.Atoms.Count).ToDictionary(a => planAfter.Program.Atoms[a].Display, a => Standing(sweepAfter, a), StringComparer.Ordinal);
        var rows = new List<RetractScenarioRow>();
        foreach (var atom in sweepBefore.Conclusions)
        {
            var display = planBefore.Program.Atoms[atom].Display;
            var was = Standing(sweepBefore, atom);
            // No rule left can conclude it: unknown in every scenario.
            var now = standingAfter.GetValueOrDefault(display) ?? Standing([], planBefore.ValueBase[atom] >= 0, sweepAfter.Scenarios, 0, sweepAfter.IsWeighted);
            if (!was.SameAs(now))
            {
                rows.Add(new RetractScenarioRow(display, was.Text, now.Text));
            }
        }

        return ((sweepBefore.Scenarios, sweepAfter.Scenarios), rows, null);
    }

    /// <summary>An atom's standing over a sweep: all, some or none per state, in words and as a key to compare.</summary>
    private sealed record ScenarioStanding(string Text, string Shape, double TrueShare)
    {
        public bool SameAs(ScenarioStanding other) => Shape == other.Shape && Math.Abs(TrueShare - other.TrueShare) < 1e-12;
    }

    private static ScenarioStanding Standing(SweepResult sweep, int atom)
    {
        var valued = sweep.Plan.ValueBase[atom] >= 0;
        List<(string State, long Count)> parts = valued
            ? [.. sweep.ValuesOf(atom).Select(v => ($"= {v.Value}", v.TrueIn))]
            : [("true", sweep.TrueIn(atom)), ("false", sweep.FalseIn(atom))];
        parts.Add(("in conflict", sweep.Conflicting[atom]));
        parts.Add(("contested", sweep.ContestedIn(atom)));
        return Standing(parts, valued, sweep.Scenarios, sweep.TrueProbability(atom), sweep.IsWeighted);
    }

    /// <summary>A standing from the scenarios counted in each state (a truth's unknown ones are the rest).</summary>
    private static ScenarioStanding Standing(List<(string State, long Count)> parts, bool valued, long total, double share, bool weighted)
    {
        if (!valued)
        {
            foreach (var state in new[] { "true", "false", "in conflict", "contested" })
            {
                if (!parts.Exists(p => p.State == state))
                {
                    parts.Add((state, 0));
                }
            }

            parts.Add(("unknown", Math.Max(0, total - parts.Sum(p => p.Count))));
        }

        static string Quantity(long count, long total) => count == total ? $"all {count:N0}" : count == 0 ? "none" : $"some ({count:N0} of {total:N0})";
        var present = parts.Where(p => p.Count > 0).ToList();
        var text = present.Count == 0 ? "no scenario is possible" : string.Join(", ", present.Select(p => $"{p.State} in {Quantity(p.Count, total)}"));
        text += weighted ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"; p(true) {share:0.####}") : string.Empty;
        var shape = string.Join(";", parts.OrderBy(p => p.State, StringComparer.Ordinal).Select(p => $"{p.State}:{(p.Count == total ? "all" : p.Count == 0 ? "none" : "some")}"));
        return new ScenarioStanding(text, shape, share);
    }

    /// <summary>The plane a conclusion's state rests on: true, false, or its (first) value.</summary>
    private static Plane PlaneOf(Evaluation evaluation, int atom) =>
        evaluation.Program.Atoms[atom].IsValued
            ? Plane.Valued(atom, evaluation.ValuesOf(atom) is { Count: > 0 } values ? values[0] : default)
            : evaluation.Holds(atom) ? Plane.True(atom) : Plane.False(atom);

    /// <summary>
    /// The linchpins of a claim (see <see cref="CriticalAnswer"/>): premises (each alone, then minimal sets of up to
    /// <see cref="CriticalSetSize"/> among the premises of its supports) whose withdrawal makes it no longer hold, the
    /// sources whose withdrawal does, and the premises it rests on whose negation (a what-if) does. Withdrawal is
    /// read on the decision diagrams, exactly: "holds cleanly" is by the disputes of the evaluation without them.
    /// </summary>
    public CriticalAnswer Critical(string claim, string? scenario = null, CancellationToken cancellation = default)
    {
        var evaluation = Baseline(scenario);
        // A source that states rules is judged on the evaluation without it, once per question for both answers.
        var withoutSources = new Dictionary<string, Evaluation>(StringComparer.Ordinal);
        Evaluation WithoutSource(string source) => withoutSources.TryGetValue(source, out var known) ? known : withoutSources[source] = WithoutSourceIn(source, scenario);
        var answer = CriticalInEvaluation(claim, evaluation, scenario, WithoutSource, cancellation);
        var inScenarios = CriticalInScenarios(claim, evaluation, WithoutSource, cancellation);
        // Marked when the evaluation's answer (or a side's) already names the premise or source as critical on its own.
        var answers = answer.Sides.Count > 0 ? answer.Sides : [answer];
        var singles = answers.SelectMany(a => a.Sets).Where(s => s.Count == 1).Select(s => s[0].Key).ToHashSet(StringComparer.Ordinal);
        var sources = answers.SelectMany(a => a.Sources).ToHashSet(StringComparer.Ordinal);
        return answer with
        {
            InScenarios = inScenarios with
            {
                Rows = [.. inScenarios.Rows.Select(r => r with { CriticalInEvaluation = r.Premise is { } p ? singles.Contains(p.Key) : sources.Contains(r.Source!) })],
            },
        };
    }

    private CriticalAnswer CriticalInEvaluation(string claim, Evaluation evaluation, string? scenario, Func<string, Evaluation> withoutSource, CancellationToken cancellation)
    {
        var (planes, state) = PlanesOf(evaluation, claim);
        var analysis = SupportsOf(evaluation);
        if (planes.Count == 0 || planes.All(p => evaluation.DerivationOf(p) is null))
        {
            return CriticalAcrossScenarios(claim, state, evaluation, withoutSource, cancellation)
                ?? throw new QuestionException(QuestionFailure.BadQuestion, $"{claim} does not hold (it is {state}), so nothing is critical to it; 'policydsl why-not' says what it lacks");
        }

        if (analysis.NotComputed is { } why)
        {
            throw new QuestionException(QuestionFailure.CannotAnswer, $"the supports of {claim} were not computed: {why}");
        }

        // A claim in conflict: each side is derived, neither cleanly; what is critical to each is answered apart.
        var atom = planes[0].Atom;
        if (evaluation.IsConflicted(atom))
        {
            var explainer = new Explain.Explainer(evaluation);
            var sides = SidesOf(evaluation, atom)
                .Select(side => CriticalOf(explainer.Describe(side), "derived, in conflict", side, cleanly: false, evaluation, analysis, scenario, withoutSource, cancellation)).ToList();
            return new CriticalAnswer(claim, state, [], [], [], 0, sides.Any(s => s.Cut), analysis) { Sides = sides };
        }

        var plane = planes[0];
        return CriticalOf(claim, state, plane, cleanly: evaluation.Clean.DerivationOf(plane) is not null, evaluation, analysis, scenario, withoutSource, cancellation);
    }

    /// <summary>
    /// What a claim that holds only in some scenarios cannot do without: the stated premises (alone, then sets of up to
    /// <see cref="CriticalSetSize"/> among those of its supports) and the sources without which it is derived in none
    /// of them, read on each scenario's decision diagrams. Null when nothing is open or it holds in no scenario.
    /// </summary>
    private CriticalAnswer? CriticalAcrossScenarios(string claim, string state, Evaluation evaluation, Func<string, Evaluation> withoutSource, CancellationToken cancellation)
    {
        var space = new ScenarioSpace(evaluation.Program, evaluation.Premises);
        if (space.Open.Count == 0)
        {
            return null;
        }

        if (space.Count > MaxSupportScenarios)
        {
            throw new QuestionException(QuestionFailure.CannotAnswer,
                $"{claim} does not hold with the open premises unknown, and what is critical to it across the {space.Count:N0} scenarios is read only up to {MaxSupportScenarios}; ask within a named scenario (--scenario NAME)");
        }

        var holding = new List<(SupportAnalysis Analysis, IReadOnlyList<Plane> Planes)>();
        long possible = 0;
        foreach (var (_, scenarioEvaluation) in space.Enumerate(cancellation))
        {
            possible++;
            var derived = PlanesOf(scenarioEvaluation, claim).Planes.Where(p => scenarioEvaluation.DerivationOf(p) is not null).ToList();
            if (derived.Count > 0)
            {
                var analysis = SupportAnalysis.Compute(scenarioEvaluation, cancellation: cancellation);
                if (analysis.NotComputed is { } why)
                {
                    throw new QuestionException(QuestionFailure.CannotAnswer, $"the supports of {claim} were not computed: {why}");
                }

                holding.Add((analysis, derived));
            }
        }

        if (holding.Count == 0)
        {
            return null;
        }

        // Withdrawn by statement and line, the same premise in every scenario; the open premises' values are the scenarios', not withdrawn.
        bool Holds(Func<SupportPremise, bool> withdrawn) => holding.Any(h => h.Planes.Any(plane => h.Analysis.HoldsWithout(plane, p => !p.IsAssumption && withdrawn(p))));
        var stated = holding.SelectMany(h => h.Analysis.Premises).Where(p => !p.IsAssumption).DistinctBy(p => p.Key).ToList();
        var sets = new List<IReadOnlyList<SupportPremise>>();
        foreach (var premise in stated)
        {
            if (!Holds(p => p.Key == premise.Key))
            {
                sets.Add([premise]);
            }
        }

        var candidates = holding.SelectMany(h => h.Planes.SelectMany(plane => h.Analysis.Of(plane).Supports)).SelectMany(s => s.Premises)
            .Where(p => !p.IsAssumption).DistinctBy(p => p.Key).Where(p => !sets.Any(s => s[0].Key == p.Key)).ToList();
        var cut = SearchSets(sets, candidates, p => p.Key, chosen =>
        {
            var keys = chosen.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
            return Holds(p => keys.Contains(p.Key));
        }, cancellation);

        // A source whose rules the claim could pass through is judged on every scenario of the evaluation without it.
        bool HoldsWithoutSource(string source)
        {
            if (!CitedByRules(source))
            {
                return Holds(p => p.WithdrawnBy(source));
            }

            var without = withoutSource(source);
            return new ScenarioSpace(without.Program, without.Premises).Enumerate(cancellation)
                .Any(s => PlanesOf(s.Evaluation, claim, requireMention: false).Planes.Any(p => s.Evaluation.DerivationOf(p) is not null));
        }

        var sources = CandidateSources(stated).Where(source => !HoldsWithoutSource(source)).ToList();
        return new CriticalAnswer(claim, state, sets, sources, [], candidates.Count + sets.Count(s => s.Count == 1), cut, holding[0].Analysis)
        {
            AcrossScenarios = (holding.Count, possible),
        };
    }

    /// <summary>
    /// The sources critical may name: those the premises cite, and those the rules cite (withdrawing a source withdraws
    /// its rules too, so a text whose only part in the argument is its reasoning can be critical).
    /// </summary>
    private IEnumerable<string> CandidateSources(IEnumerable<SupportPremise> premises) =>
        premises.SelectMany(p => p.Sources).Concat(Model.Rules.SelectMany(r => Citation.SourcesOf(r.Citations)))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

    /// <summary>Whether some rule of the argument cites the source (then withdrawing it withdraws reasoning, not only premises).</summary>
    private bool CitedByRules(string source) => Model.Rules.Any(r => r.Citations.Any(c => !c.IsAnalyst && c.SourceName == source));

    /// <summary>The evaluation asked about (the base, or a named scenario) with a source withdrawn, premises and rules.</summary>
    private Evaluation WithoutSourceIn(string source, string? scenario)
    {
        var without = Without([source]);
        return scenario is null ? without.Evaluated : without.Baseline(scenario);
    }

    /// <summary>The planes of an atom in conflict: true and false, or each of its values.</summary>
    private static IEnumerable<Plane> SidesOf(Evaluation evaluation, int atom) =>
        evaluation.Program.Atoms[atom].IsValued ? evaluation.ValuesOf(atom).Select(v => Plane.Valued(atom, v)) : [Plane.True(atom), Plane.False(atom)];

    private CriticalAnswer CriticalOf(string claim, string state, Plane plane, bool cleanly, Evaluation evaluation, SupportAnalysis analysis, string? scenario, Func<string, Evaluation> withoutSource,
        CancellationToken cancellation)
    {
        var premises = analysis.Premises;
        bool Derived(Func<SupportPremise, bool> withdrawn) => analysis.HoldsWithout(plane, withdrawn);
        bool Holds(Func<SupportPremise, bool> withdrawn) => !cleanly ? Derived(withdrawn)
            : analysis.HoldsCleanlyWithout(plane, withdrawn)
                ?? throw new QuestionException(QuestionFailure.CannotAnswer, $"what withdrawing premises leaves of {claim} needs more than {analysis.NodeLimit:N0} decision-diagram nodes");

        // Each premise alone, all of them; larger sets among the premises of its supports, smallest first, each minimal.
        var sets = new List<IReadOnlyList<SupportPremise>>();
        foreach (var premise in premises)
        {
            if (!Holds(p => p.Index == premise.Index))
            {
                sets.Add([premise]);
            }
        }

        var candidates = analysis.Of(plane).Supports.SelectMany(s => s.Premises).DistinctBy(p => p.Index).OrderBy(p => p.Index)
            .Where(p => !sets.Any(s => s[0].Index == p.Index)).ToList();
        var cut = SearchSets(sets, candidates, p => p.Index.ToString(CultureInfo.InvariantCulture), chosen =>
        {
            var indexes = chosen.Select(c => c.Index).ToHashSet();
            return Holds(p => indexes.Contains(p.Index));
        }, cancellation);

        // A source goes with its premises and the rules citing it: one whose rules the claim could pass through is
        // judged on the evaluation without it (withdrawal is exact there too); one cited by premises only, on the diagrams.
        var key = GroundAtomKey.Of(evaluation.Program.Atoms[plane.Atom]);
        (bool Holds, bool Derived) WithoutSource(string source)
        {
            if (!CitedByRules(source))
            {
                return (Holds(p => p.WithdrawnBy(source)), Derived(p => p.WithdrawnBy(source)));
            }

            var without = withoutSource(source);
            var there = without.Program.FindAtom(key) is { } id ? plane with { Atom = id } : (Plane?)null;
            var derived = there is { } t && without.DerivationOf(t) is not null;
            return (cleanly ? there is { } c && without.Clean.DerivationOf(c) is not null : derived, derived);
        }

        var sourceAnswers = CandidateSources(premises).ToDictionary(source => source, WithoutSource, StringComparer.Ordinal);
        var sources = sourceAnswers.Where(a => !a.Value.Holds).Select(a => a.Key).ToList();

        // Negation: a what-if stating the opposite of each premise it rests on; it fails unless it still holds as it held.
        var negations = new List<SupportPremise>();
        foreach (var premise in analysis.Of(plane).Supports.SelectMany(s => s.Premises).DistinctBy(p => p.Index).OrderBy(p => p.Index).Where(p => p.IsTruth && !p.IsAssumption))
        {
            cancellation.ThrowIfCancellationRequested();
            var opposite = premise.Statement.StartsWith("not ", StringComparison.Ordinal) ? premise.Statement[4..] : "not " + premise.Statement;
            var negated = WithWhatIf(opposite);
            var evaluated = scenario is null ? negated.Evaluated : negated.Baseline(scenario);
            var id = evaluated.Program.FindAtom(key) ?? -1;
            var there = id < 0 ? plane : plane with { Atom = id };
            var stillHolds = id >= 0 && (cleanly ? evaluated.Clean.DerivationOf(there) is not null : evaluated.DerivationOf(there) is not null);
            if (!stillHolds)
            {
                negations.Add(premise);
            }
        }

        return new CriticalAnswer(claim, state, sets, sources, negations, candidates.Count + sets.Count(s => s.Count == 1), cut, analysis)
        {
            Cleanly = cleanly,
            ContestedSets = cleanly ? [.. sets.Where(set => Derived(p => set.Contains(p)))] : [],
            ContestedSources = cleanly ? [.. sources.Where(source => sourceAnswers[source].Derived)] : [],
        };
    }

    /// <summary>
    /// Adds to <paramref name="sets"/> (which holds the single critical premises) the minimal sets of 2 to
    /// <see cref="CriticalSetSize"/> candidates whose withdrawal together makes the claim no longer hold, smallest
    /// first; premises are the same by <paramref name="key"/>. True when the search stopped at <see cref="CriticalTries"/>.
    /// </summary>
    private static bool SearchSets(List<IReadOnlyList<SupportPremise>> sets, List<SupportPremise> candidates, Func<SupportPremise, string> key,
        Func<IReadOnlyList<SupportPremise>, bool> holdsWithout, CancellationToken cancellation)
    {
        var tries = 0L;
        for (var size = 2; size <= CriticalSetSize; size++)
        {
            foreach (var combination in Combinations(candidates.Count, size))
            {
                cancellation.ThrowIfCancellationRequested();
                if (++tries > CriticalTries)
                {
                    return true;
                }

                var chosen = combination.Select(i => candidates[i]).ToList();
                var keys = chosen.Select(key).ToHashSet(StringComparer.Ordinal);
                if (!sets.Any(s => s.All(x => keys.Contains(key(x)))) && !holdsWithout(chosen))
                {
                    sets.Add(chosen);
                }
            }
        }

        return false;
    }

    /// <summary>The k-element subsets of 0..n-1 in lexicographic order.</summary>
    private static IEnumerable<int[]> Combinations(int n, int k)
    {
        if (k > n)
        {
            yield break;
        }

        var indexes = Enumerable.Range(0, k).ToArray();
        while (true)
        {
            yield return [.. indexes];
            var i = k - 1;
            while (i >= 0 && indexes[i] == n - k + i)
            {
                i--;
            }

            if (i < 0)
            {
                yield break;
            }

            indexes[i]++;
            for (var j = i + 1; j < k; j++)
            {
                indexes[j] = indexes[j - 1] + 1;
            }
        }
    }

    /// <summary>
    /// The competing-hypotheses matrix: the claims given (by default each expectation of the argument, outside
    /// named scenarios) against the stated premises, from the supports over the premises and every open choice.
    /// </summary>
    public HypothesisMatrix Matrix(IReadOnlyList<string> claims, string? scenario = null, CancellationToken cancellation = default)
    {
        var evaluation = Baseline(scenario);
        var hypotheses = new List<Hypothesis>();
        if (claims.Count > 0)
        {
            hypotheses.AddRange(claims.Select(text => new Hypothesis(text, text, Claim(text))));
        }
        else
        {
            var expectations = (scenario is null ? evaluation.Program.Model.Expectations : evaluation.Program.Model.Scenarios.First(s => s.Name == scenario).Expectations)
                .Where(e => e.Scenario == scenario);
            hypotheses.AddRange(expectations.Select(e => new Hypothesis(e.Label ?? e.Claim.ToString()!, e.Claim.ToString()!, evaluation.Program.Compile(e.Claim, []))));
        }

        if (hypotheses.Count == 0)
        {
            throw new QuestionException(QuestionFailure.BadQuestion, "the argument states no expectation to take as a hypothesis; name the hypotheses: matrix FILE 'claim one' 'claim two'");
        }

        return HypothesisMatrix.Compute(evaluation, hypotheses, cancellation: cancellation);
    }
}
