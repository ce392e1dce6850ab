locals {
  api_access_log_format = coalesce(var.api_access_log_format, jsonencode({
    requestId          = "$context.requestId"
    extendedRequestId  = "$context.extendedRequestId"
    requestTime        = "$context.requestTime"
    ip                 = "$context.identity.sourceIp"
    caller             = "$context.identity.caller"
    user               = "$context.identity.user"
    userArn            = "$context.identity.userArn"
    jwtSubject         = "$context.authorizer.claims.sub"
    routeKey           = "$context.routeKey"
    path               = "$context.path"
    status             = "$context.status"
    responseLength     = "$context.responseLength"
    responseLatency    = "$context.responseLatency"
    integrationStatus  = "$context.integrationStatus"
    integrationLatency = "$context.integration.latency"
    integrationError   = "$context.integrationErrorMessage"
    lambdaRequestId    = "$context.integration.requestId"
  }))
}

resource "aws_apigatewayv2_api" "this" {
  count = local.create_api ? 1 : 0

  name                         = var.name
  description                  = "Cancels Extend runs: one route per cancel operation"
  protocol_type                = "HTTP"
  disable_execute_api_endpoint = var.api_disable_execute_api_endpoint

  tags = var.tags
}

resource "aws_apigatewayv2_authorizer" "jwt" {
  count = local.create_api && var.api_authorization_type == "JWT" ? 1 : 0

  api_id           = aws_apigatewayv2_api.this[0].id
  name             = "${var.name}-jwt"
  authorizer_type  = "JWT"
  identity_sources = ["$request.header.Authorization"]

  jwt_configuration {
    issuer   = var.api_jwt_issuer
    audience = var.api_jwt_audience
  }

  lifecycle {
    precondition {
      condition     = var.api_jwt_issuer != null && length(var.api_jwt_audience) > 0
      error_message = "api_authorization_type = \"JWT\" needs api_jwt_issuer and at least one api_jwt_audience."
    }
  }
}

resource "aws_apigatewayv2_integration" "this" {
  for_each = { for fn, op in local.http_operations : fn => op if local.create_api }

  api_id                 = aws_apigatewayv2_api.this[0].id
  description            = each.key
  integration_type       = "AWS_PROXY"
  integration_method     = "POST"
  integration_uri        = aws_lambda_alias.this[each.key].invoke_arn
  payload_format_version = "2.0"
  timeout_milliseconds   = var.api_integration_timeout_milliseconds
}

# One route per route key of the operation map, each to its function's integration; all with the same authorization.
resource "aws_apigatewayv2_route" "this" {
  for_each = { for key, route in local.http_routes : key => route if local.create_api }

  api_id         = aws_apigatewayv2_api.this[0].id
  route_key      = each.value.route_key
  operation_name = each.value.function
  target         = "integrations/${aws_apigatewayv2_integration.this[each.value.function].id}"

  authorization_type   = var.api_authorization_type
  authorizer_id        = var.api_authorization_type == "JWT" ? aws_apigatewayv2_authorizer.jwt[0].id : null
  authorization_scopes = var.api_authorization_type == "JWT" && length(var.api_jwt_authorization_scopes) > 0 ? var.api_jwt_authorization_scopes : null

  lifecycle {
    precondition {
      condition     = var.api_authorization_type != "NONE" || var.allow_unauthenticated_api
      error_message = "api_authorization_type = \"NONE\" leaves every cancel route open to anyone; set allow_unauthenticated_api = true if that is really meant."
    }
  }
}

resource "aws_apigatewayv2_stage" "this" {
  count = local.create_api ? 1 : 0

  api_id      = aws_apigatewayv2_api.this[0].id
  name        = "$default"
  auto_deploy = true

  default_route_settings {
    # derived from extend_requests_per_second (module.operations.extend_budget), so that a caller above its share
    # gets API Gateway's 429
    throttling_burst_limit   = try(module.operations.extend_budget.api.throttling_burst_limit, 0)
    throttling_rate_limit    = try(module.operations.extend_budget.api.throttling_rate_limit, 0)
    detailed_metrics_enabled = var.api_detailed_metrics_enabled
  }

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api[0].arn
    format          = local.api_access_log_format
  }

  tags = var.tags
}

# Scoped to this API, its route's method and path: no other API or route in the account can invoke the function.
resource "aws_lambda_permission" "api" {
  for_each = { for key, route in local.http_routes : key => route if local.create_api }

  statement_id  = each.value.statement_id
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this[each.value.function].function_name
  qualifier     = aws_lambda_alias.this[each.value.function].name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.this[0].execution_arn}/*/${each.value.source_arn_suffix}"
}

check "api_requires_authorization" {
  assert {
    condition     = !local.create_api || var.api_authorization_type != "NONE"
    error_message = "The HTTP API is deployed without authorization: anyone who finds its URL can cancel runs with this deployment's Extend key."
  }
}
