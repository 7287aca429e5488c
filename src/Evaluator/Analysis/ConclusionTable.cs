using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Evaluator.Engine;
using PolicyDsl.Evaluator.Explain;
using PolicyDsl.Evaluator.Grounding;
using PolicyDsl.Evaluator.Supports;

namespace PolicyDsl.Evaluator.Analysis;

/// <summary>
/// A conclusion of an evaluation: an atom some rule concludes, what is known of it and the sources it rests on.
/// <see cref="Sources"/> are the citations of its recorded proof; with supports computed, <see cref="Needs"/> are
/// the sources in every minimal support (it falls if any is withdrawn) and <see cref="AlsoRestsOn"/> those in some
/// but not all (it survives without any one of them).
/// </summary>
public sealed record ConclusionRow(GroundAtom Atom, Truth Truth, string State, IReadOnlyList<string> Sources)
{
    /// <summary>True or false (or valued) but only through an atom in conflict: no clean chain derives it.</summary>
    public bool Contested { get; init; }

    /// <summary>Holds cleanly, but some of its supports also pass through an atom in conflict.</summary>
    public bool AlsoContested { get; init; }

    public IReadOnlyList<string> Needs { get; init; } = [];

    /// <summary>The proof cites more texts than <see cref="Sources"/> lists (the first <see cref="RestsOnIndex.Cap"/>).</summary>
    public bool SourcesCut { get; init; }

    /// <summary>The proof rests on more analyst judgments than <see cref="Judgments"/> lists.</summary>
    public bool JudgmentsCut { get; init; }

    public IReadOnlyList<string> AlsoRestsOn { get; init; } = [];

    /// <summary>Sources in every support that it does not need: another text states the same premise or step (corroboration).</summary>
    public IReadOnlyList<string> CorroboratedBy { get; init; } = [];

    /// <summary>Minimal supports found (at most <see cref="SupportAnalysis.MaxSupports"/>); null when supports were not computed.</summary>
    public int? Supports { get; init; }

    /// <summary>The value, when the atom has exactly one.</summary>
    public Value? Value { get; init; }

    /// <summary>The citations of the smallest support's premises (source#anchor), in premise order.</summary>
    public IReadOnlyList<string> SmallestSupport { get; init; } = [];

    /// <summary>More minimal supports exist than were listed.</summary>
    public bool SupportsCut { get; init; }

    /// <summary>
    /// The analyst's own judgments (<c>per analyst</c>: steps no text states) it rests on: with supports computed, those
    /// in every support (it needs them); otherwise those of its proof.
    /// </summary>
    public IReadOnlyList<AnalystJudgment> Judgments { get; init; } = [];

    /// <summary>
    /// The violated constraints (by name) whose premises every support of it uses: it rests on premises the argument
    /// itself says cannot all hold (<see cref="Nogoods"/>). Empty when supports were not computed, or nothing is violated.
    /// </summary>
    public IReadOnlyList<string> RestsOnInconsistent { get; init; } = [];

    /// <summary>Analyst judgments in some of its supports but not all: it can rest on them, and holds without any one.</summary>
    public IReadOnlyList<AnalystJudgment> AlsoJudgments { get; init; } = [];

    /// <summary>The texts its proof cites, as a list in words: "s#a, t#b", ending "and more" when the list is cut.</summary>
    public string SourceList => string.Join(", ", Sources) + (SourcesCut ? $", and more (the first {Sources.Count} listed)" : string.Empty);

    /// <summary>How many analyst judgments it rests on, in words: "2 analyst judgments", "more than 50 analyst judgments".</summary>
    public string JudgmentCount => JudgmentsCut
        ? $"more than {Judgments.Count} analyst judgments"
        : Judgments.Count == 1 ? "1 analyst judgment" : $"{Judgments.Count} analyst judgments";

    /// <summary>The state with its contested mark: "true, contested", "true, also contested".</summary>
    public string Marked => Contested ? State + ", contested" : AlsoContested ? State + ", also contested" : State;
}

/// <summary>What changed for one conclusion between two evaluations: its state before and after, and the sources the new state rests on.</summary>
public sealed record ConclusionChange(string Atom, string Before, string After, IReadOnlyList<string> Because)
{
    /// <summary>The what-if premises its new state rests on (in its smallest clean support), as stated.</summary>
    public IReadOnlyList<string> WhatIfPremises { get; init; } = [];

    /// <summary>The analyst judgments its new state needs (in every support).</summary>
    public IReadOnlyList<AnalystJudgment> Judgments { get; init; } = [];

    /// <summary>The analyst judgments its new state can also rest on (in some supports).</summary>
    public IReadOnlyList<AnalystJudgment> AlsoJudgments { get; init; } = [];

