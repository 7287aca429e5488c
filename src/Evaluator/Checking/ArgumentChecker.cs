using System.Collections.Immutable;
using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Dsl.Syntax;
using PolicyDsl.Evaluator.Engine;
using PolicyDsl.Evaluator.Explain;
using PolicyDsl.Evaluator.Grounding;
using PolicyDsl.Evaluator.Supports;

namespace PolicyDsl.Evaluator.Checking;

/// <summary>
/// Checks an analysed argument end to end: grounds and evaluates it (base and named scenarios), reports
/// unresolved conflicts with both chains of reasoning, and tests every expectation. Arguments with errors from
/// the earlier stages are not evaluated: their diagnostics are the report.
/// </summary>
public static class ArgumentChecker
{
    public static ArgumentReport Check(Model model, CancellationToken cancellation = default)
    {
        var diagnostics = new DiagnosticBag();
        diagnostics.AddRange(model.Diagnostics);
        if (model.HasErrors)
        {
            return new ArgumentReport(model, null, null, [], [], diagnostics.ToSortedList());
        }

        var (program, limit) = Grounder.TryGround(model, []);
        return program is null
            ? Refused(model, limit!)
            : Check(model, program, FixpointEngine.Evaluate(program, PremiseSet.Base(program), cancellation), cancellation);
    }

    /// <summary>The report of an argument that could not be grounded: its diagnostics and the rule past the limit.</summary>
    internal static ArgumentReport Refused(Model model, GroundingLimit limit)
    {
        var diagnostics = new DiagnosticBag();
        diagnostics.AddRange(model.Diagnostics);
        diagnostics.Report(DiagnosticCatalog.TooManyRuleInstances, limit.Rule.Location.Source, limit.Rule.Location.Span, Grounder.Explain(limit));
        return new ArgumentReport(model, null, null, [], [], diagnostics.ToSortedList());
    }

    /// <summary>Checks an argument already grounded and evaluated from its base premises (the analysis grounds once).</summary>
    public static ArgumentReport Check(Model model, GroundProgram program, Evaluation baseEvaluation, CancellationToken cancellation = default)
    {
        var diagnostics = new DiagnosticBag();
        diagnostics.AddRange(model.Diagnostics);
        ReportRulesThatNeverFire(program, diagnostics);
        ReportUnusedPremises(program, diagnostics);
        var outcomes = new List<ExpectationOutcome>();

        var conflicts = model.ExpectConflicts.Where(e => e.Scenario is null).ToList();
        CheckAsArgument(program, baseEvaluation, null, [.. model.Expectations.Where(e => e.Scenario is null)], conflicts, conflicts, model.ExpectViolations, null, outcomes, diagnostics, cancellation);
        var violatedAsStated = model.Constraints.Where(c => baseEvaluation.Violates(program.Compile(c.Condition, ImmutableArray<Value>.Empty))).ToHashSet();

        var scenarios = new List<ScenarioEvaluation>();
        foreach (var scenario in model.Scenarios)
        {
            var evaluation = FixpointEngine.Evaluate(program, PremiseSet.ForScenario(program, scenario), cancellation);
            scenarios.Add(new ScenarioEvaluation(scenario, evaluation));
            ReportConflicts(evaluation, scenario.ExpectConflicts, scenario.Name, diagnostics);
            ReportOverflows(evaluation, scenario.Name, diagnostics);
            outcomes.AddRange(ConstraintChecks.Check(evaluation, scenario.ExpectViolations, scenario.Name, diagnostics, violatedAsStated.Contains));
            var first = outcomes.Count;
            CheckExpectations(program, evaluation, scenario.Expectations, exploreConflicts: false, outcomes, diagnostics, cancellation);
            MarkInconsistentPremises(program, evaluation, scenario.Expectations, outcomes, first);
            outcomes.AddRange(scenario.ExpectConflicts.Select(e => CheckExpectedConflict(evaluation, e, diagnostics)));
        }

        outcomes.Sort((a, b) => Compare(a.Location, b.Location));
        return new ArgumentReport(model, program, baseEvaluation, scenarios, outcomes, diagnostics.ToSortedList());
    }

