using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Evaluator.Analysis;

namespace PolicyDsl.Repl.Interactive;

/// <summary>What C# typed at the prompt sees: the session's model, its facts, rules and conclusions, and helpers.</summary>
public sealed class ReplGlobals(ReplSession session)
{
    internal ReplSession Session { get; } = session;

    // Views only: records of strings and lists made for each question, so C# can compute over the argument but can
    // never reach, let alone change, the model the session evaluates.
    private Model Model => Session.Model;

    /// <summary>The argument's title, or its file when it has none.</summary>
    public string Title => Model.DisplayName;

    public IReadOnlyList<FactView> Facts => [.. Model.Facts.Select(FactView.From)];

    public IReadOnlyList<RuleView> Rules => [.. Model.Rules.Select(r => new RuleView(r.Name, r.Text, r.Location.ToString()))];

    /// <summary>Every relation with its signature and where it is first defined.</summary>
    public IReadOnlyList<RelationView> Relations => [.. Model.Relations.Values.OrderBy(r => r.Index).Select(r => new RelationView(r.Name, r.Signature, r.Location.ToString()))];

    /// <summary>Every expectation of the session's argument and whether it passed.</summary>
    public IReadOnlyList<ExpectationView> Expectations => [.. Session.Report.Expectations.Select(e => new ExpectationView(e.Text, e.Passed, e.Detail, e.Location.ToString()))];

    /// <summary>Every conclusion with its truth or value, contested marks, the sources it needs and those it can rest on instead.</summary>
    public IReadOnlyList<ConclusionView> Conclusions => Session.Current is not null ? [.. Session.Analysis.Conclusions().Select(ConclusionView.From)] : [];

    /// <summary>The truth of an atom or condition ("no_deal(US, Russia)", "not deal(US, China)"), or the value of a valued atom.</summary>
    public string Eval(string query) => Session.Query(query) is [var single] && single.Bindings.Length == 0 ? single.Answer : string.Join("; ", Session.Query(query));

    /// <summary>Every binding of a query's variables with its answer ("no_deal(US, x)").</summary>
    public IReadOnlyList<QueryRow> Query(string query) => Session.Query(query);

    public ProofView Why(string atom) => Session.Explain(atom, whyNot: false);

    public ProofView WhyNot(string atom) => Session.Explain(atom, whyNot: true);

    /// <summary>
    /// What would change if a premise were fixed on top of the session's what-ifs: the conclusions that would then
    /// differ from the argument as written. It answers without changing the session (C# only reads it); <c>:set</c>
    /// fixes a premise for the session.
    /// </summary>
    public IReadOnlyList<ConclusionChange> WhatIf(string premise) => Session.Analysis.WithWhatIf(premise).WhatIfChanges();
}
