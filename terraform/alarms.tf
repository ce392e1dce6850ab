################################################################################
# Alarms (opt-in: create_alarms): on the metrics each invocation's log line embeds (CloudWatch EMF, namespace
# powertools_metrics_namespace, dimensions service/function/outcome) and on Lambda's own Throttles.
# Over HTTP every failure is a proxy response, so Lambda's Errors metric stays 0: hence alarms on outcomes.
################################################################################

locals {
  create_alarms = var.create && var.create_alarms
  alarm_actions = var.alarm_sns_topic_arn == null ? [] : [var.alarm_sns_topic_arn]

  # Common settings, so that an alarm added later (e.g. on an on-failure queue) notifies the same way.
  alarm_defaults = {
    period              = var.alarm_period_seconds
    evaluation_periods  = var.alarm_evaluation_periods
    alarm_actions       = local.alarm_actions
    ok_actions          = local.alarm_actions
    treat_missing_data  = "notBreaching"
    comparison_operator = "GreaterThanOrEqualToThreshold"
  }

  alarm_functions = local.create_alarms ? local.function_names : {}
}

resource "aws_cloudwatch_metric_alarm" "extend_rejected" {
  for_each = local.alarm_functions

  alarm_name        = "${each.value}-extend-rejected"
  alarm_description = "${each.key}: Extend rejected a request for reasons of ours (ExtendRejectedRequest: a revoked key, no credits, forbidden). Every cancel will fail until the key or the account is fixed."

  namespace   = var.powertools_metrics_namespace
  metric_name = "Invocations"
  dimensions = {
    service  = var.powertools_service_name
    function = each.key
    outcome  = "ExtendRejectedRequest"
  }
  statistic = "Sum"
  threshold = 1

  period              = local.alarm_defaults.period
  evaluation_periods  = local.alarm_defaults.evaluation_periods
  comparison_operator = local.alarm_defaults.comparison_operator
  treat_missing_data  = local.alarm_defaults.treat_missing_data
  alarm_actions       = local.alarm_defaults.alarm_actions
  ok_actions          = local.alarm_defaults.ok_actions

  tags = merge(var.tags, { Function = each.key })
}

resource "aws_cloudwatch_metric_alarm" "extend_unavailable" {
  for_each = local.alarm_functions

  alarm_name        = "${each.value}-extend-unavailable"
  alarm_description = "${each.key}: Extend was unavailable (5xx, timeouts, unreachable) after the function's retries, ${var.alarm_extend_unavailable_threshold} or more times in ${var.alarm_period_seconds} s."

  namespace   = var.powertools_metrics_namespace
  metric_name = "Invocations"
  dimensions = {
    service  = var.powertools_service_name
    function = each.key
    outcome  = "ExtendUnavailable"
  }
  statistic = "Sum"
  threshold = var.alarm_extend_unavailable_threshold

  period              = local.alarm_defaults.period
  evaluation_periods  = local.alarm_defaults.evaluation_periods
  comparison_operator = local.alarm_defaults.comparison_operator
  treat_missing_data  = local.alarm_defaults.treat_missing_data
  alarm_actions       = local.alarm_defaults.alarm_actions
  ok_actions          = local.alarm_defaults.ok_actions

  tags = merge(var.tags, { Function = each.key })
}

resource "aws_cloudwatch_metric_alarm" "throttles" {
  for_each = local.alarm_functions

  alarm_name        = "${each.value}-throttles"
  alarm_description = "${each.key}: Lambda throttled invocations (reserved_concurrent_executions or the account's concurrency is exhausted); those cancels did not run."

  namespace   = "AWS/Lambda"
  metric_name = "Throttles"
  dimensions = {
    FunctionName = aws_lambda_function.this[each.key].function_name
  }
  statistic = "Sum"
  threshold = 1

  period              = local.alarm_defaults.period
  evaluation_periods  = local.alarm_defaults.evaluation_periods
  comparison_operator = local.alarm_defaults.comparison_operator
  treat_missing_data  = local.alarm_defaults.treat_missing_data
  alarm_actions       = local.alarm_defaults.alarm_actions
  ok_actions          = local.alarm_defaults.ok_actions

  tags = merge(var.tags, { Function = each.key })
}

# A stopped execution whose cleanup failed execution_cleanup_max_receive_count times (or that EventBridge could not
# deliver) lands in the dead-letter queue: its Extend runs may still be running and costing credits.
resource "aws_cloudwatch_metric_alarm" "execution_cleanup_failures" {
  count = local.create_alarms && local.execution_cleanup ? 1 : 0

  alarm_name        = "${var.name}-execution-cleanup-failures"
  alarm_description = "Stopped executions whose Extend runs could not be cancelled are waiting in ${aws_sqs_queue.execution_cleanup_failures[0].name}: read them and the cleanup's log lines, fix the cause, then redrive them to ${aws_sqs_queue.execution_cleanup[0].name} (or re-run cancelExecutionRuns with {\"executionArn\": ...})."

  namespace   = "AWS/SQS"
  metric_name = "ApproximateNumberOfMessagesVisible"
  dimensions = {
    QueueName = aws_sqs_queue.execution_cleanup_failures[0].name
  }
  statistic = "Maximum"
  threshold = 1

  period              = local.alarm_defaults.period
  evaluation_periods  = 1
  comparison_operator = local.alarm_defaults.comparison_operator
  treat_missing_data  = local.alarm_defaults.treat_missing_data
  alarm_actions       = local.alarm_defaults.alarm_actions
  ok_actions          = local.alarm_defaults.ok_actions

  tags = var.tags
}

# The backlog is older than its budget drains: a burst larger than expected, Extend throttling the cleanup (the
# customer's own traffic), or records coming back again and again.
resource "aws_cloudwatch_metric_alarm" "execution_cleanup_queue_age" {
  count = local.create_alarms && local.execution_cleanup ? 1 : 0

  alarm_name        = "${var.name}-execution-cleanup-queue-age"
  alarm_description = "The oldest stopped execution in ${aws_sqs_queue.execution_cleanup[0].name} has waited more than ${var.alarm_execution_cleanup_queue_age_seconds} s for its cleanup: its Extend runs keep running meanwhile. See the cleanup's log lines (rateLimitWaitMs, retry) and the runbook \"the cleanup queue has messages\"."

  namespace   = "AWS/SQS"
  metric_name = "ApproximateAgeOfOldestMessage"
  dimensions = {
    QueueName = aws_sqs_queue.execution_cleanup[0].name
  }
  statistic = "Maximum"
  threshold = var.alarm_execution_cleanup_queue_age_seconds

  period              = local.alarm_defaults.period
  evaluation_periods  = local.alarm_defaults.evaluation_periods
  comparison_operator = local.alarm_defaults.comparison_operator
  treat_missing_data  = local.alarm_defaults.treat_missing_data
  alarm_actions       = local.alarm_defaults.alarm_actions
  ok_actions          = local.alarm_defaults.ok_actions

  tags = var.tags
}
