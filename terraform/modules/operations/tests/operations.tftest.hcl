# The operation map, routes and runtime settings: what the root module turns into Lambdas and routes.

run "all_eight_by_default" {
  command = plan

  assert {
    condition     = output.functions == sort(["cancelProcessorRun", "cancelWorkflowRun", "cancelExtractRun", "cancelClassifyRun", "cancelSplitRun", "cancelParseRun", "cancelWorkflowBatch", "cancelRuns"])
    error_message = "Every HTTP function of function.zip is deployed unless a subset is asked for (cancelExecutionRuns only when a state machine is watched)."
  }

  assert {
    condition = output.route_keys == {
      cancelProcessorRun  = "POST /processor-runs/{id}/cancel"
      cancelWorkflowRun   = "POST /workflow-runs/{id}/cancel"
      cancelExtractRun    = "POST /extract-runs/{id}/cancel"
      cancelClassifyRun   = "POST /classify-runs/{id}/cancel"
      cancelSplitRun      = "POST /split-runs/{id}/cancel"
      cancelParseRun      = "POST /parse-runs/{id}/cancel"
      cancelWorkflowBatch = "POST /workflow-batches/{id}/cancel"
      cancelRuns          = "POST /workflows/{id}/runs/cancel"
    }
    error_message = "Route keys must be the contract's HTTP routes (a function's first route)."
  }

  assert {
    condition = { for fn, op in output.operations : fn => op.extend_call } == {
      cancelProcessorRun  = "POST /processor_runs/{id}/cancel"
      cancelWorkflowRun   = "POST /workflow_runs/{id}/cancel"
      cancelExtractRun    = "POST /extract_runs/{id}/cancel"
      cancelClassifyRun   = "POST /classify_runs/{id}/cancel"
      cancelSplitRun      = "POST /split_runs/{id}/cancel"
      cancelParseRun      = "POST /parse_runs/{id}/cancel"
      cancelWorkflowBatch = "GET /workflow_runs?batchId={id} + POST /workflow_runs/{run}/cancel"
      cancelRuns          = "GET /workflow_runs?workflowId={id} or ?batchId={id}, /extract_runs?extractorId={id}, /classify_runs?classifierId={id}, /split_runs?splitterId={id} + POST /{kind}/{run}/cancel"
    }
    error_message = "Extend calls must be the contract's."
  }

  assert {
    condition     = output.operations.cancelWorkflowRun.http_method == "POST" && output.operations.cancelWorkflowRun.http_path == "/workflow-runs/{id}/cancel"
    error_message = "A route key splits into method and path."
  }

  assert {
    condition     = output.operations.cancelWorkflowRun.source_arn_suffix == "POST/workflow-runs/*/cancel"
    error_message = "The permission's source ARN must match any run id on this route and no other route."
  }

  assert {
    condition     = output.operations.cancelProcessorRun.slug == "cancel-processor-run"
    error_message = "Slugs name the Lambdas."
  }

  assert {
    condition     = alltrue([for fn, op in output.operations : length(op.slug) <= 24 && can(regex("^[a-z0-9-]+$", op.slug))])
    error_message = "Slugs must stay short and lower-case, as they end every Lambda name (64 characters at most)."
  }

  assert {
    condition     = length(distinct(values(output.route_keys))) == length(output.route_keys)
    error_message = "Two functions cannot share a route."
  }
}

# cancelRuns serves four routes, one per selector; every other HTTP function one. Each route gets its own permission.
run "every_route_of_every_function" {
  command = plan

  assert {
    condition = { for key, route in output.routes : key => route.route_key if route.function == "cancelRuns" } == {
      cancelRuns                           = "POST /workflows/{id}/runs/cancel"
      "POST /extractors/{id}/runs/cancel"  = "POST /extractors/{id}/runs/cancel"
      "POST /classifiers/{id}/runs/cancel" = "POST /classifiers/{id}/runs/cancel"
      "POST /splitters/{id}/runs/cancel"   = "POST /splitters/{id}/runs/cancel"
    }
    error_message = "cancelRuns has the contract's four routes; its first keyed by the function, as every function's first route."
  }

  assert {
    condition = { for key, route in output.routes : route.route_key => route.source_arn_suffix if route.function == "cancelRuns" } == {
      "POST /workflows/{id}/runs/cancel"   = "POST/workflows/*/runs/cancel"
      "POST /extractors/{id}/runs/cancel"  = "POST/extractors/*/runs/cancel"
      "POST /classifiers/{id}/runs/cancel" = "POST/classifiers/*/runs/cancel"
      "POST /splitters/{id}/runs/cancel"   = "POST/splitters/*/runs/cancel"
    }
    error_message = "Each route's permission matches any id on that route and no other route."
  }

  assert {
    condition     = length(distinct([for key, route in output.routes : "${route.function} ${route.statement_id}"])) == length(output.routes)
    error_message = "Two permissions of one function cannot share a statement id."
  }

  assert {
    condition     = alltrue([for fn, route_key in output.route_keys : output.routes[fn].route_key == route_key && output.routes[fn].statement_id == "AllowInvokeFromApiGateway"])
    error_message = "Every function's first route keeps the function's key and the statement id it always had, so existing deployments see no change."
  }

  assert {
    condition     = length(output.routes) == length(output.route_keys) + 3 && length(distinct([for key, route in output.routes : route.route_key])) == length(output.routes)
    error_message = "Eleven routes in all, no two alike."
  }
}

