#!/usr/bin/env bash
# Sets up a fresh machine for tinyvm development: pnpm, the Debian tools the
# tests and benchmarks use, the workspace's packages, and a build.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=10.34.9

if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "$PNPM_VERSION" ]; then
  echo "setup: installing pnpm $PNPM_VERSION from npm"
  npm install -g "pnpm@$PNPM_VERSION" >/dev/null
fi

# nasm assembles guest sources (the committed .bin files make it optional for tests),
# tmux drives the CLI in terminal tests, gcc compiles the KVM ABI check and the C benchmark.
need=()
for tool in nasm tmux gcc; do command -v "$tool" >/dev/null 2>&1 || need+=("$tool"); done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing ${need[*]} with apt-get"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null \
      || echo "setup: warning: apt-get could not install ${need[*]}; tests that need them will skip"
  else
    echo "setup: warning: ${need[*]} missing and cannot be installed here; tests that need them will skip"
  fi
fi

pnpm install --frozen-lockfile
pnpm build
