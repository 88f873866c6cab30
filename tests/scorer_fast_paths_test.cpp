// The scorer's fast paths (engine/scan/scorer.cpp, maturity_detail.hpp) against plain references:
// exact_label() decides only what parse_answer() would decide alike; the respondent-id index finds
// exactly the duplicates a std::map finds, in increasing, decreasing and shuffled orders; and the
// comments, views into text the result owns, outlive the scorer and copies of the result.
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/scan/maturity.hpp"
#include "engine/scan/maturity_detail.hpp"

namespace m = kib::maturity;
using kib::cell_value;

namespace {

cell_value T(const std::string& s) { return cell_value::make_text(s); }

std::vector<cell_value> header_row() {
    std::vector<cell_value> h{T("Respondent"), T("Afdeling")};
    for (const auto& p : m::pillars()) {
        for (int q = 1; q <= 8; ++q) h.push_back(T(std::string(p.code) + std::to_string(q)));
    }
    for (const auto& p : m::pillars()) h.push_back(T(std::string("Toelichting ") + p.name));
    return h;
}

// A respondent whose every answer is `answer`, with an optional comment for the first pillar.
std::vector<cell_value> respondent(const cell_value& id, const std::string& dept, const std::string& answer,
                                   const std::string& comment = {}) {
    std::vector<cell_value> r{id, dept.empty() ? cell_value{} : T(dept)};
    for (int i = 0; i < 48; ++i) r.push_back(T(answer));
    r.push_back(comment.empty() ? cell_value{} : T(comment));
    for (int p = 1; p < m::pillar_count; ++p) r.emplace_back();
    return r;
}

std::uint64_t next(std::uint64_t& x) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    return x >> 33;
}

TEST(ScorerFastPaths, ExactLabelDecidesOnlyWhatTheParserDecidesAlike) {
    const std::vector<std::string> labels = {"Niet / nooit", "Incidenteel", "Regelmatig", "Systematisch", "Weet ik niet"};
    std::vector<std::string> texts = {"", "1", "X", "regelmatig", "REGELMATIG", " Regelmatig", "Regelmatig ",
                                      "Niet/nooit", "Niet /  nooit", "Weet ik niet\xC2\xA0", "Systematisc", "Systematischh",
                                      "Incidenteell", "Regelmatigg", "Sometimes123", "Weet ik nie", "Niet / nooiT"};
    // Every label with each byte changed, dropped, or doubled: near misses of every shape.
    for (const std::string& l : labels) {
        texts.push_back(l);
        for (std::size_t i = 0; i < l.size(); ++i) {
            for (const char c : {'a', 'Z', ' ', '/', '\0', static_cast<char>(l[i] ^ 0x20), static_cast<char>(l[i] + 1)}) {
                std::string t = l;
                t[i] = c;
                texts.push_back(t);
            }
            texts.push_back(l.substr(0, i) + l.substr(i + 1));
            texts.push_back(l.substr(0, i + 1) + l.substr(i));
        }
    }
    std::set<std::string> decided;
    for (const std::string& t : texts) {
        SCOPED_TRACE("\"" + t + "\"");
        const m::answer fast = m::detail::exact_label(t);
        // parse_answer() itself starts with exact_label(); a leading space (which it trims) sends
        // the text through its normalising path, the reference here.
        const m::answer full = m::parse_answer(T(" " + t));
        EXPECT_EQ(m::parse_answer(T(t)), full);
        if (fast != m::answer::invalid) {
            EXPECT_EQ(fast, full);
            decided.insert(t);
        }
    }
    EXPECT_EQ(decided, std::set<std::string>(labels.begin(), labels.end()))
        << "exactly the five labels as exported are decided by the fast path";
}

