locals {
  catalogue     = jsondecode(file("${path.module}/operations.json"))
  all_functions = keys(local.catalogue.operations)

  # Functions without an HTTP route are invoked by something else (cancelExecutionRuns: an EventBridge rule); they
  # are deployed by default only when that trigger is wanted.
  http_functions    = [for fn, op in local.catalogue.operations : fn if op.route_key != null]
  cleanup_function  = "cancelExecutionRuns"
  execution_cleanup = length(var.execution_cleanup_state_machine_arns) > 0
  requested = distinct(concat(
    var.functions == null ? local.http_functions : var.functions,
    local.execution_cleanup ? [local.cleanup_function] : [],
  ))
  unknown_functions = sort(setsubtract(local.requested, local.all_functions))

  operations = {
    for fn in local.requested : fn => merge(local.catalogue.operations[fn], {
      http_method = try(split(" ", local.catalogue.operations[fn].route_key)[0], null)
      http_path   = try(split(" ", local.catalogue.operations[fn].route_key)[1], null)
      # execute-api ARNs carry the request's path, not the route's template, so {id} becomes a wildcard.
      source_arn_suffix = try(format("%s%s",
        split(" ", local.catalogue.operations[fn].route_key)[0],
        replace(split(" ", local.catalogue.operations[fn].route_key)[1], "/\\{[^}/]+\\}/", "*"),
      ), null)
    }) if contains(local.all_functions, fn)
  }
  http_operations = { for fn, op in local.operations : fn => op if op.route_key != null }

  # Every HTTP route, a function may serve several (cancelRuns: one per selector). A function's first route is keyed
  # by the function's name, as when each function had one route, so that existing routes and permissions keep their
  # addresses; its further routes are keyed by their route key. Each route gets its own Lambda permission statement.
  routes = merge([
    for fn, op in local.http_operations : {
      for i, route_key in try(op.route_keys, [op.route_key]) : (i == 0 ? fn : route_key) => {
        function     = fn
        route_key    = route_key
        statement_id = i == 0 ? "AllowInvokeFromApiGateway" : "AllowInvokeFromApiGateway${i}"
        # execute-api ARNs carry the request's path, not the route's template, so {id} becomes a wildcard.
        source_arn_suffix = format("%s%s", split(" ", route_key)[0],
        replace(split(" ", route_key)[1], "/\\{[^}/]+\\}/", "*"))
      }
    }
  ]...)

  # EventBridge delivers "Step Functions Execution Status Change" for every Standard execution of the account; the
  # rule takes only the watched state machines' executions that ended in one of the statuses.
  execution_cleanup_event_pattern = local.execution_cleanup ? jsonencode({
    source        = ["aws.states"]
    "detail-type" = ["Step Functions Execution Status Change"]
    detail = {
      status          = var.execution_cleanup_statuses
      stateMachineArn = var.execution_cleanup_state_machine_arns
    }
  }) : null
  # arn:...:stateMachine:<name> -> arn:...:execution:<name>:*, the executions GetExecutionHistory reads.
  execution_history_arns = [
    for arn in var.execution_cleanup_state_machine_arns : "${replace(arn, ":stateMachine:", ":execution:")}:*"
  ]

  runtime = local.catalogue.flavours[var.flavour]

  # The flavour a package was built for, read from its file name (the build writes function-native.zip or
  # function-jvm.zip): a JVM zip on provided.al2023, or a native one on java21, would plan and apply and then fail
  # at its first cold start. null when the name does not say.
  package_name = var.package_path == null ? null : basename(var.package_path)
  package_flavour = (
    local.package_name == null ? null :
    can(regex("(^|[-_.])native\\.zip$", local.package_name)) ? "native" :
    can(regex("(^|[-_.])jvm\\.zip$", local.package_name)) ? "jvm" : null
  )
  package_builds = {
    native = "./mvnw package -Dnative (target/function-native.zip)"
    jvm    = "./mvnw package (target/function-jvm.zip)"
  }

  # The state machines this repository ships, by file name without .asl.json: every definition under
  # infra/statemachines that references nothing but $${function_arns.<function>}, so the module can render it on its
  # own. (The reference pipeline also needs an EventBridge connection and a queue: it is yours to deploy, see
  # examples/pipeline.) A new definition there is deployable as soon as it is added.
  state_machines_dir = "${path.module}/../../../infra/statemachines"
  state_machine_files = {
    for file in fileset(local.state_machines_dir, "*.asl.json") :
    trimsuffix(file, ".asl.json") => "${local.state_machines_dir}/${file}"
    if alltrue([
      for placeholder in regexall("\\$\\{\\s*([A-Za-z0-9_.]+)\\s*\\}", file("${local.state_machines_dir}/${file}")) :
      startswith(placeholder[0], "function_arns.")
    ])
  }
  unknown_state_machines = sort(setsubtract(var.state_machines, keys(local.state_machine_files)))

  # Unset optional settings stay unset, so the function's own defaults (the contract's) apply.
  contract_environment = {
    for name, value in {
      EXTEND_BASE_URL              = var.extend_base_url
      EXTEND_API_VERSION           = var.extend_api_version
      EXTEND_WORKSPACE_ID          = var.extend_workspace_id
      EXTEND_ALLOWED_WORKSPACE_IDS = length(var.extend_allowed_workspace_ids) > 0 ? join(",", var.extend_allowed_workspace_ids) : null
      EXTEND_MAX_ATTEMPTS          = var.extend_max_attempts == null ? null : tostring(var.extend_max_attempts)
      EXTEND_TIMEOUT               = var.extend_timeout
      JAVA_TOOL_OPTIONS            = var.flavour == "jvm" && trimspace(var.java_tool_options) != "" ? trimspace(var.java_tool_options) : null
    } : name => value if value != null
  }

  # Settings of one function only: strict mode is the cleanup's alone (unset when off, the function's default).
  function_environment = {
    (local.cleanup_function) = var.execution_cleanup_owned_only ? { EXTEND_CLEANUP_OWNED_ONLY = "true" } : {}
  }

  # Later maps win: user extras cannot change the operation a Lambda serves or the contract's settings.
  environment_variables = {
    for fn in keys(local.operations) : fn => merge(
      var.environment_variables,
      local.runtime.environment,
      local.contract_environment,
      lookup(local.function_environment, fn, {}),
      { EXTEND_MAX_REQUESTS_PER_SECOND = tostring(local.extend_rates[fn]) },
      { QUARKUS_FUNQY_EXPORT = fn },
    )
  }

  ##############################################################################
  # One Extend budget for everything deployed (extend_requests_per_second), divided by bounding instances:
  #   cleanup: the SQS event source mapping runs at most execution_cleanup_maximum_concurrency instances, each at
  #            cleanup_share / that many requests/s;
  #   callers: every other function (API routes, state machines, direct Invoke) shares the rest. With reserved
  #            concurrency R each function has at most R instances, each at callers_share / (functions x R);
  #            without, each function counts as one instance at callers_share / functions: the API's stage admits
  #            no more than that many requests/s per route (burst 1), a cancel being one request to Extend, so HTTP
  #            callers above it get API Gateway's 429; direct callers keep to one invocation at a time per function.
  # Rates are floored to 0.001/s, so the sum never exceeds the budget through rounding.
  ##############################################################################
  budget            = var.extend_requests_per_second
  callers           = [for fn in keys(local.operations) : fn if fn != local.cleanup_function]
  cleanup_deployed  = contains(keys(local.operations), local.cleanup_function)
  cleanup_instances = local.cleanup_deployed ? var.execution_cleanup_maximum_concurrency : 0
  cleanup_share = !local.cleanup_deployed ? 0 : coalesce(
    var.execution_cleanup_requests_per_second,
    length(local.callers) > 0 ? local.budget / 2 : local.budget,
  )
  callers_share    = local.budget - local.cleanup_share
  reserved         = var.reserved_concurrent_executions >= 1
  caller_instances = local.reserved ? var.reserved_concurrent_executions : 1
  cleanup_rate     = local.cleanup_deployed ? floor(local.cleanup_share / local.cleanup_instances * 1000) / 1000 : 0
  caller_rate = length(local.callers) == 0 ? 0 : coalesce(
    var.extend_max_requests_per_second,
    floor(max(local.callers_share, 0) / (length(local.callers) * local.caller_instances) * 1000) / 1000,
  )
  extend_rates = { for fn in keys(local.operations) : fn => fn == local.cleanup_function ? local.cleanup_rate : local.caller_rate }

  # The API's stage limits apply to each route (API Gateway's default route settings).
  api_routes = var.create_api ? length(local.routes) : 0
  api_rate = var.api_throttling_rate_limit != null ? var.api_throttling_rate_limit : (local.api_routes == 0 ? 0 : min(
    local.caller_rate * local.caller_instances,
    floor(max(local.callers_share, 0) / local.api_routes * 1000) / 1000,
  ))
  api_burst    = var.api_throttling_burst_limit != null ? var.api_throttling_burst_limit : local.caller_instances
  api_admitted = local.api_routes * local.api_rate

  extend_requests_at_most = local.cleanup_instances * local.cleanup_rate + length(local.callers) * local.caller_instances * local.caller_rate

  state_machine_template = var.state_machine_definition_file == null ? null : file(var.state_machine_definition_file)
  state_machine_functions = local.state_machine_template == null ? [] : distinct(flatten(
    regexall("\\$\\{\\s*function_arns\\.([A-Za-z0-9_]+)\\s*\\}", local.state_machine_template)
  ))
  missing_function_arns = sort(setsubtract(local.state_machine_functions, keys(var.function_arns)))

  state_machine_definition = (
    local.state_machine_template == null || length(local.missing_function_arns) > 0
    ? null
    : templatefile(var.state_machine_definition_file, merge(var.template_variables, { function_arns = var.function_arns }))
  )

  # TimeoutSeconds of the top-level lambda:invoke Task states (null where missing): each must outlast the function,
  # its timeout plus Lambda's init phase (up to 10 s, not counted in the function's timeout), so that the function's
  # own error, not States.Timeout, is what the state machine sees. (InfrastructureDriftTest checks nested states too.)
  lambda_task_timeouts = local.state_machine_definition == null ? {} : {
    for name, state in try(jsondecode(local.state_machine_definition).States, {}) :
    name => try(state.TimeoutSeconds, null)
    if try(state.Type, "") == "Task" && startswith(try(state.Resource, ""), "arn:aws:states:::lambda:invoke")
  }
}
