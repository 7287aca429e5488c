#!/usr/bin/env bash
# Times the language server: from a change to samples/debate.policy (six files) to its diagnostics published, after
# warm-up, in-process over streams from the Release build. The issue's bar is 100 ms. Usage: bench/lsp-latency.sh [CHANGES]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run --project bench/LspLatency -c Release -- "$(pwd)" "${1:-40}"
