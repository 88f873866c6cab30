// kib::docx_report — builds Word reports for people (Dutch text comes from the caller): headings,
// paragraphs, bullet lists, tables with a shaded header row, page breaks, PNG images, native bar
// and radar charts, and core properties.
//
// Contract:
// - Tables lay themselves out (writers/docx_layout): column widths follow the content so that no
//   word breaks in the middle; numeric columns are right-aligned; rows never split across pages;
//   the header row repeats on each page; the paragraph before a table (a heading) keeps with it.
//   A table too wide for A4 portrait gets a landscape section of its own (with its heading); the
//   sections around it stay portrait, and no section is ever empty (no blank pages).
// - Styles come from built-in definitions, or from a template's styles.xml (and its theme and
//   font table): heading, title, list and table styles are found by their style *name* ("heading 1",
//   "Title", "List Bullet", "Table Grid"), since style ids are localised ("Kop1"). Roles the template
//   lacks are added from the built-in definitions under "kib…" ids.
// - The package is written by writers/zip_writer (fixed timestamps: same input, same bytes,
//   apart from the dates in the core properties, which the caller sets).
// - Invalid input (a PNG that is not a PNG, a chart with mismatched series) throws kib::error.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "writers/docx_chart_part.hpp"

namespace kib {

struct report_properties {
    std::string title;
    std::string subject;
    std::string creator = "kib";
    std::string created;   // W3CDTF, e.g. "2026-11-23T09:00:00Z"; empty: left out
    std::string modified;  // idem
    std::string language = "nl-NL";
};

struct report_table_options {
    bool header_row = true;                 // first row is a header: bold, shaded, repeated on each page
    std::string header_fill = "D9E2F3";     // RGB hex of the header shading
    std::string band_fill;                  // RGB hex for every second body row ("" = none)
    // Widths follow the content: a column is never narrower than its widest word, short columns
    // keep their lines whole, the table fills the text width. These widths count only for columns
    // without any text (rows to write in); empty: such columns share the space equally.
    std::vector<double> column_widths_cm;
    bool allow_landscape = true;            // false: squeeze into portrait (words may break)
    // Per-cell shading (RGB hex) by [row][column], e.g. status colours; "" or absent = the row's
    // own fill. Overrides header and band fills.
    std::vector<std::vector<std::string>> cell_fills;
};

class docx_report {
public:
    docx_report();  // built-in styles
    // Uses the styles (plus theme and font table) of a .docx held in memory.
    static docx_report with_styles_of(const std::string& docx, const std::string& display_name);

    void title(std::string_view text);
    void heading(int level, std::string_view text);  // level 1..3
    // A paragraph; "\n" becomes a line break, "\t" a tab. bold applies to the whole paragraph.
    void paragraph(std::string_view text, bool bold = false);
    void bullets(const std::vector<std::string>& items);
    void table(const std::vector<std::vector<std::string>>& rows, const report_table_options& options = {});
    void page_break();
    // From here on, pages are landscape (true) or portrait (false; the default) until changed: for
    // a run of wide tables with the text that belongs to them. A section break, never an empty page.
    void landscape(bool on);
    // A footer on every page with page numbers: "{PAGE}" and "{PAGES}" in `pattern` become the
    // fields PAGE and NUMPAGES, e.g. "Pagina {PAGE} van {PAGES}".
    void page_numbers(std::string_view pattern);
    // A PNG image at the given width; the height keeps the image's aspect ratio.
    void image(std::string png, double width_cm, std::string_view description);
    void chart(const report_chart::chart_spec& spec, double width_cm = 15.0, double height_cm = 9.0);
    void properties(report_properties p);

    // The .docx package.
    std::string to_docx() const;
    // Writes to_docx() to a file (through a temporary file and a rename). Throws kib::error(io).
    void save(const std::string& path) const;

    // The style id used for a role ("heading1", "title", "list", "table"), for tests.
    const std::string& style_id(std::string_view role) const;

private:
    struct style_ids {
        std::string title, h1, h2, h3, list, table;
    } ids_;
    std::string styles_xml_;
    std::string theme_xml_, font_table_xml_;
    std::string body_;
    std::vector<std::string> images_;  // PNG bytes, word/media/imageN.png
    std::vector<std::string> charts_;  // chart part XML, word/charts/chartN.xml
    report_properties props_;
    std::uint32_t drawing_id_ = 0;
    bool uses_bullets_ = false;
    std::string footer_pattern_;
    // Sections: the orientation of the section being written, whether the caller pinned landscape,
    // and where the last blocks start and end in body_ (npos: not the last thing written), so that
    // a break can go before a heading or replace the spacer after a table.
    bool landscape_ = false, pinned_landscape_ = false;
    std::size_t heading_start_ = std::string::npos, break_start_ = std::string::npos, break_end_ = std::string::npos,
                spacer_start_ = std::string::npos;

    // Makes the section at body_ position `at` (the end unless a heading before a table) landscape
    // or portrait, inserting or removing a section break.
    void orient(bool landscape, std::size_t at);
    void begin_block() { orient(pinned_landscape_, body_.size()); heading_start_ = spacer_start_ = std::string::npos; }
    std::string section_properties(bool landscape) const;
    std::string inline_drawing(std::int64_t cx, std::int64_t cy, std::string_view description, const std::string& graphic);
};

}  // namespace kib
