#include "writers/docx_template.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>

#include "readers/error.hpp"
#include "readers/package.hpp"
#include "writers/zip_writer.hpp"

namespace kib {
namespace {

constexpr std::string_view w_uri = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
constexpr std::string_view w_strict_uri = "http://purl.oclc.org/ooxml/wordprocessingml/main";
constexpr std::string_view w14_uri = "http://schemas.microsoft.com/office/word/2010/wordml";

// Markers stand in for tags in the serialized XML: U+E000 'k' id U+E001 (private use characters).
constexpr std::string_view marker_open = "\xEE\x80\x80k";
constexpr std::string_view marker_close = "\xEE\x80\x81";

std::string marker(std::size_t id) {
    return std::string(marker_open) + std::to_string(id) + std::string(marker_close);
}

// ---- tags -------------------------------------------------------------------------------

enum class tag_kind { field, open, inverted, close, checkbox };

struct tag {
    tag_kind kind = tag_kind::field;
    std::string name;   // field or section name
    std::string value;  // checkbox: the value that checks it (empty: truthiness)
    std::string text;   // the tag as written, "{{#deelnemers}}"
    std::string where;  // "word/document.xml, paragraph 4 (table 1, row 2, cell 1)"
    pugi::xml_node run; // the marker run standing for the tag
    bool sole_rows = false;  // a row section holding every row of its table: never render zero rows
    std::size_t marker_id = 0;
};

bool valid_name(std::string_view n) {
    if (n == ".") return true;
    if (n.empty() || n.front() == '.' || n.back() == '.') return false;
    for (char c : n) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= ' ' || c == '{' || c == '}' || c == '#' || c == '^' || c == '/' || c == '[' || c == ']' ||
            c == '=' || c == '!' || c == '>' || c == '&' || c == '"' || c == '\'')
            return false;
    }
    return n.find("..") == std::string_view::npos;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\xA0')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    // U+00A0 arrives as two bytes C2 A0; strip those too
    while (s.size() >= 2 && s.substr(0, 2) == "\xC2\xA0") s = trim(s.substr(2));
    while (s.size() >= 2 && s.substr(s.size() - 2) == "\xC2\xA0") s = trim(s.substr(0, s.size() - 2));
    return s;
}

error template_error(const std::string& file, const std::string& part, const std::string& where,
                     std::string message, std::string hint) {
    return error(error_category::bad_input, location{file, part, where, 0, 0}, std::move(message), std::move(hint));
}

// ---- compiled form ----------------------------------------------------------------------

enum class op_kind { literal, field, checkbox, sdt_checked, sdt_display, section };

struct sdt_binding {
    std::string field;
    std::string value;  // empty: checked when the field is truthy
    bool has_value = false;
    std::string checked_char = "\xE2\x98\x92";    // ☒
    std::string unchecked_char = "\xE2\x98\x90";  // ☐
    std::string original_checked;                 // kept when the field is missing
    std::string original_display;
    std::string where;
};

struct op {
    op_kind kind = op_kind::literal;
    std::string text;          // literal XML
    std::size_t ref = 0;       // index into tags or bindings
    std::vector<op> children;  // section body
    std::size_t paragraphs = 0;  // section: paragraphs one rendering of the body writes itself
};

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

struct compiled_part {
    std::string name;
    std::string w;  // prefix bound to the WordprocessingML namespace, with ':' ("w:" or "")
    std::vector<op> ops;
    std::size_t size_hint = 0;
};

}  // namespace

struct docx_template::impl {
    std::string display_name;
    std::vector<raw_entry> entries;
    std::vector<compiled_part> parts;
    std::vector<tag> tags;
    std::vector<sdt_binding> bindings;
    std::map<std::string, std::size_t> part_index;  // entry name -> index in parts
};

namespace {

// ---- compiler ---------------------------------------------------------------------------

class part_compiler {
public:
    part_compiler(docx_template::impl& t, std::string part_name) : t_(t), part_(std::move(part_name)) {}

    compiled_part compile(const std::string& xml);

private:
    docx_template::impl& t_;
    std::string part_;
    std::string w_;    // "w:" or ""
    std::string w14_;  // "w14:" or "" when undeclared (then no checkboxes)
    bool has_w14_ = false;
    std::map<pugi::xml_node_struct*, std::size_t> table_no_;
    std::size_t para_no_ = 0;

    std::string q(const char* local) const { return w_ + local; }
    bool is(pugi::xml_node n, const char* local) const {
        const char* nm = n.name();
        const auto wl = w_.size();
        return n.type() == pugi::node_element && std::strncmp(nm, w_.data(), wl) == 0 && std::strcmp(nm + wl, local) == 0;
    }
    bool is14(pugi::xml_node n, const char* local) const {
        if (!has_w14_) return false;
        const char* nm = n.name();
        const auto wl = w14_.size();
        return n.type() == pugi::node_element && std::strncmp(nm, w14_.data(), wl) == 0 && std::strcmp(nm + wl, local) == 0;
    }
    std::string wattr(pugi::xml_node n, const char* local) const { return n.attribute(q(local).c_str()).value(); }

