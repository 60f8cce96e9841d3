#include "store/store.h"

#include <algorithm>
#include <unordered_map>

#include "common/hash.h"
#include "store/alias_index.h"
#include "store/claim_keys.h"
#include "store/doc_claims.h"
#include "store/term_postings.h"
#include "store/txn.h"

namespace claimtrack::store {

namespace {

size_t WordCount(std::string_view s) {
  size_t n = 0;
  bool in_word = false;
  for (char c : s) {
    const bool space = c == ' ';
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

// The fuller of two display names (schema/keys.md): more words, then
// longer, then the smaller in byte order, so arrival order does not matter.
bool Fuller(std::string_view a, std::string_view b) {
  const size_t wa = WordCount(a), wb = WordCount(b);
  if (wa != wb) return wa > wb;
  if (a.size() != b.size()) return a.size() > b.size();
  return a < b;
}

}  // namespace

const char* IngestOutcomeName(IngestOutcome outcome) {
  switch (outcome) {
    case IngestOutcome::kAdded:
      return "added";
    case IngestOutcome::kReplaced:
      return "replaced";
    case IngestOutcome::kUnchanged:
      return "unchanged";
    case IngestOutcome::kDuplicate:
      return "duplicate";
  }
  return "?";
}

Store::Store(std::unique_ptr<Db> db, std::unique_ptr<text::Lexicon> lexicon)
    : db_(std::move(db)),
      lexicon_(std::move(lexicon)),
      resolver_(lexicon_.get()),
      ingest_txn_(db_.get()) {}

Result<std::unique_ptr<Store>> Store::Open(const std::string& path,
                                           const DbOptions& options) {
  ASSIGN_OR_RETURN(std::unique_ptr<Db> db, Db::Open(path, options));
  ASSIGN_OR_RETURN(std::unique_ptr<text::Lexicon> lexicon,
                   text::Lexicon::Builtin());
  std::unique_ptr<Store> store(new Store(std::move(db), std::move(lexicon)));
  store->opened_version_ = store->db_->format_version();
  store->upgrade_stop_after_ = options.upgrade_stop_after;
  store->upgrade_stop_in_ = options.upgrade_stop_in;
  store->upgrade_progress_ = options.upgrade_progress;
  store->upgrade_progress_every_ = options.upgrade_progress_every;
  if (store->opened_version_ < kFormatVersion) {
    RETURN_IF_ERROR(store->Upgrade().WithContext(
        "upgrading " + path + " from format version " +
        std::to_string(store->opened_version_)));
  }
  if (!store->db_->read_only()) {
    // An earlier writer deferred the links and did not finish.
    ASSIGN_OR_RETURN(store->links_deferred_, store->LinksPending());
  }
  return store;
}

Result<std::optional<std::string>> Store::Meta(const char* name) {
  std::string value;
  const Status s = db_->Get(Cf::kDefault, MetaKey{name}.Encode(), &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  RETURN_IF_ERROR(s);
  return std::optional<std::string>(std::move(value));
}

Status Store::DeleteMeta(const char* name) {
  rocksdb::WriteBatch batch;
  batch.Delete(db_->cf(Cf::kDefault), MetaKey{name}.Encode());
  return db_->Write(&batch, /*sync=*/true);
}

Result<bool> Store::LinksPending() {
  ASSIGN_OR_RETURN(const std::optional<std::string> value,
                   Meta(kLinksPendingName));
  return value.has_value();
}

Status Store::DeferLinks(std::string_view why) {
  if (links_deferred_) return Status::Ok();
  rocksdb::WriteBatch batch;
  std::string value;
  PutLstr(&value, why);
  batch.Put(db_->cf(Cf::kDefault), MetaKey{kLinksPendingName}.Encode(), value);
  RETURN_IF_ERROR(db_->Write(&batch, /*sync=*/true));
  links_deferred_ = true;
  // Not kept up to date while deferred (only the linker reads it).
  holder_cache_.Clear();
  return Status::Ok();
}

namespace {

size_t FirstBegin(const ClaimRecord& r) {
  return r.claim.content.empty() ? 0 : r.claim.content[0].begin;
}

// One merge operand per term list for the whole document: its claims that
// share a term and statement day go in (or out) together. (On
// Reuters-21578, 448,180 operands where one per claim and term made
// 573,409.) `listed` holds (term list key, claim number) pairs; `Key` is a
// std::string or a std::string_view. Calls merge(key, operand) per list.
template <typename Key, typename Merge>
void GroupTermListChanges(std::vector<std::pair<Key, uint64_t>>* listed,
                          bool remove, const Merge& merge) {
  std::sort(listed->begin(), listed->end());
  TermPostings change;
  std::vector<uint64_t>& nums = remove ? change.remove : change.add;
  for (size_t i = 0; i < listed->size();) {
    const std::string_view key = (*listed)[i].first;
    nums.clear();
    for (; i < listed->size() && (*listed)[i].first == key; ++i) {
      // Never a number twice (a gap of 0 does not decode), though a
      // claim's stems are unique already (text::ContentTerms).
      if (nums.empty() || nums.back() != (*listed)[i].second) {
        nums.push_back((*listed)[i].second);
      }
    }
    merge(key, EncodeTermPostings(change));
  }
}

template <typename Key>
void MergeIntoTermLists(Txn* txn, std::vector<std::pair<Key, uint64_t>>* listed,
                        bool remove) {
  GroupTermListChanges(listed, remove,
                       [txn](std::string_view key, const std::string& operand) {
                         txn->MergeUnread(Cf::kTerms, key, operand);
                       });
}

// A document record as an upgrade finds it: in the form of version 10 (it
// decodes so, and the hash it holds is its text's) until the document
// pass has written it again, after that in the form of 11. Sets `old_form`.
Status DecodeAnyDocument(std::string_view value, DocumentRecord* record,
                         bool* old_form) {
  uint64_t stored_hash = 0;
  *old_form = DecodeDocument(value, record, 10, &stored_hash).ok() &&
              stored_hash == TextHash(record->doc.text);
  return *old_form ? Status::Ok() : DecodeDocument(value, record);
}

}  // namespace

Status Store::Upgrade() {
  // Written in batches of their own between BeginUpgrade and
  // FinishUpgrade: a pass cut short leaves the `upgrading` record, and the
  // next writer does it again (the numbering goes on after the last
  // document it finished, the claim pass from 7 after the last claim it
  // did; a value already in the new form is left as it is).
  // An upgrade an older claimtrack began to its own version and did not
  // finish: once its claim pass or numbering had begun (its progress
  // record), the claims are part in that version's form, part in the one
  // it started from, and which is which this build cannot tell (its own
  // passes go on from their records, knowing the form they write). A
  // version 7 claimtrack's numbering is the exception: its claims tell
  // (UpgradeClaimsNumberedBefore).
  if (db_->cut_upgrade_to() != 0 && db_->cut_upgrade_to() < kFormatVersion) {
    ASSIGN_OR_RETURN(const std::optional<std::string> claims,
                     Meta(kUpgradeClaimsName));
    ASSIGN_OR_RETURN(const std::optional<std::string> numbers,
                     Meta(kUpgradeNumbersName));
    if (claims || (numbers && db_->cut_upgrade_to() != 7)) {
      return Status::InvalidArgument(
          "an upgrade from format version " + std::to_string(opened_version_) +
          " to " + std::to_string(db_->cut_upgrade_to()) +
          " by an older claimtrack was cut short after it began rewriting "
          "claims: finish it with a claimtrack of format version " +
          std::to_string(db_->cut_upgrade_to()) +
          " ('claimtrack upgrade'), then open the database with this one");
    }
  }
  RETURN_IF_ERROR(db_->BeginUpgrade(opened_version_));
  // Versions 7 to 11 key claims by number already: their claim values are
  // written again in the form of 12 (from the form of 7, of 10 for 8 to
  // 10, or of 11), and version 7's holder entries in the form of 8.
  // Version 8 has its term index to fold into lists (UpgradeTermPostings).
  const bool numbering = opened_version_ < 7;
  if (!numbering && opened_version_ < 12) {
    RETURN_IF_ERROR(UpgradeClaimForms(opened_version_ == 7    ? 7
                                      : opened_version_ <= 10 ? 10
                                                              : 11));
  }
  if (numbering) {
    ASSIGN_OR_RETURN(const std::optional<std::string> progress,
                     Meta(kUpgradeNumbersName));
    // A numbering begun by a version 7 claimtrack wrote its claims in the
    // form of version 7.
    if (progress) RETURN_IF_ERROR(UpgradeClaimsNumberedBefore());
    // The numbering, once begun, has rewritten values already.
    if (opened_version_ < 5 && !progress) {
      RETURN_IF_ERROR(UpgradeClaimValues());
    }
    RETURN_IF_ERROR(UpgradeClaimNumbers());
  }
  if (opened_version_ < 8) RETURN_IF_ERROR(UpgradeHolderValues());
  RETURN_IF_ERROR(UpgradeTermPostings());
  if (opened_version_ < 10) RETURN_IF_ERROR(UpgradeClaimIds());
  // After the numbering: it reads the claims' numbers in the document
  // index.
  RETURN_IF_ERROR(UpgradeAliases());
  RETURN_IF_ERROR(UpgradeEntityValues());
  // Last: the numbering reads documents of either form (DecodeAnyDocument).
  // Version 11's are in the form of 12.
  if (opened_version_ < 11) RETURN_IF_ERROR(UpgradeDocumentValues());
  ReportUpgrade(/*pass_done=*/true);
  RETURN_IF_ERROR(db_->Flush());
  RETURN_IF_ERROR(db_->FinishUpgrade());
  // The progress record after the end, not before: a pass cut short in
  // between would start again over values it has rewritten. (Left behind,
  // the record is read by no later version: its database is upgraded.)
  if (!numbering) return DeleteMeta(kUpgradeClaimsName);
  RETURN_IF_ERROR(DeleteMeta(kUpgradeNumbersName));
  // The EARLIER and REPEATS edges went with the claims' ids. A database
  // the relink cannot read through (an entry of a lost claim, left for
  // `check`) is upgraded still, its links pending.
  LinkStats stats;
  upgrade_link_error_ = Relink(&stats);
  return Status::Ok();
}

// Versions 3 and 4: one pass over the claims appends each value's
// speaker_global (the numbering then writes the by-day and members
// entries with every other key).
Status Store::UpgradeClaimValues() {
  BeginUpgradePass("claim values");
  std::unordered_map<uint64_t, bool> global;  // entity id -> scope_doc == 0
  auto is_global = [&](uint64_t id) -> Result<bool> {
    if (auto it = global.find(id); it != global.end()) return it->second;
    if (global.size() >= 1000000) global.clear();
    std::string bytes;
    const Status s = db_->Get(Cf::kEntities, EntityKey{id}.Encode(), &bytes);
    // A missing entity is for `check` to report, not a reason to leave
    // the whole database unreadable.
    if (s.IsNotFound()) return global[id] = false;
    RETURN_IF_ERROR(s.WithContext("entity " + HexId(id)));
    EntityRecord entity;
    RETURN_IF_ERROR(DecodeEntity(bytes, &entity).WithContext(HexId(id)));
    return global[id] = entity.scope_doc == 0;
  };
  std::unique_ptr<rocksdb::Iterator> it = db_->NewIterator(Cf::kClaims);
  rocksdb::WriteBatch batch;
  ClaimRecord record;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    ASSIGN_OR_RETURN(const ClaimKey key,
                     ClaimKey::Decode(it->key().ToStringView()));
    const std::string_view value = it->value().ToStringView();
    // A version 3 or 4 value is a version 5 one without its last byte,
    // speaker_global.
    if (!DecodeClaim(key.claim_id, value, &record, 6).ok()) {
      std::string old(value);
      old.push_back('\0');
      RETURN_IF_ERROR(DecodeClaim(key.claim_id, old, &record, 6)
                          .WithContext("claim " + HexId(key.claim_id)));
    }
    if (record.speaker_entity != 0) {
      ASSIGN_OR_RETURN(record.speaker_global, is_global(record.speaker_entity));
    }
    // In the version 6 layout (no id): the numbering reads it so.
    batch.Put(db_->cf(Cf::kClaims), it->key(), EncodeClaim(record, 6));
    RETURN_IF_ERROR(WriteUpgradeBatch(&batch, kUpgradeBatchEntries));
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "reading claims"));
  return WriteUpgradeBatch(&batch, 1);
}

// Versions 3 to 10: every document record is written again without its
// text hash (format version 11). A record is in the old form when it reads
// so and the hash it holds is its text's (DecodeAnyDocument: TextHash,
// which every version wrote); any other is left as it is: one in the new
// form (a pass cut short does only what is left), or one for `check` to
// report.
Status Store::UpgradeDocumentValues() {
  BeginUpgradePass("document records");
  rocksdb::ColumnFamilyHandle* docs = db_->cf(Cf::kDocs);
  rocksdb::WriteBatch batch;
  const std::string prefix(1, static_cast<char>(Prefix::kDocument));
  std::unique_ptr<rocksdb::Iterator> it = db_->NewIterator(Cf::kDocs);
  DocumentRecord record;
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    const std::string_view key = it->key().ToStringView();
    if (!key.starts_with(prefix)) break;
    const std::string_view value = it->value().ToStringView();
    bool old_form = false;
    if (!DecodeAnyDocument(value, &record, &old_form).ok() || !old_form) {
      continue;
    }
    if (UpgradeStopsAt(upgraded_documents_)) {
      RETURN_IF_ERROR(WriteUpgradeBatch(&batch, 1));
      return Status::IOError("upgrade stopped after " +
                             std::to_string(upgraded_documents_) +
                             " document records "
                             "(DbOptions::upgrade_stop_after)");
    }
    batch.Put(docs, it->key(), EncodeDocument(record));
    ++upgraded_documents_;
    RETURN_IF_ERROR(WriteUpgradeBatch(&batch, kUpgradeBatchEntries));
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "reading documents"));
  return WriteUpgradeBatch(&batch, 1);
}

