output "api_url" {
  description = "Base URL of the API, e.g. POST <api_url>workflow-runs/<id>/cancel (SigV4-signed)."
  value       = module.extend_cancel.api_url
}

output "lambda_function_arns" {
  description = "Function ARN by function."
  value       = module.extend_cancel.lambda_function_arns
}

output "lambda_alias_arns" {
  description = "Alias ARN by function: what to invoke from your own state machines."
  value       = module.extend_cancel.lambda_alias_arns
}

output "state_machine_arns" {
  description = "Start cancel-workflow-run with {\"runId\": \"<workflow run id>\"}, cancel-workflow-batch with {\"batchId\": \"<batch id>\"}."
  value       = module.extend_cancel.state_machine_arns
}

output "api_callers_policy_arn" {
  description = "Policy that lets a principal call every route of the API."
  value       = aws_iam_policy.api_callers.arn
}

output "execution_cleanup_failure_queue_arn" {
  description = "Stopped executions whose cleanup failed after every retry land here: alarm on it (null when no pipeline is watched)."
  value       = module.extend_cancel.execution_cleanup_failure_queue_arn
}

output "lambda_log_group_arns" {
  description = "Log group ARN by function."
  value       = module.extend_cancel.lambda_log_group_arns
}

output "alarm_topic_arn" {
  description = "SNS topic the alarms notify."
  value       = aws_sns_topic.alarms.arn
}
