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
