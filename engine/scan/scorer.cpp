// The streaming scorer (scorer::state/add/finish): respondent totals in exact 1/840 units, answer
// distributions, departments, comments and warnings; finish adds the spread and the interview
// suggestions. Sums of squares are 128-bit: 64 bits overflow beyond ~100,000 respondents.
#include "engine/scan/maturity.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/scan/maturity_detail.hpp"
#include "readers/i18n.hpp"

namespace kib::maturity {

using namespace detail;

namespace {

// Transparent hashing: the per-row lookups of ids and departments take the cell's text as a view and
// allocate only for a name or id seen for the first time.
struct text_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};
template <class V>
using text_map = std::unordered_map<std::string, V, text_hash, std::equal_to<>>;

// cell_text() without the copy for text cells: a view of the trimmed text, valid while the cell is;
// numbers and other values are formatted into scratch.
std::string_view cell_view(const cell_value* v, std::string& scratch) {
    if (!v || v->empty()) return {};
    if (v->type == cell_type::text) return trim_view(v->text);
    scratch = v->to_display();
    return trim_view(scratch);
}

// Text kept where it is first written: blocks never moved or resized, so a view of kept text stays
// valid while the blocks live (a growing std::string moves its bytes, and copying 3 MB of comments
// through doublings into fresh pages cost more than scoring them).
class text_blocks {
public:
    std::string_view keep(std::string_view s) {
        if (s.empty()) return {};
        if (s.size() > block_size / 8) {  // a long text gets a block of its own
            blocks_.push_back(std::make_unique_for_overwrite<char[]>(s.size()));
            std::memcpy(blocks_.back().get(), s.data(), s.size());
            return {blocks_.back().get(), s.size()};
        }
        if (free_ < s.size()) {
            blocks_.push_back(std::make_unique_for_overwrite<char[]>(block_size));
            next_ = blocks_.back().get();
            free_ = block_size;
        }
        char* at = next_;
        std::memcpy(at, s.data(), s.size());
        next_ += s.size();
        free_ -= s.size();
        return {at, s.size()};
    }

private:
    static constexpr std::size_t block_size = 256 * 1024;
    std::vector<std::unique_ptr<char[]>> blocks_;
    char* next_ = nullptr;
    std::size_t free_ = 0;
};

// Respondent ids seen so far → the first row of each, for the duplicate warning.
//
// Exports number their respondents in order (1001, 1002, … or R00001, …), so an id that sorts
// after every id before it (shortlex: shorter first, then bytewise, which numbers without leading
// zeros follow) is new without a lookup: such ids go to `run_`, sorted by construction and searched
// by bisection. Other ids go to an open-addressing table of 8-byte slots (32-bit hash tag, entry
// number). A hash lookup per row cost a cache and TLB miss on every row, the most expensive
// single step of scoring 100,000 respondents.
class id_index {
public:
    // The first row of id when it was seen before; else records it at row and returns 0.
    std::uint32_t first_row_or_add(std::string_view id, std::uint32_t row) {
        if (run_.empty() || shortlex_less(run_.back().id(), id)) {
            run_.push_back(make_entry(text_.keep(id), row));
            return 0;
        }
        const auto in_run = std::lower_bound(run_.begin(), run_.end(), id,
                                             [](const entry& e, std::string_view v) { return shortlex_less(e.id(), v); });
        if (in_run != run_.end() && in_run->id() == id) return in_run->row;
        if (2 * (entries_.size() + 1) > slots_.size()) grow();
        const std::uint64_t h = std::hash<std::string_view>{}(id);
        const auto tag = static_cast<std::uint32_t>(h >> 32);
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = h & mask;; i = (i + 1) & mask) {
            slot& sl = slots_[i];
            if (sl.entry == 0) {
                entries_.push_back(make_entry(text_.keep(id), row));
                sl = {tag, static_cast<std::uint32_t>(entries_.size())};
                return 0;
            }
            if (sl.tag == tag && entries_[sl.entry - 1].id() == id) return entries_[sl.entry - 1].row;
        }
    }

private:
    struct slot {
        std::uint32_t tag = 0;
        std::uint32_t entry = 0;  // 1-based into entries_; 0 marks a free slot
    };
    // 16 bytes: 100,000 ids are 1.6 MB (2.4 MB as string_view + row), and every fresh page is a page
    // fault, which costs microseconds on a virtual machine.
    struct entry {
        const char* text;
        std::uint32_t size;
        std::uint32_t row;
        std::string_view id() const noexcept { return {text, size}; }
    };
    static entry make_entry(std::string_view kept, std::uint32_t row) noexcept {
        return {kept.data(), static_cast<std::uint32_t>(kept.size()), row};
    }
    static bool shortlex_less(std::string_view a, std::string_view b) noexcept {
        return a.size() != b.size() ? a.size() < b.size() : a < b;
    }
    void grow() {
        std::vector<slot> old(std::max<std::size_t>(1024, slots_.size() * 2));
        old.swap(slots_);
        const std::size_t mask = slots_.size() - 1;
        for (const slot& sl : old) {
            if (sl.entry == 0) continue;
            std::size_t i = std::hash<std::string_view>{}(entries_[sl.entry - 1].id()) & mask;
            while (slots_[i].entry != 0) i = (i + 1) & mask;
            slots_[i] = sl;
        }
    }
    std::vector<entry> run_;      // ids that arrived in increasing shortlex order
    std::vector<slot> slots_;     // the table over entries_
    std::vector<entry> entries_;  // the other ids, in arrival order
    text_blocks text_;
};

