using System.Globalization;
using System.Text;
using FluentAssertions;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Evaluator.Engine;
using PolicyDsl.Evaluator.Grounding;
using PolicyDsl.Evaluator.Scenarios;
using PolicyDsl.Testing;
using Xunit;

namespace PolicyDsl.Evaluator.Tests.Scenarios;

/// <summary>
/// The sweep against the scalar engine, scenario by scenario, on random arguments with everything the sweep
/// compiles: true/false and listed open premises (levels and numbers, some with probabilities), stated values,
/// comparisons and arithmetic over values that vary by scenario, rules that conclude values, negative heads.
/// </summary>
public class ValuedSweepTests
{
    private static readonly string[] Levels = ["l0", "l1", "l2", "l3"];
    private static readonly string[] Operators = ["<", "<=", ">", ">=", "=", "!="];

    private static string Generate(int seed, bool constraints = false)
    {
        var random = new Random(seed);
        var text = new StringBuilder("scale level = l0 < l1 < l2 < l3\n");
        var booleans = random.Next(0, 4);
        var levels = random.Next(1, 4);
        var numbers = random.Next(0, 3);
        string Probability() => random.NextDouble() < 0.3 ? " with probability 0." + random.Next(1, 10) : string.Empty;
        for (var i = 1; i <= booleans; i++)
        {
            text.Append($"assume o{i}{Probability()}\n");
        }

        for (var i = 1; i <= levels; i++)
        {
            var options = Levels.Where(_ => random.NextDouble() < 0.6).DefaultIfEmpty("l2").ToList();
            var weighted = options.Count > 1 && random.NextDouble() < 0.4;
            var weights = options.Select((_, k) => k == options.Count - 1 ? 1m - (0.1m * (options.Count - 1)) : 0.1m).ToList();
            text.Append($"assume v{i} in [{string.Join(", ", options.Select((o, k) => weighted ? $"{o}: {weights[k].ToString(CultureInfo.InvariantCulture)}" : o))}]\n");
        }

        for (var i = 1; i <= numbers; i++)
        {
            text.Append($"assume n{i} in [{string.Join(", ", Enumerable.Range(0, random.Next(2, 5)).Select(k => (k * 3) + random.Next(0, 3)).Distinct())}]\n");
        }

        text.Append("fact w = l1\nfact m = 4\n");
        var truths = new List<string>();
        for (var i = 1; i <= booleans; i++)
        {
            truths.Add($"o{i}");
        }

        var valued = new List<string>();
        string Literal()
        {
            var pick = random.Next(0, 6);
            if (pick <= 1 && truths.Count > 0)
            {
                var atom = truths[random.Next(truths.Count)];
                return random.NextDouble() < 0.3 ? "not " + atom : atom;
            }

            if (pick == 2 || numbers == 0)
            {
                var op = Operators[random.Next(Operators.Length)];
                return $"v{random.Next(1, levels + 1)} {op} {(random.NextDouble() < 0.5 ? "w" : "l" + random.Next(0, 4))}";
            }

            if (pick == 3 && valued.Count > 0)
            {
                return $"{valued[random.Next(valued.Count)]} > {random.Next(2, 12)}";
            }

            var n = $"n{random.Next(1, numbers + 1)}";
            return random.Next(3) switch
            {
                0 => $"{n} + m >= {random.Next(4, 12)}",
                1 => $"{n} * 2 < {random.Next(2, 16)}",
                _ => $"{n} - m != {random.Next(-4, 4)}",
            };
        }

        for (var d = 1; d <= random.Next(3, 9); d++)
        {
            var name = $"d{d}";
            var condition = string.Join(random.NextDouble() < 0.2 ? " or " : " and ", Enumerable.Range(0, random.Next(1, 4)).Select(_ => Literal()));
            if (numbers > 0 && random.NextDouble() < 0.25)
            {
                // A rule that concludes a value, read by later comparisons.
                text.Append($"rule r{d}: if {condition} then s{d} = n{random.Next(1, numbers + 1)} + {random.Next(0, 3)}\n");
                if (random.NextDouble() < 0.4)
                {
                    // A second rule for the same value: where both fire with different values the atom is in conflict,
                    // and each value must be counted as a conflict there, not as the atom's value.
                    text.Append($"rule p{d}: if {Literal()} then s{d} = n{random.Next(1, numbers + 1)} + {random.Next(0, 3)}\n");
                }

                valued.Add($"s{d}");
                continue;
            }

            text.Append($"rule r{d}: if {condition} then {(random.NextDouble() < 0.2 ? "not " : string.Empty)}{name}\n");
            if (random.NextDouble() < 0.3)
            {
                // A second rule on the same atom, often the other way (a conflict), sometimes with an exception or
                // overriding the first: the clean part must read both as the evaluation decided them.
                var overrides = random.NextDouble() < 0.25 ? $" overrides r{d}" : string.Empty;
                var unless = random.NextDouble() < 0.3 ? $" unless {Literal()}" : string.Empty;
                text.Append($"rule q{d}{overrides}: if {Literal()} then {(random.NextDouble() < 0.5 ? "not " : string.Empty)}{name}{unless}\n");
            }

            truths.Add(name);
        }

        // Constraints over what varies by scenario: some exclude scenarios, some are violated as stated (then not in force).
        for (var c = 1; constraints && c <= random.Next(1, 3); c++)
        {
            text.Append($"never {Literal()}{(random.NextDouble() < 0.7 ? " and " + Literal() : string.Empty)}\n");
        }

        return text.ToString();
    }

