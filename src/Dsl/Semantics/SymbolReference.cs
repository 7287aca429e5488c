namespace PolicyDsl.Dsl.Semantics;

/// <summary>What kind of name a reference is to.</summary>
public enum ReferenceKind
{
    Relation,
    Constant,
    Level,
    Variable,
    Type,
    Scale,
    Rule,
    Source,
}

/// <summary>
/// One place a name is written, and what it resolves to: the binder's side table (as Bicep's binder keeps one),
/// which the language server reads for definitions, references, hover and rename. <see cref="Name"/> is the
/// symbol's own name (a relation's <c>partnership_widening</c> for the words <c>partnership widening</c>);
/// <see cref="Owner"/> tells apart symbols that share a name: a level's scale, a variable's rule.
/// <see cref="IsDefinition"/> marks where a symbol is declared, or for a relation where it is stated, assumed or concluded.
/// </summary>
public sealed record SymbolReference(ReferenceKind Kind, string Name, SourceLocation Location, bool IsDefinition, string? Owner = null)
{
    public bool SameSymbol(SymbolReference other) => Kind == other.Kind && Name == other.Name && Owner == other.Owner;
}
