using System.Runtime.CompilerServices;
using FluentAssertions;
using PolicyDsl.Evaluator.Checking;
using PolicyDsl.Repl.Commands;
using PolicyDsl.Testing;
using Xunit;

namespace PolicyDsl.Cli.Tests;

/// <summary>
/// A verb over many files holds one argument's analysis at a time (issue 23): what it keeps of a file once that file
/// is done (check its diagnostics, test its outcomes and coverage) must not keep the file's model or ground program
/// alive. Weak references to each analysis tell whether anything still holds it after a full collection.
/// </summary>
public sealed class RetentionTests : IDisposable
{
    private readonly TempFolder folder = TestPaths.CreateTempFolder();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Test_over_many_files_keeps_no_analysis_once_a_file_is_done()
    {
        var (kept, analyses) = CheckEach(report => TestedArgument.Of(report, withCoverage: true));

        kept.Should().HaveCount(3);
        kept.Sum(k => k.Failed).Should().Be(3, "each file has one failing expectation, kept with its proof");
        kept.SelectMany(k => k.Expectations).Where(e => !e.Passed).Should().OnlyContain(e => e.Explanation != null);
        CoverageReport.Of(kept.Select(k => k.Coverage)).Rules.Total.Should().Be(6);
        Collect();
        analyses.Should().OnlyContain(a => !a.IsAlive, "a kept outcome must not hold its file's model or program");
    }

    [Fact]
    public void Check_over_many_files_keeps_no_analysis_once_a_file_is_done()
    {
        var (kept, analyses) = CheckEach(report => report.Diagnostics);

        kept.Should().HaveCount(3);
        Collect();
        analyses.Should().OnlyContain(a => !a.IsAlive);
    }

    [Fact]
    public void The_previous_file_is_released_before_the_next_one_is_read()
    {
        // Asked while the loop moves to the next file, so it fails if any local of the loop still holds the file
        // before (unoptimised code keeps a local alive until it is overwritten, which for the analysis is after
        // the next file has been analysed: twice the peak).
        var analyses = new List<WeakReference>();
        var aliveWhenNextRead = new List<int>();
        IEnumerable<string> Files()
        {
            for (var i = 1; i <= 3; i++)
            {
                if (i > 1)
                {
                    Collect();
                    aliveWhenNextRead.Add(analyses.Count(a => a.IsAlive));
                }

                yield return folder.Write($"n{i}.policy", $"fact p{i}\nrule r{i}: if p{i} then s{i}\nexpect s{i}\n");
            }
        }

        var (kept, _) = Inputs.CheckAll(Files(), folder.Path, report =>
        {
            analyses.Add(new WeakReference(report.Model));
            analyses.Add(new WeakReference(report.Program));
            return report.Diagnostics.Count;
        });

        kept.Should().HaveCount(3);
        aliveWhenNextRead.Should().Equal([0, 0], "nothing of a checked file may outlive it while the next is checked");
    }

    /// <summary>
    /// An answer of the table of questions holds its record and context, not the analysis it was asked of: why --format
    /// json on a long chain wrote 198 MB while the analysis lived on beside it, and the peak went from 898 MB to 2.4 GB.
    /// </summary>
    [Fact]
    public void An_answer_holds_no_analysis_while_it_is_written()
    {
        var file = folder.Write("chain.policy", "fact p0\nrule r1: if p0 then p1\nrule r2: if p1 then p2\nexpect p2\n");
        foreach (var question in PolicyDsl.Repl.Hosting.Questions.All)
        {
            var (answer, analysis) = AskOnce(question, file);
            Collect();
            analysis.IsAlive.Should().BeFalse($"the {question.Verb} answer must not hold the analysis");
            var json = new StringWriter();
            answer.WriteJson(json);
            json.ToString().Should().Contain("\"context\"");
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (PolicyDsl.Repl.Hosting.QuestionAnswer Answer, WeakReference Analysis) AskOnce(PolicyDsl.Repl.Hosting.Question question, string file)
    {
        var analysis = PolicyDsl.Evaluator.Analysis.ArgumentAnalysis.Load(file);
        string[] arguments = question.Verb == "retract" ? ["p0"] : question.Arity == PolicyDsl.Repl.Hosting.QuestionArity.One ? ["p2"] : [];
        var answer = question.Ask(new PolicyDsl.Repl.Hosting.QuestionAsked(analysis, arguments, null, false, CancellationToken.None));
        return (answer, new WeakReference(analysis));
    }

    // Not inlined, so no local of the caller holds a report while it collects.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private (List<T> Kept, List<WeakReference> Analyses) CheckEach<T>(Func<ArgumentReport, T> keep)
    {
        var files = Enumerable.Range(1, 3).Select(i => folder.Write($"a{i}.policy",
            $"fact p{i}\nfact q{i}\nrule r{i}: if p{i} then s{i}\nrule t{i}: if q{i} then u{i}\nexpect s{i}\nexpect not u{i}\n")).ToList();
        var analyses = new List<WeakReference>();
        var (kept, _) = Inputs.CheckAll(files, folder.Path, report =>
        {
            analyses.Add(new WeakReference(report.Model));
            analyses.Add(new WeakReference(report.Program));
            return keep(report);
        });
        return (kept, analyses);
    }

    private static void Collect()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }
}
