terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.32"
    }
  }
}

locals {
  # The extend-cancel release this module belongs to; pom.xml's version is the same (DocumentationTest).
  release = "0.2.0"
}
