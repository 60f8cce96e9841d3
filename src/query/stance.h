// A claim's position toward a subject, from the stance lexicon
// (data/lexicon/stance.tsv) with negation and modality scope.
//
// The words of the claim (its cue when the cue comes first, then its
// content) are split into clauses at ; : . ! ?. In a clause that names the
// subject, the decisive word is the `act` or `undo` phrase nearest a
// subject word ("impose" in "impose tariffs", "lifted" in "sanctions would
// be lifted"): supports or opposes. The words before it, nearest first,
// then act on that value:
//   for, act  keep it (or make supports of nothing: "urged Seoul to")
//   against, undo  turn it around ("prohibition against sending": opposes), or
//             makes opposes of nothing
//   negation  flips supports and opposes ("will not impose": opposes);
//             "not considering" is opposes
//   hedge     makes hedges ("open to reconsidering ...")
//   modality  makes hedges of supports or opposes ("might lift")
// and a `condition` after it makes it hedges ("will drop tariffs if Japan
// abides"). No decisive word and no operator: neutral. The first clause
// with a non-neutral value decides; the words that decided are returned as
// evidence.
#ifndef CLAIMTRACK_QUERY_STANCE_H_
#define CLAIMTRACK_QUERY_STANCE_H_

#include <memory>
#include <string_view>
#include <vector>

#include "claimtrack/status.h"
#include "query/rows.h"
#include "query/words.h"

namespace claimtrack::query {

enum class StanceClass {
  kAct,
  kUndo,
  kFor,
  kAgainst,
  kHedge,
  kNegation,
  kModality,
  kCondition
};

struct StanceResult {
  Position position = Position::kNeutral;
  std::vector<StanceEvidence> evidence;  // in text order
};

class StanceLexicon {
 public:
  // The lexicon compiled in (data/lexicon/stance.tsv).
  static Result<std::unique_ptr<StanceLexicon>> Builtin();
  // Parses a stance.tsv; errors name "<name>:<line>".
  static Result<std::unique_ptr<StanceLexicon>> Parse(std::string_view name,
                                                      std::string_view text);

  // The position of `words` (SplitWords of the claim's cue and content, in
  // text order); subject[i] says whether words[i] names the subject (all
  // false: no subject given, every clause counts).
  StanceResult Classify(const std::vector<Word>& words,
                        const std::vector<bool>& subject) const;

  // The class and length in words of the longest stance phrase at
  // words[pos]; length 0 when none starts there.
  size_t PhraseAt(const std::vector<Word>& words, size_t pos,
                  StanceClass* cls) const;

 private:
  PhraseMatcher phrases_;  // value: StanceClass
};

}  // namespace claimtrack::query

#endif  // CLAIMTRACK_QUERY_STANCE_H_
