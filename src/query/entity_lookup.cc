#include "query/entity_lookup.h"

#include <vector>

#include "store/alias_index.h"
#include "store/entities.h"
#include "store/records.h"

namespace claimtrack::query {

namespace {

struct Candidate {
  uint64_t id = 0;
  store::EntityRecord record;
  uint64_t claims = 0;
};

// Claims the entity holds: the length of its part of the holder index.
Result<uint64_t> CountClaims(store::Db* db, uint64_t id) {
  uint64_t n = 0;
  RETURN_IF_ERROR(db->Scan(
      store::Cf::kIndex,
      store::EntityTimeKey::ScanPrefix(store::Prefix::kClaimsByHolder, id),
      [&n](std::string_view, std::string_view) {
        ++n;
        return true;
      }));
  return n;
}

// The entities stored under the normalized alias; when it is no speaker's
// alias, the global country, organization or person keyed by it (entities
// only ever mentioned have no aliases).
Result<std::vector<uint64_t>> EntitiesNamed(store::Db* db,
                                            const std::string& alias) {
  ASSIGN_OR_RETURN(std::vector<uint64_t> ids,
                   store::EntitiesWithAlias(db, alias));
  if (!ids.empty()) return ids;
  for (SpeakerKind kind : {SpeakerKind::kCountry, SpeakerKind::kOrganization,
                           SpeakerKind::kPerson}) {
    const uint64_t id = store::EntityId(kind, alias, "");
    std::string bytes;
    Status s =
        db->Get(store::Cf::kEntities, store::EntityKey{id}.Encode(), &bytes);
    if (s.IsNotFound()) continue;
    RETURN_IF_ERROR(s);
    ids.push_back(id);
  }
  return ids;
}

std::string Describe(const Candidate& c) {
  return store::HexId(c.id) + " " + SpeakerKindName(c.record.kind) +
         (c.record.scope_doc == 0 ? "" : " (one document)") + " \"" +
         c.record.display_name + "\", " + std::to_string(c.claims) +
         (c.claims == 1 ? " claim" : " claims");
}

}  // namespace

Result<uint64_t> ResolveEntity(store::Db* db, const std::string& name,
                               std::string_view flag) {
  uint64_t id;
  if (store::ParseHexId(name, &id)) return id;
  const std::string alias = store::NormalizeAlias(name);
  if (alias.empty()) {
    return Status::InvalidArgument(std::string(flag) + " \"" + name +
                                   "\" names nothing");
  }
  ASSIGN_OR_RETURN(const std::vector<uint64_t> ids, EntitiesNamed(db, alias));
  if (ids.empty()) {
    return Status::NotFound("no entity is called \"" + name +
                            "\"; 'claimtrack entities --match TEXT' lists "
                            "the names the database knows");
  }
  std::vector<Candidate> candidates;
  bool any_global = false;
  for (uint64_t candidate : ids) {
    Candidate c;
    c.id = candidate;
    std::string bytes;
    RETURN_IF_ERROR(db->Get(store::Cf::kEntities,
                            store::EntityKey{candidate}.Encode(), &bytes)
                        .WithContext("entity " + store::HexId(candidate)));
    RETURN_IF_ERROR(store::DecodeEntity(bytes, &c.record));
    ASSIGN_OR_RETURN(c.claims, CountClaims(db, candidate));
    any_global = any_global || c.record.scope_doc == 0;
    candidates.push_back(std::move(c));
  }
  if (any_global) {
    std::erase_if(candidates,
                  [](const Candidate& c) { return c.record.scope_doc != 0; });
  }
  const Candidate* best = &candidates[0];
  bool tie = false;
  for (const Candidate& c : candidates) {
    if (&c == best) continue;
    if (c.claims > best->claims) {
      best = &c;
      tie = false;
    } else if (c.claims == best->claims) {
      tie = true;
    }
  }
  if (!tie) return best->id;
  std::string message =
      "\"" + name + "\" names " + std::to_string(candidates.size()) +
      " entities; give one's id with " + std::string(flag) + ":";
  for (const Candidate& c : candidates) message += "\n  " + Describe(c);
  return Status::InvalidArgument(message);
}

}  // namespace claimtrack::query
