// Applying a cell patch from kib to the open workbook with Excel.run, in chunks small enough for
// Excel on the web (5 MB per request: one request per context.sync).
//
// The patch (what kib serve sends back for "KPI's bijwerken"):
//   {
//     "cells": [ { "sheet": "KPI's", "ref": "H3", "value": 12.5,
//                  "fill": "FF0000",            // optional: RRGGBB, #RRGGBB or AARRGGBB; null clears
//                  "numberFormat": "dd-mm-jjjj", // optional, Excel's format code as the API takes it
//                  "kpi": "Wachttijd (dagen)",   // optional: the KPI this cell belongs to
//                  "status": "rood" } ],         // optional: on the status cell, the KPI's new status
//     "rows":  [ { "sheet": "Metingen", "values": [45382, "Wachttijd (dagen)", 12],     // appended
//                  "numberFormats": ["dd-mm-yyyy", null, "0"] } ]  // optional, null: leave
//   }
// value: number, string, boolean, or null to empty the cell; dates as Excel serial numbers with a
// numberFormat. ref: one cell in A1 style ("H3", "$H$3"). Rows go below the sheet's used range,
// starting in column A, in the order given.

import { KibError } from "./i18n_nl.js";

export const DEFAULT_LIMITS = Object.freeze({
  maxCellsPerSync: 5000,
  // Under Excel on the web's 5 MB request limit, with room for the request's own framing.
  maxBytesPerSync: 4 * 1024 * 1024,
});

// What one range operation costs in a request beyond its payload (object paths, property names);
// generous on purpose, so the estimate errs on the large side.
export const OP_OVERHEAD_BYTES = 256;

const REF = /^\$?([A-Z]{1,3})\$?([1-9][0-9]{0,6})$/;

// Key of one cell in before-maps: "sheet!REF" (not Excel syntax; sheet names are not quoted).
export function cellKey(sheet, ref) {
  return `${sheet}!${normalizeRef(ref)}`;
}

export function normalizeRef(ref) {
  const m = REF.exec(String(ref).trim().toUpperCase());
  return m ? `${m[1]}${m[2]}` : null;
}

// Column letters for a 1-based column number (1 → A, 27 → AA).
export function columnLetters(n) {
  let s = "";
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

// "#RRGGBB" for Excel.run from RRGGBB, #RRGGBB or AARRGGBB (kib's own writers use AARRGGBB).
export function normalizeFill(fill) {
  const m = /^#?(?:[0-9A-Fa-f]{2})?([0-9A-Fa-f]{6})$/.exec(String(fill).trim());
  return m ? `#${m[1].toUpperCase()}` : null;
}

const utf8 = new TextEncoder();
function byteLength(s) {
  return utf8.encode(s).length;
}

// Estimated request bytes of writing one patch cell.
export function cellBytes(cell) {
  return byteLength(JSON.stringify([cell.ref, cell.value, cell.fill, cell.numberFormat])) + OP_OVERHEAD_BYTES;
}

// Estimated request bytes of writing one appended row (its number formats are one operation per
// cell that has one).
export function rowBytes(values, numberFormats = undefined) {
  const formats = (numberFormats ?? []).filter((f) => f !== null && f !== undefined);
  return byteLength(JSON.stringify(values)) + OP_OVERHEAD_BYTES +
    formats.reduce((n, f) => n + byteLength(JSON.stringify(f)) + OP_OVERHEAD_BYTES, 0);
}

function isCellValue(v) {
  return v === null || typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v));
}

// Checks the patch's shape and returns it normalised (refs without $, fills as #RRGGBB);
// throws KibError "bad_patch" naming the first bad entry.
export function validatePatch(patch) {
  if (!patch || typeof patch !== "object") throw new KibError("bad_patch", { reason: "geen object" });
  const cells = [];
  for (const [i, c] of (patch.cells ?? []).entries()) {
    const where = `cel ${i + 1}`;
    if (!c || typeof c.sheet !== "string" || !c.sheet) throw new KibError("bad_patch", { reason: `${where} heeft geen werkblad` });
    const ref = normalizeRef(c.ref ?? "");
    if (!ref) throw new KibError("bad_patch", { reason: `${where} heeft geen geldige celverwijzing (${c.ref})` });
    if (c.value !== undefined && !isCellValue(c.value))
      throw new KibError("bad_patch", { reason: `${where} (${c.sheet}!${ref}) heeft een onbruikbare waarde` });
    let fill;
    if (c.fill === null) fill = null;
    else if (c.fill !== undefined) {
      fill = normalizeFill(c.fill);
      if (!fill) throw new KibError("bad_patch", { reason: `${where} (${c.sheet}!${ref}) heeft een onbruikbare kleur (${c.fill})` });
    }
    cells.push({ ...c, ref, ...(fill !== undefined ? { fill } : {}) });
  }
  const rows = [];
  for (const [i, r] of (patch.rows ?? []).entries()) {
    const where = `rij ${i + 1}`;
    if (!r || typeof r.sheet !== "string" || !r.sheet) throw new KibError("bad_patch", { reason: `${where} heeft geen werkblad` });
    if (!Array.isArray(r.values) || r.values.length === 0 || !r.values.every(isCellValue))
      throw new KibError("bad_patch", { reason: `${where} (${r.sheet}) heeft geen bruikbare waarden` });
    if (r.numberFormats !== undefined && (!Array.isArray(r.numberFormats) || r.numberFormats.length !== r.values.length ||
        !r.numberFormats.every((f) => f === null || typeof f === "string")))
      throw new KibError("bad_patch", { reason: `${where} (${r.sheet}) heeft onbruikbare getalnotaties` });
    rows.push(r);
  }
  return { cells, rows };
}

