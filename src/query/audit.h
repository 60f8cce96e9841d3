// The anonymous-source audit: every claim resting on an unnamed source, how
// precisely the source is described, whether a reason for the anonymity is
// given, whether a named source in the same document says something on the
// same subject, and the share of anonymous claims per document and outlet.
//
// The checks follow two points common to newsroom standards on anonymous
// sourcing (for example the AP's and Reuters' handbooks, the SPJ code of
// ethics): say why the source was granted anonymity, and describe the
// source as precisely as possible (role, rank, organization, how many).
#ifndef CLAIMTRACK_QUERY_AUDIT_H_
#define CLAIMTRACK_QUERY_AUDIT_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "claimtrack/status.h"
#include "query/rows.h"
#include "store/records.h"
#include "store/store.h"
#include "text/lexicon.h"

namespace claimtrack::query {

struct AuditRequest {
  std::string outlet;    // only documents of this outlet; "" = all
  std::string from, to;  // statement dates, "YYYY-MM-DD", inclusive; "" = open
  // How many documents with anonymous claims the audit keeps decoded at
  // once (at least 1). A document whose anonymous claims fall on several
  // days is kept from the first day to the last, unless this many newer
  // ones push it out, in which case it is read again. Memory, not answers:
  // tests set 1 to check that reading again changes nothing.
  size_t max_open_documents = 256;
};

// How precisely an anonymous source is described; each facet present adds
// one to score() (0..4). Read from the descriptor's words with the facets
// of data/lexicon/anonymous.tsv, and from the facets the store derived for
// the source's entity (EntityRecord::descriptor):
//   role          a head noun that names a function (official, diplomat,
//                 aide, executive, negotiator...): a head of anonymous.tsv
//                 that ends the descriptor or is followed by a preposition,
//                 a relative clause or "familiar with" ("official figures"
//                 has none), except the generic heads (source, person,
//                 people, someone, individual, insider, confidant, ally,
//                 associate and their plurals);
//   rank          a rank qualifier (senior, top, high-ranking, former...),
//                 or a stored rank;
//   organization  a domain or affiliation qualifier (defense, ministry,
//                 Pentagon, U.S.), or a stored domain or affiliation (the
//                 country a "South Korean official" speaks for);
//   count         a count qualifier that states a number: a, an, one, two
//                 ... six, both, or digits; not several, many, some, a few.
// So "sources" 0, "a source" 1 (count), "people familiar with the matter"
// 0, "two officials at the ministry" 3 (count, role, organization), "a
// senior defense official" 4.
struct Specificity {
  bool role = false;          // official, diplomat, executive, analyst...
  bool rank = false;          // senior, high-ranking, junior...
  bool organization = false;  // a domain or body: defense, the ministry
  bool count = false;         // "two officials", "a source": number stated
  int score() const { return role + rank + organization + count; }
};

struct AuditRow {
  ClaimRow claim;          // the claim, its document and date
  std::string descriptor;  // "a senior defense official", as written
  Specificity specificity;
  std::string reason;  // the stated reason for anonymity, or ""
  // A named source in the same document on the same subject: a claim of
  // the document (any date) whose speaker is a person, organization or
  // country with a name, and whose content terms (text::ContentTerms)
  // and the anonymous claim's pass SameSubject(). The most similar one
  // (Dice), the first in the text on a tie.
  bool corroborated = false;
  std::string corroborated_by;       // that source's name
  uint64_t corroborating_claim = 0;  // its claim id
};

struct AuditShare {
  std::string key;    // document id, or outlet ("" outlet shows as "unknown")
  std::string title;  // documents: the title
  uint64_t claims = 0, anonymous = 0, with_reason = 0, corroborated = 0;
};

struct AuditReport {
  std::vector<AuditRow> rows;            // by statement time, then claim id
                                         // (empty when a sink took them)
  std::vector<AuditShare> per_document;  // documents with >= 1 anonymous claim
  std::vector<AuditShare> per_outlet;
  uint64_t documents = 0, claims = 0;  // all in range, named or not
};

// Every claim whose speaker is of kind anonymous, dated in the request's
// range (an undated claim is outside every bounded range), in documents of
// the requested outlet (compared ignoring ASCII case). Documents and claims
// count those in range, named or not: `per_outlet` has every outlet with a
// claim in range, `per_document` the documents with an anonymous one
// (ordered by document id). InvalidArgument for a malformed or inverted
// date range; storage errors and Corruption as read.
//
// Cost: a range scan of the by-day index (66) over the dates asked; one
// read of each document with a claim in range but no anonymous one, in key
// order (its outlet decides --outlet and the per-outlet shares); then the
// documents with an anonymous claim in range day by day, in statement-date
// order, their claims (all of them, for corroboration) read and compared
// term by term. A document with anonymous claims on several days is kept
// decoded from its first day to its last (or read again, once pushed out
// by AuditRequest::max_open_documents). An open range reads the whole
// index. This version keeps every row until the end: an audit of a large
// range should hand them to a sink (below).
Result<AuditReport> AuditAnonymous(store::Store* store,
                                   const AuditRequest& request);

// The same audit with each day's rows, sorted, handed to `sink` one at a
// time once the day is done, instead of kept: the report returned has the
// counts and shares but no rows. Memory grows with the documents in range
// (a few numbers each, and a share with the title of each document with
// an anonymous claim), not with the rows: an audit over all time of a
// 5 GB archive kept a million rows, 4.4 GB. An error from `sink` ends the
// audit and is returned.
using AuditRowSink = std::function<Status(AuditRow&&)>;
Result<AuditReport> AuditAnonymous(store::Store* store,
                                   const AuditRequest& request,
                                   const AuditRowSink& sink);

// The facets of one descriptor (see Specificity); `facets` may be null.
Specificity DescribeSpecificity(const text::Lexicon& lexicon,
                                std::string_view descriptor,
                                const store::AnonymousDescriptor* facets);

// Two contents are on the same subject when their sorted term hashes
// (text::TermHashes) share at least kCorroborationMinShared terms and their
// Dice coefficient (text::TermSimilarity) is at least
// kCorroborationMinSimilarity: one shared word ("Ukraine") is not a
// subject, and two shared words among many are chance.
inline constexpr size_t kCorroborationMinShared = 2;
inline constexpr double kCorroborationMinSimilarity = 0.2;
bool SameSubject(const std::vector<uint32_t>& a,
                 const std::vector<uint32_t>& b);

}  // namespace claimtrack::query

#endif  // CLAIMTRACK_QUERY_AUDIT_H_
