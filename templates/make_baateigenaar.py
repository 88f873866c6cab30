#!/usr/bin/env python3
"""Writes templates/baateigenaar/ — the built-in benefit-owner session template (seed 002).

The unpacked folder is what kib embeds (cmake/embed_templates.cmake) and zips at run time; this
script only saves typing. Edit here, run `python3 templates/make_baateigenaar.py`, commit both.
Tag syntax: README.md, "Templates".
"""
import os
from xml.sax.saxutils import escape

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "baateigenaar")
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
NS = (W + ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
      ' xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"'
      ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="w14"')


def run(text, bold=False, italic=False):
    rpr = ""
    if bold or italic:
        rpr = "<w:rPr>" + ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "") + "</w:rPr>"
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(*runs, style=None, keep_next=False):
    ppr = ""
    if style or keep_next:
        ppr = "<w:pPr>" + (f'<w:pStyle w:val="{style}"/>' if style else "") + ("<w:keepNext/>" if keep_next else "") + "</w:pPr>"
    body = "".join(r if r.startswith("<") else run(r) for r in runs)
    return f"    <w:p>{ppr}{body}</w:p>\n"


def label(name, value):
    """A paragraph "**Name:** value"."""
    return para(run(name + ": ", bold=True), run(value))


def checkbox_sdt(tag):
    """A Word content-control checkbox bound to a field by its tag."""
    return ('<w:sdt><w:sdtPr><w:alias w:val="Aanwezig"/><w:tag w:val="' + tag + '"/>'
            '<w14:checkbox><w14:checked w14:val="0"/>'
            '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/>'
            '<w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/></w14:checkbox></w:sdtPr>'
            '<w:sdtContent><w:r><w:rPr><w:rFonts w:ascii="MS Gothic" w:eastAsia="MS Gothic" w:hAnsi="MS Gothic"/></w:rPr>'
            '<w:t>\u2610</w:t></w:r></w:sdtContent></w:sdt>')


def cell(content, width, header=False):
    shading = '<w:shd w:val="clear" w:color="auto" w:fill="D9E2F3"/>' if header else ""
    if not content.startswith("<w:p"):
        content = f"<w:p>{run(content, bold=header)}</w:p>"
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shading}</w:tcPr>{content}</w:tc>'


def table(widths, header, rows):
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    out = ('    <w:tbl><w:tblPr><w:tblStyle w:val="Tabelraster"/><w:tblW w:w="0" w:type="auto"/>'
           '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
           f'</w:tblPr><w:tblGrid>{grid}</w:tblGrid>\n')
    # Rows never split across pages; the header row repeats on each page.
    out += ('      <w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>' + "".join(cell(h, w, True) for h, w in zip(header, widths)) + "</w:tr>\n")
    for r in rows:
        out += "      <w:tr><w:trPr><w:cantSplit/></w:trPr>" + "".join(cell(c, w) for c, w in zip(r, widths)) + "</w:tr>\n"
    return out + "    </w:tbl>\n" + para()


BLANK = "_" * 30  # a line to write on


def write_on_table(widths, header, rows):
    """A table of empty rows (0,9 cm high) to write on during the session; header "" = none."""
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    out = ('    <w:tbl><w:tblPr><w:tblStyle w:val="Tabelraster"/><w:tblW w:w="0" w:type="auto"/>'
           '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
           f'</w:tblPr><w:tblGrid>{grid}</w:tblGrid>\n')
    if any(header):
        out += ('      <w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>' + "".join(cell(h, w, True) for h, w in zip(header, widths)) + "</w:tr>\n")
    for _ in range(rows):
        out += ('      <w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="510"/></w:trPr>'
                + "".join(cell("<w:p/>", w) for w in widths) + "</w:tr>\n")
    return out + "    </w:tbl>\n" + para()


def p_inline(*parts):
    return "<w:p>" + "".join(p if p.startswith("<") else run(p) for p in parts) + "</w:p>"


def prio(sector):
    return para(run(f"{sector} prioriteit: ", bold=True),
                run(f"{{{{[x] prioriteit.{sector} Hoog}}}} Hoog   "),
                run(f"{{{{[x] prioriteit.{sector} Midden}}}} Midden   "),
                run(f"{{{{[x] prioriteit.{sector} Laag}}}} Laag"), style="Lijstalinea")


