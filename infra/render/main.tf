# Renders every infra/statemachines/*.asl.json exactly as the module does (templatefile through
# terraform/modules/operations), and the example pipeline as terraform/examples/pipeline does (through
# terraform/modules/pipeline), with made-up ARNs, so that infra/check.sh can hand the result to asl-validator.
# Provider-free: `terraform plan` runs offline.

terraform {
  required_version = ">= 1.5.0"
}

locals {
  definitions_dir = "${path.module}/../statemachines"
  definitions     = fileset(local.definitions_dir, "*.asl.json")
}

module "catalogue" {
  source = "../../terraform/modules/operations"
}

module "definition" {
  source   = "../../terraform/modules/operations"
  for_each = local.definitions

  state_machine_definition_file = "${local.definitions_dir}/${each.key}"
  # what the reference pipeline (extend-pipeline.asl.json) needs besides the functions
  template_variables = {
    extend_connection_arn = "arn:aws:events:eu-west-1:123456789012:connection/extend-api/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
    callback_queue_url    = "https://sqs.eu-west-1.amazonaws.com/123456789012/extend-run-callbacks"
  }
  function_arns = {
    for fn, op in module.catalogue.operations :
    fn => "arn:aws:lambda:eu-west-1:123456789012:function:extend-cancel-${op.slug}:live"
  }
}

module "example_pipeline" {
  source = "../../terraform/modules/pipeline"

  name            = "extend-pipeline-pipeline"
  region          = "eu-west-1"
  account_id      = "123456789012"
  definition_file = "${path.module}/../../terraform/examples/pipeline/pipeline.asl.json"
  template_variables = {
    extend_connection_arn = "arn:aws:events:eu-west-1:123456789012:connection/extend-pipeline-extend-api/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
    callback_queue_url    = "https://sqs.eu-west-1.amazonaws.com/123456789012/extend-pipeline-run-callbacks"
  }
  function_arns = {
    for fn, op in module.catalogue.operations :
    fn => "arn:aws:lambda:eu-west-1:123456789012:function:extend-pipeline-${op.slug}:live"
  }
}

output "definitions" {
  description = "Rendered definition by file name (the example pipeline's as examples-pipeline.asl.json)."
  value = merge(
    { for file, m in module.definition : file => m.state_machine_definition },
    { "examples-pipeline.asl.json" = module.example_pipeline.definition },
  )
}
