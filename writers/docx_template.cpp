// kib::docx_template at the package level: reading the template package, compiling its parts
// (part_compiler::compile runs the tag, section and checkbox passes in that order), and fill(),
// which renders every compiled part and writes the filled package with all other entries raw.
#include "writers/docx_template.hpp"

#include <fstream>
#include <sstream>

#include "readers/error.hpp"
#include "readers/package.hpp"
#include "writers/docx_template_detail.hpp"
#include "writers/zip_writer.hpp"
#include "readers/i18n.hpp"

namespace kib {
namespace docx_template_detail {

compiled_part part_compiler::compile(const std::string& xml) {
    pugi::xml_document doc;
    const pugi::xml_parse_result r =
        doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_declaration | pugi::parse_ws_pcdata_single,
                        pugi::encoding_utf8);
    if (!r)
        throw template_error(t_.display_name, part_, trf("byte {}", {std::to_string(r.offset)}),
                             trf("the part is not well-formed XML: {}", {r.description()}),
                             tr("re-save the template in Word or LibreOffice"));
    pugi::xml_node root = doc.document_element();
    resolve_prefixes(root);
    if (xml.find(marker_open) != std::string::npos)
        throw template_error(t_.display_name, part_, {}, tr("the part contains kib's private marker character U+E000"),
                             tr("remove that character from the template"));

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

}  // namespace docx_template_detail

using namespace docx_template_detail;

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw error(error_category::io, location{path, {}, {}, 0, 0}, tr("cannot open the template"), tr("check the path"));
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
                    tr("the template is not a Word document (.docx)"), tr("save the template as a Word document (.docx)"));
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
        throw error(error_category::bad_input, location{t.display_name, {}, {}, 0, 0}, msg, tr("fix the data"));
    }
    if (!st.missing.empty()) {
        if (!options.allow_missing) {
            std::string msg = std::to_string(st.missing.size()) + (st.missing.size() == 1 ? " field is" : " fields are") +
                              " missing from the data: ";
            for (std::size_t i = 0; i < st.missing.size(); ++i)
                msg += (i ? "; " : "") + st.missing[i].first + " (" + st.missing[i].second + ")";
            throw error(error_category::bad_input, location{t.display_name, {}, st.missing.front().first, 0, 0}, msg,
                        tr("add these fields to the JSON data, or pass --allow-missing to leave them empty"));
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
                    trf("there is no built-in template \"{}\"", {std::string(name)}), trf("use one of: {}", {known}));
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
