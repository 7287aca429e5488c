using System.Text;
using CsCheck;
using FluentAssertions;
using PolicyDsl.Evaluator.Engine;
using PolicyDsl.Evaluator.Grounding;
using PolicyDsl.Evaluator.Supports;
using PolicyDsl.Evaluator.Tests.Engine;
using Xunit;
using Xunit.Abstractions;

namespace PolicyDsl.Evaluator.Tests.Supports;

/// <summary>
/// The competing-hypotheses matrix against brute force on random small arguments with stated and open premises: a
/// premise is marked consistent with a hypothesis exactly when it belongs to some minimal environment (stated
/// premises and one choice per open premise at most) whose evaluation derives the hypothesis, and inconsistent
/// exactly when it belongs to some minimal environment that derives its negation.
/// </summary>
public sealed class MatrixPropertyTests(ITestOutputHelper output)
{
    private static readonly Gen<string> Arguments =
        Gen.Select(Gen.Int[1, 5], Gen.Int[0, 2], Gen.Int[2, 7], Gen.Int[0, int.MaxValue]).Select((facts, open, rules, seed) => Generate(facts, open, rules, new Random(seed)));

    [Fact]
    public void Cells_agree_with_the_minimal_environments_found_by_evaluating_every_one()
    {
        var checkedArguments = 0;
        var marks = 0;
        Arguments.Sample(text =>
        {
            var report = EngineTests.Check(text);
            if (report.Base is not { } evaluation)
            {
                return;
            }

            Interlocked.Increment(ref checkedArguments);
            Interlocked.Add(ref marks, Verify(evaluation, text));
        }, iter: 300);

        output.WriteLine($"{checkedArguments} arguments checked, {marks} cells consistent or inconsistent");
        checkedArguments.Should().BeGreaterThan(150, "the generator must make mostly valid arguments");
        marks.Should().BeGreaterThan(300, "the cells must say something");
    }

    private static int Verify(Evaluation evaluation, string text)
    {
        var program = evaluation.Program;
        var hypotheses = program.Atoms.Where(a => program.RulesByHead[a.Id] is not null && !a.IsValued)
            .Select(a => new Hypothesis(a.Display, a.Display, new GroundTruth(a.Id))).ToList();
        if (hypotheses.Count == 0)
        {
            return 0;
        }

        var matrix = HypothesisMatrix.Compute(evaluation, hypotheses);
        matrix.NotComputed.Should().BeNull();
        var facts = matrix.Rows.Select(r => r.Premise).OrderBy(p => p.Index).ToList();
        var open = evaluation.Premises.Open.Keys.Order().ToList();

        // Every environment: a subset of the stated premises, and per open premise absent, true or false.
        var environments = new List<(int Facts, int[] Choices, Evaluation Evaluation)>();
        var choiceCount = (int)Math.Pow(3, open.Count);
        for (var mask = 0; mask < 1 << facts.Count; mask++)
        {
            for (var code = 0; code < choiceCount; code++)
            {
                var choices = new int[open.Count];
                for (int i = 0, c = code; i < open.Count; i++, c /= 3)
                {
                    choices[i] = c % 3;
                }

                var kept = facts.Where((_, i) => (mask & (1 << i)) != 0).Select(p => p.Atom).ToHashSet();
                var premises = evaluation.Premises.Keeping("subset", a => kept.Contains(a) || open.Contains(a))
                    .With("subset", open.Select((atom, i) => (atom, choices[i])).Where(x => x.Item2 > 0).Select(x => (x.atom, (Dsl.Semantics.Value?)null, x.Item2 == 1)));
                environments.Add((mask, choices, FixpointEngine.Evaluate(program, premises)));
            }
        }

        var marks = 0;
        for (var h = 0; h < hypotheses.Count; h++)
        {
            var atom = ((GroundTruth)hypotheses[h].Condition).Atom;
            var usedFor = UsedInMinimal(environments.Where(e => e.Evaluation.Holds(atom)).ToList(), facts.Count);
            var usedAgainst = UsedInMinimal(environments.Where(e => e.Evaluation.Fails(atom)).ToList(), facts.Count);
            matrix.Cut[h].Should().BeFalse();
            foreach (var row in matrix.Rows)
            {
                var i = facts.IndexOf(row.Premise);
                var expected = (usedFor[i], usedAgainst[i]) switch
                {
                    (true, true) => Bearing.Both,
                    (true, false) => Bearing.Consistent,
                    (false, true) => Bearing.Inconsistent,
                    _ => Bearing.Neither,
                };
                row.Cells[h].Should().Be(expected, $"{row.Premise} against {hypotheses[h].Name} in\n{text}");
                marks += expected == Bearing.Neither ? 0 : 1;
            }
        }

        return marks;
    }

    /// <summary>Per stated premise, whether it is in some minimal environment of those given (an environment is smaller when both its parts are).</summary>
    private static bool[] UsedInMinimal(List<(int Facts, int[] Choices, Evaluation Evaluation)> deriving, int factCount)
    {
        static bool Within((int Facts, int[] Choices, Evaluation _) inner, (int Facts, int[] Choices, Evaluation _) outer) =>
            (inner.Facts & outer.Facts) == inner.Facts && inner.Choices.Zip(outer.Choices).All(c => c.First == 0 || c.First == c.Second);

        var used = new bool[factCount];
        foreach (var environment in deriving)
        {
            var minimal = !deriving.Any(other => !ReferenceEquals(other.Evaluation, environment.Evaluation) && Within(other, environment)
                && (other.Facts != environment.Facts || !other.Choices.SequenceEqual(environment.Choices)));
            if (!minimal)
            {
                continue;
            }

            for (var i = 0; i < factCount; i++)
            {
                used[i] |= (environment.Facts & (1 << i)) != 0;
            }
        }

        return used;
    }

    /// <summary>Stated premises p1..pn (true or false), open premises o1, o2, rules concluding c1..c4 or their negations, with exceptions.</summary>
    private static string Generate(int facts, int open, int rules, Random random)
    {
        var text = new StringBuilder();
        var atoms = new List<string>();
        for (var i = 1; i <= facts; i++)
        {
            text.Append(random.Next(4) == 0 ? $"fact not p{i}\n" : $"fact p{i}\n");
            atoms.Add($"p{i}");
        }

        for (var i = 1; i <= open; i++)
        {
            text.Append($"assume o{i}\n");
            atoms.Add($"o{i}");
        }

        for (var r = 1; r <= rules; r++)
        {
            var head = $"c{random.Next(1, 5)}";
            string Literal() => (random.Next(3) == 0 ? "not " : string.Empty) + atoms[random.Next(atoms.Count)];
            var condition = random.Next(3) switch
            {
                0 => Literal(),
                1 => $"{Literal()} and {Literal()}",
                _ => $"({Literal()} or {Literal()})",
            };
            text.Append($"rule r{r}: if {condition} then {(random.Next(3) == 0 ? "not " : string.Empty)}{head}");
            if (random.Next(5) == 0)
            {
                text.Append($" unless {Literal()}");
            }

            text.Append('\n');
            if (!atoms.Contains(head))
            {
                atoms.Add(head);
            }
        }

        return text.ToString();
    }
}
