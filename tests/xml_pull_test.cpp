#include "readers/xml_pull.hpp"

#include <gtest/gtest.h>

#include <string>

#include "readers/error.hpp"

namespace kib::xml {
namespace {

using ev = pull_parser::event;

std::string collect(pull_parser& p) {
    std::string out;
    for (ev e = p.next(); e != ev::eof; e = p.next()) {
        if (e == ev::start) out += "<" + std::string(p.local_name()) + ">";
        else if (e == ev::end) out += "</" + std::string(p.local_name()) + ">";
        else out += "[" + std::string(p.text()) + "]";
    }
    return out;
}

TEST(XmlPull, NamespacesResolveByUriNotPrefix) {
    const char* transitional = R"(<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:c/></x:worksheet>)";
    const char* strict = R"(<worksheet xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main"><c/></worksheet>)";
    for (const char* doc : {transitional, strict}) {
        pull_parser p(doc);
        ASSERT_EQ(p.next(), ev::start);
        EXPECT_TRUE(p.is(ns::sml, "worksheet")) << doc;
        ASSERT_EQ(p.next(), ev::start);
        EXPECT_TRUE(p.is(ns::sml, "c"));
    }
    // The same prefix bound to another URI is not SpreadsheetML.
    pull_parser other(R"(<x:worksheet xmlns:x="urn:something-else"/>)");
    ASSERT_EQ(other.next(), ev::start);
    EXPECT_EQ(other.element_ns(), ns::other);
}

TEST(XmlPull, NestedRedeclarationIsScoped) {
    pull_parser p(R"(<a xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><b xmlns="urn:x"><c/></b><d/></a>)");
    ASSERT_EQ(p.next(), ev::start);
    EXPECT_EQ(p.element_ns(), ns::sml);
    ASSERT_EQ(p.next(), ev::start);
    EXPECT_EQ(p.element_ns(), ns::other);
    ASSERT_EQ(p.next(), ev::start);
    EXPECT_EQ(p.element_ns(), ns::other);  // c inherits urn:x
    ASSERT_EQ(p.next(), ev::end);
    ASSERT_EQ(p.next(), ev::end);
    ASSERT_EQ(p.next(), ev::start);
    EXPECT_TRUE(p.is(ns::sml, "d"));  // back in the outer scope
}

TEST(XmlPull, AttributesByNamespaceAndDecoded) {
    pull_parser p(R"(<s xmlns:r="http://purl.oclc.org/ooxml/officeDocument/relationships" name="KPI&apos;s &amp; co" r:id="rId7" v='a&#x20AC;b'/>)");
    ASSERT_EQ(p.next(), ev::start);
    EXPECT_EQ(p.attr(ns::none, "name"), "KPI's & co");
    EXPECT_EQ(p.attr(ns::rel, "id"), "rId7");
    EXPECT_EQ(p.attr(ns::none, "id"), "");  // unprefixed "id" is a different attribute
    EXPECT_EQ(p.attr(ns::none, "v"), "a\xE2\x82\xAC" "b");
    EXPECT_EQ(p.next(), ev::end);  // self-closing yields an end event
    EXPECT_EQ(p.next(), ev::eof);
}

TEST(XmlPull, TextEntitiesCdataCommentsAndLineEnds) {
    pull_parser p("<?xml version=\"1.0\"?>\n<!-- c --><a>1 &lt; 2<![CDATA[<raw>]]><!-- x -->\r\nz</a>");
    EXPECT_EQ(collect(p), "<a>[1 < 2][<raw>][\nz]</a>");
}

TEST(XmlPull, ElementTextConcatenatesChildren) {
    pull_parser p("<si><r><t>Klant</t></r><r><t xml:space=\"preserve\"> in Beeld</t></r></si>");
    ASSERT_EQ(p.next(), ev::start);
    EXPECT_EQ(p.element_text(), "Klant in Beeld");
    EXPECT_EQ(p.next(), ev::eof);
}

TEST(XmlPull, StreamingAcrossTinyChunksGivesTheSameEvents) {
    const std::string doc =
        R"(<?xml version="1.0" encoding="UTF-8"?><sheetData xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
        R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>Caf&#233; &amp; "bar"</t></is></c></row>)"
        R"(<row r="2" spans="1:2"><c r="A2"><f>SUM(B1:B9)&gt;0</f><v>1</v></c></row></sheetData>)";
    pull_parser whole(doc);
    const std::string expected = collect(whole);
    for (std::size_t chunk : {1u, 2u, 3u, 7u, 64u}) {
        std::size_t at = 0;
        pull_parser p(
            [&](char* buf, std::size_t cap) {
                const std::size_t n = std::min({cap, chunk, doc.size() - at});
                doc.copy(buf, n, at);
                at += n;
                return n;
            },
            chunk);
        EXPECT_EQ(collect(p), expected) << "chunk " << chunk;
    }
}

struct bad_case {
    const char* doc;
    const char* message;
    std::uint64_t line;
    std::uint64_t column;
};

TEST(XmlPull, MalformedInputNamesLineAndColumn) {
    const bad_case cases[] = {
        {"<a>\n<b></a>", "</a> closes <b>", 2, 4},
        {"<a>\n  <b>", "ends before </b>", 2, 6},
        {"<a>&bogus;</a>", "invalid entity", 1, 4},
        {"<a>&#0;</a>", "invalid entity", 1, 4},
        {"<!DOCTYPE lolz [<!ENTITY lol \"lol\">]><a>&lol;</a>", "DTD", 1, 1},
        {"<a x=1/>", "without quotes", 1, 1},
        {"<a></a><b/>", "second root", 1, 8},
        {"text<a/>", "outside the root", 1, 1},
        {"<a>\xC3\x28</a>", "UTF-8", 1, 4},
        {"<p:a/>", "undeclared namespace prefix", 1, 1},
        {"", "no root element", 1, 1},
        {"<a", "ends inside a tag", 1, 1},
    };
    for (const auto& c : cases) {
        pull_parser p(c.doc);
        try {
            while (p.next() != ev::eof) {
            }
            ADD_FAILURE() << "no error for " << c.doc;
        } catch (const error& e) {
            EXPECT_EQ(e.category(), error_category::bad_input) << c.doc;
            EXPECT_NE(e.message().find(c.message), std::string::npos) << c.doc << " -> " << e.what();
            EXPECT_EQ(e.where().line, c.line) << c.doc;
            EXPECT_EQ(e.where().column, c.column) << c.doc << " -> " << e.what();
        }
    }
}

TEST(XmlPull, LineNumbersSurviveBufferRefills) {
    std::string doc = "<a>";
    for (int i = 0; i < 100; ++i) doc += "\n<b>x</b>";
    doc += "\n<c></d></a>";
    std::size_t at = 0;
    pull_parser p(
        [&](char* buf, std::size_t cap) {
            const std::size_t n = std::min<std::size_t>({cap, 16, doc.size() - at});
            doc.copy(buf, n, at);
            at += n;
            return n;
        },
        16);
    try {
        while (p.next() != ev::eof) {
        }
        FAIL() << "no error";
    } catch (const error& e) {
        EXPECT_EQ(e.where().line, 102u) << e.what();
        EXPECT_EQ(e.where().column, 4u) << e.what();
    }
}

TEST(XmlPull, ClassifiesKnownUris) {
    EXPECT_EQ(classify_uri("http://schemas.microsoft.com/office/word/2010/11/wordml"), ns::w15);
    EXPECT_EQ(classify_uri("http://schemas.microsoft.com/office/word/2012/wordml"), ns::w15);
    EXPECT_EQ(classify_uri("http://purl.oclc.org/ooxml/wordprocessingml/main"), ns::wml);
    EXPECT_EQ(classify_uri("http://example.com/"), ns::other);
}

}  // namespace
}  // namespace kib::xml
