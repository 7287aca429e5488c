namespace PolicyDsl.Dsl.Diagnostics;

public enum Severity
{
    Error,
    Warning,
    Info,
}
