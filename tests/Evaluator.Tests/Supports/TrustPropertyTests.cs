using System.Text;
using CsCheck;
using FluentAssertions;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Evaluator.Analysis;
using PolicyDsl.Evaluator.Engine;
using PolicyDsl.Evaluator.Grounding;
using PolicyDsl.Evaluator.Scenarios;
using PolicyDsl.Evaluator.Tests.Semantics;
using PolicyDsl.Testing;
using Xunit;
using Xunit.Abstractions;

namespace PolicyDsl.Evaluator.Tests.Supports;

/// <summary>
/// The trust verbs against brute force (issue 25) on random small arguments with conflicts, exceptions, constraints
/// and open premises: <c>retract</c> says of each conclusion what evaluating the argument again with the premise
/// deleted from its text says, in the evaluation and over every scenario; <c>critical</c>'s single premises are
/// exactly those whose deletion leaves the claim not holding as it held (cleanly, or at all when contested).
/// </summary>
public sealed class TrustPropertyTests(ITestOutputHelper output)
{
    private static readonly Gen<string> Arguments =
        Gen.Select(Gen.Int[2, 5], Gen.Int[0, 2], Gen.Int[2, 7], Gen.Int[0, int.MaxValue]).Select((facts, open, rules, seed) => Generate(facts, open, rules, new Random(seed)));

    private static readonly string[] StateNames = ["true", "false", "conflict", "contested", "unknown"];

    private static readonly string[] StandingWords = ["holds cleanly", "derived only through a conflict", "not derived"];

    private static string PathOf => Path.Combine(TestPaths.RepoRoot, "trust.policy");

    [Fact]
    public void Retract_equals_evaluating_again_without_the_premise_in_the_evaluation_and_in_every_scenario()
    {
        var arguments = 0;
        var withScenarioChanges = 0;
        var nowContested = 0;
        Arguments.Sample(text =>
        {
            var analysis = ArgumentAnalysis.Of(Workspace.FromText(PathOf, text));
            if (analysis.Program is null)
            {
                return;
            }

            Interlocked.Increment(ref arguments);
            var lines = text.Split('\n');
            foreach (var line in lines.Where(l => l.StartsWith("fact ", StringComparison.Ordinal)))
            {
                var name = line.Replace("fact not ", string.Empty, StringComparison.Ordinal).Replace("fact ", string.Empty, StringComparison.Ordinal);
                var answer = analysis.Retract([name]);
                var deleted = Deleting(analysis.Evaluated, name);

                // In the evaluation: the conclusions whose state (with its contested mark) differs, and what it becomes.
                var before = ConclusionTable.Of(analysis.Evaluated).ToDictionary(r => r.Atom.Display, r => r.Marked, StringComparer.Ordinal);
                var after = ConclusionTable.Of(deleted).ToDictionary(r => r.Atom.Display, r => r.Marked, StringComparer.Ordinal);
                var expected = before.Keys.Union(after.Keys)
                    .Select(a => (Atom: a, Before: before.GetValueOrDefault(a, "unknown"), After: after.GetValueOrDefault(a, "unknown")))
                    .Where(c => c.Before != c.After).Select(c => $"{c.Atom}: {c.Before} -> {c.After}").Order(StringComparer.Ordinal).ToList();
                var reported = answer.Lost.Concat(answer.NowContested).Concat(answer.Changed)
                    .Select(r => $"{r.Atom.Display}: {r.Before} -> {r.After}").Order(StringComparer.Ordinal).ToList();
                reported.Should().Equal(expected, $"retract {name} of\n{text}");
                answer.NowContested.Where(r => r.After != r.Before + ", contested").Should().BeEmpty($"retract {name} of\n{text}");
                if (answer.NowContested.Count > 0)
                {
                    Interlocked.Increment(ref nowContested);
                }

                // Over every scenario: the conclusions whose all/some/none standing per state, or share true, differs.
                var standingBefore = Standings(analysis.Evaluated);
                var standingAfter = Standings(deleted);
                if (standingBefore.Count == 0)
                {
                    answer.Scenarios.Should().BeEmpty();
                    continue;
                }

                var changedThere = standingBefore.Where(s => !standingAfter.TryGetValue(s.Key, out var now) ? s.Value != Unknown(deleted) : now != s.Value)
                    .Select(s => s.Key).Order(StringComparer.Ordinal).ToList();
                answer.Scenarios.Select(r => r.Atom).Order(StringComparer.Ordinal).Should().Equal(changedThere, $"retract {name} of\n{text}");
                if (changedThere.Count > 0)
                {
                    Interlocked.Increment(ref withScenarioChanges);
                }
            }
        }, iter: 500);

        output.WriteLine($"{arguments} arguments; {withScenarioChanges} withdrawals changed some scenario; {nowContested} left a conclusion contested");
        arguments.Should().BeGreaterThan(250, "the generator must make mostly valid arguments");
        withScenarioChanges.Should().BeGreaterThan(20, "the generator must make withdrawals that change scenarios");
        nowContested.Should().BeGreaterThan(5, "the generator must make withdrawals that leave a conclusion contested");
    }

