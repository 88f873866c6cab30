#include "writers/docx_report.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "readers/error.hpp"
#include "readers/package.hpp"
#include "writers/docx_layout.hpp"
#include "writers/zip_writer.hpp"

namespace kib {
namespace {

constexpr const char* w_ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
constexpr const char* rel_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
constexpr double emu_per_cm = 360000.0;
constexpr int text_width_twips = 9638;        // A4 portrait (11906) minus 2 x 1134 margins
constexpr int landscape_width_twips = 14570;  // A4 landscape (16838) minus 2 x 1134 margins
constexpr int cell_margins_twips = 2 * 108 + 24;  // the table style's left and right cell margins, and a little air
constexpr std::size_t npos = std::string::npos;

std::string esc(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        if (c == '&') out += "&amp;";
        else if (c == '<') out += "&lt;";
        else if (c == '>') out += "&gt;";
        else if (c == '"') out += "&quot;";
        else if (static_cast<unsigned char>(c) >= 0x20) out.push_back(c);
    }
    return out;
}

// Runs for a text: "\n" becomes w:br, "\t" w:tab. half_points: the font size, 0 = the style's.
std::string runs(std::string_view text, bool bold, int half_points = 0) {
    std::string rpr = bold ? "<w:b/>" : "";
    if (half_points > 0) rpr += "<w:sz w:val=\"" + std::to_string(half_points) + "\"/><w:szCs w:val=\"" + std::to_string(half_points) + "\"/>";
    if (!rpr.empty()) rpr = "<w:rPr>" + rpr + "</w:rPr>";
    std::string out = "<w:r>" + rpr;
    std::string piece;
    auto flush = [&] {
        if (!piece.empty()) out += "<w:t xml:space=\"preserve\">" + esc(piece) + "</w:t>";
        piece.clear();
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\r') continue;
        if (c == '\n') {
            flush();
            out += "<w:br/>";
        } else if (c == '\t') {
            flush();
            out += "<w:tab/>";
        } else {
            piece.push_back(c);
        }
    }
    flush();
    return out + "</w:r>";
}

std::string para(std::string_view style, const std::string& content, const std::string& extra_ppr = {}) {
    std::string ppr;
    if (!style.empty() || !extra_ppr.empty())
        ppr = "<w:pPr>" + (style.empty() ? std::string() : "<w:pStyle w:val=\"" + std::string(style) + "\"/>") + extra_ppr + "</w:pPr>";
    return "<w:p>" + ppr + content + "</w:p>";
}

// Built-in style definitions, by role; %ID% is replaced by the style id used.
struct builtin_style {
    const char* role;
    const char* id;
    const char* xml;
};
const builtin_style builtin_styles[] = {
    {"title", "Titel",
     "<w:style w:type=\"paragraph\" w:styleId=\"%ID%\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Standaard\"/><w:next w:val=\"Standaard\"/><w:qFormat/>"
     "<w:pPr><w:spacing w:after=\"240\"/></w:pPr><w:rPr><w:b/><w:color w:val=\"1F3864\"/><w:sz w:val=\"40\"/></w:rPr></w:style>"},
    {"heading1", "Kop1",
     "<w:style w:type=\"paragraph\" w:styleId=\"%ID%\"><w:name w:val=\"heading 1\"/><w:basedOn w:val=\"Standaard\"/><w:next w:val=\"Standaard\"/><w:qFormat/>"
     "<w:pPr><w:keepNext/><w:spacing w:before=\"360\" w:after=\"120\"/><w:outlineLvl w:val=\"0\"/></w:pPr><w:rPr><w:b/><w:color w:val=\"2F5496\"/><w:sz w:val=\"32\"/></w:rPr></w:style>"},
    {"heading2", "Kop2",
     "<w:style w:type=\"paragraph\" w:styleId=\"%ID%\"><w:name w:val=\"heading 2\"/><w:basedOn w:val=\"Standaard\"/><w:next w:val=\"Standaard\"/><w:qFormat/>"
     "<w:pPr><w:keepNext/><w:spacing w:before=\"240\" w:after=\"80\"/><w:outlineLvl w:val=\"1\"/></w:pPr><w:rPr><w:b/><w:color w:val=\"2F5496\"/><w:sz w:val=\"26\"/></w:rPr></w:style>"},
    {"heading3", "Kop3",
     "<w:style w:type=\"paragraph\" w:styleId=\"%ID%\"><w:name w:val=\"heading 3\"/><w:basedOn w:val=\"Standaard\"/><w:next w:val=\"Standaard\"/><w:qFormat/>"
     "<w:pPr><w:keepNext/><w:spacing w:before=\"200\" w:after=\"60\"/><w:outlineLvl w:val=\"2\"/></w:pPr><w:rPr><w:b/><w:color w:val=\"1F3864\"/><w:sz w:val=\"24\"/></w:rPr></w:style>"},
    {"list", "Lijstopsomteken",
     "<w:style w:type=\"paragraph\" w:styleId=\"%ID%\"><w:name w:val=\"List Bullet\"/><w:basedOn w:val=\"Standaard\"/><w:qFormat/>"
     "<w:pPr><w:spacing w:after=\"60\"/><w:ind w:left=\"720\" w:hanging=\"360\"/></w:pPr></w:style>"},
    {"table", "Tabelraster",
     "<w:style w:type=\"table\" w:styleId=\"%ID%\"><w:name w:val=\"Table Grid\"/><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr>"
     "<w:tblPr><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"8EAADB\"/><w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"8EAADB\"/>"
     "<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"8EAADB\"/><w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"8EAADB\"/>"
     "<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"8EAADB\"/><w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"8EAADB\"/></w:tblBorders>"
     "<w:tblCellMar><w:left w:w=\"108\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>"},
};

const char* role_name(const std::string& role) {
    if (role == "title") return "title";
    if (role == "heading1") return "heading 1";
    if (role == "heading2") return "heading 2";
    if (role == "heading3") return "heading 3";
    if (role == "list") return "list bullet";
    return "table grid";
}

std::string builtin_styles_xml() {
    std::string s =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:styles xmlns:w=\"" + std::string(w_ns) + "\">"
        "<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Calibri\" w:hAnsi=\"Calibri\" w:eastAsia=\"Calibri\" w:cs=\"Calibri\"/>"
        "<w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/><w:lang w:val=\"nl-NL\"/></w:rPr></w:rPrDefault>"
        "<w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"264\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>"
        "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Standaard\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>"
        "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"Standaardtabel\"><w:name w:val=\"Normal Table\"/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/>"
        "<w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>";
    for (const auto& b : builtin_styles) {
        std::string x = b.xml;
        x.replace(x.find("%ID%"), 4, b.id);
        s += x;
    }
    return s + "</w:styles>";
}

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    return s;
}

