// Talking to kib serve: documents go up as bytes with a Bearer token, JSON comes back. Every failure
// becomes a KibError the pane can show in Dutch (network, unauthorized, too_big, server, job_failed,
// bad_response). Cookies are never sent (credentials: "omit"): the token is the only credential.

import { KibError } from "./i18n_nl.js";

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
// What POST /api/v1/jobs takes: the file's bytes as they are (kib tells the kind from the content).
export const OCTET_TYPE = "application/octet-stream";

// The server's own words for a failure: {"error": {"message": "..."}}, {"error": "..."},
// {"message": "..."}, or a short plain-text body.
function serverMessage(text) {
  try {
    const j = JSON.parse(text);
    const m = (j && j.error && (j.error.message ?? j.error)) ?? (j && j.message);
    if (typeof m === "string") return m;
  } catch {
    /* not JSON: use the text */
  }
  const plain = text.trim();
  return plain.length > 300 ? `${plain.slice(0, 300)}…` : plain;
}

// A job that ran and failed (422 with the job document): its reason, where and hint, for Dutch words.
function failedJob(text) {
  try {
    const j = JSON.parse(text);
    if (j && j.outcome === "failed" && j.error && typeof j.error.message === "string")
      return new KibError("job_failed", { file: j.file, message: j.error.message, where: j.error.where, hint: j.error.hint });
  } catch {
    /* not a job document */
  }
  return null;
}

async function answer(response, size) {
  if (response.status === 401 || response.status === 403) throw new KibError("unauthorized", { status: response.status });
  if (response.status === 413) throw new KibError("too_big", size === undefined ? {} : { size });
  if (!response.ok) {
    let text = "";
    try {
      text = await response.text();
    } catch {
      /* no body */
    }
    throw failedJob(text) ?? new KibError("server", { status: response.status, message: serverMessage(text) });
  }
  try {
    return await response.json();
  } catch (e) {
    throw new KibError("bad_response", {}, e);
  }
}

// POSTs the bytes to url and returns the parsed JSON answer. headers: more request headers.
export async function postDocument({ fetch = globalThis.fetch, url, bytes, token, contentType = XLSX_TYPE, headers: more = {} }) {
  const headers = { ...more, "Content-Type": contentType, Accept: "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(url, { method: "POST", headers, body: bytes, credentials: "omit", cache: "no-store" });
  } catch (e) {
    throw new KibError("network", {}, e);
  }
  return answer(response, bytes.length);
}

// GETs JSON (GET /api/v1/health, /api/v1/settings) with the token, if any.
export async function getJson({ fetch = globalThis.fetch, url, token }) {
  const headers = { Accept: "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(url, { method: "GET", headers, credentials: "omit", cache: "no-store" });
  } catch (e) {
    throw new KibError("network", {}, e);
  }
  return answer(response);
}

// The URL of POST /api/v1/jobs under the service root `base` (ends in "/"), with kind, date and any
// further parameters (empty ones left out).
export function jobUrl(base, { kind, date, ...more } = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ kind, date, ...more })) if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  const query = q.toString();
  return new URL(`api/v1/jobs${query ? `?${query}` : ""}`, base).href;
}

// Sends one document as a kib job and returns the job document ({id, kind, outcome, result,
// outputs, warnings, ...}). The file's name goes in X-Kib-Filename, percent-encoded UTF-8.
export async function postJob({ fetch = globalThis.fetch, base, params = {}, bytes, fileName, token }) {
  return postDocument({ fetch, url: jobUrl(base, params), bytes, token, contentType: OCTET_TYPE,
    headers: { "X-Kib-Filename": encodeURIComponent(fileName) } });
}
