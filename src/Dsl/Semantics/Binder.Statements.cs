using System.Collections.Immutable;
using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Dsl.Syntax;

namespace PolicyDsl.Dsl.Semantics;

internal sealed partial class Binder
{
    // ------------------------------------------------------------ pass 2: definitions fix relation signatures

    private void DefinePass(Statement statement, string? scenario)
    {
        switch (statement)
        {
            case FactStatement fact:
                var value = fact.Value is null ? null : BindConstantValue(fact.Value, ExpectedValueType(fact.Atom));
                definedAtoms[fact] = DefineAtom(fact.Atom, Scope.Empty, fact.Value is not null, value?.Type ?? DataType.Error);
                break;
            case AssumeStatement assume:
                var first = assume.Options.IsEmpty ? null : BindConstantValue(assume.Options[0].Value, ExpectedValueType(assume.Atom));
                definedAtoms[assume] = DefineAtom(assume.Atom, Scope.Empty, !assume.Options.IsEmpty, first?.Type ?? DataType.Error);
                break;
            case RuleStatement rule:
                DefineRule(rule);
                break;
            case ScenarioStatement block when isRoot:
                foreach (var inner in block.Body)
                {
                    DefinePass(inner, block.Name.Value);
                }

                break;
        }
    }

    private DataType? ExpectedValueType(AtomSyntax atom) =>
        model.Relations.TryGetValue(ReadPhrase(atom).Relation, out var relation) ? relation.ValueType : null;

    private void DefineRule(RuleStatement statement)
    {
        var variables = ImmutableArray.CreateBuilder<VariableSymbol>();
        foreach (var declaration in statement.Variables)
        {
            if (variables.Any(v => v.Name == declaration.Name.Name))
            {
                Report(DiagnosticBuilder.DeclaredTwice("variable", $"'{declaration.Name.Name}'", "in this rule", null, "rename one"), declaration.Name.Span);
                continue;
            }

            if (!model.Types.TryGetValue(declaration.Type.Name, out var type))
            {
                var suggestion = Suggest(declaration.Type.Name, model.Types.Keys);
                Report(DiagnosticCatalog.UnknownType, declaration.Type.Span, model.Scales.ContainsKey(declaration.Type.Name)
                    ? $"'{declaration.Type.Name}' is a scale; variables range over types (type actor = US | Russia | ...)"
                    : suggestion is not null
                        ? $"'{declaration.Type.Name}' is not a declared type; did you mean '{suggestion}'?"
                        : $"'{declaration.Type.Name}' is not a declared type; declare it: type {declaration.Type.Name} = A | B | C");
                continue;
            }

            variables.Add(new VariableSymbol(declaration.Name.Name, type, variables.Count));
        }

        var symbol = new RuleSymbol(statement.Name?.Name, variables.ToImmutable(), Here(statement.Name?.Span ?? statement.Span), statement.Span);
        rules.Add((statement, symbol));
        definedRules[statement] = symbol;
        if (statement.Name is { } id && !namedRules.TryAdd(id.Name, symbol))
        {
            var existing = namedRules[id.Name];
            Report(DiagnosticBuilder.DeclaredTwice("rule", $"'{id.Name}'", null, First(existing.Location), "give this one another name"), id.Span);
        }

        model.Rules.Add(symbol);
        var scope = new Scope(symbol.Variables, RuleOwner(symbol));
        foreach (var declaration in statement.Variables.Where(d => symbol.Variables.Any(v => v.Name == d.Name.Name)))
        {
            Refer(ReferenceKind.Variable, declaration.Name.Name, declaration.Name.Span, definition: true, owner: scope.Owner);
        }

        var conclusion = statement.Conclusion;
        DataType? valueType = null;
        if (conclusion.Value is not null)
        {
            valueType = TryInferConstantType(conclusion.Value, ExpectedValueType(conclusion.Atom), scope);
        }

        if (conclusion.Negated && ExpectedValueType(conclusion.Atom) is not null)
        {
            Report(DiagnosticCatalog.TruthValueMisuse, conclusion.Span,
                $"'{ReadPhrase(conclusion.Atom).Relation}' holds a value, so it cannot be concluded false; conclude a value instead: then {conclusion.Atom} = ...");
            return;
        }

        var atom = DefineAtom(conclusion.Atom, scope, conclusion.Value is not null, valueType);
        if (atom is not null)
        {
            symbol.Conclusion = new ConclusionSymbol(atom, conclusion.Negated, null);
        }
    }

