// kib_bench_set — how long `kib set` takes to change 50 cells in a ~30 MB workbook with a chart,
// next to what a zlib-based editor cannot avoid, measured in the same run:
//   floor  `unzip -p FILE PARTS | gzip -6 > /dev/null` over the parts the edit touches: inflating
//          and deflating them with zlib, no parsing at all (issue 20: edit <= 0.5 x floor)
//   copy   copying the file (and flushing it to disk, as the editor does)
//   parts  inflating, parsing, serialising and deflating just the parts the edit touches
// (issue 9: edit <= 1.5 x (copy + parts)). The edit runs in a child process, so its peak RSS is
// its own; the size of each rewritten part is set against its size in the source (zlib level 6).
// Prints figures and which codec this build uses; asserts nothing.
//
// Usage: kib_bench_set [FOLDER]   (default: a fresh folder under /tmp; ~90 MB of scratch space)
// KIB_BENCH_RUNS: runs per scenario (default 3).
#include <pugixml.hpp>
#include <zip.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fcntl.h>
#include <map>
#include <sys/resource.h>
#include <sys/wait.h>
#include <random>
#include <set>
#include <string>
#include <unistd.h>
#include <vector>

#include "readers/package.hpp"
#include "readers/xlsx_parts.hpp"
#include "readers/zip_codec.hpp"
#include "writers/xlsx_edit.hpp"

namespace fs = std::filesystem;

namespace {

using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point t0) {
    return std::chrono::duration<double>(clock_type::now() - t0).count();
}

// CPU seconds (user + system) this process has used; on a shared, busy machine this is steadier
// than wall time, so both are printed.
double cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

struct timing {
    double wall = 0, cpu = 0;
};

struct stopwatch {
    clock_type::time_point t0 = clock_type::now();
    double c0 = cpu_seconds();
    timing stop() const { return {seconds_since(t0), cpu_seconds() - c0}; }
};

void add_part(zip_t* z, const std::string& name, const std::string& bytes, std::vector<std::string>& keep) {
    keep.push_back(bytes);
    zip_source_t* s = zip_source_buffer(z, keep.back().data(), keep.back().size(), 0);
    const zip_int64_t i = zip_file_add(z, name.c_str(), s, ZIP_FL_ENC_UTF_8);
    if (i < 0) {
        std::fprintf(stderr, "cannot add %s\n", name.c_str());
        std::exit(1);
    }
    zip_set_file_compression(z, static_cast<zip_uint64_t>(i), ZIP_CM_DEFLATE, 6);  // as the package writer does
}

const char* decl = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n";
const char* main_ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const char* rel_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const char* rel_type = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

