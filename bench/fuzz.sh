#!/usr/bin/env bash
# Runs the fuzz property (tests/Evaluator.Tests/Fuzzing) over N generated and mutated inputs and prints the counts:
# escaped exceptions, uncoded errors, nondeterministic outputs, slow inputs, and the first input of each failure.
#
#   bench/fuzz.sh            # 1,000,000 inputs (about half an hour on 2 cores)
#   bench/fuzz.sh 20000      # fewer
#   SEED=... bench/fuzz.sh   # CsCheck's seed, to repeat a run
#
# Then the host fuzz (tests/Cli.Tests/Fuzzing): N/1000 generated project folders (links that loop or lead out,
# imports and sources outside, hostile text) asked through every verb with generated options; HOST=... sets it.
# Then the language-server fuzz (tests/Cli.Tests/Fuzzing/LspFuzzTests): N/10000 generated projects, each sent a
# generated sequence of frames (documents, every request, ids of every JSON type, bodies and headers that are not
# the protocol's); LSP=... sets it.
#
# A failing input found here goes into tests/Evaluator.Tests/Fuzzing/regressions/, so every build runs it.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
report=$(mktemp)
trap 'rm -f "$report"' EXIT
start=$(date +%s)
POLICYDSL_FUZZ=${1:-1000000} POLICYDSL_FUZZ_SEED=${SEED:-} POLICYDSL_FUZZ_REPORT=$report \
  dotnet test "$root/tests/Evaluator.Tests" -c Release --filter "FullyQualifiedName~Generated_and_mutated_inputs_keep_every_promise" >/dev/null 2>&1
status=$?
cat "$report"
echo "wall time: $(( $(date +%s) - start )) s; exit $status"

# One fuzz test of tests/Cli.Tests at scale: the count's variable, the count, the report's variable, the test's name.
run_cli_fuzz() {
  local start status
  start=$(date +%s)
  env "$1=$2" POLICYDSL_FUZZ_SEED="${SEED:-}" "$3=$report" \
    dotnet test "$root/tests/Cli.Tests" -c Release --filter "FullyQualifiedName~$4" >/dev/null 2>&1
  status=$?
  cat "$report"
  echo "wall time: $(( $(date +%s) - start )) s; exit $status"
  return $status
}

run_cli_fuzz POLICYDSL_HOST_FUZZ "${HOST:-$(( ${1:-1000000} / 1000 ))}" POLICYDSL_HOST_FUZZ_REPORT Generated_folders_and_questions_keep_every_promise
hostStatus=$?
run_cli_fuzz POLICYDSL_LSP_FUZZ "${LSP:-$(( ${1:-1000000} / 10000 ))}" POLICYDSL_LSP_FUZZ_REPORT Generated_frames_keep_every_promise
lspStatus=$?
for s in $status $hostStatus $lspStatus; do
  [ "$s" -ne 0 ] && exit "$s"
done
exit 0
