// Hostile files (issue 8): comment ranges that never close, XML nested past the depth limit,
// one enormous string, a template loop that would explode, a drop-folder job that runs too long.
// Each must end in a correct read or a kib::error(limit) naming file, part and place.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "docx_test_support.hpp"
#include "engine/drop/drop_config.hpp"
#include "engine/drop/watch.hpp"
#include "readers/docx_comments.hpp"
#include "readers/error.hpp"
#include "readers/package.hpp"
#include "readers/xlsx.hpp"
#include "readers/xml_pull.hpp"
#include "test_util.hpp"
#include "writers/docx_template.hpp"

namespace kib {
namespace {

constexpr const char* wml = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

std::string nested(const std::string& open, const std::string& close, int levels, const std::string& inner = {}) {
    std::string s;
    for (int i = 0; i < levels; ++i) s += open;
    s += inner;
    for (int i = 0; i < levels; ++i) s += close;
    return s;
}

// A .docx with a body and a comments part (both under word/, found through relationships).
std::string docx_with_comments(const std::string& body, const std::string& comments) {
    const std::string ct =
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
        "<Override PartName=\"/word/comments.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml\"/>"
        "</Types>";
    const std::string root_rels =
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
        "Target=\"word/document.xml\"/></Relationships>";
    const std::string doc_rels =
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments\" "
        "Target=\"comments.xml\"/></Relationships>";
    return test::make_zip({{"[Content_Types].xml", ct},
                           {"_rels/.rels", root_rels},
                           {"word/_rels/document.xml.rels", doc_rels},
                           {"word/document.xml", std::string("<w:document xmlns:w=\"") + wml + "\"><w:body>" + body + "</w:body></w:document>"},
                           {"word/comments.xml", std::string("<w:comments xmlns:w=\"") + wml + "\">" + comments + "</w:comments>"}});
}

std::string comment(const std::string& id, const std::string& text) {
    return "<w:comment w:id=\"" + id + "\" w:author=\"Marieke\"><w:p><w:r><w:t>" + text + "</w:t></w:r></w:p></w:comment>";
}

std::string para(const std::string& inner) { return "<w:p>" + inner + "</w:p>"; }
std::string run(const std::string& text) { return "<w:r><w:t xml:space=\"preserve\">" + text + "</w:t></w:r>"; }

// ---- comment ranges that never close ---------------------------------------------------------

TEST(HostileDocx, CommentRangesThatNeverCloseReadWithDefinedAnchors) {
    // Comment 1 starts and is never ended; comment 2 ends without a start; comment 3 is normal
    // and sits between them, so the open range of 1 must not swallow or break it.
    const std::string body =
        para(run("Inleiding ") + "<w:commentRangeStart w:id=\"1\"/>" + run("open tot het eind") +
             "<w:r><w:commentReference w:id=\"1\"/></w:r>") +
        para("<w:commentRangeStart w:id=\"3\"/>" + run("netjes") + "<w:commentRangeEnd w:id=\"3\"/>" +
             "<w:r><w:commentReference w:id=\"3\"/></w:r>") +
        para(run("zonder begin") + "<w:commentRangeEnd w:id=\"2\"/><w:r><w:commentReference w:id=\"2\"/></w:r>") +
        para(run("slot"));
    const std::string docx = docx_with_comments(body, comment("1", "een") + comment("2", "twee") + comment("3", "drie"));
    const docx::review_marks m = docx::read_review_marks(package::open_buffer(docx, "open-ranges.docx"));
    ASSERT_EQ(m.comments.size(), 3u);
    EXPECT_EQ(m.comments[0].id, "1");
    EXPECT_EQ(m.comments[0].text, "een");
    EXPECT_EQ(m.comments[0].anchor, "open tot het eind\nnetjes\nzonder begin\nslot");
    EXPECT_EQ(m.comments[0].story, docx::story_kind::body);
    EXPECT_EQ(m.comments[1].id, "2");
    EXPECT_EQ(m.comments[1].anchor, "");  // an end without a start anchors at a point
    EXPECT_EQ(m.comments[1].story, docx::story_kind::body);
    EXPECT_EQ(m.comments[2].id, "3");
    EXPECT_EQ(m.comments[2].anchor, "netjes");
}

TEST(HostileDocx, ManyRangesThatNeverCloseAreBoundedByTheAnchorLimit) {
    // 100 ranges open at once, then 200 bytes of text: every range holds a copy (20,000 bytes).
    std::string starts;
    for (int i = 0; i < 100; ++i) starts += "<w:commentRangeStart w:id=\"" + std::to_string(i) + "\"/>";
    const std::string xml = std::string("<w:document xmlns:w=\"") + wml + "\"><w:body>\n" + para(starts) + "\n" +
                            para(run(std::string(200, 'z'))) + "</w:body></w:document>";
    docx::story_context ctx;
    ctx.max_anchor_text = 20000;
    const docx::story_marks ok = docx::scan_story(xml, docx::story_kind::body, ctx);
    ASSERT_EQ(ok.anchors.size(), 100u);
    EXPECT_EQ(ok.anchors.at("99").text, std::string(200, 'z'));
    ctx.max_anchor_text = 19999;
    const error e = test::catch_error([&] { (void)docx::scan_story(xml, docx::story_kind::body, ctx); });
    EXPECT_EQ(e.category(), error_category::limit);
    EXPECT_EQ(e.message(), "the comments' anchored text adds up to more than 19999 bytes (limit); many comment ranges overlap or never close");
    EXPECT_EQ(e.where().line, 3u);
}

// ---- XML nesting depth -----------------------------------------------------------------------

TEST(HostileXml, PreScanNamesLineAndColumnAndSkipsCommentsCdataAndQuotes) {
    xml::limits lim;
    lim.max_depth = 3;
    lim.max_value_size = 8;
    // Markup-like bytes inside comments, CDATA, PIs and attribute values do not count.
    EXPECT_NO_THROW(xml::check_limits("<?xml version=\"1.0\"?><a><!-- <b><c><d> --><b x=\"&lt;c>\"><c/><c>12345678</c></b></a>", lim));
    error e = test::catch_error([&] { xml::check_limits("<a>\n<b>\n  <c><d/><d></d></c></b></a>", lim); });
    EXPECT_EQ(e.category(), error_category::limit);
    EXPECT_EQ(e.message(), "elements nested deeper than 3 levels (limit)");
    EXPECT_EQ(e.where().line, 3u);
    EXPECT_EQ(e.where().column, 10u);
    e = test::catch_error([&] { xml::check_limits("<a><b v=\"123456789\"/></a>", lim); });
    EXPECT_EQ(e.category(), error_category::limit);
    EXPECT_EQ(e.message(), "a text or attribute value of more than 8 bytes (limit)");
    e = test::catch_error([&] { xml::check_limits("<a><![CDATA[123456789]]></a>", lim); });
    EXPECT_EQ(e.message(), "a text or attribute value of more than 8 bytes (limit)");
    e = test::catch_error([&] { xml::check_limits("<a>123456789</a>", lim); });
    EXPECT_EQ(e.message(), "a text or attribute value of more than 8 bytes (limit)");
    EXPECT_EQ(e.where().column, 4u);
}

TEST(HostileXlsx, SheetNestedPastTheDepthLimitIsALimitErrorInThatPart) {
    // 300 levels inside an extension list: kib streams the sheet, so the pull parser stops it.
    const std::string deep = nested("<x:e>", "</x:e>", 300);
    test::workbook_spec spec;
    spec.sheets.emplace_back("KPI's", test::worksheet_xml("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>",
                                                          "<extLst xmlns:x=\"urn:x\"><ext uri=\"x\">" + deep + "</ext></extLst>"));
    const std::string zip = test::make_zip(test::workbook_entries(spec));
    const workbook wb = workbook::open(package::open_buffer(zip, "diep.xlsx"));
    error e = test::catch_error([&] { (void)wb.read_rows(wb.sheet("KPI's")); });
    EXPECT_EQ(e.category(), error_category::limit);
    EXPECT_EQ(e.message(), "elements nested deeper than 256 levels (limit)");
    EXPECT_EQ(e.where().file, "diep.xlsx");
    EXPECT_EQ(e.where().part, "xl/worksheets/sheet1.xml");
    EXPECT_EQ(e.where().line, 2u);  // after the XML declaration's line
    // worksheet, extLst and ext are three levels: the 254th <x:e> is the 257th, after 253 five-byte tags.
    std::string before_deep = test::worksheet_xml("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>",
                                                  "<extLst xmlns:x=\"urn:x\"><ext uri=\"x\">");
    before_deep.resize(before_deep.size() - std::string("</worksheet>").size());
    EXPECT_EQ(e.where().column, before_deep.size() - (before_deep.find('\n') + 1) + 253 * 5 + 1);

    // The limit is configurable: raised, the same file reads.
    workbook_limits raised;
    raised.package.xml.max_depth = 400;
    const workbook ok = workbook::open(package::open_buffer(zip, "diep.xlsx", raised.package), raised);
    const std::vector<row> rows = ok.read_rows(ok.sheet("KPI's"));
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].cells[0].value.number, 1.0);
}

