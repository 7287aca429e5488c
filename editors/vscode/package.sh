#!/usr/bin/env bash
# Builds the VS Code extension into editors/vscode/policydsl.vsix: installs its npm packages (from package-lock.json),
# compiles the TypeScript, runs the grammar tests, and packages with @vscode/vsce.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
npm run compile
npm test
npx vsce package --out policydsl.vsix
echo "wrote $(pwd)/policydsl.vsix; install it with: code --install-extension $(pwd)/policydsl.vsix"
