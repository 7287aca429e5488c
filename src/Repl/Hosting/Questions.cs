using System.Text;
using PolicyDsl.Evaluator.Analysis;
using PolicyDsl.Evaluator.Reports;

namespace PolicyDsl.Repl.Hosting;

/// <summary>How many arguments a question takes: one claim, or several (on the command line each its own word, in the REPL separated by ';').</summary>
internal enum QuestionArity
{
    One,

    /// <summary>One or more.</summary>
    Many,

    /// <summary>None or more (by default the question's own: every conclusion, every expectation).</summary>
    Any,
}

/// <summary>
/// What a host asks: the analysis (the file loaded with --without; the REPL's session with its what-ifs and
/// withdrawals), the question's arguments, and its options, resolved once by the host.
/// </summary>
internal sealed record QuestionAsked(ArgumentAnalysis Analysis, IReadOnlyList<string> Arguments, string? Scenario, bool All, CancellationToken Cancellation)
{
    /// <summary>What the question is about: the analysis' withdrawals and what-ifs, in the scenario asked.</summary>
    public QuestionContext Context => Analysis.ContextIn(Scenario);

    public string Argument => Arguments.Count > 0 ? Arguments[0] : string.Empty;
}

/// <summary>
/// An answer as both hosts give it: the text (its first line the context when it is not the argument as written),
/// the JSON document (with its <c>context</c>), each written to the output only when asked for and as it is made,
/// and the exit code the verb ends with. Each holds the answer's record and its context, not the analysis: a proof
/// of a long chain is hundreds of megabytes of JSON, and built whole beside the analysis it took 2.4 GB.
/// </summary>
internal sealed record QuestionAnswer(Action<TextWriter> WriteText, Action<TextWriter> WriteJson, int Exit);

/// <summary>
/// One question of the table both hosts are built from: the verb's name and the REPL command's, the argument, the
/// options it takes, its help, and how it is asked of the analysis service. A question added here is a verb and a
/// REPL command with the same arguments, options and answer.
/// </summary>
internal sealed record Question(
    string Verb,
    string ReplCommand,
    string ArgumentName,
    QuestionArity Arity,
    string ArgumentHelp,
    string Summary,
    string Example,
    bool TakesScenario,
    bool TakesAll,
    Func<QuestionAsked, QuestionAnswer> Ask)
{
    /// <summary>The REPL's usage line: <c>:why ATOM [--scenario NAME] [--all]</c>.</summary>
    public string ReplUsage =>
        ReplCommand + " " + Arity switch { QuestionArity.One => ArgumentName, QuestionArity.Many => $"{ArgumentName}; ...", _ => $"[{ArgumentName}; ...]" } + (TakesScenario ? " [--scenario NAME]" : string.Empty) + (TakesAll ? " [--all]" : string.Empty);
}

/// <summary>The table of questions (<see cref="Question"/>): the verbs and the REPL commands that ask of one argument.</summary>
internal static class Questions
{
    public static IReadOnlyList<Question> All { get; } =
    [
        new("why", ":why", "ATOM", QuestionArity.One,
            "an atom, e.g. 'no_deal(US, Russia)', 'not deal(US, China)' or 'price(Russia) = vital'",
            "Explain why an atom holds: the rule instances and cited premises it rests on, from its smallest support (--all: every one).",
            "leverage(China, Russia)", TakesScenario: true, TakesAll: true, Ask: asked => Proof(asked, whyNot: false)),
        new("why-not", ":whynot", "ATOM", QuestionArity.One,
            "an atom, e.g. 'deal(US, China)'",
            "Explain why an atom does not hold: for each rule that could conclude it, the condition that failed or is unknown.",
            "deal(US, China)", TakesScenario: true, TakesAll: false, Ask: asked => Proof(asked, whyNot: true)),
        new("support", ":support", "CLAIM", QuestionArity.One,
            "an atom, e.g. 'leverage(China, Russia)', 'not deal(US, China)' or a valued atom",
            "Every minimal set of premises under which a claim holds, over every derivation, smallest first, with their citations.",
            "leverage(China, Russia)", TakesScenario: true, TakesAll: false, Ask: Support),
        new("critical", ":critical", "CLAIM", QuestionArity.One,
            "an atom that holds, e.g. 'capital leverage(US, China)'",
            "The linchpins of a claim: premises and sources without which it no longer holds, and premises whose negation breaks it.",
            "capital leverage(US, China)", TakesScenario: true, TakesAll: false, Ask: Critical),
        new("matrix", ":matrix", "CLAIM", QuestionArity.Any,
            "the hypotheses, e.g. 'deal(US, China)' 'not deal(US, China)'; by default each expectation of the argument",
            "The competing-hypotheses matrix: for each stated premise and each hypothesis, whether the premise is in some support of it, of its negation, both or neither, with Heuer's scores.",
            "deal(US, China); not deal(US, China)", TakesScenario: true, TakesAll: false, Ask: Matrix),
        new("flips", ":flips", "CLAIM", QuestionArity.Any,
            "claims to examine, e.g. 'deal(US, China)' or 'not presses(China, Russia)'; default: every conclusion that varies",
            "What would it take: the smallest sets of open-premise values that make each conclusion true, false or not true.",
            "deal(US, China)", TakesScenario: true, TakesAll: false, Ask: Flips),
        new("retract", ":retract", "NAME", QuestionArity.Many,
            "what to withdraw: a source ('enlist'), a claim of one ('enlist#c3') or a premise ('needs capital(China)')",
            "Withdraw premises (as if never stated) and list the conclusions that lose every support, those that change, and those that keep a support.",
            "enlist#c3", TakesScenario: true, TakesAll: false, Ask: Retract),
    ];

