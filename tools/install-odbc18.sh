#!/bin/sh
# Microsoft ODBC Driver 18 for SQL Server (and sqlcmd) on Debian 12, from Microsoft's package repository.
# Needed only to run the suite against a real SQL Server (`make test-sqlserver`, the CI job `sqlserver`); the app in
# Azure runs on a Functions image that has the driver already. Needs root.
set -eu
apt-get update
apt-get install -y --no-install-recommends curl gnupg ca-certificates unixodbc
curl -fsSL https://packages.microsoft.com/keys/microsoft.asc | gpg --dearmor --yes -o /usr/share/keyrings/microsoft-prod.gpg
curl -fsSL https://packages.microsoft.com/config/debian/12/prod.list > /etc/apt/sources.list.d/mssql-release.list
apt-get update
ACCEPT_EULA=Y apt-get install -y --no-install-recommends msodbcsql18 mssql-tools18