// The duplicate warnings a plain std::map gives, in row order.
std::vector<std::string> expected_duplicates(const std::vector<std::string>& ids) {
    std::map<std::string, std::size_t> first;
    std::vector<std::string> out;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const std::uint32_t row = static_cast<std::uint32_t>(i + 2);  // row 1 is the header
        const auto [it, inserted] = first.emplace(ids[i], row);
        if (!inserted) {
            out.push_back("respondent id \"" + ids[i] + "\" appears in rows " + std::to_string(it->second) + " and " +
                          std::to_string(row) + "; both rows are counted");
        }
    }
    return out;
}

std::vector<std::string> scored_duplicates(const std::vector<std::string>& ids) {
    std::vector<std::vector<cell_value>> rows{header_row()};
    for (const std::string& id : ids) rows.push_back(respondent(T(id), "HR", "Regelmatig"));
    m::score_options opt;
    opt.max_warnings = 1000000;
    return m::score_table(rows, opt).warnings;
}

TEST(ScorerFastPaths, DuplicateIdsInEveryOrder) {
    std::vector<std::string> increasing, decreasing, shuffled, mixed;
    for (int i = 1; i <= 3000; ++i) increasing.push_back(std::to_string(i));
    for (int i = 3000; i >= 1; --i) decreasing.push_back(std::to_string(i));
    std::uint64_t x = 7;
    for (int i = 0; i < 3000; ++i) shuffled.push_back("R" + std::to_string(next(x) % 2500));
    // Runs that rise (ids after every earlier one), fall back, and rise again, with repeats of
    // ids from both the rising runs and the rest; lengths vary ("9" < "10" < "R1" in length).
    for (int i = 0; i < 3000; ++i) {
        const std::uint64_t k = next(x);
        if (k % 7 == 0) mixed.push_back(mixed.empty() ? "0" : mixed[next(x) % mixed.size()]);
        else if (k % 5 == 0) mixed.push_back(std::to_string(next(x) % 400));
        else if (k % 3 == 0) mixed.push_back("R" + std::to_string(i / 2));
        else mixed.push_back(std::to_string(i * 3 + 1000));
    }
    increasing.push_back("1500");
    increasing.push_back("3000");
    decreasing.push_back("1500");
    decreasing.push_back("3001");
    decreasing.push_back("3001");
    for (const auto* ids : {&increasing, &decreasing, &shuffled, &mixed}) {
        const std::vector<std::string> want = expected_duplicates(*ids);
        EXPECT_FALSE(want.empty());
        EXPECT_EQ(scored_duplicates(*ids), want);
    }
}

TEST(ScorerFastPaths, CommentsOutliveTheScorerAndCopiesOfTheResult) {
    std::vector<std::vector<cell_value>> rows{header_row()};
    for (int i = 0; i < 20000; ++i) {
        // Long texts too: they get a block of their own in the text store.
        const std::string comment = i % 1000 == 0 ? std::string(70000, 'x') + std::to_string(i) : "Opmerking " + std::to_string(i);
        rows.push_back(respondent(cell_value::make_number(i + 1), i % 2 ? "Klantenservice" : "klantenservice ",
                                  "Systematisch", comment));
    }
    std::optional<m::scan_result> original = m::score_table(rows, {});
    rows.clear();  // nothing the comments view may point into the input
    const m::scan_result copy = *original;
    original.reset();
    ASSERT_EQ(copy.comments.size(), 20000u);
    for (int i = 0; i < 20000; ++i) {
        const m::comment_entry& c = copy.comments[static_cast<std::size_t>(i)];
        const std::string want = i % 1000 == 0 ? std::string(70000, 'x') + std::to_string(i) : "Opmerking " + std::to_string(i);
        ASSERT_EQ(c.text, want);
        ASSERT_EQ(c.respondent, std::to_string(i + 1));
        ASSERT_EQ(c.department, i % 2 ? "Klantenservice" : "klantenservice") << "the spelling of the row, trimmed";
        ASSERT_EQ(c.pillar, 0);
    }
}

}  // namespace