// Splits items into chunks of at most maxCells cells and maxBytes estimated bytes each.
function chunked(items, cellsOf, bytesOf, limits, what) {
  const chunks = [];
  let cur = null;
  for (const item of items) {
    const cells = cellsOf(item);
    const bytes = bytesOf(item);
    if (cells > limits.maxCellsPerSync || bytes > limits.maxBytesPerSync)
      throw new KibError("too_big", { size: bytes, limit: limits.maxBytesPerSync, what });
    if (!cur || cur.cells + cells > limits.maxCellsPerSync || cur.bytes + bytes > limits.maxBytesPerSync) {
      cur = { items: [], cells: 0, bytes: 0 };
      chunks.push(cur);
    }
    cur.items.push(item);
    cur.cells += cells;
    cur.bytes += bytes;
  }
  return chunks;
}

function groupBySheet(list) {
  const bySheet = new Map();
  for (const x of list) {
    if (!bySheet.has(x.sheet)) bySheet.set(x.sheet, []);
    bySheet.get(x.sheet).push(x);
  }
  return bySheet;
}

// The write plan: per sheet (in the order sheets first appear), chunks of cells and of rows, each
// within the limits. Exposed so that the pane can show the number of steps before it starts.
export function planPatch(patch, limits = {}) {
  const lim = { ...DEFAULT_LIMITS, ...limits };
  const { cells, rows } = validatePatch(patch);
  const cellChunks = [];
  for (const [sheet, list] of groupBySheet(cells))
    for (const ch of chunked(list, () => 1, cellBytes, lim, `${sheet}`)) cellChunks.push({ sheet, ...ch });
  const rowChunks = [];
  for (const [sheet, list] of groupBySheet(rows))
    for (const ch of chunked(list, (r) => r.values.length, (r) => rowBytes(r.values, r.numberFormats), lim, `${sheet}`))
      rowChunks.push({ sheet, ...ch });
  return { cellChunks, rowChunks, totalCells: cells.length + rows.reduce((n, r) => n + r.values.length, 0) };
}

function excelError(e, sheet, written) {
  if (e instanceof KibError) return e;
  const code = e && (e.code || (e.debugInfo && e.debugInfo.code));
  if (code === "ItemNotFound") return new KibError("sheet_missing", { sheet }, e);
  return new KibError("excel_write", { sheet, officeMessage: e && e.message, written }, e);
}

