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
  function_timeout                     = var.timeout

  state_machine_definition_file = local.create_state_machine ? local.state_machine_definition_file : null
  function_arns                 = { for fn, alias in aws_lambda_alias.this : fn => alias.arn }
}

data "aws_caller_identity" "current" {
  count = local.create_state_machine ? 1 : 0
}

locals {
  operations = var.create ? module.operations.operations : {}
  # the operations with an HTTP route; cancelExecutionRuns has none (EventBridge invokes it)
  http_operations = var.create ? module.operations.http_operations : {}

  create_api           = var.create && var.create_api
  create_role          = var.create && var.create_role
  create_state_machine = var.create && var.create_state_machine

  # SnapStart only snapshots published versions, so the jvm flavour always publishes.
  publish = module.operations.snap_start || var.publish

  memory_size = coalesce(var.memory_size, module.operations.default_memory_size)

  lambda_role_arn = local.create_role ? aws_iam_role.lambda[0].arn : var.lambda_role_arn

  function_names = { for fn, op in local.operations : fn => "${var.name}-${op.slug}" }

  # Kept beside the definitions rather than inside this module so that .ci and the drift test check the very
  # file Terraform deploys; a git source (…//terraform) downloads the whole repository, so the path resolves.
  state_machine_definition_file = coalesce(
    var.state_machine_definition_file,
    "${path.module}/../infra/statemachines/cancel-workflow-run.asl.json",
  )
  state_machine_name = coalesce(var.state_machine_name, "${var.name}-cancel-workflow-run")
}
