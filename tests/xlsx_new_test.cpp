// Tests of the new-workbook writer (writers/xlsx_new.hpp) and its part writers.
// Tier 1 (libxlsxwriter style): one element writer or one whole small part, exact XML.
// Tier 2: the saved file read back with kib::workbook / kib::package.
// Tier 3: LibreOffice headless converts the file (CSV per sheet, PDF, and XLSX again) and
//         shows the values and the charts' series. These FAIL when soffice is missing.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include "readers/error.hpp"
#include "readers/package.hpp"
#include "readers/xlsx.hpp"
#include "readers/xlsx_parts.hpp"
#include "readers/xml_pull.hpp"
#include "writers/chart.hpp"
#include "writers/docprops_parts.hpp"
#include "writers/drawing_part.hpp"
#include "writers/opc_parts.hpp"
#include "writers/shared_strings_part.hpp"
#include "writers/styles_part.hpp"
#include "writers/workbook_part.hpp"
#include "writers/worksheet_part.hpp"
#include "writers/xlsx_new.hpp"
#include "writers/xml_emit.hpp"
#include "lo_util.hpp"

namespace fs = std::filesystem;
using kib::detail::xml_emit;

namespace {

const std::string decl = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

// Runs an element writer into a fresh string.
template <class F>
std::string emit(F&& f) {
    std::string out;
    xml_emit w(out);
    f(w);
    return out;
}

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// A fresh folder under the system temp folder, removed at the end of the test program.
fs::path temp_dir(const std::string& tag) {
    std::random_device rd;
    const fs::path p = fs::temp_directory_path() / ("kib-newbook-" + tag + "-" + std::to_string(::getpid()) + "-" +
                                                     std::to_string(rd() % 1000000));
    fs::create_directories(p);
    return p;
}

// Expects fn to throw kib::error whose what() contains every needle.
template <class F>
void expect_error(F&& fn, std::initializer_list<std::string> needles,
                  kib::error_category cat = kib::error_category::bad_input) {
    try {
        fn();
        ADD_FAILURE() << "no kib::error thrown";
    } catch (const kib::error& e) {
        EXPECT_EQ(e.category(), cat) << e.what();
        for (const auto& n : needles) EXPECT_NE(std::string(e.what()).find(n), std::string::npos) << "'" << n << "' not in: " << e.what();
    }
}

}  // namespace

// ---------------------------------------------------------------- xml_emit

TEST(XmlEmit, EscapesTextAndAttributes) {
    EXPECT_EQ(emit([](xml_emit& w) { w.data("t", "a<b & c>d \"q\"", {{"x", "1 < 2 & \"3\"\n"}}); }),
              "<t x=\"1 &lt; 2 &amp; &quot;3&quot;&#10;\">a&lt;b &amp; c&gt;d \"q\"</t>");
    EXPECT_EQ(emit([](xml_emit& w) { w.empty("e"); }), "<e/>");
    EXPECT_EQ(emit([](xml_emit& w) {
                  w.start("a", {{"k", "v"}});
                  w.end("a");
              }),
              "<a k=\"v\"></a>");
    EXPECT_EQ(kib::detail::xml_number(12.5), "12.5");
    EXPECT_EQ(kib::detail::xml_number(-0.0), "0");
    EXPECT_EQ(kib::detail::xml_number(0.1 + 0.2), "0.30000000000000004");
}

// ---------------------------------------------------------------- styles.xml

TEST(StylesPart, ElementWriters) {
    using namespace kib::writers::styles;
    EXPECT_EQ(emit([](xml_emit& w) { write_num_fmt(w, 164, "0.0"); }), "<numFmt numFmtId=\"164\" formatCode=\"0.0\"/>");
    kib::cell_style s;
    s.bold = true;
    s.font_color = "c00000";
    EXPECT_EQ(emit([&](xml_emit& w) { write_font(w, s); }),
              "<font><b/><sz val=\"11\"/><color rgb=\"FFC00000\"/><name val=\"Calibri\"/><family val=\"2\"/></font>");
    EXPECT_EQ(emit([](xml_emit& w) { write_fill(w, "solid", "ddebf7"); }),
              "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFDDEBF7\"/><bgColor indexed=\"64\"/></patternFill></fill>");
    EXPECT_EQ(emit([](xml_emit& w) { write_fill(w, "gray125", ""); }), "<fill><patternFill patternType=\"gray125\"/></fill>");
    EXPECT_EQ(emit([](xml_emit& w) { write_border(w, kib::border_line::thin, ""); }),
              "<border><left style=\"thin\"><color indexed=\"64\"/></left><right style=\"thin\"><color indexed=\"64\"/></right>"
              "<top style=\"thin\"><color indexed=\"64\"/></top><bottom style=\"thin\"><color indexed=\"64\"/></bottom>"
              "<diagonal/></border>");
    kib::cell_style a;
    a.horizontal = kib::h_align::center;
    a.vertical = kib::v_align::top;
    a.wrap = true;
    EXPECT_EQ(emit([&](xml_emit& w) { write_xf(w, a, 0, 0, 0, 0); }),
              "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyAlignment=\"1\">"
              "<alignment horizontal=\"center\" vertical=\"top\" wrapText=\"1\"/></xf>");
    EXPECT_EQ(emit([&](xml_emit& w) { write_xf(w, kib::cell_style{}, 9, 1, 2, 0); }),
              "<xf numFmtId=\"9\" fontId=\"1\" fillId=\"2\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" "
              "applyFont=\"1\" applyFill=\"1\"/>");
}

TEST(StylesPart, BuiltinNumberFormats) {
    using kib::writers::styles::builtin_num_fmt_id;
    EXPECT_EQ(builtin_num_fmt_id(""), 0);
    EXPECT_EQ(builtin_num_fmt_id("General"), 0);
    EXPECT_EQ(builtin_num_fmt_id("0%"), 9);
    EXPECT_EQ(builtin_num_fmt_id("#,##0.00"), 4);
    EXPECT_EQ(builtin_num_fmt_id("@"), 49);
    EXPECT_EQ(builtin_num_fmt_id("0.0"), -1);
    EXPECT_EQ(builtin_num_fmt_id(kib::dutch_date_format), -1);
}

TEST(StylesPart, DeduplicatesStylesAndPieces) {
    kib::writers::styles::style_table t;
    kib::cell_style pct;
    pct.number_format = "0%";
    kib::cell_style one;
    one.number_format = "0.0";
    one.bold = true;
    kib::cell_style one_fill = one;
    one_fill.fill_color = "FFC7CE";
    EXPECT_EQ(t.add(kib::cell_style{}), 0u);
    EXPECT_EQ(t.add(pct), 1u);
    EXPECT_EQ(t.add(one), 2u);
    EXPECT_EQ(t.add(pct), 1u);
    EXPECT_EQ(t.add(one_fill), 3u);
    EXPECT_EQ(t.add(one), 2u);
    EXPECT_EQ(kib::writers::styles::write_part(t),
              decl +
                  "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                  "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"0.0\"/></numFmts>"
                  "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
                  "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts>"
                  "<fills count=\"3\"><fill><patternFill patternType=\"none\"/></fill>"
                  "<fill><patternFill patternType=\"gray125\"/></fill>"
                  "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFFFC7CE\"/><bgColor indexed=\"64\"/></patternFill></fill></fills>"
                  "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
                  "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
                  "<cellXfs count=\"4\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
                  "<xf numFmtId=\"9\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
                  "<xf numFmtId=\"164\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" applyFont=\"1\"/>"
                  "<xf numFmtId=\"164\" fontId=\"1\" fillId=\"2\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" applyFont=\"1\" applyFill=\"1\"/>"
                  "</cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
                  "<dxfs count=\"0\"/><tableStyles count=\"0\" defaultTableStyle=\"TableStyleMedium2\" "
                  "defaultPivotStyle=\"PivotStyleLight16\"/></styleSheet>");
}

TEST(StylesPart, RefusesBadColours) {
    kib::writers::styles::style_table t;
    kib::cell_style s;
    s.fill_color = "rood";
    expect_error([&] { t.add(s); }, {"fill_color 'rood' is not a colour", "RRGGBB"});
    EXPECT_EQ(t.xfs().size(), 1u);
}

