using System.Text;
using System.Text.Json;
using FluentAssertions;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Repl.Lsp;
using PolicyDsl.Testing;
using Xunit;

namespace PolicyDsl.Cli.Tests;

/// <summary>
/// The language server's memory rule (issue 23): the analyses it keeps hold no more text together than one argument
/// may (<see cref="Workspace.MaxArgumentChars"/>), however many large documents are open; the longest-kept are
/// dropped, and remade when asked for again.
/// </summary>
public sealed class LspMemoryTests : IDisposable
{
    private readonly TempFolder folder = TestPaths.CreateTempFolder();

    public void Dispose() => folder.Dispose();

    private static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value);

    [Fact]
    public void Analyses_kept_hold_no_more_text_than_one_argument_however_many_large_documents_are_open()
    {
        // Three documents of over a third of the limit each: two fit, the third's analysis drops the oldest.
        var size = (Workspace.MaxArgumentChars / 3) + 1000;
        var text = new StringBuilder();
        for (var i = 0; text.Length < size; i++)
        {
            text.Append("fact p").Append(i).Append('\n');
        }

        using var session = new LspSession((_, _) => Task.CompletedTask);
        session.Initialize(Json(new { capabilities = new { } }));
        var uris = Enumerable.Range(1, 3).Select(i => new Uri(Path.Combine(folder.Path, $"big{i}.policy")).AbsoluteUri).ToList();
        foreach (var uri in uris)
        {
            session.DidOpen(Json(new { textDocument = new { uri, languageId = "policydsl", version = 1, text = text.ToString() } }));
        }

        // Opening a document starts the analyses afresh (it may be another's import), so they are asked for after.
        foreach (var uri in uris)
        {
            session.Hover(Json(new { textDocument = new { uri }, position = new { line = 0, character = 6 } })).Should().NotBeNull();
            session.Kept.Characters.Should().BeLessThanOrEqualTo(Workspace.MaxArgumentChars, "after hovering in {0}", uri);
        }

        session.Kept.Count.Should().Be(2, "the first document's analysis was dropped for the third's");

        // Asked for again, the dropped analysis is remade, and another is dropped for it.
        session.Hover(Json(new { textDocument = new { uri = uris[0] }, position = new { line = 0, character = 6 } })).Should().NotBeNull();
        session.Kept.Should().Be((2, 2L * text.Length));
    }
}
