import { test } from "node:test";
import assert from "node:assert/strict";

import {
  serviceBase, isIsoDate, localIsoDate, proposedDate, uploadLimit, downloadUrl, dutchDate, numberNl, documentName, patchOf, summaryLines,
  kpiFigure, kpiRows, scoreRows, radarShape, outputGroups, commentThreads, commentAuthors, filterThreads, bySection,
  commentCount, searchText,
} from "../src/pane_logic.js";
import { summarizePatch } from "../src/excel_patch.js";
import { messageNl } from "../src/i18n_nl.js";
import { readFileSync } from "node:fs";

const score = JSON.parse(readFileSync(new URL("./fixtures/score.json", import.meta.url)));

test("the service root is the folder above addin/, also under a path of its own", () => {
  assert.equal(serviceBase("https://kib.example.nl/addin/taskpane.html?_host_Info=Excel$Win32"), "https://kib.example.nl/");
  assert.equal(serviceBase("https://example.nl/kib/addin/taskpane.html#x"), "https://example.nl/kib/");
  assert.equal(serviceBase("http://127.0.0.1:8750/taskpane.html"), "http://127.0.0.1:8750/");
});

test("dates: valid calendar days only, today in local time, Dutch month names", () => {
  assert.ok(isIsoDate("2026-12-15"));
  assert.ok(isIsoDate("2028-02-29"));
  for (const bad of ["2026-02-30", "2026-13-01", "15-12-2026", "", null, undefined, "2026-12-15T00:00"]) assert.ok(!isIsoDate(bad), bad);
  assert.equal(localIsoDate(new Date(2026, 0, 5, 23, 30)), "2026-01-05");
  assert.equal(dutchDate("2026-11-23"), "23 november 2026");
  assert.equal(dutchDate("2026-03-02T10:15:00Z"), "2 maart 2026");
  assert.equal(dutchDate("morgen"), "morgen");
  assert.equal(numberNl(1234.56, 1), "1.234,6");
  assert.equal(numberNl(null), "–");
});

test("the proposed date is the next steering date, else the first coming one, else today", () => {
  assert.equal(proposedDate({ next_steering_date: "2026-12-15" }, "2026-12-01"), "2026-12-15");
  assert.equal(proposedDate({ programme: { next_steering_date: "2027-03-16" } }, "2026-12-20"), "2027-03-16");
  assert.equal(proposedDate({ steering_dates: ["2027-03-16", "2026-06-01", "2026-12-15"] }, "2026-12-01"), "2026-12-15");
  assert.equal(proposedDate({ steering_dates: ["2026-12-15"] }, "2026-12-15"), "2026-12-15", "the day itself counts");
  assert.equal(proposedDate({ steering_dates: ["2026-01-01"], reference_date: "2026-11-23" }, "2026-12-01"), "2026-11-23");
  assert.equal(proposedDate({ next_steering_date: "volgende week", reference_date: "next-steering" }, "2026-12-01"), "2026-12-01");
  assert.equal(proposedDate(null, "2026-12-01"), "2026-12-01");
});

test("the upload limit comes from the settings; downloads use the keyed URL when there is one", () => {
  assert.equal(uploadLimit({ upload_mb: 100, limits: { upload_bytes: 209715200, seconds_per_job: 120 } }), 209715200);
  assert.equal(uploadLimit({ upload_mb: 200 }), 200 * 1024 * 1024);
  for (const s of [null, {}, { limits: null }, { limits: { upload_bytes: "200" } }, { limits: { upload_bytes: 0 } }])
    assert.equal(uploadLimit(s), Infinity);
  assert.equal(downloadUrl({ url: "/api/v1/jobs/j/outputs/a.docx", download_url: "/api/v1/jobs/j/outputs/a.docx?e=1&k=2" }),
    "/api/v1/jobs/j/outputs/a.docx?e=1&k=2");
  assert.equal(downloadUrl({ url: "/api/v1/jobs/j/outputs/a.docx" }), "/api/v1/jobs/j/outputs/a.docx");
});

test("the document goes up under its own name when it has one", () => {
  assert.equal(documentName("https://contoso.sharepoint.com/sites/pb/Gedeelde%20documenten/Programma%202026.xlsx", "programma.xlsx"),
    "Programma 2026.xlsx");
  assert.equal(documentName("C:\\Users\\anne\\Documents\\concept.docx", "document.docx"), "concept.docx");
  assert.equal(documentName("", "programma.xlsx"), "programma.xlsx");
  assert.equal(documentName("https://x/Boek1", "programma.xlsx"), "programma.xlsx", "an unsaved workbook has no extension");
  assert.equal(documentName("https://x/a%E0.xlsx", "p.xlsx"), "a%E0.xlsx", "a bad escape is kept as it is");
});

