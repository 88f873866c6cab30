#include "writers/worksheet_stream.hpp"

#include <algorithm>
#include <cstring>
#include <memory>
#include <stdexcept>

namespace kib::worksheet_stream {

namespace {

constexpr std::size_t chunk = 1u << 20;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view local_name(std::string_view qname) {
    const std::size_t colon = qname.find(':');
    return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

// The value of the unprefixed attribute r in a start tag's attribute text, or "" when absent.
// Returns false when the attributes cannot be read (the DOM then says what is wrong).
bool attribute_r(std::string_view attrs, std::string_view& value, bool& found) {
    std::size_t i = 0;
    found = false;
    for (;;) {
        while (i < attrs.size() && is_space(attrs[i])) ++i;
        if (i >= attrs.size() || attrs[i] == '/') return true;
        const std::size_t name_begin = i;
        while (i < attrs.size() && attrs[i] != '=' && !is_space(attrs[i])) ++i;
        const std::string_view name = attrs.substr(name_begin, i - name_begin);
        while (i < attrs.size() && is_space(attrs[i])) ++i;
        if (i >= attrs.size() || attrs[i] != '=') return false;
        ++i;
        while (i < attrs.size() && is_space(attrs[i])) ++i;
        if (i >= attrs.size() || (attrs[i] != '"' && attrs[i] != '\'')) return false;
        const char q = attrs[i++];
        const std::size_t end = attrs.find(q, i);
        if (end == std::string_view::npos) return false;
        if (name == "r") {
            value = attrs.substr(i, end - i);
            found = true;
        }
        i = end + 1;
    }
}

struct scanner {
    const source& src;
    const scan_options& o;
    scan_result& r;

    scanner(const source& s, const scan_options& opt, scan_result& res) : src(s), o(opt), r(res) {}

    std::string buf;
    std::uint64_t base = 0;  // offset of buf[0] in the part
    bool done = false;
    std::string* cap = &r.head;  // the bytes being collected, from buf[cap_from]
    std::size_t cap_from = 0;
    std::vector<std::string> stack;  // qualified names of the open elements
    bool seen_data = false, in_data = false;
    std::uint32_t prev_row = 0;
    std::uint32_t cur_row = 0;
    bool cur_wanted = false, cur_used = false;
    std::uint64_t cur_begin = 0;
    std::string cur_bytes;
    std::set<std::uint32_t>::const_iterator next_wanted;

    void refuse(std::string why) {
        if (r.refusal.empty()) r.refusal = std::move(why);
        done = true;
    }

    // Drops buf[0, keep) (collecting what is being captured) and reads more; i is moved along.
    bool more(std::size_t& i) {
        const std::size_t keep = i;
        if (cap) {
            cap->append(buf, cap_from, keep - cap_from);
            cap_from = 0;
        }
        buf.erase(0, keep);
        base += keep;
        i = 0;
        if (buf.size() > o.max_token) {
            refuse("a tag, comment or CDATA section over the size limit");
            return false;
        }
        const std::size_t old = buf.size();
        buf.resize(old + chunk);
        const std::size_t n = src(buf.data() + old, chunk);
        buf.resize(old + n);
        return n > 0;
    }

    // The end of the token starting with '<' at i, or npos when it is not all in buf.
    std::size_t token_end(std::size_t i) {
        const std::string_view b(buf);
        if (i + 1 >= b.size()) return std::string_view::npos;
        const char c = b[i + 1];
        auto after = [&](std::string_view closing, std::size_t from) {
            const std::size_t e = b.find(closing, from);
            return e == std::string_view::npos ? e : e + closing.size();
        };
        if (c == '!') {
            if (b.size() - i < 9) return std::string_view::npos;  // not yet known which
            if (b.compare(i, 4, "<!--") == 0) return after("-->", i + 4);
            if (b.compare(i, 9, "<![CDATA[") == 0) return after("]]>", i + 9);
            refuse("a DOCTYPE or other declaration");
            return std::string_view::npos;
        }
        if (c == '?') return after("?>", i + 2);
        if (c == '/') return after(">", i + 2);
        for (std::size_t j = i + 1; j < b.size(); ++j) {
            const char ch = b[j];
            if (ch == '>') return j + 1;
            if (ch == '"' || ch == '\'') {
                const std::size_t q = b.find(ch, j + 1);
                if (q == std::string_view::npos) return q;
                j = q;
            }
        }
        return std::string_view::npos;
    }

    void absent_until(std::uint32_t row, std::uint64_t at) {
        while (next_wanted != o.wanted.end() && *next_wanted < row) r.spans[*next_wanted++] = {at, at, false};
    }

    bool nothing_left() const { return !o.whole && next_wanted == o.wanted.end() && !cur_wanted; }

    void end_row(std::size_t end) {
        if (cur_wanted) {
            cur_bytes.append(buf, cap_from, end - cap_from);
            cap = nullptr;
            r.spans[cur_row] = {cur_begin, base + end, true};
            r.rows[cur_row] = std::move(cur_bytes);
            cur_bytes.clear();
            cur_wanted = false;
        }
        if (cur_used) r.last_used_row = cur_row;
        cur_row = 0;
        if (nothing_left()) done = true;
    }

    void start_tag(std::size_t i, std::size_t end) {
        const bool self_closing = buf[end - 2] == '/';
        std::size_t n = i + 1;
        while (n < end && !is_space(buf[n]) && buf[n] != '/' && buf[n] != '>') ++n;
        const std::string_view name(buf.data() + i + 1, n - i - 1);
        const std::size_t depth = stack.size();
        if (depth + 1 > o.max_depth) return refuse("elements nested over the depth limit");
        if (depth == 1 && local_name(name) == "sheetData") {
            if (seen_data) return refuse("two sheetData elements");
            if (self_closing) return refuse("an empty sheetData element");
            seen_data = in_data = true;
            r.data_begin = base + end;
            r.head.append(buf, cap_from, end - cap_from);
            cap = nullptr;
        } else if (depth == 2 && in_data && local_name(name) == "row") {
            std::string_view value;
            bool found = false;
            if (!attribute_r(std::string_view(buf).substr(n, end - n - 1), value, found))
                return refuse("a row whose attributes cannot be read");
            if (!found) return refuse("a row without r");
            std::uint64_t num = 0;
            for (char ch : value) {
                if (ch < '0' || ch > '9' || num > 1048576) return refuse("a row whose r is not a row number");
                num = num * 10 + static_cast<unsigned>(ch - '0');
            }
            if (value.empty() || num == 0 || num > 1048576) return refuse("a row whose r is not a row number");
            if (num <= prev_row) return refuse("rows out of order or repeated");
            const auto row = static_cast<std::uint32_t>(num);
            absent_until(row, base + i);
            if (nothing_left()) {
                done = true;
                return;
            }
            prev_row = row;
            r.last_row = row;
            cur_row = row;
            cur_used = false;
            cur_begin = base + i;
            cur_wanted = next_wanted != o.wanted.end() && *next_wanted == row;
            if (cur_wanted) {
                ++next_wanted;
                cap = &cur_bytes;
                cap_from = i;
            }
            if (self_closing) end_row(end);
        } else if (depth == 4 && cur_row != 0) {
            const std::string_view l = local_name(name);
            if (l == "f") {
                r.has_formula = true;
                if (o.stop_at_formula) done = true;
            }
            if (l == "v" || l == "f" || l == "is") cur_used = true;
        }
        if (!self_closing) stack.emplace_back(name);
    }

    void end_tag(std::size_t i, std::size_t end) {
        std::size_t n = i + 2;
        while (n < end - 1 && !is_space(buf[n])) ++n;
        const std::string_view name(buf.data() + i + 2, n - i - 2);
        if (stack.empty() || stack.back() != name) return refuse("end tags that do not match their start tags");
        stack.pop_back();
        const std::size_t depth = stack.size();
        if (depth == 2 && cur_row != 0 && in_data) {
            end_row(end);
        } else if (depth == 1 && in_data) {
            in_data = false;
            r.data_end = base + i;
            absent_until(1048577, base + i);
            if (!o.whole) {
                done = true;
                return;
            }
            cap = &r.tail;
            cap_from = i;
        }
    }

    void run() {
        next_wanted = o.wanted.begin();
        std::size_t i = 0;
        bool at_end = false;
        while (!done) {
            const void* lt = i < buf.size() ? std::memchr(buf.data() + i, '<', buf.size() - i) : nullptr;
            if (!lt) {
                i = buf.size();
                if (!more(i)) {
                    at_end = true;
                    break;
                }
                continue;
            }
            i = static_cast<std::size_t>(static_cast<const char*>(lt) - buf.data());
            const std::size_t end = token_end(i);
            if (done) break;
            if (end == std::string_view::npos) {
                if (!more(i)) {
                    if (!done) refuse("the part ends inside a tag");
                    break;
                }
                continue;
            }
            if (end - i > o.max_token) return refuse("a tag, comment or CDATA section over the size limit");
            const char c = buf[i + 1];
            if (c == '/') end_tag(i, end);
            else if (c != '!' && c != '?') start_tag(i, end);
            i = end;
        }
        if (!at_end || !r.refusal.empty()) return;
        if (cap == &r.tail) r.tail.append(buf, cap_from, buf.size() - cap_from);
        if (!stack.empty()) return refuse("the part ends inside an element");
        if (!seen_data) return refuse("no sheetData element");
    }
};

}  // namespace

scan_result scan(const source& src, const scan_options& options) {
    scan_result r;
    scanner s(src, options, r);
    s.run();
    if (!r.refusal.empty()) {
        r.head.clear();
        r.tail.clear();
        r.rows.clear();
        r.spans.clear();
    }
    return r;
}

source from_memory(std::string_view bytes) {
    auto at = std::make_shared<std::size_t>(0);
    return [bytes, at](char* buf, std::size_t cap) {
        const std::size_t n = std::min(cap, bytes.size() - *at);
        std::memcpy(buf, bytes.data() + *at, n);
        *at += n;
        return n;
    };
}

void splice(const source& src, std::string_view head, std::uint64_t data_begin, const std::vector<replacement>& repl,
            std::uint64_t data_end, std::string_view tail, const sink& out) {
    std::vector<char> buf(chunk);
    std::size_t have = 0, at = 0;
    std::uint64_t pos = 0;
    auto advance = [&](std::uint64_t to, bool emit) {
        while (pos < to) {
            if (at == have) {
                have = src(buf.data(), buf.size());
                at = 0;
                if (have == 0) throw std::logic_error("worksheet_stream::splice: the part is shorter than its scan");
            }
            const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(have - at, to - pos));
            if (emit) out(std::string_view(buf.data() + at, n));
            at += n;
            pos += n;
        }
    };
    out(head);
    advance(data_begin, false);
    for (const replacement& r : repl) {
        if (r.begin < pos || r.end < r.begin || r.end > data_end)
            throw std::logic_error("worksheet_stream::splice: replacements out of order");
        advance(r.begin, true);
        out(r.bytes);
        advance(r.end, false);
    }
    advance(data_end, true);
    out(tail);
}

}  // namespace kib::worksheet_stream