// ---------------------------------------------------------------- sharedStrings.xml

TEST(SharedStringsPart, EscapesWhatXmlCannotCarry) {
    using kib::writers::shared_strings::escape_x;
    EXPECT_EQ(escape_x("plain"), "plain");
    EXPECT_EQ(escape_x("a\rb"), "a_x000D_b");
    EXPECT_EQ(escape_x(std::string("x\x01y", 3)), "x_x0001_y");
    EXPECT_EQ(escape_x("_x0041_"), "_x005F_x0041_");
    EXPECT_EQ(escape_x("_x00G1_"), "_x00G1_");
    EXPECT_EQ(escape_x("tab\tnew\nline"), "tab\tnew\nline");
}

TEST(SharedStringsPart, WholePart) {
    kib::writers::shared_strings::string_table t;
    EXPECT_EQ(t.add("Pijler"), 0u);
    EXPECT_EQ(t.add(" ruimte "), 1u);
    EXPECT_EQ(t.add("Pijler"), 0u);
    EXPECT_EQ(t.add("R&D <x>"), 2u);
    EXPECT_EQ(kib::writers::shared_strings::write_part(t),
              decl +
                  "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"4\" uniqueCount=\"3\">"
                  "<si><t>Pijler</t></si><si><t xml:space=\"preserve\"> ruimte </t></si><si><t>R&amp;D &lt;x&gt;</t></si></sst>");
}

// ---------------------------------------------------------------- worksheet

TEST(WorksheetPart, CellWriters) {
    using namespace kib::writers::worksheet;
    cell_out n;
    n.kind = value_kind::number;
    n.number = 3.25;
    n.xf = 2;
    EXPECT_EQ(emit([&](xml_emit& w) { write_cell(w, "B7", n); }), "<c r=\"B7\" s=\"2\"><v>3.25</v></c>");
    cell_out s;
    s.kind = value_kind::shared_string;
    s.number = 4;
    EXPECT_EQ(emit([&](xml_emit& w) { write_cell(w, "A1", s); }), "<c r=\"A1\" t=\"s\"><v>4</v></c>");
    cell_out b;
    b.kind = value_kind::boolean;
    b.number = 1;
    EXPECT_EQ(emit([&](xml_emit& w) { write_cell(w, "C1", b); }), "<c r=\"C1\" t=\"b\"><v>1</v></c>");
    cell_out e;
    e.kind = value_kind::error;
    e.text = "#N/A";
    EXPECT_EQ(emit([&](xml_emit& w) { write_cell(w, "D1", e); }), "<c r=\"D1\" t=\"e\"><v>#N/A</v></c>");
    cell_out f;
    f.formula = "SUM(B2:B6)";
    EXPECT_EQ(emit([&](xml_emit& w) { write_cell(w, "B9", f); }), "<c r=\"B9\"><f>SUM(B2:B6)</f></c>");
    cell_out ft;
    ft.formula = "IF(B2>3,\"hoog\",\"laag\")";
    ft.kind = value_kind::formula_text;
    ft.text = "hoog";
    EXPECT_EQ(emit([&](xml_emit& w) { write_cell(w, "C2", ft); }),
              "<c r=\"C2\" t=\"str\"><f>IF(B2&gt;3,\"hoog\",\"laag\")</f><v>hoog</v></c>");
    cell_out blank;
    blank.xf = 3;
    EXPECT_EQ(emit([&](xml_emit& w) { write_cell(w, "E5", blank); }), "<c r=\"E5\" s=\"3\"/>");
}

TEST(WorksheetPart, FrozenPanes) {
    using namespace kib::writers::worksheet;
    worksheet_data d;
    d.selected = true;
    d.freeze_rows = 1;
    EXPECT_EQ(emit([&](xml_emit& w) { write_sheet_views(w, d); }),
              "<sheetViews><sheetView tabSelected=\"1\" workbookViewId=\"0\">"
              "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
              "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/></sheetView></sheetViews>");
    d.selected = false;
    d.freeze_cols = 2;
    EXPECT_EQ(emit([&](xml_emit& w) { write_sheet_views(w, d); }),
              "<sheetViews><sheetView workbookViewId=\"0\">"
              "<pane xSplit=\"2\" ySplit=\"1\" topLeftCell=\"C2\" activePane=\"bottomRight\" state=\"frozen\"/>"
              "<selection pane=\"topRight\" activeCell=\"C1\" sqref=\"C1\"/>"
              "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/>"
              "<selection pane=\"bottomRight\" activeCell=\"C2\" sqref=\"C2\"/></sheetView></sheetViews>");
}

TEST(WorksheetPart, WholePartInSchemaOrder) {
    using namespace kib::writers::worksheet;
    worksheet_data d;
    d.selected = true;
    d.columns = {{3, 4, 12.5}, {1, 1, 30}};
    cell_out s;
    s.kind = value_kind::shared_string;
    d.rows[1][1] = s;
    cell_out n;
    n.kind = value_kind::number;
    n.number = 7;
    d.rows[2][2] = n;
    d.autofilter = "A1:B2";
    d.merged = {"C1:D1"};
    d.hyperlinks = {{"A3", "rId1", "", "Open"}, {"A4", "", "'KPI''s'!A1", ""}};
    d.drawing_rel_id = "rId2";
    EXPECT_EQ(write_part(d),
              decl +
                  "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                  "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
                  "<dimension ref=\"A1:B2\"/><sheetViews><sheetView tabSelected=\"1\" workbookViewId=\"0\"/></sheetViews>"
                  "<sheetFormatPr defaultRowHeight=\"15\"/>"
                  "<cols><col min=\"1\" max=\"1\" width=\"30\" customWidth=\"1\"/><col min=\"3\" max=\"4\" width=\"12.5\" customWidth=\"1\"/></cols>"
                  "<sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row><row r=\"2\"><c r=\"B2\"><v>7</v></c></row></sheetData>"
                  "<autoFilter ref=\"A1:B2\"/><mergeCells count=\"1\"><mergeCell ref=\"C1:D1\"/></mergeCells>"
                  "<hyperlinks><hyperlink ref=\"A3\" r:id=\"rId1\" tooltip=\"Open\"/><hyperlink ref=\"A4\" location=\"'KPI''s'!A1\"/></hyperlinks>"
                  "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
                  "<drawing r:id=\"rId2\"/></worksheet>");
}

// ---------------------------------------------------------------- workbook, docProps, OPC parts

TEST(WorkbookPart, WholePart) {
    kib::writers::workbook::workbook_data d;
    d.sheets = {{"Pijlers", 1, "rId1"}, {"KPI's", 2, "rId2"}};
    d.names = {{"_xlnm._FilterDatabase", "Pijlers!$A$1:$D$6", 0, true}};
    d.full_calc_on_load = true;
    EXPECT_EQ(kib::writers::workbook::write_part(d),
              decl +
                  "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                  "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><workbookPr/>"
                  "<bookViews><workbookView xWindow=\"240\" yWindow=\"15\" windowWidth=\"16095\" windowHeight=\"9660\"/></bookViews>"
                  "<sheets><sheet name=\"Pijlers\" sheetId=\"1\" r:id=\"rId1\"/><sheet name=\"KPI's\" sheetId=\"2\" r:id=\"rId2\"/></sheets>"
                  "<definedNames><definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"0\" hidden=\"1\">Pijlers!$A$1:$D$6</definedName></definedNames>"
                  "<calcPr calcId=\"191029\" fullCalcOnLoad=\"1\"/></workbook>");
}

