# shellcheck shell=bash
# Shared helpers for the repo's bash tools (tools/services, tools/test, .ci/run).
# Source it; it defines functions and HALL_ROOT, and changes no shell options.

# The repo root is derived from this file's location, so the tools work from any cwd
# and from any clone path.
HALL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
export HALL_ROOT

# Human-facing messages go to stderr so that stdout stays machine-readable
# (`eval "$(tools/services env)"`, the final `N passed, N failed` line of tools/test).
say() { printf '%s\n' "$*" >&2; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# Print the last lines of a log file to stderr, framed, so a failed start explains itself.
show_log_tail() {
  local file="$1" lines="${2:-40}"
  if [[ -r "$file" ]]; then
    say "---- last $lines lines of $file ----"
    tail -n "$lines" "$file" >&2 || true
    say "---- end of $file ----"
  else
    say "(no log at $file)"
  fi
}

# Succeeds when the Debian package is installed (not merely known to dpkg).
deb_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# apt-get update is slow and needs the network: run it at most once per process, and only
# when something actually has to be installed.
_HALL_APT_UPDATED=
apt_update_once() {
  [[ -z "$_HALL_APT_UPDATED" ]] || return 0
  [[ $EUID -eq 0 ]] || die 'need root to run apt-get'
  say 'apt-get update'
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || die 'apt-get update failed'
  _HALL_APT_UPDATED=1
}

apt_install() {
  (($# > 0)) || return 0
  apt_update_once
  export DEBIAN_FRONTEND=noninteractive
  say "apt-get install -y $*"
  apt-get install -y -qq --no-install-recommends "$@" >&2 || die "apt-get install failed: $*"
}

# True when a Debian package of that name exists in the (already updated) apt lists.
apt_has_candidate() {
  local candidate
  candidate="$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ { print $2 }')"
  [[ -n "$candidate" && "$candidate" != '(none)' ]]
}

# PostgreSQL 15 binaries live outside PATH on Debian.
PG_BIN="${HALL_PG_BIN:-/usr/lib/postgresql/15/bin}"

# Install the Debian packages the local services need, only when their binaries are missing.
ensure_service_packages() {
  local -a missing=()
  [[ -x "$PG_BIN/pg_ctl" ]] || missing+=(pg)
  command -v nats-server >/dev/null 2>&1 || missing+=(nats-server)
  ((${#missing[@]} > 0)) || return 0

  local -a pkgs=()
  local m
  for m in "${missing[@]}"; do
    if [[ "$m" == pg ]]; then
      # Update first so apt_has_candidate sees current lists; Debian 12's `postgresql` is 15.
      apt_update_once
      if apt_has_candidate postgresql-15; then pkgs+=(postgresql-15); else pkgs+=(postgresql); fi
    else
      pkgs+=("$m")
    fi
  done
  apt_install "${pkgs[@]}"
  [[ -x "$PG_BIN/pg_ctl" ]] || die "PostgreSQL installed but $PG_BIN/pg_ctl is missing (is it version 15?)"
  command -v nats-server >/dev/null 2>&1 || die 'nats-server still missing after install'
}

# pnpm 10 (11 crashes on Node 20) and the workspace's packages, installed when missing, so the
# README's commands work on a fresh clone.
ensure_pnpm() {
  [[ "$(pnpm --version 2>/dev/null | cut -d. -f1)" == 10 ]] && return 0
  say 'installing pnpm 10'
  npm install -g pnpm@10 >&2 || die 'npm install -g pnpm@10 failed'
}

ensure_workspace() {
  ensure_pnpm
  [[ -d "$HALL_ROOT/node_modules/.pnpm" ]] && return 0
  (cd "$HALL_ROOT" && pnpm install --frozen-lockfile >&2) || die 'pnpm install failed'
}

# Debian's Chromium (driven by playwright-core in the browser tests) and CJK fonts, without
# which Chinese renders as boxes in screenshots.
ensure_browser_packages() {
  local -a pkgs=()
  command -v chromium >/dev/null 2>&1 || pkgs+=(chromium)
  deb_installed fonts-noto-cjk || pkgs+=(fonts-noto-cjk)
  apt_install "${pkgs[@]}"
}
