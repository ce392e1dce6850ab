variable "name" {
  description = "Name of your state machine (1 to 80 characters of letters, digits, '-' and '_')."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,80}$", var.name))
    error_message = "name must be 1 to 80 characters of letters, digits, '-' and '_'."
  }
}

variable "region" {
  description = "Region the state machine is created in."
  type        = string
}

variable "account_id" {
  description = "AWS account the state machine is created in (data.aws_caller_identity.current.account_id)."
  type        = string
}

variable "partition" {
  description = "AWS partition (data.aws_partition.current.partition)."
  type        = string
  default     = "aws"
}

variable "definition_file" {
  description = "Your ASL template, rendered with templatefile(): it invokes extend-cancel's functions as $${function_arns.<function>} and may reference template_variables."
  type        = string
}

variable "template_variables" {
  description = "Further values the template references as $${name} (e.g. extend_connection_arn, callback_queue_url)."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "function_arns" {
  description = "What the template's $${function_arns.<function>} become: the extend-cancel module's lambda_alias_arns."
  type        = map(string)
}

variable "function_timeout" {
  description = "The extend-cancel functions' timeout (the module's timeout input): every Lambda task must outlast it by Lambda's 10 s init phase."
  type        = number
  default     = 28
}
