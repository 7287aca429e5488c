using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using FluentAssertions;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Dsl.Syntax;
using PolicyDsl.Evaluator.Analysis;
using PolicyDsl.Evaluator.Tests.Fuzzing;
using PolicyDsl.Testing;
using Xunit;

namespace PolicyDsl.Evaluator.Tests.Formatting;

/// <summary>
/// fmt keeps meaning and reaches its layout in one pass: on every sample and on generated and mutated files, the
/// formatted file holds the same words in the same order, binds and evaluates to the same conclusions, expectation
/// outcomes and diagnostics, and formatting it again changes nothing. A file with syntax errors is refused.
/// </summary>
public sealed partial class FormatterPropertyTests
{
    public static TheoryData<string> Samples() =>
        [.. Directory.EnumerateFiles(TestPaths.Samples, "*.policy", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(TestPaths.RepoRoot, f).Replace('\\', '/')).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_sample_is_in_the_canonical_layout_and_formatting_keeps_its_meaning(string sample)
    {
        var path = Path.Combine(TestPaths.RepoRoot, sample);
        var text = File.ReadAllText(path);
        var result = PolicyFormatter.Format(sample, text);
        if (result.Refused)
        {
            result.Errors.Should().NotBeEmpty().And.OnlyContain(d => d.IsError);
            return;
        }

        result.Text.Should().Be(text, "every sample is fmt-clean (policydsl fmt samples)");
        SameMeaning(path, text, MessUp(text));
    }

    [Fact]
    public void A_thousand_generated_and_mutated_files_format_idempotently_and_keep_their_meaning()
    {
        var formatted = 0;
        FuzzInputs.Any.Sample(input =>
        {
            var messy = MessUp(input);
            var result = PolicyFormatter.Format("fuzz.policy", messy);
            var parsed = PolicyParser.Parse(new Dsl.Text.SourceText("fuzz.policy", messy), mayBeEmpty: true);
            if (parsed.HasErrors)
            {
                result.Refused.Should().BeTrue("a file with syntax errors is refused:\n" + messy);
                return;
            }

            formatted++;
            result.Refused.Should().BeFalse();
            PolicyFormatter.Format("fuzz.policy", result.Text!).Text.Should().Be(result.Text, "formatting a formatted file changes nothing:\n" + messy);
            SameMeaning(Path.Combine(TestPaths.RepoRoot, "samples", "fuzz.policy"), input, result.Text!);
        }, iter: 1000, seed: "0N0XIzNsQ0O2");
        formatted.Should().BeGreaterThan(300, "most generated files parse, so the layout is tested, not only refusals");
    }

    /// <summary>The same file with its layout made worse: extra spaces and tabs, blank lines, odd indentation of continuations.</summary>
    private static string MessUp(string text)
    {
        var output = new StringBuilder();
        var n = 0;
        foreach (var line in text.Split('\n'))
        {
            n++;
            var messy = line.StartsWith(' ') ? new string(' ', 1 + (n % 5)) + line.TrimStart() : line;
            messy = InsideTextOrComment().Replace(messy, m => m.Value.StartsWith('"') || m.Value.StartsWith("//", StringComparison.Ordinal) ? m.Value : m.Value.Replace(" ", n % 2 == 0 ? "  " : " \t", StringComparison.Ordinal));
            output.Append(messy).Append(n % 7 == 0 ? "   " : string.Empty).Append('\n');
            if (n % 9 == 0 && !line.StartsWith(' ') && line.Length == 0)
            {
                output.Append('\n');
            }
        }

        return output.ToString();
    }

    /// <summary>Two texts of one file bind to the same model: same words, same comments, same evaluation and diagnostics.</summary>
    private static void SameMeaning(string path, string before, string after)
    {
        Words(after).Should().Equal(Words(before), "formatting changes white space only");
        Fingerprint(path, after).Should().Be(Fingerprint(path, before));
    }

    private static List<string> Words(string text) => [.. Token().Matches(text).Select(m => m.Value.StartsWith("//", StringComparison.Ordinal) ? m.Value.TrimEnd() : m.Value)];

    /// <summary>What the file means, without positions: diagnostics by code, premises, rules, conclusions and expectation outcomes.</summary>
    private static string Fingerprint(string path, string text)
    {
        var analysis = ArgumentAnalysis.Of(Workspace.FromText(path, text));
        var model = analysis.Model;
        var print = new StringBuilder();
        print.AppendJoin(",", model.Diagnostics.Select(d => d.Code).Order(StringComparer.Ordinal)).Append('\n');
        print.AppendJoin("\n", model.Facts.Select(f => $"fact {(f.Negated ? "not " : string.Empty)}{f.Atom} {f.Value} {f.Citation?.Reference}")).Append('\n');
        // An unnamed rule is named by its line, which a collapsed blank line moves: its name is not its meaning.
        print.AppendJoin("\n", model.Rules.Select(r => $"rule {UnnamedRule().Replace(r.Name, ":line")} {r.Citation?.Reference}")).Append('\n');
        print.AppendJoin("\n", analysis.Report.Diagnostics.Select(d => d.Code)).Append('\n');
        if (analysis.Base is not null)
        {
            print.AppendJoin("\n", analysis.Conclusions().Select(r => $"{r.Atom.Display} {r.Marked} {string.Join(",", r.Sources)}")).Append('\n');
            print.AppendJoin("\n", analysis.Report.Expectations.Select(e => $"{e.Text} {e.Passed}"));
        }

        return print.ToString();
    }

    [GeneratedRegex(@"""(?:[^""\\\n]|\\.)*""?|//[^\n]*|[A-Za-z_][A-Za-z0-9_]*|\S", RegexOptions.CultureInvariant)]
    private static partial Regex Token();

    [GeneratedRegex(@":\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex UnnamedRule();

    [GeneratedRegex(@"""(?:[^""\\\n]|\\.)*""?|//[^\n]*|[^""/]+|/", RegexOptions.CultureInvariant)]
    private static partial Regex InsideTextOrComment();
}
