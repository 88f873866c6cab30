#include "readers/docx_comments.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <set>

#include "readers/error.hpp"
#include "readers/package.hpp"
#include "readers/xml_pull.hpp"

namespace kib::docx {

namespace {

using xml::ns;
using xml::pull_parser;
using event = pull_parser::event;

int parse_level(std::string_view s) {
    int v = -1;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return -1;
    return v;
}

// "heading 3" (any case) -> 2; anything else -> -1.
int builtin_heading_level(std::string name) {
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    constexpr std::string_view prefix = "heading ";
    if (name.size() != prefix.size() + 1 || name.compare(0, prefix.size(), prefix) != 0) return -1;
    const char d = name.back();
    return d >= '1' && d <= '9' ? d - '1' : -1;
}

void strip_trailing_newlines(std::string& s) {
    while (!s.empty() && s.back() == '\n') s.pop_back();
}

// True for elements that only restate what their sibling already says (mc:Fallback holds a
// VML copy of a text box that mc:Choice also holds) or record a former state (…PrChange).
bool is_shadow(const pull_parser& p) {
    if (p.element_ns() == ns::mc && p.local_name() == "Fallback") return true;
    if (p.element_ns() != ns::wml) return false;
    const std::string_view l = p.local_name();
    return l == "pPrChange" || l == "rPrChange" || l == "tblPrChange" || l == "trPrChange" || l == "tcPrChange" ||
           l == "sectPrChange" || l == "numberingChange";
}

}  // namespace

const char* to_string(story_kind k) noexcept {
    switch (k) {
        case story_kind::body: return "body";
        case story_kind::header: return "header";
        case story_kind::footer: return "footer";
        case story_kind::footnote: return "footnote";
        case story_kind::endnote: return "endnote";
    }
    return "body";
}

// --- word/comments.xml ---------------------------------------------------------------------

std::vector<comment_part_entry> parse_comments(std::string_view xml) {
    std::vector<comment_part_entry> out;
    pull_parser p(xml);
    comment_part_entry* cur = nullptr;
    int paragraphs = 0;
    int field_code = 0;  // >0 while inside a complex field's instruction
    for (event e = p.next(); e != event::eof; e = p.next()) {
        if (e == event::start) {
            if (is_shadow(p)) {
                p.skip_element();
                continue;
            }
            if (p.is(ns::wml, "comment")) {
                out.push_back({p.attr(ns::wml, "id"), p.attr(ns::wml, "author"), p.attr(ns::wml, "initials"),
                               p.attr(ns::wml, "date"), p.attr(ns::w16du, "dateUtc"), {}, {}});
                cur = &out.back();
                paragraphs = 0;
                field_code = 0;
                continue;
            }
            if (!cur || p.element_ns() != ns::wml) continue;
            const std::string_view l = p.local_name();
            if (l == "p") {
                if (paragraphs++ > 0) cur->text += '\n';
                if (p.has_attr(ns::w14, "paraId")) cur->last_para_id = p.attr(ns::w14, "paraId");
                else cur->last_para_id.clear();
            } else if (l == "t") {
                const std::string_view t = p.element_text();
                if (field_code == 0) cur->text += t;
            } else if (l == "delText" || l == "instrText") {
                p.skip_element();
            } else if (l == "tab" || l == "br" || l == "cr") {
                if (field_code == 0) cur->text += l == "tab" ? '\t' : '\n';
            } else if (l == "fldChar") {
                const std::string type = p.attr(ns::wml, "fldCharType");
                if (type == "begin") ++field_code;
                else if (type == "separate" && field_code > 0) --field_code;
            } else if (l == "pPr" || l == "rPr") {
                p.skip_element();  // tab stops (w:tabs/w:tab) live here, not text
            }
        } else if (e == event::end && p.is(ns::wml, "comment") && cur) {
            strip_trailing_newlines(cur->text);
            cur = nullptr;
        }
    }
    return out;
}

namespace {
// The flat comment side parts (commentsExtended, commentsIds, commentsExtensible) are lists of
// one element each; `make` turns one such element, at its start event, into a T.
template <typename T, typename Make>
std::vector<T> parse_element_list(std::string_view xml, ns n, std::string_view local, Make make) {
    std::vector<T> out;
    pull_parser p(xml);
    for (event e = p.next(); e != event::eof; e = p.next())
        if (e == event::start && p.is(n, local)) out.push_back(make(p));
    return out;
}
}  // namespace

// --- commentsExtended.xml ------------------------------------------------------------------

std::vector<comment_ex> parse_comments_extended(std::string_view xml) {
    return parse_element_list<comment_ex>(xml, ns::w15, "commentEx", [](const pull_parser& p) {
        const std::string done = p.attr(ns::w15, "done");
        return comment_ex{p.attr(ns::w15, "paraId"), p.attr(ns::w15, "paraIdParent"), done == "1" || done == "true"};
    });
}

// --- commentsIds.xml -----------------------------------------------------------------------

std::vector<comment_durable_id> parse_comments_ids(std::string_view xml) {
    return parse_element_list<comment_durable_id>(xml, ns::w16cid, "commentId", [](const pull_parser& p) {
        return comment_durable_id{p.attr(ns::w16cid, "paraId"), p.attr(ns::w16cid, "durableId")};
    });
}

// --- commentsExtensible.xml ----------------------------------------------------------------

std::vector<comment_extensible> parse_comments_extensible(std::string_view xml) {
    return parse_element_list<comment_extensible>(xml, ns::w16cex, "commentExtensible", [](const pull_parser& p) {
        return comment_extensible{p.attr(ns::w16cex, "durableId"), p.attr(ns::w16cex, "dateUtc")};
    });
}

// --- people.xml ----------------------------------------------------------------------------

std::vector<person> parse_people(std::string_view xml) {
    std::vector<person> out;
    pull_parser p(xml);
    for (event e = p.next(); e != event::eof; e = p.next()) {
        if (e != event::start) continue;
        if (p.is(ns::w15, "person")) {
            out.push_back({p.attr(ns::w15, "author"), {}, {}});
        } else if (p.is(ns::w15, "presenceInfo") && !out.empty()) {
            out.back().provider_id = p.attr(ns::w15, "providerId");
            out.back().user_id = p.attr(ns::w15, "userId");
        }
    }
    return out;
}

// --- styles.xml ----------------------------------------------------------------------------

heading_styles parse_heading_styles(std::string_view xml) {
    struct style {
        std::string based_on;
        std::string name;
        int own_level = -1;  // -1: no w:outlineLvl of its own
    };
    std::map<std::string, style> styles;
    pull_parser p(xml);
    style* cur = nullptr;
    for (event e = p.next(); e != event::eof; e = p.next()) {
        if (e == event::start) {
            if (is_shadow(p)) {
                p.skip_element();
            } else if (p.is(ns::wml, "style")) {
                const std::string type = p.attr(ns::wml, "type");
                cur = type.empty() || type == "paragraph" ? &styles[p.attr(ns::wml, "styleId")] : nullptr;
            } else if (cur && p.is(ns::wml, "basedOn")) {
                cur->based_on = p.attr(ns::wml, "val");
            } else if (cur && p.is(ns::wml, "name")) {
                cur->name = p.attr(ns::wml, "val");
            } else if (cur && p.is(ns::wml, "outlineLvl")) {
                cur->own_level = parse_level(p.attr(ns::wml, "val"));
                if (cur->own_level < 0) cur->own_level = 9;  // unreadable: treat as body text
            } else if (cur && p.is(ns::wml, "rPr")) {
                p.skip_element();
            }
        } else if (e == event::end && p.is(ns::wml, "style")) {
            cur = nullptr;
        }
    }

    heading_styles out;
    for (const auto& [id, s] : styles) {
        // Walk basedOn to the first style with its own outline level; stop on cycles.
        int level = -1;
        std::set<std::string> seen;
        const style* at = &s;
        std::string at_id = id;
        while (at && seen.insert(at_id).second) {
            if (at->own_level >= 0) {
                level = at->own_level;
                break;
            }
            const auto next = styles.find(at->based_on);
            at_id = at->based_on;
            at = next == styles.end() ? nullptr : &next->second;
        }
        if (level < 0) level = builtin_heading_level(s.name);
        if (level >= 0 && level <= 8) out[id] = level;
    }
    return out;
}

std::map<std::string, style_numbering> parse_style_numbering(std::string_view xml) {
    struct style {
        std::string based_on;
        std::optional<std::string> num_id;
        int ilvl = -1;
    };
    std::map<std::string, style> styles;
    pull_parser p(xml);
    style* cur = nullptr;
    for (event e = p.next(); e != event::eof; e = p.next()) {
        if (e == event::start) {
            if (is_shadow(p)) {
                p.skip_element();
            } else if (p.is(ns::wml, "style")) {
                const std::string type = p.attr(ns::wml, "type");
                cur = type.empty() || type == "paragraph" ? &styles[p.attr(ns::wml, "styleId")] : nullptr;
            } else if (cur && p.is(ns::wml, "basedOn")) {
                cur->based_on = p.attr(ns::wml, "val");
            } else if (cur && p.is(ns::wml, "numId")) {
                cur->num_id = p.attr(ns::wml, "val");
            } else if (cur && p.is(ns::wml, "ilvl")) {
                cur->ilvl = parse_level(p.attr(ns::wml, "val"));
            } else if (cur && p.is(ns::wml, "rPr")) {
                p.skip_element();
            }
        } else if (e == event::end && p.is(ns::wml, "style")) {
            cur = nullptr;
        }
    }
    std::map<std::string, style_numbering> out;
    for (const auto& [id, s] : styles) {
        // numId and ilvl each come from the nearest style (itself first, then up basedOn) that
        // names them; numId 0 switches numbering off.
        std::optional<std::string> num_id;
        int ilvl = -1;
        std::set<std::string> seen;
        std::string at_id = id;
        for (auto at = styles.find(at_id); at != styles.end() && seen.insert(at_id).second; at = styles.find(at_id)) {
            if (!num_id && at->second.num_id) num_id = at->second.num_id;
            if (ilvl < 0) ilvl = at->second.ilvl;
            at_id = at->second.based_on;
        }
        if (num_id && !num_id->empty() && *num_id != "0") out[id] = {*num_id, ilvl};
    }
    return out;
}

numbering_definitions parse_numbering(std::string_view xml) {
    numbering_definitions out;
    pull_parser p(xml);
    std::array<numbering_level, 9>* levels = nullptr;
    numbering_level* level = nullptr;
    numbering_definitions::instance* num = nullptr;
    int override_level = -1;
    for (event e = p.next(); e != event::eof; e = p.next()) {
        if (e == event::start) {
            if (is_shadow(p)) {
                p.skip_element();
                continue;
            }
            if (p.element_ns() != ns::wml) continue;
            const std::string_view l = p.local_name();
            if (l == "abstractNum") {
                levels = &out.abstract[p.attr(ns::wml, "abstractNumId")];
                num = nullptr;
            } else if (l == "num") {
                num = &out.nums[p.attr(ns::wml, "numId")];
                levels = nullptr;
            } else if (l == "lvl" && levels) {
                const int i = parse_level(p.attr(ns::wml, "ilvl"));
                level = i >= 0 && i < 9 ? &(*levels)[static_cast<std::size_t>(i)] : nullptr;
            } else if (l == "lvl" && num) {
                p.skip_element();  // a level override redefining the level: rare; its start comes from startOverride
            } else if (level && l == "start") {
                const int v = parse_level(p.attr(ns::wml, "val"));
                if (v >= 0) level->start = v;
            } else if (level && l == "numFmt") {
                level->format = p.attr(ns::wml, "val");
            } else if (level && l == "lvlText") {
                level->text = p.attr(ns::wml, "val");
            } else if (level && l == "pStyle") {
                level->style = p.attr(ns::wml, "val");
            } else if (level && l == "isLgl") {
                const std::string v = p.attr(ns::wml, "val");
                level->legal = !(v == "0" || v == "false" || v == "off");
            } else if (level && (l == "pPr" || l == "rPr")) {
                p.skip_element();
            } else if (num && l == "abstractNumId") {
                num->abstract_id = p.attr(ns::wml, "val");
            } else if (num && l == "lvlOverride") {
                override_level = parse_level(p.attr(ns::wml, "ilvl"));
            } else if (num && l == "startOverride" && override_level >= 0 && override_level < 9) {
                const int v = parse_level(p.attr(ns::wml, "val"));
                if (v >= 0) num->start_overrides[override_level] = v;
            }
        } else if (e == event::end && p.element_ns() == ns::wml) {
            const std::string_view l = p.local_name();
            if (l == "lvl") level = nullptr;
            else if (l == "abstractNum") levels = nullptr;
            else if (l == "num") num = nullptr;
            else if (l == "lvlOverride") override_level = -1;
        }
    }
    return out;
}

std::string format_list_number(int value, std::string_view format) {
    if (format == "none" || format == "bullet") return {};
    if (value < 0) value = 0;
    if ((format == "lowerLetter" || format == "upperLetter") && value > 0) {
        // Word repeats the letter: 27 -> "aa", 28 -> "bb".
        const char base = format == "lowerLetter" ? 'a' : 'A';
        return std::string(static_cast<std::size_t>((value - 1) / 26 + 1), static_cast<char>(base + (value - 1) % 26));
    }
    if ((format == "lowerRoman" || format == "upperRoman") && value > 0 && value < 4000) {
        static constexpr std::pair<int, const char*> numerals[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"},
                                                                   {100, "c"},  {90, "xc"},  {50, "l"},  {40, "xl"},
                                                                   {10, "x"},   {9, "ix"},   {5, "v"},   {4, "iv"},
                                                                   {1, "i"}};
        std::string r;
        for (const auto& [n, s] : numerals)
            for (; value >= n; value -= n) r += s;
        if (format == "upperRoman")
            for (char& c : r) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return r;
    }
    if (format == "decimalZero" && value < 10) return "0" + std::to_string(value);
    return std::to_string(value);  // decimal and every format kib does not render
}

// --- stories -------------------------------------------------------------------------------

namespace {

// Walks one story and records, per paragraph, what must learn its section when the paragraph
// ends (a heading's own comments belong to that heading's section).
class story_scanner {
public:
    story_scanner(story_kind kind, const story_context& context)
        : kind_(kind), ctx_(context), styles_(context.styles), notes_(context.note_sections),
          bold_numbered_(context.bold_numbered_headings) {}