    private static (GroundProgram Program, PremiseSet Premises) Ground(string text)
    {
        var model = Analyzer.Analyze(Workspace.FromText(Path.Combine(TestPaths.RepoRoot, "valued.policy"), text));
        model.HasErrors.Should().BeFalse("the generator writes valid arguments:\n{0}\n{1}", text, string.Join("\n", model.Diagnostics.Where(d => d.IsError).Select(d => d.Message)));
        var program = Grounder.Ground(model);
        return (program, PremiseSet.Base(program));
    }

    [Fact]
    public void The_sweep_agrees_with_the_scalar_engine_on_arguments_with_values()
    {
        for (var seed = 1; seed <= 300; seed++)
        {
            AgreesWithTheScalarEngine(seed, constraints: false);
        }
    }

    /// <summary>
    /// With constraints: the impossible scenarios are left out of every count, the probabilities are conditional on
    /// the rest, and the exclusions are counted per constraint, exactly as the scalar engine finds them.
    /// </summary>
    [Fact]
    public void The_sweep_leaves_out_the_scenarios_constraints_exclude_as_the_scalar_engine_does()
    {
        var excluding = 0;
        for (var seed = 1; seed <= 300; seed++)
        {
            excluding += AgreesWithTheScalarEngine(seed, constraints: true) ? 1 : 0;
        }

        excluding.Should().BeGreaterThan(50, "the generator must make constraints that exclude scenarios");
    }

