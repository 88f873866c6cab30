// The workbook editor on streamed sheets (editor_options::stream_sheets_from): every edit must give
// the same workbook, byte for byte in every part, as the editor holding the whole sheet as a DOM.
// Fixtures: Excel's and LibreOffice's KPI workbooks (tests/fixtures/edit) and the survey export
// sample (samples/).
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <limits>
#include <string>
#include <unistd.h>

#include "readers/error.hpp"
#include "readers/package.hpp"
#include "writers/xlsx_edit.hpp"
#include "xml_compare.hpp"

namespace fs = std::filesystem;
using kib::cell_value;

namespace {

const std::string fixtures = std::string(KIB_FIXTURES) + "/edit/";
const std::string samples = std::string(KIB_SAMPLES) + "/";

std::string temp_path(const std::string& name) {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    return (fs::temp_directory_path() /
            ("kib_stream_" + std::to_string(::getpid()) + "_" + info->name() + "_" + name))
        .string();
}

kib::editor_options streamed() {
    kib::editor_options o;
    o.stream_sheets_from = 0;
    return o;
}

kib::editor_options whole() {
    kib::editor_options o;
    o.stream_sheets_from = std::numeric_limits<std::uint64_t>::max();
    return o;
}

struct outcome {
    std::map<std::string, std::string> parts;  // every part, inflated
    std::vector<std::string> changes;
    kib::save_result saved;
};

outcome run(const std::string& source, const kib::editor_options& options,
            const std::function<void(kib::workbook_editor&)>& edit, const std::string& name) {
    const std::string target = temp_path(name + ".xlsx");
    kib::workbook_editor ed = kib::workbook_editor::open(source, options);
    edit(ed);
    outcome o;
    o.saved = ed.save(target);
    for (const kib::cell_change& c : ed.changes()) o.changes.push_back(c.where() + ":" + c.old_value + ">" + c.new_value);
    for (const auto& [part, entry] : kib::test::zip_entries(target)) o.parts[part] = kib::test::zip_read(target, part);
    fs::remove(target);
    return o;
}

void expect_same_workbook(const std::string& source, const std::function<void(kib::workbook_editor&)>& edit,
                          std::size_t streamed_parts) {
    const outcome a = run(source, whole(), edit, "whole");
    const outcome b = run(source, streamed(), edit, "streamed");
    EXPECT_EQ(a.changes, b.changes);
    EXPECT_TRUE(a.saved.streamed_parts.empty());
    EXPECT_EQ(b.saved.streamed_parts.size(), streamed_parts);
    ASSERT_EQ(a.parts.size(), b.parts.size());
    for (const auto& [part, bytes] : a.parts) {
        ASSERT_TRUE(b.parts.count(part)) << part;
        EXPECT_EQ(bytes, b.parts.at(part)) << part;  // the same bytes, not only the same XML
    }
}

}  // namespace

TEST(StreamedSheet, ValuesStylesNewCellsAndNewRowsGiveTheSameWorkbookAsTheWholeDom) {
    for (const std::string file : {"kpi-excel.xlsx", "kpi-libreoffice.xlsx"}) {
        SCOPED_TRACE(file);
        expect_same_workbook(fixtures + file, [](kib::workbook_editor& ed) {
            ed.prefetch("Data", {"B2", "C4", "A9"});
            ed.set("Data", "B2", cell_value::make_number(12.5));           // an existing cell
            ed.set("Data", "C4", cell_value::make_text("nieuw & <anders>")); // a new shared string
            ed.set("Data", "F3", cell_value::make_date(46349));             // a new cell, not prefetched
            ed.set("Data", "A9", cell_value::make_bool(true));              // a row after the last
            ed.set("Data", "B7", cell_value::make_number(-1));              // another, between nothing
            ed.set_fill("Data", "B2", kib::status_fill::oranje);
            ed.set_number_style("Data", "C2", kib::number_style::percentage);
            ed.clear("Data", "A2");
            EXPECT_EQ(ed.display("Data", "B2"), "12.5");
            EXPECT_EQ(ed.display("Data", "A9"), "TRUE");
        }, 1);
    }
}

TEST(StreamedSheet, RowsBeforeTheFirstAndFormulasSetOnAStreamedSheet) {
    expect_same_workbook(samples + "cx_scan_2026.xlsx", [](kib::workbook_editor& ed) {
        ed.set("Uitnodigingen", "H1", cell_value::make_text("Opmerking"));
        ed.set_formula("Antwoorden", "BH2", "SUM(D2:F2)");
        ed.set("Antwoorden", "C40", cell_value::make_text("gewijzigd"));
        ed.clear("Antwoorden", "D41");
    }, 2);
}

TEST(StreamedSheet, AppendingARowBelowTheLastUsedOneStaysStreamed) {
    expect_same_workbook(fixtures + "kpi-libreoffice.xlsx", [](kib::workbook_editor& ed) {
        ed.set("Data", "B3", cell_value::make_number(7));
        ed.set("Data", "A8", cell_value::make_number(1));
        ed.clear("Data", "A8");  // a row the edit made and emptied again does not count
        EXPECT_EQ(ed.append_row("Data", {cell_value::make_text("extra"), cell_value::make_number(1)}, 1), 6u);
        EXPECT_EQ(ed.append_row("Data", {cell_value::make_text("nog een")}, 2), 7u);
        ed.set("Data", "C3", cell_value::make_number(8));
    }, 1);
}

TEST(StreamedSheet, AppendingAfterEmptyingTheLastRowTurnsTheSheetIntoAWholeDomWithTheEditsSoFar) {
    expect_same_workbook(fixtures + "kpi-excel.xlsx", [](kib::workbook_editor& ed) {
        ed.set("Data", "B3", cell_value::make_number(7));
        for (const char* ref : {"A5", "B5", "C5", "D5"}) ed.clear("Data", ref);
        const std::uint32_t row = ed.append_row("Data", {cell_value::make_text("extra")}, 1);
        EXPECT_EQ(ed.display("Data", "A" + std::to_string(row)), "extra");
        ed.set("Data", "C3", cell_value::make_number(8));
    }, 0);
}

TEST(StreamedSheet, SheetsWithFormulasAreNotStreamed) {
    const outcome o = run(fixtures + "kpi-excel.xlsx", streamed(), [](kib::workbook_editor& ed) {
        ed.set("KPI's", "C3", cell_value::make_number(12.5));
    }, "formulas");
    EXPECT_TRUE(o.saved.streamed_parts.empty());
}

TEST(StreamedSheet, ABadCellOnAStreamedSheetStillNamesTheCellAndWritesNothing) {
    const std::string target = temp_path("bad.xlsx");
    kib::workbook_editor ed = kib::workbook_editor::open(fixtures + "kpi-libreoffice.xlsx", streamed());
    try {
        ed.set("Data", "B2", cell_value::make_text(std::string(40000, 'x')));
        FAIL() << "no error";
    } catch (const kib::error& e) {
        EXPECT_NE(std::string(e.what()).find("B2"), std::string::npos) << e.what();
    }
    EXPECT_FALSE(fs::exists(target));
}
