// Positions the outlet states in its own voice: "South Korea left the door
// open to reconsidering Seoul's prohibition against sending weapons to
// Ukraine" is no one's quotation, but it reports South Korea's position.
//
// A narrated position is a sentence (ending in . ! or ?, outside any
// headline line) that opens with the holder, named by the gazetteer
// (country names, capitals, demonyms, organizations) after an optional
// dateline ("SEOUL —"), followed, after at most three auxiliary words
// ("has", "will", "on Monday"), by a stance phrase (data/lexicon/
// stance.tsv) that is not a speech cue (those sentences are claims
// already). Its position is that of the words from the phrase to the end
// of the sentence, as StanceLexicon::Classify reads them.
#ifndef CLAIMTRACK_QUERY_NARRATION_H_
#define CLAIMTRACK_QUERY_NARRATION_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "query/stance.h"
#include "query/subject.h"
#include "text/lexicon.h"

namespace claimtrack::query {

struct NarratedPosition {
  Span sentence;
  Span subject;    // the holder as written ("South Korea")
  Span predicate;  // the stance phrase opening the predicate
  Span content;    // from the predicate to the end of the sentence
  Position position = Position::kNeutral;
  std::vector<StanceEvidence> evidence;  // spans only
  uint32_t subject_mask = 0;             // groups the sentence names
};

// The narrated positions of `holder` (a display name: "South Korea",
// "NATO") in a document's text.
std::vector<NarratedPosition> FindNarratedPositions(
    std::string_view text, std::string_view holder,
    const text::Lexicon& lexicon, const StanceLexicon& stance,
    const Subject& subject);

// A stable id for a narrated position (it has no stored claim): FNV-1a of
// the document number and the sentence's first byte.
uint64_t NarrationId(uint64_t doc_num, uint32_t sentence_begin);

}  // namespace claimtrack::query

#endif  // CLAIMTRACK_QUERY_NARRATION_H_