// Writes the benchmark workbook: a small KPI sheet with formulas and a bar chart, and a large
// numeric Data sheet (rows chosen so the file is about 30 MB).
void make_workbook(const std::string& path, std::uint32_t data_rows) {
    std::vector<std::string> keep;
    keep.reserve(32);
    int err = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
    std::string ct = std::string(decl) +
                     "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                     "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                     "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                     "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                     "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
                     "<Override PartName=\"/xl/worksheets/sheet2.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
                     "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
                     "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
                     "<Override PartName=\"/xl/calcChain.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml\"/>"
                     "<Override PartName=\"/xl/drawings/drawing1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.drawing+xml\"/>"
                     "<Override PartName=\"/xl/charts/chart1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.drawingml.chart+xml\"/>"
                     "</Types>";
    add_part(z, "[Content_Types].xml", ct, keep);
    add_part(z, "_rels/.rels",
             std::string(decl) + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                                 "<Relationship Id=\"rId1\" Type=\"" + rel_type + "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>",
             keep);
    add_part(z, "xl/workbook.xml",
             std::string(decl) + "<workbook xmlns=\"" + main_ns + "\" xmlns:r=\"" + rel_ns +
                 "\"><sheets><sheet name=\"KPI\" sheetId=\"1\" r:id=\"rId1\"/><sheet name=\"Data\" sheetId=\"2\" r:id=\"rId2\"/></sheets>"
                 "<calcPr calcId=\"191029\"/></workbook>",
             keep);
    add_part(z, "xl/_rels/workbook.xml.rels",
             std::string(decl) + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                 "<Relationship Id=\"rId1\" Type=\"" + rel_type + "worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                 "<Relationship Id=\"rId2\" Type=\"" + rel_type + "worksheet\" Target=\"worksheets/sheet2.xml\"/>"
                 "<Relationship Id=\"rId3\" Type=\"" + rel_type + "styles\" Target=\"styles.xml\"/>"
                 "<Relationship Id=\"rId4\" Type=\"" + rel_type + "sharedStrings\" Target=\"sharedStrings.xml\"/>"
                 "<Relationship Id=\"rId5\" Type=\"" + rel_type + "calcChain\" Target=\"calcChain.xml\"/></Relationships>",
             keep);
    add_part(z, "xl/styles.xml",
             std::string(decl) + "<styleSheet xmlns=\"" + main_ns + "\"><fonts count=\"1\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
                 "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
                 "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
                 "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
                 "<cellXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/></cellXfs></styleSheet>",
             keep);
    add_part(z, "xl/sharedStrings.xml",
             std::string(decl) + "<sst xmlns=\"" + main_ns + "\" count=\"5\" uniqueCount=\"5\"><si><t>Maand</t></si><si><t>Doel</t></si>"
                 "<si><t>Gemeten</t></si><si><t>Vorig jaar</t></si><si><t>Totaal</t></si></sst>",
             keep);
    std::string kpi = std::string(decl) + "<worksheet xmlns=\"" + main_ns + "\" xmlns:r=\"" + rel_ns +
                      "\"><dimension ref=\"A1:F61\"/><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
                      "<c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c><c r=\"F1\" t=\"s\"><v>4</v></c></row>";
    std::string chain = std::string(decl) + "<calcChain xmlns=\"" + main_ns + "\">";
    for (int r = 2; r <= 61; ++r) {
        const std::string n = std::to_string(r);
        kpi += "<row r=\"" + n + "\"><c r=\"A" + n + "\"><v>" + n + "</v></c><c r=\"B" + n + "\"><v>" + std::to_string(r * 3) +
               "</v></c><c r=\"C" + n + "\"><v>" + std::to_string(r * 2) + "</v></c><c r=\"D" + n + "\"><v>" +
               std::to_string(r) + "</v></c><c r=\"F" + n + "\"><f>SUM(B" + n + ":D" + n + ")</f><v>" + std::to_string(r * 6) +
               "</v></c></row>";
        chain += "<c r=\"F" + n + "\" i=\"1\"/>";
    }
    kpi += "</sheetData><drawing r:id=\"rId1\"/></worksheet>";
    chain += "</calcChain>";
    add_part(z, "xl/worksheets/sheet1.xml", kpi, keep);
    add_part(z, "xl/calcChain.xml", chain, keep);
    add_part(z, "xl/worksheets/_rels/sheet1.xml.rels",
             std::string(decl) + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                 "<Relationship Id=\"rId1\" Type=\"" + rel_type + "drawing\" Target=\"../drawings/drawing1.xml\"/></Relationships>",
             keep);
    add_part(z, "xl/drawings/drawing1.xml",
             std::string(decl) + "<xdr:wsDr xmlns:xdr=\"http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing\" "
                 "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\"><xdr:twoCellAnchor><xdr:from><xdr:col>7</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>"
                 "<xdr:to><xdr:col>15</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>20</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:graphicFrame macro=\"\">"
                 "<xdr:nvGraphicFramePr><xdr:cNvPr id=\"2\" name=\"Grafiek 1\"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>"
                 "<xdr:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"0\" cy=\"0\"/></xdr:xfrm><a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/chart\">"
                 "<c:chart xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" xmlns:r=\"" + rel_ns + "\" r:id=\"rId1\"/></a:graphicData></a:graphic>"
                 "</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>",
             keep);
    add_part(z, "xl/drawings/_rels/drawing1.xml.rels",
             std::string(decl) + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                 "<Relationship Id=\"rId1\" Type=\"" + rel_type + "chart\" Target=\"../charts/chart1.xml\"/></Relationships>",
             keep);
    add_part(z, "xl/charts/chart1.xml",
             std::string(decl) + "<c:chartSpace xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" "
                 "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\"><c:chart><c:plotArea><c:barChart><c:barDir val=\"col\"/>"
                 "<c:grouping val=\"clustered\"/><c:ser><c:idx val=\"0\"/><c:order val=\"0\"/><c:val><c:numRef><c:f>KPI!$B$2:$B$13</c:f></c:numRef></c:val></c:ser>"
                 "<c:axId val=\"1\"/><c:axId val=\"2\"/></c:barChart><c:catAx><c:axId val=\"1\"/><c:scaling/><c:axPos val=\"b\"/><c:crossAx val=\"2\"/></c:catAx>"
                 "<c:valAx><c:axId val=\"2\"/><c:scaling/><c:axPos val=\"l\"/><c:crossAx val=\"1\"/></c:valAx></c:plotArea></c:chart></c:chartSpace>",
             keep);
    std::mt19937_64 rng(20261123);
    std::uniform_int_distribution<int> cents(0, 99999999);
    std::string data = std::string(decl) + "<worksheet xmlns=\"" + main_ns + "\"><dimension ref=\"A1:H" + std::to_string(data_rows) + "\"/><sheetData>";
    data.reserve(static_cast<std::size_t>(data_rows) * 300);
    for (std::uint32_t r = 1; r <= data_rows; ++r) {
        const std::string n = std::to_string(r);
        data += "<row r=\"" + n + "\">";
        for (std::uint32_t c = 1; c <= 8; ++c) {
            const int v = cents(rng);
            data += "<c r=\"" + kib::xlsx::column_name(c) + n + "\"><v>" + std::to_string(v / 100) + "." +
                    std::to_string(v % 100) + "</v></c>";
        }
        data += "</row>";
    }
    data += "</sheetData></worksheet>";
    add_part(z, "xl/worksheets/sheet2.xml", data, keep);
    if (zip_close(z) != 0) {
        std::fprintf(stderr, "cannot write %s\n", path.c_str());
        std::exit(1);
    }
}

