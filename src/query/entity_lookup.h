// Finding an entity by what a user typed: a hex id, or a name or alias.
#ifndef CLAIMTRACK_QUERY_ENTITY_LOOKUP_H_
#define CLAIMTRACK_QUERY_ENTITY_LOOKUP_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "claimtrack/status.h"
#include "store/db.h"

namespace claimtrack::query {

// The entity `name` names: a 16-digit hex id as is; else the entities
// stored under its normalized alias (or, for names that are only ever
// mentioned, the global country, organization or person keyed by it),
// global ones before those of one document, then the one holding the most
// claims. NotFound when none; InvalidArgument listing the candidates when
// several hold as many claims. `flag` ("--holder") names the flag in
// messages.
Result<uint64_t> ResolveEntity(store::Db* db, const std::string& name,
                               std::string_view flag);

}  // namespace claimtrack::query

#endif  // CLAIMTRACK_QUERY_ENTITY_LOOKUP_H_
