using System.Text.Json;
using FluentAssertions;
using Json.Schema;
using PolicyDsl.Evaluator.Reports;
using PolicyDsl.Testing;
using Xunit;

namespace PolicyDsl.Cli.Tests;

/// <summary>
/// The JSON output contract: every verb's --format json output on every sample validates against its schema in
/// docs/schemas/ (objects there admit no property they do not list, so drift in either fails), and carries
/// schemaVersion. Adding a sample adds its cases.
/// </summary>
public sealed class JsonSchemaTests
{
    private static readonly Dictionary<string, JsonSchema> Schemas = Directory
        .EnumerateFiles(Path.Combine(TestPaths.RepoRoot, "docs", "schemas"), "*.schema.json")
        .ToDictionary(f => Path.GetFileName(f)[..^".schema.json".Length], f => JsonSchema.FromText(File.ReadAllText(f)), StringComparer.Ordinal);

    public static TheoryData<string> Samples() =>
        [.. Directory.EnumerateFiles(TestPaths.Samples, "*.policy", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(TestPaths.RepoRoot, f).Replace('\\', '/')).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_verb_s_json_on_the_sample_validates_against_its_schema(string sample)
    {
        var evaluation = Validate("eval", "eval", sample);
        Validate("check", "check", sample);
        Validate("test", "test", sample);
        Validate("test", "test", sample, "--coverage");
        if (evaluation.GetProperty("diagnostics").EnumerateArray().Any(d => d.GetProperty("severity").GetString() == "error"))
        {
            return;
        }

        Validate("scenarios", "scenarios", sample);
        Validate("map", "map", sample);
        Validate("flips", "flips", sample);
        var conclusions = evaluation.TryGetProperty("conclusions", out var list) ? list.EnumerateArray().ToList() : [];
        if (conclusions.Count == 0)
        {
            return;
        }

        var atom = conclusions[0].GetProperty("atom").GetString()!;
        Validate("proof", "why", sample, atom);
        Validate("proof", "why-not", sample, atom);
        Validate("support", "support", sample, atom);
        Validate("matrix", "matrix", sample, atom);
        if (conclusions.FirstOrDefault(c => c.GetProperty("truth").GetString() is "true" or "false") is { ValueKind: JsonValueKind.Object } known)
        {
            var claim = known.GetProperty("truth").GetString() == "false" ? "not " + known.GetProperty("atom").GetString() : known.GetProperty("atom").GetString()!;
            Validate("critical", "critical", sample, claim);
        }

        if (conclusions.SelectMany(c => c.GetProperty("sources").EnumerateArray()).Select(s => s.GetString()!.Split('#')[0]).FirstOrDefault() is { } source)
        {
            Validate("retract", "retract", sample, source);
            Validate("whatif", "whatif", sample, "--drop", source);
        }
    }

    [Fact]
    public void The_internal_failure_document_validates_too()
    {
        var document = JsonDocument.Parse(JsonReports.InternalFailure("a defect")).RootElement;
        Results("error", document).IsValid.Should().BeTrue();
    }

    /// <summary>Issue 23: with --format json every verb writes one JSON document, also when the argument has errors or the question is wrong.</summary>
    [Theory]
    [InlineData("scenarios")]
    [InlineData("flips")]
    [InlineData("support", "deal(US, Russia)")]
    [InlineData("critical", "deal(US, Russia)")]
    [InlineData("retract", "nodeal")]
    [InlineData("matrix")]
    [InlineData("map")]
    [InlineData("whatif", "--set", "deal(US, Russia)")]
    [InlineData("why", "deal(US, Russia)")]
    [InlineData("why-not", "deal(US, Russia)")]
    public void A_question_that_cannot_be_answered_is_still_one_json_document(string verb, params string[] more)
    {
        foreach (var (sample, kind, exit) in new[] { ("samples/invalid/unknown-name.policy", "notEvaluated", 1), ("samples/000-no-deal-left.policy", "badQuestion", 2) })
        {
            string[] question = kind == "badQuestion" && more.Length > 0 ? [.. more[..^1], "dael(US, Russia)"] : more;
            if (kind == "badQuestion" && more.Length == 0)
            {
                question = ["--scenario", "no such scenario"];
            }

            var (code, output, error) = CliRunner.Run([verb, sample, .. question, "--format", "json"]);
            code.Should().Be(exit, $"{verb} on {sample}: {error}");
            var document = JsonDocument.Parse(output).RootElement;
            document.GetProperty("error").GetProperty("kind").GetString().Should().Be(kind, $"{verb} {string.Join(' ', question)}");
            document.GetProperty("error").GetProperty("exitCode").GetInt32().Should().Be(exit);
            var results = Results("error", document);
            results.IsValid.Should().BeTrue($"{verb}: " + string.Join("\n", results.Details?.Where(d => d.Errors is { Count: > 0 }).Select(d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Values)}") ?? []));
            if (kind == "notEvaluated")
            {
                document.GetProperty("diagnostics").EnumerateArray().Should().Contain(d => d.GetProperty("code").GetString() == "PD0021");
            }
        }
    }

    [Fact]
    public void A_document_with_a_property_its_schema_does_not_list_fails()
    {
        var document = JsonDocument.Parse("{\"schemaVersion\": 1, \"files\": 1, \"errors\": 0, \"warnings\": 0, \"diagnostics\": [], \"extra\": true}").RootElement;
        Results("check", document).IsValid.Should().BeFalse();
    }

    internal static JsonElement Validate(string schema, string verb, string sample, params string[] more)
    {
        var (_, output, error) = CliRunner.Run([verb, sample, .. more, "--format", "json"]);
        output.Should().NotBeNullOrWhiteSpace($"{verb} {sample} {string.Join(' ', more)} writes JSON (stderr: {error})");
        var document = JsonDocument.Parse(output).RootElement;
        document.GetProperty("schemaVersion").GetInt32().Should().Be(JsonReports.SchemaVersion);
        var results = Results(schema, document);
        results.IsValid.Should().BeTrue($"{verb} {sample} {string.Join(' ', more)} must match docs/schemas/{schema}.schema.json:\n" +
            string.Join("\n", results.Details?.Where(d => d.Errors is { Count: > 0 }).Select(d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Values)}") ?? []));
        return document;
    }

    private static EvaluationResults Results(string schema, JsonElement document) =>
        Schemas[schema].Evaluate(document, new EvaluationOptions { OutputFormat = OutputFormat.List });
}