TEST(DocPropsParts, CoreAndApp) {
    kib::writers::core_properties c;
    c.title = "Voortgang pijlers november 2026";
    c.created = "2026-11-23T05:40:00Z";
    EXPECT_EQ(kib::writers::core_props::write_part(c),
              decl +
                  "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
                  "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
                  "xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
                  "<dc:title>Voortgang pijlers november 2026</dc:title><dc:creator>kib</dc:creator>"
                  "<dc:language>nl-NL</dc:language><cp:lastModifiedBy>kib</cp:lastModifiedBy>"
                  "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-11-23T05:40:00Z</dcterms:created>"
                  "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2026-11-23T05:40:00Z</dcterms:modified></cp:coreProperties>");
    EXPECT_EQ(emit([](xml_emit& w) { kib::writers::app_props::write_titles_of_parts(w, {"Pijlers", "KPI's"}); }),
              "<TitlesOfParts><vt:vector size=\"2\" baseType=\"lpstr\"><vt:lpstr>Pijlers</vt:lpstr>"
              "<vt:lpstr>KPI's</vt:lpstr></vt:vector></TitlesOfParts>");
    EXPECT_EQ(emit([](xml_emit& w) { kib::writers::app_props::write_heading_pairs(w, 2); }),
              "<HeadingPairs><vt:vector size=\"2\" baseType=\"variant\"><vt:variant><vt:lpstr>Werkbladen</vt:lpstr></vt:variant>"
              "<vt:variant><vt:i4>2</vt:i4></vt:variant></vt:vector></HeadingPairs>");
}

TEST(OpcParts, RelationshipsAndContentTypes) {
    using namespace kib::writers;
    EXPECT_EQ(rels::write_part({{"rId1", "http://x/hyperlink", "https://example.nl/?a=1&b=2", true}}),
              decl +
                  "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                  "<Relationship Id=\"rId1\" Type=\"http://x/hyperlink\" Target=\"https://example.nl/?a=1&amp;b=2\" "
                  "TargetMode=\"External\"/></Relationships>");
    content_types_data d;
    d.defaults = {{"xml", "application/xml"}};
    d.overrides = {{"/xl/charts/chart1.xml", std::string(kib::chart_content_type)}};
    EXPECT_EQ(content_types::write_part(d),
              decl +
                  "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                  "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                  "<Override PartName=\"/xl/charts/chart1.xml\" "
                  "ContentType=\"application/vnd.openxmlformats-officedocument.drawingml.chart+xml\"/></Types>");
}

TEST(DrawingPart, TwoCellAnchor) {
    kib::writers::drawing::chart_anchor a;
    a.from_col = 4;
    a.from_row = 1;
    a.to_col = 12;
    a.to_row = 20;
    a.name = "Grafiek 1";
    a.rel_id = "rId1";
    EXPECT_EQ(emit([&](xml_emit& w) { kib::writers::drawing::write_two_cell_anchor(w, a); }),
              "<xdr:twoCellAnchor editAs=\"oneCell\">"
              "<xdr:from><xdr:col>4</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>"
              "<xdr:to><xdr:col>12</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>20</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>"
              "<xdr:graphicFrame macro=\"\"><xdr:nvGraphicFramePr><xdr:cNvPr id=\"2\" name=\"Grafiek 1\"/><xdr:cNvGraphicFramePr/>"
              "</xdr:nvGraphicFramePr><xdr:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"0\" cy=\"0\"/></xdr:xfrm>"
              "<a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/chart\">"
              "<c:chart xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" "
              "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" r:id=\"rId1\"/>"
              "</a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>");
}

// ---------------------------------------------------------------- chart part

namespace {

kib::chart_series score_series() {
    kib::chart_series s;
    s.name = "Score";
    s.name_ref = "Pijlers!$B$1";
    s.categories = {"Bestuur", "Zorg"};
    s.categories_ref = "Pijlers!$A$2:$A$3";
    s.values = {3.2, std::nan("")};
    s.values_ref = "Pijlers!$B$2:$B$3";
    return s;
}

}  // namespace

TEST(ChartPart, SeriesReferencesCarryCachedValues) {
    using namespace kib::writers::chart;
    const kib::chart_series s = score_series();
    EXPECT_EQ(emit([&](xml_emit& w) { write_series_tx(w, s); }),
              "<c:tx><c:strRef><c:f>Pijlers!$B$1</c:f><c:strCache><c:ptCount val=\"1\"/>"
              "<c:pt idx=\"0\"><c:v>Score</c:v></c:pt></c:strCache></c:strRef></c:tx>");
    EXPECT_EQ(emit([&](xml_emit& w) { write_cat(w, s); }),
              "<c:cat><c:strRef><c:f>Pijlers!$A$2:$A$3</c:f><c:strCache><c:ptCount val=\"2\"/>"
              "<c:pt idx=\"0\"><c:v>Bestuur</c:v></c:pt><c:pt idx=\"1\"><c:v>Zorg</c:v></c:pt></c:strCache></c:strRef></c:cat>");
    // The NaN is a gap: counted in ptCount, no c:pt.
    EXPECT_EQ(emit([&](xml_emit& w) { write_val(w, s, "0.0"); }),
              "<c:val><c:numRef><c:f>Pijlers!$B$2:$B$3</c:f><c:numCache><c:formatCode>0.0</c:formatCode>"
              "<c:ptCount val=\"2\"/><c:pt idx=\"0\"><c:v>3.2</c:v></c:pt></c:numCache></c:numRef></c:val>");
}

TEST(ChartPart, LiteralDataWithoutWorkbook) {
    using namespace kib::writers::chart;
    kib::chart_series s;
    s.name = "Doel";
    s.categories = {"Q1"};
    s.values = {10};
    EXPECT_EQ(emit([&](xml_emit& w) { write_series_tx(w, s); }), "<c:tx><c:v>Doel</c:v></c:tx>");
    EXPECT_EQ(emit([&](xml_emit& w) { write_cat(w, s); }),
              "<c:cat><c:strLit><c:ptCount val=\"1\"/><c:pt idx=\"0\"><c:v>Q1</c:v></c:pt></c:strLit></c:cat>");
    EXPECT_EQ(emit([&](xml_emit& w) { write_val(w, s, "General"); }),
              "<c:val><c:numLit><c:formatCode>General</c:formatCode><c:ptCount val=\"1\"/>"
              "<c:pt idx=\"0\"><c:v>10</c:v></c:pt></c:numLit></c:val>");
}

TEST(ChartPart, TitlesAndLegend) {
    using namespace kib::writers::chart;
    EXPECT_EQ(emit([](xml_emit& w) { write_title(w, "Score", "nl-NL", true); }),
              "<c:title><c:tx><c:rich><a:bodyPr rot=\"-5400000\" vert=\"horz\"/><a:lstStyle/><a:p><a:pPr><a:defRPr/></a:pPr>"
              "<a:r><a:rPr lang=\"nl-NL\"/><a:t>Score</a:t></a:r></a:p></c:rich></c:tx><c:overlay val=\"0\"/></c:title>");
    EXPECT_EQ(emit([](xml_emit& w) { write_legend(w, kib::legend_position::bottom); }),
              "<c:legend><c:legendPos val=\"b\"/><c:overlay val=\"0\"/></c:legend>");
    EXPECT_EQ(emit([](xml_emit& w) { write_legend(w, kib::legend_position::none); }), "");
    EXPECT_EQ(emit([](xml_emit& w) { write_lang(w, "nl-NL"); }), "<c:lang val=\"nl-NL\"/>");
    EXPECT_EQ(emit([](xml_emit& w) { write_external_data(w, "rId1"); }),
              "<c:externalData r:id=\"rId1\"><c:autoUpdate val=\"0\"/></c:externalData>");
}

