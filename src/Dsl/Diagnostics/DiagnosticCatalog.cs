using System.Reflection;

namespace PolicyDsl.Dsl.Diagnostics;

/// <summary>
/// Every diagnostic PolicyDsl can report, with its stable code. Codes are never reused or renumbered:
/// CI logs, SARIF files and analysts' notes refer to them. Blocks: PD00xx syntax (01-09), files (10-19),
/// names and types (20-39), sources (40-49), evaluation (50-59), consistency across scenarios (60-69).
/// </summary>
public static class DiagnosticCatalog
{
    // Syntax
    public static readonly DiagnosticDescriptor SyntaxError = new("PD0001", Severity.Error, "Syntax error");
    public static readonly DiagnosticDescriptor UnterminatedString = new("PD0002", Severity.Error, "Unterminated text");
    public static readonly DiagnosticDescriptor UnclosedBlock = new("PD0003", Severity.Error, "Unclosed scenario block");
    public static readonly DiagnosticDescriptor UnexpectedCloseBrace = new("PD0004", Severity.Error, "Closing brace without a block");
    public static readonly DiagnosticDescriptor NestingTooDeep = new("PD0005", Severity.Error, "Statement nested too deep or too long");
    public static readonly DiagnosticDescriptor TooManyErrors = new("PD0006", Severity.Error, "Too many errors in one file");
    public static readonly DiagnosticDescriptor TooManyWarnings = new("PD0073", Severity.Warning, "Too many warnings in one file");
    public static readonly DiagnosticDescriptor InvalidCharacter = new("PD0007", Severity.Error, "Character not allowed");
    public static readonly DiagnosticDescriptor EmptyFile = new("PD0008", Severity.Warning, "Empty argument file");
    public static readonly DiagnosticDescriptor NotAllowedInScenario = new("PD0009", Severity.Error, "Statement not allowed in a scenario");

    // Files
    public static readonly DiagnosticDescriptor FileNotFound = new("PD0010", Severity.Error, "File or folder not found");
    public static readonly DiagnosticDescriptor ImportNotFound = new("PD0011", Severity.Error, "Imported file not found");
    public static readonly DiagnosticDescriptor ImportCycle = new("PD0012", Severity.Error, "Import cycle");
    public static readonly DiagnosticDescriptor FileUnreadable = new("PD0013", Severity.Error, "File is not readable text");
    public static readonly DiagnosticDescriptor FileTooLarge = new("PD0014", Severity.Error, "File too large");
    public static readonly DiagnosticDescriptor NoPolicyFiles = new("PD0015", Severity.Warning, "No argument files");
    public static readonly DiagnosticDescriptor BackslashInPath = new("PD0016", Severity.Error, "Backslash in a path");
    public static readonly DiagnosticDescriptor PathOutsideProject = new("PD0017", Severity.Error, "Path outside the project");
    public static readonly DiagnosticDescriptor NotAnArgumentFile = new("PD0018", Severity.Error, "Not an argument file");
    public static readonly DiagnosticDescriptor NotARegularFile = new("PD0019", Severity.Error, "Not a regular file");

    // Names and types
    public static readonly DiagnosticDescriptor UndefinedRelation = new("PD0020", Severity.Error, "Undefined relation");
    public static readonly DiagnosticDescriptor UndefinedName = new("PD0021", Severity.Error, "Undefined name");
    public static readonly DiagnosticDescriptor ArityMismatch = new("PD0022", Severity.Error, "Wrong number of arguments");
    public static readonly DiagnosticDescriptor ArgumentTypeMismatch = new("PD0023", Severity.Error, "Argument of the wrong type");
    public static readonly DiagnosticDescriptor UnitMismatch = new("PD0024", Severity.Error, "Values of different kinds");
    public static readonly DiagnosticDescriptor UnboundVariable = new("PD0025", Severity.Error, "Variable not bound by a type");
    public static readonly DiagnosticDescriptor DuplicateDeclaration = new("PD0026", Severity.Error, "Declared twice");
    public static readonly DiagnosticDescriptor AmbiguousName = new("PD0027", Severity.Error, "Ambiguous name");
    public static readonly DiagnosticDescriptor TruthValueMisuse = new("PD0028", Severity.Error, "Truth and value mixed up");
    public static readonly DiagnosticDescriptor UnknownType = new("PD0029", Severity.Error, "Unknown type");
    public static readonly DiagnosticDescriptor RecursionThroughNegation = new("PD0030", Severity.Error, "Recursion through negation");
    public static readonly DiagnosticDescriptor ContradictoryFacts = new("PD0031", Severity.Error, "Facts contradict each other");
    public static readonly DiagnosticDescriptor UnknownRule = new("PD0032", Severity.Error, "Unknown rule");
    public static readonly DiagnosticDescriptor InvalidProbability = new("PD0033", Severity.Error, "Invalid probability");
    public static readonly DiagnosticDescriptor NotOrdered = new("PD0034", Severity.Error, "Values without an order");
    public static readonly DiagnosticDescriptor ValueNotConstant = new("PD0035", Severity.Error, "Premise value is not a constant");
    public static readonly DiagnosticDescriptor OverrideCycle = new("PD0036", Severity.Error, "Rules override each other in a cycle");
    public static readonly DiagnosticDescriptor DuplicateFact = new("PD0037", Severity.Warning, "Premise stated twice");
    public static readonly DiagnosticDescriptor ValueTypeMismatch = new("PD0038", Severity.Error, "Value of the wrong kind");
    public static readonly DiagnosticDescriptor UnknownConstraint = new("PD0039", Severity.Error, "Unknown constraint");

