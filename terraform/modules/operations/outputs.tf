output "all_functions" {
  description = "Every function function.zip serves, whether deployed or not."
  value       = local.all_functions
}

output "functions" {
  description = "The functions to deploy, sorted."
  value       = sort(keys(local.operations))

  precondition {
    condition     = length(local.unknown_functions) == 0
    error_message = "Unknown function(s): ${join(", ", local.unknown_functions)}. Known: ${join(", ", local.all_functions)}."
  }
}

output "operations" {
  description = "Per function: slug (for resource names), route_key, http_method, http_path, extend_call and source_arn_suffix (the execute-api ARN part after the stage)."
  value       = local.operations
}

output "route_keys" {
  description = "API Gateway route key by function, e.g. \"POST /workflow-runs/{id}/cancel\"; functions without a route are left out."
  value       = { for fn, op in local.http_operations : fn => op.route_key }
}

output "routes" {
  description = "Every HTTP route: function, route_key, statement_id (of its Lambda permission) and source_arn_suffix, keyed by the function for its first route and by the route key for a function's further routes."
  value       = local.routes
}

output "http_operations" {
  description = "The operations that have an HTTP route (those the API serves), as in operations."
  value       = local.http_operations
}

output "execution_cleanup" {
  description = "null when no state machine is watched; else the function that cleans up stopped executions, the EventBridge event pattern, and the execution ARNs (wildcards) whose history it may read."
  value = local.execution_cleanup ? {
    function       = local.cleanup_function
    event_pattern  = local.execution_cleanup_event_pattern
    history_arns   = local.execution_history_arns
    state_machines = var.execution_cleanup_state_machine_arns
  } : null
}

output "runtime" {
  description = "Lambda runtime identifier of the flavour; refused for a package_path whose name says another flavour, or none."
  value       = local.runtime.runtime

  precondition {
    condition     = var.package_path == null || local.package_flavour == var.flavour
    error_message = local.package_flavour == null ? "package_path ${coalesce(local.package_name, "-")} does not say which build it is, so it cannot be checked against flavour = \"${var.flavour}\". The Maven build writes the package under a name that does: deploy the one for ${var.flavour}, built by ${local.package_builds[var.flavour]}." : "package_path ${coalesce(local.package_name, "-")} is a ${coalesce(local.package_flavour, "-")} build, but flavour = \"${var.flavour}\" (${local.runtime.runtime}): it would fail at its first cold start. Build the ${var.flavour} package with ${local.package_builds[var.flavour]}, or set flavour = \"${coalesce(local.package_flavour, "-")}\"."
  }
}

output "handler" {
  description = "Lambda handler of the flavour (provided.al2023 ignores it, java21 needs Quarkus' stream handler)."
  value       = local.runtime.handler
}

output "default_memory_size" {
  description = "Memory (MB) the flavour gets unless told otherwise."
  value       = local.runtime.memory_size
}

output "snap_start" {
  description = "Whether the flavour runs with SnapStart on published versions."
  value       = local.runtime.snap_start
}

output "environment_variables" {
  description = "Environment by function, EXTEND_API_KEY excepted (the root module adds it, so no secret passes through this module)."
  value       = local.environment_variables
}

output "lambda_task_timeouts" {
  description = "TimeoutSeconds by top-level lambda:invoke Task state of the rendered definition."
  value       = local.lambda_task_timeouts
}

output "state_machine_functions" {
  description = "Functions the state machine template invokes, i.e. those its role may call."
  value       = sort(local.state_machine_functions)
}

output "state_machine_definition" {
  description = "The rendered ASL definition, or null without a template."
  value       = local.state_machine_definition

  precondition {
    condition     = length(local.missing_function_arns) == 0
    error_message = "The state machine invokes function(s) that are not deployed: ${join(", ", local.missing_function_arns)}."
  }

  precondition {
    condition     = local.state_machine_definition == null || can(jsondecode(local.state_machine_definition))
    error_message = "The rendered state machine definition is not valid JSON."
  }

  precondition {
    condition     = alltrue([for seconds in values(local.lambda_task_timeouts) : seconds != null && try(seconds >= var.function_timeout + 10, false)])
    error_message = "Every lambda:invoke Task needs TimeoutSeconds of at least the functions' timeout (${var.function_timeout} s) plus 10 s of Lambda init, or Step Functions gives up before the function answers: ${jsonencode(local.lambda_task_timeouts)}."
  }
}

