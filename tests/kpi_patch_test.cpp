// The KPI patch (programme_update.hpp: kpi_patch, kpi_patch_json, `kib kpi --patch`): the cells
// the Office add-in writes into the open workbook are exactly those `kib kpi -o` writes into the
// copy — same values, same number formats, same status fills, same appended Metingen rows, and no
// changed cell left out. Checked on the sample (saved by LibreOffice), a LibreOffice-saved fixture
// with a different layout, and a workbook kib itself wrote.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <map>
#include <set>

#include "engine/programme/programme.hpp"
#include "engine/programme/programme_update.hpp"
#include "readers/cell.hpp"
#include "readers/package.hpp"
#include "readers/xlsx.hpp"
#include "readers/xlsx_parts.hpp"
#include "test_util.hpp"
#include "writers/xlsx_edit.hpp"

namespace {

using json = nlohmann::json;
using kib::test::temp_dir;

const std::string sample = std::string(KIB_SAMPLES) + "/programma.xlsx";

struct cell_state {
    kib::cell_value value;
    std::uint32_t style = 0;
};
// "sheet!REF" -> value and style index, for every cell of every worksheet.
std::map<std::string, cell_state> all_cells(const std::string& path) {
    std::map<std::string, cell_state> out;
    const kib::workbook wb = kib::workbook::open(path);
    for (const auto& s : wb.sheets()) {
        if (s.kind != "worksheet") continue;
        wb.for_each_row(s, [&](const kib::row& r) {
            for (const auto& c : r.cells) out[s.name + "!" + kib::xlsx::cell_ref(c.col, c.row)] = {c.value, c.style};
        });
    }
    return out;
}

// The solid fill colour (AARRGGBB, upper case) of a cellXfs entry, "" for none.
std::string fill_of(const std::string& path, std::uint32_t xf) {
    const kib::package pkg = kib::package::open(path);
    const std::string styles = pkg.read("xl/styles.xml");
    pugi::xml_document doc;
    if (!doc.load_buffer(styles.data(), styles.size())) return "?";
    const pugi::xml_node root = doc.document_element();
    std::vector<pugi::xml_node> xfs, fills;
    for (auto x : root.child("cellXfs").children("xf")) xfs.push_back(x);
    for (auto f : root.child("fills").children("fill")) fills.push_back(f);
    if (xf >= xfs.size()) return {};
    const unsigned fill = xfs[xf].attribute("fillId").as_uint(0);
    if (fill >= fills.size()) return {};
    const pugi::xml_node pf = fills[fill].child("patternFill");
    if (std::string(pf.attribute("patternType").value()) != "solid") return {};
    std::string rgb = pf.child("fgColor").attribute("rgb").value();
    for (char& c : rgb) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return rgb;
}

bool same_value(const kib::cell_value& a, const kib::cell_value& b) {
    const auto figure = [](const kib::cell_value& v) { return v.type == kib::cell_type::number || v.type == kib::cell_type::date; };
    if (figure(a) || figure(b)) return figure(a) && figure(b) && std::abs(a.number - b.number) < 1e-9;
    return a.type == b.type && a.text == b.text && a.number == b.number;
}

std::string show(const kib::cell_value& v) { return std::string(kib::to_string(v.type)) + ":" + v.to_display(); }

// Reads `input`, evaluates at `date` (merging `measurements` when given), writes the updated copy
// as `kib kpi -o` does and compares it with the patch. Returns the patch.
kib::kpi_updates check_patch_equals_written(const std::string& input, const std::string& date, const std::string& measurements = {}) {
    kib::programme p = kib::read_programme(input);
    if (!measurements.empty()) kib::merge_measurements(p, kib::read_measurements(measurements, p, p.options));
    const kib::kpi_report rep = kib::evaluate_kpis(p, *kib::iso_to_serial(date), p.options);
    const temp_dir dir;
    const std::string output = dir.path() + "/bijgewerkt.xlsx";
    const kib::update_summary written = kib::write_kpi_updates(p, rep, input, output);
    const kib::kpi_updates patch = kib::kpi_patch(p, rep, input);
    EXPECT_EQ(patch.summary.cells_changed, written.cells_changed);
    EXPECT_EQ(patch.summary.measurements_appended, written.measurements_appended);

    const auto before = all_cells(input);
    const auto after = all_cells(output);
    kib::workbook_editor out = kib::workbook_editor::open(output);
    std::set<std::string> patched;
    // Every patch cell is what the written copy holds there: value, number format, fill.
    for (const auto& c : patch.cells) {
        const std::string key = c.sheet + "!" + c.ref;
        patched.insert(key);
        const auto it = after.find(key);
        const kib::cell_value now = it == after.end() ? kib::cell_value{} : it->second.value;
        EXPECT_TRUE(same_value(c.value, now)) << key << ": patch " << show(c.value) << ", written " << show(now);
        if (c.value.type == kib::cell_type::number || c.value.type == kib::cell_type::date) {
            EXPECT_EQ(c.number_format, out.number_format(c.sheet, c.ref)) << key;
        }
        if (!c.fill.empty()) {
            EXPECT_NE(it, after.end()) << key;
            if (it == after.end()) continue;
            EXPECT_EQ(c.fill, fill_of(output, it->second.style)) << key;
            EXPECT_EQ(c.fill, kib::status_fill_argb(c.status == "groen" ? kib::status_fill::groen
                                                    : c.status == "oranje" ? kib::status_fill::oranje
                                                                            : kib::status_fill::rood));
        }
    }
    // Every appended row is the written copy's row, cell by cell.
    for (const auto& r : patch.rows)
        for (std::size_t i = 0; i < r.values.size(); ++i) {
            const std::string ref = kib::xlsx::cell_ref(static_cast<std::uint32_t>(i + 1), r.row);
            const std::string key = r.sheet + "!" + ref;
            patched.insert(key);
            const auto it = after.find(key);
            const kib::cell_value now = it == after.end() ? kib::cell_value{} : it->second.value;
            EXPECT_TRUE(same_value(r.values[i], now)) << key << ": patch " << show(r.values[i]) << ", written " << show(now);
            EXPECT_EQ(r.number_formats[i], r.values[i].empty() ? std::string() : out.number_format(r.sheet, ref)) << key;
        }
    // No cell the copy changed is missing from the patch.
    std::set<std::string> keys;
    for (const auto& [k, v] : before) keys.insert(k);
    for (const auto& [k, v] : after) keys.insert(k);
    int changed = 0;
    for (const auto& k : keys) {
        const auto b = before.find(k), a = after.find(k);
        const kib::cell_value vb = b == before.end() ? kib::cell_value{} : b->second.value;
        const kib::cell_value va = a == after.end() ? kib::cell_value{} : a->second.value;
        if (same_value(vb, va)) continue;
        ++changed;
        EXPECT_TRUE(patched.count(k)) << k << " changed from " << show(vb) << " to " << show(va) << " but is not in the patch";
    }
    EXPECT_GT(changed, 0) << "nothing changed: the comparison proves nothing";
    return patch;
}

TEST(KpiPatch, SampleEqualsWhatKpiOutputWrites) {
    const kib::kpi_updates u = check_patch_equals_written(sample, "2026-11-23");
    EXPECT_TRUE(u.rows.empty());  // the workbook alone: nothing to append
    int statuses = 0, dates = 0;
    for (const auto& c : u.cells) {
        if (!c.kpi.empty()) {
            ++statuses;
            EXPECT_EQ(c.value.text, c.status);
        }
        if (c.value.type == kib::cell_type::date) {
            ++dates;
            EXPECT_FALSE(c.number_format.empty()) << c.sheet << "!" << c.ref;
        }
    }
    EXPECT_GE(statuses, 10);
    EXPECT_GE(dates, 5);
}

TEST(KpiPatch, MergedMeasurementsBecomeRowsWithTheirFormats) {
    const kib::kpi_updates u = check_patch_equals_written(sample, "2026-11-23", std::string(KIB_SAMPLES) + "/metingen_november.csv");
    ASSERT_FALSE(u.rows.empty());
    for (const auto& r : u.rows) {
        EXPECT_EQ(r.sheet, "Metingen");
        ASSERT_GE(r.values.size(), 3u);
        EXPECT_EQ(r.values[0].type, kib::cell_type::date);
        EXPECT_FALSE(r.number_formats[0].empty());  // a date, not a serial number, in the open workbook
    }
}

TEST(KpiPatch, LibreOfficeFixtureWithSectionsEqualsWhatKpiOutputWrites) {
    check_patch_equals_written(kib::test::fixture("programme/programma_sections.xlsx"), "2026-11-23");
}

TEST(KpiPatch, WorkbookKibWroteEqualsWhatKpiOutputWrites) {
    // The copy kib wrote in October, brought up to date in December (its own styles and fills).
    kib::programme p = kib::read_programme(sample);
    const temp_dir dir;
    const std::string october = dir.path() + "/oktober.xlsx";
    kib::write_kpi_updates(p, kib::evaluate_kpis(p, *kib::iso_to_serial("2026-10-15"), p.options), sample, october);
    check_patch_equals_written(october, "2026-12-15", std::string(KIB_SAMPLES) + "/metingen_november.csv");
}

TEST(KpiPatch, JsonHasTheShapeThePaneReads) {
    kib::programme p = kib::read_programme(sample);
    kib::merge_measurements(p, kib::read_measurements(std::string(KIB_SAMPLES) + "/metingen_november.csv", p, p.options));
    const kib::kpi_updates u = kib::kpi_patch(p, kib::evaluate_kpis(p, *kib::iso_to_serial("2026-11-23"), p.options), sample);
    const json j = json::parse(kib::kpi_patch_json(u));
    ASSERT_EQ(j["cells"].size(), u.cells.size());
    ASSERT_EQ(j["rows"].size(), u.rows.size());
    for (std::size_t i = 0; i < u.cells.size(); ++i) {
        const json& c = j["cells"][i];
        const kib::kpi_cell_update& e = u.cells[i];
        EXPECT_EQ(c["sheet"], e.sheet);
        EXPECT_EQ(c["ref"], e.ref);
        switch (e.value.type) {
            case kib::cell_type::number:
            case kib::cell_type::date: EXPECT_DOUBLE_EQ(c["value"].get<double>(), e.value.number); break;
            case kib::cell_type::empty: EXPECT_TRUE(c["value"].is_null()); break;
            default: EXPECT_EQ(c["value"], e.value.text);
        }
        EXPECT_EQ(c.contains("numberFormat"), !e.number_format.empty());
        EXPECT_EQ(c.contains("fill"), !e.fill.empty());
        EXPECT_EQ(c.contains("kpi"), !e.kpi.empty());
        if (c.contains("kpi")) {
            EXPECT_TRUE(c["status"] == "groen" || c["status"] == "oranje" || c["status"] == "rood" || c["status"] == "geen meting" ||
                        c["status"] == "geen norm")
                << c.dump();
        }
    }
    for (const auto& r : j["rows"]) {
        EXPECT_EQ(r["values"].size(), r["numberFormats"].size());
        EXPECT_TRUE(r["values"][0].is_number());
    }
}

TEST(KpiPatch, CliPrintsThePatch) {
    const kib::test::run_result r = kib::test::run_kib({"kpi", sample, "--date", "2026-11-23", "--patch"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    kib::programme p = kib::read_programme(sample);
    const kib::kpi_updates u = kib::kpi_patch(p, kib::evaluate_kpis(p, *kib::iso_to_serial("2026-11-23"), p.options), sample);
    EXPECT_EQ(r.out, kib::kpi_patch_json(u) + "\n");
    // --patch and --json are two answers to one question: asking both is a usage error.
    EXPECT_EQ(kib::test::run_kib({"kpi", sample, "--date", "2026-11-23", "--patch", "--json"}).exit_code, 2);
}

}  // namespace