// Versions 7 to 11: every claim value is written again in the form of
// version 12 (from 7: the id left out where the extractor's, spans as
// begin and length; from 7 to 10: the resolved date left out where the
// day of `when`, the basis by code; from 7 to 11: the document number
// left out), in number order. Each batch records
// the last number it did in `upgrade-claims`, where a pass cut short goes
// on (a value's form does not say which version wrote it); the record
// stays until the upgrade has ended.
Status Store::UpgradeClaimForms(uint32_t from_version) {
  BeginUpgradePass("claim values");
  const std::string progress_key = MetaKey{kUpgradeClaimsName}.Encode();
  std::string from = ClaimKey{1}.Encode();
  ASSIGN_OR_RETURN(const std::optional<std::string> progress,
                   Meta(kUpgradeClaimsName));
  if (progress) {
    Decoder d(*progress);
    uint64_t last = 0;
    if (!d.GetU64(&last) || !d.done()) {
      return Status::Corruption(db_->path() + ": unreadable " +
                                kUpgradeClaimsName + " record");
    }
    from = ClaimKey{last + 1}.Encode();
  }
  std::unique_ptr<rocksdb::Iterator> it = db_->NewIterator(Cf::kClaims);
  rocksdb::WriteBatch batch;
  ClaimRecord record;
  uint64_t last = 0;
  auto write = [&](size_t at_least) -> Status {
    if (batch.Count() < at_least) return Status::Ok();
    std::string progress;
    PutU64(&progress, last);
    batch.Put(db_->cf(Cf::kDefault), progress_key, progress);
    return WriteUpgradeBatch(&batch, 1);
  };
  const char claim_prefix = static_cast<char>(Prefix::kClaim);
  for (it->Seek(from); it->Valid(); it->Next()) {
    const std::string_view key = it->key().ToStringView();
    if (key.empty() || key[0] != claim_prefix) break;
    ASSIGN_OR_RETURN(const ClaimKey k, ClaimKey::Decode(key));
    // One that does not decode, or names another document than its
    // number's, is left for `check` to report.
    if (DecodeClaim(k.claim_id, it->value().ToStringView(), &record,
                    from_version)
            .ok() &&
        NumberIsItsDocuments(record)) {
      batch.Put(db_->cf(Cf::kClaims), it->key(), EncodeClaim(record));
      ++upgraded_claims_;
    }
    last = k.claim_id;
    RETURN_IF_ERROR(write(kUpgradeBatchEntries));
    if (UpgradeStopsAt(upgraded_claims_)) {
      RETURN_IF_ERROR(write(1));
      return Status::IOError("upgrade stopped after " +
                             std::to_string(upgraded_claims_) +
                             " claims (DbOptions::upgrade_stop_after)");
    }
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "reading claims"));
  return write(1);
}

