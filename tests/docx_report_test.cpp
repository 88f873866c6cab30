// Tests of kib::docx_report and the chart part writer: exact XML of each element, the package's
// parts and relationships, template styles found by name, and rendering by LibreOffice.
#include "writers/docx_report.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include "readers/error.hpp"
#include "tests/docx_test_support.hpp"
#include "writers/docx_layout.hpp"
#include "writers/docx_template.hpp"

namespace kib {
namespace {

using test::read_part;

// A w x h RGB PNG, filled with one colour.
std::string make_png(std::uint32_t w, std::uint32_t h) {
    auto be = [](std::string& s, std::uint32_t v) {
        for (int k = 3; k >= 0; --k) s.push_back(static_cast<char>((v >> (8 * k)) & 0xff));
    };
    auto chunk = [&](std::string& out, const char* type, const std::string& data) {
        be(out, static_cast<std::uint32_t>(data.size()));
        std::string td = std::string(type) + data;
        out += td;
        be(out, static_cast<std::uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(td.data()), static_cast<uInt>(td.size()))));
    };
    std::string raw;
    for (std::uint32_t y = 0; y < h; ++y) {
        raw.push_back(0);
        for (std::uint32_t x = 0; x < w; ++x) raw += std::string("\x2F\x54\x96", 3);
    }
    uLongf len = compressBound(static_cast<uLong>(raw.size()));
    std::string z(len, '\0');
    compress(reinterpret_cast<Bytef*>(z.data()), &len, reinterpret_cast<const Bytef*>(raw.data()), static_cast<uLong>(raw.size()));
    z.resize(len);
    std::string png = "\x89PNG\r\n\x1a\n";
    std::string ihdr;
    be(ihdr, w);
    be(ihdr, h);
    ihdr += std::string("\x08\x02\x00\x00\x00", 5);
    chunk(png, "IHDR", ihdr);
    chunk(png, "IDAT", z);
    chunk(png, "IEND", "");
    return png;
}

report_chart::chart_spec maturity_radar() {
    report_chart::chart_spec c;
    c.kind = report_chart::chart_kind::radar;
    c.title = "Volwassenheid per thema";
    c.categories = {"Sturen", "Leiden", "Organiseren", "Inrichten", "Beheersen"};
    c.series = {{"Nulmeting", {2, 3, 1.5, 2, 2.5}}, {"Doel", {4, 4, 3.5, 4, 4}}};
    c.axis_max = 5;
    return c;
}

TEST(DocxChartPart, RadarHasCachedCategoriesAndValues) {
    const std::string x = report_chart::write_chart_part(maturity_radar());
    EXPECT_NE(x.find("<c:radarChart><c:radarStyle val=\"marker\"/>"), std::string::npos);
    EXPECT_NE(x.find("<c:strCache><c:ptCount val=\"5\"/><c:pt idx=\"0\"><c:v>Sturen</c:v></c:pt>"), std::string::npos);
    EXPECT_NE(x.find("<c:f>Blad1!$B$2:$B$6</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val=\"5\"/><c:pt idx=\"0\"><c:v>2</c:v></c:pt>"
                     "<c:pt idx=\"1\"><c:v>3</c:v></c:pt><c:pt idx=\"2\"><c:v>1.5</c:v></c:pt>"),
              std::string::npos);
    EXPECT_NE(x.find("<c:tx><c:strRef><c:f>Blad1!$C$1</c:f><c:strCache><c:ptCount val=\"1\"/><c:pt idx=\"0\"><c:v>Doel</c:v>"), std::string::npos);
    EXPECT_NE(x.find("<c:max val=\"5\"/><c:min val=\"0\"/>"), std::string::npos);
    pugi::xml_document doc;
    EXPECT_TRUE(doc.load_string(x.c_str()));
    EXPECT_EQ(doc.select_nodes("//c:ser").size(), 2u);
}

