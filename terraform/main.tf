# Everything that is pure data (operations, routes, runtime settings, environment, the rendered state machine)
# lives in ./modules/operations so `terraform test` can cover it without the AWS provider.
module "operations" {
  source = "./modules/operations"

  functions                      = var.functions
  flavour                        = var.flavour
  extend_base_url                = var.extend_base_url
  extend_api_version             = var.extend_api_version
  extend_workspace_id            = var.extend_workspace_id
  extend_allowed_workspace_ids   = var.extend_allowed_workspace_ids
  extend_max_attempts            = var.extend_max_attempts
  extend_max_requests_per_second = var.extend_max_requests_per_second
  extend_requests_per_second     = var.extend_requests_per_second
  reserved_concurrent_executions = var.reserved_concurrent_executions
  create_api                     = var.create_api
  api_throttling_rate_limit      = var.api_throttling_rate_limit
  api_throttling_burst_limit     = var.api_throttling_burst_limit

  execution_cleanup_maximum_concurrency = var.execution_cleanup_maximum_concurrency
  execution_cleanup_requests_per_second = var.execution_cleanup_requests_per_second
  extend_timeout                        = var.extend_timeout
  java_tool_options                     = var.java_tool_options
  environment_variables                 = var.environment_variables

  execution_cleanup_state_machine_arns = var.execution_cleanup_state_machine_arns
  execution_cleanup_statuses           = var.execution_cleanup_statuses
  execution_cleanup_owned_only         = var.execution_cleanup_owned_only
  function_timeout                     = var.timeout

  # checked here: the package's name says its flavour (the build writes function-native.zip / function-jvm.zip)
  package_path   = var.create ? var.package_path : null
  state_machines = var.state_machines
}

# One rendering per state machine turned on, from the definition this repository ships (relative to this module, so
# it resolves wherever the module is called from), with the deployed aliases: the same checks as for any definition
# (every function it invokes deployed, every Lambda task outlasting the function's timeout).
module "state_machine" {
  source   = "./modules/operations"
  for_each = local.state_machine_files

  state_machine_definition_file = each.value
  function_arns                 = { for fn, alias in aws_lambda_alias.this : fn => alias.arn }
  function_timeout              = var.timeout
}

data "aws_caller_identity" "current" {
  count = length(local.state_machine_files) > 0 ? 1 : 0
}

locals {
  operations = { for fn, op in module.operations.operations : fn => op if var.create }
  # the operations with an HTTP route; cancelExecutionRuns has none (EventBridge invokes it)
  http_operations = { for fn, op in module.operations.http_operations : fn => op if var.create }
  # every route of those operations: a function may serve several (cancelRuns: one per selector)
  http_routes = { for key, route in module.operations.routes : key => route if var.create }

  create_api  = var.create && var.create_api
  create_role = var.create && var.create_role

  # SnapStart only snapshots published versions, so the jvm flavour always publishes.
  publish = module.operations.snap_start || var.publish

  memory_size = coalesce(var.memory_size, module.operations.default_memory_size)

  lambda_role_arn = local.create_role ? aws_iam_role.lambda[0].arn : var.lambda_role_arn

  function_names = { for fn, op in local.operations : fn => "${var.name}-${op.slug}" }

  # The definitions stay in infra/statemachines, beside the ones .ci and the drift test check, so that what is
  # deployed is what is tested; a git source (…//terraform) downloads the whole repository, so the paths resolve.
  state_machine_files = var.create ? {
    for name in var.state_machines : name => module.operations.state_machine_files[name]
  } : {}
  state_machine_names = { for name in keys(local.state_machine_files) : name => "${var.name}-${name}" }
}
