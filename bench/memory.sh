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
    'chain-rules': lambda i: f'rule r{i}: if p{i} then p{i + 1}\n' if i else 'fact p0\n',
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
for shape in short-facts same-fact; do
  echo "language server, $shape (open, then two edits):"
  python3 "$here/lsp-memory.py" "$out/$shape.policy" "$dll"
done
