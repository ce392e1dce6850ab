################################################################################
# General
################################################################################

variable "create" {
  description = "Whether to create any resource at all."
  type        = bool
  default     = true
}

variable "name" {
  description = "Prefix of every resource name; each Lambda is named <name>-<operation slug>, e.g. extend-cancel-cancel-workflow-run."
  type        = string
  default     = "extend-cancel"

  validation {
    # 40 leaves room for the longest slug within Lambda's 64-character limit on function names.
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$", var.name))
    error_message = "name must be 1 to 40 characters of letters, digits, '-' and '_', starting with a letter or digit."
  }
}

variable "tags" {
  description = "Tags added to every resource that takes tags."
  type        = map(string)
  default     = {}
  nullable    = false
}

################################################################################
# Lambda functions
################################################################################

variable "package_path" {
  description = "Path of the package the Maven build produced for the flavour: target/function-native.zip (./mvnw package -Dnative) or target/function-jvm.zip (./mvnw package). The module refuses a name that says another flavour, or none (target/function.zip). One package serves every function."
  type        = string

  validation {
    condition     = endswith(var.package_path, ".zip")
    error_message = "package_path must name a .zip file (the build's target/function-native.zip or target/function-jvm.zip)."
  }
}

variable "flavour" {
  description = "How the package was built: \"native\" (function-native.zip, a GraalVM bootstrap on provided.al2023) or \"jvm\" (function-jvm.zip, java21 with SnapStart)."
  type        = string
  default     = "native"

  validation {
    condition     = contains(["native", "jvm"], var.flavour)
    error_message = "flavour must be \"native\" or \"jvm\"."
  }
}

variable "functions" {
  description = "Operations to deploy, by function name (QUARKUS_FUNQY_EXPORT), e.g. [\"cancelWorkflowRun\"]. null deploys every function with an HTTP route (cancelExecutionRuns joins when execution_cleanup_state_machine_arns is set)."
  type        = list(string)
  default     = null
}

variable "architecture" {
  description = "Instruction set of the functions. A native package only runs on the architecture it was compiled for."
  type        = string
  default     = "x86_64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.architecture)
    error_message = "architecture must be \"x86_64\" or \"arm64\"."
  }
}

variable "memory_size" {
  description = "Memory of each function in MB. null picks the flavour's default: 128 for native, 512 for jvm."
  type        = number
  default     = null

  validation {
    condition     = var.memory_size == null || (coalesce(var.memory_size, 128) >= 128 && coalesce(var.memory_size, 128) <= 10240)
    error_message = "memory_size must be between 128 and 10240 MB."
  }
}

variable "timeout" {
  description = "Function timeout in seconds. The functions stop retrying Extend in time to answer before it; keep it under the API's integration timeout (30 s) when the API is used."
  type        = number
  default     = 28

  validation {
    condition     = var.timeout >= 3 && var.timeout <= 900
    error_message = "timeout must be between 3 and 900 seconds."
  }
}

variable "reserved_concurrent_executions" {
  description = "Concurrency reserved for each function but cancelExecutionRuns (whose queue bounds it); -1 leaves them unreserved. Optional: new accounts cannot reserve any. When set, the callers' share of extend_requests_per_second is divided among that many instances of each function, and the API's burst stays at or below it (so a burst gets API Gateway's 429, not Lambda's throttle as a 500). Never 0: that stops the function."
  type        = number
  default     = -1
}

variable "publish" {
  description = "Whether to publish a version on every change (the alias then points at it). Always true for jvm, which SnapStart needs."
  type        = bool
  default     = true
}

variable "alias_name" {
  description = "Name of the alias that the API and state machines invoke."
  type        = string
  default     = "live"

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9_-]{0,127}$", var.alias_name)) && var.alias_name != "$LATEST"
    error_message = "alias_name must start with a letter and hold only letters, digits, '-' and '_'."
  }
}

variable "java_tool_options" {
  description = "JAVA_TOOL_OPTIONS for the jvm flavour; the default stops the JIT at C1, which shortens cold and restored starts, and raises the metaspace size that triggers the first full GC above what the first invocation loads (it crosses the JVM's ~21 MB default). Empty sets nothing."
  type        = string
  default     = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:MetaspaceSize=64m"
  nullable    = false
}

