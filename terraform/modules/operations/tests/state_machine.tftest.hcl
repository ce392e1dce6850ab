# The example state machine as Terraform renders it: the ARN it invokes, and Retry/Catch by the exact errorType
# strings the functions emit (asl-validator checks the structure, not these).

variables {
  state_machine_definition_file = "../../../infra/statemachines/cancel-workflow-run.asl.json"
  function_arns = {
    cancelWorkflowRun = "arn:aws:lambda:eu-west-1:123456789012:function:extend-cancel-cancel-workflow-run:live"
  }
}

run "renders_the_workflow_run_canceller" {
  command = plan

  assert {
    condition     = output.state_machine_functions == tolist(["cancelWorkflowRun"])
    error_message = "The example invokes cancelWorkflowRun only, so its role may invoke nothing else."
  }

  assert {
    condition     = !strcontains(output.state_machine_definition, "$${")
    error_message = "No placeholder may be left in the rendered definition."
  }

  assert {
    condition     = jsondecode(output.state_machine_definition).States.CancelWorkflowRun.Parameters.FunctionName == "arn:aws:lambda:eu-west-1:123456789012:function:extend-cancel-cancel-workflow-run:live"
    error_message = "The task invokes the alias ARN it was given."
  }

  assert {
    condition     = jsondecode(output.state_machine_definition).States.CancelWorkflowRun.Resource == "arn:aws:states:::lambda:invoke"
    error_message = "The task uses the optimised Lambda integration."
  }

  assert {
    condition     = jsondecode(output.state_machine_definition).States.CancelWorkflowRun.OutputPath == "$.Payload"
    error_message = "The task's output is the run, not the invoke envelope."
  }

  assert {
    condition = jsondecode(output.state_machine_definition).States.CancelWorkflowRun.Parameters.Payload == {
      "id.$"          = "$.runId"
      "workspaceId.$" = "$.workspaceId"
    }
    error_message = "The payload is the contract's direct invocation shape."
  }

  assert {
    condition = toset(flatten([for r in jsondecode(output.state_machine_definition).States.CancelWorkflowRun.Retry : r.ErrorEquals])) == toset([
      "dev.extendcancel.error.ExtendRateLimited",
      "dev.extendcancel.error.ExtendUnavailable",
      "Lambda.ServiceException",
      "Lambda.AWSLambdaException",
      "Lambda.SdkClientException",
      "Lambda.TooManyRequestsException",
      "Lambda.ClientExecutionTimeoutException",
      "Lambda.Unknown",
    ])
    error_message = "Retry exactly the retryable errors, the Lambda service errors and Lambda.Unknown (a killed function)."
  }

  assert {
    condition     = jsonencode(output.lambda_task_timeouts) == jsonencode({ CancelWorkflowRun = 40 })
    error_message = "The Lambda task outlasts the function (28 s) and Lambda's init phase (10 s)."
  }

  assert {
    condition = alltrue([for r in jsondecode(output.state_machine_definition).States.CancelWorkflowRun.Retry :
      r.JitterStrategy == "FULL" && r.BackoffRate > 1 && r.MaxAttempts >= 2 && r.MaxDelaySeconds >= r.IntervalSeconds
    ])
    error_message = "Every retrier backs off exponentially with full jitter and a cap."
  }

  assert {
    condition = { for c in jsondecode(output.state_machine_definition).States.CancelWorkflowRun.Catch : join(",", c.ErrorEquals) => c.Next } == {
      "dev.extendcancel.error.RunNotFound"       = "RunAlreadyGone"
      "dev.extendcancel.error.RunNotCancellable" = "RunAlreadyFinished"
      "States.ALL"                               = "CancelFailed"
    }
    error_message = "RunNotFound and RunNotCancellable branch to their own states; anything else fails."
  }

  assert {
    condition     = jsondecode(output.state_machine_definition).States.CancelFailed.Type == "Fail"
    error_message = "Anything not caught ends in a Fail state."
  }
}

