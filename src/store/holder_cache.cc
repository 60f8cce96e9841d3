#include "store/holder_cache.h"

#include <algorithm>
#include <deque>
#include <iterator>
#include <limits>

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

namespace {

// One holder index entry (61), key and value.
Status DecodeHolderClaim(std::string_view key, std::string_view bytes,
                         HolderClaim* out) {
  ASSIGN_OR_RETURN(const EntityTimeKey k, EntityTimeKey::Decode(key));
  HolderValue value;
  RETURN_IF_ERROR(DecodeHolder(bytes, &value));
  *out = HolderClaim{k.when, k.claim_id, std::move(value.terms)};
  return Status::Ok();
}

// Appends the holder's entries in [from, before) to `ring`, keeping the last
// `count`; *seen counts them all.
Status ReadForward(Txn* txn, const std::string& prefix, std::string_view from,
                   std::string_view before, size_t count,
                   std::deque<HolderClaim>* ring, size_t* seen) {
  Status decode;
  RETURN_IF_ERROR(txn->Scan(
      Cf::kIndex, prefix,
      [&](std::string_view key, std::string_view bytes) {
        if (!before.empty() && key >= before) return false;
        HolderClaim e;
        decode = DecodeHolderClaim(key, bytes, &e);
        if (!decode.ok()) return false;
        ++*seen;
        ring->push_back(std::move(e));
        if (ring->size() > count) ring->pop_front();
        return true;
      },
      from));
  return decode;
}

}  // namespace

Status ReadNextHolderClaims(Txn* txn, uint64_t holder, std::string_view after,
                            size_t count, std::vector<HolderClaim>* out) {
  if (count == 0) return Status::Ok();
  const size_t start = out->size();
  Status decode;
  RETURN_IF_ERROR(txn->Scan(
      Cf::kIndex, EntityTimeKey::ScanPrefix(Prefix::kClaimsByHolder, holder),
      [&](std::string_view key, std::string_view bytes) {
        if (key == after) return true;
        decode = DecodeHolderClaim(key, bytes, &out->emplace_back());
        return decode.ok() && out->size() - start < count;
      },
      after));
  return decode;
}

Status ReadLastHolderClaims(Txn* txn, uint64_t holder, std::string_view before,
                            size_t count, std::vector<HolderClaim>* out,
                            bool* complete) {
  const std::string prefix =
      EntityTimeKey::ScanPrefix(Prefix::kClaimsByHolder, holder);
  std::deque<HolderClaim> ring;
  size_t seen = 0;
  Result<EntityTimeKey> end = before.empty()
                                  ? Result<EntityTimeKey>(Status::NotFound(""))
                                  : EntityTimeKey::Decode(before);
  if (end.ok()) {
    // Before a given claim: read forwards over a look-back that widens
    // fourfold until it holds `count` entries. Skip-list memtables step
    // forwards in constant time but backwards with a search per step, and
    // a holder's claims before a back-dated one are read this way on every
    // such insert.
    for (int64_t days = 8; days <= (int64_t{1} << 15); days *= 4) {
      const int64_t first_day = std::max<int64_t>(
          int64_t{end->when.day} - days, std::numeric_limits<int32_t>::min());
      const std::string from =
          EntityTimeKey{Prefix::kClaimsByHolder, holder,
                        When{static_cast<int32_t>(first_day), 0}, 0}
              .Encode();
      ring.clear();
      seen = 0;
      RETURN_IF_ERROR(
          ReadForward(txn, prefix, from, before, count, &ring, &seen));
      if (seen > count) {  // and so there are others before
        *complete = false;
        out->assign(std::make_move_iterator(ring.begin()),
                    std::make_move_iterator(ring.end()));
        return Status::Ok();
      }
    }
  }
  // From the holder's first entry: the whole run before `before`, read
  // backwards so that a long run costs only the entries kept (and one more,
  // to learn whether there are others).
  std::vector<HolderClaim> last;
  bool more = false;
  Status decode;
  RETURN_IF_ERROR(txn->ScanBackward(
      Cf::kIndex, prefix,
      [&](std::string_view key, std::string_view bytes) {
        if (last.size() == count) {
          more = true;
          return false;
        }
        decode = DecodeHolderClaim(key, bytes, &last.emplace_back());
        return decode.ok();
      },
      before));
  RETURN_IF_ERROR(decode);
  *complete = !more;
  out->assign(std::make_move_iterator(last.rbegin()),
              std::make_move_iterator(last.rend()));
  return Status::Ok();
}

HolderWindow* HolderCache::Find(uint64_t holder) {
  auto it = young_.find(holder);
  if (it != young_.end()) return &it->second;
  auto old = old_.find(holder);
  if (old == old_.end()) return nullptr;
  HolderWindow window = std::move(old->second);
  old_.erase(old);
  return Add(holder, std::move(window));
}

HolderWindow* HolderCache::Add(uint64_t holder, HolderWindow window) {
  if (young_.size() >= max_holders_ || young_entries_ >= max_entries_) {
    old_ = std::move(young_);
    young_ = Windows();
    young_entries_ = 0;
  }
  young_entries_ += window.entries.size();
  return &young_.insert_or_assign(holder, std::move(window)).first->second;
}

Result<const HolderWindow*> HolderCache::Get(Txn* txn, uint64_t holder) {
  if (HolderWindow* w = Find(holder)) return w;
  HolderWindow window;
  RETURN_IF_ERROR(ReadLastHolderClaims(txn, holder, {}, kEarlierWindow,
                                       &window.entries, &window.from_start));
  return Add(holder, std::move(window));
}

void HolderCache::AddNew(uint64_t holder) {
  if (Find(holder)) return;
  HolderWindow window;
  window.from_start = true;
  Add(holder, std::move(window));
}

void HolderCache::Insert(uint64_t holder, When when, uint64_t claim,
                         const std::vector<uint32_t>& terms) {
  HolderWindow* found = Find(holder);
  if (!found) return;  // loaded from the index when needed
  HolderWindow& w = *found;
  const size_t at = w.UpperBound(when, claim);
  if (at > 0 && w.entries[at - 1].when == when &&
      w.entries[at - 1].claim == claim) {
    w.entries[at - 1].terms = terms;  // the same entry, put again
    return;
  }
  if (at == 0 && !w.from_start) return;  // before the window: not in it
  w.entries.insert(w.entries.begin() + static_cast<std::ptrdiff_t>(at),
                   HolderClaim{when, claim, terms});
  ++young_entries_;  // Find put the window in the young generation
  if (w.entries.size() > 2 * kEarlierWindow) {
    w.entries.erase(
        w.entries.begin(),
        w.entries.end() - static_cast<std::ptrdiff_t>(kEarlierWindow));
    w.from_start = false;
  }
}

void HolderCache::Erase(uint64_t holder, When when, uint64_t claim) {
  auto it = young_.find(holder);
  if (it == young_.end()) {
    // Not worth moving: the window only shrinks.
    it = old_.find(holder);
    if (it == old_.end()) return;
  }
  HolderWindow& w = it->second;
  const size_t at = w.UpperBound(when, claim);
  if (at > 0 && w.entries[at - 1].when == when &&
      w.entries[at - 1].claim == claim) {
    w.entries.erase(w.entries.begin() + static_cast<std::ptrdiff_t>(at - 1));
  }
  // A window that no longer reaches back a full linking window may need
  // entries it never loaded: read it again when next needed.
  if (!w.from_start && w.entries.size() < kEarlierWindow) {
    young_.erase(holder);
    old_.erase(holder);
  }
}

}  // namespace claimtrack::store
