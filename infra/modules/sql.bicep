// Azure SQL logical server with Entra-only authentication and one serverless database.
// There is no SQL login or password at all; the app's database user is created by the postprovision hook
// (scripts/postprovision.sh), because database users are data plane and ARM cannot create them.
// Backups, retention, auditing and Defender are parameters (main.bicep); docs/runbook.md restores from them.
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

@description('Where backups are stored: Geo allows a geo-restore into the paired region, Zone survives a zone.')
@allowed([
  'Local'
  'Zone'
  'Geo'
  'GeoZone'
])
param backupStorageRedundancy string

@description('Spread the database over availability zones (not every region offers it for serverless).')
param zoneRedundant bool

@description('Days of point-in-time restore.')
@minValue(1)
@maxValue(35)
param shortTermRetentionDays int

@description('Long-term retention of weekly backups, an ISO 8601 duration (P12W); PT0S keeps none.')
param ltrWeeklyRetention string

@description('Long-term retention of the first backup of each month (P12M); PT0S keeps none.')
param ltrMonthlyRetention string

@description('Long-term retention of one backup a year (P10Y); PT0S keeps none.')
param ltrYearlyRetention string

@description('Week of the year whose backup the yearly retention keeps.')
@minValue(1)
@maxValue(52)
param ltrWeekOfYear int

@description('Also audit every completed statement (large log volume); off audits sign-ins and permission and schema changes.')
param auditStatements bool

@description('Microsoft Defender for SQL: threat alerts and vulnerability assessment, billed per server.')
param defenderEnabled bool

@description('Address the Defender alerts are mailed to, besides the subscription admins. May be empty.')
param alertEmail string

@description('Only private endpoints (private-network.bicep) reach the server; no public endpoint, no firewall rule.')
param privateNetworking bool

resource server 'Microsoft.Sql/servers@2023-08-01-preview' = {
  // checkov:skip=CKV_AZURE_113: public only in the quickstart (Flex without a VNet has no fixed address); privateNetworking=true disables it
  // checkov:skip=CKV_AZURE_24: audit records go to Log Analytics (retention logRetentionDays), not to a storage account with retentionDays
  // checkov:skip=CKV_AZURE_25: Defender for SQL is defenderEnabled (main.production.parameters.json: true), alerting on all threat types
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
    publicNetworkAccess: privateNetworking ? 'Disabled' : 'Enabled'
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
// With privateNetworking the app comes through its VNet and the rule is not created.
resource allowAzureServices 'Microsoft.Sql/servers/firewallRules@2023-08-01-preview' = if (!privateNetworking) {
  parent: server
  name: 'AllowAllWindowsAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

resource database 'Microsoft.Sql/servers/databases@2023-08-01-preview' = {
  // checkov:skip=CKV_AZURE_229: zone redundancy is zoneRedundant (main.production.parameters.json: true); not every region offers it for serverless
  // checkov:skip=CKV_AZURE_25: Defender for SQL is set on the server (advancedThreatProtectionSettings), covering this database
  // checkov:skip=CKV_AZURE_26: Defender alerts are server-level; the server policy mails alertEmail and the admins
  // checkov:skip=CKV_AZURE_27: Defender alerts are server-level; the server policy mails the subscription admins
  // checkov:skip=CKV_AZURE_23: auditing is server-level (auditingSettings on the server), which covers every database
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
    requestedBackupStorageRedundancy: backupStorageRedundancy
    zoneRedundant: zoneRedundant
  }
}

resource shortTermRetention 'Microsoft.Sql/servers/databases/backupShortTermRetentionPolicies@2023-08-01-preview' = {
  parent: database
  name: 'default'
  properties: {
    retentionDays: shortTermRetentionDays
    diffBackupIntervalInHours: 12
  }
}

resource longTermRetentionPolicy 'Microsoft.Sql/servers/databases/backupLongTermRetentionPolicies@2023-08-01-preview' = {
  parent: database
  name: 'default'
  properties: {
    weeklyRetention: ltrWeeklyRetention
    monthlyRetention: ltrMonthlyRetention
    yearlyRetention: ltrYearlyRetention
    weekOfYear: ltrWeekOfYear
  }
  dependsOn: [
    shortTermRetention
  ]
}

// Server auditing to Azure Monitor: the records land in Log Analytics through the diagnostic setting of
// the master database below (that is how server-level audit reaches a workspace).
var auditGroups = [
  'SUCCESSFUL_DATABASE_AUTHENTICATION_GROUP'
  'FAILED_DATABASE_AUTHENTICATION_GROUP'
  'DATABASE_PRINCIPAL_CHANGE_GROUP'
  'DATABASE_ROLE_MEMBER_CHANGE_GROUP'
  'DATABASE_PERMISSION_CHANGE_GROUP'
  'SCHEMA_OBJECT_CHANGE_GROUP'
  'DATABASE_OBJECT_CHANGE_GROUP'
]

var statementGroups = [
  'BATCH_COMPLETED_GROUP'
]

resource auditing 'Microsoft.Sql/servers/auditingSettings@2023-08-01-preview' = {
  parent: server
  name: 'default'
  properties: {
    state: 'Enabled'
    isAzureMonitorTargetEnabled: true
    auditActionsAndGroups: auditStatements ? concat(auditGroups, statementGroups) : auditGroups
  }
}

resource master 'Microsoft.Sql/servers/databases@2023-08-01-preview' existing = {
  // checkov:skip=CKV_AZURE_23: the system database, referenced only to scope the audit diagnostic setting; server auditing covers it
  // checkov:skip=CKV_AZURE_25: the system database, referenced only to scope the audit diagnostic setting; Defender is server-level
  parent: server
  name: 'master'
}

resource auditDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit-to-log-analytics'
  scope: master
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        category: 'SQLSecurityAuditEvents'
        enabled: true
      }
    ]
  }
  dependsOn: [
    auditing
  ]
}

// Microsoft Defender for SQL (per server): threat alerts for every type, plus vulnerability assessment.
resource threatProtection 'Microsoft.Sql/servers/advancedThreatProtectionSettings@2023-08-01-preview' = if (defenderEnabled) {
  parent: server
  name: 'Default'
  properties: {
    state: 'Enabled'
  }
}

resource alertPolicy 'Microsoft.Sql/servers/securityAlertPolicies@2023-08-01-preview' = if (defenderEnabled) {
  parent: server
  name: 'Default'
  properties: {
    state: 'Enabled'
    disabledAlerts: []
    emailAccountAdmins: true
    emailAddresses: empty(alertEmail) ? [] : [
      alertEmail
    ]
  }
  dependsOn: [
    threatProtection
  ]
}

resource vulnerabilityAssessment 'Microsoft.Sql/servers/sqlVulnerabilityAssessments@2023-08-01-preview' = if (defenderEnabled) {
  parent: server
  name: 'default'
  properties: {
    state: 'Enabled'
  }
  dependsOn: [
    alertPolicy
  ]
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

output id string = server.id
output serverName string = server.name
output fullyQualifiedDomainName string = server.properties.fullyQualifiedDomainName
output databaseName string = database.name
