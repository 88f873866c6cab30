// read_review_marks: finds the parts through the main part's relationships, runs the part readers
// (readers/docx_*_part*.cpp; errors get file and part) and joins comments, anchors and side parts.
#include "readers/docx_comments.hpp"

#include <set>

#include "readers/error.hpp"
#include "readers/i18n.hpp"
#include "readers/package.hpp"

namespace kib::docx {

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
                    workbook ? tr("this is a workbook, not a Word document") : tr("this is a presentation, not a Word document"),
                    tr("kib comments reads .docx drafts"));
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
