using PolicyDsl.Dsl.Diagnostics;

namespace PolicyDsl.Dsl.Semantics;

/// <summary>
/// The bound argument: declarations, premises, rules and expectations with every name resolved and every type
/// checked. Produced by <see cref="Analyzer"/>; read by the evaluator and the hosts. Built once, then read-only.
/// </summary>
public sealed class Model
{
    internal Model(Workspace workspace) => Workspace = workspace;

    public Workspace Workspace { get; }

    /// <summary>The title of the root file's <c>argument</c> statement, if it has one.</summary>
    public string? Title { get; internal set; }

    public Dictionary<string, TypeSymbol> Types { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ScaleSymbol> Scales { get; } = new(StringComparer.Ordinal);

    /// <summary>Constants by name and by adjective ("Russian" finds Russia).</summary>
    public Dictionary<string, ConstantSymbol> Constants { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, List<LevelSymbol>> Levels { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, RelationSymbol> Relations { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, SourceSymbol> Sources { get; } = new(StringComparer.Ordinal);

    public List<FactSymbol> Facts { get; } = [];

    public List<AssumeSymbol> Assumes { get; } = [];

    public List<RuleSymbol> Rules { get; } = [];

    public List<ExpectationSymbol> Expectations { get; } = [];

    public List<ExpectConflictSymbol> ExpectConflicts { get; } = [];

    public List<ScenarioSymbol> Scenarios { get; } = [];

    public IReadOnlyList<Diagnostic> Diagnostics { get; internal set; } = [];

    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    public string DisplayName => Title ?? Workspace.Root?.Source.Path ?? Workspace.RootPath;
}
