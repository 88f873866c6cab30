// The colours of a KPI status, the same in every output kib writes (`kib kpi -o` status cells, the
// steering report's KPI table and its legend): pastel fills on which dark text stays legible.
// RGB hex, without alpha.
#pragma once

#include <string_view>

namespace kib::status_colours {

constexpr std::string_view groen = "C6EFCE";
constexpr std::string_view oranje = "FFEB9C";
constexpr std::string_view rood = "FFC7CE";
constexpr std::string_view geen = "EDEDED";  // geen meting, geen norm

// The fill for a status word (groen, oranje, rood; anything else is grey).
constexpr std::string_view of(std::string_view status) {
    return status == "groen" ? groen : status == "oranje" ? oranje : status == "rood" ? rood : geen;
}

}  // namespace kib::status_colours
