# shellcheck shell=bash
# Shared by the azd hook scripts and scripts/azure-admin.sh (sourced, not run).
# bash; the caller sets `set -euo pipefail` and changes to the repository root first.

die() {
  echo "error: $*" >&2
  exit 1
}

need() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' is not installed; see docs/deploy.md (prerequisites)"
}

require_vars() {
  local name
  for name in "$@"; do
    [ -n "${!name:-}" ] || die "$name is not set; run 'azd provision' first (it records the Bicep outputs)"
  done
}

# azd hands its environment values to hooks as variables. Run by hand, read them from azd;
# variables already set in the shell win, so any value can be overridden for one run.
load_azd_env() {
  [ -n "${AZURE_FUNCTION_APP_NAME:-}" ] && return 0
  need azd
  local key value
  while IFS='=' read -r key value; do
    [[ "$key" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || continue
    [ -n "${!key:-}" ] && continue
    value="${value#\"}"
    value="${value%\"}"
    export "$key=$value"
  done < <(azd env get-values)
}

# retry ATTEMPTS SECONDS COMMAND...: a paused serverless database answers the first connections with
# "not currently available" while it resumes, and a new firewall rule takes a moment to apply.
retry() {
  local attempts="$1" pause="$2" attempt=1
  shift 2
  until "$@"; do
    [ "$attempt" -ge "$attempts" ] && return 1
    echo "attempt $attempt/$attempts failed; retrying in ${pause}s" >&2
    sleep "$pause"
    attempt=$((attempt + 1))
  done
}

python_bin() {
  if [ -n "${PYTHON:-}" ]; then
    echo "$PYTHON"
  elif [ -x .venv/bin/python ]; then
    echo .venv/bin/python
  else
    echo python3
  fi
}

# The server only admits Azure services; give this machine's public IP a rule for as long as the script
# runs, removed on exit. SQL_CLIENT_IP overrides the detected address; SKIP_SQL_FIREWALL=1 skips it
# (for example from a machine inside Azure).
SQL_FIREWALL_RULE=""
close_sql_firewall() {
  [ -n "$SQL_FIREWALL_RULE" ] || return 0
  az sql server firewall-rule delete --resource-group "$AZURE_RESOURCE_GROUP" --server "$AZURE_SQL_SERVER_NAME" \
    --name "$SQL_FIREWALL_RULE" --output none || echo "warning: could not remove firewall rule $SQL_FIREWALL_RULE" >&2
  SQL_FIREWALL_RULE=""
}

open_sql_firewall() {
  [ "${SKIP_SQL_FIREWALL:-0}" = "1" ] && return 0
  # privateNetworking: the server has no public endpoint, so no firewall rule can help. Run from a machine
  # inside the VNet (or a peered network, VPN or self-hosted runner); see docs/deploy.md.
  if [ "${PRIVATE_NETWORKING:-false}" = "true" ]; then
    echo "SQL has no public endpoint (privateNetworking); connecting through the VNet" >&2
    return 0
  fi
  need az
  need curl
  require_vars AZURE_RESOURCE_GROUP AZURE_SQL_SERVER_NAME
  local ip="${SQL_CLIENT_IP:-}"
  [ -n "$ip" ] || ip="$(curl -fsS --max-time 10 https://api.ipify.org)" || die "cannot detect the public IP; set SQL_CLIENT_IP"
  [[ "$ip" =~ ^[0-9]{1,3}(\.[0-9]{1,3}){3}$ ]] || die "not an IPv4 address: $ip"
  SQL_FIREWALL_RULE="client-${ip//./-}"
  trap close_sql_firewall EXIT
  echo "Allowing $ip through the SQL firewall for this run (rule $SQL_FIREWALL_RULE)"
  az sql server firewall-rule create --resource-group "$AZURE_RESOURCE_GROUP" --server "$AZURE_SQL_SERVER_NAME" \
    --name "$SQL_FIREWALL_RULE" --start-ip-address "$ip" --end-ip-address "$ip" --output none
}

# Run a command against the Azure database and blob account as the signed-in Azure CLI user.
# The connection string carries no credentials, so shared/db/sqlserver.py uses DefaultAzureCredential,
# pinned here to the Azure CLI login. AZURE_CLIENT_ID is dropped: set (as in CI, for azd's own login)
# it would make the app code ask for a user-assigned managed identity that does not exist here.
with_azure_sql() {
  require_vars SQL_CONNECTION_STRING BLOB_ACCOUNT_URL
  env -u AZURE_CLIENT_ID -u SQLITE_PATH -u BLOB_CONNECTION_STRING -u BLOB_LOCAL_ROOT \
    AZURE_TOKEN_CREDENTIALS=AzureCliCredential \
    SQL_CONNECTION_STRING="$SQL_CONNECTION_STRING" \
    BLOB_ACCOUNT_URL="$BLOB_ACCOUNT_URL" \
    "$@"
}
