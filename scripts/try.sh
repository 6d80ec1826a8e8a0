#!/usr/bin/env bash
# Rapport's main job on the example vault, in one command: who you have lost touch with, which
# notes are broken, and what one person owes and is owed. Builds the CLI once, then runs it.
set -euo pipefail
cd "$(dirname "$0")/.."

vault=examples/vault
# The day examples/vault-expectations.md judges the vault on, so the answers match it.
today=2026-11-26
person="Theo Marchetti"

# Built once here; each run below only checks that the build is current. cargo run passes the
# CLI's exit code through, and honours CARGO_TARGET_DIR like any cargo command.
cargo build --release --bin rapport
rapport() {
  cargo run --release --quiet --bin rapport -- "$@"
}

printf '\n==> Who is overdue: rapport stale %s --today %s\n\n' "$vault" "$today"
rapport stale "$vault" --today "$today"

printf '\n==> What is broken: rapport check %s --today %s\n\n' "$vault" "$today"
# check exits 1 when it finds an error, and the example vault has broken notes on purpose.
# Any other failure (2: usage or I/O; 101: cargo) still stops the script.
status=0
rapport check "$vault" --today "$today" || status=$?
if [ "$status" -gt 1 ]; then
  exit "$status"
fi

printf '\n==> Open tasks that mention or belong to %s: rapport tasks %s --person "%s" --today %s\n\n' \
  "$person" "$vault" "$person" "$today"
rapport tasks "$vault" --person "$person" --today "$today"

printf '\nThe same as JSON: add --format json. What each answer should be: examples/vault-expectations.md.\n'
