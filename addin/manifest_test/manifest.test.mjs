// The manifest: filled with a public URL and Id, valid against the Office add-in manifest schemas
// (xmllint), and what the schemas cannot check — every URL https under the public URL, every resid
// naming a resource of the right kind, the icons present at the sizes the manifest names.
// Schemas: $KIB_OFFICE_SCHEMAS, else shared/schemas/office-addin-manifest beside the repository.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { fillManifest, TEMPLATE } from "../tools/fill_manifest.mjs";

const ADDIN = fileURLToPath(new URL("..", import.meta.url));
const SCHEMAS = process.env.KIB_OFFICE_SCHEMAS || path.resolve(ADDIN, "../../shared/schemas/office-addin-manifest");
const PUBLIC_URL = "https://kib.gemeente.example.nl/klant-in-beeld";
const ID = "5d1c9a3e-7b2f-4c8d-9e0a-1b2c3d4e5f60";

const template = readFileSync(TEMPLATE, "utf8");
const filled = fillManifest(template, { publicUrl: PUBLIC_URL + "/", addinId: ID, version: "0.1.0.0" });
// The manifest without its comments, for the checks below.
const body = filled.replace(/<!--[\s\S]*?-->/g, "");

function pngSize(file) {
  const b = readFileSync(file);
  assert.equal(b.subarray(0, 8).toString("latin1"), "\x89PNG\r\n\x1a\n", `${file} is not a PNG`);
  assert.equal(b.subarray(12, 16).toString("latin1"), "IHDR");
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

// The local file behind a URL under the public URL: /addin/... is this folder.
function localFile(url) {
  const rest = url.slice(PUBLIC_URL.length);
  assert.ok(rest.startsWith("/addin/"), `${url} is not under ${PUBLIC_URL}/addin/`);
  return path.join(ADDIN, rest.slice("/addin/".length));
}

test("the filled manifest validates against the Office add-in schemas", () => {
  const xsd = path.join(SCHEMAS, "OfficeAppManifestV1_1.xsd");
  assert.ok(existsSync(xsd), `schemas not found at ${SCHEMAS} (set KIB_OFFICE_SCHEMAS to the folder with OfficeAppManifestV1_1.xsd)`);
  const dir = mkdtempSync(path.join(tmpdir(), "kib-manifest-"));
  try {
    const file = path.join(dir, "manifest.xml");
    writeFileSync(file, filled);
    let out;
    try {
      out = execFileSync("xmllint", ["--noout", "--schema", xsd, file], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (e) {
      if (e.code === "ENOENT") assert.fail("xmllint not found: install libxml2-utils");
      assert.fail(`manifest does not validate:\n${e.stderr}`);
    }
    assert.equal(out, "");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the template's placeholders are all filled, the Id and version in place", () => {
  assert.doesNotMatch(filled, /\{\{|\}\}/);
  assert.match(filled, new RegExp(`<Id>${ID}</Id>`));
  assert.match(filled, /<Version>0\.1\.0\.0<\/Version>/);
  assert.match(filled, /xsi:type="TaskPaneApp"/);
  assert.match(body, /<Host Name="Workbook"\/>/);
  assert.match(body, /<Host Name="Document"\/>/);
  assert.match(body, /<OfficeTab id="TabHome">/);
  assert.doesNotMatch(body, /<Requirements>/, "requirement sets are checked at run time, not in the manifest");
});

test("filling refuses what Office would refuse", () => {
  assert.throws(() => fillManifest(template, { publicUrl: "http://kib.example.nl", addinId: ID, version: "1.0" }), /https/);
  assert.throws(() => fillManifest(template, { publicUrl: "https://kib.example.nl", addinId: "kib", version: "1.0" }), /GUID/);
  assert.throws(() => fillManifest(template, { publicUrl: "https://kib.example.nl", addinId: ID, version: "v1" }), /version/);
  assert.throws(() => fillManifest(template + "{{EXTRA}}", { publicUrl: "https://kib.example.nl", addinId: ID, version: "1" }), /EXTRA/);
});

test("every URL is https under the public URL", () => {
  const urls = [];
  // Attribute values, except namespace declarations (names, not places).
  for (const m of body.matchAll(/\s([\w:.-]+)="([^"]*)"/g)) {
    if (m[1] === "xmlns" || m[1].startsWith("xmlns:")) continue;
    if (/^[a-z][a-z0-9+.-]*:/i.test(m[2]) && !m[1].endsWith("type")) urls.push(m[2]);
  }
  for (const m of body.matchAll(/>\s*([^<\s][^<]*?)\s*</g)) if (/^[a-z][a-z0-9+.-]*:\/\//i.test(m[1])) urls.push(m[1]);
  // The elements whose value is a URL must hold one, never a relative path.
  for (const m of body.matchAll(/<(IconUrl|HighResolutionIconUrl|SupportUrl|SourceLocation|bt:Image|bt:Url)\b[^>]*?\bDefaultValue="([^"]*)"/g)) {
    assert.ok(urls.includes(m[2]), `<${m[1]}> holds "${m[2]}", not an absolute URL`);
  }
  assert.ok(urls.length >= 10, `found only ${urls.length} URLs`);
  for (const u of urls) assert.ok(u === PUBLIC_URL || u.startsWith(PUBLIC_URL + "/"), `${u} is not under ${PUBLIC_URL}`);
});

test("every resid names a resource of the right kind", () => {
  const kinds = {};
  for (const [, group, inner] of body.matchAll(/<bt:(Images|Urls|ShortStrings|LongStrings)>([\s\S]*?)<\/bt:\1>/g))
    for (const [, id] of inner.matchAll(/\sid="([^"]+)"/g)) {
      assert.ok(!(id in kinds), `resource ${id} defined twice`);
      kinds[id] = group;
    }
  // Which resource kind each referring element needs.
  const need = { "bt:Image": "Images", SourceLocation: "Urls", FunctionFile: "Urls", LearnMoreUrl: "Urls",
    Label: "ShortStrings", Title: "ShortStrings", Description: "LongStrings" };
  const refs = [...body.matchAll(/<([\w:]+)\b[^>]*?\bresid="([^"]+)"/g)];
  assert.ok(refs.length > 20);
  for (const [, element, resid] of refs) {
    assert.ok(resid in kinds, `resid ${resid} (on <${element}>) names no resource`);
    assert.ok(need[element], `unexpected element <${element}> with a resid`);
    assert.equal(kinds[resid], need[element], `resid ${resid} on <${element}> must be in bt:${need[element]}`);
  }
  const used = new Set(refs.map((r) => r[2]));
  for (const id of Object.keys(kinds)) assert.ok(used.has(id), `resource ${id} is never used`);
});

test("the icons exist at the sizes the manifest names (16, 32, 64, 80 px)", () => {
  const images = Object.fromEntries([...body.matchAll(/<bt:Image id="([^"]+)" DefaultValue="([^"]+)"/g)].map((m) => [m[1], m[2]]));
  const checks = [];
  for (const [, size, resid] of body.matchAll(/<bt:Image size="(\d+)" resid="([^"]+)"/g)) checks.push([images[resid], Number(size)]);
  checks.push([/<IconUrl DefaultValue="([^"]+)"/.exec(body)[1], 32]);
  checks.push([/<HighResolutionIconUrl DefaultValue="([^"]+)"/.exec(body)[1], 64]);
  const sizes = new Set();
  for (const [url, size] of checks) {
    const file = localFile(url);
    assert.ok(existsSync(file), `icon ${url} → ${file} missing`);
    assert.deepEqual(pngSize(file), [size, size], `${file} must be ${size}×${size}`);
    sizes.add(size);
  }
  assert.deepEqual([...sizes].sort((a, b) => a - b), [16, 32, 64, 80]);
});

test("the function file the ribbon loads is there", () => {
  const url = /<bt:Url id="Kib.Commands.Url" DefaultValue="([^"]+)"/.exec(body)[1];
  const file = localFile(url);
  assert.ok(existsSync(file), `${file} missing`);
  assert.match(readFileSync(file, "utf8"), /office\.js/);
});
