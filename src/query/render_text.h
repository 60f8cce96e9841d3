// Escaping and fitting untrusted article text for each output format. Every
// function takes arbitrary bytes (ill-formed UTF-8 included) and returns
// well-formed UTF-8 that is inert in its target: no markup in HTML, no
// formula in a spreadsheet, no table break in Markdown, no control sequence
// on a terminal.
#ifndef CLAIMTRACK_QUERY_RENDER_TEXT_H_
#define CLAIMTRACK_QUERY_RENDER_TEXT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace claimtrack::query::render {

// Well-formed UTF-8: each ill-formed byte becomes U+FFFD, and C0/C1 control
// characters and DEL become a space (tab and newline too unless
// `keep_newlines`, which keeps '\n').
std::string Clean(std::string_view s, bool keep_newlines = false);

// Clean() on one line, cut to at most `width` code points with a trailing
// "…" when cut.
std::string Truncate(std::string_view s, size_t width);

// Truncate() padded with spaces to exactly `width` code points.
std::string Fit(std::string_view s, size_t width);

// & < > " ' as entities, over Clean(s, keep_newlines).
std::string HtmlEscape(std::string_view s, bool keep_newlines = false);

// One RFC 4180 field: quoted when it holds a comma, quote, CR or LF
// (quotes doubled); a cell starting with = + - @ (or a tab or CR) gets a
// leading apostrophe so spreadsheets do not run it as a formula.
std::string CsvField(std::string_view s);

// A Markdown table cell: one line; | ` \ * _ [ ] # ! ~ escaped with a
// backslash, & < > as entities, so nothing in it becomes markup or a link.
std::string MarkdownCell(std::string_view s);

// The URL if its scheme is http or https (case-insensitive), with spaces,
// quotes, angle brackets, parentheses, backslashes and non-ASCII bytes
// percent-encoded; nullopt for any other scheme (javascript:, data:, ...)
// or a URL with control characters.
std::optional<std::string> SafeHttpUrl(std::string_view url);

// "1 claim", "2 claims": `n` and the noun, plural unless n is 1.
std::string Counted(uint64_t n, std::string_view noun);

// "0a1b..." (16 lower-case hex digits).
std::string Hex(uint64_t id);

}  // namespace claimtrack::query::render

#endif  // CLAIMTRACK_QUERY_RENDER_TEXT_H_
