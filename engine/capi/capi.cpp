// The C API (include/kib/kib.h): a thin boundary that turns every C++ outcome into a status code
// and a thread-local message. Nothing here knows file formats; it calls the engine.
#include "kib/kib.h"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <cstring>
#include <new>
#include <sstream>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/review/comments.hpp"
#include "engine/drop/drop_config.hpp"
#include "engine/cli/fill.hpp"
#include "engine/cli/inspect.hpp"
#include "engine/drop/jobs.hpp"
#include "engine/scan/maturity.hpp"
#include "engine/programme/programme_cli.hpp"
#include "engine/scan/score.hpp"
#include "engine/cli/set.hpp"
#include "engine/drop/watch.hpp"
#include "readers/docx_comments.hpp"
#include "readers/package.hpp"
#include "readers/error.hpp"
#include "readers/xlsx.hpp"
#include "readers/xlsx_parts.hpp"

struct kib_workbook {
    kib::workbook wb;
};

namespace {

thread_local std::string g_last_error;

kib_status status_of(kib::error_category c) {
    switch (c) {
        case kib::error_category::bad_input: return KIB_BAD_INPUT;
        case kib::error_category::limit: return KIB_LIMIT;
        case kib::error_category::io: return KIB_IO;
        case kib::error_category::internal: return KIB_INTERNAL;
    }
    return KIB_INTERNAL;
}

// Runs f, mapping every exception to a status and a message.
template <class F>
kib_status guarded(F&& f) noexcept {
    try {
        g_last_error.clear();
        f();
        return KIB_OK;
    } catch (const kib::error& e) {
        g_last_error = e.what();
        return status_of(e.category());
    } catch (const std::bad_alloc&) {
        g_last_error = "out of memory";
        return KIB_INTERNAL;
    } catch (const std::exception& e) {
        g_last_error = std::string("internal error: ") + e.what();
        return KIB_INTERNAL;
    } catch (...) {
        g_last_error = "internal error";
        return KIB_INTERNAL;
    }
}

kib_status invalid(const char* what) noexcept {
    g_last_error = what;
    return KIB_INVALID_ARGUMENT;
}

char* dup(const std::string& s) {
    char* p = static_cast<char*>(std::malloc(s.size() + 1));
    if (!p) throw std::bad_alloc();
    std::memcpy(p, s.c_str(), s.size() + 1);
    return p;
}

}  // namespace

