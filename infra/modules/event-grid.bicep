// Event Grid system topic for the storage account. On Flex the blob trigger only works with the
// Event Grid source. The subscription that feeds process_order_upload is upload-subscription.bicep: it
// needs the host's `blobs_extension` key, which exists only once the code runs (see that module).
// The topic has its own identity, which writes events Event Grid gives up on into the dead-letter container.
param location string
param tags object
param name string
param storageAccountName string
@description('Container receiving dead-lettered events (created by storage.bicep).')
param deadLetterContainerName string
param logAnalyticsWorkspaceId string

// Storage Blob Data Contributor: write dead-letter blobs, nothing else (scoped to that one container).
var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource deadLetterContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' existing = {
  name: '${storageAccountName}/default/${deadLetterContainerName}'
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2024-06-01-preview' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

resource deadLetterWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(deadLetterContainer.id, systemTopic.id, storageBlobDataContributor)
  scope: deadLetterContainer
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributor)
    principalId: systemTopic.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// Every failed delivery attempt, with the endpoint's answer: why an upload was retried or dead-lettered.
resource topicDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: systemTopic
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        category: 'DeliveryFailures'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

output name string = systemTopic.name
output id string = systemTopic.id
