# shellcheck shell=bash
# Shared by the operator scripts: option parsing of the common flags and run-or-print.
# Every command that touches a cluster goes through `run`, so `--print` shows exactly what
# would run (secret values redacted) without needing a cluster.

# shellcheck source=tools/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

NAMESPACE="${HALL_NAMESPACE:-hall}"
RELEASE="${HALL_RELEASE:-hall}"
PRINT=0
HELM="${HELM:-helm}"

# Runs its arguments, or prints them (shell-quoted) with --print.
run() {
  if ((PRINT)); then
    local arg line=''
    for arg in "$@"; do
      # Single quotes only where needed, so the plan reads (and pastes) as written.
      if [[ "$arg" =~ ^[][A-Za-z0-9_./=:,@%+{}-]+$ ]]; then
        line+="$arg "
      else
        line+="'${arg//\'/\'\\\'\'}' "
      fi
    done
    printf '%s\n' "${line% }"
  else
    "$@"
  fi
}

# The cached helm of tools/k8s-check when no helm is on PATH.
pick_helm() {
  if ! command -v "$HELM" >/dev/null 2>&1; then
    # shellcheck source=tools/lib/k8s-tools.sh
    source "$HALL_ROOT/tools/lib/k8s-tools.sh"
    if ((PRINT)); then HELM=helm; else HELM="$(ensure_helm)"; fi
  fi
}

random_base64() { head -c "$1" /dev/urandom | base64 -w0; }

# True when the Secret exists (always false with --print: every step is shown).
secret_exists() {
  ((PRINT)) && return 1
  kubectl -n "$NAMESPACE" get secret "$1" >/dev/null 2>&1
}
