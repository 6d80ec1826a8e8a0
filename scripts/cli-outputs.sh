#!/usr/bin/env bash
# Writes every CLI answer (check, stale, tasks, a person's tasks; JSON and text) on the example
# vault and on the 10k bench vault into OUT_DIR, so that a change meant to keep behaviour can be
# checked byte for byte: run it before and after, then `diff -r before after`.
#
#   bash scripts/cli-outputs.sh /tmp/before
set -euo pipefail
out=${1:?usage: scripts/cli-outputs.sh OUT_DIR}
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
cargo build -q --release --bin rapport --example gen_vault
bench=bench-vaults/10k
[ -d "$bench" ] || "$target/release/examples/gen_vault" --notes 10000 --seed 1 --out "$bench" >/dev/null
mkdir -p "$out"
today=2026-11-26
for vault in examples/vault "$bench"; do
	name=$(basename "$vault")
	for format in json text; do
		for command in check stale tasks; do
			# `check` exits 1 when a note has an error: that is an answer, not a failure.
			"$target/release/rapport" "$command" "$vault" --today "$today" --format "$format" >"$out/$name.$command.$format" || [ $? -eq 1 ]
		done
	done
done
for person in "Theo Marchetti" "@AdaezeOkonkwo" "People/Priya Venkataraman.md"; do
	"$target/release/rapport" tasks examples/vault --today "$today" --person "$person" --format json >"$out/vault.person.${person//[\/ @]/_}.json"
done
echo "CLI answers in $out: $(ls "$out" | wc -l) files"