    story_marks run(std::string_view xml) {
        pull_parser p(xml);
        parser_ = &p;
        for (event e = p.next(); e != event::eof; e = p.next()) {
            if (e == event::start) on_start(p);
            else if (e == event::end) on_end(p);
        }
        // Unclosed paragraphs or ranges in a truncated story: settle what is pending.
        while (!paras_.empty()) end_paragraph();
        settle(current_section());
        return std::move(out_);
    }

private:
    struct pending {
        enum class what : unsigned char { anchor, highlight, revision, note } kind;
        std::string key;    // comment id / note key
        std::size_t index;  // highlight or revision index
    };
    struct paragraph {
        std::string style;
        int own_level = -1;
        std::string text;  // visible text, for headings
        bool any_text = false;  // some visible non-space text
        bool all_bold = true;   // every run with visible non-space text is bold
        std::optional<std::string> num_id;  // w:numPr of the paragraph itself
        int ilvl = -1;
    };
    struct open_revision {
        std::size_t index;  // into out_.revisions
        bool deleted;
    };
    struct open_anchor {
        std::string id;
        int pending_newlines = 0;
    };

    void on_start(pull_parser& p) {
        if (is_shadow(p)) {
            p.skip_element();
            return;
        }
        if (p.element_ns() != ns::wml) return;
        const std::string_view l = p.local_name();
        if (props_ > 0) {
            // Inside pPr/rPr/…: only the paragraph style, outline level and run highlight matter.
            ++props_;
            if (props_ == 2 && in_ppr_ && !paras_.empty()) {
                if (l == "pStyle") paras_.back().style = p.attr(ns::wml, "val");
                else if (l == "outlineLvl") {
                    const int v = parse_level(p.attr(ns::wml, "val"));
                    paras_.back().own_level = v < 0 ? 9 : v;
                }
            } else if (props_ == 3 && in_ppr_ && !paras_.empty() && (l == "numId" || l == "ilvl")) {
                // Only w:numPr has these children inside pPr.
                if (l == "numId") paras_.back().num_id = p.attr(ns::wml, "val");
                else paras_.back().ilvl = parse_level(p.attr(ns::wml, "val"));
            } else if (props_ == 2 && in_rpr_ && l == "highlight") {
                const std::string v = p.attr(ns::wml, "val");
                run_highlight_ = v == "none" ? std::string() : v;
            } else if (props_ == 2 && in_rpr_ && l == "b") {
                const std::string v = p.attr(ns::wml, "val");
                run_bold_ = !(v == "0" || v == "false" || v == "off");
            }
            return;
        }
        if (l == "pPr" || l == "rPr" || l == "tblPr" || l == "trPr" || l == "tcPr" || l == "sectPr" ||
            l == "tblGrid" || l == "tblPrEx") {
            props_ = 1;
            in_ppr_ = l == "pPr";
            in_rpr_ = l == "rPr";
            return;
        }
        if (l == "p") {
            paras_.push_back({});
        } else if (l == "r") {
            run_highlight_.clear();
            run_bold_ = false;
        } else if (l == "t") {
            append(p.element_text());
        } else if (l == "delText") {
            const std::string_view t = p.element_text();
            if (fields_hidden() || revisions_.empty()) return;
            out_.revisions[revisions_.back().index].text += t;
        } else if (l == "instrText") {
            p.skip_element();
        } else if (l == "tab") {
            append("\t");
        } else if (l == "br" || l == "cr") {
            append("\n");
        } else if (l == "noBreakHyphen") {
            append("-");
        } else if (l == "fldChar") {
            const std::string type = p.attr(ns::wml, "fldCharType");
            if (type == "begin") {
                fields_.push_back(true);
                ++field_codes_;
            } else if (type == "separate" && !fields_.empty() && fields_.back()) {
                fields_.back() = false;
                --field_codes_;
            } else if (type == "end" && !fields_.empty()) {
                if (fields_.back()) --field_codes_;
                fields_.pop_back();
            }
        } else if (l == "ins" || l == "del" || l == "moveTo" || l == "moveFrom") {
            const bool deleted = l == "del" || l == "moveFrom";
            revision r;
            r.kind = deleted ? "deletion" : "insertion";
            r.id = p.attr(ns::wml, "id");
            r.author = p.attr(ns::wml, "author");
            r.date = p.attr(ns::wml, "date");
            r.date_utc = p.attr(ns::w16du, "dateUtc");
            r.story = kind_;
            out_.revisions.push_back(std::move(r));
            revisions_.push_back({out_.revisions.size() - 1, deleted});
            if (deleted) ++deleted_;
        } else if (l == "commentRangeStart") {
            const std::string id = p.attr(ns::wml, "id");
            anchor& a = out_.anchors[id];
            if (!a.has_range) {
                a.has_range = true;
                a.text.clear();
                anchors_.push_back({id, 0});
                pending_.push_back({pending::what::anchor, id, 0});
            }
        } else if (l == "commentRangeEnd") {
            const std::string id = p.attr(ns::wml, "id");
            anchors_.erase(std::remove_if(anchors_.begin(), anchors_.end(), [&](const open_anchor& a) { return a.id == id; }),
                           anchors_.end());
        } else if (l == "commentReference") {
            const std::string id = p.attr(ns::wml, "id");
            if (out_.anchors.find(id) == out_.anchors.end()) {
                out_.anchors[id];  // a point: no range markers
                pending_.push_back({pending::what::anchor, id, 0});
            }
        } else if ((l == "footnoteReference" || l == "endnoteReference") && kind_ == story_kind::body) {
            const std::string key = std::string(l == "footnoteReference" ? "footnote:" : "endnote:") + p.attr(ns::wml, "id");
            pending_.push_back({pending::what::note, key, 0});
        } else if ((l == "footnote" && kind_ == story_kind::footnote) || (l == "endnote" && kind_ == story_kind::endnote)) {
            const auto it = notes_.find(std::string(l) + ":" + p.attr(ns::wml, "id"));
            note_section_ = it == notes_.end() ? std::string() : it->second;
        }
    }

