using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Evaluator.Explain;

namespace PolicyDsl.Evaluator.Checking;

/// <summary>Covered of total, with the share as a percentage (100 when there is nothing to cover).</summary>
public readonly record struct Covered(int Count, int Total)
{
    public double Percent => Total == 0 ? 100 : 100.0 * Count / Total;

    public override string ToString() => $"{Count}/{Total} ({Percent.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)}%)";
}

/// <summary>The coverage of one file of the argument: its rules, rule instances and premises that some passing expectation exercises.</summary>
public sealed record FileCoverage(string File, Covered Rules, Covered Instances, Covered Premises);

/// <summary>A rule no passing expectation exercises: a claim nobody tests.</summary>
public sealed record UnexercisedRule(string Name, SourceLocation Location);

/// <summary>
/// What the expectations exercise (the analogue of OPA's <c>test --coverage</c>): a rule, a rule instance or a premise
/// is exercised when it appears in the proof of a passing expectation (its support, the steps that derive it).
/// What was only checked beside a proof (an exception that did not apply) is not exercised. The rules no expectation
/// exercises are listed: they are claims nobody tests.
/// </summary>
public sealed record CoverageReport(IReadOnlyList<FileCoverage> Files, Covered Rules, Covered Instances, Covered Premises, IReadOnlyList<UnexercisedRule> Unexercised)
{
    public static CoverageReport Of(IEnumerable<ArgumentReport> reports) => Of(reports.Select(ArgumentCoverage.Of));

    /// <summary>The coverage of several arguments: a file imported by several counts once, as the first argument saw it.</summary>
    public static CoverageReport Of(IEnumerable<ArgumentCoverage?> arguments)
    {
        var files = new List<FileCoverage>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unexercised = new List<UnexercisedRule>();
        foreach (var argument in arguments)
        {
            foreach (var file in argument?.Files ?? [])
            {
                if (seen.Add(file.File))
                {
                    files.Add(file);
                    unexercised.AddRange(argument!.Unexercised.Where(r => r.Location.Source.Path == file.File));
                }
            }
        }

        return new CoverageReport(files,
            Sum(files.Select(f => f.Rules)), Sum(files.Select(f => f.Instances)), Sum(files.Select(f => f.Premises)),
            [.. unexercised.OrderBy(r => r.Location.Source.Path, StringComparer.Ordinal).ThenBy(r => r.Location.Span.Start)]);
    }

    internal static Covered Sum(IEnumerable<Covered> parts) => parts.Aggregate(new Covered(0, 0), (a, b) => new Covered(a.Count + b.Count, a.Total + b.Total));
}

/// <summary>The coverage of one argument, per file it reads (in path order), with the rules none of its passing expectations exercises.</summary>
public sealed record ArgumentCoverage(IReadOnlyList<FileCoverage> Files, IReadOnlyList<UnexercisedRule> Unexercised)
{
    /// <summary>Null for an argument that could not be evaluated: it exercises nothing and is not counted.</summary>
    public static ArgumentCoverage? Of(ArgumentReport report)
    {
        if (report.Program is not { } program)
        {
            return null;
        }

        var files = new List<FileCoverage>();
        var unexercised = new List<UnexercisedRule>();
        var usedRules = new HashSet<string>(StringComparer.Ordinal);
        var usedInstances = new HashSet<string>(StringComparer.Ordinal);
        var usedPremises = new HashSet<string>(StringComparer.Ordinal);
        foreach (var outcome in report.Expectations.Where(e => e.Passed && e.Explanation is not null))
        {
            Walk(outcome.Explanation!, usedRules, usedInstances, usedPremises);
        }

        var rules = program.Model.Rules.Where(r => r.Conclusion is not null).ToList();
        var instances = program.Rules.Where(r => program.Viable[r.Id]).ToList();
        var premises = program.Model.Facts.Select(f => f.Location).Concat(program.Model.Assumes.Select(a => a.Location)).ToList();
        foreach (var file in rules.Select(r => r.Location.Source.Path).Concat(premises.Select(p => p.Source.Path)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var fileRules = rules.Where(r => r.Location.Source.Path == file).ToList();
            var fileInstances = instances.Where(r => r.Rule.Location.Source.Path == file).ToList();
            var filePremises = premises.Where(p => p.Source.Path == file).ToList();
            files.Add(new FileCoverage(file,
                new Covered(fileRules.Count(r => usedRules.Contains(Key(r))), fileRules.Count),
                new Covered(fileInstances.Count(r => usedInstances.Contains(Key(r.Rule) + Bind(r.Bindings))), fileInstances.Count),
                new Covered(filePremises.Count(p => usedPremises.Contains(p.ToString())), filePremises.Count)));
            unexercised.AddRange(fileRules.Where(r => !usedRules.Contains(Key(r))).Select(r => new UnexercisedRule(r.Name, r.Location)));
        }

        return new ArgumentCoverage(files, unexercised);
    }

    private static string Key(RuleSymbol rule) => rule.Name + "@" + rule.Location;

    private static string Bind(IEnumerable<Value> values) => "(" + string.Join(", ", values) + ")";

    private static void Walk(ProofNode node, HashSet<string> rules, HashSet<string> instances, HashSet<string> premises)
    {
        if (node.Kind is ProofKind.ExceptionChecked or ProofKind.OverrideChecked or ProofKind.RuleNotApplied or ProofKind.RuleExcepted or ProofKind.RuleOverridden)
        {
            // Checked, or shown not to apply: not what the expectation rests on.
            return;
        }

        if (node.Kind == ProofKind.Rule && node.Rule is not null && node.Location is { } at)
        {
            var key = node.Rule + "@" + at;
            rules.Add(key);
            instances.Add(key + Bind(node.Bindings.Select(b => b.Value)));
        }
        else if (node.Kind is ProofKind.Premise or ProofKind.Assumed && node.Location is { } location)
        {
            premises.Add(location.ToString());
        }

        foreach (var child in node.Children)
        {
            Walk(child, rules, instances, premises);
        }
    }
}
