#include "engine/review/comments_register.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "readers/cell.hpp"
#include "writers/xlsx_new.hpp"

namespace kib {

namespace {

enum column : std::uint32_t { nr = 1, kind, author, date, section, anchor, text, status, reply_to, last = reply_to };

// Where an item is when its heading path says nothing.
std::string place(const std::string& section, std::optional<docx::story_kind> story) {
    if (!section.empty()) return section;
    if (!story) return "(niet in de tekst gemarkeerd)";
    switch (*story) {
        case docx::story_kind::header: return "(koptekst)";
        case docx::story_kind::footer: return "(voettekst)";
        case docx::story_kind::footnote: return "(voetnoot)";
        case docx::story_kind::endnote: return "(eindnoot)";
        case docx::story_kind::body: break;
    }
    return "";
}

// Word's highlight colours in Dutch; unknown values as written.
std::string colour_name(const std::string& c) {
    static const std::map<std::string, std::string> names{
        {"yellow", "geel"},       {"green", "groen"},        {"cyan", "cyaan"},          {"magenta", "magenta"},
        {"blue", "blauw"},        {"red", "rood"},           {"darkBlue", "donkerblauw"}, {"darkCyan", "donkercyaan"},
        {"darkGreen", "donkergroen"}, {"darkMagenta", "donkermagenta"}, {"darkRed", "donkerrood"},
        {"darkYellow", "donkergeel"}, {"darkGray", "donkergrijs"}, {"lightGray", "lichtgrijs"}, {"black", "zwart"},
        {"white", "wit"}};
    const auto it = names.find(c);
    return it == names.end() ? c : it->second;
}

// Lines a text takes in a wrapping column `width` characters wide (Excel's width unit, the width
// of a digit): greedy word wrap of each paragraph, counting a character as 0.9 digit (Calibri's
// letters are on average narrower than its digits).
int wrapped_lines(const std::string& text, double width) {
    const double per_line = std::max(1.0, (width - 1.0) / 0.9);
    int lines = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        ++lines;
        double used = 0;
        std::size_t w = start;
        while (w < end) {
            std::size_t we = text.find(' ', w);
            if (we == std::string::npos || we > end) we = end;
            double len = 0;  // characters, not bytes
            for (std::size_t i = w; i < we; ++i) len += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
            if (used > 0 && used + 1 + len > per_line) {
                ++lines;
                used = 0;
            }
            while (len > per_line) {  // a word longer than the line breaks anyway
                ++lines;
                len -= per_line;
            }
            used += (used > 0 ? 1 : 0) + len;
            w = we + 1;
        }
        start = end + 1;
    }
    return lines;
}

// A cell shows no tab (LibreOffice prints "Planning\tvolgt." as "Planningvolgt."): a space instead.
std::string no_tabs(std::string s) {
    std::replace(s.begin(), s.end(), '\t', ' ');
    return s;
}

// Column widths in characters, Nr … Reactie op.
constexpr double widths[] = {6, 13, 22, 24, 36, 40, 60, 10, 11};

class register_writer {
public:
    explicit register_writer(new_sheet& s) : s_(s) {
        top_.vertical = v_align::top;
        wrap_.vertical = v_align::top;
        wrap_.wrap = true;
        cell_style head;
        head.bold = true;
        head.fill_color = "D9E1F2";
        head.vertical = v_align::top;
        head.wrap = true;
        const char* names[] = {"Nr", "Soort", "Auteur", "Datum", "Sectie", "Geankerde tekst", "Tekst", "Status",
                               "Reactie op"};
        for (std::uint32_t c = nr; c <= last; ++c) s_.set_text(1, c, names[c - 1], head);
    }

    std::uint32_t row() const noexcept { return row_; }
    std::uint32_t lines(std::uint32_t r) const { const auto it = lines_.find(r); return it == lines_.end() ? 1 : it->second; }

