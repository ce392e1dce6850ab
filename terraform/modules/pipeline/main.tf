# Wires your own state machine to extend-cancel without a dependency cycle: its ARN is known from its name before it
# exists, so the extend-cancel module can watch it (execution_cleanup_state_machine_arns) while the state machine
# invokes the module's aliases. The definition is rendered and checked like the shipped ones (../operations).
module "definition" {
  source = "../operations"

  state_machine_definition_file = var.definition_file
  template_variables            = var.template_variables
  function_arns                 = var.function_arns
  function_timeout              = var.function_timeout
}

locals {
  arn        = "arn:${var.partition}:states:${var.region}:${var.account_id}:stateMachine:${var.name}"
  definition = jsondecode(module.definition.state_machine_definition)

  # Tasks that create Extend runs over an HTTP task (POST .../<kind>_runs): each must tag the run with the execution
  # that created it, so that the stopped-execution clean-up cancels its own runs only (and, with
  # EXTEND_CLEANUP_OWNED_ONLY=true, cancels them at all).
  run_creations = {
    for name, state in try(local.definition.States, {}) : name => state
    if try(state.Type, "") == "Task" && try(state.Resource, "") == "arn:aws:states:::http:invoke"
    && upper(try(state.Parameters.Method, "")) == "POST"
    && can(regex("/[a-z]+_runs/?$", try(state.Parameters.ApiEndpoint, "")))
  }
  untagged_run_creations = sort([
    for name, state in local.run_creations : name
    if try(state.Parameters.RequestBody.metadata["stepFunctionsExecutionArn.$"], "") != "$$.Execution.Id"
  ])
}
