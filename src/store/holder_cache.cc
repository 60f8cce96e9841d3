#include "store/holder_cache.h"

#include <algorithm>
#include <deque>
#include <iterator>

#include "store/keys.h"
#include "store/linker.h"
#include "store/records.h"
#include "store/txn.h"

namespace claimtrack::store {

namespace {

bool Less(const HolderClaim& e, When when, uint64_t claim) {
  return e.when < when || (e.when == when && e.claim < claim);
}

}  // namespace

size_t HolderWindow::UpperBound(When when, uint64_t claim) const {
  size_t lo = 0, hi = entries.size();
  while (lo < hi) {
    const size_t mid = (lo + hi) / 2;
    const HolderClaim& e = entries[mid];
    if (Less(e, when, claim) || (e.when == when && e.claim == claim)) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

Status ReadLastHolderClaims(Txn* txn, uint64_t holder, std::string_view before,
                            size_t count, std::vector<HolderClaim>* out,
                            bool* complete) {
  // The index is read forwards (the batch overlay merges that way), into a
  // ring of the last `count` entries.
  std::deque<HolderClaim> last;
  size_t seen = 0;
  Status decode;
  const std::string prefix =
      EntityTimeKey::ScanPrefix(Prefix::kClaimsByHolder, holder);
  RETURN_IF_ERROR(txn->Scan(
      Cf::kIndex, prefix, [&](std::string_view key, std::string_view bytes) {
        if (!before.empty() && key >= before) return false;
        Result<EntityTimeKey> k = EntityTimeKey::Decode(key);
        HolderValue value;
        decode = k.ok() ? DecodeHolder(bytes, &value) : k.status();
        if (!decode.ok()) return false;
        ++seen;
        last.push_back({k->when, k->claim_id, std::move(value.terms)});
        if (last.size() > count) last.pop_front();
        return true;
      }));
  RETURN_IF_ERROR(decode);
  *complete = seen <= count;
  out->assign(std::make_move_iterator(last.begin()),
              std::make_move_iterator(last.end()));
  return Status::Ok();
}

Result<const HolderWindow*> HolderCache::Get(Txn* txn, uint64_t holder) {
  auto it = windows_.find(holder);
  if (it != windows_.end()) return &it->second;
  if (windows_.size() >= kMaxHolders) windows_.clear();
  HolderWindow window;
  RETURN_IF_ERROR(ReadLastHolderClaims(txn, holder, {}, kEarlierWindow,
                                       &window.entries, &window.from_start));
  return &windows_.emplace(holder, std::move(window)).first->second;
}

void HolderCache::Insert(uint64_t holder, When when, uint64_t claim,
                         const std::vector<uint32_t>& terms) {
  auto it = windows_.find(holder);
  if (it == windows_.end()) return;  // loaded from the index when needed
  HolderWindow& w = it->second;
  const size_t at = w.UpperBound(when, claim);
  if (at > 0 && w.entries[at - 1].when == when &&
      w.entries[at - 1].claim == claim) {
    w.entries[at - 1].terms = terms;  // the same entry, put again
    return;
  }
  if (at == 0 && !w.from_start) return;  // before the window: not in it
  w.entries.insert(w.entries.begin() + static_cast<std::ptrdiff_t>(at),
                   HolderClaim{when, claim, terms});
  if (w.entries.size() > 2 * kEarlierWindow) {
    w.entries.erase(
        w.entries.begin(),
        w.entries.end() - static_cast<std::ptrdiff_t>(kEarlierWindow));
    w.from_start = false;
  }
}

void HolderCache::Erase(uint64_t holder, When when, uint64_t claim) {
  auto it = windows_.find(holder);
  if (it == windows_.end()) return;
  HolderWindow& w = it->second;
  const size_t at = w.UpperBound(when, claim);
  if (at > 0 && w.entries[at - 1].when == when &&
      w.entries[at - 1].claim == claim) {
    w.entries.erase(w.entries.begin() + static_cast<std::ptrdiff_t>(at - 1));
  }
  // A window that no longer reaches back a full linking window may need
  // entries it never loaded: read it again when next needed.
  if (!w.from_start && w.entries.size() < kEarlierWindow) windows_.erase(it);
}

}  // namespace claimtrack::store
