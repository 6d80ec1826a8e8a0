#!/usr/bin/env bash
# Installs what the build and the tests need, skipping whatever is already there:
# the wasm32 target, wasm-pack, the wasm-bindgen CLI of exactly the crate's version,
# Chromium with its driver (Debian packages), and the npm packages (wasm-opt comes from npm's
# binaryen: Debian's is too old for wasm-bindgen's reference types).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n==> %s\n' "$*"; }

if ! rustup component list --installed | grep -q '^rustfmt'; then
  log "Adding rustfmt"
  rustup component add rustfmt
fi
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "Adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# wasm-pack only runs a wasm-bindgen CLI whose version equals the wasm-bindgen crate's
# (pinned with `=` in Cargo.toml); any other version makes it try a download, which fails here.
cargo generate-lockfile --offline >/dev/null 2>&1 || true
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$want" ]; then
  want=$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)
fi
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  log "Installing wasm-bindgen-cli $want (found: ${have:-none})"
  cargo install wasm-bindgen-cli --version "$want" --force
fi

if ! command -v wasm-pack >/dev/null 2>&1; then
  log "Installing wasm-pack"
  cargo install wasm-pack --locked || cargo install wasm-pack
fi

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
if [ ${#missing[@]} -gt 0 ]; then
  log "Installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

if [ -f package-lock.json ]; then
  stamp=node_modules/.rapport-lock
  if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
    log "Installing npm packages"
    npm ci --no-audit --no-fund
    cp package-lock.json "$stamp"
  fi
fi
log "Setup complete"
