#!/usr/bin/env bash
# azd postprovision hook: create the function app's database user, then migrate the schema.
# Database users are data plane, out of reach of Bicep. Runs as the deploying principal, who is the
# server's Entra admin (infra/modules/sql.bicep). Safe to run again: every step is idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

load_azd_env
require_vars AZURE_FUNCTION_APP_NAME AZURE_RESOURCE_GROUP AZURE_SQL_SERVER_NAME AZURE_SQL_SERVER_FQDN \
  AZURE_SQL_DATABASE_NAME SQL_CONNECTION_STRING BLOB_ACCOUNT_URL
# SQLCMD: path of go-sqlcmd where an older ODBC sqlcmd comes first on PATH (as on GitHub runners).
sqlcmd="${SQLCMD:-sqlcmd}"
need az
need "$sqlcmd"

# A system-assigned identity is named after its app. The name goes into T-SQL, so allow only what
# Azure allows in an app name.
app="$AZURE_FUNCTION_APP_NAME"
[[ "$app" =~ ^[A-Za-z0-9-]+$ ]] || die "unexpected function app name: $app"

# db_ddladmin lets the app run `python -m shared.cli migrate` itself too (for example from a one-off job).
grant_app_user="
IF NOT EXISTS (SELECT 1 FROM sys.database_principals WHERE name = N'$app')
    CREATE USER [$app] FROM EXTERNAL PROVIDER;
ALTER ROLE db_datareader ADD MEMBER [$app];
ALTER ROLE db_datawriter ADD MEMBER [$app];
ALTER ROLE db_ddladmin ADD MEMBER [$app];
"

open_sql_firewall

echo "Granting database access to the identity of $app"
# go-sqlcmd: Entra sign-in through the Azure CLI login; -b turns a T-SQL error into a non-zero exit.
retry 6 20 "$sqlcmd" -S "$AZURE_SQL_SERVER_FQDN" -d "$AZURE_SQL_DATABASE_NAME" \
  --authentication-method "${SQLCMD_AUTH_METHOD:-ActiveDirectoryAzCli}" -l 60 -b -Q "$grant_app_user"

echo "Migrating the schema of $AZURE_SQL_DATABASE_NAME"
retry 3 20 with_azure_sql "$(python_bin)" -m shared.cli migrate