const char* answer_hint() {
    return "use Niet / nooit, Incidenteel, Regelmatig, Systematisch or Weet ik niet (or 1-4 and X); leave the cell "
           "empty when not answered, or run with --skip-invalid to treat such cells as not answered";
}

}  // namespace

std::int64_t dont_know_total(const pillar_result& p, std::int64_t& filled) {
    std::int64_t dk = 0;
    filled = 0;
    for (const auto& q : p.questions) {
        dk += q.dont_know;
        filled += q.filled();
    }
    return dk;
}

long double department_result::average() const noexcept {
    long double sum = 0;
    int n = 0;
    for (const exact_mean& m : pillars) {
        if (!m.has_value()) continue;
        sum += m.value();
        ++n;
    }
    return n == 0 ? 0 : sum / n;
}

struct scorer::state {
    column_map columns;
    score_options options;
    std::string file, sheet;
    bool csv = false;
    int max_col = 0;

    std::int64_t respondents = 0;
    std::array<pillar_result, pillar_count> pillars{};
    std::array<i128, pillar_count> sum_squares{};
    // Answers per question by kind (index: the answer's value; none, p1..p4, dont_know).
    static constexpr std::size_t answer_kinds = static_cast<std::size_t>(answer::invalid) + 1;
    std::array<std::array<std::array<std::int64_t, answer_kinds>, questions_per_pillar>, pillar_count> tally{};

    std::unordered_map<std::string, std::size_t> dept_index;  // normalised name → index
    struct spelling {
        std::size_t index;         // into departments
        std::string_view kept;     // the spelling in texts, for comments
    };
    text_map<spelling> dept_by_text;  // name as in the cell → department
    std::vector<department_result> departments;
    id_index ids;
    std::string id_scratch, dept_scratch;
    // The comments' texts, handed to the result in finish(): views into them stay valid.
    std::shared_ptr<text_blocks> texts = std::make_shared<text_blocks>();
    std::vector<comment_entry> comments;
    std::vector<std::string> warnings;
    std::size_t suppressed = 0;

    void warn(std::string w) {
        if (warnings.size() < options.max_warnings) {
            warnings.push_back(std::move(w));
        } else {
            ++suppressed;
        }
    }
};

scorer::scorer(column_map columns, score_options options, std::string file, std::string sheet, bool csv)
    : s_(std::make_shared<state>()) {
    s_->columns = columns;
    s_->options = std::move(options);
    s_->file = std::move(file);
    s_->sheet = std::move(sheet);
    s_->csv = csv;
    int mx = std::max(columns.department, columns.respondent);
    for (const auto& p : columns.questions) {
        for (int c : p) mx = std::max(mx, c);
    }
    for (int c : columns.comment) mx = std::max(mx, c);
    s_->max_col = mx;
}

