// Review marks of a Word document: comments (with replies, resolved state and UTC dates),
// highlighted text and tracked insertions/deletions.
//
// One function per part, each working on a buffer (testable without a ZIP) and living in a reader
// unit named after its part (readers/docx_*_part*.cpp):
//   parse_comments             word/comments.xml            (w:comment)
//   parse_comments_extended    commentsExtended.xml         (w15:commentEx: reply, resolved)
//   parse_comments_ids         commentsIds.xml              (w16cid:commentId: durable ids)
//   parse_comments_extensible  commentsExtensible.xml       (w16cex:commentExtensible: dateUtc)
//   parse_people               people.xml                   (w15:person)
//   parse_heading_styles       styles.xml                   (which paragraph styles are headings)
//   scan_story                 document.xml, headers, footers, footnotes, endnotes
// read_review_marks() finds those parts through relationships and joins them.
//
// Contract and traps:
// - Namespaces by URI: strict and transitional WordprocessingML, both w15 URIs (2012 and the
//   Word 2013 pre-release 2010/11) are accepted.
// - commentsExtended/commentsIds are keyed by the w14:paraId of the comment's LAST paragraph.
// - w:date is kept as written; Word writes local clock time there with a 'Z', so it is not UTC.
//   date_utc is filled only from commentsExtensible's dateUtc or Word 2023's w16du:dateUtc.
// - Anchored text is what a reader sees between commentRangeStart and commentRangeEnd: deleted
//   text and field codes are left out, field results kept, paragraphs joined with "\n".
//   A comment with only a commentReference (a point) has an empty anchor. A commentRangeStart
//   that is never closed anchors everything to the end of its story; a commentRangeEnd without
//   a start is ignored (the comment is then a point at its reference). Anchored text over
//   story_context::max_anchor_text is kib::error(limit).
// - Headings: a paragraph's own w:outlineLvl wins over its style's; a style's level comes from
//   its pPr or, through w:basedOn, from an ancestor; level 9 means body text. Styles without an
//   outline level whose name is a built-in "heading N" are level N-1. Style ids are localised
//   ("Kop1"), so they are never compared as text. Automatic heading numbers (numbering.xml) are
//   rendered before the heading text ("6.1 Organigram"), counting every numbered paragraph of
//   the body; the number and the text are joined with one space whatever w:suff says. A body
//   without any heading falls back to bold numbered paragraphs (see scan_story).
// - Malformed XML throws kib::error(bad_input) with the line and column; read_review_marks adds
//   the file and part.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kib {

class package;

