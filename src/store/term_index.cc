#include "store/term_index.h"

#include <memory>
#include <string>

#include "store/keys.h"

namespace claimtrack::store {

Status ForEachClaimWithTerm(Db* db, std::string_view term, int32_t from_day,
                            int32_t to_day, const TermClaimVisitor& fn) {
  if (to_day < from_day) return Status::Ok();
  const std::string prefix = TermKey::ScanPrefix(term);
  std::unique_ptr<rocksdb::Iterator> it =
      db->NewIterator(CfOf(Prefix::kClaimsByTerm));
  for (it->Seek(TermKey{std::string(term), from_day, 0}.Encode()); it->Valid();
       it->Next()) {
    const std::string_view key = it->key().ToStringView();
    if (key.substr(0, prefix.size()) != prefix) break;
    ASSIGN_OR_RETURN(const TermKey k, TermKey::Decode(key));
    if (to_day < k.day) break;
    if (!fn(k.day, k.claim_id)) break;
  }
  return FromRocks(it->status(), "reading the term index of " + db->path());
}

}  // namespace claimtrack::store
