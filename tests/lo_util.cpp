#include "lo_util.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

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

std::vector<std::string> text_lines(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

}  // namespace kib::test
