#!/usr/bin/env bash
# Installs every devnet peer (idempotent; a second run only checks): bitcoind (sid bitcoin-knots),
# anvil (+ cast), Node 22 with the js-libp2p peer's dependencies. --force reinstalls all.
set -euo pipefail
DEVNET_TAG=install-all
# shellcheck source=devnet/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

case "${1:-}" in
  --force | "") ;;
  *) die "usage: $0 [--force]" ;;
esac

t_all=$(now_ms)
summary=()
for installer in install-bitcoind.sh install-anvil.sh install-node.sh; do
  t0=$(now_ms)
  "$DEVNET_SRC/$installer" "$@" || die "$installer failed"
  summary+=("${installer%.sh} $(elapsed "$t0")")
done
joined=$(printf '%s, ' "${summary[@]}")
log "done in $(elapsed "$t_all"): ${joined%, }; tools in $DEVNET_BIN"
