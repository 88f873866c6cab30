// `kib serve`: the service for the web page and the Office add-in (the work is in engine/serve/).
#include <filesystem>
#include <iostream>
#include <memory>

#include "engine/cli/command.hpp"
#include "engine/serve/serve.hpp"

namespace kib::cli {

void add_serve_commands(CLI::App& app, context& ctx, std::vector<command>& out) {
    auto a = std::make_shared<serve::serve_command>();
    CLI::App* serve = app.add_subcommand("serve", "Run the service for kib's web page and the Office add-in (HTTP API)");
    serve->add_option("--listen", a->listen, "HOST:PORT to listen on (default 127.0.0.1:8750; beyond loopback needs --tokens)");
    serve->add_option("--data", a->data, "Folder for jobs and uploads (default ~/.local/share/kib/serve)");
    serve->add_option("--tokens", a->tokens, "File of \"name token\" lines; every API call must send one (Authorization: Bearer)");
    serve->add_option("--public-url", a->public_url, "The address people use, e.g. https://kib.kantoor.local (reverse proxy, DNS name)");
    serve->add_option("--tls-cert", a->tls_cert, "TLS certificate (PEM); with --tls-key kib speaks HTTPS itself");
    serve->add_option("--tls-key", a->tls_key, "TLS private key (PEM)");
    serve->add_option("--config", a->config, "kib.toml with [serve] and the job settings ([programme], [score], [limits])");
    serve->add_option("--upload-mb", a->upload_mb, "Largest upload in MB (default 200)")->check(CLI::Range(1, 4096));
    serve->add_option("--jobs", a->jobs, "Jobs at once (default: one per core)")->check(CLI::Range(1, 256));
    serve->add_option("--queue", a->queue, "Jobs waiting beyond those before 503 (default 4 per job)")->check(CLI::Range(0, 10000));
    serve->add_option("--timeout", a->timeout_seconds, "Seconds an idle connection stays open (default 60)")->check(CLI::Range(1, 3600));
    serve->add_option("--keep-days", a->keep_days, "Days jobs are kept (default 7)")->check(CLI::Range(1, 3650));
    out.push_back({serve, [a, &ctx] {
                       a->limit_args = ctx.limit_args;
                       a->program = std::filesystem::read_symlink("/proc/self/exe").string();
                       a->version = KIB_VERSION;
                       return serve::run_serve(*a, std::cout);
                   }});
}

}  // namespace kib::cli