def document():
    b = []
    b.append(para("Sessie Baateigenaren", style="Titel"))
    # Who this copy is for: the participant of `kib fill --each deelnemers` (the list element's
    # naam/rol/sector are looked up first) or the owner of `kib handout --per-owner`; a handout
    # for everyone has naam "" and skips these lines.
    b.append(para("{{#naam}}"))
    b.append(para("Persoonlijke handout voor {{naam}}", style="Ondertitel"))
    b.append(para(run("Rol: ", bold=True), run("{{rol}}{{^rol}}-{{/rol}}"), run("   Sector: ", bold=True),
                  run("{{sector}}{{^sector}}-{{/sector}}")))
    b.append(para("{{/naam}}"))
    b.append(label("Programma", "{{programma}}"))
    # Facts not given are lines to write on.
    b.append(label("Datum sessie", "{{datum}}{{^datum}}" + BLANK + "{{/datum}}"))
    b.append(label("Locatie", "{{locatie}}{{^locatie}}" + BLANK + "{{/locatie}}"))
    b.append(label("Facilitator", "{{facilitator}}{{^facilitator}}" + BLANK + "{{/facilitator}}"))

    b.append(para("Theoretische basis", style="Kop1"))
    b.append(label("Thema", "Leiden (H30-H32 Werken aan Programma's)"))
    b.append(label("Kernprincipe", "P2 - Eigenaarschap aanboren > opdrachten geven"))
    b.append(para(run("\u201cBetrokkenheid ontstaat door eigenaarschap, niet door opdrachten van bovenaf.\u201d", italic=True), style="Citaat"))
    b.append(para(run("\u2014 Prevaas & Van Loon", italic=True), style="Citaat"))

    b.append(para("Deelnemers (baateigenaren)", style="Kop1"))
    b.append(table([2700, 2500, 1300, 1700], ["Naam", "Rol", "Sector", "Aanwezig"],
                   [["{{#deelnemers}}{{naam}}", "{{rol}}", "{{sector}}",
                     "<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>" + checkbox_sdt("aanwezig") + run("{{/deelnemers}}") + "</w:p>"]]))

    b.append(para("Doel van de sessie", style="Kop1"))
    b.append(para("{{doel}}"))
    b.append(para("Kernvragen (vanuit thema Leiden)", style="Kop2"))
    b.append(para("{{#kernvragen}}"))
    b.append(para(run("{{nr}}. {{vraag}}", bold=True), keep_next=True))
    b.append(para("Antwoord: {{antwoord}}{{^antwoord}}" + BLANK * 2 + "{{/antwoord}}", style="Lijstalinea"))
    b.append(para("{{/kernvragen}}"))

    b.append(para("Agenda", style="Kop1"))
    b.append(table([1200, 5400, 1600], ["Tijd", "Onderdeel", "Duur"],
                   [["{{#agenda}}{{tijd}}", "{{onderdeel}}", "{{duur}}{{/agenda}}"]]))

    b.append(para("De 6 baten van {{programma}}", style="Kop1"))
    b.append(para("Voor elke baat: bespreek de prioriteit per sector."))
    b.append(para("{{#baten}}"))
    b.append(para("Baat {{nr}}: {{naam}}", style="Kop2"))
    for s in ("PO", "VO", "ZAK"):
        b.append(prio(s))
    b.append(para(run("Baateigenaar: ", bold=True), run("{{eigenaar}}{{^eigenaar}}___{{/eigenaar}}"), style="Lijstalinea"))
    b.append(para("{{/baten}}"))

    b.append(para("Check: eigenaarschap (P2)", style="Kop1"))
    b.append(para("Voor elke toegewezen baat: wie is de eigenaar, is dat expliciet uitgesproken, heeft de eigenaar dit zelf gekozen en is er commitment?"))
    yn = lambda f: p_inline(f"{{{{[x] {f} ja}}}} Ja  {{{{[x] {f} nee}}}} Nee")
    b.append(table([2000, 1600, 1800, 1800, 1800], ["Baat", "Eigenaar", "Uitgesproken", "Zelf gekozen", "Commitment"],
                   [["{{#baten}}{{naam}}", "{{eigenaar}}", yn("check.uitgesproken"), yn("check.zelf_gekozen"),
                     p_inline("{{[x] check.commitment ja}} Ja  {{[x] check.commitment nee}} Nee{{/baten}}")]]))
    b.append(para(run("Valkuil herkennen: ", bold=True), run("\u201cDat is van het programma\u201d = eigenaarschap afschuiven!")))
    b.append(para("{{#afschuiven}}"))
    b.append(para(run("Vooraf bekend: ", bold=True), run("{{afschuiven}}")))
    b.append(para("{{/afschuiven}}"))
    # Written during the session: empty rows to write on, never filled by kib.
    b.append(para(run("Gehoord tijdens de sessie:", bold=True), keep_next=True))
    b.append(write_on_table([8200], [""], 3))

    b.append(para("Afspraken", style="Kop1"))
    b.append(para("Openstaande afspraken; verlopen = de deadline is voorbij.", keep_next=True))
    b.append(table([4200, 2400, 1600], ["Afspraak", "Verantwoordelijke", "Deadline"],
                   [["{{#afspraken}}{{afspraak}}", "{{verantwoordelijke}}",
                     p_inline("{{deadline}}", run("{{#verlopen}} (verlopen){{/verlopen}}", bold=True), "{{/afspraken}}")]]))
    b.append(para("{{^afspraken}}Nog geen afspraken vastgelegd.{{/afspraken}}"))
    b.append(para("Nieuwe afspraken", style="Kop2"))
    b.append(write_on_table([4200, 2400, 1600], ["Afspraak", "Verantwoordelijke", "Deadline"], 4))

    b.append(para("Vervolgstappen", style="Kop1"))
    b.append(para("{{#vervolgstappen}}"))
    b.append(para("{{[x] gedaan}} {{stap}}", style="Lijstalinea"))
    b.append(para("{{/vervolgstappen}}"))

    b.append(para("Reflectie facilitator", style="Kop1"))
    b.append(para(run("Wat ging goed: ", bold=True), run("{{reflectie.goed}}{{^reflectie.goed}}" + BLANK + "{{/reflectie.goed}}")))
    b.append(para(run("Wat kan beter: ", bold=True), run("{{reflectie.beter}}{{^reflectie.beter}}" + BLANK + "{{/reflectie.beter}}")))
    b.append(para(run("Signalen eigenaarschap: ", bold=True), run("{{reflectie.signalen}}{{^reflectie.signalen}}" + BLANK + "{{/reflectie.signalen}}")))
    b.append(para(run("Template gebaseerd op \u201cWerken aan Programma's\u201d (Prevaas & Van Loon), thema 7: Leiden (H30-H32)", italic=True), style="Voettekst"))

    sect = ('    <w:sectPr><w:footerReference w:type="default" r:id="rId4"/>'
            '<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1417" w:right="1417" w:bottom="1417" w:left="1417" '
            'w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>\n')
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:document {NS}>\n  <w:body>\n' + "".join(b) + sect + "  </w:body>\n</w:document>\n")


