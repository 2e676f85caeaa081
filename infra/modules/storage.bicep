// Storage account for the Functions host, the deployment package and the app's blobs.
// Identity-only: shared keys are off, so no connection string with a key exists anywhere.
// Certificates are a stockholder's legal evidence and uploads are customer data, so the account keeps
// history: zone-redundant by default, every overwrite kept as a version, deletes recoverable for
// `blobSoftDeleteDays`, and a change feed that records every write and delete (docs/runbook.md).
param location string
param tags object
param name string
@description('Containers to create: the deployment container and every container the app uses.')
param containerNames array
param logAnalyticsWorkspaceId string

@description('Replication. ZRS survives the loss of a zone; GZRS/RAGZRS also copy to the paired region.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_RAGRS'
  'Standard_GZRS'
  'Standard_RAGZRS'
])
param skuName string

@description('Days a deleted or overwritten blob can be recovered (blob soft delete).')
@minValue(1)
@maxValue(365)
param blobSoftDeleteDays int

@description('Days a deleted container can be recovered.')
@minValue(1)
@maxValue(365)
param containerSoftDeleteDays int

@description('Days the change feed is kept; 0 keeps it forever.')
@minValue(0)
@maxValue(146000)
param changeFeedRetentionDays int

@description('Days before a previous version of a cached export or certificate pack is deleted (they can be rebuilt).')
@minValue(1)
param cacheVersionRetentionDays int

@description('Deny every network except the private endpoints (private-network.bicep) and trusted Azure services.')
param privateNetworking bool

@description('Microsoft Defender for Storage on this account, with malware scanning of uploaded blobs.')
param defenderEnabled bool

@description('Most GB Defender malware scanning may scan per month (caps its cost).')
param malwareScanningCapGBPerMonth int

@description('Containers holding caches the app rebuilds on demand: their old versions are not evidence.')
param cacheContainerNames array

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  // checkov:skip=CKV_AZURE_59: public endpoint stays on so Event Grid (a trusted service) can dead-letter; privateNetworking=true denies every other caller
  // checkov:skip=CKV_AZURE_206: replication is skuName, from storageSku in main.bicep (default Standard_ZRS)
  // checkov:skip=CKV_AZURE_35: Allow only in the quickstart; privateNetworking=true (main.production.parameters.json) sets Deny
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    isLocalUserEnabled: false
    isSftpEnabled: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    // With privateNetworking the app reaches the account through private endpoints. The public endpoint
    // then admits only trusted Azure services that authenticate as themselves: Event Grid writing
    // dead-lettered events with its system-assigned identity.
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: privateNetworking ? 'Deny' : 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    isVersioningEnabled: true
    changeFeed: {
      enabled: true
      retentionInDays: changeFeedRetentionDays == 0 ? null : changeFeedRetentionDays
    }
    deleteRetentionPolicy: {
      enabled: true
      days: blobSoftDeleteDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: containerSoftDeleteDays
    }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [
  for containerName in containerNames: {
    parent: blobService
    name: containerName
    properties: {
      publicAccess: 'None'
    }
  }
]

// Versioning keeps every overwrite. Cached exports and packs are rebuilt from the database, so their old
// versions go after a while; certificates, uploads and reports keep theirs (soft delete still applies).
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'expire-cache-versions'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [for container in cacheContainerNames: '${container}/']
            }
            actions: {
              version: {
                delete: {
                  daysAfterCreationGreaterThan: cacheVersionRetentionDays
                }
              }
            }
          }
        }
      ]
    }
  }
  dependsOn: [
    blobService
  ]
}

resource defender 'Microsoft.Security/defenderForStorageSettings@2022-12-01-preview' = if (defenderEnabled) {
  name: 'current'
  scope: storage
  properties: {
    isEnabled: true
    overrideSubscriptionLevelSettings: true
    malwareScanning: {
      onUpload: {
        isEnabled: true
        capGBPerMonth: malwareScanningCapGBPerMonth
      }
    }
    sensitiveDataDiscovery: {
      isEnabled: false
    }
  }
}

// Account level offers metrics only; blob operations are logged on the blob service.
resource accountDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: storage
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    metrics: [
      {
        category: 'Transaction'
        enabled: true
      }
    ]
  }
}

// Writes and deletes only: reads (every API download, the host's own polling) would dominate the log bill.
resource blobDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: blobService
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        category: 'StorageWrite'
        enabled: true
      }
      {
        category: 'StorageDelete'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'Transaction'
        enabled: true
      }
    ]
  }
}

output name string = storage.name
output id string = storage.id
output blobEndpoint string = storage.properties.primaryEndpoints.blob
output queueEndpoint string = storage.properties.primaryEndpoints.queue