std::uint32_t be32(const std::string& s, std::size_t at) {
    return (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at])) << 24) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 1])) << 16) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 2])) << 8) | static_cast<unsigned char>(s[at + 3]);
}

// The footer part: `pattern` centred in 9 pt grey, "{PAGE}" and "{PAGES}" as fields.
std::string footer_xml(const std::string& pattern) {
    const std::string rpr = "<w:rPr><w:color w:val=\"595959\"/><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/></w:rPr>";
    std::string p;
    std::size_t from = 0;
    while (from <= pattern.size()) {
        const std::size_t page = pattern.find("{PAGE}", from), pages = pattern.find("{PAGES}", from);
        const std::size_t at = std::min(page, pages);
        const std::string text = pattern.substr(from, at == npos ? npos : at - from);
        if (!text.empty()) p += "<w:r>" + rpr + "<w:t xml:space=\"preserve\">" + esc(text) + "</w:t></w:r>";
        if (at == npos) break;
        const bool total = at == pages;
        p += std::string("<w:fldSimple w:instr=\" ") + (total ? "NUMPAGES" : "PAGE") + " \"><w:r>" + rpr + "<w:t>1</w:t></w:r></w:fldSimple>";
        from = at + (total ? 7 : 6);
    }
    return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:ftr xmlns:w=\"" + std::string(w_ns) + "\" xmlns:r=\"" + rel_ns +
           "\"><w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>" + p + "</w:p></w:ftr>";
}

}  // namespace

