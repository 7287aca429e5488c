using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Dsl.Sources;
using PolicyDsl.Dsl.Syntax;
using PolicyDsl.Dsl.Text;
using PolicyDsl.Evaluator.Engine;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace PolicyDsl.Repl.Lsp;

/// <summary>The language features, each answered from the document's analysis and its symbol index.</summary>
internal static partial class LspFeatures
{
    public static object ToLsp(Diagnostic diagnostic) => new
    {
        range = Range(diagnostic.Source, diagnostic.Span),
        severity = diagnostic.Severity switch
        {
            Severity.Error => 1,
            Severity.Warning => 2,
            _ => 3,
        },
        code = diagnostic.Code,
        source = "policydsl",
        message = diagnostic.Message,
        relatedInformation = diagnostic.Related.Count == 0 ? null : diagnostic.Related.Select(r => new
        {
            location = Location(r.Source, r.Span),
            message = r.Message,
        }).ToList(),
    };

    public static object Range(SourceText? source, TextSpan span)
    {
        if (source is null)
        {
            return new { start = new { line = 0, character = 0 }, end = new { line = 0, character = 0 } };
        }

        return new { start = Position(source, span.Start), end = Position(source, span.End) };
    }

    /// <summary>An offset as an LSP position: 0-based line and character, from the text's line map.</summary>
    public static object Position(SourceText source, int offset)
    {
        var position = source.GetPosition(offset);
        return new { line = position.Line - 1, character = position.Column - 1 };
    }

    public static object Location(SourceText source, TextSpan span) => new { uri = source.FullPath is { } full ? LspSession.UriOf(full) : source.Path, range = Range(source, span) };

    /// <summary>The offset of an LSP position (0-based line, UTF-16 character) in a text, clamped to its line and to the text.</summary>
    public static int Offset(SourceText source, JsonElement position) =>
        source.GetOffset(LspSession.Int(position, "line") + 1, LspSession.Int(position, "character") + 1);

    /// <summary>What the cursor is on: the analysis, the root's source and the offset in it.</summary>
    public static (DocumentAnalysis Analysis, SourceText Source, int Offset) At(LspSession session, JsonElement parameters)
    {
        var uri = LspSession.String(LspSession.Get(parameters, "textDocument"), "uri");
        session.Document(uri);
        var analysis = session.AnalysisOf(uri)!;
        var source = analysis.Root ?? throw new LspException(JsonRpcErrorCode.InvalidParams, $"{uri} has no text to ask about");
        return (analysis, source, Offset(source, LspSession.Get(parameters, "position")));
    }

    public static object? Hover(DocumentAnalysis analysis, SourceText source, int offset)
    {
        var index = analysis.Index;
        var model = analysis.Analysis.Model;
        var text = new StringBuilder();
        TextSpan? span = null;
        if (index.AnchorAt(source, offset) is { } anchor)
        {
            span = anchor.Location.Span;
            var passage = ReadSource(model, anchor.Source) is { } document ? SourcePassages.Find(document, anchor.Anchor, null) : null;
            text.Append($"**{anchor.Source}#{anchor.Anchor}**\n\n").Append(passage is null ? "_no such claim in the document_" : Quote(passage.Text));
        }
        else if (index.ImportAt(source, offset) is { } import)
        {
            span = import.Location.Span;
            text.Append($"imports `{DisplayPath(import.FullPath)}`");
        }
        else if (index.At(source, offset) is { } reference)
        {
            span = reference.Location.Span;
            Describe(text, analysis, reference);
        }

        // A premise: its quotation and the claim it cites.
        bool Here(SourceLocation at) => at.Source == source && at.Span.Start <= offset && offset <= at.Span.End;
        var citations = model.Facts.FirstOrDefault(f => Here(f.Location))?.Citations ?? model.Assumes.FirstOrDefault(a => Here(a.Location))?.Citations ?? [];
        if (citations.Length > 0)
        {
            // A corroborated premise: every text that states it, each with its quotation.
            text.Append(text.Length > 0 ? "\n\n---\n\n" : string.Empty).Append("premise ").Append(string.Join("\n\nalso ", citations.Select(c => Cited(model, c))));
            if (Dsl.Semantics.Citation.SourcesOf(citations).Count() is var texts and > 1)
            {
                text.Append($"\n\n_stated by {texts} texts_");
            }
        }

