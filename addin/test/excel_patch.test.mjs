import { test } from "node:test";
import assert from "node:assert/strict";

import {
  applyPatch, planPatch, summarizePatch, readBefore, cellBytes, rowBytes, columnLetters, normalizeFill, cellKey,
} from "../src/excel_patch.js";
import { KibError, messageNl } from "../src/i18n_nl.js";
import { FakeWorkbook } from "../test_support/fake_excel.mjs";

function kpiWorkbook() {
  return new FakeWorkbook({
    "KPI's": { A1: "KPI", G1: "Actueel", H1: "Datum meting", I1: "Status", A2: "Wachttijd (dagen)", I2: "groen",
      A3: "Klanttevredenheid", I3: "rood", A4: "Terugbelverzoeken", I4: "oranje" },
    Metingen: { A1: "KPI", B1: "Datum", C1: "Waarde", A2: "Wachttijd (dagen)", B2: 45300, C2: 14 },
  });
}

const patch = {
  cells: [
    { sheet: "KPI's", ref: "G2", value: 21 },
    { sheet: "KPI's", ref: "H2", value: 45382, numberFormat: "dd-mm-yyyy" },
    { sheet: "KPI's", ref: "I2", value: "rood", fill: "FFFF0000", kpi: "Wachttijd (dagen)", status: "rood" },
    { sheet: "KPI's", ref: "I3", value: "rood", fill: "FF0000", kpi: "Klanttevredenheid", status: "rood" },
    { sheet: "KPI's", ref: "$I$4", value: "groen", fill: "#00b050", kpi: "Terugbelverzoeken", status: "groen" },
  ],
  rows: [
    { sheet: "Metingen", values: ["Wachttijd (dagen)", 45382, 21] },
    { sheet: "Metingen", values: ["Klanttevredenheid", 45382] },
  ],
};

test("cells land in their sheet and cell, with values, number formats and fills", async () => {
  const wb = kpiWorkbook();
  const r = await applyPatch(wb.excel(), patch);
  assert.equal(wb.value("KPI's", "G2"), 21);
  assert.equal(wb.value("KPI's", "H2"), 45382);
  assert.equal(wb.format("KPI's", "H2"), "dd-mm-yyyy");
  assert.equal(wb.value("KPI's", "I2"), "rood");
  assert.equal(wb.fill("KPI's", "I2"), "#FF0000");
  assert.equal(wb.fill("KPI's", "I4"), "#00B050");
  assert.equal(wb.value("KPI's", "I4"), "groen");
  assert.equal(wb.fill("KPI's", "G2"), undefined, "no fill given: fill untouched");
  assert.deepEqual(r, { syncs: 3, cellsWritten: 10, rowsAppended: 2 });
});

test("rows are appended below the used range, in order, starting in column A", async () => {
  const wb = kpiWorkbook();
  await applyPatch(wb.excel(), patch);
  assert.deepEqual([wb.value("Metingen", "A3"), wb.value("Metingen", "B3"), wb.value("Metingen", "C3")],
    ["Wachttijd (dagen)", 45382, 21]);
  assert.deepEqual([wb.value("Metingen", "A4"), wb.value("Metingen", "B4"), wb.value("Metingen", "C4")],
    ["Klanttevredenheid", 45382, ""]);
  assert.equal(wb.value("Metingen", "A2"), "Wachttijd (dagen)", "existing rows kept");
});

test("appended rows get their number formats, formats before values, null leaves a cell's format", async () => {
  const wb = kpiWorkbook();
  await applyPatch(wb.excel(), { rows: [
    { sheet: "Metingen", values: [45382, "Wachttijd (dagen)", 21, "Dashboard"], numberFormats: ["dd-mm-yyyy", null, "0", null] },
    { sheet: "Metingen", values: [45383, "Klanttevredenheid", 7.5] },
  ] });
  assert.equal(wb.value("Metingen", "A3"), 45382);
  assert.equal(wb.format("Metingen", "A3"), "dd-mm-yyyy");
  assert.equal(wb.format("Metingen", "B3"), undefined);
  assert.equal(wb.format("Metingen", "C3"), "0");
  assert.equal(wb.format("Metingen", "D3"), undefined);
  assert.equal(wb.format("Metingen", "A4"), undefined, "a row without formats leaves them");
  const last = wb.syncs.at(-1).ops.map((o) => `${o.kind} ${o.address}`);
  assert.deepEqual(last, ["numberFormat A3", "numberFormat C3", "values A3:D4"]);
  assert.throws(() => planPatch({ rows: [{ sheet: "S", values: [1, 2], numberFormats: ["0"] }] }), (e) => {
    assert.equal(messageNl(e), "De Klant in Beeld-dienst stuurde onbruikbare wijzigingen: rij 1 (S) heeft onbruikbare getalnotaties.");
    return true;
  });
  assert.throws(() => planPatch({ rows: [{ sheet: "S", values: [1], numberFormats: [7] }] }), /bad_patch/);
  assert.ok(rowBytes([1, 2], ["dd-mm-yyyy", null]) > rowBytes([1, 2]), "formats count in the request size");
});

