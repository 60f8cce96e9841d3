#include "query/html_page.h"

#include <map>
#include <string_view>

#include "common/utf8.h"
#include "query/render_text.h"
#include "query/svg_chart.h"

namespace claimtrack::query::render {

namespace {

// No script may run and nothing may be fetched, even if an escaping bug let
// markup through: the policy allows inline styles and nothing else.
constexpr char kPolicy[] =
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; "
    "base-uri 'none'; form-action 'none'";

constexpr char kPageCss[] = R"css(
body{margin:0;background:#fafafa;color:#1d1d1f;font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif}
main{max-width:1180px;margin:0 auto;padding:24px 28px 60px}
h1{font-size:26px;margin:0 0 6px}
h2{font-size:19px;margin:32px 0 10px;border-bottom:1px solid #ddd;padding-bottom:4px}
h3{font-size:16px;margin:0 0 4px}
.cmd{font:13px ui-monospace,Menlo,Consolas,monospace;background:#eef0f3;padding:6px 10px;border-radius:4px;overflow-wrap:anywhere}
.summary{color:#333}
.note{color:#555;font-size:13px}
figure{margin:0;background:#fff;border:1px solid #ddd;border-radius:6px;padding:8px}
figcaption{font-size:13px;color:#555;padding:4px 6px 0}
table{border-collapse:collapse;width:100%;background:#fff;font-size:13.5px}
th,td{border-bottom:1px solid #e3e3e3;padding:5px 7px;text-align:left;vertical-align:top}
th{background:#f0f1f4;position:sticky;top:0}
td.num,th.num{text-align:right;white-space:nowrap}
td.date{white-space:nowrap}
tr:target{background:#fff6cc}
tr.shift td{border-top:2px solid #111}
.pos{white-space:nowrap;font-weight:600}
.pos::before{content:"";display:inline-block;width:.75em;height:.75em;border-radius:50%;background:currentColor;margin-right:.35em;vertical-align:-.05em}
.shift-tag{display:inline-block;border:1.5px solid #111;border-radius:9px;padding:0 6px;font-size:11.5px;font-weight:700;margin-left:4px}
.small{font-size:12px;color:#555}
.ev{font-size:12px;color:#444}
.doc{background:#fff;border:1px solid #ddd;border-radius:6px;padding:12px 16px;margin:14px 0}
.doc dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:4px 0 8px;font-size:13px}
.doc dt{color:#666}.doc dd{margin:0;overflow-wrap:anywhere}
.doc li{margin:6px 0}
.doc li:target{background:#fff6cc}
blockquote{margin:2px 0;padding:4px 10px;border-left:3px solid #bbb;background:#fbfbfb}
mark{background:#ffe98a;padding:0 1px}
.evidence{text-decoration:underline 2px #d55e00;text-underline-offset:2px}
.back{font-size:12px;color:#555}
a{color:#0b57a3}
)css";

// Byte flags over a sentence: which bytes are content, which evidence.
constexpr unsigned char kContent = 1, kEvidence = 2;

size_t SnapBack(std::string_view s, size_t i) {
  while (i > 0 && i < s.size() && utf8::IsContinuation(s[i])) --i;
  return i;
}

// The content's pieces (joined with " … " in the row) found in order.
void MarkContent(const ClaimRow& row, std::vector<unsigned char>* flags) {
  const std::string_view text = row.sentence_text;
  const std::string_view content = row.content;
  constexpr std::string_view kJoin = " \xE2\x80\xA6 ";
  size_t from = 0, start = 0;
  while (start <= content.size()) {
    size_t end = content.find(kJoin, start);
    if (end == std::string_view::npos) end = content.size();
    const std::string_view piece = content.substr(start, end - start);
    if (!piece.empty()) {
      const size_t at = text.find(piece, from);
      if (at != std::string_view::npos) {
        for (size_t i = at; i < at + piece.size(); ++i) (*flags)[i] |= kContent;
        from = at + piece.size();
      }
    }
    start = end + kJoin.size();
  }
}

void MarkEvidence(const ClaimRow& row, std::vector<unsigned char>* flags) {
  const std::string_view text = row.sentence_text;
  // Evidence spans are document offsets; they map into the sentence only
  // when the sentence text is exactly its span.
  if (row.sentence.size() != text.size()) return;
  for (const StanceEvidence& e : row.evidence) {
    if (e.span.begin < row.sentence.begin || e.span.end > row.sentence.end ||
        e.span.empty()) {
      continue;
    }
    const size_t b = SnapBack(text, e.span.begin - row.sentence.begin);
    const size_t en = SnapBack(text, e.span.end - row.sentence.begin);
    for (size_t i = b; i < en; ++i) (*flags)[i] |= kEvidence;
  }
}

void WriteDocumentHeader(const ClaimRow& row, const std::string& anchor,
                         std::ostream& out) {
  out << "<article class=\"doc\" id=\"" << anchor << "\"><h3>"
      << HtmlEscape(row.doc_title.empty() ? row.doc_id : row.doc_title)
      << "</h3><dl><dt>id</dt><dd>" << HtmlEscape(row.doc_id) << "</dd>";
  if (!row.doc_date.empty()) {
    out << "<dt>date</dt><dd>" << HtmlEscape(row.doc_date) << "</dd>";
  }
  if (!row.outlet.empty()) {
    out << "<dt>outlet</dt><dd>" << HtmlEscape(row.outlet) << "</dd>";
  }
  if (!row.url.empty()) {
    out << "<dt>url</dt><dd>";
    if (auto url = SafeHttpUrl(row.url)) {
      out << "<a href=\"" << HtmlEscape(*url)
          << "\" rel=\"noopener noreferrer nofollow\">" << HtmlEscape(row.url)
          << "</a>";
    } else {
      out << HtmlEscape(row.url) << " <span class=\"small\">(not an http(s) "
          << "address: not linked)</span>";
    }
    out << "</dd>";
  }
  out << "</dl><ol>\n";
}

}  // namespace

void BeginPage(const RenderOptions& options, const std::string& fallback_title,
               std::ostream& out) {
  const std::string title =
      HtmlEscape(options.title.empty() ? fallback_title : options.title);
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"" << kPolicy
      << "\"><meta name=\"referrer\" content=\"no-referrer\">"
      << "<meta name=\"viewport\" content=\"width=device-width, "
         "initial-scale=1\"><title>"
      << title << "</title><style>" << kPageCss << kChartCss
      << "</style></head>\n<body><main>\n<h1>" << title << "</h1>\n";
  if (!options.command.empty()) {
    out << "<p class=\"cmd\">" << HtmlEscape(options.command) << "</p>\n";
  }
}

void EndPage(std::ostream& out) {
  out << "<p class=\"note\">Written by claimtrack. Article text is shown as "
         "the documents give it.</p>\n</main></body></html>\n";
}

std::string ClaimAnchor(uint64_t claim_id) { return "claim-" + Hex(claim_id); }

std::vector<std::string> DocumentAnchors(
    const std::vector<const ClaimRow*>& rows) {
  std::map<std::string, std::string> by_doc;
  std::vector<std::string> anchors;
  for (const ClaimRow* row : rows) {
    auto [it, added] = by_doc.emplace(row->doc_id, "");
    if (added) it->second = "doc-" + std::to_string(by_doc.size());
    anchors.push_back(it->second);
  }
  return anchors;
}

std::string HighlightedSentence(const ClaimRow& row) {
  const std::string_view text = row.sentence_text;
  if (text.empty()) return "<mark>" + HtmlEscape(row.content) + "</mark>";
  std::vector<unsigned char> flags(text.size(), 0);
  MarkContent(row, &flags);
  MarkEvidence(row, &flags);
  // Runs of content (one <mark> each), and within them runs of evidence.
  const auto runs = [&](size_t begin, size_t end, unsigned char bit,
                        const auto& each) {
    for (size_t i = begin; i < end;) {
      size_t j = i;
      while (j < end && (flags[j] & bit) == (flags[i] & bit)) ++j;
      each(i, j, (flags[i] & bit) != 0);
      i = j;
    }
  };
  std::string html;
  runs(0, text.size(), kContent, [&](size_t b, size_t e, bool content) {
    if (content) html += "<mark>";
    runs(b, e, kEvidence, [&](size_t bb, size_t ee, bool evidence) {
      if (evidence) html += "<span class=\"evidence\">";
      html += HtmlEscape(text.substr(bb, ee - bb), true);
      if (evidence) html += "</span>";
    });
    if (content) html += "</mark>";
  });
  return html;
}

void WriteAppendix(const std::vector<const ClaimRow*>& rows,
                   std::ostream& out) {
  const std::vector<std::string> anchors = DocumentAnchors(rows);
  // Documents in order of first citation; each claim once, with every row
  // that cites it.
  std::vector<std::string> doc_order;
  std::map<std::string, std::vector<size_t>> claims_of_doc;
  std::map<uint64_t, std::vector<size_t>> rows_of_claim;
  for (size_t i = 0; i < rows.size(); ++i) {
    auto& claims = claims_of_doc[anchors[i]];
    if (claims.empty()) doc_order.push_back(anchors[i]);
    auto& cited_by = rows_of_claim[rows[i]->claim_id];
    if (cited_by.empty()) claims.push_back(i);
    cited_by.push_back(i);
  }
  out << "<section id=\"documents\"><h2>The sentences in their "
         "documents</h2>\n";
  for (const std::string& anchor : doc_order) {
    const std::vector<size_t>& claims = claims_of_doc[anchor];
    WriteDocumentHeader(*rows[claims.front()], anchor, out);
    for (size_t i : claims) {
      const ClaimRow& row = *rows[i];
      out << "<li id=\"" << ClaimAnchor(row.claim_id) << "\"><blockquote>"
          << HighlightedSentence(row) << "</blockquote><p class=\"back\">"
          << HtmlEscape(row.speaker);
      if (!row.cue.empty()) out << " · " << HtmlEscape(row.cue);
      if (!row.date.empty()) out << " · " << HtmlEscape(row.date);
      out << " · row";
      for (size_t k : rows_of_claim[row.claim_id]) {
        out << " <a href=\"#row-" << k + 1 << "\">" << k + 1 << "</a>";
      }
      out << "</p></li>\n";
    }
    out << "</ol></article>\n";
  }
  out << "</section>\n";
}

}  // namespace claimtrack::query::render