        return text.Length == 0 ? null : new { contents = new { kind = "markdown", value = text.ToString() }, range = span is { } s ? Range(source, s) : null };
    }

    private static void Describe(StringBuilder text, DocumentAnalysis analysis, SymbolReference reference)
    {
        var model = analysis.Analysis.Model;
        var evaluation = analysis.Analysis.Base;
        switch (reference.Kind)
        {
            case ReferenceKind.Relation when model.Relations.TryGetValue(reference.Name, out var relation):
                text.Append($"```policydsl\n{relation.Signature}\n```\n");
                if (evaluation is null)
                {
                    text.Append("\n_not evaluated: the argument has errors_");
                    break;
                }

                var rows = analysis.Analysis.Conclusions().ToDictionary(r => r.Atom.Id);
                var atoms = evaluation.Program.Atoms.Where(a => a.Relation == relation).ToList();
                text.Append($"\nin the base evaluation ({atoms.Count} instance{(atoms.Count == 1 ? string.Empty : "s")}):\n");
                foreach (var atom in atoms.Take(12))
                {
                    var state = atom.IsValued ? (evaluation.ValuesOf(atom.Id) is { Count: > 0 } values ? "= " + string.Join(" / ", values) : "unknown") : evaluation.TruthOf(atom.Id).Text();
                    var restsOn = rows.TryGetValue(atom.Id, out var row)
                        ? (row.Contested ? "contested; " : string.Empty) + (row.Sources.Count == 0 ? "cites nothing" : "rests on " + row.SourceList)
                        : evaluation.Premises.Facts.TryGetValue(atom.Id, out var fact) ? "premise" + (fact.Citation is { } c ? " " + c.Reference : ", cites nothing")
                        : evaluation.Premises.Open.ContainsKey(atom.Id) ? "open premise" : "neither stated nor concluded";
                    text.Append($"- `{atom.Display}` {state} ({restsOn})\n");
                }

                if (atoms.Count > 12)
                {
                    text.Append($"- and {atoms.Count - 12} more\n");
                }

                break;
            case ReferenceKind.Rule when model.Rules.FirstOrDefault(r => r.Name == reference.Name) is { } rule:
                text.Append($"rule **{rule.Name}**").Append(rule.Citations.Length > 0 ? "\n\n" + string.Join("\n\nalso ", rule.Citations.Select(c => Cited(model, c))) : "\n\n_cites nothing_");
                if (evaluation is not null)
                {
                    var instances = evaluation.Program.Rules.Where(r => r.Rule == rule).ToList();
                    var fired = instances.Where(i => evaluation.OutcomeOf(i) == RuleOutcome.Fired).ToList();
                    text.Append($"\n\n{instances.Count} instance{(instances.Count == 1 ? string.Empty : "s")}, {fired.Count} fire{(fired.Count == 1 ? "s" : string.Empty)} in the base evaluation");
                    foreach (var instance in fired.Take(8))
                    {
                        text.Append($"\n- {instance.Describe()}");
                    }
                }

                break;
            case ReferenceKind.Constant when model.Constants.TryGetValue(reference.Name, out var constant):
                text.Append($"constant **{constant.Name}** of type `{constant.Type.Name}`").Append(constant.Adjective is { } adjective ? $" (adjective {adjective})" : string.Empty);
                break;
            case ReferenceKind.Level when model.Levels.TryGetValue(reference.Name, out var levels):
                text.Append(string.Join("\n\n", levels.Select(l => $"level **{l.Name}** of scale `{l.Scale.Name}`: {string.Join(" < ", l.Scale.Levels.Select(x => x.Name))}")));
                break;
            case ReferenceKind.Type when model.Types.TryGetValue(reference.Name, out var type):
                text.Append($"type **{type.Name}** = {string.Join(" | ", type.Members.Select(m => m.Name))}");
                break;
            case ReferenceKind.Scale when model.Scales.TryGetValue(reference.Name, out var scale):
                text.Append($"scale **{scale.Name}** = {string.Join(" < ", scale.Levels.Select(l => l.Name))}");
                break;
            case ReferenceKind.Source when model.Sources.TryGetValue(reference.Name, out var declared):
                var title = ReadSource(model, declared.Name) is { } document ? SourcePassages.Title(document) : null;
                text.Append($"source **{declared.Name}**: `{declared.DeclaredPath}`").Append(title is null ? string.Empty : $"\n\n{title}");
                break;
            case ReferenceKind.Variable:
                text.Append($"variable **{reference.Name}** of this rule");
                break;
        }
    }

