// Tests of kib::docx_template (kib fill): tag parsing across runs, sections, checkboxes, parts,
// escaping, errors, fixtures made by pandoc and LibreOffice, and rendering by LibreOffice.
#include "writers/docx_template.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <thread>

#include "readers/error.hpp"
#include "tests/docx_test_support.hpp"

namespace kib {
namespace {

using nlohmann::json;
using test::docx_text;
using test::make_docx;
using test::read_part;

std::string p(const std::string& text) { return "<w:p><w:r><w:t xml:space=\"preserve\">" + text + "</w:t></w:r></w:p>"; }

std::string fill_doc(const std::string& docx, const json& data, const fill_options& o = {}) {
    return docx_template::from_buffer(docx, "t.docx").fill(data, o).docx;
}

std::string error_of(const std::string& docx, const json& data) {
    try {
        fill_doc(docx, data);
    } catch (const error& e) {
        return e.message();
    }
    return "(no error)";
}

// ---- tags split over runs ---------------------------------------------------------------

// Every way to cut "A{{naam}}B" into 2 or 3 runs, with each kind of thing Word puts between
// the pieces; the value must appear once, with the formatting of the run where "{{" starts.
TEST(DocxTemplate, TagSplitAtEveryPositionWithEveryKindOfSeparator) {
    const std::string text = "A{{naam}}B";
    const std::vector<std::string> modes = {"plain", "proofErr", "bookmark", "rsid", "ins", "del"};
    std::vector<std::vector<std::size_t>> cuts;
    for (std::size_t i = 1; i < text.size(); ++i) {
        cuts.push_back({i});
        for (std::size_t j = i + 1; j < text.size(); ++j) cuts.push_back({i, j});
    }
    int cases = 0;
    for (const auto& mode : modes) {
        for (const auto& cut : cuts) {
            std::vector<std::string> pieces;
            std::size_t prev = 0;
            for (std::size_t c : cut) {
                pieces.push_back(text.substr(prev, c - prev));
                prev = c;
            }
            pieces.push_back(text.substr(prev));
            std::string para = "<w:p w:rsidR=\"00A1\"><w:pPr><w:pStyle w:val=\"Standaard\"/></w:pPr>";
            for (std::size_t k = 0; k < pieces.size(); ++k) {
                const std::string rsid = mode == "rsid" ? " w:rsidR=\"00B" + std::to_string(k) + "\" w:rsidRPr=\"00C" + std::to_string(k) + "\"" : "";
                std::string run = "<w:r" + rsid + "><w:rPr><w:sz w:val=\"" + std::to_string(20 + k) + "\"/></w:rPr><w:t>" + pieces[k] + "</w:t></w:r>";
                if (mode == "ins" && k % 2 == 1)
                    run = "<w:ins w:id=\"" + std::to_string(k) + "\" w:author=\"Jan\" w:date=\"2026-11-20T10:00:00Z\">" + run + "</w:ins>";
                if (k > 0) {
                    if (mode == "proofErr") para += "<w:proofErr w:type=\"spellStart\"/>";
                    if (mode == "bookmark") para += "<w:bookmarkStart w:id=\"" + std::to_string(k) + "\" w:name=\"bm" + std::to_string(k) + "\"/><w:bookmarkEnd w:id=\"" + std::to_string(k) + "\"/>";
                    if (mode == "del") para += "<w:del w:id=\"9" + std::to_string(k) + "\" w:author=\"Jan\"><w:r><w:delText>}}x{{</w:delText></w:r></w:del>";
                }
                para += run;
            }
            para += "</w:p>";
            const std::string out = fill_doc(make_docx(para), json{{"naam", "Wereld"}});
            const std::string xml = read_part(out, "doc/main.xml");
            SCOPED_TRACE(mode + " cut at " + std::to_string(cut[0]) + (cut.size() > 1 ? "," + std::to_string(cut[1]) : ""));
            std::string visible = test::part_text(xml);
            EXPECT_EQ(visible, "AWereldB");
            // the run holding "Wereld" carries the size of the run where the tag started (index of text[1])
            std::size_t start_run = 0;
            for (std::size_t c : cut)
                if (c <= 1) ++start_run;
            const std::regex re("<w:sz w:val=\"(\\d+)\"/></w:rPr><w:t xml:space=\"preserve\">Wereld</w:t>");
            std::smatch m;
            ASSERT_TRUE(std::regex_search(xml, m, re)) << xml;
            EXPECT_EQ(m[1].str(), std::to_string(20 + start_run));
            if (mode != "del") {
                EXPECT_EQ(xml.find("{{"), std::string::npos);  // deleted text keeps its braces
            }
            ++cases;
        }
    }
    EXPECT_EQ(cases, 6 * 45);
}

TEST(DocxTemplate, SeveralTagsInOneRunAndAcrossRuns) {
    const std::string para = "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>{{a}}-{{b}}-{{</w:t></w:r><w:r><w:t>c}}!</w:t><w:tab/><w:t>{{a}}</w:t></w:r></w:p>";
    const std::string out = fill_doc(make_docx(para), json{{"a", "1"}, {"b", "2"}, {"c", "3"}});
    EXPECT_EQ(docx_text(out), "1-2-3!\t1");
    const std::string xml = read_part(out, "doc/main.xml");
    EXPECT_NE(xml.find("<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">3</w:t></w:r>"), std::string::npos) << xml;
}

TEST(DocxTemplate, PrefixOtherThanWAndDefaultNamespace) {
    std::string body = p("Hallo {{naam}}");
    std::string docx = make_docx(body);
    // rewrite the main part with prefix "x" by building the package by hand
    const std::string x_doc =
        "<?xml version=\"1.0\"?><x:document xmlns:x=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><x:body>"
        "<x:p><x:r><x:t>Hallo {{na</x:t></x:r><x:r><x:t>am}}</x:t></x:r></x:p></x:body></x:document>";
    const std::string d_doc =
        "<?xml version=\"1.0\"?><document xmlns=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><body>"
        "<p><r><t>Hallo {{naam}}</t></r></p></body></document>";
    for (const std::string& doc : {x_doc, d_doc}) {
        package pkg = package::open_buffer(docx, "t.docx");
        std::vector<std::string> names, datas;
        for (const auto& e : pkg.entries()) {
            names.push_back(e.name);
            datas.push_back(e.name == "doc/main.xml" ? doc : pkg.read(e.name));
        }
        std::vector<zip_item> items;
        for (std::size_t i = 0; i < names.size(); ++i) items.push_back(zip_item{names[i], nullptr, datas[i]});
        const std::string out = fill_doc(write_zip(items), json{{"naam", "Anna"}});
        const std::string xml = read_part(out, "doc/main.xml");
        EXPECT_NE(xml.find("Anna"), std::string::npos) << xml;
        EXPECT_EQ(xml.find("{{"), std::string::npos);
        EXPECT_EQ(xml.find("<w:"), std::string::npos) << "kib must write the document's own prefix";
    }
}

// ---- sections ---------------------------------------------------------------------------

std::string cell(const std::string& text) { return "<w:tc>" + p(text) + "</w:tc>"; }

TEST(DocxTemplate, TableRowRepeatsPerListElement) {
    const std::string body = "<w:tbl><w:tr>" + cell("Naam") + cell("Sector") + "</w:tr><w:tr>" + cell("{{#deelnemers}}{{naam}}") +
                             cell("{{sector}}{{/deelnemers}}") + "</w:tr></w:tbl>" + p("Einde");
    const json data = {{"deelnemers", {{{"naam", "Anna"}, {"sector", "PO"}}, {{"naam", "Bram"}, {"sector", "VO"}}, {{"naam", "Chantal"}, {"sector", "ZAK"}}}}};
    const std::string out = fill_doc(make_docx(body), data);
    EXPECT_EQ(docx_text(out), "Naam\nSector\nAnna\nPO\nBram\nVO\nChantal\nZAK\nEinde");
    const std::string xml = read_part(out, "doc/main.xml");
    std::size_t rows = 0;
    for (std::size_t pos = xml.find("<w:tr>"); pos != std::string::npos; pos = xml.find("<w:tr>", pos + 1)) ++rows;
    EXPECT_EQ(rows, 4u);
    // an empty list leaves only the header row
    const std::string none = fill_doc(make_docx(body), json{{"deelnemers", json::array()}});
    EXPECT_EQ(docx_text(none), "Naam\nSector\nEinde");
}

TEST(DocxTemplate, TableOfOnlyARepeatedRowKeepsOneEmptyRow) {
    // a w:tbl without w:tr is a document Word refuses to open
    const std::string body = "<w:tbl><w:tr>" + cell("{{#d}}{{naam}}") + cell("{{[x] ok}}{{/d}}") + "</w:tr></w:tbl>" + p("Einde");
    const std::string out = fill_doc(make_docx(body), json{{"d", json::array()}});
    EXPECT_EQ(docx_text(out), "\n\xE2\x98\x90\nEinde");
    const std::string xml = read_part(out, "doc/main.xml");
    EXPECT_NE(xml.find("<w:tbl><w:tr><w:tc><w:p><w:r></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t xml:space=\"preserve\">\xE2\x98\x90</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"),
              std::string::npos)
        << xml;
    EXPECT_EQ(docx_text(fill_doc(make_docx(body), json{{"d", {{{"naam", "A"}, {"ok", true}}}}})), "A\n\xE2\x98\x92\nEinde");
}

TEST(DocxTemplate, SectionOverSeveralRowsRepeatsThemTogether) {
    const std::string body = "<w:tbl><w:tr>" + cell("{{#baten}}Baat {{nr}}") + "</w:tr><w:tr>" + cell("Eigenaar: {{eigenaar}}{{/baten}}") +
                             "</w:tr></w:tbl>";
    const json data = {{"baten", {{{"nr", 1}, {"eigenaar", "Anna"}}, {{"nr", 2}, {"eigenaar", "Bram"}}}}};
    EXPECT_EQ(docx_text(fill_doc(make_docx(body), data)), "Baat 1\nEigenaar: Anna\nBaat 2\nEigenaar: Bram");
}

TEST(DocxTemplate, ParagraphSectionRepeatsParagraphsAndDropsTagParagraphs) {
    const std::string body = p("Voor") + p("{{#items}}") + p("Item {{naam}}") + p("Prijs {{prijs}}") + p("{{/items}}") + p("Na");
    const json data = {{"items", {{{"naam", "a"}, {"prijs", 3.25}}, {{"naam", "b"}, {"prijs", 4}}}}};
    EXPECT_EQ(docx_text(fill_doc(make_docx(body), data)), "Voor\nItem a\nPrijs 3,25\nItem b\nPrijs 4\nNa");
}

TEST(DocxTemplate, InlineSectionAndConditionOnValues) {
    const std::string body = p("Voor {{#vip}}VIP {{/vip}}na") + p("{{#opmerking}}Opmerking: {{opmerking}}{{/opmerking}}");
    EXPECT_EQ(docx_text(fill_doc(make_docx(body), json{{"vip", true}, {"opmerking", "let op"}})), "Voor VIP na\nOpmerking: let op");
    EXPECT_EQ(docx_text(fill_doc(make_docx(body), json{{"vip", false}, {"opmerking", ""}})), "Voor na\n");
    // an object as condition becomes the context
    const std::string obj = p("{{#leider}}{{naam}} ({{rol}}){{/leider}}");
    EXPECT_EQ(docx_text(fill_doc(make_docx(obj), json{{"leider", {{"naam", "Dirk"}, {"rol", "PM"}}}})), "Dirk (PM)");
}

TEST(DocxTemplate, InvertedSectionShowsWhenEmptyFalseOrMissing) {
    const std::string body = p("{{^afspraken}}Geen afspraken{{/afspraken}}");
    EXPECT_EQ(docx_text(fill_doc(make_docx(body), json::object())), "Geen afspraken");
    EXPECT_EQ(docx_text(fill_doc(make_docx(body), json{{"afspraken", json::array()}})), "Geen afspraken");
    EXPECT_EQ(docx_text(fill_doc(make_docx(body), json{{"afspraken", false}})), "Geen afspraken");
    EXPECT_EQ(docx_text(fill_doc(make_docx(body), json{{"afspraken", ""}})), "Geen afspraken");
    EXPECT_EQ(docx_text(fill_doc(make_docx(body), json{{"afspraken", json::array({1})}})), "");
}

TEST(DocxTemplate, NestedSectionsSeeOuterFieldsAndDottedNames) {
    const std::string body = p("{{#baten}}") + p("{{naam}} in {{programma}}: {{#sectoren}}{{.}} {{/sectoren}}") + p("{{/baten}}") +
                             p("{{leider.naam}} / {{baten.1.naam}}");
    const json data = {{"programma", "KiB"},
                       {"leider", {{"naam", "Dirk"}}},
                       {"baten", {{{"naam", "B1"}, {"sectoren", {"PO", "VO"}}}, {{"naam", "B2"}, {"sectoren", {"ZAK"}}}}}};
    EXPECT_EQ(docx_text(fill_doc(make_docx(body), data)), "B1 in KiB: PO VO \nB2 in KiB: ZAK \nDirk / B2");
}

// ---- checkboxes -------------------------------------------------------------------------

TEST(DocxTemplate, CheckboxTagsCompareValues) {
    const std::string body = p("{{[x] prio Hoog}} Hoog {{[x] prio Midden}} Midden {{[ ] prio Laag}} Laag") + p("{{[x] gedaan}} klaar") +
                             p("{{[x] sectoren VO}} VO {{[x] sectoren ZAK}} ZAK");
    const json data = {{"prio", "midden"}, {"gedaan", true}, {"sectoren", {"PO", "VO"}}};
    EXPECT_EQ(docx_text(fill_doc(make_docx(body), data)),
              "\xE2\x98\x90 Hoog \xE2\x98\x92 Midden \xE2\x98\x90 Laag\n\xE2\x98\x92 klaar\n\xE2\x98\x92 VO \xE2\x98\x90 ZAK");
}

std::string sdt_checkbox(const std::string& tag, const std::string& alias, bool checked, const std::string& state = "") {
    return "<w:sdt><w:sdtPr>" + (alias.empty() ? "" : "<w:alias w:val=\"" + alias + "\"/>") +
           (tag.empty() ? "" : "<w:tag w:val=\"" + tag + "\"/>") + "<w14:checkbox><w14:checked w14:val=\"" + (checked ? "1" : "0") +
           "\"/>" + state + "</w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:t>" + (checked ? "\xE2\x98\x92" : "\xE2\x98\x90") +
           "</w:t></w:r></w:sdtContent></w:sdt>";
}

TEST(DocxTemplate, ContentControlCheckboxesAreSetForReal) {
    const std::string body =
        "<w:p>" + sdt_checkbox("aanwezig", "", false) + "<w:r><w:t>A</w:t></w:r></w:p>" +
        "<w:p>" + sdt_checkbox("", "prio=Hoog", true) + "<w:r><w:t>B</w:t></w:r></w:p>" +
        "<w:p>" + sdt_checkbox("klaar", "", false, "<w14:checkedState w14:val=\"2714\" w14:font=\"Segoe UI Symbol\"/><w14:uncheckedState w14:val=\"2610\"/>") +
        "<w:r><w:t>C</w:t></w:r></w:p>" + "<w:p>" + sdt_checkbox("niet-in-data", "", true) + "<w:r><w:t>D</w:t></w:r></w:p>";
    const auto tpl = docx_template::from_buffer(make_docx(body), "t.docx");
    const fill_result r = tpl.fill(json{{"aanwezig", true}, {"prio", "Laag"}, {"klaar", 1}});
    const std::string xml = read_part(r.docx, "doc/main.xml");
    EXPECT_EQ(test::part_text(xml), "\xE2\x98\x92" "A\n\xE2\x98\x90" "B\n\xE2\x9C\x94" "C\n\xE2\x98\x92" "D");
    const std::regex re("<w14:checked w14:val=\"(\\d)\"/>");
    std::string states;
    for (auto it = std::sregex_iterator(xml.begin(), xml.end(), re); it != std::sregex_iterator(); ++it) states += (*it)[1].str();
    EXPECT_EQ(states, "1011");
    ASSERT_EQ(r.warnings.size(), 1u);
    EXPECT_EQ(r.warnings[0], "checkbox doc/main.xml, content control \"niet-in-data\" is left as it was: the data has no field \"niet-in-data\"");
    // the same compiled template, other data
    const std::string xml2 = read_part(tpl.fill(json{{"aanwezig", false}, {"prio", "hoog"}, {"klaar", 0}, {"niet-in-data", false}}).docx, "doc/main.xml");
    states.clear();
    for (auto it = std::sregex_iterator(xml2.begin(), xml2.end(), re); it != std::sregex_iterator(); ++it) states += (*it)[1].str();
    EXPECT_EQ(states, "0100");
}

TEST(DocxTemplate, ContentControlCheckboxInRepeatedRowUsesTheRowsElement) {
    const std::string body = "<w:tbl><w:tr>" + cell("{{#d}}{{naam}}") + "<w:tc><w:p>" + sdt_checkbox("aanwezig", "Aanwezig", false) +
                             "<w:r><w:t>{{/d}}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>";
    const json data = {{"d", {{{"naam", "A"}, {"aanwezig", true}}, {{"naam", "B"}, {"aanwezig", false}}}}};
    EXPECT_EQ(docx_text(fill_doc(make_docx(body), data)), "A\n\xE2\x98\x92\nB\n\xE2\x98\x90");
}

// ---- parts ------------------------------------------------------------------------------

TEST(DocxTemplate, HeadersFootersAndTextBoxes) {
    const std::string textbox =
        "<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wp:anchor><a:graphic><a:graphicData>"
        "<wps:wsp><wps:txbx><w:txbxContent>" + p("Kader: {{programma}}") +
        "</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><v:rect><v:textbox><w:txbxContent>" + p("Kader: {{programma}}") +
        "</w:txbxContent></v:textbox></v:rect></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>Hoofdtekst {{datum}}</w:t></w:r></w:p>";
    const std::string docx = make_docx(textbox, p("Kop {{programma}}"), p("Voet {{datum}} {{[x] klaar}}"));
    const auto tpl = docx_template::from_buffer(docx, "t.docx");
    EXPECT_EQ(tpl.filled_parts(), (std::vector<std::string>{"doc/main.xml", "doc/kop.xml", "doc/voet.xml"}));
    const std::string out = tpl.fill(json{{"programma", "Klant in Beeld"}, {"datum", "3 december 2026"}, {"klaar", false}}).docx;
    EXPECT_EQ(docx_text(out), "\nKader: Klant in Beeld\nKader: Klant in BeeldHoofdtekst 3 december 2026");
    EXPECT_EQ(docx_text(out, "doc/kop.xml"), "Kop Klant in Beeld");
    EXPECT_EQ(docx_text(out, "doc/voet.xml"), "Voet 3 december 2026 \xE2\x98\x90");
}

TEST(DocxTemplate, UntouchedPartsAreCopiedRaw) {
    const auto tpl = docx_template::builtin("baateigenaar");
    const auto files = builtin_template_files("baateigenaar");
    std::vector<zip_item> items;
    for (const auto& [name, bytes] : files) items.push_back(zip_item{name, nullptr, bytes});
    const std::string zipped = write_zip(items, 6);
    std::ifstream in(std::string(KIB_SAMPLES) + "/sessie_baateigenaren.json");
    const json data = json::parse(in);
    const std::string out = tpl.fill(data).docx;
    const auto before = read_raw_entries(zipped, "template");
    const auto after = read_raw_entries(out, "output");
    ASSERT_EQ(before.size(), after.size());
    std::size_t same = 0;
    for (std::size_t i = 0; i < before.size(); ++i) {
        EXPECT_EQ(before[i].name, after[i].name);
        if (before[i].name == "word/document.xml" || before[i].name == "word/footer1.xml") {
            EXPECT_NE(before[i].data, after[i].data);
        } else {
            EXPECT_EQ(before[i].data, after[i].data) << before[i].name;
            EXPECT_EQ(before[i].crc, after[i].crc);
            ++same;
        }
    }
    EXPECT_EQ(same, before.size() - 2);
}

// ---- values -----------------------------------------------------------------------------

TEST(DocxTemplate, ValuesAreEscapedAndNewlinesTabsBecomeBreaks) {
    const std::string out = fill_doc(make_docx(p("[{{tekst}}]") + p("{{getal}} {{ja}} {{nee}} {{leeg}}")),
                                     json{{"tekst", "<b>&amp; \"x\"\nregel 2\r\nregel 3\tkolom"}, {"getal", -1234.5}, {"ja", true}, {"nee", false}, {"leeg", nullptr}});
    const std::string xml = read_part(out, "doc/main.xml");
    EXPECT_NE(xml.find("&lt;b&gt;&amp;amp; \"x\"</w:t><w:br/><w:t xml:space=\"preserve\">regel 2</w:t><w:br/>"), std::string::npos) << xml;
    EXPECT_NE(xml.find("regel 3</w:t><w:tab/><w:t xml:space=\"preserve\">kolom"), std::string::npos);
    EXPECT_EQ(test::part_text(xml), "[<b>&amp; \"x\"|regel 2|regel 3\tkolom]\n-1234,5 ja nee ");
}

// ---- errors -----------------------------------------------------------------------------

TEST(DocxTemplate, MissingFieldsAreAllListedWithTheirPlace) {
    const std::string body = p("{{a}}") + "<w:tbl><w:tr>" + cell("x") + cell("{{b.c}}") + "</w:tr></w:tbl>" + p("{{#lijst}}{{/lijst}} {{[x] vink ja}}");
    const std::string docx = make_docx(body, {}, p("{{voet}}"));
    const std::string msg = error_of(docx, json{{"b", json::object()}});
    EXPECT_EQ(msg,
              "5 fields are missing from the data: a (doc/main.xml, paragraph 1); b.c (doc/main.xml, paragraph 3 (table 1, row 1, cell 2)); "
              "lijst (doc/main.xml, paragraph 4); vink (doc/main.xml, paragraph 4); voet (doc/voet.xml, paragraph 1)");
    fill_options o;
    o.allow_missing = true;
    const fill_result r = docx_template::from_buffer(docx, "t.docx").fill(json{{"b", json::object()}}, o);
    EXPECT_EQ(docx_text(r.docx), "\nx\n\n \xE2\x98\x90");
    ASSERT_EQ(r.warnings.size(), 5u);
    EXPECT_EQ(r.warnings[1], "field b.c is missing from the data; left empty (doc/main.xml, paragraph 3 (table 1, row 1, cell 2))");
}

std::string compile_error(const std::string& body) {
    try {
        docx_template::from_buffer(make_docx(body), "t.docx");
    } catch (const error& e) {
        EXPECT_EQ(e.category(), error_category::bad_input);
        EXPECT_EQ(e.where().part, "doc/main.xml");
        return e.message();
    }
    return "(no error)";
}

TEST(DocxTemplate, UnbalancedAndUnknownTagsNameTagAndParagraph) {
    EXPECT_EQ(compile_error(p("x") + p("{{#a}}") + p("y")), "unbalanced tag {{#a}} in doc/main.xml, paragraph 2: it is never closed");
    EXPECT_EQ(compile_error(p("{{/a}}")), "unbalanced tag {{/a}} in doc/main.xml, paragraph 1: no section is open");
    EXPECT_EQ(compile_error(p("{{#a}}") + p("{{#b}}") + p("{{/a}}") + p("{{/b}}")),
              "unbalanced tag {{/a}} in doc/main.xml, paragraph 3: the open section is {{#b}} from doc/main.xml, paragraph 2");
    EXPECT_EQ(compile_error(p("a") + p("{{>partial}}")), "unknown tag {{>partial}} in doc/main.xml, paragraph 2: \">partial\" is not a field name");
    EXPECT_EQ(compile_error(p("{{naam met spatie}}")), "unknown tag {{naam met spatie}} in doc/main.xml, paragraph 1: \"naam met spatie\" is not a field name");
    EXPECT_EQ(compile_error(p("{{}}")), "unknown tag {{}} in doc/main.xml, paragraph 1: it is empty");
    EXPECT_EQ(compile_error(p("Hallo {{naam")), "unclosed tag \"{{naam\" in doc/main.xml, paragraph 1: no \"}}\" follows in the paragraph");
    EXPECT_EQ(compile_error("<w:tbl><w:tr>" + cell("a") + cell("{{[x]}}") + "</w:tr></w:tbl>"),
              "unknown tag {{[x]}} in doc/main.xml, paragraph 2 (table 1, row 1, cell 2): a checkbox needs a field name: {{[x] field value}}");
}

TEST(DocxTemplate, ListUsedAsFieldIsAnError) {
    EXPECT_EQ(error_of(make_docx(p("{{lijst}}")), json{{"lijst", {1, 2}}}),
              "field lijst (doc/main.xml, paragraph 1) is a list, not a value; use {{#lijst}}…{{/lijst}}");
}

TEST(DocxTemplate, NotAWordDocumentIsRefused) {
    std::vector<zip_item> items{{"[Content_Types].xml", nullptr, "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"}};
    EXPECT_THROW(docx_template::from_buffer(write_zip(items), "x.docx"), error);
    EXPECT_THROW(docx_template::builtin("bestaat-niet"), error);
}

// ---- real software ----------------------------------------------------------------------

json fixture_data() {
    return json{{"programma", "Klant in Beeld"},
                {"datum", "3 december 2026"},
                {"locatie", "Stadskantoor"},
                {"facilitator", "Marieke Jansen"},
                {"deelnemers", {{{"naam", "Anna de Vries"}, {"sector", "PO"}, {"aanwezig", true}}, {{"naam", "Bram Koster"}, {"sector", "VO"}, {"aanwezig", false}}}},
                {"agenda", {{{"tijd", "00:00"}, {"onderdeel", "Opening"}}, {{"tijd", "00:15"}, {"onderdeel", "Batenstructuur"}}}},
                {"afspraken", json::array()}};
}

TEST(DocxTemplate, PandocTemplate) {
    const auto tpl = docx_template::from_buffer(test::read_fixture("template/pandoc_template.docx"), "pandoc_template.docx");
    const std::string out = tpl.fill(fixture_data()).docx;
    const std::string text = test::part_text(read_part(out, "word/document.xml"));
    EXPECT_EQ(text,
              "Sessie Klant in Beeld\nDatum: 3 december 2026, locatie: Stadskantoor.\nAnna de Vries (PO)\nBram Koster (VO)\n"
              "Tijd\nOnderdeel\n00:00\nOpening\n00:15\nBatenstructuur\nNog geen afspraken.");
    const std::string pdf = test::render_with_libreoffice(out, "pandoc");
    EXPECT_NE(pdf.find("Sessie Klant in Beeld"), std::string::npos) << pdf;
    EXPECT_NE(pdf.find("Bram Koster (VO)"), std::string::npos);
    EXPECT_NE(pdf.find("Batenstructuur"), std::string::npos);
    EXPECT_EQ(pdf.find("{{"), std::string::npos) << pdf;
}

TEST(DocxTemplate, LibreOfficeTemplate) {
    const auto tpl = docx_template::from_buffer(test::read_fixture("template/libreoffice_template.docx"), "libreoffice_template.docx");
    const std::string out = tpl.fill(fixture_data()).docx;
    EXPECT_EQ(test::part_text(read_part(out, "word/document.xml")),
              "Programma: Klant in Beeld\nFacilitator: Marieke Jansen\nNaam\nAanwezig\nAnna de Vries\n\xE2\x98\x92\nBram Koster\n\xE2\x98\x90\nEinde.");
    const std::string xml = read_part(out, "word/document.xml");
    // "{{prog" was bold, "ramma}}" italic: the value takes the bold of the run where the tag starts
    EXPECT_NE(xml.find("<w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">Klant in Beeld</w:t>"), std::string::npos) << xml;
    EXPECT_EQ(test::part_text(read_part(out, "word/header1.xml")), "Kop: Klant in Beeld");
    EXPECT_EQ(test::part_text(read_part(out, "word/footer1.xml")), "Voet: 3 december 2026");
    const std::string pdf = test::render_with_libreoffice(out, "lo");
    for (const char* s : {"Programma: Klant in Beeld", "Facilitator: Marieke Jansen", "Anna de Vries", "Kop: Klant in Beeld", "Voet: 3 december 2026"})
        EXPECT_NE(pdf.find(s), std::string::npos) << s << "\n" << pdf;
    EXPECT_EQ(pdf.find("{{"), std::string::npos) << pdf;
}

TEST(DocxTemplate, BuiltinSessionTemplateOpensInLibreOffice) {
    std::ifstream in(std::string(KIB_SAMPLES) + "/sessie_baateigenaren.json");
    const json data = json::parse(in);
    const auto tpl = docx_template::builtin("baateigenaar");
    const fill_result r = tpl.fill(data);
    EXPECT_TRUE(r.warnings.empty());
    const std::string text = test::part_text(read_part(r.docx, "word/document.xml"));
    for (const char* s : {"Programma: Klant in Beeld", "Facilitator: Marieke Jansen", "Chantal \xC3\x96zdemir", "Baat 6: Outside-in cultuur",
                          "Baat 3: Effici\xC3\xABntere klantprocessen", "PO prioriteit: \xE2\x98\x90 Hoog   \xE2\x98\x90 Midden   \xE2\x98\x92 Laag",
                          "Baateigenaar: ___", "Nog geen"})
        if (std::string(s) == "Nog geen") EXPECT_EQ(text.find(s), std::string::npos);
        else EXPECT_NE(text.find(s), std::string::npos) << s << "\n" << text;
    EXPECT_EQ(test::part_text(read_part(r.docx, "word/footer1.xml")), "Sessie baateigenaren \xE2\x80\x94 Klant in Beeld \xE2\x80\x94 3 december 2026");
    // an empty data set names every field the template needs
    try {
        (void)tpl.fill(json::object());
        ADD_FAILURE() << "expected missing fields";
    } catch (const error& e) {
        // naam (who the copy is for) opens the document; programma follows that section.
        EXPECT_NE(std::string(e.message()).find("fields are missing from the data: naam (word/document.xml, paragraph 2)"), std::string::npos)
            << e.message();
        EXPECT_NE(std::string(e.message()).find("programma (word/document.xml, paragraph 6)"), std::string::npos) << e.message();
        EXPECT_NE(std::string(e.message()).find("programma (word/footer1.xml, paragraph 1)"), std::string::npos);
    }
    const std::string pdf = test::render_with_libreoffice(r.docx, "builtin");
    for (const char* s : {"Klant in Beeld", "Marieke Jansen", "Anna de Vries", "Outside-in cultuur", "Dirk van den Berg", "Reflectie facilitator"})
        EXPECT_NE(pdf.find(s), std::string::npos) << s;
    EXPECT_EQ(pdf.find("{{"), std::string::npos) << pdf;
}

TEST(DocxTemplate, OneCompiledTemplateFillsFromSeveralThreads) {
    const auto tpl = docx_template::builtin("baateigenaar");
    std::ifstream in(std::string(KIB_SAMPLES) + "/sessie_baateigenaren.json");
    json a = json::parse(in);
    json b = a;
    b["programma"] = "Ander programma";
    b["deelnemers"] = json::array();
    const std::string expect_a = tpl.fill(a).docx, expect_b = tpl.fill(b).docx;
    EXPECT_NE(expect_a, expect_b);
    std::vector<std::string> got_a(20), got_b(20);
    std::thread ta([&] { for (auto& g : got_a) g = tpl.fill(a).docx; });
    std::thread tb([&] { for (auto& g : got_b) g = tpl.fill(b).docx; });
    ta.join();
    tb.join();
    for (const auto& g : got_a) EXPECT_EQ(g, expect_a);
    for (const auto& g : got_b) EXPECT_EQ(g, expect_b);
    EXPECT_NE(test::part_text(read_part(expect_b, "word/document.xml")).find("Programma: Ander programma"), std::string::npos);
}

TEST(DocxTemplate, CliAllowMissingWarnsPerField) {
    const auto base = std::filesystem::temp_directory_path() / ("kib_allow_" + std::to_string(::getpid()));
    std::filesystem::create_directories(base);
    const std::string tpl = (base / "t.docx").string();
    {
        std::ofstream out(tpl, std::ios::binary);
        out << make_docx(p("Hallo {{naam}}, {{rol}}"));
    }
    {
        std::ofstream out(base / "d.json");
        out << R"({"naam": "Anna"})";
    }
    const std::string log = (base / "log").string();
    const std::string out_docx = (base / "out.docx").string();
    const std::string cmd = std::string(KIB_BINARY) + " fill " + tpl + " " + (base / "d.json").string() + " -o " + out_docx;
    EXPECT_EQ(WEXITSTATUS(std::system((cmd + " > " + log + " 2>&1").c_str())), 2);
    std::stringstream err1;
    err1 << std::ifstream(log).rdbuf();
    EXPECT_NE(err1.str().find("1 field is missing from the data: rol (doc/main.xml, paragraph 1)"), std::string::npos) << err1.str();
    EXPECT_EQ(WEXITSTATUS(std::system((cmd + " --allow-missing > " + log + " 2>&1").c_str())), 0);
    std::stringstream err2;
    err2 << std::ifstream(log).rdbuf();
    EXPECT_NE(err2.str().find("kib: warning: field rol is missing from the data; left empty (doc/main.xml, paragraph 1)"), std::string::npos) << err2.str();
    std::stringstream doc;
    doc << std::ifstream(out_docx, std::ios::binary).rdbuf();
    EXPECT_EQ(docx_text(doc.str()), "Hallo Anna, ");
    std::filesystem::remove_all(base);
}

TEST(DocxTemplate, FillEachWritesOneDocumentPerElement) {
    const auto dir = std::filesystem::temp_directory_path() / ("kib_each_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    const std::string cmd = std::string(KIB_BINARY) + " fill builtin:baateigenaar " + KIB_SAMPLES + "/sessie_baateigenaren.json --each deelnemers -o " +
                            dir.string() + " > " + dir.string() + ".log 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(dir)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names, (std::vector<std::string>{"baateigenaar_001_anna-de-vries.docx", "baateigenaar_002_bram-koster.docx",
                                               "baateigenaar_003_chantal-\xC3\x96zdemir.docx", "baateigenaar_004_dirk-van-den-berg.docx"}));
    std::ifstream f(dir / names[2], std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    // inside each document, the element's fields win: the facilitator stays, the list is still there
    EXPECT_NE(test::part_text(read_part(ss.str(), "word/document.xml")).find("Facilitator: Marieke Jansen"), std::string::npos);
    std::filesystem::remove_all(dir);
    std::filesystem::remove(dir.string() + ".log");
    // errors exit with 2 and name the missing fields
    const std::string bad = std::string(KIB_BINARY) + " fill builtin:baateigenaar /dev/null -o /tmp/x.docx > /dev/null 2>&1";
    EXPECT_EQ(WEXITSTATUS(std::system(bad.c_str())), 2);
}

}  // namespace
}  // namespace kib