    // Starts the next item row and returns its Nr.
    std::uint32_t next(const std::string& kind_name, const std::string& who, const std::string& when,
                       const std::string& where, const std::string& anchored, const std::string& body,
                       const std::string& state) {
        ++row_;
        const std::uint32_t number = row_ - 1;
        s_.set_number(row_, nr, number, top_);
        s_.set_text(row_, kind, kind_name, top_);
        s_.set_text(row_, author, who, top_);
        if (const auto serial = when.empty() ? std::nullopt : iso_to_serial(when)) s_.set_date(row_, date, *serial, top_);
        else s_.set(row_, date, cell_value{}, top_);
        s_.set_text(row_, section, where, wrap_);
        s_.set_text(row_, anchor, no_tabs(anchored), wrap_);
        s_.set_text(row_, text, no_tabs(body), wrap_);
        lines_[row_] = static_cast<std::uint32_t>(std::max({wrapped_lines(where, widths[section - 1]), wrapped_lines(anchored, widths[anchor - 1]),
                                                            wrapped_lines(body, widths[text - 1])}));
        s_.set_text(row_, status, state, top_);
        s_.set(row_, reply_to, cell_value{}, top_);
        return number;
    }

    void set_reply_to(std::uint32_t item_row, std::uint32_t parent_nr) { s_.set_number(item_row, reply_to, parent_nr, top_); }

private:
    new_sheet& s_;
    std::uint32_t row_ = 1;
    std::map<std::uint32_t, std::uint32_t> lines_;  // sheet row -> lines of its wrapped cells
    cell_style top_;   // top-aligned
    cell_style wrap_;  // top-aligned, wrapping
};

}  // namespace

void write_comment_register(const docx::review_marks& marks, const std::filesystem::path& out) {
    new_workbook wb;
    wb.set_title("Opmerkingenregister");
    new_sheet& s = wb.add_sheet("Opmerkingen");
    register_writer w(s);

    std::map<std::string, std::uint32_t> nr_of_id;  // comment id -> register Nr
    std::vector<std::pair<std::uint32_t, std::string>> replies;  // sheet row -> parent comment id
    for (const docx::comment& c : marks.comments) {
        const std::string when = !c.date.empty() ? c.date : c.date_utc.value_or("");
        const std::uint32_t n = w.next(c.parent ? "reactie" : "opmerking", c.author, when, place(c.section, c.story),
                                       c.anchor, c.text, c.resolved ? "opgelost" : "open");
        nr_of_id.emplace(c.id, n);
        if (c.parent) replies.emplace_back(w.row(), *c.parent);
    }
    for (const auto& [row, parent] : replies) {
        // A reply to a comment that is not in comments.xml keeps an empty "Reactie op".
        if (const auto it = nr_of_id.find(parent); it != nr_of_id.end()) w.set_reply_to(row, it->second);
    }
    for (const docx::highlight& h : marks.highlights)
        w.next("markering", "", "", place(h.section, h.story), h.text, "Gemarkeerd: " + colour_name(h.colour), "open");
    for (const docx::revision& r : marks.revisions) {
        const std::string when = !r.date.empty() ? r.date : r.date_utc;
        w.next(r.kind == "insertion" ? "invoeging" : "verwijdering", r.author, when, place(r.section, r.story), "",
               r.text, "open");
    }

    s.freeze_panes(1);
    s.set_autofilter(1, nr, w.row(), last);
    for (std::uint32_t c = nr; c <= last; ++c) s.set_column_width(c, c, widths[c - 1]);
    // Rows as high as their wrapped text (15 points a line), so Excel shows every line; printed
    // landscape, one page wide, the header row on every page.
    for (std::uint32_t r = 2; r <= w.row(); ++r) s.set_row_height(r, std::min(409.0, 15.0 * w.lines(r) + 1.0));
    s.set_print_setup(true, true, 1);
    wb.save(out.string());
}

}  // namespace kib