TEST(DocxChartPart, BarAndErrors) {
    report_chart::chart_spec c;
    c.title = "Baten & <prioriteit>";
    c.categories = {"PO", "VO", "ZAK"};
    c.series = {{"Hoog", {3, 2, 4}}};
    const std::string x = report_chart::write_chart_part(c);
    EXPECT_NE(x.find("<c:barChart><c:barDir val=\"col\"/><c:grouping val=\"clustered\"/>"), std::string::npos);
    EXPECT_NE(x.find("<a:t>Baten &amp; &lt;prioriteit&gt;</a:t>"), std::string::npos);
    c.series[0].values.pop_back();
    try {
        report_chart::write_chart_part(c);
        ADD_FAILURE();
    } catch (const error& e) {
        EXPECT_EQ(e.message(), "series \"Hoog\" has 2 values for 3 categories");
    }
    c.categories.clear();
    EXPECT_THROW(report_chart::write_chart_part(c), error);
}

docx_report sample_report() {
    docx_report r;
    r.properties({"Voortgangsrapportage Klant in Beeld", "Programma", "kib", "2026-11-23T09:00:00Z", "2026-11-23T09:30:00Z", "nl-NL"});
    r.title("Voortgangsrapportage Klant in Beeld");
    r.heading(1, "1. Samenvatting");
    r.paragraph("De nulmeting is afgerond.\nScore gemiddeld: 3,2 & stijgend.");
    r.bullets({"Baateigenaren benoemd", "Businesscase in week 3"});
    r.heading(2, "1.1 Baten per sector");
    report_table_options o;
    o.band_fill = "F2F2F2";
    r.table({{"Baat", "PO", "VO", "ZAK"}, {"Consistente klantbeleving", "Hoog", "Midden", "Hoog"}, {"Outside-in cultuur", "Laag", "Midden", "Laag"},
             {"Betere klantinzichten", "Midden", "Laag", "Midden"}},
            o);
    r.page_break();
    r.heading(1, "2. Volwassenheid");
    r.chart(maturity_radar());
    report_chart::chart_spec bar;
    bar.title = "Prioriteit Hoog per sector";
    bar.categories = {"PO", "VO", "ZAK"};
    bar.series = {{"Aantal baten", {2, 2, 3}}};
    r.chart(bar, 12, 7);
    r.image(make_png(40, 20), 6.0, "Logo programmabureau");
    return r;
}

