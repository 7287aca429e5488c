using System.Reflection;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Evaluator.Analysis;

namespace PolicyDsl.Repl.Interactive;

/// <summary>What Tab offers: commands, the model's names, the C# globals and members of what they return.</summary>
public static class Completions
{
    private static readonly string[] Globals = typeof(ReplGlobals).GetMembers(BindingFlags.Public | BindingFlags.Instance)
        .Where(m => m is PropertyInfo || (m is MethodInfo method && !method.IsSpecialName && method.DeclaringType == typeof(ReplGlobals)))
        .Select(m => m.Name).Distinct().ToArray();

    private static readonly string[] Linq = ["Where", "Select", "Count", "Any", "All", "First", "OrderBy", "OrderByDescending", "GroupBy", "ToList", "Take", "Skip", "Distinct"];

    public static IReadOnlyList<string> For(ReplSession session, string before)
    {
        if (before.TrimStart().StartsWith(':') && !before.Contains(' ', StringComparison.Ordinal))
        {
            return [.. ReplSession.Commands.Select(c => c.Name)];
        }

        var names = new List<string>();
        if (before.EndsWith('.') || char.IsLetterOrDigit(before.LastOrDefault()) && before.Contains('.', StringComparison.Ordinal))
        {
            // After a dot: members of the view types and LINQ.
            names.AddRange(Linq);
            names.AddRange(new[] { typeof(FactView), typeof(RuleView), typeof(ConclusionView), typeof(RelationView), typeof(ExpectationView), typeof(QueryRow) }
                .SelectMany(t => t.GetProperties().Select(p => p.Name)));
            return names;
        }

        // The language's names come from the completion source the language server offers too.
        names.AddRange(CompletionSource.Names(session.Model).Where(n => n.Kind is not (ReferenceKindOrKeyword.Type or ReferenceKindOrKeyword.Scale or ReferenceKindOrKeyword.Source)).Select(n => n.Label));
        names.AddRange(Globals);
        return [.. names.Distinct(StringComparer.Ordinal)];
    }
}
