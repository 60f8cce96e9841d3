// Looking entities up by alias (the aliases family, prefix 40), through the
// database or a batch over it.
#ifndef CLAIMTRACK_STORE_ALIAS_INDEX_H_
#define CLAIMTRACK_STORE_ALIAS_INDEX_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "claimtrack/status.h"
#include "store/coding.h"
#include "store/db.h"
#include "store/keys.h"

namespace claimtrack::store {

// The ids of the entities stored under a normalized alias (NormalizeAlias),
// each once, in id order. `Source` is a Db or a Txn.
//
// An alias has one key per entity and document, so a common name ("Reagan")
// has thousands; the scan reads the first key of each entity and then seeks
// past that entity's other keys, costing one seek per entity.
template <typename Source>
Result<std::vector<uint64_t>> EntitiesWithAlias(Source* source,
                                                std::string_view alias) {
  std::vector<uint64_t> ids;
  Status decode;
  const std::string prefix = AliasKey::ScanPrefix(alias);
  std::string from = prefix;
  while (true) {
    bool found = false;
    RETURN_IF_ERROR(source->Scan(
        Cf::kAliases, prefix,
        [&](std::string_view key, std::string_view) {
          Result<AliasKey> k = AliasKey::Decode(key);
          if (!k.ok()) {
            decode = k.status();
            return false;
          }
          found = true;
          ids.push_back(k->entity_id);
          return false;
        },
        from));
    RETURN_IF_ERROR(decode);
    if (!found || ids.back() == UINT64_MAX) break;
    from = prefix;
    PutU64(&from, ids.back() + 1);
  }
  return ids;
}

}  // namespace claimtrack::store

#endif  // CLAIMTRACK_STORE_ALIAS_INDEX_H_