const patch = {
  cells: [
    { sheet: "KPI's", ref: "G2", value: 21 },
    { sheet: "KPI's", ref: "I2", value: "rood", fill: "FF0000", kpi: "Wachttijd (dagen)", status: "rood" },
    { sheet: "KPI's", ref: "I3", value: "rood", fill: "FF0000", kpi: "Klanttevredenheid", status: "rood" },
  ],
  rows: [{ sheet: "Metingen", values: ["Wachttijd (dagen)", 45382, 21] }],
};

test("the patch is taken from the job's result and checked", () => {
  assert.equal(patchOf({ result: { kpi: {}, patch } }), patch);
  assert.throws(() => patchOf({ result: { kpi: {} } }), (e) => {
    assert.match(messageNl(e), /geen celwijzigingen/);
    return true;
  });
  assert.throws(() => patchOf({ result: { patch: { cells: [{ sheet: "KPI's", ref: "ZZZZ1", value: 1 }] } } }), (e) => {
    assert.match(messageNl(e), /onbruikbare wijzigingen: cel 1 heeft geen geldige celverwijzing/);
    return true;
  });
});

test("the summary says how many cells change and which KPIs turn rood, in Dutch", () => {
  const before = { "KPI's!G2": 14, "KPI's!I2": "groen", "KPI's!I3": "rood" };
  const s = summarizePatch(patch, before);
  assert.deepEqual(summaryLines(s), ["5 cellen veranderen (waarvan 1 nieuwe rij in Metingen).", "Deze KPI wordt rood:"]);
  assert.deepEqual(s.turnsRed, ["Wachttijd (dagen)"]);
  assert.deepEqual(summaryLines({ changedCells: 1, appendedRows: 0, turnsRed: [] }), ["1 cel verandert.", "Geen KPI wordt rood."]);
  assert.deepEqual(summaryLines({ changedCells: 0, appendedRows: 0, turnsRed: [] })[0], "Er verandert niets: de werkmap is al bij.");
  assert.equal(summaryLines({ changedCells: 1200, appendedRows: 3, turnsRed: ["a", "b"] }).join(" "),
    "1.200 cellen veranderen (waarvan 3 nieuwe rijen in Metingen). Deze 2 KPI's worden rood:");
});

test("KPI figures and rows the Dutch way", () => {
  assert.equal(kpiFigure("percent", 0.48), "48%");
  assert.equal(kpiFigure("relative", 0.12), "+12%");
  assert.equal(kpiFigure("relative", -0.05), "-5%");
  assert.equal(kpiFigure("number", 3.25), "3,25");
  assert.equal(kpiFigure("number", null), "–");
  const rows = kpiRows({ date: "2026-11-23", kpis: [
    { domain: "Dienstverlening", kpi: "Wachttijd", current: { kind: "number", value: 12.5 }, goal: { kind: "number" }, plan_at_reference: 10, status: "rood", trend: "↑" },
    { domain: "Dienstverlening", kpi: "NPS", current: { kind: "text", value: null, text: "n.v.t." }, plan: null, status: null },
    { domain: "X", kpi: "Leeg", current: null },
  ] });
  assert.deepEqual(rows.map((r) => [r.kpi, r.current, r.plan, r.status, r.trend]), [
    ["Wachttijd", "12,5", "10", "rood", "↑"], ["NPS", "n.v.t.", "–", "geen meting", ""], ["Leeg", "–", "–", "geen meting", ""]]);
  assert.deepEqual(kpiRows(undefined), []);
});

test("score rows: score, phase and model value, a dash for a pillar without a score", () => {
  const rows = scoreRows(score);
  assert.equal(rows.length, 6);
  assert.deepEqual(rows[0], { name: "Strategie", score: "21,5", phase: "Groeiend", model: "3,3" });
  assert.deepEqual(rows[5], { name: "Cultuur", score: "–", phase: "–", model: "–" });
});

