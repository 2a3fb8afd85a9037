# shellcheck shell=bash
# Helm and the offline Kubernetes schema validator, built/installed once per machine and reused by
# every checkout (CI's clean ones too): under $HALL_TOOLS_CACHE, by default ~/.cache/hall. Source
# after common.sh. Both functions print the tool's path on stdout.
#
#   ensure_helm                   helm v4, built with Go (no prebuilt binaries can be fetched
#                                 here); the first build takes a few minutes
#   ensure_kubernetes_validate    a venv with PyPI's kubernetes-validate (bundles the schemas)

HELM_VERSION=v4.3.2
KUBERNETES_VALIDATE_VERSION=1.37.0
K8S_TOOLS_DIR="${HALL_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hall}/k8s-tools"

ensure_helm() {
  local dir="$K8S_TOOLS_DIR/helm-$HELM_VERSION"
  local helm="$dir/helm"
  if [[ ! -x "$helm" ]]; then
    command -v go >/dev/null 2>&1 || [[ -x /usr/local/go/bin/go ]] ||
      die "building helm needs Go (go install helm.sh/helm/v4/cmd/helm@$HELM_VERSION); none found"
    local go
    go="$(command -v go || echo /usr/local/go/bin/go)"
    mkdir -p "$dir"
    # Two checks starting together build once: the second waits for the first's binary.
    (
      flock 9
      if [[ ! -x "$helm" ]]; then
        say "building helm $HELM_VERSION with Go (first time only, a few minutes)"
        GOBIN="$dir" GOFLAGS=-buildvcs=false CGO_ENABLED=0 \
          "$go" install "helm.sh/helm/v4/cmd/helm@$HELM_VERSION" >&2 ||
          die "building helm $HELM_VERSION failed"
      fi
    ) 9>"$dir.lock" || return 1
  fi
  "$helm" version --short >/dev/null 2>&1 || die "$helm does not run"
  printf '%s\n' "$helm"
}

ensure_kubernetes_validate() {
  local venv="$K8S_TOOLS_DIR/kubernetes-validate-$KUBERNETES_VALIDATE_VERSION"
  if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c 'import kubernetes_validate' 2>/dev/null; then
    mkdir -p "$K8S_TOOLS_DIR"
    (
      flock 9
      if ! "$venv/bin/python" -c 'import kubernetes_validate' 2>/dev/null; then
        say "installing kubernetes-validate $KUBERNETES_VALIDATE_VERSION into $venv"
        rm -rf "$venv"
        # Debian's python3 needs python3-venv for `-m venv`.
        python3 -m venv "$venv" >&2 2>/dev/null || {
          apt_install python3-venv
          python3 -m venv "$venv" >&2
        } || die 'python3 -m venv failed'
        "$venv/bin/pip" install --quiet "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION" >&2 ||
          die "pip install kubernetes-validate==$KUBERNETES_VALIDATE_VERSION failed"
      fi
    ) 9>"$venv.lock" || return 1
  fi
  printf '%s\n' "$venv/bin/python"
}