    /// <summary>A citation with its quotation and, for a text, the claim it cites.</summary>
    private static string Cited(Model model, Dsl.Semantics.Citation citation)
    {
        if (citation.IsAnalyst)
        {
            return $"per analyst: _{citation.Quote}_ (the analyst's own judgment)";
        }

        var text = new StringBuilder($"per **{citation.Reference}**");
        if (citation.Quote is { } quote)
        {
            text.Append($" \"{quote}\"");
        }

        if (citation.Anchor is not null && ReadSource(model, citation.SourceName) is { } document && SourcePassages.Find(document, citation.Anchor, citation.Quote) is { } passage)
        {
            text.Append("\n\n").Append(Quote(passage.Text));
        }

        return text.ToString();
    }

    private static string Quote(string passage) => string.Join("\n", passage.Split('\n').Select(l => "> " + l));

    private static string? ReadSource(Model model, string name) =>
        model.Sources.TryGetValue(name, out var source) && source.ResolvedPath is { } path ? model.Workspace.Files.Read(path).Text : null;

    private static string DisplayPath(string path) => Dsl.Files.DisplayPath.For(path);

    public static object? Definition(DocumentAnalysis analysis, SourceText source, int offset)
    {
        var index = analysis.Index;
        if (index.AnchorAt(source, offset) is { } anchor)
        {
            return analysis.Analysis.Model.Sources.TryGetValue(anchor.Source, out var declared) && declared.ResolvedPath is { } path
                && analysis.Analysis.Model.Workspace.Files.Read(path).Text is { } document && document.IndexOf("{#" + anchor.Anchor + "}", StringComparison.Ordinal) is >= 0 and var at
                ? Location(new SourceText(path, document, path), new TextSpan(at, anchor.Anchor.Length + 3))
                : null;
        }

        if (index.ImportAt(source, offset) is { } import)
        {
            return new { uri = LspSession.UriOf(import.FullPath), range = new { start = new { line = 0, character = 0 }, end = new { line = 0, character = 0 } } };
        }

        return index.At(source, offset) is { } reference && index.DefinitionOf(reference) is { } definition ? Location(definition.Location.Source, definition.Location.Span) : null;
    }

    public static object References(DocumentAnalysis analysis, SourceText source, int offset, bool includeDeclaration)
    {
        var index = analysis.Index;
        if (index.At(source, offset) is not { } reference)
        {
            return Array.Empty<object>();
        }

        return index.ReferencesTo(reference).Where(r => includeDeclaration || !r.IsDefinition).Select(r => Location(r.Location.Source, r.Location.Span)).ToList();
    }

    /// <summary>Renames a relation, constant, level, variable, rule, type, scale or source wherever the workspace writes it.</summary>
    public static object Rename(DocumentAnalysis analysis, SourceText source, int offset, string newName)
    {
        var index = analysis.Index;
        if (index.At(source, offset) is not { } reference)
        {
            throw new LspException(JsonRpcErrorCode.InvalidParams, "there is no name here to rename: put the cursor on a relation, constant, level, rule, type, scale or source");
        }

        if (!NamePattern().IsMatch(newName) || Lexicon.IsReserved(newName) || newName == Dsl.Syntax.Citation.Analyst)
        {
            throw new LspException(JsonRpcErrorCode.InvalidParams, $"'{newName}' cannot name a {reference.Kind.ToString().ToLowerInvariant()}: a name is letters, digits and '_', starts with a letter, and is not a keyword");
        }

        var changes = index.ReferencesTo(reference)
            .GroupBy(r => r.Location.Source.FullPath is { } full ? LspSession.UriOf(full) : r.Location.Source.Path, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(r => new { range = Range(r.Location.Source, r.Location.Span), newText = newName }).ToList(), StringComparer.Ordinal);
        return new { changes };
    }

