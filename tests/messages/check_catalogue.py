#!/usr/bin/env python3
"""messages.catalogue: every message id in kib's code has its Dutch translation in po/nl.po.

Usage: check_catalogue.py SOURCE_DIR [--print-untranslated]

The ids are what xgettext finds in the sources with kib's keywords: tr(ID), trf(ID, ...) and
N_(ID) (a marked id translated later, e.g. from a table). An id without a translation fails the
test, unless it is listed in tests/messages/untranslated.txt; that list can only shrink: a listed
id that is translated now (or no longer in the code) fails the test too, so remove it from the list.
A translation must keep the "{}" placeholders of its id (trf() fills them in order).
"""
import os
import subprocess
import sys
import tempfile

KEYWORDS = ["tr", "trf:1", "N_"]
SOURCE_DIRS = ["engine", "readers", "writers"]


def unquote(s):
    """The text of a C string literal as the .po file writes it (without the quotes)."""
    out, i = [], 0
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            out.append(escapes.get(s[i + 1], s[i + 1]))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def read_po(path):
    """{msgid: msgstr} of a .po/.pot file; fuzzy and obsolete entries count as untranslated."""
    entries, field, fuzzy = {}, None, False
    cur = {"msgid": "", "msgstr": ""}

    def flush():
        nonlocal cur, fuzzy
        if field is not None and cur["msgid"]:
            entries[cur["msgid"]] = "" if fuzzy else cur["msgstr"]
        cur, fuzzy = {"msgid": "", "msgstr": ""}, False

    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#,") and "fuzzy" in line:
                if field == "msgstr":
                    flush()
                    field = None
                fuzzy = True
            elif line.startswith("#~") or (line.startswith("#") and not line.startswith("#,")):
                continue
            elif line.startswith("msgid "):
                if field == "msgstr":
                    flush()
                field = "msgid"
                cur["msgid"] = unquote(line[6:].strip()[1:-1])
            elif line.startswith("msgstr "):
                field = "msgstr"
                cur["msgstr"] = unquote(line[7:].strip()[1:-1])
            elif line.startswith('"') and field:
                cur[field] += unquote(line.strip()[1:-1])
            elif not line.strip():
                if field == "msgstr":
                    flush()
                    field = None
        if field == "msgstr":
            flush()
    return entries


def escape(s):
    return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


def main():
    src = sys.argv[1]
    files = []
    for d in SOURCE_DIRS:
        for root, _, names in os.walk(os.path.join(src, d)):
            files += [os.path.join(root, n) for n in sorted(names) if n.endswith((".cpp", ".hpp"))]
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "kib.pot")
        cmd = ["xgettext", "--from-code=UTF-8", "--language=C++", "--keyword="]
        cmd += ["--keyword=" + k for k in KEYWORDS] + ["-o", pot] + sorted(files)
        subprocess.run(cmd, check=True)
        ids = read_po(pot) if os.path.exists(pot) else {}
    catalogue = read_po(os.path.join(src, "po", "nl.po"))
    listed_path = os.path.join(src, "tests", "messages", "untranslated.txt")
    listed = set()
    if os.path.exists(listed_path):
        with open(listed_path, encoding="utf-8") as f:
            listed = {unquote(l.rstrip("\n")) for l in f if l.strip() and not l.startswith("#")}

    untranslated = {i for i in ids if not catalogue.get(i)}
    if "--print-untranslated" in sys.argv:
        for i in sorted(untranslated):
            print(escape(i))
        return 0
    problems = []
    for i in sorted(untranslated - listed):
        problems.append("no Dutch translation in po/nl.po: " + escape(i))
    for i in sorted(listed - untranslated):
        problems.append("listed in tests/messages/untranslated.txt but translated now (or gone): remove it: " + escape(i))
    for i in sorted(ids):
        t = catalogue.get(i)
        if t and t.count("{}") != i.count("{}"):
            problems.append('the translation keeps a different number of "{}" placeholders: ' + escape(i))
    for p in problems:
        print(p)
    print(f"{len(ids)} message ids in the code, {len(untranslated)} without a Dutch translation "
          f"({len(listed)} listed as allowed)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
