#include "engine/serve/security.hpp"

#include <arpa/inet.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "readers/error.hpp"

namespace kib::serve {

namespace {

std::string sha256(const std::string& s) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(s.data(), s.size(), md, &len, EVP_sha256(), nullptr);
    return std::string(reinterpret_cast<const char*>(md), len);
}

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

// "::1" -> "[::1]" (as it stands in a Host header or URL), names and IPv4 unchanged.
std::string bracketed(const std::string& host) {
    return host.find(':') != std::string::npos && host.front() != '[' ? "[" + host + "]" : host;
}

}  // namespace

token_list token_list::parse(const std::string& text, const std::string& file) {
    token_list list;
    std::istringstream in(text);
    std::string line;
    std::uint64_t no = 0;
    std::set<std::string> seen;
    while (std::getline(in, line)) {
        ++no;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::istringstream words(line);
        std::string name, token, extra;
        words >> name;
        if (name.empty() || name[0] == '#') continue;
        words >> token >> extra;
        const location loc{file, {}, {}, no, 0};
        if (token.empty() || !extra.empty())
            throw error(error_category::bad_input, loc, "a line of the tokens file must be \"name token\"",
                        "one person or application per line, e.g. \"anne 6f1c…\"; make tokens with `openssl rand -hex 32`");
        if (token.size() < 16)
            throw error(error_category::bad_input, loc, "the token of '" + name + "' is shorter than 16 characters",
                        "make tokens with `openssl rand -hex 32`");
        if (!seen.insert(token).second)
            throw error(error_category::bad_input, loc, "the token of '" + name + "' is already used on an earlier line",
                        "give everyone a token of their own");
        list.entries_.push_back({name, sha256(token)});
    }
    return list;
}

token_list token_list::load(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw error(error_category::io, {file.string(), {}, {}, 0, 0}, "cannot read the tokens file");
    std::ostringstream s;
    s << in.rdbuf();
    token_list list = parse(s.str(), file.string());
    if (list.empty())
        throw error(error_category::bad_input, {file.string(), {}, {}, 0, 0}, "the tokens file holds no tokens",
                    "write one \"name token\" line per person or application");
    return list;
}

std::optional<std::string> token_list::owner(const std::string& token) const {
    const std::string digest = sha256(token);
    const entry* found = nullptr;
    for (const auto& e : entries_) {
        // Every entry is compared, whatever matched before: the time does not depend on which.
        const bool same = CRYPTO_memcmp(e.digest.data(), digest.data(), digest.size()) == 0;
        found = same ? &e : found;
    }
    if (!found || token.empty()) return std::nullopt;
    return found->name;
}

std::string bearer_token(const std::string& authorization) {
    static const std::string scheme = "bearer ";
    if (authorization.size() <= scheme.size() || lower(authorization.substr(0, scheme.size())) != scheme) return {};
    std::string t = authorization.substr(scheme.size());
    const auto b = t.find_first_not_of(' ');
    const auto e = t.find_last_not_of(' ');
    return b == std::string::npos ? std::string() : t.substr(b, e - b + 1);
}

bool is_loopback_host(const std::string& host_in) {
    std::string host = lower(host_in);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    if (host == "localhost") return true;
    in_addr v4{};
    if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
    in6_addr v6{};
    if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
    return false;
}

origin_policy::origin_policy(const listen_address& listen, bool tls, const std::string& public_url,
                             const std::vector<std::string>& machine_names) {
    const std::string scheme = tls ? "https" : "http";
    const std::string port = std::to_string(listen.port);
    std::vector<std::string> names;
    const bool wildcard = listen.host == "0.0.0.0" || listen.host == "::";
    if (is_loopback_host(listen.host) || wildcard) names.insert(names.end(), {"localhost", "127.0.0.1", "[::1]"});
    if (!wildcard) names.push_back(bracketed(listen.host));
    if (!is_loopback_host(listen.host))
        for (const auto& m : machine_names) names.push_back(m);
    for (const auto& n : names) {
        hosts_.push_back(lower(n) + ":" + port);
        origins_.push_back(scheme + "://" + lower(n) + ":" + port);
    }
    if (!public_url.empty()) {
        // scheme://host[:port][/path]
        const std::size_t sep = public_url.find("://");
        const std::string pscheme = sep == std::string::npos ? scheme : lower(public_url.substr(0, sep));
        std::string rest = sep == std::string::npos ? public_url : public_url.substr(sep + 3);
        rest = lower(rest.substr(0, rest.find('/')));
        const bool has_port = rest.find(':', rest.rfind(']') == std::string::npos ? 0 : rest.rfind(']')) != std::string::npos;
        const std::string default_port = pscheme == "https" ? "443" : "80";
        const std::string with_port = has_port ? rest : rest + ":" + default_port;
        hosts_.push_back(with_port);
        origins_.push_back(pscheme + "://" + rest);
        if (!has_port) {
            hosts_.push_back(rest);  // browsers leave the default port out
            origins_.push_back(pscheme + "://" + with_port);
        }
    }
}

bool origin_policy::host_allowed(const std::string& host) const {
    const std::string h = lower(host);
    return std::find(hosts_.begin(), hosts_.end(), h) != hosts_.end();
}

bool origin_policy::origin_allowed(const std::string& origin) const {
    if (origin.empty()) return true;
    const std::string o = lower(origin);
    return std::find(origins_.begin(), origins_.end(), o) != origins_.end();
}

std::optional<std::string> listen_refusal(const listen_address& listen, bool have_tokens) {
    if (have_tokens || is_loopback_host(listen.host)) return std::nullopt;
    return error(error_category::bad_input, {{}, {}, "--listen", 0, 0},
                 "kib serve does not listen on " + listen.host + " (beyond this machine) without tokens: anyone on the network could use it",
                 "give --tokens FILE (lines \"name token\"), or listen on 127.0.0.1 behind the office's reverse proxy")
        .what();
}

}  // namespace kib::serve
