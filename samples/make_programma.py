#!/usr/bin/env python3
"""Writes the programme workbook sample as LibreOffice flat XML (.fods).

The figures are the seeds': the 18-month roadmap (efforts PRJ/PRC/LRN/SYS/CUL, milestones with
go/no-go criteria), the KPI table Start/M3/M6/M9/M12/M18/Doel per domain, the roles, the six
benefits of the benefit-owner session. Measurements, progress, risk scores, the session's outcomes
and agreements' deadlines are illustrative (the seeds leave them blank) — see README.

Usage: make_programma.py OUT.fods [--variant NAME]
Variants (test fixtures for bad input, see tests/fixtures/programme/make_fixtures.sh):
  sections      the KPI's sheet without a Domein column, domains as section rows ("MENS")
  no_roadmap    the Roadmap sheet is missing
  renamed       Roadmap's "Start" column is called "Begin datum"
  bad_number    KPI's!F7 holds "6,0x"
  unknown_kpi   a measurement for "NPS" in Metingen
  outside       a measurement dated 2027-07-01 (after M18)
  start_dec     the Programma sheet says Start "december 2025" (M1 one month earlier)
  bad_start     Programma!B3 holds "jan 2026x"
  no_facts      without the Programma sheet (the name falls back to the file name)
Output is deterministic: same input, same bytes.
"""
import sys
from xml.sax.saxutils import escape

# ---------------------------------------------------------------- data
# KPI table of the roadmap seed. A float is a number cell, ('%', x) a percentage cell (x as
# fraction), a str is text exactly as the seed writes it.
def P(x):
    return ('%', x)

KPIS = [
    # domain, name, unit, frequency, start, M3, M6, M9, M12, M18, goal
    ("Mens", "% Getraind outside-in", "%", "maandelijks", P(.10), P(.15), P(.30), P(.50), P(.70), P(.80), P(.80)),
    ("Mens", "Gedragsobservatie score", "score", "kwartaal", "n.m.", "n.m.", 6.0, 6.5, 7.0, 7.5, 7.5),
    ("Proces", "% Uniform proces geïmpl.", "%", "maandelijks", P(0), "ontw.", "pilot", P(.50), P(.80), P(1), P(1)),
    ("Proces", "Procesnaleving", "%", "maandelijks", P(.50), P(.55), P(.60), P(.70), P(.80), P(.90), P(.90)),
    ("Systeem", "360° klantbeeld", "%", "maandelijks", P(.30), P(.35), P(.45), P(.55), P(.70), P(.85), P(.85)),
    ("Systeem", "Datakwaliteit score", "score", "kwartaal", 5.5, 6.0, 6.5, 7.0, 7.5, 8.5, 8.5),
    ("Systeem", "CRM-adoptie", "%", "maandelijks", P(.50), P(.55), P(.65), P(.75), P(.85), P(.90), P(.90)),
    ("Cultuur", "Eigenaarschap score", "score", "kwartaal", 6.0, "n.m.", 6.2, 6.5, 7.0, 7.5, 7.5),
    ("Cultuur", "Proactieve initiatieven/kw", "aantal", "kwartaal", 10.0, 12.0, 20.0, 30.0, 40.0, "50+", "50+"),
    ("Sectorbaten", "PO Churn", "%", "kwartaal", P(.12), P(.12), P(.11), P(.10), P(.09), P(.08), P(.08)),
    ("Sectorbaten", "VO Relatieduur", "", "kwartaal", "3jr", "n.m.", "+5%", "+15%", "+25%", "+30%", "+30%"),
    ("Sectorbaten", "Zakelijk ARR", "", "kwartaal", "base", "+1%", "+3%", "+7%", "+10%", "+15%", "+15%"),
]

MONTH_ENDS = ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31", "2026-06-30",
              "2026-07-31", "2026-08-31", "2026-09-30", "2026-10-31"]
