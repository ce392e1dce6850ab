provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project   = "extend-cancel"
      ManagedBy = "terraform"
    }
  }
}

module "extend_cancel" {
  source = "../../"

  name         = "extend-cancel-example"
  package_path = var.package_path
  flavour      = var.flavour
  architecture = "x86_64"

  # The key stays in Secrets Manager: the functions read it at run time through the AWS Parameters and Secrets
  # Lambda Extension; Terraform never reads it, so it is in neither the state nor the Lambda console.
  extend_api_key_secret_id               = var.extend_api_key_secret_id
  extend_api_key_secret_json_key         = var.extend_api_key_secret_json_key
  extend_api_key_secret_kms_key_arn      = var.extend_api_key_secret_kms_key_arn
  parameters_secrets_extension_layer_arn = var.parameters_secrets_extension_layer_arn
  extend_workspace_id                    = var.extend_workspace_id
  extend_allowed_workspace_ids           = var.extend_allowed_workspace_ids
  extend_max_attempts                    = 3
  extend_timeout                         = "8s"

  # Three 8 s attempts with backoff fit in 28 s, which is inside the API's 30 s integration timeout.
  timeout = 28

  # One budget for everything deployed here: 5 of the organisation's Extend requests per second, half for the
  # cleanup queue (2 instances x 1.25/s), half for the API routes and the state machine (output extend_budget).
  extend_requests_per_second = 5

  api_authorization_type = "AWS_IAM"

  # The shipped state machines: cancel one workflow run, or a whole batch until it is done.
  state_machines              = ["cancel-workflow-run", "cancel-workflow-batch"]
  state_machine_logging_level = "ERROR"

  # Aborted or timed-out pipelines run no Catch: cancel the Extend runs they started. Each pipeline tags the runs it
  # creates ("metadata": {"stepFunctionsExecutionArn.$": "$$.Execution.Id"} in its create-run task); once all do,
  # execution_cleanup_owned_only = true leaves untagged runs alone.
  execution_cleanup_state_machine_arns = var.watched_state_machine_arns
  execution_cleanup_owned_only         = var.execution_cleanup_owned_only

  cloudwatch_logs_retention_in_days = 14
  application_log_level             = "INFO"

  # Metrics ride on each invocation's log line (EMF); these alarms page when the key breaks, Extend is down, or
  # Lambda throttles.
  create_alarms                      = true
  alarm_sns_topic_arn                = aws_sns_topic.alarms.arn
  alarm_extend_unavailable_threshold = 5
  tracing_enabled                    = true

  tags = {
    Example = "complete"
  }
}

resource "aws_sns_topic" "alarms" {
  name = "extend-cancel-example-alarms"
}

resource "aws_sns_topic_subscription" "alarms" {
  for_each = toset(var.alarm_emails)

  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = each.value
}

# With AWS_IAM authorization a caller needs execute-api:Invoke on the routes: grant it to the roles named.
data "aws_iam_policy_document" "api_callers" {
  statement {
    sid       = "CancelExtendRuns"
    actions   = ["execute-api:Invoke"]
    resources = values(module.extend_cancel.api_route_arns)
  }
}

resource "aws_iam_policy" "api_callers" {
  name        = "extend-cancel-example-api-callers"
  description = "Call the extend-cancel API (every cancel route)"
  policy      = data.aws_iam_policy_document.api_callers.json
}

resource "aws_iam_role_policy_attachment" "api_callers" {
  for_each = toset(var.api_caller_role_names)

  role       = each.value
  policy_arn = aws_iam_policy.api_callers.arn
}
