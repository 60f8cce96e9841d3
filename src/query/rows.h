// The rows the query tools answer with: one claim as a researcher reads it
// (who, when, what, where it came from) and, for timelines, the position it
// takes toward the subject. Every text field is a copy of the stored
// document's text (untrusted article text: renderers escape it); spans are
// byte offsets into that document's text.
#ifndef CLAIMTRACK_QUERY_ROWS_H_
#define CLAIMTRACK_QUERY_ROWS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "claimtrack/claim.h"
#include "claimtrack/document.h"
#include "store/coding.h"

namespace claimtrack::query {

// A claim's position toward a timeline's subject.
enum class Position {
  kNeutral,   // states facts about the subject, takes no side
  kSupports,  // for the action or policy ("urged ... to send", "will impose")
  kOpposes,   // against it ("no plans to", "will not", "prohibition against")
  kHedges,    // open to it, undecided ("considering", "directing close
              // attention to", "might")
};
const char* PositionName(Position position);

// How a claim on a holder's timeline relates to the holder.
enum class Relation {
  kOwn,         // the holder is the speaker
  kAffiliated,  // one of its officials or bodies said it
  kAbout,       // someone else said it, naming the holder in the content
  kReported,    // the outlet states the holder's position (narration)
};
const char* RelationName(Relation relation);

// The words that decided a claim's position, as written.
struct StanceEvidence {
  Span span;          // in the document's text
  std::string words;  // the text of `span`
  std::string role;   // "cue", "negation", "modality", "subject"
};

struct ClaimRow {
  // The claim's id (as `extract` prints it), or a narration's (NarrationId).
  uint64_t claim_id = 0;
  store::When when;  // statement time; undated sorts last
  std::string date;  // "YYYY-MM-DD", or "" when undated

  // The document.
  uint64_t doc_num = 0;
  std::string doc_id, doc_title, outlet, url, doc_date;

  // Who.
  uint64_t speaker_entity = 0;  // 0: not an entity
  std::string speaker;          // display name, or the source as written
  SpeakerKind speaker_kind = SpeakerKind::kUnknown;
  std::string title, affiliation;  // as the claim gives them
  bool anonymous = false;

  // What.
  ClaimType type = ClaimType::kIndirect;
  std::string cue;      // as written, or ""
  std::string content;  // the content spans' text, joined with " … "
  Span sentence;        // the sentence holding the claim
  std::string sentence_text;

  // Timelines only.
  Relation relation = Relation::kOwn;
  std::string holder;  // the holder's display name
  Position position = Position::kNeutral;
  std::vector<StanceEvidence> evidence;
  bool shift = false;  // differs from the holder's previous non-neutral one
  Position previous = Position::kNeutral;  // valid when shift
  std::vector<std::string> subject_terms;  // the --about words it matched
};

}  // namespace claimtrack::query

#endif  // CLAIMTRACK_QUERY_ROWS_H_
