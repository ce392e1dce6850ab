# The whole example with a mocked AWS provider (infra/check.sh runs it when TF_PROVIDER_MIRROR names a filesystem
# mirror holding hashicorp/aws): it plans and applies without a dependency cycle, the state machine it creates is the
# one the clean-up watches, it invokes the alias, and its role may invoke that alias only.

mock_provider "aws" {
  source = "../../tests/mocks"
}

variables {
  package_path                           = "../../tests/fixtures/function-native.zip"
  parameters_secrets_extension_layer_arn = "arn:aws:lambda:eu-west-1:015030872274:layer:AWS-Parameters-and-Secrets-Lambda-Extension:2"
  extend_api_key                         = "sk_test_mock"
}

run "the_pipeline_is_watched_and_invokes_the_alias" {
  assert {
    condition     = aws_sfn_state_machine.pipeline.name == "extend-pipeline-pipeline" && aws_sfn_state_machine.pipeline.arn == module.pipeline.arn
    error_message = "The state machine is the one module.pipeline names."
  }

  assert {
    condition     = jsonencode(output.watched_state_machine_arns) == jsonencode(["arn:aws:states:eu-west-1:123456789012:stateMachine:extend-pipeline-pipeline"])
    error_message = "The clean-up watches the pipeline's ARN."
  }

  assert {
    condition     = jsondecode(aws_sfn_state_machine.pipeline.definition).States.CancelWorkflowRun.Parameters.FunctionName == output.cancel_workflow_run_alias_arn
    error_message = "The pipeline cancels through cancelWorkflowRun's alias."
  }

  assert {
    condition     = jsondecode(aws_sfn_state_machine.pipeline.definition).States.StartWorkflowRun.Parameters.Authentication.ConnectionArn == aws_cloudwatch_event_connection.extend.arn
    error_message = "The HTTP task uses the example's connection."
  }

  assert {
    condition     = jsonencode(module.pipeline.invoked_function_arns) == jsonencode([output.cancel_workflow_run_alias_arn])
    error_message = "The role may invoke the alias the pipeline invokes, nothing else."
  }

  assert {
    condition     = output.execution_cleanup_failure_queue_arn != null
    error_message = "Watching the pipeline deploys the clean-up and its failure queue."
  }
}