    void on_end(pull_parser& p) {
        if (p.element_ns() != ns::wml) return;
        if (props_ > 0) {
            if (--props_ == 0) in_ppr_ = in_rpr_ = false;
            return;
        }
        const std::string_view l = p.local_name();
        if (l == "p") {
            end_paragraph();
        } else if (l == "r") {
            run_highlight_.clear();
        } else if ((l == "ins" || l == "del" || l == "moveTo" || l == "moveFrom") && !revisions_.empty()) {
            const open_revision r = revisions_.back();
            revisions_.pop_back();
            if (r.deleted) --deleted_;
            pending_.push_back({pending::what::revision, {}, r.index});
        }
    }

    bool fields_hidden() const { return field_codes_ > 0; }

    // Visible text of the current run.
    void append(std::string_view t) {
        if (fields_hidden()) return;
        if (deleted_ > 0) {
            if (!revisions_.empty()) out_.revisions[revisions_.back().index].text += t;
            return;
        }
        if (!paras_.empty()) {
            paragraph& para = paras_.back();
            para.text += t;
            if (t.find_first_not_of(" \t\n") != std::string_view::npos) {
                para.any_text = true;
                if (!run_bold_) para.all_bold = false;
            }
        }
        for (open_anchor& a : anchors_) {
            std::string& s = out_.anchors[a.id].text;
            s.append(static_cast<std::size_t>(a.pending_newlines), '\n');
            anchored_ += t.size() + static_cast<std::size_t>(a.pending_newlines);
            a.pending_newlines = 0;
            s += t;
        }
        // Every open range gets a copy of the text: thousands of ranges that never close would
        // multiply a document's text in memory. Bounded over the whole story.
        if (anchored_ > ctx_.max_anchor_text && parser_)
            parser_->fail_limit("the comments' anchored text adds up to more than " + std::to_string(ctx_.max_anchor_text) +
                                    " bytes (limit); many comment ranges overlap or never close",
                                "the document is damaged or made to break readers; re-save it in Word "
                                "(the limit is kib::docx::story_context::max_anchor_text)");
        if (!revisions_.empty()) out_.revisions[revisions_.back().index].text += t;
        if (run_highlight_ != hl_colour_) flush_highlight();
        if (!run_highlight_.empty()) {
            hl_colour_ = run_highlight_;
            hl_text_ += t;
        }
    }