// Writes a patch inside a running Excel.run (context = its RequestContext): first all cells, chunk
// by chunk, then the rows below each sheet's used range as it is after the cells. One
// context.sync per chunk, plus one to find where the rows go.
// Returns { syncs, cellsWritten, rowsAppended }.
export async function writePatch(context, patch, { onProgress, ...limits } = {}) {
  const plan = planPatch(patch, limits);
  const sheets = new Map();
  const sheetOf = (name) => {
    if (!sheets.has(name)) sheets.set(name, context.workbook.worksheets.getItem(name));
    return sheets.get(name);
  };
  let syncs = 0;
  let written = 0;
  let rowsAppended = 0;
  const progress = () => onProgress && onProgress({ written, total: plan.totalCells });

  for (const chunk of plan.cellChunks) {
    const sheet = sheetOf(chunk.sheet);
    for (const c of chunk.items) {
      const range = sheet.getRange(c.ref);
      // The format first, so that Excel does not guess one from the value.
      if (c.numberFormat !== undefined) range.numberFormat = [[c.numberFormat]];
      if (c.value !== undefined) range.values = [[c.value === null ? "" : c.value]];
      if (c.fill === null) range.format.fill.clear();
      else if (c.fill !== undefined) range.format.fill.color = c.fill;
    }
    try {
      await context.sync();
    } catch (e) {
      throw excelError(e, chunk.sheet, written);
    }
    syncs++;
    written += chunk.cells;
    progress();
  }

  if (plan.rowChunks.length) {
    // Where each sheet's rows start: below its used range, or at row 1 on an empty sheet.
    const used = new Map();
    for (const name of new Set(plan.rowChunks.map((c) => c.sheet))) {
      // Not the used range's values: on a long measurement sheet that would be a large response.
      const r = sheetOf(name).getUsedRange();
      r.load("rowIndex,rowCount,columnCount");
      const a1 = sheetOf(name).getRange("A1");
      a1.load("values");
      used.set(name, { r, a1 });
    }
    try {
      await context.sync();
    } catch (e) {
      throw excelError(e, plan.rowChunks[0].sheet, written);
    }
    syncs++;
    const next = new Map();
    for (const [name, { r, a1 }] of used) {
      // Excel gives a blank sheet's used range as A1.
      const empty = r.rowCount === 1 && r.columnCount === 1 && r.rowIndex === 0 && (a1.values?.[0]?.[0] ?? "") === "";
      next.set(name, empty ? 1 : r.rowIndex + r.rowCount + 1);
    }
    for (const chunk of plan.rowChunks) {
      const sheet = sheetOf(chunk.sheet);
      // Consecutive rows of one chunk go in one rectangular range; shorter rows are padded with ""
      // (the cells below the used range are empty already).
      const width = Math.max(...chunk.items.map((r) => r.values.length));
      const first = next.get(chunk.sheet);
      const last = first + chunk.items.length - 1;
      const values = chunk.items.map((r) => [...r.values.map((v) => (v === null ? "" : v)), ...Array(width - r.values.length).fill("")]);
      // The formats first (a date would otherwise show as its serial number), one cell each.
      chunk.items.forEach((r, i) => (r.numberFormats ?? []).forEach((f, j) => {
        if (f !== null) sheet.getRange(`${columnLetters(j + 1)}${first + i}`).numberFormat = [[f]];
      }));
      sheet.getRange(`A${first}:${columnLetters(width)}${last}`).values = values;
      try {
        await context.sync();
      } catch (e) {
        throw excelError(e, chunk.sheet, written);
      }
      syncs++;
      next.set(chunk.sheet, last + 1);
      written += chunk.cells;
      rowsAppended += chunk.items.length;
      progress();
    }
  }
  return { syncs, cellsWritten: written, rowsAppended };
}

// applyPatch(Excel, patch, {maxCellsPerSync, maxBytesPerSync, onProgress}): writePatch in its own
// Excel.run. The patch is checked before Excel is touched, so a bad patch changes nothing.
export async function applyPatch(Excel, patch, options = {}) {
  planPatch(patch, options);
  return Excel.run((context) => writePatch(context, patch, options));
}

// The current values of the patch's cells, as { "sheet!REF": value }, read in chunks of at most
// maxCellsPerSync cells — what summarizePatch compares against.
export async function readBefore(Excel, patch, { maxCellsPerSync = DEFAULT_LIMITS.maxCellsPerSync } = {}) {
  const { cells } = validatePatch(patch);
  return Excel.run(async (context) => {
    const before = {};
    const sheets = new Map();
    for (let i = 0; i < cells.length; i += maxCellsPerSync) {
      const loaded = [];
      for (const c of cells.slice(i, i + maxCellsPerSync)) {
        if (!sheets.has(c.sheet)) sheets.set(c.sheet, context.workbook.worksheets.getItem(c.sheet));
        const r = sheets.get(c.sheet).getRange(c.ref);
        r.load("values");
        loaded.push([c, r]);
      }
      try {
        await context.sync();
      } catch (e) {
        throw excelError(e, loaded[0][0].sheet, 0);
      }
      for (const [c, r] of loaded) before[cellKey(c.sheet, c.ref)] = r.values[0][0];
    }
    return before;
  });
}

function sameValue(a, b) {
  const blank = (v) => v === null || v === undefined || v === "";
  if (blank(a) && blank(b)) return true;
  if (typeof a === "number" || typeof b === "number") return Number(a) === Number(b) && !blank(a) && !blank(b);
  return String(a) === String(b);
}

// What the pane shows before writing: how many cells change value (cells not in `before` count as
// changed; appended rows count all their cells) and which KPIs turn rood (a cell with status "rood"
// whose current value is not "rood"), in patch order without repeats.
// Returns { changedCells, appendedRows, turnsRed: [kpi names] }.
export function summarizePatch(patch, before = {}) {
  const { cells, rows } = validatePatch(patch);
  const get = before instanceof Map ? (k) => before.get(k) : (k) => before[k];
  let changedCells = 0;
  const turnsRed = [];
  for (const c of cells) {
    const old = get(cellKey(c.sheet, c.ref));
    if (c.value !== undefined && !sameValue(old, c.value)) changedCells++;
    const isRed = typeof c.status === "string" && c.status.trim().toLowerCase() === "rood";
    const wasRed = typeof old === "string" && old.trim().toLowerCase() === "rood";
    if (isRed && !wasRed && c.kpi && !turnsRed.includes(c.kpi)) turnsRed.push(c.kpi);
  }
  for (const r of rows) changedCells += r.values.length;
  return { changedCells, appendedRows: rows.length, turnsRed };
}
