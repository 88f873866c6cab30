// Reading survey files: choosing the answer sheet, finding the header row (survey_feed, shared by
// xlsx, csv and in-memory tables), score_file/score_table, and the invitations (read_invitations,
// matched to departments by normalised name). xlsx rows arrive only when they hold values.
#include "engine/scan/maturity.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "engine/scan/maturity_detail.hpp"
#include "readers/csv.hpp"
#include "readers/xlsx.hpp"
#include "readers/xlsx_parts.hpp"
#include "readers/i18n.hpp"

namespace kib::maturity {

using namespace detail;

namespace {

bool is_invited_header(std::string_view header) {
    const std::string c = compact(header);
    return c == "uitgenodigd" || c == "aantaluitgenodigd" || c == "invited" || c == "genodigden" ||
           c == "uitnodigingen";
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

bool is_answer_sheet_name(const std::string& name) {
    const std::string n = compact(name);
    return starts_with(n, "antwoord") || starts_with(n, "response") || n == "resultaten" || n == "results" ||
           n == "survey" || n == "enquete";
}

bool is_invitation_sheet_name(const std::string& name) {
    const std::string n = compact(name);
    return starts_with(n, "uitnodiging") || starts_with(n, "invitation") || n == "uitgenodigd" || n == "invited";
}

bool is_zip(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) fail(path, "", tr("cannot open the file"), tr("check the path"));
    char magic[2] = {0, 0};
    in.read(magic, 2);
    return in.gcount() == 2 && magic[0] == 'P' && magic[1] == 'K';
}

std::vector<std::string> header_texts(const std::vector<const cell_value*>& cells) {
    std::vector<std::string> h(cells.size());
    for (std::size_t i = 0; i < cells.size(); ++i) h[i] = cell_text(cells[i]);
    return h;
}

// Finds the header row among the first rows and then feeds the scorer; shared by xlsx and csv.
class survey_feed {
public:
    survey_feed(const score_options& opt, const mapping* map, std::string file, std::string sheet, bool csv)
        : opt_(opt), map_(map), file_(std::move(file)), sheet_(std::move(sheet)), csv_(csv) {
        // With a mapping, the header row is the first row holding one of the mapped question headers.
        if (map_) {
            for (const auto& qs : map_->questions) {
                if (!qs) continue;
                for (const std::string& h : *qs) mapped_.insert(normalize(h));
            }
        }
    }

    void row(std::uint32_t number, std::uint32_t ordinal, const std::vector<const cell_value*>& cells) {
        if (sc_) {
            sc_->add({number, &cells});
            return;
        }
        const bool is_header = map_ && map_->header_row > 0
                                   ? ordinal == static_cast<std::uint32_t>(map_->header_row)
                                   : std::any_of(cells.begin(), cells.end(), [this](const cell_value* v) {
                                         if (!v) return false;
                                         const std::string t = cell_text(v);
                                         return is_question_header(t) || mapped_.count(normalize(t)) > 0;
                                     });
        if (is_header) {
            headers_ = header_texts(cells);
            sc_.emplace(map_columns(headers_, map_, file_, csv_ ? std::string() : sheet_), opt_, file_, sheet_, csv_);
            return;
        }
        if (++skipped_ > 50 && !(map_ && map_->header_row > 0)) {
            fail(file_, csv_ ? std::string() : xlsx::quote_sheet_name(sheet_),
                 tr("no header row with question columns in the first 50 rows"),
                 tr("the answer columns need headers like \"STR1\" or \"Strategie 1\"; or give a --mapping file"));
        }
    }

