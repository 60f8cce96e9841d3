// Reading the term index (prefix 68, schema/keys.md): the claims whose
// content has a stemmed term, by statement day. Queries read it through
// this function rather than through its keys, so that the index's layout
// can change without them.
#ifndef CLAIMTRACK_STORE_TERM_INDEX_H_
#define CLAIMTRACK_STORE_TERM_INDEX_H_

#include <cstdint>
#include <functional>
#include <string_view>

#include "claimtrack/status.h"
#include "store/coding.h"
#include "store/db.h"

namespace claimtrack::store {

// Returns false to stop the scan.
using TermClaimVisitor = std::function<bool(int32_t day, uint64_t claim_id)>;

// Calls fn(day, claim_id) for each claim whose content terms include
// `term` (a stem, as text::ContentTerms returns it) and whose statement
// day (When::day) is within [from_day, to_day], in (day, claim_id) order,
// until fn returns false. The index keeps days, not seconds (format
// version 3): a bound within a day is the caller's to apply. Undated
// claims have day When::kUndatedDay and sort last. Fails with Corruption
// on an entry that does not decode, IOError on a read error; an unknown
// term visits nothing. A secondary instance sees what it last caught up
// with (Db::CatchUp).
Status ForEachClaimWithTerm(Db* db, std::string_view term, int32_t from_day,
                            int32_t to_day, const TermClaimVisitor& fn);

}  // namespace claimtrack::store

#endif  // CLAIMTRACK_STORE_TERM_INDEX_H_