variable "environment_variables" {
  description = "Extra environment variables for every function (e.g. QUARKUS_LOG_LEVEL). They cannot override the ones this module sets."
  type        = map(string)
  default     = {}
  nullable    = false
}

################################################################################
# Extend settings (the contract's environment variables)
################################################################################

variable "extend_api_key" {
  description = "The Extend API key, into EXTEND_API_KEY. Give this or extend_api_key_secret_id. It lands in the Terraform state and in the functions' environment: prefer the secret."
  type        = string
  default     = null
  sensitive   = true

  validation {
    condition     = var.extend_api_key == null || try(length(trimspace(var.extend_api_key)) > 0, false)
    error_message = "extend_api_key must not be empty: the functions refuse to start without a key."
  }
}

variable "extend_api_key_secret_id" {
  description = "ARN or name of the Secrets Manager secret holding the Extend API key, into EXTEND_API_KEY_SECRET_ID. The functions read it at run time through the AWS Parameters and Secrets Lambda Extension (parameters_secrets_extension_layer_arn); Terraform never reads the value, so it is in neither the state nor the Lambda console. An ARN scopes IAM exactly; a name is granted as <name>-?????? in this account."
  type        = string
  default     = null

  validation {
    condition     = var.extend_api_key_secret_id == null || try(length(trimspace(var.extend_api_key_secret_id)) > 0, false)
    error_message = "extend_api_key_secret_id must not be empty."
  }
}

variable "extend_api_key_secret_json_key" {
  description = "When the secret is a JSON object, the field holding the key (e.g. \"apiKey\"), into EXTEND_API_KEY_SECRET_FIELD. null takes the whole secret string."
  type        = string
  default     = null
}

variable "extend_api_key_secret_kms_key_arn" {
  description = "ARN of the customer managed KMS key the secret is encrypted with; the functions may then kms:Decrypt with it (through Secrets Manager only). null when the secret uses aws/secretsmanager."
  type        = string
  default     = null

  validation {
    condition     = var.extend_api_key_secret_kms_key_arn == null || startswith(coalesce(var.extend_api_key_secret_kms_key_arn, "-"), "arn:")
    error_message = "extend_api_key_secret_kms_key_arn must be a KMS key ARN."
  }
}

variable "parameters_secrets_extension_layer_arn" {
  description = "ARN of the AWS Parameters and Secrets Lambda Extension layer for your region and architecture (AWS publishes them, e.g. arn:aws:lambda:eu-west-1:015030872274:layer:AWS-Parameters-and-Secrets-Lambda-Extension:<version>; arm64 has its own). Needed with extend_api_key_secret_id."
  type        = string
  default     = null

  validation {
    condition     = var.parameters_secrets_extension_layer_arn == null || can(regex("^arn:[^:]+:lambda:[^:]+:[0-9]{12}:layer:[^:]+:[0-9]+$", coalesce(var.parameters_secrets_extension_layer_arn, "-")))
    error_message = "parameters_secrets_extension_layer_arn must be a layer version ARN (arn:aws:lambda:<region>:<account>:layer:<name>:<version>)."
  }
}

variable "parameters_secrets_extension_cache_ttl" {
  description = "SECRETS_MANAGER_TTL of the extension in seconds: how long it serves a cached secret. The functions re-read on a 401, but the extension may answer from its cache until then: keep a rotated key valid at Extend at least this long. null keeps the extension's default, 300."
  type        = number
  default     = null

  validation {
    condition     = var.parameters_secrets_extension_cache_ttl == null || (coalesce(var.parameters_secrets_extension_cache_ttl, 0) >= 0 && coalesce(var.parameters_secrets_extension_cache_ttl, 0) <= 300)
    error_message = "parameters_secrets_extension_cache_ttl must be between 0 and 300 seconds."
  }
}

variable "kms_key_arn" {
  description = "ARN of a customer managed KMS key that encrypts the functions' environment variables (the execution role may kms:Decrypt with it). null uses Lambda's own key."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || startswith(coalesce(var.kms_key_arn, "-"), "arn:")
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}

variable "extend_base_url" {
  description = "EXTEND_BASE_URL, e.g. https://api.eu1.extend.ai. null keeps the functions' default, https://api.extend.ai."
  type        = string
  default     = null
}

