#!/usr/bin/env bash
# Builds the VS Code extension into editors/vscode/policydsl.vsix: installs its npm packages (from package-lock.json),
# type-checks the TypeScript and bundles it with esbuild (the client library included), runs the grammar tests, and
# packages with @vscode/vsce (9 files: the bundle, the grammar, the language configuration, the manifest).
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
npm run compile
npm test
npx vsce package --no-dependencies --out policydsl.vsix
echo "wrote $(pwd)/policydsl.vsix; install it with: code --install-extension $(pwd)/policydsl.vsix"
