#include "engine/drop/jobs.hpp"

#include <fstream>
#include <sstream>

#include "engine/review/comments.hpp"
#include "engine/review/comments_register.hpp"
#include "engine/drop/route_reason.hpp"
#include "engine/programme/handout.hpp"
#include "engine/programme/steering_report.hpp"
#include "engine/scan/maturity.hpp"
#include "engine/programme/programme_cli.hpp"
#include "engine/scan/score.hpp"
#include "engine/scan/score_outputs.hpp"
#include "readers/csv.hpp"
#include "readers/docx_comments.hpp"
#include "readers/error.hpp"
#include "readers/file_sniff.hpp"
#include "readers/i18n.hpp"
#include "readers/package.hpp"
#include "readers/xlsx.hpp"
#include "writers/zip_writer.hpp"

namespace kib {

namespace {

std::string stem_of(const std::string& name) {
    const std::size_t dot = name.rfind('.');
    return dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
}

void write_text(const std::filesystem::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary);
    out << text;
    out.flush();
    if (!out) throw error(error_category::io, {p.string(), {}, {}, 0, 0}, tr("cannot write the output"));
}

// Counts question headers in the first rows: a CX scan export names all 48.
bool looks_like_survey(const std::vector<std::vector<std::string>>& rows) {
    for (const auto& r : rows) {
        int questions = 0;
        for (const auto& h : r) {
            if (maturity::is_question_header(h)) ++questions;
        }
        if (questions >= maturity::pillar_count * maturity::questions_per_pillar) return true;
    }
    return false;
}

// Lower-case letters and digits only: "KPI's" -> "kpis", " Waarde " -> "waarde".
std::string folded(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c >= 'A' && c <= 'Z') out += static_cast<char>(c - 'A' + 'a');
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
    }
    return out;
}

// A measurements file: a header row naming Datum, KPI and Waarde (or Date, KPI, Value).
bool looks_like_measurements(const std::vector<std::vector<std::string>>& rows) {
    for (const auto& r : rows) {
        bool date = false, kpi = false, value = false;
        for (const auto& h : r) {
            const std::string f = folded(h);
            date = date || f == "datum" || f == "date";
            kpi = kpi || f == "kpi";
            value = value || f == "waarde" || f == "value";
        }
        if (date && kpi && value) return true;
    }
    return false;
}

// A programme workbook has a KPI's sheet and at least one other sheet of the programme layout
// (see README, "Programme workbook"); a lone KPI list is not one.
bool has_kpi_sheet(const std::filesystem::path& file) {
    workbook wb = workbook::open(file.string());
    bool kpis = false, other = false;
    for (const auto& s : wb.sheets()) {
        const std::string f = folded(s.name);
        kpis = kpis || f == "kpis" || f == "kpi";
        other = other || f == "metingen" || f == "measurements" || f == "roadmap" || f == "mijlpalen" || f == "milestones" ||
                f == "baten" || f == "benefits";
    }
    return kpis && other;
}

std::vector<std::vector<std::string>> first_rows_of_workbook(const std::filesystem::path& file) {
    std::vector<std::vector<std::string>> out;
    workbook wb = workbook::open(file.string());
    for (const auto& s : wb.sheets()) {
        if (s.kind != "worksheet") continue;
        for (const row& r : wb.read_first_rows(s, 10)) {
            std::vector<std::string> texts;
            for (const cell& c : r.cells) texts.push_back(c.value.to_display());
            out.push_back(std::move(texts));
        }
    }
    return out;
}

}  // namespace

