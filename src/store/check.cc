// Store::Check: every document complete, every key pointing at a record.
//
// Forward: each document's claims (the 60 index) must have every key
// DeriveClaimKeys says they own, with the same bytes, and the entities they
// name. Backward: every key of every family must decode, live in the family
// its prefix names, and point at records that exist; each edge must have
// its mirror copy.
#include <functional>

#include "store/claim_keys.h"
#include "store/store.h"

namespace claimtrack::store {

namespace {

bool SpansFit(const Claim& c, size_t size) {
  auto fits = [size](const std::optional<Span>& s) {
    return !s || s->end <= size;
  };
  for (const Span& s : c.content) {
    if (s.end > size) return false;
  }
  for (const Mention& m : c.mentions) {
    if (m.span.end > size) return false;
  }
  return fits(c.cue) && fits(c.source) && fits(c.speaker.antecedent) &&
         fits(c.date.expr) &&
         (!c.anonymous || (c.anonymous->descriptor_span.end <= size &&
                           fits(c.anonymous->reason)));
}

class Checker {
 public:
  Checker(Db* db, const EntityResolver& resolver, size_t max_messages)
      : db_(db), resolver_(resolver), max_messages_(max_messages) {}

  Result<CheckReport> Run() {
    if (db_->bulk_load()) {
      // A bulk load's index, edges, claims and terms sit unsorted in
      // memory (store/db.cc); a lookup there would sort a copy each time.
      RETURN_IF_ERROR(db_->Flush());
    } else if (!db_->read_only()) {
      // So do any writer's term entries.
      RETURN_IF_ERROR(FromRocks(
          db_->raw()->Flush(rocksdb::FlushOptions(), db_->cf(Cf::kTerms)),
          "flushing the term index"));
    }
    RETURN_IF_ERROR(CheckDocuments());
    for (size_t i = 0; i < kCfCount; ++i) {
      RETURN_IF_ERROR(CheckFamily(static_cast<Cf>(i)));
    }
    return report_;
  }

 private:
  void Problem(std::string message) {
    ++report_.problems;
    if (report_.messages.size() < max_messages_) {
      report_.messages.push_back(std::move(message));
    }
  }

  // True when the key exists; a read error is returned through *error.
  bool Exists(Cf cf, const std::string& key, std::string* value = nullptr) {
    std::string scratch;
    Status s = db_->Get(cf, key, value ? value : &scratch);
    if (!s.ok() && !s.IsNotFound() && error_.ok()) error_ = s;
    return s.ok();
  }

  bool NodeExists(Node node) {
    switch (node.kind) {
      case NodeKind::kDocument:
        return Exists(Cf::kDocs, DocumentKey{node.id}.Encode());
      case NodeKind::kClaim:
        return Exists(Cf::kClaims, ClaimKey{node.id}.Encode());
      case NodeKind::kEntity:
        return Exists(Cf::kEntities, EntityKey{node.id}.Encode());
    }
    return false;
  }

  Status CheckDocuments() {
    std::unique_ptr<rocksdb::Iterator> it = db_->NewIterator(Cf::kDocs);
    const std::string prefix(1, static_cast<char>(Prefix::kDocument));
    for (it->Seek(prefix); it->Valid(); it->Next()) {
      const std::string_view key = it->key().ToStringView();
      if (key.substr(0, 1) != prefix) break;
      Result<DocumentKey> k = DocumentKey::Decode(key);
      DocumentRecord doc;
      if (!k.ok() || !DecodeDocument(it->value().ToStringView(), &doc).ok()) {
        Problem("undecodable document record " + EscapeBytes(key));
        continue;
      }
      ++report_.documents;
      RETURN_IF_ERROR(CheckDocument(k->doc_num, doc));
    }
    RETURN_IF_ERROR(FromRocks(it->status(), "reading documents"));
    return error_;
  }

