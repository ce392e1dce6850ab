################################################################################
# Stopped executions: cancelExecutionRuns
#
# An execution that is stopped (StopExecution, the console) or reaches its own TimeoutSeconds runs no Catch, so the
# Extend runs it started keep running. Step Functions' only hook is the EventBridge event "Step Functions Execution
# Status Change" (Standard workflows only, best-effort delivery). The rule below sends the watched state machines'
# stopped executions to cancelExecutionRuns, asynchronously: a failed cleanup is retried by Lambda, and what still
# fails (or is too old) lands in an encrypted SQS queue, so that no stopped execution is silently lost.
################################################################################

locals {
  cleanup_function  = "cancelExecutionRuns"
  execution_cleanup = var.create && module.operations.execution_cleanup != null
  # a separate role: only this function may read execution histories (which may hold user documents)
  create_execution_cleanup_role = local.execution_cleanup && local.create_role
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
  target_id = "cancel-execution-runs"
  arn       = aws_lambda_alias.this[local.cleanup_function].arn

  # EventBridge's own retries cover delivery (e.g. Lambda throttling the asynchronous Invoke); what it cannot
  # deliver goes to the same queue as the function's failures.
  retry_policy {
    maximum_event_age_in_seconds = var.execution_cleanup_maximum_event_age_in_seconds
    maximum_retry_attempts       = 185
  }

  dead_letter_config {
    arn = aws_sqs_queue.execution_cleanup_failures[0].arn
  }
}

# Scoped to the rule: no other rule or service may invoke the function.
resource "aws_lambda_permission" "execution_cleanup" {
  count = local.execution_cleanup ? 1 : 0

  statement_id  = "AllowInvokeFromEventBridge"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this[local.cleanup_function].function_name
  qualifier     = aws_lambda_alias.this[local.cleanup_function].name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.execution_cleanup[0].arn
}

# EventBridge invokes asynchronously: Lambda retries a failed invocation (the function fails on purpose when a
# cancel could be retried, every step being idempotent), then hands the event to the queue.
resource "aws_lambda_function_event_invoke_config" "execution_cleanup" {
  count = local.execution_cleanup ? 1 : 0

  function_name                = aws_lambda_function.this[local.cleanup_function].function_name
  qualifier                    = aws_lambda_alias.this[local.cleanup_function].name
  maximum_retry_attempts       = var.execution_cleanup_maximum_retry_attempts
  maximum_event_age_in_seconds = var.execution_cleanup_maximum_event_age_in_seconds

  destination_config {
    on_failure {
      destination = aws_sqs_queue.execution_cleanup_failures[0].arn
    }
  }

  # Lambda checks at creation that the function's role may send to the destination.
  depends_on = [aws_iam_role_policy.execution_cleanup]
}

resource "aws_sqs_queue" "execution_cleanup_failures" {
  count = local.execution_cleanup ? 1 : 0

  name                      = "${var.name}-execution-cleanup-failures"
  message_retention_seconds = var.execution_cleanup_queue_retention_in_seconds
  # SQS-managed encryption unless a KMS key is named
  sqs_managed_sse_enabled           = var.execution_cleanup_queue_kms_key_id == null ? true : null
  kms_master_key_id                 = var.execution_cleanup_queue_kms_key_id
  kms_data_key_reuse_period_seconds = var.execution_cleanup_queue_kms_key_id == null ? null : 300

  tags = var.tags
}

data "aws_iam_policy_document" "execution_cleanup_queue" {
  count = local.execution_cleanup ? 1 : 0

  statement {
    sid       = "EventBridgeDeadLetters"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.execution_cleanup_failures[0].arn]

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
    resources = [aws_sqs_queue.execution_cleanup_failures[0].arn]

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

resource "aws_sqs_queue_policy" "execution_cleanup_failures" {
  count = local.execution_cleanup ? 1 : 0

  queue_url = aws_sqs_queue.execution_cleanup_failures[0].id
  policy    = data.aws_iam_policy_document.execution_cleanup_queue[0].json
}

################################################################################
# The cleanup function's own role: its log group, the watched executions' histories, the failure queue
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

  statement {
    sid       = "SendFailedCleanupsToTheQueue"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.execution_cleanup_failures[0].arn]
  }

  dynamic "statement" {
    for_each = var.execution_cleanup_queue_kms_key_id == null ? [] : [1]

    content {
      sid       = "EncryptForTheQueue"
      actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
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
