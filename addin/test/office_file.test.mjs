import { test } from "node:test";
import assert from "node:assert/strict";

import { readDocument, MAX_SLICE_SIZE } from "../src/office_file.js";
import { KibError, messageNl } from "../src/i18n_nl.js";
import { fakeOffice } from "../test_support/fake_office.mjs";

function document(n) {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + (i >> 8)) & 0xff;
  return b;
}

test("slices are joined in order into the whole document, and the file is closed", async () => {
  const bytes = document(10_000);
  const { Office, log } = fakeOffice({ bytes });
  const got = await readDocument(Office, { sliceSize: 1024 });
  assert.deepEqual(got, bytes);
  assert.deepEqual(log.slices, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(log.closes, 1);
  assert.deepEqual(log.getFile, [{ type: "compressed", options: { sliceSize: 1024 } }]);
});

test("typed-array slices and a document of exactly one slice", async () => {
  const bytes = document(4096);
  const { Office, log } = fakeOffice({ bytes, sliceAsTypedArray: true });
  assert.deepEqual(await readDocument(Office, { sliceSize: 4096 }), bytes);
  assert.equal(log.slices.length, 1);
});

test("slices are never asked larger than 4 MB", async () => {
  const { Office, log } = fakeOffice({ bytes: document(100) });
  await readDocument(Office, { sliceSize: 64 * 1024 * 1024 });
  await readDocument(Office);
  assert.deepEqual(log.getFile.map((g) => g.options.sliceSize), [MAX_SLICE_SIZE, MAX_SLICE_SIZE]);
  assert.equal(MAX_SLICE_SIZE, 4 * 1024 * 1024);
});

test("a failing slice still closes the file, so the next read works", async () => {
  const bytes = document(5000);
  const { Office, log } = fakeOffice({ bytes, failSlice: 2 });
  await assert.rejects(readDocument(Office, { sliceSize: 1000 }), (e) => {
    assert.ok(e instanceof KibError);
    assert.equal(e.code, "file_read");
    assert.equal(messageNl(e), "Het document kon niet worden gelezen. Office meldt: Segment 2 kon niet worden gelezen.");
    return true;
  });
  assert.equal(log.closes, 1);
  assert.equal(log.open, 0);
  assert.deepEqual(log.slices, [0, 1, 2], "stops at the failing slice");
});

test("a slice out of order is refused (and the file closed)", async () => {
  const { Office, log } = fakeOffice({ bytes: document(3000), wrongIndexAt: 1 });
  await assert.rejects(readDocument(Office, { sliceSize: 1000 }), (e) => e.code === "file_incomplete");
  assert.equal(log.closes, 1);
  assert.match(messageNl(new KibError("file_incomplete")), /onvolledig/);
});

test("a document over maxBytes is refused without reading slices (and closed)", async () => {
  const { Office, log } = fakeOffice({ bytes: document(3 * 1024 * 1024) });
  await assert.rejects(readDocument(Office, { maxBytes: 2 * 1024 * 1024 }), (e) => {
    assert.equal(messageNl(e), "Het document is te groot (3,0 MB; de grens is 2,0 MB).");
    return true;
  });
  assert.deepEqual(log.slices, []);
  assert.equal(log.closes, 1);
});

test("getFileAsync failing is a Dutch file_read error and nothing is left open", async () => {
  const { Office, log } = fakeOffice({ bytes: document(10), failGetFile: "Het bestand is vergrendeld." });
  await assert.rejects(readDocument(Office), (e) => {
    assert.equal(messageNl(e), "Het document kon niet worden gelezen. Office meldt: Het bestand is vergrendeld.");
    return true;
  });
  assert.equal(log.open, 0);
});

test("two reads after each other both succeed (the first closed its file)", async () => {
  const bytes = document(2500);
  const { Office, log } = fakeOffice({ bytes });
  assert.deepEqual(await readDocument(Office, { sliceSize: 1000 }), bytes);
  assert.deepEqual(await readDocument(Office, { sliceSize: 1000 }), bytes);
  assert.equal(log.closes, 2);
});
