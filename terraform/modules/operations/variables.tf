variable "functions" {
  description = "Functions (QUARKUS_FUNQY_EXPORT values) to deploy. null means all of them."
  type        = list(string)
  default     = null

  validation {
    condition     = var.functions == null || length(coalesce(var.functions, [])) > 0
    error_message = "functions must name at least one function, or be null for all of them."
  }
}

variable "flavour" {
  description = "How function.zip was built: \"native\" (GraalVM binary named bootstrap, runtime provided.al2023) or \"jvm\" (runtime java21, SnapStart)."
  type        = string
  default     = "native"

  validation {
    condition     = contains(["native", "jvm"], var.flavour)
    error_message = "flavour must be \"native\" or \"jvm\"."
  }
}

variable "extend_base_url" {
  description = "EXTEND_BASE_URL, e.g. https://api.eu1.extend.ai. null leaves the function's default (https://api.extend.ai)."
  type        = string
  default     = null

  validation {
    condition     = var.extend_base_url == null || can(regex("^https://[^\\s/?#]+(/[^\\s?#]*)?$", coalesce(var.extend_base_url, "-")))
    error_message = "extend_base_url must be an https:// URL without query or fragment."
  }
}

variable "extend_api_version" {
  description = "EXTEND_API_VERSION, sent as x-extend-api-version. null leaves the function's default (2026-02-09)."
  type        = string
  default     = null

  validation {
    condition     = var.extend_api_version == null || can(regex("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", coalesce(var.extend_api_version, "-")))
    error_message = "extend_api_version must be a date, YYYY-MM-DD."
  }
}

variable "extend_workspace_id" {
  description = "EXTEND_WORKSPACE_ID: the workspace used when a request names none. null sets nothing."
  type        = string
  default     = null

  validation {
    condition     = var.extend_workspace_id == null || can(regex("^[A-Za-z0-9_-]+$", coalesce(var.extend_workspace_id, "-")))
    error_message = "extend_workspace_id must be made of letters, digits, '_' and '-'."
  }
}

variable "extend_allowed_workspace_ids" {
  description = "EXTEND_ALLOWED_WORKSPACE_IDS: requests naming any other workspace get WorkspaceNotAllowed. Empty allows any."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    # A comma inside an id would silently split it into two ids in the comma-joined variable.
    condition     = alltrue([for id in var.extend_allowed_workspace_ids : can(regex("^[A-Za-z0-9_-]+$", id))])
    error_message = "Every allowed workspace id must be made of letters, digits, '_' and '-'."
  }
}

variable "extend_max_attempts" {
  description = "EXTEND_MAX_ATTEMPTS: attempts per call to Extend, the first included. null leaves the function's default (3)."
  type        = number
  default     = null

  validation {
    condition     = var.extend_max_attempts == null || (floor(coalesce(var.extend_max_attempts, 1)) == coalesce(var.extend_max_attempts, 1) && coalesce(var.extend_max_attempts, 1) >= 1 && coalesce(var.extend_max_attempts, 1) <= 10)
    error_message = "extend_max_attempts must be a whole number from 1 to 10."
  }
}

variable "extend_max_requests_per_second" {
  description = "EXTEND_MAX_REQUESTS_PER_SECOND of every function but cancelExecutionRuns (a fraction is allowed, e.g. 0.5). null derives it from extend_requests_per_second (see output extend_budget); a value that would make the module exceed that budget is refused."
  type        = number
  default     = null

  validation {
    condition     = var.extend_max_requests_per_second == null || (coalesce(var.extend_max_requests_per_second, 1) >= 0.01 && coalesce(var.extend_max_requests_per_second, 1) <= 1000)
    error_message = "extend_max_requests_per_second must be a number from 0.01 to 1000."
  }
}

