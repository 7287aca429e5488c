using System.Collections.Immutable;
using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Dsl.Files;
using PolicyDsl.Dsl.Syntax;
using PolicyDsl.Dsl.Text;

namespace PolicyDsl.Dsl.Semantics;

/// <summary>
/// Resolves names and checks types, turning syntax trees into a <see cref="Model"/>. Passes: declarations
/// (types, scales, sources); relation signatures from every definition (facts, open premises, rule conclusions);
/// conditions, values and expectations; then the checks that need the whole program (overrides, recursion
/// through negation, contradicting premises).
/// </summary>
internal sealed partial class Binder
{
    private readonly ModelBuilder model;
    private readonly DiagnosticBag diagnostics;
    // What the definition pass made of each fact, open premise and rule: a side table keyed by the statement itself
    // (reference identity: statements are records, and two identical statements are still two statements), so a
    // statement the binding pass skips, or one it sees that the definition pass did not, cannot shift the others.
    private readonly Dictionary<Statement, BoundAtom?> definedAtoms = new(StatementIdentity.Instance);
    private readonly Dictionary<RuleStatement, RuleSymbol> definedRules = new(StatementIdentity.Instance);
    private readonly List<(RuleStatement Statement, RuleSymbol Rule)> rules = [];

    /// <summary>The places already in the side table (<see cref="ModelBuilder.References"/>).</summary>
    private readonly HashSet<(SourceText Source, int Start, int Length)> referred = [];
    private readonly Dictionary<string, RuleSymbol> namedRules = new(StringComparer.Ordinal);
    private SourceText current = null!;
    private bool isRoot = true;
    private bool currentRequiresSources;
    private readonly List<(ExpectViolationStatement Statement, SourceLocation Location, string Text, string? Scenario)> violationExpectations = [];

    /// <summary>The names in every statement that did not parse, to avoid reporting what it would have defined.</summary>
    private HashSet<string> unparsedWords = [];

    /// <summary>In query mode (REPL, why), unknown lower-case arguments become query variables instead of errors.</summary>
    private Dictionary<string, VariableSymbol>? queryVariables;

    public Binder(ModelBuilder model, DiagnosticBag diagnostics)
    {
        this.model = model;
        this.diagnostics = diagnostics;
    }

    private sealed class Scope(ImmutableArray<VariableSymbol> variables, string? owner = null)
    {
        public static readonly Scope Empty = new([]);

        public ImmutableArray<VariableSymbol> Variables { get; } = variables;

        /// <summary>Whose variables these are (the rule, by where it is written): variables of two rules are not one symbol.</summary>
        public string? Owner { get; } = owner;

        public VariableSymbol? Find(string name) => Variables.FirstOrDefault(v => v.Name == name);
    }

    public void BindWorkspace(Workspace workspace)
    {
        unparsedWords = WordsOf(workspace.Trees.SelectMany(t => t.Statements.OfType<ErrorStatement>().Select(e => t.Source[e.Span])));
        // Sized once: growing two tables of 100,000 statements step by step costs more than the lookups.
        var statements = workspace.Trees.Sum(t => t.Statements.Length);
        definedAtoms.EnsureCapacity(statements);
        definedRules.EnsureCapacity(statements);
        foreach (var tree in workspace.Trees)
        {
            current = tree.Source;
            var isRoot = workspace.IsEntry(tree);
            foreach (var statement in tree.Statements)
            {
                DeclarePass(statement, isRoot);
            }
        }

        // Expectations and named scenarios are the claims of the file being checked; an imported file contributes its
        // declarations, premises and rules (a debate imports arguments it then overrides).
        foreach (var tree in workspace.Trees)
        {
            current = tree.Source;
            isRoot = workspace.IsEntry(tree);
            foreach (var statement in tree.Statements)
            {
                DefinePass(statement, scenario: null);
            }
        }

        foreach (var tree in workspace.Trees)
        {
            current = tree.Source;
            isRoot = workspace.IsEntry(tree);
            var requiresSources = RequiresSources(tree);
            currentRequiresSources = requiresSources;
            foreach (var statement in tree.Statements)
            {
                BindPass(statement, scenario: null, requiresSources);
            }
        }

        ResolveViolationExpectations();
        ResolveOverrides();
        CheckStratification();
        CheckPremises();
    }

