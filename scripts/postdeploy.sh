#!/usr/bin/env bash
# azd postdeploy hook: deliver BlobCreated events of the upload container to the blob-triggered function.
# Not in Bicep because the webhook needs the host's `blobs_extension` system key, which exists only once
# the code is deployed and the host has indexed the Event Grid blob trigger. Idempotent: creates the
# Event Grid subscription, or updates it in place (the key may have changed) when it already exists.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

load_azd_env
require_vars AZURE_FUNCTION_APP_NAME AZURE_RESOURCE_GROUP EVENT_GRID_SYSTEM_TOPIC_NAME \
  ORDER_UPLOADS_CONTAINER UPLOAD_FUNCTION_NAME
need az
need curl

rg="$AZURE_RESOURCE_GROUP"
app="$AZURE_FUNCTION_APP_NAME"
topic="$EVENT_GRID_SYSTEM_TOPIC_NAME"
subscription="${UPLOAD_FUNCTION_NAME//_/-}" # subscription names allow letters, digits and hyphens
# Subjects look like /blobServices/default/containers/<container>/blobs/<name>. The trailing slash keeps
# order-uploads-results and order-uploads-archive (the function's own output) out.
subject_prefix="/blobServices/default/containers/${ORDER_UPLOADS_CONTAINER}/"

# The platform's host name, not "<app>.azurewebsites.net": newer apps get regional host names.
host="$(az functionapp show --resource-group "$rg" --name "$app" --query defaultHostName --output tsv)"
[ -n "$host" ] || die "cannot read the host name of $app"

# A Flex app scales to zero; a request starts the host, which then creates the extension key.
curl -fsS --max-time 60 --output /dev/null "https://${host}/api/health" || echo "health check did not answer yet" >&2

key=""
for attempt in $(seq 1 20); do
  key="$(az functionapp keys list --resource-group "$rg" --name "$app" \
    --query systemKeys.blobs_extension --output tsv 2>/dev/null || true)"
  [ -n "$key" ] && [ "$key" != "None" ] && break
  key=""
  echo "waiting for the blobs_extension key of $app ($attempt/20)"
  sleep 15
done
[ -n "$key" ] || die "no blobs_extension key on $app: is ${UPLOAD_FUNCTION_NAME} deployed with an Event Grid blob trigger?"

# Never echoed: the URL carries the key.
endpoint="https://${host}/runtime/webhooks/blobs?functionName=Host.Functions.${UPLOAD_FUNCTION_NAME}&code=${key}"

if az eventgrid system-topic event-subscription show --resource-group "$rg" --system-topic-name "$topic" \
  --name "$subscription" --output none 2>/dev/null; then
  echo "Updating Event Grid subscription $subscription"
  az eventgrid system-topic event-subscription update --resource-group "$rg" --system-topic-name "$topic" \
    --name "$subscription" --endpoint "$endpoint" \
    --included-event-types Microsoft.Storage.BlobCreated --subject-begins-with "$subject_prefix" --output none
else
  echo "Creating Event Grid subscription $subscription"
  az eventgrid system-topic event-subscription create --resource-group "$rg" --system-topic-name "$topic" \
    --name "$subscription" --endpoint-type webhook --endpoint "$endpoint" \
    --included-event-types Microsoft.Storage.BlobCreated --subject-begins-with "$subject_prefix" --output none
fi
echo "Blobs created under ${ORDER_UPLOADS_CONTAINER}/ now trigger ${UPLOAD_FUNCTION_NAME}"