variable "extend_requests_per_second" {
  description = "The budget: the most requests per second that everything the module deploys sends to Extend together (Extend's limit is per organisation, 5/s on its smallest plan, 10/s on pay-as-you-go, and shared with your own traffic). The module divides it among the functions by bounding their instances and setting each one's EXTEND_MAX_REQUESTS_PER_SECOND."
  type        = number
  default     = 5

  validation {
    condition     = var.extend_requests_per_second >= 0.02 && var.extend_requests_per_second <= 10000
    error_message = "extend_requests_per_second must be a number from 0.02 to 10000."
  }
}

variable "execution_cleanup_maximum_concurrency" {
  description = "The most cancelExecutionRuns instances the SQS event source mapping runs at once (scaling_config.maximum_concurrency; AWS takes 2 to 1000)."
  type        = number
  default     = 2

  validation {
    condition     = floor(var.execution_cleanup_maximum_concurrency) == var.execution_cleanup_maximum_concurrency && var.execution_cleanup_maximum_concurrency >= 2 && var.execution_cleanup_maximum_concurrency <= 1000
    error_message = "execution_cleanup_maximum_concurrency must be a whole number from 2 to 1000 (AWS's range for maximum_concurrency)."
  }
}

variable "execution_cleanup_requests_per_second" {
  description = "The cleanup's share of extend_requests_per_second, all its instances together. null: half the budget when other functions are deployed, the whole budget when cancelExecutionRuns is the only one."
  type        = number
  default     = null

  validation {
    condition     = var.execution_cleanup_requests_per_second == null || coalesce(var.execution_cleanup_requests_per_second, 1) > 0
    error_message = "execution_cleanup_requests_per_second must be above 0."
  }
}

variable "reserved_concurrent_executions" {
  description = "Reserved concurrency of each function but cancelExecutionRuns; -1 (or 0 never: it would stop the function) leaves them unreserved. When set, the callers' share is divided among that many instances of each function."
  type        = number
  default     = -1

  validation {
    condition     = var.reserved_concurrent_executions == -1 || (floor(var.reserved_concurrent_executions) == var.reserved_concurrent_executions && var.reserved_concurrent_executions >= 1)
    error_message = "reserved_concurrent_executions must be -1 (unreserved) or a whole number of at least 1: 0 would throttle every invocation (and send asynchronous events straight to their failure destination)."
  }
}

variable "create_api" {
  description = "Whether the HTTP API is deployed: its stage throttling is then part of the budget arithmetic."
  type        = bool
  default     = true
}

variable "api_throttling_rate_limit" {
  description = "Requests per second the API's stage admits on each route. null derives it from the callers' share."
  type        = number
  default     = null

  validation {
    condition     = var.api_throttling_rate_limit == null || coalesce(var.api_throttling_rate_limit, 0) >= 0
    error_message = "api_throttling_rate_limit must not be negative."
  }
}

variable "api_throttling_burst_limit" {
  description = "Burst (requests) the API's stage admits on each route. null derives it: the reserved concurrency when set, else 1."
  type        = number
  default     = null

  validation {
    condition     = var.api_throttling_burst_limit == null || (coalesce(var.api_throttling_burst_limit, 0) >= 0 && floor(coalesce(var.api_throttling_burst_limit, 0)) == coalesce(var.api_throttling_burst_limit, 0))
    error_message = "api_throttling_burst_limit must be a whole number, not negative."
  }
}

variable "extend_timeout" {
  description = "EXTEND_TIMEOUT: timeout of one attempt, as SmallRye reads a Duration (\"10s\", \"500ms\", \"PT10S\"). null leaves the function's default (10s)."
  type        = string
  default     = null

  validation {
    condition     = var.extend_timeout == null || can(regex("^([0-9]+(ms|s|m)?|PT[0-9.]+[SMH])$", coalesce(var.extend_timeout, "-")))
    error_message = "extend_timeout must look like 10s, 500ms, 1m or PT10S."
  }
}

variable "java_tool_options" {
  description = "JAVA_TOOL_OPTIONS for the jvm flavour (ignored for native). Empty sets nothing."
  type        = string
  default     = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:MetaspaceSize=64m"
  nullable    = false
}