    void resolve_prefixes(pugi::xml_node root);
    std::string where_of(pugi::xml_node p, std::size_t para_no) const;
    void collect_pieces(pugi::xml_node n, std::vector<std::pair<pugi::xml_node, int>>& pieces) const;
    void normalize_paragraph(pugi::xml_node p, std::vector<std::size_t>& found);
    tag parse_tag(std::string_view text, const std::string& where) const;
    pugi::xml_node make_marker_run(pugi::xml_node run, pugi::xml_node before_or_after, std::size_t id);
    void place_sections(const std::vector<std::size_t>& tag_ids);
    bool is_empty_paragraph(pugi::xml_node p) const;
    void bind_checkboxes(pugi::xml_node root);
    std::vector<op> build_ops(const std::string& xml);
};

void part_compiler::resolve_prefixes(pugi::xml_node root) {
    bool found = false;
    for (pugi::xml_attribute a : root.attributes()) {
        const std::string_view an = a.name();
        const std::string_view v = a.value();
        std::string prefix;
        if (an == "xmlns") prefix = "";
        else if (an.substr(0, 6) == "xmlns:") prefix = std::string(an.substr(6)) + ":";
        else continue;
        if (v == w_uri || v == w_strict_uri) {
            w_ = prefix;
            found = true;
        } else if (v == w14_uri) {
            w14_ = prefix;
            has_w14_ = true;
        }
    }
    if (!found)
        throw template_error(t_.display_name, part_, {}, "the part does not declare the WordprocessingML namespace on its root",
                             "re-save the template in Word or LibreOffice");
}

std::string part_compiler::where_of(pugi::xml_node p, std::size_t para_no) const {
    std::string s = part_ + ", paragraph " + std::to_string(para_no);
    for (pugi::xml_node n = p.parent(); n; n = n.parent()) {
        if (is(n, "tc")) {
            pugi::xml_node tr = n.parent();
            pugi::xml_node tbl = tr.parent();
            std::size_t cell = 1, row = 1;
            for (pugi::xml_node s2 = n.previous_sibling(); s2; s2 = s2.previous_sibling())
                if (is(s2, "tc")) ++cell;
            for (pugi::xml_node s2 = tr.previous_sibling(); s2; s2 = s2.previous_sibling())
                if (is(s2, "tr")) ++row;
            const auto it = table_no_.find(tbl.internal_object());
            const std::size_t tno = it == table_no_.end() ? 0 : it->second;
            s += " (table " + std::to_string(tno) + ", row " + std::to_string(row) + ", cell " + std::to_string(cell) + ")";
            break;
        }
        if (is(n, "txbxContent")) {
            s += " (text box)";
            break;
        }
    }
    return s;
}

// Text-bearing pieces of a paragraph in reading order: (w:t, 0) or (barrier element, 1).
// Nested paragraphs (text boxes) and deleted or moved-away text are not part of this paragraph.
void part_compiler::collect_pieces(pugi::xml_node n, std::vector<std::pair<pugi::xml_node, int>>& pieces) const {
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) continue;
        if (is(c, "p") || is(c, "del") || is(c, "moveFrom") || is(c, "pPr") || is(c, "rPr") || is(c, "txbxContent"))
            continue;
        if (is(c, "t")) {
            pieces.emplace_back(c, 0);
        } else if (is(c, "tab") || is(c, "br") || is(c, "cr") || is(c, "ptab") || is(c, "sym") || is(c, "drawing") ||
                   is(c, "pict") || is(c, "fldChar")) {
            pieces.emplace_back(c, 1);
        } else if (is(c, "sdt")) {
            // content controls have their own text; a tag must not run into or out of one
            pieces.emplace_back(c, 1);
            collect_pieces(c, pieces);
            pieces.emplace_back(c, 1);
        } else {
            collect_pieces(c, pieces);
        }
    }
}

