// Quotations: paired quote marks within paragraphs. A quotation whose
// paragraph ends before its closing mark runs to the paragraph's end and, as
// in news style, continues in the next paragraph when that one opens with a
// quote mark.
#ifndef CLAIMTRACK_TEXT_QUOTES_H_
#define CLAIMTRACK_TEXT_QUOTES_H_

#include <cstdint>
#include <vector>

#include "text/segmenter.h"
#include "text/tokenizer.h"

namespace claimtrack::text {

struct Quote {
  uint32_t open = 0;   // token index of the opening mark
  uint32_t close = 0;  // token index of the closing mark, or the paragraph's
                       // end token index when unclosed
  bool closed = false;
  uint32_t paragraph = 0;
  // Index of the quote this one continues (an unclosed quote in the
  // previous paragraph), or -1.
  int continues = -1;

  // First and one-past-last token inside the marks.
  uint32_t inner_first() const { return open + 1; }
  uint32_t inner_end() const { return close; }
};

// Finds the top-level double quotations of each prose paragraph, in order.
// Single marks count only for nesting inside a double quotation.
std::vector<Quote> FindQuotes(const std::vector<Token>& tokens,
                              const Segmentation& seg);

}  // namespace claimtrack::text

#endif  // CLAIMTRACK_TEXT_QUOTES_H_
