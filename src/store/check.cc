// Store::Check: every document complete, every key pointing at a record.
//
// Forward: each document's claims (the 60 index) must have every key
// DeriveClaimKeys says they own, with the same bytes, and the entities they
// name. Backward: every key of every family must decode, live in the family
// its prefix names, and point at records that exist; each edge must have
// its mirror copy.
//
// Nearly every question the check asks is "is this key there, and with
// what value?", millions of them, in the order of documents (whose numbers
// are hashes) and of keys of other families. Asked one by one (a Get
// each), every answer read and decompressed a block of its own once the
// database outgrew the block cache: on the database of 200 MB of `synth`
// text (190 MB, 11 million keys) the check took 555 s. So the questions
// are queued (Lookups) and answered in batches, each family's in key
// order by one iterator moving forward, which reads each block once per
// batch: 90 s, for 180 MB of peak memory instead of 73. Problems are
// reported in the order the questions were asked, as if each had been
// answered at once.
#include <algorithm>
#include <functional>
#include <memory>
#include <optional>

#include "store/claim_keys.h"
#include "store/store.h"
#include "store/term_postings.h"

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

// Questions about keys, answered in batches in key order. Each question
// carries a sequence number, the place the check asked it, which its
// answer gets back (the Checker files problems by it).
class Lookups {
 public:
  // value: the stored value, or nullptr when the key is absent; valid
  // during the call only.
  using Answer = std::function<void(uint64_t seq, std::string_view key,
                                    const std::string_view* value)>;

  // batch: questions per batch, at least 1.
  Lookups(Db* db, size_t batch) : db_(db), batch_(std::max<size_t>(batch, 1)) {}

  uint64_t NextSeq() { return next_seq_++; }

  // Asks about `key` in `cf`, to be answered by a later Drain.
  void Ask(uint64_t seq, Cf cf, std::string key, Answer answer) {
    pending_.push_back({cf, std::move(key), seq, std::move(answer)});
  }

  bool Full() const { return pending_.size() >= batch_; }

  // Answers every question, including those asked by answers.
  Status Drain() {
    while (!pending_.empty()) {
      std::vector<Question> batch;
      batch.swap(pending_);
      std::sort(batch.begin(), batch.end(),
                [](const Question& a, const Question& b) {
                  if (a.cf != b.cf) return a.cf < b.cf;
                  if (a.key != b.key) return a.key < b.key;
                  return a.seq < b.seq;
                });
      size_t i = 0;
      while (i < batch.size()) {
        const Cf cf = batch[i].cf;
        std::unique_ptr<rocksdb::Iterator> it = db_->NewIterator(cf);
        bool started = false;
        for (; i < batch.size() && batch[i].cf == cf; ++i) {
          const rocksdb::Slice key(batch[i].key);
          MoveTo(it.get(), key, &started);
          if (it->Valid() && it->key() == key) {
            const std::string_view value = it->value().ToStringView();
            batch[i].answer(batch[i].seq, batch[i].key, &value);
          } else {
            batch[i].answer(batch[i].seq, batch[i].key, nullptr);
          }
        }
        RETURN_IF_ERROR(FromRocks(
            it->status(),
            std::string("reading ") + CfName(cf) + " of " + db_->path()));
      }
    }
    return Status::Ok();
  }

 private:
  struct Question {
    Cf cf;
    std::string key;
    uint64_t seq;
    Answer answer;
  };

  // Moves `it` to the first key at or after `key`; keys come in ascending
  // order, so a near one is a few steps on and a far one a seek.
  static void MoveTo(rocksdb::Iterator* it, const rocksdb::Slice& key,
                     bool* started) {
    if (!*started) {
      *started = true;
      it->Seek(key);
      return;
    }
    for (int step = 0; step < 8; ++step) {
      if (!it->Valid() || it->key().compare(key) >= 0) return;
      it->Next();
    }
    if (it->Valid() && it->key().compare(key) < 0) it->Seek(key);
  }

  Db* db_;
  // Questions per batch: bounded memory (a key and an answer each), and
  // enough that neighbouring questions share blocks.
  size_t batch_;
  uint64_t next_seq_ = 0;
  std::vector<Question> pending_;
};

