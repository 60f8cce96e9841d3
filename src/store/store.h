// The knowledge graph: documents, claims, entities, aliases and links in
// one RocksDB database (schema/keys.md).
//
// Thread-safety: a Store may be read from many threads; Ingest, Relink and
// Compact must be called from one thread at a time. Only one process may
// open a database for writing; readers open it as a secondary instance and
// may run beside the writer.
#ifndef CLAIMTRACK_STORE_STORE_H_
#define CLAIMTRACK_STORE_STORE_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "claimtrack/claim.h"
#include "claimtrack/document.h"
#include "claimtrack/status.h"
#include "store/claim_keys.h"
#include "store/db.h"
#include "store/entities.h"
#include "store/holder_cache.h"
#include "store/linker.h"
#include "store/records.h"
#include "store/txn.h"
#include "text/lexicon.h"

namespace claimtrack::store {

enum class IngestOutcome {
  kAdded,      // a new document
  kReplaced,   // the id existed with other text: old claims and links gone
  kUnchanged,  // the id existed with the same text: nothing written
  kDuplicate,  // another id has the same text: nothing written
};
const char* IngestOutcomeName(IngestOutcome outcome);

struct IngestResult {
  IngestOutcome outcome = IngestOutcome::kAdded;
  std::string duplicate_of;  // for kDuplicate: the id stored with the text
  size_t claims = 0;         // claims written
  size_t new_entities = 0;   // entities first seen in this document
  // A full-text document was replaced by one rebuilt from claims JSON,
  // whose text holds only the claims' spans.
  bool sparse_replaced_full = false;
};

// One line of `claimtrack entities`.
struct EntitySummary {
  uint64_t id = 0;
  EntityRecord record;
  std::vector<std::string> aliases;  // as written, most frequent first
  std::vector<std::string> titles;
  std::vector<std::string> affiliations;
  uint64_t claims = 0;                // as speaker
  uint64_t affiliated_claims = 0;     // by its people and bodies (role A)
  uint64_t mentions = 0;              // claims whose content names it
  std::string first_date, last_date;  // of those claims; "" when undated
};

// An entity and how many claims its holder entries (61) list.
struct EntityCount {
  uint64_t id = 0;
  EntityRecord record;
  uint64_t claims = 0;             // as speaker
  uint64_t affiliated_claims = 0;  // by its people and bodies (role A)
};

// Store::Busiest: the entities known across documents with the most claims
// as speaker, most first, ties by display name (the order of `entities`).
struct BusiestEntities {
  std::vector<EntityCount> holders;   // with any holder entry
  std::vector<EntityCount> speakers;  // people with a claim as speaker
};

// The part of ingesting a document that needs no database (Store::Prepare).
struct PreparedDocument {
  uint64_t text_hash = 0;
  // Parallel to the claims; empty when a claim id is not 16 hex digits
  // (Ingest then reports it).
  std::vector<std::optional<ClaimTextKeys>> claims;
};

struct CheckReport {
  uint64_t documents = 0, claims = 0, keys = 0;
  uint64_t problems = 0;
  std::vector<std::string> messages;  // the first problems, described
};

class Store {
 public:
  // See Db::Open for the errors. A writer that opens a database of an
  // older, upgradable format version (kOldestUpgradable) upgrades it in
  // place first: it adds what the newer version has and records the new
  // version last, so an upgrade cut short is done again at the next open.
  static Result<std::unique_ptr<Store>> Open(const std::string& path,
                                             const DbOptions& options);