MONTHLY = {
    "% Getraind outside-in": [P(.11), P(.12), P(.15), P(.18), P(.22), P(.27), P(.31), P(.36), P(.42), P(.48)],
    "% Uniform proces geïmpl.": [P(0), P(0), "ontw.", P(.05), P(.10), "pilot", P(.25), P(.35), P(.45), P(.55)],
    "Procesnaleving": [P(.50), P(.52), P(.55), P(.56), P(.57), P(.58), P(.60), P(.63), P(.66), P(.70)],
    "360° klantbeeld": [P(.30), P(.32), P(.35), P(.37), P(.40), P(.44), P(.47), P(.50), P(.52), P(.56)],
    "CRM-adoptie": [P(.50), P(.52), P(.54), P(.57), P(.60), P(.62), P(.66), P(.69), P(.70), P(.74)],
}
QUARTERS = ["2026-03-31", "2026-06-30", "2026-09-30"]
QUARTERLY = {
    "Gedragsobservatie score": ["n.m.", "5,8", "6,4"],
    "Datakwaliteit score": [6.0, 6.3, 6.6],
    "Eigenaarschap score": [None, "6,1", "6.3"],
    "Proactieve initiatieven/kw": [12.0, 18.0, 31.0],
    "PO Churn": [P(.12), P(.115), P(.102)],
    "VO Relatieduur": [None, "3,1jr", "+12%"],
    "Zakelijk ARR": ["+1%", "+2%", "+6%"],
}
SOURCE = {"% Getraind outside-in": "LMS-export", "% Uniform proces geïmpl.": "Procesregister",
          "Procesnaleving": "Steekproef dossiers", "360° klantbeeld": "CRM-dashboard",
          "CRM-adoptie": "CRM-dashboard", "Gedragsobservatie score": "Observatie 3Sides",
          "Datakwaliteit score": "Data & Tech", "Eigenaarschap score": "Medewerkerspeiling",
          "Proactieve initiatieven/kw": "Programmateam", "PO Churn": "Sector PO",
          "VO Relatieduur": "Sector VO", "Zakelijk ARR": "Sector Zakelijk"}

# Roadmap seed: ASCII codes with the Mermaid start months and durations.
EFFORTS = [
    # code, name, type, domain, start (YYYY-MM), months, continuous, owner, progress
    ("FUN-01", "MT-sessie GO/NO-GO", "Fundament", "Programma", "2026-01", 1, "nee", "Roel Bakker", 1.0),
    ("FUN-02", "Businesscase opstellen", "Fundament", "Programma", "2026-01", 2, "nee", "Pim de Burger", 1.0),
    ("FUN-03", "Governance formaliseren", "Fundament", "Programma", "2026-01", 2, "nee", "Pim de Burger", 1.0),
    ("FUN-04", "Risicolog opstellen", "Fundament", "Programma", "2026-02", 1, "nee", "Pim de Burger", 1.0),
    ("PRJ-01", "Klantreis PO afronden", "Project", "Proces", "2026-01", 3, "nee", "Leontine Derks", 1.0),
    ("PRJ-02", "Klantreis VO afronden", "Project", "Proces", "2026-01", 3, "nee", "Bert Thijs de Jong", 1.0),
    ("PRJ-03", "Klantreis Zakelijk", "Project", "Proces", "2026-03", 6, "nee", "Jasper Kwakkelstein", 0.8),
    ("PRJ-04", "Quick wins implementeren", "Project", "Proces", "2026-02", 4, "nee", "Pim de Burger", 1.0),
    ("PRJ-05", "Onboarding verbetering", "Project", "Proces", "2026-04", 5, "nee", "Leontine Derks", 0.9),
    ("PRC-01", "Uniform klantproces ontwerp", "Proces", "Proces", "2026-01", 3, "nee", "n.t.b.", 1.0),
    ("PRC-02", "Pilot PO", "Proces", "Proces", "2026-04", 2, "nee", "Leontine Derks", 1.0),
    ("PRC-03", "Rollout alle sectoren", "Proces", "Proces", "2026-06", 6, "nee", "n.t.b.", 0.55),
    ("PRC-04", "Procesborging", "Proces", "Proces", "2026-10", 8, "nee", "n.t.b.", 0.05),
    ("LRN-01", "Training outside-in basis", "Mens", "Mens", "2026-02", 4, "nee", "HR", 1.0),
    ("LRN-02", "Training outside-in verdieping", "Mens", "Mens", "2026-06", 6, "nee", "HR", 0.5),
    ("LRN-03", "Leiderschapsprogramma", "Mens", "Mens", "2026-01", 8, "nee", "Marjan Heijink", 1.0),
    ("LRN-04", "Coaching-on-the-job", "Mens", "Mens", "2026-03", 15, "ja", "3Sides", 0.5),
    ("LRN-05", "Train-de-trainer", "Mens", "Mens", "2026-04", 3, "nee", "HR", 1.0),
    ("LRN-06", "Intervisie", "Mens", "Mens", "2026-05", 14, "ja", "3Sides", 0.4),
    ("SYS-01", "CRM analyse en ontwerp", "Systeem", "Systeem", "2026-01", 3, "nee", "Cornelis Richter", 1.0),
    ("SYS-02", "CRM herinrichting", "Systeem", "Systeem", "2026-03", 6, "nee", "Cornelis Richter", 0.7),
    ("SYS-03", "Data-integratie", "Systeem", "Systeem", "2026-04", 8, "nee", "Cornelis Richter", 0.5),
    ("SYS-04", "Data-opschoning", "Systeem", "Systeem", "2026-02", 6, "nee", "Cornelis Richter", 1.0),
    ("SYS-05", "Dashboard ontwikkeling", "Systeem", "Systeem", "2026-06", 6, "nee", "Cornelis Richter", 0.6),
    ("SYS-06", "CRM-adoptie training", "Systeem", "Systeem", "2026-06", 6, "nee", "HR", 0.5),
    ("CUL-01", "Mobilisering leiderschap", "Cultuur", "Cultuur", "2026-01", 3, "nee", "Roel Bakker", 1.0),
    ("CUL-02", "Communicatiecampagne", "Cultuur", "Cultuur", "2026-02", 16, "ja", "Pim de Burger", 0.5),
    ("CUL-03", "Succesverhalen delen", "Cultuur", "Cultuur", "2026-04", 14, "ja", "Pim de Burger", 0.4),
]

