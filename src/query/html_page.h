// The parts the HTML reports share: the page around them (one file, inline
// CSS, a Content-Security-Policy that forbids scripts and every fetch) and
// the appendix that shows each cited sentence in its document.
#ifndef CLAIMTRACK_QUERY_HTML_PAGE_H_
#define CLAIMTRACK_QUERY_HTML_PAGE_H_

#include <ostream>
#include <string>
#include <vector>

#include "query/render.h"

namespace claimtrack::query::render {

// <!DOCTYPE html> ... <body><main> with `title` (untrusted) as the page
// title and heading, and the command line under it.
void BeginPage(const RenderOptions& options, const std::string& fallback_title,
               std::ostream& out);
// </main></body></html>
void EndPage(std::ostream& out);

// The anchor of a claim's sentence in the appendix: "claim-<hex id>".
std::string ClaimAnchor(uint64_t claim_id);
// The anchor of a document in the appendix: "doc-<n>", n counting the
// documents in order of first citation from 1; the same numbering as
// WriteAppendix.
std::vector<std::string> DocumentAnchors(
    const std::vector<const ClaimRow*>& rows);

// The sentence with the claim's content marked (<mark>) and the words that
// decided its position underlined, escaped.
std::string HighlightedSentence(const ClaimRow& row);

// One section per document cited by `rows` (title, id, date, outlet, a link
// to its URL when that is http or https), listing each cited sentence once
// under its ClaimAnchor, with links back to the table rows ("#row-<i+1>").
void WriteAppendix(const std::vector<const ClaimRow*>& rows, std::ostream& out);

}  // namespace claimtrack::query::render

#endif  // CLAIMTRACK_QUERY_HTML_PAGE_H_
