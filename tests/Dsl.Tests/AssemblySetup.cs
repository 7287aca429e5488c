using System.Runtime.CompilerServices;
using PolicyDsl.Testing;

namespace PolicyDsl.Dsl.Tests;

internal static class AssemblySetup
{
    [ModuleInitializer]
    internal static void Initialize() => TestPaths.UseRepoRootAsWorkingDirectory();
}
