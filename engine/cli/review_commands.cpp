// `kib comments`: the review comments of a Word draft on the command line (the work is in
// engine/review/comments.cpp).
#include <iostream>
#include <memory>

#include "engine/cli/command.hpp"
#include "engine/review/comments.hpp"

namespace kib::cli {

void add_review_commands(CLI::App& app, context& ctx, std::vector<command>& out) {
    struct args { comments_options opt; std::string file; };
    auto a = std::make_shared<args>();
    CLI::App* comments = app.add_subcommand("comments", tr("List the comments, highlights and tracked changes of a .docx draft"));
    comments->add_option("DRAFT", a->file, tr("The Word document to read"))->required();
    comments->add_option("-o,--output", a->opt.output, tr("Also write the comment register workbook (.xlsx)"));
    comments->add_flag("--json", a->opt.json, tr("Print JSON {\"comments\":[…],\"highlights\":[…],\"revisions\":[…]}"));
    out.push_back({comments, [a, &ctx] {
                       apply_default_limits(ctx);
                       kib::comments(a->file, a->opt, std::cout);
                       return 0;
                   }});
}

}  // namespace kib::cli
