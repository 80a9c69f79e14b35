#!/usr/bin/env bash
# Runs anvil (local Ethereum node) on loopback (install first: devnet/install-anvil.sh).
#
#   anvil.sh start  [--dir DIR] [--port P] [--chain-id N] [--timeout S] [-- ANVIL_ARGS...]
#       start (or reuse, with --dir) a node on 127.0.0.1 (free port unless --port; chain id 31337
#       unless --chain-id); prints one env line
#       ANVIL_RPC_URL=http://127.0.0.1:PORT ANVIL_CHAIN_ID=N ANVIL_DIR=DIR
#       and writes it as KEY=VALUE lines to DIR/devnet.env. Default DIR: $DEVNET_HOME/run/anvil-<port>.
#   anvil.sh stop   [--dir DIR] [--rm]      stop one node (default: every node under run/);
#                                           --rm also deletes its directory
#   anvil.sh status [--dir DIR]             list running nodes with their env line
set -euo pipefail
DEVNET_TAG=anvil
# shellcheck source=devnet/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=devnet/node-cmds.sh
source "$DEVNET_SRC/node-cmds.sh"
NODE_KIND=anvil
DIR_OPT=--dir

ANVIL=$DEVNET_BIN/anvil

usage() { sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

# Pid of the node in DIR if it runs (the port in its command line guards against reused pids).
node_pid() {
  local port
  port=$(env_get "$1" ANVIL_PORT)
  [[ -n $port ]] || return 1
  live_pid "$1/devnet.pid" "--port $port "
}

# eth_chainId of the node at URL $1, as a decimal number.
chain_id_of() {
  local out hex
  out=$(curl -fsS --max-time 2 -H 'content-type: application/json' \
    --data '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' "$1" 2>/dev/null) || return 1
  hex=$(sed -n 's/.*"result":"0x\([0-9a-fA-F]*\)".*/\1/p' <<<"$out")
  [[ -n $hex ]] || return 1
  echo $(( 16#$hex ))
}

# Launches anvil for DIR (env file written) and waits for eth_chainId. Status 3 if it died on a
# port clash (the caller retries with another port).
launch() {
  local dir=$1 port=$2 chain=$3 timeout=$4 url pid t0 deadline got
  shift 4
  url=http://127.0.0.1:$port
  register_dir anvil "$dir"
  write_atomic "$dir/devnet.env" 644 <<EOF
ANVIL_RPC_URL=$url
ANVIL_CHAIN_ID=$chain
ANVIL_DIR=$dir
ANVIL_PORT=$port
EOF
  log "starting anvil on 127.0.0.1:$port, chain id $chain"
  t0=$(now_ms)
  # No inherited stdio: callers that read our stdout to EOF must not wait for the daemon.
  nohup "$ANVIL" --host 127.0.0.1 --port "$port" --chain-id "$chain" "$@" \
    >"$dir/anvil.log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$dir/devnet.pid"
  deadline=$(( $(now_ms) + timeout * 1000 ))
  while :; do
    if ! pid_alive "$pid"; then
      rm -f "$dir/devnet.pid"
      grep -qi 'address already in use' "$dir/anvil.log" && return 3
      tail -n 20 "$dir/anvil.log" >&2 || true
      die "anvil exited during startup (log above, $dir/anvil.log)"
    fi
    got=$(chain_id_of "$url") && break
    if (( $(now_ms) > deadline )); then
      stop_pidfile "$dir/devnet.pid" 5 "--port $port "
      tail -n 20 "$dir/anvil.log" >&2 || true
      die "anvil did not answer eth_chainId within ${timeout}s"
    fi
    sleep 0.1
  done
  [[ $got == "$chain" ]] || die "anvil answered chain id $got, expected $chain"
  log "anvil pid $pid ready in $(elapsed "$t0") ($url)"
}

cmd_start() {
  local given="" fixed="" port chain=31337 timeout=60 dir pid got attempt rc extra=()
  while (($#)); do
    case "$1" in
      --dir) given=${2:?--dir needs a directory}; shift 2 ;;
      --port) fixed=${2:?--port needs a number}; shift 2 ;;
      --chain-id) chain=${2:?--chain-id needs a number}; shift 2 ;;
      --timeout) timeout=${2:?--timeout needs seconds}; shift 2 ;;
      --) shift; extra=("$@"); break ;;
      *) usage ;;
    esac
  done
  [[ -x $ANVIL ]] || die "anvil is not installed under $DEVNET_HOME: run devnet/install-anvil.sh"
  need_cmd curl
  mkdir -p "$DEVNET_RUN"
  for attempt in 1 2 3; do
    if [[ -n $given ]]; then
      dir=$(abs_dir "$given")
      if pid=$(node_pid "$dir") && got=$(chain_id_of "$(env_get "$dir" ANVIL_RPC_URL)"); then
        [[ $got == "$chain" ]] || die "anvil in $dir already runs with chain id $got (asked $chain)"
        log "already running (pid $pid), reusing $dir"
        env_line "$dir"
        return 0
      fi
      # Reuse the port it had before when that is still free.
      port=${fixed:-$(env_get "$dir" ANVIL_PORT)}
      if [[ -z $port ]] || { [[ -z $fixed ]] && port_in_use "$port"; }; then port=$(free_port); fi
    else
      port=${fixed:-$(free_port)}
      dir=$DEVNET_RUN/anvil-$port
      # mkdir (not -p) claims the name atomically against a parallel start.
      if ! mkdir "$dir" 2>/dev/null; then
        [[ -z $fixed ]] || die "$dir already exists"
        continue
      fi
    fi
    if port_in_use "$port"; then
      [[ -z $fixed ]] || die "port 127.0.0.1:$port is already in use"
      [[ -n $given ]] || remove_dir anvil "$dir"
      continue
    fi
    rc=0
    launch "$dir" "$port" "$chain" "$timeout" "${extra[@]}" || rc=$?
    if (( rc == 0 )); then env_line "$dir"; return 0; fi
    [[ -z $fixed ]] || die "port 127.0.0.1:$port is already in use"
    log "port clash on $port (attempt $attempt); retrying with another port"
    [[ -n $given ]] || remove_dir anvil "$dir"
  done
  die "could not start anvil after 3 attempts"
}

stop_one() {
  local dir=$1 remove=$2 pid port
  port=$(env_get "$dir" ANVIL_PORT)
  if pid=$(node_pid "$dir"); then
    log "stopping pid $pid ($dir)"
    stop_pidfile "$dir/devnet.pid" 10 "--port $port "
  else
    rm -f "$dir/devnet.pid"
  fi
  if (( remove )); then remove_dir anvil "$dir"; log "removed $dir"; fi
}

cmd=${1:-}
(($#)) && shift
case "$cmd" in
  start) cmd_start "$@" ;;
  stop) cmd_stop "$@" ;;
  status) cmd_status "$@" ;;
  *) usage ;;
esac