  // The format version the database had when opened, before any upgrade,
  // and the claims the upgrade rewrote (0 when there was none).
  uint32_t opened_version() const { return opened_version_; }
  uint64_t upgraded_claims() const { return upgraded_claims_; }
  // The holder entries (61) the upgrade to version 8 wrote again.
  uint64_t upgraded_holders() const { return upgraded_holders_; }
  // The term entries of versions 8 and older (63, one per claim) the
  // upgrade to version 9 folded into lists (68).
  uint64_t upgraded_terms() const { return upgraded_terms_; }
  // The claims an upgrade from version 9 or before gave their entry under
  // half their id (22).
  uint64_t upgraded_ids() const { return upgraded_ids_; }
  // The document records an upgrade from version 10 or before wrote
  // again, without their text hash.
  uint64_t upgraded_documents() const { return upgraded_documents_; }
  // The alias entries of version 12 or before (40, by document number) an
  // upgrade moved to their document's first claim number (41).
  uint64_t upgraded_aliases() const { return upgraded_aliases_; }
  // The entity values an upgrade from version 12 or before wrote again
  // without the key name their display name gives.
  uint64_t upgraded_entities() const { return upgraded_entities_; }
  // Why the links were not rebuilt after an upgrade (OK when they were):
  // the database is upgraded and its links wait (`links-pending`) for
  // `claimtrack link`.
  const Status& upgrade_link_error() const { return upgrade_link_error_; }

  // Stores a document with its claims (as the extractor returned them for
  // it) in one atomic write. `sparse` marks documents rebuilt from claims
  // JSON (only the claims' spans are real text). Fails without writing
  // anything on a storage error or an id collision. `prepared` (may be
  // null) is Prepare(doc, claims), and is moved from.
  Result<IngestResult> Ingest(const Document& doc,
                              const std::vector<Claim>& claims, bool sparse,
                              PreparedDocument* prepared = nullptr);

  // Pipelined writes, for a long run of Ingest calls: from here until
  // FinishWrites, Ingest returns once the document's batch is made, and
  // writes it on a thread of its own while the caller makes the next one.
  // `written` runs on the caller's thread, in a later Ingest or in
  // FinishWrites, with each document's result once its batch has landed,
  // in order; a failed write fails a later Ingest (or FinishWrites),
  // naming the document, and neither it nor those after it are stored.
  // Nothing but Ingest may be called in between.
  void PipelineWrites(std::function<void(const IngestResult&)> written);
  // Waits for the last write and ends the pipelining; its status.
  Status FinishWrites();
  // Whether the last Ingest failed because a queued document's write
  // failed (its status names that document and where it came from), not
  // because of the document it was given.
  bool write_failed() const { return write_failed_; }
  // For tests: Committer::set_lazy_for_testing.
  void set_lazy_writes_for_testing(bool lazy) {
    committer_.set_lazy_for_testing(lazy);
  }

  // What Ingest would otherwise compute itself from the document alone:
  // the text hash, and each claim's content terms, quotation and the
  // speaker's alias forms. About a fifth of the writer's work;
  // thread-safe (it reads no database, and the resolver's lexicon is
  // immutable), so the extraction threads can do it while the writer
  // stores earlier documents.
  PreparedDocument Prepare(const Document& doc,
                           const std::vector<Claim>& claims) const;

  // Rebuilds every EARLIER and REPEATS link from the indexes, then removes
  // the links-pending mark and ends a deferral (below).
  Status Relink(LinkStats* stats);

  // By default Ingest keeps the EARLIER and REPEATS links current document
  // by document, which costs look-ups in the holder and quotation indexes
  // for every claim. DeferLinks stops that until Relink, which derives them
  // all in one pass over those indexes; the result is the same as linking
  // each document (or, at the edge of a holder's look-back window, what
  // `claimtrack link` would give). It first writes the links-pending mark
  // (schema/keys.md; synced): readers are told that links are incomplete,
  // and a writer that opens the database after an interrupted run defers
  // too, so that its own Relink finishes the job. `why` is stored in the
  // mark. A Store opened for a bulk load (DbOptions::bulk_load) always
  // defers: its first Ingest after opening or after a Relink calls this.
  Status DeferLinks(std::string_view why);
  bool links_deferred() const { return links_deferred_; }
  // Whether the database has the mark: an ingest that defers links is
  // running, or was interrupted before it rebuilt them.
  Result<bool> LinksPending();

