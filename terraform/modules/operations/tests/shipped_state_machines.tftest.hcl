# The state machines the module deploys from its own definitions (infra/statemachines), wherever it is called from:
# every definition that needs nothing but the functions' ARNs, by file name. The reference pipeline needs the user's
# connection and queue, so it is not one of them.

run "ships_the_cancellers_not_the_pipeline" {
  command = plan

  assert {
    condition     = contains(keys(output.state_machine_files), "cancel-workflow-run") && contains(keys(output.state_machine_files), "cancel-workflow-batch")
    error_message = "The run and batch cancellers are shipped: ${jsonencode(keys(output.state_machine_files))}."
  }

  assert {
    condition     = !contains(keys(output.state_machine_files), "extend-pipeline")
    error_message = "The reference pipeline needs template variables of the user's: the module cannot deploy it on its own."
  }

  assert {
    condition     = alltrue([for name, path in output.state_machine_files : fileexists(path) && endswith(path, "/infra/statemachines/${name}.asl.json")])
    error_message = "Each shipped name maps to its definition file, relative to the module."
  }
}

run "naming_a_shipped_machine" {
  command = plan

  variables {
    state_machines = ["cancel-workflow-batch", "cancel-workflow-run"]
  }

  assert {
    condition     = length(output.state_machine_files) >= 2
    error_message = "Shipped machines are accepted."
  }
}

run "naming_an_unknown_machine_is_refused" {
  command = plan

  variables {
    state_machines = ["cancel-workflow-run", "cancel-everything"]
  }

  expect_failures = [output.state_machine_files]
}

run "the_pipeline_is_not_deployable_by_name" {
  command = plan

  variables {
    state_machines = ["extend-pipeline"]
  }

  expect_failures = [output.state_machine_files]
}

# The root module renders each named machine through this module with the deployed aliases: the batch machine
# invokes cancelWorkflowBatch only, and outlasts the function.
run "renders_the_batch_machine" {
  command = plan

  variables {
    state_machine_definition_file = "../../../infra/statemachines/cancel-workflow-batch.asl.json"
    function_arns = {
      cancelWorkflowBatch = "arn:aws:lambda:eu-west-1:123456789012:function:extend-cancel-cancel-workflow-batch:live"
    }
  }

  assert {
    condition     = output.state_machine_functions == tolist(["cancelWorkflowBatch"])
    error_message = "The batch machine invokes cancelWorkflowBatch only, so its role may invoke nothing else."
  }

  assert {
    condition     = strcontains(output.state_machine_definition, "arn:aws:lambda:eu-west-1:123456789012:function:extend-cancel-cancel-workflow-batch:live")
    error_message = "The batch machine invokes the alias it is given."
  }
}
