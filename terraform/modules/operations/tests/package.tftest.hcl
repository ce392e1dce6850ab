# The flavour guard: a package whose name says another flavour (or none) is refused at plan time with the build to
# run, instead of deploying a JVM zip as provided.al2023 (or a native one as java21) that fails at its first cold
# start. The Maven build writes target/function-native.zip or target/function-jvm.zip besides target/function.zip.

run "native_package_for_native" {
  command = plan

  variables {
    flavour      = "native"
    package_path = "../../target/function-native.zip"
  }

  assert {
    condition     = output.runtime == "provided.al2023"
    error_message = "A native package deploys on provided.al2023."
  }
}

run "jvm_package_for_jvm" {
  command = plan

  variables {
    flavour      = "jvm"
    package_path = "/builds/target/function-jvm.zip"
  }

  assert {
    condition     = output.runtime == "java21"
    error_message = "A JVM package deploys on java21."
  }
}

run "a_release_artifact_named_by_flavour" {
  command = plan

  variables {
    flavour      = "native"
    package_path = "artifacts/extend-cancel-0.2.0-native.zip"
  }

  assert {
    condition     = output.runtime == "provided.al2023"
    error_message = "Any name ending in -native.zip is a native package."
  }
}

run "jvm_package_for_native_is_refused" {
  command = plan

  variables {
    flavour      = "native"
    package_path = "target/function-jvm.zip"
  }

  expect_failures = [output.runtime]
}

run "native_package_for_jvm_is_refused" {
  command = plan

  variables {
    flavour      = "jvm"
    package_path = "target/function-native.zip"
  }

  expect_failures = [output.runtime]
}

run "a_name_that_says_no_flavour_is_refused" {
  command = plan

  variables {
    flavour      = "native"
    package_path = "target/function.zip"
  }

  expect_failures = [output.runtime]
}

run "a_name_that_only_contains_the_word_is_refused" {
  command = plan

  variables {
    flavour      = "native"
    package_path = "target/notnative.zip"
  }

  expect_failures = [output.runtime]
}

run "no_package_checks_nothing" {
  command = plan

  assert {
    condition     = output.runtime == "provided.al2023"
    error_message = "Without package_path (infra/render) nothing is checked."
  }
}