tag part_compiler::parse_tag(std::string_view text, const std::string& where) const {
    tag t;
    t.text = std::string(text);
    t.where = where;
    std::string_view body = trim(text.substr(2, text.size() - 4));
    auto bad = [&](const std::string& why) {
        return template_error(t_.display_name, part_, where, "unknown tag " + t.text + " in " + where + ": " + why,
                              "write {{name}}, {{#list}}…{{/list}}, {{^name}}…{{/name}} or {{[x] field value}}");
    };
    if (body.empty()) throw bad("it is empty");
    const char c = body.front();
    if (c == '#' || c == '^' || c == '/') {
        t.kind = c == '#' ? tag_kind::open : c == '^' ? tag_kind::inverted : tag_kind::close;
        t.name = std::string(trim(body.substr(1)));
        if (!valid_name(t.name)) throw bad("\"" + t.name + "\" is not a field name");
        return t;
    }
    if (body.substr(0, 3) == "[x]" || body.substr(0, 3) == "[X]" || body.substr(0, 3) == "[ ]") {
        t.kind = tag_kind::checkbox;
        std::string_view rest = trim(body.substr(3));
        const auto sp = rest.find_first_of(" \t");
        t.name = std::string(rest.substr(0, sp));
        if (sp != std::string_view::npos) t.value = std::string(trim(rest.substr(sp)));
        if (!valid_name(t.name)) throw bad("a checkbox needs a field name: {{[x] field value}}");
        return t;
    }
    t.kind = tag_kind::field;
    t.name = std::string(body);
    if (!valid_name(t.name)) throw bad("\"" + t.name + "\" is not a field name");
    return t;
}

pugi::xml_node part_compiler::make_marker_run(pugi::xml_node run, pugi::xml_node after, std::size_t id) {
    pugi::xml_node m = run.parent().insert_child_after(run.name(), after);
    for (pugi::xml_attribute a : run.attributes()) m.append_attribute(a.name()).set_value(a.value());
    if (pugi::xml_node rpr = run.child(q("rPr").c_str())) m.append_copy(rpr);
    m.append_child(pugi::node_pcdata).set_value(marker(id).c_str());
    return m;
}

