#!/usr/bin/env bash
# Packaging test: install kib from BUILD_DIR into a temporary prefix and build two consumers —
# one with find_package(kib) (C API), one with add_subdirectory (C++ API) — and run both on a
# workbook saved by LibreOffice, checking what they print.
# usage: consumers.sh SOURCE_DIR BUILD_DIR WORKBOOK SHEET REF EXPECTED_TEXT
set -euo pipefail
src=$1 build=$2 workbook=$3 sheet=$4 ref=$5 expected=$6
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --install "$build" --prefix "$work/prefix" >/dev/null
test -f "$work/prefix/lib/pkgconfig/kib.pc"
test -f "$work/prefix/include/kib/kib.h"
# pkg-config finds it too.
PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig" pkg-config --libs kib | grep -q -- "-lkib"

cmake -S "$src/tests/packaging/consumer_find" -B "$work/find" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/find" >/dev/null
out=$("$work/find/consumer" "$workbook" "$sheet" "$ref")
echo "$out"
grep -qF "cell $sheet!$ref = $expected" <<<"$out"
grep -q "bad input: " <<<"$out"

# Unoptimised and without debug information: this build only proves that the subproject works,
# and it compiles all of kib once more.
cmake -S "$src/tests/packaging/consumer_subdir" -B "$work/subdir" -DKIB_SOURCE_DIR="$src" -DKIB_BUILD_TESTS=OFF \
  -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-O0 >/dev/null
cmake --build "$work/subdir" -j"$(nproc 2>/dev/null || echo 2)" --target consumer >/dev/null
out=$("$work/subdir/consumer" "$workbook" "$sheet" "$ref")
echo "$out"
grep -qF "cell = $expected" <<<"$out"
grep -q "bad input: " <<<"$out"
echo "consumers: ok"
