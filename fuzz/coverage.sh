#!/usr/bin/env bash
# Which lines of the core the fuzz corpora reach: builds each target with source-coverage
# instrumentation, runs a copy of its corpus once (a running fuzzer rewrites the corpus), merges
# the profiles and prints llvm-cov's report for src/, then the lines no input reached.
# Usage (from fuzz/): ./coverage.sh [target ...]   (default: note task_line index_ops)
# CORPORA=DIR reads DIR/<target> instead of corpus/<target>: a snapshot taken during a session,
# to see what the corpus reached at that time (how the seventh round judged a plateau).
#
# Needs llvm-profdata and llvm-cov of the nightly compiler's LLVM major version, where cargo-fuzz
# looks for them: `rustup component add llvm-tools-preview --toolchain nightly`. Where rustup
# cannot download (the project machine), Debian's llvm-22 matches nightly's LLVM 22: link its
# /usr/lib/llvm-22/bin/llvm-{profdata,cov} into "$(rustc +nightly --print sysroot)/lib/rustlib/
# x86_64-unknown-linux-gnu/bin/".
set -euo pipefail
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(note task_line index_ops)
host=$(rustc +nightly -vV | sed -n 's/^host: //p')
tools="$(rustc +nightly --print sysroot)/lib/rustlib/$host/bin"
for tool in llvm-profdata llvm-cov; do
  [ -x "$tools/$tool" ] || { echo "no $tool in $tools (see the comment at the top)" >&2; exit 1; }
done
corpora=${CORPORA:-corpus}
snapshot=$(mktemp -d)
trap 'rm -rf "$snapshot"' EXIT
objects=()
profiles=()
for t in "${targets[@]}"; do
  cp -r "$corpora/$t" "$snapshot/$t"
  echo "$t: $(find "$snapshot/$t" -type f | wc -l) inputs" >&2
  rm -rf "coverage/$t"
  cargo +nightly fuzz coverage -O "$t" "$snapshot/$t" > "$snapshot/$t.log" 2>&1 || {
    tail -n 20 "$snapshot/$t.log" >&2
    exit 1
  }
  objects+=(-object "target/$host/coverage/$host/release/$t")
  profiles+=("coverage/$t/coverage.profdata")
done
"$tools/llvm-profdata" merge -sparse "${profiles[@]}" -o coverage/all.profdata
# The first -object is the binary argument; the rest are more objects.
report=("${objects[@]:1}" -instr-profile=coverage/all.profdata --ignore-filename-regex='/(\.cargo|rustc|\.rustup|fuzz|tests)/')
"$tools/llvm-cov" report "${report[@]}"
echo
echo "Lines of src/ no input reached:"
"$tools/llvm-cov" export "${report[@]}" -format=lcov -skip-functions |
  awk -F'[:,]' '
    function flush() { if (from) ranges = ranges (ranges ? ", " : "") (from == to ? from : from "-" to); from = 0 }
    /^SF:/ { file = $2; sub(/.*\/src\//, "src/", file); ranges = "" }
    /^DA:/ && $3 == 0 { if (from && $2 == to + 1) to = $2; else { flush(); from = to = $2 } }
    /^end_of_record/ { flush(); if (ranges) print file ": " ranges }'
