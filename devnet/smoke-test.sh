#!/usr/bin/env bash
# End-to-end check of the devnet (installs first, idempotently): a regtest bitcoind with a wallet
# and 101 mined blocks, an anvil answering eth_chainId, and two js-libp2p peers exchanging a
# gossipsub message. Cleans up only the nodes it started. Exit status 0 only if every check passed.
set -euo pipefail
DEVNET_TAG=smoke
# shellcheck source=devnet/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$DEVNET_SRC/install-all.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/devnet-smoke.XXXXXX")
btc_dir=$work/btc
anvil_dir=$work/anvil
peer_pids=()
cleanup() {
  local p
  for p in "${peer_pids[@]}"; do kill "$p" 2>/dev/null || true; done
  "$DEVNET_SRC/bitcoind.sh" stop --datadir "$btc_dir" --rm 2>/dev/null || true
  "$DEVNET_SRC/anvil.sh" stop --dir "$anvil_dir" --rm 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

passed=0 failed=0
not() { ! "$@" >/dev/null; }
check() {
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); log "ok   $name"; else failed=$((failed + 1)); log "FAIL $name"; fi
}

# --- bitcoind
t0=$(now_ms)
btc_env=$("$DEVNET_SRC/bitcoind.sh" start --datadir "$btc_dir")
log "bitcoind start: $(elapsed "$t0")"
cli() { "$DEVNET_SRC/bitcoind.sh" cli --datadir "$btc_dir" "$@"; }
check "bitcoind env line" grep -q '^BTC_RPC_URL=http://127.0.0.1:[0-9]* BTC_RPC_USER=devnet BTC_RPC_PASSWORD=[0-9a-f]* BTC_DATADIR=' <<<"$btc_env"
check "createwallet" cli createwallet w >/dev/null
check "generate 101" cli -rpcwallet=w -generate 101 >/dev/null
check "101 blocks" test "$(cli getblockcount)" = 101
check "mature balance 50" test "$(cli -rpcwallet=w getbalance)" = 50.00000000
url=$(sed -n 's/^BTC_RPC_URL=//p' "$btc_dir/devnet.env")
user=$(sed -n 's/^BTC_RPC_USER=//p' "$btc_dir/devnet.env")
pass=$(sed -n 's/^BTC_RPC_PASSWORD=//p' "$btc_dir/devnet.env")
rpc_blockcount_101() {
  curl -fsS --user "$user:$pass" -H 'content-type: text/plain' \
    --data '{"jsonrpc":"1.0","id":1,"method":"getblockcount","params":[]}' "$url" | grep '"result":101' >/dev/null
}
check "rpc user/password over HTTP" rpc_blockcount_101
start_reuses() { local out; out=$("$DEVNET_SRC/bitcoind.sh" start --datadir "$btc_dir" 2>&1); [[ $out == *'already running'* ]]; }
check "start again reuses" start_reuses
t0=$(now_ms)
"$DEVNET_SRC/bitcoind.sh" stop --datadir "$btc_dir"
log "bitcoind stop: $(elapsed "$t0")"
check "bitcoind stopped" not "$DEVNET_SRC/bitcoind.sh" status --datadir "$btc_dir"

# --- anvil
t0=$(now_ms)
anvil_env=$("$DEVNET_SRC/anvil.sh" start --dir "$anvil_dir" --chain-id 31337)
log "anvil start: $(elapsed "$t0")"
anvil_url=$(sed -n 's/^ANVIL_RPC_URL=//p' "$anvil_dir/devnet.env")
check "anvil env line" grep -q '^ANVIL_RPC_URL=http://127.0.0.1:[0-9]* ANVIL_CHAIN_ID=31337' <<<"$anvil_env"
chain_id_31337() {
  curl -fsS -H 'content-type: application/json' \
    --data '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' "$anvil_url" | grep '"0x7a69"' >/dev/null
}
check "eth_chainId 0x7a69" chain_id_31337
"$DEVNET_SRC/anvil.sh" stop --dir "$anvil_dir"
check "anvil stopped" not "$DEVNET_SRC/anvil.sh" status --dir "$anvil_dir"

# --- js-libp2p peers: A listens, B dials A; A publishes on the topic; B must print the message.
node22=$DEVNET_BIN/node22
peer=$DEVNET_SRC/js-peer/peer.mjs
mkfifo "$work/a.in"
"$node22" "$peer" smoke <"$work/a.in" >"$work/a.out" 2>"$work/a.err" &
peer_pids+=($!)
exec 8>"$work/a.in"
wait_line() { # FILE PATTERN SECONDS
  local i
  for (( i = 0; i < $3 * 10; i++ )); do grep -q -- "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  return 1
}
check "peer A ready" wait_line "$work/a.out" '"event":"ready"' 30
a_addr=$(head -n 1 "$work/a.out" | "$node22" -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).multiaddrs[0]))')
"$node22" "$peer" --dial "$a_addr" smoke </dev/null >"$work/b.out" 2>"$work/b.err" &
peer_pids+=($!)
check "peer B connected" wait_line "$work/b.out" '"event":"peer:connect"' 30
# Gossipsub learns B's subscription shortly after connecting; publish until B has it.
for _ in $(seq 1 50); do
  echo '{"cmd":"publish","topic":"smoke","text":"hello from A"}' >&8
  wait_line "$work/b.out" '"text":"hello from A"' 1 && break
done
check "gossipsub message A->B" grep -q '"event":"message","topic":"smoke"' "$work/b.out"
exec 8>&-

if ((failed == 0)); then
  log "all $passed checks passed"
else
  log "$failed of $((passed + failed)) checks failed"
fi
((failed == 0))
