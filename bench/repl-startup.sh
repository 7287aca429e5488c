#!/usr/bin/env bash
# Measures the interactive REPL as a person meets it: time from launch to the prompt, and from launch to the
# first C# result, typed as soon as the prompt shows. Drives the real terminal program under tmux and polls the
# screen every 10 ms. Usage: bench/repl-startup.sh [RUNS]   (needs tmux: apt-get install -y tmux)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}
dotnet build "$root/src/Repl" -c Release -v quiet -nologo >/dev/null
exe="dotnet ${POLICYDSL_DLL:-$root/src/Repl/bin/Release/net10.0/policydsl.dll} repl $root/samples/000-no-deal-left.policy"
now() { date +%s%N; }
wait_for() { local pattern=$1 deadline=$(( $(now) + 30000000000 )); until tmux capture-pane -p -t bench | grep -q -- "$pattern"; do [ "$(now)" -lt "$deadline" ] || { echo "timeout waiting for $pattern"; exit 1; }; sleep 0.01; done; }
printf '%-4s %14s %22s\n' run "prompt (ms)" "first C# result (ms)"
for i in $(seq "$runs"); do
  tmux kill-session -t bench 2>/dev/null || true
  start=$(now)
  tmux new-session -d -s bench -x 200 -y 50 "POLICYDSL_HISTORY=/dev/null $exe"
  wait_for '^policydsl>'
  prompt=$(( ($(now) - start) / 1000000 ))
  tmux send-keys -t bench 'Facts.Count * 1000 + 7' Enter
  wait_for '^17007$'
  result=$(( ($(now) - start) / 1000000 ))
  printf '%-4s %14s %22s\n' "$i" "$prompt" "$result"
  tmux send-keys -t bench ':quit' Enter
  sleep 0.2
done
tmux kill-session -t bench 2>/dev/null || true
