using PolicyDsl.Evaluator.Engine;
using PolicyDsl.Evaluator.Grounding;
using PolicyDsl.Evaluator.Scenarios;

namespace PolicyDsl.Evaluator.Analysis;

/// <summary>Why the scenarios of an argument cannot be swept exhaustively.</summary>
public enum SweepRefusalKind
{
    /// <summary>The sweep cannot compile the argument (a list of too many values, a condition nested too deep).</summary>
    NotCompilable,

    /// <summary>More scenario codes than an exhaustive sweep covers; sampling can estimate.</summary>
    TooManyScenarios,
}

/// <summary>Why a sweep cannot run, with what a report needs to say so.</summary>
public sealed record SweepRefusal(SweepRefusalKind Kind, string Reason, int OpenPremises, int Bits);

/// <summary>A sweep ready to run (<see cref="Plan"/>), or the reason it cannot (<see cref="Refusal"/>).</summary>
public sealed record SweepPreparation(SweepPlan? Plan, SweepRefusal? Refusal);

/// <summary>Why flips has nothing to report, though nothing went wrong.</summary>
public enum FlipsNote
{
    None,

    /// <summary>No claim was named and no rule concludes anything.</summary>
    NoConclusions,

    /// <summary>Nothing is open: every claim is settled as stated.</summary>
    NoOpenPremises,
}

/// <summary>The tipping points of the claims asked about, or a note saying why there are none to find.</summary>
public sealed record FlipsAnswer(ScenarioSpace? Space, IReadOnlyList<ClaimFlips> Claims, bool ClaimsNamed, FlipsNote Note);

public sealed partial class ArgumentAnalysis
{
    /// <summary>
    /// Compiles the sweep of the current evaluation's open premises (what-ifs fix some of them). With
    /// <paramref name="sampling"/>, only an argument the sweep cannot compile is refused.
    /// </summary>
    public SweepPreparation PrepareSweep(bool sampling = false, string? scenario = null)
    {
        // The sweep needs the program and the premises, not an evaluation of the argument as written.
        GroundProgram program;
        PremiseSet premises;
        if (scenario is null && CurrentProgram is { } current)
        {
            (program, premises) = (current, CurrentPremises!);
        }
        else
        {
            var evaluation = Baseline(scenario);
            (program, premises) = (evaluation.Program, evaluation.Premises);
        }

        var plan = SweepPlan.Compile(program, premises);
        if (plan.Unsupported is { } reason)
        {
            return new SweepPreparation(null, new SweepRefusal(SweepRefusalKind.NotCompilable, reason, plan.Space.Open.Count, plan.Bits));
        }

        if (!sampling && !plan.IsExhaustible)
        {
            return new SweepPreparation(null, new SweepRefusal(SweepRefusalKind.TooManyScenarios,
                $"the {plan.Space.Open.Count} open premises make 2^{plan.Bits} scenario codes, past the 2^{SweepPlan.MaxExhaustiveBits} an exhaustive sweep covers",
                plan.Space.Open.Count, plan.Bits));
        }

        return new SweepPreparation(plan, null);
    }

    /// <summary>
    /// What would it take: for each claim (by default every conclusion about truth), the smallest sets of
    /// open-premise values that make it true, false or not true whatever the other open premises are.
    /// </summary>
    public FlipsAnswer Flips(IReadOnlyList<string> claimTexts, string? scenario = null, CancellationToken cancellation = default)
    {
        var evaluation = Baseline(scenario);
        var program = evaluation.Program;
        var claims = claimTexts.Select(text => (text, Claim(text))).ToList();
        var named = claims.Count > 0;
        if (!named)
        {
            claims.AddRange(TippingPoints.Conclusions(program));
        }

        if (claims.Count == 0)
        {
            return new FlipsAnswer(null, [], named, FlipsNote.NoConclusions);
        }

        var space = new ScenarioSpace(program, evaluation.Premises);
        if (space.Open.Count == 0)
        {
            return new FlipsAnswer(space, [], named, FlipsNote.NoOpenPremises);
        }

        var plan = SweepPlan.Compile(program, evaluation.Premises);
        var limit = plan.Unsupported ?? (plan.Bits > TippingPoints.MaxBits
            ? $"the open premises make 2^{plan.Bits} scenario codes; tipping points are searched up to 2^{TippingPoints.MaxBits}"
            : null);
        if (limit is not null)
        {
            throw new QuestionException(QuestionFailure.CannotAnswer, $"cannot search tipping points here: {limit}; fix some premises, or split the argument");
        }

        return new FlipsAnswer(space, TippingPoints.Find(program, evaluation.Premises, claims, cancellation), named, FlipsNote.None);
    }
}
