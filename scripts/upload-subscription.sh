#!/usr/bin/env bash
# (Re-)create the Event Grid subscription that delivers order-uploads blobs to process_order_upload, from
# infra/modules/upload-subscription.bicep, with the host's current `blobs_extension` key. Run by the
# postdeploy hook after every deploy; run it by hand after rotating that key (docs/runbook.md):
#   scripts/upload-subscription.sh
# Idempotent: a deployment of the same module updates the subscription in place.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

load_azd_env
require_vars AZURE_FUNCTION_APP_NAME AZURE_RESOURCE_GROUP AZURE_STORAGE_ACCOUNT_NAME EVENT_GRID_SYSTEM_TOPIC_NAME \
  ORDER_UPLOADS_CONTAINER UPLOAD_FUNCTION_NAME UPLOAD_DEAD_LETTER_CONTAINER
need az
need curl

rg="$AZURE_RESOURCE_GROUP"
app="$AZURE_FUNCTION_APP_NAME"

# The platform's host name, not "<app>.azurewebsites.net": newer apps get regional host names.
host="$(az functionapp show --resource-group "$rg" --name "$app" --query defaultHostName --output tsv)"
[ -n "$host" ] || die "cannot read the host name of $app"

# A Flex app scales to zero; a request starts the host, which then creates the extension key. The Bicep
# reads the key itself (listKeys); waiting here turns "key missing" into a clear message instead of a
# failed deployment.
curl -fsS --max-time 60 --output /dev/null "https://${host}/api/health" || echo "health check did not answer yet" >&2
attempts="${KEY_WAIT_ATTEMPTS:-20}"
key=""
for attempt in $(seq 1 "$attempts"); do
  key="$(az functionapp keys list --resource-group "$rg" --name "$app" \
    --query systemKeys.blobs_extension --output tsv 2>/dev/null || true)"
  [ -n "$key" ] && [ "$key" != "None" ] && break
  key=""
  echo "waiting for the blobs_extension key of $app ($attempt/$attempts)"
  sleep "${KEY_WAIT_SECONDS:-15}"
done
[ -n "$key" ] || die "no blobs_extension key on $app: is ${UPLOAD_FUNCTION_NAME} deployed with an Event Grid blob trigger?"
unset key # never printed or passed on: the Bicep reads it again inside Azure

echo "Deploying the Event Grid subscription of ${UPLOAD_FUNCTION_NAME} (retries, dead-letter to ${UPLOAD_DEAD_LETTER_CONTAINER})"
az deployment group create --resource-group "$rg" --name upload-subscription \
  --template-file infra/modules/upload-subscription.bicep \
  --parameters functionAppName="$app" systemTopicName="$EVENT_GRID_SYSTEM_TOPIC_NAME" \
  storageAccountName="$AZURE_STORAGE_ACCOUNT_NAME" uploadFunctionName="$UPLOAD_FUNCTION_NAME" \
  uploadContainerName="$ORDER_UPLOADS_CONTAINER" deadLetterContainerName="$UPLOAD_DEAD_LETTER_CONTAINER" \
  maxDeliveryAttempts="${UPLOAD_MAX_DELIVERY_ATTEMPTS:-30}" eventTimeToLiveMinutes="${UPLOAD_EVENT_TTL_MINUTES:-1440}" \
  --output none
echo "Blobs created under ${ORDER_UPLOADS_CONTAINER}/ now trigger ${UPLOAD_FUNCTION_NAME}"