MILESTONES = [
    ("M1", "M1", "GO-besluit MT", ["MT akkoord met programmatische aanpak", "Programma-eigenaar benoemd",
                                   "Budget toegekend", "Governance vastgesteld"], "behaald"),
    ("M3", "M3", "Fundament klaar", ["Businesscase goedgekeurd", "Klantreis PO/VO afgerond", "CRM-analyse gereed",
                                     "Procesontwerp gereed", "Risicolog compleet"], "behaald"),
    ("M6", "M6", "Mid-term review", ["Pilot succesvol", "CRM operationeel", "30% getraind",
                                     "Risico's onder controle"], "behaald"),
    ("M9", "M9", "Implementatie klaar", ["Rollout klantproces voltooid", "CRM volledig operationeel", "50% getraind",
                                         "Dashboard operationeel", "Klantreis Zakelijk ontwerp gereed"], "open"),
    ("M12", "M12", "Jaarreview", ["Baten op schema", "Gedragsverandering zichtbaar", "Cultuurmeting positief",
                                  "Budget 2027 aangevraagd"], "open"),
    ("M18", "M18", "Verankering klaar", ["Alle KPI's behaald", "Processen geborgd in lijn", "Gedrag verankerd",
                                         "Overdracht naar lijn gestart", "Afbouwplan goedgekeurd"], "open"),
]

BENEFITS = [
    # nr, benefit, domain, PO, VO, ZAK, owner, explicit, chosen, commitment
    ("1", "Consistente klantbeleving", "Proces", "Hoog", "Hoog", "Midden", "Leontine Derks", "ja", "ja", "ja"),
    ("2", "Hogere klanttevredenheid", "Sectorbaten", "Hoog", "Midden", "Hoog", "Bert Thijs de Jong", "ja", "ja", "nee"),
    ("3", "Efficiëntere klantprocessen", "Proces", "Midden", "Midden", "Laag", "Pim de Burger", "ja", "nee", "ja"),
    ("4", "Betere klantinzichten", "Systeem", "Midden", "Hoog", "Hoog", "Cornelis Richter", "nee", "ja", "ja"),
    ("5", "Sterkere klantrelaties", "Sectorbaten", "Laag", "Hoog", "Hoog", "Jasper Kwakkelstein", "ja", "ja", "ja"),
    ("6", "Outside-in cultuur", "Cultuur", "Hoog", "Hoog", "Midden", "", "", "", ""),
]