    void flush_highlight() {
        if (!hl_colour_.empty() && !hl_text_.empty()) {
            out_.highlights.push_back({hl_colour_, hl_text_, {}, kind_});
            pending_.push_back({pending::what::highlight, {}, out_.highlights.size() - 1});
        }
        hl_colour_.clear();
        hl_text_.clear();
    }

    // The outline level of a real heading (outline level or heading style), else -1.
    int heading_level(const paragraph& para) const {
        if (para.own_level >= 0) return para.own_level <= 8 ? para.own_level : -1;
        const auto it = styles_.find(para.style);
        return it == styles_.end() ? -1 : it->second;
    }

    // Documents typed without heading styles mark headings as bold numbered paragraphs
    // ("**6.1 Organigram**" in seed 000): "6." is level 0, "6.1" level 1. Only used when the
    // caller found no real heading in the story.
    static int numbered_level(std::string_view t) {
        std::size_t i = t.find_first_not_of(" \t\n");
        if (i == std::string_view::npos || t.size() > 200) return -1;
        int parts = 0;
        while (i < t.size() && t[i] >= '0' && t[i] <= '9') {
            std::size_t j = i;
            while (j < t.size() && t[j] >= '0' && t[j] <= '9') ++j;
            if (j - i > 3) return -1;  // a year or an amount, not a heading number
            ++parts;
            i = j;
            if (i < t.size() && t[i] == '.') ++i;
        }
        if (parts == 0 || i >= t.size() || (t[i] != ' ' && t[i] != '\t')) return -1;
        const std::size_t rest = t.find_first_not_of(" \t", i);
        if (rest == std::string_view::npos) return -1;
        return std::min(parts - 1, 8);
    }

