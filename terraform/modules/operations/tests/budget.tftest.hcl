# One Extend budget (extend_requests_per_second) for everything the module deploys: each function's
# EXTEND_MAX_REQUESTS_PER_SECOND times the most instances it can run never sums above it, and a combination that
# would is refused at plan time.

variables {
  execution_cleanup_state_machine_arns = ["arn:aws:states:eu-west-1:123456789012:stateMachine:pipeline"]
}

run "defaults_halve_the_budget_between_cleanup_and_callers" {
  command = plan

  assert {
    condition     = output.extend_budget.cleanup.share == 2.5 && output.extend_budget.cleanup.instances == 2 && output.extend_budget.cleanup.requests_per_second_each == 1.25
    error_message = "By default the cleanup gets half of 5/s, 1.25/s for each of its 2 instances: ${jsonencode(output.extend_budget.cleanup)}"
  }

  assert {
    condition     = output.extend_budget.callers.share == 2.5 && output.extend_budget.callers.instances_each == 1 && output.extend_budget.callers.requests_per_second_each == 0.312
    error_message = "The eight other functions share the other half, floored to 0.001/s: ${jsonencode(output.extend_budget.callers)}"
  }

  assert {
    condition     = output.extend_budget.at_most <= 5 && output.extend_budget.at_most >= 4.99
    error_message = "Everything together stays within the budget and uses nearly all of it: ${output.extend_budget.at_most}"
  }

  assert {
    condition     = output.environment_variables.cancelExecutionRuns.EXTEND_MAX_REQUESTS_PER_SECOND == "1.25" && output.environment_variables.cancelWorkflowBatch.EXTEND_MAX_REQUESTS_PER_SECOND == "0.312"
    error_message = "Each function's EXTEND_MAX_REQUESTS_PER_SECOND is its instance's share."
  }

  assert {
    condition     = output.extend_budget.api.routes == 11 && output.extend_budget.api.throttling_rate_limit == 0.227 && output.extend_budget.api.throttling_burst_limit == 1
    error_message = "The API admits on each of its 11 routes (cancelRuns has four) a share of the callers' 2.5/s, so HTTP callers above it get API Gateway's 429: ${jsonencode(output.extend_budget.api)}"
  }
}

run "cleanup_alone_gets_the_whole_budget" {
  command = plan

  variables {
    functions = ["cancelExecutionRuns"]
  }

  assert {
    condition     = output.extend_budget.cleanup.requests_per_second_each == 2.5 && output.extend_budget.callers == null && output.extend_budget.api == null
    error_message = "With nothing else deployed the cleanup's 2 instances get 2.5/s each."
  }
}

run "give_the_cleanup_more" {
  command = plan

  variables {
    execution_cleanup_requests_per_second = 4
    execution_cleanup_maximum_concurrency = 4
  }

  assert {
    condition     = output.extend_budget.cleanup.requests_per_second_each == 1 && output.extend_budget.callers.requests_per_second_each == 0.125
    error_message = "4 of 5/s to 4 cleanup instances (1/s each); the callers share the 1/s left."
  }
}

run "reserved_concurrency_divides_the_callers_share" {
  command = plan

  variables {
    reserved_concurrent_executions = 2
  }

  assert {
    condition     = output.extend_budget.callers.instances_each == 2 && output.extend_budget.callers.requests_per_second_each == 0.156 && output.extend_budget.api.throttling_burst_limit == 2
    error_message = "2.5/s among 8 functions x 2 reserved instances; the API's burst no larger than the instances Lambda may run."
  }
}

run "a_per_instance_rate_above_the_share_is_refused" {
  command = plan

  variables {
    extend_max_requests_per_second = 1
  }

  expect_failures = [output.extend_budget]
}

run "the_old_api_rate_is_refused" {
  command = plan

  variables {
    api_throttling_rate_limit = 25
  }

  expect_failures = [output.extend_budget]
}

run "an_api_burst_above_the_reserved_instances_is_refused" {
  command = plan

  variables {
    reserved_concurrent_executions = 2
    api_throttling_burst_limit     = 50
  }

  expect_failures = [output.extend_budget]
}

run "a_cleanup_share_above_the_budget_is_refused" {
  command = plan

  variables {
    execution_cleanup_requests_per_second = 6
  }

  expect_failures = [output.extend_budget]
}

run "shares_below_one_request_per_hundred_seconds_are_refused" {
  command = plan

  variables {
    extend_requests_per_second = 0.05
  }

  expect_failures = [output.extend_budget]
}

run "one_cleanup_instance_is_not_an_sqs_maximum_concurrency" {
  command = plan

  variables {
    execution_cleanup_maximum_concurrency = 1
  }

  expect_failures = [var.execution_cleanup_maximum_concurrency]
}

run "reserved_concurrency_zero_is_refused" {
  command = plan

  variables {
    reserved_concurrent_executions = 0
  }

  expect_failures = [var.reserved_concurrent_executions]
}

run "without_the_api_its_throttling_does_not_count" {
  command = plan

  variables {
    create_api                = false
    api_throttling_rate_limit = 25
  }

  assert {
    condition     = output.extend_budget.api == null
    error_message = "No API, no stage throttling in the arithmetic."
  }
}
