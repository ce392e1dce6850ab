# What the mocked hashicorp/aws provider answers in terraform test: ARNs shaped like AWS's (the provider checks them),
# so that plans and applies run through every resource without an AWS account.

mock_data "aws_caller_identity" {
  defaults = {
    account_id = "123456789012"
    arn        = "arn:aws:iam::123456789012:root"
  }
}

mock_data "aws_partition" {
  defaults = {
    partition = "aws"
  }
}

mock_data "aws_iam_policy_document" {
  defaults = {
    json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
  }
}

mock_resource "aws_iam_role" {
  defaults = {
    arn = "arn:aws:iam::123456789012:role/mock"
  }
}

mock_resource "aws_lambda_function" {
  defaults = {
    arn     = "arn:aws:lambda:eu-west-1:123456789012:function:mock"
    version = "1"
  }
}

mock_resource "aws_lambda_alias" {
  defaults = {
    arn        = "arn:aws:lambda:eu-west-1:123456789012:function:mock:live"
    invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:mock:live/invocations"
  }
}

mock_resource "aws_cloudwatch_log_group" {
  defaults = {
    arn = "arn:aws:logs:eu-west-1:123456789012:log-group:mock"
  }
}

mock_resource "aws_sqs_queue" {
  defaults = {
    arn = "arn:aws:sqs:eu-west-1:123456789012:mock"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/mock"
  }
}

mock_resource "aws_cloudwatch_event_rule" {
  defaults = {
    arn = "arn:aws:events:eu-west-1:123456789012:rule/mock"
  }
}

mock_resource "aws_cloudwatch_event_connection" {
  defaults = {
    arn        = "arn:aws:events:eu-west-1:123456789012:connection/mock/0a1b2c3d"
    secret_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:events!connection/mock/0a1b2c3d-abcdef"
  }
}

mock_resource "aws_apigatewayv2_api" {
  defaults = {
    execution_arn = "arn:aws:execute-api:eu-west-1:123456789012:abcdef1234"
  }
}

# The only state machine the pipeline example creates: the postcondition compares its ARN with the watched one.
mock_resource "aws_sfn_state_machine" {
  defaults = {
    arn = "arn:aws:states:eu-west-1:123456789012:stateMachine:extend-pipeline-pipeline"
  }
}
