#!/usr/bin/env bash
# Compiles devnet/contracts/*.sol with solc-js (npm package solc, exact version below) and writes
# <Contract>.json (abi + bytecode) next to the sources; these files are committed and the tests and
# the demo read them.
#
#   compile-contracts.sh           install solc if needed, compile, write the JSON files
#   compile-contracts.sh --check   compile into a temp folder and fail if it differs from the committed JSON
set -euo pipefail
DEVNET_TAG=solc
# shellcheck source=devnet/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SOLC_VERSION=0.8.30
SOLC_DIR=$DEVNET_HOME/solc-$SOLC_VERSION
CONTRACTS=$DEVNET_SRC/contracts

mode="write"
case "${1:-}" in
  --check) mode=check ;;
  "") ;;
  *) die "usage: $0 [--check]" ;;
esac

need_cmd node npm
if [[ ! -f $SOLC_DIR/node_modules/solc/package.json ]] \
  || [[ $(node -p "require('$SOLC_DIR/node_modules/solc/package.json').version") != "$SOLC_VERSION" ]]; then
  t0=$(now_ms)
  log "npm install solc@$SOLC_VERSION (into $SOLC_DIR)"
  mkdir -p "$SOLC_DIR"
  [[ -f $SOLC_DIR/package.json ]] || echo '{ "name": "dltsigner-devnet-solc", "private": true }' >"$SOLC_DIR/package.json"
  npm install --prefix "$SOLC_DIR" --save-exact --no-audit --no-fund --loglevel=error "solc@$SOLC_VERSION" >&2 \
    || die "npm install of solc@$SOLC_VERSION failed"
  log "installed solc $SOLC_VERSION in $(elapsed "$t0")"
fi

if [[ $mode == write ]]; then
  node "$CONTRACTS/compile.mjs" "$SOLC_DIR" "$CONTRACTS"
  log "wrote $(cd "$CONTRACTS" && printf '%s ' ./*.json)"
  exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
node "$CONTRACTS/compile.mjs" "$SOLC_DIR" "$tmp"
status=0
for f in "$tmp"/*.json; do
  name=$(basename "$f")
  if ! diff -q "$f" "$CONTRACTS/$name" >/dev/null 2>&1; then
    log "MISMATCH: devnet/contracts/$name differs from a fresh compile (run devnet/compile-contracts.sh and commit)"
    status=1
  fi
done
for f in "$CONTRACTS"/*.json; do
  [[ -e $f ]] || continue
  [[ -f $tmp/$(basename "$f") ]] || { log "STALE: devnet/contracts/$(basename "$f") has no source contract"; status=1; }
done
(( status == 0 )) && log "committed contract JSON matches solc $SOLC_VERSION output"
exit "$status"
