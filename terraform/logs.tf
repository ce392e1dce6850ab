# Created here, before the functions, so that retention and encryption apply from the first line and Lambda
# never creates an unmanaged group of its own (which the role could not do anyway: it has no CreateLogGroup).
resource "aws_cloudwatch_log_group" "lambda" {
  for_each = local.function_names

  name              = "/aws/lambda/${each.value}"
  retention_in_days = var.cloudwatch_logs_retention_in_days
  kms_key_id        = var.cloudwatch_logs_kms_key_id

  tags = merge(var.tags, { Function = each.key })
}

resource "aws_cloudwatch_log_group" "api" {
  count = local.create_api ? 1 : 0

  name              = "/aws/apigateway/${var.name}"
  retention_in_days = var.cloudwatch_logs_retention_in_days
  kms_key_id        = var.cloudwatch_logs_kms_key_id

  tags = var.tags
}

# The /aws/vendedlogs/ prefix keeps Step Functions' log delivery from growing the account's CloudWatch Logs
# resource policy, which is capped in size.
resource "aws_cloudwatch_log_group" "state_machine" {
  for_each = var.state_machine_logging_level != "OFF" ? local.state_machine_names : {}

  name              = "/aws/vendedlogs/states/${each.value}"
  retention_in_days = var.cloudwatch_logs_retention_in_days
  kms_key_id        = var.cloudwatch_logs_kms_key_id

  tags = merge(var.tags, { StateMachine = each.key })
}