std::string sniff_content(const std::filesystem::path& file) {
    try {
        const file_kind k = package::sniff(file.string());
        if (k == file_kind::ooxml) {
            package pkg = package::open(file.string());
            const std::string type = pkg.content_type(pkg.main_part());
            if (type.find("wordprocessingml") != std::string::npos) return "docx";
            if (type.find("spreadsheetml") != std::string::npos || type.find("ms-excel") != std::string::npos) {
                if (has_kpi_sheet(file)) return "programme";
                const auto rows = first_rows_of_workbook(file);
                if (looks_like_survey(rows)) return "survey";
                return looks_like_measurements(rows) ? "measurements" : "workbook";
            }
            return "";
        }
        if (k != file_kind::unknown) return "";
        // Text: a CSV when it parses and has a header row.
        std::ifstream in(file, std::ios::binary);
        std::string head(64 * 1024, '\0');
        in.read(head.data(), static_cast<std::streamsize>(head.size()));
        head.resize(static_cast<std::size_t>(in.gcount()));
        if (head.empty() || head.find('\0') != std::string::npos) return "";
        // Cut at the last line end so a record is never split.
        const std::size_t nl = head.find_last_of('\n');
        if (nl != std::string::npos && head.size() == 64 * 1024) head.resize(nl + 1);
        const csv_table t = parse_csv(head, file.string());
        std::vector<std::vector<std::string>> rows(t.rows.begin(), t.rows.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(t.rows.size(), 10)));
        if (looks_like_survey(rows)) return "survey";
        return looks_like_measurements(rows) ? "measurements" : "csv";
    } catch (const std::exception&) {
        return "";
    }
}