ROLES = [
    ("Roel Bakker", "Opdrachtgever", "Directeur Cito bv"),
    ("Peter Dam", "Sponsorgroep", "Manager SIO"),
    ("Marjan Heijink", "Sponsorgroep", "Programmadirecteur"),
    ("n.t.b.", "Programma-eigenaar", "Commercieel Manager"),
    ("Pim de Burger", "Programmamanager", "-"),
    ("Leontine Derks", "Baateigenaar", "PO"),
    ("Bert Thijs de Jong", "Baateigenaar", "VO"),
    ("Jasper Kwakkelstein", "Baateigenaar", "ZAK"),
    ("n.t.b.", "HR-vertegenwoordiger", "Mens"),
    ("Cornelis Richter", "Data & Tech Manager", "Systeem"),
    ("3Sides", "Methodiekexpert", "-"),
]

RISKS = [
    ("Vertraging GO-besluit blokkeert alles", "Fundament", 2, 5, "Besluitvorming MT vooraf agenderen", "Roel Bakker", "gesloten"),
    ("Geen programma-eigenaar benoemd: geen strategische sturing", "Fundament", 4, 4, "Benoeming escaleren naar sponsorgroep", "Roel Bakker", "open"),
    ("Onvoldoende budget: scope moet krimpen", "Fundament", 3, 4, "Begroting 2027 tijdig aanvragen", "Pim de Burger", "open"),
    ("CRM-vertraging blokkeert processen", "Implementatie", 4, 5, "Procesontwerp ontkoppelen van CRM-release", "Cornelis Richter", "open"),
    ("Terugval in oud gedrag na training", "Implementatie", 3, 3, "Coaching-on-the-job en intervisie", "3Sides", "open"),
    ("Zakelijk loopt achter: ongelijkmatig resultaat", "Implementatie", 3, 2, "Extra capaciteit klantreis Zakelijk", "Jasper Kwakkelstein", "open"),
    ("Lijn niet klaar voor overname", "Verankering", 2, 4, "Overdrachtsplan vanaf M12", "Pim de Burger", "open"),
]

AGREEMENTS = [
    ("Baateigenaarschap formeel vastleggen", "Pim de Burger", "2026-02-13", "gereed", "Sessie baateigenaren"),
    ("Volgende sessie plannen (Week 3: Businesscase)", "Pim de Burger", "2026-02-06", "gereed", "Sessie baateigenaren"),
    ("Batenprioritering per sector documenteren", "Leontine Derks", "2026-03-31", "open", "Sessie baateigenaren"),
    ("Terugkoppeling naar sponsorgroep", "Pim de Burger", "2026-09-15", "open", "Sessie baateigenaren"),
    ("Eigenaar baat 6 (Outside-in cultuur) voordragen", "Roel Bakker", "2026-12-15", "open", "Stuurgroep november"),
]

# Programme facts (sheet "Programma", Gegeven | Waarde). Start is a date cell: the month of M1.
FACTS = [
    ("Naam", "Klant in Beeld"),
    ("Start", ("date", "2026-01-01")),
    ("Opdrachtgever", "Roel Bakker"),
    ("Eigenaar", "n.t.b."),
]

# ---------------------------------------------------------------- fods writer
NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:xlink="http://www.w3.org/1999/xlink" '
      'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
      'xmlns:chart="urn:oasis:names:tc:opendocument:xmlns:chart:1.0" '
      'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" '
      'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" '
      'xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"')

STATUS_FILLS = [("groen", "#c6efce"), ("oranje", "#ffeb9c"), ("rood", "#ffc7ce"), ("geen meting", "#d9d9d9")]


def esc(s):
    return escape(s, {'"': "&quot;"})


