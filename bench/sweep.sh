#!/usr/bin/env bash
# Times the scenario sweep against clingo enumerating the same models, side by side in one run.
#   bench/sweep.sh            # 200 rules with 12, 16, 20 and 24 open premises
#   bench/sweep.sh 20 24
# Programs: ../shared/bench-anchors/gen.py --rules 200 --open K --fixed 20 --depth 8 --seed 1 (the anchors' e-programs),
# written in PolicyDsl's syntax by to_policy.py. policydsl: 'scenarios FILE' (per-conclusion counts of every scenario,
# bit-parallel on all cores), whole process; clingo: every model with per-atom counts ('0 -V0 | awk'), whole process.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
anchors="$root/../shared/bench-anchors"
sizes=${*:-12 16 20 24}
mkdir -p "$here/progs"
dotnet build "$root/src/Repl" -c Release -v quiet -nologo >/dev/null
policydsl="dotnet ${POLICYDSL_DLL:-$root/src/Repl/bin/Release/net10.0/policydsl.dll}"
wall() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc; }
printf '%-6s %12s %14s %12s %10s %s\n' open scenarios "policydsl s" "clingo s" ratio "policydsl scenarios/s"
for k in $sizes; do
  stem="$here/progs/e$k"
  [ -f "$stem.policy" ] || { python3 "$anchors/gen.py" --rules 200 --open "$k" --fixed 20 --depth 8 --seed 1 --out "$stem" >/dev/null; python3 "$here/to_policy.py" "$stem.json" "$stem.policy"; }
  p=$(wall $policydsl scenarios "$stem.policy")
  c=$(wall sh -c "clingo $stem.lp 0 -V0 -Wnone | awk -f $anchors/clingo_count.awk")
  n=$(( 1 << k ))
  printf '%-6s %12s %14.3f %12.3f %10.1f %.3g\n' "$k" "$n" "$p" "$c" "$(echo "$c / $p" | bc -l)" "$(echo "$n / $p" | bc -l)"
done
