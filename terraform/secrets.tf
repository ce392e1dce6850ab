# The key is never read here: in secret mode the functions get only the secret's id, and read the value at run time
# through the AWS Parameters and Secrets Lambda Extension (a layer). Nothing of the key is in the state or in the
# Lambda console. IAM needs the secret's ARN: given a name, it is granted as <name>-?????? (Secrets Manager appends
# six random characters) in this account, in any region of this partition.
data "aws_partition" "current" {
  count = local.secret_mode && !local.secret_is_arn ? 1 : 0
}

data "aws_caller_identity" "secret" {
  count = local.secret_mode && !local.secret_is_arn ? 1 : 0
}

locals {
  secret_mode   = var.create && var.extend_api_key_secret_id != null
  secret_is_arn = startswith(coalesce(var.extend_api_key_secret_id, "-"), "arn:")

  extend_api_key_secret_arn = (
    !local.secret_mode ? null :
    local.secret_is_arn ? var.extend_api_key_secret_id :
    "arn:${data.aws_partition.current[0].partition}:secretsmanager:*:${data.aws_caller_identity.secret[0].account_id}:secret:${var.extend_api_key_secret_id}-??????"
  )

  # What the functions are told about the key: the key itself, or where to read it.
  key_environment = var.extend_api_key_secret_id == null ? { EXTEND_API_KEY = var.extend_api_key } : merge(
    { EXTEND_API_KEY_SECRET_ID = var.extend_api_key_secret_id },
    var.extend_api_key_secret_json_key == null ? {} : { EXTEND_API_KEY_SECRET_FIELD = var.extend_api_key_secret_json_key },
    var.parameters_secrets_extension_cache_ttl == null ? {} : { SECRETS_MANAGER_TTL = tostring(var.parameters_secrets_extension_cache_ttl) },
  )

  observability_environment = {
    POWERTOOLS_SERVICE_NAME      = var.powertools_service_name
    POWERTOOLS_METRICS_NAMESPACE = var.powertools_metrics_namespace
  }
}