    /// <summary>
    /// Checks the argument within a named scenario, as if it were the argument as written: the scenario's premises
    /// fixed, its open premises and the base ones it leaves open swept; the argument's expectations and the
    /// scenario's own checked there (conflicts and constraints too), each message naming the scenario.
    /// </summary>
    public static ArgumentReport CheckWithin(Model model, GroundProgram program, ScenarioSymbol scenario, CancellationToken cancellation = default)
    {
        var diagnostics = new DiagnosticBag();
        diagnostics.AddRange(model.Diagnostics);
        var outcomes = new List<ExpectationOutcome>();
        var evaluation = FixpointEngine.Evaluate(program, PremiseSet.ForScenario(program, scenario), cancellation);
        var baseEvaluation = FixpointEngine.Evaluate(program, PremiseSet.Base(program), cancellation);
        var violatedAsStated = model.Constraints.Where(c => baseEvaluation.Violates(program.Compile(c.Condition, ImmutableArray<Value>.Empty))).ToHashSet();
        var expectations = model.Expectations.Where(e => e.Scenario is null).Select(e => e with { Scenario = scenario.Name }).Concat(scenario.Expectations).ToList();
        var conflicts = model.ExpectConflicts.Where(e => e.Scenario is null).Select(e => e with { Scenario = scenario.Name }).Concat(scenario.ExpectConflicts).ToList();
        var violations = model.ExpectViolations.Select(e => e with { Scenario = scenario.Name }).Concat(scenario.ExpectViolations).ToList();

        CheckAsArgument(program, evaluation, scenario.Name, expectations, conflicts, conflicts.Where(e => e.Quantifier == ScenarioQuantifier.Base), violations, violatedAsStated.Contains,
            outcomes, diagnostics, cancellation);
        outcomes.Sort((a, b) => Compare(a.Location, b.Location));
        return new ArgumentReport(model, program, evaluation, [], outcomes, diagnostics.ToSortedList());
    }

    /// <summary>
    /// Checks one evaluation as the argument as written (the base one, or a named scenario for test --scenario):
    /// its conflicts (<paramref name="acknowledged"/> as information), overflows and constraints, its expectations,
    /// and, over one exploration of its scenarios, the conflicts and violations expected there.
    /// </summary>
    private static void CheckAsArgument(GroundProgram program, Evaluation evaluation, string? scenario, IReadOnlyList<ExpectationSymbol> expectations,
        IReadOnlyList<ExpectConflictSymbol> conflicts, IEnumerable<ExpectConflictSymbol> acknowledged, IReadOnlyList<ExpectViolationSymbol> violations,
        Func<ConstraintSymbol, bool>? violatedAsStated, List<ExpectationOutcome> outcomes, DiagnosticBag diagnostics, CancellationToken cancellation)
    {
        ReportConflicts(evaluation, acknowledged, scenario, diagnostics);
        ReportOverflows(evaluation, scenario, diagnostics);
        outcomes.AddRange(ConstraintChecks.Check(evaluation, [.. violations.Where(e => e.Quantifier == ScenarioQuantifier.Base)], scenario, diagnostics, violatedAsStated));
        var first = outcomes.Count;
        var exploration = CheckExpectations(program, evaluation, expectations, exploreConflicts: true, outcomes, diagnostics, cancellation);
        MarkInconsistentPremises(program, evaluation, expectations, outcomes, first);
        outcomes.AddRange(conflicts.Where(e => e.Quantifier == ScenarioQuantifier.Base).Select(e => CheckExpectedConflict(evaluation, e, diagnostics)));
        outcomes.AddRange(ScenarioConflicts.Check(program, evaluation, exploration, [.. conflicts.Where(e => e.Quantifier != ScenarioQuantifier.Base)], diagnostics));
        outcomes.AddRange(ConstraintChecks.CheckScenarios(program, exploration, [.. violations.Where(e => e.Quantifier == ScenarioQuantifier.Some)], diagnostics, cancellation));
    }

