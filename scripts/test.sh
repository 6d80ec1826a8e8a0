#!/usr/bin/env bash
# Every test, from a clean clone: setup, the Rust tests (native), the core in headless
# Chromium (wasm-pack test), then the plugin as built, in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

printf '\n==> Rust layout (cargo fmt --check, rustfmt.toml)\n'
cargo fmt --check
(cd fuzz && cargo fmt --check)

printf '\n==> Rust tests (unit, fixtures, CLI, docs)\n'
cargo test --all-targets
cargo test --doc

printf '\n==> The core in headless Chromium (wasm-pack test)\n'
wasm-pack test --headless --chrome --chromedriver "$(command -v chromedriver)"

if [ -f package.json ]; then
  printf '\n==> The plugin: build, type check, lint, browser tests\n'
  npm run build
  npm run typecheck
  npm run lint
  npm test
fi