    public static object Completion(DocumentAnalysis analysis, SourceText source, int offset)
    {
        var model = analysis.Analysis.Model;
        var text = source.Text;
        var lineStart = offset == 0 ? 0 : text.LastIndexOf('\n', offset - 1) + 1;
        var before = text[lineStart..offset];
        IEnumerable<CompletionName> names;
        if (AnchorPrefix().Match(before) is { Success: true } anchor)
        {
            names = CompletionSource.Anchors(model, anchor.Groups["source"].Value);
        }
        else
        {
            names = CompletionSource.VariablesAt(model, source, offset).Concat(CompletionSource.Names(model));
        }

        return new
        {
            isIncomplete = false,
            items = names.Select((n, i) => new
            {
                label = n.Label,
                kind = n.Kind switch
                {
                    ReferenceKindOrKeyword.Keyword => 14,
                    ReferenceKindOrKeyword.Relation => 3,
                    ReferenceKindOrKeyword.Constant => 20,
                    ReferenceKindOrKeyword.Level => 20,
                    ReferenceKindOrKeyword.Variable => 6,
                    ReferenceKindOrKeyword.Type => 7,
                    ReferenceKindOrKeyword.Scale => 13,
                    ReferenceKindOrKeyword.Source => 17,
                    _ => 18,
                },
                detail = n.Detail,
                sortText = i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture),
            }).ToList(),
        };
    }

    public static object DocumentSymbols(DocumentAnalysis analysis)
    {
        var tree = analysis.Analysis.Model.Workspace.Root;
        if (tree is null)
        {
            return Array.Empty<object>();
        }

        return tree.Statements.Select(s => Symbol(tree.Source, s)).OfType<object>().ToList();
    }

    private static object? Symbol(SourceText source, Statement statement)
    {
        var (name, kind) = statement switch
        {
            ArgumentStatement a => ($"argument \"{a.Title.Value}\"", 4),
            SourceStatement s => ($"source {s.Name.Name}", 1),
            ImportStatement i => ($"import \"{i.Path.Value}\"", 2),
            TypeStatement t => ($"type {t.Name.Name}", 10),
            ScaleStatement s => ($"scale {s.Name.Name}", 10),
            FactStatement f => ($"fact {(f.Negated ? "not " : string.Empty)}{f.Atom}{(f.Value is { } v ? " = " + v : string.Empty)}", 14),
            AssumeStatement a => ($"assume {a.Atom}", 13),
            RuleStatement r => (r.Name is { } n ? $"rule {n.Name}" : $"if ... then {r.Conclusion.Atom}", 12),
            ExpectStatement e => ($"expect {e.Label?.Value ?? e.Claim.ToString()}", 24),
            ExpectConflictStatement e => ($"expect {e.Label?.Value ?? "conflict on " + e.Atom}", 24),
            ExpectViolationStatement e => ($"expect {e.Label?.Value ?? "violation of " + e.Constraint.Value}", 24),
            NeverStatement n => ($"never {n.Label?.Value ?? n.Condition.ToString()}", 24),
            ScenarioStatement s => ($"scenario \"{s.Name.Value}\"", 3),
            _ => (null, 0),
        };
        if (name is null)
        {
            return null;
        }

        var range = Range(source, statement.Span);
        var children = statement is ScenarioStatement scenario ? scenario.Body.Select(b => Symbol(source, b)).OfType<object>().ToList() : null;
        return new { name = name.Length > 80 ? name[..77] + "..." : name, kind, range, selectionRange = range, children };
    }

    public static object Formatting(LspSession session, JsonElement parameters)
    {
        var uri = LspSession.String(LspSession.Get(parameters, "textDocument"), "uri");
        var document = session.Document(uri);
        var result = PolicyFormatter.Format(new SourceText(uri, document.Text, document.Path));
        if (result.Refused || result.Text == document.Text)
        {
            // A file with syntax errors is left as it is; its diagnostics say why.
            return Array.Empty<object>();
        }

        var source = new SourceText(uri, document.Text, document.Path);
        return new[] { new { range = Range(source, new TextSpan(0, document.Text.Length)), newText = result.Text } };
    }

    /// <summary>Over each expectation, PASS or FAIL and why; over each rule, how many of its instances fire.</summary>
    public static object CodeLens(DocumentAnalysis analysis)
    {
        var root = analysis.Root;
        var lenses = new List<object>();
        if (root is null)
        {
            return lenses;
        }

        foreach (var outcome in analysis.Analysis.Report.Expectations.Where(e => e.Location.Source == root))
        {
            var detail = outcome.Detail.Length > 100 ? outcome.Detail[..97] + "..." : outcome.Detail;
            lenses.Add(new { range = Range(root, new TextSpan(outcome.Location.Span.Start, 0)), command = new { title = (outcome.Passed ? "PASS" : "FAIL") + (detail.Length > 0 ? ": " + detail : string.Empty), command = string.Empty } });
        }

        if (analysis.Analysis.Base is { } evaluation)
        {
            foreach (var rule in analysis.Analysis.Model.Rules.Where(r => r.Location.Source == root))
            {
                var instances = evaluation.Program.Rules.Where(r => r.Rule == rule).ToList();
                var fired = instances.Where(i => evaluation.OutcomeOf(i) == RuleOutcome.Fired).Select(i => i.Bindings.IsEmpty ? "fires" : string.Join(", ", i.Bindings)).ToList();
                var title = instances.Count == 0 ? "no instance: nothing matches its condition"
                    : $"{fired.Count} of {instances.Count} instance{(instances.Count == 1 ? string.Empty : "s")} fire" + (fired.Count > 0 && !instances[0].Bindings.IsEmpty ? ": " + string.Join("; ", fired.Take(6)) : string.Empty);
                lenses.Add(new { range = Range(root, new TextSpan(rule.StatementSpan.Start, 0)), command = new { title, command = string.Empty } });
            }
        }

        return lenses;
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"per\s+(?<source>[A-Za-z_][A-Za-z0-9_]*)#[A-Za-z0-9_.-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex AnchorPrefix();
}

