// A claim: one attributed statement found in a document. Every textual field
// is a Span into Document::text; names and descriptors that are normalised
// (canonical speaker names) are strings, with the span they came from.
// The JSON form is specified in schema/claim.schema.json.
#ifndef CLAIMTRACK_CLAIM_H_
#define CLAIMTRACK_CLAIM_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "claimtrack/document.h"

namespace claimtrack {

enum class ClaimType {
  kDirect,    // the content is entirely a quotation
  kIndirect,  // reported speech, no quotation marks
  kMixed,     // reported speech with quoted fragments
};

enum class SpeakerKind {
  kPerson,
  kOrganization,
  kCountry,  // a country or its government ("Seoul", "Washington")
  kAnonymous,
  kUnknown,
};

const char* ClaimTypeName(ClaimType type);
const char* SpeakerKindName(SpeakerKind kind);

struct Speaker {
  std::string name;  // canonical: the fullest form seen in the document
  SpeakerKind kind = SpeakerKind::kUnknown;
  std::string title;        // "Defense Secretary", may be empty
  std::string affiliation;  // "United States", "NATO", may be empty
  // The mention a pronoun, surname or definite description resolved to.
  std::optional<Span> antecedent;
};

struct Anonymity {
  std::string descriptor;  // "a senior defense official"
  Span descriptor_span;
  std::optional<Span> reason;  // "to talk about policy matters"
};

struct StatementDate {
  std::optional<Span> expr;  // "Tuesday", "last week"; absent if none found
  std::string resolved;      // "YYYY-MM-DD", or empty when unknown
  // How `resolved` was obtained, e.g. "weekday before document date",
  // "document date (input)", "document date (text)", "explicit date".
  std::string basis;
};

// An entity named inside a claim's content: a country (by its name, an
// abbreviation, a demonym, or its capital standing alone for its
// government), an organization, or a person who is a speaker elsewhere in
// the same document (by full name or surname). Pronouns are never mentions.
struct Mention {
  Span span;         // the words as written, inside one content span
  std::string name;  // canonical: "South Korea", "NATO", "Jens Stoltenberg"
  // kCountry, kOrganization or kPerson.
  SpeakerKind kind = SpeakerKind::kUnknown;
  friend bool operator==(const Mention&, const Mention&) = default;
};

struct Claim {
  std::string doc;        // Document::id
  std::string id;         // stable: derived from doc id and content span
  uint32_t sentence = 0;  // index of the sentence holding the cue or content
  ClaimType type = ClaimType::kIndirect;
  std::vector<Span> content;  // one or more, in text order
  std::optional<Span> cue;
  std::optional<Span> source;  // the source as written
  Speaker speaker;
  std::optional<Anonymity> anonymous;
  StatementDate date;
  // The entities the content names, in text order; every span lies inside
  // one of `content`'s spans, and no two spans overlap.
  std::vector<Mention> mentions;
};

// The id the extractor gives a claim of document `doc_id` whose content
// begins at `content.front().begin` and ends at `content.back().end`
// (content not empty): 64 bits of a stable hash, as 16 hex digits in
// Claim::id. DO NOT CHANGE: databases store ids, and (since format version
// 8) leave out the ones this gives back.
uint64_t ClaimIdOf(std::string_view doc_id, const std::vector<Span>& content);

}  // namespace claimtrack

#endif  // CLAIMTRACK_CLAIM_H_
