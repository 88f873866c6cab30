// `kib score`: the CX maturity scan on the command line (the work is in engine/scan/score.cpp).
#include <iostream>
#include <memory>

#include "engine/cli/command.hpp"
#include "engine/scan/score.hpp"

namespace kib::cli {

void add_scan_commands(CLI::App& app, context& ctx, std::vector<command>& out) {
    struct args { score_options opt; std::string file; };
    auto a = std::make_shared<args>();
    CLI::App* score = app.add_subcommand("score", tr("Score a CX maturity scan export (.xlsx/.csv) per pillar and department"));
    score->add_option("SURVEY", a->file, tr("The survey export"))->required();
    score->add_option("--invited", a->opt.invited, tr("Invitations per department (.xlsx/.csv with Afdeling, Uitgenodigd)"));
    score->add_option("--previous", a->opt.previous, tr("An earlier scan (export, or its kib score --json output)"));
    score->add_option("--mapping", a->opt.mapping, tr("Column mapping (JSON) overriding header recognition"));
    score->add_flag("--skip-invalid", a->opt.skip_invalid, tr("Treat invalid answers as not answered, with a warning each"));
    score->add_flag("--json", a->opt.json, tr("Print JSON instead of text"));
    score->add_option("-o,--output", a->opt.outdir, tr("Also write the results workbook and the Dutch report into this folder"));
    out.push_back({score, [a, &ctx] {
                       apply_default_limits(ctx);
                       kib::score(a->file, a->opt, std::cout, std::cerr);
                       return 0;
                   }});
}

}  // namespace kib::cli
