// A stand-in for Office.js, injected into the task pane before its own scripts run (the real
// office.js is blocked in the test). It plays Excel or Word as far as the pane uses them and records
// what the pane does in window.__kib. Configured by window.__kibStub, set just before this script:
//   { host: "Excel" | "Word", document: base64 bytes of the open document, url: its name,
//     before: { "sheet!REF": value } (what Excel's cells hold before), words: [texts Word finds] }
(function () {
  const cfg = window.__kibStub;
  const rec = (window.__kib = { slices: [], closes: 0, open: 0, writes: [], appended: [], syncs: 0, reads: 0,
    sheetsAdded: [], charts: [], opened: [], searches: [], selected: 0 });
  const bin = atob(cfg.document);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const later = (fn) => setTimeout(fn, 1);
  const ok = (value) => ({ status: "succeeded", value });
  const failed = (message) => ({ status: "failed", error: { code: 5001, message } });

  window.Office = {
    HostType: { Excel: "Excel", Word: "Word" },
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    FileType: { Compressed: "compressed" },
    onReady(cb) {
      const info = { host: cfg.host, platform: "OfficeOnline" };
      if (cb) later(() => cb(info));
      return Promise.resolve(info);
    },
    context: {
      host: cfg.host,
      document: {
        url: cfg.url,
        getFileAsync(type, options, cb) {
          if (type !== "compressed") return later(() => cb(failed("unexpected file type " + type)));
          if (rec.open) return later(() => cb(failed("Er is al een bestand geopend.")));
          rec.open++;
          const size = options.sliceSize;
          later(() => cb(ok({
            size: bytes.length,
            sliceCount: Math.ceil(bytes.length / size),
            getSliceAsync(i, done) {
              rec.slices.push(i);
              // Office hands slices out as arrays of byte values.
              later(() => done(ok({ index: i, data: Array.from(bytes.subarray(i * size, (i + 1) * size)) })));
            },
            closeAsync(done) {
              rec.closes++;
              rec.open--;
              later(() => done && done(ok()));
            },
          })));
        },
      },
      requirements: {
        isSetSupported(name) {
          return ["OpenBrowserWindowApi", cfg.host === "Excel" ? "ExcelApi" : "WordApi"].includes(name);
        },
      },
      ui: { openBrowserWindow(url) { rec.opened.push(url); } },
    },
  };

  // Excel: ranges whose writes are recorded and whose reads come from cfg.before. Writes are kept
  // per batch and land in __kib.writes at context.sync(), as in Office.
  function excelContext() {
    const pending = [];
    const sheets = new Map();
    const sheet = (name) => {
      if (sheets.has(name)) return sheets.get(name);
      const range = (address) => {
        const r = {
          address,
          format: { fill: { clear() { pending.push({ sheet: name, address, fill: null }); } }, font: {},
            autofitColumns() {} },
          load() { rec.reads++; },
        };
        Object.defineProperty(r.format.fill, "color", { set(v) { pending.push({ sheet: name, address, fill: v }); } });
        Object.defineProperty(r, "values", {
          set(v) { pending.push({ sheet: name, address, values: v }); },
          get() { return [[(cfg.before || {})[`${name}!${address}`] ?? ""]]; },
        });
        Object.defineProperty(r, "numberFormat", { set(v) { pending.push({ sheet: name, address, numberFormat: v }); } });
        return r;
      };
      const ws = {
        name,
        getRange: range,
        // The measurements sheet holds a header and 10 rows (A1:D11).
        getUsedRange() { return { rowIndex: 0, rowCount: 11, columnCount: 4, load() {} }; },
        charts: { add(type, source, by) {
          const chart = { type, by, title: {}, axes: { valueAxis: {} }, setPosition() {} };
          rec.charts.push({ sheet: name, type, source: source.address });
          return chart;
        } },
        activate() {},
      };
      sheets.set(name, ws);
      return ws;
    };
    const items = [];
    return {
      workbook: {
        worksheets: {
          getItem: sheet,
          load() {},
          get items() { return items; },
          add(name) { rec.sheetsAdded.push(name); return sheet(name); },
        },
      },
      async sync() {
        rec.syncs++;
        for (const w of pending.splice(0)) (w.values && /:/.test(w.address) ? rec.appended : rec.writes).push(w);
      },
    };
  }
  window.Excel = {
    ChartType: { radar: "Radar" },
    ChartSeriesBy: { columns: "Columns" },
    run(fn) { return Promise.resolve().then(() => fn(excelContext())); },
  };

  // Word: body.search finds the texts in cfg.words; select() is counted.
  window.Word = {
    run(fn) {
      const context = {
        document: { body: { search(text, options) {
          rec.searches.push({ text, options });
          const found = (cfg.words || []).some((w) => w.includes(text));
          return { items: found ? [{ select() { rec.selected++; } }] : [], load() {} };
        } } },
        async sync() {},
      };
      return Promise.resolve().then(() => fn(context));
    },
  };
})();