variable "environment_variables" {
  description = "Extra environment variables for every function. They cannot override the ones this module sets."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for name in keys(var.environment_variables) : can(regex("^[A-Za-z][A-Za-z0-9_]*$", name))])
    error_message = "Environment variable names must start with a letter and hold only letters, digits and '_'."
  }

  validation {
    # Lambda rejects these at deploy time; refusing them here fails the plan instead of a half-applied change.
    condition = length(setintersection(keys(var.environment_variables), [
      "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
      "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
      "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
      "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
      "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
    ])) == 0
    error_message = "environment_variables may not set a variable Lambda reserves (AWS_REGION, _HANDLER, ...)."
  }

  validation {
    # The key given here would sit in plain sight in every plan; it has its own sensitive inputs.
    condition     = length(setintersection(keys(var.environment_variables), ["EXTEND_API_KEY", "EXTEND_API_KEY_SECRET_ID", "EXTEND_API_KEY_SECRET_FIELD"])) == 0
    error_message = "Pass the Extend key as extend_api_key or extend_api_key_secret_id (with extend_api_key_secret_json_key), not in environment_variables."
  }
}

variable "state_machine_definition_file" {
  description = "Path of an ASL template to render with templatefile(). It may reference $${function_arns.<function>} only. null renders nothing."
  type        = string
  default     = null
}

variable "function_arns" {
  description = "ARN that a state machine invokes, by function (alias ARN, or function ARN). Only used to render the state machine definition."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "template_variables" {
  description = "Further values the state machine template may reference as $${name}, besides function_arns (e.g. an EventBridge connection ARN for an HTTP task)."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = !contains(keys(var.template_variables), "function_arns")
    error_message = "template_variables cannot redefine function_arns."
  }
}

variable "function_timeout" {
  description = "Timeout (seconds) of the functions a state machine invokes: every TimeoutSeconds in its template must exceed it by Lambda's 10 s init phase."
  type        = number
  default     = 28
}

variable "execution_cleanup_state_machine_arns" {
  description = "State machines whose stopped executions get their Extend runs cancelled by cancelExecutionRuns. Empty turns the feature off."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for arn in var.execution_cleanup_state_machine_arns : can(regex("^arn:aws[a-z-]*:states:[a-z0-9-]+:[0-9]{12}:stateMachine:[A-Za-z0-9_-]{1,80}$", arn))])
    error_message = "Every execution_cleanup_state_machine_arns entry must be a state machine ARN, arn:aws:states:<region>:<account>:stateMachine:<name>."
  }
}

variable "execution_cleanup_statuses" {
  description = "Execution statuses that trigger the cleanup."
  type        = list(string)
  default     = ["ABORTED", "TIMED_OUT", "FAILED"]
  nullable    = false

  validation {
    condition     = length(var.execution_cleanup_statuses) > 0 && length(setsubtract(var.execution_cleanup_statuses, ["ABORTED", "TIMED_OUT", "FAILED"])) == 0
    error_message = "execution_cleanup_statuses must be one or more of ABORTED, TIMED_OUT and FAILED (the statuses of an execution that stopped without finishing)."
  }
}

variable "execution_cleanup_owned_only" {
  description = "EXTEND_CLEANUP_OWNED_ONLY on cancelExecutionRuns only: true cancels only the runs whose metadata.stepFunctionsExecutionArn names the stopped execution (untagged runs are reported as skipped, notOwned). false (the default) sets nothing: untagged runs the execution started are cancelled too."
  type        = bool
  default     = false
  nullable    = false
}

variable "package_path" {
  description = "Path of the package to deploy. Its file name must say the flavour it was built for, as the Maven build names it: function-native.zip (./mvnw package -Dnative) or function-jvm.zip (./mvnw package); any name ending in -native.zip or -jvm.zip works. null checks nothing."
  type        = string
  default     = null
}

variable "state_machines" {
  description = "Shipped state machines to deploy, by the name of their definition in infra/statemachines without .asl.json (e.g. cancel-workflow-run). Only checked against what is shipped here (output state_machine_files)."
  type        = list(string)
  default     = []
  nullable    = false
}