    /// <summary>The type of a conclusion's value when it is a plain constant, so the signature is known before conditions are bound.</summary>
    private DataType? TryInferConstantType(Expression value, DataType? expected, Scope scope) => value switch
    {
        LiteralExpression literal => LiteralValue(literal).Type,
        AtomExpression { Atom.IsSingleWord: true } word when scope.Find(word.Atom.Words[0].Name) is { } v => v.Type.DataType,
        AtomExpression { Atom.IsSingleWord: true } word when model.Constants.TryGetValue(word.Atom.Words[0].Name, out var c) => c.Type.DataType,
        AtomExpression { Atom.IsSingleWord: true } word => ResolveLevel(word.Atom.Words[0], expected, report: false, out _)?.Scale.DataType,
        _ => null,
    };

    // ------------------------------------------------------------ pass 3: conditions, values, expectations

    private void BindPass(Statement statement, string? scenario, bool requiresSources)
    {
        switch (statement)
        {
            case FactStatement fact:
                BindFact(fact, scenario, requiresSources);
                break;
            case AssumeStatement assume:
                BindAssume(assume, scenario, requiresSources);
                break;
            case RuleStatement rule:
                BindRule(rule);
                break;
            case NeverStatement never:
                BindNever(never, requiresSources);
                break;
            case ExpectStatement or ExpectConflictStatement or ExpectViolationStatement or ScenarioStatement when !isRoot:
                break;
            case ExpectStatement expect:
                var claim = BindCondition(expect.Claim, Scope.Empty);
                var when = expect.When is null ? null : BindCondition(expect.When, Scope.Empty);
                model.Expectations.Add(new ExpectationSymbol(expect.Label?.Value, claim, expect.Quantifier, Here(expect.Span), Flatten(expect), scenario) { When = when });
                break;
            case ExpectViolationStatement expectViolation:
                // Constraints are named by label, and a label may be declared in any file: resolved once all are bound.
                violationExpectations.Add((expectViolation, Here(expectViolation.Span), Flatten(expectViolation), scenario));
                break;
            case ExpectConflictStatement expectConflict:
                if (UseAtom(expectConflict.Atom, Scope.Empty) is { } conflictAtom)
                {
                    model.ExpectConflicts.Add(new ExpectConflictSymbol(expectConflict.Label?.Value, conflictAtom, expectConflict.Quantifier, Here(expectConflict.Span), Flatten(expectConflict), scenario));
                }

                break;
            case ScenarioStatement block:
                BindScenario(block, requiresSources);
                break;
        }
    }