TEST(HostileXlsx, WorkbookPartNestedPastTheLimitIsRefusedWhenRead) {
    test::workbook_spec spec;
    spec.sheets.emplace_back("Blad1", test::worksheet_xml(""));
    std::vector<test::zip_entry> entries = test::workbook_entries(spec);
    for (auto& en : entries) {
        if (en.name != "xl/workbook.xml") continue;
        const std::size_t at = en.data.rfind("</workbook>");
        ASSERT_NE(at, std::string::npos);
        en.data.insert(at, "<extLst>" + nested("<ext>", "</ext>", 257) + "</extLst>");
    }
    const error e = test::catch_error([&] { (void)workbook::open(package::open_buffer(test::make_zip(entries), "boek.xlsx")); });
    EXPECT_EQ(e.category(), error_category::limit);
    EXPECT_EQ(e.message(), "elements nested deeper than 256 levels (limit)");
    EXPECT_EQ(e.where().file, "boek.xlsx");
    EXPECT_EQ(e.where().part, "xl/workbook.xml");
    EXPECT_NE(e.hint().find("--limit xml_depth=N"), std::string::npos) << e.hint();
}

TEST(HostileDocx, DocumentNestedPastTheLimitIsALimitErrorForCommentsAndTemplates) {
    const std::string body = para(nested("<w:hyperlink>", "</w:hyperlink>", 400, run("{{naam}}")));
    const std::string docx = docx_with_comments(body, comment("1", "een"));
    error e = test::catch_error([&] { (void)docx::read_review_marks(package::open_buffer(docx, "diep.docx")); });
    EXPECT_EQ(e.category(), error_category::limit);
    EXPECT_EQ(e.message(), "elements nested deeper than 256 levels (limit)");
    EXPECT_EQ(e.where().file, "diep.docx");
    EXPECT_EQ(e.where().part, "word/document.xml");
    EXPECT_EQ(e.where().line, 1u);

    // The template engine parses with pugixml (a DOM it then walks): the same check stops it first.
    e = test::catch_error([&] { (void)docx_template::from_buffer(docx, "diep-sjabloon.docx"); });
    EXPECT_EQ(e.category(), error_category::limit);
    EXPECT_EQ(e.where().file, "diep-sjabloon.docx");
    EXPECT_EQ(e.where().part, "word/document.xml");
    EXPECT_EQ(e.message(), "elements nested deeper than 256 levels (limit)");
}

