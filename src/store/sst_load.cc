// Loading shards (store/sst.h). What one shard cannot know of the others,
// and how it is reconciled:
//  * the same document (by id or by text) in the database already: its
//    keys are filtered out of the shard's files and it goes through
//    Store::Ingest, which keeps it unchanged, skips it as a duplicate or
//    replaces the old one, as a normal ingest would;
//  * the same global entity: ingesting overwrites the record, so where the
//    database's display name was fuller it is written back afterwards;
//  * EARLIER and REPEATS links: not in the shards; rebuilt at the end;
//  * claim numbers: each shard numbered its claims from 1, as a database
//    of its own: the database's largest number is added to every number
//    in the shard's claims, index and terms files, which are written
//    again for it (keys keep their order), as if its documents were
//    ingested after the database's;
//  * the term index: a list per term and day (68) holds claims of many
//    documents, so the shard's lists are merge operands (store/sst.cc)
//    that add its claims to the database's lists; a set-aside document's
//    claims are taken out of them.
// Every other key belongs to exactly one document (its id, or the number
// of one of its claims, is in the key), so shards of different documents
// never write the same key.
#include <rocksdb/sst_file_reader.h>
#include <rocksdb/sst_file_writer.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <functional>
#include <memory>
#include <set>
#include <unordered_set>

#include "store/claim_keys.h"
#include "store/keys.h"
#include "store/records.h"
#include "store/sst.h"
#include "store/store.h"
#include "store/term_postings.h"

namespace claimtrack::store {

namespace {

namespace fs = std::filesystem;

size_t WordCount(std::string_view s) {
  size_t words = 0;
  bool in_word = false;
  for (char c : s) {
    if (c != ' ' && !in_word) ++words;
    in_word = c != ' ';
  }
  return words;
}

// schema/keys.md: the fullest form has the most words, then is the
// longest, then the smallest in byte order. A total order, so the name a
// set of shards ends with does not depend on their order.
bool Fuller(std::string_view a, std::string_view b) {
  const size_t wa = WordCount(a), wb = WordCount(b);
  if (wa != wb) return wa > wb;
  if (a.size() != b.size()) return a.size() > b.size();
  return a < b;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

using Visitor = std::function<bool(std::string_view, std::string_view)>;

// One shard folder's files, open for reading.
class Shard {
 public:
  static Result<std::unique_ptr<Shard>> Open(const std::string& folder,
                                             Db* db) {
    RETURN_IF_ERROR(CheckFolder(folder));
    std::unique_ptr<Shard> shard(new Shard());
    std::error_code ec;
    for (size_t i = 0; i < kCfCount; ++i) {
      const Cf cf = static_cast<Cf>(i);
      const std::string path = SstShardFile(folder, cf);
      if (!fs::exists(path, ec)) continue;
      auto reader = std::make_unique<rocksdb::SstFileReader>(
          db->raw()->GetOptions(db->cf(cf)));
      RETURN_IF_ERROR(FromRocks(reader->Open(path), path));
      shard->paths_[i] = path;
      shard->entries_[i] = reader->GetTableProperties()->num_entries;
      shard->readers_[i] = std::move(reader);
    }
    RETURN_IF_ERROR(shard->CheckVersion(folder, db));
    return shard;
  }

  // A folder of FAMILY.sst files with a default.sst: checked before the
  // database is opened, so that a mistyped argument changes nothing.
  static Status CheckFolder(const std::string& folder) {
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) {
      return Status::InvalidArgument(
          folder + ": not a shard folder (build-sst writes one)");
    }
    std::set<std::string> known;
    for (size_t i = 0; i < kCfCount; ++i) {
      known.insert(fs::path(SstShardFile(folder, static_cast<Cf>(i)))
                       .filename()
                       .string());
    }
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
      const std::string name = entry.path().filename().string();
      if (!known.count(name)) {
        return Status::InvalidArgument(
            entry.path().string() +
            ": unexpected file in a shard folder (it holds FAMILY.sst files)");
      }
    }
    if (ec) return Status::IOError(folder + ": " + ec.message());
    if (!fs::exists(SstShardFile(folder, Cf::kDefault), ec)) {
      return Status::InvalidArgument(
          folder + ": not a complete shard (no default.sst); build it again");
    }
    return Status::Ok();
  }