void part_compiler::normalize_paragraph(pugi::xml_node p, std::vector<std::size_t>& found) {
    const std::size_t para_no = ++para_no_;
    std::vector<std::pair<pugi::xml_node, int>> pieces;
    collect_pieces(p, pieces);
    std::string merged;
    std::vector<std::size_t> starts;
    starts.reserve(pieces.size());
    for (const auto& [node, barrier] : pieces) {
        starts.push_back(merged.size());
        if (barrier) merged.push_back('\x01');
        else merged.append(node.text().get());
    }
    if (merged.find('{') == std::string::npos) return;
    const std::string where = where_of(p, para_no);

    struct span { std::size_t s, e; };
    std::vector<span> spans;
    for (std::size_t pos = merged.find("{{"); pos != std::string::npos; pos = merged.find("{{", pos)) {
        const std::size_t end = merged.find("}}", pos + 2);
        const std::size_t barrier = merged.find('\x01', pos);
        const std::size_t next_open = merged.find("{{", pos + 2);
        if (end == std::string::npos || (barrier != std::string::npos && barrier < end)) {
            const std::string shown = merged.substr(pos, std::min<std::size_t>(30, merged.size() - pos));
            throw template_error(t_.display_name, part_, where,
                                 "unclosed tag \"" + shown + "\" in " + where + ": no \"}}\" follows in the paragraph",
                                 "close the tag with }} (a tag cannot span a tab, line break or paragraph)");
        }
        if (next_open != std::string::npos && next_open < end) {
            throw template_error(t_.display_name, part_, where,
                                 "unknown tag \"" + merged.substr(pos, end + 2 - pos) + "\" in " + where + ": \"{{\" inside a tag",
                                 "close each tag with }} before opening the next");
        }
        spans.push_back({pos, end + 2});
        pos = end + 2;
    }
    if (spans.empty()) return;

    auto piece_at = [&](std::size_t off) {
        auto it = std::upper_bound(starts.begin(), starts.end(), off);
        return static_cast<std::size_t>(it - starts.begin()) - 1;
    };
    std::vector<std::size_t> ids(spans.size());
    for (std::size_t k = 0; k < spans.size(); ++k) {
        tag t = parse_tag(std::string_view(merged).substr(spans[k].s, spans[k].e - spans[k].s), where);
        t.marker_id = t_.tags.size();
        ids[k] = t_.tags.size();
        t_.tags.push_back(std::move(t));
    }
    // Rebuild from the last tag to the first: earlier tags keep their nodes and offsets because
    // every cut keeps the text before it in the original w:t.
    for (std::size_t k = spans.size(); k-- > 0;) {
        const auto [s, e] = spans[k];
        const std::size_t ps = piece_at(s);
        const std::size_t pe = piece_at(e - 1);
        pugi::xml_node ts = pieces[ps].first;
        pugi::xml_node te = pieces[pe].first;
        const std::size_t a = s - starts[ps];
        const std::size_t b = e - starts[pe];
        std::string suffix;
        if (ps == pe) {
            const std::string cur = ts.text().get();
            suffix = b < cur.size() ? cur.substr(b) : std::string();
            ts.text().set(cur.substr(0, a).c_str());
        } else {
            for (std::size_t m = ps + 1; m < pe; ++m) pieces[m].first.parent().remove_child(pieces[m].first);
            const std::string cur_e = te.text().get();
            const std::string rest = b < cur_e.size() ? cur_e.substr(b) : std::string();
            if (rest.empty()) te.parent().remove_child(te);
            else {
                te.text().set(rest.c_str());
                te.remove_attribute("xml:space");
                te.append_attribute("xml:space") = "preserve";
            }
            const std::string cur_s = ts.text().get();
            ts.text().set(cur_s.substr(0, a).c_str());
        }
        // split the start run: [R up to ts] [marker run] [rest of R]
        pugi::xml_node run = ts.parent();
        if (!is(run, "r"))
            throw template_error(t_.display_name, part_, where, "tag " + t_.tags[ids[k]].text + " in " + where + " is not inside a run (w:r)",
                                 "re-save the template in Word or LibreOffice");
        pugi::xml_node mrun = make_marker_run(run, run, ids[k]);
        t_.tags[ids[k]].run = mrun;
        pugi::xml_node tail = run.parent().insert_child_after(run.name(), mrun);
        for (pugi::xml_attribute at : run.attributes()) tail.append_attribute(at.name()).set_value(at.value());
        if (pugi::xml_node rpr = run.child(q("rPr").c_str())) tail.append_copy(rpr);
        if (!suffix.empty()) {
            pugi::xml_node nt = tail.append_child(q("t").c_str());
            nt.append_attribute("xml:space") = "preserve";
            nt.text().set(suffix.c_str());
        }
        for (pugi::xml_node c = ts.next_sibling(); c;) {
            pugi::xml_node next = c.next_sibling();
            tail.append_move(c);
            c = next;
        }
        if (std::string_view(ts.text().get()).empty()) run.remove_child(ts);
        else {
            ts.remove_attribute("xml:space");
            ts.append_attribute("xml:space") = "preserve";
        }
        auto only_rpr = [&](pugi::xml_node r) {
            for (pugi::xml_node c = r.first_child(); c; c = c.next_sibling())
                if (!is(c, "rPr")) return false;
            return true;
        };
        if (only_rpr(tail)) tail.parent().remove_child(tail);
        if (only_rpr(run)) run.parent().remove_child(run);
    }
    found.insert(found.end(), ids.begin(), ids.end());
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
                                     "unbalanced tag " + t.text + " in " + t.where + ": no section is open",
                                     "add {{#" + t.name + "}} before it, or remove it");
            const tag& o = t_.tags[stack.back().id];
            if (o.name != t.name)
                throw template_error(t_.display_name, part_, t.where,
                                     "unbalanced tag " + t.text + " in " + t.where + ": the open section is " + o.text +
                                         " from " + o.where,
                                     "close " + o.text + " with {{/" + o.name + "}} first");
            pairs.emplace_back(stack.back().id, id);
            stack.pop_back();
        }
    }
    if (!stack.empty()) {
        const tag& o = t_.tags[stack.back().id];
        throw template_error(t_.display_name, part_, o.where, "unbalanced tag " + o.text + " in " + o.where + ": it is never closed",
                             "add {{/" + o.name + "}} where the section ends (in the same part)");
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

void part_compiler::bind_checkboxes(pugi::xml_node root) {
    if (!has_w14_) return;
    std::vector<pugi::xml_node> sdts;
    for (pugi::xpath_node xn : root.select_nodes(("//" + q("sdt")).c_str())) sdts.push_back(xn.node());
    for (pugi::xml_node sdt : sdts) {
        pugi::xml_node pr = sdt.child(q("sdtPr").c_str());
        pugi::xml_node box;
        for (pugi::xml_node c = pr.first_child(); c; c = c.next_sibling())
            if (is14(c, "checkbox")) box = c;
        if (!box) continue;
        std::string name = wattr(pr.child(q("tag").c_str()), "val");
        if (name.empty()) name = wattr(pr.child(q("alias").c_str()), "val");
        sdt_binding bnd;
        const auto eq = name.find('=');
        bnd.field = std::string(trim(name.substr(0, eq)));
        if (eq != std::string::npos) {
            bnd.value = std::string(trim(name.substr(eq + 1)));
            bnd.has_value = true;
        }
        if (!valid_name(bnd.field)) continue;  // not bound to data: left alone
        auto state_char = [&](const char* which, std::string& out) {
            for (pugi::xml_node c = box.first_child(); c; c = c.next_sibling())
                if (is14(c, which)) {
                    const std::string hex = c.attribute((w14_ + "val").c_str()).value();
                    char* end = nullptr;
                    const unsigned long cp = std::strtoul(hex.c_str(), &end, 16);
                    if (hex.empty() || *end || cp == 0 || cp > 0x10FFFF) return;
                    std::string u;
                    if (cp < 0x80) u.push_back(static_cast<char>(cp));
                    else if (cp < 0x800) {
                        u.push_back(static_cast<char>(0xC0 | (cp >> 6)));
                        u.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
                    } else if (cp < 0x10000) {
                        u.push_back(static_cast<char>(0xE0 | (cp >> 12)));
                        u.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
                        u.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
                    } else {
                        u.push_back(static_cast<char>(0xF0 | (cp >> 18)));
                        u.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
                        u.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
                        u.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
                    }
                    out = u;
                }
        };
        state_char("checkedState", bnd.checked_char);
        state_char("uncheckedState", bnd.unchecked_char);
        pugi::xml_node content = sdt.child(q("sdtContent").c_str());
        pugi::xml_node t = content.find_node([&](pugi::xml_node n) { return is(n, "t"); });
        if (!t) continue;  // no display run to update: leave the control alone
        pugi::xml_node checked;
        for (pugi::xml_node c = box.first_child(); c; c = c.next_sibling())
            if (is14(c, "checked")) checked = c;
        if (!checked) checked = box.prepend_child((w14_ + "checked").c_str());
        pugi::xml_attribute val = checked.attribute((w14_ + "val").c_str());
        if (!val) val = checked.append_attribute((w14_ + "val").c_str());
        bnd.original_checked = val.value();
        bnd.original_display = t.text().get();
        bnd.where = part_ + ", content control \"" + name + "\"";
        const std::size_t bid = t_.bindings.size();
        t_.bindings.push_back(bnd);
        // ids beyond the tag range name bindings: tags.size() is not yet final, so use a
        // separate range starting at 1'000'000'000 (checked) and 2'000'000'000 (display)
        val.set_value(marker(1'000'000'000 + bid).c_str());
        t.text().set(marker(2'000'000'000 + bid).c_str());
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

compiled_part part_compiler::compile(const std::string& xml) {
    pugi::xml_document doc;
    const pugi::xml_parse_result r =
        doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_declaration | pugi::parse_ws_pcdata_single,
                        pugi::encoding_utf8);
    if (!r)
        throw template_error(t_.display_name, part_, "byte " + std::to_string(r.offset),
                             std::string("the part is not well-formed XML: ") + r.description(),
                             "re-save the template in Word or LibreOffice");
    pugi::xml_node root = doc.document_element();
    resolve_prefixes(root);
    if (xml.find(marker_open) != std::string::npos)
        throw template_error(t_.display_name, part_, {}, "the part contains kib's private marker character U+E000",
                             "remove that character from the template");

    std::vector<pugi::xml_node> paragraphs;
    std::size_t tables = 0;
    for (pugi::xpath_node xn : root.select_nodes(("//" + q("p") + " | //" + q("tbl")).c_str())) {
        pugi::xml_node n = xn.node();
        if (is(n, "tbl")) table_no_[n.internal_object()] = ++tables;
        else paragraphs.push_back(n);
    }
    std::vector<std::size_t> tag_ids;
    for (pugi::xml_node p : paragraphs) normalize_paragraph(p, tag_ids);
    place_sections(tag_ids);
    bind_checkboxes(root);

    compiled_part part;
    part.name = part_;
    part.w = w_;
    std::ostringstream os;
    doc.save(os, "", pugi::format_raw, pugi::encoding_utf8);
    const std::string out = os.str();
    part.size_hint = out.size() + out.size() / 4;
    part.ops = build_ops(out);
    count_paragraphs(part.ops, w_);
    return part;
}

// ---- filling ----------------------------------------------------------------------------

struct run_markup {
    std::string t_open, t_close, br, tab;
    explicit run_markup(const std::string& w)
        : t_open("<" + w + "t xml:space=\"preserve\">"), t_close("</" + w + "t>"), br("<" + w + "br/>"), tab("<" + w + "tab/>") {}
};


struct fill_state {
    const docx_template::impl& t;
    const fill_options& opt;
    std::vector<const nlohmann::json*> ctx;
    std::vector<std::pair<std::string, std::string>> missing;  // (name, where)
    std::set<std::pair<std::string, std::string>> missing_seen;
    std::vector<std::string> warnings;
    std::vector<std::string> errors;
    run_markup markup{""};  // w:t, w:br, w:tab with the current part's prefix
    int blank = 0;          // > 0: rendering an empty row (no lookups, boxes unchecked)
    const compiled_part* part = nullptr;  // the part being rendered (for errors)
    std::size_t expanded = 0;             // paragraphs written by section bodies so far
};

// Charges one rendering of a section body against fill_options::max_paragraphs: a template
// whose loops would write more is refused before memory grows with it. A body without a
// paragraph of its own (a section inside one paragraph) counts as one.
void charge_section(fill_state& st, const op& o, const tag& t) {
    st.expanded += std::max<std::size_t>(1, o.paragraphs);
    if (st.expanded <= st.opt.max_paragraphs) return;
    throw error(error_category::limit, location{st.t.display_name, st.part ? st.part->name : std::string{}, t.where, 0, 0},
                "the template's sections would write more than " + std::to_string(st.opt.max_paragraphs) +
                    " paragraphs (limit); " + t.text + " repeats for every item of \"" + t.name + "\"",
                "the data has far more items than a document can show; shorten the list, or " +
                    limit_hint("template_paragraphs"));
}

const nlohmann::json* lookup(const fill_state& st, const std::string& name) {
    if (name == ".") return st.ctx.back();
    std::string_view rest = name;
    const auto dot = rest.find('.');
    const std::string first(rest.substr(0, dot));
    const nlohmann::json* v = nullptr;
    for (auto it = st.ctx.rbegin(); it != st.ctx.rend(); ++it) {
        const nlohmann::json& c = **it;
        if (c.is_object()) {
            auto f = c.find(first);
            if (f != c.end()) {
                v = &*f;
                break;
            }
        }
    }
    if (!v || dot == std::string_view::npos) return v;
    rest.remove_prefix(dot + 1);
    while (v) {
        const auto d = rest.find('.');
        const std::string seg(rest.substr(0, d));
        if (v->is_object()) {
            auto f = v->find(seg);
            v = f == v->end() ? nullptr : &*f;
        } else if (v->is_array() && !seg.empty() && std::all_of(seg.begin(), seg.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            const std::size_t i = std::stoul(seg);
            v = i < v->size() ? &(*v)[i] : nullptr;
        } else {
            v = nullptr;
        }
        if (d == std::string_view::npos) break;
        rest.remove_prefix(d + 1);
    }
    return v;
}

bool truthy(const nlohmann::json& v) {
    switch (v.type()) {
        case nlohmann::json::value_t::null: return false;
        case nlohmann::json::value_t::boolean: return v.get<bool>();
        case nlohmann::json::value_t::string: return !v.get_ref<const std::string&>().empty();
        case nlohmann::json::value_t::array: return !v.empty();
        case nlohmann::json::value_t::number_integer:
        case nlohmann::json::value_t::number_unsigned:
        case nlohmann::json::value_t::number_float: return v.get<double>() != 0.0;
        default: return true;
    }
}

// Dutch rendering of a scalar: 3,25 for numbers, "ja"/"nee" for booleans.
bool scalar_text(const nlohmann::json& v, std::string& out) {
    switch (v.type()) {
        case nlohmann::json::value_t::null: out.clear(); return true;
        case nlohmann::json::value_t::boolean: out = v.get<bool>() ? "ja" : "nee"; return true;
        case nlohmann::json::value_t::string: out = v.get_ref<const std::string&>(); return true;
        case nlohmann::json::value_t::number_integer: out = std::to_string(v.get<std::int64_t>()); return true;
        case nlohmann::json::value_t::number_unsigned: out = std::to_string(v.get<std::uint64_t>()); return true;
        case nlohmann::json::value_t::number_float: {
            const double d = v.get<double>();
            if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e15) {
                out = std::to_string(static_cast<long long>(d));
            } else {
                std::ostringstream os;
                os.precision(15);
                os << d;
                out = os.str();
                std::replace(out.begin(), out.end(), '.', ',');
            }
            return true;
        }
        default: return false;
    }
}

bool ascii_iequal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + 32);
        if (x != y) return false;
    }
    return true;
}

// Whether a value checks a box for `value` (empty value: truthiness; lists: contains).
bool checks(const nlohmann::json& v, const std::string& value, bool has_value) {
    if (!has_value) return truthy(v);
    if (v.is_array()) {
        for (const auto& e : v)
            if (checks(e, value, true)) return true;
        return false;
    }
    std::string s;
    if (!scalar_text(v, s)) return false;
    if (v.is_boolean()) return ascii_iequal(value, v.get<bool>() ? "true" : "false") || ascii_iequal(value, s);
    return ascii_iequal(trim(s), value);
}

// Appends text as the content of a run: w:t pieces, w:br for line breaks, w:tab for tabs.
void append_run_text(std::string& out, std::string_view text, const run_markup& m) {
    if (text.empty()) return;
    const std::string& t_open = m.t_open;
    const std::string& t_close = m.t_close;
    out += t_open;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '\r':
                if (i + 1 < text.size() && text[i + 1] == '\n') break;
                [[fallthrough]];
            case '\n': out += t_close; out += m.br; out += t_open; break;
            case '\t': out += t_close; out += m.tab; out += t_open; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) break;  // not allowed in XML 1.0
                out.push_back(c);
        }
    }
    out += t_close;
}

