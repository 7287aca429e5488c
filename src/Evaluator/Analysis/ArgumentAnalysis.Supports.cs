using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Evaluator.Engine;
using PolicyDsl.Evaluator.Grounding;
using PolicyDsl.Evaluator.Supports;

namespace PolicyDsl.Evaluator.Analysis;

/// <summary>The supports of a claim: each plane it asks about (a valued atom has one per value) with its minimal supports.</summary>
public sealed record SupportAnswer(string Claim, string State, IReadOnlyList<PlaneSupports> Planes, SupportAnalysis Analysis)
{
    /// <summary>The analyst's own steps (<c>per analyst</c>) the claim's proof rests on: the premises are the texts', these are not.</summary>
    public IReadOnlyList<Explain.AnalystJudgment> Judgments { get; init; } = [];

    /// <summary>What was left out, as coded warnings (PD0065, PD0066).</summary>
    public IReadOnlyList<Dsl.Diagnostics.Diagnostic> Diagnostics { get; init; } = [];
}

/// <summary>One conclusion in a retraction: its state before and after, and the support it keeps, if it keeps one.</summary>
public sealed record RetractRow(GroundAtom Atom, string Before, string After, Support? Remaining);

/// <summary>
/// What withdrawing premises does to the conclusions: those that lose every support (known before, unknown after),
/// those that change truth or value, and those that rested on a withdrawn premise in some support but keep another.
/// </summary>
public sealed record RetractAnswer(Withdrawal Withdrawal, IReadOnlyList<SupportPremise> Withdrawn, IReadOnlyList<RetractRow> Lost, IReadOnlyList<RetractRow> Changed, IReadOnlyList<RetractRow> Kept, int Unaffected);