def cell(v, style=None):
    st = f' table:style-name="{style}"' if style else ""
    if v is None or v == "":
        return f"<table:table-cell{st}/>"
    if isinstance(v, tuple) and v[0] == '%':
        x = v[1]
        shown = f"{x * 100:g}".replace(".", ",") + "%"
        return (f'<table:table-cell table:style-name="pct" office:value-type="percentage" office:value="{x!r}" '
                f'calcext:value-type="percentage"><text:p>{shown}</text:p></table:table-cell>')
    if isinstance(v, tuple) and v[0] == 'date':
        d = v[1]
        y, m, dd = d.split("-")
        return (f'<table:table-cell table:style-name="date" office:value-type="date" office:date-value="{d}" '
                f'calcext:value-type="date"><text:p>{int(dd)}-{int(m)}-{y}</text:p></table:table-cell>')
    if isinstance(v, float) or isinstance(v, int):
        shown = f"{v:g}".replace(".", ",")
        return (f'<table:table-cell{st} office:value-type="float" office:value="{v!r}" calcext:value-type="float">'
                f'<text:p>{shown}</text:p></table:table-cell>')
    lines = str(v).split("\n")
    paras = "".join(f"<text:p>{esc(l)}</text:p>" for l in lines)
    return f'<table:table-cell{st} office:value-type="string" calcext:value-type="string">{paras}</table:table-cell>'


def table(name, header, rows, extra="", widths=None):
    out = [f'<table:table table:name="{esc(name)}">']
    for w in (widths or [3.5] * len(header)):
        out.append(f'<table:table-column table:style-name="co{int(w * 10)}" table:default-cell-style-name="Default"/>')
    out.append("<table:table-row>" + "".join(cell(h, "head") for h in header) + "</table:table-row>")
    for r in rows:
        out.append("<table:table-row>" + "".join(cell(v) for v in r) + "</table:table-row>")
    out.append(extra)
    out.append("</table:table>")
    return "\n".join(out)


def chart_frame(sheet, rows_for_series, labels):
    """A line chart of planned trajectories (Start…M18) for some percentage KPIs."""
    sh = "'" + sheet.replace("'", "''") + "'"  # ODF range syntax: 'KPI''s'.E1
    cats = f"{sh}.E1:{sh}.J1"
    series = ""
    local_rows = ""
    for r, label in zip(rows_for_series, labels):
        series += (f'<chart:series chart:style-name="chs" chart:values-cell-range-address="{sh}.E{r}:{sh}.J{r}" '
                   f'chart:label-cell-address="{sh}.B{r}" chart:class="chart:line">'
                   f'<chart:data-point chart:repeated="6"/></chart:series>')
    ranges = " ".join([cats] + [f"{sh}.E{r}:{sh}.J{r}" for r in rows_for_series])
    # Local table: the chart's cached data (LibreOffice rebuilds it from the ranges on load).
    cols = ["Start", "M3", "M6", "M9", "M12", "M18"]
    head = "".join(f'<table:table-cell office:value-type="string"><text:p>{esc(l)}</text:p></table:table-cell>' for l in labels)
    local_rows = ""
    for i, c in enumerate(cols):
        vals = ""
        for r in rows_for_series:
            k = KPIS[r - 2]
            v = k[4 + i]
            x = v[1] if isinstance(v, tuple) else 0
            vals += f'<table:table-cell office:value-type="float" office:value="{x!r}"><text:p>{x}</text:p></table:table-cell>'
        local_rows += f'<table:table-row><table:table-cell office:value-type="string"><text:p>{c}</text:p></table:table-cell>{vals}</table:table-row>'
    return f'''<draw:frame draw:z-index="0" draw:name="Planning" draw:style-name="gr1" svg:width="16cm" svg:height="7cm" svg:x="0cm" svg:y="0cm" table:end-cell-address="{sh}.H36" table:end-x="0cm" table:end-y="0cm">
<draw:object draw:notify-on-update-of-ranges="{ranges}">
<office:document office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.chart">
<office:automatic-styles>
<style:style style:name="chs" style:family="chart"><style:graphic-properties svg:stroke-width="0.08cm"/></style:style>
</office:automatic-styles>
<office:body><office:chart>
<chart:chart svg:width="16cm" svg:height="7cm" chart:class="chart:line">
<chart:title svg:x="4cm" svg:y="0.2cm"><text:p>Plan per mijlpaal</text:p></chart:title>
<chart:legend chart:legend-position="end" svg:x="13cm" svg:y="3cm"/>
<chart:plot-area svg:x="0.5cm" svg:y="1cm" svg:width="12cm" svg:height="5.5cm" table:cell-range-address="{ranges}" chart:data-source-has-labels="none">
<chart:axis chart:dimension="x" chart:name="primary-x"><chart:categories table:cell-range-address="{cats}"/></chart:axis>
<chart:axis chart:dimension="y" chart:name="primary-y"><chart:grid chart:class="major"/></chart:axis>
{series}
<chart:wall/><chart:floor/>
</chart:plot-area>
<table:table table:name="local-table">
<table:table-header-columns><table:table-column/></table:table-header-columns>
<table:table-columns><table:table-column table:number-columns-repeated="{len(labels)}"/></table:table-columns>
<table:table-header-rows><table:table-row><table:table-cell/>{head}</table:table-row></table:table-header-rows>
<table:table-rows>{local_rows}</table:table-rows>
</table:table>
</chart:chart>
</office:chart></office:body>
</office:document>
</draw:object>
</draw:frame>'''


