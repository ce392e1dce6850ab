output "pipeline_arn" {
  description = "Start it with {\"workflowId\": \"...\", \"fileUrl\": \"https://...\"}."
  value       = aws_sfn_state_machine.pipeline.arn
}

output "watched_state_machine_arns" {
  description = "What extend-cancel's stopped-execution clean-up watches: the pipeline."
  value       = [module.pipeline.arn]
}

output "cancel_workflow_run_alias_arn" {
  description = "The alias the pipeline invokes to cancel a run."
  value       = module.extend_cancel.lambda_alias_arns["cancelWorkflowRun"]
}

output "execution_cleanup_failure_queue_arn" {
  description = "Stopped executions whose runs could not be cancelled after every retry land here: alarm on it."
  value       = module.extend_cancel.execution_cleanup_failure_queue_arn
}

output "callback_queue_url" {
  description = "Where the pipeline queues {runId, taskToken} for your webhook receiver."
  value       = aws_sqs_queue.callbacks.url
}
