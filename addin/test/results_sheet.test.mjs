import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { writeResultsSheet, resultsCells, freeSheetName, PHASE_FILLS, RESULTS_SHEET } from "../src/results_sheet.js";
import { messageNl } from "../src/i18n_nl.js";
import { FakeWorkbook } from "../test_support/fake_excel.mjs";
import { fakeOffice } from "../test_support/fake_office.mjs";

// The shape `kib score --json` prints (engine/scan/score.cpp), with the questions left out.
const score = JSON.parse(readFileSync(new URL("./fixtures/score.json", import.meta.url)));

test("the results sheet holds each pillar's values, with the phase filled in its colour", async () => {
  const wb = new FakeWorkbook({ Antwoorden: { A1: "Respondent" } });
  const { Office } = fakeOffice({ host: "Excel", sets: { ExcelApi: "1.4" } });
  const r = await writeResultsSheet(wb.excel(), Office, score);
  assert.equal(r.sheet, RESULTS_SHEET);
  const v = (ref) => wb.value(RESULTS_SHEET, ref);
  assert.deepEqual(["A1", "B1", "C1", "D1", "E1", "F1", "G1"].map(v),
    ["Pijler", "Modelwaarde", "Score", "Fase", "Respondenten", "Standaarddeviatie", "Weet ik niet"]);
  assert.deepEqual(["A2", "B2", "C2", "D2", "E2", "F2", "G2"].map(v), ["Strategie", 3.3, 21.5, "Groeiend", 42, 3.1, 0.05]);
  assert.equal(wb.fill(RESULTS_SHEET, "D2"), PHASE_FILLS.Groeiend);
  assert.equal(wb.fill(RESULTS_SHEET, "D3"), "#F4B183", "Startend");
  assert.equal(wb.fill(RESULTS_SHEET, "D6"), "#70AD47", "Leidend");
  assert.equal(wb.format(RESULTS_SHEET, "C2"), "0.0");
  assert.equal(wb.format(RESULTS_SHEET, "G2"), "0.0%");
  // A pillar without answers: dashes, no fill.
  assert.deepEqual(["A7", "B7", "C7", "D7", "E7"].map(v), ["Cultuur", "–", "–", "–", 0]);
  assert.equal(wb.fill(RESULTS_SHEET, "D7"), undefined);
  // The response below the table.
  assert.deepEqual(["A9", "B9", "A10", "B10", "A11", "B11"].map(v), ["Respondenten", 42, "Uitgenodigd", 80, "Respons", 0.525]);
  assert.equal(wb.fill(RESULTS_SHEET, "B11"), PHASE_FILLS.Volwassen, "target met");
  assert.equal(wb.sheets.get(RESULTS_SHEET).bold.get("D1"), true);
  assert.equal(wb.active, RESULTS_SHEET);
});

test("a radar chart of the model values is added when ExcelApi 1.1 is there", async () => {
  const wb = new FakeWorkbook({});
  const { Office } = fakeOffice({ host: "Excel", sets: { ExcelApi: "1.1" } });
  const r = await writeResultsSheet(wb.excel(), Office, score);
  assert.equal(r.chart, true);
  const [c] = wb.sheets.get(RESULTS_SHEET).charts;
  assert.equal(c.type, "Radar");
  assert.equal(c.source, "A1:B7", "pillar names and model values");
  assert.equal(c.seriesBy, "Columns");
  assert.equal(c.chart.title.text, "CXPA-modelwaarde per pijler");
  assert.deepEqual([c.chart.axes.valueAxis.minimum, c.chart.axes.valueAxis.maximum], [0, 5]);
  assert.deepEqual(c.chart.position, ["I2", "P20"]);
  // ExcelApi 1.1 only: columns are not fitted (that needs 1.2).
  assert.ok(!wb.syncs.some((s) => s.ops.some((o) => o.kind === "autofitColumns")));
});

test("without ExcelApi the sheet is still written, without a chart", async () => {
  const wb = new FakeWorkbook({});
  const { Office } = fakeOffice({ host: "Excel", sets: {} });
  const r = await writeResultsSheet(wb.excel(), Office, score);
  assert.equal(r.chart, false);
  assert.deepEqual(wb.sheets.get(RESULTS_SHEET).charts, []);
  assert.equal(wb.value(RESULTS_SHEET, "A2"), "Strategie");
});

test("an earlier results sheet is kept: the new one gets a free name", async () => {
  const wb = new FakeWorkbook({ [RESULTS_SHEET]: { A1: "oud" }, "Resultaten scan (2)": {} });
  const { Office } = fakeOffice({ host: "Excel", sets: { ExcelApi: "1.1" } });
  const r = await writeResultsSheet(wb.excel(), Office, score);
  assert.equal(r.sheet, "Resultaten scan (3)");
  assert.equal(wb.value(RESULTS_SHEET, "A1"), "oud");
  assert.equal(freeSheetName("Resultaten scan", ["resultaten SCAN"]), "Resultaten scan (2)", "Excel's names are case-insensitive");
});

test("the writes go through the chunked patch writer", async () => {
  const wb = new FakeWorkbook({});
  const { Office } = fakeOffice({ host: "Excel", sets: { ExcelApi: "1.1" } });
  const r = await writeResultsSheet(wb.excel(), Office, score, { maxCellsPerSync: 10 });
  const cells = resultsCells(score).cells.length;
  // One sync for the sheet names, one per 10 cells, one for the chart and activation.
  assert.equal(r.syncs, 2 + Math.ceil(cells / 10));
  assert.equal(wb.syncs.length, r.syncs);
});

test("a score without pillars is refused in Dutch", async () => {
  const wb = new FakeWorkbook({});
  await assert.rejects(writeResultsSheet(wb.excel(), fakeOffice().Office, { pillars: [] }), (e) => {
    assert.equal(messageNl(e), "De Klant in Beeld-dienst gaf een antwoord dat het deelvenster niet kan lezen.");
    return true;
  });
  assert.equal(wb.syncs.length, 0);
});
