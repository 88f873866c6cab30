// kib's web page: sends one file to POST /api/v1/jobs and shows the job document it gets back.
// Everything the service returns is put on the page as text (never as HTML).
'use strict';

const $ = (id) => document.getElementById(id);
let needsToken = false;

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  return e;
}

function svg(tag, attrs) {
  const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  return e;
}

function headers(extra) {
  const h = Object.assign({}, extra || {});
  const t = $('token').value.trim();
  if (t) h.Authorization = 'Bearer ' + t;
  return h;
}

const statusWords = { 401: 'De toegangscode ontbreekt of klopt niet.', 403: 'Deze pagina mag kib niet gebruiken.',
  413: 'Het bestand is te groot voor kib.', 415: 'kib kreeg het bestand niet goed binnen.',
  421: 'kib kent het adres niet waarmee je de pagina opende.', 503: 'kib is nu druk met andere bestanden.' };
const statusFixes = { 401: 'Vul bovenaan de toegangscode in die je van het programmabureau kreeg, en probeer het opnieuw.',
  413: 'Splits het bestand in kleinere delen.', 503: 'Probeer het over een paar seconden opnieuw.',
  421: 'Open kib via het adres dat het programmabureau heeft gegeven.' };

// The engine's reasons are in English; the common ones get Dutch words, the rest keep their detail.
function dutchMessage(msg) {
  const m = msg || '';
  if (m.startsWith('kib does not know what to do with this file')) {
    if (m.includes('PDF')) return 'Dit is een PDF-document. kib leest Excel-bestanden (.xlsx), CSV en Word-documenten (.docx).';
    if (m.includes('old Excel or Word')) return 'Dit is een oud Excel- of Word-bestand (.xls/.doc).';
    if (m.includes('password')) return 'Dit bestand is met een wachtwoord beveiligd.';
    if (m.includes('OpenDocument')) return 'Dit is een OpenDocument-bestand (.ods/.odt).';
    if (m.includes('picture')) return 'Dit is een afbeelding, geen Excel- of Word-bestand.';
    return 'kib weet niet wat het met dit bestand moet.';
  }
  if (m.startsWith('kib stopped working on the file')) return 'kib stopte met dit bestand: het duurde te lang.';
  return 'Het bestand kon niet worden verwerkt: ' + m;
}
function dutchHint(msg, hint) {
  const m = msg || '';
  if (m.startsWith('kib does not know what to do with this file')) {
    if (m.includes('old Excel or Word') || m.includes('OpenDocument')) return 'Open het in Excel of Word en sla het op als .xlsx of .docx.';
    if (m.includes('password')) return 'Sla het op zonder wachtwoord en probeer het opnieuw.';
    return 'kib neemt enquête-exports (.xlsx/.csv), de programma-werkmap, metingen (Datum, KPI, Waarde) en Word-concepten met opmerkingen (.docx).';
  }
  if (m.startsWith('kib stopped working on the file')) return 'Splits het bestand in kleinere delen.';
  return hint ? 'Zo los je het op: ' + hint : 'Pas het bestand aan en probeer het opnieuw.';
}

function showError(title, what, where, fix) {
  const box = $('error');
  box.replaceChildren(el('h2', {}, title));
  const dl = el('dl');
  dl.append(el('dt', {}, 'Wat is er mis'), el('dd', {}, what));
  if (where) dl.append(el('dt', {}, 'Waar'), el('dd', {}, where));
  if (fix) dl.append(el('dt', {}, 'Wat kun je doen'), el('dd', {}, fix));
  box.append(dl);
  box.hidden = false;
  box.focus();
}

function fmt(n, digits) {
  if (n === null || n === undefined) return '–';
  return Number(n).toLocaleString('nl-NL', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

// "2026-11-23" → "23 november 2026", as the office writes dates; anything else as it is.
const months = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september',
  'oktober', 'november', 'december'];
function dutchDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
  if (!m || +m[2] < 1 || +m[2] > 12) return iso;
  return `${+m[3]} ${months[+m[2] - 1]} ${m[1]}`;
}

function statusChip(status) {
  const s = status || 'geen meting';
  const cls = s === 'groen' || s === 'oranje' || s === 'rood' ? 'status-' + s : 'status-geen';
  return el('span', { class: 'status ' + cls }, s);
}

