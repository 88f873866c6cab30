#include "samples/survey_sample.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <unordered_map>

#include "engine/scan/maturity.hpp"

namespace kib::sample {

namespace {

namespace fs = std::filesystem;

struct splitmix64 {
    std::uint64_t state;
    std::uint64_t next() {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    double uniform() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }  // [0, 1)
    // Roughly normal with mean 0 and the given spread (sum of four uniforms).
    double noise(double spread) { return (uniform() + uniform() + uniform() + uniform() - 2.0) * spread * 1.7320508; }
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
};

const char* const k_labels[] = {"Niet / nooit", "Incidenteel", "Regelmatig", "Systematisch", "Weet ik niet"};

// Per pillar: how the organisation tends to differ from its department level, and how often
// people do not know (Meten and Besturing are the knowledge gaps typical of a first scan).
constexpr double k_pillar_offset[] = {0.1, 0.3, 0.0, -0.4, -0.2, 0.2};
constexpr double k_dont_know[] = {0.04, 0.03, 0.05, 0.12, 0.10, 0.02};

const char* const k_comments[6][4] = {
    {"De strategie is vooral bij het management bekend.", "Klantbeleving staat in het jaarplan, maar niet concreet uitgewerkt.",
     "We missen meetbare doelen voor klantbeleving.", "Onze klantbeloften staan sinds kort op de website."},
    {"We vragen klanten vooral na een klacht om feedback.", "Klantinzichten blijven vaak hangen bij het KCC.",
     "Er is geen systeem om feedback vast te leggen; alles gaat via e-mail.", "Klantpanels werken goed, maar zijn incidenteel."},
    {"Klantreizen zijn voor twee producten in kaart gebracht.", "Bij procesverbetering wordt de klant zelden betrokken.",
     "Er is geen eenduidige methode; ieder team doet het anders.", "De menselijke maat krijgt meer aandacht sinds vorig jaar."},
    {"Ik weet niet welke KPI's er zijn voor klantbeleving.", "We meten vooral doorlooptijden, niet de beleving.",
     "Het dashboard is alleen voor managers zichtbaar.", "Er is geen relatie gelegd tussen beleving en kosten."},
    {"Niemand is echt eindverantwoordelijk voor een klantreis.", "Klantbeleving komt pas na wet- en regelgeving.",
     "Samenwerking tussen afdelingen hangt af van personen.", "Er is sinds kort een directeur dienstverlening."},
    {"Collega's willen graag helpen, maar de regels zitten in de weg.", "Complimenten van klanten worden gedeeld in het teamoverleg.",
     "Trainingen over klantgericht werken zijn vrijwillig.", "Leidinggevenden geven het goede voorbeeld."},
};

std::vector<department_spec> base_departments() {
    return {
        {"Klantcontactcentrum", 40, 40, 3.1},   {"Communicatie", 30, 22, 2.8},     {"Dienstverlening", 32, 28, 2.9},
        {"Vergunningen", 24, 20, 2.4},          {"Financiën", 20, 14, 2.0},        {"HR", 18, 8, 2.3},
        {"ICT", 26, 21, 2.2},                   {"Juridische Zaken", 22, 16, 1.9}, {"Beleid", 28, 22, 2.5},
        {"Uitvoering", 30, 26, 2.6},            {"Toezicht", 16, 13, 2.3},         {"Bestuursondersteuning", 14, 10, 2.7},
    };
}

std::string csv_field(const std::string& s) {
    if (s.find_first_of(";\"\r\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string xml_escape(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string col_name(std::size_t col0) {
    std::string s;
    std::size_t n = col0 + 1;
    while (n > 0) {
        s.insert(s.begin(), static_cast<char>('A' + (n - 1) % 26));
        n = (n - 1) / 26;
    }
    return s;
}

struct shared_strings {
    std::vector<std::string> list;
    std::unordered_map<std::string, std::size_t> index;
    std::size_t count = 0;
    std::size_t add(const std::string& s) {
        ++count;
        auto [it, inserted] = index.emplace(s, list.size());
        if (inserted) list.push_back(s);
        return it->second;
    }
};

// One worksheet part; column 0 numeric when numeric_first is set, the rest shared strings.
void write_sheet(const std::vector<std::vector<std::string>>& rows, bool numeric_first, shared_strings& sst,
                 const fs::path& path) {
    std::ofstream out(path, std::ios::binary);
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
           "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>";
    std::string buf;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        buf.clear();
        const std::string rn = std::to_string(r + 1);
        buf += "<row r=\"" + rn + "\">";
        for (std::size_t c = 0; c < rows[r].size(); ++c) {
            const std::string& v = rows[r][c];
            if (v.empty()) continue;
            const bool number = r > 0 && c == 0 && numeric_first;
            buf += "<c r=\"";
            buf += col_name(c);
            buf += rn;
            if (number) {
                buf += "\"><v>";
                buf += v;
            } else {
                buf += "\" t=\"s\"><v>";
                buf += std::to_string(sst.add(v));
            }
            buf += "</v></c>";
        }
        buf += "</row>";
        out << buf;
    }
    out << "</sheetData></worksheet>";
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

void write_text(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace

survey_spec sample_spec() {
    survey_spec s;
    s.seed = 20261023;
    s.departments = base_departments();
    return s;
}

survey_spec previous_spec() {
    survey_spec s;
    s.seed = 20241015;
    s.departments = base_departments();
    for (auto& d : s.departments) d.respondents = std::max(3, d.respondents * 5 / 6);
    s.level_shift = -0.3;
    s.date_prefix = "2024-10-";
    return s;
}

survey_spec bench_spec(int respondents) {
    survey_spec s = sample_spec();
    s.seed = 100000;
    int assigned = 0;
    for (std::size_t i = 0; i < s.departments.size(); ++i) {
        auto& d = s.departments[i];
        const int n = i + 1 == s.departments.size() ? respondents - assigned : respondents * d.respondents / 240;
        assigned += n;
        d.respondents = n;
        d.invited = n * 5 / 4;
    }
    return s;
}

survey_table generate(const survey_spec& spec) {
    const auto& info = maturity::pillars();
    survey_table t;
    std::vector<std::string> header{"Respondent", "Afdeling", "Ingevuld op"};
    for (int p = 0; p < maturity::pillar_count; ++p) {
        for (int q = 0; q < maturity::questions_per_pillar; ++q) {
            header.push_back(spec.long_headers ? std::string(info[p].name) + " " + std::to_string(q + 1) + " - " + info[p].questions[q]
                                               : std::string(info[p].code) + std::to_string(q + 1));
        }
        header.push_back(std::string("Toelichting ") + info[p].name);
    }
    t.rows.push_back(std::move(header));

    splitmix64 rng{spec.seed};
    // Respondent order: departments interleaved as responses arrive.
    std::vector<std::size_t> order;
    for (std::size_t d = 0; d < spec.departments.size(); ++d) {
        order.insert(order.end(), static_cast<std::size_t>(spec.departments[d].respondents), d);
    }
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);

    int number = 1001;
    for (std::size_t d : order) {
        const department_spec& dep = spec.departments[d];
        std::vector<std::string> row{std::to_string(number++), dep.name};
        const int day = 1 + static_cast<int>(rng.below(21));
        const int minute = static_cast<int>(rng.below(9 * 60));
        char date[32];
        std::snprintf(date, sizeof date, "%s%02d %02d:%02d", spec.date_prefix.c_str(), day, 8 + minute / 60, minute % 60);
        row.emplace_back(date);
        const double person = rng.noise(0.35);
        for (int p = 0; p < maturity::pillar_count; ++p) {
            const double dk = k_dont_know[p] + (dep.name == "ICT" || dep.name == "Financiën" ? 0.05 : 0.0);
            for (int q = 0; q < maturity::questions_per_pillar; ++q) {
                const double u = rng.uniform();
                if (u < 0.01) {
                    row.emplace_back();  // skipped question
                } else if (u < 0.01 + dk) {
                    row.emplace_back(k_labels[4]);
                } else {
                    const double v = dep.level + spec.level_shift + k_pillar_offset[p] + person + rng.noise(0.6);
                    const int a = std::clamp(static_cast<int>(std::lround(v)), 1, 4);
                    row.emplace_back(k_labels[a - 1]);
                }
            }
            if (rng.uniform() < spec.comment_rate) {
                row.emplace_back(k_comments[p][rng.below(4)]);
            } else {
                row.emplace_back();
            }
        }
        t.rows.push_back(std::move(row));
    }
    for (const auto& d : spec.departments) t.invitations.emplace_back(d.name, d.invited);
    return t;
}

void write_csv(const std::vector<std::vector<std::string>>& rows, const std::string& path) {
    std::ofstream out(path, std::ios::binary);
    out << "\xEF\xBB\xBF";
    for (const auto& r : rows) {
        for (std::size_t c = 0; c < r.size(); ++c) {
            if (c > 0) out << ';';
            out << csv_field(r[c]);
        }
        out << "\r\n";
    }
    if (!out) throw std::runtime_error("cannot write " + path);
}

void write_xlsx(const survey_table& table, const std::string& path, bool with_invitations) {
    const fs::path dir = fs::path(path).parent_path() / (fs::path(path).filename().string() + ".parts");
    fs::remove_all(dir);
    fs::create_directories(dir / "_rels");
    fs::create_directories(dir / "xl" / "_rels");
    fs::create_directories(dir / "xl" / "worksheets");
    const std::string main_ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const std::string rel_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    const std::string ws_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
    std::string types =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"" + ws_type + "\"/>";
    if (with_invitations) types += "<Override PartName=\"/xl/worksheets/sheet2.xml\" ContentType=\"" + ws_type + "\"/>";
    types += "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
             "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
             "</Types>";
    write_text(dir / "[Content_Types].xml", types);
    write_text(dir / "_rels" / ".rels",
               "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
               "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
               "<Relationship Id=\"rId1\" Type=\"" + rel_ns + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
    std::string wb = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook xmlns=\"" + main_ns +
                     "\" xmlns:r=\"" + rel_ns + "\"><sheets><sheet name=\"Antwoorden\" sheetId=\"1\" r:id=\"rId1\"/>";
    if (with_invitations) wb += "<sheet name=\"Uitnodigingen\" sheetId=\"2\" r:id=\"rId2\"/>";
    wb += "</sheets></workbook>";
    write_text(dir / "xl" / "workbook.xml", wb);
    std::string rels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                       "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                       "<Relationship Id=\"rId1\" Type=\"" + rel_ns + "/worksheet\" Target=\"worksheets/sheet1.xml\"/>";
    if (with_invitations) rels += "<Relationship Id=\"rId2\" Type=\"" + rel_ns + "/worksheet\" Target=\"worksheets/sheet2.xml\"/>";
    rels += "<Relationship Id=\"rId3\" Type=\"" + rel_ns + "/sharedStrings\" Target=\"sharedStrings.xml\"/>"
            "<Relationship Id=\"rId4\" Type=\"" + rel_ns + "/styles\" Target=\"styles.xml\"/></Relationships>";
    write_text(dir / "xl" / "_rels" / "workbook.xml.rels", rels);
    write_text(dir / "xl" / "styles.xml",
               "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<styleSheet xmlns=\"" + main_ns +
                   "\"><fonts count=\"1\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
                   "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
                   "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
                   "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
                   "<cellXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/></cellXfs>"
                   "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles></styleSheet>");
    shared_strings sst;
    write_sheet(table.rows, true, sst, dir / "xl" / "worksheets" / "sheet1.xml");
    if (with_invitations) {
        std::vector<std::vector<std::string>> inv{{"Afdeling", "Uitgenodigd"}};
        for (const auto& [name, n] : table.invitations) inv.push_back({name, std::to_string(n)});
        // Uitgenodigd as numeric cells, as a spreadsheet user would type them.
        std::ofstream out(dir / "xl" / "worksheets" / "sheet2.xml", std::ios::binary);
        out << "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"" << main_ns
            << "\"><sheetData>";
        for (std::size_t r = 0; r < inv.size(); ++r) {
            const std::string rn = std::to_string(r + 1);
            out << "<row r=\"" << rn << "\"><c r=\"A" << rn << "\" t=\"s\"><v>" << sst.add(inv[r][0]) << "</v></c>";
            if (r == 0) {
                out << "<c r=\"B1\" t=\"s\"><v>" << sst.add(inv[r][1]) << "</v></c>";
            } else {
                out << "<c r=\"B" << rn << "\"><v>" << inv[r][1] << "</v></c>";
            }
            out << "</row>";
        }
        out << "</sheetData></worksheet>";
    }
    {
        std::ofstream out(dir / "xl" / "sharedStrings.xml", std::ios::binary);
        out << "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sst xmlns=\"" << main_ns << "\" count=\""
            << sst.count << "\" uniqueCount=\"" << sst.list.size() << "\">";
        for (const std::string& s : sst.list) out << "<si><t>" << xml_escape(s) << "</t></si>";
        out << "</sst>";
        if (!out) throw std::runtime_error("cannot write shared strings");
    }
    // Fixed timestamps so the archive bytes do not depend on when it was made.
    const std::string abs = fs::absolute(path).string();
    fs::remove(abs);
    const std::string cmd = "cd '" + dir.string() +
                            "' && TZ=UTC find . -exec touch -d '2026-11-01 00:00:00' {} + && TZ=UTC zip -X -D -q '" + abs +
                            "' '[Content_Types].xml' _rels/.rels xl/workbook.xml xl/_rels/workbook.xml.rels xl/styles.xml "
                            "xl/sharedStrings.xml xl/worksheets/sheet1.xml" +
                            (with_invitations ? " xl/worksheets/sheet2.xml" : "");
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("zip failed for " + path + " (is the zip tool installed?)");
    fs::remove_all(dir);
}

}  // namespace kib::sample
