"""Drives libkib.so from Python through ctypes (no extra dependencies): open a workbook saved by
LibreOffice, read sheets and cells, and check that bad input comes back as an error code and a
message without harming the host process.

usage: python3 ctypes_test.py LIBKIB SOURCE_DIR
"""
import ctypes
import json
import os
import sys
import tempfile
import zipfile

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
    lib.kib_workbook_tables_json.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p)]
    lib.kib_set_cells.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_char_p), ctypes.c_int]
    lib.kib_comments_json.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p)]
    lib.kib_fill.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p]
    lib.kib_score_json.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p)]
    lib.kib_kpi_update.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p,
                                   ctypes.POINTER(ctypes.c_void_p)]
    lib.kib_watch_once.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_int)]
    lib.kib_set_limit.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
    return lib


def take(lib, ptr):
    text = ctypes.cast(ptr, ctypes.c_char_p).value.decode("utf-8")
    lib.kib_free(ptr)
    return text


def main():
    lib = load(sys.argv[1])
    root = sys.argv[2]
    workbook = os.path.join(root, "tests/fixtures/xlsx/kpi.xlsx").encode("utf-8")
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

    # Limits by name, as --limit: a sheet longer than the limit is refused with KIB_LIMIT.
    assert lib.kib_set_limit(b"rows", b"3") == KIB_OK, lib.kib_last_error()
    wb = ctypes.c_void_p()
    assert lib.kib_workbook_open(workbook, ctypes.byref(wb)) == KIB_OK, lib.kib_last_error()
    assert lib.kib_workbook_cells_json(wb, "KPI's".encode(), ctypes.byref(out)) == KIB_LIMIT
    assert b"--limit rows=N" in lib.kib_last_error(), lib.kib_last_error()
    lib.kib_workbook_close(wb)
    assert lib.kib_set_limit(b"rows", b"1048576") == KIB_OK
    assert lib.kib_set_limit(b"rijen", b"3") == KIB_BAD_INPUT
    assert b"there is no limit called 'rijen'" in lib.kib_last_error()
    assert lib.kib_set_limit(None, b"3") == KIB_INVALID_ARGUMENT

    bad = ctypes.c_void_p()
    assert lib.kib_workbook_open(sys.argv[1].encode(), ctypes.byref(bad)) == KIB_BAD_INPUT
    assert not bad.value
    assert b"not an Office Open XML file" in lib.kib_last_error()
    assert lib.kib_workbook_open(b"/nonexistent/x.xlsx", ctypes.byref(bad)) == KIB_IO
    assert lib.kib_workbook_open(None, ctypes.byref(bad)) == KIB_INVALID_ARGUMENT
    lib.kib_workbook_close(None)
    lib.kib_free(None)
    jobs(lib, root)
    print("ctypes: ok")


