using System.Globalization;
using System.Text.RegularExpressions;

namespace PolicyDsl.Evaluator.Tests.Semantics;

/// <summary>What a section of a case file is about: states in one premise set, or counts over its scenarios.</summary>
public enum SectionKind
{
    /// <summary>The state of every atom in the base argument or a named scenario (open premises unknown).</summary>
    States,

    /// <summary>In how many of the scenarios of the open premises each atom is in each state.</summary>
    Sweep,

    /// <summary>The probability of each state, from the open premises' probabilities.</summary>
    Probability,
}

/// <summary>One <c>//&gt; ...</c> section: its kind, the named scenario (null for the base), and its lines per atom.</summary>
public sealed record CaseSection(SectionKind Kind, string? Scenario, int Line)
{
    /// <summary>Per atom as written (its display), what the line after the colon says, and the line's number.</summary>
    public Dictionary<string, (string Expected, int Line)> Atoms { get; } = new(StringComparer.Ordinal);

    /// <summary>For a sweep: the scenarios it counts, and those a constraint excludes.</summary>
    public long? Scenarios { get; init; }

    public long Excluded { get; init; }

    public string Title => (Kind switch { SectionKind.States => Scenario is null ? "base" : "scenario", SectionKind.Sweep => "sweep", _ => "probability" }) +
        (Scenario is null ? string.Empty : $" \"{Scenario}\"");
}

/// <summary>
/// A semantic case: an argument (the whole file; the expectations are comments to it) and what every evaluator must
/// make of it. The format is in tests/semantics/README.md.
/// </summary>
public sealed partial class SemanticCase
{
    private SemanticCase(string name, string text, IReadOnlyList<CaseSection> sections, IReadOnlyList<string> problems)
    {
        Name = name;
        Text = text;
        Sections = sections;
        Problems = problems;
    }

    public string Name { get; }

    public string Text { get; }

    public IReadOnlyList<CaseSection> Sections { get; }

    /// <summary>Lines of the expectations that do not read as the format says (a malformed case fails, never passes).</summary>
    public IReadOnlyList<string> Problems { get; }

    public static SemanticCase Parse(string name, string text)
    {
        var sections = new List<CaseSection>();
        var problems = new List<string>();
        CaseSection? current = null;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (!line.StartsWith("//>", StringComparison.Ordinal))
            {
                continue;
            }

            var body = line[3..].Trim();
            if (body.Length == 0)
            {
                continue;
            }

            if (Header().Match(body) is { Success: true } header)
            {
                var kind = header.Groups["kind"].Value switch
                {
                    "base" or "scenario" => SectionKind.States,
                    "sweep" => SectionKind.Sweep,
                    _ => SectionKind.Probability,
                };
                var scenario = header.Groups["name"].Success ? header.Groups["name"].Value : null;
                if (header.Groups["kind"].Value == "scenario" && scenario is null)
                {
                    problems.Add($"line {i + 1}: 'scenario' needs a name in quotes");
                }

                current = new CaseSection(kind, scenario, i + 1)
                {
                    Scenarios = header.Groups["count"].Success ? long.Parse(header.Groups["count"].Value, CultureInfo.InvariantCulture) : null,
                    Excluded = header.Groups["excluded"].Success ? long.Parse(header.Groups["excluded"].Value, CultureInfo.InvariantCulture) : 0,
                };
                if (kind == SectionKind.Sweep && current.Scenarios is null)
                {
                    problems.Add($"line {i + 1}: a sweep says how many scenarios it counts ('sweep: 4 scenarios')");
                }

                sections.Add(current);
                continue;
            }

            var colon = body.LastIndexOf(": ", StringComparison.Ordinal);
            if (current is null || colon <= 0)
            {
                problems.Add($"line {i + 1}: '{body}' is neither a section ('base', 'scenario \"X\"', 'sweep: N scenarios', 'probability') nor 'atom: state' under one");
                continue;
            }

            var atom = body[..colon].Trim();
            if (!current.Atoms.TryAdd(atom, (body[(colon + 2)..].Trim(), i + 1)))
            {
                problems.Add($"line {i + 1}: {atom} is given twice in {current.Title}");
            }
        }

        if (sections.Count == 0)
        {
            problems.Add("no '//> base' section: a case says what the argument concludes");
        }

        return new SemanticCase(name, text, sections, problems);
    }

    /// <summary>A sweep or probability line as category -> figure: <c>true in 2, = 3 in 1</c> or <c>true 0.3</c>.</summary>
    public static Dictionary<string, string>? Figures(string expected, string separator)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in expected.Split(", ", StringSplitOptions.TrimEntries))
        {
            var at = part.LastIndexOf(separator, StringComparison.Ordinal);
            if (at <= 0 || !result.TryAdd(part[..at].Trim(), part[(at + separator.Length)..].Trim()))
            {
                return null;
            }
        }

        return result;
    }

    [GeneratedRegex("""^(?<kind>base|scenario|sweep|probability)(?:\s+(?:in\s+)?"(?<name>[^"]+)")?(?::\s*(?<count>\d+) scenarios?(?:,\s*(?<excluded>\d+) excluded)?)?$""")]
    private static partial Regex Header();
}
