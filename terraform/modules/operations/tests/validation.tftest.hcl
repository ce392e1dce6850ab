# Inputs that would deploy a function that fails at start-up, or misreads its settings, are refused at plan time.

run "unknown_flavour" {
  command = plan

  variables {
    flavour = "graalvm"
  }

  expect_failures = [var.flavour]
}

run "plain_http_base_url" {
  command = plan

  variables {
    extend_base_url = "http://api.extend.ai"
  }

  expect_failures = [var.extend_base_url]
}

run "api_version_not_a_date" {
  command = plan

  variables {
    extend_api_version = "latest"
  }

  expect_failures = [var.extend_api_version]
}

run "comma_inside_allowed_workspace" {
  command = plan

  variables {
    extend_allowed_workspace_ids = ["ws_a,ws_b"]
  }

  expect_failures = [var.extend_allowed_workspace_ids]
}

run "workspace_id_with_spaces" {
  command = plan

  variables {
    extend_workspace_id = "ws main"
  }

  expect_failures = [var.extend_workspace_id]
}

run "zero_attempts" {
  command = plan

  variables {
    extend_max_attempts = 0
  }

  expect_failures = [var.extend_max_attempts]
}

run "fractional_attempts" {
  command = plan

  variables {
    extend_max_attempts = 2.5
  }

  expect_failures = [var.extend_max_attempts]
}

run "timeout_not_a_duration" {
  command = plan

  variables {
    extend_timeout = "ten seconds"
  }

  expect_failures = [var.extend_timeout]
}

run "timeout_forms_smallrye_reads" {
  command = plan

  variables {
    extend_timeout = "PT10S"
  }

  assert {
    condition     = output.environment_variables.cancelWorkflowRun.EXTEND_TIMEOUT == "PT10S"
    error_message = "ISO-8601 durations are accepted as they are."
  }
}

run "reserved_environment_name" {
  command = plan

  variables {
    environment_variables = { AWS_REGION = "eu-west-1" }
  }

  expect_failures = [var.environment_variables]
}

run "api_key_among_extras" {
  command = plan

  variables {
    environment_variables = { EXTEND_API_KEY = "sk_live_x" }
  }

  expect_failures = [var.environment_variables]
}

run "api_key_secret_among_extras" {
  command = plan

  variables {
    environment_variables = { EXTEND_API_KEY_SECRET_ID = "prod/extend" }
  }

  expect_failures = [var.environment_variables]
}

run "malformed_environment_name" {
  command = plan

  variables {
    environment_variables = { "MY-VAR" = "x" }
  }

  expect_failures = [var.environment_variables]
}

run "execution_cleanup_needs_state_machine_arns" {
  command = plan

  variables {
    execution_cleanup_state_machine_arns = ["arn:aws:states:eu-west-1:123456789012:execution:pipeline:run-1"]
  }

  expect_failures = [var.execution_cleanup_state_machine_arns]
}

run "execution_cleanup_only_on_stopped_statuses" {
  command = plan

  variables {
    execution_cleanup_statuses = ["SUCCEEDED"]
  }

  expect_failures = [var.execution_cleanup_statuses]
}