    /// <summary>
    /// Marks each passing plain expectation whose claim rests, in every support, on premises a violated constraint says
    /// cannot all hold (issue 25): <c>test</c> says so beside its PASS. Costs nothing unless a constraint is violated.
    /// </summary>
    private static void MarkInconsistentPremises(GroundProgram program, Evaluation evaluation, IReadOnlyList<ExpectationSymbol> expectations, List<ExpectationOutcome> outcomes, int first)
    {
        if (!program.Model.Constraints.Any(c => evaluation.Violates(program.Compile(c.Condition, ImmutableArray<Value>.Empty))))
        {
            return;
        }

        var supports = SupportAnalysis.Compute(evaluation);
        var nogoods = supports.Nogoods;
        foreach (var expectation in expectations.Where(e => e.Quantifier == ScenarioQuantifier.Base && e.When is null))
        {
            var i = outcomes.FindIndex(first, o => o.Passed && o.Location == expectation.Location && o.Finding is null);
            if (i >= 0 && nogoods.RestedOnBy(supports.OfCondition(program.Compile(expectation.Claim, ImmutableArray<Value>.Empty))) is { Count: > 0 } constraints)
            {
                outcomes[i] = outcomes[i] with { RestsOnInconsistent = constraints };
            }
        }
    }

    /// <summary>
    /// Checks the expectations of one premise set (the base argument or a named scenario). Plain expectations are
    /// checked on its evaluation, where open premises are unknown; quantified ones, and whether the plain ones that
    /// pass still hold in every scenario, on one exploration of its scenarios, which is returned (null when nothing
    /// is open or nothing needed it).
    /// </summary>
    private static ScenarioExploration? CheckExpectations(GroundProgram program, Evaluation evaluation, IReadOnlyList<ExpectationSymbol> expectations, bool exploreConflicts,
        List<ExpectationOutcome> outcomes, DiagnosticBag diagnostics, CancellationToken cancellation)
    {
        var plain = expectations.Where(e => e.Quantifier == ScenarioQuantifier.Base)
            .Select(e => (Expectation: e, Outcome: e.When is null ? CheckExpectation(program, evaluation, e, diagnostics) : CheckConditional(program, evaluation, e, diagnostics)))
            .ToList();
        outcomes.AddRange(plain.Select(p => p.Outcome));
        var quantified = expectations.Where(e => e.Quantifier != ScenarioQuantifier.Base).ToList();
        var robust = plain.Where(p => p.Outcome.Passed && p.Expectation.When is null).Select(p => p.Expectation).ToList();

        // One probe per claim; a conditional claim is guarded by a probe of its condition, counted only where that holds.
        var probes = new List<GroundCondition>();
        var guards = new List<int>();
        int Probe(BoundExpression claim, int guard)
        {
            probes.Add(program.Compile(claim, ImmutableArray<Value>.Empty));
            guards.Add(guard);
            return probes.Count - 1;
        }

        var quantifiedProbes = quantified.Select(e => e.When is { } when ? (Claim: Probe(e.Claim, Probe(when, -1)), Guard: probes.Count - 2) : (Claim: Probe(e.Claim, -1), Guard: -1)).ToList();
        var robustProbes = robust.Select(e => Probe(e.Claim, -1)).ToList();
        if (evaluation.Premises.Open.Count == 0 || (quantified.Count == 0 && robust.Count == 0 && !exploreConflicts))
        {
            outcomes.AddRange(quantified.Select((e, i) => CheckQuantified(program, evaluation, e, null, quantifiedProbes[i].Claim, quantifiedProbes[i].Guard, diagnostics, cancellation)));
            return null;
        }

        var exploration = ScenarioExploration.Explore(program, evaluation.Premises, probes, cancellation, guards);
        outcomes.AddRange(quantified.Select((e, i) => CheckQuantified(program, evaluation, e, exploration, quantifiedProbes[i].Claim, quantifiedProbes[i].Guard, diagnostics, cancellation)));
        if (exploration.NotExplored is null)
        {
            for (var i = 0; i < robust.Count; i++)
            {
                if (exploration.FailsIn[robustProbes[i]] is { } witness)
                {
                    var expectation = robust[i];
                    diagnostics.Report(DiagnosticCatalog.ExpectationFailsInScenario, expectation.Location.Source, expectation.Location.Span,
                        $"{ClaimText(expectation)} holds{In(expectation.Scenario)} while the open premises are unknown, but not in every scenario: it is not true where {exploration.Space.Describe(witness)} " +
                        $"(true in {exploration.ProbeHolds[robustProbes[i]]:N0} of {exploration.Scenarios:N0}); if that is right, say 'in some scenario', else find what blocks it there " +
                        "('policydsl whatif FILE --set ...')");
                }
            }
        }

        return exploration;
    }

