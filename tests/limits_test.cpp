// Resource limits by name (readers/limits.hpp): parsing and ranges, how the defaults reach every
// reader's limit struct (process-wide and per thread), each limit stopping a real file with an
// error that names the limit, kib.toml's [limits], and the CLI's --limit.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "docx_test_support.hpp"
#include "engine/drop/drop_config.hpp"
#include "readers/csv.hpp"
#include "readers/limits.hpp"
#include "readers/package.hpp"
#include "readers/xlsx.hpp"
#include "readers/xml_pull.hpp"
#include "test_util.hpp"
#include "writers/docx_template.hpp"

namespace kib {
namespace {

constexpr std::uint64_t mib = 1ull << 20;

input_limits with(std::initializer_list<std::pair<const char*, const char*>> settings) {
    input_limits l;
    for (const auto& [name, value] : settings) set_limit(l, name, value);
    return l;
}

// Opens a workbook and reads every cell of every worksheet, as kib's jobs do.
void read_everything(const std::string& path) {
    const workbook wb = workbook::open(path);
    for (const auto& s : wb.sheets()) {
        if (s.kind == "worksheet") (void)wb.for_each_row(s, [](const row&) {});
    }
}

// Text that deflate cannot shrink much (printable, pseudo-random).
std::string incompressible(std::size_t n) {
    std::mt19937 gen(42);
    std::uniform_int_distribution<int> d('a', 'z');
    std::string s(n, ' ');
    for (auto& c : s) c = static_cast<char>(d(gen));
    return s;
}

TEST(Limits, NamesUnitsAndRanges) {
    input_limits l;
    set_limit(l, "part_mb", "16");
    EXPECT_EQ(l.part_bytes, 16 * mib);
    set_limit(l, "string_mb", " 2 ");
    EXPECT_EQ(l.string_bytes, 2 * mib);
    set_limit(l, "compression_ratio", "50");
    EXPECT_DOUBLE_EQ(l.compression_ratio, 50.0);
    set_limit(l, "seconds_per_file", "0");  // 0: no limit
    EXPECT_EQ(l.seconds_per_file, 0u);
    set_limits(l, {"rows=10", " columns = 4"});
    EXPECT_EQ(l.rows, 10u);
    EXPECT_EQ(l.columns, 4u);

    error e = test::catch_error([&] { set_limit(l, "rows", "1048577"); });
    EXPECT_EQ(e.category(), error_category::bad_input);
    EXPECT_EQ(e.message(), "the limit rows must be a whole number from 1 to 1048576, not \"1048577\"");
    e = test::catch_error([&] { set_limit(l, "cells", "2,5"); });
    EXPECT_EQ(e.message(), "the limit cells must be a whole number from 1 to any larger number, not \"2,5\"");
    e = test::catch_error([&] { set_limit(l, "xml_depth", "0"); });
    EXPECT_EQ(e.message(), "the limit xml_depth must be a whole number from 16 to 100000, not \"0\"");
    e = test::catch_error([&] { set_limits(l, {"rijen=5"}); });
    EXPECT_EQ(e.message(), "there is no limit called 'rijen'");
    EXPECT_EQ(e.where().file, "--limit");
    EXPECT_EQ(e.where().where, "rijen=5");
    EXPECT_NE(e.hint().find("part_mb, total_mb, entries, compression_ratio, xml_depth, string_mb, sheets, rows, columns, cells, "
                            "shared_strings, csv_mb, template_paragraphs, seconds_per_file"),
              std::string::npos)
        << e.hint();
    e = test::catch_error([&] { set_limits(l, {"rows"}); });
    EXPECT_EQ(e.message(), "a limit is given as NAME=VALUE");
    EXPECT_EQ(l.rows, 10u);  // a refused value changes nothing

    const auto described = describe_limits(l);
    ASSERT_EQ(described.size(), 14u);
    EXPECT_EQ(described[0].name, "part_mb");
    EXPECT_EQ(described[0].value, "16");
    EXPECT_EQ(described[3].name, "compression_ratio");
    EXPECT_EQ(described[3].value, "50");
    EXPECT_EQ(limit_hint("rows"), "if the file is genuine, raise the limit: --limit rows=N on the command line, or rows = N "
                                  "under [limits] in kib.toml");
}

TEST(Limits, DefaultsReachEveryLimitStructAndAScopeHoldsForItsThreadOnly) {
    const input_limits process = default_input_limits();
    EXPECT_EQ(package_limits{}.max_part_size, process.part_bytes);
    {
        const scoped_input_limits scope(with({{"part_mb", "3"}, {"total_mb", "5"}, {"entries", "9"}, {"compression_ratio", "7"},
                                              {"xml_depth", "20"}, {"string_mb", "1"}, {"sheets", "2"}, {"rows", "8"},
                                              {"columns", "6"}, {"cells", "11"}, {"shared_strings", "12"}, {"csv_mb", "4"},
                                              {"template_paragraphs", "13"}}));
        const package_limits p;
        EXPECT_EQ(p.max_part_size, 3 * mib);
        EXPECT_EQ(p.max_total_size, 5 * mib);
        EXPECT_EQ(p.max_entries, 9u);
        EXPECT_DOUBLE_EQ(p.max_ratio, 7.0);
        EXPECT_EQ(p.xml.max_depth, 20u);
        EXPECT_EQ(p.xml.max_value_size, mib);
        const workbook_limits w;
        EXPECT_EQ(w.max_sheets, 2u);
        EXPECT_EQ(w.max_rows, 8u);
        EXPECT_EQ(w.max_columns, 6u);
        EXPECT_EQ(w.max_cells, 11u);
        EXPECT_EQ(w.max_shared_strings, 12u);
        EXPECT_EQ(w.package.max_part_size, 3 * mib);
        EXPECT_EQ(csv_options{}.max_bytes, 4 * mib);
        EXPECT_EQ(fill_options{}.max_paragraphs, 13u);
        EXPECT_EQ(xml::limits{}.max_depth, 20u);
        std::uint64_t other_thread = 0;
        std::thread([&] { other_thread = workbook_limits{}.max_rows; }).join();
        EXPECT_EQ(other_thread, process.rows);
    }
    EXPECT_EQ(workbook_limits{}.max_rows, process.rows);

    // The process default, as the CLI sets it after reading --limit.
    set_default_input_limits(with({{"rows", "42"}}));
    std::uint64_t other_thread = 0;
    std::thread([&] { other_thread = workbook_limits{}.max_rows; }).join();
    EXPECT_EQ(other_thread, 42u);
    set_default_input_limits(process);
    EXPECT_EQ(workbook_limits{}.max_rows, process.rows);
}

// Each workbook limit stops the LibreOffice-saved fixture (3 sheets; KPI's has 7 columns, 5 rows)
// with a limit error that says where and names the limit to raise.
TEST(Limits, EachWorkbookLimitStopsALibreOfficeFileAndNamesItself) {
    struct probe {
        const char* name;
        const char* value;
        const char* message;
        const char* where;  // "" when the error is about the whole part
    };
    const probe probes[] = {
        {"rows", "3", "row 4 is beyond the limit of 3 rows", "'KPI''s'!A4"},
        {"columns", "3", "column D is beyond the limit of 3 columns", "'KPI''s'!D1"},
        {"sheets", "2", "the workbook has 3 sheets, more than the limit of 2", ""},
        {"cells", "10", "the sheet has more than 10 cells (limit)", ""},
        {"shared_strings", "2", "more than 2 shared strings (limit)", ""},
        {"entries", "3", "entries, more than the limit of 3", ""},
    };
    const std::string kpi = test::fixture("xlsx/kpi.xlsx");
    read_everything(kpi);  // within the defaults
    for (const auto& p : probes) {
        SCOPED_TRACE(p.name);
        const scoped_input_limits scope(with({{p.name, p.value}}));
        const error e = test::catch_error([&] { read_everything(kpi); });
        EXPECT_EQ(e.category(), error_category::limit);
        EXPECT_EQ(e.where().file, kpi);
        EXPECT_NE(e.message().find(p.message), std::string::npos) << e.message();
        if (*p.where) {
            EXPECT_EQ(e.where().where, p.where);
        }
        EXPECT_NE(e.hint().find(std::string("--limit ") + p.name + "=N"), std::string::npos) << e.hint();
    }
}

// The package and XML limits, on hand-made workbooks big or deep enough to reach them.
TEST(Limits, PackageAndXmlLimitsStopBigOrDeepParts) {
    const test::temp_dir tmp;
    const std::string row_text = incompressible(1536 * 1024);  // 1.5 MiB in one shared string
    test::workbook_spec spec;
    spec.sheets.emplace_back("Blad1", test::worksheet_xml(R"(<row r="1"><c r="A1" t="s"><v>0</v></c></row>)"));
    spec.shared_strings = test::shared_strings_xml({row_text});
    const std::string big = tmp.write("groot.xlsx", test::make_zip(test::workbook_entries(spec)));
    read_everything(big);

    struct probe {
        const char* name;
        const char* value;
        const char* message;
    };
    const probe probes[] = {
        {"part_mb", "1", "bytes uncompressed, over the limit of 1048576"},
        {"total_mb", "1", "the parts add up to more than 1048576 bytes uncompressed"},
        {"string_mb", "1", "a text or attribute value of more than 1048576 bytes (limit)"},
    };
    for (const auto& p : probes) {
        SCOPED_TRACE(p.name);
        const scoped_input_limits scope(with({{p.name, p.value}}));
        const error e = test::catch_error([&] { read_everything(big); });
        EXPECT_EQ(e.category(), error_category::limit);
        EXPECT_NE(e.message().find(p.message), std::string::npos) << e.message();
        EXPECT_NE(e.hint().find(std::string(p.name)), std::string::npos) << e.hint();
    }

    // 2 MiB of one repeated row (no r attributes, so every row is the same bytes) compresses far
    // better than 10:1, and less well than the default 1000:1.
    std::string rows;
    while (rows.size() < 2 * mib) rows += "<row><c><v>1</v></c></row>";
    test::workbook_spec packed;
    packed.sheets.emplace_back("Blad1", test::worksheet_xml(rows));
    const std::string bomb = tmp.write("ingepakt.xlsx", test::make_zip(test::workbook_entries(packed)));
    read_everything(bomb);
    {
        const scoped_input_limits scope(with({{"compression_ratio", "10"}}));
        const error e = test::catch_error([&] { read_everything(bomb); });
        EXPECT_EQ(e.category(), error_category::limit);
        EXPECT_EQ(e.message(), "compression ratio over 10:1 (a ZIP bomb?)");
        EXPECT_EQ(e.where().part, "xl/worksheets/sheet1.xml");
        EXPECT_NE(e.hint().find("--limit compression_ratio=N"), std::string::npos) << e.hint();
    }

    // 20 nested elements inside a cell's extension list: within the default, over a limit of 16.
    std::string deep = "<row r=\"1\"><c r=\"A1\"><v>1</v><extLst>";
    for (int i = 0; i < 20; ++i) deep += "<ext>";
    for (int i = 0; i < 20; ++i) deep += "</ext>";
    deep += "</extLst></c></row>";
    test::workbook_spec nested;
    nested.sheets.emplace_back("Blad1", test::worksheet_xml(deep));
    const std::string deep_file = tmp.write("diep.xlsx", test::make_zip(test::workbook_entries(nested)));
    read_everything(deep_file);
    {
        const scoped_input_limits scope(with({{"xml_depth", "16"}}));
        const error e = test::catch_error([&] { read_everything(deep_file); });
        EXPECT_EQ(e.category(), error_category::limit);
        EXPECT_EQ(e.message(), "elements nested deeper than 16 levels (limit)");
        EXPECT_NE(e.hint().find("--limit xml_depth=N"), std::string::npos) << e.hint();
    }
}

TEST(Limits, CsvSizeAndTemplateExpansionComeFromTheDefaults) {
    const test::temp_dir tmp;
    std::string csv = "Datum;KPI;Waarde\n";
    while (csv.size() < 2 * mib) csv += "2026-11-23;Wachttijd;3,2\n";
    const std::string path = tmp.write("metingen.csv", csv);
    EXPECT_GT(read_csv(path).rows.size(), 1000u);
    {
        const scoped_input_limits scope(with({{"csv_mb", "1"}}));
        const error e = test::catch_error([&] { (void)read_csv(path); });
        EXPECT_EQ(e.category(), error_category::limit);
        EXPECT_EQ(e.message(), "the file is larger than the limit of 1048576 bytes");
        EXPECT_NE(e.hint().find("--limit csv_mb=N"), std::string::npos) << e.hint();
    }

    const std::string p = "<w:p><w:r><w:t>";
    const std::string q = "</w:t></w:r></w:p>";
    const docx_template t =
        docx_template::from_buffer(test::make_docx(p + "{{#rijen}}" + q + p + "{{naam}}" + q + p + "{{/rijen}}" + q), "lijst.docx");
    nlohmann::json rows = nlohmann::json::array();
    for (int i = 0; i < 30; ++i) rows.push_back({{"naam", "n" + std::to_string(i)}});
    EXPECT_NE(test::docx_text(t.fill({{"rijen", rows}}).docx).find("n29"), std::string::npos);
    const scoped_input_limits scope(with({{"template_paragraphs", "20"}}));
    const error e = test::catch_error([&] { (void)t.fill({{"rijen", rows}}); });
    EXPECT_EQ(e.category(), error_category::limit);
    EXPECT_EQ(e.message(), "the template's sections would write more than 20 paragraphs (limit); {{#rijen}} repeats for every item of \"rijen\"");
}

TEST(Limits, KibTomlSetsEveryLimitByItsName) {
    const test::temp_dir tmp;
    const std::string toml = tmp.write("kib.toml",
                                       "[watch]\njobs = 2\n\n[limits]\nrows = 1000\npart_mb = 64\ncompression_ratio = 200\n"
                                       "template_paragraphs = 5000\nseconds_per_file = 30\nsheets = \"12\"\n");
    const drop_config c = load_drop_config(toml);
    EXPECT_EQ(c.limits.rows, 1000u);
    EXPECT_EQ(c.limits.part_bytes, 64 * mib);
    EXPECT_DOUBLE_EQ(c.limits.compression_ratio, 200.0);
    EXPECT_EQ(c.limits.template_paragraphs, 5000u);
    EXPECT_EQ(c.limits.seconds_per_file, 30u);
    EXPECT_EQ(c.limits.sheets, 12u);
    EXPECT_EQ(c.limits.columns, default_input_limits().columns);  // not named: the default

    const std::string bad = tmp.write("fout.toml", "[limits]\nrows = 10\nrijen = 5\n");
    error e = test::catch_error([&] { (void)load_drop_config(bad); });
    EXPECT_EQ(e.category(), error_category::bad_input);
    EXPECT_EQ(e.where().file, bad);
    EXPECT_EQ(e.where().line, 3u);
    EXPECT_EQ(e.where().where, "[limits] rijen");
    EXPECT_EQ(e.message(), "there is no limit called 'rijen'");

    const std::string fraction = tmp.write("breuk.toml", "[limits]\nrows = 2.5\n");
    e = test::catch_error([&] { (void)load_drop_config(fraction); });
    EXPECT_EQ(e.message(), "'rows' must be a whole number");
    EXPECT_EQ(e.where().line, 2u);
}

TEST(Limits, TheCliTakesLimitsBeforeOrAfterTheCommand) {
    const std::string kpi = test::fixture("xlsx/kpi.xlsx");
    auto r = test::run_kib({"--limit", "rows=3", "inspect", kpi, "--cells"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("'KPI''s'!A4: row 4 is beyond the limit of 3 rows (if the file is genuine, raise the limit: "
                         "--limit rows=N on the command line"),
              std::string::npos)
        << r.err;
    r = test::run_kib({"inspect", kpi, "--cells", "--limit", "rows=5", "--limit", "columns=7"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    r = test::run_kib({"inspect", kpi, "--limit", "rijen=5"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("kib: --limit: rijen=5: there is no limit called 'rijen'"), std::string::npos) << r.err;
    // The limits are listed once, by `kib limits`, not in every command's help.
    r = test::run_kib({"limits"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("template_paragraphs"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("seconds_per_file"), std::string::npos) << r.out;
    for (const char* cmd : {"inspect", "score", "watch"}) {
        r = test::run_kib({cmd, "--help"});
        EXPECT_EQ(r.out.find("template_paragraphs"), std::string::npos) << r.out;
    }
}

// The drop folder's [limits] reach the job, which runs in a kib process of its own; --limit on
// the watch command wins over kib.toml.
TEST(Limits, TheDropFolderJobProcessReadsWithTheFolderLimits) {
    const test::temp_dir tmp;
    const std::filesystem::path dir = tmp.path();
    std::filesystem::create_directories(dir / "inbox");
    std::filesystem::copy_file(std::string(KIB_SAMPLES) + "/programma.xlsx", dir / "inbox" / "programma.xlsx");
    std::ofstream(dir / "kib.toml") << "language = \"en\"\n[watch]\nstable_seconds = 0\n\n[programme]\nreference_date = \"2026-11-23\"\n\n"
                                       "[limits]\nrows = 3\nseconds_per_file = 60\n";
    auto r = test::run_kib({"watch", dir.string(), "--once"});
    EXPECT_EQ(r.exit_code, 3) << r.err;  // --once: a failed file is exit code 3
    EXPECT_NE(r.out.find("0 processed, 1 failed"), std::string::npos) << r.out;
    const std::string why = test::read_file((dir / "failed" / "programma.xlsx.error.txt").string());
    EXPECT_NE(why.find("is beyond the limit of 3 rows"), std::string::npos) << why;
    EXPECT_NE(why.find("rows = N under [limits] in kib.toml"), std::string::npos) << why;

    std::filesystem::rename(dir / "failed" / "programma.xlsx", dir / "inbox" / "programma.xlsx");
    r = test::run_kib({"watch", dir.string(), "--once", "--limit", "rows=100000"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("1 processed, 0 failed"), std::string::npos) << r.out;
    EXPECT_TRUE(std::filesystem::exists(dir / "outbox" / "programme" / "programma - KPI-stand 2026-11-23.txt"));
}

}  // namespace
}  // namespace kib
