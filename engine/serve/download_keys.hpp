// Download keys: a job's output URL that carries its own short-lived authorisation, for the
// Office add-in. Inside Office the pane opens an output in the system browser
// (Office.context.ui.openBrowserWindow), which has no Bearer token; the URL
//   /api/v1/jobs/{id}/outputs/{name}?e=EXPIRY&k=KEY
// lets that one GET through until EXPIRY (Unix seconds). KEY is HMAC-SHA256 over the job id, the
// output's name and EXPIRY, with a secret kept in the data folder (DATA/download.key), so keys
// survive a restart and cannot be made without the secret. A key authorises only the output it
// was made for; the token file still guards everything else.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

namespace kib::serve {

// How long a key made now stays valid: long enough to click a download after a job, short enough
// that a URL copied out of a log or a history is soon useless. GET /api/v1/jobs/{id} makes new ones.
constexpr std::int64_t download_key_seconds = 30 * 60;

// The contents of DATA/<name>, made once with `make` when the file is not there (written
// 0600 and linked into place, so two services starting at once still agree on one value).
// Throws kib::error(io) naming the file when it can neither be read nor made.
std::string kept_file(const std::filesystem::path& file, const std::function<std::string()>& make);

// DATA/download.key: 32 random bytes.
std::string load_download_secret(const std::filesystem::path& data);

// KEY (64 hex digits) for job `id`, output `name` (as decoded from the URL) and `expiry`.
std::string download_key(const std::string& secret, const std::string& id, const std::string& name, std::int64_t expiry);

// "?e=EXPIRY&k=KEY" for a key valid from `now` for download_key_seconds.
std::string download_query(const std::string& secret, const std::string& id, const std::string& name, std::int64_t now);

enum class key_check {
    valid,    // the key was made for this output and has not expired
    expired,  // made for this output, but EXPIRY has passed
    wrong,    // not made with this secret for this output (or e/k malformed)
};
// Checks e and k from a URL against job `id` and output `name` at time `now` (constant-time
// comparison of the keys).
key_check check_download_key(const std::string& secret, const std::string& id, const std::string& name, const std::string& e,
                             const std::string& k, std::int64_t now);

}  // namespace kib::serve