TEST(ChartPart, KindsChooseTheirChartElement) {
    using namespace kib::writers::chart;
    kib::chart_spec spec;
    kib::chart_series s;
    s.name = "S";
    s.values = {1};
    s.color = "2e75b6";
    spec.series = {s};
    spec.kind = kib::chart_kind::bar;
    EXPECT_EQ(emit([&](xml_emit& w) { write_type_chart(w, spec); }),
              "<c:barChart><c:barDir val=\"bar\"/><c:grouping val=\"clustered\"/><c:varyColors val=\"0\"/>"
              "<c:ser><c:idx val=\"0\"/><c:order val=\"0\"/><c:tx><c:v>S</c:v></c:tx>"
              "<c:spPr><a:solidFill><a:srgbClr val=\"2E75B6\"/></a:solidFill></c:spPr><c:invertIfNegative val=\"0\"/>"
              "<c:val><c:numLit><c:formatCode>General</c:formatCode><c:ptCount val=\"1\"/><c:pt idx=\"0\"><c:v>1</c:v></c:pt>"
              "</c:numLit></c:val></c:ser><c:gapWidth val=\"150\"/>"
              "<c:axId val=\"50010001\"/><c:axId val=\"50010002\"/></c:barChart>");
    spec.kind = kib::chart_kind::radar_filled;
    spec.series[0].color.clear();
    EXPECT_EQ(emit([&](xml_emit& w) { write_type_chart(w, spec); }),
              "<c:radarChart><c:radarStyle val=\"filled\"/><c:varyColors val=\"0\"/>"
              "<c:ser><c:idx val=\"0\"/><c:order val=\"0\"/><c:tx><c:v>S</c:v></c:tx>"
              "<c:spPr><a:solidFill><a:srgbClr val=\"4472C4\"/></a:solidFill></c:spPr>"
              "<c:val><c:numLit><c:formatCode>General</c:formatCode><c:ptCount val=\"1\"/><c:pt idx=\"0\"><c:v>1</c:v></c:pt>"
              "</c:numLit></c:val></c:ser><c:axId val=\"50010001\"/><c:axId val=\"50010002\"/></c:radarChart>");
    spec.kind = kib::chart_kind::line;
    const std::string line = emit([&](xml_emit& w) { write_type_chart(w, spec); });
    EXPECT_EQ(line.rfind("<c:lineChart><c:grouping val=\"standard\"/><c:varyColors val=\"0\"/><c:ser>", 0), 0u) << line;
    EXPECT_NE(line.find("</c:val><c:smooth val=\"0\"/></c:ser><c:marker val=\"1\"/><c:axId"), std::string::npos) << line;
    // A line series without a colour gets the first default colour on its line and markers.
    EXPECT_NE(line.find("<c:tx><c:v>S</c:v></c:tx><c:spPr><a:ln w=\"28575\" cap=\"rnd\"><a:solidFill><a:srgbClr val=\"4472C4\"/>"
                        "</a:solidFill><a:round/></a:ln></c:spPr><c:marker><c:symbol val=\"circle\"/><c:size val=\"6\"/>"
                        "<c:spPr><a:solidFill><a:srgbClr val=\"4472C4\"/></a:solidFill></c:spPr></c:marker><c:val>"),
              std::string::npos)
        << line;
    EXPECT_EQ(kib::writers::chart::default_series_color(1), "ED7D31");
    EXPECT_EQ(kib::writers::chart::default_series_color(6), "4472C4");
}

TEST(ChartPart, WholePart) {
    kib::chart_spec spec;
    spec.kind = kib::chart_kind::column;
    spec.legend = kib::legend_position::none;
    kib::chart_series s;
    s.name = "N";
    s.values = {2};
    spec.series = {s};
    spec.external_data_rel_id = "rId1";
    EXPECT_EQ(kib::writers::chart::write_chart_part(spec),
              decl +
                  "<c:chartSpace xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" "
                  "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" "
                  "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
                  "<c:date1904 val=\"0\"/><c:lang val=\"nl-NL\"/><c:roundedCorners val=\"0\"/>"
                  "<c:chart><c:autoTitleDeleted val=\"1\"/><c:plotArea><c:layout/>"
                  "<c:barChart><c:barDir val=\"col\"/><c:grouping val=\"clustered\"/><c:varyColors val=\"0\"/>"
                  "<c:ser><c:idx val=\"0\"/><c:order val=\"0\"/><c:tx><c:v>N</c:v></c:tx>"
                  "<c:spPr><a:solidFill><a:srgbClr val=\"4472C4\"/></a:solidFill></c:spPr><c:invertIfNegative val=\"0\"/>"
                  "<c:val><c:numLit><c:formatCode>General</c:formatCode><c:ptCount val=\"1\"/><c:pt idx=\"0\"><c:v>2</c:v></c:pt>"
                  "</c:numLit></c:val></c:ser><c:gapWidth val=\"150\"/><c:axId val=\"50010001\"/><c:axId val=\"50010002\"/></c:barChart>"
                  "<c:catAx><c:axId val=\"50010001\"/><c:scaling><c:orientation val=\"minMax\"/></c:scaling><c:delete val=\"0\"/>"
                  "<c:axPos val=\"b\"/><c:numFmt formatCode=\"General\" sourceLinked=\"1\"/><c:majorTickMark val=\"out\"/>"
                  "<c:minorTickMark val=\"none\"/><c:tickLblPos val=\"nextTo\"/><c:crossAx val=\"50010002\"/>"
                  "<c:crosses val=\"autoZero\"/><c:auto val=\"1\"/><c:lblAlgn val=\"ctr\"/><c:lblOffset val=\"100\"/>"
                  "<c:noMultiLvlLbl val=\"0\"/></c:catAx>"
                  "<c:valAx><c:axId val=\"50010002\"/><c:scaling><c:orientation val=\"minMax\"/></c:scaling><c:delete val=\"0\"/>"
                  "<c:axPos val=\"l\"/><c:majorGridlines/><c:numFmt formatCode=\"General\" sourceLinked=\"0\"/>"
                  "<c:majorTickMark val=\"out\"/><c:minorTickMark val=\"none\"/><c:tickLblPos val=\"nextTo\"/>"
                  "<c:crossAx val=\"50010001\"/><c:crosses val=\"autoZero\"/><c:crossBetween val=\"between\"/></c:valAx>"
                  "</c:plotArea><c:plotVisOnly val=\"1\"/><c:dispBlanksAs val=\"gap\"/></c:chart>"
                  "<c:externalData r:id=\"rId1\"><c:autoUpdate val=\"0\"/></c:externalData></c:chartSpace>");
}

TEST(ChartPart, RefusesSpecsNoViewerWouldRender) {
    kib::chart_spec spec;
    spec.title = "Leeg";
    expect_error([&] { kib::validate(spec, "chart"); }, {"chart 'Leeg'", "the chart has no series"});
    kib::chart_series s;
    s.name = "Score";
    s.values = {1, 2, 3};
    s.categories = {"a", "b"};
    spec.series = {s};
    expect_error([&] { kib::validate(spec, "chart"); }, {"series 1 'Score'", "3 values but 2 categories"});
    spec.series[0].categories.clear();
    spec.series[0].color = "#2E75B6";
    expect_error([&] { kib::writers::chart::write_chart_part(spec); }, {"colour '#2E75B6'", "RRGGBB"});
    spec.series[0].color.clear();
    spec.value_min = 5;
    spec.value_max = 1;
    expect_error([&] { kib::validate(spec, "chart"); }, {"minimum is not below its maximum"});
}

// ---------------------------------------------------------------- API: names and bad requests

TEST(NewWorkbook, SheetNamesAreChecked) {
    kib::new_workbook wb;
    wb.add_sheet("Pijlers");
    expect_error([&] { wb.add_sheet("PIJLERS"); }, {"sheet name 'PIJLERS'", "already has a sheet named 'Pijlers'"});
    expect_error([&] { wb.add_sheet(std::string(32, 'x')); }, {"32 characters; Excel allows at most 31", "shorten"});
    EXPECT_NO_THROW(wb.add_sheet(std::string(31, 'x')));
    // 31 characters of two bytes each: counted as characters, not bytes.
    std::string accents;
    for (int i = 0; i < 31; ++i) accents += "\xC3\xA9";
    EXPECT_NO_THROW(wb.add_sheet(accents));
    for (char c : std::string("[]:*?/\\"))
        expect_error([&] { wb.add_sheet(std::string("KPI") + c + "2026"); }, {std::string("contains '") + c + "'", "remove the characters"});
    expect_error([&] { wb.add_sheet(""); }, {"cannot be empty"});
    expect_error([&] { wb.add_sheet("'Doelen"); }, {"apostrophe"});
    expect_error([&] { wb.add_sheet("history"); }, {"reserves the sheet name 'History'"});
    EXPECT_NO_THROW(wb.add_sheet("KPI's"));
    EXPECT_EQ(wb.sheet_count(), 4u);
    EXPECT_EQ(wb.sheet("kpi'S").name(), "KPI's");
    expect_error([&] { wb.sheet("Begroting"); }, {"no sheet named 'Begroting'", "the sheets are: Pijlers"});
}

