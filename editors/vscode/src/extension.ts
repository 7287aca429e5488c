// Starts the PolicyDsl language server (policydsl lsp) for .policy files; the path is configurable.
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from "vscode-languageclient/node";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const config = vscode.workspace.getConfiguration("policydsl");
  const command = config.get<string>("server.path", "policydsl");
  const args = config.get<string[]>("server.args", ["lsp"]);
  const serverOptions: ServerOptions = {
    run: { command, args, transport: TransportKind.stdio },
    debug: { command, args, transport: TransportKind.stdio },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: "file", language: "policydsl" }],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/*.{policy,md}") },
  };
  client = new LanguageClient("policydsl", "PolicyDsl", serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("policydsl.server")) {
        await client?.restart();
      }
    }),
  );
  try {
    await client.start();
  } catch (error) {
    void vscode.window.showErrorMessage(
      `PolicyDsl: could not start '${command} ${args.join(" ")}' (${String(error)}). Install it (dotnet tool install --global PolicyDsl) or set policydsl.server.path.`,
    );
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