// A numbering pass (versions 3 to 6) that a version 7 claimtrack began
// and did not finish stored the claims it numbered in the form of version
// 7. Such a value is told apart from one of version 8 by decoding it as
// version 7 and finding that its id's entry (21) leads to its number; it
// is written again in the form of version 8. Nothing else passes that
// test (a version 8 value decoded as 7 reads an id that is not its own),
// so the pass can run again after it is cut short, and runs whenever a
// numbering resumes.
Status Store::UpgradeClaimsNumberedBefore() {
  BeginUpgradePass("claims an older claimtrack numbered");
  std::unique_ptr<rocksdb::Iterator> it = db_->NewIterator(Cf::kClaims);
  rocksdb::WriteBatch batch;
  ClaimRecord record;
  const std::string prefix(1, static_cast<char>(Prefix::kClaim));
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    const std::string_view key = it->key().ToStringView();
    if (!key.starts_with(prefix)) break;
    ASSIGN_OR_RETURN(const ClaimKey k, ClaimKey::Decode(key));
    if (!DecodeClaim(k.claim_id, it->value().ToStringView(), &record, 7).ok()) {
      continue;
    }
    uint64_t id = 0;
    ParseHexId(record.claim.id, &id);
    std::string num;
    const Status s = db_->Get(Cf::kClaims, ClaimNumberKey{id}.Encode(), &num);
    if (s.IsNotFound()) continue;
    RETURN_IF_ERROR(s);
    Decoder d(num);
    uint64_t n = 0;
    if (!d.GetU64(&n) || !d.done() || n != k.claim_id) continue;
    if (!NumberIsItsDocuments(record)) continue;
    batch.Put(db_->cf(Cf::kClaims), it->key(), EncodeClaim(record));
    RETURN_IF_ERROR(WriteUpgradeBatch(&batch, kUpgradeBatchEntries));
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "reading claims"));
  return WriteUpgradeBatch(&batch, 1);
}

// Versions 3 to 7: every holder entry (61) whose terms are all hashes is
// written again with the table's terms by place (term_codes.h). The
// numbering has written the entries of every claim it stored already; the
// rest (all of them, from version 7) are rewritten here. A value is
// rewritten only in its old form, so a pass cut short just goes on.
// Entries the old form does not decode are left as they are.
Status Store::UpgradeHolderValues() {
  BeginUpgradePass("holder entries");
  const std::string prefix(1, static_cast<char>(Prefix::kClaimsByHolder));
  std::unique_ptr<rocksdb::Iterator> it = db_->NewIterator(Cf::kIndex);
  rocksdb::WriteBatch batch;
  HolderValue value;
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    const std::string_view key = it->key().ToStringView();
    if (!key.starts_with(prefix)) break;
    const std::string_view bytes = it->value().ToStringView();
    if (HolderIsCoded(bytes)) continue;
    // One the version 7 form does not fit (an entry of a lost claim, left
    // by the numbering under its old id, in its old form) is left for
    // `check` to report, as the numbering leaves the claim.
    if (!DecodeHolder(bytes, &value, 7).ok()) continue;
    batch.Put(db_->cf(Cf::kIndex), it->key(), EncodeHolder(value));
    ++upgraded_holders_;
    RETURN_IF_ERROR(WriteUpgradeBatch(&batch, kUpgradeBatchEntries));
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "reading the holder index"));
  return WriteUpgradeBatch(&batch, 1);
}

// Versions 3 to 8: every term entry of one claim (63) is folded into the
// list of its term and day (68), by a merge operand per run of entries
// (term_postings.h), and deleted in the same batch: a pass cut short goes
// on with the entries left. (The numbering of versions 3 to 6 writes the
// lists of the claims it stores, and deletes their 63 entries.) One that
// does not decode is left for `check` to report.
Status Store::UpgradeTermPostings() {
  BeginUpgradePass("term index");
  const std::string prefix(1, static_cast<char>(Prefix::kClaimsByTerm));
  rocksdb::ColumnFamilyHandle* terms = db_->cf(Cf::kTerms);
  std::unique_ptr<rocksdb::Iterator> it = db_->NewIterator(Cf::kTerms);
  rocksdb::WriteBatch batch;
  // Keys sort by term, day, then claim: one list's entries come in a row,
  // in ascending order.
  TermPostingKey list;
  TermPostings run;
  auto end_run = [&] {
    if (!run.add.empty()) {
      batch.Merge(terms, list.Encode(), EncodeTermPostings(run));
    }
    run.add.clear();
  };
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    const std::string_view key = it->key().ToStringView();
    if (!key.starts_with(prefix)) break;
    if (UpgradeStopsAt(upgraded_terms_)) {
      end_run();
      RETURN_IF_ERROR(WriteUpgradeBatch(&batch, 1));
      return Status::IOError("upgrade stopped after " +
                             std::to_string(upgraded_terms_) +
                             " term entries (DbOptions::upgrade_stop_after)");
    }
    Result<TermKey> k = TermKey::Decode(key);
    if (!k.ok()) continue;
    if (k->term != list.term || k->day != list.day) {
      end_run();
      list = TermPostingKey{std::move(k->term), k->day};
    }
    run.add.push_back(k->claim_id);
    batch.Delete(terms, it->key());
    ++upgraded_terms_;
    if (batch.Count() >= kUpgradeBatchEntries) {
      end_run();
      RETURN_IF_ERROR(WriteUpgradeBatch(&batch, 1));
    }
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "reading the term index"));
  end_run();
  return WriteUpgradeBatch(&batch, 1);
}

