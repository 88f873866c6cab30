import { test } from "node:test";
import assert from "node:assert/strict";

import { postDocument, XLSX_TYPE } from "../src/api.js";
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
