// Store::Entities: the rows of `claimtrack entities`, read from the entity
// records, the aliases family and the holder and fact indexes.
#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "store/store.h"

namespace claimtrack::store {

namespace {

// Strings by how often they were seen, most frequent first.
std::vector<std::string> ByFrequency(const std::map<std::string, int>& seen) {
  std::vector<std::pair<std::string, int>> v(seen.begin(), seen.end());
  std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) {
    return a.second > b.second;
  });
  std::vector<std::string> out;
  for (auto& [s, n] : v) out.push_back(std::move(s));
  return out;
}

}  // namespace

Result<EntitySummary> Store::Summarize(uint64_t id,
                                       const EntityRecord& record) {
  EntitySummary s;
  s.id = id;
  s.record = record;
  When first, last;
  bool any_dated = false;
  Status decode;
  RETURN_IF_ERROR(db_->Scan(
      Cf::kIndex, EntityTimeKey::ScanPrefix(Prefix::kClaimsByHolder, id),
      [&](std::string_view key, std::string_view value) {
        Result<EntityTimeKey> k = EntityTimeKey::Decode(key);
        HolderValue h;
        if (!k.ok() || !DecodeHolder(value, &h).ok()) {
          decode = Status::Corruption("undecodable holder entry");
          return false;
        }
        if (h.role != HolderRole::kSpeaker) {
          ++s.affiliated_claims;
          return true;
        }
        ++s.claims;
        if (!k->when.undated()) {
          if (!any_dated) first = k->when;
          last = k->when;
          any_dated = true;
        }
        return true;
      }));
  RETURN_IF_ERROR(decode);
  if (any_dated) {
    s.first_date = IsoDateFromDay(first.day);
    s.last_date = IsoDateFromDay(last.day);
  }
  RETURN_IF_ERROR(db_->Scan(
      Cf::kIndex, EntityTimeKey::ScanPrefix(Prefix::kClaimsByMention, id),
      [&](std::string_view, std::string_view) {
        ++s.mentions;
        return true;
      }));
  std::map<std::string, int> titles, affiliations;
  RETURN_IF_ERROR(
      db_->Scan(Cf::kIndex, EntityFactKey::ScanPrefix(id),
                [&](std::string_view key, std::string_view) {
                  Result<EntityFactKey> k = EntityFactKey::Decode(key);
                  if (!k.ok()) return true;
                  (k->fact == Fact::kTitle ? titles : affiliations)[k->value]++;
                  return true;
                }));
  s.titles = ByFrequency(titles);
  s.affiliations = ByFrequency(affiliations);
  return s;
}

Result<std::vector<EntitySummary>> Store::Entities(std::string_view match) {
  const std::string wanted = NormalizeAlias(match);
  // Calls fn(entity, form as written) for every alias entry.
  auto each_alias = [&](const auto& fn) -> Status {
    std::unique_ptr<rocksdb::Iterator> it = db_->NewIterator(Cf::kAliases);
    std::string written;
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      ASSIGN_OR_RETURN(AliasKey k, AliasKey::Decode(it->key().ToStringView()));
      RETURN_IF_ERROR(
          DecodeAliasForm(k.alias, it->value().ToStringView(), &written));
      fn(k.entity_id, written);
    }
    return FromRocks(it->status(), "reading aliases");
  };
  // With a match, a first pass finds the entities with a matching form, so
  // that only theirs are kept (every alias of a large database is GBs).
  std::unordered_set<uint64_t> alias_hits;
  if (!wanted.empty()) {
    RETURN_IF_ERROR(each_alias([&](uint64_t entity, const std::string& form) {
      if (NormalizeAlias(form).find(wanted) != std::string::npos) {
        alias_hits.insert(entity);
      }
    }));
  }
  std::vector<std::pair<uint64_t, EntityRecord>> listed;
  {
    std::unique_ptr<rocksdb::Iterator> it = db_->NewIterator(Cf::kEntities);
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      ASSIGN_OR_RETURN(EntityKey k,
                       EntityKey::Decode(it->key().ToStringView()));
      EntityRecord record;
      RETURN_IF_ERROR(DecodeEntity(it->value().ToStringView(), &record));
      if (!wanted.empty() && !alias_hits.count(k.entity_id) &&
          NormalizeAlias(record.display_name).find(wanted) ==
              std::string::npos) {
        continue;
      }
      listed.emplace_back(k.entity_id, std::move(record));
    }
    RETURN_IF_ERROR(FromRocks(it->status(), "reading entities"));
  }
  std::unordered_map<uint64_t, std::map<std::string, int>> aliases;
  for (const auto& [id, record] : listed) aliases[id];
  RETURN_IF_ERROR(each_alias([&](uint64_t entity, const std::string& form) {
    auto a = aliases.find(entity);
    if (a != aliases.end()) a->second[form]++;
  }));
  std::vector<EntitySummary> out;
  out.reserve(listed.size());
  for (auto& [id, record] : listed) {
    ASSIGN_OR_RETURN(EntitySummary s, Summarize(id, record));
    record = EntityRecord{};  // the summary has its copy
    if (auto node = aliases.extract(id)) s.aliases = ByFrequency(node.mapped());
    out.push_back(std::move(s));
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& x, const auto& y) {
    if (x.claims != y.claims) return x.claims > y.claims;
    return x.record.display_name < y.record.display_name;
  });
  return out;
}

