using System.Globalization;
using FluentAssertions;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Evaluator.Analysis;
using PolicyDsl.Evaluator.Grounding;
using PolicyDsl.Evaluator.Scenarios;
using PolicyDsl.Testing;
using Xunit;

namespace PolicyDsl.Evaluator.Tests.Semantics;

/// <summary>
/// Runs every case in tests/semantics against each way PolicyDsl gives an argument its meaning: the fixpoint
/// engine, the decision diagrams of the supports (every premise present), the bit-parallel sweep, and the explainer;
/// and the sweep's counts and probabilities also against brute force (the fixpoint engine on every scenario). Each
/// must give every atom the state the case states. Adding a case file adds a test.
/// </summary>
public sealed class SemanticCaseTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(TestPaths.SemanticCases, "*.policy").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Fact]
    public void There_are_enough_cases_to_cover_the_language() =>
        Cases().Count.Should().BeGreaterThanOrEqualTo(80, "issue 24 asks for at least 80 cases covering every construct");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_evaluator_gives_each_atom_the_state_the_case_states(string name)
    {
        var path = Path.Combine(TestPaths.SemanticCases, name);
        var failures = SemanticCaseRunner.Run(SemanticCase.Parse(name, File.ReadAllText(path)), path);
        failures.Should().BeEmpty($"{name} (tests/semantics/README.md says how to read a case)");
    }
}

/// <summary>Evaluates a case every way and lists each disagreement with the case, naming the evaluator.</summary>
public static class SemanticCaseRunner
{
    /// <summary>Brute force past this many scenarios is left to the property tests.</summary>
    private const int MaxBruteForce = 4096;

    public static List<string> Run(SemanticCase @case, string path)
    {
        var failures = new List<string>(@case.Problems);
        var analysis = ArgumentAnalysis.Of(Workspace.FromText(path, @case.Text));
        var errors = analysis.Report.Diagnostics.Where(d => d.IsError).ToList();
        if (errors.Count > 0 || analysis.Report.Base is null)
        {
            failures.AddRange(errors.Select(e => $"the argument has an error: {e.Code} at line {e.Start.Line}: {e.Message}"));
            return failures;
        }

        var hasOpen = analysis.Evaluated.Premises.Open.Count > 0;
        if (hasOpen && !@case.Sections.Any(s => s.Kind == SectionKind.Sweep && s.Scenario is null))
        {
            failures.Add("the argument has open premises: add a '//> sweep: N scenarios' section");
        }

        foreach (var section in @case.Sections)
        {
            try
            {
                switch (section.Kind)
                {
                    case SectionKind.States:
                        CheckStates(analysis, section, failures);
                        break;
                    case SectionKind.Sweep:
                        CheckSweep(analysis, section, failures);
                        break;
                    default:
                        CheckProbabilities(analysis, section, failures);
                        break;
                }
            }
            catch (QuestionException refused)
            {
                failures.Add($"{section.Title} (line {section.Line}): refused: {refused.Message}");
            }
        }

        return failures;
    }

    private static void CheckStates(ArgumentAnalysis analysis, CaseSection section, List<string> failures)
    {
        var evaluation = analysis.Baseline(section.Scenario);
        var program = evaluation.Program;
        Complete(program, section, failures);
        var supports = analysis.SupportsOf(evaluation);
        if (supports.NotComputed is { } why)
        {
            failures.Add($"{section.Title}: the decision diagrams were not computed: {why}");
        }

        SweepResult? single = null;
        if (evaluation.Premises.Open.Count == 0 && analysis.PrepareSweep(scenario: section.Scenario) is { Plan: { } plan })
        {
            single = ScenarioSweep.Run(plan);
        }

        foreach (var atom in program.Atoms)
        {
            if (!section.Atoms.TryGetValue(atom.Display, out var expected))
            {
                continue;
            }

            var fixpoint = States.Of(evaluation, atom);
            Compare("fixpoint", fixpoint, expected, atom, section, failures);
            if (supports.NotComputed is null)
            {
                Compare("decision diagrams", States.Of(supports, atom, evaluation.ValuesOf(atom.Id)), expected, atom, section, failures);
            }

            Compare("explainer", States.Of(analysis, atom, section.Scenario), expected, atom, section, failures);
            if (single is not null)
            {
                Compare("sweep", Single(single, atom), expected, atom, section, failures);
            }
        }
    }

    /// <summary>The state a sweep of one scenario counts the atom in, in the words of a states section.</summary>
    private static string Single(SweepResult sweep, GroundAtom atom)
    {
        var counted = States.Counts(sweep, atom).Where(c => c.Value != 0).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
        if (counted.Values.Any(c => c != 1) || sweep.Scenarios != 1)
        {
            return $"counted as {Format(counted)} of {sweep.Scenarios}";
        }

        // Every value the atom has in the scenario, whatever its state (the counts keep only clean ones).
        var values = sweep.ValuesOf(atom.Id).Select(v => v.Value.ToString()).Order(StringComparer.Ordinal).ToList();
        if (atom.IsValued)
        {
            return counted.ContainsKey("conflict") ? "= " + string.Join(" | ", values) + " (conflict)"
                : values.Count == 1 ? $"= {values[0]}" + (counted.ContainsKey("contested") ? " (contested)" : string.Empty)
                : "unknown";
        }

        return counted.ContainsKey("contested") ? (sweep.Holds[atom.Id] > 0 ? "true" : "false") + " (contested)" : counted.Keys.Single();
    }

