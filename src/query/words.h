// Words with their byte spans, lower-cased and stemmed, for the query
// layer's phrase matching (stance cues, subject synonyms). Word boundaries
// follow text::ContentTerms: runs of letters and digits (and non-ASCII
// letters), an apostrophe between letters joins ("don't", ’ read as ').
// Clause-ending punctuation is kept as a word of its own, so that a scope
// can stop at it.
#ifndef CLAIMTRACK_QUERY_WORDS_H_
#define CLAIMTRACK_QUERY_WORDS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "claimtrack/document.h"
#include "claimtrack/status.h"

namespace claimtrack::query {

struct Word {
  Span span;          // in the text given to SplitWords (plus its offset)
  std::string lower;  // lower-cased (ASCII), ’ as '
  std::string stem;   // text::StemTerm(lower); "." for a clause break
  bool clause_break = false;  // ; : . ! ? or a dash between clauses
};

// The words of `text`; spans are offset by `base` (the position of `text`
// in its document).
std::vector<Word> SplitWords(std::string_view text, uint32_t base = 0);

// Phrases of up to kMaxPhraseWords words, matched on stems, longest first.
class PhraseMatcher {
 public:
  static constexpr size_t kMaxPhraseWords = 5;
  // `phrase` is split into words and stemmed as SplitWords does.
  void Add(std::string_view phrase, int value);
  // The value of the phrase with the same stems, or -1.
  int Find(std::string_view phrase) const;
  // The number of words of the longest phrase starting at words[pos] (0 if
  // none) and its value in *value. Never matches across a clause break.
  size_t Longest(const std::vector<Word>& words, size_t pos, int* value) const;
  bool empty() const { return phrases_.empty(); }

 private:
  std::unordered_map<std::string, int> phrases_;  // stems joined by ' '
  size_t longest_ = 0;
};

// Calls fn(line, where) for each line of a data file (data/lexicon/*.tsv)
// that is neither blank nor a '#' comment, with a CR before the LF
// dropped; `where` is "<name>:<line>: " for messages. Returns fn's first
// error.
Status ForEachDataLine(
    std::string_view name, std::string_view text,
    const std::function<Status(std::string_view line,
                               const std::string& where)>& fn);

// The text of a data file compiled into the library (data/lexicon/NAME),
// or NotFound.
Result<std::string_view> EmbeddedDataFile(std::string_view name);

}  // namespace claimtrack::query

#endif  // CLAIMTRACK_QUERY_WORDS_H_
