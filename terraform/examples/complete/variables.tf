variable "region" {
  description = "AWS region to deploy to."
  type        = string
  default     = "eu-west-1"
}

variable "package_path" {
  description = "The function.zip of `./mvnw package` (JVM) or `./mvnw package -Dnative` (native)."
  type        = string
  default     = "../../../target/function.zip"
}

variable "flavour" {
  description = "\"native\" or \"jvm\": how package_path was built."
  type        = string
  default     = "native"
}

variable "extend_api_key_secret_id" {
  description = "Name or ARN of the Secrets Manager secret holding the Extend API key (a plain string)."
  type        = string
  default     = "extend-cancel/extend-api-key"
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
