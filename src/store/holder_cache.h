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

class HolderCache {
 public:
  // At most this many holders are kept; past it the cache starts over.
  static constexpr size_t kMaxHolders = 50000;

  // The holder's window, read from the index through `txn` when absent.
  Result<const HolderWindow*> Get(Txn* txn, uint64_t holder);
  // The writer put (or deleted) an index entry of a holder.
  void Insert(uint64_t holder, When when, uint64_t claim,
              const std::vector<uint32_t>& terms);
  void Erase(uint64_t holder, When when, uint64_t claim);
  void Clear() { windows_.clear(); }

 private:
  std::unordered_map<uint64_t, HolderWindow> windows_;
};

}  // namespace claimtrack::store

#endif  // CLAIMTRACK_STORE_HOLDER_CACHE_H_
