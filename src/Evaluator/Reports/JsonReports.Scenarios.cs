using System.Text.Json;
using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Evaluator.Analysis;
using PolicyDsl.Evaluator.Scenarios;

namespace PolicyDsl.Evaluator.Reports;

/// <summary>The JSON of the exploration verbs: scenarios, flips and whatif.</summary>
public static partial class JsonReports
{
    /// <summary>The sweep: per conclusion how many scenarios make it true, false, in conflict, contested or unknown, its values and dependencies.</summary>
    public static string Scenarios(string argument, SweepResult sweep, QuestionContext? context = null) => Write(w =>
    {
        var plan = sweep.Plan;
        var program = plan.Program;
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", SchemaVersion);
        WriteContext(w, context);
        w.WriteString("argument", argument);
        w.WriteStartArray("open");
        foreach (var premise in plan.Space.Open)
        {
            w.WriteStringValue(premise.Display);
        }

        w.WriteEndArray();
        w.WriteNumber("scenarios", sweep.Scenarios);
        w.WriteBoolean("sampled", sweep.IsSampled);
        w.WriteNumber("errorBound", sweep.ErrorBound);
        w.WriteBoolean("weighted", sweep.IsWeighted);
        // Scenarios in which a constraint holds are impossible: not in "scenarios", and every figure is conditional on the rest.
        w.WriteNumber("excluded", sweep.Excluded);
        w.WriteNumber("excludedProbability", sweep.ExcludedWeight);
        w.WriteStartArray("constraints");
        for (var c = 0; c < plan.Space.Constraints.Count; c++)
        {
            w.WriteStartObject();
            w.WriteString("constraint", plan.Space.Constraints[c].Constraint.Label ?? plan.Space.Constraints[c].Constraint.Text);
            w.WriteString("location", plan.Space.Constraints[c].Constraint.Location.ToString());
            w.WriteNumber("holdsIn", sweep.Violations[c]);
            if (sweep.FirstViolation[c] is { } example)
            {
                w.WriteString("example", plan.Space.Describe(example));
            }
            else
            {
                w.WriteNull("example");
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("conclusions");
        foreach (var atom in sweep.Conclusions)
        {
            var trueIn = sweep.TrueIn(atom);
            var falseIn = sweep.FalseIn(atom);
            var conflictIn = sweep.Conflicting[atom];
            var contestedIn = sweep.ContestedIn(atom);
            w.WriteStartObject();
            w.WriteString("atom", program.Atoms[atom].Display);
            w.WriteNumber("trueIn", trueIn);
            w.WriteNumber("falseIn", falseIn);
            w.WriteNumber("conflictIn", conflictIn);
            w.WriteNumber("contestedIn", contestedIn);
            w.WriteNumber("unknownIn", sweep.Scenarios - trueIn - falseIn - conflictIn - contestedIn);
            w.WriteNumber("trueProbability", Math.Round(sweep.TrueProbability(atom), 12));
            w.WriteNumber("falseProbability", Math.Round(sweep.FalseProbability(atom), 12));
            w.WriteNumber("conflictProbability", Math.Round(sweep.ConflictProbability(atom), 12));
            w.WriteNumber("contestedProbability", Math.Round(sweep.ContestedProbability(atom), 12));
            if (program.Atoms[atom].IsValued)
            {
                w.WriteStartArray("values");
                foreach (var tally in sweep.ValuesOf(atom))
                {
                    w.WriteStartObject();
                    w.WriteString("value", tally.Value.ToString());
                    w.WriteNumber("scenarios", tally.Scenarios);
                    w.WriteNumber("trueIn", tally.TrueIn);
                    w.WriteNumber("conflictIn", tally.ConflictIn);
                    w.WriteNumber("contestedIn", tally.ContestedIn);
                    w.WriteNumber("trueProbability", Math.Round(tally.TrueProbability, 12));
                    w.WriteNumber("conflictProbability", Math.Round(tally.ConflictProbability, 12));
                    w.WriteNumber("contestedProbability", Math.Round(tally.ContestedProbability, 12));
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            if (sweep.HasDependencies && !sweep.IsSampled)
            {
                WriteStrings(w, "dependsOn", sweep.DependenciesOf(atom).Select(p => p.Display));
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("conflicts");
        w.WriteNumber("scenarios", sweep.ConflictCount);
        if (sweep.FirstConflict is { } first)
        {
            w.WriteString("example", plan.Space.Describe(first));
        }

        w.WriteEndObject();
        w.WriteEndObject();
    });

    /// <summary>A sweep that could not run, and why (what to do instead is in the reason).</summary>
    public static string NotSwept(string argument, string reason, QuestionContext? context = null) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", SchemaVersion);
        WriteContext(w, context);
        w.WriteString("argument", argument);
        w.WriteString("notSwept", reason);
        w.WriteEndObject();
    });

    /// <summary>The tipping points: per claim its counts, and per outcome the minimal sets of premise values that settle it.</summary>
    public static string Flips(FlipsAnswer answer, QuestionContext? context = null) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", SchemaVersion);
        WriteContext(w, context);
        if (answer.Note != FlipsNote.None)
        {
            w.WriteString("note", JsonNamingPolicy.CamelCase.ConvertName(answer.Note.ToString()));
        }

        w.WriteStartArray("claims");
        foreach (var claim in answer.Claims)
        {
            w.WriteStartObject();
            w.WriteString("claim", claim.Claim);
            w.WriteNumber("scenarios", claim.Scenarios);
            w.WriteNumber("trueIn", claim.TrueIn);
            w.WriteNumber("falseIn", claim.FalseIn);
            w.WriteNumber("conflictIn", claim.ConflictIn);
            w.WriteNumber("contestedIn", claim.ContestedIn);
            w.WriteNumber("unknownIn", claim.UnknownIn);
            w.WriteNumber("excluded", claim.Excluded);
            w.WriteStartArray("points");
            foreach (var point in claim.Points)
            {
                w.WriteStartObject();
                w.WriteString("outcome", JsonNamingPolicy.CamelCase.ConvertName(point.Outcome.ToString()));
                w.WriteNumber("scenarios", point.Scenarios);
                w.WriteNumber("searchedUpTo", point.SearchedUpTo);
                w.WriteNumber("moreSets", point.MoreSets);
                w.WriteStartArray("sets");
                foreach (var set in point.Sets)
                {
                    WriteStrings(w, null, set.Select(s => answer.Space!.Open[s.Premise].Describe(s.Choice)));
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>A what-if: the premises fixed and withdrawn, the conclusions that change, and the conflicts it creates.</summary>
    public static string WhatIf(IReadOnlyList<string> set, IReadOnlyList<string> dropped, IReadOnlyList<ConclusionChange> changes, IReadOnlyList<Diagnostic> conflicts, QuestionContext? context = null) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", SchemaVersion);
        WriteContext(w, context);
        WriteStrings(w, "set", set);
        WriteStrings(w, "dropped", dropped);
        w.WriteStartArray("changes");
        foreach (var change in changes)
        {
            w.WriteStartObject();
            w.WriteString("atom", change.Atom);
            w.WriteString("before", change.Before);
            w.WriteString("after", change.After);
            WriteStrings(w, "because", change.Because);
            WriteStrings(w, "whatIfPremises", change.WhatIfPremises);
            WriteJudgments(w, change.Judgments);
            WriteJudgments(w, change.AlsoJudgments, "alsoAnalystJudgments");
            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteDiagnostics(w, conflicts);
        w.WriteEndObject();
    });
}
