#include "store/term_index.h"

#include <memory>
#include <string>

#include "store/keys.h"
#include "store/term_postings.h"

namespace claimtrack::store {

Status ForEachClaimWithTerm(Db* db, std::string_view term, int32_t from_day,
                            int32_t to_day, const TermClaimVisitor& fn) {
  if (to_day < from_day) return Status::Ok();
  const std::string prefix = TermPostingKey::ScanPrefix(term);
  std::unique_ptr<rocksdb::Iterator> it =
      db->NewIterator(CfOf(Prefix::kTermPostings));
  TermPostings list;
  for (it->Seek(TermPostingKey{std::string(term), from_day}.Encode());
       it->Valid(); it->Next()) {
    const std::string_view key = it->key().ToStringView();
    if (key.substr(0, prefix.size()) != prefix) break;
    ASSIGN_OR_RETURN(const TermPostingKey k, TermPostingKey::Decode(key));
    if (to_day < k.day) break;
    RETURN_IF_ERROR(DecodeTermPostings(it->value().ToStringView(), &list)
                        .WithContext("term index of " + db->path()));
    for (uint64_t claim : list.add) {
      if (!fn(k.day, claim)) return Status::Ok();
    }
  }
  return FromRocks(it->status(), "reading the term index of " + db->path());
}

}  // namespace claimtrack::store
