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

@description('Days Log Analytics keeps logs, SQL audit records included.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

// --- Evidence durability (docs/runbook.md restores from these) ---

@description('Storage replication. Zone-redundant by default: certificates are legal evidence. GZRS/RAGZRS also copy to the paired region.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_RAGRS'
  'Standard_GZRS'
  'Standard_RAGZRS'
])
param storageSku string = 'Standard_ZRS'

@description('Days a deleted or overwritten blob (certificate, upload, report) can be recovered.')
@minValue(1)
@maxValue(365)
param blobSoftDeleteDays int = 30

@description('Days a deleted container can be recovered.')
@minValue(1)
@maxValue(365)
param containerSoftDeleteDays int = 30

@description('Days the blob change feed (every write and delete) is kept; 0 keeps it forever.')
@minValue(0)
@maxValue(146000)
param changeFeedRetentionDays int = 90

@description('Where SQL backups are stored: Geo also allows a geo-restore into the paired region; Zone survives a zone.')
@allowed([
  'Local'
  'Zone'
  'Geo'
  'GeoZone'
])
param sqlBackupStorageRedundancy string = 'Geo'

@description('Spread the database over availability zones (not offered for serverless in every region).')
param sqlZoneRedundant bool = false

@description('Days of SQL point-in-time restore.')
@minValue(1)
@maxValue(35)
param sqlBackupRetentionDays int = 7

@description('SQL long-term retention of weekly backups (ISO 8601, for example P12W); PT0S keeps none.')
param sqlLtrWeeklyRetention string = 'PT0S'

@description('SQL long-term retention of the first backup of each month (for example P12M); PT0S keeps none.')
param sqlLtrMonthlyRetention string = 'PT0S'

@description('SQL long-term retention of one backup a year (for example P10Y); PT0S keeps none.')
param sqlLtrYearlyRetention string = 'PT0S'

@description('Week of the year whose backup the yearly long-term retention keeps.')
@minValue(1)
@maxValue(52)
param sqlLtrWeekOfYear int = 1

// --- Audit and defence ---

@description('Audit every completed SQL statement too (large log volume). Sign-ins and permission and schema changes are always audited.')
param sqlAuditStatements bool = false

@description('Microsoft Defender for SQL on the server (billed per server).')
param sqlDefenderEnabled bool = false

@description('Microsoft Defender for Storage on the account, with malware scanning of uploaded blobs (billed per account and GB scanned).')
param storageDefenderEnabled bool = false

@description('Most GB Defender may malware-scan per month.')
@minValue(1)
param malwareScanningCapGBPerMonth int = 100

@description('Address alerts and Defender findings are mailed to. Empty: alerts show in Azure Monitor only.')
param alertEmail string = ''

@description('Per cent of requests answered 5xx within 15 minutes that raises an alert.')
@minValue(1)
@maxValue(100)
param http5xxPercentThreshold int = 5

// --- Network ---

@description('VNet integration for the app, private endpoints for storage and SQL, public access to both off.')
param privateNetworking bool = false

@description('Address space of the VNet (privateNetworking only).')
param vnetAddressPrefix string = '10.40.0.0/16'

@description('Subnet of the function app, delegated to Microsoft.App/environments (privateNetworking only).')
param appSubnetPrefix string = '10.40.0.0/24'

@description('Subnet of the private endpoints (privateNetworking only).')
param privateEndpointSubnetPrefix string = '10.40.1.0/24'

// --- Function app ---

@description('Instances of the HTTP functions kept warm, billed while idle. 0 scales to zero and every cold start loads WeasyPrint.')
@minValue(0)
param alwaysReadyInstances int = 0

@description('Serve HTTP/2 to clients that offer it.')
param http2Enabled bool = true

@description('Spread the Flex plan over availability zones; Azure then keeps at least two always-ready instances (billed).')
param planZoneRedundant bool = false

// --- Upload delivery ---

@description('Include the Event Grid subscription of the upload trigger. scripts/postdeploy.sh sets it once the code (and its blobs_extension key) exists.')
param uploadSubscriptionEnabled bool = false

@description('Delivery attempts before an upload event is dead-lettered (1-30).')
@minValue(1)
@maxValue(30)
param uploadMaxDeliveryAttempts int = 30

@description('Minutes Event Grid retries an upload event before dead-lettering it (1-1440).')
@minValue(1)
@maxValue(1440)
param uploadEventTimeToLiveMinutes int = 1440

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
// Events Event Grid gives up on land here; `python -m shared.cli replay-dead-letters` imports them.
var deadLetterContainerName = 'upload-events-deadletter'

