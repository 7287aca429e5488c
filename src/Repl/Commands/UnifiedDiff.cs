using System.Text;

namespace PolicyDsl.Repl.Commands;

/// <summary>A unified diff of two texts by lines (Myers' algorithm), three lines of context, as <c>diff -u</c> prints it.</summary>
internal static class UnifiedDiff
{
    private const int Context = 3;

    /// <summary>Past this many differing lines the diff is given as one hunk replacing the file: the search would cost more than it tells.</summary>
    private const int MaxEdits = 1000;

    public static string Write(string path, string before, string after)
    {
        var a = Lines(before);
        var b = Lines(after);
        var edits = Edits(a, b);
        var text = new StringBuilder();
        text.Append("--- ").Append(path).Append('\n').Append("+++ ").Append(path).Append(" (formatted)\n");
        var i = 0;
        while (i < edits.Count)
        {
            if (edits[i].Kind == ' ')
            {
                i++;
                continue;
            }

            // A hunk: from three lines before this change to three after the last change within reach.
            var start = Math.Max(0, i - Context);
            var end = i;
            while (end < edits.Count)
            {
                if (edits[end].Kind != ' ')
                {
                    end++;
                    continue;
                }

                var next = end;
                while (next < edits.Count && edits[next].Kind == ' ')
                {
                    next++;
                }

                if (next == edits.Count || next - end > 2 * Context)
                {
                    break;
                }

                end = next;
            }

            end = Math.Min(edits.Count, end + Context);
            var hunk = edits.Skip(start).Take(end - start).ToList();
            var aStart = edits.Take(start).Count(e => e.Kind != '+') + 1;
            var bStart = edits.Take(start).Count(e => e.Kind != '-') + 1;
            var aCount = hunk.Count(e => e.Kind != '+');
            var bCount = hunk.Count(e => e.Kind != '-');
            text.Append($"@@ -{(aCount == 0 ? aStart - 1 : aStart)},{aCount} +{(bCount == 0 ? bStart - 1 : bStart)},{bCount} @@\n");
            foreach (var edit in hunk)
            {
                text.Append(edit.Kind).Append(edit.Line).Append('\n');
            }

            i = end;
        }

        return text.ToString();
    }

    private static string[] Lines(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        return text.EndsWith('\n') ? lines[..^1] : lines;
    }

    /// <summary>The edit script: each line kept (' '), removed ('-') or added ('+'), in order.</summary>
    private static List<(char Kind, string Line)> Edits(string[] a, string[] b)
    {
        int n = a.Length, m = b.Length, max = n + m;
        var limit = Math.Min(max, MaxEdits);
        var v = new int[(2 * limit) + 2];
        var trace = new List<int[]>();
        var found = -1;
        for (var d = 0; d <= limit && found < 0; d++)
        {
            trace.Add((int[])v.Clone());
            for (var k = -d; k <= d; k += 2)
            {
                var x = k == -d || (k != d && v[limit + k - 1] < v[limit + k + 1]) ? v[limit + k + 1] : v[limit + k - 1] + 1;
                var y = x - k;
                while (x < n && y < m && a[x] == b[y])
                {
                    x++;
                    y++;
                }

                v[limit + k] = x;
                if (x >= n && y >= m)
                {
                    found = d;
                    break;
                }
            }
        }

        if (found < 0)
        {
            return [.. a.Select(l => ('-', l)), .. b.Select(l => ('+', l))];
        }

        // Walk the trace back from the end to recover the path.
        var edits = new List<(char, string)>();
        int px = n, py = m;
        for (var d = found; d > 0; d--)
        {
            var vd = trace[d];
            var k = px - py;
            var prevK = k == -d || (k != d && vd[limit + k - 1] < vd[limit + k + 1]) ? k + 1 : k - 1;
            var prevX = vd[limit + prevK];
            var prevY = prevX - prevK;
            while (px > prevX && py > prevY)
            {
                edits.Add((' ', a[--px]));
                py--;
            }

            if (px == prevX)
            {
                edits.Add(('+', b[--py]));
            }
            else
            {
                edits.Add(('-', a[--px]));
            }
        }

        while (px > 0 && py > 0)
        {
            edits.Add((' ', a[--px]));
            py--;
        }

        edits.Reverse();
        return edits;
    }
}