class Checker {
 public:
  Checker(Db* db, const EntityResolver& resolver, size_t max_messages,
          size_t batch)
      : db_(db),
        resolver_(resolver),
        max_messages_(max_messages),
        lookups_(db, batch) {}

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
    Release();
    return report_;
  }

 private:
  // A problem found now, in the order of the questions asked so far.
  void Problem(std::string message) {
    ProblemAt(lookups_.NextSeq(), std::move(message));
  }

  // A problem found by the answer to question `seq`.
  void ProblemAt(uint64_t seq, std::string message) {
    ++report_.problems;
    // Only the max_messages_ first (by seq) are described: held_ is a
    // heap with the last of them on top.
    if (max_messages_ == 0) return;
    if (held_.size() == max_messages_) {
      if (seq >= held_.front().first) return;
      std::pop_heap(held_.begin(), held_.end(), ByQuestion);
      held_.pop_back();
    }
    held_.push_back({seq, std::move(message)});
    std::push_heap(held_.begin(), held_.end(), ByQuestion);
  }

  // Each sequence number finds at most one problem (a question that can
  // find two takes a second number).
  static bool ByQuestion(const std::pair<uint64_t, std::string>& a,
                         const std::pair<uint64_t, std::string>& b) {
    return a.first < b.first;
  }

  // Answers the questions asked; with `all`, every one, else only when a
  // batch is full.
  Status Answer(bool all) {
    if (!all && !lookups_.Full()) return Status::Ok();
    return lookups_.Drain();
  }

  // Reports describe() (a string, made only then) unless `key` exists.
  template <typename Describe>
  void Expect(uint64_t seq, Cf cf, std::string key, Describe describe) {
    lookups_.Ask(seq, cf, std::move(key),
                 [this, describe = std::move(describe)](
                     uint64_t s, std::string_view, const std::string_view* v) {
                   if (v == nullptr) ProblemAt(s, describe());
                 });
  }

  // `key`, of family `cf`, names claim number `num`.
  void ExpectClaim(uint64_t seq, Cf cf, std::string_view key, uint64_t num) {
    Expect(seq, Cf::kClaims, ClaimKey{num}.Encode(),
           [cf, key = std::string(key), num] {
             return MissingClaim(cf, key, num);
           });
  }

  // `key`, of family `cf`, names entity `id` (nullopt: the key does not
  // decode, and names none).
  void ExpectEntity(uint64_t seq, Cf cf, std::string_view key,
                    std::optional<uint64_t> id) {
    auto describe = [cf, key = std::string(key)] {
      return std::string(CfName(cf)) + ": " + EscapeBytes(key) +
             " names a missing entity";
    };
    if (!id) {
      ProblemAt(seq, describe());
    } else {
      Expect(seq, Cf::kEntities, EntityKey{*id}.Encode(), describe);
    }
  }

  static std::string MissingEntity(const std::string& who, uint64_t claim,
                                   uint64_t entity) {
    return who + ": claim " + HexId(claim) + " names entity " + HexId(entity) +
           ", which is missing";
  }

  static std::string MissingClaim(Cf cf, std::string_view key, uint64_t num) {
    return std::string(CfName(cf)) + ": " + EscapeBytes(key) +
           " points at missing claim number " + std::to_string(num);
  }

  std::string NodeKey(Node node, Cf* cf) {
    switch (node.kind) {
      case NodeKind::kDocument:
        *cf = Cf::kDocs;
        return DocumentKey{node.id}.Encode();
      case NodeKind::kClaim:
        *cf = Cf::kClaims;
        return ClaimKey{node.id}.Encode();
      case NodeKind::kEntity:
        *cf = Cf::kEntities;
        return EntityKey{node.id}.Encode();
    }
    *cf = Cf::kDefault;
    return std::string();
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
      RETURN_IF_ERROR(Answer(false));
    }
    RETURN_IF_ERROR(FromRocks(it->status(), "reading documents"));
    return Answer(true);
  }

  Status CheckDocument(uint64_t doc_num, const DocumentRecord& doc) {
    auto who =
        std::make_shared<const std::string>("document \"" + doc.doc.id + "\"");
    lookups_.Ask(lookups_.NextSeq(), Cf::kDocs,
                 TextHashKey{TextHash(doc.doc.text)}.Encode(),
                 [this, who, doc_num](uint64_t seq, std::string_view,
                                      const std::string_view* v) {
                   Decoder d(v ? *v : std::string_view());
                   uint64_t back = 0;
                   if (v == nullptr || !d.GetU64(&back) || back != doc_num) {
                     ProblemAt(seq, *who +
                                        ": its text-hash entry is missing or "
                                        "points elsewhere");
                   }
                 });
    std::vector<uint64_t> claims;
    RETURN_IF_ERROR(db_->Scan(Cf::kIndex, ClaimsByDocKey::ScanPrefix(doc_num),
                              [&](std::string_view key, std::string_view) {
                                Result<ClaimsByDocKey> c =
                                    ClaimsByDocKey::Decode(key);
                                if (c.ok()) claims.push_back(c->claim_id);
                                return true;
                              }));
    if (claims.size() != doc.claims) {
      Problem(*who + ": " + std::to_string(claims.size()) +
              " claims indexed, the record says " + std::to_string(doc.claims));
    }
    // The claims that can be checked further, then their keys (whose
    // copy keys depend on all of them). One document's claims have
    // neighbouring numbers: they are read here, at once.
    std::vector<ClaimRecord> records;
    bool all_read = true;  // else the copy keys cannot be compared
    std::string bytes;
    for (uint64_t id : claims) {
      ++report_.claims;
      Status s = db_->Get(Cf::kClaims, ClaimKey{id}.Encode(), &bytes);
      if (!s.ok() && !s.IsNotFound()) return s;
      if (!s.ok()) {
        Problem(*who + ": claim number " + std::to_string(id) +
                " is indexed but missing");
        all_read = false;
        continue;
      }
      ClaimRecord record;
      if (!DecodeClaim(id, bytes, &record).ok()) {
        Problem(*who + ": claim number " + std::to_string(id) +
                " does not decode");
        all_read = false;
        continue;
      }
      if (!SpansFit(record.claim, doc.doc.text.size())) {
        Problem(*who + ": claim number " + std::to_string(id) +
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
      // The first of the numbers indexed names the document in alias keys.
      ClaimKeys keys = DeriveClaimKeys(record, claims.front(), doc.doc.text,
                                       statements, resolver_);
      for (KeyValue& kv : keys.owned) {
        lookups_.Ask(
            lookups_.NextSeq(), kv.cf, std::move(kv.key),
            [this, who, id, all_read, cf = kv.cf,
             expected = std::move(kv.value)](uint64_t seq, std::string_view key,
                                             const std::string_view* stored) {
              const char prefix = key[0];
              if (stored == nullptr) {
                ProblemAt(seq, *who + ": claim " + HexId(id) +
                                   " lacks its key " + EscapeBytes(key) +
                                   " in " + CfName(cf));
              } else if (*stored == expected) {
                // as derived
              } else if (cf == Cf::kClaims) {
                ProblemAt(seq, *who + ": claim " + HexId(id) +
                                   " record differs from what its own "
                                   "fields encode to");
              } else if (prefix == static_cast<char>(Prefix::kClaimsByDay)) {
                ProblemAt(seq, *who + ": claim " + HexId(id) +
                                   " is under the wrong speaker kind in the "
                                   "by-day index");
              } else if ((prefix ==
                              static_cast<char>(Prefix::kClaimsByHolder) ||
                          prefix ==
                              static_cast<char>(Prefix::kClaimsByMention)) &&
                         all_read) {
                ProblemAt(seq, *who + ": claim " + HexId(id) +
                                   " has the wrong terms, role or copy key "
                                   "in its entry " +
                                   EscapeBytes(key));
              }
            });
      }
      // Its number in the list of each of its terms.
      for (std::string& key : keys.term_keys) {
        lookups_.Ask(
            lookups_.NextSeq(), Cf::kTerms, std::move(key),
            [this, who, id, num = record.num](uint64_t seq,
                                              std::string_view key,
                                              const std::string_view* stored) {
              TermPostings list;
              if (stored != nullptr &&
                  (!DecodeTermPostings(*stored, &list).ok() ||
                   std::binary_search(list.add.begin(), list.add.end(), num))) {
                return;  // an undecodable list is reported below
              }
              ProblemAt(seq, *who + ": claim " + HexId(id) +
                                 " is not in the term list " +
                                 EscapeBytes(key));
            });
      }
      auto expect_entity = [&](uint64_t seq, uint64_t e) {
        Expect(seq, Cf::kEntities, EntityKey{e}.Encode(),
               [who, id, e] { return MissingEntity(*who, id, e); });
      };
      for (uint64_t e : record.mention_entities) {
        if (e != 0) expect_entity(lookups_.NextSeq(), e);
      }
      // The speaker's one question answers two: whether it exists, and
      // (asked after the affiliation and nation) whether its scope agrees.
      const uint64_t speaker_seq =
          record.speaker_entity != 0 ? lookups_.NextSeq() : 0;
      for (uint64_t e : {record.affiliation_entity, record.nation_entity}) {
        if (e != 0) expect_entity(lookups_.NextSeq(), e);
      }
      if (record.speaker_entity == 0) continue;
      lookups_.Ask(
          speaker_seq, Cf::kEntities, EntityKey{record.speaker_entity}.Encode(),
          [this, who, id, e = record.speaker_entity,
           global = record.speaker_global, scope_seq = lookups_.NextSeq()](
              uint64_t seq, std::string_view, const std::string_view* bytes) {
            EntityRecord speaker;
            if (bytes == nullptr) {
              ProblemAt(seq, MissingEntity(*who, id, e));
            } else if (DecodeEntity(*bytes, &speaker).ok() &&
                       (speaker.scope_doc == 0) != global) {
              ProblemAt(scope_seq, *who + ": claim " + HexId(id) +
                                       " calls its speaker " +
                                       (global ? "global" : "one document's") +
                                       ", the entity says otherwise");
            }
          });
    }
    return Status::Ok();
  }

  Status CheckFamily(Cf cf) {
    std::unique_ptr<rocksdb::Iterator> it = db_->NewIterator(cf);
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      ++report_.keys;
      CheckKey(cf, it->key().ToStringView(), it->value().ToStringView());
      RETURN_IF_ERROR(Answer(false));
    }
    RETURN_IF_ERROR(
        FromRocks(it->status(), "reading " + std::string(CfName(cf))));
    return Answer(true);
  }

  void CheckKey(Cf cf, std::string_view key, std::string_view value) {
    const uint64_t seq = lookups_.NextSeq();
    Result<Prefix> prefix = PrefixOf(key);
    if (!prefix.ok() || CfOf(*prefix) != cf) {
      ProblemAt(seq,
                std::string(CfName(cf)) +
                    ": key of another family or none: " + EscapeBytes(key));
      return;
    }
    switch (*prefix) {
      case Prefix::kClaim: {
        ClaimRecord record;
        Result<ClaimKey> k = ClaimKey::Decode(key);
        if (!k.ok() || !DecodeClaim(k->claim_id, value, &record).ok()) {
          ProblemAt(seq, "claims: undecodable " + EscapeBytes(key));
        } else {
          Expect(seq, Cf::kIndex,
                 ClaimsByDocKey{record.doc_num, k->claim_id}.Encode(),
                 [num = k->claim_id] {
                   return "claims: claim number " + std::to_string(num) +
                          " is not indexed under its document";
                 });
        }
        break;
      }
      case Prefix::kClaimNumber:
        // The upgrade to version 10 files every claim under half its id.
        ProblemAt(seq, "claims: " + EscapeBytes(key) +
                           " is an entry of format version 9, by whole id");
        break;
      case Prefix::kClaimById: {
        Result<ClaimByIdKey> k = ClaimByIdKey::Decode(key);
        if (!k.ok() || !value.empty()) {
          ProblemAt(seq, "claims: undecodable " + EscapeBytes(key));
          break;
        }
        lookups_.Ask(
            seq, Cf::kClaims, ClaimKey{k->claim_num}.Encode(),
            [this, k = *k](uint64_t s, std::string_view,
                           const std::string_view* bytes) {
              ClaimRecord record;
              uint64_t id = 0;
              if (bytes == nullptr ||
                  !DecodeClaim(k.claim_num, *bytes, &record).ok() ||
                  !ParseHexId(record.claim.id, &id) ||
                  ClaimByIdKey::Of(id, k.claim_num).id_high != k.id_high) {
                ProblemAt(s, "claims: claim number " +
                                 std::to_string(k.claim_num) +
                                 " is filed under an id it does not have, "
                                 "or is missing");
              }
            });
        break;
      }
      case Prefix::kAliasByDoc:
        // The upgrade to version 13 keys aliases by first claim.
        ProblemAt(seq, "aliases: " + EscapeBytes(key) +
                           " is an entry of format version 12, by document");
        break;
      case Prefix::kAlias: {
        Result<AliasKey> k = AliasKey::Decode(key);
        ExpectEntity(
            seq, cf, key,
            k.ok() ? std::optional<uint64_t>(k->entity_id) : std::nullopt);
        // Its document by its first claim.
        if (k.ok()) ExpectClaim(lookups_.NextSeq(), cf, key, k->first_claim);
        break;
      }
      case Prefix::kEdgeOut:
      case Prefix::kEdgeIn:
        CheckEdge(seq, key);
        break;
      case Prefix::kClaimsByDoc: {
        Result<ClaimsByDocKey> k = ClaimsByDocKey::Decode(key);
        if (!k.ok()) {
          ProblemAt(seq, "index: undecodable " + EscapeBytes(key));
        } else {
          ExpectClaim(seq, cf, key, k->claim_id);
          Expect(lookups_.NextSeq(), Cf::kDocs,
                 DocumentKey{k->doc_num}.Encode(), [num = k->claim_id] {
                   return "index: claim number " + std::to_string(num) +
                          " belongs to a missing document";
                 });
        }
        break;
      }
      case Prefix::kClaimsByDay: {
        Result<ClaimsByDayKey> k = ClaimsByDayKey::Decode(key);
        if (!k.ok()) {
          ProblemAt(seq, "index: undecodable " + EscapeBytes(key));
          break;
        }
        lookups_.Ask(
            seq, Cf::kClaims, ClaimKey{k->claim_id}.Encode(),
            [this, k = *k, key = std::string(key), cf](
                uint64_t s, std::string_view, const std::string_view* bytes) {
              ClaimRecord record;
              if (bytes == nullptr) {
                ProblemAt(s, MissingClaim(cf, key, k.claim_id));
              } else if (DecodeClaim(k.claim_id, *bytes, &record).ok() &&
                         (record.doc_num != k.doc_num ||
                          record.when.day != k.day)) {
                ProblemAt(s, "index: " + EscapeBytes(key) +
                                 " files its claim under another day or "
                                 "document");
              }
            });
        break;
      }
      case Prefix::kClaimsByHolder:
      case Prefix::kClaimsByMention: {
        Result<EntityTimeKey> k = EntityTimeKey::Decode(key);
        if (!k.ok()) {
          ProblemAt(seq, "index: undecodable " + EscapeBytes(key));
          break;
        }
        ExpectClaim(seq, cf, key, k->claim_id);
        ExpectEntity(lookups_.NextSeq(), cf, key, k->entity_id);
        break;
      }
      case Prefix::kClaimsByTerm:
        // The upgrade to version 9 folds every one into a list.
        ProblemAt(seq, "terms: " + EscapeBytes(key) +
                           " is an entry of format version 8, not in a list");
        break;
      case Prefix::kTermPostings: {
        TermPostings list;
        if (!TermPostingKey::Decode(key).ok() ||
            !DecodeTermPostings(value, &list).ok() || !list.remove.empty()) {
          ProblemAt(seq, "terms: undecodable " + EscapeBytes(key));
          break;
        }
        for (size_t i = 0; i < list.add.size(); ++i) {
          ExpectClaim(i == 0 ? seq : lookups_.NextSeq(), cf, key, list.add[i]);
        }
        break;
      }
      case Prefix::kQuotation: {
        Result<QuotationKey> k = QuotationKey::Decode(key);
        if (!k.ok()) {
          ProblemAt(seq, "index: undecodable " + EscapeBytes(key));
        } else {
          ExpectClaim(seq, cf, key, k->claim_id);
        }
        break;
      }
      case Prefix::kMembers: {
        Result<MemberKey> k = MemberKey::Decode(key);
        if (!k.ok()) {
          ProblemAt(seq, "index: undecodable " + EscapeBytes(key));
          break;
        }
        // Each mirrors an AFFILIATED edge of a global speaker.
        const EdgeKey edge{false, Node{NodeKind::kEntity, k->member},
                           EdgeType::kAffiliated,
                           Node{NodeKind::kEntity, k->body}, k->doc_num};
        lookups_.Ask(
            seq, Cf::kEdges, edge.Encode(),
            [this, key = std::string(key), member = k->member](
                uint64_t s, std::string_view, const std::string_view* found) {
              if (found == nullptr) {
                ProblemAt(s, "index: member " + EscapeBytes(key) +
                                 " has no AFFILIATED edge");
                return;
              }
              lookups_.Ask(
                  s, Cf::kEntities, EntityKey{member}.Encode(),
                  [this, key](uint64_t s2, std::string_view,
                              const std::string_view* bytes) {
                    EntityRecord e;
                    if (bytes != nullptr && DecodeEntity(*bytes, &e).ok() &&
                        e.scope_doc != 0) {
                      ProblemAt(s2, "index: member " + EscapeBytes(key) +
                                        " is an entity of one "
                                        "document");
                    }
                  });
            });
        break;
      }
      case Prefix::kEntityFact: {
        Result<EntityFactKey> k = EntityFactKey::Decode(key);
        ExpectEntity(
            seq, cf, key,
            k.ok() ? std::optional<uint64_t>(k->entity_id) : std::nullopt);
        break;
      }
      default:
        break;  // meta, documents, text hashes, entities: checked above
    }
  }

  // An edge needs both ends, and (for the types stored both ways) its
  // mirror copy: up to three questions, judged once all are answered.
  void CheckEdge(uint64_t seq, std::string_view key) {
    Result<EdgeKey> k = EdgeKey::Decode(key);
    if (!k.ok()) {
      ProblemAt(seq, "edges: undecodable " + EscapeBytes(key));
      return;
    }
    struct Verdict {
      int waiting = 0;
      bool ends = true, mirror = true;
    };
    auto verdict = std::make_shared<Verdict>();
    const EdgeKey edge = *k;
    auto judge = [this, verdict, edge, key = std::string(key)](uint64_t s) {
      if (--verdict->waiting > 0) return;
      const char* problem = !verdict->ends ? " has a missing end"
                            : !EdgeHasMirror(edge.type) && edge.incoming
                                ? " is an incoming copy of a type that has none"
                            : EdgeHasMirror(edge.type) && !verdict->mirror
                                ? " lacks its mirror copy"
                                : nullptr;
      if (problem != nullptr) {
        ProblemAt(s, std::string("edges: ") + EdgeTypeName(edge.type) + " " +
                         EscapeBytes(key) + problem);
      }
    };
    const bool mirrored = EdgeHasMirror(edge.type);
    verdict->waiting = mirrored ? 3 : 2;
    for (const Node& node : {edge.from, edge.to}) {
      Cf cf;
      std::string node_key = NodeKey(node, &cf);
      lookups_.Ask(seq, cf, std::move(node_key),
                   [verdict, judge](uint64_t s, std::string_view,
                                    const std::string_view* found) {
                     verdict->ends = verdict->ends && found != nullptr;
                     judge(s);
                   });
    }
    if (mirrored) {
      lookups_.Ask(seq, Cf::kEdges, edge.Mirror().Encode(),
                   [verdict, judge](uint64_t s, std::string_view,
                                    const std::string_view* found) {
                     verdict->mirror = found != nullptr;
                     judge(s);
                   });
    }
  }

  // Moves the problems held into the report, in question order.
  void Release() {
    std::sort_heap(held_.begin(), held_.end(), ByQuestion);
    for (auto& [seq, message] : held_) {
      report_.messages.push_back(std::move(message));
    }
    held_.clear();
  }

  Db* db_;
  const EntityResolver& resolver_;
  size_t max_messages_;
  Lookups lookups_;
  // Problems found, by the sequence number of the question that found
  // them: at most max_messages_, the first ones.
  std::vector<std::pair<uint64_t, std::string>> held_;
  CheckReport report_;
};

}  // namespace

Result<CheckReport> Store::Check(size_t max_messages, size_t batch) {
  Checker checker(db_.get(), resolver_, max_messages, batch);
  return checker.Run();
}

}  // namespace claimtrack::store
