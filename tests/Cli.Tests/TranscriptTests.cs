using System.Text;
using System.Text.RegularExpressions;
using FluentAssertions;
using PolicyDsl.Testing;
using Xunit;

namespace PolicyDsl.Cli.Tests;

/// <summary>
/// The README and docs/language.md as tested documentation: every <c>$ policydsl VERB ...</c> shown in a fenced
/// block is run, and what it prints must be what the block shows, so the documentation cannot drift from the tool.
/// A line of <c>...</c> in a transcript stands for lines left out; the REPL session is replayed by ReplTests.
/// </summary>
public sealed class TranscriptTests
{
    public static TheoryData<string, int, string> Commands()
    {
        var data = new TheoryData<string, int, string>();
        foreach (var document in new[] { "README.md", Path.Combine("docs", "language.md") })
        {
            foreach (var (line, command, _) in Transcripts(document))
            {
                data.Add(document.Replace('\\', '/'), line, command);
            }
        }

        return data;
    }

    [Fact]
    public void The_documents_show_transcripts()
    {
        Transcripts("README.md").Should().HaveCountGreaterThan(8, "the README walks through the verbs with their real output");
    }

    [Fact]
    public void The_readme_opens_with_the_main_job_and_the_test_command_that_ci_runs()
    {
        var readme = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "README.md"));
        var block = Regex.Match(readme, "```sh\n(.*?)```", RegexOptions.Singleline).Groups[1].Value.TrimEnd('\n').Split('\n');
        block.Should().HaveCount(2, "the README starts with two commands: the main job and the tests");
        block[0].Should().Contain("check samples").And.Contain("test samples");
        block[1].Should().Be("bash tests/run.sh", "the test command installs what the suites need, on a bare machine too");
        File.ReadAllText(Path.Combine(TestPaths.RepoRoot, ".ci", "run")).Should().Contain("\nbash tests/run.sh ", "CI runs the README's test command");
        var script = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "tests", "run.sh"));
        foreach (var package in new[] { "graphviz", "chromium", "gringo" })
        {
            script.Should().Contain("missing+=(" + package + ")", "the test command installs " + package + " when it is missing");
        }

        script.Should().Contain("exec dotnet test PolicyDsl.sln");
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void A_command_shown_in_the_documentation_prints_what_it_shows(string document, int line, string command)
    {
        var shown = Transcripts(document).Single(t => t.Line == line).Output;
        var (_, output, error) = CliRunner.Run([.. Split(command)]);
        var printed = (output + error).TrimEnd('\n');
        Matches(shown, printed).Should().BeTrue($"{document}:{line} shows '$ policydsl {command}' printing\n{shown}\n\nbut it prints\n{printed}");
    }

    /// <summary>Each command of each fenced block, with the line it is on and the output shown after it (to the next command or the block's end).</summary>
    private static List<(int Line, string Command, string Output)> Transcripts(string document)
    {
        var lines = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, document)).Split('\n');
        var found = new List<(int, string, string)>();
        var inBlock = false;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("```", StringComparison.Ordinal))
            {
                inBlock = !inBlock;
                continue;
            }

            if (!inBlock || !lines[i].StartsWith("$ policydsl ", StringComparison.Ordinal) || lines[i].StartsWith("$ policydsl repl", StringComparison.Ordinal))
            {
                continue;
            }

            var output = new StringBuilder();
            var j = i + 1;
            for (; j < lines.Length && !lines[j].StartsWith("```", StringComparison.Ordinal) && !lines[j].StartsWith("$ ", StringComparison.Ordinal); j++)
            {
                output.Append(lines[j]).Append('\n');
            }

            found.Add((i + 1, lines[i]["$ policydsl ".Length..], output.ToString().TrimEnd('\n')));
        }

        return found;
    }

    /// <summary>Whether the printed text is the shown one, a line of "..." matching any run of lines.</summary>
    private static bool Matches(string shown, string printed)
    {
        var pattern = string.Join("\n", shown.Split('\n').Select(l => l.Trim() == "..." ? "\u0001" : Regex.Escape(l)));
        pattern = "^" + pattern.Replace("\n\u0001\n", "\n(?:.*\n)*?", StringComparison.Ordinal).Replace("\n\u0001", "(?:\n.*)*", StringComparison.Ordinal) + "$";
        return Regex.IsMatch(printed, pattern);
    }

    /// <summary>A command line as a shell reads it: words, with '...' and "..." quoting.</summary>
    private static List<string> Split(string command)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var quote = '\0';
        var inWord = false;
        foreach (var c in command)
        {
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                inWord = true;
            }
            else if (c == ' ')
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }
}