    [Fact]
    public void Critical_premises_are_those_whose_deletion_leaves_the_claim_not_holding_as_it_held()
    {
        var claims = 0;
        var contestedAfter = 0;
        Arguments.Sample(text =>
        {
            var analysis = ArgumentAnalysis.Of(Workspace.FromText(PathOf, text));
            if (analysis.Program is null)
            {
                return;
            }

            var evaluation = analysis.Evaluated;
            var lines = text.Split('\n');
            foreach (var atom in evaluation.Program.Atoms.Where(a => evaluation.Program.RulesByHead[a.Id] is not null && !evaluation.IsConflicted(a.Id)))
            {
                var truth = evaluation.TruthOf(atom.Id);
                if (truth is not (Truth.True or Truth.False))
                {
                    continue;
                }

                Interlocked.Increment(ref claims);
                var claim = truth == Truth.True ? atom.Display : "not " + atom.Display;
                var cleanly = !evaluation.IsContested(atom.Id);
                var answer = analysis.Critical(claim);
                answer.Cleanly.Should().Be(cleanly);
                var expected = new List<string>();
                var leftContested = new List<string>();
                foreach (var line in lines.Where(l => l.StartsWith("fact ", StringComparison.Ordinal)))
                {
                    var deleted = Deleting(evaluation, line.Replace("fact not ", string.Empty, StringComparison.Ordinal).Replace("fact ", string.Empty, StringComparison.Ordinal));
                    var id = deleted.Program.FindAtom(GroundAtomKey.Of(atom)) ?? -1;
                    var plane = truth == Truth.True ? Plane.True(id) : Plane.False(id);
                    var derived = id >= 0 && deleted.DerivationOf(plane) is not null;
                    var holds = id >= 0 && (cleanly ? deleted.Clean.DerivationOf(plane) is not null : derived);
                    if (!holds)
                    {
                        expected.Add(line[5..]);
                        if (derived)
                        {
                            leftContested.Add(line[5..]);
                        }
                    }
                }

                var singles = answer.Sets.Where(s => s.Count == 1).Select(s => s[0].Statement).ToList();
                singles.Should().BeEquivalentTo(expected, $"critical {claim} of\n{text}");
                answer.ContestedSets.Where(s => s.Count == 1).Select(s => s[0].Statement).Should().BeEquivalentTo(leftContested, $"critical {claim} of\n{text}");
                if (leftContested.Count > 0)
                {
                    Interlocked.Increment(ref contestedAfter);
                }
            }
        }, iter: 500);

        output.WriteLine($"{claims} claims; {contestedAfter} with a premise whose deletion leaves them contested");
        claims.Should().BeGreaterThan(300);
        contestedAfter.Should().BeGreaterThan(5, "the generator must make claims a deletion leaves contested");
    }

