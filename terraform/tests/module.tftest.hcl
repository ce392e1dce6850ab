# The root module with a mocked AWS provider (infra/check.sh runs it when TF_PROVIDER_MIRROR names a filesystem
# mirror holding hashicorp/aws; the provider cannot be downloaded in CI): the shipped state machines it deploys by
# name, each with its own role, log group and the aliases it invokes. (The package guard and unknown names are refused
# in modules/operations, whose tests run everywhere.)

mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  package_path                         = "./tests/fixtures/function-native.zip"
  extend_api_key                       = "sk_test_mock"
  state_machines                       = ["cancel-workflow-run", "cancel-workflow-batch"]
  execution_cleanup_state_machine_arns = ["arn:aws:states:eu-west-1:123456789012:stateMachine:pipeline"]
}

run "deploys_the_named_state_machines" {
  assert {
    condition     = toset(keys(aws_sfn_state_machine.this)) == toset(["cancel-workflow-run", "cancel-workflow-batch"])
    error_message = "One state machine per name in state_machines."
  }

  assert {
    condition     = aws_sfn_state_machine.this["cancel-workflow-batch"].name == "extend-cancel-cancel-workflow-batch" && aws_iam_role.state_machine["cancel-workflow-batch"].name == "extend-cancel-cancel-workflow-batch-sfn" && aws_cloudwatch_log_group.state_machine["cancel-workflow-batch"].name == "/aws/vendedlogs/states/extend-cancel-cancel-workflow-batch"
    error_message = "Each machine is <name>-<machine>, with its own role and log group."
  }

  assert {
    condition     = jsondecode(aws_sfn_state_machine.this["cancel-workflow-batch"].definition).States.CancelWorkflowBatch.Parameters.FunctionName == aws_lambda_alias.this["cancelWorkflowBatch"].arn
    error_message = "The batch machine invokes cancelWorkflowBatch's alias."
  }

  assert {
    condition     = jsondecode(aws_sfn_state_machine.this["cancel-workflow-run"].definition).States.CancelWorkflowRun.Parameters.FunctionName == aws_lambda_alias.this["cancelWorkflowRun"].arn
    error_message = "The run machine invokes cancelWorkflowRun's alias."
  }

  assert {
    condition     = output.release == "0.2.0" && output.lambda_runtime == "provided.al2023"
    error_message = "A native package on provided.al2023."
  }
}

run "no_state_machine_by_default" {
  variables {
    state_machines = []
  }

  assert {
    condition     = length(aws_sfn_state_machine.this) == 0 && length(aws_iam_role.state_machine) == 0
    error_message = "state_machines empty: no machine, no role."
  }
}
