#include "engine/review/comments.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "engine/review/comments_register.hpp"
#include "readers/i18n.hpp"
#include "readers/package.hpp"

namespace kib {

namespace {

using json = nlohmann::ordered_json;

// A comment's date as written ("2026-11-20T10:05:00Z"); in Dutch text "20 november 2026 10:05".
std::string shown_date(const std::string& iso) {
    static const char* const months[] = {"januari", "februari", "maart", "april", "mei", "juni",
                                         "juli", "augustus", "september", "oktober", "november", "december"};
    if (current_language() != language::nl || iso.size() < 10 || iso[4] != '-' || iso[7] != '-') return iso;
    const int y = std::atoi(iso.substr(0, 4).c_str()), m = std::atoi(iso.substr(5, 2).c_str()), d = std::atoi(iso.substr(8, 2).c_str());
    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > 31) return iso;
    std::string out = std::to_string(d) + " " + months[m - 1] + " " + std::to_string(y);
    if (iso.size() >= 16 && iso[10] == 'T' && iso[13] == ':') out += " " + iso.substr(11, 5);
    return out;
}

json optional_json(const std::optional<std::string>& v) {
    return v ? json(*v) : json(nullptr);
}

// Terminal columns of UTF-8 text (one per code point; good enough for Latin text).
std::size_t columns(const std::string& s) {
    std::size_t n = 0;
    for (const char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

std::string pad(const std::string& s, std::size_t width) {
    const std::size_t n = columns(s);
    return n >= width ? s + ' ' : s + std::string(width - n, ' ');
}

std::string one_line(std::string s, std::size_t max) {
    for (char& c : s)
        if (c == '\n' || c == '\t') c = ' ';
    if (columns(s) <= max) return s;
    std::size_t cols = 0, i = 0;
    for (; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && ++cols > max - 1) break;
    }
    return s.substr(0, i) + "…";
}

// What a person reads as the place of an item.
std::string place(const std::string& section, std::optional<docx::story_kind> story) {
    if (!story) return "(not marked in the text)";
    if (!section.empty()) return section;
    switch (*story) {
        case docx::story_kind::header: return "(header)";
        case docx::story_kind::footer: return "(footer)";
        case docx::story_kind::footnote: return "(footnote)";
        case docx::story_kind::endnote: return "(endnote)";
        case docx::story_kind::body: break;
    }
    return "(before the first heading)";
}

}  // namespace

std::string review_marks_json(const docx::review_marks& marks) {
    json j;
    j["comments"] = json::array();
    for (const docx::comment& c : marks.comments) {
        json o;
        o["id"] = c.id;
        o["author"] = c.author;
        o["initials"] = c.initials;
        o["date"] = c.date.empty() ? json(nullptr) : json(c.date);
        o["date_utc"] = optional_json(c.date_utc);
        o["text"] = c.text;
        o["anchor"] = c.anchor;
        o["section"] = c.section;
        o["story"] = c.story ? json(docx::to_string(*c.story)) : json(nullptr);
        o["parent"] = optional_json(c.parent);
        o["resolved"] = c.resolved;
        o["durable_id"] = c.durable_id.empty() ? json(nullptr) : json(c.durable_id);
        j["comments"].push_back(std::move(o));
    }
    j["highlights"] = json::array();
    for (const docx::highlight& h : marks.highlights)
        j["highlights"].push_back({{"colour", h.colour}, {"text", h.text}, {"section", h.section},
                                   {"story", docx::to_string(h.story)}});
    j["revisions"] = json::array();
    for (const docx::revision& r : marks.revisions)
        j["revisions"].push_back({{"kind", r.kind},
                                  {"id", r.id},
                                  {"author", r.author},
                                  {"date", r.date.empty() ? json(nullptr) : json(r.date)},
                                  {"date_utc", r.date_utc.empty() ? json(nullptr) : json(r.date_utc)},
                                  {"text", r.text},
                                  {"section", r.section},
                                  {"story", docx::to_string(r.story)}});
    j["people"] = json::array();
    for (const docx::person& p : marks.people)
        j["people"].push_back({{"author", p.author}, {"provider_id", p.provider_id}, {"user_id", p.user_id}});
    return j.dump(2);
}

void print_review_summary(const docx::review_marks& marks, const std::string& file, std::ostream& out) {
    struct author_counts {
        int comments = 0, open = 0, resolved = 0, replies = 0, revisions = 0;
    };
    struct section_counts {
        int comments = 0, open = 0, highlights = 0, revisions = 0;
    };
    std::map<std::string, author_counts> authors;
    std::map<std::string, section_counts> sections;
    std::vector<std::string> section_order;  // document order of first appearance
    auto section = [&](const std::string& name) -> section_counts& {
        if (!sections.count(name)) section_order.push_back(name);
        return sections[name];
    };
    int open = 0, resolved = 0, replies = 0;
    for (const docx::comment& c : marks.comments) {
        author_counts& a = authors[c.author.empty() ? "(no author)" : c.author];
        ++a.comments;
        (c.resolved ? a.resolved : a.open)++;
        (c.resolved ? resolved : open)++;
        if (c.parent) ++a.replies, ++replies;
        section_counts& s = section(place(c.section, c.story));
        ++s.comments;
        if (!c.resolved) ++s.open;
    }
    for (const docx::revision& r : marks.revisions) {
        ++authors[r.author.empty() ? "(no author)" : r.author].revisions;
        ++section(place(r.section, r.story)).revisions;
    }
    for (const docx::highlight& h : marks.highlights) ++section(place(h.section, h.story)).highlights;

    // In the thread's language (the drop folder: Dutch); the column headers keep the widths below.
    out << file << ": "
        << trf("{} comments ({} open, {} resolved, {} replies), {} highlights, {} tracked changes",
               {std::to_string(marks.comments.size()), std::to_string(open), std::to_string(resolved), std::to_string(replies),
                std::to_string(marks.highlights.size()), std::to_string(marks.revisions.size())})
        << '\n';
    if (authors.empty() && sections.empty()) return;

    std::size_t w = 10;
    for (const auto& [name, c] : authors) w = std::max(w, columns(name) + 2);
    out << "\n" << tr("Per author") << "\n" << pad("  " + tr("author"), w + 2) << tr("comments  open  resolved  replies  changes") << "\n";
    for (const auto& [name, c] : authors)
        out << "  " << pad(name, w) << pad(std::to_string(c.comments), 10) << pad(std::to_string(c.open), 6)
            << pad(std::to_string(c.resolved), 10) << pad(std::to_string(c.replies), 9) << c.revisions << '\n';

    w = 10;
    for (const std::string& name : section_order) w = std::max(w, std::min<std::size_t>(columns(name), 60) + 2);
    out << "\n" << tr("Per section") << "\n" << pad("  " + tr("section"), w + 2) << tr("comments  open  highlights  changes") << "\n";
    for (const std::string& name : section_order) {
        const section_counts& c = sections[name];
        out << "  " << pad(one_line(name, 60), w) << pad(std::to_string(c.comments), 10) << pad(std::to_string(c.open), 6)
            << pad(std::to_string(c.highlights), 12) << c.revisions << '\n';
    }

    if (open == 0) return;
    // Numbered as in the register (Nr): comments in comments.xml order from 1, not by w:id.
    std::map<std::string, std::size_t> nr_of_id;
    for (std::size_t i = 0; i < marks.comments.size(); ++i) nr_of_id.emplace(marks.comments[i].id, i + 1);
    out << "\n" << tr("Open comments") << "\n";
    for (std::size_t i = 0; i < marks.comments.size(); ++i) {
        const docx::comment& c = marks.comments[i];
        if (c.resolved) continue;
        out << "  #" << i + 1 << ' ' << c.author;
        if (!c.date.empty()) out << ", " << shown_date(c.date);
        if (c.parent) {
            const auto it = nr_of_id.find(*c.parent);
            out << ", " << (it != nr_of_id.end() ? trf("reply to #{}", {std::to_string(it->second)}) : tr("reply to a comment not in the draft"));
        }
        out << " — " << one_line(place(c.section, c.story), 60) << '\n';
        if (!c.anchor.empty()) out << "    " << trf("on \"{}\"", {one_line(c.anchor, 70)}) << "\n";
        out << "    " << one_line(c.text, 100) << '\n';
    }
}

void comments(const std::string& path, const comments_options& options, std::ostream& out) {
    const package pkg = package::open(path);
    const docx::review_marks marks = docx::read_review_marks(pkg);
    if (options.json) out << review_marks_json(marks) << '\n';
    else print_review_summary(marks, path, out);
    if (!options.output.empty()) {
        write_comment_register(marks, options.output);
        if (!options.json) out << "Register written to " << options.output << '\n';
    }
}

}  // namespace kib
