#!/usr/bin/env bash
# Runs the add-in's node tests of the given folders (CTest: addin.node and addin.manifest).
#   bash addin/tools/run_node_tests.sh test          # the JavaScript modules
#   bash addin/tools/run_node_tests.sh manifest_test # the manifest (needs xmllint and the schemas)
# Fails — never skips — when node or the pinned devDependencies are missing, saying how to get them.
# Files are listed here rather than passing a folder to node --test: node 20 takes folders, node 21+
# takes glob patterns only, and an explicit list works with both.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v node >/dev/null; then
  echo "addin tests: node not found; install Node.js 18 or later (Debian: apt-get install nodejs npm)" >&2
  exit 1
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 18 ]; then
  echo "addin tests: node $(node --version) is too old; node 18 or later is needed" >&2
  exit 1
fi
want=$(node -p 'require("./package.json").devDependencies["office-addin-mock"]')
have=$(node -p 'try { require("./node_modules/office-addin-mock/package.json").version } catch { "" }')
if [ "$have" != "$want" ]; then
  echo "addin tests: node_modules is missing or stale (office-addin-mock ${have:-absent}, want $want);" \
       "run: npm ci --prefix addin" >&2
  exit 1
fi
files=()
for dir in "$@"; do
  for f in "$dir"/*.test.mjs; do
    [ -e "$f" ] && files+=("$f")
  done
done
if [ ${#files[@]} -eq 0 ]; then
  echo "addin tests: no *.test.mjs files in: $*" >&2
  exit 1
fi
exec node --test "${files[@]}"
