#include "text/layout_patterns.h"

#include <algorithm>

namespace claimtrack::text {

namespace {

bool IsNameToken(const DocumentView& doc, uint32_t i) {
  const Token& t = doc.tokens[i];
  if (t.kind != TokenKind::kWord || !t.cap) return false;
  auto cls = doc.lexicon.WordClassOf(doc.words[i]);
  return !cls || *cls == WordClass::kAbbreviation;
}

// A short run of capitalised words from `first`, at most `max` long;
// returns its end (== first when there is none).
uint32_t NameRun(const DocumentView& doc, uint32_t first, uint32_t end,
                 uint32_t max) {
  uint32_t i = first;
  while (i < end && i - first < max &&
         (IsNameToken(doc, i) || doc.tokens[i].kind == TokenKind::kPossessive))
    ++i;
  return i;
}

// The token range of the last quotation that ends at `end` (the token after
// its closing mark), or an empty range.
TokenRange QuoteEndingAt(const DocumentView& doc, uint32_t end) {
  // Quotations are in text order and do not overlap: only the last one
  // opening before `end` can end there.
  auto after = std::lower_bound(
      doc.quotes.begin(), doc.quotes.end(), end,
      [](const Quote& q, uint32_t token) { return q.open < token; });
  if (after == doc.quotes.begin()) return {};
  const Quote& quote = *(after - 1);
  uint32_t quote_end = quote.closed ? quote.close + 1 : quote.close;
  if (quote_end == end) return {quote.open, quote_end};
  return {};
}

}  // namespace

void FindLayoutAttributions(const DocumentView& doc,
                            const std::vector<int>& sentence_of_token,
                            std::vector<Attribution>* out) {
  const auto& tokens = doc.tokens;
  for (uint32_t p = 0; p < doc.seg.paragraphs.size(); ++p) {
    const Paragraph& para = doc.seg.paragraphs[p];
    if (para.chrome) continue;
    uint32_t first = para.first_token;
    const uint32_t end = para.end_token;
    // Breitbart-style transcripts open each turn with a quote mark.
    if (tokens[first].kind == TokenKind::kOpenQuote && first + 1 < end) ++first;
    // "WALLACE: Let's start ...", "Pat Caddell: Democrat voters worried".
    uint32_t name_end = NameRun(doc, first, end, 4);
    if (name_end > first && name_end + 1 < end &&
        tokens[name_end].kind == TokenKind::kColon) {
      Attribution a;
      a.sentence = sentence_of_token[first];
      a.source = {first, name_end};
      a.cue = {name_end, name_end + 1};
      uint32_t content_end = end;
      if (tokens[content_end - 1].kind == TokenKind::kStop) --content_end;
      if (content_end > name_end + 1) {
        a.content.push_back({name_end + 1, content_end});
        out->push_back(a);
      }
      continue;
    }
    // "― Sonya Herridge, Los Angeles" under a quotation.
    first = para.first_token;
    if (tokens[first].kind == TokenKind::kDash && first + 1 < end) {
      uint32_t sig_end = NameRun(doc, first + 1, end, 5);
      if (sig_end == first + 1) continue;
      TokenRange quote;
      if (p > 0) {
        const Paragraph& prev = doc.seg.paragraphs[p - 1];
        quote = QuoteEndingAt(doc, prev.end_token);
        if (quote.empty() && prev.end_token > prev.first_token &&
            tokens[prev.end_token - 1].kind == TokenKind::kStop) {
          quote = QuoteEndingAt(doc, prev.end_token - 1);
        }
      }
      if (quote.empty()) continue;
      Attribution a;
      a.sentence = sentence_of_token[quote.first];
      a.source = {first + 1, sig_end};
      a.cue = {first, first + 1};
      a.content.push_back(quote);
      out->push_back(a);
    }
  }
}

}  // namespace claimtrack::text
