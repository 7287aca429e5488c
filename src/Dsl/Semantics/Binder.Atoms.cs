using System.Collections.Immutable;
using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Dsl.Syntax;
using PolicyDsl.Dsl.Text;

namespace PolicyDsl.Dsl.Semantics;

internal sealed partial class Binder
{
    /// <summary>
    /// Reads an atom's words: in phrase form the first word may be a constant (or its adjective), which then becomes
    /// the first argument, and the remaining words, joined by '_', name the relation: <c>Russian price(Ukraine)</c>
    /// is <c>price(Russia, Ukraine)</c> and <c>no deal</c> is <c>no_deal</c>.
    /// </summary>
    private (string Relation, ConstantSymbol? Subject, TextSpan NameSpan) ReadPhrase(AtomSyntax atom)
    {
        if (atom.Words.Length == 1)
        {
            return (atom.Words[0].Name, null, atom.Words[0].Span);
        }

        if (atom.Words.Length >= 2 && model.Constants.TryGetValue(atom.Words[0].Name, out var subject))
        {
            var rest = atom.Words.RemoveAt(0);
            return (string.Join('_', rest.Select(w => w.Name)), subject, rest[0].Span.Cover(rest[^1].Span));
        }

        return (string.Join('_', atom.Words.Select(w => w.Name)), null, atom.Words[0].Span.Cover(atom.Words[^1].Span));
    }

    /// <summary>Binds the arguments of an atom to terms; null where an argument is in error (already reported).</summary>
    private List<(Term? Term, TextSpan Span)> BindArguments(AtomSyntax atom, ConstantSymbol? subject, Scope scope, RelationSymbol? relation)
    {
        var terms = new List<(Term?, TextSpan)>();
        if (subject is not null)
        {
            Refer(ReferenceKind.Constant, subject.Name, atom.Words[0].Span);
            terms.Add((new ConstantTerm(subject.Value), atom.Words[0].Span));
        }

        foreach (var argument in atom.Arguments ?? [])
        {
            var position = terms.Count;
            var expected = relation is not null && position < relation.Arity ? relation.Parameters[position] : null;
            terms.Add((BindTerm(argument, scope, expected), argument.Span));
        }

        return terms;
    }

    private Term? BindTerm(Expression argument, Scope scope, DataType? expected)
    {
        switch (argument)
        {
            case LiteralExpression literal:
                return new ConstantTerm(LiteralValue(literal));
            case UnaryExpression { Operator: UnaryOperator.Minus, Operand: LiteralExpression { Kind: not (LiteralKind.Date or LiteralKind.Text) } literal }:
                var value = LiteralValue(literal);
                return new ConstantTerm(value with { Number = -value.Number });
            case ParenthesizedExpression paren:
                return BindTerm(paren.Inner, scope, expected);
            case AtomExpression { Atom.IsSingleWord: true } word:
                return BindWordTerm(word.Atom.Words[0], scope, expected);
            default:
                Report(DiagnosticCatalog.ValueNotConstant, argument.Span,
                    $"'{argument}' cannot be an argument: arguments are constants, variables or values; compute it in a rule and compare it in the condition instead");
                return null;
        }
    }

    private Term? BindWordTerm(Identifier word, Scope scope, DataType? expected)
    {
        if (scope.Find(word.Name) is { } variable)
        {
            Refer(ReferenceKind.Variable, word.Name, word.Span, owner: scope.Owner);
            return new VariableTerm(variable);
        }

        if (model.Constants.TryGetValue(word.Name, out var constant))
        {
            Refer(ReferenceKind.Constant, constant.Name, word.Span);
            return new ConstantTerm(constant.Value);
        }

        if (ResolveLevel(word, expected, report: true, out var level) is { } found)
        {
            Refer(ReferenceKind.Level, found.Name, word.Span, owner: found.Scale.Name);
            return new ConstantTerm(found.Value);
        }

        if (level)
        {
            return null;
        }

        if (queryVariables is not null && char.IsLower(word.Name[0]))
        {
            if (!queryVariables.TryGetValue(word.Name, out var queryVariable))
            {
                if (expected is not { Kind: ValueKind.Constant } || !model.Types.TryGetValue(expected.Domain!, out var type))
                {
                    Report(DiagnosticCatalog.UnboundVariable, word.Span,
                        $"'{word.Name}' stands where no type of constants is expected, so it cannot range over anything; use a constant here");
                    return null;
                }

                queryVariable = new VariableSymbol(word.Name, type, queryVariables.Count);
                queryVariables[word.Name] = queryVariable;
            }

            return new VariableTerm(queryVariable);
        }

        if (char.IsLower(word.Name[0]) && !model.Relations.ContainsKey(word.Name))
        {
            var suggestion = Suggest(word.Name, scope.Variables.Select(v => v.Name).Concat(model.Levels.Keys));
            Report(DiagnosticCatalog.UnboundVariable, word.Span,
                suggestion is not null
                    ? $"'{word.Name}' is not declared; did you mean '{suggestion}'?"
                    : $"variable '{word.Name}' is not bound by a type; declare it in the rule header, e.g. rule name({word.Name}: actor)");
            return null;
        }

        ReportUndefinedName(word, "constant", model.Constants.Keys);
        return null;
    }