TEST(NewWorkbook, BadCellRequestsNameTheCell) {
    kib::new_workbook wb;
    auto& s = wb.add_sheet("KPI's");
    expect_error([&] { s.set_number(0, 1, 1); }, {"R0C1", "out of range", "1-based"});
    expect_error([&] { s.set_number(1, 16385, 1); }, {"out of range"});
    expect_error([&] { s.set_number(7, 2, std::nan("")); }, {"'KPI''s'!B7", "not finite"});
    expect_error([&] { s.set_text(7, 2, std::string(32768, 'a')); }, {"'KPI''s'!B7", "32768 characters", "32,767"});
    EXPECT_NO_THROW(s.set_text(7, 2, std::string(32767, 'a')));
    expect_error([&] { s.set_text(3, 3, "\xFF\xFE"); }, {"'KPI''s'!C3", "not valid UTF-8"});
    expect_error([&] { s.set_date(3, 3, "23-11-2026"); }, {"'KPI''s'!C3", "is not a date", "YYYY-MM-DD"});
    expect_error([&] { s.set_date(3, 3, 1.0); }, {"outside 1900-01-01"});
    expect_error([&] { s.set(4, 4, kib::cell_value::make_error("#FOUT")); }, {"'#FOUT' is not an Excel error value"});
    expect_error([&] { s.set("B0", kib::cell_value::make_number(1)); }, {"'B0' is not a cell reference"});
    kib::cell_style bad;
    bad.font_color = "blauw";
    expect_error([&] { s.set_text(2, 2, "x", bad); }, {"'KPI''s'!B2", "font_color 'blauw'"});
    s.merge("A1:C1");
    expect_error([&] { s.merge("C1:D2"); }, {"'KPI''s'!C1:D2", "overlaps the merged range A1:C1"});
    expect_error([&] { s.merge("B5"); }, {"at least two cells"});
    expect_error([&] { s.set_autofilter("D6:A1"); }, {"ends before it starts"});
    expect_error([&] { s.set_column_width(2, 1, 10); }, {"column range ends before it starts"});
    kib::chart_spec empty_chart;
    expect_error([&] { s.add_chart(empty_chart, "E2:L20"); }, {"'KPI''s'!E2:L20 chart", "no series"});
    kib::new_workbook none;
    expect_error([&] { none.save_buffer(); }, {"no sheets"});
}

TEST(NewWorkbook, SaveIsAtomicAndReportsIoErrors) {
    const fs::path dir = temp_dir("atomic");
    kib::new_workbook wb;
    wb.add_sheet("Blad1").set_number(1, 1, 42);
    expect_error([&] { wb.save((dir / "missing" / "x.xlsx").string()); }, {"does not exist", "create the folder"},
                 kib::error_category::io);
    // An existing target is replaced whole; no temporary file stays behind.
    const fs::path target = dir / "rapport.xlsx";
    { std::ofstream(target) << "oud"; }
    wb.save(target.string());
    EXPECT_EQ(read_file(target).substr(0, 2), "PK");
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++files;
    EXPECT_EQ(files, 1u);
    // The target is a folder: refused, and the folder is untouched.
    fs::create_directories(dir / "map.xlsx");
    expect_error([&] { wb.save((dir / "map.xlsx").string()); }, {"is a folder"}, kib::error_category::io);
    EXPECT_TRUE(fs::is_directory(dir / "map.xlsx"));
    fs::remove_all(dir);
}

// ---------------------------------------------------------------- the report workbook

namespace {

const char* const pillar_names[] = {"Bestuur", "Onderwijs", "Zorg", "Wonen", "Veiligheid"};
const double pillar_scores[] = {3.2, 4.1, 2.75, 3.9, 4.4};

// A small report like kib's: header styles, formats, dates, a formula, merges, links, 3 charts.
void build_report(kib::new_workbook& wb) {
    wb.set_title("Voortgang pijlers november 2026");
    wb.set_created("2026-11-23T05:40:00Z");
    auto& s = wb.add_sheet("Pijlers");
    kib::cell_style head;
    head.bold = true;
    head.fill_color = "1F4E79";
    head.font_color = "FFFFFF";
    head.border = kib::border_line::thin;
    const char* headers[] = {"Pijler", "Score", "Gemeten", "Aandeel", "Op koers"};
    for (std::uint32_t c = 1; c <= 5; ++c) s.set_text(1, c, headers[c - 1], head);
    kib::cell_style one_decimal;
    one_decimal.number_format = "[$-413]0.0";
    kib::cell_style percent;
    percent.number_format = "0%";
    for (std::uint32_t i = 0; i < 5; ++i) {
        const std::uint32_t r = i + 2;
        s.set_text(r, 1, pillar_names[i]);
        s.set_number(r, 2, pillar_scores[i], one_decimal);
        s.set_date(r, 3, "2026-11-23");
        s.set_number(r, 4, pillar_scores[i] / 5, percent);
        s.set_bool(r, 5, pillar_scores[i] >= 3);
    }
    kib::cell_style money;
    money.number_format = "[$-413]#,##0.00";
    s.set_number(7, 2, 1234.5, money);
    s.set_formula(8, 2, "SUM(B2:B6)", kib::cell_value::make_number(18.35), one_decimal);
    s.set_formula(9, 2, "AVERAGE(B2:B6)");  // no cached value: recalculated on open
    kib::cell_style title;
    title.bold = true;
    title.horizontal = kib::h_align::center;
    s.set_text(10, 1, "Samengevoegde toelichting", title);
    s.merge("A10:E10");
    s.set_hyperlink(11, 1, "https://example.nl/rapport?jaar=2026&maand=11", "Rapport online");
    s.set_internal_link(12, 1, "'KPI''s'!A1", "Naar KPI's");
    s.set_column_width(1, 1, 26);
    s.set_column_width(3, 3, 20);
    s.freeze_panes(1);
    s.set_autofilter("A1:E6");

    kib::chart_spec bars;
    bars.kind = kib::chart_kind::column;
    bars.title = "Score per pijler";
    bars.category_axis_title = "Pijler";
    bars.value_axis_title = "Scorewaarde";
    bars.value_min = 0;
    bars.value_max = 5;
    bars.series.push_back(s.column_series(1, 2, 6, 1, 2));
    s.add_chart(bars, "A14:E30");
    kib::chart_spec radar = bars;
    radar.kind = kib::chart_kind::radar_filled;
    radar.title = "Radar pijlers";
    radar.series[0].color = "2E75B6";
    s.add_chart(radar, "A32:E48");

    auto& k = wb.add_sheet("KPI's");
    k.set_text(1, 1, "Maand");
    k.set_text(1, 2, "Doelwaarde");
    k.set_text(1, 3, "Realisatie");
    for (std::uint32_t i = 0; i < 6; ++i) {
        k.set_text(i + 2, 1, std::string(1, 'M') += std::to_string(i + 1));
        k.set_number(i + 2, 2, 10 + i);
        k.set_number(i + 2, 3, 8 + i * 1.5);
    }
    k.set_column_width(1, 3, 14);
    kib::chart_spec line;
    line.kind = kib::chart_kind::line;
    line.title = "Realisatie tegen doel";
    line.value_axis_title = "Aantal dossiers";
    line.series.push_back(k.column_series(1, 2, 7, 1, 2));
    line.series.push_back(k.column_series(1, 2, 7, 1, 3));
    line.series[1].color = "C00000";
    k.add_chart(line, "A9:H25");

    auto& t = wb.add_sheet("Toelichting");
    t.set_text(1, 1, " spaties ");
    t.set_text(2, 1, "regel 1\nregel 2");
    t.set_text(3, 1, "_x0041_ blijft tekst");
    t.set_text(4, 1, "R&D <test> \"quotes\"");
    t.set_text(5, 1, std::string("bel\x07", 4));
    t.set_date(6, 1, "1900-01-15");
    t.set_date(7, 1, "1900-03-01");
    t.set_date(8, 1, "2026-11-23T14:30");
    t.set(9, 1, kib::cell_value::make_error("#N/A"));
    t.set_number(10, 1, -0.000125);
}

}  // namespace

