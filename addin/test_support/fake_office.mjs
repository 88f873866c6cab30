// The Common API side of Office for the tests, built on office-addin-mock's OfficeMockObject:
// Office.context.document.getFileAsync with slices, requirements.isSetSupported and
// ui.openBrowserWindow. Like Office, only one file may be open at a time: a second getFileAsync
// before closeAsync fails, which is how the tests notice a file left open.

import officeAddinMock from "office-addin-mock";

const { OfficeMockObject } = officeAddinMock;

export function fakeOffice({
  bytes = new Uint8Array(0), // the document
  host = "Excel", // Office.context.host; null outside Office
  sets = {}, // { ExcelApi: "1.12", ... }: highest supported version per requirement set
  failGetFile = null, // message: getFileAsync fails
  failSlice = null, // slice index that fails
  wrongIndexAt = null, // slice index whose slice reports another index
  sliceAsTypedArray = false,
} = {}) {
  const log = { getFile: [], slices: [], closes: 0, open: 0, opened: [] };
  const failed = (message) => ({ status: "failed", error: { code: 5001, name: "Internal Error", message } });
  const ok = (value) => ({ status: "succeeded", value });
  const later = (fn) => setTimeout(fn, Math.floor(Math.random() * 3));

  const Office = new OfficeMockObject({
    context: {
      document: {
        getFileAsync(type, options, callback) {
          log.getFile.push({ type, options });
          if (failGetFile) return later(() => callback(failed(failGetFile)));
          if (log.open > 0) return later(() => callback(failed("Er is al een bestand geopend.")));
          log.open++;
          const sliceSize = options.sliceSize;
          const sliceCount = Math.ceil(bytes.length / sliceSize);
          const file = {
            size: bytes.length,
            sliceCount,
            getSliceAsync(index, cb) {
              log.slices.push(index);
              later(() => {
                if (index === failSlice) return cb(failed(`Segment ${index} kon niet worden gelezen.`));
                const part = bytes.subarray(index * sliceSize, Math.min(bytes.length, (index + 1) * sliceSize));
                cb(ok({ index: index === wrongIndexAt ? index + 1 : index, size: part.length,
                  data: sliceAsTypedArray ? new Uint8Array(part) : Array.from(part) }));
              });
            },
            closeAsync(cb) {
              log.closes++;
              log.open--;
              later(() => cb && cb(ok(undefined)));
            },
          };
          later(() => callback(ok(file)));
        },
      },
      requirements: {
        isSetSupported(name, version) {
          const have = sets[name];
          if (!have) return false;
          if (version === undefined) return true;
          const a = String(have).split(".").map(Number);
          const b = String(version).split(".").map(Number);
          for (let i = 0; i < Math.max(a.length, b.length); i++) {
            if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
          }
          return true;
        },
      },
      ui: {
        openBrowserWindow(url) {
          log.opened.push(url);
        },
      },
    },
  });
  // Plain values next to the mocked functions: OfficeMockObject would hide scalars behind load().
  Office.context.host = host;
  Office.AsyncResultStatus = { Succeeded: "succeeded", Failed: "failed" };
  Office.FileType = { Compressed: "compressed", Pdf: "pdf", Text: "text" };
  Office.HostType = { Excel: "Excel", Word: "Word" };
  return { Office, log };
}
