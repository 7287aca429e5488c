#!/usr/bin/env bash
# Times 'policydsl report' of the debate (six files, four scenarios) and of every sample, as whole processes, from
# the Release build; the issue's bar is the debate's report under 2 s. Usage: bench/report.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
dotnet build src/Repl -c Release -v q -nologo >/dev/null
cli=(dotnet src/Repl/bin/Release/net10.0/policydsl.dll)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for target in samples/debate.policy samples; do
  times=()
  for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    "${cli[@]}" report "$target" -o "$out/report.html" >/dev/null
    times+=($(( ($(date +%s%N) - start) / 1000000 )))
  done
  sorted=$(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ')
  echo "report $target: ${sorted}ms (sorted, $runs runs); $(stat -c %s "$out/report.html") bytes"
done
