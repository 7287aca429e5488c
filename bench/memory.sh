#!/usr/bin/env bash
# Peak memory of check and of the language server on arguments just under the 6 MiB an argument may hold
# (Workspace.MaxArgumentChars), in the shapes that cost most per character, and the time check takes.
#
#   bench/memory.sh
#
# Measured, never asserted: the figures go to bench/README.md. Needs /usr/bin/time (apt-get install time).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
out="$here/out/memory"
mkdir -p "$out"
dotnet build "$root/src/Repl" -c Release -v quiet -nologo >/dev/null
dll="$root/src/Repl/bin/Release/net10.0/policydsl.dll"

python3 - "$out" <<'PY'
import sys, os
out = sys.argv[1]
cap = 6 * 1024 * 1024 - 100
shapes = {
    'short-facts': lambda i: f'fact {chr(97 + i % 26)}{i // 26}\n',
    'same-fact': lambda i: 'fact a\n',
    'open-premises': lambda i: f'assume p{i}\n' if i else 'fact p0\n',
    'or-rules': lambda i: f'rule r{i}: if a or b or c or d or e or f or g then q\n' if i else 'fact a\n',
    'chain-rules': lambda i: f'rule r{i}: if p{i - 1} then p{i}\n' if i else 'fact p0\n',
    'values': lambda i: f'fact v{i} = {i}\n',
    'broken': lambda i: 'x\n',
}
for name, line in shapes.items():
    with open(os.path.join(out, name + '.policy'), 'w') as f:
        n = i = 0
        while True:
            s = line(i)
            if n + len(s) > cap:
                break
            f.write(s); n += len(s); i += 1
PY

printf '%-16s %12s %10s\n' shape "check MB" "check s"
for f in "$out"/*.policy; do
  /usr/bin/time -f "%M %e" -o "$out/time" dotnet "$dll" check "$f" >/dev/null 2>&1 || true
  read -r kb s < <(tail -1 "$out/time")
  printf '%-16s %12d %10s\n' "$(basename "$f" .policy)" $((kb / 1024)) "$s"
done
# Every verb whose output grows with the argument, on the deepest reasoning: the chain, each conclusion the next
# rule's condition (the input that made the reports quadratic before 9c904d6).
last=$(grep -c '^rule' "$out/chain-rules.policy")
printf '\n%-34s %10s %8s %12s\n' "chain-rules, verb" "peak MB" "s" "output bytes"
for verb in "eval" "eval --format json" "test" "why p$last" "why p$last --format json" "support p$last" "map" "report -o $out/chain.html"; do
  set -- $verb
  /usr/bin/time -f "%M %e" -o "$out/time" dotnet "$dll" "$1" "$out/chain-rules.policy" "${@:2}" >"$out/verb.out" 2>/dev/null || true
  read -r kb s < <(tail -1 "$out/time")
  printf '%-34s %10d %8s %12d\n' "$verb" $((kb / 1024)) "$s" "$(wc -c < "$out/verb.out")"
done

# The report asks every question of an argument (map, proofs, the sweep of its scenarios, tipping points), each
# bounded by the argument's size; and check over several files holds one file's analysis at a time.
printf '\n%-16s %12s %10s\n' shape "report MB" "report s"
for f in "$out"/*.policy; do
  /usr/bin/time -f "%M %e" -o "$out/time" dotnet "$dll" report "$f" -o "$out/report.html" >/dev/null 2>&1 || true
  read -r kb s < <(tail -1 "$out/time")
  printf '%-16s %12d %10s\n' "$(basename "$f" .policy)" $((kb / 1024)) "$s"
done
mkdir -p "$out/three"
for i in 1 2 3; do cp "$out/short-facts.policy" "$out/three/f$i.policy"; done
/usr/bin/time -f "%M %e" -o "$out/time" dotnet "$dll" check "$out/three" >/dev/null 2>&1 || true
read -r kb s < <(tail -1 "$out/time")
printf '\ncheck over three 6 MiB files: %d MB, %s s\n\n' $((kb / 1024)) "$s"

for shape in short-facts same-fact; do
  echo "language server, $shape (open, then two edits):"
  python3 "$here/lsp-memory.py" "$out/$shape.policy" "$dll"
done
