#include "store/term_postings.h"

#include <algorithm>
#include <iterator>

#include "store/coding.h"

namespace claimtrack::store {

namespace {

void PutList(std::string* out, const std::vector<uint64_t>& list) {
  PutVarint(out, list.size());
  uint64_t before = 0;
  for (uint64_t n : list) {
    PutVarint(out, n - before);
    before = n;
  }
}

bool GetList(Decoder* d, std::vector<uint64_t>* list) {
  uint64_t count = 0;
  if (!d->GetVarint(&count) || count > d->remaining()) return false;
  list->clear();
  list->reserve(count);
  uint64_t n = 0;
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t gap = 0;
    if (!d->GetVarint(&gap) || (i > 0 && gap == 0) || gap > ~n) return false;
    n += gap;
    list->push_back(n);
  }
  return true;
}

std::vector<uint64_t> Minus(const std::vector<uint64_t>& a,
                            const std::vector<uint64_t>& b) {
  std::vector<uint64_t> out;
  out.reserve(a.size());
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(),
                      std::back_inserter(out));
  return out;
}

std::vector<uint64_t> Union(const std::vector<uint64_t>& a,
                            const std::vector<uint64_t>& b) {
  std::vector<uint64_t> out;
  out.reserve(a.size() + b.size());
  std::set_union(a.begin(), a.end(), b.begin(), b.end(),
                 std::back_inserter(out));
  return out;
}

// Folds `operands` (oldest first) after `base` (a list, or null) into one
// change; false when one does not decode. Each is decoded once while none
// removes anything (what ingest writes: adds, mostly in ascending order);
// from the first that does, the rest are composed in turn.
template <typename Operands>
bool Fold(const rocksdb::Slice* base, const Operands& operands,
          TermPostings* out) {
  *out = TermPostings();
  if (base != nullptr) {
    if (!DecodeTermPostings(base->ToStringView(), out).ok()) return false;
  }
  TermPostings p;
  bool adds_only = out->remove.empty();
  auto gather = [&] {  // the adds appended so far, as one sorted list
    if (!std::is_sorted(out->add.begin(), out->add.end())) {
      std::sort(out->add.begin(), out->add.end());
    }
    out->add.erase(std::unique(out->add.begin(), out->add.end()),
                   out->add.end());
  };
  for (const rocksdb::Slice& op : operands) {
    if (!DecodeTermPostings(op.ToStringView(), &p).ok()) return false;
    if (adds_only && p.remove.empty()) {
      out->add.insert(out->add.end(), p.add.begin(), p.add.end());
      continue;
    }
    if (adds_only) gather();
    adds_only = false;
    ComposeTermPostings(out, p);
  }
  if (adds_only) gather();
  return true;
}

class TermPostingsMerge : public rocksdb::MergeOperator {
 public:
  const char* Name() const override { return "claimtrack.TermPostings"; }

  bool FullMergeV2(const MergeOperationInput& in,
                   MergeOperationOutput* out) const override {
    TermPostings p;
    if (!Fold(in.existing_value, in.operand_list, &p)) return false;
    p.remove.clear();  // a list: what was removed is not in it
    out->new_value = EncodeTermPostings(p);
    return true;
  }

  bool PartialMergeMulti(const rocksdb::Slice&,
                         const std::deque<rocksdb::Slice>& operands,
                         std::string* new_value,
                         rocksdb::Logger*) const override {
    TermPostings p;
    if (!Fold(nullptr, operands, &p)) return false;
    *new_value = EncodeTermPostings(p);
    return true;
  }
};

}  // namespace

std::string EncodeTermPostings(const TermPostings& p) {
  std::string out;
  out.reserve(2 + 2 * (p.add.size() + p.remove.size()));
  PutList(&out, p.add);
  PutList(&out, p.remove);
  return out;
}

Status DecodeTermPostings(std::string_view bytes, TermPostings* out) {
  Decoder d(bytes);
  if (!GetList(&d, &out->add) || !GetList(&d, &out->remove) || !d.done()) {
    return Status::Corruption("term postings do not decode: " +
                              EscapeBytes(bytes));
  }
  std::vector<uint64_t> both;
  std::set_intersection(out->add.begin(), out->add.end(), out->remove.begin(),
                        out->remove.end(), std::back_inserter(both));
  if (!both.empty()) {
    return Status::Corruption("term postings add and remove claim " +
                              std::to_string(both[0]));
  }
  return Status::Ok();
}

std::string TermPostingAdd(uint64_t claim_num) {
  return EncodeTermPostings({{claim_num}, {}});
}

std::string TermPostingRemove(uint64_t claim_num) {
  return EncodeTermPostings({{}, {claim_num}});
}

void ComposeTermPostings(TermPostings* p, const TermPostings& later) {
  p->add = Union(Minus(p->add, later.remove), later.add);
  p->remove = Minus(Union(p->remove, later.remove), p->add);
}

std::shared_ptr<rocksdb::MergeOperator> NewTermPostingsMerge() {
  return std::make_shared<TermPostingsMerge>();
}

}  // namespace claimtrack::store