run "native_flavour_by_default" {
  command = plan

  assert {
    condition     = output.runtime == "provided.al2023" && output.handler == "bootstrap"
    error_message = "native runs the bootstrap binary on provided.al2023."
  }

  assert {
    condition     = output.default_memory_size == 128 && output.snap_start == false
    error_message = "native gets 128 MB and no SnapStart."
  }

  assert {
    condition = output.environment_variables.cancelWorkflowRun == {
      DISABLE_SIGNAL_HANDLERS        = "true"
      EXTEND_MAX_REQUESTS_PER_SECOND = "0.625"
      QUARKUS_FUNQY_EXPORT           = "cancelWorkflowRun"
    }
    error_message = "With nothing given, only the operation, its share of the budget (5/s among eight functions) and the native runtime's setting are set; the function's defaults apply to the rest."
  }

  assert {
    condition     = alltrue([for fn, env in output.environment_variables : env.QUARKUS_FUNQY_EXPORT == fn])
    error_message = "Each Lambda must serve its own operation."
  }

  assert {
    condition     = alltrue([for fn, env in output.environment_variables : !contains(keys(env), "EXTEND_API_KEY")])
    error_message = "No secret passes through this module."
  }
}

run "jvm_flavour" {
  command = plan

  variables {
    flavour = "jvm"
  }

  assert {
    condition     = output.runtime == "java21"
    error_message = "jvm runs on java21."
  }

  assert {
    condition     = output.handler == "dev.extendcancel.lambda.JvmHandler::handleRequest"
    error_message = "jvm must use Quarkus' stream handler, the one the README names."
  }

  assert {
    condition     = output.snap_start && output.default_memory_size >= 512 && output.default_memory_size <= 1024
    error_message = "jvm runs with SnapStart and 512 to 1024 MB."
  }

  assert {
    condition = output.environment_variables.cancelParseRun == {
      EXTEND_MAX_REQUESTS_PER_SECOND = "0.625"
      JAVA_TOOL_OPTIONS              = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:MetaspaceSize=64m"
      QUARKUS_FUNQY_EXPORT           = "cancelParseRun"
    }
    error_message = "jvm gets the cold-start JIT options and no native-only setting."
  }
}

run "jvm_without_tool_options" {
  command = plan

  variables {
    flavour           = "jvm"
    java_tool_options = "  "
  }

  assert {
    condition     = !contains(keys(output.environment_variables.cancelParseRun), "JAVA_TOOL_OPTIONS")
    error_message = "Blank JAVA_TOOL_OPTIONS are not set at all."
  }
}

run "contract_settings" {
  command = plan

  variables {
    extend_base_url                = "https://api.eu1.extend.ai"
    extend_api_version             = "2026-02-09"
    extend_workspace_id            = "ws_main"
    extend_allowed_workspace_ids   = ["ws_main", "ws_other"]
    extend_max_attempts            = 5
    extend_max_requests_per_second = 8
    extend_requests_per_second     = 64 # eight functions x 8/s
    extend_timeout                 = "8s"
    environment_variables = {
      QUARKUS_FUNQY_EXPORT = "cancelParseRun"
      EXTEND_TIMEOUT       = "99s"
      QUARKUS_LOG_LEVEL    = "DEBUG"
    }
  }

  assert {
    condition = output.environment_variables.cancelSplitRun == {
      DISABLE_SIGNAL_HANDLERS        = "true"
      EXTEND_BASE_URL                = "https://api.eu1.extend.ai"
      EXTEND_API_VERSION             = "2026-02-09"
      EXTEND_WORKSPACE_ID            = "ws_main"
      EXTEND_ALLOWED_WORKSPACE_IDS   = "ws_main,ws_other"
      EXTEND_MAX_ATTEMPTS            = "5"
      EXTEND_MAX_REQUESTS_PER_SECOND = "8"
      EXTEND_TIMEOUT                 = "8s"
      QUARKUS_FUNQY_EXPORT           = "cancelSplitRun"
      QUARKUS_LOG_LEVEL              = "DEBUG"
    }
    error_message = "Contract settings map to the contract's variables, and extras never override them or the operation."
  }
}

run "subset_of_functions" {
  command = plan

  variables {
    functions = ["cancelWorkflowRun", "cancelParseRun", "cancelWorkflowRun"]
  }

  assert {
    condition     = output.functions == tolist(["cancelParseRun", "cancelWorkflowRun"])
    error_message = "Only the functions asked for are deployed, once each."
  }

  assert {
    condition     = sort(keys(output.environment_variables)) == tolist(["cancelParseRun", "cancelWorkflowRun"]) && sort(keys(output.route_keys)) == tolist(["cancelParseRun", "cancelWorkflowRun"])
    error_message = "Routes and environments follow the subset."
  }

  assert {
    condition     = length(output.all_functions) == 9
    error_message = "all_functions still lists what function.zip serves."
  }
}

