using System.Text;
using CsCheck;
using FluentAssertions;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Evaluator.Analysis;
using PolicyDsl.Evaluator.Checking;
using PolicyDsl.Evaluator.Engine;
using PolicyDsl.Evaluator.Explain;
using PolicyDsl.Testing;
using Xunit;
using Xunit.Abstractions;

namespace PolicyDsl.Evaluator.Tests.Explain;

/// <summary>
/// What a conclusion rests on, computed for all conclusions at once (<see cref="RestsOnIndex"/>), against reading
/// each proof tree (the brute force it replaces): on random arguments with cited and analyst premises and rules,
/// exceptions, overrides, values and conflicts, the same texts and judgments in the same order, steps that rest on
/// one another (through a conflict's other side, or a rule recorded as resting on its own conclusion) included.
/// </summary>
public sealed class RestsOnPropertyTests : IDisposable
{
    private readonly ITestOutputHelper output;

    // The two texts the arguments cite, each anchor's passage holding the quote "q".
    private readonly TempFolder texts = TestPaths.CreateTempFolder();

    public RestsOnPropertyTests(ITestOutputHelper output)
    {
        this.output = output;
        texts.Write(".policydsl-root", string.Empty);
        texts.Write("s.md", "# S\n\n" + string.Concat(Enumerable.Range(0, RestsOnIndex.Cap + 20).Select(i => $"{{#a{i}}} q here\n\n")));
        texts.Write("t.md", "# T\n\n" + string.Concat(Enumerable.Range(0, 3).Select(i => $"{{#b{i}}} q here\n\n")));
    }

    public void Dispose() => texts.Dispose();

    private ArgumentReport Check(string text) =>
        ArgumentChecker.Check(Analyzer.Analyze(Workspace.FromText(Path.Combine(texts.Path, "t.policy"), text, projectRoot: texts.Path)));

    private static readonly Gen<string> Arguments =
        Gen.Select(Gen.Int[2, 7], Gen.Int[2, 10], Gen.Int[0, int.MaxValue]).Select((premises, rules, seed) => Generate(premises, rules, new Random(seed)));

    [Fact]
    public void Every_conclusion_cites_what_its_proof_tree_cites()
    {
        var arguments = 0;
        var planes = 0;
        var cyclic = 0;
        Arguments.Sample(text =>
        {
            var report = Check(text);
            if (report.Base is not { } evaluation)
            {
                return;
            }

            Interlocked.Increment(ref arguments);
            var index = new RestsOnIndex(evaluation);
            var explainer = new Explainer(evaluation) { ShowChecks = false };
            foreach (var atom in evaluation.Program.Atoms)
            {
                IEnumerable<Plane> candidates = atom.IsValued
                    ? evaluation.ValuesOf(atom.Id).Select(v => Plane.Valued(atom.Id, v))
                    : [Plane.True(atom.Id), Plane.False(atom.Id)];
                foreach (var plane in candidates)
                {
                    Interlocked.Increment(ref planes);
                    var tree = explainer.Why(plane);
                    var citations = tree?.Citations().Select(RestsOnIndex.KeyOf).Distinct().ToList() ?? [];
                    var judgments = tree?.Judgments().Select(RestsOnIndex.KeyOf).Distinct().ToList() ?? [];
                    var found = index.Citations(plane);
                    var foundJudgments = index.Judgments(plane);
                    found.More.Should().BeFalse();
                    var rests = found.Items.Select(RestsOnIndex.KeyOf).ToList();
                    var restsJudgments = foundJudgments.Items.Select(RestsOnIndex.KeyOf).ToList();
                    if (RestsOnItself(evaluation, plane))
                    {
                        Interlocked.Increment(ref cyclic);
                    }

                    rests.Should().Equal(citations, $"{plane} of\n{text}");
                    restsJudgments.Should().Equal(judgments, $"{plane} of\n{text}");
                }
            }
        }, iter: 400);

        output.WriteLine($"{arguments} arguments, {planes} planes ({cyclic} reaching steps that rest on one another)");
        arguments.Should().BeGreaterThan(200, "the generator must make mostly valid arguments");
    }

    [Fact]
    public void A_conclusion_resting_on_more_texts_than_listed_says_so()
    {
        var text = new StringBuilder("source s = \"s.md\"\nfact p0 per s#a0 \"q\"\n");
        for (var i = 0; i < RestsOnIndex.Cap + 10; i++)
        {
            text.Append($"rule r{i}: if p{i} then p{i + 1}\n  per s#a{i + 1} \"q\"\n");
        }

        var report = Check(text.ToString());
        var rows = ConclusionTable.Of(report.Base!);
        var last = rows.Single(r => r.Atom.Display == $"p{RestsOnIndex.Cap + 10}");
        last.Sources.Should().HaveCount(RestsOnIndex.Cap);
        last.SourcesCut.Should().BeTrue();
        var shorter = rows.Single(r => r.Atom.Display == $"p{RestsOnIndex.Cap - 2}");
        shorter.Sources.Should().HaveCount(RestsOnIndex.Cap - 1);
        shorter.SourcesCut.Should().BeFalse();
    }