    [Fact]
    public void Critical_across_scenarios_lists_the_premises_whose_deletion_ends_holding_cleanly_in_some_scenario()
    {
        var compared = 0;
        var onlyThere = 0;
        var constrained = 0;
        Arguments.Sample(text =>
        {
            var analysis = ArgumentAnalysis.Of(Workspace.FromText(PathOf, text));
            if (analysis.Program is null)
            {
                return;
            }

            var evaluation = analysis.Evaluated;
            var space = new ScenarioSpace(evaluation.Program, evaluation.Premises);
            var lines = text.Split('\n').Where(l => l.StartsWith("fact ", StringComparison.Ordinal)).ToList();
            foreach (var atom in evaluation.Program.Atoms.Where(a => evaluation.Program.RulesByHead[a.Id] is not null && !evaluation.IsConflicted(a.Id)))
            {
                var truth = evaluation.TruthOf(atom.Id);
                if (truth is not (Truth.True or Truth.False))
                {
                    continue;
                }

                var claim = truth == Truth.True ? atom.Display : "not " + atom.Display;
                var answer = analysis.Critical(claim).InScenarios;
                if (space.Open.Count == 0)
                {
                    answer.Should().BeEquivalentTo(CriticalScenarios.None, $"critical {claim} of\n{text}");
                    continue;
                }

                Interlocked.Increment(ref compared);

                // Brute force: per scenario, 0 holds cleanly, 1 derived only through a conflict, 2 not derived, 3 impossible.
                int[] States(Evaluation from) => [.. new ScenarioSpace(from.Program, from.Premises).EnumerateAll().Select(s =>
                {
                    var id = s.Evaluation.Program.FindAtom(GroundAtomKey.Of(atom)) ?? -1;
                    var plane = truth == Truth.True ? Plane.True(id) : Plane.False(id);
                    return s.Violated >= 0 ? 3 : id < 0 || s.Evaluation.DerivationOf(plane) is null ? 2 : s.Evaluation.Clean.DerivationOf(plane) is null ? 1 : 0;
                })];
                string Describe(int[] states)
                {
                    var possible = states.Count(s => s != 3);
                    var described = string.Join(", ", StandingWords
                        .Select((words, state) => (words, count: states.Count(s => s == state)))
                        .Where(x => x.count > 0).Select(x => $"{x.words} in {(x.count == possible ? $"all {x.count}" : $"{x.count} of {possible}")}"));
                    return (described.Length == 0 ? "no scenario is possible" : described) + (possible < states.Length ? $" ({states.Length - possible} impossible)" : string.Empty);
                }

                var before = States(evaluation);
                answer.Possible.Should().Be(before.Count(s => s != 3));
                answer.Standing.Should().Be(Describe(before), $"critical {claim} of\n{text}");
                var expected = new List<string>();
                foreach (var line in lines)
                {
                    var after = States(Deleting(evaluation, line.Replace("fact not ", string.Empty, StringComparison.Ordinal).Replace("fact ", string.Empty, StringComparison.Ordinal)));
                    if (before.Where((state, s) => state == 0 && after[s] != 0).Any())
                    {
                        expected.Add($"{line[5..]} -> {Describe(after)}");
                    }
                }

                answer.Rows.Select(r => $"{r.Withdrawn} -> {r.After}").Should().BeEquivalentTo(expected, $"critical {claim} of\n{text}");
                if (answer.Rows.Any(r => !r.CriticalInEvaluation))
                {
                    Interlocked.Increment(ref onlyThere);
                }

                if (evaluation.Program.Model.Constraints.Count > 0 && answer.Rows.Count > 0)
                {
                    Interlocked.Increment(ref constrained);
                }
            }
        }, iter: 500);

        output.WriteLine($"{compared} claims compared across scenarios; {onlyThere} with a premise critical only there; {constrained} under constraints with a critical premise");
        compared.Should().BeGreaterThan(100);
        constrained.Should().BeGreaterThan(5, "the generator must make constraints a withdrawal can bring into force");
        onlyThere.Should().BeGreaterThan(5, "the generator must make claims with a premise critical only in some scenarios");
    }