// ---- one enormous string ---------------------------------------------------------------------

TEST(HostileXlsx, HugeSharedStringIsALimitErrorButLongOnesRead) {
    // 40,000 characters: over Excel's own cell limit (32,767) and still read by default.
    const std::string long_text(40000, 'x');
    test::workbook_spec spec;
    spec.sheets.emplace_back("Blad1", test::worksheet_xml("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"));
    spec.shared_strings = test::shared_strings_xml({long_text});
    const std::string zip = test::make_zip(test::workbook_entries(spec));
    {
        const workbook wb = workbook::open(package::open_buffer(zip, "lang.xlsx"));
        const std::vector<row> rows = wb.read_rows(wb.sheet("Blad1"));
        ASSERT_EQ(rows.size(), 1u);
        EXPECT_EQ(rows[0].cells[0].value.text, long_text);
    }
    // With the value limit below it, the streamed shared-string part stops with a limit error.
    workbook_limits small;
    small.package.xml.max_value_size = 30000;
    error e = test::catch_error([&] { (void)workbook::open(package::open_buffer(zip, "lang.xlsx", small.package), small); });
    EXPECT_EQ(e.category(), error_category::limit);
    EXPECT_EQ(e.message(), "a text or attribute value of more than 30000 bytes (limit)");
    EXPECT_EQ(e.where().file, "lang.xlsx");
    EXPECT_EQ(e.where().part, "xl/sharedStrings.xml");
    EXPECT_NE(e.hint().find("--limit string_mb=N"), std::string::npos) << e.hint();

    // Rich text: runs of 20,000 bytes each, together over the limit.
    const std::string rich = std::string("<sst xmlns=\"") + test::sml_ns + "\"><si><r><t>" + std::string(20000, 'a') +
                             "</t></r><r><t>" + std::string(20000, 'b') + "</t></r></si></sst>";
    spec.shared_strings = rich;
    const std::string rich_zip = test::make_zip(test::workbook_entries(spec));
    e = test::catch_error([&] { (void)workbook::open(package::open_buffer(rich_zip, "rijk.xlsx", small.package), small); });
    EXPECT_EQ(e.category(), error_category::limit);
    EXPECT_EQ(e.message(), "a shared string of more than 30000 bytes (limit)");
    EXPECT_EQ(e.where().part, "xl/sharedStrings.xml");
}

