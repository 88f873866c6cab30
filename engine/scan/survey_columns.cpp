// Column recognition: which headers name a pillar question, a Toelichting, the department or the
// respondent (is_question_header, map_columns), and the explicit JSON mapping (read_mapping).
// A mapping entry overrides recognition; a name that is no header is read as column letters.
#include "engine/scan/maturity.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <fstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/scan/maturity_detail.hpp"
#include "readers/error.hpp"
#include "readers/xlsx_parts.hpp"
#include "readers/i18n.hpp"

namespace kib::maturity {

using namespace detail;

namespace {

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80; }

// The spellings a pillar is recognised by, lower case: name, alias, code.
std::vector<std::string> pillar_tokens(int p) {
    std::vector<std::string> t{normalize(pillars()[p].name)};
    if (pillars()[p].alias) t.push_back(normalize(pillars()[p].alias));
    t.push_back(normalize(pillars()[p].code));
    return t;
}

// "strategie 1 - de organisatie …" → (0, 1). Returns false when the header is no question.
bool parse_question_header(std::string_view header, int& pillar, int& number) {
    const std::string n = normalize(header);
    for (int p = 0; p < pillar_count; ++p) {
        for (const std::string& t : pillar_tokens(p)) {
            if (n.size() <= t.size() || n.compare(0, t.size(), t) != 0) continue;
            std::size_t i = t.size();
            auto skip_separators = [&] {
                while (i < n.size() && (n[i] == ' ' || n[i] == '-' || n[i] == '.' || n[i] == ':' || n[i] == '#' ||
                                        n[i] == '(' || n[i] == '[')) {
                    ++i;
                }
            };
            skip_separators();
            if (n.compare(i, 5, "vraag") == 0) {
                i += 5;
            } else if (i < n.size() && (n[i] == 'q' || n[i] == 'v') && i + 1 < n.size() && n[i + 1] >= '0' &&
                       n[i + 1] <= '9') {
                ++i;
            }
            skip_separators();
            std::size_t digits = 0;
            int value = 0;
            while (i < n.size() && n[i] >= '0' && n[i] <= '9' && digits < 3) {
                value = value * 10 + (n[i] - '0');
                ++i;
                ++digits;
            }
            if (digits == 0 || (i < n.size() && is_alnum(n[i]))) continue;
            pillar = p;
            number = value;
            return true;
        }
    }
    return false;
}

std::vector<std::string> words_of(std::string_view normalized) {
    std::vector<std::string> words;
    std::string w;
    for (char c : normalized) {
        if (is_alnum(c)) {
            w += c;
        } else if (!w.empty()) {
            words.push_back(std::move(w));
            w.clear();
        }
    }
    if (!w.empty()) words.push_back(std::move(w));
    return words;
}

// "Toelichting Strategie", "STR - opmerkingen", "Open antwoord Cultuur" → pillar, else -1.
int parse_comment_header(std::string_view header) {
    const std::string n = normalize(header);
    if (n.find("toelichting") == std::string::npos && n.find("opmerking") == std::string::npos &&
        n.find("open antwoord") == std::string::npos) {
        return -1;
    }
    for (const std::string& w : words_of(n)) {
        const int p = pillar_by_token(w);
        if (p >= 0) return p;
    }
    return -1;
}

bool is_respondent_header(std::string_view header) {
    const std::string c = compact(header);
    return c == "respondent" || c == "respondentid" || c == "respondentnummer" || c == "respondentnr" ||
           c == "responseid" || c == "id" || c == "nr" || c == "nr." || c == "nummer";
}

}  // namespace

namespace detail {

int pillar_by_token(std::string_view token) {
    const std::string n = normalize(token);
    for (int p = 0; p < pillar_count; ++p) {
        for (const std::string& t : pillar_tokens(p)) {
            if (n == t) return p;
        }
    }
    return -1;
}

bool is_department_header(std::string_view header) {
    const std::string c = compact(header);
    return c == "afdeling" || c == "department" || c == "dept" || c == "onderdeel" || c == "afdeling/team" ||
           c == "organisatieonderdeel";
}

}  // namespace detail

bool is_question_header(std::string_view header) noexcept {
    try {
        int p = 0, q = 0;
        return parse_question_header(header, p, q);
    } catch (...) {
        return false;
    }
}

mapping read_mapping(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) fail(path, "", tr("cannot open the mapping file"), tr("check the path given to --mapping"));
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(in);
    } catch (const nlohmann::json::parse_error& e) {
        location loc;
        loc.file = path;
        throw error(error_category::bad_input, loc, trf("the mapping is not valid JSON: {}", {e.what()}),
                    tr("see engine/scan/maturity.hpp for the mapping format"));
    }
    mapping m;
    auto need_string = [&](const nlohmann::json& v, const std::string& what) {
        if (!v.is_string()) fail(path, what, tr("must be a text (a header or column letters)"));
        return v.get<std::string>();
    };
    if (!j.is_object()) fail(path, "", tr("the mapping must be a JSON object"));
    for (auto it = j.begin(); it != j.end(); ++it) {
        const std::string& key = it.key();
        if (key == "sheet") {
            m.sheet = need_string(it.value(), key);
        } else if (key == "header_row") {
            if (!it.value().is_number_integer() || it.value().get<int>() < 1) fail(path, key, tr("must be a row number (1 or more)"));
            m.header_row = it.value().get<int>();
        } else if (key == "department") {
            m.department = need_string(it.value(), key);
        } else if (key == "respondent") {
            m.respondent = need_string(it.value(), key);
        } else if (key == "pillars") {
            if (!it.value().is_object()) fail(path, key, tr("must be an object keyed by pillar name or code"));
            for (auto p = it.value().begin(); p != it.value().end(); ++p) {
                const int pi = pillar_by_token(p.key());
                if (pi < 0) {
                    fail(path, "pillars." + p.key(), tr("is not a pillar"),
                         tr("use Strategie, Begrijpen, Ontwerpen, Meten, Besturing, Cultuur or STR, BEG, ONT, MET, BES, CUL"));
                }
                const nlohmann::json& pv = p.value();
                if (!pv.is_object()) fail(path, "pillars." + p.key(), tr("must be an object with \"questions\""));
                if (pv.contains("questions")) {
                    const auto& qs = pv.at("questions");
                    if (!qs.is_array() || qs.size() != questions_per_pillar) {
                        fail(path, "pillars." + p.key() + ".questions", tr("must list exactly 8 columns"));
                    }
                    std::vector<std::string> cols;
                    for (const auto& q : qs) cols.push_back(need_string(q, "pillars." + p.key() + ".questions"));
                    m.questions[pi] = std::move(cols);
                }
                if (pv.contains("comment")) m.comment[pi] = need_string(pv.at("comment"), "pillars." + p.key() + ".comment");
            }
        } else {
            fail(path, key, tr("is not a mapping field"), tr("known fields: sheet, header_row, department, respondent, pillars"));
        }
    }
    return m;
}