TEST(DocxReport, PartsRelationshipsAndElements) {
    const std::string docx = sample_report().to_docx();
    const package pkg = package::open_buffer(docx, "rapport.docx");
    EXPECT_EQ(pkg.main_part(), "word/document.xml");
    std::vector<std::string> names;
    for (const auto& e : pkg.entries()) names.push_back(e.name);
    EXPECT_EQ(names, (std::vector<std::string>{"[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "word/document.xml",
                                               "word/_rels/document.xml.rels", "word/styles.xml", "word/settings.xml", "word/numbering.xml",
                                               "word/media/image1.png", "word/charts/chart1.xml", "word/charts/chart2.xml"}));
    EXPECT_EQ(pkg.content_type("word/charts/chart2.xml"), "application/vnd.openxmlformats-officedocument.drawingml.chart+xml");
    EXPECT_EQ(pkg.content_type("word/media/image1.png"), "image/png");
    std::map<std::string, std::string> rel_targets;
    for (const auto& rel : pkg.relationships("word/document.xml")) rel_targets[rel.id] = rel.target;
    EXPECT_EQ(rel_targets["rIdChart1"], "word/charts/chart1.xml");
    EXPECT_EQ(rel_targets["rIdImg1"], "word/media/image1.png");
    EXPECT_EQ(rel_targets["rId3"], "word/numbering.xml");

    const std::string doc = pkg.read("word/document.xml");
    EXPECT_NE(doc.find("<w:p><w:pPr><w:pStyle w:val=\"Kop1\"/><w:keepNext/></w:pPr><w:r><w:t xml:space=\"preserve\">1. Samenvatting</w:t></w:r></w:p>"), std::string::npos);
    EXPECT_NE(doc.find("De nulmeting is afgerond.</w:t><w:br/><w:t xml:space=\"preserve\">Score gemiddeld: 3,2 &amp; stijgend."), std::string::npos);
    EXPECT_NE(doc.find("<w:pStyle w:val=\"Lijstopsomteken\"/><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr><w:r><w:t xml:space=\"preserve\">Baateigenaren benoemd"),
              std::string::npos);
    // The table fills the text width (A4 minus margins); the widest column is the one with the
    // longest texts; rows never split; the header row repeats.
    EXPECT_NE(doc.find("<w:tblW w:w=\"9638\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/>"), std::string::npos);
    const auto header_row = doc.find("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr><w:tc><w:tcPr><w:tcW w:w=\"");
    ASSERT_NE(header_row, std::string::npos);
    EXPECT_NE(doc.find("\" w:type=\"dxa\"/><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"D9E2F3\"/></w:tcPr>"
                       "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">Baat</w:t>", header_row),
              std::string::npos);
    EXPECT_GT(std::stoi(doc.substr(header_row + 77, 4)), 9638 / 3) << doc.substr(header_row, 120);
    // banding: the second body row is shaded, the first and third are not
    EXPECT_NE(doc.find("<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"F2F2F2\"/></w:tcPr><w:p><w:r><w:t xml:space=\"preserve\">Outside-in cultuur"), std::string::npos);
    EXPECT_EQ(doc.find("w:fill=\"F2F2F2\"/></w:tcPr><w:p><w:r><w:t xml:space=\"preserve\">Consistente"), std::string::npos);
    EXPECT_NE(doc.find("<w:br w:type=\"page\"/>"), std::string::npos);
    EXPECT_NE(doc.find("<wp:extent cx=\"5400000\" cy=\"3240000\"/>"), std::string::npos);  // 15 x 9 cm radar
    EXPECT_NE(doc.find("<wp:extent cx=\"2160000\" cy=\"1080000\"/>"), std::string::npos);  // 6 cm wide, 2:1 PNG
    EXPECT_NE(doc.find("<c:chart xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" r:id=\"rIdChart2\"/>"), std::string::npos);
    const std::string core = pkg.read("docProps/core.xml");
    EXPECT_NE(core.find("<dc:title>Voortgangsrapportage Klant in Beeld</dc:title><dc:subject>Programma</dc:subject><dc:creator>kib</dc:creator>"), std::string::npos);
    EXPECT_NE(core.find("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-11-23T09:00:00Z</dcterms:created>"), std::string::npos);
    // every XML part is well-formed
    for (const auto& n : names) {
        if (n.find(".png") != std::string::npos) continue;
        pugi::xml_document d;
        const std::string x = pkg.read(n);
        EXPECT_TRUE(d.load_buffer(x.data(), x.size())) << n;
    }
    // same input, same bytes
    EXPECT_EQ(docx, sample_report().to_docx());
}

TEST(DocxLayout, WidthsFromCarlitoMetrics) {
    // "Verantwoordelijk" in Carlito Regular: 7,046 em → at 11 pt 77,5 pt = 1550 twips, +4% = 1612.
    EXPECT_EQ(docx_layout::text_twips("Verantwoordelijk", false), 1613);
    EXPECT_GT(docx_layout::text_twips("Verantwoordelijk", true), docx_layout::text_twips("Verantwoordelijk", false));
    EXPECT_EQ(docx_layout::longest_word_twips("de Verantwoordelijk x", false), 1613);
    EXPECT_EQ(docx_layout::longest_line_twips("ab\nVerantwoordelijk", false), 1613);
    EXPECT_EQ(docx_layout::text_twips("", false), 1);
}

TEST(DocxLayout, NumbersAsPeopleWriteThem) {
    for (const char* n : {"61,7%", "+3,3%", "-2", "\xE2\x88\x92" "2", "6,25", "1.250", "3 jr", "50+", "\xE2\x82\xAC 40", "12"})
        EXPECT_TRUE(docx_layout::looks_numeric(n)) << n;
    for (const char* n : {"", "M3", "groen", "1,", "3,3 jaar", "23 november 2026", ",5"}) EXPECT_FALSE(docx_layout::looks_numeric(n)) << n;
    EXPECT_TRUE(docx_layout::numeric_cell("50%\n(48%)"));
    EXPECT_TRUE(docx_layout::numeric_cell("n.m.\n(6,1)"));
    EXPECT_FALSE(docx_layout::numeric_cell("n.m."));
    EXPECT_FALSE(docx_layout::numeric_cell("48% (30 september)"));
}

TEST(DocxLayout, ColumnsGetTheirWidestWordAndShortColumnsStayWhole) {
    // Everything fits: spread in proportion to the wanted widths.
    EXPECT_EQ(docx_layout::fit_columns({100, 100}, {300, 100}, 800), (std::vector<int>{600, 200}));
    // Too wide: the short column keeps its whole line, the long one takes the rest.
    EXPECT_EQ(docx_layout::fit_columns({100, 400, 100}, {200, 5000, 900}, 2000), (std::vector<int>{200, 900, 900}));
    EXPECT_EQ(docx_layout::fit_columns({100, 400, 100}, {200, 5000, 3000}, 2000), (std::vector<int>{200, 900, 900}));
    // Not even the words fit: scaled down.
    EXPECT_EQ(docx_layout::fit_columns({1000, 3000}, {1000, 3000}, 2000), (std::vector<int>{500, 1500}));
}

TEST(DocxReport, WideTableGetsALandscapeSectionWithItsHeading) {
    docx_report r;
    r.page_numbers("Pagina {PAGE} van {PAGES}");
    r.heading(1, "Smal");
    r.table({{"Naam", "Score"}, {"Consistente klantbeleving", "3,2"}});
    r.heading(1, "Breed");
    std::vector<std::string> header, row;
    for (int i = 0; i < 14; ++i) header.push_back("Verantwoordelijke" + std::to_string(i)), row.push_back("61,7%");
    r.table({header, row});
    r.heading(1, "Nog breder");
    r.table({header, row});
    r.paragraph("Weer staand.");
    const std::string doc = read_part(r.to_docx(), "word/document.xml");
    // portrait (Smal) | landscape (both wide tables with their headings) | portrait (the end): a
    // section ends with its w:sectPr, which says its orientation.
    std::vector<std::size_t> ends;
    for (auto at = doc.find("<w:sectPr>"); at != std::string::npos; at = doc.find("<w:sectPr>", at + 1)) ends.push_back(at);
    ASSERT_EQ(ends.size(), 3u) << doc;
    EXPECT_LT(doc.find(">Smal<"), ends[0]);
    EXPECT_GT(doc.find(">Breed<"), ends[0]);
    EXPECT_LT(doc.find(">Nog breder<"), ends[1]);
    EXPECT_GT(doc.find(">Weer staand.<"), ends[1]);
    const std::string ref = "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooter1\"/>";
    const std::string portrait = ref + "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>";
    const std::string landscape = ref + "<w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/>";
    EXPECT_EQ(doc.substr(ends[0], portrait.size()), portrait);
    EXPECT_EQ(doc.substr(ends[1], landscape.size()), landscape);
    EXPECT_EQ(doc.substr(ends[2], portrait.size()), portrait);
    EXPECT_NE(doc.find("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"), std::string::npos);
    EXPECT_NE(doc.find("<w:jc w:val=\"right\"/></w:pPr><w:r><w:t xml:space=\"preserve\">3,2<"), std::string::npos) << "numbers right-aligned";
    EXPECT_EQ(doc.find("<w:jc w:val=\"right\"/></w:pPr><w:r><w:t xml:space=\"preserve\">Consistente"), std::string::npos);
    const std::string footer = read_part(r.to_docx(), "word/footer1.xml");
    EXPECT_NE(footer.find("<w:fldSimple w:instr=\" PAGE \">"), std::string::npos);
    EXPECT_NE(footer.find("> van </w:t></w:r><w:fldSimple w:instr=\" NUMPAGES \">"), std::string::npos);
}

TEST(DocxReport, LandscapeFirstOrPinnedMakesNoEmptySection) {
    docx_report r;
    std::vector<std::string> header(14, "Verantwoordelijke");
    r.table({header});  // the first thing: the first section is simply landscape
    r.landscape(true);
    r.paragraph("nog liggend");
    r.landscape(false);
    r.landscape(true);  // switched back before anything was written: no section at all
    r.paragraph("liggend");
    const std::string doc = read_part(r.to_docx(), "word/document.xml");
    EXPECT_EQ(doc.find("<w:sectPr>"), doc.rfind("<w:sectPr>")) << "one section only:\n" << doc;
    EXPECT_NE(doc.find("w:orient=\"landscape\""), std::string::npos);
}

TEST(DocxReport, NotAPngIsRefused) {
    docx_report r;
    try {
        r.image("GIF89a....................", 5, "plaatje");
        ADD_FAILURE();
    } catch (const error& e) {
        EXPECT_EQ(e.message(), "the image is not a PNG file");
    }
}

TEST(DocxReport, TemplateStylesAreFoundByName) {
    // pandoc's reference styles use English ids; the built-in session template uses Dutch ids
    const docx_report p = docx_report::with_styles_of(test::read_fixture("template/pandoc_template.docx"), "pandoc_template.docx");
    EXPECT_EQ(p.style_id("heading1"), "Heading1");
    EXPECT_EQ(p.style_id("heading2"), "Heading2");
    EXPECT_EQ(p.style_id("title"), "Title");
    EXPECT_EQ(p.style_id("table"), "kibTabelraster");  // pandoc has "Table", not "Table Grid": kib adds its own

    const auto files = builtin_template_files("baateigenaar");
    std::vector<zip_item> items;
    for (const auto& [name, bytes] : files) items.push_back(zip_item{name, nullptr, bytes});
    docx_report r = docx_report::with_styles_of(write_zip(items), "builtin:baateigenaar");
    EXPECT_EQ(r.style_id("heading1"), "Kop1");
    EXPECT_EQ(r.style_id("table"), "Tabelraster");
    EXPECT_EQ(r.style_id("list"), "Lijstalinea");  // "List Paragraph" when there is no "List Bullet"
    r.heading(1, "Kop uit sjabloon");
    const std::string docx = r.to_docx();
    const std::string styles = read_part(docx, "word/styles.xml");
    EXPECT_NE(styles.find("<w:style w:type=\"paragraph\" w:styleId=\"Kop1\"><w:name w:val=\"heading 1\"/>"), std::string::npos);
    EXPECT_EQ(r.style_id("title"), "Titel");
    EXPECT_EQ(styles.find("w:styleId=\"kib"), std::string::npos) << "the template has every role: nothing added";
}

TEST(DocxReport, OpensInLibreOffice) {
    const std::string pdf = test::render_with_libreoffice(sample_report().to_docx(), "report");
    for (const char* s : {"Voortgangsrapportage Klant in Beeld", "1. Samenvatting", "Score gemiddeld: 3,2 & stijgend.", "Baateigenaren benoemd",
                          "Consistente", "Outside-in cultuur", "2. Volwassenheid", "Volwassenheid per thema", "Sturen",
                          "Prioriteit Hoog per sector", "ZAK"})
        EXPECT_NE(pdf.find(s), std::string::npos) << s << "\n" << pdf;
    // the page break puts chapter 2 on page 2
    const auto ff = pdf.find('\f');
    ASSERT_NE(ff, std::string::npos);
    EXPECT_LT(pdf.find("Outside-in cultuur"), ff);
    EXPECT_GT(pdf.find("2. Volwassenheid"), ff);
}

}  // namespace
}  // namespace kib
