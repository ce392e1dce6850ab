variable "region" {
  description = "AWS region to deploy to."
  type        = string
  default     = "eu-west-1"
}

variable "package_path" {
  description = "The package for the flavour: target/function-native.zip of `./mvnw package -Dnative`, or target/function-jvm.zip of `./mvnw package` (with flavour = \"jvm\")."
  type        = string
  default     = "../../../target/function-native.zip"
}

variable "flavour" {
  description = "\"native\" or \"jvm\": how package_path was built (the module refuses a package whose name says otherwise)."
  type        = string
  default     = "native"
}

variable "extend_api_key_secret_id" {
  description = "Name or ARN of the Secrets Manager secret holding the Extend API key."
  type        = string
  default     = "extend-cancel/extend-api-key"
}

variable "extend_api_key_secret_json_key" {
  description = "The field holding the key when the secret is a JSON object; null when it is a plain string."
  type        = string
  default     = null
}

variable "extend_api_key_secret_kms_key_arn" {
  description = "The secret's customer managed KMS key, if it has one."
  type        = string
  default     = null
}

variable "parameters_secrets_extension_layer_arn" {
  description = "ARN of the AWS Parameters and Secrets Lambda Extension layer version for your region and architecture, from AWS's published list (\"Parameters and Secrets Lambda Extension ARNs\")."
  type        = string
}

variable "alarm_emails" {
  description = "Addresses the alarm topic mails (each must confirm its subscription)."
  type        = list(string)
  default     = []
}

variable "extend_workspace_id" {
  description = "Workspace used when a request names none."
  type        = string
  default     = null
}

variable "extend_allowed_workspace_ids" {
  description = "Workspaces requests may name; empty allows any."
  type        = list(string)
  default     = []
}

variable "api_caller_role_names" {
  description = "IAM roles (by name) allowed to call the API with SigV4."
  type        = list(string)
  default     = []
}

variable "watched_state_machine_arns" {
  description = "Your pipelines (Standard state machines): when one of their executions is aborted, times out or fails, every Extend run it started is cancelled. Empty turns that off."
  type        = list(string)
  default     = []
}

variable "execution_cleanup_owned_only" {
  description = "true: the cleanup cancels only runs whose metadata.stepFunctionsExecutionArn names the stopped execution (set it once every watched pipeline tags its runs)."
  type        = bool
  default     = false
}
