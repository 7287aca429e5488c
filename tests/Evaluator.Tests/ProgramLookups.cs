using PolicyDsl.Evaluator.Grounding;

namespace PolicyDsl.Evaluator.Tests;

/// <summary>Tests name atoms as reports print them; the product finds atoms by key or id, never by that text.</summary>
internal static class ProgramLookups
{
    public static int? AtomNamed(this GroundProgram program, string display) => program.Atoms.FirstOrDefault(a => a.Display == display)?.Id;
}
