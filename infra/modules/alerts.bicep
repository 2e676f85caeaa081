// Alerts for the failures nobody would otherwise see: server errors, uploads Event Grid gave up on, and
// uploads the import rejected. They fire in Azure Monitor in any case; with alertEmail they also send mail.
param location string
param tags object
param namePrefix string
param applicationInsightsName string
param systemTopicId string
@description('Address the alerts are mailed to. Empty: no action group, the alerts show in Azure Monitor only.')
param alertEmail string
@description('Per cent of requests answered 5xx within 15 minutes that raises the alert.')
@minValue(1)
@maxValue(100)
param http5xxPercentThreshold int
@description('Log lines the code writes, matched by the log alerts (tests/infra checks them against the code).')
param rejectedUploadLogPrefix string
param reconciledUploadLogPrefix string

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(alertEmail)) {
  name: '${namePrefix}-operators'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'orders-ops'
    enabled: true
    emailReceivers: [
      {
        name: 'operators'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

var actionGroups = empty(alertEmail) ? [] : [
  actionGroup.id
]

// Event Grid exhausted its retries (or the time to live) for an upload event: it is in the dead-letter
// container, and the reconcile timer will import the blob; docs/runbook.md replays it at once.
resource deadLettered 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: '${namePrefix}-uploads-dead-lettered'
  location: 'global'
  tags: tags
  properties: {
    description: 'An order upload event was dead-lettered. Replay: docs/runbook.md.'
    severity: 1
    enabled: true
    scopes: [
      systemTopicId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'dead-lettered'
          metricNamespace: 'Microsoft.EventGrid/systemTopics'
          metricName: 'DeadLetteredCount'
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Total'
        }
      ]
    }
    autoMitigate: true
    actions: [
      for id in actionGroups: {
        actionGroupId: id
      }
    ]
  }
}

// Requests answered 5xx, as a share of all requests (Application Insights), at least 5 of them.
resource serverErrors 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = {
  name: '${namePrefix}-http-5xx-rate'
  location: location
  tags: tags
  properties: {
    displayName: 'Orders API: 5xx rate'
    description: 'More than ${http5xxPercentThreshold}% of requests failed with a server error in 15 minutes.'
    severity: 1
    enabled: true
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: 'requests | summarize total = count(), failed = countif(toint(resultCode) >= 500) | where failed >= 5 | extend failedPercent = 100.0 * failed / total'
          timeAggregation: 'Maximum'
          metricMeasureColumn: 'failedPercent'
          operator: 'GreaterThan'
          threshold: http5xxPercentThreshold
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: actionGroups
    }
  }
}

// A dropped file was rejected (bad CSV, unknown company, too large): the report says why, the customer
// may not be watching. shared/bulk/blob_uploads/blob_import.py logs "blob upload <name>: rejected".
resource rejectedUploads 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = {
  name: '${namePrefix}-uploads-rejected'
  location: location
  tags: tags
  properties: {
    displayName: 'Orders API: rejected uploads'
    description: 'A file dropped in order-uploads was rejected; its report is in order-uploads-results.'
    severity: 3
    enabled: true
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: 'traces | where message startswith "${rejectedUploadLogPrefix}" and message endswith ": rejected"'
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: false
    actions: {
      actionGroups: actionGroups
    }
  }
}

// The reconcile timer imported a file no event had delivered: delivery is failing somewhere.
resource reconciledUploads 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = {
  name: '${namePrefix}-uploads-reconciled'
  location: location
  tags: tags
  properties: {
    displayName: 'Orders API: uploads imported by the reconcile timer'
    description: 'Files in order-uploads were not delivered by Event Grid and were imported by reconcile_order_uploads.'
    severity: 2
    enabled: true
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: 'traces | where message startswith "${reconciledUploadLogPrefix}"'
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: false
    actions: {
      actionGroups: actionGroups
    }
  }
}
