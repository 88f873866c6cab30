// Fills addin/manifest.template.xml for one installation of kib serve.
//   node addin/tools/fill_manifest.mjs https://kib.example.nl 0b7c1f2e-3d4a-4e5b-8c6d-7e8f9a0b1c2d 0.1.0.0 > manifest.xml
// The same rules as kib serve must follow when it hands the manifest out: the public URL is https,
// without a path's trailing slash; the Id is a GUID that stays the same for the installation (a new
// Id is a new add-in to Office); the version has up to four numeric parts.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const TEMPLATE = fileURLToPath(new URL("../manifest.template.xml", import.meta.url));

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const VERSION = /^[0-9]{1,5}(\.[0-9]{1,5}){0,3}$/;

function xmlAttr(s) {
  return s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}

export function fillManifest(template, { publicUrl, addinId, version }) {
  let url;
  try {
    url = new URL(publicUrl);
  } catch {
    throw new Error(`public URL is not a URL: ${publicUrl}`);
  }
  if (url.protocol !== "https:") throw new Error(`public URL must be https (Office loads add-ins over https only): ${publicUrl}`);
  if (url.search || url.hash || url.username) throw new Error(`public URL must have no query, fragment or user: ${publicUrl}`);
  const base = publicUrl.replace(/\/+$/, "");
  if (!GUID.test(addinId)) throw new Error(`add-in Id must be a GUID: ${addinId}`);
  if (!VERSION.test(version)) throw new Error(`version must be up to four numbers separated by dots: ${version}`);
  const out = template
    .replaceAll("{{PUBLIC_URL}}", xmlAttr(base))
    .replaceAll("{{ADDIN_ID}}", addinId)
    .replaceAll("{{VERSION}}", version);
  const left = /\{\{[A-Z_]+\}\}/.exec(out);
  if (left) throw new Error(`template placeholder not filled: ${left[0]}`);
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [publicUrl, addinId, version = "0.1.0.0"] = process.argv.slice(2);
  if (!publicUrl || !addinId) {
    process.stderr.write("usage: node fill_manifest.mjs PUBLIC_URL ADDIN_ID [VERSION]\n");
    process.exit(2);
  }
  try {
    process.stdout.write(fillManifest(readFileSync(TEMPLATE, "utf8"), { publicUrl, addinId, version }));
  } catch (e) {
    process.stderr.write(`fill_manifest: ${e.message}\n`);
    process.exit(1);
  }
}