    std::string current_section() const {
        if (kind_ == story_kind::footnote || kind_ == story_kind::endnote) return note_section_;
        if (kind_ != story_kind::body) return {};
        std::string s;
        for (const std::string& h : path_) {
            if (h.empty()) continue;
            if (!s.empty()) s += " > ";
            s += h;
        }
        return s;
    }

    void end_paragraph() {
        flush_highlight();
        paragraph para = std::move(paras_.back());
        paras_.pop_back();
        int level = kind_ == story_kind::body ? heading_level(para) : -1;
        if (level >= 0) ++out_.headings;
        else if (kind_ == story_kind::body && bold_numbered_ && para.any_text && para.all_bold)
            level = numbered_level(para.text);
        const std::string number = kind_ == story_kind::body ? list_number(para) : std::string();
        if (level >= 0) {
            std::string text = number.empty() ? para.text : number + " " + para.text;
            std::replace(text.begin(), text.end(), '\n', ' ');
            std::replace(text.begin(), text.end(), '\t', ' ');
            const auto b = text.find_first_not_of(' ');
            const auto e = text.find_last_not_of(' ');
            text = b == std::string::npos ? std::string() : text.substr(b, e - b + 1);
            if (!text.empty()) {
                path_.resize(static_cast<std::size_t>(level) + 1);
                path_[static_cast<std::size_t>(level)] = text;
            }
        }
        settle(current_section());
        for (open_anchor& a : anchors_)
            if (!out_.anchors[a.id].text.empty()) ++a.pending_newlines;
    }

