// The task pane's logic without a page or Office: dates, the steering date to propose, what a job
// document holds for each of the pane's jobs, comment threads and their filters, the radar's
// geometry. taskpane.js puts the results on the page; node tests this module on its own.

import { KibError } from "./i18n_nl.js";
import { validatePatch } from "./excel_patch.js";

const MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
  "november", "december"];
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// The service root (ends in "/") for a pane served at <root>addin/taskpane.html; the public URL may
// have a path of its own ("https://host/kib/addin/taskpane.html" → "https://host/kib/").
export function serviceBase(href) {
  const u = new URL(href);
  u.search = "";
  u.hash = "";
  const at = u.pathname.lastIndexOf("/addin/");
  u.pathname = at >= 0 ? u.pathname.slice(0, at + 1) : u.pathname.replace(/[^/]*$/, "");
  return u.href;
}

// A calendar date (not a moment) is valid YYYY-MM-DD.
export function isIsoDate(s) {
  const m = ISO_DATE.exec(String(s ?? ""));
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

// Today in the person's own time zone, as YYYY-MM-DD.
export function localIsoDate(now = new Date()) {
  const p = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

// The reference date the pane proposes, from GET /api/v1/settings: the service's next steering date
// (`next_steering_date`), else the first of `steering_dates` on or after today, else a fixed
// `reference_date`, else today. Dates that are no dates are passed over.
export function proposedDate(settings, today) {
  const s = settings && typeof settings === "object" ? settings : {};
  const p = s.programme && typeof s.programme === "object" ? s.programme : s;
  if (isIsoDate(p.next_steering_date)) return p.next_steering_date;
  const upcoming = (Array.isArray(p.steering_dates) ? p.steering_dates : []).filter((d) => isIsoDate(d) && d >= today).sort();
  if (upcoming.length) return upcoming[0];
  if (isIsoDate(p.reference_date)) return p.reference_date;
  return today;
}

// The largest document the service takes, in bytes, from GET /api/v1/settings
// (`limits.upload_bytes`, else `upload_mb`); Infinity when the settings do not say.
export function uploadLimit(settings) {
  const s = settings && typeof settings === "object" ? settings : {};
  const ok = (n) => typeof n === "number" && Number.isFinite(n) && n > 0;
  if (s.limits && ok(s.limits.upload_bytes)) return s.limits.upload_bytes;
  return ok(s.upload_mb) ? s.upload_mb * 1024 * 1024 : Infinity;
}

// The URL to hand to a browser for one output: its download_url (with a short-lived key, no token
// needed) when the service gives one, else its url.
export function downloadUrl(output) {
  return typeof output.download_url === "string" && output.download_url ? output.download_url : output.url;
}

// "2026-11-23" or "2026-11-23T10:15:00Z" → "23 november 2026"; anything else as it is.
export function dutchDate(value) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value ?? ""));
  if (!m || +m[2] < 1 || +m[2] > 12) return value ?? "";
  return `${+m[3]} ${MONTHS[+m[2] - 1]} ${m[1]}`;
}

