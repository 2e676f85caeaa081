#!/usr/bin/env bash
# Run one command against the deployed database and blob account as yourself (the SQL Entra admin),
# for the admin CLI in docs/deploy.md, e.g.
#   scripts/azure-admin.sh python -m shared.cli create-company --name "Acme Steel"
# Opens the SQL firewall for your public IP for the duration of the command only.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

[ "$#" -gt 0 ] || die "usage: scripts/azure-admin.sh COMMAND [ARGS...]"
load_azd_env
need az
open_sql_firewall
with_azure_sql "$@"
