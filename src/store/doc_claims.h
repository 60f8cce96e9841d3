// The claims of one document (the document index, prefix 60), through the
// database or a batch over it.
#ifndef CLAIMTRACK_STORE_DOC_CLAIMS_H_
#define CLAIMTRACK_STORE_DOC_CLAIMS_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "claimtrack/status.h"
#include "store/db.h"
#include "store/keys.h"

namespace claimtrack::store {

// The ids of the claims stored for `doc_num`, in id order. `Source` is a
// Db or a Txn. Corruption when an entry does not decode.
template <typename Source>
Result<std::vector<uint64_t>> ClaimsOfDocument(Source* source,
                                               uint64_t doc_num) {
  std::vector<uint64_t> ids;
  Status decode;
  RETURN_IF_ERROR(source->Scan(Cf::kIndex, ClaimsByDocKey::ScanPrefix(doc_num),
                               [&](std::string_view key, std::string_view) {
                                 Result<ClaimsByDocKey> k =
                                     ClaimsByDocKey::Decode(key);
                                 if (!k.ok()) {
                                   decode = k.status();
                                   return false;
                                 }
                                 ids.push_back(k->claim_id);
                                 return true;
                               }));
  RETURN_IF_ERROR(decode);
  return ids;
}

}  // namespace claimtrack::store

#endif  // CLAIMTRACK_STORE_DOC_CLAIMS_H_