// Versions 3 to 9: every claim gets its entry under half its id (22), and
// then the entries by whole id (21) go. A pass cut short does it again:
// the entries it wrote are written the same. A claim that does not decode
// gets none, for `check` to report.
Status Store::UpgradeClaimIds() {
  BeginUpgradePass("claim ids");
  rocksdb::ColumnFamilyHandle* claims = db_->cf(Cf::kClaims);
  rocksdb::WriteBatch batch;
  const std::string prefix(1, static_cast<char>(Prefix::kClaim));
  std::unique_ptr<rocksdb::Iterator> it = db_->NewIterator(Cf::kClaims);
  ClaimRecord record;
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    const std::string_view key = it->key().ToStringView();
    if (!key.starts_with(prefix)) break;
    if (UpgradeStopsAt(upgraded_ids_)) {
      RETURN_IF_ERROR(WriteUpgradeBatch(&batch, 1));
      return Status::IOError("upgrade stopped after " +
                             std::to_string(upgraded_ids_) +
                             " claim ids (DbOptions::upgrade_stop_after)");
    }
    Result<ClaimKey> k = ClaimKey::Decode(key);
    uint64_t id = 0;
    if (!k.ok() ||
        !DecodeClaim(k->claim_id, it->value().ToStringView(), &record).ok() ||
        !ParseHexId(record.claim.id, &id)) {
      continue;
    }
    batch.Put(claims, ClaimByIdKey::Of(id, k->claim_id).Encode(), "");
    ++upgraded_ids_;
    RETURN_IF_ERROR(WriteUpgradeBatch(&batch, kUpgradeBatchEntries));
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "reading claims"));
  RETURN_IF_ERROR(WriteUpgradeBatch(&batch, 1));
  const std::string old(1, static_cast<char>(Prefix::kClaimNumber));
  it = db_->NewIterator(Cf::kClaims);
  for (it->Seek(old); it->Valid(); it->Next()) {
    if (!it->key().starts_with(old)) break;
    batch.Delete(claims, it->key());
    RETURN_IF_ERROR(WriteUpgradeBatch(&batch, kUpgradeBatchEntries));
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "reading claim ids"));
  return WriteUpgradeBatch(&batch, 1);
}

// Versions 12 and before: each alias entry (40, by document number) is
// stored again under the number of its document's first claim (41), the
// first entry of the document index (60), and deleted in the same batch: a
// pass cut short goes on with the entries left. One that does not decode,
// or whose document has no claim indexed, is left for `check` to report.
Status Store::UpgradeAliases() {
  BeginUpgradePass("aliases");
  rocksdb::ColumnFamilyHandle* aliases = db_->cf(Cf::kAliases);
  rocksdb::WriteBatch batch;
  const std::string prefix(1, static_cast<char>(Prefix::kAliasByDoc));
  std::unique_ptr<rocksdb::Iterator> it = db_->NewIterator(Cf::kAliases);
  std::unordered_map<uint64_t, uint64_t> first_claims;  // 0: none
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    const std::string_view key = it->key().ToStringView();
    if (!key.starts_with(prefix)) break;
    if (UpgradeStopsAt(upgraded_aliases_)) {
      RETURN_IF_ERROR(WriteUpgradeBatch(&batch, 1));
      return Status::IOError("upgrade stopped after " +
                             std::to_string(upgraded_aliases_) +
                             " aliases (DbOptions::upgrade_stop_after)");
    }
    Result<AliasByDocKey> old = AliasByDocKey::Decode(key);
    if (!old.ok()) continue;
    auto first = first_claims.find(old->doc_num);
    if (first == first_claims.end()) {
      // Aliases sort by name: a large archive's documents come back in no
      // order, and the memo is bounded.
      if (first_claims.size() >= kMaxFirstClaimMemo) first_claims.clear();
      ASSIGN_OR_RETURN(const std::vector<uint64_t> claims,
                       ClaimsOfDocument(db_.get(), old->doc_num));
      first = first_claims
                  .emplace(old->doc_num, claims.empty() ? 0 : claims.front())
                  .first;
    }
    if (first->second == 0) continue;
    batch.Delete(aliases, key);
    batch.Put(aliases,
              AliasKey{old->alias, old->entity_id, first->second}.Encode(),
              it->value());
    ++upgraded_aliases_;
    RETURN_IF_ERROR(WriteUpgradeBatch(&batch, kUpgradeBatchEntries));
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "reading aliases"));
  return WriteUpgradeBatch(&batch, 1);
}

// Versions 12 and before: each entity value whose key name its display
// name gives is written again without it (EncodeEntity); one already in
// that form encodes the same and is left, so a pass cut short does only
// what is left. One that does not decode is left for `check` to report.
Status Store::UpgradeEntityValues() {
  BeginUpgradePass("entity values");
  rocksdb::ColumnFamilyHandle* entities = db_->cf(Cf::kEntities);
  rocksdb::WriteBatch batch;
  const std::string prefix(1, static_cast<char>(Prefix::kEntity));
  std::unique_ptr<rocksdb::Iterator> it = db_->NewIterator(Cf::kEntities);
  EntityRecord record;
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    if (!it->key().starts_with(prefix)) break;
    if (UpgradeStopsAt(upgraded_entities_)) {
      RETURN_IF_ERROR(WriteUpgradeBatch(&batch, 1));
      return Status::IOError("upgrade stopped after " +
                             std::to_string(upgraded_entities_) +
                             " entities (DbOptions::upgrade_stop_after)");
    }
    if (!DecodeEntity(it->value().ToStringView(), &record).ok()) continue;
    const std::string value = EncodeEntity(record);
    if (value == it->value().ToStringView()) continue;
    batch.Put(entities, it->key(), value);
    ++upgraded_entities_;
    RETURN_IF_ERROR(WriteUpgradeBatch(&batch, kUpgradeBatchEntries));
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "reading entities"));
  return WriteUpgradeBatch(&batch, 1);
}