  bool Has(Cf cf) const { return readers_[static_cast<size_t>(cf)] != nullptr; }
  const std::string& path(Cf cf) const {
    return paths_[static_cast<size_t>(cf)];
  }
  uint64_t entries(Cf cf) const { return entries_[static_cast<size_t>(cf)]; }

  // fn(key, value) for each key starting with `prefix`, in order, until fn
  // returns false.
  Status Scan(Cf cf, std::string_view prefix, const Visitor& fn) const {
    if (!Has(cf)) return Status::Ok();
    std::unique_ptr<rocksdb::Iterator> it(
        readers_[static_cast<size_t>(cf)]->NewIterator(rocksdb::ReadOptions()));
    for (it->Seek(rocksdb::Slice(prefix.data(), prefix.size())); it->Valid();
         it->Next()) {
      const std::string_view key = it->key().ToStringView();
      if (!StartsWith(key, prefix)) break;
      if (!fn(key, it->value().ToStringView())) break;
    }
    return FromRocks(it->status(), path(cf));
  }

  // NotFound when absent.
  Status Get(Cf cf, std::string_view key, std::string* value) const {
    bool found = false;
    RETURN_IF_ERROR(Scan(cf, key, [&](std::string_view k, std::string_view v) {
      found = k == key;
      if (found) value->assign(v);
      return false;
    }));
    return found ? Status::Ok()
                 : Status::NotFound(std::string(CfName(cf)) + " key");
  }

 private:
  Shard() = default;

  Status CheckVersion(const std::string& folder, Db* db) const {
    const std::string key = MetaKey{kFormatVersionName}.Encode();
    std::string theirs, ours;
    if (!Get(Cf::kDefault, key, &theirs).ok()) {
      return Status::InvalidArgument(
          folder + ": not a complete shard (no " +
          fs::path(SstShardFile(folder, Cf::kDefault)).filename().string() +
          " with a format-version record); build it again");
    }
    RETURN_IF_ERROR(db->Get(Cf::kDefault, key, &ours));
    if (theirs != ours) {
      Decoder d(theirs);
      uint32_t version = 0;
      d.GetU32(&version);
      return Status::InvalidArgument(
          folder + " has format version " + std::to_string(version) +
          "; the database has " + std::to_string(kFormatVersion));
    }
    return Status::Ok();
  }

  std::array<std::unique_ptr<rocksdb::SstFileReader>, kCfCount> readers_;
  std::array<std::string, kCfCount> paths_;
  std::array<uint64_t, kCfCount> entries_{};
};

struct OverlappingDocument {
  Document doc;
  std::vector<Claim> claims;
  bool sparse = false;
};

using KeySets = std::array<std::unordered_set<std::string>, kCfCount>;

// Loads one shard into the store's database (see the top of this file).
class ShardLoader {
 public:
  ShardLoader(Store* store, const SstLoadOptions& options,
              const std::string& staging, SstLoadStats* stats)
      : store_(store),
        db_(store->db()),
        options_(options),
        staging_(staging),
        stats_(stats) {}

  Status Load(const std::string& folder) {
    ASSIGN_OR_RETURN(shard_, Shard::Open(folder, db_));
    std::set<uint64_t> overlapping;
    RETURN_IF_ERROR(FindOverlaps(&overlapping));
    std::vector<OverlappingDocument> later;
    for (uint64_t doc_num : overlapping) {
      RETURN_IF_ERROR(SetAside(doc_num, &later.emplace_back()));
    }
    if (!overlapping.empty()) RETURN_IF_ERROR(SetAsideEntities(overlapping));
    rocksdb::WriteBatch names;
    RETURN_IF_ERROR(KeepFullerNames(&names));
    // The shard numbered its claims from 1, as its own database: they
    // follow the database's (numbers are in the order claims are stored).
    ASSIGN_OR_RETURN(offset_, LastClaimNumber(db_));
    RETURN_IF_ERROR(Ingest(folder));
    store_->ForgetClaimNumbers();  // the set-aside documents' follow
    if (names.Count() > 0) RETURN_IF_ERROR(db_->Write(&names));
    for (const OverlappingDocument& d : later) {
      ASSIGN_OR_RETURN(IngestResult r,
                       store_->Ingest(d.doc, d.claims, d.sparse));
      ++stats_->overlapping[static_cast<int>(r.outcome)];
    }
    ++stats_->shards;
    return Status::Ok();
  }