    [Fact]
    public void A_supports_rules_and_judgments_are_those_without_which_its_premises_no_longer_derive_it()
    {
        var supportsChecked = 0;
        var needing = 0;
        var optional = 0;
        Gen.Select(Gen.Int[2, 5], Gen.Int[2, 7], Gen.Int[0, int.MaxValue]).Select((facts, rules, seed) => GenerateCited(facts, rules, new Random(seed))).Sample(text =>
        {
            var analysis = ArgumentAnalysis.Of(Workspace.FromText(PathOf, text));
            if (analysis.Program is null)
            {
                return;
            }

            var evaluation = analysis.Evaluated;
            var program = evaluation.Program;
            var supports = analysis.SupportsOf(evaluation);
            var rows = ConclusionTable.Of(evaluation, supports).ToDictionary(r => r.Atom.Id);
            foreach (var atom in program.Atoms.Where(a => program.RulesByHead[a.Id] is not null))
            {
                foreach (var plane in new[] { Plane.True(atom.Id), Plane.False(atom.Id) })
                {
                    var found = supports.Of(plane);
                    foreach (var support in found.Supports)
                    {
                        Interlocked.Increment(ref supportsChecked);
                        var kept = support.Premises.Select(p => p.Atom).ToHashSet();
                        // Brute force: a rule is left out by making its exception hold (each rule K has "unless off_rK").
                        var expected = program.Model.Rules.Where(r => r.Citation is not null).Where(rule =>
                        {
                            var off = program.FindAtom(program.Model.Assumes.Single(a => a.Atom.Relation.Name == "off_" + rule.Name).Atom)!.Value;
                            var premises = evaluation.Premises.Keeping("support", a => kept.Contains(a) || a == off).With("without " + rule.Name, [(off, null, true)]);
                            return FixpointEngine.Evaluate(program, premises).DerivationOf(plane) is null;
                        }).Select(r => r.Name).Order(StringComparer.Ordinal).ToList();
                        support.Rules.Should().NotBeNull();
                        support.Rules!.Select(r => r.Name).Order(StringComparer.Ordinal).Should().Equal(expected, $"support {{{string.Join(", ", support.Premises)}}} of {plane} in\n{text}");
                    }

                    // The row's judgments: those in every support (needed) and those in some (can also rest on).
                    var truth = evaluation.TruthOf(atom.Id);
                    if (found.Supports.Count == 0 || found.Truncated || !(plane.Kind == PlaneKind.True ? truth == Truth.True : truth == Truth.False))
                    {
                        continue;
                    }

                    var each = found.Supports.Select(s => s.Judgments.Select(j => j.Step).ToHashSet(StringComparer.Ordinal)).ToList();
                    var all = each.SelectMany(j => j).ToHashSet(StringComparer.Ordinal);
                    var inEvery = all.Where(j => each.All(e => e.Contains(j))).Order(StringComparer.Ordinal).ToList();
                    rows[atom.Id].Judgments.Select(j => j.Step).Order(StringComparer.Ordinal).Should().Equal(inEvery, $"{plane} in\n{text}");
                    rows[atom.Id].AlsoJudgments.Select(j => j.Step).Order(StringComparer.Ordinal).Should().Equal(all.Except(inEvery).Order(StringComparer.Ordinal), $"{plane} in\n{text}");
                    Interlocked.Add(ref needing, inEvery.Count > 0 ? 1 : 0);
                    Interlocked.Add(ref optional, all.Count > inEvery.Count ? 1 : 0);
                }
            }
        }, iter: 500);

        output.WriteLine($"{supportsChecked} supports; {needing} conclusions needing a judgment, {optional} able to rest on one");
        supportsChecked.Should().BeGreaterThan(500);
        needing.Should().BeGreaterThan(50);
        optional.Should().BeGreaterThan(20, "the generator must make conclusions with a judgment in some supports only");
    }

