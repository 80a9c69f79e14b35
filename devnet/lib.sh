# shellcheck shell=bash
# Shared helpers for the devnet scripts (sourced, never run). Everything lands under DEVNET_HOME:
# $DLTSIGNER_DEVNET_HOME if set, else <repo>/.devnet (git-ignored).

DEVNET_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$DEVNET_SRC/.." && pwd)
DEVNET_HOME=${DLTSIGNER_DEVNET_HOME:-$REPO_ROOT/.devnet}
DEVNET_BIN=$DEVNET_HOME/bin
DEVNET_RUN=$DEVNET_HOME/run
export DEVNET_SRC REPO_ROOT DEVNET_HOME DEVNET_BIN DEVNET_RUN

# Progress goes to stderr so stdout stays machine-readable (env lines, JSON).
log() { printf '[devnet %s] %s\n' "${DEVNET_TAG:-}" "$*" >&2; }
die() { printf '[devnet %s] ERROR: %s\n' "${DEVNET_TAG:-}" "$*" >&2; exit 1; }

need_cmd() {
  local c
  for c in "$@"; do
    command -v "$c" >/dev/null 2>&1 || die "required command '$c' not found in PATH"
  done
}

now_ms() { date +%s%3N; }
elapsed() { local d=$(( $(now_ms) - $1 )); printf '%d.%03ds' $(( d / 1000 )) $(( d % 1000 )); }

# Write a file atomically (content from stdin): readers never see half a file.
write_atomic() {
  local dest=$1 mode=${2:-644} tmp
  tmp=$(mktemp "$dest.XXXXXX")
  cat >"$tmp"
  chmod "$mode" "$tmp"
  mv -f "$tmp" "$dest"
}

# Print a TCP port on 127.0.0.1 that the kernel just handed out (so nothing listened on it).
# Node is always there in CI (/usr/bin/node); python3 and a bash probe are fallbacks.
free_port() {
  local p
  if command -v node >/dev/null 2>&1; then
    p=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})' 2>/dev/null) || p=
  fi
  if [[ -z ${p:-} ]] && command -v python3 >/dev/null 2>&1; then
    p=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()' 2>/dev/null) || p=
  fi
  if [[ -z ${p:-} ]]; then
    local i
    for i in $(seq 1 50); do
      p=$(( 20000 + RANDOM % 20000 ))
      port_in_use "$p" || break
      p=
    done
  fi
  [[ -n ${p:-} ]] || die "could not find a free TCP port on 127.0.0.1"
  printf '%s\n' "$p"
}

# True if something accepts connections on 127.0.0.1:$1.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Two distinct free ports, printed on one line.
free_port_pair() {
  local a b
  a=$(free_port)
  for _ in 1 2 3 4 5; do
    b=$(free_port)
    [[ $b != "$a" ]] && { printf '%s %s\n' "$a" "$b"; return 0; }
  done
  die "could not find two distinct free ports"
}

pid_alive() { [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null; }

# True if pid $1 is alive and its command line contains $2 (guards against a reused pid).
pid_is() {
  pid_alive "$1" || return 1
  [[ -z ${2:-} ]] && return 0
  local cmdline
  cmdline=$(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null) || return 1
  [[ $cmdline == *"$2"* ]]
}

# Pid recorded in pid file $1 if that process is alive and matches $2, else nothing (status 1).
live_pid() {
  local pid
  [[ -f $1 ]] || return 1
  pid=$(<"$1")
  pid_is "$pid" "${2:-}" || return 1
  printf '%s\n' "$pid"
}

# Wait up to $2 seconds for pid $1 to exit; status 0 once it is gone.
wait_exit() {
  local pid=$1 timeout=$2 i
  for (( i = 0; i < timeout * 10; i++ )); do
    pid_alive "$pid" || return 0
    sleep 0.1
  done
  ! pid_alive "$pid"
}

# Stop the process of pid file $1 (if it matches $3): TERM, wait up to $2 s, then KILL.
# Removes the pid file. Never signals a pid that no longer runs our command.
stop_pidfile() {
  local pidfile=$1 timeout=${2:-20} needle=${3:-} pid
  if pid=$(live_pid "$pidfile" "$needle"); then
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_exit "$pid" "$timeout"; then
      log "pid $pid still alive after ${timeout}s; sending KILL"
      kill -KILL "$pid" 2>/dev/null || true
      wait_exit "$pid" 5 || die "pid $pid survived KILL"
    fi
  fi
  rm -f "$pidfile"
}

# First line of a command's output (whole output captured first: no SIGPIPE under pipefail).
first_line() {
  local out
  out=$("$@" 2>&1) || true
  printf '%s\n' "${out%%$'\n'*}"
}

# Random hex string of $1 bytes (test credentials only; not key material).
rand_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }

# Nodes live in $DEVNET_RUN/<kind>-*; a node started in a directory elsewhere gets a symlink
# there, so status and stop-all see it too.
register_dir() {
  local kind=$1 dir=$2 link
  [[ $(dirname "$dir") == "$DEVNET_RUN" ]] && return 0
  link=$DEVNET_RUN/$kind-ext-$(printf '%s' "$dir" | cksum | cut -d' ' -f1)
  ln -sfn "$dir" "$link"
}

# Every registered directory of a kind (links resolved, dangling links dropped), one a line.
list_dirs() {
  local kind=$1 d
  shopt -s nullglob
  for d in "$DEVNET_RUN/$kind"-*; do
    if [[ -L $d && ! -d $d ]]; then rm -f "$d"; continue; fi
    [[ -d $d ]] && (cd -P "$d" && pwd)
  done | sort -u
  shopt -u nullglob
}

# Removes a node directory and any registry link to it.
remove_dir() {
  local kind=$1 dir=$2 l
  shopt -s nullglob
  for l in "$DEVNET_RUN/$kind"-*; do
    [[ -L $l && $(readlink "$l") == "$dir" ]] && rm -f "$l"
  done
  shopt -u nullglob
  rm -rf -- "$dir"
}
