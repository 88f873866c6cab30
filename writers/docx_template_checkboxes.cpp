// Checkboxes: binding Word content-control checkboxes (w14:checkbox, named by their tag or alias,
// "field" or "field=value") at compile time, and the rule for when a value checks a box.
// Controls without a valid field name or without a display w:t are left alone.
#include "writers/docx_template_detail.hpp"

#include <cstdlib>

namespace kib {
namespace docx_template_detail {
namespace {

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

}  // namespace

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

}  // namespace docx_template_detail
}  // namespace kib
