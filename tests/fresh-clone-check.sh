#!/usr/bin/env bash
# Runs the README's two top commands on a fresh clone of this repository, on a machine that lacks what the tests
# need beyond the .NET SDK: it first removes Debian's graphviz, chromium and gringo (and what only they pulled
# in), so the README's test command has to install them itself, as it would on a new machine.
# It changes the machine (apt-get purge), so it is run by hand, as root, never by the test suite:
#   bash tests/fresh-clone-check.sh [--keep-packages]
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
[ "$(id -u)" -eq 0 ] || { echo "fresh-clone-check: run as root (it removes and reinstalls Debian packages)" >&2; exit 2; }

if [ "${1:-}" != "--keep-packages" ]; then
  echo "== removing graphviz, chromium and gringo"
  DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq graphviz chromium chromium-common gringo >/dev/null 2>&1
  DEBIAN_FRONTEND=noninteractive apt-get autoremove -y -qq >/dev/null 2>&1
fi
for tool in dot clingo; do
  if command -v "$tool" >/dev/null; then echo "fresh-clone-check: $tool is still on the PATH ($(command -v "$tool"))"; else echo "absent: $tool"; fi
done
if [ -e /usr/bin/chromium ]; then echo "fresh-clone-check: /usr/bin/chromium still exists"; else echo "absent: /usr/bin/chromium"; fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone -q "$repo" "$work/clone"
cd "$work/clone"

# The README's first fenced block holds the two commands: the main job, then the tests.
mapfile -t commands < <(awk '/^```sh$/ {inside=1; next} inside && /^```$/ {exit} inside {print}' README.md)
[ "${#commands[@]}" -eq 2 ] || { echo "fresh-clone-check: the README's first block should hold two commands, found ${#commands[@]}" >&2; exit 1; }

status=0
for i in 0 1; do
  echo "== README command $((i + 1)): ${commands[$i]}"
  start=$(date +%s)
  bash -c "${commands[$i]}" > "$work/command$i.log" 2>&1
  code=$?
  tail -n 4 "$work/command$i.log"
  grep -E '^(tests: |Passed!|Failed!)' "$work/command$i.log" | sed 's/^/  /'
  echo "== exit $code after $(( $(date +%s) - start )) s"
  [ "$code" -eq 0 ] || status=1
done
exit $status
