// Tokenizes PolicyDsl text with the extension's TextMate grammar, as VS Code does (vscode-textmate, vscode-oniguruma).
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const textmate = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

let registryPromise;

function registry() {
  registryPromise ??= (async () => {
    const wasm = fs.readFileSync(path.join(path.dirname(require.resolve("vscode-oniguruma")), "onig.wasm")).buffer;
    await oniguruma.loadWASM(wasm);
    return new textmate.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
        createOnigString: (text) => new oniguruma.OnigString(text),
      }),
      loadGrammar: async (scopeName) => {
        if (scopeName !== "source.policydsl") {
          return null;
        }
        const file = path.join(__dirname, "..", "syntaxes", "policydsl.tmLanguage.json");
        return textmate.parseRawGrammar(fs.readFileSync(file, "utf8"), file);
      },
    });
  })();
  return registryPromise;
}

/** Each line's tokens: [{ text, scope }], scope the most specific one (source.policydsl for plain text). */
async function tokenize(text) {
  const grammar = await (await registry()).loadGrammar("source.policydsl");
  let state = textmate.INITIAL;
  const lines = [];
  for (const line of text.replace(/\r\n/g, "\n").split("\n")) {
    const result = grammar.tokenizeLine(line, state);
    lines.push(result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scope: t.scopes[t.scopes.length - 1] })));
    state = result.ruleStack;
  }
  return lines;
}

/** The tokens as a baseline: one line per source line, each token that is not white space as text => scope. */
function render(lines) {
  return lines
    .map((tokens, i) => `${i + 1}: ` + tokens.filter((t) => t.text.trim().length > 0).map((t) => `${JSON.stringify(t.text)} ${t.scope.replace(/\.policydsl$/, "")}`).join(" | "))
    .join("\n") + "\n";
}

module.exports = { tokenize, render };
