// Tag scanning: each paragraph's text is merged over its runs, {{tags}} are found and parsed, and
// every tag becomes one marker run. Tags may not cross a barrier (tab, break, field char, content
// control); a cut keeps the text before it in its original w:t, so later tags are cut first.
#include "writers/docx_template_detail.hpp"
#include "readers/i18n.hpp"

#include <algorithm>

namespace kib {
namespace docx_template_detail {
namespace {

constexpr std::string_view w_uri = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
constexpr std::string_view w_strict_uri = "http://purl.oclc.org/ooxml/wordprocessingml/main";
constexpr std::string_view w14_uri = "http://schemas.microsoft.com/office/word/2010/wordml";

}  // namespace

std::string marker(std::size_t id) {
    return std::string(marker_open) + std::to_string(id) + std::string(marker_close);
}

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
        throw template_error(t_.display_name, part_, {}, tr("the part does not declare the WordprocessingML namespace on its root"),
                             tr("re-save the template in Word or LibreOffice"));
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
        return template_error(t_.display_name, part_, where, trf("unknown tag {} in {}: {}", {t.text, where, why}),
                              tr("write {{name}}, {{#list}}…{{/list}}, {{^name}}…{{/name}} or {{[x] field value}}"));
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
                                 trf("unclosed tag \"{}\" in {}: no \"}}\" follows in the paragraph", {shown, where}),
                                 tr("close the tag with }} (a tag cannot span a tab, line break or paragraph)"));
        }
        if (next_open != std::string::npos && next_open < end) {
            throw template_error(t_.display_name, part_, where,
                                 trf("unknown tag \"{}\" in {}: \"{{\" inside a tag", {merged.substr(pos, end + 2 - pos), where}),
                                 tr("close each tag with }} before opening the next"));
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
            throw template_error(t_.display_name, part_, where, trf("tag {} in {} is not inside a run (w:r)", {t_.tags[ids[k]].text, where}),
                                 tr("re-save the template in Word or LibreOffice"));
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

}  // namespace docx_template_detail
}  // namespace kib
