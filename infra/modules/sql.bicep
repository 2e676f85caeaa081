// Azure SQL logical server with Entra-only authentication and one serverless database.
// There is no SQL login or password at all; the app's database user is created by the postprovision hook
// (scripts/postprovision.sh), because database users are data plane and ARM cannot create them.
param location string
param tags object
param serverName string
param databaseName string
param adminLogin string
param adminObjectId string
@description('User, Group or Application (a service principal).')
param adminPrincipalType string
param autoPauseDelayMinutes int
param maxVCores int
param logAnalyticsWorkspaceId string

resource server 'Microsoft.Sql/servers@2023-08-01-preview' = {
  name: serverName
  location: location
  tags: tags
  // Lets the server look principals up in Entra when a service principal (CI) creates database users;
  // that also needs the Directory Readers role granted to this identity (see docs/deploy.md).
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    minimalTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
    administrators: {
      administratorType: 'ActiveDirectory'
      azureADOnlyAuthentication: true
      login: adminLogin
      sid: adminObjectId
      tenantId: tenant().tenantId
      principalType: adminPrincipalType
    }
  }
}

// 0.0.0.0 is the special rule "allow Azure services": Flex without a VNet has no fixed outbound address.
// Deliberately not 0.0.0.0-255.255.255.255; operators get a temporary rule for their own IP from the scripts.
resource allowAzureServices 'Microsoft.Sql/servers/firewallRules@2023-08-01-preview' = {
  parent: server
  name: 'AllowAllWindowsAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

resource database 'Microsoft.Sql/servers/databases@2023-08-01-preview' = {
  parent: server
  name: databaseName
  location: location
  tags: tags
  // GP_S = General Purpose serverless: billed per vCore-second while running, storage only while paused.
  sku: {
    name: 'GP_S_Gen5'
    tier: 'GeneralPurpose'
    family: 'Gen5'
    capacity: maxVCores
  }
  properties: {
    autoPauseDelay: autoPauseDelayMinutes
    minCapacity: json('0.5')
    collation: 'SQL_Latin1_General_CP1_CI_AS'
    maxSizeBytes: 34359738368
    requestedBackupStorageRedundancy: 'Local'
    zoneRedundant: false
  }
}

// Query-store and insight categories are left out: their volume costs more than they tell at this size.
resource databaseDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: database
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        category: 'Errors'
        enabled: true
      }
      {
        category: 'Timeouts'
        enabled: true
      }
      {
        category: 'Blocks'
        enabled: true
      }
      {
        category: 'Deadlocks'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'Basic'
        enabled: true
      }
    ]
  }
}

output serverName string = server.name
output fullyQualifiedDomainName string = server.properties.fullyQualifiedDomainName
output databaseName string = database.name
