#!/usr/bin/env bash
# Seeds the fuzz corpora from the example vault: each note for `note`, each list line for
# `task_line`. `index_ops` starts empty (its input is a structured op list). Run from fuzz/.
set -euo pipefail
vault=../examples/vault
mkdir -p corpus/note corpus/task_line corpus/index_ops
i=0
while IFS= read -r -d '' f; do
  cp "$f" "corpus/note/seed-$i.md"
  i=$((i + 1))
done < <(find "$vault" -name '*.md' -print0)
j=0
while IFS= read -r line; do
  printf '%s' "$line" > "corpus/task_line/seed-$j"
  j=$((j + 1))
done < <(grep -h -E '^[[:space:]>]*([-*+]|[0-9]+[.)])[[:space:]]' -r "$vault" --include='*.md')
echo "seeded $i notes and $j list lines"
