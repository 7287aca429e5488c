using System.Runtime.CompilerServices;
using PolicyDsl.Testing;

namespace PolicyDsl.Cli.Tests;

internal static class AssemblySetup
{
    [ModuleInitializer]
    internal static void Initialize() => TestPaths.UseRepoRootAsWorkingDirectory();
}