    // A statement's text as reports name it: on one line, without the comments written inside it (a comment on a
    // line of a statement that continues is the reader's note, not part of the claim; fmt moves it, and the name of
    // the expectation must not change with it).
    private string Flatten(Statement statement) =>
        string.Join(' ', string.Join('\n', current[statement.Span].Split('\n').Select(WithoutComment))
            .Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));

    /// <summary>A line up to its comment: <c>//</c> outside quoted text.</summary>
    private static string WithoutComment(string line)
    {
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && line[i] == '/' && i + 1 < line.Length && line[i + 1] == '/')
            {
                return line[..i];
            }
        }

        return line;
    }

    private void BindScenario(ScenarioStatement block, bool requiresSources)
    {
        var name = block.Name.Value;
        if (model.Scenarios.FirstOrDefault(s => s.Name == name) is { } first)
        {
            // Its statements are not bound (the scenario is not evaluated), but everything after it still is.
            Report(DiagnosticBuilder.DeclaredTwice("scenario", $"\"{name}\"", null, First(first.Location), "give this one another name"), block.Name.Span);
            return;
        }

        var facts = model.Facts.Count;
        var assumes = model.Assumes.Count;
        var expectations = model.Expectations.Count;
        var conflicts = model.ExpectConflicts.Count;
        foreach (var inner in block.Body)
        {
            BindPass(inner, name, requiresSources);
        }

        // Scenario contents are kept apart from the base argument: they replace premises only when the scenario is evaluated.
        model.Scenarios.Add(new ScenarioSymbol(
            name,
            Here(block.Name.Span),
            [.. Take(model.Facts, facts)],
            [.. Take(model.Assumes, assumes)],
            [.. Take(model.Expectations, expectations)],
            [.. Take(model.ExpectConflicts, conflicts)]));
    }

    private static List<T> Take<T>(List<T> list, int from)
    {
        var taken = list.GetRange(from, list.Count - from);
        list.RemoveRange(from, list.Count - from);
        return taken;
    }

    private void BindFact(FactStatement fact, string? scenario, bool requiresSources)
    {
        var atom = definedAtoms.GetValueOrDefault(fact);
        var citations = BindCitations(fact.Citations);
        var citation = citations.IsEmpty ? null : citations[0];
        if (requiresSources && fact.Citation is null && scenario is null)
        {
            Report(DiagnosticCatalog.MissingCitation, fact.Span,
                "this argument requires sources, but the premise cites none; add: per source \"words quoted from it\"");
        }

        if (atom is null)
        {
            return;
        }

        Value? value = null;
        if (fact.Value is not null)
        {
            if (fact.Negated)
            {
                Report(DiagnosticCatalog.TruthValueMisuse, fact.Span, $"a premise with a value cannot be negated; state its value: fact {fact.Atom} = ...");
                return;
            }

            value = BindConstantValue(fact.Value, atom.Relation.ValueType);
            if (value is null || !CheckValueType(atom.Relation, value.Value.Type, fact.Value))
            {
                return;
            }
        }

        model.Facts.Add(new FactSymbol(atom, fact.Negated, value, citation, Here(fact.Span), scenario) { Citations = citations });
    }

    private void BindAssume(AssumeStatement assume, string? scenario, bool requiresSources)
    {
        var atom = definedAtoms.GetValueOrDefault(assume);
        var citations = BindCitations(assume.Citations);
        var citation = citations.IsEmpty ? null : citations[0];
        _ = requiresSources; // an open premise is exactly what the sources do not settle, so it needs no citation
        if (atom is null)
        {
            return;
        }

        decimal? probability = null;
        if (assume.Probability is not null)
        {
            if (!assume.Options.IsEmpty)
            {
                Report(DiagnosticCatalog.InvalidProbability, assume.Probability.Span,
                    "give each listed value its own probability instead: in [low: 0.2, high: 0.8]");
                return;
            }

            probability = BindProbability(assume.Probability);
            if (probability is null)
            {
                return;
            }
        }

        var options = ImmutableArray.CreateBuilder<AssumeOptionSymbol>();
        foreach (var option in assume.Options)
        {
            var value = BindConstantValue(option.Value, atom.Relation.ValueType);
            if (value is null || !CheckValueType(atom.Relation, value.Value.Type, option.Value))
            {
                return;
            }

            if (options.Any(o => o.Value == value.Value))
            {
                Report(DiagnosticBuilder.DeclaredTwice("value", value.Value.ToString(), "in this list", null, "list each value once"), option.Span);
                return;
            }

            decimal? p = null;
            if (option.Probability is not null && (p = BindProbability(option.Probability)) is null)
            {
                return;
            }

            options.Add(new AssumeOptionSymbol(value.Value, p));
        }

        if (options.Count > 0)
        {
            var given = options.Count(o => o.Probability is not null);
            if (given != 0 && given != options.Count)
            {
                Report(DiagnosticCatalog.InvalidProbability, assume.Span, "give a probability to every listed value, or to none (then they are equally likely)");
                return;
            }

            var sum = options.Sum(o => o.Probability ?? 0);
            if (given != 0 && Math.Abs(sum - 1) > 0.000001m)
            {
                Report(DiagnosticCatalog.InvalidProbability, assume.Span, $"the probabilities of the listed values add up to {Value.FormatNumber(sum)}; they must add up to 1");
                return;
            }
        }

        model.Assumes.Add(new AssumeSymbol(atom, options.ToImmutable(), probability, citation, Here(assume.Span), scenario) { Citations = citations });
    }

    private decimal? BindProbability(Expression expression)
    {
        var value = expression is LiteralExpression literal ? LiteralValue(literal) : (Value?)null;
        var p = value switch
        {
            { Kind: ValueKind.Number } v => v.Number,
            { Kind: ValueKind.Percent } v => v.Number / 100,
            _ => -1m,
        };
        if (p is < 0 or > 1)
        {
            Report(DiagnosticCatalog.InvalidProbability, expression.Span, $"'{expression}' is not a probability; write a number from 0 to 1 (0.3) or a percentage (30%)");
            return null;
        }

        return p;
    }

    private bool CheckValueType(RelationSymbol relation, DataType actual, Expression at)
    {
        if (relation.ValueType is { Kind: ValueKind.Error } && actual.Kind != ValueKind.Error)
        {
            relation.SettleValueType(actual);
            return true;
        }

        if (Compatible(relation.ValueType!, actual))
        {
            return true;
        }

        Report(DiagnosticCatalog.ValueTypeMismatch, at.Span,
            $"'{relation.Name}' holds {relation.ValueType!.Describe()} (since {relation.Location}), but '{at}' is {actual.Describe()}",
            Related(relation.Location, "first defined here"));
        return false;
    }

    /// <summary>A premise's value: a literal, a level or a constant; nothing that needs evaluating.</summary>
    private Value? BindConstantValue(Expression expression, DataType? expected)
    {
        switch (expression)
        {
            case LiteralExpression literal:
                return LiteralValue(literal);
            case UnaryExpression { Operator: UnaryOperator.Minus, Operand: LiteralExpression { Kind: LiteralKind.Number or LiteralKind.Percent or LiteralKind.Money } literal }:
                var v = LiteralValue(literal);
                return v with { Number = -v.Number };
            case ParenthesizedExpression paren:
                return BindConstantValue(paren.Inner, expected);
            case AtomExpression { Atom.IsSingleWord: true } word:
                var name = word.Atom.Words[0];
                if (model.Constants.TryGetValue(name.Name, out var constant))
                {
                    Refer(ReferenceKind.Constant, constant.Name, name.Span);
                    return constant.Value;
                }

                if (ResolveLevel(name, expected, report: true, out var isLevel) is { } level)
                {
                    Refer(ReferenceKind.Level, level.Name, name.Span, owner: level.Scale.Name);
                    return level.Value;
                }

                if (!isLevel)
                {
                    ReportUndefinedName(name, "level or constant", model.Levels.Keys.Concat(model.Constants.Keys));
                }

                return null;
            default:
                Report(DiagnosticCatalog.ValueNotConstant, expression.Span,
                    $"a premise states a value, not a computation: '{expression}' must be a number, amount, date, text, level or constant; compute derived values in a rule");
                return null;
        }
    }

    /// <summary>The owner of a rule's variables in the side table: the rule, by its file and where it starts.</summary>
    private static string RuleOwner(RuleSymbol rule) => $"{rule.Location.Source.Path}@{rule.StatementSpan.Start}";

    /// <summary>Each citation of a statement, bound (one that does not bind is reported and left out).</summary>
    private ImmutableArray<Citation> BindCitations(ImmutableArray<Syntax.Citation> syntax) =>
        syntax.IsDefaultOrEmpty ? [] : [.. syntax.Select(BindCitation).OfType<Citation>()];

    private Citation? BindCitation(Syntax.Citation? syntax)
    {
        if (syntax is null)
        {
            return null;
        }

        if (syntax.IsAnalyst)
        {
            // The analyst's own judgment: no document to check, so the reason is what a reader gets instead.
            if (syntax.Anchor is not null)
            {
                Report(DiagnosticCatalog.AnalystWithoutReason, syntax.Span,
                    "an analyst's judgment has no claim to anchor; give the reason instead: per analyst \"why this step holds\"");
            }
            else if (string.IsNullOrWhiteSpace(syntax.Quote?.Value))
            {
                Report(DiagnosticCatalog.AnalystWithoutReason, syntax.Span,
                    "say why the step is the analyst's: per analyst \"the reason\" (a reader weighs the judgment by its reason)");
            }

            return new Citation(null, Syntax.Citation.Analyst, null, syntax.Quote?.Value, Here(syntax.Span));
        }

        model.Sources.TryGetValue(syntax.Source.Name, out var source);
        if (source is null)
        {
            var suggestion = Suggest(syntax.Source.Name, model.Sources.Keys);
            Report(DiagnosticCatalog.UnknownSource, syntax.Source.Span, suggestion is not null
                ? $"no source is named '{syntax.Source.Name}'; did you mean '{suggestion}'?"
                : $"no source is named '{syntax.Source.Name}'; declare it: source {syntax.Source.Name} = \"path/to/document.md\"");
        }

        return new Citation(source, syntax.Source.Name, syntax.Anchor?.Value, syntax.Quote?.Value, Here(syntax.Span));
    }

    private void BindRule(RuleStatement statement)
    {
        if (!definedRules.TryGetValue(statement, out var rule))
        {
            return;
        }

        rule.Citations = BindCitations(statement.Citations);
        if (currentRequiresSources && statement.Citation is null)
        {
            Report(DiagnosticCatalog.StepWithoutSource, rule.Location.Span,
                $"this argument requires sources, but {(rule.IsNamed ? "rule " + rule.Name : "this rule")} cites none; add a line: per source#anchor \"the words that state it\", " +
                "or per analyst \"the reason\" if the step is your own");
        }

        var scope = new Scope(rule.Variables, RuleOwner(rule));
        rule.Condition = BindCondition(statement.Condition, scope);
        rule.Unless = statement.Unless is null ? null : BindCondition(statement.Unless, scope);
        if (rule.Conclusion is { } conclusion && statement.Conclusion.Value is { } valueSyntax)
        {
            var value = BindValue(valueSyntax, scope, conclusion.Atom.Relation.ValueType);
            if (CheckValueType(conclusion.Atom.Relation, value.Type, valueSyntax))
            {
                rule.Conclusion = conclusion with { Value = value };
            }
            else
            {
                rule.Conclusion = null;
            }
        }
    }

    private void BindNever(NeverStatement never, bool requiresSources)
    {
        var citations = never.Citations.Select(BindCitation).OfType<Citation>().ToImmutableArray();
        if (requiresSources && never.Citations.IsEmpty)
        {
            Report(DiagnosticCatalog.StepWithoutSource, never.Span,
                "this argument requires sources, but the constraint cites none; add: per source#anchor \"the words that exclude it\", or per analyst \"the reason\"");
        }

        if (never.Label is { } label && model.Constraints.FirstOrDefault(c => c.Label == label.Value) is { } existing)
        {
            Report(DiagnosticBuilder.DeclaredTwice("constraint label", $"\"{label.Value}\"", null, First(existing.Location), "give this one another label"), label.Span);
            return;
        }

        var condition = BindCondition(never.Condition, Scope.Empty);
        model.Constraints.Add(new ConstraintSymbol(never.Label?.Value, condition, citations, Here(never.Span), Flatten(never)));
    }

    /// <summary>Each <c>expect violation of "label"</c>, bound to its constraint once every file's constraints are.</summary>
    private void ResolveViolationExpectations()
    {
        foreach (var (statement, location, text, scenario) in violationExpectations)
        {
            current = location.Source;
            var name = statement.Constraint.Value;
            var constraint = model.Constraints.FirstOrDefault(c => c.Label == name);
            if (constraint is null)
            {
                var suggestion = Suggest(name, model.Constraints.Select(c => c.Label).OfType<string>());
                Report(DiagnosticCatalog.UnknownConstraint, statement.Constraint.Span, suggestion is not null
                    ? $"no constraint is labelled \"{name}\"; did you mean \"{suggestion}\"?"
                    : model.Constraints.Count == 0
                        ? $"no constraint is labelled \"{name}\": the argument states none; state one: never \"{name}\": p and q"
                        : $"no constraint is labelled \"{name}\"; label the constraint meant: never \"{name}\": ...");
                continue;
            }

            var symbol = new ExpectViolationSymbol(statement.Label?.Value, constraint, statement.Quantifier, location, text, scenario);
            if (scenario is null)
            {
                model.ExpectViolations.Add(symbol);
            }
            else
            {
                var index = model.Scenarios.FindIndex(s => s.Name == scenario);
                if (index >= 0)
                {
                    model.Scenarios[index] = model.Scenarios[index] with { ExpectViolations = model.Scenarios[index].ExpectViolations.Add(symbol) };
                }
            }
        }
    }
}
