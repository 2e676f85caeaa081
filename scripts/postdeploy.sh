#!/usr/bin/env bash
# azd postdeploy hook: deliver BlobCreated events of the upload container to the blob-triggered function.
# The subscription is infra/modules/upload-subscription.bicep. It cannot be part of the first provision:
# its webhook needs the host's `blobs_extension` system key, which exists only once the code is deployed.
# So this hook deploys that module after every deploy (picking up the current key), then records
# UPLOAD_SUBSCRIPTION_ENABLED=true so that every later `azd provision` includes it in main.bicep as well.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

load_azd_env
scripts/upload-subscription.sh

if [ "${UPLOAD_SUBSCRIPTION_ENABLED:-false}" != "true" ] && command -v azd >/dev/null 2>&1; then
  azd env set UPLOAD_SUBSCRIPTION_ENABLED true
fi