docx_report::docx_report() {
    styles_xml_ = builtin_styles_xml();
    ids_ = {"Titel", "Kop1", "Kop2", "Kop3", "Lijstopsomteken", "Tabelraster"};
}

docx_report docx_report::with_styles_of(const std::string& docx, const std::string& display_name) {
    docx_report r;
    const package pkg = package::open_buffer(docx, display_name);
    const std::string main = pkg.main_part();
    std::string styles_part;
    for (const relationship& rel : pkg.relationships(main)) {
        if (rel.external || !pkg.find(rel.target)) continue;
        if (rel.has_type("styles")) styles_part = rel.target;
        else if (rel.has_type("theme")) r.theme_xml_ = pkg.read(rel.target);
        else if (rel.has_type("fontTable")) r.font_table_xml_ = pkg.read(rel.target);
    }
    if (styles_part.empty())
        throw error(error_category::bad_input, location{display_name, main, {}, 0, 0}, "the document has no styles part",
                    "use a .docx saved by Word or LibreOffice as the style template");
    const std::string xml = pkg.read(styles_part);
    pugi::xml_document doc;
    if (!doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_declaration | pugi::parse_ws_pcdata_single))
        throw error(error_category::bad_input, location{display_name, styles_part, {}, 0, 0}, "the styles part is not well-formed XML",
                    "re-save the template in Word or LibreOffice");
    pugi::xml_node root = doc.document_element();
    std::string w;  // the prefix the template binds to WordprocessingML, with ':'
    bool found = false;
    for (pugi::xml_attribute a : root.attributes()) {
        const std::string an = a.name();
        if ((std::string(a.value()) == w_ns || std::string(a.value()) == "http://purl.oclc.org/ooxml/wordprocessingml/main") &&
            (an == "xmlns" || an.rfind("xmlns:", 0) == 0)) {
            w = an == "xmlns" ? "" : an.substr(6) + ":";
            found = true;
        }
    }
    if (!found)
        throw error(error_category::bad_input, location{display_name, styles_part, {}, 0, 0},
                    "the styles part does not use the WordprocessingML namespace", "use a .docx saved by Word or LibreOffice");
    std::map<std::string, std::string> by_name;  // lower-cased style name -> id
    for (pugi::xml_node s = root.first_child(); s; s = s.next_sibling()) {
        if (std::string(s.name()) != w + "style") continue;
        const std::string id = s.attribute((w + "styleId").c_str()).value();
        const std::string name = lower(s.child((w + "name").c_str()).attribute((w + "val").c_str()).value());
        if (!id.empty() && !name.empty()) by_name.emplace(name, id);
    }
    auto pick = [&](const std::string& role, std::string& id) {
        auto it = by_name.find(role_name(role));
        if (it == by_name.end() && role == "list") it = by_name.find("list paragraph");
        if (it != by_name.end()) {
            id = it->second;
            return;
        }
        // missing in the template: add kib's definition under a kib id
        for (const auto& b : builtin_styles)
            if (role == b.role) {
                id = std::string("kib") + b.id;
                std::string x = b.xml;
                x.replace(x.find("%ID%"), 4, id);
                if (w != "w:") {  // write the template's own prefix
                    std::string y;
                    for (std::size_t i = 0; i < x.size(); ++i) {
                        if ((x[i] == '<' || x[i] == ' ' || x[i] == '/') && x.compare(i + 1, 2, "w:") == 0) {
                            y += x[i];
                            y += w;
                            i += 2;
                        } else {
                            y += x[i];
                        }
                    }
                    x = y;
                }
                pugi::xml_document frag;
                frag.load_string(("<root>" + x + "</root>").c_str());  // the prefix is bound on the styles root
                for (pugi::xml_node c = frag.document_element().first_child(); c; c = c.next_sibling()) root.append_copy(c);
            }
    };
    pick("title", r.ids_.title);
    pick("heading1", r.ids_.h1);
    pick("heading2", r.ids_.h2);
    pick("heading3", r.ids_.h3);
    pick("list", r.ids_.list);
    pick("table", r.ids_.table);
    std::ostringstream os;
    doc.save(os, "", pugi::format_raw, pugi::encoding_utf8);
    r.styles_xml_ = os.str();
    return r;
}