    scan_result finish() {
        if (!sc_) {
            fail(file_, csv_ ? std::string() : xlsx::quote_sheet_name(sheet_), tr("no header row with question columns found"),
                 tr("the answer columns need headers like \"STR1\" or \"Strategie 1\"; or give a --mapping file"));
        }
        scan_result r = sc_->finish();
        r.headers = headers_;
        return r;
    }

private:
    const score_options& opt_;
    const mapping* map_;
    std::string file_, sheet_;
    bool csv_;
    std::optional<scorer> sc_;
    std::vector<std::string> headers_;
    std::unordered_set<std::string> mapped_;
    std::uint32_t skipped_ = 0;
};

std::map<std::string, std::int64_t> parse_invitation_rows(const std::vector<std::vector<cell_value>>& rows,
                                                          const std::vector<std::uint64_t>& numbers,
                                                          const std::string& file, const std::string& sheet, bool csv) {
    std::map<std::string, std::int64_t> out;
    int dcol = -1, icol = -1;
    std::size_t r = 0;
    for (; r < rows.size() && r < 20; ++r) {
        dcol = icol = -1;
        for (std::size_t c = 0; c < rows[r].size(); ++c) {
            const std::string h = cell_text(&rows[r][c]);
            if (dcol < 0 && is_department_header(h)) dcol = static_cast<int>(c);
            if (icol < 0 && is_invited_header(h)) icol = static_cast<int>(c);
        }
        if (dcol >= 0 && icol >= 0) break;
    }
    if (dcol < 0 || icol < 0) {
        fail(file, csv ? std::string() : xlsx::quote_sheet_name(sheet), tr("no header row with Afdeling and Uitgenodigd"),
             tr("the invitations need two columns headed Afdeling and Uitgenodigd (number invited)"));
    }
    std::map<std::string, std::string> seen;
    for (++r; r < rows.size(); ++r) {
        const auto& row = rows[r];
        auto at = [&](int c) { return static_cast<std::size_t>(c) < row.size() ? &row[static_cast<std::size_t>(c)] : nullptr; };
        const std::string dept = cell_text(at(dcol));
        const cell_value* iv = at(icol);
        const std::string itext = cell_text(iv);
        if (dept.empty() && itext.empty()) continue;
        const std::string where = cell_where(sheet, csv, icol, static_cast<std::uint32_t>(numbers[r]));
        if (dept.empty()) fail(file, cell_where(sheet, csv, dcol, static_cast<std::uint32_t>(numbers[r])), tr("the department is empty"), tr("fill in the department or delete the row"));
        double v = -1;
        if (iv && iv->type == cell_type::number) {
            v = iv->number;
        } else {
            char* end = nullptr;
            const std::string t = itext;
            v = t.empty() ? -1 : std::strtod(t.c_str(), &end);
            if (t.empty() || end != t.c_str() + t.size()) v = -1;
        }
        if (!(v >= 0) || v != std::floor(v) || v > 1e9) {
            fail(file, where, trf("{} is not a number of people invited", {in_quotes(itext)}), tr("write a whole number, such as 25"));
        }
        const std::string key = normalize(dept);
        if (seen.count(key)) fail(file, where, trf("department {} is listed twice", {in_quotes(dept)}), tr("give each department one row"));
        seen[key] = dept;
        out[dept] = static_cast<std::int64_t>(v);
    }
    return out;
}

std::map<std::string, std::int64_t> invitations_from_workbook(const workbook& wb, const sheet_info& s, const std::string& path) {
    std::vector<std::vector<cell_value>> rows;
    std::vector<std::uint64_t> numbers;
    wb.for_each_row(s, [&](const row& r) {
        std::vector<cell_value> cells;
        for (const cell& c : r.cells) {
            if (cells.size() < c.col) cells.resize(c.col);
            cells[c.col - 1] = c.value;
        }
        rows.push_back(std::move(cells));
        numbers.push_back(r.index);
    });
    return parse_invitation_rows(rows, numbers, path, s.name, false);
}

void apply_invitations(scan_result& r, const std::map<std::string, std::int64_t>& inv) {
    std::int64_t total = 0;
    std::unordered_map<std::string, std::int64_t> by_key;
    for (const auto& [name, n] : inv) {
        by_key[normalize(name)] = n;
        total += n;
    }
    std::unordered_map<std::string, bool> matched;
    for (department_result& d : r.departments) {
        auto it = by_key.find(normalize(d.name));
        if (it == by_key.end()) {
            r.warnings.push_back(trf("department {} is not in the invitations; no response rate", {in_quotes(d.name)}));
            continue;
        }
        d.invited = it->second;
        matched[it->first] = true;
        if (d.respondents > it->second) {
            r.warnings.push_back(trf("department {} has {} respondents but only {} invited",
                                     {in_quotes(d.name), std::to_string(d.respondents), std::to_string(it->second)}));
        }
    }
    for (const auto& [name, n] : inv) {
        if (matched.count(normalize(name))) continue;
        department_result d;
        d.name = name;
        d.invited = n;
        r.departments.push_back(std::move(d));
    }
    std::sort(r.departments.begin(), r.departments.end(),
              [](const department_result& a, const department_result& b) { return a.name < b.name; });
    r.invited = total;
}

}  // namespace

std::map<std::string, std::int64_t> read_invitations(const std::string& path) {
    if (is_zip(path)) {
        workbook wb = workbook::open(path);
        const sheet_info* chosen = nullptr;
        for (const sheet_info& s : wb.sheets()) {
            if (s.kind == "worksheet" && is_invitation_sheet_name(s.name)) {
                chosen = &s;
                break;
            }
        }
        if (!chosen) {
            for (const sheet_info& s : wb.sheets()) {
                if (s.kind == "worksheet") {
                    chosen = &s;
                    break;
                }
            }
        }
        if (!chosen) fail(path, "", tr("the workbook has no worksheet"));
        return invitations_from_workbook(wb, *chosen, path);
    }
    const csv_table t = read_csv(path);
    std::vector<std::vector<cell_value>> rows;
    for (const auto& r : t.rows) {
        std::vector<cell_value> cells;
        for (const auto& f : r) cells.push_back(f.empty() ? cell_value{} : cell_value::make_text(f));
        rows.push_back(std::move(cells));
    }
    return parse_invitation_rows(rows, t.lines, path, "", true);
}

scan_result score_table(const std::vector<std::vector<cell_value>>& rows, const score_options& options,
                        const std::string& file, const std::string& sheet) {
    std::optional<mapping> map;
    if (!options.mapping_file.empty()) map = read_mapping(options.mapping_file);
    survey_feed feed(options, map ? &*map : nullptr, file, sheet, false);
    std::vector<const cell_value*> ptrs;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        ptrs.assign(rows[r].size(), nullptr);
        for (std::size_t c = 0; c < rows[r].size(); ++c) ptrs[c] = &rows[r][c];
        feed.row(static_cast<std::uint32_t>(r + 1), static_cast<std::uint32_t>(r + 1), ptrs);
    }
    return feed.finish();
}

