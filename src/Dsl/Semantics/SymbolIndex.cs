using PolicyDsl.Dsl.Syntax;
using PolicyDsl.Dsl.Text;

namespace PolicyDsl.Dsl.Semantics;

/// <summary>A citation's <c>#anchor</c>: which source it names and where it is written.</summary>
public sealed record AnchorReference(string Source, string Anchor, SourceLocation Location);

/// <summary>An <c>import "path"</c>: where the path is written and the file it names.</summary>
public sealed record ImportReference(string FullPath, SourceLocation Location);

/// <summary>
/// Every name of a model's files and what it resolves to: the binder's references (relations, constants and levels
/// in atoms, rule variables) joined with the declarations and citations read from the syntax (types, constants,
/// scales, levels, rules and their overrides, sources, anchors, imports). What the language server asks for
/// definitions, references, hover, rename and completion.
/// </summary>
public sealed class SymbolIndex
{
    private SymbolIndex(Model model, List<SymbolReference> references, List<AnchorReference> anchors, List<ImportReference> imports)
    {
        Model = model;
        References = references;
        Anchors = anchors;
        Imports = imports;
    }

    public Model Model { get; }

    /// <summary>In file order (the workspace's), then by position.</summary>
    public IReadOnlyList<SymbolReference> References { get; }

    public IReadOnlyList<AnchorReference> Anchors { get; }

    public IReadOnlyList<ImportReference> Imports { get; }

    public static SymbolIndex Of(Model model)
    {
        var references = new List<SymbolReference>(model.References);
        var anchors = new List<AnchorReference>();
        var imports = new List<ImportReference>();
        foreach (var tree in model.Workspace.Trees)
        {
            var walker = new DeclarationWalker(tree.Source, references, anchors, imports);
            foreach (var statement in tree.Statements)
            {
                walker.Visit(statement);
            }
        }

        // An import the workspace refused (out of the project, missing, not an argument file) leads nowhere: no
        // definition or hover may point outside what the analysis read. The rest lead to the file as loaded.
        var loaded = model.Workspace.Trees.Select(t => t.Source.FullPath).OfType<string>().ToHashSet(StringComparer.Ordinal);
        imports = [.. imports
            .Select(i => loaded.Contains(i.FullPath) ? i : i with { FullPath = Files.FileSystemProbe.RealPath(i.FullPath) ?? i.FullPath })
            .Where(i => loaded.Contains(i.FullPath))];

        var order = model.Workspace.Trees.Select((t, i) => (t.Source, i)).ToDictionary(p => p.Source, p => p.i);
        references.Sort((a, b) => (order.GetValueOrDefault(a.Location.Source), a.Location.Span.Start).CompareTo((order.GetValueOrDefault(b.Location.Source), b.Location.Span.Start)));
        return new SymbolIndex(model, references, anchors, imports);
    }

    /// <summary>The reference written at an offset of a file (its span holds the offset, or ends there).</summary>
    public SymbolReference? At(SourceText source, int offset) =>
        References.FirstOrDefault(r => r.Location.Source == source && r.Location.Span.Start <= offset && offset <= r.Location.Span.End);

    public AnchorReference? AnchorAt(SourceText source, int offset) =>
        Anchors.FirstOrDefault(a => a.Location.Source == source && a.Location.Span.Start <= offset && offset <= a.Location.Span.End);

    public ImportReference? ImportAt(SourceText source, int offset) =>
        Imports.FirstOrDefault(i => i.Location.Source == source && i.Location.Span.Start <= offset && offset <= i.Location.Span.End);

    /// <summary>Every place the same symbol is written, the definitions included.</summary>
    public IEnumerable<SymbolReference> ReferencesTo(SymbolReference reference) => References.Where(r => r.SameSymbol(reference));

    /// <summary>Where a symbol is declared; for a relation, where it is first stated, assumed or concluded.</summary>
    public SymbolReference? DefinitionOf(SymbolReference reference) => ReferencesTo(reference).FirstOrDefault(r => r.IsDefinition);

    private sealed class DeclarationWalker(SourceText source, List<SymbolReference> references, List<AnchorReference> anchors, List<ImportReference> imports)
    {
        private void Add(ReferenceKind kind, Identifier name, bool definition, string? owner = null) =>
            references.Add(new SymbolReference(kind, name.Name, new SourceLocation(source, name.Span), definition, owner));

        public void Visit(Statement statement)
        {
            switch (statement)
            {
                case TypeStatement type:
                    Add(ReferenceKind.Type, type.Name, definition: true);
                    foreach (var member in type.Members)
                    {
                        Add(ReferenceKind.Constant, member.Name, definition: true);
                    }

                    break;
                case ScaleStatement scale:
                    Add(ReferenceKind.Scale, scale.Name, definition: true);
                    foreach (var level in scale.Levels)
                    {
                        Add(ReferenceKind.Level, level, definition: true, owner: scale.Name.Name);
                    }

                    break;
                case SourceStatement declared:
                    Add(ReferenceKind.Source, declared.Name, definition: true);
                    break;
                case ImportStatement import when source.FullPath is { } full:
                    imports.Add(new ImportReference(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(full) ?? ".", import.Path.Value)), new SourceLocation(source, import.Path.Span)));
                    break;
                case RuleStatement rule:
                    if (rule.Name is { } name)
                    {
                        Add(ReferenceKind.Rule, name, definition: true);
                    }

                    foreach (var overridden in rule.Overrides)
                    {
                        Add(ReferenceKind.Rule, overridden, definition: false);
                    }

                    foreach (var variable in rule.Variables)
                    {
                        Add(ReferenceKind.Type, variable.Type, definition: false);
                    }

                    foreach (var citation in rule.Citations)
                    {
                        Cite(citation);
                    }
                    break;
                case FactStatement fact:
                    foreach (var citation in fact.Citations)
                    {
                        Cite(citation);
                    }
                    break;
                case AssumeStatement assume:
                    foreach (var citation in assume.Citations)
                    {
                        Cite(citation);
                    }
                    break;
                case NeverStatement never:
                    foreach (var citation in never.Citations)
                    {
                        Cite(citation);
                    }

                    break;
                case ScenarioStatement scenario:
                    foreach (var inner in scenario.Body)
                    {
                        Visit(inner);
                    }

                    break;
            }
        }

        private void Cite(Syntax.Citation? citation)
        {
            if (citation is null || citation.IsAnalyst)
            {
                return;
            }

            Add(ReferenceKind.Source, citation.Source, definition: false);
            if (citation.Anchor is { } anchor)
            {
                anchors.Add(new AnchorReference(citation.Source.Name, anchor.Value, new SourceLocation(source, anchor.Span)));
            }
        }
    }
}
