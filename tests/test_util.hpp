// Helpers shared by the tests: ZIP archives built from {name -> bytes} (including the hostile
// kinds no office program writes), minimal workbooks, temporary folders, running the kib binary,
// and catching a kib::error to check its category and location.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "readers/error.hpp"

namespace kib::test {

// One ZIP entry. The name is written byte for byte, even when libzip would refuse it
// (a second entry of the same name, an absolute name, a name with "..").
struct zip_entry {
    std::string name;
    std::string data;
    bool deflate = true;   // false: stored (method 0)
    bool symlink = false;  // Unix external attributes say "symbolic link"
};

// Builds the archive in memory.
std::string make_zip(const std::vector<zip_entry>& entries);

// Namespaces and relationship types (transitional) used to write parts by hand.
inline constexpr const char* sml_ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
inline constexpr const char* rel_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

// A worksheet part around the given <sheetData> content (transitional namespace).
std::string worksheet_xml(const std::string& sheet_data, const std::string& after_sheet_data = {});

// What a small hand-written workbook holds. Every field is written as XML text.
struct workbook_spec {
    struct sheet {
        sheet(std::string name_, std::string xml_, std::string state_ = {})
            : name(std::move(name_)), xml(std::move(xml_)), state(std::move(state_)) {}
        std::string name;
        std::string xml;    // the whole worksheet part
        std::string state;  // "" (visible), "hidden", "veryHidden"
    };
    std::vector<sheet> sheets;
    std::string shared_strings;     // whole sharedStrings.xml part, "" for none
    std::string styles;             // whole styles.xml part, "" for none
    std::string workbook_pr;        // e.g. R"(<workbookPr date1904="1"/>)"
    std::string defined_names;      // <definedName> elements
};
// The entries of a transitional .xlsx at the usual paths (xl/workbook.xml, xl/worksheets/sheetN.xml).
std::vector<zip_entry> workbook_entries(const workbook_spec& spec);
// A <styleSheet> whose cellXfs use these numFmtIds (index = style id); custom codes as
// {id, code} pairs. XML-escaping of the codes is the caller's job.
std::string styles_xml(const std::vector<std::uint32_t>& xf_num_fmt_ids,
                       const std::vector<std::pair<std::uint32_t, std::string>>& custom_formats = {});
// <sst> with one plain <si><t> per string (no escaping).
std::string shared_strings_xml(const std::vector<std::string>& strings);

// A temporary folder, removed with everything in it when the object dies.
class temp_dir {
public:
    temp_dir();
    ~temp_dir();
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;
    const std::string& path() const noexcept { return path_; }
    // Writes bytes to path()/name and returns the full path.
    std::string write(const std::string& name, const std::string& bytes) const;

private:
    std::string path_;
};

std::string read_file(const std::string& path);
// tests/fixtures/<relative>
std::string fixture(const std::string& relative);

struct run_result {
    int exit_code = -1;  // -1 when the process did not exit normally (a crash)
    std::string out;
    std::string err;
};
// Runs the kib binary under test with these arguments and captures its output.
run_result run_kib(const std::vector<std::string>& args);

// Runs fn and returns the kib::error it throws. Records a test failure when it throws nothing
// or another exception type (then the returned error has category internal and says so).
kib::error catch_error(const std::function<void()>& fn);

}  // namespace kib::test
