#!/usr/bin/env bash
# Draws the README's picture of the debate's map: docs/debate-map.svg, from samples/debate.policy, by Graphviz's dot.
# MapTests checks that the committed picture is what this script draws today; run it after changing the debate.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run --project src/Repl -c Release -- map samples/debate.policy --format svg -o docs/debate-map.svg
echo "wrote docs/debate-map.svg"