TEST(NewWorkbook, ReadsBackWithKibWorkbook) {
    const fs::path dir = temp_dir("readback");
    const fs::path file = dir / "rapport.xlsx";
    kib::new_workbook wb;
    build_report(wb);
    wb.save(file.string());

    const kib::workbook book = kib::workbook::open(file.string());
    ASSERT_EQ(book.sheets().size(), 3u);
    EXPECT_EQ(book.sheets()[0].name, "Pijlers");
    EXPECT_EQ(book.sheets()[1].name, "KPI's");
    EXPECT_EQ(book.sheets()[2].name, "Toelichting");

    std::map<std::string, kib::cell> cells;
    const auto summary = book.for_each_row(book.sheet("Pijlers"), [&](const kib::row& r) {
        for (const auto& c : r.cells) cells[kib::xlsx::cell_ref(c.col, c.row)] = c;
    });
    EXPECT_EQ(cells["A1"].value, kib::cell_value::make_text("Pijler"));
    EXPECT_EQ(cells["A4"].value, kib::cell_value::make_text("Zorg"));
    EXPECT_EQ(cells["B4"].value, kib::cell_value::make_number(2.75));
    EXPECT_EQ(cells["C2"].value, kib::cell_value::make_date(*kib::iso_to_serial("2026-11-23")));
    EXPECT_EQ(cells["C2"].value.to_display(), "2026-11-23");
    EXPECT_EQ(cells["D6"].value.type, kib::cell_type::number);
    EXPECT_DOUBLE_EQ(cells["D6"].value.number, 4.4 / 5);
    EXPECT_EQ(cells["E4"].value, kib::cell_value::make_bool(false));
    EXPECT_EQ(cells["E5"].value, kib::cell_value::make_bool(true));
    EXPECT_EQ(cells["B8"].formula, "SUM(B2:B6)");
    EXPECT_EQ(cells["B8"].value, kib::cell_value::make_number(18.35));
    EXPECT_EQ(cells["B9"].formula, "AVERAGE(B2:B6)");
    EXPECT_EQ(cells["A11"].value, kib::cell_value::make_text("Rapport online"));
    EXPECT_EQ(summary.merged, std::vector<std::string>{"A10:E10"});
    EXPECT_EQ(summary.used_range(), "A1:E12");
    // Header and body styles differ; equal styles share one index.
    EXPECT_NE(cells["A1"].style, 0u);
    EXPECT_EQ(cells["A1"].style, cells["B1"].style);
    EXPECT_EQ(cells["B2"].style, cells["B8"].style);

    std::map<std::string, kib::cell_value> notes;
    book.for_each_row(book.sheet("Toelichting"), [&](const kib::row& r) {
        for (const auto& c : r.cells) notes[kib::xlsx::cell_ref(c.col, c.row)] = c.value;
    });
    EXPECT_EQ(notes["A1"], kib::cell_value::make_text(" spaties "));
    EXPECT_EQ(notes["A2"], kib::cell_value::make_text("regel 1\nregel 2"));
    EXPECT_EQ(notes["A3"], kib::cell_value::make_text("_x0041_ blijft tekst"));
    EXPECT_EQ(notes["A4"], kib::cell_value::make_text("R&D <test> \"quotes\""));
    EXPECT_EQ(notes["A5"], kib::cell_value::make_text(std::string("bel\x07", 4)));
    EXPECT_EQ(notes["A6"].to_display(), "1900-01-15");
    EXPECT_EQ(notes["A7"].to_display(), "1900-03-01");
    EXPECT_EQ(notes["A8"].to_display(), "2026-11-23T14:30:00");
    EXPECT_EQ(notes["A9"], kib::cell_value::make_error("#N/A"));
    EXPECT_EQ(notes["A10"], kib::cell_value::make_number(-0.000125));

    bool filter_name = false;
    for (const auto& n : book.defined_names())
        if (n.name == "_xlnm._FilterDatabase") {
            filter_name = true;
            EXPECT_EQ(n.scope, "Pijlers");
            EXPECT_EQ(n.value, "Pijlers!$A$1:$E$6");
            EXPECT_TRUE(n.hidden);
        }
    EXPECT_TRUE(filter_name);
    fs::remove_all(dir);
}

TEST(NewWorkbook, OverlappingColumnWidthsBecomeSeparateRuns) {
    kib::new_workbook wb;
    auto& s = wb.add_sheet("Blad1");
    s.set_column_width(1, 5, 12);
    s.set_column_width(3, 3, 30);
    s.set_column_width(7, 8, 12);
    const auto parts = wb.parts();
    const auto sheet = std::find_if(parts.begin(), parts.end(), [](const kib::zip_part& p) { return p.name == "xl/worksheets/sheet1.xml"; });
    ASSERT_NE(sheet, parts.end());
    EXPECT_NE(sheet->data.find("<cols><col min=\"1\" max=\"2\" width=\"12\" customWidth=\"1\"/>"
                               "<col min=\"3\" max=\"3\" width=\"30\" customWidth=\"1\"/>"
                               "<col min=\"4\" max=\"5\" width=\"12\" customWidth=\"1\"/>"
                               "<col min=\"7\" max=\"8\" width=\"12\" customWidth=\"1\"/></cols>"),
              std::string::npos)
        << sheet->data;
}

TEST(NewWorkbook, EqualWorkbooksGiveEqualBytes) {
    kib::new_workbook a, b;
    build_report(a);
    build_report(b);
    const std::string bytes = a.save_buffer();
    EXPECT_EQ(bytes, b.save_buffer());
    EXPECT_EQ(bytes, a.save_buffer());  // saving does not change the workbook
    b.sheet("Pijlers").set_number(2, 2, 3.3);
    EXPECT_NE(bytes, b.save_buffer());
}

TEST(NewWorkbook, PackageWiresChartsThroughRelationships) {
    kib::new_workbook wb;
    build_report(wb);
    const kib::package pkg = kib::package::open_buffer(wb.save_buffer(), "rapport.xlsx");
    EXPECT_EQ(pkg.entries().front().name, "[Content_Types].xml");
    EXPECT_EQ(pkg.main_part(), "xl/workbook.xml");

    std::string drawing, hyperlink;
    for (const auto& r : pkg.relationships("xl/worksheets/sheet1.xml")) {
        if (r.has_type("drawing")) drawing = r.target;
        if (r.has_type("hyperlink")) {
            hyperlink = r.target;
            EXPECT_TRUE(r.external);
        }
    }
    EXPECT_EQ(drawing, "xl/drawings/drawing1.xml");
    EXPECT_EQ(hyperlink, "https://example.nl/rapport?jaar=2026&maand=11");
    EXPECT_EQ(pkg.content_type(drawing), "application/vnd.openxmlformats-officedocument.drawing+xml");
    std::vector<std::string> charts;
    for (const auto& r : pkg.relationships(drawing))
        if (r.has_type("chart")) charts.push_back(r.target);
    ASSERT_EQ(charts, (std::vector<std::string>{"xl/charts/chart1.xml", "xl/charts/chart2.xml"}));
    EXPECT_EQ(pkg.content_type(charts[0]), kib::chart_content_type);
    const std::string chart1 = pkg.read(charts[0]);
    EXPECT_NE(chart1.find("<c:val><c:numRef><c:f>Pijlers!$B$2:$B$6</c:f><c:numCache><c:formatCode>General</c:formatCode>"
                          "<c:ptCount val=\"5\"/><c:pt idx=\"0\"><c:v>3.2</c:v></c:pt>"),
              std::string::npos);
    EXPECT_NE(chart1.find("<c:max val=\"5\"/><c:min val=\"0\"/>"), std::string::npos);
    EXPECT_NE(pkg.read(charts[1]).find("<c:radarStyle val=\"filled\"/>"), std::string::npos);
    const std::string core = pkg.read("docProps/core.xml");
    EXPECT_NE(core.find("<dc:title>Voortgang pijlers november 2026</dc:title><dc:creator>kib</dc:creator>"), std::string::npos);
    EXPECT_NE(pkg.read("docProps/app.xml").find("<Application>kib</Application>"), std::string::npos);
    // One formula has no cached value, so the workbook asks for recalculation on open.
    EXPECT_NE(pkg.read("xl/workbook.xml").find("<calcPr calcId=\"191029\" fullCalcOnLoad=\"1\"/>"), std::string::npos);
}