    // Whether the steps a proof of the plane shows (a rule's conditions, the other side of a conflict) reach a cycle.
    private static bool RestsOnItself(Evaluation evaluation, Plane start)
    {
        IEnumerable<Plane> Next(Plane plane)
        {
            var next = evaluation.DerivationOf(plane) is RuleDerivation rule ? rule.Supports.ToList() : [];
            if (evaluation.IsConflicted(plane.Atom))
            {
                next.AddRange(plane.Kind switch
                {
                    PlaneKind.True => [Plane.False(plane.Atom)],
                    PlaneKind.False => [Plane.True(plane.Atom)],
                    _ => evaluation.ValuesOf(plane.Atom).Where(v => v != plane.Value).Select(v => Plane.Valued(plane.Atom, v)),
                });
            }

            return next.Where(p => evaluation.DerivationOf(p) is not null);
        }

        var state = new Dictionary<Plane, bool>(); // false while on the path, true when done
        bool Visit(Plane plane)
        {
            if (state.TryGetValue(plane, out var finished))
            {
                return !finished;
            }

            state[plane] = false;
            var cycle = Next(plane).Any(Visit);
            state[plane] = true;
            return cycle;
        }

        return Visit(start);
    }

    private static string Generate(int premises, int rules, Random random)
    {
        var text = new StringBuilder("source s = \"s.md\"\nsource t = \"t.md\"\n");
        string Cite() => random.Next(5) switch
        {
            0 => string.Empty,
            1 => " per analyst \"judged\"",
            2 => $" per t#b{random.Next(3)} \"q\"",
            _ => $" per s#a{random.Next(6)} \"q\"",
        };

        var truthPremises = Math.Max(1, premises - 2);
        for (var i = 1; i <= truthPremises; i++)
        {
            text.Append(random.Next(4) == 0 ? $"fact not p{i}" : $"fact p{i}").Append(Cite()).Append('\n');
        }

        for (var i = 1; i <= premises - truthPremises; i++)
        {
            text.Append($"fact v{i} = {random.Next(1, 5)}").Append(Cite()).Append('\n');
        }

        var atoms = Enumerable.Range(1, truthPremises).Select(i => $"p{i}").ToList();
        var valued = Enumerable.Range(1, premises - truthPremises).Select(i => $"v{i}").ToList();
        var names = new List<(string Name, string Head)>();
        for (var r = 1; r <= rules; r++)
        {
            var head = random.Next(6) == 0 && valued.Count > 0 ? "w" : $"c{random.Next(1, 6)}";
            var condition = Condition(random, atoms, valued, 2);
            var conclusion = head == "w" ? $"w = {valued[random.Next(valued.Count)]} + {random.Next(1, 3)}" : (random.Next(3) == 0 ? "not " : string.Empty) + head;
            var overrides = names.Where(n => n.Head == head).Select(n => n.Name).FirstOrDefault();
            text.Append($"rule r{r}");
            if (overrides is not null && random.Next(4) == 0)
            {
                text.Append($" overrides {overrides}");
            }

            text.Append($": if {condition} then {conclusion}");
            if (random.Next(5) == 0)
            {
                text.Append($" unless {Condition(random, atoms, valued, 1)}");
            }

            text.Append('\n').Append(Cite() is { Length: > 0 } cite ? " " + cite + "\n" : string.Empty);
            names.Add(($"r{r}", head));
            if (head != "w" && !atoms.Contains(head))
            {
                atoms.Add(head);
            }
        }

        return text.ToString();
    }

    private static string Condition(Random random, List<string> atoms, List<string> valued, int depth) => random.Next(depth <= 0 ? 3 : 5) switch
    {
        0 or 1 => atoms[random.Next(atoms.Count)],
        2 => valued.Count > 0 && random.Next(2) == 0 ? $"{valued[random.Next(valued.Count)]} > {random.Next(0, 5)}" : $"not {atoms[random.Next(atoms.Count)]}",
        3 => $"{Condition(random, atoms, valued, depth - 1)} and {Condition(random, atoms, valued, depth - 1)}",
        _ => $"({Condition(random, atoms, valued, depth - 1)} or {Condition(random, atoms, valued, depth - 1)})",
    };
}
