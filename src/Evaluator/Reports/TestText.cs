using System.Text;
using PolicyDsl.Evaluator.Checking;

namespace PolicyDsl.Evaluator.Reports;

/// <summary>The <c>test</c> report: a PASS or FAIL line per expectation, the failing ones explained.</summary>
public static class TestText
{
    public static void Write(StringBuilder output, TestedArgument report)
    {
        foreach (var outcome in report.Expectations)
        {
            var where = $"{outcome.Location.Source.Path}:{outcome.Location.Start.Line}";
            output.Append(outcome.Passed ? "PASS  " : "FAIL  ").Append(where).Append("  ").Append(outcome.Text);
            if (outcome.Scenario is not null)
            {
                output.Append("  (scenario \"").Append(outcome.Scenario).Append("\")");
            }

            if (outcome.Quantifier != Dsl.Syntax.ScenarioQuantifier.Base)
            {
                output.Append("  -- ").Append(outcome.Detail);
            }

            if (outcome.RestsOnInconsistent.Count > 0)
            {
                output.Append("  -- ").Append(Supports.Nogoods.Describe(outcome.RestsOnInconsistent));
            }

            output.Append('\n');
            if (outcome.Finding is not null)
            {
                output.Append("      ").Append(outcome.Detail).Append('\n');
            }

            foreach (var warning in outcome.Warnings)
            {
                output.Append("      warning ").Append(warning.Code).Append(": ").Append(warning.Message).Append('\n');
            }

            if (!outcome.Passed && outcome.Explanation is { } explanation)
            {
                ProofText.Write(output, explanation, "      ", "      ");
            }
        }
    }
}