    /// <summary>
    /// <c>expect q when p</c> in one evaluation: where p holds (with no disputed step), q must hold too; where it does
    /// not, the expectation says nothing, and a warning says so (a quantifier makes it range over the scenarios).
    /// </summary>
    private static ExpectationOutcome CheckConditional(GroundProgram program, Evaluation evaluation, ExpectationSymbol expectation, DiagnosticBag diagnostics)
    {
        var when = program.Compile(expectation.When!, ImmutableArray<Value>.Empty);
        var whenText = expectation.When!.ToString() ?? "?";
        if (!evaluation.HoldsCleanly(when))
        {
            var state = evaluation.IsContested(when) ? "contested" : evaluation.TruthOf(when).Text();
            diagnostics.Report(DiagnosticCatalog.VacuousExpectation, expectation.Location.Source, expectation.Location.Span,
                $"{whenText} does not hold{In(expectation.Scenario)} (it is {state}), so this expectation says nothing here; " +
                $"to expect {ClaimText(expectation)} wherever {whenText} holds, add 'in all scenarios'");
            return new ExpectationOutcome(expectation.Text, expectation.Label, expectation.Location, expectation.Scenario, expectation.Quantifier, true, $"vacuous: {whenText} is {state}", null);
        }

        var outcome = CheckExpectation(program, evaluation, expectation, diagnostics);
        return outcome with { Detail = $"{outcome.Detail} where {whenText} holds" };
    }

    /// <summary>
    /// A premise that no rule reads and no expectation names takes no part in the argument; usually a relation
    /// spelled differently in the rules. Files with no rules at all (premises kept for other files to import) are
    /// not reported.
    /// </summary>
    private static void ReportUnusedPremises(GroundProgram program, DiagnosticBag diagnostics)
    {
        var model = program.Model;
        if (model.Rules.Count == 0)
        {
            return;
        }

        var read = new HashSet<int>();
        foreach (var rule in program.Rules)
        {
            read.UnionWith(Stratifier.Atoms(rule.Condition));
            if (rule.Unless is not null)
            {
                read.UnionWith(Stratifier.Atoms(rule.Unless));
            }

            if (rule.Value is not null)
            {
                read.UnionWith(Stratifier.Atoms(rule.Value));
            }
        }

        foreach (var expectation in model.Expectations.Concat(model.Scenarios.SelectMany(s => s.Expectations)))
        {
            read.UnionWith(Stratifier.Atoms(program.Compile(expectation.Claim, ImmutableArray<Value>.Empty)));
        }

        foreach (var expectation in model.Expectations.Concat(model.Scenarios.SelectMany(s => s.Expectations)).Where(e => e.When is not null))
        {
            read.UnionWith(Stratifier.Atoms(program.Compile(expectation.When!, ImmutableArray<Value>.Empty)));
        }

        foreach (var constraint in model.Constraints)
        {
            read.UnionWith(Stratifier.Atoms(program.Compile(constraint.Condition, ImmutableArray<Value>.Empty)));
        }

        read.UnionWith(model.ExpectConflicts.Concat(model.Scenarios.SelectMany(s => s.ExpectConflicts)).Select(e => program.FindAtom(e.Atom) ?? -1));
        var premises = model.Facts.Select(f => (f.Atom, f.Location))
            .Concat(model.Assumes.Select(a => (a.Atom, a.Location)))
            .Concat(model.Scenarios.SelectMany(s => s.Facts.Select(f => (f.Atom, f.Location)).Concat(s.Assumes.Select(a => (a.Atom, a.Location)))));
        // A rule reads a premise if one of its atoms fits it, even where grounding left the instance out (it cannot fire).
        Dictionary<RelationSymbol, List<BoundAtom>>? patterns = null;
        foreach (var (atom, location) in premises)
        {
            if ((program.FindAtom(atom) is not { } id || !read.Contains(id))
                && !((patterns ??= RulePatterns.ReadByRulesWithVariables(model)).TryGetValue(atom.Relation, out var reading) && reading.Exists(p => RulePatterns.Fits(p, atom))))
            {
                diagnostics.Report(DiagnosticCatalog.PremiseNeverUsed, location.Source, location.Span,
                    $"no rule reads {atom} and no expectation names it, so this premise takes no part in the argument; use it in a rule or an expectation, or remove it " +
                    "(check that the rules spell the relation and its arguments the same way)");
            }
        }
    }