    // Sources
    public static readonly DiagnosticDescriptor UnknownSource = new("PD0040", Severity.Error, "Unknown source");
    public static readonly DiagnosticDescriptor SourceFileNotFound = new("PD0041", Severity.Error, "Source document not found");
    public static readonly DiagnosticDescriptor QuoteNotFound = new("PD0042", Severity.Error, "Quotation not found in source");
    public static readonly DiagnosticDescriptor MissingCitation = new("PD0043", Severity.Error, "Premise without a source");
    public static readonly DiagnosticDescriptor AnchorNotFound = new("PD0044", Severity.Error, "Claim anchor not found in source");
    public static readonly DiagnosticDescriptor AnalystWithoutReason = new("PD0045", Severity.Error, "Analyst judgment without a reason");
    public static readonly DiagnosticDescriptor ReservedSourceName = new("PD0046", Severity.Error, "Reserved source name");
    public static readonly DiagnosticDescriptor StepWithoutSource = new("PD0047", Severity.Error, "Rule or constraint without a source");

    // Evaluation
    public static readonly DiagnosticDescriptor UnresolvedConflict = new("PD0050", Severity.Error, "Unresolved conflict");
    public static readonly DiagnosticDescriptor ExpectationFailed = new("PD0051", Severity.Error, "Expectation failed");
    public static readonly DiagnosticDescriptor ExpectedConflictMissing = new("PD0052", Severity.Error, "Expected conflict did not occur");
    public static readonly DiagnosticDescriptor AcknowledgedConflict = new("PD0053", Severity.Info, "Conflict the argument expects");
    public static readonly DiagnosticDescriptor TooManyScenarios = new("PD0054", Severity.Error, "Too many scenarios to explore");
    public static readonly DiagnosticDescriptor ArithmeticOverflow = new("PD0055", Severity.Error, "Arithmetic overflow");
    public static readonly DiagnosticDescriptor TooManyRuleInstances = new("PD0056", Severity.Error, "Too many rule instances");
    public static readonly DiagnosticDescriptor ConstraintViolated = new("PD0057", Severity.Error, "Constraint violated");
    public static readonly DiagnosticDescriptor AcknowledgedViolation = new("PD0058", Severity.Info, "Violation the argument expects");
    public static readonly DiagnosticDescriptor ExpectedViolationMissing = new("PD0059", Severity.Error, "Expected violation did not occur");

    // Consistency across scenarios
    public static readonly DiagnosticDescriptor ConflictInScenario = new("PD0060", Severity.Error, "Conflict in some scenario");
    public static readonly DiagnosticDescriptor ScenariosNotExplored = new("PD0061", Severity.Warning, "Scenarios not explored for conflicts");
    public static readonly DiagnosticDescriptor RuleNeverFires = new("PD0062", Severity.Warning, "Rule can never fire");
    public static readonly DiagnosticDescriptor PremiseNeverUsed = new("PD0063", Severity.Warning, "Premise no rule uses");
    public static readonly DiagnosticDescriptor ExpectationFailsInScenario = new("PD0064", Severity.Warning, "Expectation fails in some scenario");

    // Supports (what conclusions rest on)
    public static readonly DiagnosticDescriptor SupportsCut = new("PD0065", Severity.Warning, "More supports than are listed");
    public static readonly DiagnosticDescriptor SupportsNotComputed = new("PD0066", Severity.Warning, "Supports not computed");
    public static readonly DiagnosticDescriptor ScenariosExcluded = new("PD0067", Severity.Warning, "Constraint excludes scenarios");
    public static readonly DiagnosticDescriptor VacuousExpectation = new("PD0068", Severity.Warning, "Condition of an expectation never holds");

    // Tools PolicyDsl calls
    public static readonly DiagnosticDescriptor GraphvizMissing = new("PD0069", Severity.Error, "Graphviz not found");
    public static readonly DiagnosticDescriptor ToolFailed = new("PD0072", Severity.Error, "A tool PolicyDsl calls failed");

    // Files PolicyDsl walks and writes
    public static readonly DiagnosticDescriptor FolderUnreadable = new("PD0070", Severity.Error, "Folder not readable");
    public static readonly DiagnosticDescriptor WriteRefused = new("PD0071", Severity.Error, "File not written");

    /// <summary>All descriptors, in code order.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } =
        [.. typeof(DiagnosticCatalog)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .OrderBy(d => d.Code, StringComparer.Ordinal)];

    public static DiagnosticDescriptor? Find(string code) => All.FirstOrDefault(d => d.Code == code);
}
