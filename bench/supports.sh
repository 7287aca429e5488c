#!/usr/bin/env bash
# Times what computing supports costs: 'eval' (which computes every conclusion's minimal supports) beside 'check'
# (which does not), whole processes, with peak memory, on the debate and on generated programs:
#   s1000   bench/gen.py --rules 1000 --fixed 100 --depth 10 (the anchors' shape: several rules per conclusion)
#   t10000  --rules 10000 --fixed 200 --depth 15 --atoms-per-rule 1 (one rule per conclusion)
#   g10000  --rules 10000 --fixed 200 --depth 15 (the anchors' shape; past the diagram limit: PD0066)
# and 'support' / 'critical' / 'retract' on the samples. Nothing here is a test: speed is measured, never asserted.
#   bench/supports.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
mkdir -p "$here/progs"
dotnet build "$root/src/Repl" -c Release -v quiet -nologo >/dev/null
policydsl="dotnet ${POLICYDSL_DLL:-$root/src/Repl/bin/Release/net10.0/policydsl.dll}"
gen() { local stem="$here/progs/$1"; shift; [ -f "$stem.policy" ] || { python3 "$here/gen.py" "$@" --open 0 --seed 1 --out "$stem" >/dev/null; python3 "$here/to_policy.py" "$stem.json" "$stem.policy"; }; }
gen s1000 --rules 1000 --fixed 100 --depth 10
gen t10000 --rules 10000 --fixed 200 --depth 15 --atoms-per-rule 1
gen g10000 --rules 10000 --fixed 200 --depth 15
measure() { /usr/bin/time -o /tmp/policydsl-supports.time -f '%e %M' $policydsl "$@" >/tmp/policydsl-supports.out 2>&1 || true; tail -1 /tmp/policydsl-supports.time; }
printf '%-62s %8s %10s  %s\n' command "wall s" "peak MB" notes
cd "$root"
for args in "check samples/debate.policy" "eval samples/debate.policy" "support samples/debate.policy leverage(China,Russia)" \
            "critical samples/003-enlist-xi.policy capital_leverage(US,China)" "retract samples/debate.policy enlist" \
            "check bench/progs/s1000.policy" "eval bench/progs/s1000.policy" "check bench/progs/t10000.policy" "eval bench/progs/t10000.policy" \
            "check bench/progs/g10000.policy" "eval bench/progs/g10000.policy"; do
  read -r t m <<<"$(measure $args)"
  note=$(grep -o 'PD006[56]' /tmp/policydsl-supports.out | sort | uniq -c | tr '\n' ' ' || true)
  printf '%-62s %8s %10.0f  %s\n' "$args" "$t" "$(echo "$m / 1024" | bc -l)" "$note"
done
