// Looking entities up by alias (the aliases family, prefix 40), through the
// database or a batch over it.
#ifndef CLAIMTRACK_STORE_ALIAS_INDEX_H_
#define CLAIMTRACK_STORE_ALIAS_INDEX_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "claimtrack/status.h"
#include "store/db.h"
#include "store/keys.h"

namespace claimtrack::store {

// The ids of the entities stored under a normalized alias (NormalizeAlias),
// each once, in id order. `Source` is a Db or a Txn.
template <typename Source>
Result<std::vector<uint64_t>> EntitiesWithAlias(Source* source,
                                                std::string_view alias) {
  std::vector<uint64_t> ids;
  Status decode;
  RETURN_IF_ERROR(source->Scan(Cf::kAliases, AliasKey::ScanPrefix(alias),
                               [&](std::string_view key, std::string_view) {
                                 Result<AliasKey> k = AliasKey::Decode(key);
                                 if (!k.ok()) {
                                   decode = k.status();
                                   return false;
                                 }
                                 if (ids.empty() ||
                                     ids.back() != k->entity_id) {
                                   ids.push_back(k->entity_id);
                                 }
                                 return true;
                               }));
  RETURN_IF_ERROR(decode);
  return ids;
}

}  // namespace claimtrack::store

#endif  // CLAIMTRACK_STORE_ALIAS_INDEX_H_
