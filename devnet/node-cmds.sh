# shellcheck shell=bash
# The parts of bitcoind.sh and anvil.sh that are the same for every kind of node (sourced after
# lib.sh). The sourcing script sets NODE_KIND (run-dir prefix), DIR_OPT (--datadir / --dir) and
# defines node_pid DIR (pid if that node runs) and stop_one DIR REMOVE.

abs_dir() { mkdir -p "$1" && (cd -P "$1" && pwd); }

# Value of KEY in DIR/devnet.env (nothing if absent).
env_get() {
  [[ -f $1/devnet.env ]] || return 0
  sed -n "s/^$2=//p" "$1/devnet.env"
}

# DIR/devnet.env as one line of KEY=VALUE pairs.
env_line() { tr '\n' ' ' <"$1/devnet.env" | sed 's/ $//'; echo; }

running_nodes() {
  local d
  while read -r d; do
    [[ -n $d ]] && node_pid "$d" >/dev/null && printf '%s\n' "$d"
  done < <(list_dirs "$NODE_KIND")
  return 0
}

# stop [DIR_OPT DIR] [--rm]: one node, or every registered node (in parallel).
cmd_stop() {
  local given="" remove=0 d nodes
  while (($#)); do
    case "$1" in
      "$DIR_OPT") given=${2:?$DIR_OPT needs a directory}; shift 2 ;;
      --rm) remove=1; shift ;;
      *) usage ;;
    esac
  done
  if [[ -n $given ]]; then
    [[ -d $given ]] || { log "no directory $given; nothing to stop"; return 0; }
    stop_one "$(abs_dir "$given")" "$remove"
    return 0
  fi
  nodes=$(running_nodes)
  if [[ -z $nodes ]]; then
    log "no running $NODE_KIND under $DEVNET_RUN"
  else
    while read -r d; do stop_one "$d" "$remove" & done <<<"$nodes"
    wait
  fi
  if (( remove )); then
    while read -r d; do [[ -n $d ]] && remove_dir "$NODE_KIND" "$d"; done < <(list_dirs "$NODE_KIND")
  fi
  return 0
}

# status [DIR_OPT DIR]: status 1 if that node is not running.
cmd_status() {
  local d nodes pid
  if [[ ${1:-} == "$DIR_OPT" ]]; then
    d=$(abs_dir "${2:?$DIR_OPT needs a directory}")
    pid=$(node_pid "$d") || { echo "stopped: $d"; return 1; }
    echo "running pid $pid: $(env_line "$d")"
    return 0
  fi
  nodes=$(running_nodes)
  [[ -n $nodes ]] || { echo "no running $NODE_KIND under $DEVNET_RUN"; return 0; }
  while read -r d; do echo "running pid $(node_pid "$d"): $(env_line "$d")"; done <<<"$nodes"
}
