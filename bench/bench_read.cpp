// kib_bench_read — how fast kib reads a big survey workbook, against the inflate-only floor.
//
//   kib_bench_read generate ROWS OUT.xlsx   writes a survey-like workbook (deterministic)
//   kib_bench_read run [ROWS...]            generates, then times (default: 10000 100000 rows)
//
// "run" measures, in the same run and alternating, (a) the floor: `unzip -p FILE sheet
// sharedStrings > /dev/null`, which only inflates the two parts kib must read, and (b) kib
// opening the workbook and touching every cell value through for_each_row, in a child process
// (this program re-executed in its hidden "read" mode) so that its peak RSS is of the read alone.
// It prints figures, never a verdict: this is a program, not a test.
//
// The workbook is zipped with the zip command line tool, so that kib's package layer stays the
// only code of the project that handles ZIP archives through libzip.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "readers/error.hpp"
#include "readers/xlsx.hpp"
#include "readers/zip_codec.hpp"

namespace {

namespace fs = std::filesystem;

// The sheet: respondent id, department, date, 47 closed answers, 6 open answers = 56 columns.
constexpr int closed_columns = 47;
constexpr int open_columns = 6;
constexpr int total_columns = 3 + closed_columns + open_columns;
static_assert(total_columns == 56);

constexpr const char* sheet_part = "xl/worksheets/sheet1.xml";
constexpr const char* strings_part = "xl/sharedStrings.xml";

// splitmix64: a fixed seed gives the same workbook on every machine (std distributions do not).
struct rng {
    std::uint64_t state;
    std::uint64_t next() {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
};

const char* const answers[] = {"Niet / nooit", "Incidenteel", "Regelmatig", "Systematisch", "Weet ik niet"};

const char* const common_remarks[] = {"Geen opmerkingen", "n.v.t.", "Nee", "Zie vorig antwoord", "Geen",
                                      "Goed zo doorgaan!", "-"};

const char* const words[] = {
    "het", "team", "werkt", "goed", "samen", "maar", "de", "planning", "is", "vaak", "te", "krap", "voor",
    "programma", "project", "risico's", "worden", "niet", "altijd", "besproken", "in", "stuurgroep",
    "rapportage", "kost", "veel", "tijd", "en", "levert", "weinig", "op", "we", "missen", "een", "duidelijke",
    "opdrachtgever", "baten", "zijn", "onvoldoende", "zichtbaar", "meer", "aandacht", "nodig", "voor",
    "kwaliteit", "capaciteit", "prioriteiten", "wisselen", "per", "kwartaal", "afspraken", "vastgelegd",
    "dashboard", "KPI's", "bijgewerkt", "eigenaarschap", "ontbreekt", "soms", "lijn", "organisatie",
    "verwachtingen", "helder", "budget", "overschreden", "scope", "verandert", "tijdens", "uitvoering",
    "leveranciers", "contract", "beheer", "overdracht", "naar", "staande", "ervaring", "gedeeld",
    "lessen", "geleerd", "evaluatie", "achteraf", "mijlpalen", "gehaald", "vertraging", "door",
    "afhankelijkheden", "andere", "afdelingen", "portfolio", "keuzes", "onderbouwd", "financiën",
    "informatie", "beveiliging", "privacy", "AVG", "architectuur", "burgers", "klanten", "medewerkers",
    "tevreden", "werkdruk", "hoog", "ziekteverzuim", "opleiding", "coaching", "methodiek", "Prince2",
    "Agile", "scrum", "sprint", "backlog", "product", "owner", "gemeente", "provincie", "ministerie",
    "café", "ideeën", "coördinatie", "efficiënt", "één", "overleg", "&", "\"urgent\"", "<b>",
    "beter", "slechter", "sinds", "2024", "2025", "Q3", "50%", "ongeveer", "wekelijks", "maandelijks",
};

// Appends text escaped for XML character data.
void append_escaped(std::string& out, std::string_view s) {
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            default: out += c;
        }
    }
}