    private void ReportUndefinedName(Identifier word, string what, IEnumerable<string> candidates)
    {
        var suggestion = Suggest(word.Name, candidates);
        Report(DiagnosticCatalog.UndefinedName, word.Span, suggestion is not null
            ? $"'{word.Name}' is not a declared {what}; did you mean '{suggestion}'?"
            : $"'{word.Name}' is not a declared {what}; declare it in a type (type actor = ... | {word.Name}) or a scale");
    }

    /// <summary>
    /// Resolves a level name, using the expected scale when two scales share it. Returns null if the word is not a
    /// level, or is one but ambiguous (then <paramref name="isLevel"/> is true and, if asked, the ambiguity is reported).
    /// </summary>
    private LevelSymbol? ResolveLevel(Identifier word, DataType? expected, bool report, out bool isLevel)
    {
        isLevel = false;
        if (!model.Levels.TryGetValue(word.Name, out var levels))
        {
            return null;
        }

        isLevel = true;
        if (levels.Count == 1)
        {
            return levels[0];
        }

        if (expected is { Kind: ValueKind.Level } && levels.FirstOrDefault(l => l.Scale.Name == expected.Domain) is { } match)
        {
            return match;
        }

        if (report)
        {
            Report(DiagnosticCatalog.AmbiguousName, word.Span,
                $"'{word.Name}' is a level of several scales ({string.Join(", ", levels.Select(l => l.Scale.Name))}); compare it with a value of one of them, or rename a level");
        }

        return null;
    }

    private static Value LiteralValue(LiteralExpression literal) => literal.Kind switch
    {
        LiteralKind.Number => Value.OfNumber(ValueKind.Number, literal.Number),
        LiteralKind.Percent => Value.OfNumber(ValueKind.Percent, literal.Number),
        LiteralKind.Money => Value.OfNumber(ValueKind.Money, literal.Number),
        LiteralKind.Date => Value.OfDate(literal.Date),
        _ => Value.OfText(literal.Text),
    };

    /// <summary>
    /// Binds an atom where it is defined (a premise, an open premise, a conclusion): the first definition fixes the
    /// relation's signature, later ones must agree with it.
    /// </summary>
    private BoundAtom? DefineAtom(AtomSyntax syntax, Scope scope, bool valued, DataType? valueType)
    {
        if (syntax.IsSingleWord && model.Relations.TryGetValue(syntax.Words[0].Name, out var simple) && simple.Arity == 0 && simple.IsValued == valued)
        {
            if (valued && simple.ValueType is { Kind: ValueKind.Error } && valueType is { Kind: not ValueKind.Error })
            {
                simple.SettleValueType(valueType);
            }

            Refer(ReferenceKind.Relation, simple.Name, syntax.Words[0].Span, definition: true);
            return new BoundAtom(simple, [], Here(syntax.Span));
        }

        var (name, subject, nameSpan) = ReadPhrase(syntax);
        Refer(ReferenceKind.Relation, name, nameSpan, definition: true);
        model.Relations.TryGetValue(name, out var relation);
        var terms = BindArguments(syntax, subject, scope, relation);
        if (terms.Any(t => t.Term is null))
        {
            // The statement is dropped, but the relation still exists, so its uses elsewhere are not reported again.
            if (relation is null)
            {
                model.Relations[name] = new RelationSymbol(name, [.. terms.Select(t => t.Term is null ? DataType.Error : TermType(t.Term))], Here(syntax.Span), model.Relations.Count)
                {
                    ValueType = valued ? valueType ?? DataType.Error : null,
                };
            }

            return null;
        }

        var arguments = terms.Select(t => t.Term!).ToImmutableArray();
        if (relation is null)
        {
            relation = new RelationSymbol(name, [.. arguments.Select(TermType)], Here(syntax.Span), model.Relations.Count) { ValueType = valued ? valueType ?? DataType.Error : null };
            model.Relations[name] = relation;
            return new BoundAtom(relation, arguments, Here(syntax.Span));
        }

        if (!CheckArguments(relation, terms, syntax))
        {
            return null;
        }

        if (relation.IsValued != valued)
        {
            Report(DiagnosticCatalog.TruthValueMisuse, nameSpan, relation.IsValued
                ? $"'{name}' holds a value ({relation.ValueType!.Describe()}) since {relation.Location}; give this one a value too: {syntax} = ..."
                : $"'{name}' is true or false since {relation.Location}, so it cannot hold a value here; drop '= ...' or use another relation name",
                Related(relation.Location, "first defined here"));
            return null;
        }

        if (valued && relation.ValueType is { Kind: ValueKind.Error } && valueType is { Kind: not ValueKind.Error })
        {
            relation.SettleValueType(valueType);
        }

        return new BoundAtom(relation, arguments, Here(syntax.Span));
    }