output "state_machine_files" {
  description = "The shipped state machine definitions the module can deploy on its own, path by name (file name without .asl.json); refused when state_machines names another."
  value       = local.state_machine_files

  precondition {
    condition     = length(local.unknown_state_machines) == 0
    error_message = "Unknown state machine(s): ${join(", ", local.unknown_state_machines)}. Shipped: ${join(", ", keys(local.state_machine_files))}."
  }
}

output "extend_budget" {
  description = "How extend_requests_per_second is divided: per group (cleanup, callers) the share, the most instances and each instance's EXTEND_MAX_REQUESTS_PER_SECOND; the API stage's per-route rate and burst; and the requests/s everything deployed may send at most (never above the budget)."
  value = {
    requests_per_second = local.budget
    at_most             = local.extend_requests_at_most
    cleanup = local.cleanup_deployed ? {
      share                    = local.cleanup_share
      instances                = local.cleanup_instances
      requests_per_second_each = local.cleanup_rate
      bounded_by               = "SQS event source mapping maximum_concurrency"
    } : null
    callers = length(local.callers) > 0 ? {
      share                    = local.callers_share
      functions                = sort(local.callers)
      instances_each           = local.caller_instances
      requests_per_second_each = local.caller_rate
      bounded_by               = local.reserved ? "reserved concurrency" : "API stage throttling (HTTP callers); one invocation at a time per function (direct callers)"
    } : null
    api = local.api_routes > 0 ? {
      routes                 = local.api_routes
      throttling_rate_limit  = local.api_rate
      throttling_burst_limit = local.api_burst
    } : null
  }

  precondition {
    condition     = local.cleanup_share <= local.budget
    error_message = "execution_cleanup_requests_per_second (${local.cleanup_share}) is more than the whole budget, extend_requests_per_second (${local.budget})."
  }

  precondition {
    condition     = !local.cleanup_deployed || local.cleanup_rate >= 0.01
    error_message = "The cleanup's share (${local.cleanup_share} requests/s) divided among ${local.cleanup_instances} instances is below 0.01 requests/s each: raise extend_requests_per_second or execution_cleanup_requests_per_second, or lower execution_cleanup_maximum_concurrency."
  }

  precondition {
    condition     = length(local.callers) == 0 || local.caller_rate >= 0.01
    error_message = "The callers' share (${local.callers_share} requests/s) divided among ${length(local.callers)} functions x ${local.caller_instances} instances is below 0.01 requests/s each: raise extend_requests_per_second, lower execution_cleanup_requests_per_second or reserved_concurrent_executions, or deploy fewer functions."
  }

  precondition {
    # a thousandth of slack: the shares are floored to 0.001/s, never rounded up
    condition     = local.extend_requests_at_most <= local.budget + 0.0001
    error_message = "These settings let the module send ${local.extend_requests_at_most} requests/s to Extend, more than extend_requests_per_second (${local.budget}): ${local.cleanup_instances} cleanup instances x ${local.cleanup_rate}/s + ${length(local.callers)} functions x ${local.caller_instances} instances x ${local.caller_rate}/s. Lower extend_max_requests_per_second, reserved_concurrent_executions or execution_cleanup_requests_per_second, or raise the budget."
  }

  precondition {
    condition     = local.api_admitted <= local.callers_share + 0.0001
    error_message = "The API's stage admits ${local.api_rate} requests/s on each of its ${local.api_routes} routes (${local.api_admitted} requests/s in all, each at least one request to Extend), more than the callers' share of the budget (${local.callers_share}): lower api_throttling_rate_limit or leave it null to derive it."
  }

  precondition {
    condition     = !local.reserved || local.api_routes == 0 || local.api_burst <= var.reserved_concurrent_executions
    error_message = "api_throttling_burst_limit (${local.api_burst}) is above the reserved concurrency (${var.reserved_concurrent_executions}): a burst would be throttled by Lambda (API Gateway answers 500), not by the API (429). Lower it or leave it null."
  }
}