std::string column_letters(int col) {  // 1-based
    std::string s;
    while (col > 0) {
        const int r = (col - 1) % 26;
        s.insert(s.begin(), static_cast<char>('A' + r));
        col = (col - 1) / 26;
    }
    return s;
}

// Shared strings in order of first use, as Excel numbers them.
struct string_table {
    std::unordered_map<std::string, std::size_t> index;
    std::vector<const std::string*> order;
    std::uint64_t uses = 0;
    std::size_t id(const std::string& s) {
        ++uses;
        auto [it, fresh] = index.try_emplace(s, order.size());
        if (fresh) order.push_back(&it->first);
        return it->second;
    }
};

std::string open_answer(rng& r, std::uint64_t respondent, int column) {
    const std::size_t roll = r.below(100);
    if (roll < 40) return {};  // no answer: Excel writes no cell
    if (roll < 60) return common_remarks[r.below(std::size(common_remarks))];
    std::string s;
    const std::size_t n = 3 + r.below(5);
    for (std::size_t i = 0; i < n; ++i) {
        if (!s.empty()) s += ' ';
        s += words[r.below(std::size(words))];
    }
    s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    if (r.below(10) == 0) s += "\nVerder: " + std::string(words[r.below(std::size(words))]);
    // Now and then a reference to the respondent, as people sign their remarks.
    if (r.below(8) == 0) s += " (R" + std::to_string(respondent) + "-" + std::to_string(column) + ")";
    return s;
}