run "jvm_and_native_render_alike" {
  command = plan

  variables {
    flavour = "jvm"
  }

  assert {
    condition     = jsondecode(output.state_machine_definition).States.CancelWorkflowRun.Parameters.FunctionName == var.function_arns.cancelWorkflowRun
    error_message = "The flavour does not change what the state machine invokes."
  }
}

run "state_machine_needs_its_function_deployed" {
  command = plan

  variables {
    functions     = ["cancelParseRun"]
    function_arns = { cancelParseRun = "arn:aws:lambda:eu-west-1:123456789012:function:x:live" }
  }

  expect_failures = [output.state_machine_definition]
}

run "no_template_no_definition" {
  command = plan

  variables {
    state_machine_definition_file = null
  }

  assert {
    condition     = output.state_machine_definition == null && length(output.state_machine_functions) == 0
    error_message = "Without a template nothing is rendered and nothing may be invoked."
  }
}

# The batch machine (infra/statemachines/cancel-workflow-batch.asl.json): invokes cancelWorkflowBatch until done.
run "renders_the_batch_canceller" {
  command = plan

  variables {
    state_machine_definition_file = "../../../infra/statemachines/cancel-workflow-batch.asl.json"
    function_arns = {
      cancelWorkflowBatch = "arn:aws:lambda:eu-west-1:123456789012:function:extend-cancel-cancel-workflow-batch:live"
    }
  }

  assert {
    condition     = output.state_machine_functions == tolist(["cancelWorkflowBatch"])
    error_message = "The batch machine invokes cancelWorkflowBatch only, so its role may invoke nothing else."
  }

  assert {
    condition     = jsondecode(output.state_machine_definition).States.CancelWorkflowBatch.Parameters.FunctionName == var.function_arns.cancelWorkflowBatch
    error_message = "The task invokes the alias ARN it was given."
  }

  assert {
    condition = jsondecode(output.state_machine_definition).States.CancelWorkflowBatch.Parameters.Payload == {
      "batchId.$"     = "$.request.batchId"
      "workspaceId.$" = "$.request.workspaceId"
    }
    error_message = "The payload is the batch function's direct invocation shape."
  }

  assert {
    condition     = jsondecode(output.state_machine_definition).States.CancelWorkflowBatch.TimeoutSeconds == 40
    error_message = "The task outlasts the function (var.timeout, 28 s by default) and Lambda's init phase (10 s), so the function's own answer arrives first."
  }

  assert {
    condition = toset(flatten([for r in jsondecode(output.state_machine_definition).States.CancelWorkflowBatch.Retry : r.ErrorEquals])) == toset([
      "dev.extendcancel.error.ExtendRateLimited",
      "dev.extendcancel.error.ExtendUnavailable",
      "Lambda.ServiceException",
      "Lambda.AWSLambdaException",
      "Lambda.SdkClientException",
      "Lambda.TooManyRequestsException",
      "Lambda.ClientExecutionTimeoutException",
      "Lambda.Unknown",
    ])
    error_message = "Retry the retryable errors, the Lambda service errors and Lambda.Unknown."
  }

  assert {
    condition     = [for c in jsondecode(output.state_machine_definition).States["Done?"].Choices : c.Next][0] == "BatchCancelled"
    error_message = "The loop ends when an answer says done."
  }

  assert {
    condition     = jsondecode(output.state_machine_definition).States.WaitBeforeNext.Next == "CancelWorkflowBatch"
    error_message = "A batch not done is invoked again after a short wait."
  }
}

