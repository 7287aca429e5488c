using System.Text;
using CsCheck;
using FluentAssertions;
using PolicyDsl.Evaluator.Engine;
using PolicyDsl.Evaluator.Supports;
using PolicyDsl.Evaluator.Tests.Engine;
using Xunit;
using Xunit.Abstractions;

namespace PolicyDsl.Evaluator.Tests.Supports;

/// <summary>
/// Supports against brute force on random small arguments (up to 7 premises, exceptions, overrides, values and
/// conflicts included): a set of premises supports a conclusion exactly when evaluating with only that set derives
/// it, each reported support is minimal, every deriving set contains one, a support is clean exactly when the
/// clean part of its evaluation derives the conclusion, and on every subset the conclusion holds cleanly by that
/// subset's own conflicts exactly when its evaluation's clean part derives it.
/// </summary>
public sealed class SupportPropertyTests(ITestOutputHelper output)
{
    private static readonly Gen<string> Arguments =
        Gen.Select(Gen.Int[2, 7], Gen.Int[2, 8], Gen.Int[0, int.MaxValue]).Select((premises, rules, seed) => Generate(premises, rules, new Random(seed)));

    [Fact]
    public void Supports_agree_with_evaluating_every_subset_of_the_premises()
    {
        var refused = new List<string>();
        var checkedArguments = 0;
        var checkedPlanes = 0;
        Arguments.Sample(text =>
        {
            var report = EngineTests.Check(text);
            if (report.Base is not { } evaluation)
            {
                lock (refused)
                {
                    refused.AddRange(report.Diagnostics.Where(d => d.IsError).Select(d => d.Code).Distinct());
                }

                return;
            }

            Interlocked.Increment(ref checkedArguments);
            Interlocked.Add(ref checkedPlanes, Verify(evaluation, text));
        }, iter: 500);

        output.WriteLine($"{checkedArguments} arguments, {checkedPlanes} planes checked against brute force; refused: " +
            string.Join(", ", refused.GroupBy(c => c).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} x{g.Count()}")));
        // Recursion through not (PD0030) refuses about a third; the rest must be enough to mean something.
        checkedArguments.Should().BeGreaterThan(250, "the generator must make mostly valid arguments");
    }

    private static int Verify(Evaluation evaluation, string text)
    {
        var supports = SupportAnalysis.Compute(evaluation);
        supports.NotComputed.Should().BeNull();
        var premises = supports.Premises;
        var n = premises.Count;
        var blocked = Enumerable.Range(0, evaluation.Program.Atoms.Count).Select(evaluation.IsConflicted).ToArray();
        var subsets = new Evaluation[1 << n];
        for (var mask = 0; mask < subsets.Length; mask++)
        {
            var keep = premises.Where(p => (mask & (1 << p.Index)) != 0).Select(p => p.Atom).ToHashSet();
            subsets[mask] = FixpointEngine.Evaluate(evaluation.Program, evaluation.Premises.Keeping("subset", keep.Contains));
        }

        var planes = 0;
        foreach (var atom in evaluation.Program.Atoms)
        {
            var candidates = atom.IsValued
                ? subsets.SelectMany(s => s.ValuesOf(atom.Id)).Distinct().Select(v => Plane.Valued(atom.Id, v)).ToList()
                : [Plane.True(atom.Id), Plane.False(atom.Id)];
            foreach (var plane in candidates)
            {
                planes++;
                var found = supports.Of(plane);
                var derives = Enumerable.Range(0, subsets.Length).Where(m => subsets[m].DerivationOf(plane) is not null).ToHashSet();
                for (var mask = 0; mask < subsets.Length; mask++)
                {
                    supports.HoldsOn(plane, Indexes(mask)).Should().Be(derives.Contains(mask), $"{plane} on premises {mask:b} of\n{text}");
                    // Withdrawing premises asks whether what is left derives it cleanly by its own disputes (retract, critical).
                    supports.HoldsCleanlyOn(plane, Indexes(mask)).Should().Be(subsets[mask].Clean.DerivationOf(plane) is not null,
                        $"{plane} held cleanly on premises {mask:b} of\n{text}");
                }

                var reported = found.Supports.Select(s => s.Premises.Aggregate(0, (m, p) => m | (1 << p.Index))).ToList();
                found.Truncated.Should().BeFalse();
                foreach (var (mask, support) in reported.Zip(found.Supports))
                {
                    derives.Should().Contain(mask, $"a support of {plane} must derive it, in\n{text}");
                    derives.Where(d => d != mask && (d & mask) == d).Should().BeEmpty($"a support of {plane} must be minimal, in\n{text}");
                    var cleanly = FixpointEngine.EvaluateClean(subsets[mask], blocked).DerivationOf(plane) is not null;
                    support.Clean.Should().Be(cleanly, $"support {mask:b} of {plane} is clean exactly when its clean part derives it, in\n{text}");
                }

                foreach (var mask in derives)
                {
                    reported.Should().Contain(r => (r & mask) == r, $"premises {mask:b} derive {plane}, so some support is inside them, in\n{text}");
                }
            }
        }

        return planes;
    }

    private static int[] Indexes(int mask) => [.. Enumerable.Range(0, 31).Where(i => (mask & (1 << i)) != 0)];

    /// <summary>
    /// A random argument: premises p1..pn stated true or false, and valued premises v1, v2; rules concluding c1..c4 (or
    /// their negations, or a value w), reading premises and earlier conclusions through and, or, not, comparisons,
    /// with exceptions and overrides.
    /// </summary>
    private static string Generate(int premises, int rules, Random random)
    {
        var text = new StringBuilder();
        var truthPremises = Math.Max(1, premises - 2);
        for (var i = 1; i <= truthPremises; i++)
        {
            text.Append(random.Next(4) == 0 ? $"fact not p{i}\n" : $"fact p{i}\n");
        }

        for (var i = 1; i <= premises - truthPremises; i++)
        {
            text.Append($"fact v{i} = {random.Next(1, 5)}\n");
        }

        var atoms = Enumerable.Range(1, truthPremises).Select(i => $"p{i}").ToList();
        var valued = Enumerable.Range(1, premises - truthPremises).Select(i => $"v{i}").ToList();
        var names = new List<(string Name, string Head)>();
        for (var r = 1; r <= rules; r++)
        {
            var head = random.Next(6) == 0 && valued.Count > 0 ? "w" : $"c{random.Next(1, 5)}";
            var condition = Condition(random, atoms, valued, 2);
            var conclusion = head == "w" ? $"w = {valued[random.Next(valued.Count)]} + {random.Next(1, 3)}" : (random.Next(4) == 0 ? "not " : string.Empty) + head;
            var overrides = names.Where(n => n.Head == head).Select(n => n.Name).FirstOrDefault();
            text.Append($"rule r{r}");
            if (overrides is not null && random.Next(3) == 0)
            {
                text.Append($" overrides {overrides}");
            }

            text.Append($": if {condition} then {conclusion}");
            if (random.Next(4) == 0)
            {
                text.Append($" unless {Condition(random, atoms, valued, 1)}");
            }

            text.Append('\n');
            names.Add(($"r{r}", head));
            if (head != "w" && !atoms.Contains(head))
            {
                atoms.Add(head);
            }
        }

        return text.ToString();
    }

    private static string Condition(Random random, List<string> atoms, List<string> valued, int depth)
    {
        var pick = random.Next(depth <= 0 ? 3 : 6);
        return pick switch
        {
            0 or 1 => atoms[random.Next(atoms.Count)],
            2 => valued.Count > 0 && random.Next(2) == 0 ? $"{valued[random.Next(valued.Count)]} > {random.Next(0, 5)}" : $"not {atoms[random.Next(atoms.Count)]}",
            3 => $"{Condition(random, atoms, valued, depth - 1)} and {Condition(random, atoms, valued, depth - 1)}",
            4 => $"({Condition(random, atoms, valued, depth - 1)} or {Condition(random, atoms, valued, depth - 1)})",
            _ => $"not ({Condition(random, atoms, valued, depth - 1)})",
        };
    }
}