  // Verifies that every document's claims have all their keys, and every
  // index entry, alias and edge points at a stored record. The lookups it
  // makes are answered in batches of `batch` (store/check.cc); the report
  // is the same for any batch size.
  Result<CheckReport> Check(size_t max_messages = 20,
                            size_t batch = kCheckBatch);
  static constexpr size_t kCheckBatch = size_t{1} << 18;

  // Entities whose aliases contain `match` (normalized; all when empty).
  // Holds the summaries and alias forms of the entities it returns: with
  // an empty match, of every entity (for the busiest few of a large
  // database, Busiest).
  Result<std::vector<EntitySummary>> Entities(std::string_view match);

  // The first `n` holders and speakers of Entities("")'s order among the
  // entities known across documents (scope 0): one pass over the entity
  // records beside one over the holder index (both in entity id order),
  // memory for 2n entities whatever the database's size. (Entities("") at
  // 5 GB took 4.4 GB for the bench's ten busiest holders.)
  Result<BusiestEntities> Busiest(size_t n);

  Db* db() { return db_.get(); }
  const EntityResolver& resolver() const { return resolver_; }
  // Claims were added behind the writer's back (ingest-sst's files): the
  // next claim number is read from the database again.
  void ForgetClaimNumbers() { next_claim_ = 0; }

 private:
  Store(std::unique_ptr<Db> db, std::unique_ptr<text::Lexicon> lexicon);

  Result<IngestResult> IngestInTxn(class Txn* txn, const Document& doc,
                                   const std::vector<Claim>& claims,
                                   bool sparse, PreparedDocument* prepared);
  // Whether ingest writes `cf` through Txn::PutUnread (and DeleteUnread):
  // the families a document's batch does not read back.
  bool WrittenUnread(Cf cf) const;
  Status RemoveDocument(class Txn* txn, uint64_t doc_num,
                        std::string_view text);
  // Stores an entity, or merges its display name into the stored one;
  // counts new ones in *added.
  // `holder`: the entity may hold claims (a speaker, its organization or
  // country); a new one gets an empty holder window, read from nowhere.
  Status PutEntity(class Txn* txn, const EntityRef& entity, size_t* added,
                   bool holder = false);
  Result<std::optional<EntityRef>> PersonByAlias(class Txn* txn,
                                                 std::string_view alias);
  Result<EntitySummary> Summarize(uint64_t id, const EntityRecord& record);
  // Versions 3 to 11 to 12 (schema/keys.md): the claim value's
  // speaker_global byte (from versions 3 and 4), then every claim under a
  // number, with all its keys written again (the by-day, members and copy
  // keys of older versions with them) and the links rebuilt; the claim
  // values of 7 to 11 in the form of 12; the term lists (from 8 and
  // before), the claims by half their id (from 9 and before); last, the
  // document records without their text hash (from 10 and before).
  Status Upgrade();
  Status UpgradeDocumentValues();
  Status UpgradeClaimValues();
  Status UpgradeClaimNumbers();
  Status UpgradeHolderValues();
  Status UpgradeTermPostings();
  Status UpgradeClaimIds();
  Status UpgradeClaimForms(uint32_t from_version);
  Status UpgradeClaimsNumberedBefore();
  Status UpgradeAliases();
  Status UpgradeEntityValues();
  // The number for the next claim stored: one more than the largest in
  // the database (read once), or than the last given.
  Result<uint64_t> NextClaimNumber();
  uint64_t next_claim_ = 0;        // 0: not read yet
  size_t upgrade_stop_after_ = 0;  // DbOptions::upgrade_stop_after
  std::string upgrade_stop_in_;    // DbOptions::upgrade_stop_in
  // Whether the pass under way stops now, having done `done` records
  // (DbOptions::upgrade_stop_after, tests).
  bool UpgradeStopsAt(uint64_t done) const;
  // DbOptions::upgrade_progress: the pass under way, the records it has
  // written, and when the last line went out.
  std::function<void(const std::string&)> upgrade_progress_;
  std::chrono::seconds upgrade_progress_every_{10};
  std::string upgrade_pass_;
  uint64_t upgrade_pass_written_ = 0;
  std::chrono::steady_clock::time_point upgrade_started_, upgrade_reported_;
  void BeginUpgradePass(std::string pass);
  void ReportUpgrade(bool pass_done);
  // Writes the batch when it holds at least `at_least` entries (1: the
  // rest, at the end of a pass).
  Status WriteUpgradeBatch(rocksdb::WriteBatch* batch, size_t at_least);
  // The value of the meta record `name` (records.h), if there is one; and
  // its deletion, synced.
  Result<std::optional<std::string>> Meta(const char* name);
  Status DeleteMeta(const char* name);
  static constexpr size_t kUpgradeBatchEntries = 100000;
  // UpgradeAliases: documents whose first claim it remembers at once.
  static constexpr size_t kMaxFirstClaimMemo = 1000000;