TEST(HostileXlsx, HugeInlineStringInAStreamedSheetStopsBeforeTheWindowGrows) {
    const std::string text(3u << 20, 'y');  // 3 MiB in one cell
    test::workbook_spec spec;
    spec.sheets.emplace_back("Blad1", test::worksheet_xml("<row r=\"1\"><c r=\"B1\" t=\"inlineStr\"><is><t>" + text + "</t></is></c></row>"));
    const std::string zip = test::make_zip(test::workbook_entries(spec));
    workbook_limits small;
    small.package.xml.max_value_size = 1u << 20;
    const workbook wb = workbook::open(package::open_buffer(zip, "inline.xlsx", small.package), small);
    const error e = test::catch_error([&] { (void)wb.read_rows(wb.sheet("Blad1")); });
    EXPECT_EQ(e.category(), error_category::limit);
    EXPECT_EQ(e.message(), "a text or attribute value of more than 1048576 bytes (limit)");
    EXPECT_EQ(e.where().file, "inline.xlsx");
    EXPECT_EQ(e.where().part, "xl/worksheets/sheet1.xml");
}

// ---- template loop expansion -----------------------------------------------------------------

nlohmann::json items(int n) {
    nlohmann::json a = nlohmann::json::array();
    for (int i = 0; i < n; ++i) a.push_back({{"naam", "n" + std::to_string(i)}});
    return a;
}

TEST(HostileTemplate, LoopOverTheParagraphLimitIsALimitErrorNamingTheSection) {
    const std::string body = para(run("{{#rijen}}")) + para(run("{{naam}}")) + para(run("{{/rijen}}"));
    const docx_template t = docx_template::from_buffer(test::make_docx(body), "lijst.docx");
    fill_options opt;
    opt.max_paragraphs = 100;
    // 100 items of one paragraph each: exactly at the limit.
    const fill_result ok = t.fill({{"rijen", items(100)}}, opt);
    EXPECT_NE(test::docx_text(ok.docx).find("n99"), std::string::npos);
    const error e = test::catch_error([&] { (void)t.fill({{"rijen", items(101)}}, opt); });
    EXPECT_EQ(e.category(), error_category::limit);
    EXPECT_EQ(e.where().file, "lijst.docx");
    EXPECT_EQ(e.where().part, "doc/main.xml");
    EXPECT_EQ(e.where().where, "doc/main.xml, paragraph 1");
    EXPECT_EQ(e.message(), "the template's sections would write more than 100 paragraphs (limit); {{#rijen}} repeats for every item of \"rijen\"");
    EXPECT_NE(e.hint().find("--limit template_paragraphs=N"), std::string::npos) << e.hint();
}

TEST(HostileTemplate, NestedLoopsMultiplyAndAreStoppedByTheDefaultLimit) {
    // 400 x 400 one-paragraph items = 160,000 paragraphs, over the default of 100,000.
    const std::string body = para(run("{{#a}}")) + para(run("{{#b}}")) + para(run("{{naam}}")) + para(run("{{/b}}")) +
                             para(run("{{/a}}"));
    const docx_template t = docx_template::from_buffer(test::make_docx(body), "genest.docx");
    nlohmann::json outer = nlohmann::json::array();
    for (int i = 0; i < 400; ++i) outer.push_back({{"b", items(400)}});
    const error e = test::catch_error([&] { (void)t.fill({{"a", outer}}); });
    EXPECT_EQ(e.category(), error_category::limit);
    EXPECT_EQ(e.message(), "the template's sections would write more than 100000 paragraphs (limit); {{#b}} repeats for every item of \"b\"");
    EXPECT_EQ(e.where().part, "doc/main.xml");
}