def jobs(lib, root):
    out = ctypes.c_void_p()
    tmp = tempfile.mkdtemp(prefix="kib-ctypes-")
    enc = lambda p: p.encode("utf-8")

    # Update a KPI cell in a copy of a workbook; the copy reads back with the new value.
    src = os.path.join(root, "tests/fixtures/xlsx/kpi.xlsx")
    dst = os.path.join(tmp, "kpi bijgewerkt.xlsx")
    cells = (ctypes.c_char_p * 2)(b"KPI's!D3=40", b"KPI's!E3=36,5")
    assert lib.kib_set_cells(enc(src), enc(dst), cells, 2) == KIB_OK, lib.kib_last_error()
    wb = ctypes.c_void_p()
    assert lib.kib_workbook_open(enc(dst), ctypes.byref(wb)) == KIB_OK
    assert lib.kib_workbook_cell_text(wb, "KPI's".encode(), b"E3", ctypes.byref(out)) == KIB_OK
    assert take(lib, out) == "36.5"
    lib.kib_workbook_close(wb)
    assert lib.kib_workbook_open(enc(dst), ctypes.byref(wb)) == KIB_OK
    assert lib.kib_workbook_tables_json(wb, ctypes.byref(out)) == KIB_OK
    names = {n["name"]: n for n in json.loads(take(lib, out))["names"]}
    assert names["KPI_Tabel"]["value"] == "'KPI''s'!$A$2:$G$5", names
    lib.kib_workbook_close(wb)
    # In place (output NULL): the file changes and a backup keeps the old one.
    again = (ctypes.c_char_p * 1)(b"KPI's!D3=41")
    assert lib.kib_set_cells(enc(dst), None, again, 1) == KIB_OK, lib.kib_last_error()
    assert os.path.exists(os.path.join(tmp, "kpi bijgewerkt.bak.xlsx"))
    assert lib.kib_workbook_open(enc(dst), ctypes.byref(wb)) == KIB_OK
    assert lib.kib_workbook_cell_text(wb, "KPI's".encode(), b"D3", ctypes.byref(out)) == KIB_OK
    assert take(lib, out) == "41"
    lib.kib_workbook_close(wb)
    bad = (ctypes.c_char_p * 1)(b"KPI's!ZZZZ1=1")
    assert lib.kib_set_cells(enc(src), enc(os.path.join(tmp, "nooit.xlsx")), bad, 1) == KIB_BAD_INPUT
    assert not os.path.exists(os.path.join(tmp, "nooit.xlsx"))

    # The programme workbook's KPI update at a reference date.
    programme = os.path.join(root, "samples/programma.xlsx")
    updated = os.path.join(tmp, "programma bijgewerkt.xlsx")
    assert lib.kib_kpi_update(enc(programme), None, b"2026-08-10", enc(updated), ctypes.byref(out)) == KIB_OK, \
        lib.kib_last_error()
    kpis = json.loads(take(lib, out))
    assert os.path.exists(updated)
    assert "kpis" in kpis and len(kpis["kpis"]) > 0, list(kpis)

    # Fill the session template.
    handout = os.path.join(tmp, "sessie.docx")
    data = os.path.join(root, "samples/sessie_baateigenaren.json")
    assert lib.kib_fill(b"builtin:baateigenaar", enc(data), enc(handout)) == KIB_OK, lib.kib_last_error()
    with zipfile.ZipFile(handout) as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert "{{" not in body
    first = json.load(open(data, encoding="utf-8"))
    assert isinstance(first, dict)
    assert lib.kib_fill(b"builtin:baateigenaar", b"/nonexistent.json", enc(handout)) in (KIB_IO, KIB_BAD_INPUT)

    # Read the seed-style comments.
    draft = os.path.join(root, "tests/fixtures/docx/programmaplan-pandoc.docx")
    assert lib.kib_comments_json(enc(draft), ctypes.byref(out)) == KIB_OK, lib.kib_last_error()
    marks = json.loads(take(lib, out))
    authors = {c["author"] for c in marks["comments"]}
    assert "Roel Bakker" in authors, authors
    assert any("gap-analyse" in c["text"] for c in marks["comments"])
    assert lib.kib_comments_json(enc(src), ctypes.byref(out)) == KIB_BAD_INPUT
    assert "Word" in lib.kib_last_error().decode() or "document" in lib.kib_last_error().decode(), lib.kib_last_error()

    # Score the sample survey.
    assert lib.kib_score_json(enc(os.path.join(root, "samples/cx_scan_2026.xlsx")), ctypes.byref(out)) == KIB_OK
    scan = json.loads(take(lib, out))
    assert scan["respondents"] == 240, scan["respondents"]

    # One drop-folder run.
    drop = os.path.join(tmp, "drop")
    os.makedirs(os.path.join(drop, "inbox"))
    with open(os.path.join(drop, "kib.toml"), "w") as f:
        f.write("[watch]\nstable_seconds = 0.1\n")
    for name, data in (("plan.docx", open(draft, "rb").read()), ("kapot.xlsx", b"PK\x03\x04 niet echt")):
        with open(os.path.join(drop, "inbox", name), "wb") as f:
            f.write(data)
    processed, failed = ctypes.c_int(), ctypes.c_int()
    assert lib.kib_watch_once(enc(drop), ctypes.byref(processed), ctypes.byref(failed)) == KIB_OK, lib.kib_last_error()
    assert (processed.value, failed.value) == (1, 1), (processed.value, failed.value)


if __name__ == "__main__":
    main()