internal sealed partial class LspSession
{
    [JsonRpcMethod("textDocument/hover", UseSingleObjectParameterDeserialization = true)]
    public object? Hover(JsonElement parameters)
    {
        var (analysis, source, offset) = LspFeatures.At(this, parameters);
        return LspFeatures.Hover(analysis, source, offset);
    }

    [JsonRpcMethod("textDocument/definition", UseSingleObjectParameterDeserialization = true)]
    public object? Definition(JsonElement parameters)
    {
        var (analysis, source, offset) = LspFeatures.At(this, parameters);
        return LspFeatures.Definition(analysis, source, offset);
    }

    [JsonRpcMethod("textDocument/references", UseSingleObjectParameterDeserialization = true)]
    public object References(JsonElement parameters)
    {
        var (analysis, source, offset) = LspFeatures.At(this, parameters);
        var include = parameters.TryGetProperty("context", out var context) && context.ValueKind == JsonValueKind.Object
            && context.TryGetProperty("includeDeclaration", out var flag) && flag.ValueKind == JsonValueKind.True;
        return LspFeatures.References(analysis, source, offset, include);
    }

    [JsonRpcMethod("textDocument/rename", UseSingleObjectParameterDeserialization = true)]
    public object Rename(JsonElement parameters)
    {
        var (analysis, source, offset) = LspFeatures.At(this, parameters);
        return LspFeatures.Rename(analysis, source, offset, String(parameters, "newName"));
    }

    [JsonRpcMethod("textDocument/completion", UseSingleObjectParameterDeserialization = true)]
    public object Completion(JsonElement parameters)
    {
        var (analysis, source, offset) = LspFeatures.At(this, parameters);
        return LspFeatures.Completion(analysis, source, offset);
    }

    [JsonRpcMethod("textDocument/documentSymbol", UseSingleObjectParameterDeserialization = true)]
    public object DocumentSymbol(JsonElement parameters)
    {
        var uri = String(Get(parameters, "textDocument"), "uri");
        Document(uri);
        return LspFeatures.DocumentSymbols(AnalysisOf(uri)!);
    }

    [JsonRpcMethod("textDocument/formatting", UseSingleObjectParameterDeserialization = true)]
    public object Formatting(JsonElement parameters) => LspFeatures.Formatting(this, parameters);

    [JsonRpcMethod("textDocument/codeLens", UseSingleObjectParameterDeserialization = true)]
    public object CodeLens(JsonElement parameters)
    {
        var uri = String(Get(parameters, "textDocument"), "uri");
        Document(uri);
        return LspFeatures.CodeLens(AnalysisOf(uri)!);
    }
}
