// Tests of writers/worksheet_stream: the tag-level scan of a worksheet part and the streamed splice.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "writers/worksheet_stream.hpp"

namespace ws = kib::worksheet_stream;

namespace {

const std::string head =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"
    "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<x:dimension ref=\"A1:C9\"/><x:sheetData>";
const std::string row2 = "<x:row r=\"2\" spans=\"1:3\"><x:c r=\"A2\" t=\"s\"><x:v>0</x:v></x:c></x:row>";
// Quotes holding '>' and '<'-free text, a comment and CDATA that look like rows, a self-closing row.
const std::string row5 =
    "<x:row r='5' x14ac:dyDescent=\"0.25\" note=\"a > b\"><!-- <x:row r=\"6\"> --><x:c r=\"B5\" t=\"inlineStr\">"
    "<x:is><x:t><![CDATA[</x:row><x:row r=\"7\">]]></x:t></x:is></x:c></x:row>";
const std::string row8 = "<x:row r=\"8\"/>";
const std::string row9 = "<x:row\nr = \"9\" ><x:c r=\"C9\"/></x:row>";
const std::string tail = "</x:sheetData><x:mergeCells count=\"0\"/></x:worksheet>\n";
const std::string sheet = head + row2 + row5 + row8 + row9 + tail;

// A source handing out at most `step` bytes a call: every token gets cut somewhere.
ws::source in_pieces(const std::string& s, std::size_t step) {
    auto at = std::make_shared<std::size_t>(0);
    return [&s, step, at](char* buf, std::size_t cap) {
        const std::size_t n = std::min({cap, step, s.size() - *at});
        std::memcpy(buf, s.data() + *at, n);
        *at += n;
        return n;
    };
}

ws::scan_options wanting(std::set<std::uint32_t> rows) {
    ws::scan_options o;
    o.wanted = std::move(rows);
    return o;
}

}  // namespace

TEST(WorksheetStream, FindsWantedRowsAndWhereMissingOnesGoWhateverTheChunking) {
    for (std::size_t step : {std::size_t{1}, std::size_t{3}, std::size_t{7}, std::size_t{64}, sheet.size()}) {
        SCOPED_TRACE(step);
        const ws::scan_result r = ws::scan(in_pieces(sheet, step), wanting({1, 5, 6, 8, 9, 12}));
        ASSERT_EQ(r.refusal, "");
        EXPECT_FALSE(r.has_formula);
        EXPECT_EQ(r.head, head);
        EXPECT_EQ(r.tail, tail);
        EXPECT_EQ(r.data_begin, head.size());
        EXPECT_EQ(r.data_end, sheet.size() - tail.size());
        const std::uint64_t at2 = head.size(), at5 = at2 + row2.size(), at8 = at5 + row5.size(), at9 = at8 + row8.size();
        EXPECT_EQ(r.rows.size(), 3u);
        EXPECT_EQ(r.rows.at(5), row5);
        EXPECT_EQ(r.rows.at(8), row8);
        EXPECT_EQ(r.rows.at(9), row9);
        EXPECT_FALSE(r.spans.at(1).present);
        EXPECT_EQ(r.spans.at(1).begin, at2);  // before row 2
        EXPECT_EQ(r.spans.at(5).begin, at5);
        EXPECT_EQ(r.spans.at(5).end, at8);
        EXPECT_FALSE(r.spans.at(6).present);  // the comment and the CDATA are not rows
        EXPECT_EQ(r.spans.at(6).begin, at8);
        EXPECT_EQ(r.spans.at(9).begin, at9);
        EXPECT_FALSE(r.spans.at(12).present);
        EXPECT_EQ(r.spans.at(12).begin, r.data_end);
        EXPECT_EQ(r.last_row, 9u);
        EXPECT_EQ(r.last_used_row, 5u);  // row 9's only cell has no value
    }
}

TEST(WorksheetStream, APartialScanStopsAfterTheLastWantedRow) {
    ws::scan_options o = wanting({5});
    o.whole = false;
    const ws::scan_result r = ws::scan(in_pieces(sheet, 5), o);
    ASSERT_EQ(r.refusal, "");
    EXPECT_EQ(r.rows.at(5), row5);
    EXPECT_EQ(r.tail, "");
    EXPECT_EQ(r.last_row, 5u);
}