test("rows on an empty sheet start at row 1", async () => {
  const wb = new FakeWorkbook({ Leeg: {} });
  await applyPatch(wb.excel(), { rows: [{ sheet: "Leeg", values: ["a", 1] }, { sheet: "Leeg", values: ["b", 2] }] });
  assert.equal(wb.value("Leeg", "A1"), "a");
  assert.equal(wb.value("Leeg", "B2"), 2);
});

test("null empties a cell and a null fill clears the fill", async () => {
  const wb = kpiWorkbook();
  wb.sheets.get("KPI's").fills.set("I3", "#FF0000");
  await applyPatch(wb.excel(), { cells: [{ sheet: "KPI's", ref: "I3", value: null, fill: null }] });
  assert.equal(wb.value("KPI's", "I3"), "");
  assert.equal(wb.fill("KPI's", "I3"), undefined);
});

test("cells are written in chunks of at most maxCellsPerSync, one sync each", async () => {
  const wb = new FakeWorkbook({ Groot: {} });
  const cells = [];
  for (let i = 1; i <= 23; i++) cells.push({ sheet: "Groot", ref: `B${i}`, value: i });
  const r = await applyPatch(wb.excel(), { cells }, { maxCellsPerSync: 5 });
  assert.equal(r.syncs, 5);
  assert.equal(wb.syncs.length, 5);
  assert.deepEqual(wb.syncs.map((s) => s.ops.filter((o) => o.kind === "values").length), [5, 5, 5, 5, 3]);
  for (let i = 1; i <= 23; i++) assert.equal(wb.value("Groot", `B${i}`), i);
});

test("each chunk stays under maxBytesPerSync", async () => {
  const wb = new FakeWorkbook({ Tekst: {} });
  const cells = [];
  for (let i = 1; i <= 40; i++) cells.push({ sheet: "Tekst", ref: `A${i}`, value: "é".repeat(100 + i * 7), fill: "FFC000" });
  const limit = 2000;
  await applyPatch(wb.excel(), { cells }, { maxBytesPerSync: limit });
  const byRef = new Map(cells.map((c) => [c.ref, c]));
  let total = 0;
  for (const s of wb.syncs) {
    const refs = new Set(s.ops.map((o) => o.address));
    const bytes = [...refs].reduce((n, ref) => n + cellBytes({ ...byRef.get(ref), fill: "#FFC000" }), 0);
    assert.ok(bytes <= limit, `sync of ${bytes} bytes over ${limit}`);
    total += refs.size;
  }
  assert.equal(total, 40);
  assert.ok(wb.syncs.length > 1);
  assert.equal(wb.value("Tekst", "A40"), "é".repeat(380));
});

test("appended rows are chunked by cells too, each chunk one rectangular range", async () => {
  const wb = new FakeWorkbook({ Metingen: { A1: "KPI" } });
  const rows = [];
  for (let i = 0; i < 10; i++) rows.push({ sheet: "Metingen", values: [`k${i}`, i, i * 2] });
  const r = await applyPatch(wb.excel(), { rows }, { maxCellsPerSync: 7 });
  // One sync to find the end of the used range, then 2 rows (6 cells) per chunk.
  assert.equal(r.syncs, 1 + 5);
  const writes = wb.syncs.slice(1).map((s) => s.ops.map((o) => o.address));
  assert.deepEqual(writes, [["A2:C3"], ["A4:C5"], ["A6:C7"], ["A8:C9"], ["A10:C11"]]);
  assert.equal(wb.value("Metingen", "C11"), 18);
});

test("chunks never mix sheets", async () => {
  const p = { cells: [
    { sheet: "A", ref: "A1", value: 1 }, { sheet: "B", ref: "A1", value: 2 }, { sheet: "A", ref: "A2", value: 3 }] };
  const plan = planPatch(p);
  assert.deepEqual(plan.cellChunks.map((c) => [c.sheet, c.items.map((i) => i.ref)]), [["A", ["A1", "A2"]], ["B", ["A1"]]]);
});

test("a single cell larger than the byte limit is refused before Excel is touched", async () => {
  const wb = new FakeWorkbook({ S: {} });
  await assert.rejects(
    applyPatch(wb.excel(), { cells: [{ sheet: "S", ref: "A1", value: "x".repeat(5000) }] }, { maxBytesPerSync: 1000 }),
    (e) => e instanceof KibError && e.code === "too_big");
  assert.equal(wb.syncs.length, 0);
});