# The selector machine (infra/statemachines/cancel-runs.asl.json): invokes cancelRuns until done.
run "renders_the_selector_canceller" {
  command = plan

  variables {
    state_machine_definition_file = "../../../infra/statemachines/cancel-runs.asl.json"
    function_arns = {
      cancelRuns = "arn:aws:lambda:eu-west-1:123456789012:function:extend-cancel-cancel-runs:live"
    }
  }

  assert {
    condition     = output.state_machine_functions == tolist(["cancelRuns"])
    error_message = "The selector machine invokes cancelRuns only, so its role may invoke nothing else."
  }

  assert {
    condition = jsondecode(output.state_machine_definition).States.CancelRuns.Parameters == {
      FunctionName = var.function_arns.cancelRuns
      Payload = {
        "workflowId.$"   = "$.request.workflowId"
        "extractorId.$"  = "$.request.extractorId"
        "classifierId.$" = "$.request.classifierId"
        "splitterId.$"   = "$.request.splitterId"
        "batchId.$"      = "$.request.batchId"
        "workspaceId.$"  = "$.request.workspaceId"
      }
    }
    error_message = "The task invokes the alias it was given with the direct invocation's selectors (never dryRun: a dry run never answers done)."
  }

  assert {
    condition     = jsondecode(output.state_machine_definition).States.CancelRuns.TimeoutSeconds == 40
    error_message = "The task outlasts the function and Lambda's init phase."
  }

  assert {
    condition = toset(flatten([for r in jsondecode(output.state_machine_definition).States.CancelRuns.Retry : r.ErrorEquals])) == toset([
      "dev.extendcancel.error.ExtendRateLimited",
      "dev.extendcancel.error.ExtendUnavailable",
      "Lambda.ServiceException",
      "Lambda.AWSLambdaException",
      "Lambda.SdkClientException",
      "Lambda.TooManyRequestsException",
      "Lambda.ClientExecutionTimeoutException",
      "Lambda.Unknown",
    ])
    error_message = "Retry the retryable errors, the Lambda service errors and Lambda.Unknown; never ExtendRejectedRequest (a filter Extend did not apply)."
  }

  assert {
    condition     = [for c in jsondecode(output.state_machine_definition).States["Done?"].Choices : c.Next][0] == "RunsCancelled" && jsondecode(output.state_machine_definition).States["Stalled?"].Choices[0].Next == "RunsNotFinished"
    error_message = "The loop ends when an answer says done, and fails when three invocations in a row make no progress."
  }

  assert {
    condition     = jsondecode(output.state_machine_definition).States.RunsCancelled.Parameters["selector.$"] == "$.last.selector"
    error_message = "The totals name the selector."
  }
}

run "a_task_timeout_shorter_than_the_function_is_refused" {
  command = plan

  variables {
    function_timeout = 60
  }

  expect_failures = [output.state_machine_definition]
}

run "the_reference_pipeline_renders_with_its_template_variables" {
  command = plan

  variables {
    state_machine_definition_file = "../../../infra/statemachines/extend-pipeline.asl.json"
    template_variables = {
      extend_connection_arn = "arn:aws:events:eu-west-1:123456789012:connection/extend/abc"
      callback_queue_url    = "https://sqs.eu-west-1.amazonaws.com/123456789012/callbacks"
    }
  }

  assert {
    condition     = jsondecode(output.state_machine_definition).States.StartWorkflowRun.Parameters.Authentication.ConnectionArn == "arn:aws:events:eu-west-1:123456789012:connection/extend/abc"
    error_message = "Template variables other than function_arns reach the definition."
  }

  assert {
    condition     = output.state_machine_functions == tolist(["cancelWorkflowRun"]) && jsonencode(output.lambda_task_timeouts) == jsonencode({ CancelWorkflowRun = 40 })
    error_message = "The pipeline cancels through cancelWorkflowRun, with a task timeout that outlasts the function."
  }

  assert {
    condition     = jsondecode(output.state_machine_definition).States.WaitForRun.Catch[0].Next == "CancelWorkflowRun"
    error_message = "A timed-out or failed wait cancels the run."
  }

  assert {
    condition     = jsondecode(output.state_machine_definition).States.StartWorkflowRun.Parameters.RequestBody.metadata == { "stepFunctionsExecutionArn.$" = "$$.Execution.Id" }
    error_message = "The pipeline tags the run it creates with its execution ARN, so that cancelExecutionRuns knows the run is this execution's."
  }
}