void scorer::add(const row_cells& r) {
    state& s = *s_;
    const auto& cells = *r.cells;
    auto at = [&](int c) -> const cell_value* {
        return c >= 0 && static_cast<std::size_t>(c) < cells.size() ? cells[static_cast<std::size_t>(c)] : nullptr;
    };
    std::array<std::array<answer, questions_per_pillar>, pillar_count> answers;
    bool any_answer = false;
    for (int p = 0; p < pillar_count; ++p) {
        for (int q = 0; q < questions_per_pillar; ++q) {
            const int c = s.columns.questions[p][q];
            const cell_value* v = at(c);
            answer a = !v ? answer::none : v->type == cell_type::text ? exact_label(v->text) : answer::invalid;
            if (v && a == answer::invalid) a = parse_answer(*v);
            if (a == answer::invalid) {
                const std::string where = cell_where(s.sheet, s.csv, c, r.row_number);
                const std::string shown = v->type == cell_type::text ? v->text : v->to_display();
                if (!s.options.skip_invalid) {
                    fail(s.file, where, trf("{} is not an answer option ({} {})", {in_quotes(shown), pillars()[p].name, std::to_string(q + 1)}),
                         answer_hint());
                }
                s.warn(trf("{}: {} is not an answer option; counted as not answered", {where, in_quotes(shown)}));
                a = answer::none;
            }
            answers[p][q] = a;
            any_answer = any_answer || a != answer::none;
        }
    }
    std::array<std::string_view, pillar_count> comment_texts;
    std::array<std::string, pillar_count> comment_scratch;
    bool any_comment = false;
    for (int p = 0; p < pillar_count; ++p) {
        comment_texts[p] = cell_view(at(s.columns.comment[p]), comment_scratch[p]);
        any_comment = any_comment || !comment_texts[p].empty();
    }
    const std::string_view id = cell_view(at(s.columns.respondent), s.id_scratch);
    std::string_view dept = cell_view(at(s.columns.department), s.dept_scratch);
    if (!any_answer && !any_comment) {
        if (!id.empty() || !dept.empty()) {
            const std::string line = s.csv ? trf("line {}", {std::to_string(r.row_number)}) : trf("row {}", {std::to_string(r.row_number)});
            s.warn(id.empty() ? trf("{}: no answers (respondent without id); not counted as a respondent", {line})
                              : trf("{}: no answers (respondent {}); not counted as a respondent", {line, in_quotes(id)}));
        }
        return;
    }
    if (!id.empty()) {
        if (const std::uint32_t earlier = s.ids.first_row_or_add(id, r.row_number); earlier != 0) {
            const std::string first = std::to_string(earlier), second = std::to_string(r.row_number);
            s.warn(s.csv ? trf("respondent id {} appears in lines {} and {}; both rows are counted", {in_quotes(id), first, second})
                         : trf("respondent id {} appears in rows {} and {}; both rows are counted", {in_quotes(id), first, second}));
        }
    }
    if (dept.empty() && s.columns.department >= 0) dept = "(onbekend)";
    ++s.respondents;
    department_result* d = nullptr;
    if (s.columns.department >= 0) {
        auto known = s.dept_by_text.find(dept);
        if (known == s.dept_by_text.end()) {
            // Spellings that normalise alike ("Klantenservice", "klantenservice ") share a department;
            // the first spelling seen names it.
            auto [it, inserted] = s.dept_index.emplace(normalize(dept), s.departments.size());
            if (inserted) {
                s.departments.emplace_back();
                s.departments.back().name = std::string(dept);
            }
            known = s.dept_by_text.emplace(std::string(dept), state::spelling{it->second, s.texts->keep(dept)}).first;
        }
        d = &s.departments[known->second.index];
        dept = known->second.kept;
        ++d->respondents;
    }
    for (int p = 0; p < pillar_count; ++p) {
        pillar_result& pr = s.pillars[p];
        // Counted by table, without a branch on the answer (see exact_label); folded into the
        // question statistics in finish().
        static constexpr std::array<int, state::answer_kinds> points_of = {0, 1, 2, 3, 4, 0, 0};
        static constexpr std::array<int, state::answer_kinds> scored = {0, 1, 1, 1, 1, 0, 0};
        int sum = 0, answered = 0;
        for (int q = 0; q < questions_per_pillar; ++q) {
            const auto a = static_cast<std::size_t>(answers[p][q]);
            ++s.tally[p][q][a];
            sum += points_of[a];
            answered += scored[a];
        }
        if (answered == 0) continue;
        const std::int64_t t = total_units(sum, answered);
        pr.score.sum_units += t;
        ++pr.score.count;
        s.sum_squares[p] += static_cast<i128>(t) * t;
        const auto rounded = static_cast<std::size_t>((2 * t + units_per_point) / (2 * units_per_point));
        ++pr.total_histogram[std::min<std::size_t>(24, rounded - 8)];
        if (d) {
            d->pillars[p].sum_units += t;
            ++d->pillars[p].count;
        }
    }
    for (int p = 0; p < pillar_count; ++p) {
        if (comment_texts[p].empty()) continue;
        s.comments.push_back({p, dept, s.texts->keep(id), s.texts->keep(comment_texts[p])});
    }
}

