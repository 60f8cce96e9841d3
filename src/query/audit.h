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

#include <cstdint>
#include <string>
#include <vector>

#include "claimtrack/status.h"
#include "query/rows.h"
#include "store/store.h"

namespace claimtrack::query {

struct AuditRequest {
  std::string outlet;     // only documents of this outlet; "" = all
  std::string from, to;   // statement dates, "YYYY-MM-DD", inclusive; "" = open
};

// How precisely an anonymous source is described; each facet present adds
// one to `specificity` (0..4): "sources" 0, "a senior defense official" 3
// (rank, role, domain as organization), "two senior officials of the
// ministry" 4.
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
  std::string reason;      // the stated reason for anonymity, or ""
  // A named source in the same document on the same subject.
  bool corroborated = false;
  std::string corroborated_by;         // that source's name
  uint64_t corroborating_claim = 0;    // its claim id
};

struct AuditShare {
  std::string key;  // document id, or outlet ("" outlet shows as "unknown")
  std::string title;  // documents: the title
  uint64_t claims = 0, anonymous = 0, with_reason = 0, corroborated = 0;
};

struct AuditReport {
  std::vector<AuditRow> rows;  // by statement time, then claim id
  std::vector<AuditShare> per_document;  // documents with >= 1 anonymous claim
  std::vector<AuditShare> per_outlet;
  uint64_t documents = 0, claims = 0;  // all in range, named or not
};

Result<AuditReport> AuditAnonymous(store::Store* store,
                                   const AuditRequest& request);

}  // namespace claimtrack::query

#endif  // CLAIMTRACK_QUERY_AUDIT_H_
