#!/usr/bin/env bash
# Times `rapport check` over the synthetic vaults (1k, 10k, 50k, 100k notes): the release
# binary, warm file cache, median of RUNS runs after one warm-up run. Generates missing vaults
# under bench-vaults/ with examples/gen_vault.rs. Prints a markdown table.
#   SIZES="1000 10000" RUNS=3 bash scripts/bench-cli.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
SIZES=${SIZES:-"1000 10000 50000 100000"}
SEED=${SEED:-1}
TODAY=2026-11-26

cargo build --release --quiet --bin rapport --example gen_vault
bin=target/release/rapport

# A vault is reused only if it was written by this generator with these settings.
gen_hash=$(sha256sum benches/support/vault.rs | cut -c1-16)
vault_for() {
  local n=$1 dir="bench-vaults/$(( $1 / 1000 ))k"
  local stamp="notes=$n seed=$SEED generator=$gen_hash"
  if [ "$(cat "$dir/.generated" 2>/dev/null)" != "$stamp" ]; then
    target/release/examples/gen_vault --notes "$n" --seed "$SEED" --out "$dir" >&2
    echo "$stamp" > "$dir/.generated"
  fi
  echo "$dir"
}

millis() { echo $(( $(date +%s%N) / 1000000 )); }

echo "| notes | text | \`rapport check\` median | per 1k notes | runs |"
echo "|---:|---:|---:|---:|---:|"
for n in $SIZES; do
  dir=$(vault_for "$n")
  mb=$(du -sm --apparent-size "$dir" | cut -f1)
  "$bin" check "$dir" --today "$TODAY" >/dev/null || [ $? -eq 1 ]
  times=()
  for _ in $(seq "$RUNS"); do
    start=$(millis)
    "$bin" check "$dir" --today "$TODAY" >/dev/null || [ $? -eq 1 ]
    times+=($(( $(millis) - start )))
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
  per=$(awk -v m="$median" -v n="$n" 'BEGIN { printf "%.1f", m * 1000 / n }')
  echo "| $n | ${mb} MB | ${median} ms | ${per} ms | $RUNS |"
done
