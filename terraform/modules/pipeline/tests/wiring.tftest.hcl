# The example pipeline (examples/pipeline) as Terraform wires it: its ARN known before it exists and watched by the
# stopped-execution clean-up, its definition rendered with extend-cancel's alias, the documented Retry/Catch, the
# run it creates tagged with the execution, and the same shape as the reference pipeline.

variables {
  name            = "extend-pipeline-pipeline"
  region          = "eu-west-1"
  account_id      = "123456789012"
  definition_file = "../../examples/pipeline/pipeline.asl.json"
  function_arns = {
    cancelWorkflowRun   = "arn:aws:lambda:eu-west-1:123456789012:function:extend-pipeline-cancel-workflow-run:live"
    cancelExecutionRuns = "arn:aws:lambda:eu-west-1:123456789012:function:extend-pipeline-cancel-execution-runs:live"
  }
  template_variables = {
    extend_connection_arn = "arn:aws:events:eu-west-1:123456789012:connection/extend-pipeline-extend-api/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
    callback_queue_url    = "https://sqs.eu-west-1.amazonaws.com/123456789012/extend-pipeline-run-callbacks"
  }
}

run "renders_the_example_pipeline" {
  command = plan

  assert {
    condition     = output.arn == "arn:aws:states:eu-west-1:123456789012:stateMachine:extend-pipeline-pipeline"
    error_message = "The ARN is the one Step Functions gives a state machine of that name: ${output.arn}."
  }

  assert {
    condition     = jsonencode(output.invoked_functions) == jsonencode(["cancelWorkflowRun"]) && jsonencode(output.invoked_function_arns) == jsonencode([var.function_arns.cancelWorkflowRun])
    error_message = "The pipeline invokes cancelWorkflowRun's alias only, so its role may invoke nothing else."
  }

  assert {
    condition     = jsondecode(output.definition).States.CancelWorkflowRun.Parameters.FunctionName == var.function_arns.cancelWorkflowRun
    error_message = "The cancel task invokes the alias."
  }

  assert {
    condition = toset(flatten([for r in jsondecode(output.definition).States.CancelWorkflowRun.Retry : r.ErrorEquals])) == toset([
      "dev.extendcancel.error.ExtendRateLimited",
      "dev.extendcancel.error.ExtendUnavailable",
      "Lambda.ServiceException",
      "Lambda.AWSLambdaException",
      "Lambda.SdkClientException",
      "Lambda.TooManyRequestsException",
      "Lambda.ClientExecutionTimeoutException",
      "Lambda.Unknown",
    ])
    error_message = "The cancel retries the retryable errors, the Lambda service errors and Lambda.Unknown."
  }

  assert {
    condition = [for c in jsondecode(output.definition).States.CancelWorkflowRun.Catch : c.ErrorEquals] == [
      ["dev.extendcancel.error.RunNotFound", "dev.extendcancel.error.RunNotCancellable"],
      ["States.ALL"],
    ]
    error_message = "RunNotFound and RunNotCancellable are caught before anything else."
  }

  assert {
    condition     = jsondecode(output.definition).States.CancelWorkflowRun.TimeoutSeconds >= 38
    error_message = "The cancel task outlasts the function (28 s) and Lambda's init phase (10 s)."
  }

  assert {
    condition     = jsonencode(output.run_creations) == jsonencode(["StartWorkflowRun"]) && jsondecode(output.definition).States.StartWorkflowRun.Parameters.RequestBody.metadata == { "stepFunctionsExecutionArn.$" = "$$.Execution.Id" }
    error_message = "The run the pipeline creates carries the execution's ARN in its metadata."
  }

  assert {
    condition     = jsondecode(output.definition).States.StartWorkflowRun.Parameters.Authentication.ConnectionArn == var.template_variables.extend_connection_arn && jsondecode(output.definition).States.WaitForRun.Parameters.QueueUrl == var.template_variables.callback_queue_url
    error_message = "The connection and the queue reach the definition."
  }

  assert {
    condition     = !strcontains(output.definition, "$${")
    error_message = "No placeholder is left in the rendered definition."
  }
}

# The extend-cancel module, given the pipeline's ARN as the example gives it, watches exactly that machine's
# executions and deploys the clean-up function beside the pipeline's cancel.
run "the_clean_up_watches_the_pipeline" {
  command = plan

  module {
    source = "../operations"
  }

  variables {
    functions                            = ["cancelWorkflowRun"]
    execution_cleanup_state_machine_arns = [run.renders_the_example_pipeline.arn]
  }

  assert {
    condition     = jsonencode(output.functions) == jsonencode(["cancelExecutionRuns", "cancelWorkflowRun"])
    error_message = "Watching a state machine deploys cancelExecutionRuns beside the pipeline's function."
  }

  assert {
    condition     = jsonencode(output.execution_cleanup.history_arns) == jsonencode(["arn:aws:states:eu-west-1:123456789012:execution:extend-pipeline-pipeline:*"])
    error_message = "The clean-up may read the pipeline's execution histories, and no other."
  }

  assert {
    condition     = jsonencode(jsondecode(output.execution_cleanup.event_pattern).detail.stateMachineArn) == jsonencode(["arn:aws:states:eu-west-1:123456789012:stateMachine:extend-pipeline-pipeline"])
    error_message = "The EventBridge rule matches the pipeline's ARN."
  }
}

# examples/pipeline/main.tf passes these very outputs on: the watched ARN, the state machine's name and definition.
run "the_example_uses_the_wiring" {
  command = plan

  assert {
    condition     = strcontains(output.arn, ":stateMachine:${var.name}") && strcontains(file("../../examples/pipeline/main.tf"), "execution_cleanup_state_machine_arns = [module.pipeline.arn]")
    error_message = "examples/pipeline has extend-cancel watch the pipeline's ARN."
  }

  assert {
    condition = output.name == var.name && alltrue([for line in [
      "name       = module.pipeline.name",
      "definition = module.pipeline.definition",
      "function_arns   = module.extend_cancel.lambda_alias_arns",
      "resources = module.pipeline.invoked_function_arns",
      "condition     = self.arn == module.pipeline.arn",
    ] : strcontains(file("../../examples/pipeline/main.tf"), line)])
    error_message = "examples/pipeline creates the state machine from the wiring's name and definition, with the aliases it invokes in its role, and checks the ARN."
  }
}

# The example keeps the reference pipeline's shape: the same states, rendered alike (only the comments differ).
run "the_reference_pipeline" {
  command = plan

  module {
    source = "../operations"
  }

  variables {
    state_machine_definition_file = "../../../infra/statemachines/extend-pipeline.asl.json"
  }
}

run "the_example_has_the_reference_pipelines_shape" {
  command = plan

  assert {
    condition     = jsonencode(jsondecode(output.definition).States) == jsonencode(jsondecode(run.the_reference_pipeline.state_machine_definition).States)
    error_message = "examples/pipeline/pipeline.asl.json and infra/statemachines/extend-pipeline.asl.json differ in their states."
  }
}

run "a_pipeline_that_does_not_tag_its_runs_is_refused" {
  command = plan

  variables {
    definition_file = "./tests/fixtures/untagged-pipeline.asl.json"
  }

  expect_failures = [output.definition]
}
