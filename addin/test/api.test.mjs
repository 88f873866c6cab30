import { test } from "node:test";
import assert from "node:assert/strict";

import { postDocument, postJob, getJson, jobUrl, XLSX_TYPE, OCTET_TYPE } from "../src/api.js";
import { messageNl } from "../src/i18n_nl.js";

function answer(status, body, type = "application/json") {
  return new Response(typeof body === "string" ? body : JSON.stringify(body), { status, headers: { "Content-Type": type } });
}

const bytes = new Uint8Array([80, 75, 3, 4]);

test("the document goes up with the Bearer token and no cookies; JSON comes back", async () => {
  const calls = [];
  const fetch = async (url, init) => { calls.push([url, init]); return answer(200, { cells: [] }); };
  const got = await postDocument({ fetch, url: "https://kib.example.nl/api/kpi", bytes, token: "abc" });
  assert.deepEqual(got, { cells: [] });
  const [url, init] = calls[0];
  assert.equal(url, "https://kib.example.nl/api/kpi");
  assert.equal(init.method, "POST");
  assert.equal(init.headers.Authorization, "Bearer abc");
  assert.equal(init.headers["Content-Type"], XLSX_TYPE);
  assert.equal(init.credentials, "omit");
  assert.equal(init.body, bytes);
});

test("failures are shown in Dutch", async () => {
  const cases = [
    [async () => { throw new TypeError("fetch failed"); },
      "Geen verbinding met de Klant in Beeld-dienst. Controleer de netwerkverbinding en probeer het opnieuw."],
    [async () => answer(401, { error: { message: "token verlopen" } }),
      "U bent niet (meer) aangemeld bij de Klant in Beeld-dienst. Meld u opnieuw aan."],
    [async () => answer(413, ""), "Het document is te groot voor de Klant in Beeld-dienst."],
    [async () => answer(422, { error: { message: "Het werkblad KPI's ontbreekt." } }),
      "De Klant in Beeld-dienst gaf een fout (422): Het werkblad KPI's ontbreekt."],
    [async () => answer(500, { error: "interne fout" }), "De Klant in Beeld-dienst gaf een fout (500): interne fout"],
    [async () => answer(502, "Bad Gateway", "text/plain"), "De Klant in Beeld-dienst gaf een fout (502): Bad Gateway"],
    [async () => answer(503, ""), "De Klant in Beeld-dienst gaf een fout (503)."],
    [async () => answer(200, "<html>", "text/html"),
      "De Klant in Beeld-dienst gaf een antwoord dat het deelvenster niet kan lezen."],
  ];
  for (const [fetch, text] of cases) {
    await assert.rejects(postDocument({ fetch, url: "https://kib.example.nl/api/kpi", bytes, token: "t" }), (e) => {
      assert.equal(messageNl(e), text);
      return true;
    });
  }
});

test("a job goes to /api/v1/jobs under the service root, as bytes with its name", async () => {
  assert.equal(jobUrl("https://kib.example.nl/kib/", { kind: "programme", date: "2026-12-15", handouts_per_owner: "true" }),
    "https://kib.example.nl/kib/api/v1/jobs?kind=programme&date=2026-12-15&handouts_per_owner=true");
  assert.equal(jobUrl("http://127.0.0.1:8750/", { kind: "score", date: "" }), "http://127.0.0.1:8750/api/v1/jobs?kind=score");
  const calls = [];
  const fetch = async (url, init) => { calls.push([url, init]); return answer(200, { id: "j1", outcome: "done" }); };
  const doc = await postJob({ fetch, base: "http://127.0.0.1:8750/", params: { kind: "comments" }, bytes, fileName: "Plan Ünie.docx", token: "" });
  assert.equal(doc.id, "j1");
  const [url, init] = calls[0];
  assert.equal(url, "http://127.0.0.1:8750/api/v1/jobs?kind=comments");
  assert.equal(init.headers["Content-Type"], OCTET_TYPE);
  assert.equal(init.headers["X-Kib-Filename"], "Plan%20%C3%9Cnie.docx");
  assert.equal(init.headers.Authorization, undefined, "no token, no Authorization header");
  assert.equal(init.credentials, "omit");
});

test("a job that ran and failed is told in Dutch words, with the file's name and the hint", async () => {
  const failed = (message, hint) => async () => answer(422, { id: "j2", file: "begroting.xlsx", outcome: "failed",
    error: { message, where: "begroting.xlsx", hint, text: "..." } });
  const cases = [
    [failed("kib does not know what to do with this file: it is a PDF document", ""),
      "begroting.xlsx kon niet worden verwerkt. Dit is een PDF-document. kib leest Excel-bestanden (.xlsx), CSV en " +
      "Word-documenten (.docx). kib neemt enquête-exports (.xlsx/.csv), de programma-werkmap, metingen (Datum, KPI, " +
      "Waarde) en Word-concepten met opmerkingen (.docx)."],
    [failed("the sheet KPI's has no column Status", "add the column"),
      "begroting.xlsx kon niet worden verwerkt. De reden: the sheet KPI's has no column Status. Zo lost u het op: add the column"],
  ];
  for (const [fetch, text] of cases) {
    await assert.rejects(postJob({ fetch, base: "http://h/", params: {}, bytes, fileName: "b.xlsx" }), (e) => {
      assert.equal(e.code, "job_failed");
      assert.equal(messageNl(e), text);
      return true;
    });
  }
});

test("GET JSON with the token; a refusal is Dutch", async () => {
  const calls = [];
  const ok = async (url, init) => { calls.push([url, init]); return answer(200, { next_steering_date: "2026-12-15" }); };
  assert.deepEqual(await getJson({ fetch: ok, url: "http://h/api/v1/settings", token: "abc" }), { next_steering_date: "2026-12-15" });
  assert.equal(calls[0][1].method, "GET");
  assert.equal(calls[0][1].headers.Authorization, "Bearer abc");
  assert.equal(calls[0][1].credentials, "omit");
  await assert.rejects(getJson({ fetch: async () => answer(401, { error: { message: "kib serve needs a valid token" } }), url: "http://h/" }),
    (e) => e.code === "unauthorized");
  await assert.rejects(getJson({ fetch: async () => answer(404, { error: { message: "there is no API /api/v1/settings" } }), url: "http://h/" }),
    (e) => messageNl(e) === "De Klant in Beeld-dienst gaf een fout (404): there is no API /api/v1/settings");
});
