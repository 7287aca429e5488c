using System.CommandLine;
using PolicyDsl.Repl.Lsp;

namespace PolicyDsl.Repl.Commands;

/// <summary><c>policydsl lsp</c>: the language server over standard input and output, for editors (editors/vscode starts it).</summary>
internal static class LspCommand
{
    public static Command Create()
    {
        var command = new Command("lsp", "Run the language server over standard input and output (the Language Server Protocol): diagnostics as you type, hover, definitions, references, completion, rename, formatting, code lens.");
        command.SetAction(_ => LanguageServer.RunAsync(Console.OpenStandardInput(), Console.OpenStandardOutput()).GetAwaiter().GetResult());
        return command;
    }
}
