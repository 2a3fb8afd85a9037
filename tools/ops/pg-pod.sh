# shellcheck shell=bash
# A throwaway pod running a PostgreSQL client command with one service's DATABASE_URL from the
# hall-postgres Secret, stdin and stdout attached (backup and restore).

PG_SECRET="${PG_SECRET:-hall-postgres}"
PG_IMAGE="${PG_IMAGE:-postgres:15}"
PG_SERVICES=(identity catalog materials submissions letters publicity assistant)

pg_pod() {
  local service="$1" command="$2" overrides
  overrides="$(
    cat <<JSON
{"apiVersion":"v1","spec":{"restartPolicy":"Never","containers":[{"name":"pg","image":"$PG_IMAGE","stdin":true,
"command":["sh","-c",$(printf '%s' "$command" | python3 -c 'import json,sys; print(json.dumps(sys.stdin.read()))')],
"env":[{"name":"DATABASE_URL","valueFrom":{"secretKeyRef":{"name":"$PG_SECRET","key":"$service"}}}]}]}}
JSON
  )"
  overrides="${overrides//$'\n'/}"
  run kubectl -n "$NAMESPACE" run "hall-pg-$service-$(date +%s)" --rm -i --quiet --restart=Never \
    --image="$PG_IMAGE" --overrides="$overrides"
}
