// kib::zip_codec — raw deflate (ZIP method 8) and CRC-32 for the package layer: the ONE place where
// kib chooses between Intel's ISA-L and zlib. Which one is fixed at build time (CMake option
// KIB_ISAL: AUTO uses ISA-L when libisal-dev is found, ON requires it, OFF builds with zlib).
//
// Contract:
// - Both codecs read every valid raw deflate stream and produce the same bytes; what they write
//   is valid raw deflate any ZIP reader inflates. The compressed bytes differ between codecs (and
//   ISA-L's are up to ~10% larger): a part deflated twice by the same build gives equal bytes.
// - crc32 is the ZIP/gzip CRC-32 (reflected IEEE), chainable: crc32(crc32(0, a), b) == crc32(0, ab).
// - Only readers/package.cpp and writers/zip_writer.cpp use this unit (the package layer).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace kib::zip_codec {

// "ISA-L 2.30" or "zlib 1.2.13": the codec this build uses, for figures and diagnostics.
std::string name();

// The CRC-32 of ZIP entries, continuing from crc (0 to start).
std::uint32_t crc32(std::uint32_t crc, const char* data, std::size_t n) noexcept;

// Inflates one raw deflate stream fed in pieces. Not thread-safe; one stream per inflater.
class inflater {
public:
    enum class status : std::uint8_t {
        more,      // needs more input or more output room; call again
        end,       // the deflate stream is complete (input after it was not consumed)
        bad_data,  // not valid deflate data; the inflater is unusable afterwards
    };
    struct step {
        std::size_t used = 0;  // input bytes consumed
        std::size_t made = 0;  // output bytes written
        status st = status::more;
    };

    inflater();
    inflater(const inflater&) = delete;
    inflater& operator=(const inflater&) = delete;
    ~inflater();

    // Consumes from in[0, in_len) and writes at most cap bytes to out. Trap: a call may consume
    // input and make no output (a block header), or make output from buffered state with no new
    // input; only made == 0 with used == 0 and status more means "give me more input".
    step inflate(const char* in, std::size_t in_len, char* out, std::size_t cap);

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

// Raw deflate of data in one go. level is zlib's scale (1 fastest .. 9 smallest; kib writes 6,
// and 1 for filled templates); ISA-L maps it onto its own levels (see zip_codec.cpp for the
// measured sizes). Throws kib::error(limit) over 4 GiB, naming part.
std::string deflate(std::string_view data, int level, const std::string& part);

// Raw deflate of data fed in pieces (a big sheet streamed through the editor): the compressed
// bytes collect in memory (a fifth of the input or less); the input need not be held. Same levels
// as deflate(). Throws kib::error(limit) over 4 GiB of input, naming part.
class deflate_stream {
public:
    deflate_stream(int level, std::string part);
    deflate_stream(const deflate_stream&) = delete;
    deflate_stream& operator=(const deflate_stream&) = delete;
    ~deflate_stream();

    void add(std::string_view data);
    // Ends the stream and hands out the compressed bytes; nothing may be added afterwards.
    std::string finish();

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace kib::zip_codec