// A number the Dutch way (1.234,5); null and undefined as "–".
export function numberNl(n, digits = 1) {
  if (n === null || n === undefined || Number.isNaN(Number(n))) return "–";
  return Number(n).toLocaleString("nl-NL", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

// The name the document goes up under: its own file name (from Office.context.document.url) when
// it ends in one of `extensions`, else the fallback (kib tells the kind from the content, but
// names its outputs after the file).
export function documentName(url, fallback, extensions = [".xlsx", ".xlsm", ".docx"]) {
  const raw = String(url ?? "").split(/[?#]/)[0];
  let last = raw.split(/[\\/]/).pop() ?? "";
  try {
    last = decodeURIComponent(last);
  } catch {
    /* keep it as it is */
  }
  return last && extensions.some((e) => last.toLowerCase().endsWith(e)) ? last : fallback;
}

// The KPI patch of a programme job's document (result.patch; see README.md "Shapes"), checked.
export function patchOf(doc) {
  const patch = doc && ((doc.result && doc.result.patch) ?? doc.patch);
  if (!patch || typeof patch !== "object") throw new KibError("no_patch");
  validatePatch(patch);
  return patch;
}

// What the pane says before writing, from summarizePatch: Dutch lines.
export function summaryLines({ changedCells, appendedRows, turnsRed }) {
  const lines = [];
  if (changedCells === 0 && appendedRows === 0) lines.push("Er verandert niets: de werkmap is al bij.");
  else lines.push(`${changedCells === 1 ? "1 cel verandert" : `${changedCells.toLocaleString("nl-NL")} cellen veranderen`}` +
    (appendedRows ? ` (waarvan ${appendedRows === 1 ? "1 nieuwe rij" : `${appendedRows} nieuwe rijen`} in Metingen).` : "."));
  if (turnsRed.length === 0) lines.push("Geen KPI wordt rood.");
  else lines.push(`${turnsRed.length === 1 ? "Deze KPI wordt" : `Deze ${turnsRed.length} KPI's worden`} rood:`);
  return lines;
}

// A KPI figure in Dutch: percentages as 48%, relative changes as +12%, others with a decimal comma.
export function kpiFigure(kind, v) {
  if (v === null || v === undefined) return "–";
  if (kind === "percent") return `${numberNl(v * 100, 0)}%`;
  if (kind === "relative") return `${v > 0 ? "+" : ""}${numberNl(v * 100, 0)}%`;
  return Number(v).toLocaleString("nl-NL", { maximumFractionDigits: 2 });
}

// Rows of the KPI table from a programme job's result.kpi (what `kib kpi --json` prints).
export function kpiRows(kpi) {
  return ((kpi && kpi.kpis) || []).map((k) => ({
    domain: k.domain ?? "",
    kpi: k.kpi ?? "",
    current: k.current ? (k.current.value === null || k.current.value === undefined ? k.current.text ?? "–"
      : kpiFigure(k.current.kind, k.current.value)) : "–",
    plan: kpiFigure(k.goal && k.goal.kind, k.plan_at_reference ?? k.plan),
    status: k.status || "geen meting",
    trend: k.trend || "",
  }));
}

// Rows of the score table from a score job's result (what `kib score --json` prints).
export function scoreRows(score) {
  return ((score && score.pillars) || []).map((p) => ({
    name: p.name ?? "",
    score: typeof p.score === "number" ? p.score_display || numberNl(p.score, 1) : "–",
    phase: typeof p.score === "number" && p.phase ? p.phase : "–",
    model: typeof p.score === "number" ? numberNl(p.model, 1) : "–",
  }));
}

// The radar of the model values (0 to `max`): rings at every whole step, an axis and a label per
// pillar, and the shape of the values. Points as SVG "x,y x,y ..." strings; the first pillar is at
// the top, the others clockwise.
export function radarShape(pillars, { size = 280, max = 5, margin = 62 } = {}) {
  const n = pillars.length;
  const c = size / 2;
  const r = c - margin;
  const at = (i, v) => {
    const a = -Math.PI / 2 + (2 * Math.PI * i) / n;
    const k = (r * Math.max(0, Math.min(v, max))) / max;
    return [Math.round((c + Math.cos(a) * k) * 10) / 10, Math.round((c + Math.sin(a) * k) * 10) / 10];
  };
  const pts = (values) => values.map((v, i) => at(i, v).join(",")).join(" ");
  const rings = [];
  for (let level = 1; level <= max; level++) rings.push(pts(pillars.map(() => level)));
  const axes = pillars.map((_, i) => {
    const [x, y] = at(i, max);
    return { x1: c, y1: c, x2: x, y2: y };
  });
  const labels = pillars.map((p, i) => {
    const a = -Math.PI / 2 + (2 * Math.PI * i) / n;
    const x = Math.round((c + Math.cos(a) * (r + 12)) * 10) / 10;
    const y = Math.round((c + Math.sin(a) * (r + 12)) * 10) / 10;
    const anchor = Math.abs(Math.cos(a)) < 0.2 ? "middle" : Math.cos(a) > 0 ? "start" : "end";
    return { x, y, anchor, text: p.name ?? "" };
  });
  const shape = pts(pillars.map((p) => (typeof p.score === "number" && typeof p.model === "number" ? p.model : 0)));
  return { size, rings, axes, labels, shape };
}

// The outputs of a job in the groups the pane offers: the report (steering report, scan report),
// the handouts, the comment register, workbooks, and the rest (text and JSON files).
export function outputGroups(outputs) {
  const g = { report: [], handouts: [], register: [], workbooks: [], other: [] };
  for (const o of outputs || []) {
    const name = String(o.name ?? "");
    if (/rapportage[^/]*\.docx$/i.test(name)) g.report.push(o);
    else if (/handout/i.test(name)) g.handouts.push(o);
    else if (/opmerkingenregister/i.test(name)) g.register.push(o);
    else if (/\.xls[xm]$/i.test(name)) g.workbooks.push(o);
    else g.other.push(o);
  }
  return g;
}

// The comments of a comments job as threads: each top-level comment with its replies (those whose
// `parent` is its id) in document order. A reply whose parent is missing stands on its own.
export function commentThreads(comments) {
  const list = Array.isArray(comments) ? comments : [];
  const byId = new Map(list.map((c) => [String(c.id), c]));
  const threads = [];
  const replies = new Map();
  for (const c of list) {
    const parent = c.parent === null || c.parent === undefined ? null : String(c.parent);
    if (parent !== null && byId.has(parent) && parent !== String(c.id)) {
      if (!replies.has(parent)) replies.set(parent, []);
      replies.get(parent).push(c);
    } else threads.push(c);
  }
  // A reply to a reply joins the thread of the comment at its top.
  const all = (id, seen = new Set()) => {
    if (seen.has(id)) return [];
    seen.add(id);
    return (replies.get(id) ?? []).flatMap((r) => [r, ...all(String(r.id), seen)]);
  };
  return threads.map((c) => ({ ...c, replies: all(String(c.id)) }));
}

// Everyone who wrote a comment or a reply, in Dutch alphabetical order.
export function commentAuthors(comments) {
  const names = new Set((Array.isArray(comments) ? comments : []).map((c) => c.author).filter((a) => typeof a === "string" && a));
  return [...names].sort((a, b) => a.localeCompare(b, "nl"));
}

// The threads that pass the filters: openOnly leaves out resolved threads; author keeps the threads
// that person started or replied to ("" or null: everyone).
export function filterThreads(threads, { openOnly = false, author = "" } = {}) {
  return threads.filter((t) => (!openOnly || !t.resolved) &&
    (!author || t.author === author || t.replies.some((r) => r.author === author)));
}

// Threads grouped by the section (heading) they are in, in document order.
export function bySection(threads) {
  const groups = new Map();
  for (const t of threads) {
    const s = t.section || "(zonder kop)";
    if (!groups.has(s)) groups.set(s, []);
    groups.get(s).push(t);
  }
  return [...groups].map(([section, list]) => ({ section, threads: list }));
}

// "3 van 7 opmerkingen (2 open)" — what the filter shows.
export function commentCount(shown, threads) {
  const open = threads.filter((t) => !t.resolved).length;
  return `${shown.length} van ${threads.length} ${threads.length === 1 ? "opmerking" : "opmerkingen"} (${open} open)`;
}

// Word's body.search takes at most 255 characters: the anchor's first line, cut to 200 (room for
// the escapes).
export function searchText(anchor) {
  const first = String(anchor ?? "").split(/[\r\n\t]/).find((s) => s.trim()) ?? "";
  // "^" starts a special character in Word's search ("^p"); "^^" is the caret itself.
  return first.trim().slice(0, 200).replace(/\^/g, "^^");
}
