using System.Globalization;
using System.Text;
using PolicyDsl.Evaluator.Checking;

namespace PolicyDsl.Evaluator.Reports;

/// <summary>The coverage of <c>test --coverage</c>: per file and in total, then the rules no expectation exercises.</summary>
public static class CoverageText
{
    public static void Write(StringBuilder text, CoverageReport coverage, double threshold)
    {
        text.Append("\ncoverage (what the passing expectations' proofs use):\n");
        var width = coverage.Files.Count == 0 ? 5 : Math.Max(5, coverage.Files.Max(f => f.File.Length));
        foreach (var file in coverage.Files)
        {
            text.Append($"  {file.File.PadRight(width)}  rules {file.Rules,-12} instances {file.Instances,-12} premises {file.Premises}\n");
        }

        text.Append($"  {"total".PadRight(width)}  rules {coverage.Rules,-12} instances {coverage.Instances,-12} premises {coverage.Premises}\n");
        if (coverage.Unexercised.Count > 0)
        {
            text.Append($"rules no expectation exercises ({coverage.Unexercised.Count}): claims nobody tests\n");
            foreach (var rule in coverage.Unexercised)
            {
                text.Append($"  {rule.Name}  [{rule.Location}]\n");
            }
        }

        if (threshold > 0)
        {
            var met = coverage.Rules.Percent >= threshold;
            text.Append(string.Create(CultureInfo.InvariantCulture,
                $"rule coverage {coverage.Rules.Percent:F1}% {(met ? "meets" : "is below")} the threshold of {threshold:0.#}%{(met ? string.Empty : ": the run fails")}\n"));
        }
    }
}
