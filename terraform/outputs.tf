################################################################################
# Lambda
################################################################################

output "lambda_function_names" {
  description = "Lambda function name by function (QUARKUS_FUNQY_EXPORT)."
  value       = { for fn, f in aws_lambda_function.this : fn => f.function_name }
}

output "lambda_function_arns" {
  description = "Unqualified Lambda function ARN by function."
  value       = { for fn, f in aws_lambda_function.this : fn => f.arn }
}

output "lambda_function_versions" {
  description = "Latest published version by function ($LATEST when not publishing)."
  value       = { for fn, f in aws_lambda_function.this : fn => f.version }
}

output "lambda_alias_arns" {
  description = "ARN of the alias the API and state machines invoke, by function: use these in your own state machines and IAM policies."
  value       = { for fn, a in aws_lambda_alias.this : fn => a.arn }
}

output "lambda_alias_invoke_arns" {
  description = "Invoke ARN (for API Gateway integrations) of the alias, by function."
  value       = { for fn, a in aws_lambda_alias.this : fn => a.invoke_arn }
}

output "lambda_role_arn" {
  description = "ARN of the functions' execution role."
  value       = local.lambda_role_arn
}

output "lambda_log_group_names" {
  description = "CloudWatch log group name by function."
  value       = { for fn, g in aws_cloudwatch_log_group.lambda : fn => g.name }
}

output "lambda_log_group_arns" {
  description = "CloudWatch log group ARN by function (for subscriptions, Logs Insights queries, IAM)."
  value       = { for fn, g in aws_cloudwatch_log_group.lambda : fn => g.arn }
}

output "metrics_namespace" {
  description = "CloudWatch namespace of the metrics embedded in the invocation log lines (dimensions service, function, outcome)."
  value       = var.powertools_metrics_namespace
}

output "alarm_arns" {
  description = "ARNs of the alarms by kind (extend_rejected, extend_unavailable, throttles) and function, and of the execution cleanup's dead-letter-queue and queue-age alarms (null when there are none); empty maps unless create_alarms."
  value = {
    extend_rejected             = { for fn, a in aws_cloudwatch_metric_alarm.extend_rejected : fn => a.arn }
    extend_unavailable          = { for fn, a in aws_cloudwatch_metric_alarm.extend_unavailable : fn => a.arn }
    throttles                   = { for fn, a in aws_cloudwatch_metric_alarm.throttles : fn => a.arn }
    execution_cleanup_failures  = try(aws_cloudwatch_metric_alarm.execution_cleanup_failures[0].arn, null)
    execution_cleanup_queue_age = try(aws_cloudwatch_metric_alarm.execution_cleanup_queue_age[0].arn, null)
  }
}

output "release" {
  description = "The extend-cancel release this module belongs to: deploy the function.zip of the same version."
  value       = local.release
}

output "lambda_runtime" {
  description = "Runtime the functions run on (provided.al2023 or java21)."
  value       = module.operations.runtime
}

output "lambda_handler" {
  description = "Handler the functions are configured with."
  value       = module.operations.handler
}

################################################################################
# API Gateway
################################################################################

output "api_id" {
  description = "ID of the HTTP API."
  value       = try(aws_apigatewayv2_api.this[0].id, null)
}

output "api_url" {
  description = "Base URL of the API's default stage; append a route path, e.g. workflow-runs/<id>/cancel."
  value       = try(aws_apigatewayv2_stage.this[0].invoke_url, null)
}

output "api_execution_arn" {
  description = "Execution ARN of the API, the prefix of the route ARNs."
  value       = try(aws_apigatewayv2_api.this[0].execution_arn, null)
}

output "api_route_keys" {
  description = "Route key by function, e.g. \"POST /workflow-runs/{id}/cancel\"; a function's further routes (cancelRuns' /extractors/..., /classifiers/..., /splitters/...) by their own route key."
  value       = { for fn, r in aws_apigatewayv2_route.this : fn => r.route_key }
}

output "api_route_arns" {
  description = "execute-api ARN pattern of each route, keyed as api_route_keys: the Resource to grant execute-api:Invoke on for AWS_IAM callers."
  value       = { for key, route in local.http_routes : key => "${aws_apigatewayv2_api.this[0].execution_arn}/*/${route.source_arn_suffix}" if local.create_api }
}

output "api_log_group_name" {
  description = "CloudWatch log group of the API's access logs."
  value       = try(aws_cloudwatch_log_group.api[0].name, null)
}

output "api_log_group_arn" {
  description = "ARN of the API's access log group."
  value       = try(aws_cloudwatch_log_group.api[0].arn, null)
}

################################################################################
# Step Functions
################################################################################

output "state_machine_arns" {
  description = "ARN of each state machine the module deployed, by its name in state_machines (e.g. cancel-workflow-run)."
  value       = { for name, machine in aws_sfn_state_machine.this : name => machine.arn }
}

output "state_machine_names" {
  description = "Name of each state machine, by its name in state_machines (<name>-<machine>)."
  value       = { for name, machine in aws_sfn_state_machine.this : name => machine.name }
}

output "state_machine_role_arns" {
  description = "ARN of each state machine's role (it may invoke only the aliases its definition names), by its name in state_machines."
  value       = { for name, role in aws_iam_role.state_machine : name => role.arn }
}

output "state_machine_log_group_names" {
  description = "CloudWatch log group of each state machine's execution logs, by its name in state_machines (empty when state_machine_logging_level is OFF)."
  value       = { for name, group in aws_cloudwatch_log_group.state_machine : name => group.name }
}

output "state_machine_log_group_arns" {
  description = "ARN of each state machine's execution log group, by its name in state_machines."
  value       = { for name, group in aws_cloudwatch_log_group.state_machine : name => group.arn }
}

output "shipped_state_machines" {
  description = "Every state machine this release ships and state_machines may name."
  value       = sort(keys(module.operations.state_machine_files))
}

################################################################################
# Stopped executions (cancelExecutionRuns)
################################################################################

output "execution_cleanup_rule_arn" {
  description = "ARN of the EventBridge rule that sends the watched state machines' stopped executions to cancelExecutionRuns (null when none is watched)."
  value       = try(aws_cloudwatch_event_rule.execution_cleanup[0].arn, null)
}

output "execution_cleanup_queue_arn" {
  description = "ARN of the encrypted SQS queue the rule sends stopped executions to, and cancelExecutionRuns reads (null when none is watched)."
  value       = try(aws_sqs_queue.execution_cleanup[0].arn, null)
}

output "execution_cleanup_queue_url" {
  description = "URL of that queue: send {\"executionArn\": ...} to it to have an execution cleaned up within the budget."
  value       = try(aws_sqs_queue.execution_cleanup[0].url, null)
}

output "execution_cleanup_failure_queue_arn" {
  description = "ARN of the cleanup queue's dead-letter queue: stopped executions whose cleanup failed execution_cleanup_max_receive_count times, or that EventBridge could not deliver (null when none is watched). Alarm on it, then redrive to the cleanup queue."
  value       = try(aws_sqs_queue.execution_cleanup_failures[0].arn, null)
}

output "execution_cleanup_failure_queue_url" {
  description = "URL of that dead-letter queue."
  value       = try(aws_sqs_queue.execution_cleanup_failures[0].url, null)
}

output "extend_budget" {
  description = "How extend_requests_per_second is divided: the cleanup's and the other functions' shares, their most instances and each instance's EXTEND_MAX_REQUESTS_PER_SECOND, the API's per-route throttling, and the most requests/s everything together may send."
  value       = module.operations.extend_budget
}
