#!/bin/sh
# Regenerates samples/programma.fods (the source) and samples/programma.xlsx (saved by LibreOffice).
# Needs python3 and LibreOffice (soffice). Run from anywhere: sh samples/make_programma.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$here/make_programma.py" "$here/programma.fods"
# A private profile so a running LibreOffice or another user's settings cannot interfere.
soffice -env:UserInstallation=file://"$tmp"/profile --headless --convert-to xlsx --outdir "$tmp" "$here/programma.fods" >/dev/null
cp "$tmp/programma.xlsx" "$here/programma.xlsx"