std::string escape_text(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '&') out += "&amp;";
        else if (c == '<') out += "&lt;";
        else if (c == '>') out += "&gt;";
        else out.push_back(c);
    }
    return out;
}

void note_missing(fill_state& st, const std::string& name, const std::string& where) {
    if (st.missing_seen.insert({name, where}).second) st.missing.emplace_back(name, where);
}

void render(fill_state& st, const std::vector<op>& ops, std::string& out);

// Renders a section body once with no data: literal XML only, checkboxes unchecked. Used when a
// row section would leave its table without any row, which Word refuses to open.
void render_blank(fill_state& st, const std::vector<op>& ops, std::string& out) {
    ++st.blank;
    render(st, ops, out);
    --st.blank;
}

void render(fill_state& st, const std::vector<op>& ops, std::string& out) {
    for (const op& o : ops) {
        if (st.blank > 0 && o.kind != op_kind::literal) {
            if (o.kind == op_kind::checkbox) append_run_text(out, "\xE2\x98\x90", st.markup);
            else if (o.kind == op_kind::sdt_checked) out += "0";
            else if (o.kind == op_kind::sdt_display) out += st.t.bindings[o.ref].unchecked_char;
            continue;
        }
        switch (o.kind) {
            case op_kind::literal: out += o.text; break;
            case op_kind::field: {
                const tag& t = st.t.tags[o.ref];
                const nlohmann::json* v = lookup(st, t.name);
                if (!v) {
                    note_missing(st, t.name, t.where);
                    break;
                }
                std::string s;
                if (!scalar_text(*v, s)) {
                    st.errors.push_back("field " + t.name + " (" + t.where + ") is a " +
                                        (v->is_array() ? "list" : "group") + ", not a value; use {{#" + t.name + "}}…{{/" +
                                        t.name + "}}");
                    break;
                }
                append_run_text(out, s, st.markup);
                break;
            }
            case op_kind::checkbox: {
                const tag& t = st.t.tags[o.ref];
                const nlohmann::json* v = lookup(st, t.name);
                if (!v) note_missing(st, t.name, t.where);
                const bool on = v && checks(*v, t.value, !t.value.empty());
                append_run_text(out, on ? "\xE2\x98\x92" : "\xE2\x98\x90", st.markup);
                break;
            }
            case op_kind::sdt_checked:
            case op_kind::sdt_display: {
                const sdt_binding& b = st.t.bindings[o.ref];
                const nlohmann::json* v = lookup(st, b.field);
                if (!v) {
                    if (o.kind == op_kind::sdt_checked) {
                        st.warnings.push_back("checkbox " + b.where + " is left as it was: the data has no field \"" +
                                              b.field + "\"");
                        out += b.original_checked;
                    } else {
                        out += escape_text(b.original_display);
                    }
                    break;
                }
                const bool on = checks(*v, b.value, b.has_value);
                if (o.kind == op_kind::sdt_checked) out += on ? "1" : "0";
                else out += on ? b.checked_char : b.unchecked_char;
                break;
            }
            case op_kind::section: {
                const tag& t = st.t.tags[o.ref];
                const nlohmann::json* v = lookup(st, t.name);
                if (t.kind == tag_kind::inverted) {
                    if (!v || !truthy(*v)) {
                        charge_section(st, o, t);
                        render(st, o.children, out);
                    } else if (t.sole_rows) {
                        charge_section(st, o, t);
                        render_blank(st, o.children, out);
                    }
                    break;
                }
                if (!v) {
                    note_missing(st, t.name, t.where);
                    break;
                }
                if (t.sole_rows && !truthy(*v)) {
                    charge_section(st, o, t);
                    render_blank(st, o.children, out);
                    break;
                }
                if (v->is_array()) {
                    for (const auto& e : *v) {
                        charge_section(st, o, t);
                        st.ctx.push_back(&e);
                        render(st, o.children, out);
                        st.ctx.pop_back();
                    }
                } else if (truthy(*v)) {
                    charge_section(st, o, t);
                    st.ctx.push_back(v);
                    render(st, o.children, out);
                    st.ctx.pop_back();
                }
                break;
            }
        }
    }
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw error(error_category::io, location{path, {}, {}, 0, 0}, "cannot open the template", "check the path");
    std::ostringstream os;
    os << in.rdbuf();
    return os.str();
}

}  // namespace

