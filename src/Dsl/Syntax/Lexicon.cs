namespace PolicyDsl.Dsl.Syntax;

/// <summary>
/// The words of the language, in one place: the splitter, the grammar, the messages that list keywords, and the
/// REPL's input classification and completion all read them here, so a keyword added is known everywhere.
/// </summary>
public static class Lexicon
{
    /// <summary>Words that start a statement, in the order messages list them.</summary>
    public static readonly IReadOnlyList<string> StatementKeywords =
        ["fact", "rule", "if", "never", "expect", "assume", "type", "scale", "source", "import", "argument", "scenario"];

    /// <summary>Statement keywords that start a statement wherever they stand; <c>if</c> and <c>scenario</c> need more (<see cref="StartsStatementAlways"/>).</summary>
    public static bool StartsStatementAlways(string word) => word is not ("if" or "scenario") && IsStatementKeyword(word);

    /// <summary>What a <c>scenario</c> block may hold.</summary>
    public static readonly IReadOnlyList<string> ScenarioStatements = ["fact", "assume", "expect"];

    /// <summary>Words that continue a statement even at the start of a line.</summary>
    public static readonly IReadOnlyList<string> ContinuationWords = ["then", "and", "or", "unless", "per", "in", "with", "overrides", "not", "when"];

    /// <summary>Units of time a text may give a duration in (the language has none; messages say how to write one).</summary>
    public static readonly IReadOnlySet<string> DurationWords = new HashSet<string>(
        ["second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks", "month", "months", "year", "years", "decade", "decades"], StringComparer.Ordinal);

    /// <summary>Words a text gives a range or an approximation with (the language has none; messages say how to write one).</summary>
    public static readonly IReadOnlySet<string> ApproximationWords = new HashSet<string>(
        ["about", "around", "approximately", "roughly", "nearly", "almost", "between", "circa", "approx"], StringComparer.Ordinal);

    /// <summary>Words that cannot name anything: every statement keyword and every continuation word.</summary>
    public static readonly IReadOnlySet<string> ReservedWords = new HashSet<string>(StatementKeywords.Concat(ContinuationWords), StringComparer.Ordinal);

    private static readonly HashSet<string> Statements = new(StatementKeywords, StringComparer.Ordinal);

    private static readonly HashSet<string> Continuations = new(ContinuationWords, StringComparer.Ordinal);

    private static readonly HashSet<string> InScenario = new(ScenarioStatements, StringComparer.Ordinal);

    public static bool IsStatementKeyword(string word) => Statements.Contains(word);

    public static bool IsContinuationWord(string word) => Continuations.Contains(word);

    public static bool IsReserved(string word) => ReservedWords.Contains(word);

    public static bool MayStandInScenario(string keyword) => InScenario.Contains(keyword);

    /// <summary>The statement keywords as messages list them: "fact, rule, if, expect, ...".</summary>
    public static string ListStatementKeywords() => string.Join(", ", StatementKeywords.Where(k => k is not ("argument" or "scenario")));
}