def footer():
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:ftr {NS}>\n' + para("Sessie baateigenaren \u2014 {{programma}} \u2014 {{datum}}", style="Voettekst") + "</w:ftr>\n")


def style(sid, name, based="Standaard", ppr="", rpr="", kind="paragraph", extra=""):
    return (f'  <w:style w:type="{kind}" w:styleId="{sid}"><w:name w:val="{name}"/>'
            + (f'<w:basedOn w:val="{based}"/>' if based else "") + extra
            + (f"<w:pPr>{ppr}</w:pPr>" if ppr else "") + (f"<w:rPr>{rpr}</w:rPr>" if rpr else "") + "</w:style>\n")


def styles():
    s = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         f'<w:styles {W}>\n'
         '  <w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:eastAsia="Calibri" w:cs="Calibri"/>'
         '<w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="nl-NL"/></w:rPr></w:rPrDefault>'
         '<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>\n')
    s += style("Standaard", "Normal", based=None, extra='<w:qFormat/>').replace('<w:style ', '<w:style w:default="1" ', 1)
    s += style("Titel", "Title", ppr='<w:spacing w:after="240"/>', rpr='<w:b/><w:color w:val="1F3864"/><w:sz w:val="40"/>', extra='<w:next w:val="Standaard"/><w:qFormat/>')
    s += style("Ondertitel", "Subtitle", ppr='<w:spacing w:after="60"/>', rpr='<w:b/><w:color w:val="2F5496"/><w:sz w:val="28"/>',
               extra='<w:next w:val="Standaard"/><w:qFormat/>')
    s += style("Kop1", "heading 1", ppr='<w:keepNext/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="0"/>',
               rpr='<w:b/><w:color w:val="2F5496"/><w:sz w:val="30"/>', extra='<w:next w:val="Standaard"/><w:qFormat/>')
    s += style("Kop2", "heading 2", ppr='<w:keepNext/><w:spacing w:before="240" w:after="80"/><w:outlineLvl w:val="1"/>',
               rpr='<w:b/><w:color w:val="2F5496"/><w:sz w:val="26"/>', extra='<w:next w:val="Standaard"/><w:qFormat/>')
    s += style("Kop3", "heading 3", ppr='<w:keepNext/><w:spacing w:before="200" w:after="60"/><w:outlineLvl w:val="2"/>',
               rpr='<w:b/><w:color w:val="1F3864"/><w:sz w:val="24"/>', extra='<w:next w:val="Standaard"/><w:qFormat/>')
    s += style("Citaat", "Quote", ppr='<w:ind w:left="567" w:right="567"/>', rpr='<w:i/><w:color w:val="404040"/>', extra='<w:qFormat/>')
    s += style("Lijstalinea", "List Paragraph", ppr='<w:spacing w:after="60"/><w:ind w:left="567"/>', extra='<w:qFormat/>')
    s += style("Voettekst", "footer", rpr='<w:color w:val="595959"/><w:sz w:val="18"/>')
    s += ('  <w:style w:type="table" w:default="1" w:styleId="Standaardtabel"><w:name w:val="Normal Table"/>'
          '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
          '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>\n')
    s += ('  <w:style w:type="table" w:styleId="Tabelraster"><w:name w:val="Table Grid"/><w:basedOn w:val="Standaardtabel"/>'
          '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
          '<w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="8EAADB"/><w:left w:val="single" w:sz="4" w:space="0" w:color="8EAADB"/>'
          '<w:bottom w:val="single" w:sz="4" w:space="0" w:color="8EAADB"/><w:right w:val="single" w:sz="4" w:space="0" w:color="8EAADB"/>'
          '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="8EAADB"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="8EAADB"/>'
          '</w:tblBorders></w:tblPr></w:style>\n')
    return s + "</w:styles>\n"


