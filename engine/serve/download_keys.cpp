#include "engine/serve/download_keys.hpp"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "readers/error.hpp"
#include "readers/i18n.hpp"

namespace kib::serve {

namespace fs = std::filesystem;

namespace {

std::string hex(const unsigned char* p, std::size_t n) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        out += digits[p[i] >> 4];
        out += digits[p[i] & 15];
    }
    return out;
}

[[noreturn]] void fail(const fs::path& file, const std::string& why) {
    throw error(error_category::io, {file.string(), {}, "--data", 0, 0}, why, tr("choose a data folder kib may write with --data"));
}

std::string read_all(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return {};
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

std::string kept_file(const fs::path& file, const std::function<std::string()>& make) {
    if (fs::exists(file)) {
        std::string kept = read_all(file);
        if (kept.empty()) fail(file, tr("cannot read this file (it is empty or unreadable); remove it and kib makes a new one"));
        return kept;
    }
    const std::string value = make();
    // A private temporary file, then link(): unlike rename() it never replaces a file another
    // kib made in the meantime; whoever linked first wins and everyone reads that one.
    const fs::path tmp = file.string() + ".tmp" + std::to_string(::getpid());
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) fail(tmp, tr("cannot make this file"));
    const bool written = ::write(fd, value.data(), value.size()) == static_cast<ssize_t>(value.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!written) {
        ::unlink(tmp.c_str());
        fail(tmp, tr("cannot write this file"));
    }
    const int linked = ::link(tmp.c_str(), file.c_str());
    ::unlink(tmp.c_str());
    if (linked != 0 && errno != EEXIST) fail(file, tr("cannot make this file"));
    std::string kept = read_all(file);
    if (kept.empty()) fail(file, tr("cannot read this file back"));
    return kept;
}

std::string load_download_secret(const fs::path& data) {
    return kept_file(data / "download.key", [] {
        std::string secret(32, '\0');
        if (RAND_bytes(reinterpret_cast<unsigned char*>(secret.data()), static_cast<int>(secret.size())) != 1)
            throw error(error_category::internal, {}, "no random numbers for the download key");
        return secret;
    });
}

std::string download_key(const std::string& secret, const std::string& id, const std::string& name, std::int64_t expiry) {
    // NUL separates the fields: no job id or file name contains one, so ("a", "bc") and ("ab", "c")
    // never sign the same bytes.
    std::string message = id;
    message += '\0';
    message += name;
    message += '\0';
    message += std::to_string(expiry);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()), reinterpret_cast<const unsigned char*>(message.data()),
              message.size(), mac, &len))
        throw error(error_category::internal, {}, "HMAC-SHA256 failed");
    return hex(mac, len);
}

std::string download_query(const std::string& secret, const std::string& id, const std::string& name, std::int64_t now) {
    const std::int64_t expiry = now + download_key_seconds;
    return "?e=" + std::to_string(expiry) + "&k=" + download_key(secret, id, name, expiry);
}

key_check check_download_key(const std::string& secret, const std::string& id, const std::string& name, const std::string& e,
                             const std::string& k, std::int64_t now) {
    if (e.empty() || e.size() > 18 || k.size() != 64) return key_check::wrong;
    for (char c : e)
        if (c < '0' || c > '9') return key_check::wrong;
    const std::int64_t expiry = std::stoll(e);
    const std::string want = download_key(secret, id, name, expiry);
    if (CRYPTO_memcmp(want.data(), k.data(), want.size()) != 0) return key_check::wrong;
    return now <= expiry ? key_check::valid : key_check::expired;
}

}  // namespace kib::serve