    // Counts the paragraph in its list (if any) and returns its rendered number ("6.1"), or "".
    std::string list_number(const paragraph& para) {
        std::string num_id;
        int ilvl = para.ilvl;
        const auto st = ctx_.style_numbers.find(para.style);
        if (para.num_id) num_id = *para.num_id;
        else if (st != ctx_.style_numbers.end()) num_id = st->second.num_id;
        if (num_id.empty() || num_id == "0") return {};
        const auto inst = ctx_.lists.nums.find(num_id);
        if (inst == ctx_.lists.nums.end()) return {};
        const auto abs = ctx_.lists.abstract.find(inst->second.abstract_id);
        if (abs == ctx_.lists.abstract.end()) return {};
        const auto& levels = abs->second;
        if (ilvl < 0 && st != ctx_.style_numbers.end()) ilvl = st->second.ilvl;
        if (ilvl < 0) {
            // A style bound to a list level by that level's w:pStyle.
            for (std::size_t i = 0; i < levels.size(); ++i)
                if (!para.style.empty() && levels[i].style == para.style) ilvl = static_cast<int>(i);
        }
        if (ilvl < 0) ilvl = 0;
        if (ilvl > 8) return {};

        // Lists sharing an abstract definition continue each other unless a num restarts them.
        const std::string key = inst->second.start_overrides.empty() ? "a" + inst->second.abstract_id : "n" + num_id;
        auto& counters = counters_[key];
        auto start = [&](int l) {
            const auto o = inst->second.start_overrides.find(l);
            return o != inst->second.start_overrides.end() ? o->second : levels[static_cast<std::size_t>(l)].start;
        };
        auto& mine = counters[static_cast<std::size_t>(ilvl)];
        mine = mine ? *mine + 1 : start(ilvl);
        for (std::size_t i = static_cast<std::size_t>(ilvl) + 1; i < counters.size(); ++i) counters[i].reset();

        const numbering_level& lvl = levels[static_cast<std::size_t>(ilvl)];
        if (lvl.format == "bullet") return {};
        std::string out;
        for (std::size_t i = 0; i < lvl.text.size(); ++i) {
            const char c = lvl.text[i];
            if (c == '%' && i + 1 < lvl.text.size() && lvl.text[i + 1] >= '1' && lvl.text[i + 1] <= '9') {
                const int l = lvl.text[++i] - '1';
                const auto& v = counters[static_cast<std::size_t>(l)];
                const std::string& fmt = levels[static_cast<std::size_t>(l)].format;
                out += format_list_number(v ? *v : start(l), lvl.legal && fmt != "none" ? "decimal" : fmt);
            } else {
                out += c;
            }
        }
        const auto b = out.find_first_not_of(' ');
        return b == std::string::npos ? std::string() : out.substr(b);
    }