variable "extend_api_version" {
  description = "EXTEND_API_VERSION. null keeps the functions' default, 2026-02-09."
  type        = string
  default     = null
}

variable "extend_workspace_id" {
  description = "EXTEND_WORKSPACE_ID: the workspace used when a request names none. null sets nothing."
  type        = string
  default     = null
}

variable "extend_allowed_workspace_ids" {
  description = "EXTEND_ALLOWED_WORKSPACE_IDS: a request naming any other workspace gets WorkspaceNotAllowed (403). Empty allows any workspace."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "extend_max_attempts" {
  description = "EXTEND_MAX_ATTEMPTS: attempts per call to Extend, the first included. null keeps the functions' default, 3."
  type        = number
  default     = null
}

variable "extend_requests_per_second" {
  description = "The Extend budget: the most requests per second everything this module deploys sends to Extend together, under any burst, leaving the rest of your organisation's limit (5/s on Extend's smallest plan, 10/s on pay-as-you-go) to your own traffic. The module divides it among the functions (output extend_budget): the cleanup queue's share goes to at most execution_cleanup_maximum_concurrency instances, the rest to the other functions, whose API routes are throttled to match."
  type        = number
  default     = 5
}

variable "extend_max_requests_per_second" {
  description = "EXTEND_MAX_REQUESTS_PER_SECOND of every function but cancelExecutionRuns, per instance (a fraction such as 0.5 is allowed). null derives it from extend_requests_per_second; a value that would make the module exceed that budget is refused at plan time."
  type        = number
  default     = null
}

variable "extend_timeout" {
  description = "EXTEND_TIMEOUT: timeout of one attempt (\"10s\", \"500ms\", \"PT10S\"). null keeps the functions' default, 10s."
  type        = string
  default     = null
}

################################################################################
# CloudWatch Logs
################################################################################

variable "cloudwatch_logs_retention_in_days" {
  description = "Retention of every log group the module creates (functions, API access logs, state machine). 0 keeps logs forever."
  type        = number
  default     = 30

  validation {
    condition     = contains([0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.cloudwatch_logs_retention_in_days)
    error_message = "cloudwatch_logs_retention_in_days must be one of the values CloudWatch Logs accepts (0, 1, 3, 5, 7, 14, 30, 60, 90, ... 3653)."
  }
}

variable "cloudwatch_logs_kms_key_id" {
  description = "ARN of a KMS key to encrypt the log groups with. null uses CloudWatch Logs' own encryption."
  type        = string
  default     = null
}

variable "application_log_level" {
  description = "Lowest level of the functions' own log lines that Lambda keeps (logging_config, JSON format): TRACE, DEBUG, INFO, WARN, ERROR or FATAL. WARN keeps only failed invocations (callers' faults WARN, Extend's ERROR); their metrics too, since the metrics ride on those lines."
  type        = string
  default     = "INFO"

  validation {
    condition     = contains(["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"], var.application_log_level)
    error_message = "application_log_level must be TRACE, DEBUG, INFO, WARN, ERROR or FATAL."
  }
}

variable "system_log_level" {
  description = "Lowest level of Lambda's own platform log lines (START, END, REPORT are INFO): DEBUG, INFO or WARN."
  type        = string
  default     = "INFO"

  validation {
    condition     = contains(["DEBUG", "INFO", "WARN"], var.system_log_level)
    error_message = "system_log_level must be DEBUG, INFO or WARN."
  }
}

################################################################################
# Metrics, tracing, alarms
################################################################################

variable "powertools_service_name" {
  description = "POWERTOOLS_SERVICE_NAME: the service log key and metric dimension."
  type        = string
  default     = "extend-cancel"

  validation {
    condition     = length(trimspace(var.powertools_service_name)) > 0
    error_message = "powertools_service_name must not be empty."
  }
}

variable "powertools_metrics_namespace" {
  description = "POWERTOOLS_METRICS_NAMESPACE: the CloudWatch namespace of the metrics embedded in the log lines."
  type        = string
  default     = "ExtendCancel"

  validation {
    condition     = length(trimspace(var.powertools_metrics_namespace)) > 0 && !startswith(var.powertools_metrics_namespace, "AWS/")
    error_message = "powertools_metrics_namespace must not be empty nor start with AWS/."
  }
}

variable "tracing_enabled" {
  description = "Whether to turn on X-Ray active tracing for the functions (each invocation's log line carries its xray_trace_id either way)."
  type        = bool
  default     = false
}

variable "create_alarms" {
  description = "Whether to create CloudWatch alarms per function: any ExtendRejectedRequest (the key or the Extend account is broken), ExtendUnavailable at or above alarm_extend_unavailable_threshold, any Lambda throttle; and, when pipelines are watched, the cleanup queue's oldest message older than alarm_execution_cleanup_queue_age_seconds and any message in its dead-letter queue."
  type        = bool
  default     = false
}

variable "alarm_sns_topic_arn" {
  description = "SNS topic that alarms notify (on ALARM and back to OK). null creates alarms that notify no one."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_sns_topic_arn == null || startswith(coalesce(var.alarm_sns_topic_arn, "-"), "arn:")
    error_message = "alarm_sns_topic_arn must be an SNS topic ARN."
  }
}

variable "alarm_period_seconds" {
  description = "Period over which each alarm sums its metric, in seconds (a multiple of 60)."
  type        = number
  default     = 300

  validation {
    condition     = var.alarm_period_seconds >= 60 && var.alarm_period_seconds % 60 == 0
    error_message = "alarm_period_seconds must be a multiple of 60, at least 60."
  }
}

variable "alarm_evaluation_periods" {
  description = "How many consecutive periods must breach before an alarm fires."
  type        = number
  default     = 1

  validation {
    condition     = var.alarm_evaluation_periods >= 1
    error_message = "alarm_evaluation_periods must be at least 1."
  }
}

variable "alarm_execution_cleanup_queue_age_seconds" {
  description = "Age (seconds) of the oldest stopped execution waiting in the cleanup queue that fires its alarm: a backlog the budget does not drain in that time (with the defaults a burst of 1,000 runs takes about 400 s)."
  type        = number
  default     = 3600

  validation {
    condition     = var.alarm_execution_cleanup_queue_age_seconds >= 60
    error_message = "alarm_execution_cleanup_queue_age_seconds must be at least 60."
  }
}

variable "alarm_extend_unavailable_threshold" {
  description = "ExtendUnavailable invocations per period (after the functions' own retries) that fire the alarm."
  type        = number
  default     = 5

  validation {
    condition     = var.alarm_extend_unavailable_threshold >= 1
    error_message = "alarm_extend_unavailable_threshold must be at least 1."
  }
}

################################################################################
# IAM
################################################################################

variable "create_role" {
  description = "Whether to create the functions' execution role. false needs lambda_role_arn."
  type        = bool
  default     = true
}

variable "lambda_role_arn" {
  description = "Execution role for the functions when create_role is false."
  type        = string
  default     = null
}

variable "role_path" {
  description = "Path of the IAM roles the module creates."
  type        = string
  default     = null
}

variable "role_permissions_boundary" {
  description = "ARN of the permissions boundary for the IAM roles the module creates."
  type        = string
  default     = null
}

################################################################################
# API Gateway (HTTP API)
################################################################################

variable "create_api" {
  description = "Whether to create the HTTP API with one route per deployed function."
  type        = bool
  default     = true
}

variable "api_authorization_type" {
  description = "Authorization of every route: \"AWS_IAM\" (SigV4-signed callers with execute-api:Invoke), \"JWT\" (api_jwt_issuer/api_jwt_audience), or \"NONE\", which also needs allow_unauthenticated_api = true."
  type        = string
  default     = "AWS_IAM"

  validation {
    condition     = contains(["AWS_IAM", "JWT", "NONE"], var.api_authorization_type)
    error_message = "api_authorization_type must be \"AWS_IAM\", \"JWT\" or \"NONE\"."
  }
}

variable "allow_unauthenticated_api" {
  description = "Confirms that api_authorization_type = \"NONE\" is meant: anyone who finds the URL can then cancel runs with your Extend key."
  type        = bool
  default     = false
}

variable "api_jwt_issuer" {
  description = "Issuer URL of the JWT authorizer (e.g. https://cognito-idp.<region>.amazonaws.com/<pool id>). Needed when api_authorization_type is \"JWT\"."
  type        = string
  default     = null

  validation {
    condition     = var.api_jwt_issuer == null || startswith(coalesce(var.api_jwt_issuer, "-"), "https://")
    error_message = "api_jwt_issuer must be an https:// URL."
  }
}

variable "api_jwt_audience" {
  description = "Accepted audiences (aud or client_id) of the JWT authorizer. Needed when api_authorization_type is \"JWT\"."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "api_jwt_authorization_scopes" {
  description = "Scopes a JWT must carry on every route. Empty checks none."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "api_throttling_burst_limit" {
  description = "Burst limit of each route of the API's default stage (requests). null derives it from the budget: reserved_concurrent_executions when set, else 1. It may not exceed the reserved concurrency."
  type        = number
  default     = null
}

variable "api_throttling_rate_limit" {
  description = "Steady-state rate limit of each route of the API's default stage (requests per second; a fraction is allowed). null derives it from the callers' share of extend_requests_per_second, so that a caller above it gets API Gateway's 429; a value that would let the API admit more than that share is refused at plan time."
  type        = number
  default     = null
}

variable "api_integration_timeout_milliseconds" {
  description = "How long the API waits for a function, 50 to 30000 ms."
  type        = number
  default     = 30000

  validation {
    condition     = var.api_integration_timeout_milliseconds >= 50 && var.api_integration_timeout_milliseconds <= 30000
    error_message = "api_integration_timeout_milliseconds must be between 50 and 30000."
  }
}

variable "api_access_log_format" {
  description = "Format of the API's access log lines. null writes one JSON object per request (request id, caller, route, status, latency, integration error)."
  type        = string
  default     = null
}

variable "api_detailed_metrics_enabled" {
  description = "Whether the API emits per-route CloudWatch metrics (billed as custom metrics)."
  type        = bool
  default     = false
}

variable "api_disable_execute_api_endpoint" {
  description = "Whether to turn off the default execute-api endpoint, e.g. when a custom domain is the only way in."
  type        = bool
  default     = false
}

################################################################################
# Step Functions
################################################################################

variable "state_machines" {
  description = "Shipped state machines to deploy, by the name of their definition in infra/statemachines: cancel-workflow-run (cancels one workflow run, {\"runId\", \"workspaceId\"}), cancel-workflow-batch (invokes cancelWorkflowBatch until done, {\"batchId\", \"workspaceId\"}), and any other the release ships (output shipped_state_machines). Each is named <name>-<machine>, gets its own role that may invoke only the aliases it names, and needs those functions deployed."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "state_machine_type" {
  description = "\"STANDARD\" or \"EXPRESS\". Standard suits retries that may wait minutes for Extend's rate limit."
  type        = string
  default     = "STANDARD"

  validation {
    condition     = contains(["STANDARD", "EXPRESS"], var.state_machine_type)
    error_message = "state_machine_type must be \"STANDARD\" or \"EXPRESS\"."
  }
}

variable "state_machine_logging_level" {
  description = "Execution history sent to CloudWatch Logs: OFF, ALL, ERROR or FATAL. OFF creates no log group and grants no log delivery."
  type        = string
  default     = "ERROR"

  validation {
    condition     = contains(["OFF", "ALL", "ERROR", "FATAL"], var.state_machine_logging_level)
    error_message = "state_machine_logging_level must be OFF, ALL, ERROR or FATAL."
  }
}

variable "state_machine_log_include_execution_data" {
  description = "Whether state machine logs include inputs and outputs (run ids, workspace ids, Extend's answers)."
  type        = bool
  default     = false
}

variable "state_machine_tracing_enabled" {
  description = "Whether to turn on X-Ray tracing for the state machine."
  type        = bool
  default     = false
}

################################################################################
# Stopped executions (cancelExecutionRuns)
################################################################################

variable "execution_cleanup_state_machine_arns" {
  description = "State machines (ARNs) whose aborted, timed-out or failed executions get every Extend run they started cancelled, through an EventBridge rule and cancelExecutionRuns. Empty turns the feature off. Standard workflows only: Express workflows send no such events."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "execution_cleanup_statuses" {
  description = "Execution statuses that trigger the cleanup: any of ABORTED, TIMED_OUT, FAILED."
  type        = list(string)
  default     = ["ABORTED", "TIMED_OUT", "FAILED"]
  nullable    = false
}

variable "execution_cleanup_owned_only" {
  description = "Strict mode of cancelExecutionRuns (EXTEND_CLEANUP_OWNED_ONLY, set on that function only): true cancels only the runs whose metadata.stepFunctionsExecutionArn names the stopped execution, and reports untagged runs as skipped (notOwned). Turn it on once every watched pipeline tags the runs it creates. Runs tagged with another execution, and runs only seen in a list answer, are never cancelled either way."
  type        = bool
  default     = false
  nullable    = false
}

variable "execution_cleanup_timeout" {
  description = "Timeout (seconds) of the cancelExecutionRuns function: a long history and many runs take longer than one cancel. It answers before it."
  type        = number
  default     = 120

  validation {
    condition     = var.execution_cleanup_timeout >= 10 && var.execution_cleanup_timeout <= 900
    error_message = "execution_cleanup_timeout must be between 10 and 900 seconds."
  }
}

variable "execution_cleanup_maximum_concurrency" {
  description = "The most cancelExecutionRuns instances the queue's event source mapping runs at once (scaling_config.maximum_concurrency, 2 to 1000); the cleanup's share of extend_requests_per_second is divided among them."
  type        = number
  default     = 2
}

variable "execution_cleanup_requests_per_second" {
  description = "The cleanup's share of extend_requests_per_second, all its instances together; give cleanup more here. null: half the budget when other functions are deployed, all of it when cancelExecutionRuns is the only one."
  type        = number
  default     = null
}

variable "execution_cleanup_batch_size" {
  description = "Stopped executions per invocation (1 to 10). 1 keeps each execution apart: one waiting for the budget holds no other back, and none is left unreached at the deadline."
  type        = number
  default     = 1

  validation {
    condition     = var.execution_cleanup_batch_size >= 1 && var.execution_cleanup_batch_size <= 10 && floor(var.execution_cleanup_batch_size) == var.execution_cleanup_batch_size
    error_message = "execution_cleanup_batch_size must be a whole number from 1 to 10."
  }
}

variable "execution_cleanup_max_receive_count" {
  description = "Receives of a stopped execution that did not finish (a retryable failure, a batch still in flight, a malformed message) before it moves to the dead-letter queue. Each comes after the queue's visibility timeout, six times execution_cleanup_timeout."
  type        = number
  default     = 5

  validation {
    condition     = var.execution_cleanup_max_receive_count >= 1 && var.execution_cleanup_max_receive_count <= 1000 && floor(var.execution_cleanup_max_receive_count) == var.execution_cleanup_max_receive_count
    error_message = "execution_cleanup_max_receive_count must be a whole number from 1 to 1000."
  }
}

variable "execution_cleanup_backlog_retention_in_seconds" {
  description = "How long the cleanup queue keeps a stopped execution waiting for its cleanup (60 to 1209600 s)."
  type        = number
  default     = 345600

  validation {
    condition     = var.execution_cleanup_backlog_retention_in_seconds >= 60 && var.execution_cleanup_backlog_retention_in_seconds <= 1209600
    error_message = "execution_cleanup_backlog_retention_in_seconds must be between 60 and 1209600."
  }
}

variable "execution_cleanup_maximum_event_age_in_seconds" {
  description = "How long (60 to 21600 s) EventBridge keeps trying to deliver a stopped execution's event to the cleanup queue before it goes to the dead-letter queue."
  type        = number
  default     = 21600

  validation {
    condition     = var.execution_cleanup_maximum_event_age_in_seconds >= 60 && var.execution_cleanup_maximum_event_age_in_seconds <= 21600
    error_message = "execution_cleanup_maximum_event_age_in_seconds must be between 60 and 21600."
  }
}

variable "execution_cleanup_queue_kms_key_id" {
  description = "KMS key (ARN) for the cleanup queue and its dead-letter queue. null uses SQS-managed encryption (SSE-SQS). With a key, its key policy must let events.amazonaws.com use it (kms:GenerateDataKey, kms:Decrypt)."
  type        = string
  default     = null
}

variable "execution_cleanup_queue_retention_in_seconds" {
  description = "How long the dead-letter queue keeps a stopped execution whose cleanup failed (60 to 1209600 s)."
  type        = number
  default     = 1209600

  validation {
    condition     = var.execution_cleanup_queue_retention_in_seconds >= 60 && var.execution_cleanup_queue_retention_in_seconds <= 1209600
    error_message = "execution_cleanup_queue_retention_in_seconds must be between 60 and 1209600."
  }
}
