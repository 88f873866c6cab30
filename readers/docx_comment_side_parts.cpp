// The comment side parts, keyed to word/comments.xml through paraIds and durable ids:
// commentsExtended.xml (replies, resolved), commentsIds.xml (durable ids), commentsExtensible.xml
// (dateUtc) and people.xml (authors' accounts). Flat lists of one element; no text is read.
#include <string>

#include "readers/docx_comments.hpp"
#include "readers/xml_pull.hpp"

namespace kib::docx {

namespace {

using xml::ns;
using xml::pull_parser;
using event = pull_parser::event;

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

}  // namespace kib::docx
