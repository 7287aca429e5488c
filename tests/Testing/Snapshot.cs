using System.Text;
using Xunit.Sdk;

namespace PolicyDsl.Testing;

/// <summary>
/// Snapshot assertions with Verify's file conventions (Verify.Xunit cannot be restored here): the approved text is
/// <c>NAME.verified.txt</c>, committed beside the test; a mismatch writes <c>NAME.received.txt</c> (ignored by git)
/// and fails with a readable diff. Setting <c>VERIFY_ACCEPT=1</c> for a test run accepts: the received text becomes
/// the verified one. The variable is read once, when the run starts; a test that needs to accept says so with the
/// <c>accept</c> argument, so no test changes what the others running beside it do.
/// Moving to Verify.Xunit later is mechanical: same files, same names.
/// </summary>
public static class Snapshot
{
    public const string AcceptVariable = "VERIFY_ACCEPT";

    /// <summary>Whether this test run accepts received snapshots (<c>VERIFY_ACCEPT=1</c> when it started).</summary>
    public static readonly bool AcceptRun = Environment.GetEnvironmentVariable(AcceptVariable) == "1";

    public static void Verify(string received, string directory, string name) => Verify(received, directory, name, AcceptRun);

    public static void Verify(string received, string directory, string name, bool accept)
    {
        received = received.Replace("\r\n", "\n", StringComparison.Ordinal);
        var verifiedPath = Path.Combine(directory, name + ".verified.txt");
        var receivedPath = Path.Combine(directory, name + ".received.txt");
        var verified = File.Exists(verifiedPath) ? File.ReadAllText(verifiedPath).Replace("\r\n", "\n", StringComparison.Ordinal) : null;
        if (verified == received)
        {
            File.Delete(receivedPath);
            return;
        }

        if (accept)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(verifiedPath)!);
            File.WriteAllText(verifiedPath, received);
            File.Delete(receivedPath);
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(receivedPath)!);
        File.WriteAllText(receivedPath, received);
        var message = verified is null
            ? $"No verified snapshot {Relative(verifiedPath)} yet; review {Relative(receivedPath)} and accept it with {AcceptVariable}=1."
            : $"Snapshot {Relative(verifiedPath)} differs from what was received ({Relative(receivedPath)}):\n{Diff(verified, received)}\nIf the change is intended, accept it with {AcceptVariable}=1 and explain it in the commit.";
        throw new XunitException(message);
    }

    private static string Relative(string path) => Path.GetRelativePath(TestPaths.RepoRoot, path).Replace('\\', '/');

    /// <summary>A line diff (longest common subsequence), with a little context, in unified-diff style.</summary>
    public static string Diff(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var lines = new List<(char Kind, string Text)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                lines.Add((' ', a[x++]));
                y++;
            }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                lines.Add(('+', b[y++]));
            }
            else
            {
                lines.Add(('-', a[x++]));
            }
        }

        var output = new StringBuilder();
        var shown = 0;
        for (var k = 0; k < lines.Count && shown < 200; k++)
        {
            var near = Enumerable.Range(Math.Max(0, k - 2), Math.Min(lines.Count, k + 3) - Math.Max(0, k - 2)).Any(n => lines[n].Kind != ' ');
            if (near)
            {
                output.Append(lines[k].Kind).Append(' ').Append(lines[k].Text).Append('\n');
                shown++;
            }
        }

        return output.ToString();
    }
}
