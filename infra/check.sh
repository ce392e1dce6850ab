#!/usr/bin/env bash
# Offline checks of the deployment side: Terraform formatting, `terraform test` of the provider-free modules
# (terraform/modules/*/tests), every aws_* block against the hashicorp/aws provider schema (our `terraform validate`, which cannot
# download the provider here), asl-validator on every state machine definition as Terraform renders it, and the
# OpenAPI description against the OpenAPI 3 schema.
# Needs terraform (>= 1.5) and node/npm; reaches no network but the npm registry (for `npm ci`).
# Usage: infra/check.sh   (from anywhere; CI calls it from .ci/run)
#   TF_SCHEMA_CHECK=DIR   a copy of tf-schema-check (CI passes ../shared/tf-schema-check); without it, that step is
#                         skipped with a note, since a clone of this repository does not carry the checker.
#   TF_PROVIDER_MIRROR=DIR a filesystem mirror holding hashicorp/aws (terraform init -plugin-dir): then `terraform
#                         test` also runs the root module's and examples/pipeline's tests, with a mocked provider
#                         (terraform/tests/mocks); without it they are skipped with a note.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

export TF_IN_AUTOMATION=1
export CHECKPOINT_DISABLE=1
# A CLI config that is named but missing only adds a warning to every command's output.
if [[ -n "${TF_CLI_CONFIG_FILE:-}" && ! -f "$TF_CLI_CONFIG_FILE" ]]; then
  unset TF_CLI_CONFIG_FILE
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

step() { printf '\n==> %s\n' "$*"; }
fail() { printf 'infra/check.sh: %s\n' "$*" >&2; exit 1; }

command -v terraform >/dev/null || fail "terraform is not installed (needs >= 1.5)"
command -v npm >/dev/null || fail "npm is not installed"

step "terraform $(terraform version | head -n1 | sed 's/^Terraform //'): fmt -check -recursive terraform infra/render"
terraform fmt -check -recursive -diff terraform
terraform fmt -check -recursive -diff infra/render
echo "formatted"

# Data dirs live in the temp dir, so a clean clone stays clean and no stale .terraform is ever reused.
# modules/operations: operation map, routes, environment, the package's flavour, shipped state machines, rendering;
# modules/pipeline: the example pipeline's wiring (its ARN watched, the alias invoked, its runs tagged).
for module in terraform/modules/*/; do
  module="${module%/}"
  [[ -d "$module/tests" ]] || continue
  step "terraform test: $module"
  export TF_DATA_DIR="$work/tf-$(basename "$module")"
  terraform -chdir="$module" init -backend=false -input=false -no-color >/dev/null
  terraform -chdir="$module" test -no-color
done

# The root module and the pipeline example need the AWS provider's schema even with a mocked provider.
if [[ -n "${TF_PROVIDER_MIRROR:-}" ]]; then
  for dir in terraform terraform/examples/pipeline; do
    step "terraform test (mocked hashicorp/aws from $TF_PROVIDER_MIRROR): $dir"
    export TF_DATA_DIR="$work/tf-mock-$(basename "$dir")"
    # (init writes a .terraform.lock.hcl there, which .gitignore keeps out of git)
    terraform -chdir="$dir" init -backend=false -input=false -no-color -plugin-dir="$TF_PROVIDER_MIRROR" >/dev/null
    terraform -chdir="$dir" test -no-color
  done
else
  step "terraform test of the root module and examples/pipeline skipped: set TF_PROVIDER_MIRROR to a mirror holding hashicorp/aws"
fi

if [[ -n "${TF_SCHEMA_CHECK:-}" ]]; then
  step "tf-schema-check --strict terraform (every aws_* block against the hashicorp/aws schema)"
  [[ -f "$TF_SCHEMA_CHECK/bin/tf-schema-check.js" ]] || fail "TF_SCHEMA_CHECK=$TF_SCHEMA_CHECK holds no tf-schema-check"
  # the checker's folder may be read-only (CI's ../shared): install and run it from a copy
  cp -r "$TF_SCHEMA_CHECK/." "$work/tf-schema-check"
  (cd "$work/tf-schema-check" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  # terraform/ includes the example and the submodules; warnings fail too
  node "$work/tf-schema-check/bin/tf-schema-check.js" --strict terraform
else
  step "tf-schema-check skipped: set TF_SCHEMA_CHECK to a tf-schema-check folder (CI does)"
fi

step "npm ci (infra/): asl-validator, swagger-parser"
(cd infra && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
validator="$repo/infra/node_modules/.bin/asl-validator"
echo "asl-validator $("$validator" --version)"

step "render infra/statemachines/*.asl.json and the example pipeline through the modules (templatefile), then asl-validator"
export TF_DATA_DIR="$work/tf-render"
terraform -chdir=infra/render init -backend=false -input=false -no-color >/dev/null
terraform -chdir=infra/render plan -input=false -no-color -out="$work/render.tfplan" >/dev/null
terraform -chdir=infra/render show -json "$work/render.tfplan" >"$work/render.json"
mkdir -p "$work/rendered"
node - "$work/render.json" "$work/rendered" <<'NODE'
const fs = require('fs');
const path = require('path');
const [planFile, outDir] = process.argv.slice(2);
const definitions = JSON.parse(fs.readFileSync(planFile, 'utf8')).planned_values.outputs.definitions.value;
for (const [file, text] of Object.entries(definitions)) {
  if (typeof text !== 'string') throw new Error(`${file} did not render`);
  fs.writeFileSync(path.join(outDir, file), text);
}
NODE
sources=(infra/statemachines/*.asl.json)
[[ -e "${sources[0]}" ]] || fail "no state machine definition in infra/statemachines"
# asl-validator exits 0 when it is given nothing to validate, so count what it gets.
for source in "${sources[@]}"; do
  [[ -f "$work/rendered/$(basename "$source")" ]] || fail "$source was not rendered"
done
args=()
for rendered in "$work"/rendered/*.asl.json; do
  args+=(--json-path "$rendered")
done
[[ -f "$work/rendered/examples-pipeline.asl.json" ]] || fail "terraform/examples/pipeline/pipeline.asl.json was not rendered"
"$validator" "${args[@]}"
echo "$(( ${#args[@]} / 2 )) state machine definition(s) valid"

step "OpenAPI: infra/openapi.yaml"
(cd infra && node -e '
require("@apidevtools/swagger-parser").validate("openapi.yaml")
  .then((api) => console.log(`valid OpenAPI ${api.openapi}: ${Object.keys(api.paths).length} paths`))
  .catch((error) => { console.error(error.message); process.exit(1); });
')

step "infra checks passed"
