using System.Text;
using PolicyDsl.Evaluator.Analysis;
using PolicyDsl.Evaluator.Scenarios;

namespace PolicyDsl.Evaluator.Reports;

/// <summary>The tipping-points report: per claim, how often it is true and false, and the minimal sets of premise values that settle each outcome, smallest first.</summary>
public static class FlipsText
{
    public static string Write(FlipsAnswer answer) => answer.Note switch
    {
        FlipsNote.NoConclusions => "this argument has no rules, so it concludes nothing to flip; name a claim, or check the file that imports it\n",
        FlipsNote.NoOpenPremises => "this argument has no open premises: every claim is settled as stated ('policydsl eval' shows how)\n",
        _ => Write(answer.Space!, answer.Claims, all: answer.ClaimsNamed),
    };

    private static string Write(ScenarioSpace space, IReadOnlyList<ClaimFlips> claims, bool all)
    {
        var text = new StringBuilder();
        var settled = 0;
        foreach (var claim in claims)
        {
            if (!all && claim.IsSettled)
            {
                settled++;
                continue;
            }

            text.Append($"{claim.Claim}: true in {claim.TrueIn:N0} of {claim.Scenarios:N0} scenarios, false in {claim.FalseIn:N0}");
            text.Append(claim.ConflictIn > 0 ? $", in conflict in {claim.ConflictIn:N0}" : string.Empty);
            text.Append(claim.ContestedIn > 0 ? $", contested (only through a conflict) in {claim.ContestedIn:N0}" : string.Empty);
            text.Append(claim.UnknownIn > 0 ? $", unknown in {claim.UnknownIn:N0}\n" : "\n");
            foreach (var point in claim.Points)
            {
                var label = point.Outcome switch
                {
                    Outcome.True => "true",
                    Outcome.False => "false",
                    _ => "not true",
                };
                var head = $"  {label} whenever".PadRight(20);
                if (point.Scenarios == 0)
                {
                    text.Append($"{head}never\n");
                    continue;
                }

                if (point.Sets.Count == 0)
                {
                    text.Append($"{head}no set of up to {point.SearchedUpTo} premise values settles it; it takes more, or a combination ('policydsl scenarios' shows what it depends on)\n");
                    continue;
                }

                for (var i = 0; i < point.Sets.Count; i++)
                {
                    text.Append(i == 0 ? head : "    or".PadRight(20)).Append(TippingPoints.Describe(space, point.Sets[i])).Append('\n');
                }

                if (point.MoreSets > 0)
                {
                    text.Append($"    and {point.MoreSets} more\n");
                }
            }

            text.Append('\n');
        }

        if ((claims.Count > 0 ? claims[0].Excluded : 0) is > 0 and var excluded)
        {
            text.Append($"{excluded:N0} {(excluded == 1 ? "scenario is" : "scenarios are")} impossible (a constraint holds there) and left out: the counts and sets above are of the possible scenarios\n");
        }

        if (settled > 0)
        {
            text.Append($"{settled} {(settled == 1 ? "claim is" : "claims are")} the same in every scenario (not shown; name a claim to see it)\n");
        }

        return text.ToString();
    }
}
