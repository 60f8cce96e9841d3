#include "store/linker.h"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <thread>

#include "common/cpu_time.h"
#include "store/records.h"
#include "text/terms.h"

namespace claimtrack::store {

namespace {

Node ClaimNode(uint64_t id) { return Node{NodeKind::kClaim, id}; }

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Order of the holder index: (when, claim id).
bool Before(When a_when, uint64_t a, When b_when, uint64_t b) {
  return a_when < b_when || (a_when == b_when && a < b);
}

void PutEdge(Txn* txn, const EdgeKey& edge, const std::string& value) {
  txn->Put(Cf::kEdges, edge.Encode(), value);
  txn->Put(Cf::kEdges, edge.Mirror().Encode(), value);
}

}  // namespace

bool SameSubject(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b,
                 uint16_t* similarity) {
  if (a.empty() || b.empty()) return false;
  const double dice = text::TermSimilarity(a, b);
  if (similarity) *similarity = static_cast<uint16_t>(dice * 1000 + 0.5);
  return dice >= kEarlierMinSimilarity &&
         text::SharedTerms(a, b) >= kEarlierMinShared;
}

Result<bool> Linker::FindPreviousCached(uint64_t holder, When when,
                                        uint64_t claim,
                                        const std::vector<uint32_t>& terms,
                                        Target* found, bool* any) {
  ASSIGN_OR_RETURN(const HolderWindow* w, cache_->Get(txn_, holder));
  size_t i = w->UpperBound(when, claim);
  if (i > 0 && w->entries[i - 1].when == when &&
      w->entries[i - 1].claim == claim) {
    --i;  // itself
  }
  size_t seen = 0;
  while (i > 0 && seen < kEarlierWindow) {
    --i;
    ++seen;
    const HolderClaim& e = w->entries[i];
    uint16_t sim;
    if (SameSubject(terms, e.terms, &sim)) {
      *found = Target{e.claim, e.when, sim};
      *any = true;
      return true;
    }
  }
  // Answered when the whole look-back fit in the window.
  return seen == kEarlierWindow || w->from_start;
}

Status Linker::FindPrevious(uint64_t holder, When when, uint64_t claim,
                            const std::vector<uint32_t>& terms, Target* found,
                            bool* any) {
  *any = false;
  if (cache_) {
    ASSIGN_OR_RETURN(bool answered, FindPreviousCached(holder, when, claim,
                                                       terms, found, any));
    if (answered) return Status::Ok();
    *any = false;
  }
  const std::string self =
      EntityTimeKey{Prefix::kClaimsByHolder, holder, when, claim}.Encode();
  std::vector<HolderClaim> before;
  bool complete;
  RETURN_IF_ERROR(ReadLastHolderClaims(txn_, holder, self, kEarlierWindow,
                                       &before, &complete));
  for (auto e = before.rbegin(); e != before.rend(); ++e) {
    uint16_t sim;
    if (SameSubject(terms, e->terms, &sim)) {
      *found = Target{e->claim, e->when, sim};
      *any = true;
      break;
    }
  }
  return Status::Ok();
}

Status Linker::CurrentEarlier(uint64_t claim, uint64_t holder, Target* target,
                              bool* any) {
  *any = false;
  Status decode;
  RETURN_IF_ERROR(txn_->Scan(
      Cf::kEdges,
      EdgeKey::ScanPrefix(false, ClaimNode(claim), EdgeType::kEarlier),
      [&](std::string_view key, std::string_view value) {
        Result<EdgeKey> k = EdgeKey::Decode(key);
        if (!k.ok()) {
          decode = k.status();
          return false;
        }
        if (k->qualifier != holder) return true;
        EdgeValue v;
        decode = DecodeEdgeValue(EdgeType::kEarlier, value, &v);
        *target = Target{k->to.id, v.when, v.similarity};
        *any = decode.ok();
        return false;
      }));
  return decode;
}

Status Linker::DeleteEdges(Node node, EdgeType type, bool incoming,
                           const uint64_t* qualifier) {
  std::vector<EdgeKey> doomed;
  Status decode;
  RETURN_IF_ERROR(txn_->Scan(Cf::kEdges,
                             EdgeKey::ScanPrefix(incoming, node, type),
                             [&](std::string_view key, std::string_view) {
                               Result<EdgeKey> k = EdgeKey::Decode(key);
                               if (!k.ok()) {
                                 decode = k.status();
                                 return false;
                               }
                               if (!qualifier || k->qualifier == *qualifier)
                                 doomed.push_back(*k);
                               return true;
                             }));
  RETURN_IF_ERROR(decode);
  for (const EdgeKey& k : doomed) {
    txn_->Delete(Cf::kEdges, k.Encode());
    txn_->Delete(Cf::kEdges, k.Mirror().Encode());
  }
  return Status::Ok();
}

Status Linker::SetEarlier(uint64_t claim, uint64_t holder,
                          const Target* target) {
  if (new_claims_.contains(claim)) {
    // Its only EARLIER edges are those this linker put.
    auto it = set_.find({claim, holder});
    if (it != set_.end()) {
      const EdgeKey old{false, ClaimNode(claim), EdgeType::kEarlier,
                        ClaimNode(it->second), holder};
      txn_->Delete(Cf::kEdges, old.Encode());
      txn_->Delete(Cf::kEdges, old.Mirror().Encode());
      set_.erase(it);
    }
    if (target) set_[{claim, holder}] = target->claim;
  } else {
    RETURN_IF_ERROR(
        DeleteEdges(ClaimNode(claim), EdgeType::kEarlier, false, &holder));
  }
  if (target) {
    PutEdge(txn_,
            EdgeKey{false, ClaimNode(claim), EdgeType::kEarlier,
                    ClaimNode(target->claim), holder},
            EncodeEdgeValue(EdgeType::kEarlier,
                            EdgeValue{target->when, target->similarity}));
  }
  return Status::Ok();
}

Status Linker::LinkEarlier(uint64_t claim, uint64_t holder, When when,
                           const std::vector<uint32_t>& terms) {
  auto batch = new_entries_.find(holder);
  const ptrdiff_t inserted =
      batch == new_entries_.end() ? 1 : static_cast<ptrdiff_t>(batch->second);
  Around around;
  RETURN_IF_ERROR(ReadAround(holder, when, claim, inserted, &around));
  const HolderClaim* seq = around.seq;

  // The nearest claim before it on the same subject.
  Target previous;
  bool any = false;
  for (size_t i = around.after - 1, seen = 0; i > 0 && seen < kEarlierWindow;
       --i, ++seen) {
    uint16_t sim;
    if (SameSubject(terms, seq[i - 1].terms, &sim)) {
      previous = Target{seq[i - 1].claim, seq[i - 1].when, sim};
      any = true;
      break;
    }
  }
  RETURN_IF_ERROR(SetEarlier(claim, holder, any ? &previous : nullptr));

  // Later claims on the same subject whose EARLIER is older than this one.
  std::vector<Target> later;
  for (size_t i = around.after;
       i < around.size && i - around.after < kEarlierWindow; ++i) {
    uint16_t sim;
    if (SameSubject(terms, seq[i].terms, &sim)) {
      later.push_back({seq[i].claim, seq[i].when, sim});
    }
  }
  for (const Target& l : later) {
    Target current;
    RETURN_IF_ERROR(CurrentEarlier(l.claim, holder, &current, &any));
    if (any && !Before(current.when, current.claim, when, claim)) continue;
    const Target self_target{claim, when, l.similarity};
    RETURN_IF_ERROR(SetEarlier(l.claim, holder, &self_target));
  }
  // The claims after this one whose window it pushed a claim out of.
  return CheckWindowEdges(holder, around, inserted);
}

Status Linker::RefillWindows(uint64_t holder, When when, uint64_t claim,
                             size_t removed) {
  const ptrdiff_t changed =
      -static_cast<ptrdiff_t>(std::max<size_t>(removed, 1));
  Around around;
  RETURN_IF_ERROR(ReadAround(holder, when, claim, changed, &around));
  return CheckWindowEdges(holder, around, changed);
}

size_t Linker::EdgeCandidates(ptrdiff_t changed) {
  const size_t count = static_cast<size_t>(changed > 0 ? changed : -changed);
  return count <= kMaxEdgeCandidates ? count : 0;
}

Status Linker::ReadAround(uint64_t holder, When when, uint64_t claim,
                          ptrdiff_t changed, Around* out) {
  const bool inserted = changed > 0;
  const size_t count = EdgeCandidates(changed);
  if (cache_) {
    ASSIGN_OR_RETURN(const HolderWindow* w, cache_->Get(txn_, holder));
    const size_t after = w->UpperBound(when, claim);
    // The window is a suffix of the index: once it reaches back to the
    // point, it holds every entry after it.
    const bool reaches = inserted ? after > 0 &&
                                        w->entries[after - 1].when == when &&
                                        w->entries[after - 1].claim == claim
                                  : w->from_start || after > 0;
    const size_t before = inserted && after > 0 ? after - 1 : after;
    const size_t need =
        after < w->entries.size() ? kEarlierWindow + count + 1 : kEarlierWindow;
    if (reaches && (w->from_start || before >= need)) {
      out->seq = w->entries.data();
      out->size = w->entries.size();
      out->after = after;
      out->from_start = w->from_start;
      return Status::Ok();
    }
  }
  const std::string self =
      EntityTimeKey{Prefix::kClaimsByHolder, holder, when, claim}.Encode();
  std::vector<HolderClaim>& read = out->read;
  RETURN_IF_ERROR(ReadLastHolderClaims(
      txn_, holder, self, kEarlierWindow + count + 1, &read, &out->from_start));
  if (inserted) read.push_back({when, claim, {}});
  out->after = read.size();
  RETURN_IF_ERROR(
      ReadNextHolderClaims(txn_, holder, self, kEarlierWindow, &read));
  out->seq = read.data();
  out->size = read.size();
  return Status::Ok();
}

Status Linker::CheckWindowEdges(uint64_t holder, const Around& around,
                                ptrdiff_t changed) {
  const bool inserted = changed > 0;
  const size_t count = EdgeCandidates(changed);
  const HolderClaim* seq = around.seq;
  // Each claim after the point whose window's far edge moved: an insert
  // pushed out (at most `count` of) the claims just before the window's
  // first entry, a removal let in its first `count` entries. Only a claim
  // on the subject of one of those may have to change, so the edges are
  // read for those alone.
  struct Suspect {
    uint64_t claim;
    When when;
    std::vector<uint32_t> terms;
    When far_when;
    uint64_t far_claim;
  };
  std::vector<Suspect> suspects;
  for (size_t i = around.after;
       i < around.size && i - around.after < kEarlierWindow; ++i) {
    if (i < kEarlierWindow) continue;        // the window reaches the start
    const size_t edge = i - kEarlierWindow;  // the window's first entry
    const size_t lo = inserted ? (edge > count ? edge - count : 0) : edge;
    const size_t hi = inserted ? edge : std::min(edge + count, i);
    // Too many entries changed to compare with: every claim is a suspect.
    bool suspect = count == 0 && (!inserted || edge > 0 || !around.from_start);
    for (size_t k = lo; k < hi && !suspect; ++k) {
      suspect = SameSubject(seq[i].terms, seq[k].terms, nullptr);
    }
    if (suspect) {
      suspects.push_back({seq[i].claim, seq[i].when, seq[i].terms,
                          seq[edge].when, seq[edge].claim});
    }
  }
  for (const Suspect& c : suspects) {
    Target current;
    bool any;
    RETURN_IF_ERROR(CurrentEarlier(c.claim, holder, &current, &any));
    // An insert left the target before the window; a claim without one
    // may take a claim a removal let in.
    const bool stale = inserted ? any && Before(current.when, current.claim,
                                                c.far_when, c.far_claim)
                                : !any;
    if (!stale) continue;
    Target previous;
    RETURN_IF_ERROR(
        FindPrevious(holder, c.when, c.claim, c.terms, &previous, &any));
    RETURN_IF_ERROR(SetEarlier(c.claim, holder, any ? &previous : nullptr));
  }
  return Status::Ok();
}

Status Linker::UnlinkEarlier(uint64_t claim) {
  RETURN_IF_ERROR(
      DeleteEdges(ClaimNode(claim), EdgeType::kEarlier, false, nullptr));
  // Claims that pointed here: find each one's previous claim again (this
  // claim's index entries are already deleted, so it is not found).
  std::vector<EdgeKey> dependents;
  Status decode;
  RETURN_IF_ERROR(txn_->Scan(
      Cf::kEdges,
      EdgeKey::ScanPrefix(true, ClaimNode(claim), EdgeType::kEarlier),
      [&](std::string_view key, std::string_view) {
        Result<EdgeKey> k = EdgeKey::Decode(key);
        if (!k.ok()) {
          decode = k.status();
          return false;
        }
        dependents.push_back(*k);
        return true;
      }));
  RETURN_IF_ERROR(decode);
  for (const EdgeKey& edge : dependents) {
    txn_->Delete(Cf::kEdges, edge.Encode());
    txn_->Delete(Cf::kEdges, edge.Mirror().Encode());
    const uint64_t holder = *edge.qualifier;
    std::string bytes;
    Status s = txn_->Get(Cf::kClaims, ClaimKey{edge.from.id}.Encode(), &bytes);
    if (s.IsNotFound()) continue;  // removed in this batch too
    RETURN_IF_ERROR(s);
    ClaimRecord record;
    RETURN_IF_ERROR(DecodeClaim(edge.from.id, bytes, &record));
    s = txn_->Get(Cf::kIndex,
                  EntityTimeKey{Prefix::kClaimsByHolder, holder, record.when,
                                edge.from.id}
                      .Encode(),
                  &bytes);
    if (s.IsNotFound()) continue;
    RETURN_IF_ERROR(s);
    HolderValue value;
    RETURN_IF_ERROR(DecodeHolder(bytes, &value));
    Target previous;
    bool any;
    RETURN_IF_ERROR(FindPrevious(holder, record.when, edge.from.id, value.terms,
                                 &previous, &any));
    RETURN_IF_ERROR(
        SetEarlier(edge.from.id, holder, any ? &previous : nullptr));
  }
  return Status::Ok();
}

Status Linker::UnlinkRepeats(uint64_t claim) {
  return DeleteEdges(ClaimNode(claim), EdgeType::kRepeats, false, nullptr);
}

Status Linker::Appearances(uint64_t quote_hash, size_t limit,
                           std::vector<uint64_t>* claims) {
  Status decode;
  RETURN_IF_ERROR(txn_->Scan(Cf::kIndex, QuotationKey::ScanPrefix(quote_hash),
                             [&](std::string_view key, std::string_view) {
                               Result<QuotationKey> k =
                                   QuotationKey::Decode(key);
                               if (!k.ok()) {
                                 decode = k.status();
                                 return false;
                               }
                               claims->push_back(k->claim_id);
                               return claims->size() < limit;
                             }));
  return decode;
}

Status Linker::RelinkQuotation(uint64_t quote_hash) {
  std::vector<uint64_t> members;
  RETURN_IF_ERROR(Appearances(quote_hash, SIZE_MAX, &members));
  for (size_t i = 0; i < members.size(); ++i) {
    RETURN_IF_ERROR(UnlinkRepeats(members[i]));
    if (i == 0) continue;
    PutEdge(txn_,
            EdgeKey{false, ClaimNode(members[i]), EdgeType::kRepeats,
                    ClaimNode(members[0]), std::nullopt},
            "");
  }
  return Status::Ok();
}

Status Linker::LinkQuotation(uint64_t quote_hash, uint64_t claim) {
  std::vector<uint64_t> first;
  RETURN_IF_ERROR(Appearances(quote_hash, 1, &first));
  if (first.empty()) {
    return Status::Corruption("claim " + HexId(claim) +
                              " is missing from its quotation's index");
  }
  if (first[0] == claim) return RelinkQuotation(quote_hash);
  PutEdge(txn_,
          EdgeKey{false, ClaimNode(claim), EdgeType::kRepeats,
                  ClaimNode(first[0]), std::nullopt},
          "");
  return Status::Ok();
}

namespace {

// RebuildAll's EARLIER pass over the holder entries in [from, to), which
// begin and end at a holder's first entry: puts the edges in `txn`,
// committing every `batch_writes` writes; adds the number of edges to
// `earlier`.
Status LinkHolders(Db* db, Txn* txn, std::string_view from, std::string_view to,
                   size_t batch_writes, uint64_t* earlier) {
  struct Seen {
    uint64_t claim;
    When when;
    std::vector<uint32_t> terms;
  };
  std::deque<Seen> window;
  uint64_t holder = 0;
  std::unique_ptr<rocksdb::Iterator> it = db->NewIterator(Cf::kIndex);
  for (it->Seek(rocksdb::Slice(from)); it->Valid(); it->Next()) {
    if (it->key().ToStringView() >= to) break;
    ASSIGN_OR_RETURN(EntityTimeKey k,
                     EntityTimeKey::Decode(it->key().ToStringView()));
    if (k.entity_id != holder) {
      window.clear();
      holder = k.entity_id;
    }
    HolderValue value;
    RETURN_IF_ERROR(DecodeHolder(it->value().ToStringView(), &value));
    for (auto p = window.rbegin(); p != window.rend(); ++p) {
      uint16_t sim;
      if (!SameSubject(value.terms, p->terms, &sim)) continue;
      PutEdge(txn,
              EdgeKey{false, ClaimNode(k.claim_id), EdgeType::kEarlier,
                      ClaimNode(p->claim), holder},
              EncodeEdgeValue(EdgeType::kEarlier, EdgeValue{p->when, sim}));
      ++*earlier;
      break;
    }
    window.push_back({k.claim_id, k.when, std::move(value.terms)});
    if (window.size() > kEarlierWindow) window.pop_front();
    if (txn->pending_writes() >= batch_writes) RETURN_IF_ERROR(txn->Commit());
  }
  return FromRocks(it->status(), "reading the holder index");
}

}  // namespace

Status Linker::RebuildAll(LinkStats* stats, size_t batch_writes) {
  *stats = LinkStats();
  Db* db = txn_->db();
  auto maybe_commit = [&]() -> Status {
    return txn_->pending_writes() >= batch_writes ? txn_->Commit()
                                                  : Status::Ok();
  };
  // 1. Forget every EARLIER and REPEATS edge (scanning the database, not
  // the batch, so that deleting does not disturb the scan).
  {
    std::unique_ptr<rocksdb::Iterator> it = db->NewIterator(Cf::kEdges);
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      ASSIGN_OR_RETURN(EdgeKey k, EdgeKey::Decode(it->key().ToStringView()));
      if (k.type != EdgeType::kEarlier && k.type != EdgeType::kRepeats) {
        continue;
      }
      txn_->Delete(Cf::kEdges, it->key().ToStringView());
      RETURN_IF_ERROR(maybe_commit());
    }
    RETURN_IF_ERROR(FromRocks(it->status(), "reading edges"));
  }
  RETURN_IF_ERROR(txn_->Commit());
  // 2. EARLIER: each holder's claims in order, each looking back over the
  // same window as at ingest. Holders never straddle a split of the id
  // space, so the two halves (ids are hashes: about as many holders in
  // each) are linked at once, the upper on a thread and batch of its own,
  // and make the edges one pass would. On 200 MB of `synth` text this pass
  // took 2 s of one core while the other was idle.
  {
    const char holders = static_cast<char>(Prefix::kClaimsByHolder);
    std::string middle(1, holders);
    PutU64(&middle, uint64_t{1} << 63);
    const std::string first(1, holders);
    const std::string past(1, static_cast<char>(holders + 1));
    Txn upper_txn(db);
    uint64_t upper_earlier = 0;
    Status upper;
    std::thread upper_thread([&] {
      ThreadCpuRole role("ct:link");
      upper = LinkHolders(db, &upper_txn, middle, past, batch_writes,
                          &upper_earlier);
      if (upper.ok()) upper = upper_txn.Commit();
    });
    Status lower =
        LinkHolders(db, txn_, first, middle, batch_writes, &stats->earlier);
    upper_thread.join();
    RETURN_IF_ERROR(lower);
    RETURN_IF_ERROR(upper);
    stats->earlier += upper_earlier;
  }
  // 3. REPEATS: every later appearance of a quotation to its first.
  {
    const std::string prefix(1, static_cast<char>(Prefix::kQuotation));
    std::unique_ptr<rocksdb::Iterator> it = db->NewIterator(Cf::kIndex);
    uint64_t group = 0, first = 0;
    bool in_group = false;
    for (it->Seek(prefix); it->Valid(); it->Next()) {
      if (!StartsWith(it->key().ToStringView(), prefix)) break;
      ASSIGN_OR_RETURN(QuotationKey k,
                       QuotationKey::Decode(it->key().ToStringView()));
      if (!in_group || k.quote_hash != group) {
        in_group = true;
        group = k.quote_hash;
        first = k.claim_id;
        continue;
      }
      PutEdge(txn_,
              EdgeKey{false, ClaimNode(k.claim_id), EdgeType::kRepeats,
                      ClaimNode(first), std::nullopt},
              "");
      ++stats->repeats;
      RETURN_IF_ERROR(maybe_commit());
    }
    RETURN_IF_ERROR(FromRocks(it->status(), "reading the quotation index"));
  }
  return txn_->Commit();
}

}  // namespace claimtrack::store