    /// <summary>The question a REPL command asks, if it is one of the table's (<c>:why-not</c> is <c>:whynot</c> too).</summary>
    public static Question? ForRepl(string command) =>
        All.FirstOrDefault(q => q.ReplCommand == command || ":" + q.Verb == command);

    /// <summary>
    /// A REPL command's rest of line as the question's arguments and options: <c>deal(US, China) --scenario "X"</c>.
    /// Claims hold spaces, so the arguments run to the first option; several are separated by ';'.
    /// </summary>
    public static (IReadOnlyList<string> Arguments, string? Scenario, bool All) ParseRepl(Question question, string line)
    {
        var rest = line.Trim();
        var all = false;
        string? scenario = null;

        // --all may come before or after --scenario NAME (whose name runs to the end of the line).
        bool TakeAll()
        {
            if (question.TakesAll && (rest == "--all" || rest.EndsWith(" --all", StringComparison.Ordinal)))
            {
                rest = rest[..^"--all".Length].TrimEnd();
                return true;
            }

            return false;
        }

        all = TakeAll();
        if (question.TakesScenario)
        {
            var option = (" " + rest).IndexOf(" --scenario ", StringComparison.Ordinal);
            if (option >= 0)
            {
                scenario = rest[(option + "--scenario ".Length)..].Trim().Trim('"');
                rest = rest[..option].TrimEnd();
            }
        }

        all |= TakeAll();

        var arguments = question.Arity == QuestionArity.One
            ? (rest.Length == 0 ? [] : [rest])
            : rest.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (arguments, scenario, all);
    }

    private static QuestionAnswer Proof(QuestionAsked asked, bool whyNot)
    {
        var proof = asked.Analysis.Explain(asked.Argument, whyNot, asked.Scenario, asked.All);
        var context = asked.Context;
        // A claim in conflict, or holding only through one, is not established: the proof is shown, and the run fails.
        return new(output => output.Write(ContextText.Line(context) + ProofText.Render(proof)), output => JsonReports.Proof(proof, output, context),
            proof.InConflict || proof.Contested ? ExitCodes.Failed : ExitCodes.Clean);
    }

    private static QuestionAnswer Support(QuestionAsked asked)
    {
        var answer = asked.Analysis.Support(asked.Argument, asked.Scenario);
        var context = asked.Context;
        return new(output =>
        {
            var text = new StringBuilder(ContextText.Line(context) + SupportText.Support(answer));
            foreach (var diagnostic in answer.Diagnostics)
            {
                DiagnosticText.Write(text, diagnostic);
            }

            output.Write(text.ToString());
        }, output => output.Write(JsonReports.Support(answer, context)), answer.Planes.Any(p => p.Contested) ? ExitCodes.Failed : ExitCodes.Clean);
    }

    private static QuestionAnswer Critical(QuestionAsked asked)
    {
        var answer = asked.Analysis.Critical(asked.Argument, asked.Scenario, asked.Cancellation);
        var context = asked.Context;
        return new(output => output.Write(ContextText.Line(context) + SupportText.Critical(answer)), output => output.Write(JsonReports.Critical(answer, context)), ExitCodes.Clean);
    }

    private static QuestionAnswer Matrix(QuestionAsked asked)
    {
        var matrix = asked.Analysis.Matrix(asked.Arguments, asked.Scenario, asked.Cancellation);
        var name = asked.Analysis.Model.DisplayName;
        var context = asked.Context;
        return new(output => output.Write(ContextText.Line(context) + MatrixText.Write(name, matrix)), output => output.Write(JsonReports.Matrix(name, matrix, context)), ExitCodes.Clean);
    }

    private static QuestionAnswer Flips(QuestionAsked asked)
    {
        var answer = asked.Analysis.Flips(asked.Arguments, asked.Scenario, asked.Cancellation);
        var context = asked.Context;
        return new(output => output.Write(ContextText.Line(context) + FlipsText.Write(answer)), output => output.Write(JsonReports.Flips(answer, context)), ExitCodes.Clean);
    }

    private static QuestionAnswer Retract(QuestionAsked asked)
    {
        var answer = asked.Analysis.Retract(asked.Arguments, asked.Scenario, asked.Cancellation);
        var context = asked.Context;
        return new(output => output.Write(ContextText.Line(context) + SupportText.Retract(answer)), output => output.Write(JsonReports.Retract(answer, context)), ExitCodes.Clean);
    }
}
