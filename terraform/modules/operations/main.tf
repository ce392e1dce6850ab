locals {
  catalogue     = jsondecode(file("${path.module}/operations.json"))
  all_functions = keys(local.catalogue.operations)

  requested         = var.functions == null ? local.all_functions : distinct(var.functions)
  unknown_functions = sort(setsubtract(local.requested, local.all_functions))

  operations = {
    for fn in local.requested : fn => merge(local.catalogue.operations[fn], {
      http_method = split(" ", local.catalogue.operations[fn].route_key)[0]
      http_path   = split(" ", local.catalogue.operations[fn].route_key)[1]
      # execute-api ARNs carry the request's path, not the route's template, so {id} becomes a wildcard.
      source_arn_suffix = format("%s%s",
        split(" ", local.catalogue.operations[fn].route_key)[0],
        replace(split(" ", local.catalogue.operations[fn].route_key)[1], "/\\{[^}/]+\\}/", "*"),
      )
    }) if contains(local.all_functions, fn)
  }

  runtime = local.catalogue.flavours[var.flavour]

  # Unset optional settings stay unset, so the function's own defaults (the contract's) apply.
  contract_environment = {
    for name, value in {
      EXTEND_BASE_URL                = var.extend_base_url
      EXTEND_API_VERSION             = var.extend_api_version
      EXTEND_WORKSPACE_ID            = var.extend_workspace_id
      EXTEND_ALLOWED_WORKSPACE_IDS   = length(var.extend_allowed_workspace_ids) > 0 ? join(",", var.extend_allowed_workspace_ids) : null
      EXTEND_MAX_ATTEMPTS            = var.extend_max_attempts == null ? null : tostring(var.extend_max_attempts)
      EXTEND_MAX_REQUESTS_PER_SECOND = var.extend_max_requests_per_second == null ? null : tostring(var.extend_max_requests_per_second)
      EXTEND_TIMEOUT                 = var.extend_timeout
      JAVA_TOOL_OPTIONS              = var.flavour == "jvm" && trimspace(var.java_tool_options) != "" ? trimspace(var.java_tool_options) : null
    } : name => value if value != null
  }

  # Later maps win: user extras cannot change the operation a Lambda serves or the contract's settings.
  environment_variables = {
    for fn in keys(local.operations) : fn => merge(
      var.environment_variables,
      local.runtime.environment,
      local.contract_environment,
      { QUARKUS_FUNQY_EXPORT = fn },
    )
  }

  state_machine_template = var.state_machine_definition_file == null ? null : file(var.state_machine_definition_file)
  state_machine_functions = local.state_machine_template == null ? [] : distinct(flatten(
    regexall("\\$\\{\\s*function_arns\\.([A-Za-z0-9_]+)\\s*\\}", local.state_machine_template)
  ))
  missing_function_arns = sort(setsubtract(local.state_machine_functions, keys(var.function_arns)))

  state_machine_definition = (
    local.state_machine_template == null || length(local.missing_function_arns) > 0
    ? null
    : templatefile(var.state_machine_definition_file, { function_arns = var.function_arns })
  )
}
