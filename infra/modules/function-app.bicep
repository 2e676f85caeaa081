// Flex Consumption plan (FC1) and the Python 3.11 function app (azd service `api`).
// The app authenticates to storage, SQL and Application Insights with its system-assigned identity only.
param location string
param tags object
param planName string
param functionAppName string
param storageAccountName string
param deploymentContainerName string
param applicationInsightsName string
param logAnalyticsWorkspaceId string
param sqlServerFqdn string
param sqlDatabaseName string
param maximumInstanceCount int
param instanceMemoryMB int
param maxUploadBytes int
param maxUploadRows int
param corsAllowedOrigins array

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

// ODBC connection string of DESIGN §8 without any credential: shared/db/sqlserver.py then passes
// an Entra access token of the managed identity as connection attribute 1256.
var sqlConnectionString = 'Driver={ODBC Driver 18 for SQL Server};Server=tcp:${sqlServerFqdn},1433;Database=${sqlDatabaseName};Encrypt=yes;TrustServerCertificate=no;Connection Timeout=30'

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true // Linux
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: functionAppName
  location: location
  // azd finds the deployment target of service `api` by this tag.
  tags: union(tags, {
    'azd-service-name': 'api'
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      cors: empty(corsAllowedOrigins) ? null : {
        allowedOrigins: corsAllowedOrigins
      }
    }
    // On Flex the runtime and the package location live here, not in FUNCTIONS_WORKER_RUNTIME,
    // FUNCTIONS_EXTENSION_VERSION or WEBSITE_RUN_FROM_PACKAGE app settings (which Flex rejects).
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'python'
        version: '3.11'
      }
    }
  }
}

resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'appsettings'
  properties: {
    // Host storage by identity. The queue URI matters: blob triggers keep their poison queue there.
    AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
    AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
    AzureWebJobsStorage__credential: 'managedidentity'
    // Connection `BlobStorage` of the process_order_upload blob trigger (Event Grid source): it needs
    // the blob service for the blob and the queue service for its internal and poison queues.
    BlobStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
    BlobStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
    BlobStorage__credential: 'managedidentity'
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
    // System-assigned identity: no ClientId part (App Insights has local auth disabled).
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD'
    // What shared/config.py reads (DESIGN §8).
    SQL_CONNECTION_STRING: sqlConnectionString
    BLOB_ACCOUNT_URL: storage.properties.primaryEndpoints.blob
    MAX_UPLOAD_BYTES: string(maxUploadBytes)
    MAX_UPLOAD_ROWS: string(maxUploadRows)
  }
}

// FTP is unused (code arrives through azd's deployment container); refuse its basic-auth credentials.
resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource appDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: app
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        category: 'FunctionAppLogs'
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

output name string = app.name
output principalId string = app.identity.principalId
output defaultHostName string = app.properties.defaultHostName
output sqlConnectionString string = sqlConnectionString
