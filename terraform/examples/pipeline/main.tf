# A whole pipeline: extend-cancel's functions, and your own state machine that starts an Extend workflow run, cancels
# it through the functions' alias (with the documented Retry/Catch) when waiting for it times out, and is watched by
# the stopped-execution clean-up for the stops and timeouts that run no Catch.
provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project   = "extend-pipeline"
      ManagedBy = "terraform"
    }
  }
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

module "extend_cancel" {
  source = "../../"

  name         = var.name
  package_path = var.package_path
  flavour      = var.flavour

  # The pipeline cancels workflow runs; cancelExecutionRuns joins because a state machine is watched.
  functions  = ["cancelWorkflowRun"]
  create_api = false

  extend_api_key_secret_id               = var.extend_api_key_secret_id
  parameters_secrets_extension_layer_arn = var.parameters_secrets_extension_layer_arn

  # The pipeline's ARN, known from its name: no cycle between the module (which watches the pipeline) and the
  # pipeline (which invokes the module's alias).
  execution_cleanup_state_machine_arns = [module.pipeline.arn]
}

# Renders pipeline.asl.json with the alias ARNs and your own values, checks it (every function it invokes is
# deployed, every Lambda task outlasts the function, every Extend run it creates is tagged with the execution), and
# gives the state machine's ARN before it exists.
module "pipeline" {
  source = "../../modules/pipeline"

  name            = "${var.name}-pipeline"
  region          = var.region
  account_id      = data.aws_caller_identity.current.account_id
  partition       = data.aws_partition.current.partition
  definition_file = "${path.module}/pipeline.asl.json"
  function_arns   = module.extend_cancel.lambda_alias_arns

  template_variables = {
    extend_connection_arn = aws_cloudwatch_event_connection.extend.arn
    callback_queue_url    = aws_sqs_queue.callbacks.url
  }
}

resource "aws_sfn_state_machine" "pipeline" {
  name       = module.pipeline.name
  role_arn   = aws_iam_role.pipeline.arn
  definition = module.pipeline.definition
  type       = "STANDARD" # Express workflows send no status-change events: the clean-up could not watch them

  logging_configuration {
    log_destination        = "${aws_cloudwatch_log_group.pipeline.arn}:*"
    include_execution_data = false
    level                  = "ERROR"
  }

  lifecycle {
    postcondition {
      condition     = self.arn == module.pipeline.arn
      error_message = "The state machine's ARN is not the one extend-cancel watches (execution_cleanup_state_machine_arns)."
    }
  }

  # Step Functions checks at creation that its role may invoke the alias and deliver logs.
  depends_on = [aws_iam_role_policy.pipeline]
}

resource "aws_cloudwatch_log_group" "pipeline" {
  name              = "/aws/vendedlogs/states/${module.pipeline.name}"
  retention_in_days = 30
}

# Extend's API key for the HTTP task (Authorization: Bearer ...); EventBridge keeps it in a secret of its own.
resource "aws_cloudwatch_event_connection" "extend" {
  name               = "${var.name}-extend-api"
  description        = "Extend API key for ${module.pipeline.name}'s HTTP tasks"
  authorization_type = "API_KEY"

  auth_parameters {
    api_key {
      key   = "Authorization"
      value = "Bearer ${var.extend_api_key}"
    }
  }
}

# Your webhook receiver (Extend's workflow_run.processed/.failed/.cancelled events) reads the task tokens here and
# calls SendTaskSuccess or SendTaskFailure; it is not part of this example.
resource "aws_sqs_queue" "callbacks" {
  name                    = "${var.name}-run-callbacks"
  sqs_managed_sse_enabled = true
}

################################################################################
# The pipeline's role: start Extend runs over HTTPS, queue the wait, invoke extend-cancel's alias, log
################################################################################

data "aws_iam_policy_document" "pipeline_assume_role" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["states.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_iam_role" "pipeline" {
  name               = "${module.pipeline.name}-sfn"
  assume_role_policy = data.aws_iam_policy_document.pipeline_assume_role.json
}

data "aws_iam_policy_document" "pipeline" {
  # The aliases the definition invokes (cancelWorkflowRun's), nothing else.
  statement {
    sid       = "InvokeExtendCancel"
    actions   = ["lambda:InvokeFunction"]
    resources = module.pipeline.invoked_function_arns
  }

  # The HTTP task: this state machine may call Extend's API only, with the connection's credentials.
  statement {
    sid       = "CallExtend"
    actions   = ["states:InvokeHTTPEndpoint"]
    resources = [module.pipeline.arn]

    condition {
      test     = "StringLike"
      variable = "states:HTTPEndpoint"
      values   = ["https://api.extend.ai/*"]
    }

    condition {
      test     = "StringEquals"
      variable = "states:HTTPMethod"
      values   = ["POST"]
    }
  }

  statement {
    sid       = "UseTheExtendConnection"
    actions   = ["events:RetrieveConnectionCredentials"]
    resources = [aws_cloudwatch_event_connection.extend.arn]
  }

  statement {
    sid       = "ReadTheConnectionsSecret"
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
    resources = [aws_cloudwatch_event_connection.extend.secret_arn]
  }

  statement {
    sid       = "QueueTheWait"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.callbacks.arn]
  }

  # Log delivery takes no resource-level permissions, hence "*".
  statement {
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

resource "aws_iam_role_policy" "pipeline" {
  name   = "pipeline"
  role   = aws_iam_role.pipeline.id
  policy = data.aws_iam_policy_document.pipeline.json
}
