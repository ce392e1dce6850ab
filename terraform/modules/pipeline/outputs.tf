output "name" {
  description = "The state machine's name, to give aws_sfn_state_machine."
  value       = var.name
}

output "arn" {
  description = "The state machine's ARN, known before it exists: pass it to the extend-cancel module's execution_cleanup_state_machine_arns."
  value       = local.arn
}

output "definition" {
  description = "The rendered definition, to give aws_sfn_state_machine; refused when a task that creates Extend runs does not tag them with the execution."

  value = module.definition.state_machine_definition

  precondition {
    condition     = length(local.untagged_run_creations) == 0
    error_message = "Task(s) ${join(", ", local.untagged_run_creations)} create Extend runs without \"metadata\": {\"stepFunctionsExecutionArn.$\": \"$$.Execution.Id\"} in their RequestBody: the stopped-execution clean-up could not tell this execution's runs from others'."
  }
}

output "invoked_functions" {
  description = "The extend-cancel functions the definition invokes."
  value       = module.definition.state_machine_functions
}

output "invoked_function_arns" {
  description = "What the state machine's role must be allowed to lambda:InvokeFunction: the ARNs (aliases) it invokes."
  value       = [for fn in module.definition.state_machine_functions : var.function_arns[fn]]
}

output "run_creations" {
  description = "Names of the tasks that create Extend runs (HTTP tasks POSTing to .../<kind>_runs), all tagged with the execution."
  value       = sort(keys(local.run_creations))
}