void fsync_file(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

timing time_copy(const std::string& from, const std::string& to) {
    const stopwatch w;
    fs::copy_file(from, to, fs::copy_options::overwrite_existing);
    fsync_file(to);
    return w.stop();
}

// The parts whose stored bytes differ between two archives (changed, added or removed).
std::vector<std::string> touched_parts(const std::string& a, const std::string& b) {
    auto crcs = [](const std::string& path) {
        std::map<std::string, std::uint32_t> out;
        int err = 0;
        zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &err);
        const zip_int64_t n = zip_get_num_entries(z, 0);
        for (zip_int64_t i = 0; i < n; ++i) {
            zip_stat_t st;
            zip_stat_index(z, static_cast<zip_uint64_t>(i), 0, &st);
            out[st.name] = st.crc;
        }
        zip_discard(z);
        return out;
    };
    const auto ca = crcs(a), cb = crcs(b);
    std::vector<std::string> out;
    for (auto& [name, crc] : ca)
        if (!cb.count(name) || cb.at(name) != crc) out.push_back(name);
    return out;
}

// Inflate + parse + serialise + deflate (into a ZIP on disk) of the given parts.
timing time_parts(const std::string& source, const std::vector<std::string>& parts, const std::string& out_path) {
    const stopwatch w;
    kib::package pkg = kib::package::open(source);
    std::vector<std::string> keep;
    keep.reserve(parts.size());
    int err = 0;
    zip_t* z = zip_open(out_path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
    for (const std::string& p : parts) {
        if (!pkg.find(p)) continue;
        const std::string bytes = pkg.read(p);
        pugi::xml_document doc;
        doc.load_buffer(bytes.data(), bytes.size(), pugi::parse_default | pugi::parse_declaration | pugi::parse_ws_pcdata);
        struct string_sink : pugi::xml_writer {
            std::string s;
            void write(const void* d, std::size_t n) override { s.append(static_cast<const char*>(d), n); }
        } writer;
        doc.save(writer, "", pugi::format_raw | pugi::format_no_declaration);
        add_part(z, p, writer.s, keep);
    }
    zip_close(z);
    fsync_file(out_path);
    return w.stop();
}

struct edit_figures {
    timing t;
    double peak_mb = 0;
    std::vector<std::string> touched;
};

void edit(const std::string& source, const std::string& target, const std::string& sheet, std::uint32_t first_row,
          std::uint32_t step) {
    kib::workbook_editor ed = kib::workbook_editor::open(source);
    std::vector<std::string> refs;  // named first, as `kib set` does, so a big sheet is read once
    for (std::uint32_t i = 0; i < 50; ++i) refs.push_back(kib::xlsx::cell_ref(2 + i % 3, first_row + i * step));
    ed.prefetch(sheet, refs);
    for (std::uint32_t i = 0; i < 50; ++i) {
        const std::uint32_t row = first_row + i * step;
        const std::string ref = kib::xlsx::cell_ref(2 + i % 3, row);
        if (i % 10 == 9) ed.set(sheet, ref, kib::cell_value::make_text("gewijzigd " + std::to_string(i)));
        else ed.set(sheet, ref, kib::cell_value::make_number(1000.5 + i));
    }
    ed.save(target);
}

// The edit in a forked child: wall time, CPU (all its threads) and peak RSS from wait4. The parent
// holds nothing large when it forks (the generator's strings are freed), so the child's ru_maxrss
// is the edit's own.
edit_figures time_edit(const std::string& source, const std::string& target, const std::string& sheet,
                       std::uint32_t first_row, std::uint32_t step) {
    std::fflush(nullptr);
    const clock_type::time_point t0 = clock_type::now();
    const pid_t pid = ::fork();
    if (pid == 0) {
        try {
            edit(source, target, sheet, first_row, step);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "edit failed: %s\n", e.what());
            ::_exit(1);
        }
        ::_exit(0);
    }
    int status = 0;
    rusage ru{};
    if (pid < 0 || ::wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::fprintf(stderr, "the edit did not succeed\n");
        std::exit(1);
    }
    edit_figures f;
    f.t.wall = seconds_since(t0);
    auto secs = [](const timeval& tv) { return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6; };
    f.t.cpu = secs(ru.ru_utime) + secs(ru.ru_stime);
    f.peak_mb = static_cast<double>(ru.ru_maxrss) / 1024.0;  // Linux reports KiB
    f.touched = touched_parts(source, target);
    return f;
}

