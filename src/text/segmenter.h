// Paragraphs and sentences over a token sequence, and page chrome: the
// weather lines, breadcrumbs, headlines and footers around an article.
#ifndef CLAIMTRACK_TEXT_SEGMENTER_H_
#define CLAIMTRACK_TEXT_SEGMENTER_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "text/tokenizer.h"

namespace claimtrack::text {

class Lexicon;

struct Sentence {
  uint32_t first = 0;  // token index range [first, end)
  uint32_t end = 0;
  uint32_t paragraph = 0;
};

struct Paragraph {
  uint32_t first_token = 0, end_token = 0;
  uint32_t first_sentence = 0, end_sentence = 0;
  // Chrome is not article prose: no claims are taken from it.
  bool chrome = false;
};

struct Segmentation {
  std::vector<Paragraph> paragraphs;
  std::vector<Sentence> sentences;
};

Segmentation Segment(std::string_view text, const std::vector<Token>& tokens,
                     const Lexicon& lexicon);

}  // namespace claimtrack::text

#endif  // CLAIMTRACK_TEXT_SEGMENTER_H_