  Status CheckDocument(uint64_t doc_num, const DocumentRecord& doc) {
    const std::string who = "document \"" + doc.doc.id + "\"";
    std::string bytes;
    Decoder d(bytes);
    uint64_t back = 0;
    if (!Exists(Cf::kDocs, TextHashKey{doc.text_hash}.Encode(), &bytes) ||
        !(d = Decoder(bytes)).GetU64(&back) || back != doc_num) {
      Problem(who + ": its text-hash entry is missing or points elsewhere");
    }
    std::vector<uint64_t> claims;
    RETURN_IF_ERROR(db_->Scan(Cf::kIndex, ClaimsByDocKey::ScanPrefix(doc_num),
                              [&](std::string_view key, std::string_view) {
                                Result<ClaimsByDocKey> c =
                                    ClaimsByDocKey::Decode(key);
                                if (c.ok()) claims.push_back(c->claim_id);
                                return true;
                              }));
    if (claims.size() != doc.claims) {
      Problem(who + ": " + std::to_string(claims.size()) +
              " claims indexed, the record says " + std::to_string(doc.claims));
    }
    // The claims that can be checked further, then their keys (whose
    // copy keys depend on all of them).
    std::vector<ClaimRecord> records;
    bool all_read = true;  // else the copy keys cannot be compared
    for (uint64_t id : claims) {
      ++report_.claims;
      if (!Exists(Cf::kClaims, ClaimKey{id}.Encode(), &bytes)) {
        Problem(who + ": claim number " + std::to_string(id) +
                " is indexed but missing");
        all_read = false;
        continue;
      }
      ClaimRecord record;
      if (!DecodeClaim(id, bytes, &record).ok()) {
        Problem(who + ": claim number " + std::to_string(id) +
                " does not decode");
        all_read = false;
        continue;
      }
      if (!SpansFit(record.claim, doc.doc.text.size())) {
        Problem(who + ": claim number " + std::to_string(id) +
                " has a span past the end of "
                "its document's text");
        all_read = false;
        continue;
      }
      records.push_back(std::move(record));
    }
    const uint64_t statements = DocumentStatementsOf(doc.doc, records);
    for (const ClaimRecord& record : records) {
      uint64_t id = 0;
      ParseHexId(record.claim.id, &id);
      const ClaimKeys keys =
          DeriveClaimKeys(record, doc.doc.text, statements, resolver_);
      for (const KeyValue& kv : keys.owned) {
        std::string stored;
        if (!Exists(kv.cf, kv.key, &stored)) {
          Problem(who + ": claim " + HexId(id) + " lacks its key " +
                  EscapeBytes(kv.key) + " in " + CfName(kv.cf));
        } else if (kv.key[0] == static_cast<char>(Prefix::kClaimNumber) &&
                   stored != kv.value) {
          Problem(who + ": claim " + HexId(id) +
                  "'s id leads to another claim number");
        } else if (kv.cf == Cf::kClaims && stored != kv.value) {
          Problem(who + ": claim " + HexId(id) + " record differs from " +
                  "what its own fields encode to");
        } else if (kv.key[0] == static_cast<char>(Prefix::kClaimsByDay) &&
                   stored != kv.value) {
          Problem(who + ": claim " + HexId(id) +
                  " is under the wrong speaker kind in the by-day index");
        } else if ((kv.key[0] == static_cast<char>(Prefix::kClaimsByHolder) ||
                    kv.key[0] == static_cast<char>(Prefix::kClaimsByMention)) &&
                   all_read && stored != kv.value) {
          Problem(who + ": claim " + HexId(id) + " has the wrong terms, " +
                  "role or copy key in its entry " + EscapeBytes(kv.key));
        }
      }
      std::vector<uint64_t> entities = record.mention_entities;
      entities.push_back(record.speaker_entity);
      entities.push_back(record.affiliation_entity);
      entities.push_back(record.nation_entity);
      for (uint64_t e : entities) {
        if (e != 0 && !Exists(Cf::kEntities, EntityKey{e}.Encode())) {
          Problem(who + ": claim " + HexId(id) + " names entity " + HexId(e) +
                  ", which is missing");
        }
      }
      EntityRecord speaker;
      if (record.speaker_entity != 0 &&
          Exists(Cf::kEntities, EntityKey{record.speaker_entity}.Encode(),
                 &bytes) &&
          DecodeEntity(bytes, &speaker).ok() &&
          (speaker.scope_doc == 0) != record.speaker_global) {
        Problem(who + ": claim " + HexId(id) + " calls its speaker " +
                (record.speaker_global ? "global" : "one document's") +
                ", the entity says otherwise");
      }
    }
    return error_;
  }

