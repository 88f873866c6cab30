#include "engine/cli/inspect.hpp"

#include <nlohmann/json.hpp>

#include <ostream>
#include <sstream>

#include "readers/package.hpp"
#include "readers/xlsx.hpp"
#include "readers/xlsx_parts.hpp"
#include "readers/i18n.hpp"

namespace kib {

namespace {

using json = nlohmann::ordered_json;

json cell_json_value(const cell_value& v) {
    switch (v.type) {
        case cell_type::number: return v.number;
        case cell_type::boolean: return v.number != 0.0;
        case cell_type::date: return serial_to_iso(v.number);
        case cell_type::text:
        case cell_type::error: return v.text;
        case cell_type::empty: return nullptr;
    }
    return nullptr;
}

bool is_workbook_type(const std::string& ct) {
    return ct.find("spreadsheetml") != std::string::npos || ct.find("ms-excel") != std::string::npos;
}

}  // namespace

void write_cells_json(const workbook& wb, const std::string& sheet, std::ostream& out) {
    const sheet_info* only = sheet.empty() ? nullptr : &wb.sheet(sheet);
    out << "{\"sheets\":[";
    bool first_sheet = true;
    for (const sheet_info& s : wb.sheets()) {
        if (only && &s != only) continue;
        if (s.kind != "worksheet") continue;
        out << (first_sheet ? "" : ",") << "\n{\"name\":" << json(s.name).dump() << ",\"cells\":[";
        first_sheet = false;
        bool first_cell = true;
        wb.for_each_row(s, [&](const row& r) {
            for (const cell& c : r.cells) {
                if (c.value.empty()) continue;
                json j;
                j["ref"] = xlsx::cell_ref(c.col, c.row);
                j["type"] = to_string(c.value.type);
                j["value"] = cell_json_value(c.value);
                if (!c.formula.empty()) j["formula"] = c.formula;
                out << (first_cell ? "\n" : ",\n") << j.dump();
                first_cell = false;
            }
        });
        out << "]}";
    }
    out << "]}\n";
}

namespace {

json parts_json(const package& pkg) {
    json parts = json::array();
    for (const auto& e : pkg.entries()) {
        parts.push_back({{"name", e.name},
                         {"size", e.size},
                         {"compressed_size", e.compressed_size},
                         {"content_type", pkg.content_type(e.name)}});
    }
    return parts;
}

}  // namespace

void inspect(const std::string& path, const inspect_options& opt, std::ostream& out) {
    package pkg = package::open(path);
    const std::string main = pkg.main_part();
    const std::string main_type = pkg.content_type(main);
    const bool is_workbook = is_workbook_type(main_type);

    if (opt.cells) {
        if (!is_workbook)
            throw error(error_category::bad_input, pkg.where(main), tr("--cells works on workbooks only"),
                        tr("use `kib comments` for Word documents"));
        workbook wb = workbook::open(std::move(pkg));
        if (!opt.sheet.empty()) (void)wb.sheet(opt.sheet);  // a clear error for an unknown sheet
        // Built in memory first: a bad cell half-way must leave `out` empty, not a truncated listing.
        std::ostringstream text;
        if (opt.json) {
            write_cells_json(wb, opt.sheet, text);
        } else {
            for (const sheet_info& s : wb.sheets()) {
                if ((!opt.sheet.empty() && &s != &wb.sheet(opt.sheet)) || s.kind != "worksheet") continue;
                wb.for_each_row(s, [&](const row& r) {
                    for (const cell& c : r.cells) {
                        if (c.value.empty()) continue;
                        text << xlsx::quote_sheet_name(s.name) << '!' << xlsx::cell_ref(c.col, c.row) << '\t'
                             << to_string(c.value.type) << '\t' << c.value.to_display() << '\n';
                    }
                });
            }
        }
        out << text.view();
        return;
    }

    json report;
    report["file"] = path;
    report["main_part"] = main;
    report["kind"] = is_workbook ? "workbook" : (main_type.find("wordprocessingml") != std::string::npos ? "document" : "other");
    report["parts"] = parts_json(pkg);
    if (is_workbook) {
        workbook wb = workbook::open(std::move(pkg));
        if (!opt.sheet.empty()) (void)wb.sheet(opt.sheet);
        report["date1904"] = wb.date1904();
        json sheets = json::array();
        for (const sheet_info& s : wb.sheets()) {
            if (!opt.sheet.empty() && &s != &wb.sheet(opt.sheet)) continue;
            json js;
            js["name"] = s.name;
            js["state"] = s.state;
            js["kind"] = s.kind;
            js["part"] = s.part;
            if (s.kind == "worksheet") {
                json preview = json::array();
                const sheet_summary sum = wb.for_each_row(s, [&](const row& r) {
                    if (static_cast<int>(preview.size()) >= opt.preview_rows) return;
                    json line = json::array();
                    std::uint32_t next_col = 1;
                    for (const cell& c : r.cells) {
                        for (; next_col < c.col && line.size() < 40; ++next_col) line.push_back("");
                        if (line.size() >= 40) break;
                        line.push_back(c.value.to_display());
                        next_col = c.col + 1;
                    }
                    preview.push_back({{"row", r.index}, {"values", line}});
                });
                js["used_range"] = sum.used_range();
                js["dimension"] = sum.dimension;
                js["rows"] = sum.rows_with_values;
                js["cells"] = sum.cells;
                js["merged"] = sum.merged;
                js["preview"] = preview;
            }
            json tables = json::array();
            for (const table_info& t : s.tables) {
                tables.push_back({{"name", t.name}, {"ref", t.ref}, {"header_rows", t.header_rows},
                                  {"totals_rows", t.totals_rows}, {"columns", t.columns}});
            }
            js["tables"] = tables;
            sheets.push_back(js);
        }
        report["sheets"] = sheets;
        json names = json::array();
        for (const auto& d : wb.defined_names()) {
            names.push_back({{"name", d.name}, {"value", d.value}, {"scope", d.scope}, {"hidden", d.hidden}});
        }
        report["defined_names"] = names;
    }

    if (opt.json) {
        out << report.dump(2) << '\n';
        return;
    }
    // The words in the reader's language; the kinds, part names and content types are the file's own.
    out << path << " — " << trf("{} (main part {})", {report["kind"].get<std::string>(), main}) << "\n\n" << tr("Parts:") << '\n';
    for (const auto& p : report["parts"]) {
        out << "  " << p["name"].get<std::string>() << "  " << trf("{} bytes", {std::to_string(p["size"].get<std::uint64_t>())}) << "  "
            << p["content_type"].get<std::string>() << '\n';
    }
    if (!is_workbook) return;
    out << '\n' << tr("Sheets:") << '\n';
    for (const auto& s : report["sheets"]) {
        out << "  " << s["name"].get<std::string>() << " [" << s["kind"].get<std::string>();
        if (s["state"] != "visible") out << ", " << s["state"].get<std::string>();
        out << "]";
        if (s.contains("used_range")) {
            out << "  "
                << trf("used {}, {} rows, {} cells",
                       {s["used_range"].get<std::string>().empty() ? tr("(empty)") : s["used_range"].get<std::string>(),
                        std::to_string(s["rows"].get<std::uint64_t>()), std::to_string(s["cells"].get<std::uint64_t>())});
        }
        out << '\n';
        for (const auto& t : s["tables"]) {
            out << "    " << trf("table {} {}", {t["name"].get<std::string>(), t["ref"].get<std::string>()}) << '\n';
        }
        if (s.contains("merged") && !s["merged"].empty()) {
            out << "    " << tr("merged");
            for (const auto& m : s["merged"]) out << ' ' << m.get<std::string>();
            out << '\n';
        }
        if (s.contains("preview")) {
            for (const auto& r : s["preview"]) {
                out << "    " << r["row"].get<std::uint32_t>() << ':';
                for (const auto& v : r["values"]) out << " | " << v.get<std::string>();
                out << '\n';
            }
        }
    }
    if (!report["defined_names"].empty()) {
        out << '\n' << tr("Defined names:") << '\n';
        for (const auto& d : report["defined_names"]) {
            out << "  " << d["name"].get<std::string>() << " = " << d["value"].get<std::string>();
            if (!d["scope"].get<std::string>().empty()) out << "  " << trf("(sheet {})", {d["scope"].get<std::string>()});
            out << '\n';
        }
    }
}

}  // namespace kib
