// Filling: renders a compiled part's ops against the JSON data (lookups through the section
// context stack, Dutch scalar text, loops charged against fill_options::max_paragraphs).
// Missing fields and type errors are collected in fill_state; docx_template::fill reports them.
#include "writers/docx_template_detail.hpp"
#include "readers/i18n.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <sstream>

namespace kib {
namespace docx_template_detail {
namespace {

// Charges one rendering of a section body against fill_options::max_paragraphs: a template
// whose loops would write more is refused before memory grows with it. A body without a
// paragraph of its own (a section inside one paragraph) counts as one.
void charge_section(fill_state& st, const op& o, const tag& t) {
    st.expanded += std::max<std::size_t>(1, o.paragraphs);
    if (st.expanded <= st.opt.max_paragraphs) return;
    throw error(error_category::limit, location{st.t.display_name, st.part ? st.part->name : std::string{}, t.where, 0, 0},
                trf("the template's sections would write more than {} paragraphs (limit); {} repeats for every item of \"{}\"", {std::to_string(st.opt.max_paragraphs), t.text, t.name}),
                trf("the data has far more items than a document can show; shorten the list, or {}", {limit_hint("template_paragraphs")}));
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

}  // namespace

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

namespace {

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

// Renders a section body once with no data: literal XML only, checkboxes unchecked. Used when a
// row section would leave its table without any row, which Word refuses to open.
void render_blank(fill_state& st, const std::vector<op>& ops, std::string& out) {
    ++st.blank;
    render(st, ops, out);
    --st.blank;
}

}  // namespace

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
                        st.warnings.push_back(trf("checkbox {} is left as it was: the data has no field \"{}\"", {b.where, b.field}));
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

}  // namespace docx_template_detail
}  // namespace kib