    /// <summary>
    /// A rule none of whose instances could fire under any premises (stated, open, or in a scenario): its condition
    /// needs something nothing establishes. Usually a typo in a polarity or a premise that was never written down.
    /// </summary>
    private static void ReportRulesThatNeverFire(GroundProgram program, DiagnosticBag diagnostics)
    {
        var firing = program.Rules.Where(r => program.Viable[r.Id]).Select(r => r.Rule).ToHashSet();
        foreach (var rule in program.Model.Rules.Where(r => r.Conclusion is not null && !firing.Contains(r)))
        {
            diagnostics.Report(DiagnosticCatalog.RuleNeverFires, rule.Location.Source, rule.Location.Span,
                $"{(rule.IsNamed ? "rule " + rule.Name : "this rule")} can never fire: whatever the open premises, its condition cannot hold, because something it needs " +
                "(a premise, or the opposite of one) is never stated, assumed or concluded; compare its condition with the premises");
        }
    }

    private static int Compare(SourceLocation a, SourceLocation b)
    {
        var c = string.CompareOrdinal(a.Source.Path, b.Source.Path);
        return c != 0 ? c : a.Span.Start.CompareTo(b.Span.Start);
    }

    /// <summary>Arithmetic past the largest number (about 7.9e28): its result is unknown, which must not pass silently.</summary>
    private static void ReportOverflows(Evaluation evaluation, string? scenario, DiagnosticBag diagnostics)
    {
        var where = scenario is null ? string.Empty : $" in scenario \"{scenario}\"";
        foreach (var overflow in evaluation.ArithmeticOverflows())
        {
            var rule = overflow.Rule;
            var instance = rule.Bindings.IsEmpty
                ? $"rule {rule.Rule.Name}"
                : $"rule {rule.Rule.Name} with {string.Join(", ", rule.Rule.Variables.Select((v, i) => $"{v.Name} = {rule.Bindings[i]}"))}";
            diagnostics.Report(DiagnosticCatalog.ArithmeticOverflow, rule.Rule.Location.Source, rule.Rule.Location.Span,
                $"{instance}{where}: {overflow.Left} {overflow.Expression.Operator.Symbol()} {overflow.Right} is past the largest number PolicyDsl computes with (about 7.9e28), so its result is unknown; check the figures' scale (a B or T too many?)");
        }
    }

