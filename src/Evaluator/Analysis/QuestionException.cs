using PolicyDsl.Dsl.Diagnostics;

namespace PolicyDsl.Evaluator.Analysis;

/// <summary>Why a question about an argument has no answer; each host maps it to its own way of saying so (an exit code, a line).</summary>
public enum QuestionFailure
{
    /// <summary>The argument has errors that stop evaluation; the diagnostics say which.</summary>
    NotEvaluated,

    /// <summary>The question itself is wrong: a claim that does not bind, an unknown scenario, a premise the argument does not have.</summary>
    BadQuestion,

    /// <summary>The question is fine but past what can be answered here (too many scenarios, an argument the sweep cannot compile).</summary>
    CannotAnswer,
}

/// <summary>
/// A question about an argument that cannot be answered, for a reason the user can act on. The analysis throws only
/// this for what the user asked; any other exception is a defect in PolicyDsl.
/// </summary>
public sealed class QuestionException : Exception
{
    /// <summary>What the hosts say of an argument whose errors stop evaluation, after those errors.</summary>
    public const string NotEvaluatedMessage = "not evaluated: fix the errors above first";

    public QuestionException(QuestionFailure failure, string message, IReadOnlyList<Diagnostic>? diagnostics = null)
        : base(message)
    {
        Failure = failure;
        Diagnostics = diagnostics ?? [];
    }

    public QuestionFailure Failure { get; }

    /// <summary>The coded diagnostics behind the failure (a claim's binding errors, the argument's errors), if any.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }
}
