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
#include <regex>

#include "engine/cli/command.hpp"
#include "readers/limits.hpp"

namespace kib::cli {

namespace {

const char* const exit_codes =
    N_("Exit codes: 0 done; 2 bad input or usage (the message names the file, the place and how to fix it);\n"
       "3 kib watch --once: at least one file failed (see DIR/failed/); 1 an internal error (a bug in kib).");

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
        {"watch", N_("  kib watch /srv/dropmap\n  kib watch /srv/dropmap --once        (cron: exit code 3 when a file failed)")},
        {"kpi", "  kib kpi programma.xlsx --date 23-11-2026\n"
                "  kib kpi programma.xlsx --date 2026-11-23 --measurements metingen.csv -o programma-bijgewerkt.xlsx"},
        {"roadmap", "  kib roadmap programma.xlsx --date 23-11-2026\n  kib roadmap programma.xlsx --date 2026-11-23 --mermaid"},
        {"handout", "  kib handout programma.xlsx --date 2026-12-15 -o handouts/\n"
                    "  kib handout programma.xlsx --date 15-12-2026 --per-owner -o handouts/"},
        {"report", "  kib report programma.xlsx --date 2026-12-15 -o stuurgroep.docx\n"
                   "  kib report programma.xlsx --date 2026-12-15 --comments concept.docx -o stuurgroep.docx"},
        {"limits", "  kib limits\n  kib inspect groot.xlsx --limit rows=500000"},
        // `kib --help` itself: the main jobs of the office.
        {"", "  kib kpi programma.xlsx --date 23-11-2026 -o programma-bijgewerkt.xlsx\n"
             "  kib report programma.xlsx --date 23-11-2026 -o stuurgroep.docx"},
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
    std::string text = tr("Limits (--limit NAME=N on any command, or NAME = N under [limits] in a drop folder's kib.toml):") + "\n";
    for (const auto& d : describe_limits(default_input_limits()))
        text += "  " + d.name + std::string(d.name.size() < 20 ? 20 - d.name.size() : 1, ' ') +
                trf("{} (default {})", {d.meaning, d.value}) + "\n";
    return text;
}

namespace {

// A command's own help (and `kib --help`) starts with its description and examples; the list of
// commands in `kib --help` keeps the one-line descriptions (so the examples are not in the description).
class examples_formatter : public CLI::Formatter {
public:
    std::string make_description(const CLI::App* app) const override {
        std::string d = CLI::Formatter::make_description(app);
        const auto it = examples().find(app->get_parent() != nullptr ? app->get_name() : std::string());
        if (it != examples().end()) d += "\n" + tr("Examples:") + "\n" + tr(it->second.c_str()) + "\n\n";
        return d;
    }
};

}  // namespace

void localize_parser(CLI::App& app) {
    app.option_defaults()->group(tr("Options"));
    app.set_help_flag("-h,--help", tr("Print this help message and exit"))->group(tr("Options"));
}

void add_help_texts(CLI::App& app) {
    app.footer(tr(exit_codes) + "\n" + tr("kib limits lists the resource limits; kib COMMAND --help says more about a command."));
    const auto formatter = std::make_shared<examples_formatter>();
    // CLI11's own words in the help (its labels; the group names are set per app below).
    for (const char* label : {N_("Usage"), N_("OPTIONS"), N_("SUBCOMMAND"), N_("SUBCOMMANDS"), N_("Positionals"), N_("REQUIRED"),
                              N_("Excludes"), N_("Needs"), N_("Env")})
        formatter->label(label, tr(label));
    app.formatter(formatter);
    app.failure_message([](const CLI::App* failed, const CLI::Error& e) {
        std::string text = "kib: " + usage_error_text(e.what()) + "\n";
        if (failed != nullptr && failed->get_help_ptr() != nullptr)
            text += trf("Run with {} for more information.", {failed->get_help_ptr()->get_name()}) + "\n";
        return text;
    });
    for (CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
        // A subcommand made its help flag before it took the parent's option defaults.
        sub->set_help_flag("-h,--help", tr("Print this help message and exit"))->group(tr("Options"));
        sub->formatter(formatter);
        sub->footer(tr(exit_codes));
        if (!sub->get_group().empty()) sub->group(tr("Commands"));
    }
}

std::string language_argument(int argc, char** argv) {
    std::string found;
    for (int i = 1; i < argc; ++i) {
        const std::string word = argv[i];
        if (word == "--") break;
        if (word == "--lang" && i + 1 < argc) found = argv[++i];
        else if (word.rfind("--lang=", 0) == 0) found = word.substr(7);
    }
    return found;
}

std::string usage_error_text(const std::string& english) {
    // CLI11 2.1's messages (CLI/Error.hpp, CLI/Validators.hpp), each with its words translated and
    // the names and values it quotes kept. A message not listed stays as CLI11 wrote it.
    struct pattern {
        const char* re;
        const char* msgid;
    };
    static const pattern patterns[] = {
        {R"(^A subcommand is required$)", N_("A subcommand is required")},
        {R"(^(.+) is required$)", N_("{} is required")},
        {R"(^The following arguments? w(?:as|ere) not expected: (.*)$)", N_("not expected here: {}")},
        {R"(^(.+): (\d+) required (.+) missing$)", N_("{} needs {} value(s) ({})")},
        {R"(^Could not convert: (.+) = (.*)$)", N_("{}: \"{}\" is not a value of the right kind")},
        {R"(^(.+): Value (.+) not in range (.+) to (.+)$)", N_("{}: {} is not between {} and {}")},
        {R"(^(.+): Value (.+) could not be converted$)", N_("{}: {} could not be read")},
        {R"(^(.+): (.+) not in \{(.*)\}$)", N_("{}: {} is not one of {}")},
        {R"(^(.+): Should be true/false or a number$)", N_("{}: write true or false, or a number")},
        {R"(^(.+): too many inputs for a flag$)", N_("{}: this option takes no value")},
        {R"(^(.+) excludes (.+)$)", N_("{} cannot be used together with {}")},
        {R"(^(.+) requires (.+)$)", N_("{} needs {}")},
        {R"(^Expected exactly (\d+) arguments to (.+), got (\d+)$)", N_("expected exactly {} values for {}, got {}")},
        {R"(^(.+): File does not exist: (.+)$)", N_("{}: the file does not exist: {}")},
    };
    for (const auto& p : patterns) {
        std::smatch m;
        if (!std::regex_match(english, m, std::regex(p.re))) continue;
        std::string out = tr(p.msgid);
        std::size_t from = 0;
        for (std::size_t i = 1; i < m.size(); ++i) {
            const std::size_t at = out.find("{}", from);
            if (at == std::string::npos) break;
            out.replace(at, 2, m[i].str());
            from = at + m[i].length();
        }
        return out;
    }
    return english;
}

void add_limits_command(CLI::App& app, std::vector<command>& out) {
    CLI::App* limits = app.add_subcommand("limits", tr("List the resource limits kib reads files with, and their defaults"));
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
        if (!best.empty() && best_d <= std::max<std::size_t>(2, best.size() / 2))
            return trf("'{}' is not a kib command; did you mean '{}'? (the commands: {}; kib --help)", {word, best, all});
        return trf("'{}' is not a kib command (the commands: {}; kib --help)", {word, all});
    }
    return {};
}

}  // namespace kib::cli
