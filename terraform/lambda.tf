locals {
  # Hashed once: seven functions share the package, and the hash makes a rebuilt zip redeploy every one of them.
  source_code_hash = var.create ? filebase64sha256(var.package_path) : null
}

resource "aws_lambda_function" "this" {
  for_each = local.operations

  function_name = local.function_names[each.key]
  description   = "extend-cancel ${local.release} ${each.key}: ${each.value.extend_call} on Extend"
  role          = each.key == local.cleanup_function && local.create_role ? aws_iam_role.execution_cleanup[0].arn : local.lambda_role_arn

  filename         = var.package_path
  source_code_hash = local.source_code_hash
  runtime          = module.operations.runtime
  handler          = module.operations.handler
  architectures    = [var.architecture]
  memory_size      = local.memory_size
  timeout          = each.key == local.cleanup_function ? var.execution_cleanup_timeout : var.timeout
  publish          = local.publish

  # the cleanup's instances are bounded by its queue's maximum_concurrency (reserving would throttle the poller)
  reserved_concurrent_executions = each.key == local.cleanup_function ? -1 : var.reserved_concurrent_executions

  # The Parameters and Secrets extension serves the key's secret on localhost
  layers      = local.secret_mode ? [var.parameters_secrets_extension_layer_arn] : []
  kms_key_arn = var.kms_key_arn

  environment {
    variables = merge(module.operations.environment_variables[each.key], local.observability_environment,
    local.key_environment)
  }

  # JSON, so that Lambda's own lines are JSON like the functions' and the application log level can filter them
  logging_config {
    log_format            = "JSON"
    log_group             = aws_cloudwatch_log_group.lambda[each.key].name
    application_log_level = var.application_log_level
    system_log_level      = var.system_log_level
  }

  tracing_config {
    mode = var.tracing_enabled ? "Active" : "PassThrough"
  }

  dynamic "snap_start" {
    for_each = module.operations.snap_start ? [1] : []

    content {
      apply_on = "PublishedVersions"
    }
  }

  tags = merge(var.tags, { Function = each.key })

  lifecycle {
    precondition {
      condition     = (var.extend_api_key == null) != (var.extend_api_key_secret_id == null)
      error_message = "Give exactly one of extend_api_key and extend_api_key_secret_id: the functions refuse to start with neither or both."
    }

    precondition {
      condition     = var.extend_api_key_secret_id == null || var.parameters_secrets_extension_layer_arn != null
      error_message = "extend_api_key_secret_id needs parameters_secrets_extension_layer_arn: the functions read the secret through the AWS Parameters and Secrets Lambda Extension."
    }

    precondition {
      condition     = var.extend_api_key_secret_id != null || (var.extend_api_key_secret_json_key == null && var.extend_api_key_secret_kms_key_arn == null)
      error_message = "extend_api_key_secret_json_key and extend_api_key_secret_kms_key_arn only apply with extend_api_key_secret_id."
    }

    precondition {
      condition     = local.lambda_role_arn != null
      error_message = "lambda_role_arn is required when create_role is false."
    }
  }

  # The log group and its write permission must exist before the first cold start logs anything.
  depends_on = [
    aws_cloudwatch_log_group.lambda,
    aws_iam_role_policy.lambda_logs,
    aws_iam_role_policy.execution_cleanup,
    aws_iam_role_policy.execution_cleanup_runtime,
    aws_iam_role_policy.lambda_runtime,
  ]
}

# Callers (API Gateway, state machines) go through the alias: with SnapStart only a published version is restored
# from a snapshot, and $LATEST would cold-start on every new environment.
resource "aws_lambda_alias" "this" {
  for_each = local.operations

  name             = var.alias_name
  description      = "What the API and state machines invoke"
  function_name    = aws_lambda_function.this[each.key].function_name
  function_version = local.publish ? aws_lambda_function.this[each.key].version : "$LATEST"
}
