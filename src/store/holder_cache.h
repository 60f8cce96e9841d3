// The writer's memory of each holder's latest claims, so that linking a new
// claim to its EARLIER predecessor (store/linker.h) does not walk the holder
// index backwards through RocksDB for every claim.
//
// A window is always a suffix of one holder's entries in the holder index
// (prefix 61), in index order: loaded from the index (its last
// kEarlierWindow entries), then kept equal to it by being told of every
// entry the writer puts or deletes. Answers that would need entries before
// the window fall back to the index. Only the writing Store owns one; a
// failed write must Clear() it, since its batch never reached the index.
#ifndef CLAIMTRACK_STORE_HOLDER_CACHE_H_
#define CLAIMTRACK_STORE_HOLDER_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "claimtrack/status.h"
#include "store/coding.h"

namespace claimtrack::store {

class Txn;

struct HolderClaim {
  When when;
  uint64_t claim = 0;
  std::vector<uint32_t> terms;
};

struct HolderWindow {
  std::vector<HolderClaim> entries;  // ascending (when, claim)
  bool from_start = false;           // holds every entry of the holder
  // Index of the first entry after (when, claim).
  size_t UpperBound(When when, uint64_t claim) const;
};

// The last `count` entries of a holder's index entries before `before`
// (an encoded holder key; empty: all of them), ascending, read through
// `txn`. *complete is set when they are all the holder has there.
Status ReadLastHolderClaims(Txn* txn, uint64_t holder, std::string_view before,
                            size_t count, std::vector<HolderClaim>* out,
                            bool* complete);

// Appends to `out` up to `count` of the holder's index entries after
// `after` (an encoded holder key, itself left out whether or not it is in
// the index), ascending, read through `txn`.
Status ReadNextHolderClaims(Txn* txn, uint64_t holder, std::string_view after,
                            size_t count, std::vector<HolderClaim>* out);

class HolderCache {
 public:
  // Holders are kept in two generations of at most this many each: a full
  // young generation becomes the old one (the previous old one is dropped),
  // and a holder found in the old generation moves back to the young. The
  // busy holders (a country, a president) stay; the many that speak in one
  // document only (an anonymous official) pass through. A generation also
  // ends after kMaxEntries entries were loaded into or added to it (about
  // 100 bytes each), which bounds the cache at about 2 x 50 MB however
  // long the busiest holders' histories are.
  static constexpr size_t kMaxHolders = 100000;
  static constexpr size_t kMaxEntries = 500000;
  HolderCache() = default;
  // Smaller generations, for tests.
  HolderCache(size_t max_holders, size_t max_entries)
      : max_holders_(max_holders), max_entries_(max_entries) {}

  // The holder's window, read from the index through `txn` when absent.
  Result<const HolderWindow*> Get(Txn* txn, uint64_t holder);
  // A holder the database has never had (its entity was just created): its
  // window is empty and complete, with no read of the index.
  void AddNew(uint64_t holder);
  // The writer put (or deleted) an index entry of a holder.
  void Insert(uint64_t holder, When when, uint64_t claim,
              const std::vector<uint32_t>& terms);
  void Erase(uint64_t holder, When when, uint64_t claim);
  void Clear() {
    young_.clear();
    old_.clear();
    young_entries_ = 0;
  }

 private:
  using Windows = std::unordered_map<uint64_t, HolderWindow>;
  // The holder's window if kept (moved to the young generation), else null.
  HolderWindow* Find(uint64_t holder);
  HolderWindow* Add(uint64_t holder, HolderWindow window);

  size_t max_holders_ = kMaxHolders, max_entries_ = kMaxEntries;
  Windows young_, old_;
  // Entries loaded into or added to the young generation's windows (not
  // reduced when windows shrink: an upper bound).
  size_t young_entries_ = 0;
};

}  // namespace claimtrack::store

#endif  // CLAIMTRACK_STORE_HOLDER_CACHE_H_