    /// <summary>Checks one generated argument; true when its constraints excluded some scenario.</summary>
    private static bool AgreesWithTheScalarEngine(int seed, bool constraints)
    {
        {
            var text = Generate(seed, constraints);
            var (program, premises) = Ground(text);
            var probe = program.Atoms.Where(a => !a.IsValued).Select(a => (GroundCondition)new GroundTruth(a.Id)).Take(3).ToList();
            var plan = SweepPlan.Compile(program, premises, probe);
            plan.Unsupported.Should().BeNull("seed {0}:\n{1}", seed, text);
            var sweep = ScenarioSweep.Run(plan, new SweepOptions { Dependencies = true });
            var space = plan.Space;
            var all = space.EnumerateAll().ToList();
            var possible = all.Where(s => s.Violated < 0).ToList();
            sweep.Scenarios.Should().Be(possible.Count, "seed {0}:\n{1}", seed, text);
            sweep.Excluded.Should().Be(all.Count - possible.Count, "seed {0}:\n{1}", seed, text);
            sweep.Violations.Should().Equal(space.Constraints.Select(c => (long)all.Count(s => s.Evaluation.Violates(c.Condition))), "seed {0}:\n{1}", seed, text);
            var possibleWeight = possible.Sum(s => space.Probability(s.Choices));
            var count = (decimal)Math.Max(1, possible.Count);

            var n = program.Atoms.Count;
            var holds = new long[n];
            var fails = new long[n];
            var valuedCount = new long[n];
            var holdsWeight = new decimal[n];
            // By the engine's three-valued truth of each atom: a conflict is neither true nor false.
            var trueIn = new long[n];
            var falseIn = new long[n];
            var conflictIn = new long[n];
            var contestedIn = new long[n];
            var contestedWeight = new decimal[n];
            var probeContested = new long[probe.Count];
            var trueWeight = new decimal[n];
            var conflictWeight = new decimal[n];
            // Per value, the scenarios (and weight) where it is the one clean value, in conflict, or contested.
            var values = new Dictionary<(int, Value), long[]>();
            var valueWeights = new Dictionary<(int, Value), decimal[]>();
            var probeHolds = new long[probe.Count];
            long conflicts = 0;
            var states = new Dictionary<string, string[]>(StringComparer.Ordinal);
            foreach (var (choices, evaluation, _) in possible)
            {
                // Conditional on the constraints: the possible scenarios' weights, scaled to add up to 1.
                var weight = possibleWeight == 0 ? 0 : space.Probability(choices) / possibleWeight;
                for (var a = 0; a < n; a++)
                {
                    holds[a] += evaluation.Holds(a) ? 1 : 0;
                    fails[a] += evaluation.Fails(a) ? 1 : 0;
                    holdsWeight[a] += evaluation.Holds(a) ? weight : 0;
                    valuedCount[a] += evaluation.ValuesOf(a).Count > 0 ? 1 : 0;
                    // True and false count only clean results; one that rests on a conflict is contested.
                    var truth = evaluation.TruthOf(a);
                    var clean = evaluation.Clean.TruthOf(a) == truth;
                    trueIn[a] += truth == Truth.True && clean ? 1 : 0;
                    falseIn[a] += truth == Truth.False && clean ? 1 : 0;
                    contestedIn[a] += evaluation.IsContested(a) ? 1 : 0;
                    conflictIn[a] += truth == Truth.Conflict ? 1 : 0;
                    trueWeight[a] += truth == Truth.True && clean ? weight : 0;
                    contestedWeight[a] += evaluation.IsContested(a) ? weight : 0;
                    conflictWeight[a] += truth == Truth.Conflict ? weight : 0;
                    foreach (var value in evaluation.ValuesOf(a))
                    {
                        var state = truth == Truth.Conflict ? 1 : evaluation.Clean.ValuesOf(a).Contains(value) ? 0 : 2;
                        (values.TryGetValue((a, value), out var tally) ? tally : values[(a, value)] = new long[3])[state]++;
                        (valueWeights.TryGetValue((a, value), out var weights) ? weights : valueWeights[(a, value)] = new decimal[3])[state] += weight;
                    }
                }

                for (var p = 0; p < probe.Count; p++)
                {
                    probeHolds[p] += evaluation.HoldsCleanly(probe[p]) ? 1 : 0;
                    probeContested[p] += evaluation.IsContested(probe[p]) ? 1 : 0;
                }

                conflicts += evaluation.Conflicts().Count > 0 ? 1 : 0;
                // A state is what is derived and what of it is clean: a premise that makes a conclusion contested changes it.
                var cleanPart = evaluation.Clean;
                states[string.Join(",", choices)] = [.. Enumerable.Range(0, n).Select(a =>
                    $"{evaluation.Holds(a)}{evaluation.Fails(a)}{string.Join("|", evaluation.ValuesOf(a).Select(v => v.ToString()).Order(StringComparer.Ordinal))}/{cleanPart.Holds(a)}{cleanPart.Fails(a)}{string.Join("|", cleanPart.ValuesOf(a).Select(v => v.ToString()).Order(StringComparer.Ordinal))}")];
            }

            sweep.Holds.Should().Equal(holds, "seed {0}:\n{1}", seed, text);
            sweep.Fails.Should().Equal(fails, "seed {0}:\n{1}", seed, text);
            sweep.Valued.Should().Equal(valuedCount, "seed {0}:\n{1}", seed, text);
            sweep.ConflictCount.Should().Be(conflicts, "seed {0}:\n{1}", seed, text);
            sweep.ProbeHolds.Should().Equal(probeHolds, "seed {0}", seed);
            sweep.ProbeContested.Should().Equal(probeContested, "seed {0}:\n{1}", seed, text);
            Enumerable.Range(0, n).Select(sweep.ContestedIn).Should().Equal(contestedIn, "seed {0}:\n{1}", seed, text);
            Enumerable.Range(0, n).Select(sweep.TrueIn).Should().Equal(trueIn, "seed {0}:\n{1}", seed, text);
            Enumerable.Range(0, n).Where(a => !program.Atoms[a].IsValued).Select(sweep.FalseIn).Should().Equal(Enumerable.Range(0, n).Where(a => !program.Atoms[a].IsValued).Select(a => falseIn[a]), "seed {0}:\n{1}", seed, text);
            sweep.Conflicting.Should().Equal(conflictIn, "seed {0}:\n{1}", seed, text);
            for (var a = 0; a < n; a++)
            {
                sweep.TrueProbability(a).Should().BeApproximately(plan.HasProbabilities ? (double)trueWeight[a] : (double)(trueIn[a] / count), 1e-9, "seed {0}, atom {1}", seed, program.Atoms[a]);
                sweep.ContestedProbability(a).Should().BeApproximately(plan.HasProbabilities ? (double)contestedWeight[a] : (double)(contestedIn[a] / count), 1e-9, "seed {0}, atom {1}", seed, program.Atoms[a]);
                sweep.ConflictProbability(a).Should().BeApproximately(plan.HasProbabilities ? (double)conflictWeight[a] : (double)(conflictIn[a] / count), 1e-9, "seed {0}, atom {1}", seed, program.Atoms[a]);
                sweep.ValuesOf(a).Select(v => (v.Value, v.TrueIn, v.ConflictIn, v.ContestedIn)).Should().BeEquivalentTo(values.Where(v => v.Key.Item1 == a).Select(v => (v.Key.Item2, v.Value[0], v.Value[1], v.Value[2])), "seed {0}, atom {1}:\n{2}", seed, program.Atoms[a], text);
                foreach (var tally in sweep.ValuesOf(a))
                {
                    var expected = plan.HasProbabilities ? valueWeights[(a, tally.Value)].Select(w => (double)w).ToArray() : values[(a, tally.Value)].Select(c => (double)(c / count)).ToArray();
                    double[] actual = [tally.TrueProbability, tally.ConflictProbability, tally.ContestedProbability];
                    for (var state = 0; state < 3; state++)
                    {
                        actual[state].Should().BeApproximately(expected[state], 1e-9, "seed {0}, atom {1}, value {2}, state {3}", seed, program.Atoms[a], tally.Value, state);
                    }
                }
                if (plan.HasProbabilities)
                {
                    sweep.HoldsProbability(a).Should().BeApproximately((double)holdsWeight[a], 1e-9, "seed {0}, atom {1}", seed, program.Atoms[a]);
                }
            }

            // A conclusion depends on a premise when changing that premise alone changes its state in some scenario.
            foreach (var atom in plan.Program.Atoms.Where(a => program.RulesByHead[a.Id] is not null))
            {
                var expected = space.Open.Where((premise, i) => states.Any(s =>
                {
                    var choices = s.Key.Split(',');
                    return Enumerable.Range(0, premise.Choices.Count).Any(c =>
                    {
                        var other = (string[])choices.Clone();
                        other[i] = c.ToString(CultureInfo.InvariantCulture);
                        // Only between possible scenarios: an impossible one has no state to differ from.
                        return states.TryGetValue(string.Join(",", other), out var state) && state[atom.Id] != s.Value[atom.Id];
                    });
                })).Select(p => p.Display);
                sweep.DependenciesOf(atom.Id).Select(p => p.Display).Should().BeEquivalentTo(expected, "seed {0}, {1}:\n{2}", seed, atom, text);
            }

            return sweep.Excluded > 0;
        }
    }

