terraform {
  # No provider on purpose: pure data, so `terraform test` covers it on a machine that cannot download the AWS
  # provider.
  required_version = ">= 1.5.0"
}