// Versions 3 to 6: every claim is stored again under a number, document
// by document in document key order and in text order within one, with
// all its keys (those of the old id deleted); then any claim no document
// lists. The EARLIER and REPEATS edges wait for Relink, which deletes
// them and makes them again. Each batch ends with whole documents and
// records, in `upgrade-numbers`, the last of them and the next number,
// where a pass cut short goes on; the record stays until the upgrade has
// ended (Upgrade).
Status Store::UpgradeClaimNumbers() {
  BeginUpgradePass("claim numbers (document by document)");
  const std::string progress_key = MetaKey{kUpgradeNumbersName}.Encode();
  uint64_t next = 1;
  std::optional<uint64_t> last_doc;
  ASSIGN_OR_RETURN(const std::optional<std::string> progress,
                   Meta(kUpgradeNumbersName));
  if (progress) {
    Decoder d(*progress);
    uint64_t doc;
    if (!d.GetU64(&next) || !d.GetU64(&doc) || !d.done()) {
      return Status::Corruption(db_->path() + ": unreadable " +
                                kUpgradeNumbersName + " record");
    }
    if (doc != 0 || next != 1) last_doc = doc;
  }
  rocksdb::WriteBatch batch;
  // The links name claims by id: pending until Relink makes them again.
  RETURN_IF_ERROR(DeferLinks("upgrade to format version " +
                             std::to_string(kFormatVersion)));
  std::unique_ptr<rocksdb::Iterator> it = db_->NewIterator(Cf::kDocs);
  const std::string first = DocumentKey{0}.Encode().substr(0, 1);
  DocumentRecord doc;
  std::vector<ClaimRecord> records;
  std::string bytes;
  auto write = [&](uint64_t doc_num, size_t at_least) -> Status {
    if (batch.Count() < at_least) return Status::Ok();
    std::string value;
    PutU64(&value, next);
    PutU64(&value, doc_num);
    batch.Put(db_->cf(Cf::kDefault), progress_key, value);
    return WriteUpgradeBatch(&batch, 1);
  };
  it->Seek(last_doc ? DocumentKey{*last_doc}.Encode() : first);
  if (last_doc && it->Valid() &&
      it->key().ToStringView() == DocumentKey{*last_doc}.Encode()) {
    it->Next();
  }
  uint64_t doc_num = last_doc.value_or(0);
  size_t documents = 0;
  for (; it->Valid(); it->Next()) {
    if (UpgradeStopsAt(documents)) {
      RETURN_IF_ERROR(write(doc_num, 0));
      return Status::IOError("upgrade stopped after " +
                             std::to_string(documents) +
                             " documents (DbOptions::upgrade_stop_after)");
    }
    ++documents;
    const std::string_view key = it->key().ToStringView();
    if (!key.starts_with(first)) break;
    ASSIGN_OR_RETURN(const DocumentKey k, DocumentKey::Decode(key));
    doc_num = k.doc_num;
    bool old_form = false;
    RETURN_IF_ERROR(
        DecodeAnyDocument(it->value().ToStringView(), &doc, &old_form)
            .WithContext("document " + HexId(k.doc_num)));
    ASSIGN_OR_RETURN(const std::vector<uint64_t> ids,
                     ClaimsOfDocument(db_.get(), k.doc_num));
    // A claim missing or undecodable is for `check` to report, not a
    // reason to leave the whole database unreadable: its index entries
    // stay as they are.
    records.clear();
    for (uint64_t id : ids) {
      const Status s = db_->Get(Cf::kClaims, ClaimKey{id}.Encode(), &bytes);
      if (s.IsNotFound()) continue;
      RETURN_IF_ERROR(s.WithContext("claim " + HexId(id)));
      // A claim another document's record claims (ids given twice in
      // JSON Lines) is that document's.
      if (!DecodeClaim(id, bytes, &records.emplace_back(), 6).ok() ||
          records.back().doc_num != k.doc_num ||
          !NumberIsItsDocuments(records.back())) {
        records.pop_back();
      }
    }
    // Numbered in text order, as an ingest numbers them.
    std::stable_sort(records.begin(), records.end(),
                     [](const ClaimRecord& a, const ClaimRecord& b) {
                       return FirstBegin(a) < FirstBegin(b);
                     });
    const uint64_t statements = DocumentStatementsOf(doc.doc, records);
    // The document's claims go into their term lists together.
    std::vector<std::pair<std::string, uint64_t>> listed;
    uint64_t first_claim = 0;  // its first claim's new number
    for (ClaimRecord& record : records) {
      // Alias keys, in these versions by document (40), are moved by the
      // alias pass (UpgradeAliases), which comes after this one.
      const ClaimKeys old =
          DeriveClaimKeys(record, 0, doc.doc.text, statements, resolver_);
      for (const KeyValue& kv : old.owned) {
        batch.Delete(db_->cf(kv.cf), kv.key);
      }
      // The term entries as these versions wrote them: one per claim (63).
      for (const std::string& key : old.term_keys) {
        ASSIGN_OR_RETURN(const TermPostingKey k, TermPostingKey::Decode(key));
        batch.Delete(db_->cf(Cf::kTerms), k.ClaimKeyOfVersion8(record.num));
      }
      // A number some claim not renumbered yet has as its id is passed by.
      while (db_->Get(Cf::kClaims, ClaimKey{next}.Encode(), &bytes).ok()) {
        ++next;
      }
      record.num = next++;
      if (&record == &records.front()) first_claim = record.num;
      const ClaimKeys keys = DeriveClaimKeys(record, first_claim, doc.doc.text,
                                             statements, resolver_);
      for (const KeyValue& kv : keys.owned) {
        batch.Put(db_->cf(kv.cf), kv.key, kv.value);
      }
      for (const std::string& key : keys.term_keys) {
        listed.emplace_back(key, record.num);
      }
      ++upgraded_claims_;
    }
    GroupTermListChanges(&listed, /*remove=*/false,
                         [&](std::string_view key, const std::string& operand) {
                           batch.Merge(db_->cf(Cf::kTerms), key, operand);
                         });
    RETURN_IF_ERROR(write(doc_num, kUpgradeBatchEntries));
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "reading documents"));
  RETURN_IF_ERROR(write(doc_num, 0));
  // Claims left under their id: no document lists them (`check` names
  // them). Numbered too, their value rewritten when it decodes, so that
  // no id is taken for a number.
  std::vector<std::pair<std::string, std::string>> left;
  RETURN_IF_ERROR(db_->Scan(
      Cf::kClaims, ClaimKey{next}.Encode().substr(0, 1),
      [&](std::string_view key, std::string_view value) {
        left.emplace_back(key, value);
        return true;
      },
      ClaimKey{next}.Encode()));
  for (const auto& [key, value] : left) {
    ASSIGN_OR_RETURN(const ClaimKey k, ClaimKey::Decode(key));
    ClaimRecord record;
    batch.Delete(db_->cf(Cf::kClaims), key);
    const uint64_t num = next++;
    // Kept as it is when it does not decode, or names another document
    // than its number's.
    if (DecodeClaim(k.claim_id, value, &record, 6).ok() &&
        NumberIsItsDocuments(record)) {
      record.num = num;
      batch.Put(db_->cf(Cf::kClaims), ClaimKey{num}.Encode(),
                EncodeClaim(record));
      batch.Put(db_->cf(Cf::kClaims),
                ClaimByIdKey::Of(k.claim_id, num).Encode(), "");
    } else {
      batch.Put(db_->cf(Cf::kClaims), ClaimKey{num}.Encode(), value);
    }
  }
  return write(doc_num, 0);
}

Result<uint64_t> ClaimNumberOf(Db* db, uint64_t claim_id) {
  // The claims whose ids share the high half, nearly always this one
  // alone; of those with the whole id (claims JSON may give two
  // documents' claims one id), the one stored last.
  std::vector<uint64_t> nums;
  RETURN_IF_ERROR(db->Scan(Cf::kClaims, ClaimByIdKey::ScanPrefix(claim_id),
                           [&](std::string_view key, std::string_view) {
                             Result<ClaimByIdKey> k = ClaimByIdKey::Decode(key);
                             if (k.ok()) nums.push_back(k->claim_num);
                             return true;
                           }));
  const std::string id = HexId(claim_id);
  for (auto num = nums.rbegin(); num != nums.rend(); ++num) {
    std::string bytes;
    const Status s = db->Get(Cf::kClaims, ClaimKey{*num}.Encode(), &bytes);
    if (s.IsNotFound()) continue;  // a lost claim, for `check`
    RETURN_IF_ERROR(s);
    ClaimRecord record;
    RETURN_IF_ERROR(DecodeClaim(*num, bytes, &record)
                        .WithContext("claim number " + std::to_string(*num)));
    if (record.claim.id == id) return *num;
  }
  return Status::NotFound("no claim " + id);
}

Result<uint64_t> LastClaimNumber(Db* db) {
  std::unique_ptr<rocksdb::Iterator> it = db->NewIterator(Cf::kClaims);
  it->SeekForPrev(ClaimKey{~uint64_t{0}}.Encode());
  uint64_t last = 0;
  if (it->Valid()) {
    ASSIGN_OR_RETURN(const ClaimKey k,
                     ClaimKey::Decode(it->key().ToStringView()));
    last = k.claim_id;
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "reading claims"));
  return last;
}

Result<uint64_t> Store::NextClaimNumber() {
  if (next_claim_ == 0) {
    // Read past the queued writes (PipelineWrites), which may delete the
    // last claims (a replaced document).
    RETURN_IF_ERROR(committer_.Wait());
    ASSIGN_OR_RETURN(const uint64_t last, LastClaimNumber(db_.get()));
    next_claim_ = last + 1;
  }
  return next_claim_++;
}