docx_template docx_template::from_buffer(std::string data, const std::string& display_name) {
    auto t = std::make_shared<impl>();
    t->display_name = display_name;
    // The package layer validates the archive (names, sizes, ratios) and resolves relationships.
    const package pkg = package::open_buffer(data, display_name);
    const std::string main = pkg.main_part();
    if (main.empty() || pkg.content_type(main).find("wordprocessingml") == std::string::npos)
        throw error(error_category::bad_input, location{display_name, main, {}, 0, 0},
                    "the template is not a Word document (.docx)", "save the template as a Word document (.docx)");
    std::vector<std::string> targets{main};
    for (const relationship& rel : pkg.relationships(main)) {
        if (rel.external) continue;
        if (rel.has_type("header") || rel.has_type("footer") || rel.has_type("footnotes") || rel.has_type("endnotes"))
            if (pkg.find(rel.target)) targets.push_back(rel.target);
    }
    t->entries = read_raw_entries(data, display_name);
    for (const std::string& name : targets) {
        const package::entry* e = pkg.find(name);
        std::string xml = pkg.read(name);
        if (xml.find('{') == std::string::npos && xml.find("checkbox") == std::string::npos) continue;
        part_compiler pc(*t, e->name);
        compiled_part cp = pc.compile(xml);
        t->part_index[e->name] = t->parts.size();
        t->parts.push_back(std::move(cp));
    }
    // Every other part is copied raw into each filled document, so a damaged one (a bad CRC, a
    // wrong size, XML over the limits) would make every output unreadable: read each once now.
    for (const raw_entry& e : t->entries) {
        if (t->part_index.count(e.name) || e.name.empty() || e.name.back() == '/') continue;
        (void)pkg.read(e.name);
    }
    return docx_template(std::move(t));
}

