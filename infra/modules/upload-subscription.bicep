// The Event Grid subscription that delivers every BlobCreated event under order-uploads/ to the blob
// trigger process_order_upload, with retries and a dead-letter container: an upload is never silently lost.
//
// The webhook URL carries the host's `blobs_extension` system key, read here with listKeys at deployment
// time. That key exists only after the code is deployed and the host has started, so:
// - scripts/postdeploy.sh deploys this module on its own right after `azd deploy` (every deploy, so a
//   rotated key is picked up), and records UPLOAD_SUBSCRIPTION_ENABLED=true in the azd environment;
// - from then on main.bicep includes it too, so every `azd provision` re-creates it from the current key.
// scripts/upload-subscription.sh runs the same deployment on demand (after rotating the key: docs/runbook.md).
//
// Identity-based delivery (deliveryWithResourceIdentity) is not possible here: it covers Azure destinations
// such as Service Bus, Event Hubs and storage queues, and the blob extension's webhook authenticates with
// its system key only. Dead-lettering does use the topic's identity (event-grid.bicep grants it the role).
param functionAppName string
param systemTopicName string
param storageAccountName string
@description('Blob-triggered function (Event Grid source) that receives the events.')
param uploadFunctionName string
@description('Container whose new blobs are delivered.')
param uploadContainerName string
@description('Container for events Event Grid gives up on (shared/bulk/blob_uploads/dead_letters.py replays them).')
param deadLetterContainerName string

@description('Delivery attempts before an event is dead-lettered (Event Grid allows 1-30).')
@minValue(1)
@maxValue(30)
param maxDeliveryAttempts int = 30

@description('Minutes Event Grid keeps retrying an event before dead-lettering it (1-1440).')
@minValue(1)
@maxValue(1440)
param eventTimeToLiveMinutes int = 1440

resource app 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

resource host 'Microsoft.Web/sites/host@2024-04-01' existing = {
  parent: app
  name: 'default'
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2024-06-01-preview' existing = {
  name: systemTopicName
}

// The subscription name allows letters, digits and hyphens only.
resource uploads 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2024-06-01-preview' = {
  parent: systemTopic
  name: replace(uploadFunctionName, '_', '-')
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: 'https://${app.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.${uploadFunctionName}&code=${host.listKeys().systemKeys.blobs_extension}'
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      // The trailing slash keeps order-uploads-results and order-uploads-archive (the function's own output) out.
      subjectBeginsWith: '/blobServices/default/containers/${uploadContainerName}/'
    }
    retryPolicy: {
      maxDeliveryAttempts: maxDeliveryAttempts
      eventTimeToLiveInMinutes: eventTimeToLiveMinutes
    }
    deadLetterWithResourceIdentity: {
      identity: {
        type: 'SystemAssigned'
      }
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          resourceId: storage.id
          blobContainerName: deadLetterContainerName
        }
      }
    }
  }
}

output name string = uploads.name