test("the radar: five rings, an axis and a label per pillar, the model values as its shape", () => {
  const g = radarShape(score.pillars, { size: 200, max: 5, margin: 50 });
  assert.equal(g.rings.length, 5);
  assert.equal(g.axes.length, 6);
  assert.deepEqual(g.labels.map((l) => l.text), score.pillars.map((p) => p.name));
  const pts = g.shape.split(" ").map((p) => p.split(",").map(Number));
  assert.equal(pts.length, 6);
  // The first pillar points up: model 3.3 of 5 on a radius of 50 → 33 above the centre.
  assert.deepEqual(pts[0], [100, 67]);
  // Cultuur has no score: the shape goes to the centre there.
  assert.deepEqual(pts[5], [100, 100]);
  // The outer ring is the full radius: its first point is at the top edge of the circle.
  assert.equal(g.rings[4].split(" ")[0], "100,50");
  assert.equal(g.labels[0].anchor, "middle");
  assert.equal(g.labels[1].anchor, "start");
  assert.equal(g.labels[4].anchor, "end");
});

test("outputs are grouped: reports (steering, scan), handouts, register, workbooks, the rest", () => {
  const names = ["p - stuurgroeprapportage 2026-12-15.docx", "p - handout-Jan de Vries.docx", "p - handout.docx",
    "d - opmerkingenregister.xlsx", "p - bijgewerkt 2026-12-15.xlsx", "p - KPI-stand 2026-12-15.txt", "s - scores.json", "s - rapportage.docx", "s - rapportage.txt"];
  const g = outputGroups(names.map((name) => ({ name, url: `/x/${name}` })));
  assert.deepEqual(Object.fromEntries(Object.entries(g).map(([k, v]) => [k, v.map((o) => o.name)])), {
    report: [names[0], names[7]], handouts: [names[1], names[2]], register: [names[3]], workbooks: [names[4]],
    other: [names[5], names[6], names[8]],
  });
  assert.deepEqual(outputGroups(undefined).other, []);
});

const comments = [
  { id: "0", author: "Jan de Vries", date: "2026-11-02T10:00:00Z", text: "Klopt dit getal?", anchor: "48%", section: "2 Doelen", parent: null, resolved: false },
  { id: "1", author: "Anne Bakker", text: "Ja, zie bijlage.", anchor: "48%", section: "2 Doelen", parent: "0", resolved: false },
  { id: "2", author: "Jan de Vries", text: "Dank.", section: "2 Doelen", parent: "1", resolved: false },
  { id: "3", author: "Émile Zola", text: "Typfout", anchor: "klantreis", section: "", parent: null, resolved: true },
  { id: "4", author: "anne bakker", text: "Verwijzing naar ontbrekende opmerking", section: "3 Aanpak", parent: "99", resolved: false },
];

test("comments become threads with their replies, replies to replies included", () => {
  const t = commentThreads(comments);
  assert.deepEqual(t.map((x) => x.id), ["0", "3", "4"]);
  assert.deepEqual(t[0].replies.map((r) => r.id), ["1", "2"]);
  assert.deepEqual(t[1].replies, []);
  assert.deepEqual(commentThreads([{ id: "5", parent: "5", author: "x" }]).map((x) => x.id), ["5"], "a comment is no reply to itself");
  assert.deepEqual(commentThreads(null), []);
});

test("filters: open only, per author (who started or replied)", () => {
  const t = commentThreads(comments);
  assert.deepEqual(filterThreads(t, { openOnly: true }).map((x) => x.id), ["0", "4"]);
  assert.deepEqual(filterThreads(t, { author: "Anne Bakker" }).map((x) => x.id), ["0"], "a reply counts; names are exact");
  assert.deepEqual(filterThreads(t, { author: "Émile Zola", openOnly: true }).map((x) => x.id), []);
  assert.deepEqual(filterThreads(t, {}).map((x) => x.id), ["0", "3", "4"]);
  assert.deepEqual(commentAuthors(comments), ["anne bakker", "Anne Bakker", "Émile Zola", "Jan de Vries"]);
  assert.equal(commentCount(filterThreads(t, { openOnly: true }), t), "2 van 3 opmerkingen (2 open)");
  assert.equal(commentCount(t.slice(0, 1), t.slice(0, 1)), "1 van 1 opmerking (1 open)");
});

test("threads by section, a comment without a heading under '(zonder kop)'", () => {
  const groups = bySection(commentThreads(comments));
  assert.deepEqual(groups.map((g) => [g.section, g.threads.map((t) => t.id)]), [["2 Doelen", ["0"]], ["(zonder kop)", ["3"]], ["3 Aanpak", ["4"]]]);
});

test("the text searched in Word: the anchor's first line, at most 200 characters, carets escaped", () => {
  assert.equal(searchText("  eerste regel \n tweede"), "eerste regel");
  assert.equal(searchText("x".repeat(300)).length, 200);
  assert.equal(searchText("a^p"), "a^^p");
  assert.equal(searchText(null), "");
});
