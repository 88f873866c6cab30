#include "lo_util.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <pugixml.hpp>

#include "readers/package.hpp"
#include "readers/xlsx.hpp"

namespace kib::test {

namespace fs = std::filesystem;

std::string find_soffice() {
    for (const char* name : {"soffice", "libreoffice"}) {
        const char* path = std::getenv("PATH");
        std::stringstream dirs(path ? path : "");
        std::string dir;
        while (std::getline(dirs, dir, ':')) {
            const fs::path p = fs::path(dir) / name;
            if (!dir.empty() && ::access(p.c_str(), X_OK) == 0) return p.string();
        }
    }
    return {};
}

std::map<std::string, std::string> libreoffice_sheets_csv(const std::string& workbook, const std::string& work_dir,
                                                          const std::vector<std::string>& sheets) {
    std::map<std::string, std::string> csv;
    const std::string soffice = find_soffice();
    if (soffice.empty()) {
        ADD_FAILURE() << "soffice (LibreOffice) is not installed; it is required for this test";
        return csv;
    }
    const fs::path profile = fs::path(work_dir) / "lo-profile";
    const fs::path out = fs::path(work_dir) / "lo-out";
    fs::create_directories(profile);
    fs::create_directories(out);
    // Filter options: comma, double quote, UTF-8, from row 1, …, token 9 "true": cells as shown;
    // token 12 "-1": every sheet to its own file NAME-SHEET.csv.
    const std::string cmd = "'" + soffice + "' -env:UserInstallation=file://" + profile.string() +
                            " --headless --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1'"
                            " --outdir '" + out.string() + "' '" + workbook + "' >/dev/null 2>&1";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    const std::string stem = fs::path(workbook).stem().string();
    for (const std::string& s : sheets) {
        const fs::path f = out / (stem + "-" + s + ".csv");
        std::ifstream in(f, std::ios::binary);
        EXPECT_TRUE(in.good()) << "LibreOffice wrote no " << f;
        std::ostringstream text;
        text << in.rdbuf();
        csv[s] = text.str();
    }
    return csv;
}

std::string libreoffice_pdf_text(const std::string& document, const std::string& work_dir) {
    const std::string soffice = find_soffice();
    if (soffice.empty() || std::system("command -v pdftotext >/dev/null 2>&1") != 0) {
        ADD_FAILURE() << "LibreOffice (soffice) and pdftotext (poppler-utils) are required for this test";
        return {};
    }
    const fs::path profile = fs::path(work_dir) / "lo-profile";
    fs::create_directories(profile);
    const fs::path pdf = fs::path(work_dir) / (fs::path(document).stem().string() + ".pdf");
    const std::string cmd = "'" + soffice + "' -env:UserInstallation=file://" + profile.string() + " --headless --convert-to pdf --outdir '" +
                            work_dir + "' '" + document + "' >/dev/null 2>&1 && pdftotext -raw '" + pdf.string() + "' '" + pdf.string() + ".txt'";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    std::ifstream in(pdf.string() + ".txt", std::ios::binary);
    EXPECT_TRUE(in.good()) << "no text of " << pdf;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

namespace {

// Paragraph text of a WordprocessingML element: w:t, w:tab as a space, w:br as a line break.
std::string wml_text(pugi::xml_node n) {
    std::string out;
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
        const std::string name = c.name();
        const std::string local = name.substr(name.find(':') + 1);
        if (local == "t") out += c.text().get();
        else if (local == "tab") out += ' ';
        else if (local == "br" || local == "p") out += '\n' + wml_text(c);
        else out += wml_text(c);
    }
    return out;
}

void collect_cells(pugi::xml_node n, std::vector<std::string>& out) {
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
        const std::string name = c.name();
        if (name.size() >= 3 && name.compare(name.size() - 3, 3, ":tc") == 0) out.push_back(wml_text(c));
        else collect_cells(c, out);
    }
}

// Words split at white space and after each hyphen: a line may end at a hyphen ("outside-" and
// "in"), which is where a word may be broken.
std::vector<std::string> words(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string w; in >> w;) {
        std::size_t from = 0;
        for (std::size_t h = w.find('-'); h != std::string::npos && h + 1 < w.size(); h = w.find('-', h + 1)) {
            out.push_back(w.substr(from, h + 1 - from));
            from = h + 1;
        }
        out.push_back(w.substr(from));
    }
    return out;
}

}  // namespace

std::vector<std::string> docx_table_cells(const std::string& docx_path) {
    std::vector<std::string> out;
    const package pkg = package::open(docx_path);
    pugi::xml_document doc;
    const std::string xml = pkg.read(pkg.main_part());
    EXPECT_TRUE(doc.load_buffer(xml.data(), xml.size())) << docx_path;
    collect_cells(doc, out);
    return out;
}

std::vector<std::string> xlsx_text_cells(const std::string& xlsx_path) {
    std::vector<std::string> out;
    const workbook wb = workbook::open(xlsx_path);
    for (const sheet_info& s : wb.sheets())
        for (const row& r : wb.read_rows(s))
            for (const cell& c : r.cells)
                if (c.value.type == cell_type::text) out.push_back(c.value.text);
    return out;
}

std::vector<std::string> words_not_whole(const std::vector<std::string>& cells, const std::string& printed) {
    std::map<std::string, int> expected, found;
    for (const std::string& c : cells)
        for (const std::string& w : words(c)) ++expected[w];
    for (const std::string& w : words(printed)) ++found[w];
    std::vector<std::string> out;
    for (const auto& [w, n] : expected)
        if (found[w] < n) out.push_back(w + " (" + std::to_string(n) + " in cells, " + std::to_string(found[w]) + " printed)");
    return out;
}

std::vector<int> blank_pages(const std::string& printed) {
    std::vector<int> out;
    std::size_t start = 0;
    int page = 1;
    while (start < printed.size()) {
        std::size_t end = printed.find('\f', start);
        if (end == std::string::npos) end = printed.size();
        if (printed.find_first_not_of(" \t\r\n", start) >= end && end < printed.size()) out.push_back(page);
        start = end + 1;
        ++page;
    }
    return out;
}

std::vector<std::string> text_lines(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

}  // namespace kib::test