    /// <summary>The names in a set of texts, as a set: looked up once per undefined name, where scanning the texts would be quadratic.</summary>
    private static HashSet<string> WordsOf(IEnumerable<string> texts)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            for (var i = 0; i < text.Length; i++)
            {
                if (!char.IsLetter(text[i]) && text[i] != '_')
                {
                    continue;
                }

                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                words.Add(text[start..i]);
            }
        }

        return words;
    }

    private static bool RequiresSources(SyntaxTree tree) => tree.Statements.OfType<ArgumentStatement>().Any(a => a.RequiresSources);

    private SourceLocation Here(TextSpan span) => new(current, span);

    private void Report(DiagnosticDescriptor descriptor, TextSpan span, string message, params RelatedLocation[] related) =>
        diagnostics.Report(descriptor, current, span, message, related);

    private void Report(DiagnosticMessage built, TextSpan span) => diagnostics.Report(built.Descriptor, current, span, built.Message, built.Related);

    /// <summary>A symbol's place, as <see cref="DiagnosticBuilder"/> takes it: printed and linked.</summary>
    private static (SourceText, TextSpan, string) First(SourceLocation location) => (location.Source, location.Span, location.ToString());

    // ------------------------------------------------------------ pass 1: declarations

    private void DeclarePass(Statement statement, bool isRoot)
    {
        switch (statement)
        {
            case ArgumentStatement argument when isRoot:
                model.Title ??= argument.Title.Value;
                break;
            case SourceStatement source:
                DeclareSource(source);
                break;
            case TypeStatement type:
                DeclareType(type);
                break;
            case ScaleStatement scale:
                DeclareScale(scale);
                break;
        }
    }

    private void DeclareSource(SourceStatement source)
    {
        var directory = Path.GetDirectoryName(current.FullPath ?? Path.GetFullPath(current.Path)) ?? Environment.CurrentDirectory;
        var root = model.Workspace.RootOf(current);
        var written = source.Path.Value;
        var asWritten = ProjectRoot.AsWritten(current, source.Path.Span);
        var resolved = root.Resolve(directory, written, asWritten);
        if (resolved.Problem != ReferenceProblem.None)
        {
            // Declared all the same, without a document to read: the citations of it are then not reported as unknown.
            Report(ProjectRoot.DescriptorOf(resolved.Problem),
                source.Path.Span, root.Explain(resolved.Problem, asWritten, "source document"));
        }

        if (source.Name.Name == Syntax.Citation.Analyst)
        {
            Report(DiagnosticCatalog.ReservedSourceName, source.Name.Span,
                $"'{Syntax.Citation.Analyst}' marks the analyst's own judgments (per analyst \"reason\"), so no source may take that name; call it something else");
            return;
        }

        if (model.Sources.TryGetValue(source.Name.Name, out var existing))
        {
            if (existing.ResolvedPath != resolved.FullPath)
            {
                Report(DiagnosticBuilder.DeclaredTwice("source", $"'{source.Name.Name}'", "for two documents", First(existing.Location), "give this one another name"), source.Name.Span);
            }

            return;
        }

        model.Sources[source.Name.Name] = new SourceSymbol(source.Name.Name, written, resolved.FullPath, Here(source.Span));
    }

    private void DeclareType(TypeStatement statement)
    {
        if (!CheckNewName(statement.Name))
        {
            return;
        }

        var type = new TypeSymbol(statement.Name.Name, Here(statement.Name.Span));
        model.Types[type.Name] = type;
        foreach (var member in statement.Members)
        {
            if (!CheckNewName(member.Name) || (member.Adjective is { } adj && !CheckNewName(adj)))
            {
                continue;
            }

            var constant = new ConstantSymbol(member.Name.Name, member.Adjective?.Name, type, Here(member.Name.Span));
            type.AddMember(constant);
            model.Constants[constant.Name] = constant;
            if (constant.Adjective is { } adjective)
            {
                model.Constants[adjective] = constant;
            }
        }
    }

    private void DeclareScale(ScaleStatement statement)
    {
        if (!CheckNewName(statement.Name))
        {
            return;
        }

        var scale = new ScaleSymbol(statement.Name.Name, Here(statement.Name.Span));
        model.Scales[scale.Name] = scale;
        foreach (var levelName in statement.Levels)
        {
            if (scale.Levels.Any(l => l.Name == levelName.Name))
            {
                Report(DiagnosticBuilder.DeclaredTwice("level", $"'{levelName.Name}'", $"in scale '{scale.Name}'", null, "a scale lists each level once"), levelName.Span);
                continue;
            }

            if (model.Constants.TryGetValue(levelName.Name, out var constant))
            {
                Report(DiagnosticBuilder.DeclaredTwice("name", $"'{levelName.Name}'", $"as a constant of type {constant.Type.Name} and as a level", First(constant.Location), "a level needs a name of its own"), levelName.Span);
                continue;
            }

            var level = new LevelSymbol(levelName.Name, scale.Levels.Count, scale, Here(levelName.Span));
            scale.AddLevel(level);
            if (!model.Levels.TryGetValue(level.Name, out var list))
            {
                model.Levels[level.Name] = list = [];
            }

            list.Add(level);
        }
    }

    /// <summary>Types, scales and constants share one namespace.</summary>
    private bool CheckNewName(Identifier name)
    {
        SourceLocation? existing =
            model.Types.TryGetValue(name.Name, out var t) ? t.Location :
            model.Scales.TryGetValue(name.Name, out var s) ? s.Location :
            model.Constants.TryGetValue(name.Name, out var c) ? c.Location :
            model.Levels.TryGetValue(name.Name, out var l) ? l[0].Location : null;
        if (existing is { } location)
        {
            if (location.Source == current && location.Span == name.Span)
            {
                return false;
            }

            Report(DiagnosticBuilder.DeclaredTwice("name", $"'{name.Name}'", null, First(location), "use another name"), name.Span);
            return false;
        }

        return true;
    }

    /// <summary>
    /// "Did you mean" for the first <see cref="SuggestionBudget"/> unknown names of an analysis; past that, messages
    /// go without: a file with tens of thousands of errors would otherwise spend minutes comparing names.
    /// </summary>
    private string? Suggest(string name, IEnumerable<string> candidates) =>
        suggestions++ < SuggestionBudget ? NameSuggestions.Closest(name, candidates) : null;

    private const int SuggestionBudget = 200;

    private int suggestions;

    private static RelatedLocation Related(SourceLocation location, string message) => new(location.Source, location.Span, message);

    /// <summary>Statements by identity (they are records, and two statements that read alike are still two).</summary>
    private sealed class StatementIdentity : IEqualityComparer<Statement>
    {
        public static readonly StatementIdentity Instance = new();

        public bool Equals(Statement? x, Statement? y) => ReferenceEquals(x, y);

        public int GetHashCode(Statement obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
    }
}