  std::unique_ptr<Db> db_;
  std::unique_ptr<text::Lexicon> lexicon_;
  EntityResolver resolver_;
  HolderCache holder_cache_;  // the writer's; see store/holder_cache.h
  // Ingest's batch, one document at a time, kept for its buffers (txn.h);
  // pipelined (PipelineWrites), a ring of them: one is made while the
  // others are written.
  Txn ingest_txn_;
  std::vector<std::unique_ptr<Txn>> pipeline_txns_;
  size_t next_pipeline_txn_ = 0;
  std::function<void(const IngestResult&)> written_;  // pipelined when set
  bool write_failed_ = false;
  Committer committer_;  // after the Txns: joined before they go
  uint32_t opened_version_ = 0;
  uint64_t upgraded_claims_ = 0;
  uint64_t upgraded_holders_ = 0;
  uint64_t upgraded_terms_ = 0;
  uint64_t upgraded_ids_ = 0;
  uint64_t upgraded_documents_ = 0;
  uint64_t upgraded_aliases_ = 0;
  uint64_t upgraded_entities_ = 0;
  Status upgrade_link_error_;
  bool links_deferred_ = false;
  // The writer's memo of PersonByAlias: for each alias looked up, the ids
  // of the global people stored under it. Without it a look-up reads every
  // entity with the alias, and the people of one story (a "Reagan" the
  // story does not place) grow with the archive: 124 under "reagan" in
  // 1 GB of synthetic text. Kept current as the batch puts alias keys
  // (NoteAlias); cleared when a document is replaced (its alias keys go),
  // when a batch fails, and when it reaches kMaxAliasMemo aliases.
  static constexpr size_t kMaxAliasMemo = 200000;
  // The writer's memo of the global entities it has read or written, as
  // stored (the latest write, this batch's included): PutEntity's read of
  // a known speaker or country, for each of its claims, was a tenth of the
  // writer's work. Global entities are never deleted; the memo is cleared
  // when a batch fails and when it reaches kMaxEntityMemo entities.
  static constexpr size_t kMaxEntityMemo = 200000;
  std::unordered_map<uint64_t, EntityRecord> global_entities_;
  void RememberEntity(uint64_t id, const EntityRecord& record);
  std::unordered_map<std::string, std::vector<uint64_t>> alias_people_;
  Status NoteAlias(class Txn* txn, std::string_view alias_key);
  // After a failed write: empties the holder cache and the memos.
  void ForgetUnwritten();
};

// The number of the claim with id `claim_id` (schema/keys.md, `21`):
// NotFound when no such claim is stored.
Result<uint64_t> ClaimNumberOf(Db* db, uint64_t claim_id);

// The largest claim number stored (0: none). Numbers are given in the
// order claims are stored, from 1 (schema/keys.md, "Ids").
Result<uint64_t> LastClaimNumber(Db* db);

}  // namespace claimtrack::store

#endif  // CLAIMTRACK_STORE_STORE_H_