Result<BusiestEntities> Store::Busiest(size_t n) {
  BusiestEntities out;
  auto before = [](const EntityCount& x, const EntityCount& y) {
    if (x.claims != y.claims) return x.claims > y.claims;
    return x.record.display_name < y.record.display_name;
  };
  // Keeps the first n of `list` in that order, sorting once it has 2n.
  auto offer = [&](std::vector<EntityCount>* list, const EntityCount& e) {
    list->push_back(e);
    if (list->size() < 2 * n + 1) return;
    std::stable_sort(list->begin(), list->end(), before);
    list->resize(n);
  };
  std::unique_ptr<rocksdb::Iterator> held = db_->NewIterator(Cf::kIndex);
  held->Seek(std::string(1, static_cast<char>(Prefix::kClaimsByHolder)));
  std::unique_ptr<rocksdb::Iterator> it = db_->NewIterator(Cf::kEntities);
  for (it->SeekToFirst(); n > 0 && it->Valid(); it->Next()) {
    ASSIGN_OR_RETURN(EntityKey k, EntityKey::Decode(it->key().ToStringView()));
    EntityCount e;
    e.id = k.entity_id;
    // The holder entries of this entity (and past those of entities
    // without a record, which `check` reports).
    for (; held->Valid(); held->Next()) {
      const std::string_view key = held->key().ToStringView();
      if (key.empty() || key[0] != static_cast<char>(Prefix::kClaimsByHolder)) {
        break;
      }
      ASSIGN_OR_RETURN(EntityTimeKey h, EntityTimeKey::Decode(key));
      if (h.entity_id > e.id) break;
      if (h.entity_id < e.id) continue;
      HolderValue v;
      RETURN_IF_ERROR(DecodeHolder(held->value().ToStringView(), &v)
                          .WithContext(HexId(h.claim_id)));
      ++(v.role == HolderRole::kSpeaker ? e.claims : e.affiliated_claims);
    }
    RETURN_IF_ERROR(FromRocks(held->status(), "reading the holder index"));
    if (e.claims + e.affiliated_claims == 0) continue;
    RETURN_IF_ERROR(DecodeEntity(it->value().ToStringView(), &e.record)
                        .WithContext(HexId(e.id)));
    if (e.record.scope_doc != 0) continue;
    if (e.claims > 0 && e.record.kind == SpeakerKind::kPerson) {
      offer(&out.speakers, e);
    }
    offer(&out.holders, e);
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "reading entities"));
  for (std::vector<EntityCount>* list : {&out.holders, &out.speakers}) {
    std::stable_sort(list->begin(), list->end(), before);
    if (list->size() > n) list->resize(n);
  }
  return out;
}

}  // namespace claimtrack::store
