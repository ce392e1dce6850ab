variable "region" {
  description = "AWS region to deploy to."
  type        = string
  default     = "eu-west-1"
}

variable "name" {
  description = "Prefix of every resource name: the functions are <name>-cancel-workflow-run, ..., the pipeline <name>-pipeline."
  type        = string
  default     = "extend-pipeline"
}

variable "package_path" {
  description = "The extend-cancel package for the flavour: target/function-native.zip of `./mvnw package -Dnative`, or target/function-jvm.zip of `./mvnw package` (with flavour = \"jvm\")."
  type        = string
  default     = "../../../target/function-native.zip"
}

variable "flavour" {
  description = "\"native\" or \"jvm\": how package_path was built."
  type        = string
  default     = "native"
}

variable "extend_api_key_secret_id" {
  description = "Name or ARN of the Secrets Manager secret holding the Extend API key, for extend-cancel's functions."
  type        = string
  default     = "extend-cancel/extend-api-key"
}

variable "parameters_secrets_extension_layer_arn" {
  description = "ARN of the AWS Parameters and Secrets Lambda Extension layer version for your region and architecture, from AWS's published list (\"Parameters and Secrets Lambda Extension ARNs\")."
  type        = string
}

variable "extend_api_key" {
  description = "The Extend API key for the pipeline's own HTTP task (Create Workflow Run), kept by the EventBridge connection in a secret of its own. It passes through this configuration's state: keep the state encrypted, or create the connection outside Terraform."
  type        = string
  sensitive   = true
}