    [Fact]
    public void Supports_across_scenarios_derive_the_claim_are_minimal_and_cover_every_scenario_where_it_holds()
    {
        var claims = 0;
        Arguments.Sample(text =>
        {
            var analysis = ArgumentAnalysis.Of(Workspace.FromText(PathOf, text));
            if (analysis.Program is null)
            {
                return;
            }

            var evaluation = analysis.Evaluated;
            var program = evaluation.Program;
            var space = new ScenarioSpace(program, evaluation.Premises);
            if (space.Open.Count == 0)
            {
                return;
            }

            foreach (var atom in program.Atoms.Where(a => program.RulesByHead[a.Id] is not null && evaluation.TruthOf(a.Id) == Truth.Unknown))
            {
                var scenarios = space.Enumerate().Where(s => s.Evaluation.DerivationOf(Plane.True(atom.Id)) is not null).ToList();
                if (scenarios.Count == 0)
                {
                    continue;
                }

                Interlocked.Increment(ref claims);
                var answer = analysis.Support(atom.Display);
                answer.AcrossScenarios.Should().Be(((long)scenarios.Count, (long)space.Enumerate().Count()), $"{atom.Display} in\n{text}");
                var supports = answer.Planes.Single(p => p.Plane == Plane.True(atom.Id)).Supports;
                static string Key(Evaluator.Supports.SupportPremise p) => p.Statement;
                foreach (var support in supports)
                {
                    // Exactly these premises, the open ones at the values the support names, the others unknown, derive it.
                    var kept = support.Premises.Select(p => p.Atom).ToHashSet();
                    var values = support.Premises.Where(p => p.IsAssumption).Select(p => (p.Atom, (Value?)null, !p.Statement.StartsWith("not ", StringComparison.Ordinal)));
                    var alone = FixpointEngine.Evaluate(program, evaluation.Premises.Keeping("support", kept.Contains).With("support", values));
                    alone.DerivationOf(Plane.True(atom.Id)).Should().NotBeNull($"support {{{string.Join(", ", support.Premises)}}} of {atom.Display} in\n{text}");
                    supports.Where(o => o != support && o.Premises.All(p => support.Premises.Any(q => Key(q) == Key(p)))).Should()
                        .BeEmpty($"supports are minimal across scenarios: {{{string.Join(", ", support.Premises)}}} of {atom.Display} in\n{text}");
                }

                foreach (var (choices, scenarioEvaluation) in scenarios)
                {
                    var statements = Evaluator.Supports.SupportAnalysis.PremisesOf(scenarioEvaluation).Select(Key).ToHashSet(StringComparer.Ordinal);
                    supports.Any(s => s.Premises.All(p => statements.Contains(Key(p)))).Should().BeTrue($"where {space.Describe(choices)} {atom.Display} holds, some support is among its premises, in\n{text}");
                }
            }
        }, iter: 500);

        output.WriteLine($"{claims} claims that hold only in some scenarios");
        claims.Should().BeGreaterThan(40, "the generator must make claims that hold only in some scenarios");
    }

    /// <summary>
    /// A random argument whose rules are (mostly) the analyst's own judgments: facts p1..pn, some cited per analyst;
    /// rules concluding c1..c4, each with an exception off_rK that is open (so a rule can be left out by making it hold).
    /// </summary>
    private static string GenerateCited(int facts, int rules, Random random)
    {
        var text = new StringBuilder();
        var atoms = new List<string>();
        for (var i = 1; i <= facts; i++)
        {
            text.Append(random.Next(5) == 0 ? $"fact not p{i}" : $"fact p{i}").Append(random.Next(4) == 0 ? $" per analyst \"premise {i}\"\n" : "\n");
            atoms.Add($"p{i}");
        }

        for (var r = 1; r <= rules; r++)
        {
            var head = $"c{random.Next(1, 5)}";
            text.Append($"assume off_r{r}\nrule r{r}: if {Condition(random, atoms, 2)} then {(random.Next(4) == 0 ? "not " : string.Empty)}{head} unless off_r{r}\n");
            if (random.Next(4) != 0)
            {
                text.Append($"  per analyst \"judgment {r}\"\n");
            }

            if (!atoms.Contains(head))
            {
                atoms.Add(head);
            }
        }

        return text.ToString();
    }

