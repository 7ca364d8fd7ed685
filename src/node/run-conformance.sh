#!/usr/bin/env bash
# Runs server scenarios of the pinned official MCP conformance suite against a URL, with the
# pinned Node 22 from node_modules (install first: cd src/node && npm ci).
#
#   src/node/run-conformance.sh URL [-o RESULTS_DIR] [SCENARIO...]
#
# Without scenarios it runs the set McpGate cares about. With -o, each scenario's checks.json
# lands in RESULTS_DIR/server-<scenario>-<timestamp>/. Exit status: 0 when no scenario had a
# failed check (warnings allowed), 1 otherwise, 2 when the tools are not installed.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
node="$here/node_modules/node/bin/node"
suite="$here/node_modules/@modelcontextprotocol/conformance/dist/index.js"
if [[ ! -x "$node" || ! -f "$suite" ]]; then
  echo "MCP Node peers are not installed. Run: cd $here && npm ci" >&2
  exit 2
fi
export PATH="$here/node_modules/node/bin:$PATH"
export NO_COLOR=1

if [[ $# -lt 1 ]]; then
  echo "usage: $0 URL [-o RESULTS_DIR] [SCENARIO...]" >&2
  exit 2
fi
url=$1
shift
out=()
if [[ "${1:-}" == "-o" ]]; then
  mkdir -p "$2"
  out=(-o "$(cd "$2" && pwd)")
  shift 2
fi
if [[ $# -eq 0 ]]; then
  set -- server-initialize tools-list ping logging-set-level server-sse-multiple-streams \
    dns-rebinding-protection server-sse-polling
fi

cd "$here"
status=0
summary=()
for scenario in "$@"; do
  log=$(mktemp)
  if "$node" "$suite" server --url "$url" --scenario "$scenario" "${out[@]}" >"$log" 2>&1; then rc=0; else rc=$?; fi
  cat "$log"
  line=$(sed 's/\x1b\[[0-9;]*[A-Za-z]//g' "$log" | grep -E '^Passed: [0-9]+/[0-9]+, [0-9]+ failed, [0-9]+ warnings' | tail -1 || true)
  rm -f "$log"
  summary+=("$scenario: ${line:-NO VERDICT} (exit $rc)")
  [[ $rc -eq 0 ]] || status=1
done
echo
echo "=== conformance summary for $url"
printf '%s\n' "${summary[@]}"
exit $status