 private:
  // Documents of the shard whose id or text the database holds already.
  Status FindOverlaps(std::set<uint64_t>* out) {
    Status error;
    std::string scratch;
    auto held = [&](std::string_view key) {
      Status s = db_->Get(Cf::kDocs, key, &scratch);
      if (!s.ok() && !s.IsNotFound() && error.ok()) error = s;
      return s.ok();
    };
    RETURN_IF_ERROR(shard_->Scan(
        Cf::kDocs, "", [&](std::string_view key, std::string_view value) {
          Result<Prefix> prefix = PrefixOf(key);
          if (!prefix.ok()) {
            error = prefix.status();
            return false;
          }
          if (*prefix == Prefix::kDocument) {
            ++stats_->documents;
            Result<DocumentKey> k = DocumentKey::Decode(key);
            if (k.ok() && held(key)) out->insert(k->doc_num);
          } else if (*prefix == Prefix::kTextHash && held(key)) {
            Decoder d(value);
            uint64_t doc_num;
            if (d.GetU64(&doc_num)) out->insert(doc_num);
          }
          return error.ok();
        }));
    return error.WithContext(shard_->path(Cf::kDocs));
  }

  // Reads an overlapping document back from the shard and marks its keys
  // to be left out of the files.
  Status SetAside(uint64_t doc_num, OverlappingDocument* out) {
    const std::string doc_key = DocumentKey{doc_num}.Encode();
    std::string bytes;
    RETURN_IF_ERROR(shard_->Get(Cf::kDocs, doc_key, &bytes)
                        .WithContext(shard_->path(Cf::kDocs)));
    DocumentRecord record;
    RETURN_IF_ERROR(DecodeDocument(bytes, &record));
    Skip(Cf::kDocs, doc_key);
    Skip(Cf::kDocs, TextHashKey{TextHash(record.doc.text)}.Encode());
    std::vector<uint64_t> claim_ids;
    RETURN_IF_ERROR(
        shard_->Scan(Cf::kIndex, ClaimsByDocKey::ScanPrefix(doc_num),
                     [&](std::string_view key, std::string_view) {
                       Result<ClaimsByDocKey> k = ClaimsByDocKey::Decode(key);
                       if (k.ok()) claim_ids.push_back(k->claim_id);
                       return true;
                     }));
    std::vector<std::pair<size_t, Claim>> claims;  // (first begin, claim)
    for (uint64_t id : claim_ids) {
      RETURN_IF_ERROR(shard_->Get(Cf::kClaims, ClaimKey{id}.Encode(), &bytes)
                          .WithContext(shard_->path(Cf::kClaims)));
      ClaimRecord claim;
      RETURN_IF_ERROR(DecodeClaim(id, bytes, &claim));
      // Only the keys are wanted: the copy keys are in values.
      const ClaimKeys keys = DeriveClaimKeys(
          claim, claim_ids.front(), record.doc.text, 0, store_->resolver());
      for (const KeyValue& kv : keys.owned) Skip(kv.cf, kv.key);
      Skip(Cf::kClaims, ClaimKey{id}.Encode());
      skip_listed_.insert(id);
      const size_t begin =
          claim.claim.content.empty() ? 0 : claim.claim.content[0].begin;
      claims.emplace_back(begin, std::move(claim.claim));
    }
    // The extractor's order, text order, is the order they were ingested in.
    std::stable_sort(
        claims.begin(), claims.end(),
        [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& c : claims) out->claims.push_back(std::move(c.second));
    out->sparse = record.text_kind == TextKind::kSparse;
    out->doc = std::move(record.doc);
    return Status::Ok();
  }

  // The entities scoped to set-aside documents go with them.
  Status SetAsideEntities(const std::set<uint64_t>& docs) {
    Status error;
    RETURN_IF_ERROR(shard_->Scan(
        Cf::kEntities, "", [&](std::string_view key, std::string_view value) {
          EntityRecord entity;
          error = DecodeEntity(value, &entity);
          if (error.ok() && docs.count(entity.scope_doc)) {
            Skip(Cf::kEntities, std::string(key));
          }
          return error.ok();
        }));
    return error.WithContext(shard_->path(Cf::kEntities));
  }

  // For each entity the database holds with a fuller name than the shard's,
  // a write of the database's record, to follow the ingest.
  Status KeepFullerNames(rocksdb::WriteBatch* names) {
    Status error;
    std::string stored_bytes;
    RETURN_IF_ERROR(shard_->Scan(
        Cf::kEntities, "", [&](std::string_view key, std::string_view value) {
          if (Skipped(Cf::kEntities, key)) return true;
          Status s = db_->Get(Cf::kEntities, key, &stored_bytes);
          if (s.IsNotFound()) return true;
          EntityRecord theirs, ours;
          if (s.ok()) s = DecodeEntity(value, &theirs);
          if (s.ok()) s = DecodeEntity(stored_bytes, &ours);
          if (s.ok() &&
              (theirs.kind != ours.kind || theirs.key_name != ours.key_name)) {
            s = Status::Corruption("entity id collision: \"" + ours.key_name +
                                   "\" and \"" + theirs.key_name + "\"");
          }
          if (!s.ok()) {
            error = s;
            return false;
          }
          if (Fuller(ours.display_name, theirs.display_name)) {
            names->Put(db_->cf(Cf::kEntities), rocksdb::Slice(key),
                       stored_bytes);
            ++stats_->names_kept;
          }
          return true;
        }));
    return error.WithContext(shard_->path(Cf::kEntities));
  }

  // The shard's files (filtered copies where keys were set aside) in one
  // atomic IngestExternalFiles call.
  Status Ingest(const std::string& folder) {
    std::vector<rocksdb::IngestExternalFileArg> args;
    for (size_t i = 1; i < kCfCount; ++i) {  // not default: ours is kept
      const Cf cf = static_cast<Cf>(i);
      if (!shard_->Has(cf)) continue;
      rocksdb::IngestExternalFileArg arg;
      arg.column_family = db_->cf(cf);
      arg.options.move_files = options_.move_files;
      const bool lists = cf == Cf::kTerms && !skip_listed_.empty();
      if (skip_[i].empty() && !lists && (offset_ == 0 || !Numbered(cf))) {
        arg.external_files.push_back(shard_->path(cf));
        stats_->keys += shard_->entries(cf);
      } else {
        const std::string path =
            (fs::path(staging_) /
             (std::to_string(stats_->shards) + "-" + CfName(cf) + ".sst"))
                .string();
        uint64_t kept = 0;
        RETURN_IF_ERROR(WriteFiltered(cf, path, &kept));
        if (kept == 0) continue;
        stats_->keys += kept;
        arg.options.move_files = true;  // our own copy
        arg.external_files.push_back(path);
      }
      args.push_back(std::move(arg));
    }
    if (args.empty()) return Status::Ok();
    stats_->files += args.size();
    return FromRocks(db_->raw()->IngestExternalFiles(args),
                     "ingesting " + folder);
  }

  // The families whose keys hold claim numbers.
  static bool Numbered(Cf cf) {
    return cf == Cf::kClaims || cf == Cf::kAliases || cf == Cf::kIndex ||
           cf == Cf::kTerms;
  }

  // The key with the claim number it holds moved by offset_: the number
  // ends the keys of 20, 22, 41, 60 to 64 and 66. Adding one amount to every
  // number keeps the file's order.
  Status Renumber(std::string* key) const {
    ASSIGN_OR_RETURN(const Prefix prefix, PrefixOf(*key));
    if (!KeyEndsWithClaimNumber(prefix)) return Status::Ok();
    if (key->size() < 9) {
      return Status::Corruption("key too short for a claim number: " +
                                EscapeBytes(*key));
    }
    Decoder d(std::string_view(*key).substr(key->size() - 8));
    uint64_t num = 0;
    d.GetU64(&num);
    RETURN_IF_ERROR(Shift(&num));
    key->resize(key->size() - 8);
    PutU64(key, num);
    return Status::Ok();
  }

  // A claim number of the shard moved by offset_.
  Status Shift(uint64_t* num) const {
    if (*num > ~uint64_t{0} - offset_) {
      return Status::InvalidArgument("claim numbers past 2^64");
    }
    *num += offset_;
    return Status::Ok();
  }

  Status WriteFiltered(Cf cf, const std::string& path, uint64_t* kept) {
    rocksdb::SstFileWriter writer(rocksdb::EnvOptions(),
                                  db_->raw()->GetOptions(db_->cf(cf)),
                                  db_->cf(cf));
    Status error;
    std::string k, v;
    const bool renumber = offset_ != 0 && Numbered(cf);
    RETURN_IF_ERROR(
        shard_->Scan(cf, "", [&](std::string_view key, std::string_view value) {
          if (Skipped(cf, key)) return true;
          if (cf == Cf::kTerms) {
            error = ListedClaims(key, value, &v);
            if (!error.ok()) return false;
            if (v.empty()) return true;  // set-aside claims alone
            value = v;
          }
          if (*kept == 0) error = FromRocks(writer.Open(path), path);
          if (error.ok() && renumber && cf != Cf::kTerms) {
            k.assign(key);
            error = Renumber(&k);
            key = k;
          }
          if (error.ok()) {
            const rocksdb::Slice key_slice(key), value_slice(value);
            error = FromRocks(FamilyMerges(cf)
                                  ? writer.Merge(key_slice, value_slice)
                                  : writer.Put(key_slice, value_slice),
                              path);
          }
          ++*kept;
          return error.ok();
        }));
    RETURN_IF_ERROR(error);
    if (*kept == 0) return Status::Ok();
    return FromRocks(writer.Finish(), path);
  }

  // A term list of the shard (68) without the set-aside claims, its
  // numbers moved by offset_; empty when none is left.
  Status ListedClaims(std::string_view key, std::string_view value,
                      std::string* out) const {
    TermPostings list;
    RETURN_IF_ERROR(
        DecodeTermPostings(value, &list)
            .WithContext(EscapeBytes(key) + " in " + shard_->path(Cf::kTerms)));
    std::erase_if(list.add,
                  [&](uint64_t num) { return skip_listed_.count(num) > 0; });
    out->clear();
    if (list.add.empty()) return Status::Ok();
    for (uint64_t& num : list.add) RETURN_IF_ERROR(Shift(&num));
    *out = EncodeTermPostings(list);
    return Status::Ok();
  }

  void Skip(Cf cf, std::string key) {
    skip_[static_cast<size_t>(cf)].insert(std::move(key));
  }
  bool Skipped(Cf cf, std::string_view key) const {
    const auto& keys = skip_[static_cast<size_t>(cf)];
    return !keys.empty() && keys.count(std::string(key));
  }

  Store* store_;
  Db* db_;
  const SstLoadOptions& options_;
  std::string staging_;
  SstLoadStats* stats_;
  std::unique_ptr<Shard> shard_;
  KeySets skip_;
  std::unordered_set<uint64_t> skip_listed_;  // set-aside claims (numbers)
  uint64_t offset_ = 0;  // added to the shard's claim numbers
};

}  // namespace

Status LoadSstShards(const std::string& db_path,
                     const std::vector<std::string>& shards,
                     const SstLoadOptions& options, SstLoadStats* stats) {
  *stats = SstLoadStats();
  for (const std::string& folder : shards) {
    RETURN_IF_ERROR(Shard::CheckFolder(folder));
  }
  // Filtered copies are written beside the database (the same file
  // system, so that ingesting them is a rename).
  const std::string staging =
      db_path + ".sst-staging-" + std::to_string(getpid());
  std::error_code ec;
  fs::create_directories(staging, ec);
  if (ec) return Status::IOError(staging + ": " + ec.message());
  // The shards carry no EARLIER or REPEATS edges: marked as pending until
  // the Relink below, so that a load cut short is finished by the next
  // writer (Store::DeferLinks).
  Status status;
  {
    Result<std::unique_ptr<Store>> store = Store::Open(db_path, options.db);
    status = store.ok() ? (*store)->DeferLinks("ingest-sst") : store.status();
  }
  for (size_t i = 0; i < shards.size() && status.ok(); ++i) {
    const std::string& folder = shards[i];
    // A Store per shard: its writer's holder cache (store/holder_cache.h)
    // cannot know the keys ingested from files.
    Result<std::unique_ptr<Store>> store = Store::Open(db_path, options.db);
    status = store.status();
    if (status.ok()) {
      ShardLoader loader(store->get(), options, staging, stats);
      status = loader.Load(folder);
    }
    if (!status.ok()) break;
  }
  if (status.ok()) {
    Result<std::unique_ptr<Store>> store = Store::Open(db_path, options.db);
    status = store.ok() ? (*store)->Relink(&stats->links) : store.status();
  }
  fs::remove_all(staging, ec);
  return status;
}

}  // namespace claimtrack::store