FILES = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\n'
    '  <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\n'
    '  <Default Extension="xml" ContentType="application/xml"/>\n'
    '  <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\n'
    '  <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\n'
    '  <Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>\n'
    '  <Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>\n'
    '  <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\n'
    '  <Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>\n'
    '</Types>\n',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\n'
    '  <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>\n'
    '  <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\n'
    '  <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>\n'
    '</Relationships>\n',
    "word/_rels/document.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\n'
    '  <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\n'
    '  <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>\n'
    '  <Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>\n'
    '</Relationships>\n',
    "word/settings.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<w:settings {W}>\n  <w:defaultTabStop w:val="708"/>\n  <w:characterSpacingControl w:val="doNotCompress"/>\n'
    '  <w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>\n'
    '</w:settings>\n',
    "docProps/core.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
    '  <dc:title>Sessie Baateigenaren</dc:title>\n  <dc:creator>kib</dc:creator>\n  <dc:language>nl-NL</dc:language>\n'
    '  <dcterms:created xsi:type="dcterms:W3CDTF">2026-11-23T00:00:00Z</dcterms:created>\n'
    '</cp:coreProperties>\n',
    "docProps/app.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">\n'
    '  <Application>kib</Application>\n</Properties>\n',
}

if __name__ == "__main__":
    FILES["word/document.xml"] = document()
    FILES["word/styles.xml"] = styles()
    FILES["word/footer1.xml"] = footer()
    for name, text in FILES.items():
        path = os.path.join(OUT, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
