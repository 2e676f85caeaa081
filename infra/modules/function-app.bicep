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

@description('Instances of the HTTP group kept warm (billed while idle); 0 scales to zero and pays a cold start.')
@minValue(0)
param alwaysReadyInstances int

@description('Serve HTTP/2 to clients that offer it.')
param http20Enabled bool

@description('Spread the plan over availability zones; the platform then keeps at least two always-ready instances.')
param zoneRedundant bool

@description('Subnet (delegated to Microsoft.App/environments) for VNet integration; empty for none.')
param virtualNetworkSubnetId string

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
  // checkov:skip=CKV_AZURE_225: zone redundancy is zoneRedundant (main.production.parameters.json: true); it bills two always-ready instances
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
    zoneRedundant: zoneRedundant
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  // checkov:skip=CKV_AZURE_222: a public API by design (clients and the Event Grid webhook call it); storage and SQL go private instead
  // checkov:skip=CKV_AZURE_17: clients authenticate with API keys (DESIGN §7), not client certificates
  // checkov:skip=CKV_AZURE_212: Flex has no minimum instance count; warm instances are alwaysReadyInstances (production: 1)
  // checkov:skip=CKV_AZURE_213: the Flex Consumption plan has no platform health check; GET /api/health serves external probes
  // checkov:skip=CKV_AZURE_67: HTTP/2 is http20Enabled, from http2Enabled in main.bicep (default true)
  // checkov:skip=CKV_AZURE_18: HTTP/2 is http20Enabled, from http2Enabled in main.bicep (default true)
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
    virtualNetworkSubnetId: empty(virtualNetworkSubnetId) ? null : virtualNetworkSubnetId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: http20Enabled
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
        // `http` is the group of every HTTP-triggered function: a warm instance has WeasyPrint loaded already.
        alwaysReady: alwaysReadyInstances == 0 ? [] : [
          {
            name: 'http'
            instanceCount: alwaysReadyInstances
          }
        ]
      }
      runtime: {
        name: 'python'
        version: '3.11'
      }
    }
  }
}

resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  // App settings, not a site: the site checks checkov also applies to this resource do not apply to it.
  // checkov:skip=CKV_AZURE_222: app settings hold no network setting; see the site above
  // checkov:skip=CKV_AZURE_13: app settings; clients authenticate with the app's API keys (DESIGN §7)
  // checkov:skip=CKV_AZURE_88: app settings; Flex Consumption has no Azure Files content share
  // checkov:skip=CKV_AZURE_80: app settings; the app runs Python 3.11, not .NET
  // checkov:skip=CKV_AZURE_63: app settings; Flex logs requests to Application Insights, it has no App Service HTTP logs
  // checkov:skip=CKV_AZURE_65: app settings; Flex has no App Service detailed error pages, errors go to Application Insights
  // checkov:skip=CKV_AZURE_66: app settings; Flex has no App Service failed request tracing, requests go to Application Insights
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
    // The budget of one certificate pack render (README: certificate pack limits); the wall clock stays below
    // the 230 s the HTTP front end waits.
    PACK_RENDER_CPU_SECONDS: '120'
    PACK_RENDER_MEMORY_MB: '2048'
    PACK_RENDER_TIMEOUT_SECONDS: '180'
    PACK_MAX_LINES: '10000'
    // info.contact and info.license of the OpenAPI document. The repository names neither owner nor licence, so
    // neutral placeholders (as shared/config.py): set the real ones for the deployment. Empty means not stated.
    API_CONTACT_NAME: 'Orders API maintainers'
    API_CONTACT_EMAIL: ''
    API_CONTACT_URL: ''
    API_LICENSE_NAME: 'Proprietary'
    API_LICENSE_URL: ''
  }
}

// FTP and the scm (Kudu) site are never used with a password: azd deploys with an Entra token. Refuse both
// basic-auth credentials, so a leaked publish profile opens nothing.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

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
output id string = app.id
output principalId string = app.identity.principalId
output defaultHostName string = app.properties.defaultHostName
output sqlConnectionString string = sqlConnectionString
