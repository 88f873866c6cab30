import { test } from "node:test";
import assert from "node:assert/strict";

import { detectHost, supportedSets, isSupported, requireJob, download, tokenStore } from "../src/host.js";
import { KibError, messageNl } from "../src/i18n_nl.js";
import { fakeOffice } from "../test_support/fake_office.mjs";

test("the host is Excel, Word or none", () => {
  assert.equal(detectHost(fakeOffice({ host: "Excel" }).Office), "Excel");
  assert.equal(detectHost(fakeOffice({ host: "Word" }).Office), "Word");
  assert.equal(detectHost(fakeOffice({ host: "PowerPoint" }).Office), null);
  assert.equal(detectHost(fakeOffice({ host: null }).Office), null);
  assert.equal(detectHost(undefined), null);
  assert.equal(detectHost({ context: { diagnostics: { host: "Word" } } }), "Word", "older Office: diagnostics.host");
});

test("requirement sets are probed at run time, up to the highest supported version", () => {
  const { Office } = fakeOffice({ sets: { ExcelApi: "1.12", OpenBrowserWindowApi: "1.1" } });
  const s = supportedSets(Office);
  assert.equal(s.ExcelApi, "1.12");
  assert.equal(s.WordApi, null);
  assert.equal(s.OpenBrowserWindowApi, "1.1");
  assert.equal(isSupported(Office, "ExcelApi", "1.13"), false);
  assert.equal(isSupported(undefined, "ExcelApi", "1.1"), false);
  const throwing = { context: { requirements: { isSetSupported() { throw new Error("boom"); } } } };
  assert.equal(isSupported(throwing, "ExcelApi", "1.1"), false);
});

test("a job in the wrong host or an old Office says so in Dutch", () => {
  const old = fakeOffice({ host: "Excel", sets: {} }).Office;
  assert.throws(() => requireJob(old, "kpiUpdate"), (e) => {
    assert.ok(e instanceof KibError);
    assert.equal(messageNl(e),
      "Dit werkt niet in deze versie van Office (KPI's bijwerken): ExcelApi 1.1 ontbreekt. Werk Office bij of gebruik Office op het web.");
    return true;
  });
  const word = fakeOffice({ host: "Word", sets: { WordApi: "1.3" } }).Office;
  assert.throws(() => requireJob(word, "scanResults"), (e) => messageNl(e) === "Dit kan alleen in Excel.");
  requireJob(word, "comments");
  requireJob(fakeOffice({ host: "Excel", sets: { ExcelApi: "1.1" } }).Office, "kpiUpdate");
  assert.throws(() => requireJob(undefined, "comments"), (e) => messageNl(e) === "Dit kan alleen in Word.");
});

function fakeDom() {
  const made = [];
  const document = {
    baseURI: "https://kib.example.nl/addin/taskpane.html",
    body: { children: [], appendChild(el) { this.children.push(el); el.parent = this; } },
    createElement(tag) {
      const el = { tag, style: {}, clicked: 0, click() { this.clicked++; },
        remove() { const c = this.parent.children; c.splice(c.indexOf(this), 1); } };
      made.push(el);
      return el;
    },
  };
  const opened = [];
  const window = { open: (...a) => opened.push(a) };
  return { document, window, made, opened };
}

test("download in Office opens the system browser (Office for Mac has no <a download>)", () => {
  const { Office, log } = fakeOffice({ host: "Excel", sets: { OpenBrowserWindowApi: "1.1" } });
  const dom = fakeDom();
  const how = download("/downloads/abc?ticket=1", "KPI-rapport.docx", { Office, ...dom });
  assert.equal(how, "browser-window");
  assert.deepEqual(log.opened, ["https://kib.example.nl/downloads/abc?ticket=1"], "absolute URL");
  assert.equal(dom.made.length, 0, "no link made inside Office");
});

test("download in an Office without OpenBrowserWindowApi falls back to window.open", () => {
  const { Office, log } = fakeOffice({ host: "Word", sets: {} });
  const dom = fakeDom();
  assert.equal(download("https://kib.example.nl/d/1", "x.docx", { Office, ...dom }), "window-open");
  assert.deepEqual(dom.opened, [["https://kib.example.nl/d/1", "_blank", "noopener"]]);
  assert.deepEqual(log.opened, []);
});

test("download outside Office clicks an <a download> and removes it", () => {
  const dom = fakeDom();
  assert.equal(download("/d/2", "Resultaten scan.xlsx", { Office: undefined, ...dom }), "link");
  assert.equal(dom.made.length, 1);
  const a = dom.made[0];
  assert.equal(a.tag, "a");
  assert.equal(a.href, "https://kib.example.nl/d/2");
  assert.equal(a.download, "Resultaten scan.xlsx");
  assert.equal(a.clicked, 1);
  assert.equal(dom.document.body.children.length, 0);
});

class MemoryStorage {
  constructor() { this.map = new Map(); }
  getItem(k) { return this.map.has(k) ? this.map.get(k) : null; }
  setItem(k, v) { this.map.set(k, String(v)); }
  removeItem(k) { this.map.delete(k); }
}

test("tokens are kept per service origin in localStorage", () => {
  const storage = new MemoryStorage();
  const a = tokenStore("https://kib.example.nl/addin/taskpane.html", storage);
  const b = tokenStore("https://kib-test.example.nl:8443/", storage);
  assert.equal(a.key, "kib.token:https://kib.example.nl");
  assert.equal(b.key, "kib.token:https://kib-test.example.nl:8443");
  assert.equal(a.get(), null);
  a.set("tok-A");
  b.set("tok-B");
  assert.equal(tokenStore("https://kib.example.nl/", storage).get(), "tok-A", "same origin, other path: same token");
  assert.equal(b.get(), "tok-B");
  a.clear();
  assert.equal(a.get(), null);
  assert.equal(b.get(), "tok-B");
});

test("blocked storage keeps the token for the pane's lifetime only", () => {
  const blocked = { getItem() { throw new Error("SecurityError"); }, setItem() { throw new Error("SecurityError"); },
    removeItem() { throw new Error("SecurityError"); } };
  const t = tokenStore("https://kib.example.nl", blocked);
  t.set("tok");
  assert.equal(t.get(), "tok");
  t.clear();
  assert.equal(t.get(), null);
});