    void settle(const std::string& section) {
        for (const pending& x : pending_) {
            switch (x.kind) {
                case pending::what::anchor: out_.anchors[x.key].section = section; break;
                case pending::what::highlight: out_.highlights[x.index].section = section; break;
                case pending::what::revision: out_.revisions[x.index].section = section; break;
                case pending::what::note: out_.note_sections[x.key] = section; break;
            }
        }
        pending_.clear();
    }

    story_kind kind_;
    const story_context& ctx_;
    const heading_styles& styles_;
    const std::map<std::string, std::string>& notes_;
    bool bold_numbered_;
    story_marks out_;

    int props_ = 0;  // depth inside a properties element (pPr, rPr, …); 0 outside
    bool in_ppr_ = false;
    bool in_rpr_ = false;
    std::vector<paragraph> paras_;  // a stack: text boxes nest paragraphs in paragraphs
    std::vector<std::string> path_; // heading text per outline level
    std::string note_section_;
    std::vector<bool> fields_;      // open complex fields: true while in the instruction part
    int field_codes_ = 0;           // how many of them are in their instruction part
    std::vector<open_revision> revisions_;
    int deleted_ = 0;
    std::vector<open_anchor> anchors_;
    std::size_t anchored_ = 0;  // bytes appended to anchors so far
    const pull_parser* parser_ = nullptr;  // for the line of a limit error
    std::vector<pending> pending_;
    std::map<std::string, std::array<std::optional<int>, 9>> counters_;  // list key -> counter per level
    std::string run_highlight_;
    bool run_bold_ = false;
    std::string hl_colour_;
    std::string hl_text_;
};

}  // namespace

story_marks scan_story(std::string_view xml, story_kind kind, const story_context& context) {
    return story_scanner(kind, context).run(xml);
}

story_marks scan_story(std::string_view xml, story_kind kind, const heading_styles& styles,
                       const std::map<std::string, std::string>& note_sections, bool bold_numbered_headings) {
    story_context context;
    context.styles = styles;
    context.note_sections = note_sections;
    context.bold_numbered_headings = bold_numbered_headings;
    return story_scanner(kind, context).run(xml);
}

// --- the whole document --------------------------------------------------------------------

namespace {

// Reads a part and runs a part reader on it, adding the file and part to any error.
template <class F>
auto read_part(const package& pkg, const std::string& part, F&& f) {
    const std::string data = pkg.read(part);
    try {
        return f(std::string_view(data));
    } catch (const error& e) {
        throw e.with_context(pkg.where(part));
    }
}

}  // namespace

review_marks read_review_marks(const package& pkg) {
    const std::string main = pkg.main_part();
    // A workbook or presentation has no review marks of Word's kind: say so instead of reporting none.
    // (A generic content type such as application/xml is accepted: some producers write one.)
    if (const std::string type = pkg.content_type(main);
        type.find("spreadsheetml") != std::string::npos || type.find("presentationml") != std::string::npos) {
        const bool workbook = type.find("spreadsheetml") != std::string::npos;
        throw error(error_category::bad_input, pkg.where(main),
                    workbook ? "this is a workbook, not a Word document" : "this is a presentation, not a Word document",
                    "kib comments reads .docx drafts");
    }
    const std::vector<relationship> rels = pkg.relationships(main);
    auto target = [&](std::string_view kind) -> std::string {
        for (const relationship& r : rels)
            if (!r.external && r.has_type(kind) && pkg.find(r.target)) return r.target;
        return {};
    };

    story_context ctx;
    if (const std::string part = target("styles"); !part.empty()) {
        ctx.styles = read_part(pkg, part, [](std::string_view x) { return parse_heading_styles(x); });
        ctx.style_numbers = read_part(pkg, part, [](std::string_view x) { return parse_style_numbering(x); });
    }
    if (const std::string part = target("numbering"); !part.empty())
        ctx.lists = read_part(pkg, part, [](std::string_view x) { return parse_numbering(x); });

    review_marks out;
    std::map<std::string, anchor> anchors;
    std::map<std::string, story_kind> anchor_story;
    auto take = [&](story_marks&& m, story_kind kind) {
        for (auto& [id, a] : m.anchors) {
            if (anchors.count(id)) continue;  // the first story that marks a comment wins
            anchor_story[id] = kind;
            anchors[id] = std::move(a);
        }
        for (highlight& h : m.highlights) out.highlights.push_back(std::move(h));
        for (revision& r : m.revisions) out.revisions.push_back(std::move(r));
    };

    story_marks body = read_part(pkg, main, [&](std::string_view x) {
        story_marks m = scan_story(x, story_kind::body, ctx);
        // No heading styles or outline levels used: fall back to bold numbered paragraphs.
        if (m.headings == 0) {
            ctx.bold_numbered_headings = true;
            m = scan_story(x, story_kind::body, ctx);
            ctx.bold_numbered_headings = false;
        }
        return m;
    });
    ctx.note_sections = body.note_sections;
    take(std::move(body), story_kind::body);

    std::set<std::string> done;
    const std::pair<const char*, story_kind> stories[] = {{"header", story_kind::header},
                                                          {"footer", story_kind::footer},
                                                          {"footnotes", story_kind::footnote},
                                                          {"endnotes", story_kind::endnote}};
    for (const auto& [rel_kind, kind] : stories) {
        for (const relationship& r : rels) {
            if (r.external || !r.has_type(rel_kind) || !pkg.find(r.target) || !done.insert(ascii_lower(r.target)).second)
                continue;
            const story_kind k = kind;
            take(read_part(pkg, r.target, [&](std::string_view x) { return scan_story(x, k, ctx); }), k);
        }
    }

    std::vector<comment_part_entry> entries;
    if (const std::string part = target("comments"); !part.empty())
        entries = read_part(pkg, part, [](std::string_view x) { return parse_comments(x); });
    std::vector<comment_ex> ex;
    if (const std::string part = target("commentsExtended"); !part.empty())
        ex = read_part(pkg, part, [](std::string_view x) { return parse_comments_extended(x); });
    std::vector<comment_durable_id> ids;
    if (const std::string part = target("commentsIds"); !part.empty())
        ids = read_part(pkg, part, [](std::string_view x) { return parse_comments_ids(x); });
    std::vector<comment_extensible> cex;
    if (const std::string part = target("commentsExtensible"); !part.empty())
        cex = read_part(pkg, part, [](std::string_view x) { return parse_comments_extensible(x); });
    if (const std::string part = target("people"); !part.empty())
        out.people = read_part(pkg, part, [](std::string_view x) { return parse_people(x); });

    std::map<std::string, const comment_ex*> ex_by_para;
    for (const comment_ex& x : ex) ex_by_para[x.para_id] = &x;
    std::map<std::string, std::string> durable_by_para;
    for (const comment_durable_id& x : ids) durable_by_para[x.para_id] = x.durable_id;
    std::map<std::string, std::string> utc_by_durable;
    for (const comment_extensible& x : cex)
        if (!x.date_utc.empty()) utc_by_durable[x.durable_id] = x.date_utc;
    std::map<std::string, std::string> id_by_para;
    for (const comment_part_entry& c : entries)
        if (!c.last_para_id.empty()) id_by_para[c.last_para_id] = c.id;

    for (comment_part_entry& c : entries) {
        comment o;
        o.id = c.id;
        o.author = std::move(c.author);
        o.initials = std::move(c.initials);
        o.date = std::move(c.date);
        o.text = std::move(c.text);
        if (const auto a = anchors.find(c.id); a != anchors.end()) {
            o.anchor = a->second.text;
            o.section = a->second.section;
            o.story = anchor_story[c.id];
        }
        if (!c.last_para_id.empty()) {
            if (const auto x = ex_by_para.find(c.last_para_id); x != ex_by_para.end()) {
                o.resolved = x->second->done;
                if (const auto parent = id_by_para.find(x->second->para_id_parent);
                    !x->second->para_id_parent.empty() && parent != id_by_para.end())
                    o.parent = parent->second;
            }
            if (const auto d = durable_by_para.find(c.last_para_id); d != durable_by_para.end()) {
                o.durable_id = d->second;
                if (const auto u = utc_by_durable.find(d->second); u != utc_by_durable.end()) o.date_utc = u->second;
            }
        }
        if (!o.date_utc && !c.date_utc.empty()) o.date_utc = c.date_utc;
        out.comments.push_back(std::move(o));
    }
    return out;
}

}  // namespace kib::docx
