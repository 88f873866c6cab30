/* kib — C API for add-in hosts (Excel/Word add-ins, Python ctypes, PowerShell, services).
 *
 * Contract:
 * - Every function returns a kib_status; KIB_OK is 0. On failure kib_last_error() returns a
 *   UTF-8 message naming the file, part and cell and saying how to fix the input. That string
 *   belongs to kib, stays valid until the next kib call on the same thread, and must not be freed.
 * - All strings in and out are UTF-8 and NUL-terminated.
 * - Strings kib returns through a `char** out` parameter are owned by the caller: free them with
 *   kib_free(). Handles are freed with their *_close function. Passing NULL to kib_free or a
 *   close function is allowed and does nothing.
 * - No C++ exception ever crosses this boundary; an unexpected failure is KIB_INTERNAL.
 * - Handles are not thread-safe; distinct handles may be used from distinct threads.
 */
#ifndef KIB_KIB_H
#define KIB_KIB_H

#if defined(_WIN32)
#define KIB_API __declspec(dllexport)
#else
#define KIB_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef enum kib_status {
    KIB_OK = 0,
    KIB_INTERNAL = 1,         /* a bug in kib */
    KIB_BAD_INPUT = 2,        /* the file is not what kib needs (corrupt, wrong kind, bad value) */
    KIB_LIMIT = 3,            /* the file exceeds a resource limit */
    KIB_IO = 4,               /* the operating system refused (missing file, no permission) */
    KIB_INVALID_ARGUMENT = 5  /* the caller passed NULL or an out-of-range index */
} kib_status;

typedef struct kib_workbook kib_workbook;

/* "0.1.0"; static storage. */
KIB_API const char* kib_version(void);
/* The message of the last failure on this thread ("" when none). */
KIB_API const char* kib_last_error(void);
/* Frees a string returned by kib. */
KIB_API void kib_free(void* p);

/* Opens an .xlsx/.xlsm workbook for reading. */
KIB_API kib_status kib_workbook_open(const char* path, kib_workbook** out);
KIB_API void kib_workbook_close(kib_workbook* wb);
/* Number of sheets, in workbook order. */
KIB_API kib_status kib_workbook_sheet_count(const kib_workbook* wb, int* out);
/* Name of sheet `index` (0-based); the string belongs to the workbook handle. */
KIB_API kib_status kib_workbook_sheet_name(const kib_workbook* wb, int index, const char** out);
/* Every non-empty cell of one sheet (or all sheets when sheet is NULL) as JSON:
 * {"sheets":[{"name":…,"cells":[{"ref":"A1","type":"number|text|bool|error|date","value":…}]}]}.
 * Free *out_json with kib_free. */
KIB_API kib_status kib_workbook_cells_json(const kib_workbook* wb, const char* sheet, char** out_json);
/* The tables (ListObjects) and defined names as JSON:
 * {"tables":[{"name","sheet","ref","header_rows","totals_rows","columns":[…]}],"names":[{"name","value","scope"}]}.
 * Free *out_json with kib_free. */
KIB_API kib_status kib_workbook_tables_json(const kib_workbook* wb, char** out_json);
/* One cell's value as text (numbers shortest round-trip, dates ISO 8601, "" when empty);
 * ref like "B7". Free *out with kib_free. */
KIB_API kib_status kib_workbook_cell_text(const kib_workbook* wb, const char* sheet, const char* ref, char** out);

/* ---- jobs: each a whole task, as the CLI command named does it ---- */

/* `kib set`: writes values into a copy of a workbook, keeping everything else (charts, formatting,
 * pivot tables, macros). assignments: n strings such as "Status!B7=12,5" or
 * "'KPI''s'!C3=2026-11-23". output NULL saves in place, keeping a backup NAME.bak.xlsx; otherwise
 * output must differ from input. Nothing is written when any assignment is bad. */
KIB_API kib_status kib_set_cells(const char* input, const char* output, const char* const* assignments, int n);
/* `kib comments --json`: the comments, highlights and tracked changes of a .docx as JSON
 * {"comments":[…],"highlights":[…],"revisions":[…]}. Free *out_json with kib_free. */
KIB_API kib_status kib_comments_json(const char* docx, char** out_json);
/* `kib fill`: fills a Word template (a .docx path or "builtin:baateigenaar") with the JSON data in
 * the file data_json_path and writes output. */
KIB_API kib_status kib_fill(const char* template_path, const char* data_json_path, const char* output);
/* `kib score --json`: scores a CX maturity scan export (.xlsx/.csv). Free *out_json with kib_free. */
KIB_API kib_status kib_score_json(const char* survey, char** out_json);
/* `kib kpi --json`: KPI statuses of a programme workbook at date (YYYY-MM-DD), merging the
 * measurements file when not NULL, and writing the updated workbook to output when not NULL.
 * Free *out_json with kib_free. */
KIB_API kib_status kib_kpi_update(const char* programme, const char* measurements, const char* date,
                                  const char* output, char** out_json);
/* `kib watch DIR --once`: processes what is in DIR/inbox; counts of processed and failed files.
   The [limits] of DIR/kib.toml apply to its jobs, except seconds_per_file: inside a host program
   kib runs the jobs in the calling process, without a time limit. */
KIB_API kib_status kib_watch_once(const char* dir, int* processed, int* failed);

/* Sets a resource limit for the whole process by its name, as `kib --limit NAME=VALUE` does
   (e.g. "rows", "100000"; the names are listed by `kib --help`). KIB_BAD_INPUT for an unknown
   name or a value out of range. Not synchronised: call it before other threads use kib. */
KIB_API kib_status kib_set_limit(const char* name, const char* value);

#ifdef __cplusplus
}
#endif

#endif /* KIB_KIB_H */
