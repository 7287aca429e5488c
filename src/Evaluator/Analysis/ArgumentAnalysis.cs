using System.Collections.Immutable;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Evaluator.Checking;
using PolicyDsl.Evaluator.Engine;
using PolicyDsl.Evaluator.Grounding;
using PolicyDsl.Evaluator.Supports;

namespace PolicyDsl.Evaluator.Analysis;

/// <summary>
/// One argument, analysed and checked, with the what-if premises a user has fixed: the one place every host (the
/// verbs, the REPL) asks its questions. Immutable: a what-if gives a new analysis over the same model and ground
/// program, evaluated again from its premises, with nothing re-parsed or re-bound. Questions that cannot be
/// answered throw <see cref="QuestionException"/>.
/// </summary>
public sealed partial class ArgumentAnalysis
{
    /// <summary>The name what-if premises go by in explanations ("premise of scenario "what-if"").</summary>
    public const string WhatIfName = "what-if";

    private readonly Lazy<ArgumentReport> report;
    private readonly Lazy<Evaluation>? baseEvaluation;
    private readonly Lazy<Evaluation>? current;

    private ArgumentAnalysis(Model model, GroundProgram? program, Lazy<Evaluation>? baseEvaluation, Lazy<ArgumentReport> report, ImmutableArray<WhatIfPremise> whatIfs,
        GroundProgram? currentProgram, PremiseSet? currentPremises, Lazy<Evaluation>? current)
    {
        Model = model;
        Program = program;
        this.baseEvaluation = baseEvaluation;
        this.report = report;
        WhatIfs = whatIfs;
        CurrentProgram = currentProgram;
        CurrentPremises = currentPremises;
        this.current = current;
    }

    /// <summary>
    /// Everything checking found: diagnostics, the named scenarios' evaluations, expectation outcomes. Checked when
    /// first asked for: a question about the base evaluation (a sweep, a why) needs none of it.
    /// </summary>
    public ArgumentReport Report => report.Value;

    /// <summary>
    /// The check this analysis answers with: the argument's, or, within a named scenario (<see cref="In"/>), the
    /// argument checked there as if it were the argument as written (as <c>test --scenario</c> checks it).
    /// </summary>
    public ArgumentReport CheckedReport =>
        Scenario is { } within && Program is not null ? LazyInitializer.EnsureInitialized(ref reportWithin, () => ReportIn(within)) : Report;

    private ArgumentReport? reportWithin;

    /// <summary>Whether the check has run (tests: a question about one scenario must not force it).</summary>
    internal bool IsChecked => report.IsValueCreated;

    /// <summary>The argument checked within a named scenario, as if it were the argument as written (<c>test --scenario</c>).</summary>
    public ArgumentReport ReportIn(string scenario)
    {
        var program = Program ?? throw NotEvaluated();
        var named = Model.Scenarios.FirstOrDefault(s => s.Name == scenario) ?? throw NoScenario(scenario);
        return ArgumentChecker.CheckWithin(Model, program, named);
    }

    public Model Model { get; }

    /// <summary>Null when errors stop evaluation.</summary>
    public GroundProgram? Program { get; }

    /// <summary>
    /// The evaluation of the argument as written, without what-ifs; null when errors stop evaluation. Evaluated when
    /// first asked for: a sweep needs only the program and the premises.
    /// </summary>
    public Evaluation? Base => baseEvaluation?.Value;

    /// <summary>The premises fixed by what-ifs, in the order of their atoms.</summary>
    public ImmutableArray<WhatIfPremise> WhatIfs { get; }

    /// <summary>The program the current evaluation runs (grounded again when what-ifs make new rule instances possible).</summary>
    public GroundProgram? CurrentProgram { get; }

    /// <summary>The premises of the current evaluation: the argument's, with the what-ifs' replacing theirs.</summary>
    public PremiseSet? CurrentPremises { get; }

    /// <summary>The base evaluation with the what-ifs applied (the base itself without them); null when not evaluated.</summary>
    public Evaluation? Current => current?.Value;

    /// <summary>Loads and analyses an argument file; its imports and sources resolve inside <paramref name="projectRoot"/> when given.</summary>
    public static ArgumentAnalysis Load(string path, string? projectRoot = null, CancellationToken cancellation = default) =>
        Of(Workspace.Load(path, projectRoot: projectRoot), cancellation);

    /// <summary>Loads an argument file with the named premises withdrawn (see <see cref="Withdrawal"/>).</summary>
    public static ArgumentAnalysis Load(string path, string? projectRoot, IReadOnlyList<string> without, CancellationToken cancellation = default)
    {
        var analysis = Load(path, projectRoot, cancellation);
        return without.Count == 0 ? analysis : analysis.Without(without);
    }

    /// <summary>The model as written, before any withdrawal (the model of this analysis when nothing is withdrawn).</summary>
    public Model Written => WrittenModel ?? Model;

    // Set only as an analysis is made (an initializer), never after: an analysis is a value of its model and context.
    private Model? WrittenModel { get; init; }

