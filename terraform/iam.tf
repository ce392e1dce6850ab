################################################################################
# Lambda execution role: writes its own log groups, nothing else
################################################################################

data "aws_iam_policy_document" "lambda_assume_role" {
  count = local.create_role ? 1 : 0

  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "lambda" {
  count = local.create_role ? 1 : 0

  name                 = "${var.name}-lambda"
  path                 = var.role_path
  permissions_boundary = var.role_permissions_boundary
  assume_role_policy   = data.aws_iam_policy_document.lambda_assume_role[0].json

  tags = var.tags
}

data "aws_iam_policy_document" "lambda_logs" {
  count = local.create_role && length(local.function_names) > 0 ? 1 : 0

  statement {
    sid       = "WriteOwnLogStreams"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = [for group in aws_cloudwatch_log_group.lambda : "${group.arn}:*"]
  }
}

resource "aws_iam_role_policy" "lambda_logs" {
  count = local.create_role && length(local.function_names) > 0 ? 1 : 0

  name   = "logs"
  role   = aws_iam_role.lambda[0].id
  policy = data.aws_iam_policy_document.lambda_logs[0].json
}

# What the functions need beyond their logs, each only when its feature is on: the key's secret (and its
# customer managed key, only through Secrets Manager), the environment's customer managed key, X-Ray.
data "aws_iam_policy_document" "lambda_runtime" {
  count = local.create_role && length(local.function_names) > 0 && local.lambda_runtime_permissions ? 1 : 0

  dynamic "statement" {
    for_each = local.secret_mode ? [1] : []

    content {
      sid       = "ReadExtendApiKeySecret"
      actions   = ["secretsmanager:GetSecretValue"]
      resources = [local.extend_api_key_secret_arn]
    }
  }

  dynamic "statement" {
    for_each = local.secret_mode && var.extend_api_key_secret_kms_key_arn != null ? [1] : []

    content {
      sid       = "DecryptExtendApiKeySecret"
      actions   = ["kms:Decrypt"]
      resources = [var.extend_api_key_secret_kms_key_arn]

      condition {
        test     = "StringLike"
        variable = "kms:ViaService"
        values   = ["secretsmanager.*.amazonaws.com"]
      }
    }
  }

  dynamic "statement" {
    for_each = var.kms_key_arn != null ? [1] : []

    content {
      sid       = "DecryptEnvironment"
      actions   = ["kms:Decrypt"]
      resources = [var.kms_key_arn]
    }
  }

  # X-Ray's APIs take no resource-level permissions, hence "*".
  dynamic "statement" {
    for_each = var.tracing_enabled ? [1] : []

    content {
      sid       = "SendTraces"
      actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
      resources = ["*"]
    }
  }
}

resource "aws_iam_role_policy" "lambda_runtime" {
  count = local.create_role && length(local.function_names) > 0 && local.lambda_runtime_permissions ? 1 : 0

  name   = "runtime"
  role   = aws_iam_role.lambda[0].id
  policy = data.aws_iam_policy_document.lambda_runtime[0].json
}

locals {
  lambda_runtime_permissions = local.secret_mode || var.kms_key_arn != null || var.tracing_enabled
}

################################################################################
# State machine roles, one per state machine: each invokes the aliases its definition names, nothing else
################################################################################

data "aws_iam_policy_document" "state_machine_assume_role" {
  count = length(local.state_machine_names) > 0 ? 1 : 0

  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["states.amazonaws.com"]
    }

    # Confused-deputy guard: only Step Functions acting for this account may assume the role.
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current[0].account_id]
    }
  }
}

resource "aws_iam_role" "state_machine" {
  for_each = local.state_machine_names

  # IAM role names stop at 64 characters; <name> (up to 40) and the longest machine's name can pass that.
  name                 = substr("${each.value}-sfn", 0, 64)
  path                 = var.role_path
  permissions_boundary = var.role_permissions_boundary
  assume_role_policy   = data.aws_iam_policy_document.state_machine_assume_role[0].json

  tags = merge(var.tags, { StateMachine = each.key })
}

data "aws_iam_policy_document" "state_machine" {
  for_each = local.state_machine_names

  dynamic "statement" {
    # Aliases, not functions: the definition invokes alias ARNs, and a grant on them covers nothing else.
    for_each = length(module.state_machine[each.key].state_machine_functions) > 0 ? [1] : []

    content {
      sid       = "InvokeCancelFunctions"
      actions   = ["lambda:InvokeFunction"]
      resources = [for fn in module.state_machine[each.key].state_machine_functions : aws_lambda_alias.this[fn].arn]
    }
  }

  # Log delivery and X-Ray APIs take no resource-level permissions, hence "*".
  dynamic "statement" {
    for_each = var.state_machine_logging_level != "OFF" ? [1] : []

    content {
      sid = "DeliverExecutionLogs"
      actions = [
        "logs:CreateLogDelivery",
        "logs:GetLogDelivery",
        "logs:UpdateLogDelivery",
        "logs:DeleteLogDelivery",
        "logs:ListLogDeliveries",
        "logs:PutResourcePolicy",
        "logs:DescribeResourcePolicies",
        "logs:DescribeLogGroups",
      ]
      resources = ["*"]
    }
  }

  dynamic "statement" {
    for_each = var.state_machine_tracing_enabled ? [1] : []

    content {
      sid = "SendTraces"
      actions = [
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
        "xray:GetSamplingRules",
        "xray:GetSamplingTargets",
      ]
      resources = ["*"]
    }
  }
}

resource "aws_iam_role_policy" "state_machine" {
  for_each = local.state_machine_names

  name   = "invoke-and-log"
  role   = aws_iam_role.state_machine[each.key].id
  policy = data.aws_iam_policy_document.state_machine[each.key].json
}