void write_file(const fs::path& path, std::string_view data) {
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

struct generated {
    std::uint64_t sheet_bytes = 0;
    std::uint64_t strings_bytes = 0;
    std::uint64_t cells = 0;  // non-empty cells, header row included
};

int run_command(const std::vector<std::string>& argv, const char* out_path);

// Writes the workbook's parts into dir, then zips them (deflate) into out.
generated generate(std::uint64_t rows, const fs::path& out) {
    const fs::path dir = out.string() + ".parts";
    fs::remove_all(dir);
    rng r{20261123};
    string_table strings;
    generated g;

    std::string sheet;
    sheet.reserve(static_cast<std::size_t>(rows) * 1900 + 4096);
    sheet +=
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
        "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" "
        "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" mc:Ignorable=\"x14ac xr xr2 xr3\" "
        "xmlns:x14ac=\"http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac\" "
        "xmlns:xr=\"http://schemas.microsoft.com/office/spreadsheetml/2014/revision\" "
        "xmlns:xr2=\"http://schemas.microsoft.com/office/spreadsheetml/2015/revision2\" "
        "xmlns:xr3=\"http://schemas.microsoft.com/office/spreadsheetml/2016/revision3\" "
        "xr:uid=\"{6F0B4C4A-1D2E-4B8A-9C3F-0A1B2C3D4E5F}\">";
    const std::string letters_last = column_letters(total_columns);
    sheet += "<dimension ref=\"A1:" + letters_last + std::to_string(rows + 1) + "\"/>";
    sheet +=
        "<sheetViews><sheetView tabSelected=\"1\" workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" "
        "activePane=\"bottomLeft\" state=\"frozen\"/><selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/>"
        "</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\" x14ac:dyDescent=\"0.25\"/>"
        "<cols><col min=\"1\" max=\"1\" width=\"12.7109375\" customWidth=\"1\"/><col min=\"3\" max=\"3\" "
        "width=\"10.7109375\" style=\"1\" customWidth=\"1\"/></cols><sheetData>";

    std::vector<std::string> letters(total_columns + 1);
    for (int c = 1; c <= total_columns; ++c) letters[c] = column_letters(c);
    const std::string spans = "1:" + std::to_string(total_columns);

    auto text_cell = [&](int c, const std::string& row_text, const std::string& value) {
        sheet += "<c r=\"";
        sheet += letters[c];
        sheet += row_text;
        sheet += "\" t=\"s\"><v>";
        sheet += std::to_string(strings.id(value));
        sheet += "</v></c>";
        ++g.cells;
    };
    auto number_cell = [&](int c, const std::string& row_text, std::uint64_t value, bool date) {
        sheet += "<c r=\"";
        sheet += letters[c];
        sheet += row_text;
        sheet += date ? "\" s=\"1\"><v>" : "\"><v>";
        sheet += std::to_string(value);
        sheet += "</v></c>";
        ++g.cells;
    };

    // Header row.
    sheet += "<row r=\"1\" spans=\"" + spans + "\" x14ac:dyDescent=\"0.25\">";
    text_cell(1, "1", "Respondent");
    text_cell(2, "1", "Afdeling");
    text_cell(3, "1", "Datum");
    for (int q = 1; q <= closed_columns; ++q) text_cell(3 + q, "1", "Vraag " + std::to_string(q));
    for (int q = 1; q <= open_columns; ++q) text_cell(3 + closed_columns + q, "1", "Toelichting " + std::to_string(q));
    sheet += "</row>";

    for (std::uint64_t i = 0; i < rows; ++i) {
        const std::string row_text = std::to_string(i + 2);
        sheet += "<row r=\"" + row_text + "\" spans=\"" + spans + "\" x14ac:dyDescent=\"0.25\">";
        number_cell(1, row_text, 100001 + i, false);
        text_cell(2, row_text, "Afdeling " + std::to_string(1 + r.below(24)));
        number_cell(3, row_text, 46023 + r.below(330), true);  // a day in 2026
        // Respondents answer consistently: a per-respondent tendency plus noise.
        const std::size_t tendency = r.below(4);
        for (int q = 1; q <= closed_columns; ++q) {
            const std::size_t roll = r.below(10);
            std::size_t a = roll < 6 ? tendency : roll < 9 ? std::min<std::size_t>(3, tendency + r.below(2)) : 4;
            text_cell(3 + q, row_text, answers[a]);
        }
        for (int q = 1; q <= open_columns; ++q) {
            const std::string a = open_answer(r, 100001 + i, q);
            if (!a.empty()) text_cell(3 + closed_columns + q, row_text, a);
        }
        sheet += "</row>";
    }
    sheet +=
        "</sheetData><pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" "
        "footer=\"0.3\"/></worksheet>";
    write_file(dir / sheet_part, sheet);
    g.sheet_bytes = sheet.size();
    sheet.clear();
    sheet.shrink_to_fit();

    std::string sst;
    sst +=
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"
        "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"" +
        std::to_string(strings.uses) + "\" uniqueCount=\"" + std::to_string(strings.order.size()) + "\">";
    for (const std::string* s : strings.order) {
        const bool preserve = s->find('\n') != std::string::npos || s->front() == ' ' || s->back() == ' ';
        sst += preserve ? "<si><t xml:space=\"preserve\">" : "<si><t>";
        append_escaped(sst, *s);
        sst += "</t></si>";
    }
    sst += "</sst>";
    write_file(dir / strings_part, sst);
    g.strings_bytes = sst.size();

    write_file(dir / "[Content_Types].xml",
               "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"
               "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
               "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
               "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
               "<Override PartName=\"/xl/workbook.xml\" "
               "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
               "<Override PartName=\"/xl/worksheets/sheet1.xml\" "
               "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
               "<Override PartName=\"/xl/styles.xml\" "
               "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
               "<Override PartName=\"/xl/sharedStrings.xml\" "
               "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
               "</Types>");
    write_file(dir / "_rels/.rels",
               "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"
               "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
               "<Relationship Id=\"rId1\" "
               "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
               "Target=\"xl/workbook.xml\"/></Relationships>");
    write_file(dir / "xl/workbook.xml",
               "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"
               "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
               "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
               "<bookViews><workbookView xWindow=\"0\" yWindow=\"0\" windowWidth=\"28800\" windowHeight=\"12300\"/>"
               "</bookViews><sheets><sheet name=\"Antwoorden\" sheetId=\"1\" r:id=\"rId1\"/></sheets>"
               "<calcPr calcId=\"191029\"/></workbook>");
    write_file(dir / "xl/_rels/workbook.xml.rels",
               "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"
               "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
               "<Relationship Id=\"rId3\" "
               "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
               "Target=\"styles.xml\"/>"
               "<Relationship Id=\"rId4\" "
               "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" "
               "Target=\"sharedStrings.xml\"/>"
               "<Relationship Id=\"rId1\" "
               "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
               "Target=\"worksheets/sheet1.xml\"/></Relationships>");
    write_file(dir / "xl/styles.xml",
               "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"
               "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
               "<fonts count=\"1\"><font><sz val=\"11\"/><color theme=\"1\"/><name val=\"Calibri\"/><family val=\"2\"/>"
               "<scheme val=\"minor\"/></font></fonts>"
               "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill "
               "patternType=\"gray125\"/></fill></fills>"
               "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
               "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
               "<cellXfs count=\"2\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
               "<xf numFmtId=\"14\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
               "</cellXfs><cellStyles count=\"1\"><cellStyle name=\"Standaard\" xfId=\"0\" builtinId=\"0\"/>"
               "</cellStyles></styleSheet>");

    fs::remove(out);
    const fs::path abs_out = fs::absolute(out);
    // Fixed timestamps, so that the same ROWS gives the same archive bytes.
    // -X: no extra attributes; -D: no directory entries; -nw: "[Content_Types].xml" is not a wildcard.
    const std::vector<std::string> zip_argv = {"sh", "-c",
                                               "cd '" + dir.string() +
                                                   "' && find . -type f -exec touch -d 2026-11-23T00:00:00Z {} + && TZ=UTC exec zip -q -X -D -nw -6 '" + abs_out.string() +
                                                   "' '[Content_Types].xml' _rels/.rels xl/workbook.xml "
                                                   "xl/_rels/workbook.xml.rels xl/styles.xml xl/sharedStrings.xml "
                                                   "xl/worksheets/sheet1.xml"};
    if (run_command(zip_argv, nullptr) != 0) throw std::runtime_error("zip failed (is the zip command installed?)");
    fs::remove_all(dir);
    return g;
}

// ---- measuring -----------------------------------------------------------------------------

struct child_result {
    int status = -1;
    double seconds = 0;
    double peak_mb = 0;
    std::string output;
};

// Runs argv as a child; stdout goes to out_path (nullptr: /dev/null) or is captured.
child_result run_child(const std::vector<std::string>& argv, bool capture) {
    int fds[2] = {-1, -1};
    if (capture && pipe(fds) != 0) throw std::runtime_error("pipe failed");
    const auto start = std::chrono::steady_clock::now();
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        if (capture) {
            dup2(fds[1], 1);
            close(fds[0]);
            close(fds[1]);
        } else {
            const int devnull = open("/dev/null", O_WRONLY);
            dup2(devnull, 1);
            close(devnull);
        }
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        execvp(args[0], args.data());
        _exit(127);
    }
    child_result res;
    if (capture) {
        close(fds[1]);
        char buf[4096];
        for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;) res.output.append(buf, static_cast<std::size_t>(n));
        close(fds[0]);
    }
    struct rusage ru {};
    int status = 0;
    if (wait4(pid, &status, 0, &ru) < 0) throw std::runtime_error("wait4 failed");
    res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    res.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    res.peak_mb = static_cast<double>(ru.ru_maxrss) / 1024.0;  // Linux reports KiB
    return res;
}

