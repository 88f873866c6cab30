// "Resultaten toevoegen": writes the scan's scores into a new sheet "Resultaten scan" of the open
// workbook — per pillar the model value, score, phase (filled in the phase's colour, as in kib's own
// results workbook), respondents, spread and "weet ik niet" share — and, where Excel supports
// charts, a radar chart of the model values.
//
// Input is the JSON of `kib score --json` (engine/scan/score.cpp), of which this reads:
//   { "respondents": 42,
//     "pillars": [ { "name": "Strategie", "code": "STR", "score": 21.5 | null, "phase": "Groeiend" | null,
//                    "model": 3.3 | null, "respondents": 40, "sd": 3.1 | null, "dont_know_share": 0.05 } ],
//     "response": { "respondents": 42, "invited": 80 | null, "rate": 0.525 | null, "meets_target": true, "target": 0.5 } }

import { KibError } from "./i18n_nl.js";
import { writePatch } from "./excel_patch.js";
import { isSupported } from "./host.js";

export const RESULTS_SHEET = "Resultaten scan";

// Fill per phase, the same colours as kib's results workbook (engine/scan/score_outputs.cpp).
export const PHASE_FILLS = Object.freeze({
  Startend: "#F4B183",
  Lerend: "#FFE699",
  Groeiend: "#E2EFDA",
  Volwassen: "#A9D08E",
  Leidend: "#70AD47",
});

const HEADER_FILL = "#D9E2F3";
const HEADERS = ["Pijler", "Modelwaarde", "Score", "Fase", "Respondenten", "Standaarddeviatie", "Weet ik niet"];
const ONE_DECIMAL = "0.0";
const PERCENT = "0.0%";
const DASH = "–";

// A sheet name not yet in `existing`: "Resultaten scan", then "Resultaten scan (2)", ... — an earlier
// results sheet is kept, never overwritten.
export function freeSheetName(base, existing) {
  const taken = new Set([...existing].map((n) => n.toLowerCase()));
  if (!taken.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) {
    const name = `${base} (${i})`;
    if (!taken.has(name.toLowerCase())) return name;
  }
}

function checkScore(score) {
  if (!score || !Array.isArray(score.pillars) || score.pillars.length === 0 ||
      !score.pillars.every((p) => p && typeof p.name === "string"))
    throw new KibError("bad_response", { reason: "score without pillars" });
}

// The cells of the results sheet as a patch for writePatch (and for tests): the table in A1:G7 — the
// pillar names and model values side by side in A:B, the chart's source — and the response below.
export function resultsCells(score, sheet = RESULTS_SHEET) {
  checkScore(score);
  const cells = [];
  const put = (ref, value, extra = {}) => cells.push({ sheet, ref, value, ...extra });
  HEADERS.forEach((h, i) => put(`${String.fromCharCode(65 + i)}1`, h, { fill: HEADER_FILL }));
  score.pillars.forEach((p, i) => {
    const row = i + 2;
    const has = typeof p.score === "number";
    put(`A${row}`, p.name);
    put(`B${row}`, has && typeof p.model === "number" ? p.model : DASH, has ? { numberFormat: ONE_DECIMAL } : {});
    put(`C${row}`, has ? p.score : DASH, has ? { numberFormat: ONE_DECIMAL } : {});
    put(`D${row}`, has && p.phase ? p.phase : DASH, has && PHASE_FILLS[p.phase] ? { fill: PHASE_FILLS[p.phase] } : {});
    put(`E${row}`, typeof p.respondents === "number" ? p.respondents : 0);
    put(`F${row}`, typeof p.sd === "number" ? p.sd : DASH, typeof p.sd === "number" ? { numberFormat: ONE_DECIMAL } : {});
    put(`G${row}`, typeof p.dont_know_share === "number" ? p.dont_know_share : DASH,
      typeof p.dont_know_share === "number" ? { numberFormat: PERCENT } : {});
  });
  let row = score.pillars.length + 3;
  const response = score.response ?? {};
  put(`A${row}`, "Respondenten");
  put(`B${row}`, typeof response.respondents === "number" ? response.respondents : score.respondents ?? 0);
  if (typeof response.invited === "number") {
    put(`A${++row}`, "Uitgenodigd");
    put(`B${row}`, response.invited);
  }
  if (typeof response.rate === "number") {
    put(`A${++row}`, "Respons");
    put(`B${row}`, response.rate, {
      numberFormat: PERCENT,
      // Green when the handbook's target (50%) is met, warm when not — as the phases.
      fill: response.meets_target ? PHASE_FILLS.Volwassen : PHASE_FILLS.Startend,
    });
  }
  return { cells, tableRange: `A1:G${score.pillars.length + 1}`, chartSource: `A1:B${score.pillars.length + 1}` };
}

// Writes the results sheet and activates it. Office is used only for requirement-set checks: the
// chart needs ExcelApi 1.1, fitting the columns ExcelApi 1.2. options: writePatch's limits.
// Returns { sheet: the name used, chart: whether a chart was added, syncs }.
export async function writeResultsSheet(Excel, Office, score, options = {}) {
  checkScore(score);
  const withChart = isSupported(Office, "ExcelApi", "1.1");
  const fitColumns = isSupported(Office, "ExcelApi", "1.2");
  return Excel.run(async (context) => {
    const sheets = context.workbook.worksheets;
    sheets.load("items/name");
    await context.sync();
    const name = freeSheetName(options.sheetName ?? RESULTS_SHEET, sheets.items.map((s) => s.name));
    const sheet = sheets.add(name);
    const { cells, chartSource } = resultsCells(score, name);
    const written = await writePatch(context, { cells }, options);
    sheet.getRange("A1:G1").format.font.bold = true;
    if (fitColumns) sheet.getRange("A:G").format.autofitColumns();
    if (withChart) {
      const chart = sheet.charts.add(Excel.ChartType.radar, sheet.getRange(chartSource), Excel.ChartSeriesBy.columns);
      chart.title.text = "CXPA-modelwaarde per pijler";
      chart.axes.valueAxis.minimum = 0;
      chart.axes.valueAxis.maximum = 5;
      chart.setPosition("I2", "P20");
    }
    sheet.activate();
    await context.sync();
    return { sheet: name, chart: withChart, syncs: written.syncs + 2 };
  });
}
