#include "engine/jobs.hpp"

#include <fstream>

#include "engine/comments.hpp"
#include "engine/maturity.hpp"
#include "engine/score.hpp"
#include "readers/csv.hpp"
#include "readers/docx_comments.hpp"
#include "readers/error.hpp"
#include "readers/package.hpp"
#include "readers/xlsx.hpp"

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
    if (!out) throw error(error_category::io, {p.string(), {}, {}, 0, 0}, "cannot write the output");
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
                return looks_like_survey(first_rows_of_workbook(file)) ? "survey" : "workbook";
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
        return looks_like_survey(rows) ? "survey" : "csv";
    } catch (const std::exception&) {
        return "";
    }
}

std::vector<job_kind> drop_jobs(const drop_config& config, const std::filesystem::path& dir) {
    (void)dir;
    std::vector<job_kind> jobs;

    job_kind comments_job;
    comments_job.name = "comments";
    comments_job.accepts = [](const std::filesystem::path& f, const std::string&) { return sniff_content(f) == "docx"; };
    comments_job.run = [](job_context& ctx) {
        const package pkg = package::open(ctx.input.string());
        const docx::review_marks marks = docx::read_review_marks(pkg);
        const std::string stem = stem_of(ctx.name);
        write_text(ctx.out_dir / (stem + " - opmerkingen.json"), review_marks_json(marks));
        std::ostringstream summary;
        print_review_summary(marks, ctx.name, summary);
        write_text(ctx.out_dir / (stem + " - opmerkingen.txt"), summary.str());
    };
    jobs.push_back(comments_job);

    job_kind score_job;
    score_job.name = "score";
    score_job.accepts = [](const std::filesystem::path& f, const std::string&) { return sniff_content(f) == "survey"; };
    score_job.run = [skip = config.skip_invalid](job_context& ctx) {
        maturity::score_options opt;
        opt.skip_invalid = skip;
        maturity::scan_result r = maturity::score_file(ctx.input.string(), opt);
        r.file = ctx.name;
        for (const auto& w : r.warnings) ctx.warnings.push_back(w);
        const std::string stem = stem_of(ctx.name);
        write_text(ctx.out_dir / (stem + " - scores.json"), score_json(r));
        write_text(ctx.out_dir / (stem + " - scores.txt"), score_text(r));
    };
    jobs.push_back(score_job);
    return jobs;
}

}  // namespace kib
