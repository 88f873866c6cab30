#include "engine/cli/fill.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "readers/error.hpp"
#include "writers/docx_template.hpp"
#include "writers/zip_writer.hpp"
#include "readers/i18n.hpp"

namespace kib {
namespace {

nlohmann::json read_json(const std::string& path) {
    std::string text;
    if (path == "-") {
        std::ostringstream os;
        os << std::cin.rdbuf();
        text = os.str();
    } else {
        std::ifstream in(path, std::ios::binary);
        if (!in) throw error(error_category::io, location{path, {}, {}, 0, 0}, tr("cannot open the data file"), tr("check the path"));
        std::ostringstream os;
        os << in.rdbuf();
        text = os.str();
    }
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        throw error(error_category::bad_input, location{path, {}, trf("byte {}", {std::to_string(e.byte)}), 0, 0},
                    trf("the data is not valid JSON: {}", {e.what()}), tr("check the JSON syntax (a validator shows the spot)"));
    }
}

// A reader never sees half a document: see atomic_save_bytes.
void write_file(const std::filesystem::path& path, const std::string& bytes) { atomic_save_bytes(path.string(), bytes); }

// A file-name-safe slug of a participant's name: "Anna de Vries" -> "anna-de-vries".
std::string slug(const std::string& s) {
    std::string out;
    for (unsigned char c : s) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out.push_back(static_cast<char>(c));
        else if (c >= 'A' && c <= 'Z') out.push_back(static_cast<char>(c + 32));
        else if (c >= 0x80) out.push_back(static_cast<char>(c));  // keep UTF-8 letters (é, ë)
        else if (!out.empty() && out.back() != '-') out.push_back('-');
        if (out.size() >= 60) break;
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out;
}

}  // namespace

void fill(const fill_cli_options& o, std::ostream& out, std::ostream& err) {
    const nlohmann::json data = read_json(o.data_path);
    const docx_template tpl = o.template_path.rfind("builtin:", 0) == 0 ? docx_template::builtin(o.template_path.substr(8))
                                                                       : docx_template::open(o.template_path);
    fill_options fo;
    fo.allow_missing = o.allow_missing;
    if (o.each_key.empty()) {
        fill_result r = tpl.fill(data, fo);
        for (const auto& w : r.warnings) err << "kib: " << trf("warning: {}", {w}) << '\n';
        // Like --each: a folder that does not exist yet is made (the document's own name is the last part).
        const std::filesystem::path folder = std::filesystem::path(o.output).parent_path();
        std::error_code ec;
        if (!folder.empty()) std::filesystem::create_directories(folder, ec);
        if (ec) throw error(error_category::io, location{o.output, {}, {}, 0, 0}, trf("cannot create the output folder: {}", {system_message(ec.value())}), tr("check the path"));
        write_file(o.output, r.docx);
        out << trf("wrote {}", {o.output}) << '\n';
        return;
    }
    const auto it = data.is_object() ? data.find(o.each_key) : data.end();
    if (!data.is_object() || it == data.end() || !it->is_array())
        throw error(error_category::bad_input, location{o.data_path, {}, o.each_key, 0, 0},
                    trf("--each {} needs a list named \"{}\" at the top of the data", {o.each_key, o.each_key}),
                    tr("name a list in the JSON, e.g. --each deelnemers"));
    std::filesystem::path dir(o.output);
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw error(error_category::io, location{o.output, {}, {}, 0, 0}, trf("cannot create the output folder: {}", {system_message(ec.value())}), tr("check the path"));
    std::string stem = std::filesystem::path(o.template_path).stem().string();
    if (o.template_path.rfind("builtin:", 0) == 0) stem = o.template_path.substr(8);
    std::size_t n = 0;
    for (const auto& item : *it) {
        ++n;
        fill_result r = tpl.fill(data, fo, &item);
        for (const auto& w : r.warnings) err << "kib: " << trf("warning: document {}: {}", {std::to_string(n), w}) << '\n';
        char num[16];
        std::snprintf(num, sizeof num, "%03zu", n);
        std::string name = stem + "_" + num;
        for (const char* key : {"naam", "name"}) {
            if (item.is_object() && item.contains(key) && item[key].is_string()) {
                const std::string s = slug(item[key].get<std::string>());
                if (!s.empty()) name += "_" + s;
                break;
            }
        }
        write_file(dir / (name + ".docx"), r.docx);
    }
    out << (n == 1 ? trf("wrote 1 document to {}", {dir.string()}) : trf("wrote {} documents to {}", {std::to_string(n), dir.string()}))
        << '\n';
}

}  // namespace kib
