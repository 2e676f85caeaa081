#!/usr/bin/env bash
# Debian packages the project needs at run or test time; installs only what is missing (needs root, as CI has).
#   libpango / fonts: WeasyPrint (certificate packs)      unixodbc: pyodbc (SQL Server path)
#   poppler-utils: pdftoppm (PDF previews in tests)       nodejs/npm: Azurite and the docs renderer
#   chromium: headless browser test of the docs page
set -euo pipefail
packages=(libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core unixodbc poppler-utils nodejs npm chromium)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# A machine may have node/npm from elsewhere (e.g. nvm); that is enough.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -r -a missing <<<"${missing[*]}"
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${missing[*]} (run as root: apt-get install -y ${missing[*]})" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
