#include "text/quotes.h"

namespace claimtrack::text {

std::vector<Quote> FindQuotes(const std::vector<Token>& tokens,
                              const Segmentation& seg) {
  std::vector<Quote> quotes;
  int pending_unclosed = -1;  // an unclosed quote of the previous paragraph
  for (uint32_t p = 0; p < seg.paragraphs.size(); ++p) {
    const Paragraph& para = seg.paragraphs[p];
    if (para.chrome) {
      pending_unclosed = -1;
      continue;
    }
    const size_t first_quote = quotes.size();
    int open = -1;
    for (uint32_t i = para.first_token; i < para.end_token; ++i) {
      const Token& t = tokens[i];
      if (t.single) continue;
      if (t.kind == TokenKind::kOpenQuote) {
        if (open >= 0) continue;  // nested or stray: keep the outer one
        open = static_cast<int>(i);
      } else if (t.kind == TokenKind::kCloseQuote) {
        if (open < 0) continue;  // a stray closing mark
        Quote q;
        q.open = open;
        q.close = i;
        q.closed = true;
        q.paragraph = p;
        quotes.push_back(q);
        open = -1;
      }
    }
    int this_unclosed = -1;
    if (open >= 0) {
      Quote q;
      q.open = open;
      q.close = para.end_token;
      q.paragraph = p;
      this_unclosed = static_cast<int>(quotes.size());
      quotes.push_back(q);
    }
    // A paragraph continues an unclosed quote when it opens with a mark.
    if (pending_unclosed >= 0) {
      for (size_t k = first_quote; k < quotes.size(); ++k) {
        if (quotes[k].paragraph == p && quotes[k].open == para.first_token) {
          quotes[k].continues = pending_unclosed;
          break;
        }
      }
    }
    pending_unclosed = this_unclosed;
  }
  return quotes;
}

}  // namespace claimtrack::text
