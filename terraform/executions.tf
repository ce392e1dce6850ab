################################################################################
# Stopped executions: cancelExecutionRuns
#
# An execution that is stopped (StopExecution, the console) or reaches its own TimeoutSeconds runs no Catch, so the
# Extend runs it started keep running. Step Functions' only hook is the EventBridge event "Step Functions Execution
# Status Change" (Standard workflows only, best-effort delivery). The rule below sends the watched state machines'
# stopped executions to an encrypted SQS queue; an event source mapping feeds cancelExecutionRuns from it with at
# most execution_cleanup_maximum_concurrency instances at once, so that a burst (a bad deploy aborting a hundred
# pipelines) waits in the queue within its share of the Extend budget instead of scaling out into Extend's rate
# limit. A record the function could not finish comes back (ReportBatchItemFailures) after the visibility timeout;
# after execution_cleanup_max_receive_count receives it moves to the dead-letter queue, where an alarm sees it.
################################################################################

locals {
  cleanup_function  = "cancelExecutionRuns"
  execution_cleanup = var.create && module.operations.execution_cleanup != null
  # a separate role: only this function may read execution histories (which may hold user documents)
  create_execution_cleanup_role = local.execution_cleanup && local.create_role
  # AWS: at least six times the function's timeout, so a record is not handed out again while an invocation (and
  # the event source mapping's own retries of a throttled invoke) may still hold it
  execution_cleanup_visibility_timeout = 6 * var.execution_cleanup_timeout
}

resource "aws_cloudwatch_event_rule" "execution_cleanup" {
  count = local.execution_cleanup ? 1 : 0

  name          = "${var.name}-execution-cleanup"
  description   = "Stopped executions of the watched state machines, for extend-cancel's cancelExecutionRuns"
  event_pattern = module.operations.execution_cleanup.event_pattern

  tags = var.tags
}

resource "aws_cloudwatch_event_target" "execution_cleanup" {
  count = local.execution_cleanup ? 1 : 0

  rule      = aws_cloudwatch_event_rule.execution_cleanup[0].name
  target_id = "cancel-execution-runs-queue"
  arn       = aws_sqs_queue.execution_cleanup[0].arn

  # EventBridge's own retries cover delivery to the queue; what it cannot deliver goes to the dead-letter queue.
  retry_policy {
    maximum_event_age_in_seconds = var.execution_cleanup_maximum_event_age_in_seconds
    maximum_retry_attempts       = 185
  }

  dead_letter_config {
    arn = aws_sqs_queue.execution_cleanup_failures[0].arn
  }
}

# The backlog of stopped executions waiting for their cleanup.
resource "aws_sqs_queue" "execution_cleanup" {
  count = local.execution_cleanup ? 1 : 0

  name                       = "${var.name}-execution-cleanup"
  message_retention_seconds  = var.execution_cleanup_backlog_retention_in_seconds
  visibility_timeout_seconds = local.execution_cleanup_visibility_timeout
  # SQS-managed encryption unless a KMS key is named
  sqs_managed_sse_enabled           = var.execution_cleanup_queue_kms_key_id == null ? true : null
  kms_master_key_id                 = var.execution_cleanup_queue_kms_key_id
  kms_data_key_reuse_period_seconds = var.execution_cleanup_queue_kms_key_id == null ? null : 300

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.execution_cleanup_failures[0].arn
    maxReceiveCount     = var.execution_cleanup_max_receive_count
  })

  tags = var.tags
}

# The dead-letter queue: stopped executions whose cleanup failed execution_cleanup_max_receive_count times, or that
# EventBridge could not deliver. Kept long enough for an operator to read them and redrive.
resource "aws_sqs_queue" "execution_cleanup_failures" {
  count = local.execution_cleanup ? 1 : 0

  name                              = "${var.name}-execution-cleanup-failures"
  message_retention_seconds         = var.execution_cleanup_queue_retention_in_seconds
  sqs_managed_sse_enabled           = var.execution_cleanup_queue_kms_key_id == null ? true : null
  kms_master_key_id                 = var.execution_cleanup_queue_kms_key_id
  kms_data_key_reuse_period_seconds = var.execution_cleanup_queue_kms_key_id == null ? null : 300

  tags = var.tags
}

# Only the backlog may move messages here, and the console's "start DLQ redrive" may move them back.
resource "aws_sqs_queue_redrive_allow_policy" "execution_cleanup_failures" {
  count = local.execution_cleanup ? 1 : 0

  queue_url = aws_sqs_queue.execution_cleanup_failures[0].id
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.execution_cleanup[0].arn]
  })
}