    /// <summary>What is withdrawn: the names given, and the premises they withdraw; null when nothing is.</summary>
    public Withdrawal? Withdrawn { get; private init; }

    /// <summary>What this analysis answers about: what is withdrawn, the what-ifs, and the named scenario it is in (<see cref="In"/>).</summary>
    public QuestionContext Context => ContextIn(null);

    /// <summary>What a question asked of this analysis in a named scenario (null: the scenario it is in, or the base) is about.</summary>
    public QuestionContext ContextIn(string? scenario) =>
        new(scenario ?? Scenario, Withdrawn is null ? [] : [.. Withdrawn.Resolved], [.. WhatIfs.Select(w => w.Text)]);

    /// <summary>The named scenario this analysis answers in, as if it were the argument as written (null: the base argument).</summary>
    public string? Scenario { get; private init; }

    /// <summary>
    /// This analysis within a named scenario: every question that names no scenario of its own (the conclusions, a
    /// why, a sweep, a report's overview) is answered in it, its premises replacing the base argument's, the what-ifs
    /// over them. A name the argument does not declare is refused.
    /// </summary>
    public ArgumentAnalysis In(string scenario)
    {
        _ = Baseline(scenario);
        return WithWhatIfs(WhatIfs, Model.Scenarios.First(s => s.Name == scenario));
    }

    /// <summary>
    /// This analysis with more premises withdrawn, by source, claim or premise: analysed again from the written model
    /// without them (the what-ifs kept). A name that withdraws nothing is refused.
    /// </summary>
    public ArgumentAnalysis Without(IEnumerable<string> names) => Withdrawing([.. (Withdrawn?.Names ?? []).Concat(names)]);

    /// <summary>This analysis with a withdrawn name put back.</summary>
    public ArgumentAnalysis With(string name)
    {
        var names = Withdrawn?.Names ?? [];
        if (!names.Contains(name.Trim(), StringComparer.Ordinal))
        {
            throw new QuestionException(QuestionFailure.BadQuestion, $"'{name.Trim()}' is not withdrawn" + (names.Count == 0 ? "; nothing is" : $"; withdrawn: {string.Join(", ", names)}"));
        }

        return Withdrawing([.. names.Where(n => n != name.Trim())]);
    }

    private ArgumentAnalysis Withdrawing(IReadOnlyList<string> names)
    {
        var model = Written;
        var withdrawal = Withdrawal.Resolve(model, names);
        var analysis = Of(withdrawal.Apply(model));
        var checkedReport = analysis.report;
        if (withdrawal.Count > 0 && !model.HasErrors)
        {
            // "Never fires" and "never used" are checks of the argument as written, not of what the withdrawal left.
            var withdrawn = analysis;
            var writtenReport = Withdrawn is null ? report : new Lazy<ArgumentReport>(() => Of(model).Report);
            checkedReport = new Lazy<ArgumentReport>(() => withdrawn.Report.WithChecksOfWritten(writtenReport.Value));
        }

        var carried = new ArgumentAnalysis(analysis.Model, analysis.Program, analysis.baseEvaluation, checkedReport, analysis.WhatIfs,
            analysis.CurrentProgram, analysis.CurrentPremises, analysis.current)
        {
            WrittenModel = model,
            Withdrawn = withdrawal.Names.Count == 0 ? null : withdrawal,
        };
        var withWhatIfs = WhatIfs.IsEmpty ? carried : carried.WithWhatIfs(WhatIfs.Select(w => w.Text));
        return Scenario is null || withWhatIfs.Program is null ? withWhatIfs : withWhatIfs.In(Scenario);
    }

    public static ArgumentAnalysis Of(Workspace workspace, CancellationToken cancellation = default) => Of(Analyzer.Analyze(workspace), cancellation);

    public static ArgumentAnalysis Of(Model model, CancellationToken cancellation = default)
    {
        if (model.HasErrors)
        {
            var failed = ArgumentChecker.Check(model, cancellation);
            return new ArgumentAnalysis(model, null, null, new Lazy<ArgumentReport>(failed), [], null, null, null);
        }

        var (grounded, limit) = Grounder.TryGround(model, []);
        if (grounded is not { } program)
        {
            var refused = ArgumentChecker.Refused(model, limit!);
            return new ArgumentAnalysis(model, null, null, new Lazy<ArgumentReport>(refused), [], null, null, null);
        }

        var premises = PremiseSet.Base(program);
        var baseEvaluation = new Lazy<Evaluation>(() => FixpointEngine.Evaluate(program, premises, cancellation));
        var report = new Lazy<ArgumentReport>(() => ArgumentChecker.Check(model, program, baseEvaluation.Value, cancellation));
        return new ArgumentAnalysis(model, program, baseEvaluation, report, [], program, premises, baseEvaluation);
    }

    /// <summary>The current evaluation, or the failure that says why there is none.</summary>
    public Evaluation Evaluated => Current ?? throw NotEvaluated();