std::vector<job_kind> drop_jobs(const drop_config& config, const std::filesystem::path& dir, const std::string& only) {
    std::vector<job_kind> jobs;

    job_kind comments_job;
    comments_job.name = "comments";
    comments_job.accepts = [](const std::filesystem::path& f, const std::string&) { return sniff_content(f) == "docx"; };
    comments_job.run = [](job_context& ctx) {
        const package pkg = package::open(ctx.input.string());
        const docx::review_marks marks = docx::read_review_marks(pkg);
        const std::string stem = stem_of(ctx.name);
        ctx.result_json = review_marks_json(marks);
        write_text(ctx.out_dir / (stem + " - opmerkingen.json"), ctx.result_json);
        std::ostringstream summary;
        print_review_summary(marks, ctx.name, summary);
        write_text(ctx.out_dir / (stem + " - opmerkingen.txt"), summary.str());
        write_comment_register(marks, ctx.out_dir / (stem + " - opmerkingenregister.xlsx"));
    };
    jobs.push_back(comments_job);

    job_kind score_job;
    score_job.name = "score";
    score_job.accepts = [](const std::filesystem::path& f, const std::string&) { return sniff_content(f) == "survey"; };
    score_job.run = [skip = config.skip_invalid, previous = config.score_previous, dir](job_context& ctx) {
        maturity::score_options opt;
        opt.skip_invalid = skip;
        maturity::scan_result r = maturity::score_file(ctx.input.string(), opt);
        r.file = ctx.name;
        // [score] previous: compare with the earlier scan, unless the dropped file is that scan.
        if (!previous.empty() && std::filesystem::path(previous).filename() != std::filesystem::path(ctx.name).filename()) {
            const std::filesystem::path earlier = std::filesystem::path(previous).is_absolute() ? std::filesystem::path(previous) : dir / previous;
            const std::string setting = "kib.toml [score] previous = \"" + previous + "\"";
            if (!std::filesystem::exists(earlier))
                throw error(error_category::bad_input, {setting, {}, {}, 0, 0},
                            tr("settings problem: the earlier scan named in kib.toml does not exist"),
                            trf("the dropped file is fine; correct previous = under [score] in kib.toml ({} is not there)",
                                {earlier.string()}));
            maturity::compare(r, earlier.string(), opt);
        }
        for (const auto& w : r.warnings) ctx.warnings.push_back(w);
        const std::string stem = stem_of(ctx.name);
        ctx.result_json = score_json(r);
        write_text(ctx.out_dir / (stem + " - scores.json"), ctx.result_json);
        write_text(ctx.out_dir / (stem + " - scores.txt"), score_text(r));
        write_score_outputs(r, ctx.out_dir, stem, today_iso());
    };
    jobs.push_back(score_job);

    // The programme office's own workbook: statuses at the reference date written into a copy
    // (everything else kept), the KPI and roadmap overviews as text.
    const std::string start = config.programme_start;
    job_kind programme_job;
    programme_job.name = "programme";
    programme_job.accepts = [](const std::filesystem::path& f, const std::string&) { return sniff_content(f) == "programme"; };
    programme_job.run = [config, start](job_context& ctx) {
        programme_command_options c;
        c.workbook = ctx.input.string();
        c.date = config.resolve_reference_date(today_iso());
        c.start = start;
        const std::string stem = stem_of(ctx.name);
        const std::string updated = stem + " - bijgewerkt " + c.date + ".xlsx";
        c.output = (ctx.out_dir / updated).string();
        c.output_name = "outbox/programme/" + updated;  // not the working folder the job writes in
        std::ostringstream kpi, roadmap;
        run_kpi(c, kpi);
        c.output.clear();
        run_roadmap(c, roadmap);
        write_text(ctx.out_dir / (stem + " - KPI-stand " + c.date + ".txt"), kpi.str());
        write_text(ctx.out_dir / (stem + " - roadmap " + c.date + ".txt"), roadmap.str());
        // The result: what kib kpi --json and kib roadmap --json print (the workbook read again;
        // it is small next to the outputs written above).
        c.json = true;
        std::ostringstream kpi_json, roadmap_json;
        run_kpi(c, kpi_json);
        run_roadmap(c, roadmap_json);
        // And the cells the updated copy got, as a patch for the Office add-in to apply to the
        // open workbook (programme_update.hpp: the same edits, not saved).
        c.json = false;
        c.patch = true;
        std::ostringstream patch_json;
        run_kpi(c, patch_json);
        ctx.result_json = "{\"kpi\":" + kpi_json.str() + ",\"roadmap\":" + roadmap_json.str() + ",\"patch\":" + patch_json.str() + "}";
        write_steering_report(ctx.input.string(), c.date, "", ctx.out_dir / (stem + " - stuurgroeprapportage " + c.date + ".docx"),
                              start);
        if (config.handouts) {
            // The benefit-owner session handouts; the outbox holds files only, so they are made
            // in a side folder and moved next to the other outputs under the workbook's name.
            const std::filesystem::path side = ctx.out_dir.parent_path() / "handouts";
            std::filesystem::create_directories(side);
            const std::string session = config.session_date.empty() ? c.date : config.session_date;
            for (const auto& h : write_handouts(ctx.input.string(), session, config.handouts_per_owner, side, start,
                                                {config.session_location, config.session_facilitator}))
                std::filesystem::rename(h, ctx.out_dir / (stem + " - " + h.filename().string()));
            std::filesystem::remove_all(side);
        }
    };
    jobs.push_back(programme_job);

    // New measurements (Datum, KPI, Waarde, Bron): merged into the configured programme workbook,
    // as a new copy in the outbox.
    job_kind measurements_job;
    measurements_job.name = "measurements";
    measurements_job.accepts = [](const std::filesystem::path& f, const std::string&) { return sniff_content(f) == "measurements"; };
    measurements_job.run = [config, start, dir](job_context& ctx) {
        if (config.programme_workbook.empty())
            throw error(error_category::bad_input, {ctx.name, {}, {}, 0, 0},
                        tr("this is a measurements file, but no programme workbook is configured to merge it into"),
                        tr("set workbook = \"NAME.xlsx\" under [programme] in kib.toml in the drop folder"));
        const std::filesystem::path programme = std::filesystem::path(config.programme_workbook).is_absolute()
                                                    ? std::filesystem::path(config.programme_workbook)
                                                    : dir / config.programme_workbook;
        // A wrong workbook = is a settings problem of the folder, not one of the dropped file.
        const std::string setting = "kib.toml [programme] workbook = \"" + config.programme_workbook + "\"";
        if (!std::filesystem::exists(programme))
            throw error(error_category::bad_input, {setting, {}, {}, 0, 0},
                        tr("settings problem: the programme workbook named in kib.toml does not exist"),
                        trf("the dropped file is fine; correct workbook = under [programme] in kib.toml ({} is not there)",
                            {programme.string()}));
        if (const auto why = refuse(sniff_file(programme.string()), true))
            throw error(error_category::bad_input, {setting, {}, {}, 0, 0},
                        trf("settings problem: the programme workbook named in kib.toml cannot be used: {}", {why->message}),
                        tr("the dropped file is fine; correct workbook = under [programme] in kib.toml"));
        programme_command_options c;
        c.workbook = programme.string();
        c.measurements = ctx.input.string();
        c.date = config.resolve_reference_date(today_iso());
        c.start = start;
        const std::string updated = stem_of(programme.filename().string()) + " - bijgewerkt " + c.date + ".xlsx";
        c.output = (ctx.out_dir / updated).string();
        c.output_name = "outbox/measurements/" + updated;  // not the working folder the job writes in
        std::ostringstream kpi;
        run_kpi(c, kpi);
        write_text(ctx.out_dir / (stem_of(ctx.name) + " - KPI-stand " + c.date + ".txt"), kpi.str());
        // The result: what kib kpi --json --measurements prints for the merged workbook.
        const std::string written = c.output;
        c.output.clear();
        c.json = true;
        std::ostringstream kpi_json;
        run_kpi(c, kpi_json);
        ctx.result_json = kpi_json.str();
        c.output = written;
        if (config.update_in_place) {
            // Replace the programme workbook itself with kib's one atomic save: a backup first,
            // then a flushed temporary file renamed over it, so readers see the old or the new
            // file, never half, and a failure leaves the workbook and no temporary file.
            std::ifstream in(c.output, std::ios::binary);
            const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
            if (!in.good() && !in.eof())
                throw error(error_category::io, {c.output, {}, {}, 0, 0}, tr("cannot read the updated workbook back"));
            const std::string backup =
                atomic_save_bytes(programme.string(), bytes, programme.string(), save_options{true, true});
            ctx.warnings.push_back(trf("updated {} in place (backup {})", {programme.filename().string(),
                                                                          std::filesystem::path(backup).filename().string()}));
        }
    };
    jobs.push_back(measurements_job);

    // Last: whatever no job took fails with the real problem (a PDF, a password, an .xls, a
    // workbook of another kind: engine/drop/route_reason.hpp). "unknown" is also the job log's
    // kind for such files.
    job_kind unknown_job;
    unknown_job.name = "unknown";
    unknown_job.accepts = [](const std::filesystem::path&, const std::string&) { return true; };
    unknown_job.run = [](job_context& ctx) { refuse_unrouted(ctx.input, ctx.name, sniff_content(ctx.input)); };
    jobs.push_back(unknown_job);

    // Every job reads with the folder's [limits] and writes in the folder's language, in its own
    // thread only (a library host's process defaults stay as they are).
    for (auto& j : jobs) {
        j.accepts = [limits = config.limits, accepts = std::move(j.accepts)](const std::filesystem::path& f, const std::string& n) {
            const scoped_input_limits scope(limits);
            return accepts(f, n);
        };
        j.run = [limits = config.limits, lang = config.language, run = std::move(j.run)](job_context& ctx) {
            const scoped_input_limits scope(limits);
            const scoped_language speak(lang);
            run(ctx);
        };
    }
    if (only.empty() || only == "auto") return jobs;
    for (auto& j : jobs)
        if (j.name == only) return {std::move(j)};
    throw error(error_category::bad_input, {{}, {}, "kind", 0, 0}, trf("there is no job '{}'", {only}),
                tr("use auto, score, comments, programme or measurements"));
}

}  // namespace kib