test("a bad patch changes nothing and says which entry in Dutch", async () => {
  const wb = kpiWorkbook();
  const bad = { cells: [{ sheet: "KPI's", ref: "G2", value: 1 }, { sheet: "KPI's", ref: "Z0", value: 2 }] };
  await assert.rejects(applyPatch(wb.excel(), bad), (e) => {
    assert.equal(e.code, "bad_patch");
    assert.equal(messageNl(e), "De Klant in Beeld-dienst stuurde onbruikbare wijzigingen: cel 2 heeft geen geldige celverwijzing (Z0).");
    return true;
  });
  assert.equal(wb.syncs.length, 0);
  assert.throws(() => planPatch({ cells: [{ sheet: "S", ref: "A1", fill: "rood" }] }), /bad_patch/);
  assert.throws(() => planPatch({ cells: [{ sheet: "S", ref: "A1", value: { x: 1 } }] }), /bad_patch/);
  assert.throws(() => planPatch({ rows: [{ sheet: "S", values: [] }] }), /bad_patch/);
});

test("a missing sheet is named in Dutch", async () => {
  const wb = kpiWorkbook();
  await assert.rejects(applyPatch(wb.excel(), { cells: [{ sheet: "Bestaat niet", ref: "A1", value: 1 }] }), (e) => {
    assert.equal(messageNl(e), "Het werkblad 'Bestaat niet' bestaat niet in deze werkmap.");
    return true;
  });
});

test("an Excel failure mid-way says how many cells were already written", async () => {
  const wb = new FakeWorkbook({ S: {} });
  wb.failAtSync = 2;
  wb.failError = Object.assign(new Error("Het verzoek is te groot."), { code: "RequestPayloadSizeLimitExceeded" });
  const cells = Array.from({ length: 6 }, (_, i) => ({ sheet: "S", ref: `A${i + 1}`, value: i }));
  await assert.rejects(applyPatch(wb.excel(), { cells }, { maxCellsPerSync: 3 }), (e) => {
    assert.equal(e.code, "excel_write");
    assert.equal(messageNl(e),
      "Excel kon de wijzigingen niet (helemaal) doorvoeren op werkblad 'S': Het verzoek is te groot. 3 cellen waren al bijgewerkt.");
    return true;
  });
});

test("progress is reported per chunk", async () => {
  const wb = new FakeWorkbook({ S: {} });
  const seen = [];
  const cells = Array.from({ length: 5 }, (_, i) => ({ sheet: "S", ref: `A${i + 1}`, value: i }));
  await applyPatch(wb.excel(), { cells, rows: [{ sheet: "S", values: [1, 2] }] }, { maxCellsPerSync: 2, onProgress: (p) => seen.push(p) });
  assert.deepEqual(seen, [{ written: 2, total: 7 }, { written: 4, total: 7 }, { written: 5, total: 7 }, { written: 7, total: 7 }]);
});

test("summarizePatch counts changed cells and names the KPIs that turn rood", async () => {
  const wb = kpiWorkbook();
  const before = await readBefore(wb.excel(), patch);
  assert.equal(before[cellKey("KPI's", "I2")], "groen");
  assert.equal(before["KPI's!G2"], "");
  const s = summarizePatch(patch, before);
  // G2, H2 (empty before), I2 groen→rood, I4 oranje→groen; I3 stays rood; 5 cells in appended rows.
  assert.deepEqual(s, { changedCells: 4 + 5, appendedRows: 2, turnsRed: ["Wachttijd (dagen)"] });
  assert.equal(wb.syncs.length, 1, "readBefore reads in one sync here");
});

test("summarizePatch without before counts every cell as changed; equal numbers are unchanged", () => {
  assert.deepEqual(summarizePatch(patch), { changedCells: 10, appendedRows: 2,
    turnsRed: ["Wachttijd (dagen)", "Klanttevredenheid"] });
  const s = summarizePatch({ cells: [{ sheet: "S", ref: "A1", value: 3 }, { sheet: "S", ref: "A2", value: "" }] },
    new Map([["S!A1", 3], ["S!A2", null]]));
  assert.equal(s.changedCells, 0);
});

test("readBefore reads in chunks of maxCellsPerSync", async () => {
  const wb = new FakeWorkbook({ S: { A1: 1, A2: 2, A3: 3 } });
  const before = await readBefore(wb.excel(), { cells: [1, 2, 3].map((i) => ({ sheet: "S", ref: `A${i}`, value: 0 })) },
    { maxCellsPerSync: 2 });
  assert.deepEqual(before, { "S!A1": 1, "S!A2": 2, "S!A3": 3 });
  assert.equal(wb.syncs.length, 2);
});

test("helpers: column letters, fills, byte estimates", () => {
  assert.deepEqual([1, 26, 27, 52, 703].map(columnLetters), ["A", "Z", "AA", "AZ", "AAA"]);
  assert.deepEqual(["FF0000", "#ff0000", "FFFF0000", "rood", "#FFF"].map(normalizeFill),
    ["#FF0000", "#FF0000", "#FF0000", null, null]);
  assert.ok(rowBytes(["é"]) > rowBytes(["e"]), "bytes are UTF-8 bytes, not characters");
});
