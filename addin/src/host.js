// Where the pane runs and what that Office can do, checked at run time (the manifest names no
// requirement sets, so an older Office still opens the pane and gets a Dutch message instead).

import { KibError } from "./i18n_nl.js";

// Versions probed per requirement set, oldest first. Probing stops at the first unsupported one,
// since every version of a set includes the ones before it.
export const KNOWN_SETS = Object.freeze({
  ExcelApi: ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "1.10", "1.11", "1.12", "1.13", "1.14", "1.15", "1.16", "1.17"],
  WordApi: ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9"],
  OpenBrowserWindowApi: ["1.1"],
  DialogApi: ["1.1", "1.2"],
});

// What each job of the pane needs; the pane checks before it starts one.
export const NEEDS = Object.freeze({
  kpiUpdate: { host: "Excel", sets: [["ExcelApi", "1.1"]], feature: "KPI's bijwerken" },
  scanResults: { host: "Excel", sets: [["ExcelApi", "1.1"]], feature: "Resultaten toevoegen" },
  radarChart: { host: "Excel", sets: [["ExcelApi", "1.1"]], feature: "radardiagram" },
  comments: { host: "Word", sets: [], feature: "Opmerkingen" },
});

// "Excel", "Word", or null outside Office (a plain browser tab, or office.js not loaded).
export function detectHost(Office) {
  const ctx = Office && Office.context;
  if (!ctx) return null;
  const host = ctx.host ?? (ctx.diagnostics && ctx.diagnostics.host);
  const types = Office.HostType ?? { Excel: "Excel", Word: "Word" };
  if (host === types.Excel || host === "Excel") return "Excel";
  if (host === types.Word || host === "Word") return "Word";
  return null;
}

export function isInOffice(Office) {
  return detectHost(Office) !== null;
}

// Whether this Office supports the requirement set at that version; false outside Office.
export function isSupported(Office, set, version) {
  const req = Office && Office.context && Office.context.requirements;
  if (!req || typeof req.isSetSupported !== "function") return false;
  try {
    return Boolean(req.isSetSupported(set, version));
  } catch {
    return false;
  }
}

// The highest supported version of each known set, or null: { ExcelApi: "1.12", WordApi: null, ... }.
export function supportedSets(Office, names = Object.keys(KNOWN_SETS)) {
  const out = {};
  for (const name of names) {
    out[name] = null;
    for (const v of KNOWN_SETS[name] ?? []) {
      if (!isSupported(Office, name, v)) break;
      out[name] = v;
    }
  }
  return out;
}

// Throws KibError "wrong_host" or "not_supported" when this Office cannot do the job
// (a key of NEEDS, or a { host, sets, feature } of the same shape).
export function requireJob(Office, job) {
  const need = typeof job === "string" ? NEEDS[job] : job;
  if (!need) throw new Error(`unknown job ${job}`);
  const host = detectHost(Office);
  if (need.host && host !== need.host) throw new KibError("wrong_host", { host: need.host });
  for (const [set, version] of need.sets) {
    if (!isSupported(Office, set, version)) throw new KibError("not_supported", { feature: need.feature, set, version });
  }
}

// Offers a file to the person. Office (Windows, Mac, web) has no working <a download>; inside
// Office the URL opens in the system browser, which downloads it — so the URL must carry its own
// short-lived authorisation (the browser has no Bearer token). Outside Office a link with
// `download` is clicked. Returns how: "browser-window", "window-open" or "link".
export function download(url, name, { Office = globalThis.Office, document = globalThis.document, window = globalThis.window } = {}) {
  const absolute = new URL(url, document && document.baseURI ? document.baseURI : undefined).href;
  if (isInOffice(Office)) {
    if (isSupported(Office, "OpenBrowserWindowApi", "1.1") && Office.context.ui && Office.context.ui.openBrowserWindow) {
      Office.context.ui.openBrowserWindow(absolute);
      return "browser-window";
    }
    window.open(absolute, "_blank", "noopener");
    return "window-open";
  }
  const a = document.createElement("a");
  a.href = absolute;
  a.download = name;
  a.rel = "noopener";
  a.style.display = "none";
  document.body.appendChild(a);
  a.click();
  a.remove();
  return "link";
}

// The Bearer token of one kib service, kept per user in the pane's (partitioned) localStorage under
// a key per service origin; never in a cookie. When storage is unavailable (blocked by policy), the
// token lives only as long as the pane.
export function tokenStore(serviceUrl, storage = globalThis.localStorage) {
  const key = `kib.token:${new URL(serviceUrl).origin}`;
  let memory = null;
  return {
    key,
    get() {
      try {
        if (storage) return storage.getItem(key) ?? memory;
      } catch {
        /* storage blocked: fall back to memory */
      }
      return memory;
    },
    set(token) {
      memory = token;
      try {
        if (storage) storage.setItem(key, token);
      } catch {
        /* storage blocked: memory only */
      }
    },
    clear() {
      memory = null;
      try {
        if (storage) storage.removeItem(key);
      } catch {
        /* storage blocked */
      }
    },
  };
}