    [Fact]
    public void Probabilities_are_exact_sums_over_the_scenarios()
    {
        const string text = "scale stake = low < high\nassume a with probability 0.3\nassume level in [low: 0.2, high: 0.8]\nfact talks\nrule r: if a and level = high then deal\nrule s: if talks then meeting\n";
        var (program, premises) = Ground(text);
        var sweep = ScenarioSweep.Run(SweepPlan.Compile(program, premises));
        sweep.IsWeighted.Should().BeTrue();
        sweep.Scenarios.Should().Be(4);
        sweep.HoldsProbability(program.AtomNamed("deal")!.Value).Should().BeApproximately(0.24, 1e-12, "0.3 * 0.8");
        sweep.HoldsProbability(program.AtomNamed("meeting")!.Value).Should().BeApproximately(1.0, 1e-12);
        sweep.Holds[program.AtomNamed("deal")!.Value].Should().Be(1);
    }

    [Fact]
    public void Dependencies_are_found_across_groups_of_premises()
    {
        // Twenty premises make three groups of eight bits; the conclusion depends on the first and the last only.
        var text = string.Concat(Enumerable.Range(1, 20).Select(i => $"assume p{i}\n")) + "rule r: if p1 and p20 then c\n" +
            string.Concat(Enumerable.Range(2, 18).Select(i => $"rule u{i}: if p{i} then x{i}\n"));
        var (program, premises) = Ground(text);
        var plan = SweepPlan.Compile(program, premises);
        plan.Groups.Should().HaveCount(3);
        var sweep = ScenarioSweep.Run(plan, new SweepOptions { Dependencies = true });
        sweep.DependenciesOf(program.AtomNamed("c")!.Value).Select(p => p.Display).Should().Equal("p1", "p20");
        sweep.DependenciesOf(program.AtomNamed("x9")!.Value).Select(p => p.Display).Should().Equal("p9");
        sweep.Holds[program.AtomNamed("c")!.Value].Should().Be(1L << 18);
    }