const std::string& docx_report::style_id(std::string_view role) const {
    if (role == "title") return ids_.title;
    if (role == "heading1") return ids_.h1;
    if (role == "heading2") return ids_.h2;
    if (role == "heading3") return ids_.h3;
    if (role == "list") return ids_.list;
    return ids_.table;
}

void docx_report::title(std::string_view text) {
    begin_block();
    body_ += para(ids_.title, runs(text, false));
}

void docx_report::heading(int level, std::string_view text) {
    begin_block();
    const std::string& id = level <= 1 ? ids_.h1 : level == 2 ? ids_.h2 : ids_.h3;
    heading_start_ = body_.size();
    // keepNext also here: a template's heading style may lack it, and a heading must stay with its table
    body_ += para(id, runs(text, false), "<w:keepNext/>");
}

void docx_report::paragraph(std::string_view text, bool bold) {
    begin_block();
    body_ += para({}, runs(text, bold));
}

void docx_report::bullets(const std::vector<std::string>& items) {
    begin_block();
    uses_bullets_ = true;
    for (const auto& item : items) body_ += para(ids_.list, runs(item, false), "<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr>");
}

void docx_report::table(const std::vector<std::vector<std::string>>& rows, const report_table_options& o) {
    if (rows.empty()) return;
    std::size_t cols = 0;
    for (const auto& r : rows) cols = std::max(cols, r.size());
    if (cols == 0) return;
    if (!o.column_widths_cm.empty() && o.column_widths_cm.size() != cols)
        throw error(error_category::internal, location{{}, "word/document.xml", "table", 0, 0},
                    "column_widths_cm has " + std::to_string(o.column_widths_cm.size()) + " widths for " + std::to_string(cols) + " columns");
    auto cell_text = [&](std::size_t r, std::size_t c) -> std::string_view { return c < rows[r].size() ? std::string_view(rows[r][c]) : std::string_view(); };
    // Least width (the widest word) and wanted width (the widest line) per column, at a font size.
    std::vector<int> least(cols), wanted(cols);
    auto measure = [&](int half_points) {
        long sum = 0;
        for (std::size_t c = 0; c < cols; ++c) {
            least[c] = wanted[c] = 0;
            for (std::size_t r = 0; r < rows.size(); ++r) {
                const bool bold = o.header_row && r == 0;
                least[c] = std::max(least[c], docx_layout::longest_word_twips(cell_text(r, c), bold, half_points) + cell_margins_twips);
                // A header may wrap between its words; body lines are kept whole where there is room.
                const int line = bold ? docx_layout::longest_word_twips(cell_text(r, c), bold, half_points)
                                      : docx_layout::longest_line_twips(cell_text(r, c), bold, half_points);
                wanted[c] = std::max(wanted[c], line + cell_margins_twips);
            }
            sum += least[c];
        }
        return sum;
    };
    int half_points = 0;  // the style's size (11 pt)
    bool wide = pinned_landscape_;
    if (measure(22) > text_width_twips && o.allow_landscape) wide = true;
    const int available = wide ? landscape_width_twips : text_width_twips;
    if (measure(22) > available) {  // still too wide: 9 pt before breaking words
        half_points = 18;
        measure(18);
    }
    if (!o.column_widths_cm.empty())  // a column without text (to write in) takes the caller's width
        for (std::size_t c = 0; c < cols; ++c)
            if (wanted[c] <= cell_margins_twips) wanted[c] = static_cast<int>(std::lround(o.column_widths_cm[c] * 567.0));
    const std::vector<int> widths = docx_layout::fit_columns(least, wanted, available);
    std::vector<bool> numeric(cols, false);
    for (std::size_t c = 0; c < cols; ++c) {
        bool any = false, all = true;
        for (std::size_t r = o.header_row ? 1 : 0; r < rows.size(); ++r) {
            const std::string_view t = cell_text(r, c);
            if (docx_layout::numeric_cell(t)) any = true;
            else if (!docx_layout::no_number(t)) all = false;
        }
        numeric[c] = any && all;
    }

    // The heading just before the table goes into the table's section.
    orient(wide, heading_start_ != npos ? heading_start_ : body_.size());
    heading_start_ = spacer_start_ = npos;

    int total = 0;
    for (int wd : widths) total += wd;
    std::string t = "<w:tbl><w:tblPr><w:tblStyle w:val=\"" + ids_.table + "\"/><w:tblW w:w=\"" + std::to_string(total) +
                    "\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/>"
                    "<w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>";
    for (int wd : widths) t += "<w:gridCol w:w=\"" + std::to_string(wd) + "\"/>";
    t += "</w:tblGrid>";
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const bool header = o.header_row && r == 0;
        const bool band = !header && !o.band_fill.empty() && ((r - (o.header_row ? 1 : 0)) % 2 == 1);
        // A row is never split across pages; the header row repeats on each page.
        t += header ? "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" : "<w:tr><w:trPr><w:cantSplit/></w:trPr>";
        for (std::size_t c = 0; c < cols; ++c) {
            std::string fill = header ? o.header_fill : band ? o.band_fill : std::string();
            if (r < o.cell_fills.size() && c < o.cell_fills[r].size() && !o.cell_fills[r][c].empty()) fill = o.cell_fills[r][c];
            t += "<w:tc><w:tcPr><w:tcW w:w=\"" + std::to_string(widths[c]) + "\" w:type=\"dxa\"/>";
            if (!fill.empty()) t += "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"" + esc(fill) + "\"/>";
            t += "</w:tcPr>";
            const std::string_view text = cell_text(r, c);
            t += para({}, text.empty() ? std::string() : runs(text, header, half_points), numeric[c] ? "<w:jc w:val=\"right\"/>" : "");
            t += "</w:tc>";
        }
        t += "</w:tr>";
    }
    t += "</w:tbl>";
    body_ += t;
    spacer_start_ = body_.size();
    body_ += para({}, {});  // a paragraph after the table keeps tables apart
}