// ---------------------------------------------------------------- LibreOffice headless

namespace {

using kib::test::find_soffice;

// What LibreOffice makes of the report: CSV per sheet, PDF text, and the report saved again as
// .xlsx. Each conversion runs once per test process, only when a test asks for it (ctest runs
// every test in its own process, and each soffice start takes seconds).
class lo_session {
public:
    static lo_session& get() {
        static lo_session s;
        return s;
    }
    const std::string& soffice() const { return soffice_; }
    const std::string& log() const { return log_; }

    // Sheet name -> CSV text (cells as shown, i.e. formatted).
    const std::map<std::string, std::string>& csv() {
        if (csv_.empty()) {
            const fs::path out = dir_ / "csv";
            fs::create_directories(out);
            // Token 9 "true": cells as shown; token 12 "-1": every sheet to its own file.
            convert("'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1'", out);
            for (const char* sheet : {"Pijlers", "KPI's", "Toelichting"})
                csv_[sheet] = read_file(out / (std::string("rapport-") + sheet + ".csv"));
        }
        return csv_;
    }
    const std::string& pdf_text() {
        if (pdf_text_.empty()) {
            const fs::path out = dir_ / "pdf";
            fs::create_directories(out);
            convert("pdf", out);
            run("pdftotext -layout '" + (out / "rapport.pdf").string() + "' '" + (out / "rapport.txt").string() + "'");
            pdf_text_ = read_file(out / "rapport.txt");
        }
        return pdf_text_;
    }
    const fs::path& resaved() {
        if (resaved_.empty()) {
            const fs::path out = dir_ / "xlsx";
            fs::create_directories(out);
            convert("xlsx", out);
            resaved_ = out / "rapport.xlsx";
        }
        return resaved_;
    }

    // The text of any other file converted to PDF (same profile, own output folder).
    std::string pdf_text_of(const fs::path& file) {
        const fs::path out = dir_ / ("pdf-" + file.stem().string());
        fs::create_directories(out);
        run("'" + soffice_ + "' -env:UserInstallation=file://" + (dir_ / "profile").string() +
            " --headless --norestore --convert-to pdf --outdir '" + out.string() + "' '" + file.string() + "'");
        const fs::path pdf = out / (file.stem().string() + ".pdf"), txt = out / "text.txt";
        run("pdftotext -layout '" + pdf.string() + "' '" + txt.string() + "'");
        return read_file(txt);
    }
    const fs::path& dir() const { return dir_; }

    ~lo_session() {
        std::error_code ec;
        if (!dir_.empty()) fs::remove_all(dir_, ec);
    }

private:
    lo_session() : soffice_(find_soffice()) {
        if (soffice_.empty()) return;
        dir_ = temp_dir("soffice");
        kib::new_workbook wb;
        build_report(wb);
        wb.save((dir_ / "rapport.xlsx").string());
    }
    void run(const std::string& cmd) {
        const fs::path out = dir_ / "command.log";
        const int rc = std::system((cmd + " >'" + out.string() + "' 2>&1").c_str());
        log_ += "$ " + cmd + "\n" + read_file(out) + "(exit " + std::to_string(rc) + ")\n";
    }
    void convert(const std::string& to, const fs::path& out) {
        // A private profile: soffice instances sharing one profile block each other.
        run("'" + soffice_ + "' -env:UserInstallation=file://" + (dir_ / "profile").string() +
            " --headless --norestore --convert-to " + to + " --outdir '" + out.string() + "' '" +
            (dir_ / "rapport.xlsx").string() + "'");
    }

    std::string soffice_;
    fs::path dir_;
    std::string log_;
    std::map<std::string, std::string> csv_;
    std::string pdf_text_;
    fs::path resaved_;
};

// The text of every c:f element (chart formulas) and the local names of the chart-type elements.
void chart_refs(const std::string& xml, std::vector<std::string>& refs, std::vector<std::string>& kinds) {
    kib::xml::pull_parser p(xml);
    for (auto ev = p.next(); ev != kib::xml::pull_parser::event::eof; ev = p.next()) {
        if (ev != kib::xml::pull_parser::event::start) continue;
        const std::string_view name = p.local_name();
        if (name == "f")
            refs.emplace_back(p.element_text());
        else if (name == "barChart" || name == "lineChart" || name == "radarChart")
            kinds.emplace_back(name);
    }
}

#define REQUIRE_SOFFICE(r)                                                                                          \
    ASSERT_FALSE((r).soffice().empty()) << "LibreOffice (soffice) is not on PATH; these tests need it (apt install " \
                                         "libreoffice-calc)"

}  // namespace

TEST(NewWorkbookLibreOffice, CsvShowsFormattedValues) {
    lo_session& r = lo_session::get();
    REQUIRE_SOFFICE(r);
    const std::string& p = r.csv().at("Pijlers");
    ASSERT_FALSE(p.empty()) << r.log();
    std::vector<std::string> lines;
    std::stringstream ss(p);
    for (std::string line; std::getline(ss, line);) lines.push_back(line);
    ASSERT_GE(lines.size(), 12u) << p;
    EXPECT_EQ(lines[0], "Pijler,Score,Gemeten,Aandeel,Op koers");
    // [$-413] makes LibreOffice use Dutch separators and month names, whatever its own locale.
    EXPECT_EQ(lines[1], "Bestuur,\"3,2\",23 november 2026,64%,TRUE");
    EXPECT_EQ(lines[3], "Zorg,\"2,8\",23 november 2026,55%,FALSE");
    EXPECT_EQ(lines[6], ",\"1.234,50\",,,");
    EXPECT_EQ(lines[7], ",\"18,4\",,,");  // SUM recalculated: 18.35 shown with one decimal
    EXPECT_EQ(lines[8], ",3.67,,,");      // AVERAGE had no cached value: LibreOffice calculated it
    EXPECT_EQ(lines[9], "Samengevoegde toelichting,,,,");
    EXPECT_EQ(lines[10], "Rapport online,,,,");
    EXPECT_EQ(lines[11], "Naar KPI's,,,,");
    const std::string& k = r.csv().at("KPI's");
    EXPECT_EQ(k.substr(0, k.find('\n')), "Maand,Doelwaarde,Realisatie");
    EXPECT_NE(k.find("M6,15,15.5"), std::string::npos) << k;
    const std::string& t = r.csv().at("Toelichting");
    EXPECT_NE(t.find("\"R&D <test> \"\"quotes\"\"\""), std::string::npos) << t;
    EXPECT_NE(t.find("_x0041_ blijft tekst"), std::string::npos) << t;
    EXPECT_NE(t.find("\"regel 1\nregel 2\""), std::string::npos) << t;
    EXPECT_NE(t.find("#N/A"), std::string::npos) << t;
    // Not checked: 1900-01-15 (A6). The file holds Excel's serial 15, which Excel shows as
    // 15 januari 1900; LibreOffice does not count the fictitious 1900-02-29 and shows the day
    // before. kib's own reader gets it right (ReadsBackWithKibWorkbook).
    EXPECT_NE(t.find("1 maart 1900"), std::string::npos) << t;
    EXPECT_NE(t.find("23 november 2026 14:30"), std::string::npos) << t;
}

TEST(NewWorkbookLibreOffice, PdfShowsChartTitlesAndSeries) {
    lo_session& r = lo_session::get();
    REQUIRE_SOFFICE(r);
    const std::string& pdf = r.pdf_text();
    ASSERT_FALSE(pdf.empty()) << r.log();
    for (const char* text : {"Score per pijler", "Radar pijlers", "Scorewaarde", "Realisatie tegen doel", "Aantal dossiers",
                             "Veiligheid", "23 november 2026"})
        EXPECT_NE(pdf.find(text), std::string::npos) << "'" << text << "' not in the PDF text";
    // Series names show twice: in their header cell and in the chart's legend.
    const auto count = [&](std::string_view needle) {
        std::size_t n = 0;
        for (auto at = pdf.find(needle); at != std::string::npos; at = pdf.find(needle, at + 1)) ++n;
        return n;
    };
    EXPECT_EQ(count("Doelwaarde"), 2u) << pdf;
    EXPECT_EQ(count("Realisatie"), 3u) << pdf;  // header, legend, and the title "Realisatie tegen doel"
}