    /// <summary>Per conclusion, by brute force over every scenario: all, some or none per state, and the share true.</summary>
    /// <summary>The evaluation again from its premises less the one stated of an atom: the brute force withdrawal is checked against.</summary>
    private static Evaluation Deleting(Evaluation evaluation, string atom)
    {
        var id = evaluation.Program.Atoms.Single(a => a.Display == atom).Id;
        return FixpointEngine.Evaluate(evaluation.Program, evaluation.Premises.Keeping("deleted", a => a != id));
    }

    private static Dictionary<string, string> Standings(Evaluation evaluation)
    {
        var space = new ScenarioSpace(evaluation.Program, evaluation.Premises);
        if (space.Open.Count == 0)
        {
            return [];
        }

        var brute = BruteForce.Of(space);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var atom in evaluation.Program.Atoms.Where(a => evaluation.Program.RulesByHead[a.Id] is not null))
        {
            result[atom.Display] = Shape(brute.Counts[atom.Id], brute.Scenarios, brute.Probability(atom.Id, "true"));
        }

        return result;
    }

    private static string Unknown(Evaluation evaluation)
    {
        var space = new ScenarioSpace(evaluation.Program, evaluation.Premises);
        var scenarios = space.Open.Count == 0 ? 1 : BruteForce.Of(space).Scenarios;
        return Shape(new Dictionary<string, long>(StringComparer.Ordinal) { ["unknown"] = scenarios }, scenarios, 0);
    }

    private static string Shape(Dictionary<string, long> counts, long total, double share) =>
        string.Join(";", StateNames.Select(s => counts.GetValueOrDefault(s) is var c && c == total ? "all" : c == 0 ? "none" : "some")) + $";{Math.Round(share, 9)}";

    /// <summary>
    /// A random argument: facts p1..pn (some stated false), open premises q1..qm, rules concluding c1..c4 or their
    /// negations (so conflicts arise) through and, or, not, some with exceptions, half the time a conclusion with a
    /// second way round a conflict, and now and then a constraint.
    /// </summary>
    private static string Generate(int facts, int open, int rules, Random random)
    {
        var text = new StringBuilder();
        var atoms = new List<string>();
        for (var i = 1; i <= facts; i++)
        {
            text.Append(random.Next(5) == 0 ? $"fact not p{i}\n" : $"fact p{i}\n");
            atoms.Add($"p{i}");
        }

        for (var i = 1; i <= open; i++)
        {
            text.Append($"assume q{i}\n");
            atoms.Add($"q{i}");
        }

        for (var r = 1; r <= rules; r++)
        {
            var head = $"c{random.Next(1, 5)}";
            text.Append($"rule r{r}: if {Condition(random, atoms, 2)} then {(random.Next(3) == 0 ? "not " : string.Empty)}{head}");
            if (random.Next(5) == 0)
            {
                text.Append($" unless {Condition(random, atoms, 0)}");
            }

            text.Append('\n');
            if (!atoms.Contains(head))
            {
                atoms.Add(head);
            }
        }

        // Half the time, issue 25's shape over random atoms: c5 follows from c1, which the premises may put in
        // conflict, and from another premise, whose withdrawal can leave c5 resting only on the conflict.
        if (random.Next(2) == 0)
        {
            string Premise() => atoms[random.Next(Math.Min(atoms.Count, facts + open))];
            text.Append($"rule k1: if {Premise()} then c1\nrule k2: if {Premise()} then not c1\nrule k3: if c1 then c5\nrule k4: if {Premise()} then c5\n");
            atoms.Add("c5");
        }

        if (random.Next(4) == 0)
        {
            text.Append($"never \"n\": {atoms[random.Next(atoms.Count)]} and {atoms[random.Next(atoms.Count)]}\n");
        }

        return text.ToString();
    }

    private static string Condition(Random random, List<string> atoms, int depth) => random.Next(depth <= 0 ? 3 : 5) switch
    {
        0 or 1 => atoms[random.Next(atoms.Count)],
        2 => $"not {atoms[random.Next(atoms.Count)]}",
        3 => $"{Condition(random, atoms, depth - 1)} and {Condition(random, atoms, depth - 1)}",
        _ => $"({Condition(random, atoms, depth - 1)} or {Condition(random, atoms, depth - 1)})",
    };
}
