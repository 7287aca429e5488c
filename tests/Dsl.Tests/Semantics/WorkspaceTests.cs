using FluentAssertions;
using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Dsl.Files;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Testing;
using Xunit;

namespace PolicyDsl.Dsl.Tests.Semantics;

public class WorkspaceTests
{
    [Fact]
    [Raises("PD0013")]
    public void Binary_and_non_utf8_files_are_refused_with_a_diagnostic()
    {
        using var folder = TestPaths.CreateTempFolder();
        var withNul = Path.Combine(folder.Path, "nul.policy");
        File.WriteAllBytes(withNul, [0x66, 0x00, 0x01, 0xFF]);
        var notUtf8 = Path.Combine(folder.Path, "latin1.policy");
        File.WriteAllBytes(notUtf8, [0x66, 0x61, 0x63, 0x74, 0x20, 0xE9, 0xE8]);

        Workspace.Load(withNul).Diagnostics.Should().ContainSingle().Which.Code.Should().Be("PD0013");
        var diagnostic = Workspace.Load(notUtf8).Diagnostics.Should().ContainSingle().Subject;
        diagnostic.Code.Should().Be("PD0013");
        diagnostic.Message.Should().Contain("not UTF-8 text");
    }

    [Fact]
    [Raises("PD0014")]
    public void Files_over_the_size_limit_are_refused_without_reading_them()
    {
        using var folder = TestPaths.CreateTempFolder();
        var huge = Path.Combine(folder.Path, "huge.policy");
        using (var stream = File.Create(huge))
        {
            stream.SetLength(DiskFileProvider.MaxFileBytes + 1);
        }

        var diagnostic = Workspace.Load(huge).Diagnostics.Should().ContainSingle().Subject;
        diagnostic.Code.Should().Be("PD0014");
        diagnostic.Message.Should().Contain("split it into arguments checked apart");
    }

    [Fact]
    public void An_argument_holds_at_most_six_mebibytes_of_text_in_its_file_and_imports_together()
    {
        // Memory is proportional to an argument's text; the cap bounds it for check and the language server alike.
        using var folder = TestPaths.CreateTempFolder();
        var half = string.Concat(Enumerable.Repeat("// a comment line that pads the file to the size wanted\n", Workspace.MaxArgumentChars / 2 / 56 + 1));
        folder.Write("a.policy", "fact a\n" + half);
        folder.Write("b.policy", "fact b\n" + half);
        var root = folder.Write("root.policy", "import \"a.policy\"\nimport \"b.policy\"\nfact c\n");

        var both = Workspace.Load(root);
        var refused = both.Diagnostics.Should().ContainSingle().Subject;
        refused.Code.Should().Be("PD0014");
        (Path.GetFileName(refused.Path), refused.Start.Line).Should().Be(("root.policy", 2), "the import that passes the cap is the one refused");
        refused.Message.Should().Contain("b.policy' would bring the argument").And.Contain("6 MiB");
        both.Trees.Select(t => Path.GetFileName(t.Source.Path)).Should().Equal("a.policy", "root.policy");

        var alone = folder.Write("alone.policy", "fact a\n" + half + half);
        Workspace.Load(alone).Diagnostics.Should().ContainSingle().Which.Message.Should().Contain("alone.policy' holds more than the 6 MiB");
        Workspace.Load(folder.Write("fits.policy", "import \"a.policy\"\nfact c\n")).Diagnostics.Should().BeEmpty();
    }

    [Fact]
    public void Imports_resolve_relative_to_the_importing_file_and_load_once()
    {
        using var folder = TestPaths.CreateTempFolder();
        folder.Write("lib/shared.policy", "type actor = US | China\n");
        folder.Write("lib/a.policy", "import \"shared.policy\"\nfact a(US)\n");
        var root = folder.Write("root.policy", "import \"lib/a.policy\"\nimport \"lib/shared.policy\"\nfact b(China)\n");

        var workspace = Workspace.Load(root);
        workspace.Diagnostics.Should().BeEmpty();
        workspace.Trees.Select(t => Path.GetFileName(t.Source.Path)).Should().Equal("shared.policy", "a.policy", "root.policy");
    }

    [Fact]
    public void Workspace_from_text_reads_its_imports_from_disk()
    {
        using var folder = TestPaths.CreateTempFolder();
        folder.Write("v.policy", "type actor = US\n");
        var model = Analyzer.Analyze(Workspace.FromText(Path.Combine(folder.Path, "session.policy"), "import \"v.policy\"\nfact a(US)\n"));
        model.Diagnostics.Should().BeEmpty();
        model.Facts.Should().ContainSingle();
    }

    [Fact]
    public void Paths_in_reports_are_relative_with_forward_slashes()
    {
        DisplayPath.For(Path.Combine(TestPaths.RepoRoot, "samples", "x.policy")).Should().Be("samples/x.policy");
    }

    [Fact]
    public void Diagnostics_sort_by_file_position_and_code_without_repeats()
    {
        var source = new Dsl.Text.SourceText("b.policy", "fact a\nfact b\n");
        var other = new Dsl.Text.SourceText("a.policy", "x");
        var late = DiagnosticCatalog.SyntaxError.Create(source, new(7, 1), "late");
        var early = DiagnosticCatalog.SyntaxError.Create(source, new(0, 1), "early");
        var first = DiagnosticCatalog.SyntaxError.Create(other, new(0, 1), "first");
        DiagnosticBag.Sort([late, early, first, late]).Select(d => d.Message).Should().Equal("first", "early", "late");
    }

    [Fact]
    public void A_file_carries_its_full_path_apart_from_the_path_reports_show()
    {
        var workspace = Workspace.Load("samples/debate.policy");
        foreach (var tree in workspace.Trees)
        {
            tree.Source.FullPath.Should().NotBeNull().And.Match(p => Path.IsPathRooted(p));
            DisplayPath.For(tree.Source.FullPath!).Should().Be(tree.Source.Path);
        }

        workspace.Root!.Source.Path.Should().Be("samples/debate.policy");
        new Dsl.Text.SourceText("<query>", "a").FullPath.Should().BeNull("a query is not a file");
    }
}
