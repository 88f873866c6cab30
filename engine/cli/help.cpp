// The help texts every command shares: examples first, the exit codes last, the resource limits
// once (`kib limits`), and the nearest known command for a mistyped one.
//
// Contract: add_help_texts() runs after every domain registered its commands; a command without
// examples here keeps its one-line description. The limits are listed only by `kib limits`, so
// `kib CMD --help` stays short (CLI11 copies a parent's footer into every subcommand: each
// subcommand gets a footer of its own here).
#include <algorithm>
#include <iostream>
#include <map>
#include <memory>

#include "engine/cli/command.hpp"
#include "readers/limits.hpp"

namespace kib::cli {

namespace {

const char* const exit_codes =
    "Exit codes: 0 done; 2 bad input or usage (the message names the file, the place and how to fix it);\n"
    "3 kib watch --once: at least one file failed (see DIR/failed/); 1 an internal error (a bug in kib).";

// One or two examples per command, as people type them.
const std::map<std::string, std::string>& examples() {
    static const std::map<std::string, std::string> table = {
        {"inspect", "  kib inspect programma.xlsx\n  kib inspect programma.xlsx --cells --json --sheet \"KPI's\""},
        {"fill", "  kib fill builtin:baateigenaar sessie.json -o sessie.docx\n"
                 "  kib fill sjabloon.docx sessie.json --each deelnemers -o handouts/"},
        {"set", "  kib set programma.xlsx \"'KPI''s'!D7=12,5\" -o programma-nieuw.xlsx\n"
                "  kib set programma.xlsx \"'KPI''s'!C3=23-11-2026\" --in-place"},
        {"score", "  kib score cx_scan_2026.xlsx\n  kib score cx_scan_2026.xlsx --previous cx_scan_2024.xlsx -o resultaten/"},
        {"comments", "  kib comments concept.docx\n  kib comments concept.docx -o opmerkingenregister.xlsx"},
        {"watch", "  kib watch /srv/dropmap\n  kib watch /srv/dropmap --once        (cron: exit code 3 when a file failed)"},
        {"kpi", "  kib kpi programma.xlsx --date 23-11-2026\n"
                "  kib kpi programma.xlsx --date 2026-11-23 --measurements metingen.csv -o programma-bijgewerkt.xlsx"},
        {"roadmap", "  kib roadmap programma.xlsx --date 23-11-2026\n  kib roadmap programma.xlsx --date 2026-11-23 --mermaid"},
        {"handout", "  kib handout programma.xlsx --date 2026-12-15 -o handouts/\n"
                    "  kib handout programma.xlsx --date 15-12-2026 --per-owner -o handouts/"},
        {"report", "  kib report programma.xlsx --date 2026-12-15 -o stuurgroep.docx\n"
                   "  kib report programma.xlsx --date 2026-12-15 --comments concept.docx -o stuurgroep.docx"},
        {"limits", "  kib limits\n  kib inspect groot.xlsx --limit rows=500000"},
    };
    return table;
}

// Edit distance (insert, delete, substitute, swap of neighbours), for "did you mean".
std::size_t distance(const std::string& a, const std::string& b) {
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.size()][b.size()];
}

std::vector<std::string> command_names(const CLI::App& app) {
    std::vector<std::string> names;
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
        if (!sub->get_group().empty()) names.push_back(sub->get_name());  // not the hidden _job
    return names;
}

}  // namespace

std::string limits_text() {
    std::string text = "Limits (--limit NAME=N on any command, or NAME = N under [limits] in a drop folder's kib.toml):\n";
    for (const auto& d : describe_limits(default_input_limits()))
        text += "  " + d.name + std::string(d.name.size() < 20 ? 20 - d.name.size() : 1, ' ') + d.meaning + " (default " + d.value + ")\n";
    return text;
}

namespace {

// A command's own help starts with its description and examples; the list of commands in
// `kib --help` keeps the one-line descriptions (so the examples are not in the description).
class examples_formatter : public CLI::Formatter {
public:
    std::string make_description(const CLI::App* app) const override {
        std::string d = CLI::Formatter::make_description(app);
        const auto it = examples().find(app->get_name());
        if (app->get_parent() != nullptr && it != examples().end()) d += "\nExamples:\n" + it->second + "\n\n";
        return d;
    }
};

}  // namespace

void add_help_texts(CLI::App& app) {
    app.footer(std::string(exit_codes) + "\nkib limits lists the resource limits; kib COMMAND --help says more about a command.");
    const auto formatter = std::make_shared<examples_formatter>();
    app.formatter(formatter);
    for (CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
        sub->formatter(formatter);
        sub->footer(exit_codes);
    }
}

void add_limits_command(CLI::App& app, std::vector<command>& out) {
    CLI::App* limits = app.add_subcommand("limits", "List the resource limits kib reads files with, and their defaults");
    out.push_back({limits, [] {
                       std::cout << limits_text();
                       return 0;
                   }});
}

std::string unknown_command_message(const CLI::App& app, int argc, char** argv) {
    // The first word that is not an option (or the value of --limit/--lang) is the command.
    for (int i = 1; i < argc; ++i) {
        const std::string word = argv[i];
        if (word == "--limit" || word == "--lang") {
            ++i;
            continue;
        }
        if (word.empty() || word[0] == '-') continue;
        const std::vector<std::string> names = command_names(app);
        if (std::find(names.begin(), names.end(), word) != names.end() || word == "_job") return {};
        std::string best;
        std::size_t best_d = std::string::npos;
        for (const auto& n : names) {
            const std::size_t d = distance(word, n);
            if (d < best_d) {
                best_d = d;
                best = n;
            }
        }
        std::string all;
        for (const auto& n : names) all += (all.empty() ? "" : ", ") + n;
        std::string msg = "'" + word + "' is not a kib command";
        if (!best.empty() && best_d <= std::max<std::size_t>(2, best.size() / 2))
            msg += "; did you mean '" + best + "'?";
        return msg + " (the commands: " + all + "; kib --help)";
    }
    return {};
}

}  // namespace kib::cli
