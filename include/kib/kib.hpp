// kib — C++ API. A header-only layer of RAII classes over the C API in kib.h, so C++ hosts get
// exceptions and std::string while the shared library exports only C symbols (a stable ABI).
//
// Errors: every failure throws kib::api_error carrying the kib_status and the message, which
// names the file, part and cell and says how to fix the input.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "kib/kib.h"

namespace kib {

class api_error : public std::runtime_error {
public:
    api_error(kib_status s, const std::string& msg) : std::runtime_error(msg), status_(s) {}
    kib_status status() const noexcept { return status_; }

private:
    kib_status status_;
};

namespace api_detail {
inline void check(kib_status s) {
    if (s != KIB_OK) throw api_error(s, kib_last_error());
}
inline std::string take(char* p) {
    std::unique_ptr<char, decltype(&kib_free)> owner(p, &kib_free);
    return p ? std::string(p) : std::string();
}
}  // namespace api_detail

inline std::string version() { return kib_version(); }

// A workbook opened for reading.
class workbook_reader {
public:
    explicit workbook_reader(const std::string& path) {
        kib_workbook* wb = nullptr;
        api_detail::check(kib_workbook_open(path.c_str(), &wb));
        handle_.reset(wb);
    }
    std::vector<std::string> sheet_names() const {
        int n = 0;
        api_detail::check(kib_workbook_sheet_count(handle_.get(), &n));
        std::vector<std::string> out;
        for (int i = 0; i < n; ++i) {
            const char* name = nullptr;
            api_detail::check(kib_workbook_sheet_name(handle_.get(), i, &name));
            out.emplace_back(name);
        }
        return out;
    }
    // {"sheets":[{"name":…,"cells":[{"ref","type","value"}]}]}; sheet "" = all sheets.
    std::string cells_json(const std::string& sheet = {}) const {
        char* json = nullptr;
        api_detail::check(kib_workbook_cells_json(handle_.get(), sheet.empty() ? nullptr : sheet.c_str(), &json));
        return api_detail::take(json);
    }
    // {"tables":[…],"names":[…]}: tables (ListObjects) with their ranges and columns, defined names.
    std::string tables_json() const {
        char* json = nullptr;
        api_detail::check(kib_workbook_tables_json(handle_.get(), &json));
        return api_detail::take(json);
    }
    // A cell as text ("" when empty), e.g. cell_text("KPI's", "D7").
    std::string cell_text(const std::string& sheet, const std::string& ref) const {
        char* text = nullptr;
        api_detail::check(kib_workbook_cell_text(handle_.get(), sheet.c_str(), ref.c_str(), &text));
        return api_detail::take(text);
    }

private:
    struct closer {
        void operator()(kib_workbook* wb) const noexcept { kib_workbook_close(wb); }
    };
    std::unique_ptr<kib_workbook, closer> handle_;
};

// `kib set`: writes values into a copy of a workbook (output "" = in place, with a backup),
// keeping everything else.
// A resource limit for the whole process, by name (kib_set_limit).
inline void set_limit(const std::string& name, const std::string& value) {
    api_detail::check(kib_set_limit(name.c_str(), value.c_str()));
}

inline void set_cells(const std::string& input, const std::string& output, const std::vector<std::string>& assignments) {
    std::vector<const char*> raw;
    for (const auto& a : assignments) raw.push_back(a.c_str());
    api_detail::check(kib_set_cells(input.c_str(), output.empty() ? nullptr : output.c_str(), raw.data(),
                                    static_cast<int>(raw.size())));
}
// `kib comments --json`.
inline std::string comments_json(const std::string& docx) {
    char* json = nullptr;
    api_detail::check(kib_comments_json(docx.c_str(), &json));
    return api_detail::take(json);
}
// `kib fill`: template is a .docx path or "builtin:baateigenaar"; data is a JSON file.
inline void fill(const std::string& template_path, const std::string& data_json_path, const std::string& output) {
    api_detail::check(kib_fill(template_path.c_str(), data_json_path.c_str(), output.c_str()));
}
// `kib score --json`.
inline std::string score_json(const std::string& survey) {
    char* json = nullptr;
    api_detail::check(kib_score_json(survey.c_str(), &json));
    return api_detail::take(json);
}
// `kib kpi --json` (measurements and output may be empty).
inline std::string kpi_update(const std::string& programme, const std::string& date, const std::string& measurements = {},
                              const std::string& output = {}) {
    char* json = nullptr;
    api_detail::check(kib_kpi_update(programme.c_str(), measurements.empty() ? nullptr : measurements.c_str(), date.c_str(),
                                     output.empty() ? nullptr : output.c_str(), &json));
    return api_detail::take(json);
}

}  // namespace kib
