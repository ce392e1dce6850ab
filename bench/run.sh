#!/usr/bin/env bash
# The benchmark's one command: bench/run.sh [--native-zip PATH] [--jvm-zip PATH] [--cold N] [--warm N] (--help)
set -euo pipefail
cd "$(dirname "$0")/.."
exec node bench/run.mjs "$@"