Status Store::WriteUpgradeBatch(rocksdb::WriteBatch* batch, size_t at_least) {
  if (batch->Count() < at_least) return Status::Ok();
  RETURN_IF_ERROR(db_->Write(batch));
  upgrade_pass_written_ += batch->Count();
  batch->Clear();
  ReportUpgrade(/*pass_done=*/false);
  return Status::Ok();
}

bool Store::UpgradeStopsAt(uint64_t done) const {
  return upgrade_stop_after_ != 0 && done == upgrade_stop_after_ &&
         (upgrade_stop_in_.empty() || upgrade_stop_in_ == upgrade_pass_);
}

void Store::BeginUpgradePass(std::string pass) {
  if (!upgrade_pass_.empty()) ReportUpgrade(/*pass_done=*/true);
  const auto now = std::chrono::steady_clock::now();
  if (upgrade_pass_.empty()) upgrade_started_ = now;
  upgrade_reported_ = now;
  upgrade_pass_ = std::move(pass);
  upgrade_pass_written_ = 0;
}

void Store::ReportUpgrade(bool pass_done) {
  if (!upgrade_progress_ || upgrade_pass_.empty()) return;
  const auto now = std::chrono::steady_clock::now();
  if (!pass_done && now - upgrade_reported_ < upgrade_progress_every_) return;
  upgrade_reported_ = now;
  const auto seconds =
      std::chrono::duration_cast<std::chrono::seconds>(now - upgrade_started_)
          .count();
  upgrade_progress_(
      "upgrading from format version " + std::to_string(opened_version_) +
      ": " + upgrade_pass_ + (pass_done ? ": done, " : ": ") +
      std::to_string(upgrade_pass_written_) + " records written (" +
      std::to_string(seconds) + " s so far)");
}

Status Store::PutEntity(Txn* txn, const EntityRef& entity, size_t* added,
                        bool holder) {
  const std::string key = EntityKey{entity.id}.Encode();
  EntityRecord read;
  const EntityRecord* stored = nullptr;
  if (auto memo = global_entities_.find(entity.id);
      memo != global_entities_.end()) {
    stored = &memo->second;
  } else {
    std::string bytes;
    Status s = txn->Get(Cf::kEntities, key, &bytes);
    if (s.IsNotFound()) {
      txn->Put(Cf::kEntities, key, EncodeEntity(entity.record));
      ++*added;
      // An entity's index entries never outlive it (RemoveDocument).
      if (holder && !links_deferred_) holder_cache_.AddNew(entity.id);
      RememberEntity(entity.id, entity.record);
      return Status::Ok();
    }
    RETURN_IF_ERROR(s);
    RETURN_IF_ERROR(DecodeEntity(bytes, &read));
    stored = &read;
  }
  if (stored->key_name != entity.record.key_name ||
      stored->kind != entity.record.kind) {
    return Status::Corruption("entity id collision: \"" + stored->key_name +
                              "\" and \"" + entity.record.key_name +
                              "\" hash to " + HexId(entity.id));
  }
  if (Fuller(entity.record.display_name, stored->display_name)) {
    EntityRecord fuller = *stored;
    fuller.display_name = entity.record.display_name;
    txn->Put(Cf::kEntities, key, EncodeEntity(fuller));
    RememberEntity(entity.id, fuller);
  } else if (stored == &read) {
    RememberEntity(entity.id, read);
  }
  return Status::Ok();
}

void Store::RememberEntity(uint64_t id, const EntityRecord& record) {
  // The entities of one document recur within its batch only, where the
  // batch's overlay answers.
  if (record.scope_doc != 0) return;
  if (global_entities_.size() >= kMaxEntityMemo) global_entities_.clear();
  global_entities_.insert_or_assign(id, record);
}

namespace {

// A global person: the entities PersonByAlias answers with.
Result<bool> GlobalPerson(Txn* txn, uint64_t id, EntityRecord* record) {
  std::string bytes;
  RETURN_IF_ERROR(txn->Get(Cf::kEntities, EntityKey{id}.Encode(), &bytes));
  RETURN_IF_ERROR(DecodeEntity(bytes, record));
  return record->kind == SpeakerKind::kPerson && record->scope_doc == 0;
}

}  // namespace

Result<std::optional<EntityRef>> Store::PersonByAlias(Txn* txn,
                                                      std::string_view alias) {
  auto memo = alias_people_.find(std::string(alias));
  if (memo == alias_people_.end()) {
    ASSIGN_OR_RETURN(const std::vector<uint64_t> ids,
                     EntitiesWithAlias(txn, alias));
    std::vector<uint64_t> people;
    EntityRecord record;
    for (uint64_t id : ids) {
      ASSIGN_OR_RETURN(const bool person, GlobalPerson(txn, id, &record));
      if (person) people.push_back(id);
    }
    if (alias_people_.size() >= kMaxAliasMemo) alias_people_.clear();
    memo = alias_people_.emplace(alias, std::move(people)).first;
  }
  // Two people answer to it: not this one's to pick.
  if (memo->second.size() != 1) return std::optional<EntityRef>();
  EntityRef found{memo->second[0], {}};
  ASSIGN_OR_RETURN(const bool person,
                   GlobalPerson(txn, found.id, &found.record));
  if (!person) {
    // Not reachable (kind and scope of a stored entity never change, and
    // global entities are not deleted), but cheap to answer right.
    alias_people_.clear();
    return PersonByAlias(txn, alias);
  }
  return std::optional<EntityRef>(std::move(found));
}

Status Store::NoteAlias(Txn* txn, std::string_view alias_key) {
  ASSIGN_OR_RETURN(const AliasKey key, AliasKey::Decode(alias_key));
  auto memo = alias_people_.find(key.alias);
  if (memo == alias_people_.end()) return Status::Ok();
  std::vector<uint64_t>& people = memo->second;
  if (std::find(people.begin(), people.end(), key.entity_id) != people.end()) {
    return Status::Ok();
  }
  EntityRecord record;
  ASSIGN_OR_RETURN(const bool person,
                   GlobalPerson(txn, key.entity_id, &record));
  if (person) people.push_back(key.entity_id);
  return Status::Ok();
}

