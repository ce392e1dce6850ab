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

  # The key stays in Secrets Manager for people; Terraform copies it into the functions' environment (and state).
  extend_api_key_secret_id     = var.extend_api_key_secret_id
  extend_workspace_id          = var.extend_workspace_id
  extend_allowed_workspace_ids = var.extend_allowed_workspace_ids
  extend_max_attempts          = 3
  extend_timeout               = "8s"

  # Three 8 s attempts with backoff fit in 28 s, which is inside the API's 30 s integration timeout.
  timeout                        = 28
  reserved_concurrent_executions = 10

  api_authorization_type     = "AWS_IAM"
  api_throttling_burst_limit = 20
  api_throttling_rate_limit  = 10

  create_state_machine        = true
  state_machine_logging_level = "ERROR"

  # Aborted or timed-out pipelines run no Catch: cancel the Extend runs their histories show.
  execution_cleanup_state_machine_arns = var.watched_state_machine_arns

  cloudwatch_logs_retention_in_days = 14

  tags = {
    Example = "complete"
  }
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
