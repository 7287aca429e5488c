using System.Diagnostics;
using System.Text;
using FluentAssertions;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Evaluator.Engine;
using PolicyDsl.Evaluator.Grounding;
using PolicyDsl.Evaluator.Scenarios;
using PolicyDsl.Testing;
using Xunit;

namespace PolicyDsl.Evaluator.Tests.Scenarios;

/// <summary>A layered random program with open premises, written both as PolicyDsl and as clingo.</summary>
internal sealed class RandomProgram
{
    public required string Policy { get; init; }

    public required string Clingo { get; init; }

    public required IReadOnlyList<string> Atoms { get; init; }

    /// <summary>
    /// Same model as the bench anchors' generator: open facts o, fixed facts f, derived atoms c in layers; body
    /// literals x (true), not x (known false, clingo n_x) and unless x (not established, clingo "not x"); some
    /// rules conclude "not c". Every derived atom has a rule, and the first literal of a body is never an 'unless'.
    /// </summary>
    public static RandomProgram Generate(int seed)
    {
        var random = new Random(seed);
        var open = random.Next(1, 9);
        var fixedCount = random.Next(1, 5);
        var layers = random.Next(2, 5);
        var perLayer = random.Next(2, 6);
        var atoms = new List<string>();
        var policy = new StringBuilder();
        var clingo = new StringBuilder();
        var layerAtoms = new List<List<string>> { new() };
        for (var i = 1; i <= open; i++)
        {
            var name = $"o{i}";
            atoms.Add(name);
            layerAtoms[0].Add(name);
            policy.Append("assume ").Append(name).Append('\n');
            clingo.Append($"{{ {name} }}.\nn_{name} :- not {name}.\n");
        }

        for (var i = 1; i <= fixedCount; i++)
        {
            var name = $"f{i}";
            atoms.Add(name);
            layerAtoms[0].Add(name);
            var negative = random.NextDouble() < 0.25;
            policy.Append(negative ? "fact not " : "fact ").Append(name).Append('\n');
            clingo.Append(negative ? "n_" : string.Empty).Append(name).Append(".\n");
        }

        var rule = 0;
        var auxiliaries = 0;
        for (var layer = 1; layer <= layers; layer++)
        {
            var current = new List<string>();
            for (var k = 0; k < perLayer; k++)
            {
                var name = $"c{layer}_{k}";
                atoms.Add(name);
                current.Add(name);
                for (var r = random.Next(1, 4); r > 0; r--)
                {
                    var condition = new List<string>();
                    var clingoBody = new List<string>();
                    var unless = new List<string>();
                    var size = random.Next(1, 4);
                    for (var l = 0; l < size; l++)
                    {
                        var from = l == 0 ? layerAtoms[layer - 1] : layerAtoms[random.Next(0, layer)];
                        var atom = from[random.Next(from.Count)];
                        if (l > 0 && random.NextDouble() < 0.25)
                        {
                            // A compound literal, so that the false plane of and/or is exercised too.
                            var other = from[random.Next(from.Count)];
                            var aux = $"aux{++auxiliaries}";
                            switch (random.Next(3))
                            {
                                case 0:
                                    condition.Add($"({atom} or {other})");
                                    clingo.Append($"{aux} :- {atom}.\n{aux} :- {other}.\n");
                                    clingoBody.Add(aux);
                                    break;
                                case 1:
                                    condition.Add($"not ({atom} and {other})");
                                    clingo.Append($"{aux} :- n_{atom}.\n{aux} :- n_{other}.\n");
                                    clingoBody.Add(aux);
                                    break;
                                default:
                                    condition.Add($"not ({atom} or {other})");
                                    clingoBody.Add($"n_{atom}, n_{other}");
                                    break;
                            }

                            continue;
                        }

                        var kind = l == 0 ? random.Next(0, 10) < 7 ? 0 : 2 : random.Next(0, 10) switch { < 6 => 0, < 8 => 1, _ => 2 };
                        switch (kind)
                        {
                            case 0:
                                condition.Add(atom);
                                clingoBody.Add(atom);
                                break;
                            case 1:
                                unless.Add(atom);
                                clingoBody.Add("not " + atom);
                                break;
                            default:
                                condition.Add("not " + atom);
                                clingoBody.Add("n_" + atom);
                                break;
                        }
                    }

                    var negated = random.NextDouble() < 0.15;
                    policy.Append($"rule r{++rule}: if {string.Join(" and ", condition)} then {(negated ? "not " : string.Empty)}{name}");
                    policy.Append(unless.Count > 0 ? " unless " + string.Join(" or ", unless) : string.Empty).Append('\n');
                    clingo.Append(negated ? "n_" : string.Empty).Append(name).Append(" :- ").Append(string.Join(", ", clingoBody)).Append(".\n");
                }
            }

            layerAtoms.Add(current);
        }

        foreach (var atom in atoms)
        {
            clingo.Append($"contra :- {atom}, n_{atom}.\n");
        }

        return new RandomProgram { Policy = policy.ToString(), Clingo = clingo.ToString(), Atoms = atoms };
    }

