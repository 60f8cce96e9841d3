// The attributor: finds cues in sentences and, around each, the source and
// the content, following the patterns of news attribution:
//   S said (that) C.            C, S said.           C, said S.
//   C, S said, C2.              S said: "Q"          according to S, C
//   ..., saying (that) C        with S saying C      "Q" (continuing S)
// It works on tokens only; naming the speaker is the resolver's job.
#ifndef CLAIMTRACK_TEXT_ATTRIBUTOR_H_
#define CLAIMTRACK_TEXT_ATTRIBUTOR_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "claimtrack/document.h"
#include "text/lexicon.h"
#include "text/quotes.h"
#include "text/segmenter.h"
#include "text/tokenizer.h"

namespace claimtrack::text {

// Token ranges are [first, end); an empty range means "none".
struct TokenRange {
  uint32_t first = 0, end = 0;
  bool empty() const { return first >= end; }
};

struct Attribution {
  uint32_t sentence = 0;
  TokenRange cue;     // empty for a quotation continuing an earlier speaker
  TokenRange source;  // the source as written; may be empty
  // A description set off by commas: "Herzog, a researcher at X, wrote".
  TokenRange appositive;
  std::vector<TokenRange> content;  // in text order, non-empty
  CueClass cue_class = CueClass::kSpeech;
  // For continuations: the attribution whose speaker this one inherits.
  int inherits_from = -1;
};

// Everything the attributor reads about one document.
struct DocumentView {
  std::string_view text;
  const std::vector<Token>& tokens;
  const std::vector<std::string_view>& words;  // token texts, by index
  const std::vector<uint64_t>& hashes;         // PhraseTable::TokenHash of each
  const Segmentation& seg;
  const std::vector<Quote>& quotes;
  const Lexicon& lexicon;
};

std::vector<Attribution> FindAttributions(const DocumentView& doc);

}  // namespace claimtrack::text

#endif  // CLAIMTRACK_TEXT_ATTRIBUTOR_H_