TEST(WorksheetStream, FormulasAreFound) {
    const std::string f = head + "<x:row r=\"1\"><x:c r=\"A1\"><x:f>B1*2</x:f><x:v>4</x:v></x:c></x:row>" + tail;
    EXPECT_TRUE(ws::scan(ws::from_memory(f), {}).has_formula);
    ws::scan_options o;
    o.stop_at_formula = true;
    EXPECT_TRUE(ws::scan(ws::from_memory(f), o).has_formula);
    EXPECT_FALSE(ws::scan(ws::from_memory(sheet), o).has_formula);
}

TEST(WorksheetStream, PartsItCannotVouchForAreRefusedWithAReason) {
    const std::pair<std::string, std::string> cases[] = {
        {head + "<x:row><x:c r=\"A1\"/></x:row>" + tail, "a row without r"},
        {head + "<x:row r=\"3\"/><x:row r=\"2\"/>" + tail, "rows out of order or repeated"},
        {head + "<x:row r=\"3\"/><x:row r=\"3\"/>" + tail, "rows out of order or repeated"},
        {head + "<x:row r=\"&#51;\"/>" + tail, "a row whose r is not a row number"},
        {head + "<x:row r=\"1048577\"/>" + tail, "a row whose r is not a row number"},
        {head + "<x:row r=\"1\"></x:c>" + tail, "end tags that do not match their start tags"},
        {"<!DOCTYPE x [<!ENTITY a \"b\">]>" + sheet, "a DOCTYPE or other declaration"},
        {head + row2, "the part ends inside an element"},
        {head + "<x:row r=\"1\" a=\"", "the part ends inside a tag"},
        {"<x:worksheet xmlns:x=\"u\"><x:sheetData/></x:worksheet>", "an empty sheetData element"},
        {"<x:worksheet xmlns:x=\"u\"></x:worksheet>", "no sheetData element"},
    };
    for (const auto& [xml, why] : cases) {
        const ws::scan_result r = ws::scan(ws::from_memory(xml), wanting({1}));
        EXPECT_EQ(r.refusal, why) << xml;
        EXPECT_TRUE(r.rows.empty() && r.spans.empty() && r.head.empty());
    }
    ws::scan_options deep = wanting({});
    deep.max_depth = 4;
    EXPECT_EQ(ws::scan(ws::from_memory(sheet), deep).refusal, "elements nested over the depth limit");
    ws::scan_options small = wanting({});
    small.max_token = 40;
    EXPECT_EQ(ws::scan(in_pieces(sheet, 16), small).refusal, "a tag, comment or CDATA section over the size limit");
}

TEST(WorksheetStream, SpliceReplacesRowsInsertsNewOnesAndKeepsEveryOtherByte) {
    const ws::scan_result r = ws::scan(ws::from_memory(sheet), wanting({1, 5, 6, 12}));
    ASSERT_EQ(r.refusal, "");
    const std::string new_head = head + "<!--h-->", new_tail = "<!--t-->" + tail;
    const std::string r1 = "<x:row r=\"1\"/>", r5 = "<x:row r=\"5\"><x:c r=\"A5\"><x:v>1</x:v></x:c></x:row>",
                      r6 = "<x:row r=\"6\"/>", r12 = "<x:row r=\"12\"/>";
    std::vector<ws::replacement> repl = {{r.spans.at(1).begin, r.spans.at(1).end, r1},
                                         {r.spans.at(5).begin, r.spans.at(5).end, r5},
                                         {r.spans.at(6).begin, r.spans.at(6).end, r6},
                                         {r.spans.at(12).begin, r.spans.at(12).end, r12}};
    for (std::size_t step : {std::size_t{2}, std::size_t{100}, sheet.size()}) {
        std::string out;
        ws::splice(in_pieces(sheet, step), new_head, r.data_begin, repl, r.data_end, new_tail,
                   [&out](std::string_view v) { out.append(v); });
        EXPECT_EQ(out, new_head + r1 + row2 + r5 + r6 + row8 + row9 + r12 + new_tail);
    }
    std::vector<ws::replacement> backwards = {repl[1], repl[0]};
    EXPECT_THROW(ws::splice(ws::from_memory(sheet), head, r.data_begin, backwards, r.data_end, tail, [](std::string_view) {}),
                 std::logic_error);
}
