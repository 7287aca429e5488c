namespace PolicyDsl.Evaluator.Engine;

/// <summary>What is known of an atom or condition. <see cref="Conflict"/>: derived both true and false (or two values).</summary>
public enum Truth
{
    Unknown,
    True,
    False,
    Conflict,
}

public static class TruthExtensions
{
    public static Truth FromPlanes(bool holds, bool fails) => (holds, fails) switch
    {
        (true, true) => Truth.Conflict,
        (true, false) => Truth.True,
        (false, true) => Truth.False,
        _ => Truth.Unknown,
    };

    public static string Text(this Truth truth) => truth switch
    {
        Truth.True => "true",
        Truth.False => "false",
        Truth.Conflict => "conflict",
        _ => "unknown",
    };
}
