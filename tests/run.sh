#!/usr/bin/env bash
# The README's test command: installs what the test suites need beyond the .NET SDK, then runs them all.
#   Graphviz (dot)       map --format svg and the report's maps        Debian package graphviz
#   Chromium             the report's browser tests (Playwright)        Debian package chromium
#   clingo               the differential test of the scenario sweep    Debian package gringo
# Each is installed with apt-get only when missing (as root, or through sudo); without a way to install one, the
# script says which and stops, since the suite would fail for a reason that is not the code's.
# Arguments go to 'dotnet test' (for example --filter FullyQualifiedName~ReplTests).
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

command -v dotnet >/dev/null || { echo "tests: the .NET SDK is required (dotnet on PATH; see global.json for the version)" >&2; exit 1; }

missing=()
command -v dot >/dev/null || missing+=(graphviz)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v clingo >/dev/null || missing+=(gringo)

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    echo "tests: the suites need ${missing[*]} (Debian packages); install them as root: apt-get install ${missing[*]}" >&2
    exit 1
  fi
  if ! command -v apt-get >/dev/null; then
    echo "tests: the suites need ${missing[*]}; this machine has no apt-get, so install them with its package manager" >&2
    exit 1
  fi
  echo "tests: installing ${missing[*]} (Debian packages) for the test suites"
  if ! { "${as_root[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "${missing[@]}"; } >/dev/null 2>&1; then
    echo "tests: apt-get could not install ${missing[*]}; install them by hand and run this again" >&2
    exit 1
  fi
  command -v dot >/dev/null && echo "tests: $(dot -V 2>&1 | head -1)"
  [ -x /usr/bin/chromium ] && echo "tests: $(/usr/bin/chromium --version 2>/dev/null | head -1)"
  command -v clingo >/dev/null && echo "tests: $(clingo --version | head -1)"
fi

exec dotnet test PolicyDsl.sln "$@"
