// Reading the open document's bytes through the Common API (Office.context.document.getFileAsync).
//
// Office hands the file out in slices; only one file may be open per document at a time, so it is
// closed whatever happens — otherwise the next getFileAsync fails until the document is reopened.

import { KibError } from "./i18n_nl.js";

// Office's own upper bound for a slice (4 MB); larger requests fail in Office for the web.
export const MAX_SLICE_SIZE = 4 * 1024 * 1024;

// Wraps one Office callback-style call in a Promise; rejects with the AsyncResult's error.
function officeCall(Office, start) {
  return new Promise((resolve, reject) => {
    start((result) => {
      if (result && result.status === Office.AsyncResultStatus.Succeeded) resolve(result.value);
      else reject(result && result.error ? result.error : new Error("Office gave no result"));
    });
  });
}

// Slice data is an array of byte values in Office; accept typed arrays and ArrayBuffers as well.
function sliceBytes(data) {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (Array.isArray(data)) return Uint8Array.from(data);
  throw new Error("slice data is not bytes");
}

// The open document as one Uint8Array (the .xlsx/.docx package, FileType.Compressed).
// options.sliceSize: bytes per slice, at most MAX_SLICE_SIZE (larger values are lowered to it);
// options.maxBytes: refuse larger documents with KibError "too_big" before reading any slice.
// Failures are KibErrors: "file_read" (Office refused), "file_incomplete" (slices missing or out of
// order), "too_big". The file is closed in every case; a failing close after a good read does not
// lose the bytes.
export async function readDocument(Office, { sliceSize = MAX_SLICE_SIZE, maxBytes = Infinity } = {}) {
  const size = Math.max(1, Math.min(Math.floor(sliceSize), MAX_SLICE_SIZE));
  let file;
  try {
    file = await officeCall(Office, (cb) =>
      Office.context.document.getFileAsync(Office.FileType.Compressed, { sliceSize: size }, cb));
  } catch (e) {
    throw new KibError("file_read", { officeMessage: e && e.message }, e);
  }
  try {
    if (file.size > maxBytes) throw new KibError("too_big", { size: file.size, limit: maxBytes });
    const out = new Uint8Array(file.size);
    let offset = 0;
    // One slice at a time, in order: Office may deliver them in any order when asked at once.
    for (let i = 0; i < file.sliceCount; i++) {
      let slice;
      try {
        slice = await officeCall(Office, (cb) => file.getSliceAsync(i, cb));
      } catch (e) {
        throw new KibError("file_read", { officeMessage: e && e.message, slice: i }, e);
      }
      if (slice.index !== undefined && slice.index !== i)
        throw new KibError("file_incomplete", { expected: i, got: slice.index });
      const bytes = sliceBytes(slice.data);
      if (offset + bytes.length > out.length) throw new KibError("file_incomplete", { size: file.size, slice: i });
      out.set(bytes, offset);
      offset += bytes.length;
    }
    if (offset !== file.size) throw new KibError("file_incomplete", { size: file.size, read: offset });
    return out;
  } finally {
    await new Promise((resolve) => {
      try {
        file.closeAsync(() => resolve());
      } catch {
        resolve();
      }
    });
  }
}
