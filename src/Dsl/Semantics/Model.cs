using System.Collections.Immutable;
using PolicyDsl.Dsl.Diagnostics;

namespace PolicyDsl.Dsl.Semantics;

/// <summary>
/// The bound argument: declarations, premises, rules and expectations with every name resolved and every type
/// checked. Produced by <see cref="Analyzer"/>; read by the evaluator and the hosts. Immutable by type: its
/// collections are read-only and its symbols are complete when it is built, so nothing that reads it (a REPL user's
/// C# included) can change what the evaluation was computed from.
/// </summary>
public sealed class Model
{
    internal Model(ModelBuilder builder, IReadOnlyList<Diagnostic> diagnostics)
    {
        Workspace = builder.Workspace;
        Title = builder.Title;
        // The builder's dictionaries are handed over, not copied (freezing 100,000 relations would cost a tenth of the
        // check): nothing keeps a reference to the builder, and the wrappers refuse every change.
        Types = builder.Types.AsReadOnly();
        Scales = builder.Scales.AsReadOnly();
        Constants = builder.Constants.AsReadOnly();
        Levels = builder.Levels.ToDictionary(l => l.Key, l => (IReadOnlyList<LevelSymbol>)l.Value.ToImmutableArray(), StringComparer.Ordinal).AsReadOnly();
        Relations = builder.Relations.AsReadOnly();
        Sources = builder.Sources.AsReadOnly();
        Facts = builder.Facts.ToImmutableArray();
        Assumes = builder.Assumes.ToImmutableArray();
        Rules = builder.Rules.ToImmutableArray();
        Expectations = builder.Expectations.ToImmutableArray();
        ExpectConflicts = builder.ExpectConflicts.ToImmutableArray();
        Constraints = builder.Constraints.ToImmutableArray();
        ExpectViolations = builder.ExpectViolations.ToImmutableArray();
        Scenarios = builder.Scenarios.ToImmutableArray();
        References = builder.References.ToImmutableArray();
        Diagnostics = diagnostics;
    }

    private Model(Model model, IReadOnlyList<FactSymbol> facts, IReadOnlyList<AssumeSymbol> assumes, IReadOnlyList<RuleSymbol> rules, IReadOnlyList<ScenarioSymbol> scenarios)
    {
        Workspace = model.Workspace;
        Title = model.Title;
        Types = model.Types;
        Scales = model.Scales;
        Constants = model.Constants;
        Levels = model.Levels;
        Relations = model.Relations;
        Sources = model.Sources;
        Facts = facts;
        Assumes = assumes;
        Rules = rules;
        Expectations = model.Expectations;
        ExpectConflicts = model.ExpectConflicts;
        Constraints = model.Constraints;
        ExpectViolations = model.ExpectViolations;
        Scenarios = scenarios;
        References = model.References;
        Diagnostics = model.Diagnostics;
    }

    /// <summary>
    /// The same model with some premises and rules withdrawn: a premise neither true nor false, as if never stated, in
    /// the base argument and in every named scenario; a rule as if never written (a rule it overrode is no longer
    /// overridden). Everything else (declarations, expectations, diagnostics) is shared.
    /// </summary>
    public Model Without(Func<FactSymbol, bool> fact, Func<AssumeSymbol, bool> assume, Func<RuleSymbol, bool>? rule = null) => new(this,
        [.. Facts.Where(f => !fact(f))],
        [.. Assumes.Where(a => !assume(a))],
        rule is null ? Rules : [.. Rules.Where(r => !rule(r))],
        [.. Scenarios.Select(s => s with { Facts = [.. s.Facts.Where(f => !fact(f))], Assumes = [.. s.Assumes.Where(a => !assume(a))] })]);

    public Workspace Workspace { get; }

    /// <summary>The title of the root file's <c>argument</c> statement, if it has one.</summary>
    public string? Title { get; }

    public IReadOnlyDictionary<string, TypeSymbol> Types { get; }

    public IReadOnlyDictionary<string, ScaleSymbol> Scales { get; }

    /// <summary>Constants by name and by adjective ("Russian" finds Russia).</summary>
    public IReadOnlyDictionary<string, ConstantSymbol> Constants { get; }

    public IReadOnlyDictionary<string, IReadOnlyList<LevelSymbol>> Levels { get; }