column_map map_columns(const std::vector<std::string>& headers, const mapping* override_map, const std::string& file,
                       const std::string& sheet) {
    column_map map;
    std::array<std::vector<std::pair<int, int>>, pillar_count> found;  // (question number, column)
    for (int c = 0; c < static_cast<int>(headers.size()); ++c) {
        const std::string& h = headers[c];
        if (h.empty()) continue;
        int p = 0, q = 0;
        if (parse_question_header(h, p, q)) {
            found[p].emplace_back(q, c);
        } else if (const int cp = parse_comment_header(h); cp >= 0) {
            if (map.comment[cp] < 0) map.comment[cp] = c;
        } else if (is_department_header(h)) {
            if (map.department < 0) map.department = c;
        } else if (is_respondent_header(h)) {
            if (map.respondent < 0) map.respondent = c;
        }
    }
    const std::string prefix = sheet.empty() ? std::string() : xlsx::quote_sheet_name(sheet) + "!";
    const std::string header_where = sheet.empty() ? std::string("header row") : "sheet " + xlsx::quote_sheet_name(sheet) + ", header row";
    auto col_label = [&](int c) {
        return prefix + xlsx::column_name(static_cast<std::uint32_t>(c + 1)) + " " + in_quotes(headers[c]);
    };
    // Resolves a mapping reference: a header (normalised), else column letters.
    auto resolve = [&](const std::string& ref, const std::string& what) {
        const std::string n = normalize(ref);
        for (int c = 0; c < static_cast<int>(headers.size()); ++c) {
            if (normalize(headers[c]) == n) return c;
        }
        std::uint32_t col = 0, row = 0;
        if (!ref.empty() && xlsx::parse_cell_ref(ref + "1", col, row)) return static_cast<int>(col) - 1;
        fail(file, what, trf("the mapping names column {}, which is not a header in the header row", {in_quotes(ref)}),
             tr("use the header text exactly as in the export, or column letters such as \"K\""));
    };
    if (override_map) {
        if (override_map->department) map.department = resolve(*override_map->department, "mapping department");
        if (override_map->respondent) map.respondent = resolve(*override_map->respondent, "mapping respondent");
        for (int p = 0; p < pillar_count; ++p) {
            if (override_map->comment[p]) map.comment[p] = resolve(*override_map->comment[p], std::string("mapping ") + pillars()[p].name);
            if (override_map->questions[p]) {
                found[p].clear();
                for (int q = 0; q < questions_per_pillar; ++q) {
                    found[p].emplace_back(q + 1, resolve((*override_map->questions[p])[q], std::string("mapping ") + pillars()[p].name));
                }
            }
        }
    }
    for (int p = 0; p < pillar_count; ++p) {
        const auto& f = found[p];
        std::string list;
        for (const auto& [q, c] : f) list += (list.empty() ? "" : ", ") + col_label(c);
        const std::string fix = "the scan needs exactly 8 question columns per pillar, headed like \"" +
                                std::string(pillars()[p].code) + "1\" or \"" + pillars()[p].name +
                                " 1\"; rename the headers or give a --mapping file";
        if (f.size() != static_cast<std::size_t>(questions_per_pillar)) {
            fail(file, header_where,
                 f.empty() ? trf("pillar {} has 0 question columns", {pillars()[p].name})
                 : f.size() == 1 ? trf("pillar {} has 1 question column ({})", {pillars()[p].name, list})
                                 : trf("pillar {} has {} question columns ({})", {pillars()[p].name, std::to_string(f.size()), list}),
                 fix);
        }
        std::array<int, questions_per_pillar> cols;
        cols.fill(-1);
        for (const auto& [q, c] : f) {
            if (q < 1 || q > questions_per_pillar) {
                fail(file, header_where,
                     trf("pillar {}: question number {} is outside 1-8 (columns found: {})", {pillars()[p].name, std::to_string(q), list}),
                     fix);
            }
            if (cols[q - 1] >= 0) {
                fail(file, header_where,
                     trf("pillar {}: question {} appears twice ({} and {})", {pillars()[p].name, std::to_string(q), col_label(cols[q - 1]), col_label(c)}),
                     fix);
            }
            cols[q - 1] = c;
        }
        map.questions[p] = cols;
    }
    return map;
}

}  // namespace kib::maturity