int run_command(const std::vector<std::string>& argv, const char*) { return run_child(argv, false).status; }

// The 1-minute load average: figures taken on a busy machine say so next to them.
std::string load_average() {
    std::ifstream in("/proc/loadavg");
    std::string one;
    in >> one;
    return one.empty() ? "?" : one;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// The hidden "read" mode: open, stream every row, touch every value; print what was seen.
int read_mode(const std::string& path) {
    const kib::workbook wb = kib::workbook::open(path);
    const kib::sheet_info& sheet = wb.sheets().front();
    std::uint64_t cells = 0, text_bytes = 0;
    double numbers = 0;
    const kib::sheet_summary sum = wb.for_each_row(sheet, [&](const kib::row& r) {
        for (const kib::cell& c : r.cells) {
            ++cells;
            switch (c.value.type) {
                case kib::cell_type::text: text_bytes += c.value.text.size(); break;
                case kib::cell_type::number:
                case kib::cell_type::date: numbers += c.value.number; break;
                default: break;
            }
        }
    });
    std::printf("%llu %llu %.0f %u\n", static_cast<unsigned long long>(cells),
                static_cast<unsigned long long>(text_bytes), numbers, sum.rows_with_values);
    return 0;
}

int run_mode(std::vector<std::uint64_t> sizes) {
    if (sizes.empty()) sizes = {10000, 100000};
    char tmpl[] = "/tmp/kib_bench_XXXXXX";
    if (!mkdtemp(tmpl)) throw std::runtime_error("cannot create a temporary folder");
    const fs::path tmp = tmpl;
    const std::string self = fs::read_symlink("/proc/self/exe").string();
    // KIB_BENCH_RUNS: fewer paired runs on a shared machine (default 5).
    const char* runs_env = std::getenv("KIB_BENCH_RUNS");
    const int reps = runs_env && std::atoi(runs_env) > 0 ? std::atoi(runs_env) : 5;
    const std::string load_before = load_average();

    struct line {
        std::uint64_t rows, cells;
        double sheet_mb, strings_mb, floor_s, kib_s, ratio, peak_mb;
    };
    std::vector<line> lines;
    for (const std::uint64_t rows : sizes) {
        const fs::path file = tmp / ("survey_" + std::to_string(rows) + ".xlsx");
        std::fprintf(stderr, "generating %llu rows ...\n", static_cast<unsigned long long>(rows));
        // In a child too: this process must stay small, because a child's ru_maxrss starts from
        // the resident size of the parent it was forked from.
        const child_result gen = run_child({self, "generate", std::to_string(rows), file.string()}, true);
        generated g;
        const std::size_t colon = gen.output.rfind(": ");
        unsigned long long total_cells = 0, sheet_bytes = 0, strings_bytes = 0;
        if (gen.status != 0 || colon == std::string::npos ||
            std::sscanf(gen.output.c_str() + colon + 2, "%llu cells, sheet XML %llu bytes (%*f MB), shared strings %llu",
                        &total_cells, &sheet_bytes, &strings_bytes) != 3)
            throw std::runtime_error("generating the workbook failed");
        g.cells = total_cells;
        g.sheet_bytes = sheet_bytes;
        g.strings_bytes = strings_bytes;
        const std::vector<std::string> floor_argv = {"unzip", "-p", file.string(), sheet_part, strings_part};
        const std::vector<std::string> kib_argv = {self, "read", file.string()};
        // One warm-up of each (page cache), then alternate so that drift hits both alike.
        run_child(floor_argv, false);
        run_child(kib_argv, true);
        std::vector<double> floor_s, kib_s, ratios, peaks;
        for (int i = 0; i < reps; ++i) {
            const child_result f = run_child(floor_argv, false);
            if (f.status != 0) throw std::runtime_error("unzip failed (is the unzip command installed?)");
            const child_result k = run_child(kib_argv, true);
            if (k.status != 0) throw std::runtime_error("kib read failed with status " + std::to_string(k.status));
            unsigned long long cells = 0;
            std::sscanf(k.output.c_str(), "%llu", &cells);
            if (cells != g.cells)
                throw std::runtime_error("kib read " + std::to_string(cells) + " cells, the file has " +
                                         std::to_string(g.cells));
            floor_s.push_back(f.seconds);
            kib_s.push_back(k.seconds);
            ratios.push_back(k.seconds / f.seconds);
            peaks.push_back(k.peak_mb);
            std::fprintf(stderr, "  run %d: floor %.3f s, kib %.3f s, peak %.1f MB\n", i + 1, f.seconds, k.seconds,
                         k.peak_mb);
        }
        lines.push_back({rows, g.cells, static_cast<double>(g.sheet_bytes) / 1e6,
                         static_cast<double>(g.strings_bytes) / 1e6, median(floor_s), median(kib_s), median(ratios),
                         *std::max_element(peaks.begin(), peaks.end())});
        fs::remove(file);
    }
    fs::remove_all(tmp);

    std::printf("kib_bench_read: %d runs each, medians; MB = 10^6 bytes; ratio = kib / floor, paired runs\n", reps);
    std::printf("machine: %ld cores, load average %s before, %s after\n", sysconf(_SC_NPROCESSORS_ONLN),
                load_before.c_str(), load_average().c_str());
    std::printf("kib inflates with %s; the floor is Info-ZIP unzip's own inflate; target (issue 20): ratio <= 0.5\n",
                kib::zip_codec::name().c_str());
    std::printf("%8s %9s %9s %7s %10s %8s %8s %8s %8s %6s\n", "rows", "cells", "sheet_MB", "sst_MB", "cells/s", "MB/s",
                "peak_MB", "floor_s", "kib_s", "ratio");
    for (const line& l : lines) {
        std::printf("%8llu %9llu %9.1f %7.1f %9.2fM %8.1f %8.1f %8.3f %8.3f %6.2f\n",
                    static_cast<unsigned long long>(l.rows), static_cast<unsigned long long>(l.cells), l.sheet_mb,
                    l.strings_mb, static_cast<double>(l.cells) / l.kib_s / 1e6, l.sheet_mb / l.kib_s, l.peak_mb,
                    l.floor_s, l.kib_s, l.ratio);
    }
    return 0;
}

std::uint64_t parse_rows(const char* s) {
    char* end = nullptr;
    const unsigned long long v = std::strtoull(s, &end, 10);
    if (!end || *end || v == 0) throw std::runtime_error(std::string("not a row count: ") + s);
    return v;
}

int usage() {
    std::fprintf(stderr,
                 "usage: kib_bench_read generate ROWS OUT.xlsx\n"
                 "       kib_bench_read run [ROWS...]   (default: 10000 100000)\n");
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        if (argc < 2) return usage();
        const std::string mode = argv[1];
        if (mode == "generate" && argc == 4) {
            const generated g = generate(parse_rows(argv[2]), argv[3]);
            std::printf("%s: %llu cells, sheet XML %llu bytes (%.1f MB), shared strings %llu bytes (%.1f MB)\n", argv[3],
                        static_cast<unsigned long long>(g.cells), static_cast<unsigned long long>(g.sheet_bytes),
                        static_cast<double>(g.sheet_bytes) / 1e6, static_cast<unsigned long long>(g.strings_bytes),
                        static_cast<double>(g.strings_bytes) / 1e6);
            return 0;
        }
        if (mode == "read" && argc == 3) return read_mode(argv[2]);
        if (mode == "run") {
            std::vector<std::uint64_t> sizes;
            for (int i = 2; i < argc; ++i) sizes.push_back(parse_rows(argv[i]));
            return run_mode(sizes);
        }
        return usage();
    } catch (const kib::error& e) {
        std::fprintf(stderr, "kib_bench_read: %s\n", e.what());
        return e.exit_code();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "kib_bench_read: %s\n", e.what());
        return 1;
    }
}