// Every container the app names (DESIGN §5, §8). tests/infra/test_consistency.py checks this list
// against the *_CONTAINER constants in shared/.
var appBlobContainers = [
  'certificates'
  'certificate-packs'
  'company-profiles'
  'exports'
  uploadContainerName
  'order-uploads-results'
  'order-uploads-archive'
  deadLetterContainerName
]

// Caches the app rebuilds from the database: their old blob versions expire (storage.bicep).
var cacheContainerNames = [
  'certificate-packs'
  'exports'
]

// The log lines the alerts match (alerts.bicep); tests/infra/test_durability_and_audit.py finds them in the code.
var rejectedUploadLogPrefix = 'blob upload '
var reconciledUploadLogPrefix = 'reconciled upload '

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
    skuName: storageSku
    blobSoftDeleteDays: blobSoftDeleteDays
    containerSoftDeleteDays: containerSoftDeleteDays
    changeFeedRetentionDays: changeFeedRetentionDays
    cacheContainerNames: cacheContainerNames
    cacheVersionRetentionDays: 7
    privateNetworking: privateNetworking
    defenderEnabled: storageDefenderEnabled
    malwareScanningCapGBPerMonth: malwareScanningCapGBPerMonth
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
    backupStorageRedundancy: sqlBackupStorageRedundancy
    zoneRedundant: sqlZoneRedundant
    shortTermRetentionDays: sqlBackupRetentionDays
    ltrWeeklyRetention: sqlLtrWeeklyRetention
    ltrMonthlyRetention: sqlLtrMonthlyRetention
    ltrYearlyRetention: sqlLtrYearlyRetention
    ltrWeekOfYear: sqlLtrWeekOfYear
    auditStatements: sqlAuditStatements
    defenderEnabled: sqlDefenderEnabled
    alertEmail: alertEmail
    privateNetworking: privateNetworking
  }
}

module privateNetwork 'modules/private-network.bicep' = if (privateNetworking) {
  name: 'private-network'
  scope: rg
  params: {
    location: location
    tags: tags
    name: '${abbrs.networkVirtualNetworks}${resourceToken}'
    addressPrefix: vnetAddressPrefix
    appSubnetPrefix: appSubnetPrefix
    endpointSubnetPrefix: privateEndpointSubnetPrefix
    storageAccountId: storage.outputs.id
    sqlServerId: sql.outputs.id
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
    alwaysReadyInstances: alwaysReadyInstances
    http20Enabled: http2Enabled
    zoneRedundant: planZoneRedundant
    virtualNetworkSubnetId: privateNetworking ? privateNetwork.outputs.appSubnetId : ''
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
    deadLetterContainerName: deadLetterContainerName
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
  }
}

// Needs the code deployed first (the blobs_extension key): see the module's header. scripts/postdeploy.sh
// deploys the same module with the same parameters after every `azd deploy`.
module uploadSubscription 'modules/upload-subscription.bicep' = if (uploadSubscriptionEnabled) {
  name: 'upload-subscription'
  scope: rg
  params: {
    functionAppName: functionApp.outputs.name
    systemTopicName: eventGrid.outputs.name
    storageAccountName: storage.outputs.name
    uploadFunctionName: uploadFunctionName
    uploadContainerName: uploadContainerName
    deadLetterContainerName: deadLetterContainerName
    maxDeliveryAttempts: uploadMaxDeliveryAttempts
    eventTimeToLiveMinutes: uploadEventTimeToLiveMinutes
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  scope: rg
  params: {
    location: location
    tags: tags
    namePrefix: 'orders-${resourceToken}'
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    systemTopicId: eventGrid.outputs.id
    alertEmail: alertEmail
    http5xxPercentThreshold: http5xxPercentThreshold
    rejectedUploadLogPrefix: rejectedUploadLogPrefix
    reconciledUploadLogPrefix: reconciledUploadLogPrefix
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
output UPLOAD_DEAD_LETTER_CONTAINER string = deadLetterContainerName
output UPLOAD_MAX_DELIVERY_ATTEMPTS int = uploadMaxDeliveryAttempts
output UPLOAD_EVENT_TTL_MINUTES int = uploadEventTimeToLiveMinutes
// The hooks skip opening the SQL firewall when the server has no public endpoint.
output PRIVATE_NETWORKING bool = privateNetworking
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
