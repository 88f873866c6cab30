// libFuzzer target: the CSV reader (encodings, delimiters, quotes).
#include <cstddef>
#include <cstdint>
#include <string>

#include "readers/csv.hpp"
#include "readers/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        (void)kib::parse_csv(std::string(reinterpret_cast<const char*>(data), size), "fuzz.csv");
    } catch (const kib::error&) {
    }
    return 0;
}
