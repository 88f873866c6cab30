// The "Klant in Beeld" task pane: starts in Excel, in Word, or as a plain web page (no Office host),
// and runs its four jobs against kib serve — the service that served this page (one origin, no CORS).
//   Excel: "KPI's bijwerken" (the open programme workbook → cell patch, shown, then written) and
//          "Scan scoren" (the open survey export → scores, radar, "Resultaten toevoegen").
//   Word:  "Opmerkingen" (the open draft → comment threads with filters, the register) and
//          "Handouts maken" (a programme workbook the person picks → handouts).
//   Outside Office all four, each with a file input instead of the open document.

import { postJob, getJson } from "./api.js";
import { readDocument } from "./office_file.js";
import { applyPatch, readBefore, summarizePatch } from "./excel_patch.js";
import { writeResultsSheet, RESULTS_SHEET } from "./results_sheet.js";
import { detectHost, requireJob, isSupported, download, tokenStore } from "./host.js";
import { KibError, messageNl } from "./i18n_nl.js";
import {
  serviceBase, isIsoDate, localIsoDate, proposedDate, uploadLimit, downloadUrl, dutchDate, numberNl, documentName, patchOf, summaryLines,
  outputGroups, commentThreads, commentAuthors, filterThreads, commentCount, searchText,
} from "./pane_logic.js";
import { el, kpiTable, scoreTable, radarChart, downloadList, commentList } from "./pane_view.js";

const $ = (id) => document.getElementById(id);

const PANELS = { Excel: ["kpi", "scan"], Word: ["comments", "handouts"], null: ["kpi", "scan", "comments", "handouts"] };

// Errors about the person's input or file, told in the pane only (not in the console).
const PERSONS_ERRORS = ["no_file", "bad_date", "word_search", "job_failed", "unauthorized", "too_big", "network"];

const state = {
  Office: undefined,
  host: null,
  base: serviceBase(location.href),
  tokens: null,
  busy: false,
  maxBytes: Infinity, // the service's upload limit, once the settings are read
};

// ---- page frame: status line, errors, token, tabs ---------------------------------------------

function setStatus(text) {
  $("status").textContent = text;
}

function showError(error) {
  const box = $("error");
  box.replaceChildren(el("p", {}, messageNl(error)));
  box.hidden = false;
  if (error instanceof KibError && error.code === "unauthorized") showTokenBox(true);
  // For developers: what went wrong beyond the person's own input or the file they chose.
  if (!(error instanceof KibError) || !PERSONS_ERRORS.includes(error.code)) console.error(error);
}

function clearError() {
  $("error").hidden = true;
  $("error").replaceChildren();
}

function showTokenBox(focus) {
  $("token-box").hidden = false;
  if (focus) $("token").focus();
}

function setupToken() {
  state.tokens = tokenStore(state.base);
  $("token-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const t = $("token").value.trim();
    if (t) state.tokens.set(t);
    else state.tokens.clear();
    $("token").value = "";
    $("token-state").textContent = t ? "De toegangscode is bewaard op dit apparaat." : "De toegangscode is verwijderd.";
    clearError();
    loadSettings();
  });
  $("token-forget").addEventListener("click", () => {
    state.tokens.clear();
    $("token-state").textContent = "De toegangscode is verwijderd.";
  });
}

function showPanel(name) {
  for (const b of document.querySelectorAll("#tabs [role=tab]")) {
    const on = b.dataset.panel === name;
    b.setAttribute("aria-selected", on ? "true" : "false");
    b.tabIndex = on ? 0 : -1;
    $(`panel-${b.dataset.panel}`).hidden = !on;
  }
}