Status Store::RemoveDocument(Txn* txn, uint64_t doc_num,
                             std::string_view text) {
  alias_people_.clear();  // the document's alias keys go
  // The claims are read from the database, written whole.
  RETURN_IF_ERROR(txn->WaitForEarlier());
  // A bulk load's index and claims memtables are unsorted vectors
  // (DbOptions).
  if (db_->bulk_load()) {
    RETURN_IF_ERROR(db_->Flush(Cf::kIndex));
    RETURN_IF_ERROR(db_->Flush(Cf::kClaims));
  }
  ASSIGN_OR_RETURN(const std::vector<uint64_t> claim_ids,
                   ClaimsOfDocument(txn, doc_num));
  // All read before any is deleted: the deletes of the index and claims
  // may be unread writes (WrittenUnread).
  std::vector<ClaimRecord> records(claim_ids.size());
  for (size_t i = 0; i < claim_ids.size(); ++i) {
    std::string bytes;
    RETURN_IF_ERROR(
        txn->Get(Cf::kClaims, ClaimKey{claim_ids[i]}.Encode(), &bytes));
    RETURN_IF_ERROR(DecodeClaim(claim_ids[i], bytes, &records[i]));
  }
  std::vector<uint64_t> quotations;
  struct RemovedEntry {
    uint64_t holder;
    When when;
    uint64_t claim;
  };
  std::vector<RemovedEntry> removed;
  std::vector<std::pair<std::string, uint64_t>> unlisted;  // term lists
  for (size_t i = 0; i < claim_ids.size(); ++i) {
    const uint64_t id = claim_ids[i];
    const ClaimRecord& record = records[i];
    // Only the keys are wanted: the copy keys are in values.
    const ClaimKeys keys =
        DeriveClaimKeys(record, claim_ids.front(), text, 0, resolver_);
    for (const KeyValue& kv : keys.owned) {
      if (WrittenUnread(kv.cf)) {
        txn->DeleteUnread(kv.cf, kv.key);
      } else {
        txn->Delete(kv.cf, kv.key);
      }
    }
    for (const std::string& key : keys.term_keys) {
      unlisted.emplace_back(key, id);
    }
    for (const HolderEntry& h : keys.holders) {
      holder_cache_.Erase(h.entity, record.when, id);
      removed.push_back({h.entity, record.when, id});
    }
    // Entities of this document alone go with it.
    std::vector<uint64_t> entities = record.mention_entities;
    entities.push_back(record.speaker_entity);
    entities.push_back(record.affiliation_entity);
    entities.push_back(record.nation_entity);
    for (uint64_t e : entities) {
      if (e == 0) continue;
      std::string entity_bytes;
      EntityRecord entity;
      if (txn->Get(Cf::kEntities, EntityKey{e}.Encode(), &entity_bytes).ok() &&
          DecodeEntity(entity_bytes, &entity).ok() &&
          entity.scope_doc == doc_num) {
        txn->Delete(Cf::kEntities, EntityKey{e}.Encode());
      }
    }
    if (keys.quote_hash) quotations.push_back(*keys.quote_hash);
  }
  MergeIntoTermLists(txn, &unlisted, /*remove=*/true);
  // Deferred: Relink deletes every link and derives them again.
  if (links_deferred_) return Status::Ok();
  Linker linker(txn, &holder_cache_);
  for (uint64_t id : claim_ids) {
    RETURN_IF_ERROR(linker.UnlinkEarlier(id));
    RETURN_IF_ERROR(linker.UnlinkRepeats(id));
  }
  // The windows of the claims after them now reach one claim further back.
  std::map<uint64_t, size_t> removed_of;
  for (const RemovedEntry& r : removed) ++removed_of[r.holder];
  for (const RemovedEntry& r : removed) {
    RETURN_IF_ERROR(
        linker.RefillWindows(r.holder, r.when, r.claim, removed_of[r.holder]));
  }
  for (uint64_t q : quotations) RETURN_IF_ERROR(linker.RelinkQuotation(q));
  return Status::Ok();
}

bool Store::WrittenUnread(Cf cf) const {
  // Nothing in an ingest reads the term index (store/db.cc); only the
  // linker reads the index and claims back, and RemoveDocument reads a
  // replaced document's before the batch writes any.
  return cf == Cf::kTerms ||
         (links_deferred_ && (cf == Cf::kIndex || cf == Cf::kClaims));
}

PreparedDocument Store::Prepare(const Document& doc,
                                const std::vector<Claim>& claims) const {
  PreparedDocument out;
  out.text_hash = TextHash(doc.text);
  out.claims.reserve(claims.size());
  for (const Claim& claim : claims) {
    uint64_t claim_id;
    if (!ParseHexId(claim.id, &claim_id)) {
      out.claims.emplace_back();
      continue;
    }
    ClaimTextKeys& keys = out.claims
                              .emplace_back(DeriveClaimTextKeys(
                                  claim, doc.text, StatementTime(claim, doc)))
                              .value();
    keys.speaker_aliases = resolver_.SpeakerAliases(claim, doc.text);
  }
  return out;
}

Result<IngestResult> Store::Ingest(const Document& doc,
                                   const std::vector<Claim>& claims,
                                   bool sparse, PreparedDocument* prepared) {
  if (db_->bulk_load() && !links_deferred_) {
    // Linking reads the index and edges, kept unsorted in a bulk load.
    RETURN_IF_ERROR(DeferLinks("bulk load"));
  }
  // Empty: every call commits or discards it, or (pipelined) hands it to
  // the committer, which empties it once written.
  Txn* txn_ptr = &ingest_txn_;
  if (written_) {
    do {
      txn_ptr =
          pipeline_txns_[next_pipeline_txn_++ % pipeline_txns_.size()].get();
    } while (committer_.Queued(txn_ptr));
  }
  Txn& txn = *txn_ptr;
  PreparedDocument own;
  if (prepared == nullptr || prepared->claims.size() != claims.size()) {
    own = Prepare(doc, claims);
    prepared = &own;
  }
  Result<IngestResult> result =
      IngestInTxn(&txn, doc, claims, sparse, prepared);
  Status s = result.status();
  if (written_ && s.ok()) {
    // Written after the documents before it, whose writes its reads saw.
    s = committer_.Start(&txn, doc.origin + ": document \"" + doc.id + "\"",
                         [this, r = *result] { written_(r); });
  } else if (s.ok()) {
    s = txn.Commit();
  }
  write_failed_ = false;
  if (!s.ok()) {
    txn.Discard();
    // A queued document's failed write (found by Start, or by a read
    // that waited for it), which wins over this document's own failure.
    write_failed_ = written_ && committer_.write_failed();
    if (written_) {
      // The batches queued after a failed one are dropped with it.
      const Status queued = committer_.Wait();
      if (!queued.ok()) {
        s = queued;
        write_failed_ = true;
      }
    }
    ForgetUnwritten();
    return s;
  }
  return result;
}

void Store::ForgetUnwritten() {
  // The holder cache and the memos saw the entries of batches that never
  // landed.
  holder_cache_.Clear();
  alias_people_.clear();
  global_entities_.clear();
}

void Store::PipelineWrites(std::function<void(const IngestResult&)> written) {
  // One more than the committer queues: one is always free.
  while (pipeline_txns_.size() < Committer::kDepth + 1) {
    pipeline_txns_.push_back(std::make_unique<Txn>(db_.get()));
    pipeline_txns_.back()->ReadAfter(&committer_);
  }
  written_ = std::move(written);
}

Status Store::FinishWrites() {
  Status s = committer_.Wait();
  written_ = nullptr;
  if (!s.ok()) ForgetUnwritten();
  return s;
}