def build(variant):
    sections = variant == "sections"
    # ---- KPI's
    kpi_header = (["KPI"] if sections else ["Domein", "KPI"]) + ["Eenheid", "Frequentie", "Start", "M3", "M6", "M9", "M12", "M18",
                                                                  "Doel", "Actueel", "Datum meting", "Status", "Trend", "Toelichting"]
    kpi_rows = []
    last_domain = None
    for k in KPIS:
        row = list(k[1:]) if sections else list(k)
        if sections and k[0] != last_domain:
            kpi_rows.append([k[0].upper()])
        last_domain = k[0]
        if variant == "bad_number" and k[1] == "Eigenaarschap score":
            row[5 if not sections else 4] = "6,0x"  # column F
        kpi_rows.append(row + ["", "", "", "", ""])
    n = len(kpi_rows) + 1
    status_col = "N" if not sections else "M"
    q = "'KPI''s'"
    cond = "".join(
        f'<calcext:condition calcext:apply-style-name="Status_{name.replace(" ", "_")}" '
        f'calcext:value="=&quot;{name}&quot;" calcext:base-cell-address="{q}.{status_col}2"/>'
        for name, _ in STATUS_FILLS)
    cf = (f'<calcext:conditional-formats><calcext:conditional-format calcext:target-range-address='
          f'"{q}.{status_col}2:{q}.{status_col}{n}">{cond}</calcext:conditional-format></calcext:conditional-formats>')
    # The chart sits in a cell two rows below the table.
    chart_rows = [2, 8] if not sections else None
    shapes = ""
    if chart_rows:
        shapes = ("<table:table-row><table:table-cell/></table:table-row>"
                  "<table:table-row><table:table-cell/><table:table-cell>"
                  + chart_frame("KPI's", chart_rows, ["% Getraind outside-in", "CRM-adoptie"])
                  + "</table:table-cell></table:table-row>")
    widths = ([3.0] if not sections else []) + [6.0, 2.0, 3.0] + [2.0] * 7 + [2.5, 3.0, 3.0, 2.5, 5.0]
    kpi_table = table("KPI's", kpi_header, kpi_rows, shapes + cf, widths)

    # ---- Metingen
    meas = []
    for i, d in enumerate(MONTH_ENDS):
        for name, vals in MONTHLY.items():
            meas.append([("date", d), name, vals[i], SOURCE[name]])
    for i, d in enumerate(QUARTERS):
        for name, vals in QUARTERLY.items():
            if vals[i] is not None:
                meas.append([("date", d), name, vals[i], SOURCE[name]])
    meas.sort(key=lambda r: r[0][1])  # stable: by date, KPI order within a date
    if variant == "unknown_kpi":
        meas.append([("date", "2026-10-31"), "NPS", 35.0, "Enquête"])
    if variant == "outside":
        meas.append([("date", "2027-07-01"), "CRM-adoptie", P(.9), "CRM-dashboard"])
    meas_table = table("Metingen", ["Datum", "KPI", "Waarde", "Bron"], meas, widths=[2.8, 6.0, 2.5, 4.5])

    road_header = ["Code", "Inspanning", "Type", "Domein", "Begin datum" if variant == "renamed" else "Start",
                   "Duur (mnd)", "Doorlopend", "Eigenaar", "Voortgang"]
    road_rows = [[c, n_, t, d, s, float(m), cont, o, P(p)] for c, n_, t, d, s, m, cont, o, p in EFFORTS]
    road = table("Roadmap", road_header, road_rows, widths=[2.0, 6.0, 2.5, 2.5, 2.2, 2.2, 2.5, 4.0, 2.5])
    mil = table("Mijlpalen", ["Code", "Maand", "Omschrijving", "Criteria", "Status"],
                [[c, m, d, "\n".join(cr), s] for c, m, d, cr, s in MILESTONES], widths=[1.5, 1.5, 5.0, 9.0, 2.5])
    bat = table("Baten", ["Nr", "Baat", "Domein", "Prioriteit PO", "Prioriteit VO", "Prioriteit ZAK", "Baateigenaar",
                          "Expliciet uitgesproken", "Zelf gekozen", "Commitment"],
                [list(b) for b in BENEFITS], widths=[1.2, 6.0, 3.0, 2.5, 2.5, 2.5, 4.5, 3.5, 2.5, 2.5])
    rol = table("Rollen", ["Naam", "Rol", "Sector/Domein"], [list(r) for r in ROLES], widths=[4.5, 4.5, 4.5])
    ris = table("Risico's", ["Risico", "Fase", "Kans", "Impact", "Maatregel", "Eigenaar", "Status"],
                [[r[0], r[1], float(r[2]), float(r[3]), r[4], r[5], r[6]] for r in RISKS],
                widths=[8.0, 3.0, 1.5, 1.5, 7.0, 4.0, 2.0])
    afs = table("Afspraken", ["Afspraak", "Verantwoordelijke", "Deadline", "Status", "Bron"],
                [[a, v, ("date", d), s, b] for a, v, d, s, b in AGREEMENTS], widths=[8.0, 4.0, 2.8, 2.0, 4.5])

    facts = [list(f) for f in FACTS]
    if variant == "start_dec":
        facts[1][1] = "december 2025"
    if variant == "bad_start":
        facts[1][1] = "jan 2026x"
    # Last, so the KPI's sheet stays sheet1 (the update tests address its parts).
    prog = table("Programma", ["Gegeven", "Waarde"], facts, widths=[3.5, 5.0])

    sheets = [kpi_table, meas_table]
    if variant != "no_roadmap":
        sheets.append(road)
    sheets += [mil, bat, rol, ris, afs]
    if variant != "no_facts":
        sheets.append(prog)

    col_styles = "".join(
        f'<style:style style:name="co{w}" style:family="table-column"><style:table-column-properties '
        f'fo:break-before="auto" style:column-width="{w / 10}cm"/></style:style>'
        for w in sorted({15, 12, 20, 22, 25, 28, 30, 35, 40, 45, 50, 60, 70, 80, 90}))
    status_styles = "".join(
        f'<style:style style:name="Status_{name.replace(" ", "_")}" style:family="table-cell" style:parent-style-name="Default">'
        f'<style:table-cell-properties fo:background-color="{color}"/></style:style>'
        for name, color in STATUS_FILLS)
    return f'''<?xml version="1.0" encoding="UTF-8"?>
<office:document {NS} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:meta><meta:generator xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0">kib samples/make_programma.py</meta:generator></office:meta>
<office:styles>
<style:style style:name="Default" style:family="table-cell"/>
{status_styles}
</office:styles>
<office:automatic-styles>
{col_styles}
<number:percentage-style style:name="Npct"><number:number number:decimal-places="0" number:min-decimal-places="0" number:min-integer-digits="1"/><number:text>%</number:text></number:percentage-style>
<number:date-style style:name="Ndate"><number:day/><number:text>-</number:text><number:month/><number:text>-</number:text><number:year/></number:date-style>
<style:style style:name="pct" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="Npct"/>
<style:style style:name="date" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="Ndate"/>
<style:style style:name="head" style:family="table-cell" style:parent-style-name="Default"><style:table-cell-properties fo:background-color="#1f4e79"/><style:text-properties fo:color="#ffffff" fo:font-weight="bold"/></style:style>
<style:style style:name="gr1" style:family="graphic"/>
</office:automatic-styles>
<office:body><office:spreadsheet>
{chr(10).join(sheets)}
</office:spreadsheet></office:body>
</office:document>
'''


def main():
    args = sys.argv[1:]
    variant = ""
    if "--variant" in args:
        i = args.index("--variant")
        variant = args[i + 1]
        del args[i:i + 2]
    if len(args) != 1:
        sys.exit(__doc__)
    with open(args[0], "w", encoding="utf-8", newline="\n") as f:
        f.write(build(variant))


if __name__ == "__main__":
    main()