// What a zlib-based editor cannot avoid: inflate and deflate (level 6) the touched parts.
timing time_floor(const std::string& source, const std::vector<std::string>& parts) {
    std::string cmd = "unzip -p '" + source + "'";
    for (std::string p : parts) {
        // unzip takes names as wildcard patterns: "[Content_Types].xml" must be written "[[]Content_Types].xml".
        for (std::size_t at = 0; (at = p.find('[', at)) != std::string::npos; at += 3) p.replace(at, 1, "[[]");
        cmd += " '" + p + "'";
    }
    cmd += " | gzip -6 > /dev/null";
    rusage before{}, after{};
    getrusage(RUSAGE_CHILDREN, &before);
    const clock_type::time_point t0 = clock_type::now();
    if (std::system(cmd.c_str()) != 0) {
        std::fprintf(stderr, "the floor command failed (are unzip and gzip installed?): %s\n", cmd.c_str());
        std::exit(1);
    }
    timing t;
    t.wall = seconds_since(t0);
    getrusage(RUSAGE_CHILDREN, &after);
    auto secs = [](const timeval& tv) { return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6; };
    t.cpu = secs(after.ru_utime) + secs(after.ru_stime) - secs(before.ru_utime) - secs(before.ru_stime);
    return t;
}

// Compressed size of each entry.
std::map<std::string, std::uint64_t> compressed_sizes(const std::string& path) {
    std::map<std::string, std::uint64_t> out;
    int err = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &err);
    const zip_int64_t n = z ? zip_get_num_entries(z, 0) : 0;
    for (zip_int64_t i = 0; i < n; ++i) {
        zip_stat_t st;
        if (zip_stat_index(z, static_cast<zip_uint64_t>(i), 0, &st) == 0) out[st.name] = st.comp_size;
    }
    if (z) zip_discard(z);
    return out;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    fs::path dir = argc > 1 ? fs::path(argv[1]) : fs::temp_directory_path() / ("kib_bench_set_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const std::string src = (dir / "kpi-30mb.xlsx").string();
    const std::uint32_t data_rows = 450000;
    make_workbook(src, data_rows);
    std::printf("workbook: %s, %.1f MB (KPI sheet with a bar chart, Data sheet %u x 8 numbers)\n", src.c_str(),
                static_cast<double>(fs::file_size(src)) / 1e6, data_rows);

    struct scenario {
        const char* label;
        const char* sheet;
        std::uint32_t first_row, step;
    } scenarios[] = {{"50 cells on the KPI sheet (small sheet, chart)", "KPI", 2, 1},
                     {"50 cells on the Data sheet (the 30 MB sheet)", "Data", 100, 8900}};
    const char* runs_env = std::getenv("KIB_BENCH_RUNS");
    const int runs = runs_env && std::atoi(runs_env) > 0 ? std::atoi(runs_env) : 3;
    std::printf("kib deflates and inflates with %s; floor = unzip -p FILE TOUCHED_PARTS | gzip -6 > /dev/null\n",
                kib::zip_codec::name().c_str());
    for (const scenario& s : scenarios) {
        std::vector<double> edit_w, copy_w, parts_w, floor_w, edit_c, copy_c, parts_c, floor_c, ratio_floor, peak;
        std::vector<std::string> touched;
        for (int run = 0; run < runs; ++run) {
            const edit_figures e = time_edit(src, (dir / "edited.xlsx").string(), s.sheet, s.first_row, s.step);
            edit_w.push_back(e.t.wall);
            edit_c.push_back(e.t.cpu);
            peak.push_back(e.peak_mb);
            touched = e.touched;
            std::vector<std::string> in_source;  // touched parts the floor can inflate (not added ones)
            const auto source_sizes = compressed_sizes(src);
            for (const std::string& t : touched)
                if (source_sizes.count(t)) in_source.push_back(t);
            const timing f = time_floor(src, in_source);
            floor_w.push_back(f.wall);
            floor_c.push_back(f.cpu);
            ratio_floor.push_back(e.t.wall / f.wall);
            const timing c = time_copy(src, (dir / "copy.xlsx").string());
            copy_w.push_back(c.wall);
            copy_c.push_back(c.cpu);
            const timing p = time_parts(src, touched, (dir / "parts.zip").string());
            parts_w.push_back(p.wall);
            parts_c.push_back(p.cpu);
        }
        std::printf("\n%s (median of %d runs)\n", s.label, runs);
        std::printf("  touched parts:        ");
        for (const std::string& t : touched) std::printf("%s ", t.c_str());
        std::printf("\n                          wall s    cpu s\n");
        std::printf("  kib edit + save:      %8.3f %8.3f   peak RSS %.1f MB\n", median(edit_w), median(edit_c),
                    *std::max_element(peak.begin(), peak.end()));
        std::printf("  floor unzip|gzip -6:  %8.3f %8.3f\n", median(floor_w), median(floor_c));
        std::printf("  copy file + fsync:    %8.3f %8.3f\n", median(copy_w), median(copy_c));
        std::printf("  parse + write parts:  %8.3f %8.3f\n", median(parts_w), median(parts_c));
        std::printf("  ratio edit / floor: wall %.2f (median of paired runs; target <= 0.5)\n", median(ratio_floor));
        std::printf("  ratio edit / (copy + parts): wall %.2f, cpu %.2f (target <= 1.5)\n",
                    median(edit_w) / (median(copy_w) + median(parts_w)), median(edit_c) / (median(copy_c) + median(parts_c)));
        // The largest rewritten part, as kib deflated it, against zlib level 6 in the source.
        const auto before = compressed_sizes(src), after = compressed_sizes((dir / "edited.xlsx").string());
        std::string largest;
        for (const std::string& t : touched)
            if (before.count(t) && after.count(t) && (largest.empty() || before.at(t) > before.at(largest))) largest = t;
        if (!largest.empty())
            std::printf("  %s compressed: %.2f MB (zlib 6, source) -> %.2f MB (kib), %+.1f%%\n", largest.c_str(),
                        static_cast<double>(before.at(largest)) / 1e6, static_cast<double>(after.at(largest)) / 1e6,
                        100.0 * (static_cast<double>(after.at(largest)) / static_cast<double>(before.at(largest)) - 1.0));
    }
    if (argc <= 1) fs::remove_all(dir);
    return 0;
}
