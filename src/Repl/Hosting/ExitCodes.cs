namespace PolicyDsl.Repl.Hosting;

/// <summary>Exit codes of every verb; documented in --help and the README.</summary>
public static class ExitCodes
{
    /// <summary>Everything checked is clean and every expectation holds.</summary>
    public const int Clean = 0;

    /// <summary>Diagnostics with errors, or failed expectations.</summary>
    public const int Failed = 1;

    /// <summary>Bad usage: unknown verb or option, missing argument.</summary>
    public const int Usage = 2;

    /// <summary>A defect in PolicyDsl itself; the message asks for a report.</summary>
    public const int InternalError = 3;
}
