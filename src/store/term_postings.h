// The term index's values (prefix 68, schema/keys.md, since format version
// 9): one entry per stemmed term and statement day, whose value lists the
// numbers of the claims with that term on that day. Ingest never reads
// the index, so it does not read a list to change it: it writes a RocksDB
// merge operand ("add claim 42"; a deleted claim's, "remove claim 42"),
// and the merge operator below folds the operands into the list when
// RocksDB flushes, compacts or reads the key. One entry per claim and
// term, as before version 9, made the index half of all the keys a claim
// wrote; lists make it a quarter as many entries and 30% fewer bytes
// (Reuters-21578, compacted).
#ifndef CLAIMTRACK_STORE_TERM_POSTINGS_H_
#define CLAIMTRACK_STORE_TERM_POSTINGS_H_

#include <rocksdb/merge_operator.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "claimtrack/status.h"

namespace claimtrack::store {

// A change to a list of claim numbers, and a list itself (no removes):
// applied to a list, it takes out `remove`, then puts in `add`. Both are
// ascending and unique; no number is in both.
struct TermPostings {
  std::vector<uint64_t> add;
  std::vector<uint64_t> remove;
  friend bool operator==(const TermPostings&, const TermPostings&) = default;
};

// schema/keys.md, TermPostings: varint count · varint gap{count} for each
// list, adds first; a gap is the first number, then each number minus
// the one before (so at least 1).
std::string EncodeTermPostings(const TermPostings& p);
// Corruption on a truncated or overlong varint, a gap of 0 after the
// first number, a number past 2^64, a number in both lists, or bytes
// left over.
Status DecodeTermPostings(std::string_view bytes, TermPostings* out);

// One claim added, one removed (ingest and upgrades group a document's
// claims into one operand per list instead: store.cc).
std::string TermPostingAdd(uint64_t claim_num);
std::string TermPostingRemove(uint64_t claim_num);

// `later` applied after `*p` (p then later), as one change.
void ComposeTermPostings(TermPostings* p, const TermPostings& later);

// The merge operator of the terms family ("claimtrack.TermPostings"):
// full merges give a list (no removes); partial merges, a change. An
// operand or value that does not decode fails the merge, and RocksDB
// reports the read or compaction as corrupt. A list emptied by removes
// stays as an entry with nothing in it, the same to a reader as none.
std::shared_ptr<rocksdb::MergeOperator> NewTermPostingsMerge();

}  // namespace claimtrack::store

#endif  // CLAIMTRACK_STORE_TERM_POSTINGS_H_
