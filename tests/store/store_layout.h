// Test helpers: a database's records, and the same records as format
// version 6 keyed claims (by id), for the upgrade tests.
#ifndef CLAIMTRACK_TESTS_STORE_STORE_LAYOUT_H_
#define CLAIMTRACK_TESTS_STORE_STORE_LAYOUT_H_

#include <rocksdb/write_batch.h>

#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <utility>

#include "store/coding.h"
#include "store/db.h"
#include "store/keys.h"
#include "store/kv_format.h"
#include "store/records.h"
#include "store/term_postings.h"

namespace claimtrack::store {

using Records = std::map<std::pair<size_t, std::string>, std::string>;

// Every record of the database, family by family.
inline Records AllRecords(Db* db) {
  Records all;
  for (size_t i = 0; i < kCfCount; ++i) {
    REQUIRE(db->Scan(Cf(i), "", [&](std::string_view k, std::string_view v) {
                all[{i, std::string(k)}] = std::string(v);
                return true;
              }).ok());
  }
  return all;
}

// The term lists (68) of `records` as format version 8 kept the term
// index: an entry per claim (63), with an empty value. An emptied list is
// no entry, as it is to a reader.
inline Records TermsAs8(const Records& records) {
  Records out;
  for (const auto& [key, value] : records) {
    if (key.second[0] != static_cast<char>(Prefix::kTermPostings)) {
      out[key] = value;
      continue;
    }
    Result<TermPostingKey> k = TermPostingKey::Decode(key.second);
    TermPostings list;
    if (!k.ok() || !DecodeTermPostings(value, &list).ok()) {
      FAIL("undecodable term list " << HexBytes(key.second));
    }
    for (uint64_t num : list.add) {
      out[{key.first, k->ClaimKeyOfVersion8(num)}] = "";
    }
  }
  return out;
}

// Rewrites the term index as format version 8 kept it (TermsAs8).
inline void WriteTermsAs8(Db* db) {
  rocksdb::WriteBatch batch;
  Records terms;
  REQUIRE(db->Scan(Cf::kTerms, "", [&](std::string_view k, std::string_view v) {
              batch.Delete(db->cf(Cf::kTerms), k);
              terms[{static_cast<size_t>(Cf::kTerms), std::string(k)}] = v;
              return true;
            }).ok());
  for (const auto& [key, value] : TermsAs8(terms)) {
    batch.Put(db->cf(Cf::kTerms), key.second, value);
  }
  REQUIRE(db->Write(&batch).ok());
}

// Each claim's id, by its number, from its record.
inline std::map<uint64_t, uint64_t> IdsOfClaims(const Records& records) {
  std::map<uint64_t, uint64_t> id_of;
  for (const auto& [key, value] : records) {
    if (key.second[0] != static_cast<char>(Prefix::kClaim)) continue;
    const uint64_t num = ClaimKey::Decode(key.second)->claim_id;
    ClaimRecord r;
    uint64_t id = 0;
    if (!DecodeClaim(num, value, &r).ok() || !ParseHexId(r.claim.id, &id)) {
      FAIL("undecodable claim " << num);
    }
    id_of[num] = id;
  }
  return id_of;
}

// Rewrites the entries that lead from claim ids to numbers as format
// versions 7 to 9 kept them: one per id (21), its value the number of the
// claim stored last with that id, instead of one per claim (22).
inline void WriteIdsAs9(Db* db) {
  const Records records = AllRecords(db);
  rocksdb::WriteBatch batch;
  for (const auto& [key, value] : records) {
    if (key.second[0] == static_cast<char>(Prefix::kClaimById)) {
      batch.Delete(db->cf(Cf::kClaims), key.second);
    }
  }
  std::map<uint64_t, uint64_t> last;  // id -> number
  for (const auto& [num, id] : IdsOfClaims(records)) last[id] = num;
  for (const auto& [id, num] : last) {
    std::string v;
    PutU64(&v, num);
    batch.Put(db->cf(Cf::kClaims), ClaimNumberKey{id}.Encode(), v);
  }
  REQUIRE(db->Write(&batch).ok());
}

// The records with each claim number in a key (20, 60 to 64, 66, the
// claim nodes of edges) replaced by the claim's id, the term lists as
// version 8's entries (TermsAs8), and without the entries that lead from
// ids to numbers (21, 22): what two databases holding the same claims
// under other numbers have in common, and, with the claim values' ids
// taken out, the layout of format version 6.
inline Records ById(const Records& numbered) {
  const Records records = TermsAs8(numbered);
  const std::map<uint64_t, uint64_t> id_of = IdsOfClaims(records);
  // Assertions per record would be most of a test's count.
  auto id = [&](uint64_t num) {
    auto it = id_of.find(num);
    if (it == id_of.end()) FAIL("claim number " << num << " has no id");
    return it->second;
  };
  Records out;
  for (const auto& [key, value] : records) {
    std::string k = key.second;
    const auto prefix = static_cast<Prefix>(k[0]);
    if (prefix == Prefix::kClaimNumber || prefix == Prefix::kClaimById) {
      continue;
    }
    if (KeyEndsWithClaimNumber(prefix)) {
      Decoder d(std::string_view(k).substr(k.size() - 8));
      uint64_t num = 0;
      d.GetU64(&num);
      k.resize(k.size() - 8);
      PutU64(&k, id(num));
    } else if (prefix == Prefix::kEdgeOut || prefix == Prefix::kEdgeIn) {
      EdgeKey e = *EdgeKey::Decode(k);
      for (Node* n : {&e.from, &e.to}) {
        if (n->kind == NodeKind::kClaim) n->id = id(n->id);
      }
      k = e.Encode();
    }
    out[{key.first, k}] = value;
  }
  return out;
}

// A claim value (of the key `key`) as format version `version` wrote it.
inline std::string ClaimValueAs(std::string_view key, std::string_view value,
                                uint32_t version) {
  ClaimRecord r;
  if (!DecodeClaim(ClaimKey::Decode(key)->claim_id, value, &r).ok()) {
    FAIL("undecodable claim");
  }
  return EncodeClaim(r, version);
}

// Rewrites the claim values as format version `version` wrote them: 7,
// ids and all; 8 to 10, the resolved date and its basis as text; 3 to 11,
// with the document's number.
inline void WriteClaimsAs(Db* db, uint32_t version) {
  rocksdb::WriteBatch batch;
  REQUIRE(
      db->Scan(Cf::kClaims, std::string(1, static_cast<char>(Prefix::kClaim)),
               [&](std::string_view k, std::string_view v) {
                 batch.Put(db->cf(Cf::kClaims), k, ClaimValueAs(k, v, version));
                 return true;
               })
          .ok());
  REQUIRE(db->Write(&batch).ok());
}

// Rewrites the document records as format versions 3 to 10 wrote them,
// each with its text hash; with `every_other`, only every second one (an
// upgrade cut short).
inline void WriteDocumentsAs10(Db* db, bool every_other = false) {
  rocksdb::WriteBatch batch;
  size_t n = 0;
  REQUIRE(db->Scan(Cf::kDocs,
                   std::string(1, static_cast<char>(Prefix::kDocument)),
                   [&](std::string_view k, std::string_view v) {
                     if (every_other && n++ % 2 == 1) return true;
                     DocumentRecord r;
                     if (!DecodeDocument(v, &r).ok())
                       FAIL("undecodable document " << HexBytes(v));
                     batch.Put(db->cf(Cf::kDocs), k, EncodeDocument(r, 10));
                     return true;
                   })
              .ok());
  REQUIRE(db->Write(&batch).ok());
}

// A HolderValue as format versions 6 and 7 wrote it: every term by its
// hash.
inline std::string HolderByHash(const HolderValue& h) {
  std::string v;
  PutU8(&v, static_cast<uint8_t>(h.role));
  PutVarint(&v, h.terms.size());
  for (uint32_t t : h.terms) PutU32(&v, t);
  PutU32(&v, h.copy);
  return v;
}

// Rewrites the holder entries (61) as format version 7 wrote them; with
// `every_other`, only every second one (an upgrade cut short).
inline void WriteHoldersByHash(Db* db, bool every_other = false) {
  rocksdb::WriteBatch batch;
  size_t n = 0;
  REQUIRE(db->Scan(Cf::kIndex,
                   std::string(1, static_cast<char>(Prefix::kClaimsByHolder)),
                   [&](std::string_view k, std::string_view v) {
                     if (every_other && n++ % 2 == 1) return true;
                     HolderValue h;
                     if (!DecodeHolder(v, &h).ok())
                       FAIL("undecodable holder " << HexBytes(v));
                     batch.Put(db->cf(Cf::kIndex), k, HolderByHash(h));
                     return true;
                   })
              .ok());
  REQUIRE(db->Write(&batch).ok());
}

// Rewrites the alias entries as format versions 3 to 12 keyed them: by
// their document's number (40), found through the claim that names it;
// with `every_other`, only every second one (an upgrade cut short).
inline void WriteAliasesAs12(Db* db, bool every_other = false) {
  rocksdb::WriteBatch batch;
  size_t n = 0;
  REQUIRE(
      db->Scan(Cf::kAliases, std::string(1, static_cast<char>(Prefix::kAlias)),
               [&](std::string_view k, std::string_view v) {
                 if (every_other && n++ % 2 == 1) return true;
                 Result<AliasKey> a = AliasKey::Decode(k);
                 if (!a.ok()) FAIL("undecodable alias " << HexBytes(k));
                 std::string bytes;
                 ClaimRecord r;
                 if (!db->Get(Cf::kClaims, ClaimKey{a->first_claim}.Encode(),
                              &bytes)
                          .ok() ||
                     !DecodeClaim(a->first_claim, bytes, &r).ok()) {
                   FAIL("alias without its claim " << HexBytes(k));
                 }
                 batch.Delete(db->cf(Cf::kAliases), k);
                 batch.Put(
                     db->cf(Cf::kAliases),
                     AliasByDocKey{a->alias, a->entity_id, r.doc_num}.Encode(),
                     v);
                 return true;
               })
          .ok());
  REQUIRE(db->Write(&batch).ok());
}

// Rewrites the entity values as format versions 3 to 12 wrote them, each
// with its key name; with `every_other`, only every second one.
inline void WriteEntitiesAs12(Db* db, bool every_other = false) {
  rocksdb::WriteBatch batch;
  size_t n = 0;
  REQUIRE(db->Scan(Cf::kEntities,
                   std::string(1, static_cast<char>(Prefix::kEntity)),
                   [&](std::string_view k, std::string_view v) {
                     if (every_other && n++ % 2 == 1) return true;
                     EntityRecord r;
                     if (!DecodeEntity(v, &r).ok())
                       FAIL("undecodable entity " << HexBytes(v));
                     batch.Put(db->cf(Cf::kEntities), k, EncodeEntity(r, 12));
                     return true;
                   })
              .ok());
  REQUIRE(db->Write(&batch).ok());
}

// Rewrites the database's claims as format version 6 keyed them: by id,
// its holder entries with every term by its hash, and its term index an
// entry per claim; and its documents as version 10 wrote them, its
// aliases and entities as version 12 did.
inline void KeyClaimsById(Db* db) {
  WriteAliasesAs12(db);  // before the claims' numbers go
  WriteEntitiesAs12(db);
  WriteTermsAs8(db);
  WriteDocumentsAs10(db);
  const Records records = AllRecords(db);
  rocksdb::WriteBatch batch;
  for (const auto& [key, value] : records) {
    batch.Delete(db->cf(Cf(key.first)), key.second);
  }
  for (const auto& [key, value] : ById(records)) {
    const bool claim = key.second[0] == static_cast<char>(Prefix::kClaim);
    batch.Put(db->cf(Cf(key.first)), key.second,
              claim ? ClaimValueAs(key.second, value, 6) : value);
  }
  REQUIRE(db->Write(&batch).ok());
  WriteHoldersByHash(db);
}

}  // namespace claimtrack::store

#endif  // CLAIMTRACK_TESTS_STORE_STORE_LAYOUT_H_