TEST(HostileTemplate, DamagedPartThatWouldBeCopiedRawIsRefusedWhenTheTemplateIsRead) {
    // Found by the template fuzz target: a part the engine copies raw (here a stored
    // word/extra.xml) with a broken CRC made every filled document unreadable.
    const std::string doc = std::string("<w:document xmlns:w=\"") + wml + "\"><w:body>" + para(run("{{naam}}")) + "</w:body></w:document>";
    const std::string ct =
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
        "</Types>";
    const std::string rels =
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
        "Target=\"word/document.xml\"/></Relationships>";
    std::string zip = test::make_zip({{"[Content_Types].xml", ct},
                                      {"_rels/.rels", rels},
                                      {"word/document.xml", doc},
                                      {"word/extra.xml", "<extra>ongeschonden</extra>", /*deflate=*/false}});
    const docx_template good = docx_template::from_buffer(zip, "sjabloon.docx");
    EXPECT_NE(test::docx_text(good.fill({{"naam", "Anna"}}).docx, "word/document.xml").find("Anna"), std::string::npos);

    const std::size_t at = zip.find("ongeschonden");
    ASSERT_NE(at, std::string::npos);
    zip[at] = 'O';
    const error e = test::catch_error([&] { (void)docx_template::from_buffer(zip, "sjabloon.docx"); });
    EXPECT_EQ(e.category(), error_category::bad_input);
    EXPECT_EQ(e.where().file, "sjabloon.docx");
    EXPECT_EQ(e.where().part, "word/extra.xml");
    EXPECT_NE(e.message().find("CRC"), std::string::npos) << e.message();
}

// ---- time per file in the drop folder --------------------------------------------------------

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

