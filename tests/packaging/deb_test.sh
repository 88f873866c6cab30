#!/usr/bin/env bash
# Packaging test (CI, as root): build the .deb with CPack, install it with apt (which resolves the
# dependencies CPack derived), run the installed CLI and the C API from Python, then remove it.
# usage: deb_test.sh BUILD_DIR WORKBOOK
set -euo pipefail
build=$(cd "$1" && pwd) workbook=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
rm -f "$build"/kib_*.deb
(cd "$build" && cpack -G DEB >/dev/null)
deb=$(ls "$build"/kib_*.deb)
dpkg-deb --info "$deb" | grep -E "Package|Version|Depends"
DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$deb" >/dev/null
trap 'DEBIAN_FRONTEND=noninteractive apt-get remove -y -q kib >/dev/null' EXIT
/usr/bin/kib --version | grep -q "kib 0.1.0"
/usr/bin/kib inspect "$workbook" | grep -q "KPI's"
lib=$(dpkg -L kib | grep -E '/libkib\.so\.0$' | head -1)
python3 "$here/ctypes_test.py" "$lib" "$root"
echo "deb: ok ($(basename "$deb"))"