    public (GroundProgram Program, PremiseSet Premises) Ground()
    {
        var model = Analyzer.Analyze(Workspace.FromText(Path.Combine(TestPaths.RepoRoot, "random.policy"), Policy));
        model.Diagnostics.Where(d => d.IsError).Should().BeEmpty(Policy);
        var program = Grounder.Ground(model);
        return (program, PremiseSet.Base(program));
    }
}

/// <summary>Runs only where clingo is installed (.ci/run installs Debian's gringo); elsewhere it shows as skipped, not passed.</summary>
public sealed class RequiresClingoFactAttribute : FactAttribute
{
    public RequiresClingoFactAttribute()
    {
        if (SweepTests.Clingo is null)
        {
            Skip = "clingo is not installed (apt-get install -y gringo); .ci/run installs it";
        }
    }
}

public class SweepTests
{
    internal static string? Clingo { get; } = Environment.GetEnvironmentVariable("PATH")?.Split(':')
        .Select(d => Path.Combine(d, "clingo")).FirstOrDefault(File.Exists);

    [Fact]
    public void The_bit_parallel_sweep_agrees_with_the_scalar_engine_on_random_programs()
    {
        for (var seed = 1; seed <= 200; seed++)
        {
            var generated = RandomProgram.Generate(seed);
            var (program, premises) = generated.Ground();
            var plan = SweepPlan.Compile(program, premises);
            plan.IsExhaustible.Should().BeTrue();
            var sweep = ScenarioSweep.Run(plan);
            var space = new ScenarioSpace(program, premises);
            space.Count.Should().Be(sweep.Scenarios);

            var holds = new long[program.Atoms.Count];
            var fails = new long[program.Atoms.Count];
            long conflicting = 0;
            foreach (var (_, evaluation) in space.Enumerate())
            {
                for (var a = 0; a < program.Atoms.Count; a++)
                {
                    holds[a] += evaluation.Holds(a) ? 1 : 0;
                    fails[a] += evaluation.Fails(a) ? 1 : 0;
                }

                conflicting += evaluation.Conflicts().Count > 0 ? 1 : 0;
            }

            sweep.Holds.Should().Equal(holds, "seed {0}:\n{1}", seed, generated.Policy);
            sweep.Fails.Should().Equal(fails, "seed {0}", seed);
            sweep.ConflictCount.Should().Be(conflicting, "seed {0}", seed);
        }
    }

    /// <summary>
    /// Past <see cref="SweepOptions.WorkersMemory"/> a sweep runs on fewer workers (issue 23: a worker a core held
    /// 250 MB each on a large argument); each block is drawn from its own number, so the counts are the same.
    /// </summary>
    [Fact]
    public void A_sweep_on_one_worker_counts_as_one_on_every_core()
    {
        for (var seed = 1; seed <= 20; seed++)
        {
            var (program, premises) = RandomProgram.Generate(seed).Ground();
            var plan = SweepPlan.Compile(program, premises);
            foreach (var samples in new long?[] { 256 * 9, null })
            {
                var wide = ScenarioSweep.Run(plan, new SweepOptions { Samples = samples, Seed = 7 });
                var narrow = ScenarioSweep.Run(plan, new SweepOptions { Samples = samples, Seed = 7, WorkersMemory = 1 });
                narrow.Scenarios.Should().Be(wide.Scenarios);
                narrow.Holds.Should().Equal(wide.Holds, "seed {0}", seed);
                narrow.Fails.Should().Equal(wide.Fails, "seed {0}", seed);
                narrow.ConflictCount.Should().Be(wide.ConflictCount, "seed {0}", seed);
            }
        }
    }

    [Fact]
    public void Overrides_and_unless_are_swept_as_the_engine_evaluates_them()
    {
        const string text = "assume a\nassume b\nassume e\nrule pro: if a then deal\nrule contra overrides pro: if b then not deal\nrule r: if a then x unless e\n";
        var model = Analyzer.Analyze(Workspace.FromText(Path.Combine(TestPaths.RepoRoot, "t.policy"), text));
        var program = Grounder.Ground(model);
        var sweep = ScenarioSweep.Run(SweepPlan.Compile(program, PremiseSet.Base(program)));
        sweep.Scenarios.Should().Be(8);
        sweep.Holds[program.AtomNamed("deal")!.Value].Should().Be(2, "a and not b, in both values of e");
        sweep.Fails[program.AtomNamed("deal")!.Value].Should().Be(4, "whenever b");
        sweep.Holds[program.AtomNamed("x")!.Value].Should().Be(2, "a and not e, in both values of b");
        sweep.ConflictCount.Should().Be(0);
    }