    private QuestionException NoScenario(string scenario) => new(QuestionFailure.BadQuestion,
        $"no scenario is named \"{scenario}\"{NameSuggester.DidYouMean(Model, scenario, NameKinds.Scenario, quote: "\"")}{(Model.Scenarios.Count == 0 ? "; this argument has none" : " (known: " + string.Join(", ", Model.Scenarios.Select(s => $"\"{s.Name}\"")) + ")")}" +
        (Model.HasErrors ? "; the argument also has errors, which 'policydsl check' lists" : string.Empty));

    private QuestionException NotEvaluated() =>
        new(QuestionFailure.NotEvaluated, QuestionException.NotEvaluatedMessage, [.. Report.Diagnostics.Where(d => d.IsError)]);

    /// <summary>
    /// The evaluation a question is asked of: the current one (what-ifs applied), or a named scenario's, with the
    /// what-ifs applied over the scenario's own premises.
    /// </summary>
    public Evaluation Baseline(string? scenario)
    {
        // The name is checked against the argument as written first: a file with errors still says that the
        // scenario asked for does not exist (issue 24), beside its errors.
        if (scenario is not null && Model.Scenarios.All(s => s.Name != scenario))
        {
            throw NoScenario(scenario);
        }

        var current = Evaluated;
        if (scenario is null)
        {
            return current;
        }

        var named = Model.Scenarios.First(s => s.Name == scenario);
        if (!WhatIfs.IsEmpty)
        {
            return FixpointEngine.Evaluate(current.Program, PremiseSet.ForScenario(current.Program, named).WithFacts(named.Name, WhatIfs.Select(w => (current.Program.FindAtom(w.Fact.Atom)!.Value, w.Fact))));
        }

        // The check evaluates every named scenario; a question about one needs only that one, so it does not force the
        // check (its cost would depend on which question came first). Once the check has run, its evaluation is used.
        return ScenarioEvaluation(named);
    }

    /// <summary>A named scenario's evaluation (no what-ifs): the check's once it has run, else evaluated alone and kept.</summary>
    private Evaluation ScenarioEvaluation(ScenarioSymbol named) =>
        report.IsValueCreated
            ? report.Value.Scenarios.First(s => s.Scenario.Name == named.Name).Evaluation
            : scenarioEvaluations.GetOrAdd(named.Name, _ => FixpointEngine.Evaluate(Program!, PremiseSet.ForScenario(Program!, named)));

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Evaluation> scenarioEvaluations = new(StringComparer.Ordinal);

    /// <summary>
    /// Binds a claim, query or premise typed by the user. Without <paramref name="variables"/>, a claim with free
    /// variables is refused, naming them (a verb asks about one atom).
    /// </summary>
    public BoundQuery Bind(string text, string noun, bool variables = false, bool computations = false)
    {
        var query = Analyzer.BindQuery(Model, text);
        if (query.HasErrors)
        {
            throw new QuestionException(QuestionFailure.BadQuestion, string.Join("\n", query.Diagnostics.Select(d => $"{d.Code}: {d.Message}")), query.Diagnostics);
        }

        // A computation over values is a question the REPL's query answers; a verb asks about a claim, or an atom.
        if (!computations && query.Expression is { Type.Kind: not (ValueKind.Boolean or ValueKind.Error) } and not BoundAtomValue)
        {
            throw new QuestionException(QuestionFailure.BadQuestion,
                $"'{text}' is a value, not {("aeiou".Contains(noun[0], StringComparison.Ordinal) ? "an " : "a ") + noun}; compare it with something ('{text} > 0'), or ask its value in the REPL: ? {text}");
        }

        if (!variables && query.Variables.Count > 0)
        {
            throw new QuestionException(QuestionFailure.BadQuestion,
                $"'{text}' has variables ({string.Join(", ", query.Variables.Select(v => v.Name))}); name one {noun}, e.g. with constants of type {query.Variables[0].Type.Name}");
        }

        return query;
    }

    /// <summary>A claim without variables, compiled against the program's atoms.</summary>
    public GroundCondition Claim(string text, string noun = "claim")
    {
        var program = Program ?? throw NotEvaluated();
        return program.Compile(Bind(text, noun).Expression!, ImmutableArray<Value>.Empty);
    }

    /// <summary>The conclusions of the current evaluation, or of a named scenario, with what each needs and can also rest on.</summary>
    public IReadOnlyList<ConclusionRow> Conclusions(string? scenario = null)
    {
        var evaluation = Baseline(scenario);
        return ConclusionTable.Of(evaluation, SupportsOf(evaluation));
    }

    private readonly Dictionary<Evaluation, SupportAnalysis> supports = new(ReferenceEqualityComparer.Instance);

    /// <summary>The supports of the current evaluation's conclusions, or a named scenario's (computed once per evaluation).</summary>
    public SupportAnalysis Supports(string? scenario = null) => SupportsOf(Baseline(scenario));

    /// <summary>The supports of one of this analysis's evaluations, computed when first asked for.</summary>
    public SupportAnalysis SupportsOf(Evaluation evaluation)
    {
        lock (supports)
        {
            if (!supports.TryGetValue(evaluation, out var found))
            {
                found = SupportAnalysis.Compute(evaluation);
                supports[evaluation] = found;
            }

            return found;
        }
    }
}