extern "C" {

const char* kib_version(void) { return KIB_VERSION; }
const char* kib_last_error(void) { return g_last_error.c_str(); }
void kib_free(void* p) { std::free(p); }

kib_status kib_workbook_open(const char* path, kib_workbook** out) {
    if (!path || !out) return invalid("kib_workbook_open: path and out must not be NULL");
    *out = nullptr;
    return guarded([&] { *out = new kib_workbook{kib::workbook::open(path)}; });
}

void kib_workbook_close(kib_workbook* wb) { delete wb; }

kib_status kib_workbook_sheet_count(const kib_workbook* wb, int* out) {
    if (!wb || !out) return invalid("kib_workbook_sheet_count: wb and out must not be NULL");
    *out = static_cast<int>(wb->wb.sheets().size());
    g_last_error.clear();
    return KIB_OK;
}

kib_status kib_workbook_sheet_name(const kib_workbook* wb, int index, const char** out) {
    if (!wb || !out) return invalid("kib_workbook_sheet_name: wb and out must not be NULL");
    if (index < 0 || static_cast<std::size_t>(index) >= wb->wb.sheets().size())
        return invalid("kib_workbook_sheet_name: index out of range");
    *out = wb->wb.sheets()[static_cast<std::size_t>(index)].name.c_str();
    g_last_error.clear();
    return KIB_OK;
}

kib_status kib_workbook_cells_json(const kib_workbook* wb, const char* sheet, char** out_json) {
    if (!wb || !out_json) return invalid("kib_workbook_cells_json: wb and out_json must not be NULL");
    *out_json = nullptr;
    return guarded([&] {
        std::ostringstream s;
        kib::write_cells_json(wb->wb, sheet ? sheet : "", s);
        *out_json = dup(s.str());
    });
}

kib_status kib_workbook_tables_json(const kib_workbook* wb, char** out_json) {
    if (!wb || !out_json) return invalid("kib_workbook_tables_json: wb and out_json must not be NULL");
    *out_json = nullptr;
    return guarded([&] {
        nlohmann::ordered_json j;
        j["tables"] = nlohmann::ordered_json::array();
        for (const auto& s : wb->wb.sheets()) {
            for (const auto& t : s.tables) {
                j["tables"].push_back({{"name", t.name}, {"sheet", t.sheet}, {"ref", t.ref}, {"header_rows", t.header_rows},
                                       {"totals_rows", t.totals_rows}, {"columns", t.columns}});
            }
        }
        j["names"] = nlohmann::ordered_json::array();
        for (const auto& d : wb->wb.defined_names())
            j["names"].push_back({{"name", d.name}, {"value", d.value}, {"scope", d.scope}});
        *out_json = dup(j.dump());
    });
}

kib_status kib_workbook_cell_text(const kib_workbook* wb, const char* sheet, const char* ref, char** out) {
    if (!wb || !sheet || !ref || !out) return invalid("kib_workbook_cell_text: no argument may be NULL");
    *out = nullptr;
    std::uint32_t col = 0, row = 0;
    if (!kib::xlsx::parse_cell_ref(ref, col, row)) return invalid("kib_workbook_cell_text: ref must look like B7");
    return guarded([&] {
        std::string text;
        wb->wb.for_each_row(wb->wb.sheet(sheet), [&](const kib::row& r) {
            if (r.index != row) return;
            for (const auto& c : r.cells) {
                if (c.col == col) text = c.value.to_display();
            }
        });
        *out = dup(text);
    });
}

kib_status kib_set_cells(const char* input, const char* output, const char* const* assignments, int n) {
    if (!input || (n > 0 && !assignments) || n < 0) return invalid("kib_set_cells: input and assignments are required");
    for (int i = 0; i < n; ++i) {
        if (!assignments[i]) return invalid("kib_set_cells: an assignment is NULL");
    }
    return guarded([&] {
        kib::set_options opt;
        if (output) opt.output = output;
        else opt.in_place = true;
        std::ostringstream ignored;
        kib::set_cells(input, std::vector<std::string>(assignments, assignments + n), opt, ignored);
    });
}

kib_status kib_comments_json(const char* docx, char** out_json) {
    if (!docx || !out_json) return invalid("kib_comments_json: docx and out_json must not be NULL");
    *out_json = nullptr;
    return guarded([&] {
        const kib::package pkg = kib::package::open(docx);
        *out_json = dup(kib::review_marks_json(kib::docx::read_review_marks(pkg)));
    });
}

kib_status kib_fill(const char* template_path, const char* data_json_path, const char* output) {
    if (!template_path || !data_json_path || !output) return invalid("kib_fill: no argument may be NULL");
    return guarded([&] {
        kib::fill_cli_options opt;
        opt.template_path = template_path;
        opt.data_path = data_json_path;
        opt.output = output;
        std::ostringstream out, err;
        kib::fill(opt, out, err);
    });
}

kib_status kib_score_json(const char* survey, char** out_json) {
    if (!survey || !out_json) return invalid("kib_score_json: survey and out_json must not be NULL");
    *out_json = nullptr;
    return guarded([&] { *out_json = dup(kib::score_json(kib::maturity::score_file(survey))); });
}

kib_status kib_kpi_update(const char* programme, const char* measurements, const char* date, const char* output,
                          char** out_json) {
    if (!programme || !date || !out_json) return invalid("kib_kpi_update: programme, date and out_json are required");
    *out_json = nullptr;
    return guarded([&] {
        kib::programme_command_options c;
        c.workbook = programme;
        c.date = date;
        if (measurements) c.measurements = measurements;
        if (output) c.output = output;
        c.json = true;
        std::ostringstream out;
        kib::run_kpi(c, out);
        *out_json = dup(out.str());
    });
}

kib_status kib_set_limit(const char* name, const char* value) {
    if (!name || !value) return invalid("kib_set_limit: no argument may be NULL");
    return guarded([&] {
        kib::input_limits limits = kib::default_input_limits();
        kib::set_limit(limits, name, value, {"kib_set_limit", {}, name, 0, 0});
        kib::set_default_input_limits(limits);
    });
}

kib_status kib_watch_once(const char* dir, int* processed, int* failed) {
    if (!dir || !processed || !failed) return invalid("kib_watch_once: no argument may be NULL");
    return guarded([&] {
        namespace fs = std::filesystem;
        kib::drop_config cfg;
        if (fs::exists(fs::path(dir) / "kib.toml")) cfg = kib::load_drop_config(fs::path(dir) / "kib.toml");
        kib::watch_options wo;
        wo.dir = dir;
        wo.once = true;
        wo.jobs = cfg.jobs;
        wo.polling = true;
        wo.stable_for = std::chrono::milliseconds(static_cast<long long>(cfg.stable_seconds * 1000));
        // No time limit here: a library cannot start kib in a process of its own, and fork() of a
        // host's multi-threaded process is not safe (see watch_options::job_command).
        wo.seconds_per_file = std::chrono::seconds(0);
        std::ostringstream log;
        const kib::watch_stats st = kib::watch(wo, kib::drop_jobs(cfg, dir), log);
        *processed = st.processed;
        *failed = st.failed;
    });
}

}  // extern "C"
