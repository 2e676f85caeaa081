// Event Grid system topic for the storage account. On Flex the blob trigger only works with the
// Event Grid source. The subscription to it is created by scripts/postdeploy.sh, not here: its webhook
// needs the `blobs_extension` system key, which exists only once the code is deployed and the host runs.
param location string
param tags object
param name string
param storageAccountName string

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

output name string = systemTopic.name