function radar(pillars) {
  const size = 320, c = size / 2, r = 110, max = 32;
  const n = pillars.length;
  const box = svg('svg', { viewBox: `0 0 ${size} ${size}`, class: 'radar', role: 'img', 'aria-label': 'Radargrafiek van de scores per pijler' });
  const point = (i, v) => {
    const a = -Math.PI / 2 + (2 * Math.PI * i) / n;
    return [c + Math.cos(a) * r * (v / max), c + Math.sin(a) * r * (v / max)];
  };
  for (const level of [8, 16, 24, 32]) {
    const pts = pillars.map((_, i) => point(i, level).join(',')).join(' ');
    box.append(svg('polygon', { points: pts, fill: 'none', stroke: '#cfd8e0' }));
  }
  pillars.forEach((p, i) => {
    const [x, y] = point(i, max);
    box.append(svg('line', { x1: c, y1: c, x2: x, y2: y, stroke: '#cfd8e0' }));
    const [lx, ly] = point(i, max * 1.18);
    const t = svg('text', { x: lx, y: ly, 'text-anchor': 'middle', 'dominant-baseline': 'middle' });
    t.textContent = p.name;
    box.append(t);
  });
  const pts = pillars.map((p, i) => point(i, p.score || 0).join(',')).join(' ');
  box.append(svg('polygon', { points: pts, fill: 'rgba(31,78,121,.25)', stroke: '#1f4e79', 'stroke-width': 2 }));
  return box;
}

function showScores(res) {
  const card = el('section', { class: 'card', 'aria-labelledby': 'h-scores' }, el('h2', { id: 'h-scores' }, 'Scores per pijler'));
  card.append(el('p', {}, `${res.respondents} respondenten.`));
  const table = el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'Pijler'), el('th', {}, 'Score'), el('th', {}, 'Fase'), el('th', {}, 'CXPA-model'))));
  const body = el('tbody');
  for (const p of res.pillars)
    body.append(el('tr', {}, el('td', {}, p.name), el('td', { class: 'num' }, p.score_display || '–'), el('td', {}, p.phase || '–'), el('td', { class: 'num' }, fmt(p.model, 1))));
  table.append(body);
  card.append(el('div', { class: 'grid' }, table, radar(res.pillars)));
  return card;
}

// A KPI figure in Dutch: percentages as 48%, relative changes as +12%, others with a decimal comma.
function kpiFigure(kind, v) {
  if (v === null || v === undefined) return '–';
  if (kind === 'percent') return fmt(v * 100, 0) + '%';
  if (kind === 'relative') return (v > 0 ? '+' : '') + fmt(v * 100, 0) + '%';
  return Number(v).toLocaleString('nl-NL', { maximumFractionDigits: 2 });
}

function showKpis(kpi) {
  const card = el('section', { class: 'card', 'aria-labelledby': 'h-kpi' }, el('h2', { id: 'h-kpi' }, `KPI-stand op ${dutchDate(kpi.date)}`));
  const table = el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'Domein'), el('th', {}, 'KPI'), el('th', {}, 'Actueel'), el('th', { title: 'Het plan op de datum van de meting; daartegen is de status bepaald' }, 'Plan bij meting'), el('th', {}, 'Status'), el('th', {}, 'Trend'))));
  const body = el('tbody');
  for (const k of kpi.kpis)
    body.append(el('tr', {}, el('td', {}, k.domain), el('td', {}, k.kpi), el('td', { class: 'num' }, k.current ? (k.current.value === null ? k.current.text : kpiFigure(k.current.kind, k.current.value)) : '–'),
      el('td', { class: 'num' }, kpiFigure(k.goal && k.goal.kind, k.plan_at_measurement)), el('td', {}, statusChip(k.status)), el('td', {}, k.trend || '')));
  table.append(body);
  card.append(table);
  return card;
}

function showRoadmap(rm) {
  const card = el('section', { class: 'card', 'aria-labelledby': 'h-rm' }, el('h2', { id: 'h-rm' }, 'Roadmap: waarschuwingen'));
  const list = el('ul');
  for (const e of rm.efforts.filter((x) => x.state === 'achter' || x.state === 'te laat'))
    list.append(el('li', { class: 'warn' }, `${e.code} ${e.effort}: ${e.state} (voortgang ${fmt(e.progress * 100, 0)}%, verwacht ${fmt(e.expected * 100, 0)}%)`));
  for (const m of rm.open_milestones) list.append(el('li', { class: 'warn' }, `Mijlpaal ${m.code} (${m.month}) niet behaald: ${m.description}`));
  for (const w of rm.ownership) list.append(el('li', { class: 'warn' }, `Baateigenaarschap: ${w.benefit} — ${w.issue}`));
  for (const a of rm.overdue_agreements) list.append(el('li', { class: 'warn' }, `Afspraak over de deadline (${a.deadline}): ${a.agreement} — ${a.responsible}`));
  if (!list.children.length) list.append(el('li', {}, 'Geen waarschuwingen.'));
  card.append(list);
  if (rm.next_milestone) card.append(el('p', {}, `Volgende mijlpaal: ${rm.next_milestone.code} (${rm.next_milestone.month}) — ${rm.next_milestone.description}`));
  return card;
}

function showComments(res) {
  const card = el('section', { class: 'card', 'aria-labelledby': 'h-cm' }, el('h2', { id: 'h-cm' }, `Opmerkingen (${res.comments.length})`));
  const bySection = new Map();
  for (const c of res.comments) {
    const s = c.section || '(zonder kop)';
    if (!bySection.has(s)) bySection.set(s, []);
    bySection.get(s).push(c);
  }
  for (const [section, list] of bySection) {
    card.append(el('h3', {}, section));
    for (const c of list)
      card.append(el('div', { class: 'comment' + (c.resolved ? ' resolved' : '') }, el('span', { class: 'who' }, c.author), c.resolved ? ' (opgelost)' : '',
        el('div', {}, c.text), c.anchor ? el('div', { class: 'help' }, `bij: “${c.anchor}”`) : null));
  }
  if (!res.comments.length) card.append(el('p', {}, 'Dit document heeft geen opmerkingen.'));
  return card;
}

