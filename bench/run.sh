#!/usr/bin/env bash
# Times policydsl against clingo on the bench anchors' generated programs, side by side in one run.
#
#   bench/run.sh            # 1k, 10k, 30k and 100k rules
#   bench/run.sh 100000     # one size
#
# Programs come from bench/gen.py (the anchors' model, seeds and shapes: the same programs); bench/to_policy.py writes
# them in PolicyDsl's syntax with the same meaning (see its docstring). Whole-process wall times are the median of
# RUNS runs; policydsl's --timings splits one run into parse, check and evaluate. clingo runs only if installed
# (apt-get install -y gringo). Nothing here is a test: speed is measured, never asserted.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
runs=${RUNS:-5}
sizes=${*:-1000 10000 30000 100000}
mkdir -p "$here/progs"

dotnet build "$root/src/Repl" -c Release -v quiet -nologo >/dev/null
policydsl="dotnet $root/src/Repl/bin/Release/net10.0/policydsl.dll"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
wall() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc; }

printf '%-8s %-22s %10s  %s\n' rules engine "wall s" "notes"
for n in $sizes; do
  fixed=$(( n / 50 > 100 ? n / 50 : 100 )); depth=$(( n >= 100000 ? 20 : (n >= 10000 ? 15 : 10) ))
  stem="$here/progs/g$n"
  [ -f "$stem.policy" ] || { python3 "$here/gen.py" --rules "$n" --open 0 --fixed "$fixed" --depth "$depth" --seed 1 --out "$stem" >/dev/null; python3 "$here/to_policy.py" "$stem.json" "$stem.policy"; }
  t=$(for i in $(seq "$runs"); do wall $policydsl check "$stem.policy"; done | median)
  split=$( ($policydsl check --timings "$stem.policy" 2>&1 >/dev/null || true) | sed -n "s/^timings [^:]*: //p")
  printf '%-8s %-22s %10.3f  %s\n' "$n" "policydsl check" "$t" "$split"
  if command -v clingo >/dev/null; then
    t=$(for i in $(seq "$runs"); do wall clingo "$stem.lp" 1 -q2 -Wnone; done | median)
    printf '%-8s %-22s %10.3f  %s\n' "$n" "clingo (ground+solve)" "$t" "same program, one model"
  fi
done
