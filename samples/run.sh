#!/usr/bin/env bash
# kib's main job on the bundled samples: a drop folder run once.
# Copies the samples into out/drop/inbox, runs `kib watch --once`, and lists what came out.
# usage: bash samples/run.sh [KIB_BINARY]   (default: build/kib)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
kib=${1:-$top/build/kib}
drop=$top/out/drop
rm -rf "$drop"
mkdir -p "$drop/inbox"
# What the office drops: survey exports, a commented draft (as pandoc writes it), and whatever
# programme files the samples folder holds.
for f in "$here"/*.xlsx "$here"/*.csv "$here"/*.docx "$top"/tests/fixtures/docx/programmaplan-pandoc.docx; do
  [ -e "$f" ] || continue
  case "$(basename "$f")" in cx_uitnodigingen.csv) continue ;; esac  # invitations go with a scan, not alone
  cp "$f" "$drop/inbox/"
done
# The drop folder's settings name the programme workbook that measurement files are merged into.
cp "$here/kib.toml" "$drop/kib.toml"
cp "$here/programma.xlsx" "$drop/programma.xlsx"
"$kib" watch "$drop" --once
echo
echo "Results in $drop:"
(cd "$drop" && find outbox processed failed -type f | sort)