    public IReadOnlyDictionary<string, RelationSymbol> Relations { get; }

    public IReadOnlyDictionary<string, SourceSymbol> Sources { get; }

    public IReadOnlyList<FactSymbol> Facts { get; }

    public IReadOnlyList<AssumeSymbol> Assumes { get; }

    public IReadOnlyList<RuleSymbol> Rules { get; }

    public IReadOnlyList<ExpectationSymbol> Expectations { get; }

    public IReadOnlyList<ExpectConflictSymbol> ExpectConflicts { get; }

    /// <summary>The <c>never</c> constraints of every file, in file and line order.</summary>
    public IReadOnlyList<ConstraintSymbol> Constraints { get; }

    /// <summary>The root file's <c>expect violation of</c> statements outside scenarios.</summary>
    public IReadOnlyList<ExpectViolationSymbol> ExpectViolations { get; }

    public IReadOnlyList<ScenarioSymbol> Scenarios { get; }

    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>Every name the binder resolved, where it is written and what it names (in binding order).</summary>
    public IReadOnlyList<SymbolReference> References { get; }

    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <summary>The citations of every premise: facts and open premises, in the base and in each scenario (what a withdrawal by source or claim removes).</summary>
    public IEnumerable<Citation> PremiseCitations =>
        Facts.SelectMany(f => f.Citations).Concat(Assumes.SelectMany(a => a.Citations))
            .Concat(Scenarios.SelectMany(s => s.Facts.SelectMany(f => f.Citations).Concat(s.Assumes.SelectMany(a => a.Citations))));

    public string DisplayName => Title ?? Workspace.Root?.Source.Path ?? Workspace.RootPath;
}

/// <summary>
/// The model while the binder builds it: mutable collections in the order statements are bound. Frozen into a
/// <see cref="Model"/> (its symbols too) once binding is done; a query binds against a builder seeded from a model.
/// </summary>
internal sealed class ModelBuilder(Workspace workspace)
{
    public Workspace Workspace { get; } = workspace;

    public string? Title { get; set; }

    public Dictionary<string, TypeSymbol> Types { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ScaleSymbol> Scales { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ConstantSymbol> Constants { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, List<LevelSymbol>> Levels { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, RelationSymbol> Relations { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, SourceSymbol> Sources { get; } = new(StringComparer.Ordinal);

    public List<FactSymbol> Facts { get; } = [];

    public List<AssumeSymbol> Assumes { get; } = [];

    public List<RuleSymbol> Rules { get; } = [];

    public List<ExpectationSymbol> Expectations { get; } = [];

    public List<ExpectConflictSymbol> ExpectConflicts { get; } = [];

    public List<ConstraintSymbol> Constraints { get; } = [];

    public List<ExpectViolationSymbol> ExpectViolations { get; } = [];

    public List<ScenarioSymbol> Scenarios { get; } = [];

    public List<SymbolReference> References { get; } = [];

    /// <summary>
    /// The names a query is bound against: a builder over an analysed model's declarations. Its symbols are the
    /// model's own, already frozen; a query only looks names up, it defines nothing.
    /// </summary>
    public static ModelBuilder ForQuery(Model model)
    {
        var builder = new ModelBuilder(model.Workspace);
        Copy(model.Types, builder.Types);
        Copy(model.Scales, builder.Scales);
        Copy(model.Constants, builder.Constants);
        Copy(model.Relations, builder.Relations);
        Copy(model.Sources, builder.Sources);
        foreach (var (name, levels) in model.Levels)
        {
            builder.Levels[name] = [.. levels];
        }

        return builder;
    }

    private static void Copy<T>(IReadOnlyDictionary<string, T> from, Dictionary<string, T> to)
    {
        foreach (var (key, value) in from)
        {
            to[key] = value;
        }
    }

    /// <summary>Freezes the symbols and the collections: after this nothing of the model changes.</summary>
    public Model Build(IReadOnlyList<Diagnostic> diagnostics)
    {
        foreach (var type in Types.Values)
        {
            type.Freeze();
        }

        foreach (var scale in Scales.Values)
        {
            scale.Freeze();
        }

        foreach (var rule in Rules)
        {
            rule.Freeze();
        }

        foreach (var relation in Relations.Values)
        {
            relation.Freeze();
        }

        return new Model(this, diagnostics);
    }
}