    /// <summary>Binds an atom where it is used (a condition, a value, an expectation): the relation must be defined somewhere.</summary>
    private BoundAtom? UseAtom(AtomSyntax syntax, Scope scope)
    {
        // Most atoms of large arguments are single words: no phrase, no arguments, nothing to allocate.
        if (syntax.IsSingleWord && model.Relations.TryGetValue(syntax.Words[0].Name, out var simple) && simple.Arity == 0)
        {
            Refer(ReferenceKind.Relation, simple.Name, syntax.Words[0].Span);
            return new BoundAtom(simple, [], Here(syntax.Span));
        }

        var (name, subject, nameSpan) = ReadPhrase(syntax);
        if (model.Relations.ContainsKey(name))
        {
            Refer(ReferenceKind.Relation, name, nameSpan);
        }

        if (!model.Relations.TryGetValue(name, out var relation))
        {
            ReportUndefinedRelation(name, nameSpan);
            BindArguments(syntax, subject, scope, null);
            return null;
        }

        var terms = BindArguments(syntax, subject, scope, relation);
        if (terms.Any(t => t.Term is null) || !CheckArguments(relation, terms, syntax))
        {
            return null;
        }

        return new BoundAtom(relation, [.. terms.Select(t => t.Term!)], Here(syntax.Span));
    }

    /// <summary>Records a resolved name in the side table (not for a query typed by a user: it is no file's text).</summary>
    private void Refer(ReferenceKind kind, string name, TextSpan span, bool definition = false, string? owner = null)
    {
        // A value a premise states is read in both passes; a place is recorded once.
        if (queryVariables is null && referred.Add((current, span.Start, span.Length)))
        {
            model.References.Add(new SymbolReference(kind, name, Here(span), definition, owner));
        }
    }

    private void ReportUndefinedRelation(string name, TextSpan span)
    {
        // A statement that did not parse may well have defined it; the syntax error is the one to fix.
        if (unparsedWords.Contains(name))
        {
            return;
        }

        // 'no deal(US, Russia)' reads as a relation no_deal: the language negates with 'not'.
        if (NameSuggester.Negation(model.Relations, name) is { } negation)
        {
            Report(DiagnosticCatalog.UndefinedRelation, span,
                $"'{name}' is never stated as a premise, assumed or concluded by a rule; did you mean '{negation}'? (a claim is negated with 'not')");
            return;
        }

        var candidates = model.Relations.Keys.Concat(model.Constants.Keys).Concat(model.Levels.Keys);
        var suggestion = Suggest(name, candidates);
        Report(DiagnosticCatalog.UndefinedRelation, span, suggestion is not null
            ? $"'{name}' is never stated as a premise, assumed or concluded by a rule; did you mean '{suggestion}'?{OrCorrectThere(suggestion)}"
            : $"'{name}' is never stated as a premise, assumed or concluded by a rule, so it could only ever be unknown; state it (fact {name} ...), assume it, or conclude it in a rule");
    }

    /// <summary>
    /// Where the suggested relation is first used, so the message points both ways: when the misspelling is in the
    /// premise (as when a premise was just edited), the use here is right and the premise is what to correct.
    /// </summary>
    private string OrCorrectThere(string suggestion) =>
        model.Relations.TryGetValue(suggestion, out var relation) && relation.Location.Source is not null
            ? $" (or, if the misspelling is '{suggestion}' at {relation.Location}, correct it there)"
            : string.Empty;

    private bool CheckArguments(RelationSymbol relation, List<(Term? Term, TextSpan Span)> terms, AtomSyntax syntax)
    {
        if (terms.Count != relation.Arity)
        {
            Report(DiagnosticCatalog.ArityMismatch, syntax.Span,
                $"'{relation.Name}' takes {Plural(relation.Arity, "argument")} ({relation.Signature}, first used at {relation.Location}), but {terms.Count} {(terms.Count == 1 ? "is" : "are")} given here",
                Related(relation.Location, "first used here"));
            return false;
        }

        var ok = true;
        for (var i = 0; i < terms.Count; i++)
        {
            var expected = relation.Parameters[i];
            var actual = TermType(terms[i].Term!);
            if (!Compatible(expected, actual))
            {
                Report(DiagnosticCatalog.ArgumentTypeMismatch, terms[i].Span,
                    $"argument {i + 1} of '{relation.Name}' is {expected.Describe()} (since {relation.Location}), but '{terms[i].Term}' is {actual.Describe()}",
                    Related(relation.Location, "first used here"));
                ok = false;
            }
        }

        return ok;
    }

    private static DataType TermType(Term term) => term switch
    {
        ConstantTerm c => c.Value.Type,
        VariableTerm v => v.Variable.Type.DataType,
        _ => DataType.Error,
    };

    private static bool Compatible(DataType expected, DataType actual) =>
        expected.Kind == ValueKind.Error || actual.Kind == ValueKind.Error || expected == actual;

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
