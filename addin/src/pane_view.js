// Building the pane's pieces in the page: tables, the radar, the download list and the comment list.
// Everything the service sends is put on the page as text (text nodes, attributes), never as HTML.

import { kpiRows, scoreRows, radarShape, dutchDate, numberNl, bySection } from "./pane_logic.js";

// An element with attributes ("class" → className; on* are never set from here) and children:
// nodes as they are, anything else as a text node.
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") e.className = v;
    else e.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) e.append(c instanceof Node ? c : String(c));
  return e;
}

function svg(tag, attrs = {}) {
  const e = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

function table(headers, rows, numeric = []) {
  return el("table", {},
    el("thead", {}, el("tr", {}, headers.map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, rows.map((cells) => el("tr", {}, cells.map((c, i) => el("td", { class: numeric.includes(i) ? "num" : null }, c))))));
}

export function statusChip(status) {
  const s = status || "geen meting";
  const cls = ["groen", "oranje", "rood"].includes(s) ? `status-${s}` : "status-geen";
  return el("span", { class: `status ${cls}` }, s);
}

// The KPI table of a programme job (result.kpi).
export function kpiTable(kpi) {
  const rows = kpiRows(kpi).map((r) => [r.kpi, r.current, r.plan, statusChip(r.status), r.trend]);
  return table(["KPI", "Actueel", "Plan", "Status", "Trend"], rows, [1, 2]);
}

// The score table of a scan: pillar, score, phase, model value.
export function scoreTable(score) {
  return table(["Pijler", "Score", "Fase", "Model"], scoreRows(score).map((r) => [r.name, r.score, r.phase, r.model]), [1, 3]);
}

// The radar chart of the model values, drawn as SVG.
export function radarChart(pillars) {
  const g = radarShape(pillars);
  const box = svg("svg", { viewBox: `0 0 ${g.size} ${g.size}`, class: "radar", role: "img",
    "aria-label": "Radardiagram van de modelwaarde per pijler (0 tot 5)" });
  for (const pts of g.rings) box.append(svg("polygon", { points: pts, class: "ring" }));
  for (const a of g.axes) box.append(svg("line", { ...a, class: "axis" }));
  for (const l of g.labels) {
    const t = svg("text", { x: l.x, y: l.y, "text-anchor": l.anchor, "dominant-baseline": "middle" });
    t.textContent = l.text;
    box.append(t);
  }
  box.append(svg("polygon", { points: g.shape, class: "shape" }));
  return box;
}

// A list of downloads: a button per output that calls onDownload(output).
export function downloadList(outputs, onDownload) {
  const list = el("ul", { class: "downloads" });
  for (const o of outputs) {
    const b = el("button", { type: "button", class: "link" }, o.name);
    b.addEventListener("click", () => onDownload(o));
    list.append(el("li", {}, b, typeof o.size === "number" ? ` (${numberNl(o.size / 1024, 0)} kB)` : ""));
  }
  return list;
}

function commentBlock(c, cls, onShow) {
  const head = el("div", { class: "meta" }, el("span", { class: "who" }, c.author || "(onbekend)"),
    c.date ? ` · ${dutchDate(c.date)}` : "", c.resolved ? el("span", { class: "badge" }, "opgelost") : null);
  const box = el("div", { class: cls }, head, el("div", { class: "text" }, c.text ?? ""));
  if (c.anchor) {
    const anchor = el("div", { class: "anchor" }, `bij: “${c.anchor}”`);
    if (onShow) {
      const b = el("button", { type: "button", class: "link small" }, "Toon in document");
      b.addEventListener("click", () => onShow(c));
      anchor.append(" ", b);
    }
    box.append(anchor);
  }
  return box;
}

// The comment threads under their section headings; onShow(comment), when given, selects the
// comment's text in the open document.
export function commentList(threads, onShow) {
  const out = el("div", { class: "comments" });
  if (!threads.length) out.append(el("p", { class: "help" }, "Geen opmerkingen die aan het filter voldoen."));
  for (const { section, threads: list } of bySection(threads)) {
    out.append(el("h3", {}, section));
    for (const t of list) {
      const box = commentBlock(t, `comment${t.resolved ? " resolved" : ""}`, onShow);
      for (const r of t.replies) box.append(commentBlock(r, "reply", null));
      out.append(box);
    }
  }
  return out;
}
