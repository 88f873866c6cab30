// An in-memory Excel for the tests: worksheets of cells, and Excel.run's batching — property writes
// and loads are queued and only take effect at context.sync(), as in Office. Each sync is recorded
// with the operations it carried, so tests can count syncs and check each batch's size.
// (office-addin-mock mocks object trees with fixed values; it has no cell addresses, so the Excel
// side is modelled here. The Common API side uses office-addin-mock.)

import { columnLetters } from "../src/excel_patch.js";

function parseCell(ref) {
  const m = /^([A-Z]+)([0-9]+)$/.exec(ref);
  let col = 0;
  for (const ch of m[1]) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]), col };
}

function parseRange(address) {
  const [a, b = a] = address.replace(/\$/g, "").split(":");
  const p = parseCell(a);
  const q = parseCell(b);
  return { r0: p.row, c0: p.col, r1: q.row, c1: q.col };
}

export class FakeWorkbook {
  constructor(sheets = {}) {
    // sheets: { name: { "A1": value, ... } }
    this.sheets = new Map();
    for (const [name, cells] of Object.entries(sheets)) this.addSheet(name, cells);
    this.syncs = []; // per sync: { ops: [ {kind, sheet, address, ...} ] }
    this.failAtSync = null; // 1-based sync number that fails with failError
    this.failError = null;
    this.charts = [];
  }

  addSheet(name, cells = {}) {
    const s = { name, values: new Map(), fills: new Map(), formats: new Map(), bold: new Map(), charts: [] };
    for (const [ref, v] of Object.entries(cells)) s.values.set(ref, v);
    this.sheets.set(name, s);
    return s;
  }

  value(sheet, ref) {
    return this.sheets.get(sheet)?.values.get(ref);
  }
  fill(sheet, ref) {
    return this.sheets.get(sheet)?.fills.get(ref);
  }
  format(sheet, ref) {
    return this.sheets.get(sheet)?.formats.get(ref);
  }

  usedRange(s) {
    let r0 = Infinity, c0 = Infinity, r1 = 0, c1 = 0;
    for (const [ref, v] of s.values) {
      if (v === "" || v === undefined) continue;
      const { row, col } = parseCell(ref);
      r0 = Math.min(r0, row); c0 = Math.min(c0, col); r1 = Math.max(r1, row); c1 = Math.max(c1, col);
    }
    if (r1 === 0) return { rowIndex: 0, columnIndex: 0, rowCount: 1, columnCount: 1 };
    return { rowIndex: r0 - 1, columnIndex: c0 - 1, rowCount: r1 - r0 + 1, columnCount: c1 - c0 + 1 };
  }

  // The Excel namespace object to hand to the code under test.
  excel() {
    const wb = this;
    return {
      ChartType: { radar: "Radar" },
      ChartSeriesBy: { columns: "Columns", auto: "Auto" },
      run: async (callback) => callback(new FakeContext(wb)),
    };
  }
}

class FakeContext {
  constructor(wb) {
    this.wb = wb;
    this.queue = [];
    const ctx = this;
    this.workbook = {
      worksheets: {
        getItem: (name) => new FakeSheet(ctx, name),
        add: (name) => {
          ctx.queue.push({ kind: "addSheet", sheet: name, apply: () => wb.addSheet(name) });
          return new FakeSheet(ctx, name);
        },
        load: (props) => {
          ctx.queue.push({ kind: "load", apply: () => { ctx.workbook.worksheets.items = [...wb.sheets.keys()].map((n) => ({ name: n })); } });
          return ctx.workbook.worksheets;
        },
      },
    };
  }

  async sync() {
    const ops = this.queue;
    this.queue = [];
    this.wb.syncs.push({ ops: ops.map(({ apply, ...rest }) => rest) });
    if (this.wb.failAtSync === this.wb.syncs.length) throw this.wb.failError;
    for (const op of ops) {
      if (op.sheet !== undefined && op.kind !== "addSheet" && !this.wb.sheets.has(op.sheet)) {
        const e = new Error(`The requested resource doesn't exist.`);
        e.code = "ItemNotFound";
        throw e;
      }
      op.apply();
    }
  }
}

