using System.Runtime.CompilerServices;
using PolicyDsl.Testing;

namespace PolicyDsl.Browser.Tests;

internal static class AssemblySetup
{
    [ModuleInitializer]
    internal static void Initialize() => TestPaths.UseRepoRootAsWorkingDirectory();
}