    [Fact]
    public void Sampling_estimates_within_its_bound_and_repeats_with_its_seed()
    {
        var text = string.Concat(Enumerable.Range(1, 12).Select(i => $"assume p{i}\n")) + "rule r: if p1 and p2 then c\nrule s: if p3 or p4 then d\n";
        var (program, premises) = Ground(text);
        var plan = SweepPlan.Compile(program, premises);
        var sampled = ScenarioSweep.Run(plan, new SweepOptions { Samples = 100_000, Seed = 7 });
        sampled.IsSampled.Should().BeTrue();
        sampled.Scenarios.Should().Be(100_000);
        sampled.ErrorBound.Should().BeApproximately(0.0043, 0.0001);
        var c = program.AtomNamed("c")!.Value;
        var d = program.AtomNamed("d")!.Value;
        sampled.HoldsProbability(c).Should().BeApproximately(0.25, sampled.ErrorBound);
        sampled.HoldsProbability(d).Should().BeApproximately(0.75, sampled.ErrorBound);
        ScenarioSweep.Run(plan, new SweepOptions { Samples = 100_000, Seed = 7 }).Holds.Should().Equal(sampled.Holds, "the same seed draws the same scenarios");
        ScenarioSweep.Run(plan, new SweepOptions { Samples = 100_000, Seed = 8 }).Holds.Should().NotEqual(sampled.Holds);
    }

    [Fact]
    public void Sampling_draws_by_the_premises_probabilities()
    {
        const string text = "scale stake = low < high\nassume a with probability 0.9\nassume level in [low: 0.25, high: 0.75]\nrule r: if a and level = high then deal\n";
        var (program, premises) = Ground(text);
        var sampled = ScenarioSweep.Run(SweepPlan.Compile(program, premises), new SweepOptions { Samples = 200_000 });
        sampled.HoldsProbability(program.AtomNamed("deal")!.Value).Should().BeApproximately(0.675, sampled.ErrorBound);
    }
}