    /// <summary>
    /// Where a exists, z is in conflict, and y holds only through it: the rule that would give y a clean chain (through
    /// q) is excepted by z, and the clean part must take that exception as the evaluation decided it, not read it
    /// again without z. The engine and the sweep must both say y is contested there.
    /// </summary>
    [Fact]
    public void A_conclusion_that_holds_only_through_a_conflict_is_contested_in_the_engine_and_the_sweep()
    {
        const string text = "fact t\nassume a\nrule pro: if t then z\nrule con: if a then not z\nrule r1: if t then q unless z\nrule s: if q or z then y\n";
        var model = Analyzer.Analyze(Workspace.FromText(Path.Combine(TestPaths.RepoRoot, "t.policy"), text));
        var program = Grounder.Ground(model);
        var y = program.AtomNamed("y")!.Value;
        var z = program.AtomNamed("z")!.Value;
        var premises = PremiseSet.Base(program);
        var withA = FixpointEngine.Evaluate(program, premises.With("a", [(program.AtomNamed("a")!.Value, null, true)]));
        withA.IsConflicted(z).Should().BeTrue();
        withA.Holds(y).Should().BeTrue();
        withA.IsContested(y).Should().BeTrue("y rests only on z, which is in conflict");
        withA.IsContested(Plane.True(y)).Should().BeTrue();
        FixpointEngine.Evaluate(program, premises).IsContested(y).Should().BeFalse("with a unknown, z holds cleanly");

        var sweep = ScenarioSweep.Run(SweepPlan.Compile(program, premises, [new GroundTruth(y)]));
        sweep.Scenarios.Should().Be(2);
        sweep.TrueIn(y).Should().Be(1, "where a is false");
        sweep.ContestedIn(y).Should().Be(1, "where a is true");
        sweep.ProbeHolds[0].Should().Be(1);
        sweep.ProbeContested[0].Should().Be(1);
    }

    /// <summary>
    /// The differential test against a real solver: 1,000 random programs through PolicyDsl's sweep and through
    /// clingo (same semantics, the bench anchors' encoding); per atom, the number of scenarios in which it is
    /// derived true and false, and the exact set of scenarios with a contradiction, must be the same.
    /// </summary>
    [RequiresClingoFact]
    public void The_sweep_agrees_with_clingo_on_a_thousand_random_programs()
    {
        using var folder = TestPaths.CreateTempFolder();
        for (var seed = 1; seed <= 1000; seed++)
        {
            var generated = RandomProgram.Generate(seed);
            var (program, premises) = generated.Ground();
            var sweep = ScenarioSweep.Run(SweepPlan.Compile(program, premises));

            var lp = folder.Write($"p{seed}.lp", generated.Clingo);
            var models = RunClingo(lp);
            models.Should().HaveCount((int)sweep.Scenarios, "seed {0}", seed);

            var counts = models.SelectMany(m => m).GroupBy(a => a).ToDictionary(g => g.Key, g => (long)g.Count());
            foreach (var atom in generated.Atoms)
            {
                var id = program.AtomNamed(atom)!.Value;
                sweep.Holds[id].Should().Be(counts.GetValueOrDefault(atom), "seed {0}, {1}:\n{2}", seed, atom, generated.Policy);
                sweep.Fails[id].Should().Be(counts.GetValueOrDefault("n_" + atom), "seed {0}, not {1}", seed, atom);
            }

            var openNames = sweep.Plan.Space.Open.Select(p => p.Display).ToList();
            var clingoConflicts = models.Where(m => m.Contains("contra"))
                .Select(m => openNames.Select((name, i) => m.Contains(name) ? 1L << i : 0L).Sum())
                .Order().ToList();
            sweep.ConflictScenarios().Should().Equal(clingoConflicts, "seed {0}", seed);
        }
    }

    private static List<HashSet<string>> RunClingo(string file)
    {
        var start = new ProcessStartInfo(Clingo!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { file, "0", "-V0", "-Wnone" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return [.. output.Split('\n')
            .Where(l => l.Length > 0 && l is not ("SATISFIABLE" or "UNSATISFIABLE" or "UNKNOWN"))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal))];
    }
}