namespace docx {

// --- word/comments.xml ---------------------------------------------------------------------
struct comment_part_entry {
    std::string id;
    std::string author;
    std::string initials;
    std::string date;          // w:date as written ("" when absent)
    std::string date_utc;      // w16du:dateUtc ("" when absent)
    std::string text;          // paragraphs joined with "\n"; w:br "\n", w:tab "\t"
    std::string last_para_id;  // w14:paraId of the last paragraph ("" when absent)
};
std::vector<comment_part_entry> parse_comments(std::string_view xml);

// --- commentsExtended.xml ------------------------------------------------------------------
struct comment_ex {
    std::string para_id;
    std::string para_id_parent;  // "" unless the comment is a reply
    bool done = false;           // resolved
};
std::vector<comment_ex> parse_comments_extended(std::string_view xml);

// --- commentsIds.xml -----------------------------------------------------------------------
struct comment_durable_id {
    std::string para_id;
    std::string durable_id;
};
std::vector<comment_durable_id> parse_comments_ids(std::string_view xml);

// --- commentsExtensible.xml ----------------------------------------------------------------
struct comment_extensible {
    std::string durable_id;
    std::string date_utc;  // "" when absent
};
std::vector<comment_extensible> parse_comments_extensible(std::string_view xml);

// --- people.xml ----------------------------------------------------------------------------
struct person {
    std::string author;
    std::string provider_id;  // "AD", "Windows Live", "None", … ("" when absent)
    std::string user_id;
};
std::vector<person> parse_people(std::string_view xml);

// --- styles.xml ----------------------------------------------------------------------------
// Paragraph style id -> outline level 0..8, for the styles that are headings.
using heading_styles = std::map<std::string, int>;
heading_styles parse_heading_styles(std::string_view xml);

// Paragraph style id -> the list numbering the style gives its paragraphs (w:numPr), resolved
// through basedOn. ilvl is -1 when the style names no level.
struct style_numbering {
    std::string num_id;
    int ilvl = -1;
};
std::map<std::string, style_numbering> parse_style_numbering(std::string_view xml);

// --- numbering.xml -------------------------------------------------------------------------
struct numbering_level {
    int start = 1;
    std::string format = "decimal";  // w:numFmt: decimal, lowerLetter, upperRoman, bullet, none, …
    std::string text;                // w:lvlText, e.g. "%1.%2"
    std::string style;               // w:pStyle: the paragraph style bound to this level
    bool legal = false;              // w:isLgl: all levels shown as decimal
};
struct numbering_definitions {
    std::map<std::string, std::array<numbering_level, 9>> abstract;  // abstractNumId -> levels
    struct instance {
        std::string abstract_id;
        std::map<int, int> start_overrides;  // ilvl -> w:startOverride
    };
    std::map<std::string, instance> nums;  // numId -> instance
};
numbering_definitions parse_numbering(std::string_view xml);

// A list counter rendered in a level's format: (4, "lowerLetter") -> "d", (14, "upperRoman") -> "XIV".
std::string format_list_number(int value, std::string_view format);

// --- stories: document body, headers, footers, footnotes, endnotes -------------------------
enum class story_kind : unsigned char { body, header, footer, footnote, endnote };
const char* to_string(story_kind k) noexcept;  // "body", "header", …

struct anchor {
    std::string text;        // anchored text ("" for a point)
    std::string section;     // heading path, "A > B"; for notes the section of the note reference
    bool has_range = false;  // a commentRangeStart was seen
};

struct highlight {
    std::string colour;  // w:highlight value ("yellow", "green", …)
    std::string text;    // adjacent runs of one colour within a paragraph are one item
    std::string section;
    story_kind story = story_kind::body;
};

struct revision {
    std::string kind;  // "insertion" or "deletion" (moves count as deletion at the source, insertion at the target)
    std::string id;
    std::string author;
    std::string date;      // as written
    std::string date_utc;  // w16du:dateUtc (Word 2023+), "" when absent
    std::string text;
    std::string section;
    story_kind story = story_kind::body;
};

struct story_marks {
    std::map<std::string, anchor> anchors;  // comment id -> anchor, for comments marked in this story
    std::vector<highlight> highlights;
    std::vector<revision> revisions;
    // Body only: "footnote:ID" / "endnote:ID" -> section of the note's reference.
    std::map<std::string, std::string> note_sections;
    int headings = 0;  // paragraphs that are headings by outline level or style
};

// What a story scan needs to know about the rest of the document.
struct story_context {
    heading_styles styles;
    std::map<std::string, style_numbering> style_numbers;
    numbering_definitions lists;  // heading numbers ("6.1") are rendered from these
    std::map<std::string, std::string> note_sections;  // from the body scan, for notes
    bool bold_numbered_headings = false;  // see scan_story below
    // Bytes of anchored text in one story, all comments together: a range that never closes
    // runs to the end of the story, and many of them would copy the text many times.
    std::size_t max_anchor_text = 64u << 20;
};
story_marks scan_story(std::string_view xml, story_kind kind, const story_context& context);

// Scans one story part. note_sections (from the body scan) gives notes their sections.
// With bold_numbered_headings, a paragraph that is all bold and starts with a heading number
// ("6. …", "6.1 …") also counts as a heading (level = number of parts - 1): drafts typed
// without heading styles look like that. read_review_marks uses it only when the body has no
// real heading.
story_marks scan_story(std::string_view xml, story_kind kind, const heading_styles& styles,
                       const std::map<std::string, std::string>& note_sections = {},
                       bool bold_numbered_headings = false);

// --- the whole document --------------------------------------------------------------------
struct comment {
    std::string id;
    std::string author;
    std::string initials;
    std::string date;                     // as written
    std::optional<std::string> date_utc;  // from commentsExtensible (or w16du:dateUtc), when known
    std::string text;
    std::string anchor;
    std::string section;
    std::optional<story_kind> story;      // where the comment is marked; empty when nowhere
    std::optional<std::string> parent;    // id of the comment this one replies to
    bool resolved = false;
    std::string durable_id;               // from commentsIds ("" when absent)
};

struct review_marks {
    std::vector<comment> comments;  // in the order of comments.xml
    std::vector<highlight> highlights;
    std::vector<revision> revisions;
    std::vector<person> people;
};

// Reads every review mark of a .docx. Throws kib::error (with file and part) on bad input.
review_marks read_review_marks(const package& pkg);

}  // namespace docx
}  // namespace kib