    private static void Compare(string evaluator, string actual, (string Expected, int Line) expected, GroundAtom atom, CaseSection section, List<string> failures)
    {
        if (actual != expected.Expected)
        {
            failures.Add($"line {expected.Line}, {section.Title}: {evaluator} says {atom.Display}: {actual}; the case says {expected.Expected}");
        }
    }

    private static void Complete(GroundProgram program, CaseSection section, List<string> failures)
    {
        var atoms = program.Atoms.Select(a => a.Display).ToHashSet(StringComparer.Ordinal);
        failures.AddRange(atoms.Where(a => !section.Atoms.ContainsKey(a)).Order(StringComparer.Ordinal)
            .Select(a => $"{section.Title} (line {section.Line}): {a} is not given; every atom's state is stated"));
        failures.AddRange(section.Atoms.Where(a => !atoms.Contains(a.Key))
            .Select(a => $"line {a.Value.Line}: {a.Key} is no atom of the argument (atoms: {string.Join(", ", atoms.Order(StringComparer.Ordinal))})"));
    }

    private static void CheckSweep(ArgumentAnalysis analysis, CaseSection section, List<string> failures)
    {
        var (sweep, brute) = Sweep(analysis, section, failures);
        if (sweep is null)
        {
            return;
        }

        var program = sweep.Plan.Program;
        Complete(program, section, failures);
        if (sweep.Scenarios != section.Scenarios || sweep.Excluded != section.Excluded)
        {
            failures.Add($"{section.Title} (line {section.Line}): the sweep counts {sweep.Scenarios} scenarios, {sweep.Excluded} excluded; the case says {section.Scenarios}, {section.Excluded}");
        }

        if (brute is not null && (brute.Scenarios != section.Scenarios || brute.Excluded != section.Excluded))
        {
            failures.Add($"{section.Title} (line {section.Line}): brute force counts {brute.Scenarios} scenarios, {brute.Excluded} excluded; the case says {section.Scenarios}, {section.Excluded}");
        }

        foreach (var atom in program.Atoms)
        {
            if (!section.Atoms.TryGetValue(atom.Display, out var expected))
            {
                continue;
            }

            if (SemanticCase.Figures(expected.Expected, " in ") is not { } figures)
            {
                failures.Add($"line {expected.Line}: '{expected.Expected}' does not read as 'state in N, ...'");
                continue;
            }

            var written = Format(figures.ToDictionary(f => f.Key, f => long.Parse(f.Value, CultureInfo.InvariantCulture)));
            Compare("sweep", Format(States.Counts(sweep, atom)), (written, expected.Line), atom, section, failures);
            if (brute is not null)
            {
                Compare("brute force", Format(brute.Counts[atom.Id]), (written, expected.Line), atom, section, failures);
            }
        }
    }

    private static void CheckProbabilities(ArgumentAnalysis analysis, CaseSection section, List<string> failures)
    {
        var (sweep, brute) = Sweep(analysis, section, failures);
        if (sweep is null)
        {
            return;
        }

        if (!sweep.IsWeighted)
        {
            failures.Add($"{section.Title} (line {section.Line}): no open premise has a probability");
            return;
        }

        foreach (var atom in sweep.Plan.Program.Atoms)
        {
            if (!section.Atoms.TryGetValue(atom.Display, out var expected))
            {
                continue;
            }

            if (SemanticCase.Figures(expected.Expected, " ") is not { } figures)
            {
                failures.Add($"line {expected.Line}: '{expected.Expected}' does not read as 'state P, ...'");
                continue;
            }

            foreach (var (state, figure) in figures)
            {
                var wanted = double.Parse(figure, CultureInfo.InvariantCulture);
                double? swept = state switch
                {
                    "true" => sweep.TrueProbability(atom.Id),
                    "false" => sweep.FalseProbability(atom.Id),
                    "contested" => sweep.ContestedProbability(atom.Id),
                    "conflict" => sweep.ConflictProbability(atom.Id),
                    _ => null,
                };
                if (swept is null)
                {
                    failures.Add($"line {expected.Line}: '{state}' is not a state with a probability (true, false, contested, conflict)");
                    continue;
                }

                if (Math.Abs(swept.Value - wanted) > 1e-9)
                {
                    failures.Add($"line {expected.Line}, {section.Title}: sweep says P({atom.Display} {state}) = {swept.Value:R}; the case says {figure}");
                }

                if (brute is not null && Math.Abs(brute.Probability(atom.Id, state) - wanted) > 1e-9)
                {
                    failures.Add($"line {expected.Line}, {section.Title}: brute force says P({atom.Display} {state}) = {brute.Probability(atom.Id, state):R}; the case says {figure}");
                }
            }
        }
    }

    private static (SweepResult? Sweep, BruteForce? Brute) Sweep(ArgumentAnalysis analysis, CaseSection section, List<string> failures)
    {
        var preparation = analysis.PrepareSweep(scenario: section.Scenario);
        if (preparation.Plan is not { } plan)
        {
            failures.Add($"{section.Title} (line {section.Line}): the sweep refused: {preparation.Refusal}");
            return (null, null);
        }

        var sweep = ScenarioSweep.Run(plan);
        var brute = plan.Space.Count <= MaxBruteForce ? BruteForce.Of(plan.Space) : null;
        return (sweep, brute);
    }

    private static string Format(IReadOnlyDictionary<string, long> counts) =>
        string.Join(", ", counts.Where(c => c.Value != 0).OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} in {c.Value}"));
}