/// <summary>
/// What a claim cannot do without: the premises whose withdrawal alone makes it fail, then the minimal sets of up
/// to <see cref="ArgumentAnalysis.CriticalSetSize"/> that do; the sources without which it fails; and the premises
/// whose negation makes it fail.
/// </summary>
public sealed record CriticalAnswer(string Claim, string State, IReadOnlyList<IReadOnlyList<SupportPremise>> Sets, IReadOnlyList<string> Sources,
    IReadOnlyList<SupportPremise> Negations, int Candidates, bool Cut, SupportAnalysis Analysis);

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
        var analysis = SupportsOf(evaluation);
        var found = planes.Select(analysis.Of).ToList();
        var rows = ConclusionTable.Of(evaluation, analysis).Where(r => planes.Any(p => p.Atom == r.Atom.Id)).ToList();
        return new SupportAnswer(claim, state, found, analysis)
        {
            Diagnostics = SupportDiagnostics.Of(analysis, rows, scenario),
            Judgments = [.. rows.SelectMany(r => r.Judgments).DistinctBy(j => (j.Step, j.Location))],
        };
    }

    /// <summary>
    /// The planes a claim asks about, with the claim's state: <c>p</c> the atom's truth, <c>not p</c> its opposite
    /// (true where the atom is false), a valued atom each value it has. A claim that is not a single atom is refused.
    /// </summary>
    private (IReadOnlyList<Plane> Planes, string State) PlanesOf(Evaluation evaluation, string claim)
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
            if (!evaluation.Program.Mentions(atom))
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

    /// <summary>What withdrawing the named premises does to the current evaluation's conclusions (see <see cref="RetractAnswer"/>).</summary>
    public RetractAnswer Retract(IReadOnlyList<string> names)
    {
        var before = Evaluated;
        var after = Without(names);
        var withdrawal = after.Withdrawn ?? throw new QuestionException(QuestionFailure.BadQuestion, "name what to withdraw: a source, source#anchor or a premise");
        var afterEvaluation = after.Evaluated;
        var supportsBefore = SupportsOf(before);
        var supportsAfter = after.SupportsOf(afterEvaluation);
        bool IsWithdrawn(SupportPremise p) => p.Symbol switch
        {
            FactSymbol f => withdrawal.Withdraws(f),
            AssumeSymbol a => withdrawal.Withdraws(a),
            _ => false,
        };

        var afterRows = ConclusionTable.Of(afterEvaluation).ToDictionary(r => GroundAtomKey.Of(r.Atom), r => r);
        var lost = new List<RetractRow>();
        var changed = new List<RetractRow>();
        var kept = new List<RetractRow>();
        var unaffected = 0;
        foreach (var row in ConclusionTable.Of(before))
        {
            var was = row.State;
            var now = afterRows.TryGetValue(GroundAtomKey.Of(row.Atom), out var next) ? next.State : "unknown";
            if (was == now)
            {
                if (was == "unknown" || next is null)
                {
                    continue;
                }

                var plane = PlaneOf(before, row.Atom.Id);
                if (supportsBefore.Of(plane).Supports.Any(s => s.Premises.Any(IsWithdrawn)))
                {
                    var remaining = supportsAfter.Of(PlaneOf(afterEvaluation, next.Atom.Id)).Supports is { Count: > 0 } left ? left[0] : null;
                    kept.Add(new RetractRow(row.Atom, was, now, remaining));
                }
                else
                {
                    unaffected++;
                }

                continue;
            }

            (now == "unknown" ? lost : changed).Add(new RetractRow(row.Atom, was, now, null));
        }

        return new RetractAnswer(withdrawal, [.. supportsBefore.Premises.Where(IsWithdrawn)], lost, changed, kept, unaffected);
    }

    /// <summary>The plane a conclusion's state rests on: true, false, or its (first) value.</summary>
    private static Plane PlaneOf(Evaluation evaluation, int atom) =>
        evaluation.Program.Atoms[atom].IsValued
            ? Plane.Valued(atom, evaluation.ValuesOf(atom) is { Count: > 0 } values ? values[0] : default)
            : evaluation.Holds(atom) ? Plane.True(atom) : Plane.False(atom);

    /// <summary>
    /// The linchpins of a claim: premises (each alone, then minimal sets of up to <see cref="CriticalSetSize"/>, among
    /// the premises of its supports) whose withdrawal makes it no longer hold, the sources whose withdrawal does, and
    /// the premises it rests on whose negation (a what-if) makes it no longer hold cleanly.
    /// </summary>
    public CriticalAnswer Critical(string claim, string? scenario = null, CancellationToken cancellation = default)
    {
        var evaluation = Baseline(scenario);
        var (planes, state) = PlanesOf(evaluation, claim);
        var analysis = SupportsOf(evaluation);
        if (planes.Count == 0 || planes.All(p => evaluation.DerivationOf(p) is null))
        {
            throw new QuestionException(QuestionFailure.BadQuestion, $"{claim} does not hold (it is {state}), so nothing is critical to it; 'policydsl why-not' says what it lacks");
        }

        if (analysis.NotComputed is { } why)
        {
            throw new QuestionException(QuestionFailure.CannotAnswer, $"the supports of {claim} were not computed: {why}");
        }

        var plane = planes[0];
        var premises = analysis.Premises;
        bool Holds(Func<SupportPremise, bool> withdrawn) => analysis.HoldsWithout(plane, withdrawn);

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
        var tries = 0L;
        var cut = false;
        for (var size = 2; size <= CriticalSetSize && !cut; size++)
        {
            foreach (var combination in Combinations(candidates.Count, size))
            {
                cancellation.ThrowIfCancellationRequested();
                if (++tries > CriticalTries)
                {
                    cut = true;
                    break;
                }

                var chosen = combination.Select(i => candidates[i]).ToList();
                if (sets.Any(s => s.All(x => chosen.Contains(x))))
                {
                    continue;
                }

                var indexes = chosen.Select(c => c.Index).ToHashSet();
                if (!Holds(p => indexes.Contains(p.Index)))
                {
                    sets.Add(chosen);
                }
            }
        }

        var sources = premises.Select(p => p.Source).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Where(source => !Holds(p => p.Source == source)).ToList();

        // Negation: a what-if stating the opposite of each premise it rests on; it fails unless it still holds cleanly.
        var negations = new List<SupportPremise>();
        foreach (var premise in analysis.Of(plane).Supports.SelectMany(s => s.Premises).DistinctBy(p => p.Index).OrderBy(p => p.Index).Where(p => p.IsTruth && !p.IsAssumption))
        {
            cancellation.ThrowIfCancellationRequested();
            var opposite = premise.Statement.StartsWith("not ", StringComparison.Ordinal) ? premise.Statement[4..] : "not " + premise.Statement;
            var negated = WithWhatIf(opposite);
            var evaluated = scenario is null ? negated.Evaluated : negated.Baseline(scenario);
            var key = GroundAtomKey.Of(evaluation.Program.Atoms[plane.Atom]);
            var id = evaluated.Program.FindAtom(key) ?? -1;
            var stillHolds = plane.Kind switch
            {
                PlaneKind.Value => id >= 0 && evaluated.ValuesOf(id).Contains(plane.Value) && !evaluated.IsConflicted(id),
                PlaneKind.False => evaluated.HoldsCleanly(new GroundNot(new GroundTruth(id))),
                _ => evaluated.HoldsCleanly(new GroundTruth(id)),
            };
            if (!stillHolds)
            {
                negations.Add(premise);
            }
        }

        return new CriticalAnswer(claim, state, sets, sources, negations, candidates.Count + sets.Count(s => s.Count == 1), cut, analysis);
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