run "unknown_function_is_refused" {
  command = plan

  variables {
    functions = ["cancelWorkflowRun", "cancelEverything"]
  }

  expect_failures = [output.functions]
}

run "empty_function_list_is_refused" {
  command = plan

  variables {
    functions = []
  }

  expect_failures = [var.functions]
}

run "execution_cleanup_off_by_default" {
  command = plan

  assert {
    condition     = output.execution_cleanup == null && !contains(output.functions, "cancelExecutionRuns")
    error_message = "Without watched state machines there is no cleanup function."
  }

  assert {
    condition     = contains(output.all_functions, "cancelExecutionRuns") && !contains(keys(output.route_keys), "cancelExecutionRuns")
    error_message = "cancelExecutionRuns is served by function.zip but has no HTTP route."
  }
}

run "execution_cleanup_watches_the_named_state_machines" {
  command = plan

  variables {
    functions = ["cancelWorkflowRun"]
    execution_cleanup_state_machine_arns = [
      "arn:aws:states:eu-west-1:123456789012:stateMachine:pipeline",
      "arn:aws-us-gov:states:us-gov-west-1:123456789012:stateMachine:other_one",
    ]
  }

  assert {
    condition     = output.functions == tolist(["cancelExecutionRuns", "cancelWorkflowRun"])
    error_message = "Watching state machines deploys cancelExecutionRuns beside the functions asked for."
  }

  assert {
    condition = jsondecode(output.execution_cleanup.event_pattern) == {
      source        = ["aws.states"]
      "detail-type" = ["Step Functions Execution Status Change"]
      detail = {
        status = ["ABORTED", "TIMED_OUT", "FAILED"]
        stateMachineArn = [
          "arn:aws:states:eu-west-1:123456789012:stateMachine:pipeline",
          "arn:aws-us-gov:states:us-gov-west-1:123456789012:stateMachine:other_one",
        ]
      }
    }
    error_message = "The rule matches the watched state machines' stopped executions only."
  }

  assert {
    condition = tolist(output.execution_cleanup.history_arns) == tolist([
      "arn:aws:states:eu-west-1:123456789012:execution:pipeline:*",
      "arn:aws-us-gov:states:us-gov-west-1:123456789012:execution:other_one:*",
    ])
    error_message = "GetExecutionHistory is granted on the executions of the watched state machines only."
  }

  assert {
    condition     = output.operations.cancelExecutionRuns.route_key == null && output.operations.cancelExecutionRuns.source_arn_suffix == null && !contains(keys(output.http_operations), "cancelExecutionRuns")
    error_message = "The cleanup function gets no route and no API permission."
  }

  assert {
    condition     = output.environment_variables.cancelExecutionRuns.QUARKUS_FUNQY_EXPORT == "cancelExecutionRuns"
    error_message = "Its Lambda serves cancelExecutionRuns."
  }
}

run "cleanup_owned_only_sets_strict_mode_on_the_cleanup_function_only" {
  command = plan

  variables {
    functions                            = ["cancelWorkflowRun", "cancelWorkflowBatch"]
    execution_cleanup_state_machine_arns = ["arn:aws:states:eu-west-1:123456789012:stateMachine:pipeline"]
    execution_cleanup_owned_only         = true
  }

  assert {
    condition     = output.environment_variables.cancelExecutionRuns.EXTEND_CLEANUP_OWNED_ONLY == "true"
    error_message = "execution_cleanup_owned_only sets EXTEND_CLEANUP_OWNED_ONLY=true on cancelExecutionRuns."
  }

  assert {
    condition     = alltrue([for fn, env in output.environment_variables : !contains(keys(env), "EXTEND_CLEANUP_OWNED_ONLY") if fn != "cancelExecutionRuns"])
    error_message = "No other function gets EXTEND_CLEANUP_OWNED_ONLY."
  }
}

run "cleanup_owned_only_is_off_by_default" {
  command = plan

  variables {
    execution_cleanup_state_machine_arns = ["arn:aws:states:eu-west-1:123456789012:stateMachine:pipeline"]
  }

  assert {
    condition     = alltrue([for fn, env in output.environment_variables : !contains(keys(env), "EXTEND_CLEANUP_OWNED_ONLY")])
    error_message = "Without execution_cleanup_owned_only nothing is set: the function's default (false) applies."
  }
}

run "execution_cleanup_statuses_can_be_narrowed" {
  command = plan

  variables {
    execution_cleanup_state_machine_arns = ["arn:aws:states:eu-west-1:123456789012:stateMachine:pipeline"]
    execution_cleanup_statuses           = ["ABORTED"]
  }

  assert {
    condition     = jsondecode(output.execution_cleanup.event_pattern).detail.status == ["ABORTED"]
    error_message = "Only the statuses asked for trigger the cleanup."
  }
}