void docx_report::page_break() {
    begin_block();
    body_ += "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>";
}

void docx_report::landscape(bool on) {
    pinned_landscape_ = on;
    begin_block();
}

void docx_report::page_numbers(std::string_view pattern) { footer_pattern_ = pattern; }

std::string docx_report::section_properties(bool landscape) const {
    // The footer reference is added in to_docx(), when it is known whether there is a footer.
    return std::string("<w:sectPr>") +
           (landscape ? "<w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/>" : "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>") +
           "<w:pgMar w:top=\"1134\" w:right=\"1134\" w:bottom=\"1134\" w:left=\"1134\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/></w:sectPr>";
}

void docx_report::orient(bool want, std::size_t at) {
    if (want == landscape_) return;
    if (break_end_ != npos && at == break_end_) {
        // The section break just before `at` switched away from `want`: remove it rather than
        // add a second one, which would leave an empty section (a blank page) between them.
        body_.erase(break_start_, break_end_ - break_start_);
        break_start_ = break_end_ = npos;
        landscape_ = want;
        return;
    }
    landscape_ = want;
    if (at == 0) return;  // nothing before: the first section simply has this orientation
    // The break is a paragraph ending the section before; it replaces the spacer after a table.
    const std::size_t from = spacer_start_ != npos && at == body_.size() ? spacer_start_ : at;
    const std::string brk = "<w:p><w:pPr><w:spacing w:before=\"0\" w:after=\"0\"/>" + section_properties(!want) + "</w:pPr></w:p>";
    body_.replace(from, at - from, brk);
    break_start_ = from;
    break_end_ = from + brk.size();
}

std::string docx_report::inline_drawing(std::int64_t cx, std::int64_t cy, std::string_view description, const std::string& graphic) {
    const std::string id = std::to_string(++drawing_id_);
    const std::string ext = "cx=\"" + std::to_string(cx) + "\" cy=\"" + std::to_string(cy) + "\"";
    return "<w:p><w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent " + ext +
           "/><wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/><wp:docPr id=\"" + id + "\" name=\"Object " + id + "\" descr=\"" +
           esc(description) + "\"/><wp:cNvGraphicFramePr/><a:graphic xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\">" +
           graphic + "</a:graphic></wp:inline></w:drawing></w:r></w:p>";
}

