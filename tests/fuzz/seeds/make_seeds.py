#!/usr/bin/env python3
"""Makes the seed inputs of the `template` and `edit` fuzz targets from the test fixtures.

template: a .docx, the separator line, JSON data (see tests/fuzz/fuzz_template.cpp).
edit:     a workbook, then 4-byte edit records and their count (see tests/fuzz/fuzz_edit.cpp).
Packages are re-zipped without compression (ZIP_STORED) so that mutations reach the XML.
Run from the repository root: python3 tests/fuzz/seeds/make_seeds.py
"""
import io
import json
import os
import zipfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SEEDS = os.path.join(ROOT, "tests", "fuzz", "seeds")
SEPARATOR = b"\n--kib-fuzz-data--\n"


def stored(entries):
    """entries: [(name, bytes)] -> a ZIP without compression, fixed times (reproducible)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(2026, 11, 23, 0, 0, 0))
            z.writestr(info, data)
    return out.getvalue()


def restored(path):
    with zipfile.ZipFile(path) as z:
        return stored([(i.filename, z.read(i.filename)) for i in z.infolist()])


def folder(path):
    entries = []
    for dirpath, _, files in os.walk(path):
        for f in sorted(files):
            full = os.path.join(dirpath, f)
            name = os.path.relpath(full, path).replace(os.sep, "/")
            entries.append((name, open(full, "rb").read()))
    # [Content_Types].xml first, as office programs write it.
    entries.sort(key=lambda e: (e[0] != "[Content_Types].xml", e[0]))
    return stored(entries)


def write(target, name, data):
    with open(os.path.join(SEEDS, target, name), "wb") as f:
        f.write(data)


def templates():
    session = open(os.path.join(ROOT, "samples", "sessie_baateigenaren.json"), "rb").read()
    small = json.dumps({
        "programma": "Klant in Beeld", "datum": "3 december 2026", "locatie": "Zaal 4 & <5>",
        "deelnemers": [{"naam": "Anna", "sector": "PO", "aanwezig": True},
                       {"naam": "Özdemir", "sector": "VO", "aanwezig": False}],
        "agenda": [{"tijd": "09:00", "onderdeel": "Opening"}], "afspraken": [],
    }, ensure_ascii=False).encode()
    write("template", "baateigenaar.bin", folder(os.path.join(ROOT, "templates", "baateigenaar")) + SEPARATOR + session)
    fixtures = os.path.join(ROOT, "tests", "fixtures", "template")
    write("template", "libreoffice.bin", restored(os.path.join(fixtures, "libreoffice_template.docx")) + SEPARATOR + small)
    write("template", "pandoc.bin", restored(os.path.join(fixtures, "pandoc_template.docx")) + SEPARATOR + small)
    write("template", "pandoc-deflated-nodata.bin", open(os.path.join(fixtures, "pandoc_template.docx"), "rb").read())


def edits(records):
    """records: [(op, row, col, value)]; op 0 number, 1 text, 2 date, 3 formula, 4 clear, 5 append_row."""
    return b"".join(bytes(r) for r in records) + bytes([len(records)])


def workbooks():
    every_op = [(0, 2, 2, 40), (1, 3, 1, 2), (2, 4, 3, 7), (3, 5, 4, 9), (4, 2, 1, 0), (5, 0, 0, 5)]
    overwrite = [(1, 1, 1, 5), (0, 1, 1, 3), (4, 1, 1, 0), (3, 1, 1, 1), (5, 0, 2, 4), (5, 0, 2, 6)]
    write("edit", "kpi-stored.bin", restored(os.path.join(ROOT, "tests", "fixtures", "xlsx", "kpi.xlsx")) + edits(every_op))
    write("edit", "kpi-excel.bin", open(os.path.join(ROOT, "tests", "fixtures", "edit", "kpi-excel.xlsx"), "rb").read() + edits(overwrite))
    write("edit", "kpi-libreoffice-stored.bin",
          restored(os.path.join(ROOT, "tests", "fixtures", "edit", "kpi-libreoffice.xlsx")) + edits(every_op + overwrite))


templates()
workbooks()
