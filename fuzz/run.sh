#!/usr/bin/env bash
# Runs one fuzz target for a time budget with the options the figures in docs/ROBUSTNESS.md
# were taken with. Usage (from fuzz/): ./run.sh <note|task_line|index_ops> <seconds>
set -euo pipefail
target=$1
seconds=${2:-600}
[ -d corpus/note ] || ./seed.sh
mkdir -p corpus/"$target"
# Hand-written seeds (fuzz/seeds/<target>/) reach what the example vault does not: notes using
# the user schema's fields, recurrences by month and weekday. Copied once; -n keeps the corpus's.
if [ -d seeds/"$target" ]; then cp -n seeds/"$target"/* corpus/"$target"/; fi
# -timeout: an input taking 10 s is a hang; -rss_limit_mb: 2 GiB is a leak or a bomb;
# -max_len: notes up to 64 KiB (the adversarial tests cover the megabyte sizes).
# -dict: the tokens the core reacts to (keywords, emoji, markers), which random mutation
# rarely spells out: after 7 million task_line inputs without it, no `[repeat:: ...]` or
# `[dependsOn:: ...]` field had been read.
dict=()
[ -f "$target.dict" ] && dict=(-dict="$target.dict")
exec cargo +nightly fuzz run "$target" corpus/"$target" -- \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
  "${dict[@]}"
