# Every shipped state machine turned on (state_machines), each with its own role and log group.
resource "aws_sfn_state_machine" "this" {
  for_each = local.state_machine_names

  name       = each.value
  role_arn   = aws_iam_role.state_machine[each.key].arn
  definition = module.state_machine[each.key].state_machine_definition
  type       = var.state_machine_type

  dynamic "logging_configuration" {
    for_each = var.state_machine_logging_level != "OFF" ? [1] : []

    content {
      log_destination        = "${aws_cloudwatch_log_group.state_machine[each.key].arn}:*"
      include_execution_data = var.state_machine_log_include_execution_data
      level                  = var.state_machine_logging_level
    }
  }

  tracing_configuration {
    enabled = var.state_machine_tracing_enabled
  }

  tags = merge(var.tags, { StateMachine = each.key })

  # Step Functions checks at creation that its role may invoke the functions and deliver logs.
  depends_on = [aws_iam_role_policy.state_machine]
}

# Until 0.2.0 the module made at most one state machine (create_state_machine, by default cancel-workflow-run):
# it keeps its name, role and log group under its new key.
moved {
  from = aws_sfn_state_machine.this[0]
  to   = aws_sfn_state_machine.this["cancel-workflow-run"]
}

moved {
  from = aws_iam_role.state_machine[0]
  to   = aws_iam_role.state_machine["cancel-workflow-run"]
}

moved {
  from = aws_iam_role_policy.state_machine[0]
  to   = aws_iam_role_policy.state_machine["cancel-workflow-run"]
}

moved {
  from = aws_cloudwatch_log_group.state_machine[0]
  to   = aws_cloudwatch_log_group.state_machine["cancel-workflow-run"]
}