class FakeSheet {
  constructor(ctx, name) {
    this.ctx = ctx;
    this.name = name;
    const sheet = this;
    this.charts = {
      add: (type, range, seriesBy) => {
        const chart = {
          title: {},
          axes: { valueAxis: {} },
          setPosition: (a, b) => { chart.position = [a, b]; },
        };
        ctx.queue.push({ kind: "chart", sheet: name, type, address: range.address, apply: () => {
          ctx.wb.sheets.get(name).charts.push({ type, source: range.address, seriesBy, chart });
        } });
        return chart;
      },
    };
    void sheet;
  }
  model() {
    return this.ctx.wb.sheets.get(this.name);
  }
  getRange(address) {
    return new FakeRange(this, address.replace(/\$/g, ""));
  }
  activate() {
    this.ctx.queue.push({ kind: "activate", sheet: this.name, apply: () => { this.ctx.wb.active = this.name; } });
  }
  getUsedRange() {
    const r = new FakeRange(this, null);
    r.used = true;
    return r;
  }
}

class FakeRange {
  constructor(sheet, address) {
    this.sheet = sheet;
    this.address = address;
    this.loaded = {};
    const range = this;
    const fill = {
      set color(c) {
        range.queue("fill", { fill: c }, () => range.cells().forEach((ref) => range.sheet.model().fills.set(ref, c)));
      },
      clear() {
        range.queue("fillClear", {}, () => range.cells().forEach((ref) => range.sheet.model().fills.delete(ref)));
      },
    };
    const font = {
      set bold(b) {
        range.queue("bold", { bold: b }, () => range.cells().forEach((ref) => range.sheet.model().bold.set(ref, b)));
      },
    };
    const autofitColumns = () => range.queue("autofitColumns", {}, () => {});
    this.format = { fill, font, autofitColumns };
  }
  queue(kind, extra, apply) {
    this.sheet.ctx.queue.push({ kind, sheet: this.sheet.name, address: this.address, ...extra, apply });
  }
  cells() {
    const { r0, c0, r1, c1 } = parseRange(this.address);
    const out = [];
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) out.push(`${columnLetters(c)}${r}`);
    return out;
  }
  grid() {
    const { r0, c0, r1, c1 } = parseRange(this.address);
    return { rows: r1 - r0 + 1, cols: c1 - c0 + 1, r0, c0 };
  }
  set2d(kind, target, values) {
    const { rows, cols, r0, c0 } = this.grid();
    if (!Array.isArray(values) || values.length !== rows || values.some((row) => row.length !== cols))
      throw new Error(`${kind} of ${this.address} must be ${rows}x${cols}`);
    this.queue(kind, { values }, () => {
      for (let r = 0; r < rows; r++)
        for (let c = 0; c < cols; c++) this.sheet.model()[target].set(`${columnLetters(c0 + c)}${r0 + r}`, values[r][c]);
    });
  }
  set values(v) {
    this.set2d("values", "values", v);
  }
  get values() {
    if (!("values" in this.loaded)) throw new Error("values not loaded (load + sync first)");
    return this.loaded.values;
  }
  set numberFormat(v) {
    this.set2d("numberFormat", "formats", v);
  }
  load(props) {
    const names = String(props).split(",").map((s) => s.trim());
    this.queue("load", { props: names }, () => {
      const s = this.sheet.model();
      if (this.used) Object.assign(this.loaded, this.sheet.ctx.wb.usedRange(s));
      else {
        const { rows, cols, r0, c0 } = this.grid();
        this.loaded.values = Array.from({ length: rows }, (_, r) =>
          Array.from({ length: cols }, (_, c) => s.values.get(`${columnLetters(c0 + c)}${r0 + r}`) ?? ""));
      }
    });
    return this;
  }
  get rowIndex() { return this.loadedProp("rowIndex"); }
  get rowCount() { return this.loadedProp("rowCount"); }
  get columnCount() { return this.loadedProp("columnCount"); }
  loadedProp(p) {
    if (!(p in this.loaded)) throw new Error(`${p} not loaded (load + sync first)`);
    return this.loaded[p];
  }
}
