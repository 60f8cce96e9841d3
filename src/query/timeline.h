// Positions over time: a holder's claims about a subject in statement
// order, each with its position toward the subject and the shifts between
// them; everything one speaker said; and the chain of earlier statements
// behind a claim.
//
// Every query is a set of prefix or range scans of the index family (the
// holder's `61` entries, the `62` mentions of it, its AFFILIATED edges),
// so its cost grows with the answer, not with the database.
#ifndef CLAIMTRACK_QUERY_TIMELINE_H_
#define CLAIMTRACK_QUERY_TIMELINE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "claimtrack/status.h"
#include "query/rows.h"
#include "store/store.h"

namespace claimtrack::query {

struct TimelineRequest {
  std::string holder;    // a name or alias ("Seoul"), or a hex entity id
  std::string about;     // subject words; "" = everything the holder said
  std::string from, to;  // "YYYY-MM-DD", inclusive; "" = open
  // Claims by others that name the holder in their content ("Stoltenberg
  // urged South Korea to ..."), marked Relation::kAbout.
  bool include_about = true;
  size_t limit = 0;  // 0: no limit
};

struct Timeline {
  std::vector<std::string> holders;  // the holders shown (one lane each)
  std::string subject;               // how --about was understood
  std::vector<ClaimRow> rows;        // by statement time
  // Index entries of later copies of a statement (the same words from the
  // same speaker) left unread: their first copy stands for them.
  size_t copies_unread = 0;
};

Result<Timeline> BuildTimeline(store::Store* store,
                               const TimelineRequest& request);

// Shifts on a subject across every holder with claims about it. The term
// index (63) lists the claims; each is read (in key order) for its holder,
// and the holder's index entry (61) for its copy key: the later copies of
// a statement are left unread (counted in copies_unread), as in a
// timeline with a subject, before any document is read. As there, a copy
// is judged by the first (FoldCopies): a later one that only its sentence
// or document would make relevant is not shown where the first is not.
Result<Timeline> FindShifts(store::Store* store, const std::string& about,
                            const std::string& from, const std::string& to);

// Everything a speaker said, by date (Relation::kOwn rows); with a limit,
// the first `limit` rows, reading only as many claims (and those at the
// same time as the last).
Result<Timeline> SaidBy(store::Store* store, const std::string& speaker,
                        const std::string& from, const std::string& to,
                        size_t limit = 0);

// The chain of EARLIER statements behind a claim and the earlier
// appearances of its quotation (REPEATS), oldest first, ending with the
// claim itself.
Result<Timeline> Trace(store::Store* store, const std::string& claim_id);

}  // namespace claimtrack::query

#endif  // CLAIMTRACK_QUERY_TIMELINE_H_
