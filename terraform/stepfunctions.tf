resource "aws_sfn_state_machine" "this" {
  count = local.create_state_machine ? 1 : 0

  name       = local.state_machine_name
  role_arn   = aws_iam_role.state_machine[0].arn
  definition = module.operations.state_machine_definition
  type       = var.state_machine_type

  dynamic "logging_configuration" {
    for_each = var.state_machine_logging_level != "OFF" ? [1] : []

    content {
      log_destination        = "${aws_cloudwatch_log_group.state_machine[0].arn}:*"
      include_execution_data = var.state_machine_log_include_execution_data
      level                  = var.state_machine_logging_level
    }
  }

  tracing_configuration {
    enabled = var.state_machine_tracing_enabled
  }

  tags = var.tags

  # Step Functions checks at creation that its role may invoke the functions and deliver logs.
  depends_on = [aws_iam_role_policy.state_machine]
}
