using PolicyDsl.Dsl.Text;

namespace PolicyDsl.Dsl.Diagnostics;

/// <summary>
/// Collects diagnostics while a stage runs, holding at most <see cref="MaxPerFile"/> errors and as many warnings per
/// file: the first ones in file order, and a count of the rest. A 10 MB file of one mistake repeated would otherwise
/// print hundreds of thousands of lines and hold them all in memory (memory is bounded by design: a stage may report
/// a problem per statement, the bag keeps a fixed number). Infos are the argument's own acknowledgements, one per
/// statement that asks for them, and are all kept.
/// </summary>
public sealed class DiagnosticBag
{
    /// <summary>Past this many errors (or warnings) in one file, the first are listed and the rest counted in one diagnostic.</summary>
    public const int MaxPerFile = 100;

    private readonly Dictionary<(string Path, Severity Severity), Bucket> buckets = [];
    private readonly List<Diagnostic> infos = [];
    private bool hasErrors;

    /// <summary>How many diagnostics were reported, listed or only counted.</summary>
    public int Count { get; private set; }

    public bool HasErrors => hasErrors;

    public void Add(Diagnostic diagnostic)
    {
        Count++;
        hasErrors |= diagnostic.IsError;
        if (diagnostic.Severity == Severity.Info)
        {
            infos.Add(diagnostic);
            return;
        }

        BucketOf(diagnostic.Path, diagnostic.Severity).Add(diagnostic);
    }

    /// <summary>Counts problems a stage found but did not describe (past the cap, describing them is wasted work).</summary>
    public void AddUnlisted(string path, Severity severity, int count)
    {
        if (count > 0)
        {
            Count += count;
            hasErrors |= severity == Severity.Error;
            BucketOf(path, severity).AddUnlisted(count);
        }
    }

    private Bucket BucketOf(string path, Severity severity)
    {
        if (!buckets.TryGetValue((path, severity), out var bucket))
        {
            buckets[(path, severity)] = bucket = new Bucket();
        }

        return bucket;
    }

    public void AddRange(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            Add(diagnostic);
        }
    }

    public void Report(DiagnosticDescriptor descriptor, SourceText? source, TextSpan span, string message, params RelatedLocation[] related) =>
        Add(descriptor.Create(source, span, message, related));

    /// <summary>The diagnostics, without exact repeats, in stable order; past the cap, the first of each file and one that counts the rest.</summary>
    public IReadOnlyList<Diagnostic> ToSortedList()
    {
        var all = new List<Diagnostic>(infos);
        foreach (var bucket in buckets.Values)
        {
            all.AddRange(bucket.Listed());
        }

        return Sort(all);
    }

    /// <summary>How many problems of a severity a list stands for: a capped list's last line counts the ones it does not list.</summary>
    public static int Total(IEnumerable<Diagnostic> diagnostics, Severity severity) =>
        diagnostics.Where(d => d.Severity == severity).Sum(d => Math.Max(1, d.Unlisted));

    public static IReadOnlyList<Diagnostic> Sort(IEnumerable<Diagnostic> diagnostics)
    {
        var seen = new HashSet<(string, int, int, string, string)>();
        var unique = diagnostics.Where(d => seen.Add((d.Path, d.Span.Start, d.Span.Length, d.Code, d.Message))).ToList();
        unique.Sort(Diagnostic.Compare);
        return unique;
    }

    /// <summary>The first <see cref="MaxPerFile"/> distinct diagnostics of one file and severity, kept in a heap whose top is the last of them.</summary>
    private sealed class Bucket
    {
        private static readonly Comparer<Diagnostic> Latest = Comparer<Diagnostic>.Create((a, b) => Diagnostic.Compare(b, a));

        private readonly PriorityQueue<Diagnostic, Diagnostic> first = new(Latest);
        private readonly HashSet<(int, int, string, string)> kept = [];
        private int total;

        public void AddUnlisted(int count) => total += count;

        public void Add(Diagnostic diagnostic)
        {
            if (diagnostic.Unlisted > 0)
            {
                // An earlier stage's count of what it did not list: those problems come after every one it listed.
                total += diagnostic.Unlisted;
                return;
            }

            var key = (diagnostic.Span.Start, diagnostic.Span.Length, diagnostic.Code, diagnostic.Message);
            if (kept.Contains(key))
            {
                return;
            }

            total++;
            if (first.Count < MaxPerFile)
            {
                first.Enqueue(diagnostic, diagnostic);
                kept.Add(key);
                return;
            }

            if (Diagnostic.Compare(diagnostic, first.Peek()) < 0)
            {
                var dropped = first.Dequeue();
                kept.Remove((dropped.Span.Start, dropped.Span.Length, dropped.Code, dropped.Message));
                first.Enqueue(diagnostic, diagnostic);
                kept.Add(key);
            }
        }

        public IEnumerable<Diagnostic> Listed()
        {
            var sorted = first.UnorderedItems.Select(i => i.Element).ToList();
            sorted.Sort(Diagnostic.Compare);
            if (total <= MaxPerFile)
            {
                return sorted;
            }

            // The cap's own line takes the place of the last one kept, so a file lists MaxPerFile lines at most.
            var last = sorted[^1];
            var unlisted = total - (MaxPerFile - 1);
            var error = last.IsError;
            var summary = (error ? DiagnosticCatalog.TooManyErrors : DiagnosticCatalog.TooManyWarnings).Create(last.Source, last.Span,
                $"{unlisted:N0} more {(error ? "errors" : "warnings")} in this file are not listed ({total:N0} in all); fix these first, as one mistake often repeats")
                with
            { Unlisted = unlisted };
            return sorted.Take(MaxPerFile - 1).Append(summary);
        }
    }
}