# Both queues take messages from the rule only (the cleanup queue as the rule's target, the dead-letter queue as its
# dead letters) and refuse plain HTTP.
locals {
  execution_cleanup_queue_arns = local.execution_cleanup ? {
    execution_cleanup          = aws_sqs_queue.execution_cleanup[0].arn
    execution_cleanup_failures = aws_sqs_queue.execution_cleanup_failures[0].arn
  } : {}
  execution_cleanup_queue_urls = local.execution_cleanup ? {
    execution_cleanup          = aws_sqs_queue.execution_cleanup[0].id
    execution_cleanup_failures = aws_sqs_queue.execution_cleanup_failures[0].id
  } : {}
}

data "aws_iam_policy_document" "execution_cleanup_queues" {
  for_each = local.execution_cleanup_queue_arns

  statement {
    sid       = "OnlyTheRuleSends"
    actions   = ["sqs:SendMessage"]
    resources = [each.value]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_cloudwatch_event_rule.execution_cleanup[0].arn]
    }
  }

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sqs:*"]
    resources = [each.value]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_sqs_queue_policy" "execution_cleanup_queues" {
  for_each = local.execution_cleanup_queue_arns

  queue_url = local.execution_cleanup_queue_urls[each.key]
  policy    = data.aws_iam_policy_document.execution_cleanup_queues[each.key].json
}

# maximum_concurrency bounds the instances (AWS: 2 to 1000), not reserved concurrency: with reserved concurrency
# Lambda throttles the poller's invokes, and each throttled receive counts towards maxReceiveCount. batch_size 1 by
# default: one stopped execution per invocation, so an execution waiting for the budget holds no other back, and a
# record not reached before the deadline (which waits a visibility timeout to come back) is the exception.
resource "aws_lambda_event_source_mapping" "execution_cleanup" {
  count = local.execution_cleanup ? 1 : 0

  event_source_arn        = aws_sqs_queue.execution_cleanup[0].arn
  function_name           = aws_lambda_alias.this[local.cleanup_function].arn
  batch_size              = var.execution_cleanup_batch_size
  function_response_types = ["ReportBatchItemFailures"]

  scaling_config {
    maximum_concurrency = var.execution_cleanup_maximum_concurrency
  }

  tags = var.tags

  # the poller needs the role's queue permissions before it starts
  depends_on = [aws_iam_role_policy.execution_cleanup]
}

################################################################################
# The cleanup function's own role: its log group, the watched executions' histories, its queue
################################################################################

resource "aws_iam_role" "execution_cleanup" {
  count = local.create_execution_cleanup_role ? 1 : 0

  name                 = "${var.name}-execution-cleanup"
  path                 = var.role_path
  permissions_boundary = var.role_permissions_boundary
  assume_role_policy   = data.aws_iam_policy_document.lambda_assume_role[0].json

  tags = var.tags
}

data "aws_iam_policy_document" "execution_cleanup" {
  count = local.create_execution_cleanup_role ? 1 : 0

  statement {
    sid       = "WriteOwnLogStreams"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.lambda[local.cleanup_function].arn}:*"]
  }

  statement {
    sid       = "ReadWatchedExecutionHistories"
    actions   = ["states:GetExecutionHistory"]
    resources = module.operations.execution_cleanup.history_arns
  }

  # what the event source mapping does with the function's role
  statement {
    sid       = "ReceiveStoppedExecutions"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"]
    resources = [aws_sqs_queue.execution_cleanup[0].arn]
  }

  dynamic "statement" {
    for_each = var.execution_cleanup_queue_kms_key_id == null ? [] : [1]

    content {
      sid       = "DecryptTheQueue"
      actions   = ["kms:Decrypt"]
      resources = [var.execution_cleanup_queue_kms_key_id]
    }
  }
}

resource "aws_iam_role_policy" "execution_cleanup" {
  count = local.create_execution_cleanup_role ? 1 : 0

  name   = "execution-cleanup"
  role   = aws_iam_role.execution_cleanup[0].id
  policy = data.aws_iam_policy_document.execution_cleanup[0].json
}

# The key's secret, the environment's customer managed key and X-Ray, as for the other functions (iam.tf).
resource "aws_iam_role_policy" "execution_cleanup_runtime" {
  count = local.create_execution_cleanup_role && local.lambda_runtime_permissions ? 1 : 0

  name   = "runtime"
  role   = aws_iam_role.execution_cleanup[0].id
  policy = data.aws_iam_policy_document.lambda_runtime[0].json
}