    public override string ToString() => $"{Atom}: {Before} -> {After}" + (Because.Count > 0 ? "  (because " + string.Join(", ", Because) + ")" : string.Empty)
        + (WhatIfPremises.Count > 0 ? $"  (rests on the what-if {string.Join(", ", WhatIfPremises)})" : string.Empty)
        + (Judgments.Count > 0 ? $"  [rests on {string.Join(", ", Judgments.Select(j => j.Step))}]" : string.Empty);
}

/// <summary>The conclusions of an evaluation, and the differences between two evaluations of one program.</summary>
public static class ConclusionTable
{
    /// <summary>
    /// Every atom that a rule which can fire concludes, in atom order, with its state and sources; with
    /// <paramref name="supports"/>, also what it needs and can also rest on, and whether it is contested.
    /// <paramref name="alsoAtoms"/> adds atoms no rule concludes (after a withdrawal, a conclusion whose rules went
    /// may still be stated as a premise).
    /// </summary>
    public static IReadOnlyList<ConclusionRow> Of(Evaluation evaluation, SupportAnalysis? supports = null, IReadOnlySet<Grounding.GroundAtomKey>? alsoAtoms = null)
    {
        // What each proof cites, for every conclusion at once: reading each proof tree instead would take time and
        // memory quadratic in a chain of reasoning (issue 23).
        var restsOn = new RestsOnIndex(evaluation);
        var nogoods = supports is { NotComputed: null } ? supports.Nogoods : Nogoods.None;
        var rows = new List<ConclusionRow>();
        foreach (var atom in evaluation.Program.Atoms)
        {
            if (evaluation.Program.RulesByHead[atom.Id] is null && alsoAtoms?.Contains(Grounding.GroundAtomKey.Of(atom)) != true)
            {
                continue;
            }

            var truth = evaluation.TruthOf(atom.Id);
            var planes = new List<Plane>();
            string state;
            if (atom.IsValued)
            {
                var values = evaluation.ValuesOf(atom.Id);
                planes.AddRange(values.Select(v => Plane.Valued(atom.Id, v)));
                state = values.Count == 0 ? "unknown" : values.Count == 1 ? $"= {values[0]}" : "conflict: " + string.Join(" / ", values);
            }
            else
            {
                if (evaluation.Holds(atom.Id))
                {
                    planes.Add(Plane.True(atom.Id));
                }

                if (evaluation.Fails(atom.Id))
                {
                    planes.Add(Plane.False(atom.Id));
                }

                state = truth.Text();
            }

            var citations = RestsOnIndex.Merge(planes.Select(restsOn.Citations), RestsOnIndex.KeyOf);
            var judgments = RestsOnIndex.Merge(planes.Select(restsOn.Judgments), RestsOnIndex.KeyOf);
            var row = new ConclusionRow(atom, truth, state, [.. citations.Items.Select(Cite)])
            {
                SourcesCut = citations.More,
                Judgments = judgments.Items,
                JudgmentsCut = judgments.More,
                Contested = evaluation.IsContested(atom.Id),
                Value = atom.IsValued && evaluation.ValuesOf(atom.Id) is [var only] ? only : null,
            };
            if (supports is { NotComputed: null } && truth is Truth.True or Truth.False)
            {
                var found = supports.Of(planes[0]);
                row = row with
                {
                    AlsoContested = !row.Contested && found.AlsoContested,
                    Needs = found.NeededSources,
                    AlsoRestsOn = found.AlsoSources,
                    CorroboratedBy = found.CorroboratingSources,
                    Supports = found.Supports.Count,
                    SupportsCut = found.Truncated,
                    SmallestSupport = found.Supports.Count == 0 ? [] : [.. found.Supports[0].Premises.SelectMany(p => p.Citations).Where(c => !c.IsAnalyst).Select(Cite).Distinct(StringComparer.Ordinal)],
                };
                if (found.Supports.Count > 0 && !found.Truncated && found.Supports.All(s => s.Rules is not null))
                {
                    row = BySupports(row, found);
                }

                if (nogoods.Any)
                {
                    row = row with { RestsOnInconsistent = nogoods.RestedOnBy(found) };
                }
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>
    /// What a conclusion rests on read from its supports, not from the one proof recorded: the texts its smallest clean
    /// support cites (premises and the rules it passes through; in the proof's order where the proof cites them), the
    /// analyst judgments in every support (needed) and those in some (it can also rest on them). A step the proof
    /// took but no support needs (a second rule to the same conclusion) is not something it rests on.
    /// </summary>
    private static ConclusionRow BySupports(ConclusionRow row, PlaneSupports found)
    {
        // Judgments are records (step, reason, place), compared by value in sets: a long chain of reasoning has
        // thousands per support, and comparing lists of them, or formatting keys, was cubic in the chain.
        var every = found.Supports.Select(s => s.Judgments.ToHashSet()).ToList();
        var all = found.Supports.SelectMany(s => s.Judgments).Distinct().ToList();
        var needed = every.Count == 1 ? all : all.Where(j => every.TrueForAll(set => set.Contains(j))).ToList();
        var proofOrder = new Dictionary<AnalystJudgment, int>();
        for (var i = 0; i < row.Judgments.Count; i++)
        {
            proofOrder.TryAdd(row.Judgments[i], i);
        }

        int Order(AnalystJudgment j) => proofOrder.TryGetValue(j, out var i) ? i : int.MaxValue;
        var cited = found.Supports[0].Citations.Select(Cite).ToList();
        var citedSet = cited.ToHashSet(StringComparer.Ordinal);
        var proofSources = row.Sources.ToHashSet(StringComparer.Ordinal);
        var sources = row.Sources.Where(citedSet.Contains).Concat(cited.Where(c => !proofSources.Contains(c))).ToList();
        // Capped as the proof's lists are (a chain of reasoning can rest on thousands of texts).
        var cap = RestsOnIndex.Cap;
        return row with
        {
            Sources = [.. sources.Take(cap)],
            SourcesCut = sources.Count > cap,
            Judgments = [.. needed.OrderBy(Order).Take(cap)],
            AlsoJudgments = [.. all.Except(needed).OrderBy(Order).Take(cap)],
            JudgmentsCut = needed.Count > cap,
        };
    }

    /// <summary>A citation as a short reference: <c>source#anchor</c>.</summary>
    public static string Cite(Citation citation) => citation.Reference;

    /// <summary>
    /// The conclusions whose state differs between two evaluations, in the order of <paramref name="after"/>; a
    /// conclusion that only one of them has counts as unknown in the other. The two may be of different programs (a
    /// REPL statement re-grounds the argument), whose atom numbers differ, so atoms are matched by relation and
    /// arguments, which is what an atom's display spells out in full.
    /// </summary>
    public static IReadOnlyList<ConclusionChange> Differences(Evaluation? before, Evaluation? after) => Differences(before, after, null, _ => false);

    /// <summary>
    /// As <see cref="Differences(Evaluation?, Evaluation?)"/>, each new state with what it rests on read from
    /// <paramref name="supportsAfter"/> (the supports of <paramref name="after"/>): its texts, the analyst judgments
    /// it needs or can rest on, and the premises <paramref name="isWhatIf"/> picks out of its smallest clean support.
    /// </summary>
    public static IReadOnlyList<ConclusionChange> Differences(Evaluation? before, Evaluation? after, SupportAnalysis? supportsAfter, Func<SupportPremise, bool> isWhatIf)
    {
        // States with their contested mark: a what-if that leaves a conclusion true but only through a conflict changes it.
        static string Mark(ConclusionRow row) => row.Contested ? row.State + ", contested" : row.State;
        var old = before is null ? [] : Of(before).ToDictionary(r => r.Atom.Display, Mark, StringComparer.Ordinal);
        var rows = after is null ? [] : Of(after, supportsAfter);
        var changes = new List<ConclusionChange>();
        foreach (var row in rows)
        {
            var was = old.GetValueOrDefault(row.Atom.Display, "unknown");
            if (was != Mark(row))
            {
                var plane = row.Truth == Truth.True ? (row.Atom.IsValued && row.Value is { } v ? Plane.Valued(row.Atom.Id, v) : Plane.True(row.Atom.Id))
                    : row.Truth == Truth.False ? Plane.False(row.Atom.Id) : (Plane?)null;
                var whatIfs = supportsAfter is { NotComputed: null } && plane is { } p && supportsAfter.Of(p).Supports is [var smallest, ..]
                    ? smallest.Premises.Where(isWhatIf).Select(x => x.Statement).ToList()
                    : [];
                changes.Add(new ConclusionChange(row.Atom.Display, was, Mark(row), row.Sources)
                {
                    WhatIfPremises = whatIfs,
                    Judgments = row.Judgments,
                    AlsoJudgments = row.AlsoJudgments,
                });
            }
        }

        var now = rows.Select(r => r.Atom.Display).ToHashSet(StringComparer.Ordinal);
        foreach (var (atom, state) in old)
        {
            if (!now.Contains(atom) && state != "unknown")
            {
                changes.Add(new ConclusionChange(atom, state, "unknown", []));
            }
        }

        return changes;
    }
}