function setupTabs() {
  const names = PANELS[state.host];
  for (const b of document.querySelectorAll("#tabs [role=tab]")) {
    b.hidden = !names.includes(b.dataset.panel);
    b.addEventListener("click", () => showPanel(b.dataset.panel));
  }
  $("tabs").addEventListener("keydown", (e) => {
    if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
    const tabs = [...document.querySelectorAll("#tabs [role=tab]")].filter((b) => !b.hidden);
    const at = tabs.indexOf(document.activeElement);
    if (at < 0) return;
    const next = tabs[(at + (e.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
    showPanel(next.dataset.panel);
    next.focus();
  });
  showPanel(names[0]);
}

// ---- talking to kib serve ---------------------------------------------------------------------

async function loadHealth() {
  try {
    const h = await getJson({ url: new URL("api/v1/health", state.base).href });
    $("version").textContent = `kib ${h.version ?? ""}`.trim();
    if (h.auth && !state.tokens.get()) showTokenBox(false);
  } catch (e) {
    showError(e);
  }
}

// The proposed reference date: the next steering date from the service's settings, else today.
async function loadSettings() {
  const today = localIsoDate();
  let settings = null;
  try {
    settings = await getJson({ url: new URL("api/v1/settings", state.base).href, token: state.tokens.get() });
  } catch (e) {
    if (e instanceof KibError && e.code === "unauthorized") showTokenBox(false);
  }
  state.maxBytes = uploadLimit(settings);
  // A service that makes no handouts (kib.toml handouts = false) says so before anyone tries.
  const off = Boolean(settings && settings.handouts === false);
  $("handouts-off").hidden = !off;
  $("handouts-run").disabled = off;
  $("handouts-file").disabled = off;
  const date = proposedDate(settings, today);
  for (const id of ["kpi-date", "handouts-date"]) if (!$(id).value || $(id).dataset.proposed === $(id).value) {
    $(id).value = date;
    $(id).dataset.proposed = date;
  }
  $("kpi-date-help").textContent = settings && date !== today
    ? `Voorgesteld: de volgende stuurgroepdatum, ${dutchDate(date)}.` : "";
}

// The document to send: the open one inside Office (unless the panel always takes a file), else
// the file chosen in the panel's file input.
async function documentToSend(input, fallbackName, { fromOffice = true } = {}) {
  if (state.host && fromOffice) {
    setStatus("Het document wordt gelezen…");
    const bytes = await readDocument(state.Office, { maxBytes: state.maxBytes });
    const url = state.Office.context.document && state.Office.context.document.url;
    return { bytes, name: documentName(url, fallbackName) };
  }
  const file = input.files && input.files[0];
  if (!file) throw new KibError("no_file");
  if (file.size > state.maxBytes) throw new KibError("too_big", { size: file.size, limit: state.maxBytes });
  return { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name };
}

async function sendJob(params, { bytes, name }) {
  setStatus(`${name} gaat naar de Klant in Beeld-dienst…`);
  const doc = await postJob({ base: state.base, params, bytes, fileName: name, token: state.tokens.get() });
  setStatus(`${doc.file ?? name} is verwerkt${typeof doc.duration_s === "number" ? ` in ${numberNl(doc.duration_s, 1)} s` : ""}.`);
  return doc;
}

function referenceDate(id) {
  const date = $(id).value.trim();
  if (date && !isIsoDate(date)) throw new KibError("bad_date", { date });
  return date;
}

// Runs one job of a panel: one at a time, errors shown in Dutch, the panel's buttons off meanwhile.
async function run(panel, work) {
  if (state.busy) return;
  state.busy = true;
  clearError();
  const buttons = [...$(`panel-${panel}`).querySelectorAll("button, input")];
  const was = buttons.map((b) => b.disabled);
  buttons.forEach((b) => { b.disabled = true; });
  $(`panel-${panel}`).setAttribute("aria-busy", "true");
  try {
    await work();
  } catch (e) {
    setStatus("");
    showError(e);
  } finally {
    buttons.forEach((b, i) => { b.disabled = was[i]; });
    $(`panel-${panel}`).removeAttribute("aria-busy");
    state.busy = false;
  }
}

function offerDownload(o) {
  const how = download(downloadUrl(o), o.name, { Office: state.Office });
  setStatus(how === "link" ? `${o.name} wordt gedownload.` : `${o.name} wordt geopend in de browser.`);
}

// The outputs: the groups named first, everything else under "Meer bestanden".
function downloads(doc, first) {
  const g = outputGroups(doc.outputs);
  const box = el("section", { class: "card", "aria-label": "Downloads" }, el("h3", {}, "Downloads"));
  const main = first.flatMap((k) => g[k]);
  const rest = Object.keys(g).filter((k) => !first.includes(k)).flatMap((k) => g[k]);
  if (main.length) box.append(downloadList(main, offerDownload));
  else box.append(el("p", { class: "help" }, "Geen bestanden om te downloaden."));
  if (rest.length) box.append(el("details", {}, el("summary", {}, "Meer bestanden"), downloadList(rest, offerDownload)));
  return box;
}

function warnings(doc) {
  if (!Array.isArray(doc.warnings) || !doc.warnings.length) return null;
  return el("section", { class: "card warn" }, el("h3", {}, "Let op"), el("ul", {}, doc.warnings.map((w) => el("li", {}, w))));
}

// ---- Excel: KPI's bijwerken ------------------------------------------------------------------

async function kpiJob() {
  const out = $("kpi-result");
  out.replaceChildren();
  const date = referenceDate("kpi-date");
  if (state.host) requireJob(state.Office, "kpiUpdate");
  const doc = await sendJob({ kind: "programme", date }, await documentToSend($("kpi-file"), "programma.xlsx"));
  const kpi = doc.result && doc.result.kpi;
  if (kpi) out.append(el("h3", { id: "kpi-heading" }, `KPI-stand op ${dutchDate(kpi.date ?? date)}`), kpiTable(kpi));
  if (state.host === "Excel") {
    const patch = patchOf(doc);
    setStatus("De huidige waarden in de werkmap worden gelezen…");
    const before = await readBefore(globalThis.Excel, patch);
    out.prepend(patchSummary(patch, summarizePatch(patch, before)));
    setStatus("Controleer de wijzigingen en kies 'Wijzigingen toepassen'.");
  } else if (kpi) {
    out.prepend(el("p", { class: "help" }, "Open de werkmap in Excel met Klant in Beeld om de wijzigingen direct in de " +
      "werkmap te zetten, of download hieronder de bijgewerkte werkmap."));
  }
  out.append(...[warnings(doc), downloads(doc, ["report", "handouts", "workbooks"])].filter(Boolean));
}

function patchSummary(patch, summary) {
  const box = el("section", { class: "card summary", id: "kpi-summary" });
  const lines = summaryLines(summary);
  box.append(el("p", { id: "kpi-changes" }, lines[0]), el("p", {}, lines[1]));
  if (summary.turnsRed.length) box.append(el("ul", { id: "kpi-red", class: "red" }, summary.turnsRed.map((k) => el("li", {}, k))));
  if (summary.changedCells || summary.appendedRows) {
    const apply = el("button", { type: "button", id: "kpi-apply", class: "primary" }, "Wijzigingen toepassen");
    apply.addEventListener("click", () => run("kpi", async () => {
      setStatus("De werkmap wordt bijgewerkt…");
      const r = await applyPatch(globalThis.Excel, patch, {
        onProgress: ({ written, total }) => setStatus(`De werkmap wordt bijgewerkt… ${written} van ${total} cellen.`),
      });
      apply.remove();
      // cellsWritten counts every cell written, also those whose value stays (a fill, a format).
      box.append(el("p", { id: "kpi-applied", class: "done" }, `Klaar: de wijzigingen staan in de werkmap ` +
        `(${r.cellsWritten} cellen geschreven` +
        (r.rowsAppended ? `, ${r.rowsAppended} ${r.rowsAppended === 1 ? "rij" : "rijen"} toegevoegd).` : ").")));
      setStatus("De werkmap is bijgewerkt. Sla hem op om de wijzigingen te bewaren.");
    }));
    box.append(apply);
  }
  return box;
}

// ---- Excel: Scan scoren ----------------------------------------------------------------------

async function scanJob() {
  const out = $("scan-result");
  out.replaceChildren();
  const doc = await sendJob({ kind: "score" }, await documentToSend($("scan-file"), "scan.xlsx"));
  const score = doc.result;
  if (!score || !Array.isArray(score.pillars)) throw new KibError("bad_response", { reason: "no pillars" });
  const response = score.response ?? {};
  const facts = [`${score.respondents ?? response.respondents ?? 0} respondenten`];
  if (typeof response.rate === "number") facts.push(`respons ${numberNl(response.rate * 100, 0)}%` +
    (response.meets_target ? " (doel gehaald)" : " (onder het doel)"));
  out.append(el("h3", { id: "scan-heading" }, "Scores per pijler"), el("p", {}, `${facts.join(", ")}.`),
    scoreTable(score), radarChart(score.pillars));
  if (state.host === "Excel") {
    const add = el("button", { type: "button", id: "scan-add", class: "primary" }, "Resultaten toevoegen");
    add.addEventListener("click", () => run("scan", async () => {
      requireJob(state.Office, "scanResults");
      setStatus("Het werkblad met de resultaten wordt gemaakt…");
      const r = await writeResultsSheet(globalThis.Excel, state.Office, score);
      setStatus(`Het werkblad '${r.sheet}' is toegevoegd${r.chart ? " met een radardiagram" : ""}.`);
    }));
    out.append(el("p", {}, add), el("p", { class: "help" }, `Zet de scores in een nieuw werkblad '${RESULTS_SHEET}' van deze werkmap.`));
  }
  out.append(...[warnings(doc), downloads(doc, ["workbooks", "report"])].filter(Boolean));
}

// ---- Word: Opmerkingen -----------------------------------------------------------------------

async function showInDocument(comment) {
  await run("comments", async () => {
    requireJob(state.Office, { host: "Word", sets: [["WordApi", "1.1"]], feature: "Toon in document" });
    await globalThis.Word.run(async (context) => {
      const found = context.document.body.search(searchText(comment.anchor), { matchCase: true });
      found.load("items");
      await context.sync();
      if (!found.items.length) throw new KibError("word_search");
      found.items[0].select();
      await context.sync();
    });
    setStatus("De tekst van de opmerking is geselecteerd in het document.");
  });
}

async function commentsJob() {
  const out = $("comments-result");
  out.replaceChildren();
  const doc = await sendJob({ kind: "comments" }, await documentToSend($("comments-file"), "document.docx"));
  const comments = (doc.result && doc.result.comments) || [];
  const threads = commentThreads(comments);
  const author = $("comments-author");
  author.replaceChildren(el("option", { value: "" }, "Alle auteurs"), ...commentAuthors(comments).map((a) => el("option", { value: a }, a)));
  $("comments-filter").hidden = false;
  const list = el("div", { id: "comments-list" });
  const count = el("p", { id: "comments-count", role: "status" });
  const canShow = state.host === "Word" && isSupported(state.Office, "WordApi", "1.1");
  const render = () => {
    const shown = filterThreads(threads, { openOnly: $("comments-open").checked, author: author.value });
    count.textContent = commentCount(shown, threads);
    list.replaceChildren(commentList(shown, canShow ? showInDocument : null));
  };
  $("comments-open").onchange = render;
  author.onchange = render;
  render();
  out.append(count, list, ...[warnings(doc), downloads(doc, ["register"])].filter(Boolean));
}

// ---- Word: Handouts maken --------------------------------------------------------------------

async function handoutsJob() {
  const out = $("handouts-result");
  out.replaceChildren();
  const date = referenceDate("handouts-date");
  const doc = await sendJob({ kind: "programme", date },
    await documentToSend($("handouts-file"), "programma.xlsx", { fromOffice: false }));
  const g = outputGroups(doc.outputs);
  out.append(el("h3", { id: "handouts-heading" }, g.handouts.length === 1 ? "1 handout" : `${g.handouts.length} handouts`));
  if (!g.handouts.length)
    out.append(el("p", { class: "help" }, "De dienst maakte geen handouts. Vraag de beheerder om handouts = true onder [programme] in kib.toml."));
  out.append(...[warnings(doc), downloads(doc, ["handouts"])].filter(Boolean));
}

// ---- start -----------------------------------------------------------------------------------

function setupJobs() {
  const jobs = { kpi: kpiJob, scan: scanJob, comments: commentsJob, handouts: handoutsJob };
  for (const [panel, job] of Object.entries(jobs)) {
    $(`${panel}-run`).addEventListener("click", () => run(panel, job));
    // Outside Office (and for the handouts' workbook) choosing a file starts the job.
    const input = $(`${panel}-file`);
    input.addEventListener("change", () => { if (input.files.length) run(panel, job); });
  }
}

// Office.onReady when office.js is there (it resolves outside Office too, with no host); a page
// whose office.js did not load (offline, blocked) is a plain page.
function officeReady(Office) {
  if (!Office || typeof Office.onReady !== "function") return Promise.resolve();
  return Promise.race([
    new Promise((resolve) => {
      const p = Office.onReady(() => resolve());
      if (p && typeof p.then === "function") p.then(() => resolve(), () => resolve());
    }),
    new Promise((resolve) => setTimeout(resolve, 10000)),
  ]);
}

async function start() {
  await officeReady(globalThis.Office);
  state.Office = globalThis.Office;
  state.host = detectHost(state.Office);
  document.body.classList.add(state.host ? "in-office" : "plain");
  if (state.host) document.body.classList.add(`in-${state.host.toLowerCase()}`);
  $("where").textContent = state.host === "Excel" ? "In Excel: werkt met de open werkmap."
    : state.host === "Word" ? "In Word: werkt met het open document." : "Kies per taak een bestand.";
  setupToken();
  setupTabs();
  setupJobs();
  document.body.dataset.ready = "true";
  await loadHealth();
  await loadSettings();
}

start().catch((e) => showError(e));
