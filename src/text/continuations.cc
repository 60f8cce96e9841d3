// Quotation-only sentences and paragraphs that continue an earlier speaker.
#include "text/continuations.h"

#include <utility>

namespace claimtrack::text::internal {

// Quotations no cue claimed, standing as sentences of their own ("It's not
// a slogan."), continue the speaker of the attribution just before them
// when it is at most two paragraphs back (on PolNeAR train, one paragraph
// back loses 0.008 F1; three gains matches and errors in equal measure).
void AddContinuations(const DocumentView& doc,
                      const std::vector<int>& sentence_of_token,
                      const std::vector<int>& quote_of,
                      std::vector<Attribution>* out) {
  std::vector<bool> covered(doc.quotes.size(), false);
  std::vector<int> quote_opening_at(doc.tokens.size(), -1);
  for (size_t q = 0; q < doc.quotes.size(); ++q) {
    quote_opening_at[doc.quotes[q].open] = static_cast<int>(q);
  }
  for (const Attribution& a : *out) {
    for (const TokenRange& c : a.content) {
      for (uint32_t i = c.first; i < c.end; ++i) {
        if (quote_opening_at[i] >= 0) covered[quote_opening_at[i]] = true;
        if (quote_of[i] >= 0) covered[quote_of[i]] = true;
      }
    }
  }
  std::vector<Attribution> added;
  size_t next = 0;  // attributions are in sentence order
  int last = -1;
  for (size_t q = 0; q < doc.quotes.size(); ++q) {
    const Quote& quote = doc.quotes[q];
    uint32_t s = sentence_of_token[quote.open];
    while (next < out->size() && (*out)[next].sentence < s) last = next++;
    if (covered[q] || last < 0) continue;
    const Sentence& sentence = doc.seg.sentences[s];
    if (quote.open != sentence.first) continue;  // embedded in narration
    Attribution& prev = (*out)[last];
    uint32_t prev_para = doc.seg.sentences[prev.sentence].paragraph;
    if (prev_para + 2 < quote.paragraph) continue;
    TokenRange range{quote.open, quote.closed ? quote.close + 1 : quote.close};
    if (prev_para == quote.paragraph && prev.sentence + 2 >= s) {
      // '"Q1," she said. "Q2."': one statement in two pieces.
      prev.content.push_back(range);
      covered[q] = true;
      continue;
    }
    Attribution a;
    a.sentence = s;
    a.inherits_from = last;
    a.cue_class = prev.cue_class;
    a.content.push_back(range);
    added.push_back(a);
  }
  if (added.empty()) return;
  // Merge in sentence order, keeping inherits_from pointing right.
  std::vector<int> new_index(out->size());
  size_t total = out->size() + added.size();
  std::vector<Attribution> merged;
  merged.reserve(total);
  size_t i = 0;
  for (Attribution& a : added) {
    while (i < out->size() && (*out)[i].sentence <= a.sentence) {
      new_index[i] = static_cast<int>(merged.size());
      merged.push_back(std::move((*out)[i++]));
    }
    merged.push_back(std::move(a));
  }
  while (i < out->size()) {
    new_index[i] = static_cast<int>(merged.size());
    merged.push_back(std::move((*out)[i++]));
  }
  for (Attribution& a : merged) {
    if (a.inherits_from >= 0) a.inherits_from = new_index[a.inherits_from];
  }
  *out = std::move(merged);
}

}  // namespace claimtrack::text::internal