namespace {

void suggest_interviews(scan_result& r) {
    constexpr std::int64_t min_respondents = 3;
    std::vector<const department_result*> eligible;
    for (const department_result& d : r.departments) {
        bool any = false;
        for (const exact_mean& m : d.pillars) any = any || m.has_value();
        if (any && d.respondents >= min_respondents) eligible.push_back(&d);
    }
    // Ranking key rounded to 1e-9 so equal averages compare equal and the name decides.
    auto key = [](const department_result* d) { return std::llround(d->average() * 1e9L); };
    std::sort(eligible.begin(), eligible.end(), [&](const department_result* a, const department_result* b) {
        const auto ka = key(a), kb = key(b);
        return ka != kb ? ka > kb : a->name < b->name;
    });
    const std::size_t n = eligible.size();
    std::size_t k = std::min<std::size_t>(3, n / 3);
    if (k == 0 && n >= 2) k = 1;
    std::vector<bool> used(n, false);
    auto add = [&](std::size_t i, const char* reason) {
        used[i] = true;
        r.interviews.push_back({eligible[i]->name, reason, eligible[i]->average(), eligible[i]->respondents});
    };
    for (std::size_t i = 0; i < k; ++i) add(i, "hoogste gemiddelde score");
    for (std::size_t i = 0; i < k; ++i) add(n - 1 - i, "laagste gemiddelde score");
    // Organisation mean: the mean of the six pillar scores.
    long double org = 0;
    int np = 0;
    for (const pillar_result& p : r.pillars) {
        if (!p.score.has_value()) continue;
        org += p.score.value();
        ++np;
    }
    if (np > 0) org /= np;
    std::vector<std::size_t> rest;
    for (std::size_t i = 0; i < n; ++i) {
        if (!used[i]) rest.push_back(i);
    }
    std::stable_sort(rest.begin(), rest.end(), [&](std::size_t a, std::size_t b) {
        return std::llround(std::fabs(eligible[a]->average() - org) * 1e9L) <
               std::llround(std::fabs(eligible[b]->average() - org) * 1e9L);
    });
    for (std::size_t i = 0; i < rest.size() && i < 2; ++i) add(rest[i], "gemiddeld scorend");
}

}  // namespace

scan_result scorer::finish() {
    state& s = *s_;
    scan_result r;
    r.file = s.file;
    r.sheet = s.sheet;
    r.respondents = s.respondents;
    r.columns = s.columns;
    for (int p = 0; p < pillar_count; ++p) {
        for (int q = 0; q < questions_per_pillar; ++q) {
            const auto& t = s.tally[p][q];
            question_stats& qs = s.pillars[p].questions[q];
            qs.not_answered = t[static_cast<std::size_t>(answer::none)];
            qs.dont_know = t[static_cast<std::size_t>(answer::dont_know)];
            for (int k = 0; k < 4; ++k) qs.points[k] = t[static_cast<std::size_t>(answer::p1) + k];
        }
    }
    r.pillars = s.pillars;
    for (int p = 0; p < pillar_count; ++p) {
        const i128 n = r.pillars[p].score.count;
        if (n < 2) continue;
        const i128 sum = r.pillars[p].score.sum_units;
        const i128 var_num = n * s.sum_squares[p] - sum * sum;  // ≥ 0, exact
        const long double var = static_cast<long double>(var_num) / static_cast<long double>(n * (n - 1));
        r.pillars[p].sd = std::sqrt(var) / static_cast<long double>(units_per_point);
    }
    r.departments = std::move(s.departments);
    std::sort(r.departments.begin(), r.departments.end(),
              [](const department_result& a, const department_result& b) { return a.name < b.name; });
    r.comments = std::move(s.comments);
    r.comment_text = s.texts;
    r.warnings = std::move(s.warnings);
    if (s.suppressed > 0) r.warnings.push_back(trf("{} more warnings not listed", {std::to_string(s.suppressed)}));
    if (s.columns.department < 0) r.warnings.push_back(tr("no Afdeling column: no results per department"));
    suggest_interviews(r);
    return r;
}

}  // namespace kib::maturity