docx_template docx_template::open(const std::string& path) { return from_buffer(read_file(path), path); }

fill_result docx_template::fill(const nlohmann::json& data, const fill_options& options, const nlohmann::json* item) const {
    const impl& t = *impl_;
    fill_state st{t, options, {&data}, {}, {}, {}, {}, run_markup("")};
    if (item) st.ctx.push_back(item);
    std::vector<std::string> rendered(t.parts.size());
    for (std::size_t i = 0; i < t.parts.size(); ++i) {
        st.markup = run_markup(t.parts[i].w);
        st.part = &t.parts[i];
        rendered[i].reserve(t.parts[i].size_hint);
        render(st, t.parts[i].ops, rendered[i]);
    }
    if (!st.errors.empty()) {
        std::string msg = st.errors.front();
        for (std::size_t i = 1; i < st.errors.size(); ++i) msg += "; " + st.errors[i];
        throw error(error_category::bad_input, location{t.display_name, {}, {}, 0, 0}, msg, "fix the data");
    }
    if (!st.missing.empty()) {
        if (!options.allow_missing) {
            std::string msg = std::to_string(st.missing.size()) + (st.missing.size() == 1 ? " field is" : " fields are") +
                              " missing from the data: ";
            for (std::size_t i = 0; i < st.missing.size(); ++i)
                msg += (i ? "; " : "") + st.missing[i].first + " (" + st.missing[i].second + ")";
            throw error(error_category::bad_input, location{t.display_name, {}, st.missing.front().first, 0, 0}, msg,
                        "add these fields to the JSON data, or pass --allow-missing to leave them empty");
        }
        std::vector<std::string> w;
        for (const auto& [name, where] : st.missing)
            w.push_back("field " + name + " is missing from the data; left empty (" + where + ")");
        w.insert(w.end(), st.warnings.begin(), st.warnings.end());
        st.warnings = std::move(w);
    }
    std::vector<zip_item> items;
    items.reserve(t.entries.size());
    for (const raw_entry& e : t.entries) {
        zip_item it;
        it.name = e.name;
        auto pi = t.part_index.find(e.name);
        if (pi == t.part_index.end()) it.raw = &e;
        else it.data = rendered[pi->second];
        items.push_back(it);
    }
    fill_result res;
    res.docx = write_zip(items, options.compression_level);
    res.warnings = std::move(st.warnings);
    return res;
}

std::vector<std::string> docx_template::filled_parts() const {
    std::vector<std::string> out;
    for (const auto& p : impl_->parts) out.push_back(p.name);
    return out;
}

const std::string& docx_template::display_name() const { return impl_->display_name; }

docx_template docx_template::builtin(std::string_view name) {
    const auto files = builtin_template_files(name);
    if (files.empty()) {
        std::string known;
        for (const auto& n : builtin_names()) known += (known.empty() ? "" : ", ") + ("builtin:" + n);
        throw error(error_category::bad_input, location{"builtin:" + std::string(name), {}, {}, 0, 0},
                    "there is no built-in template \"" + std::string(name) + "\"", "use one of: " + known);
    }
    std::vector<zip_item> items;
    for (const auto& [entry, bytes] : files) {
        zip_item it;
        it.name = entry;
        it.data = bytes;
        items.push_back(it);
    }
    return from_buffer(write_zip(items, 6), "builtin:" + std::string(name));
}

}  // namespace kib
