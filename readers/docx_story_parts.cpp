// The story parts (word/document.xml, headers, footers, footnotes, endnotes), one scanner for all:
// comment anchors, highlights, tracked changes and their heading path. Notes take their section
// from the body's note references, so the body must be scanned first (story_context::note_sections).
#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <utility>

#include "readers/docx_comments.hpp"
#include "readers/docx_detail.hpp"
#include "readers/i18n.hpp"
#include "readers/xml_pull.hpp"

namespace kib::docx {

namespace {

using xml::ns;
using xml::pull_parser;
using event = pull_parser::event;
using detail::is_shadow;
using detail::parse_level;

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
            fields_.on_fld_char(p.attr(ns::wml, "fldCharType"));
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

    bool fields_hidden() const { return fields_.in_code(); }

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
            parser_->fail_limit(trf("the comments' anchored text adds up to more than {} bytes (limit); many comment ranges overlap or never close",
                                    {std::to_string(ctx_.max_anchor_text)}),
                                tr("the document is damaged or made to break readers; re-save it in Word"));
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
    detail::field_state fields_;    // open complex fields of the story
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

}  // namespace kib::docx