scan_result score_file(const std::string& path, const score_options& options) {
    std::optional<mapping> map;
    if (!options.mapping_file.empty()) map = read_mapping(options.mapping_file);
    scan_result result;
    std::optional<std::map<std::string, std::int64_t>> invitations;
    if (!options.invited_file.empty()) invitations = read_invitations(options.invited_file);
    if (is_zip(path)) {
        workbook wb = workbook::open(path);
        const sheet_info* chosen = nullptr;
        if (map && !map->sheet.empty()) {
            chosen = &wb.sheet(map->sheet);
        } else {
            for (const sheet_info& s : wb.sheets()) {
                if (s.kind == "worksheet" && is_answer_sheet_name(s.name)) {
                    chosen = &s;
                    break;
                }
            }
            if (!chosen) {
                for (const sheet_info& s : wb.sheets()) {
                    if (s.kind == "worksheet" && !is_invitation_sheet_name(s.name)) {
                        chosen = &s;
                        break;
                    }
                }
            }
        }
        if (!chosen) fail(path, "", tr("the workbook has no worksheet with answers"));
        survey_feed feed(options, map ? &*map : nullptr, path, chosen->name, false);
        std::vector<const cell_value*> ptrs;
        std::uint32_t ordinal = 0;
        wb.for_each_row(*chosen, [&](const row& r) {
            ++ordinal;
            std::size_t width = r.cells.empty() ? 0 : r.cells.back().col;
            width = std::min<std::size_t>(width, 16384);
            ptrs.assign(width, nullptr);
            for (const cell& c : r.cells) ptrs[c.col - 1] = &c.value;
            // Rows are delivered only when they hold values, so the header row's ordinal is its
            // position among non-empty rows; an explicit header_row counts sheet rows.
            const std::uint32_t position = map && map->header_row > 0 ? r.index : ordinal;
            feed.row(r.index, position, ptrs);
        });
        result = feed.finish();
        if (!invitations) {
            for (const sheet_info& s : wb.sheets()) {
                if (s.kind == "worksheet" && &s != chosen && is_invitation_sheet_name(s.name)) {
                    invitations = invitations_from_workbook(wb, s, path);
                    break;
                }
            }
        }
    } else {
        const csv_table t = read_csv(path);
        survey_feed feed(options, map ? &*map : nullptr, path, "", true);
        std::vector<cell_value> cells;
        std::vector<const cell_value*> ptrs;
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            const auto& fields = t.rows[r];
            cells.resize(fields.size());
            ptrs.assign(fields.size(), nullptr);
            for (std::size_t c = 0; c < fields.size(); ++c) {
                if (fields[c].empty()) {
                    cells[c].clear();
                } else {
                    cells[c].type = cell_type::text;
                    cells[c].text = fields[c];
                }
                ptrs[c] = &cells[c];
            }
            feed.row(static_cast<std::uint32_t>(t.lines[r]), static_cast<std::uint32_t>(r + 1), ptrs);
        }
        result = feed.finish();
    }
    if (invitations) apply_invitations(result, *invitations);
    return result;
}

}  // namespace kib::maturity