void docx_report::image(std::string png, double width_cm, std::string_view description) {
    if (png.size() < 24 || png.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0 || png.compare(12, 4, "IHDR") != 0)
        throw error(error_category::bad_input, location{{}, "word/media", std::string(description), 0, 0}, "the image is not a PNG file",
                    "convert the image to PNG");
    const std::uint32_t px_w = be32(png, 16), px_h = be32(png, 20);
    if (px_w == 0 || px_h == 0)
        throw error(error_category::bad_input, location{{}, "word/media", std::string(description), 0, 0}, "the PNG has no pixels", "use another image");
    const auto cx = static_cast<std::int64_t>(std::llround(width_cm * emu_per_cm));
    const auto cy = static_cast<std::int64_t>(std::llround(width_cm * emu_per_cm * px_h / px_w));
    begin_block();
    images_.push_back(std::move(png));
    const std::string n = std::to_string(images_.size());
    const std::string ext = "cx=\"" + std::to_string(cx) + "\" cy=\"" + std::to_string(cy) + "\"";
    const std::string graphic =
        "<a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:pic xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">"
        "<pic:nvPicPr><pic:cNvPr id=\"" + std::to_string(drawing_id_ + 1) + "\" name=\"image" + n + ".png\"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed=\"rIdImg" + n +
        "\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext " + ext +
        "/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData>";
    body_ += inline_drawing(cx, cy, description, graphic);
}

void docx_report::chart(const report_chart::chart_spec& spec, double width_cm, double height_cm) {
    begin_block();
    charts_.push_back(report_chart::write_chart_part(spec));
    const std::string n = std::to_string(charts_.size());
    const std::string graphic =
        "<a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/chart\"><c:chart xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" r:id=\"rIdChart" +
        n + "\"/></a:graphicData>";
    body_ += inline_drawing(std::llround(width_cm * emu_per_cm), std::llround(height_cm * emu_per_cm), spec.title, graphic);
}

void docx_report::properties(report_properties p) { props_ = std::move(p); }