  Status CheckFamily(Cf cf) {
    std::unique_ptr<rocksdb::Iterator> it = db_->NewIterator(cf);
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      ++report_.keys;
      CheckKey(cf, it->key().ToStringView(), it->value().ToStringView());
    }
    RETURN_IF_ERROR(
        FromRocks(it->status(), "reading " + std::string(CfName(cf))));
    return error_;
  }

  void CheckKey(Cf cf, std::string_view key, std::string_view value) {
    Result<Prefix> prefix = PrefixOf(key);
    if (!prefix.ok() || CfOf(*prefix) != cf) {
      Problem(std::string(CfName(cf)) +
              ": key of another family or none: " + EscapeBytes(key));
      return;
    }
    auto claim_missing = [&](uint64_t id) {
      if (!Exists(Cf::kClaims, ClaimKey{id}.Encode())) {
        Problem(std::string(CfName(cf)) + ": " + EscapeBytes(key) +
                " points at missing claim number " + std::to_string(id));
      }
    };
    switch (*prefix) {
      case Prefix::kClaim: {
        ClaimRecord record;
        Result<ClaimKey> k = ClaimKey::Decode(key);
        if (!k.ok() || !DecodeClaim(k->claim_id, value, &record).ok()) {
          Problem("claims: undecodable " + EscapeBytes(key));
        } else if (!Exists(
                       Cf::kIndex,
                       ClaimsByDocKey{record.doc_num, k->claim_id}.Encode())) {
          Problem("claims: claim number " + std::to_string(k->claim_id) +
                  " is not indexed under its document");
        }
        break;
      }
      case Prefix::kClaimNumber: {
        Result<ClaimNumberKey> k = ClaimNumberKey::Decode(key);
        Decoder d(value);
        uint64_t num = 0;
        std::string bytes;
        ClaimRecord record;
        if (!k.ok() || !d.GetU64(&num) || !d.done()) {
          Problem("claims: undecodable " + EscapeBytes(key));
        } else if (!Exists(Cf::kClaims, ClaimKey{num}.Encode(), &bytes) ||
                   !DecodeClaim(num, bytes, &record).ok() ||
                   record.claim.id != HexId(k->claim_id)) {
          Problem("claims: claim id " + HexId(k->claim_id) +
                  " leads to claim number " + std::to_string(num) +
                  ", which is missing or has another id");
        }
        break;
      }
      case Prefix::kAlias: {
        Result<AliasKey> k = AliasKey::Decode(key);
        if (!k.ok() ||
            !Exists(Cf::kEntities, EntityKey{k->entity_id}.Encode())) {
          Problem("aliases: " + EscapeBytes(key) + " names a missing entity");
        }
        break;
      }
      case Prefix::kEdgeOut:
      case Prefix::kEdgeIn: {
        Result<EdgeKey> k = EdgeKey::Decode(key);
        if (!k.ok()) {
          Problem("edges: undecodable " + EscapeBytes(key));
        } else if (!NodeExists(k->from) || !NodeExists(k->to)) {
          Problem(std::string("edges: ") + EdgeTypeName(k->type) + " " +
                  EscapeBytes(key) + " has a missing end");
        } else if (!EdgeHasMirror(k->type) && k->incoming) {
          Problem(std::string("edges: ") + EdgeTypeName(k->type) + " " +
                  EscapeBytes(key) +
                  " is an incoming copy of a type that "
                  "has none");
        } else if (EdgeHasMirror(k->type) &&
                   !Exists(Cf::kEdges, k->Mirror().Encode())) {
          Problem(std::string("edges: ") + EdgeTypeName(k->type) + " " +
                  EscapeBytes(key) + " lacks its mirror copy");
        }
        break;
      }
      case Prefix::kClaimsByDoc: {
        Result<ClaimsByDocKey> k = ClaimsByDocKey::Decode(key);
        if (!k.ok()) {
          Problem("index: undecodable " + EscapeBytes(key));
        } else {
          claim_missing(k->claim_id);
          if (!Exists(Cf::kDocs, DocumentKey{k->doc_num}.Encode())) {
            Problem("index: claim number " + std::to_string(k->claim_id) +
                    " belongs to a missing document");
          }
        }
        break;
      }
      case Prefix::kClaimsByDay: {
        Result<ClaimsByDayKey> k = ClaimsByDayKey::Decode(key);
        if (!k.ok()) {
          Problem("index: undecodable " + EscapeBytes(key));
          break;
        }
        std::string bytes;
        ClaimRecord record;
        if (!Exists(Cf::kClaims, ClaimKey{k->claim_id}.Encode(), &bytes)) {
          claim_missing(k->claim_id);
        } else if (DecodeClaim(k->claim_id, bytes, &record).ok() &&
                   (record.doc_num != k->doc_num ||
                    record.when.day != k->day)) {
          Problem("index: " + EscapeBytes(key) +
                  " files its claim under another day or document");
        }
        break;
      }
      case Prefix::kClaimsByHolder:
      case Prefix::kClaimsByMention: {
        Result<EntityTimeKey> k = EntityTimeKey::Decode(key);
        if (!k.ok()) {
          Problem("index: undecodable " + EscapeBytes(key));
          break;
        }
        claim_missing(k->claim_id);
        if (!Exists(Cf::kEntities, EntityKey{k->entity_id}.Encode())) {
          Problem("index: " + EscapeBytes(key) + " names a missing entity");
        }
        break;
      }
      case Prefix::kClaimsByTerm: {
        Result<TermKey> k = TermKey::Decode(key);
        if (!k.ok()) {
          Problem("index: undecodable " + EscapeBytes(key));
        } else {
          claim_missing(k->claim_id);
        }
        break;
      }
      case Prefix::kQuotation: {
        Result<QuotationKey> k = QuotationKey::Decode(key);
        if (!k.ok()) {
          Problem("index: undecodable " + EscapeBytes(key));
        } else {
          claim_missing(k->claim_id);
        }
        break;
      }
      case Prefix::kMembers: {
        Result<MemberKey> k = MemberKey::Decode(key);
        if (!k.ok()) {
          Problem("index: undecodable " + EscapeBytes(key));
          break;
        }
        // Each mirrors an AFFILIATED edge of a global speaker.
        const EdgeKey edge{false, Node{NodeKind::kEntity, k->member},
                           EdgeType::kAffiliated,
                           Node{NodeKind::kEntity, k->body}, k->doc_num};
        std::string bytes;
        EntityRecord member;
        if (!Exists(Cf::kEdges, edge.Encode())) {
          Problem("index: member " + EscapeBytes(key) +
                  " has no AFFILIATED edge");
        } else if (Exists(Cf::kEntities, EntityKey{k->member}.Encode(),
                          &bytes) &&
                   DecodeEntity(bytes, &member).ok() && member.scope_doc != 0) {
          Problem("index: member " + EscapeBytes(key) +
                  " is an entity of one document");
        }
        break;
      }
      case Prefix::kEntityFact: {
        Result<EntityFactKey> k = EntityFactKey::Decode(key);
        if (!k.ok() ||
            !Exists(Cf::kEntities, EntityKey{k->entity_id}.Encode())) {
          Problem("index: " + EscapeBytes(key) + " names a missing entity");
        }
        break;
      }
      default:
        break;  // meta, documents, text hashes, entities: checked above
    }
  }

  Db* db_;
  const EntityResolver& resolver_;
  size_t max_messages_;
  CheckReport report_;
  Status error_;
};

}  // namespace

Result<CheckReport> Store::Check(size_t max_messages) {
  Checker checker(db_.get(), resolver_, max_messages);
  return checker.Run();
}

}  // namespace claimtrack::store