async function download(e, o) {
  if (!needsToken) return;  // a plain link does it
  e.preventDefault();
  const r = await fetch(o.url, { headers: headers() });
  if (!r.ok) { showError('Downloaden lukte niet', statusWords[r.status] || `Fout ${r.status}.`, o.name, statusFixes[r.status]); return; }
  const a = el('a', { href: URL.createObjectURL(await r.blob()), download: o.name });
  document.body.append(a); a.click(); a.remove();
}

function showOutputs(doc) {
  const card = el('section', { class: 'card outputs', 'aria-labelledby': 'h-out' }, el('h2', { id: 'h-out' }, 'Downloads'));
  const list = el('ul');
  for (const o of doc.outputs) {
    const a = el('a', { href: o.url, download: o.name }, o.name);
    a.addEventListener('click', (e) => download(e, o));
    list.append(el('li', {}, a, ` (${fmt(o.size / 1024, 0)} kB)`));
  }
  card.append(list);
  return card;
}

function showJob(doc) {
  const out = $('result');
  out.replaceChildren();
  const r = doc.result || {};
  if (doc.kind === 'score') out.append(showScores(r));
  else if (doc.kind === 'programme') { out.append(showKpis(r.kpi)); out.append(showRoadmap(r.roadmap)); }
  else if (doc.kind === 'measurements') out.append(showKpis(r));
  else if (doc.kind === 'comments') out.append(showComments(r));
  if (doc.warnings && doc.warnings.length) out.append(el('section', { class: 'card' }, el('h2', {}, 'Let op'), el('ul', {}, ...doc.warnings.map((w) => el('li', {}, w)))));
  out.append(showOutputs(doc));
  const first = out.querySelector('h2');
  if (first) { first.tabIndex = -1; first.focus(); }
}

async function send(file) {
  $('error').hidden = true;
  $('result').replaceChildren();
  $('status').textContent = `Bezig met ${file.name}…`;
  const q = new URLSearchParams();
  if ($('kind').value !== 'auto') q.set('kind', $('kind').value);
  if ($('date').value) q.set('date', $('date').value);
  let r;
  try {
    r = await fetch('/api/v1/jobs' + (q.toString() ? '?' + q : ''), { method: 'POST', body: file,
      headers: headers({ 'Content-Type': 'application/octet-stream', 'X-Kib-Filename': encodeURIComponent(file.name) }) });
  } catch (e) {
    $('status').textContent = '';
    showError('kib is niet bereikbaar', 'De verbinding met kib lukte niet.', '', 'Controleer of kib draait en probeer het opnieuw.');
    return;
  }
  let doc = null;
  try { doc = await r.json(); } catch (e) { doc = null; }
  $('status').textContent = '';
  if (r.status === 200) { $('status').textContent = `${file.name} is verwerkt in ${fmt(doc.duration_s, 1)} s.`; showJob(doc); return; }
  if (r.status === 422 && doc && doc.error) {
    showError(`${file.name} kon niet worden verwerkt`, dutchMessage(doc.error.message), doc.error.where, dutchHint(doc.error.message, doc.error.hint));
    return;
  }
  const e = (doc && doc.error) || {};
  showError('Dat lukte niet', statusWords[r.status] || `kib antwoordde met fout ${r.status}: ${e.message || ''}`, e.where, statusFixes[r.status] || e.hint);
  if (r.status === 401) { $('token-box').hidden = false; $('token').focus(); }
}

function init() {
  $('error').tabIndex = -1;
  $('token').value = sessionStorage.getItem('kib-token') || '';
  $('token').addEventListener('change', () => sessionStorage.setItem('kib-token', $('token').value.trim()));
  fetch('/api/v1/health').then((r) => r.json()).then((h) => {
    $('version').textContent = `kib ${h.version}`;
    needsToken = !!h.auth;
    $('token-box').hidden = !needsToken;
  }).catch(() => {});
  $('file').addEventListener('change', () => { if ($('file').files.length) send($('file').files[0]); $('file').value = ''; });
  const drop = $('drop');
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    e.stopPropagation();
    drop.classList.remove('over');
    if (e.dataTransfer.files.length) send(e.dataTransfer.files[0]);
  });
  // The whole page takes a drop, so a near miss does not open the file in the browser.
  document.addEventListener('dragover', (e) => e.preventDefault());
  document.addEventListener('drop', (e) => { e.preventDefault(); if (e.dataTransfer.files.length) send(e.dataTransfer.files[0]); });
}

document.addEventListener('DOMContentLoaded', init);