std::string docx_report::to_docx() const {
    std::vector<std::pair<std::string, std::string>> parts;
    std::string ct =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        "<Default Extension=\"xml\" ContentType=\"application/xml\"/>";
    if (!images_.empty()) ct += "<Default Extension=\"png\" ContentType=\"image/png\"/>";
    ct += "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
          "<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
          "<Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>"
          "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
          "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>";
    std::string rels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                       "<Relationship Id=\"rId1\" Type=\"" + std::string(rel_ns) + "/styles\" Target=\"styles.xml\"/>"
                       "<Relationship Id=\"rId2\" Type=\"" + std::string(rel_ns) + "/settings\" Target=\"settings.xml\"/>";
    if (uses_bullets_) {
        ct += "<Override PartName=\"/word/numbering.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml\"/>";
        rels += "<Relationship Id=\"rId3\" Type=\"" + std::string(rel_ns) + "/numbering\" Target=\"numbering.xml\"/>";
        parts.emplace_back("word/numbering.xml",
                           "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:numbering xmlns:w=\"" + std::string(w_ns) +
                               "\"><w:abstractNum w:abstractNumId=\"0\"><w:multiLevelType w:val=\"singleLevel\"/><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/>"
                               "<w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"\xE2\x80\xA2\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"720\" w:hanging=\"360\"/></w:pPr>"
                               "</w:lvl></w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>");
    }
    if (!theme_xml_.empty()) {
        ct += "<Override PartName=\"/word/theme/theme1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.theme+xml\"/>";
        rels += "<Relationship Id=\"rId4\" Type=\"" + std::string(rel_ns) + "/theme\" Target=\"theme/theme1.xml\"/>";
        parts.emplace_back("word/theme/theme1.xml", theme_xml_);
    }
    if (!font_table_xml_.empty()) {
        ct += "<Override PartName=\"/word/fontTable.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml\"/>";
        rels += "<Relationship Id=\"rId5\" Type=\"" + std::string(rel_ns) + "/fontTable\" Target=\"fontTable.xml\"/>";
        parts.emplace_back("word/fontTable.xml", font_table_xml_);
    }
    for (std::size_t i = 0; i < images_.size(); ++i) {
        const std::string n = std::to_string(i + 1);
        rels += "<Relationship Id=\"rIdImg" + n + "\" Type=\"" + std::string(rel_ns) + "/image\" Target=\"media/image" + n + ".png\"/>";
        parts.emplace_back("word/media/image" + n + ".png", images_[i]);
    }
    for (std::size_t i = 0; i < charts_.size(); ++i) {
        const std::string n = std::to_string(i + 1);
        ct += "<Override PartName=\"/word/charts/chart" + n + ".xml\" ContentType=\"application/vnd.openxmlformats-officedocument.drawingml.chart+xml\"/>";
        rels += "<Relationship Id=\"rIdChart" + n + "\" Type=\"" + std::string(rel_ns) + "/chart\" Target=\"charts/chart" + n + ".xml\"/>";
        parts.emplace_back("word/charts/chart" + n + ".xml", charts_[i]);
    }
    std::string body = body_ + section_properties(landscape_);
    if (!footer_pattern_.empty()) {
        ct += "<Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>";
        rels += "<Relationship Id=\"rIdFooter1\" Type=\"" + std::string(rel_ns) + "/footer\" Target=\"footer1.xml\"/>";
        parts.emplace_back("word/footer1.xml", footer_xml(footer_pattern_));
        // every section shows the footer (a section without a reference would have none in LibreOffice)
        const std::string ref = "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooter1\"/>";
        for (std::size_t at = body.find("<w:sectPr>"); at != npos; at = body.find("<w:sectPr>", at + ref.size())) body.replace(at, 10, ref);
    }
    ct += "</Types>";
    rels += "</Relationships>";

    const std::string document =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"" + std::string(w_ns) + "\" xmlns:r=\"" + rel_ns +
        "\" xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\"><w:body>" + body +
        "</w:body></w:document>";
    std::string core =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
        "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">";
    if (!props_.title.empty()) core += "<dc:title>" + esc(props_.title) + "</dc:title>";
    if (!props_.subject.empty()) core += "<dc:subject>" + esc(props_.subject) + "</dc:subject>";
    if (!props_.creator.empty()) core += "<dc:creator>" + esc(props_.creator) + "</dc:creator><cp:lastModifiedBy>" + esc(props_.creator) + "</cp:lastModifiedBy>";
    if (!props_.language.empty()) core += "<dc:language>" + esc(props_.language) + "</dc:language>";
    if (!props_.created.empty()) core += "<dcterms:created xsi:type=\"dcterms:W3CDTF\">" + esc(props_.created) + "</dcterms:created>";
    if (!props_.modified.empty()) core += "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">" + esc(props_.modified) + "</dcterms:modified>";
    core += "</cp:coreProperties>";

    std::vector<std::pair<std::string, std::string>> all;
    all.reserve(8 + parts.size());
    all.emplace_back("[Content_Types].xml", ct);
    all.emplace_back("_rels/.rels",
                     "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                     "<Relationship Id=\"rId1\" Type=\"" + std::string(rel_ns) + "/officeDocument\" Target=\"word/document.xml\"/>"
                     "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
                     "<Relationship Id=\"rId3\" Type=\"" + std::string(rel_ns) + "/extended-properties\" Target=\"docProps/app.xml\"/></Relationships>");
    all.emplace_back("docProps/core.xml", core);
    all.emplace_back("docProps/app.xml",
                     "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
                     "<Application>kib</Application></Properties>");
    all.emplace_back("word/document.xml", document);
    all.emplace_back("word/_rels/document.xml.rels", rels);
    all.emplace_back("word/styles.xml", styles_xml_);
    all.emplace_back("word/settings.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:settings xmlns:w=\"" + std::string(w_ns) +
                                              "\"><w:defaultTabStop w:val=\"708\"/><w:themeFontLang w:val=\"nl-NL\"/></w:settings>");
    for (auto& p : parts) all.push_back(std::move(p));
    std::vector<zip_item> items;
    for (const auto& [name, data] : all) items.push_back(zip_item{name, nullptr, data});
    return write_zip(items, 6);
}

void docx_report::save(const std::string& path) const { atomic_save_bytes(path, to_docx()); }

}  // namespace kib
