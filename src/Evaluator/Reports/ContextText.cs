using PolicyDsl.Evaluator.Analysis;

namespace PolicyDsl.Evaluator.Reports;

/// <summary>The context of an answer in a text report: its first line, when it is not the argument as written.</summary>
public static class ContextText
{
    /// <summary><c>context: in scenario "X"; without claim enlist#c3 (1 statement)</c> and a newline; empty for the argument as written.</summary>
    public static string Line(QuestionContext context) => context.IsAsWritten ? string.Empty : $"context: {context.Describe()}\n";
}
