// Rules of the pane that hold for its source as a whole: server text never becomes HTML, and the
// page needs no inline script or style (so /addin/ can be served under a strict CSP).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";

const root = new URL("../", import.meta.url);
const sources = readdirSync(new URL("src/", root)).filter((f) => f.endsWith(".js"))
  .map((f) => [f, readFileSync(new URL(`src/${f}`, root), "utf8")]);

test("no module puts text into the page as HTML", () => {
  assert.ok(sources.some(([f]) => f === "taskpane.js"));
  for (const [f, text] of sources) {
    for (const bad of [/\.innerHTML\b/, /\.outerHTML\b/, /insertAdjacentHTML/, /document\.write/, /\beval\(/, /new Function\(/,
      /createContextualFragment/, /DOMParser/])
      assert.doesNotMatch(text, bad, `${f} uses ${bad}`);
  }
});

test("taskpane.html: scripts from files only, no inline handlers or styles; every id used by the pane exists", () => {
  const html = readFileSync(new URL("taskpane.html", root), "utf8");
  assert.match(html, /<html lang="nl">/);
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    assert.match(m[1], /\bsrc="/, "an inline script");
    assert.equal(m[2].trim(), "");
  }
  assert.doesNotMatch(html, /\son[a-z]+="/, "an inline event handler");
  assert.doesNotMatch(html, /\sstyle="|<style\b/, "an inline style");
  const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
  const pane = sources.find(([f]) => f === "taskpane.js")[1];
  const used = [...pane.matchAll(/\$\("([a-z-]+)"\)/g)].map((m) => m[1]);
  // Ids built from a panel name: <panel>-run, -file, -result and panel-<panel>.
  for (const p of ["kpi", "scan", "comments", "handouts"]) used.push(`${p}-run`, `${p}-file`, `${p}-result`, `panel-${p}`, `tab-${p}`);
  assert.ok(used.length > 20);
  for (const id of used) assert.ok(ids.has(id), `taskpane.js uses #${id}, which taskpane.html does not have`);
});
