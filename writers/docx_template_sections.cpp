// Sections ({{#x}}…{{/x}}, {{^x}}…{{/x}}): balancing the tags, lifting each section to the unit it
// spans (runs in one paragraph, table rows, or whole paragraphs), and turning the marked XML into
// the op tree. A section's markers are bare text nodes placed outside the units they enclose.
#include "writers/docx_template_detail.hpp"
#include "readers/i18n.hpp"

#include <algorithm>

namespace kib {
namespace docx_template_detail {

// Counts the paragraphs (<w:p> and <w:p …>) in the literal XML of a section body, for every
// section; nested sections count their own. The fill's loop-expansion limit charges these.
void count_paragraphs(std::vector<op>& ops, const std::string& w) {
    const std::string open = "<" + w + "p";
    for (op& o : ops) {
        if (o.kind != op_kind::section) continue;
        count_paragraphs(o.children, w);
        for (const op& c : o.children) {
            if (c.kind != op_kind::literal) continue;
            for (std::size_t at = c.text.find(open); at != std::string::npos; at = c.text.find(open, at + 1)) {
                const char next = at + open.size() < c.text.size() ? c.text[at + open.size()] : '\0';
                if (next == '>' || next == ' ' || next == '/') ++o.paragraphs;
            }
        }
    }
}

bool part_compiler::is_empty_paragraph(pugi::xml_node p) const {
    if (pugi::xml_node ppr = p.child(q("pPr").c_str()); ppr && ppr.child(q("sectPr").c_str())) return false;
    bool empty = true;
    struct walker : pugi::xml_tree_walker {
        const part_compiler* self;
        bool* empty;
        bool for_each(pugi::xml_node& n) override {
            if (n.type() == pugi::node_pcdata) {
                if (std::string_view(n.value()).find(marker_open) != std::string_view::npos) *empty = false;
                else if (self->is(n.parent(), "t") && *n.value()) *empty = false;
            } else if (n.type() == pugi::node_element) {
                for (const char* k : {"drawing", "pict", "object", "br", "cr", "tab", "sym", "fldChar", "instrText",
                                      "footnoteReference", "endnoteReference", "sdt", "ptab", "fldSimple"})
                    if (self->is(n, k)) *empty = false;
            }
            return *empty;
        }
    } w;
    w.self = this;
    w.empty = &empty;
    p.traverse(w);
    return empty;
}

void part_compiler::place_sections(const std::vector<std::size_t>& tag_ids) {
    struct open_tag { std::size_t id; };
    std::vector<open_tag> stack;
    std::vector<std::pair<std::size_t, std::size_t>> pairs;  // in closing order: inner first
    for (std::size_t id : tag_ids) {
        const tag& t = t_.tags[id];
        if (t.kind == tag_kind::open || t.kind == tag_kind::inverted) {
            stack.push_back({id});
        } else if (t.kind == tag_kind::close) {
            if (stack.empty())
                throw template_error(t_.display_name, part_, t.where,
                                     trf("unbalanced tag {} in {}: no section is open", {t.text, t.where}),
                                     trf("add {{#{}}} before it, or remove it", {t.name}));
            const tag& o = t_.tags[stack.back().id];
            if (o.name != t.name)
                throw template_error(t_.display_name, part_, t.where,
                                     trf("unbalanced tag {} in {}: the open section is {} from {}", {t.text, t.where, o.text, o.where}),
                                     trf("close {} with {{/{}}} first", {o.text, o.name}));
            pairs.emplace_back(stack.back().id, id);
            stack.pop_back();
        }
    }
    if (!stack.empty()) {
        const tag& o = t_.tags[stack.back().id];
        throw template_error(t_.display_name, part_, o.where, trf("unbalanced tag {} in {}: it is never closed", {o.text, o.where}),
                             trf("add {{/{}}} where the section ends (in the same part)", {o.name}));
    }

    auto is_section_marker = [&](pugi::xml_node n, bool want_open) {
        if (n.type() != pugi::node_pcdata) return false;
        const std::string_view v = n.value();
        if (v.substr(0, marker_open.size()) != marker_open) return false;
        const std::size_t id = std::stoul(std::string(v.substr(marker_open.size())));
        const tag& t = t_.tags[id];
        return want_open ? (t.kind == tag_kind::open || t.kind == tag_kind::inverted) : t.kind == tag_kind::close;
    };
    auto in_paragraph = [&](pugi::xml_node n) {
        for (; n; n = n.parent())
            if (is(n, "p")) return true;
        return false;
    };

    for (const auto& [oid, cid] : pairs) {
        pugi::xml_node a = t_.tags[oid].run;
        pugi::xml_node b = t_.tags[cid].run;
        std::vector<pugi::xml_node> anc_a;
        for (pugi::xml_node n = a; n; n = n.parent()) anc_a.push_back(n);
        pugi::xml_node lca;
        for (pugi::xml_node n = b; n && !lca; n = n.parent())
            if (std::find(anc_a.begin(), anc_a.end(), n) != anc_a.end()) lca = n;
        auto child_of = [](pugi::xml_node x, pugi::xml_node parent) {
            while (x.parent() != parent) x = x.parent();
            return x;
        };
        pugi::xml_node ua, ub;
        bool block = false;
        if (in_paragraph(lca)) {
            ua = child_of(a, lca);
            ub = child_of(b, lca);
        } else {
            pugi::xml_node row;
            for (pugi::xml_node n = lca; n && !is(n, "tbl") && !is(n, "body") && !is(n, "txbxContent"); n = n.parent())
                if (is(n, "tr")) {
                    row = n;
                    break;
                }
            if (row) {
                ua = ub = row;
            } else if (is(lca, "tbl")) {
                ua = child_of(a, lca);
                ub = child_of(b, lca);
            } else {
                ua = child_of(a, lca);
                ub = child_of(b, lca);
                block = true;
            }
        }
        if (is(ua, "tr")) {
            bool others = false;
            for (pugi::xml_node n = ua.previous_sibling(); n && !others; n = n.previous_sibling()) others = is(n, "tr");
            for (pugi::xml_node n = ub.next_sibling(); n && !others; n = n.next_sibling()) others = is(n, "tr");
            t_.tags[oid].sole_rows = !others;
        }
        pugi::xml_node before = ua;
        while (before.previous_sibling() && is_section_marker(before.previous_sibling(), true)) before = before.previous_sibling();
        before.parent().insert_child_before(pugi::node_pcdata, before).set_value(marker(oid).c_str());
        pugi::xml_node after = ub;
        while (after.next_sibling() && is_section_marker(after.next_sibling(), false)) after = after.next_sibling();
        after.parent().insert_child_after(pugi::node_pcdata, after).set_value(marker(cid).c_str());
        const bool a_is_unit = ua == a, b_is_unit = ub == b;
        if (!a_is_unit) a.parent().remove_child(a);
        if (!b_is_unit) b.parent().remove_child(b);
        if (a_is_unit) ua.parent().remove_child(ua);
        if (b_is_unit) ub.parent().remove_child(ub);
        if (block) {
            if (!a_is_unit && is(ua, "p") && is_empty_paragraph(ua)) ua.parent().remove_child(ua);
            if (!b_is_unit && ub != ua && is(ub, "p") && is_empty_paragraph(ub)) ub.parent().remove_child(ub);
        }
    }
}

std::vector<op> part_compiler::build_ops(const std::string& xml) {
    std::vector<op> root;
    std::vector<std::vector<op>*> stack{&root};
    std::vector<std::size_t> open_ids;
    std::size_t pos = 0;
    while (pos < xml.size()) {
        const std::size_t m = xml.find(marker_open, pos);
        const std::size_t lit_end = m == std::string::npos ? xml.size() : m;
        if (lit_end > pos) {
            op o;
            o.text = xml.substr(pos, lit_end - pos);
            stack.back()->push_back(std::move(o));
        }
        if (m == std::string::npos) break;
        const std::size_t id_start = m + marker_open.size();
        const std::size_t id_end = xml.find(marker_close, id_start);
        const std::size_t id = std::stoul(xml.substr(id_start, id_end - id_start));
        pos = id_end + marker_close.size();
        op o;
        if (id >= 2'000'000'000) {
            o.kind = op_kind::sdt_display;
            o.ref = id - 2'000'000'000;
        } else if (id >= 1'000'000'000) {
            o.kind = op_kind::sdt_checked;
            o.ref = id - 1'000'000'000;
        } else {
            const tag& t = t_.tags[id];
            o.ref = id;
            if (t.kind == tag_kind::field) o.kind = op_kind::field;
            else if (t.kind == tag_kind::checkbox) o.kind = op_kind::checkbox;
            else if (t.kind == tag_kind::close) {
                stack.pop_back();
                continue;
            } else {
                o.kind = op_kind::section;
                stack.back()->push_back(std::move(o));
                stack.push_back(&stack.back()->back().children);
                continue;
            }
        }
        stack.back()->push_back(std::move(o));
    }
    return root;
}

}  // namespace docx_template_detail
}  // namespace kib
