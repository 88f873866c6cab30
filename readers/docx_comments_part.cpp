// word/comments.xml: each w:comment's author, dates and visible text, and the w14:paraId of its
// last paragraph (the key of the side parts). Field codes and deleted text are not comment text.
#include <string>

#include "readers/docx_comments.hpp"
#include "readers/docx_detail.hpp"
#include "readers/xml_pull.hpp"

namespace kib::docx {

namespace {

using xml::ns;
using xml::pull_parser;
using event = pull_parser::event;
using detail::is_shadow;

void strip_trailing_newlines(std::string& s) {
    while (!s.empty() && s.back() == '\n') s.pop_back();
}

}  // namespace

// --- word/comments.xml ---------------------------------------------------------------------

std::vector<comment_part_entry> parse_comments(std::string_view xml) {
    std::vector<comment_part_entry> out;
    pull_parser p(xml);
    comment_part_entry* cur = nullptr;
    int paragraphs = 0;
    detail::field_state fields;  // per comment: a field left open ends with its comment
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
                fields.reset();
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
                if (!fields.in_code()) cur->text += t;
            } else if (l == "delText" || l == "instrText") {
                p.skip_element();
            } else if (l == "tab" || l == "br" || l == "cr") {
                if (!fields.in_code()) cur->text += l == "tab" ? '\t' : '\n';
            } else if (l == "fldChar") {
                fields.on_fld_char(p.attr(ns::wml, "fldCharType"));
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

}  // namespace kib::docx
