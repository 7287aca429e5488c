#!/usr/bin/env bash
# Times the scenario sweep against clingo enumerating the same models, side by side in one run.
#   bench/sweep.sh                 # 200 rules with 12, 16, 20 and 24 open premises, and 100,000 rules with 10
#   bench/sweep.sh 20 24 large
# Programs: bench/gen.py --rules 200 --open K --fixed 20 --depth 8 --seed 1 (the anchors'
# e-programs) and --rules 100000 --open 10 --fixed 2000 --depth 20 --seed 1 (large), written in PolicyDsl's syntax
# by to_policy.py. Whole processes:
#   policydsl counts:  'scenarios --no-depends FILE': per-conclusion true/false counts of every scenario and the
#                      conflicting scenarios, bit-parallel on all cores (what clingo computes below);
#   policydsl full:    'scenarios FILE': the same plus, per conclusion, the open premises it depends on;
#   clingo:            every model with per-atom counts ('0 -V0 | awk'), the anchors' command.
# POLICYDSL_DLL overrides the build measured (e.g. a published ReadyToRun build).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
sizes=${*:-12 16 20 24 large}
mkdir -p "$here/progs"
dotnet build "$root/src/Repl" -c Release -v quiet -nologo >/dev/null
policydsl="dotnet ${POLICYDSL_DLL:-$root/src/Repl/bin/Release/net10.0/policydsl.dll}"
runs=${RUNS:-3}
wall() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# policydsl: median of RUNS whole processes (start-up noise on this VM is about 50 ms); clingo: one run, as it
# takes seconds to minutes and varies less in proportion.
printf '%-7s %8s %10s %10s %10s %10s %8s %8s %12s\n' program rules scenarios "counts s" "full s" "clingo s" ratio "ratio/f" "scenarios/s"
for k in $sizes; do
  if [ "$k" = large ]; then rules=100000; open=10; fixed=2000; depth=20; stem="$here/progs/l100k"
  else rules=200; open=$k; fixed=20; depth=8; stem="$here/progs/e$k"; fi
  [ -f "$stem.policy" ] || { python3 "$here/gen.py" --rules $rules --open $open --fixed $fixed --depth $depth --seed 1 --out "$stem" >/dev/null; python3 "$here/to_policy.py" "$stem.json" "$stem.policy"; }
  p=$(for i in $(seq "$runs"); do wall $policydsl scenarios --no-depends "$stem.policy"; done | median)
  f=$(for i in $(seq "$runs"); do wall $policydsl scenarios "$stem.policy"; done | median)
  c=$(wall sh -c "clingo $stem.lp 0 -V0 -Wnone | awk -f $here/clingo_count.awk")
  n=$(( 1 << open ))
  printf '%-7s %8s %10s %10.3f %10.3f %10.3f %8.1f %8.1f %12.3g\n' "$(basename "$stem")" $rules $n "$p" "$f" "$c" "$(echo "$c / $p" | bc -l)" "$(echo "$c / $f" | bc -l)" "$(echo "$n / $p" | bc -l)"
done