    internal static void ReportConflicts(Evaluation evaluation, IEnumerable<ExpectConflictSymbol> acknowledged, string? scenario, DiagnosticBag diagnostics, Func<Conflict, bool>? only = null)
    {
        var expected = acknowledged.GroupBy(e => e.Atom.ToString(), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var where = scenario is null ? string.Empty : $" in scenario \"{scenario}\"";
        foreach (var conflict in evaluation.Conflicts().Where(c => only is null || only(c)))
        {
            ReportConflict(evaluation, conflict, where, expected.GetValueOrDefault(conflict.Atom.Display), DiagnosticCatalog.UnresolvedConflict, string.Empty, diagnostics);
        }
    }

    /// <summary>
    /// Reports one conflict: as information where the argument expects it (at the <c>expect conflict</c> line that
    /// acknowledges it, with both sides as notes), else as <paramref name="unresolved"/> with the advice to resolve it
    /// or to state the expectation (with <paramref name="quantifier"/>, e.g. " in some scenario").
    /// </summary>
    internal static void ReportConflict(Evaluation evaluation, Conflict conflict, string where, ExpectConflictSymbol? acknowledgedBy, DiagnosticDescriptor unresolved, string quantifier, DiagnosticBag diagnostics)
    {
        var (versus, at, related) = DescribeConflict(evaluation, conflict);
        if (acknowledgedBy is { } expectation)
        {
            diagnostics.Report(DiagnosticCatalog.AcknowledgedConflict, expectation.Location.Source, expectation.Location.Span,
                $"{conflict.Atom} is in conflict{where}, as the argument expects: {versus}", related);
            return;
        }

        diagnostics.Report(unresolved, at.Source, at.Span,
            $"{conflict.Atom} is derived both ways{where}: {versus}; " +
            $"decide with 'overrides' or an 'unless' exception, or state 'expect conflict on {conflict.Atom}{quantifier}' if the texts really disagree", related);
    }

    /// <summary>Both sides of a conflict on one line ("p (rule r, from a, b) versus not p (...)"), where to report it, and each side's location.</summary>
    private static (string Versus, SourceLocation At, RelatedLocation[] Related) DescribeConflict(Evaluation evaluation, Conflict conflict)
    {
        var explainer = new Explainer(evaluation);
        var first = Chain(explainer, conflict.First, conflict.FirstBy);
        var second = Chain(explainer, conflict.Second, conflict.SecondBy);
        var at = LocationOf(conflict.SecondBy) ?? LocationOf(conflict.FirstBy)!.Value;
        var related = new[] { first, second }.Where(r => r.Location is not null).Select(r => new RelatedLocation(r.Location!.Value.Source, r.Location.Value.Span, r.Text)).ToArray();
        return ($"{explainer.Describe(conflict.First)} ({first.Text}) versus {explainer.Describe(conflict.Second)} ({second.Text})", at, related);
    }

    private static SourceLocation? LocationOf(Derivation derivation) => derivation switch
    {
        PremiseDerivation p => p.Fact.Location,
        AssumptionDerivation a => a.Assume.Location,
        RuleDerivation r => r.Rule.Rule.Location,
        _ => null,
    };

    /// <summary>One side of a conflict as a line: the reason and the premises it rests on.</summary>
    private static (string Text, SourceLocation? Location) Chain(Explainer explainer, Plane plane, Derivation derivation)
    {
        var premises = explainer.Premises(plane, ChainPremises, out var more, withCitations: true);
        // Each side with its citations: the premise's own, the rule's, and its premises' (issue 25: a premise side was
        // shown without the text that states it).
        static string Cited(Dsl.Semantics.Citation? citation) => citation is null ? string.Empty : citation.IsAnalyst ? ", per analyst" : $", per {citation.Reference}";
        var reason = derivation switch
        {
            PremiseDerivation p => "a premise" + Cited(p.Fact.Citation),
            AssumptionDerivation a => $"assumed in {a.Scenario}" + Cited(a.Assume.Citation),
            RuleDerivation r => r.Rule.Describe() + Cited(r.Rule.Rule.Citation)
                + (premises.Count > 0 ? ", from " + string.Join(", ", premises) + (more ? " and more (see why)" : string.Empty) : string.Empty),
            _ => "?",
        };
        return (reason, LocationOf(derivation));
    }

    /// <summary>How many premises a conflict's one-line chain names; `why` shows the rest.</summary>
    private const int ChainPremises = 12;

    private static ExpectationOutcome CheckExpectation(GroundProgram program, Evaluation evaluation, ExpectationSymbol expectation, DiagnosticBag diagnostics)
    {
        var condition = program.Compile(expectation.Claim, ImmutableArray<Value>.Empty);
        var claimText = ClaimText(expectation);
        var truth = evaluation.TruthOf(condition);
        var contested = evaluation.IsContested(condition);
        var passed = truth == Truth.True && !contested;
        var explainer = new Explainer(evaluation);
        var explanation = explainer.WhyCondition(condition, claimText);
        if (!passed)
        {
            var hint = truth switch
            {
                _ when contested => $"it is {truth.Text()} only through a disputed step: {RestsOn(explainer, condition)}; resolve that conflict, or give {claimText} a reason that does not pass through it",
                Truth.Unknown => "it is unknown: something it needs is neither established nor refuted (see why-not)",
                Truth.Conflict => "it is in conflict: the argument derives it both ways",
                _ => "it is false",
            };
            Fail(diagnostics, expectation.Location, $"expected {claimText}{In(expectation.Scenario)}, but {hint}");
        }

        return new ExpectationOutcome(expectation.Text, expectation.Label, expectation.Location, expectation.Scenario, expectation.Quantifier, passed, contested ? $"contested ({truth.Text()})" : truth.Text(), explanation);
    }

    /// <summary><c>expect ... in all scenarios</c> / <c>in some scenario</c>, from the exploration's counts, with a witness scenario explained.</summary>
    private static ExpectationOutcome CheckQuantified(GroundProgram program, Evaluation evaluation, ExpectationSymbol expectation, ScenarioExploration? exploration, int probe, int guard,
        DiagnosticBag diagnostics, CancellationToken cancellation)
    {
        var condition = program.Compile(expectation.Claim, ImmutableArray<Value>.Empty);
        var claimText = ClaimText(expectation);
        if (exploration?.NotExplored is { } why)
        {
            diagnostics.Report(DiagnosticCatalog.TooManyScenarios, expectation.Location.Source, expectation.Location.Span, $"this expectation was not checked: {why}");
            return new ExpectationOutcome(expectation.Text, expectation.Label, expectation.Location, expectation.Scenario, expectation.Quantifier, false, "not explored", null);
        }

        // Nothing open: the one scenario is the evaluation itself. A conditional claim counts only the scenarios where its condition holds.
        var whenHolds = expectation.When is { } when && exploration is null ? evaluation.HoldsCleanly(program.Compile(when, ImmutableArray<Value>.Empty)) : true;
        var scenarios = exploration is null ? (whenHolds ? 1 : 0) : guard >= 0 ? exploration.ProbeHolds[guard] : exploration.Scenarios;
        var holdsIn = exploration is null ? (whenHolds && evaluation.HoldsCleanly(condition) ? 1 : 0) : exploration.ProbeHolds[probe];
        var whenText = expectation.When?.ToString();
        if (whenText is not null && scenarios == 0)
        {
            diagnostics.Report(DiagnosticCatalog.VacuousExpectation, expectation.Location.Source, expectation.Location.Span,
                $"{whenText} holds in none of the {exploration?.Scenarios ?? 1:N0} scenarios{In(expectation.Scenario)}, so this expectation says nothing; " +
                "check the condition against the open premises (policydsl scenarios FILE)");
            return new ExpectationOutcome(expectation.Text, expectation.Label, expectation.Location, expectation.Scenario, expectation.Quantifier, true, $"vacuous: {whenText} holds in no scenario", null);
        }

        var all = expectation.Quantifier == ScenarioQuantifier.All;
        var none = expectation.Quantifier == ScenarioQuantifier.None;
        var contestedIn = exploration?.ProbeContested[probe] ?? (whenHolds && evaluation.IsContested(condition) && evaluation.TruthOf(condition) == Truth.True ? 1 : 0);
        // 'in no scenario' holds where the claim is true in none, not even only through a disputed step: a truth that
        // rests on a conflict is still one the texts can be read to give.
        var witness = exploration is null ? null
            : all ? exploration.FailsIn[probe] ?? exploration.HoldsIn[probe]
            : none ? exploration.HoldsIn[probe] ?? exploration.ContestedIn[probe] ?? exploration.FailsIn[probe]
            : exploration.HoldsIn[probe] ?? exploration.ContestedIn[probe] ?? exploration.FailsIn[probe];
        var ok = all ? holdsIn == scenarios : none ? holdsIn == 0 && contestedIn == 0 : holdsIn > 0;
        var detail = $"holds in {holdsIn:N0} of {scenarios:N0} scenarios" + (whenText is null ? string.Empty : $" where {whenText} holds");
        // Explained in a witness scenario: one where it fails for 'all', one where it holds for 'some'.
        var where = witness is null ? null : exploration!.Space.Describe(witness);
        var witnessEvaluation = witness is null ? evaluation : FixpointEngine.Evaluate(program, exploration!.Space.PremisesOf(witness), cancellation);
        var witnessExplainer = new Explainer(witnessEvaluation);
        var proof = witness is null
            ? witnessExplainer.WhyCondition(condition, claimText)
            : witnessExplainer.WhyCondition(condition, claimText) with { Reason = $"in the scenario where {where}" };
        if (contestedIn > 0)
        {
            detail += $" ({contestedIn:N0} more only through a disputed step)";
        }

        if (!ok)
        {
            // Where the witness has the claim true but only through a conflict, say which: it is why it does not count.
            var there = witnessEvaluation.IsContested(condition) && witnessEvaluation.TruthOf(condition) == Truth.True
                ? $"there it holds only through a disputed step: {RestsOn(witnessExplainer, condition)}"
                : "it is not true there";
            var claimed = whenText is null ? claimText : $"{claimText} when {whenText}";
            var message = all
                ? $"expected {claimed} in all scenarios{In(expectation.Scenario)}, but it {detail}; for example where {where ?? "the open premises are as stated"}, {there}"
                : none
                ? $"expected {claimed} in no scenario{In(expectation.Scenario)}, but it {detail}; for example where {where ?? "the open premises are as stated"}, it is true" +
                  (holdsIn == 0 ? " only through a disputed step, which still counts: the texts can be read to give it" : string.Empty)
                : $"expected {claimed} in some scenario{In(expectation.Scenario)}, but it holds in none of the {scenarios:N0} scenarios{(whenText is null ? string.Empty : $" where {whenText} holds")}" +
                  (contestedIn > 0 ? $" with no disputed step; where {where}, {there}" : string.Empty);
            Fail(diagnostics, expectation.Location, message);
        }

        return new ExpectationOutcome(expectation.Text, expectation.Label, expectation.Location, expectation.Scenario, expectation.Quantifier, ok, detail, proof);
    }

    private static ExpectationOutcome CheckExpectedConflict(Evaluation evaluation, ExpectConflictSymbol expectation, DiagnosticBag diagnostics)
    {
        var atom = evaluation.Program.FindAtom(expectation.Atom);
        var conflict = atom is { } id ? evaluation.Conflicts().FirstOrDefault(c => c.Atom.Id == id) : null;
        var truth = atom is { } a ? evaluation.TruthOf(a) : Truth.Unknown;
        if (conflict is null)
        {
            diagnostics.Report(DiagnosticCatalog.ExpectedConflictMissing, expectation.Location.Source, expectation.Location.Span,
                $"expected {expectation.Atom} to be in conflict{In(expectation.Scenario)}, but it is {truth.Text()}; if the texts no longer disagree, remove this expectation");
            return new ExpectationOutcome(expectation.Text, expectation.Label, expectation.Location, expectation.Scenario, ScenarioQuantifier.Base, false, truth.Text(), null);
        }

        var explainer = new Explainer(evaluation);
        var children = new[] { explainer.Why(conflict.First), explainer.Why(conflict.Second) }.OfType<ProofNode>().ToList();
        var proof = new ProofNode($"{expectation.Atom} is in conflict", "derived both ways", null, null, children)
        { Kind = ProofKind.Conflict, AtomId = conflict.Atom.Id, Atom = conflict.Atom.Display, Truth = "conflict" };
        return new ExpectationOutcome(expectation.Text, expectation.Label, expectation.Location, expectation.Scenario, ScenarioQuantifier.Base, true, "conflict", proof);
    }

    /// <summary>The conflicts a contested condition rests on, in words: "the conflict on p (and on q)".</summary>
    private static string RestsOn(Explainer explainer, GroundCondition condition)
    {
        var conflicts = explainer.ConflictsUnder(condition);
        return conflicts.Count == 0
            ? "every chain that derives it passes through an atom in conflict"
            : $"it rests on the conflict on {string.Join(" and on ", conflicts.Select(c => c.Display))}";
    }

    private static void Fail(DiagnosticBag diagnostics, SourceLocation location, string message) =>
        diagnostics.Report(DiagnosticCatalog.ExpectationFailed, location.Source, location.Span, message);

    private static string In(string? scenario) => scenario is null ? string.Empty : $" in scenario \"{scenario}\"";

    private static string ClaimText(ExpectationSymbol expectation) => expectation.Claim.ToString() ?? expectation.Text;
}