struct DropLimits : ::testing::Test {
    std::filesystem::path dir;
    void SetUp() override {
        dir = std::filesystem::temp_directory_path() /
              ("kib-hostile-" + std::to_string(::getpid()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir / "inbox");
    }
    void TearDown() override { std::filesystem::remove_all(dir); }
    void put(const std::string& name, const std::string& data) const { std::ofstream(dir / "inbox" / name, std::ios::binary) << data; }
    // A single pass over the inbox that gives each file one second.
    watch_options one_second_per_file() const {
        watch_options o;
        o.dir = dir;
        o.once = true;
        o.stable_for = std::chrono::milliseconds(50);
        o.poll_interval = std::chrono::milliseconds(20);
        o.seconds_per_file = std::chrono::seconds(1);
        return o;
    }
};

// Files named "slow*" never finish, "crash*" die of a signal, others are copied to the outbox.
job_kind stubborn_job() {
    job_kind k;
    k.name = "copy";
    k.accepts = [](const std::filesystem::path&, const std::string&) { return true; };
    k.run = [](job_context& ctx) {
        std::ofstream(ctx.out_dir / (ctx.name + ".half"), std::ios::binary) << "half";
        if (ctx.name.rfind("slow", 0) == 0) {
            for (;;) std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        if (ctx.name.rfind("crash", 0) == 0) std::abort();  // not SIGSEGV: AddressSanitizer would catch that and exit with status 1
        std::filesystem::remove(ctx.out_dir / (ctx.name + ".half"));
        ctx.warnings.push_back("copied " + ctx.name);
        std::filesystem::copy_file(ctx.input, ctx.out_dir / ctx.name);
    };
    return k;
}

TEST_F(DropLimits, JobOverTheTimeLimitFailsWithTheMessageAndTheWatcherGoesOn) {
    put("slow.txt", "traag");
    put("crash.txt", "boem");
    put("goed.txt", "snel");
    watch_options o = one_second_per_file();
    std::ostringstream log;
    const watch_stats s = watch(o, {stubborn_job()}, log);
    EXPECT_EQ(s.processed, 1);
    EXPECT_EQ(s.failed, 2);

    const std::string why = slurp(dir / "failed" / "slow.txt.error.txt");
    EXPECT_NE(why.find("slow.txt: kib stopped working on the file after 1 seconds: it takes longer than the drop folder allows (limit)"),
              std::string::npos) << why;
    EXPECT_NE(why.find("raise seconds_per_file under [limits] in kib.toml"), std::string::npos) << why;
    const std::string crash = slurp(dir / "failed" / "crash.txt.error.txt");
    EXPECT_NE(crash.find("internal error in kib (please report): the job stopped with signal 6"), std::string::npos) << crash;

    // The good file went through the child and back: its output and its warning arrived.
    EXPECT_EQ(slurp(dir / "outbox" / "copy" / "goed.txt"), "snel");
    EXPECT_FALSE(std::filesystem::exists(dir / "outbox" / "copy" / "slow.txt.half"));
    int failed_lines = 0, warned = 0;
    std::istringstream lines(slurp(dir / "jobs.jsonl"));
    for (std::string line; std::getline(lines, line);) {
        const nlohmann::json j = nlohmann::json::parse(line);
        if (j["outcome"] == "failed") ++failed_lines;
        if (j.contains("warnings") && j["warnings"] == nlohmann::json::array({"copied goed.txt"})) ++warned;
        EXPECT_EQ(j["kind"], "copy");
    }
    EXPECT_EQ(failed_lines, 2);
    EXPECT_EQ(warned, 1);
    EXPECT_TRUE(std::filesystem::is_empty(dir / ".kib" / "work"));
}

TEST_F(DropLimits, SecondsPerFileComesFromKibToml) {
    std::ofstream(dir / "kib.toml") << "[limits]\nseconds_per_file = 7\n";
    EXPECT_EQ(load_drop_config(dir / "kib.toml").limits.seconds_per_file, 7u);
    EXPECT_EQ(drop_config{}.limits.seconds_per_file, 120u);  // on by default: the CLI runs each job in a kib of its own
    std::ofstream(dir / "kib.toml") << "[limits]\nseconds_per_file = -1\n";
    error e = test::catch_error([&] { (void)load_drop_config(dir / "kib.toml"); });
    EXPECT_EQ(e.category(), error_category::bad_input);
    EXPECT_EQ(e.message(), "the limit seconds_per_file must be a whole number from 0 to 86400, not \"-1\"");
    EXPECT_EQ(e.where().line, 2u);
    EXPECT_EQ(e.where().where, "[limits] seconds_per_file");
    std::ofstream(dir / "kib.toml") << "[limits]\nsecond_per_file = 5\n";
    e = test::catch_error([&] { (void)load_drop_config(dir / "kib.toml"); });
    EXPECT_EQ(e.message(), "there is no limit called 'second_per_file'");
    EXPECT_NE(e.hint().find("seconds_per_file"), std::string::npos);
}

// With a job command (what `kib watch` uses: a fresh `kib _job`), the job is a program of its
// own. A command that never ends is killed at the limit; one that ends without its report is
// an internal error; neither leaves anything in the work folder, and the watcher goes on.
TEST_F(DropLimits, AJobCommandIsStartedAsAProgramAndKilledWhenItOverruns) {
    put("slow.txt", "traag");
    watch_options o = one_second_per_file();
    o.job_command = {"/bin/sh", "-c", "exec sleep 60", "job"};
    std::ostringstream log;
    watch_stats s = watch(o, {stubborn_job()}, log);
    EXPECT_EQ(s.failed, 1);
    const std::string why = slurp(dir / "failed" / "slow.txt.error.txt");
    EXPECT_NE(why.find("kib stopped working on the file after 1 seconds"), std::string::npos) << why;
    EXPECT_NE(why.find("--limit seconds_per_file=N"), std::string::npos) << why;
    EXPECT_TRUE(std::filesystem::is_empty(dir / ".kib" / "work"));

    put("stil.txt", "zwijgt");
    o.job_command = {"/bin/true"};
    s = watch(o, {stubborn_job()}, log);
    EXPECT_EQ(s.failed, 1);
    const std::string silent = slurp(dir / "failed" / "stil.txt.error.txt");
    EXPECT_NE(silent.find("internal error in kib (please report): the job ended (exit status 0) without saying how it went"),
              std::string::npos) << silent;

    put("weg.txt", "nergens");
    o.job_command = {"/nonexistent/kib"};
    s = watch(o, {stubborn_job()}, log);
    EXPECT_EQ(s.failed, 1);
    const std::string missing = slurp(dir / "failed" / "weg.txt.error.txt");
    EXPECT_NE(missing.find("kib could not start the job (/nonexistent/kib)"), std::string::npos) << missing;
    EXPECT_TRUE(std::filesystem::is_empty(dir / ".kib" / "work"));
}

}  // namespace
}  // namespace kib
