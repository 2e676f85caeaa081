// Orders API platform (issue 7): everything the function app needs, in one resource group.
// Subscription scope so `azd provision` can create the resource group itself (azd convention).
// Raw resource types only, no registry modules: nothing has to be pulled from a registry at compile time.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; names the resource group and seeds every other resource name.')
param environmentName string

@minLength(1)
@description('Region for all resources. It must offer the Flex Consumption plan (FC1).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the principal running the deployment (azd sets AZURE_PRINCIPAL_ID). It becomes the SQL Entra admin unless sqlAdminObjectId is given.')
param principalId string

@description('Kind of the deploying principal: a developer (User) or a CI identity (ServicePrincipal).')
@allowed([
  'User'
  'ServicePrincipal'
])
param principalType string = 'User'

@description('Object id of the SQL Entra admin. Empty means the deploying principal. Use an Entra group when both people and CI must administer the database.')
param sqlAdminObjectId string = ''

@description('Kind of sqlAdminObjectId. Empty derives it from principalType.')
@allowed([
  ''
  'User'
  'Group'
  'Application'
])
param sqlAdminType string = ''

@description('Display name recorded for the SQL Entra admin (for example the admin UPN or group name).')
param sqlAdminLogin string = 'orders-sql-admin'

@description('Name of the application database.')
param sqlDatabaseName string = 'orders'

@description('Minutes without connections before the serverless database pauses (billing for compute stops).')
@minValue(15)
param sqlAutoPauseDelayMinutes int = 60

@description('Upper bound of the serverless database in vCores; the lower bound is 0.5.')
@allowed([
  1
  2
  4
])
param sqlMaxVCores int = 2

@description('Most instances the Flex plan may scale out to. Keep it modest: every instance holds its own SQL connections.')
param maximumInstanceCount int = 40

@description('Memory per instance. PDF rendering (certificate packs) wants 2 GB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('MAX_UPLOAD_BYTES for the app: largest accepted upload request, in bytes (DESIGN §5 default 50 MiB).')
param maxUploadBytes int = 52428800

@description('MAX_UPLOAD_ROWS for the app: most rows accepted per CSV file (DESIGN §5 default).')
param maxUploadRows int = 200000

@description('Comma-separated browser origins allowed to call the API (the web frontend). Empty disables CORS.')
param corsAllowedOrigins string = ''

@description('Days Log Analytics keeps logs.')
@minValue(30)
param logRetentionDays int = 30

var abbrs = loadJsonContent('./abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}

var functionAppName = '${abbrs.webSitesFunctions}${resourceToken}'
// Flex deploys code packages into this container (azd uploads, the platform reads).
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'

// The blob-triggered function and the container it watches (DESIGN §3 #17). The postdeploy hook
// reads both from the outputs below to wire the Event Grid subscription.
var uploadFunctionName = 'process_order_upload'
var uploadContainerName = 'order-uploads'

// Every container the app names (DESIGN §5, §8). tests/infra/test_consistency.py checks this list
// against the *_CONTAINER constants in shared/.
var appBlobContainers = [
  'certificates'
  'certificate-packs'
  'exports'
  uploadContainerName
  'order-uploads-results'
  'order-uploads-archive'
]

var sqlAdminIsDeployer = empty(sqlAdminObjectId)
var effectiveSqlAdminType = !empty(sqlAdminType) ? sqlAdminType : (principalType == 'ServicePrincipal' ? 'Application' : 'User')

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    location: location
    tags: tags
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    retentionInDays: logRetentionDays
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    location: location
    tags: tags
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    containerNames: concat([deploymentContainerName], appBlobContainers)
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
  }
}

module sql 'modules/sql.bicep' = {
  name: 'sql'
  scope: rg
  params: {
    location: location
    tags: tags
    serverName: '${abbrs.sqlServers}${resourceToken}'
    databaseName: sqlDatabaseName
    adminLogin: sqlAdminLogin
    adminObjectId: sqlAdminIsDeployer ? principalId : sqlAdminObjectId
    adminPrincipalType: effectiveSqlAdminType
    autoPauseDelayMinutes: sqlAutoPauseDelayMinutes
    maxVCores: sqlMaxVCores
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
  }
}

module functionApp 'modules/function-app.bicep' = {
  name: 'function-app'
  scope: rg
  params: {
    location: location
    tags: tags
    planName: '${abbrs.webServerFarms}${resourceToken}'
    functionAppName: functionAppName
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
    sqlServerFqdn: sql.outputs.fullyQualifiedDomainName
    sqlDatabaseName: sql.outputs.databaseName
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    maxUploadBytes: maxUploadBytes
    maxUploadRows: maxUploadRows
    corsAllowedOrigins: empty(corsAllowedOrigins) ? [] : split(corsAllowedOrigins, ',')
  }
}

// A separate module so the assignment names (guid of the app's principal id) are known when it starts.
module roleAssignments 'modules/role-assignments.bicep' = {
  name: 'role-assignments'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    principalId: functionApp.outputs.principalId
  }
}

module eventGrid 'modules/event-grid.bicep' = {
  name: 'event-grid'
  scope: rg
  params: {
    location: location
    tags: tags
    name: '${abbrs.eventGridSystemTopics}${resourceToken}'
    storageAccountName: storage.outputs.name
  }
}

// Outputs become azd environment values; the hook scripts in scripts/ read them.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_FUNCTION_APP_PRINCIPAL_ID string = functionApp.outputs.principalId
output SERVICE_API_BASE_URL string = 'https://${functionApp.outputs.defaultHostName}'
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output BLOB_ACCOUNT_URL string = storage.outputs.blobEndpoint
output AZURE_SQL_SERVER_NAME string = sql.outputs.serverName
output AZURE_SQL_SERVER_FQDN string = sql.outputs.fullyQualifiedDomainName
output AZURE_SQL_DATABASE_NAME string = sql.outputs.databaseName
// No credentials in it: whoever connects brings an Entra token (the app its managed identity).
output SQL_CONNECTION_STRING string = functionApp.outputs.sqlConnectionString
output EVENT_GRID_SYSTEM_TOPIC_NAME string = eventGrid.outputs.name
output ORDER_UPLOADS_CONTAINER string = uploadContainerName
output UPLOAD_FUNCTION_NAME string = uploadFunctionName
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
