#include "writers/xml_emit.hpp"

#include "readers/cell.hpp"

namespace kib::detail {

void escape_text(std::string& out, std::string_view s) {
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            default: out += c;
        }
    }
}

void escape_attr(std::string& out, std::string_view s) {
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            // Literal whitespace in attributes is normalised to spaces by parsers: keep it.
            case '\t': out += "&#9;"; break;
            case '\n': out += "&#10;"; break;
            case '\r': out += "&#13;"; break;
            default: out += c;
        }
    }
}

std::string xml_number(double v) { return format_number(v); }

bool is_rgb_hex(std::string_view s) noexcept {
    if (s.size() != 6) return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
    return true;
}

std::string upper_hex(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'a' && c <= 'f') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

void xml_emit::declaration() { out_ += "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"; }

void xml_emit::attributes(const xml_attrs& attrs) {
    for (const auto& [name, value] : attrs) {
        out_ += ' ';
        out_ += name;
        out_ += "=\"";
        escape_attr(out_, value);
        out_ += '"';
    }
}

void xml_emit::start(std::string_view name, const xml_attrs& attrs) {
    out_ += '<';
    out_ += name;
    attributes(attrs);
    out_ += '>';
}

void xml_emit::end(std::string_view name) {
    out_ += "</";
    out_ += name;
    out_ += '>';
}

void xml_emit::empty(std::string_view name, const xml_attrs& attrs) {
    out_ += '<';
    out_ += name;
    attributes(attrs);
    out_ += "/>";
}

void xml_emit::data(std::string_view name, std::string_view text, const xml_attrs& attrs) {
    start(name, attrs);
    escape_text(out_, text);
    end(name);
}

void xml_emit::text(std::string_view t) { escape_text(out_, t); }

}  // namespace kib::detail
