"""Drives libkib.so from Python through ctypes (no extra dependencies): open a workbook saved by
LibreOffice, read sheets and cells, and check that bad input comes back as an error code and a
message without harming the host process.

usage: python3 ctypes_test.py LIBKIB WORKBOOK
"""
import ctypes
import json
import sys

KIB_OK, KIB_INTERNAL, KIB_BAD_INPUT, KIB_LIMIT, KIB_IO, KIB_INVALID_ARGUMENT = range(6)


def load(path):
    lib = ctypes.CDLL(path)
    lib.kib_version.restype = ctypes.c_char_p
    lib.kib_last_error.restype = ctypes.c_char_p
    lib.kib_free.argtypes = [ctypes.c_void_p]
    lib.kib_workbook_open.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p)]
    lib.kib_workbook_close.argtypes = [ctypes.c_void_p]
    lib.kib_workbook_sheet_count.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_int)]
    lib.kib_workbook_sheet_name.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(ctypes.c_char_p)]
    lib.kib_workbook_cells_json.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p)]
    lib.kib_workbook_cell_text.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p,
                                           ctypes.POINTER(ctypes.c_void_p)]
    return lib


def take(lib, ptr):
    text = ctypes.cast(ptr, ctypes.c_char_p).value.decode("utf-8")
    lib.kib_free(ptr)
    return text


def main():
    lib = load(sys.argv[1])
    workbook = sys.argv[2].encode("utf-8")
    assert lib.kib_version().decode() == "0.1.0", lib.kib_version()

    wb = ctypes.c_void_p()
    assert lib.kib_workbook_open(workbook, ctypes.byref(wb)) == KIB_OK, lib.kib_last_error()
    n = ctypes.c_int()
    assert lib.kib_workbook_sheet_count(wb, ctypes.byref(n)) == KIB_OK
    names = []
    for i in range(n.value):
        name = ctypes.c_char_p()
        assert lib.kib_workbook_sheet_name(wb, i, ctypes.byref(name)) == KIB_OK
        names.append(name.value.decode("utf-8"))
    assert names == ["KPI's", "Metingen 2026", "Résumé"], names

    out = ctypes.c_void_p()
    assert lib.kib_workbook_cell_text(wb, "KPI's".encode(), b"B3", ctypes.byref(out)) == KIB_OK
    assert take(lib, out) == "Wachttijd (dagen)"

    assert lib.kib_workbook_cells_json(wb, "Metingen 2026".encode(), ctypes.byref(out)) == KIB_OK
    doc = json.loads(take(lib, out))
    cells = {c["ref"]: c for c in doc["sheets"][0]["cells"]}
    assert cells["D2"] == {"ref": "D2", "type": "number", "value": 1234.5678}, cells["D2"]
    assert cells["B2"]["type"] == "date" and cells["B2"]["value"] == "2026-03-01T09:30:00", cells["B2"]

    # Errors are codes and messages, never a crash of this process.
    status = lib.kib_workbook_cell_text(wb, b"Geen blad", b"A1", ctypes.byref(out))
    assert status == KIB_BAD_INPUT, status
    assert "there is no sheet named 'Geen blad'" in lib.kib_last_error().decode(), lib.kib_last_error()
    assert lib.kib_workbook_cell_text(wb, b"KPI's", b"not-a-ref", ctypes.byref(out)) == KIB_INVALID_ARGUMENT
    assert lib.kib_workbook_sheet_name(wb, 99, ctypes.byref(ctypes.c_char_p())) == KIB_INVALID_ARGUMENT
    lib.kib_workbook_close(wb)

    bad = ctypes.c_void_p()
    assert lib.kib_workbook_open(sys.argv[1].encode(), ctypes.byref(bad)) == KIB_BAD_INPUT
    assert not bad.value
    assert b"not an Office Open XML file" in lib.kib_last_error()
    assert lib.kib_workbook_open(b"/nonexistent/x.xlsx", ctypes.byref(bad)) == KIB_IO
    assert lib.kib_workbook_open(None, ctypes.byref(bad)) == KIB_INVALID_ARGUMENT
    lib.kib_workbook_close(None)
    lib.kib_free(None)
    print("ctypes: ok")


if __name__ == "__main__":
    main()
