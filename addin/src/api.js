// Talking to kib serve: documents go up as bytes with a Bearer token, JSON comes back. Every failure
// becomes a KibError the pane can show in Dutch (network, unauthorized, too_big, server,
// bad_response). Cookies are never sent (credentials: "omit"): the token is the only credential.

import { KibError } from "./i18n_nl.js";

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

// The server's own words for a failure: {"error": {"message": "..."}}, {"error": "..."},
// {"message": "..."}, or a short plain-text body.
async function serverMessage(response) {
  let text = "";
  try {
    text = await response.text();
  } catch {
    return "";
  }
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

// POSTs the bytes to url and returns the parsed JSON answer.
export async function postDocument({ fetch = globalThis.fetch, url, bytes, token, contentType = XLSX_TYPE }) {
  const headers = { "Content-Type": contentType, Accept: "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(url, { method: "POST", headers, body: bytes, credentials: "omit", cache: "no-store" });
  } catch (e) {
    throw new KibError("network", {}, e);
  }
  if (response.status === 401 || response.status === 403) throw new KibError("unauthorized", { status: response.status });
  if (response.status === 413) throw new KibError("too_big", { size: bytes.length });
  if (!response.ok) throw new KibError("server", { status: response.status, message: await serverMessage(response) });
  try {
    return await response.json();
  } catch (e) {
    throw new KibError("bad_response", {}, e);
  }
}