TEST(NewWorkbookLibreOffice, ChartsSurviveALibreOfficeRoundTrip) {
    lo_session& r = lo_session::get();
    REQUIRE_SOFFICE(r);
    const fs::path& resaved = r.resaved();
    ASSERT_TRUE(fs::exists(resaved)) << r.log();
    const kib::package pkg = kib::package::open(resaved.string());
    const kib::workbook book = kib::workbook::open(resaved.string());
    std::vector<std::string> refs, kinds;
    for (const auto& sheet : book.sheets())
        for (const auto& rel : pkg.relationships(sheet.part))
            if (rel.has_type("drawing"))
                for (const auto& crel : pkg.relationships(rel.target))
                    if (crel.has_type("chart")) chart_refs(pkg.read(crel.target), refs, kinds);
    EXPECT_EQ(kinds, (std::vector<std::string>{"barChart", "radarChart", "lineChart"}));
    const std::vector<std::string> expected{
        "Pijlers!$B$1",      "Pijlers!$A$2:$A$6",   "Pijlers!$B$2:$B$6",    // column chart
        "Pijlers!$B$1",      "Pijlers!$A$2:$A$6",   "Pijlers!$B$2:$B$6",    // radar chart
        "'KPI''s'!$B$1",     "'KPI''s'!$A$2:$A$7",  "'KPI''s'!$B$2:$B$7",   // line: Doelwaarde
        "'KPI''s'!$C$1",     "'KPI''s'!$A$2:$A$7",  "'KPI''s'!$C$2:$C$7"};  // line: Realisatie
    EXPECT_EQ(refs, expected);
    // And the values LibreOffice wrote back are the report's.
    std::map<std::string, kib::cell_value> cells;
    book.for_each_row(book.sheet("Pijlers"), [&](const kib::row& row) {
        for (const auto& c : row.cells) cells[kib::xlsx::cell_ref(c.col, c.row)] = c.value;
    });
    EXPECT_EQ(cells["B4"], kib::cell_value::make_number(2.75));
    EXPECT_EQ(cells["C2"], kib::cell_value::make_date(*kib::iso_to_serial("2026-11-23")));
    EXPECT_EQ(cells["B9"].to_display().substr(0, 4), "3.67");
}

// ---------------------------------------------------------------- chart data for DOCX charts

TEST(EmbedChartData, WorkbookAndRefsForALiteralChart) {
    kib::chart_spec spec;
    spec.kind = kib::chart_kind::radar;
    spec.title = "Pijlers 2026";
    kib::chart_series a;
    a.name = "Doel";
    a.categories = {"Bestuur", "Zorg", "Wonen"};
    a.values = {4, 3.5, 4};
    kib::chart_series b = a;
    b.name = "Realisatie";
    b.values = {3.2, std::nan(""), 3.9};
    spec.series = {a, b};
    const kib::embedded_chart e = kib::embed_chart_data(spec);
    EXPECT_EQ(e.spec.series[0].name_ref, "Blad1!$B$1");
    EXPECT_EQ(e.spec.series[0].categories_ref, "Blad1!$A$2:$A$4");
    EXPECT_EQ(e.spec.series[1].values_ref, "Blad1!$C$2:$C$4");
    EXPECT_EQ(e.spec.series[1].values.size(), 3u);  // cached values kept
    const std::string chart = kib::writers::chart::write_chart_part(e.spec);
    EXPECT_NE(chart.find("<c:val><c:numRef><c:f>Blad1!$C$2:$C$4</c:f><c:numCache><c:formatCode>General</c:formatCode>"
                         "<c:ptCount val=\"3\"/><c:pt idx=\"0\"><c:v>3.2</c:v></c:pt><c:pt idx=\"2\"><c:v>3.9</c:v></c:pt>"),
              std::string::npos)
        << chart;

    const kib::workbook book = kib::workbook::open(kib::package::open_buffer(e.xlsx, "embedded.xlsx"));
    const auto rows = book.read_rows(book.sheet("Blad1"));
    ASSERT_EQ(rows.size(), 4u);
    ASSERT_EQ(rows[0].cells.size(), 2u);  // A1 stays empty, as in Word's own chart sheets
    EXPECT_EQ(rows[0].cells[0].col, 2u);
    EXPECT_EQ(rows[0].cells[0].value, kib::cell_value::make_text("Doel"));
    EXPECT_EQ(rows[0].cells[1].value, kib::cell_value::make_text("Realisatie"));
    EXPECT_EQ(rows[1].cells[0].value, kib::cell_value::make_text("Bestuur"));
    EXPECT_EQ(rows[1].cells[2].value, kib::cell_value::make_number(3.2));
    ASSERT_EQ(rows[2].cells.size(), 2u);  // the gap stays an empty cell
    EXPECT_EQ(rows[3].cells[2].value, kib::cell_value::make_number(3.9));

    spec.series[1].categories = {"Bestuur", "Zorg", "Onderwijs"};
    expect_error([&] { kib::embed_chart_data(spec); }, {"series 'Realisatie'", "different category labels"});
}

// The same chart part inside a minimal DOCX (inline chart + embedded workbook), as the report
// builder will write it: LibreOffice renders the title, axis title and series names.
TEST(NewWorkbookLibreOffice, ChartPartRendersInsideADocx) {
    lo_session& r = lo_session::get();
    REQUIRE_SOFFICE(r);
    kib::chart_spec spec;
    spec.kind = kib::chart_kind::column;
    spec.title = "Score per pijler";
    spec.value_axis_title = "Scorewaarde";
    kib::chart_series a;
    a.name = "Doelstelling";
    a.categories = {"Bestuur", "Zorg", "Wonen"};
    a.values = {4, 3.5, 4};
    kib::chart_series b = a;
    b.name = "Realisatie";
    b.values = {3.2, 2.9, 3.9};
    spec.series = {a, b};
    kib::embedded_chart e = kib::embed_chart_data(spec);
    e.spec.external_data_rel_id = "rId1";
    const std::vector<kib::zip_part> parts{
        {"[Content_Types].xml",
         decl + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                "<Default Extension=\"xlsx\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\"/>"
                "<Override PartName=\"/word/document.xml\" "
                "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
                "<Override PartName=\"/word/charts/chart1.xml\" ContentType=\"" + std::string(kib::chart_content_type) + "\"/></Types>"},
        {"_rels/.rels", kib::writers::rels::write_part({{"rId1", std::string(kib::writers::rel_type::office_document),
                                                         "word/document.xml", false}})},
        {"word/document.xml",
         decl + "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
                "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" "
                "xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" "
                "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" "
                "xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\"><w:body>"
                "<w:p><w:r><w:t>Rapportage</w:t></w:r></w:p><w:p><w:r><w:drawing><wp:inline>"
                "<wp:extent cx=\"5486400\" cy=\"3200400\"/><wp:docPr id=\"1\" name=\"Grafiek 1\"/><a:graphic>"
                "<a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/chart\"><c:chart r:id=\"rId5\"/>"
                "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p></w:body></w:document>"},
        {"word/_rels/document.xml.rels",
         kib::writers::rels::write_part({{"rId5", std::string(kib::chart_rel_type), "charts/chart1.xml", false}})},
        {"word/charts/chart1.xml", kib::writers::chart::write_chart_part(e.spec)},
        {"word/charts/_rels/chart1.xml.rels",
         kib::writers::rels::write_part({{"rId1", std::string(kib::package_rel_type),
                                          "../embeddings/Microsoft_Excel_Worksheet.xlsx", false}})},
        {"word/embeddings/Microsoft_Excel_Worksheet.xlsx", e.xlsx}};
    const fs::path docx = r.dir() / "grafiek.docx";
    kib::atomic_save_bytes(docx.string(), kib::zip_buffer(parts));
    const std::string text = r.pdf_text_of(docx);
    ASSERT_FALSE(text.empty()) << r.log();
    for (const char* t : {"Rapportage", "Score per pijler", "Scorewaarde", "Doelstelling", "Realisatie", "Bestuur", "Wonen"})
        EXPECT_NE(text.find(t), std::string::npos) << "'" << t << "' not in the PDF text:\n" << text;
}
