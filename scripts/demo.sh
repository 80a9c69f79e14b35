#!/usr/bin/env bash
# The main job (README): builds the dltsigner CLI, starts a regtest bitcoind and an anvil node on
# loopback, and runs `dltsigner demo` against them: a 2-of-3 DKLs23 key (created once by the DKG,
# encrypted at rest, reused on later runs), threshold signatures, a Bitcoin payment and an Ethereum
# transfer and contract deployment signed by two of the three shares. Stops what it started.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

demo_home=${DLTSIGNER_DEVNET_HOME:-$PWD/.devnet}/demo
mkdir -p "$demo_home"
chmod 700 "$demo_home"

echo "== installing the devnet peers if missing (bitcoind regtest, anvil)"
bash devnet/install-bitcoind.sh
bash devnet/install-anvil.sh

echo "== building dltsigner (Release)"
dotnet build src/Signer.Node -c Release --nologo -v quiet -clp:ErrorsOnly

# The share files are encrypted under DLTSIGNER_PASSPHRASE; without one, the demo keeps a random
# passphrase of its own next to its key (mode 0600) so later runs reuse the same key.
if [[ -z ${DLTSIGNER_PASSPHRASE:-} ]]; then
  if [[ ! -s $demo_home/passphrase ]]; then
    (umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$demo_home/passphrase")
  fi
  DLTSIGNER_PASSPHRASE=$(<"$demo_home/passphrase")
  export DLTSIGNER_PASSPHRASE
fi

btc_dir="$demo_home/bitcoind"
anvil_dir="$demo_home/anvil"
cleanup() {
  bash devnet/anvil.sh stop --dir "$anvil_dir" --rm >/dev/null 2>&1 || true
  bash devnet/bitcoind.sh stop --datadir "$btc_dir" --rm >/dev/null 2>&1 || true
}
trap cleanup EXIT

echo "== starting bitcoind (regtest) and anvil on 127.0.0.1"
bash devnet/bitcoind.sh start --datadir "$btc_dir" >/dev/null
anvil_env=$(bash devnet/anvil.sh start --dir "$anvil_dir")
anvil_url=$(tr ' ' '\n' <<<"$anvil_env" | sed -n 's/^ANVIL_RPC_URL=//p')

echo "== dltsigner demo"
dotnet src/Signer.Node/bin/Release/net10.0/dltsigner.dll demo \
  --shares "$demo_home/keys" \
  --bitcoind-env "$btc_dir/devnet.env" \
  --anvil-url "$anvil_url" "$@"