Result<IngestResult> Store::IngestInTxn(Txn* txn_ptr, const Document& doc,
                                        const std::vector<Claim>& claims,
                                        bool sparse,
                                        PreparedDocument* prepared) {
  IngestResult result;
  Txn& txn = *txn_ptr;
  // A claim record finds its document by the id it names (DocNum): it must
  // be this one's.
  for (const Claim& claim : claims) {
    if (claim.doc != doc.id) {
      return Status::InvalidArgument("document \"" + doc.id + "\": claim " +
                                     claim.id + " names document \"" +
                                     claim.doc + "\"");
    }
  }
  const uint64_t doc_num = DocNum(doc.id);
  const uint64_t text_hash = prepared->text_hash;
  const std::string doc_key = DocumentKey{doc_num}.Encode();
  std::string bytes;
  Status s = txn.Get(Cf::kDocs, doc_key, &bytes);
  std::optional<DocumentRecord> old;
  uint64_t old_text_hash = 0;
  if (s.ok()) {
    RETURN_IF_ERROR(DecodeDocument(bytes, &old.emplace()));
    if (old->doc.id != doc.id) {
      return Status::Corruption("document id collision: \"" + old->doc.id +
                                "\" and \"" + doc.id + "\" hash to " +
                                HexId(doc_num));
    }
    old_text_hash = TextHash(old->doc.text);
    if (old_text_hash == text_hash) {
      result.outcome = IngestOutcome::kUnchanged;
      return result;
    }
  } else if (!s.IsNotFound()) {
    return s;
  }
  s = txn.Get(Cf::kDocs, TextHashKey{text_hash}.Encode(), &bytes);
  if (s.ok()) {
    Decoder d(bytes);
    uint64_t other;
    DocumentRecord other_doc;
    if (d.GetU64(&other) && other != doc_num &&
        txn.Get(Cf::kDocs, DocumentKey{other}.Encode(), &bytes).ok() &&
        DecodeDocument(bytes, &other_doc).ok()) {
      result.outcome = IngestOutcome::kDuplicate;
      result.duplicate_of = other_doc.doc.id;
      return result;
    }
  } else if (!s.IsNotFound()) {
    return s;
  }
  if (old) {
    result.outcome = IngestOutcome::kReplaced;
    RETURN_IF_ERROR(RemoveDocument(&txn, doc_num, old->doc.text));
    txn.Delete(Cf::kDocs, TextHashKey{old_text_hash}.Encode());
  }

  // Claims, their entities and owned keys; then the links, which read the
  // batch so that claims of this document see each other.
  struct Pending {
    uint64_t claim_id;  // its id, for the duplicates
    uint64_t num;
    When when;
    ClaimKeys keys;
  };
  std::vector<Pending> pending;
  uint64_t first_claim = 0;  // the number of the document's first claim
  Status lookup_error;
  const store::PersonByAlias lookup = [&](std::string_view alias) {
    Result<std::optional<EntityRef>> r = PersonByAlias(&txn, alias);
    if (!r.ok()) {
      lookup_error = r.status();
      return std::optional<EntityRef>();
    }
    return *r;
  };
  // The document's statements (for the copy keys): those of the claims
  // stored, the first of each id.
  uint64_t statements = 0;
  {
    std::vector<uint64_t> ids, written;
    for (size_t i = 0; i < claims.size(); ++i) {
      uint64_t id;
      if (!prepared->claims[i] || !ParseHexId(claims[i].id, &id) ||
          std::find(ids.begin(), ids.end(), id) != ids.end()) {
        continue;
      }
      ids.push_back(id);
      written.push_back(prepared->claims[i]->written_statement);
    }
    statements = DocumentStatements(doc.title, std::move(written));
  }
  for (size_t i = 0; i < claims.size(); ++i) {
    const Claim& claim = claims[i];
    uint64_t claim_id;
    if (!prepared->claims[i] || !ParseHexId(claim.id, &claim_id)) {
      return Status::InvalidArgument(
          "document \"" + doc.id +
          "\": claim id is not 16 hex digits: " + claim.id);
    }
    // Two claims with one id (the same content span) are one claim.
    if (std::any_of(pending.begin(), pending.end(),
                    [&](const Pending& p) { return p.claim_id == claim_id; })) {
      continue;
    }
    ClaimRecord record;
    ASSIGN_OR_RETURN(record.num, NextClaimNumber());
    record.doc_num = doc_num;
    record.claim = claim;
    record.when = StatementTime(claim, doc);
    if (std::optional<EntityRef> e = resolver_.Speaker(claim, lookup)) {
      RETURN_IF_ERROR(PutEntity(&txn, *e, &result.new_entities, true));
      record.speaker_entity = e->id;
      record.speaker_global = e->record.scope_doc == 0;
    }
    RETURN_IF_ERROR(lookup_error);
    if (std::optional<EntityRef> e = resolver_.Affiliation(claim)) {
      RETURN_IF_ERROR(PutEntity(&txn, *e, &result.new_entities, true));
      record.affiliation_entity = e->id;
    }
    if (std::optional<EntityRef> e = resolver_.Nation(claim)) {
      RETURN_IF_ERROR(PutEntity(&txn, *e, &result.new_entities, true));
      record.nation_entity = e->id;
    }
    for (const Mention& m : claim.mentions) {
      const EntityRef e = resolver_.Mentioned(claim, m);
      RETURN_IF_ERROR(PutEntity(&txn, e, &result.new_entities));
      record.mention_entities.push_back(e.id);
    }
    if (pending.empty()) first_claim = record.num;
    ClaimKeys keys = DeriveClaimKeys(record, first_claim, doc.text, statements,
                                     resolver_, &*prepared->claims[i]);
    for (KeyValue& kv : keys.owned) {
      if (WrittenUnread(kv.cf)) {
        txn.PutUnread(kv.cf, kv.key, kv.value);
      } else {
        txn.Put(kv.cf, kv.key, kv.value);
        if (kv.cf == Cf::kAliases) RETURN_IF_ERROR(NoteAlias(&txn, kv.key));
      }
    }
    if (!links_deferred_) {
      for (const HolderEntry& h : keys.holders) {
        holder_cache_.Insert(h.entity, record.when, record.num, keys.terms);
      }
    }
    pending.push_back({claim_id, record.num, record.when, std::move(keys)});
  }
  {
    std::vector<std::pair<std::string_view, uint64_t>> listed;
    for (const Pending& p : pending) {
      for (const std::string& key : p.keys.term_keys) {
        listed.emplace_back(key, p.num);
      }
    }
    MergeIntoTermLists(&txn, &listed, /*remove=*/false);
  }
  if (!links_deferred_) {
    Linker linker(&txn, &holder_cache_);
    for (const Pending& p : pending) {
      linker.MarkNew(p.num);
      for (const HolderEntry& h : p.keys.holders) linker.MarkNewEntry(h.entity);
    }
    for (const Pending& p : pending) {
      for (const HolderEntry& h : p.keys.holders) {
        RETURN_IF_ERROR(
            linker.LinkEarlier(p.num, h.entity, p.when, p.keys.terms));
      }
      if (p.keys.quote_hash) {
        RETURN_IF_ERROR(linker.LinkQuotation(*p.keys.quote_hash, p.num));
      }
    }
  }

  DocumentRecord record;
  record.doc = doc;
  // A document given without a date whose text states one (a page header,
  // a dateline): the extractor dated claims by it, and so is the record.
  if (record.doc.date.empty()) {
    for (const Claim& c : claims) {
      if (c.date.basis == "document date (found in text)" &&
          !c.date.resolved.empty()) {
        record.doc.date = c.date.resolved;
        break;
      }
    }
  }
  if (old && old->text_kind == TextKind::kFull && sparse) {
    result.sparse_replaced_full = true;
  }
  record.text_kind = sparse ? TextKind::kSparse : TextKind::kFull;
  record.claims = static_cast<uint32_t>(pending.size());
  txn.Put(Cf::kDocs, doc_key, EncodeDocument(record));
  std::string doc_num_bytes;
  PutU64(&doc_num_bytes, doc_num);
  txn.Put(Cf::kDocs, TextHashKey{text_hash}.Encode(), doc_num_bytes);
  result.claims = pending.size();
  return result;
}

Status Store::Relink(LinkStats* stats) {
  // The rebuild scans the index: a bulk load's memtables go to sorted
  // tables first.
  if (db_->bulk_load()) RETURN_IF_ERROR(db_->Flush());
  Txn txn(db_.get());
  Linker linker(&txn);
  RETURN_IF_ERROR(linker.RebuildAll(stats));
  // The links are whole before the mark goes (RebuildAll committed them).
  RETURN_IF_ERROR(DeleteMeta(kLinksPendingName));
  links_deferred_ = false;
  holder_cache_.Clear();
  return Status::Ok();
}

}  // namespace claimtrack::store
