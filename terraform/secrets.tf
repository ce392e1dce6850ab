# The value read here is written to the Terraform state (as every environment variable is): keep the state
# encrypted and access to it as narrow as access to the secret.
data "aws_secretsmanager_secret_version" "extend_api_key" {
  count = var.create && var.extend_api_key_secret_id != null ? 1 : 0

  secret_id     = var.extend_api_key_secret_id
  version_stage = var.extend_api_key_secret_version_stage
}

locals {
  extend_api_key_secret_string = try(data.aws_secretsmanager_secret_version.extend_api_key[0].secret_string, null)

  extend_api_key = (
    var.extend_api_key_secret_id == null ? var.extend_api_key :
    var.extend_api_key_secret_json_key == null ? local.extend_api_key_secret_string :
    try(jsondecode(local.extend_api_key_secret_string)[var.extend_api_key_secret_json_key], null)
  )
}
