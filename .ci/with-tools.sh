#!/usr/bin/env bash
# Runs a command with Node 24, pnpm and the installed workspace on PATH.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
exec "$@"
