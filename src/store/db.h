// The RocksDB database behind the store: its column families (schema/
// keys.md), the options claimtrack opens it with, the format-version check,
// and the one adapter from rocksdb::Status to claimtrack's Status.
#ifndef CLAIMTRACK_STORE_DB_H_
#define CLAIMTRACK_STORE_DB_H_

#include <rocksdb/db.h>

#include <array>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "claimtrack/status.h"
#include "store/keys.h"

namespace claimtrack::store {

// DO NOT reorder: the names are the column families on disk.
enum class Cf {
  kDefault,
  kDocs,
  kClaims,
  kEntities,
  kAliases,
  kEdges,
  kIndex,
  kTerms,  // format version 2: the term index, written but not read by ingest
};
inline constexpr size_t kCfCount = 8;
const char* CfName(Cf cf);
// The family a key with this prefix lives in.
Cf CfOf(Prefix prefix);
// Whether the family's values are written as RocksDB merge operands: the
// term index's lists (store/term_postings.h, since format version 9). Its
// merge operator is set in every mode of opening, and the files build-sst
// writes for it hold operands, which add to the lists a database has.
inline bool FamilyMerges(Cf cf) { return cf == Cf::kTerms; }

// Converts a RocksDB status; `context` (the path, the operation) is put in
// front of the message.
Status FromRocks(const rocksdb::Status& s, std::string_view context);

struct DbOptions {
  enum class Mode {
    kWrite,      // one writer per database (RocksDB's LOCK file)
    kSecondary,  // read-only, works beside a running writer
  };
  Mode mode = Mode::kWrite;
  bool create_if_missing = true;
  // Memory: each column family gets a write buffer of this size (the index
  // family twice, it takes most writes); one block cache is shared.
  size_t write_buffer_bytes = size_t{16} << 20;
  size_t block_cache_bytes = size_t{32} << 20;
  // Writers: when another process holds the write lock, wait until it is
  // released instead of failing at once. `on_lock_wait` (may be empty) is
  // called once, with the error that would otherwise have been returned,
  // when the waiting starts.
  bool wait_for_lock = false;
  std::function<void(const Status&)> on_lock_wait;
  // Writers, for a bulk load: the index, edges and claims families keep their
  // memtables as unsorted vectors, as the term family always does, which
  // takes an insert for a fraction of a skip list's cost. Only for a
  // writer that does not read those families while it writes: a Store
  // opened so defers its links (Store::DeferLinks), which is what reads
  // them, and flushes the index and claims before reading a replaced
  // document's claims (a read of an unflushed vector sorts a copy of it).
  // The families it writes most also let level-0 files pile up instead of
  // stalling the writer, and compact them later (BulkLevel0Limits); the
  // writer calls Db::Settle before it reads them again and when it is
  // done.
  bool bulk_load = false;
  // Writers: how long Db::Settle waits while a family is due for
  // compaction and none runs before it gives up with an error (compaction
  // stopped: disabled, or failed without RocksDB counting a background
  // error). RocksDB starts a due compaction within milliseconds when a
  // thread is free.
  std::chrono::milliseconds settle_stall_limit{30000};
  // Test hook: the Env (file system) RocksDB works through, e.g. one that
  // injects write errors; null for RocksDB's default. The Db keeps it alive.
  std::shared_ptr<rocksdb::Env> env;
  // Tests: an upgrade's numbering pass (Store::Open) stops, as if cut
  // short, once it has done this many documents (0: never), and the open
  // fails with an IOError; from version 7, its claim pass, once it has
  // rewritten this many claims; from version 8, its term pass, once it
  // has folded this many term entries; from version 9, its claim id pass,
  // once it has written this many claims' entries; from versions 3 to
  // 10, its document pass (the last), once it has rewritten this many
  // records (a pass that
  // reaches the count first stops the upgrade, unless `upgrade_stop_in`
  // names another: then only the pass it names stops).
  size_t upgrade_stop_after = 0;
  std::string upgrade_stop_in;  // a pass's name (upgrade_progress), or ""
  // Called while a writer's open upgrades the database (Store::Open), at
  // most once per `upgrade_progress_every` and after each pass, with a
  // line saying how far it is: on a large database the passes take many
  // minutes.
  std::function<void(const std::string&)> upgrade_progress;
  std::chrono::seconds upgrade_progress_every{10};
};

// A bulk load's level-0 file counts for one family (DbOptions::bulk_load):
// compact at `compaction_trigger` files, slow the writer down at
// `slowdown`, stop it at `stop`. Claims, edges, index and terms, which the
// writer does not read, are compacted at 512 files (in practice at the end,
// by Db::Settle), documents at 16; entities and aliases keep RocksDB's 4,
// 20 and 36. Scaled down so that the five families' level-0 files fit in
// half of `open_files`, the limit on open files.
struct Level0Limits {
  int compaction_trigger;
  int slowdown;
  int stop;
};
Level0Limits BulkLevel0Limits(Cf cf, uint64_t open_files);

class Db {
 public:
  // Opens (or creates, writing the format-version record) the database in
  // folder `path`. Fails with InvalidArgument when `path` is a file, is not
  // a claimtrack database, or has another format version; with IOError
  // when the folder is unwritable or another process holds the write lock
  // (the message names that process when it can be found; see
  // DbOptions::wait_for_lock to wait instead).
  static Result<std::unique_ptr<Db>> Open(const std::string& path,
                                          const DbOptions& options);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  rocksdb::DB* raw() { return db_.get(); }
  rocksdb::ColumnFamilyHandle* cf(Cf cf) {
    return handles_[static_cast<size_t>(cf)];
  }
  const std::string& path() const { return path_; }
  bool read_only() const { return mode_ == DbOptions::Mode::kSecondary; }
  bool bulk_load() const { return bulk_load_; }

  // NotFound when absent.
  Status Get(Cf cf, std::string_view key, std::string* value);
  std::unique_ptr<rocksdb::Iterator> NewIterator(Cf cf);
  // `sync`: on disk (fsync of the log) when this returns.
  Status Write(rocksdb::WriteBatch* batch, bool sync = false);

  // Calls fn(key, value) for each key starting with `prefix` and not before
  // `from` (default: all of them) in order, stopping early (without error)
  // when fn returns false.
  Status Scan(Cf cf, std::string_view prefix,
              const std::function<bool(std::string_view, std::string_view)>& fn,
              std::string_view from = {});

  // The format version the database was opened at: kFormatVersion, or
  // (writers only) kOldestUpgradable..kFormatVersion-1, which the Store
  // upgrades in place before anything else reads it (Store::Open). A
  // database whose upgrade was cut short (its `upgrading` record) is at
  // the version the upgrade started from.
  uint32_t format_version() const { return format_version_; }
  // Of a database whose upgrade was cut short: the version that upgrade
  // was to (its version record), kFormatVersion when this build began it.
  // 0 when no upgrade was cut short.
  uint32_t cut_upgrade_to() const { return cut_upgrade_to_; }
  // Starts an upgrade (synced): the version record says kFormatVersion, so
  // that an older claimtrack refuses the half-rewritten database, and the
  // `upgrading` record the version it started from, so that the next
  // writer does it again and readers refuse it. An upgrade not cut short
  // before removes, in the same batch, the progress records an earlier
  // one left (it removes them after the `upgrading` record): they speak
  // of that one's passes.
  Status BeginUpgrade(uint32_t from);
  // Ends it: removes the `upgrading` record (synced).
  Status FinishUpgrade();

  // A secondary instance catches up with the writer's latest writes.
  Status CatchUp();
  // Writes every family's memtable to table files, so that what is only in
  // the write-ahead log (which every reader that opens the database
  // replays: about a second per 100 MB of log after a large ingest) is
  // not; the logs are then deleted. Writers call it when they are done.
  Status Flush();
  // The same for one family.
  Status Flush(Cf family);
  // Flushes memtables and compacts every family, so the size on disk is
  // that of the data alone: two families at once (UseBothCores), the
  // largest first. Stops at the first failure and returns it.
  Status Compact();
  // Writers: extraction is over, so background flushes and compaction may
  // take both cores (two of each at once).
  Status UseBothCores();
  // Writers, when they are done: UseBothCores, then Flush.
  Status FlushAtEnd();
  // Writers, at the end: flushes memtables and waits until no family needs
  // compacting, with both cores (UseBothCores). What a bulk load let pile
  // up (DbOptions::bulk_load) is then compacted, its compaction resumed at
  // RocksDB's triggers, so that readers do not look through scores of
  // level-0 files; unlike Compact, it leaves alone
  // what RocksDB would (files not yet due for the next level). While it
  // waits, calls `waiting` (when given) about once a second with RocksDB's
  // estimate of the bytes compaction has still to rewrite. Fails with
  // IOError, naming the family, when compaction stops short: a background
  // error, a family due for compaction that none has worked on for
  // DbOptions::settle_stall_limit, or level-0 files left at the trigger
  // once nothing is due (a failed compaction's files).
  Status Settle(const std::function<void(uint64_t)>& waiting = {});
  // Level-0 table files (flushed memtables not yet compacted), all families.
  uint64_t Level0Files();
  // Bytes of the database's files on disk.
  uint64_t SizeOnDisk() const;
  // Bytes of one family's table files (flushed data only).
  uint64_t FamilySize(Cf cf);
  // What one family's flushes and compactions have done since this Db
  // opened, from RocksDB's per-family statistics ("rocksdb.cfstats"), which
  // count a compaction in its output level's row: level 0's row is the
  // flushes, and the compactions of level-0 files into level 0 (few; a
  // bulk load's pile of them can take one). Bytes are to about 1 kB: RocksDB
  // gives GB to six decimals.
  struct FamilyWork {
    double level0_cpu_seconds = 0;      // flushes (and into level 0)
    double compaction_cpu_seconds = 0;  // into the levels below
    uint64_t level0_bytes = 0;          // table bytes written: flushes
    uint64_t compaction_bytes = 0;      // and compactions below level 0
    uint64_t compactions = 0;           // below level 0
  };
  FamilyWork WorkOf(Cf cf);

 private:
  Db() = default;
  Status Init(const std::string& path, const DbOptions& options);
  Status Create(const std::string& path, const DbOptions& options);
  // *locked (when given) tells whether it failed on another process's
  // write lock.
  Status OpenRocks(const std::string& path, const DbOptions& options,
                   bool create, bool* locked = nullptr);
  Status OpenWaitingForLock(const std::string& path, const DbOptions& options);
  Status CheckFormat(bool created);

  std::string path_;
  std::string secondary_path_;  // a temporary folder, removed at close
  DbOptions::Mode mode_ = DbOptions::Mode::kWrite;
  // Settle, first: a bulk load's families back to RocksDB's level-0
  // triggers and base level size.
  Status ResumeCompaction();
  // Settle's last look: every family's level-0 files below RocksDB's
  // default trigger (4), which ResumeCompaction has put back.
  Status CheckLevel0Settled();
  // One family's level-0 table files.
  uint64_t Level0FilesOf(rocksdb::ColumnFamilyHandle* h);

  bool bulk_load_ = false;
  bool compaction_resumed_ = false;  // by ResumeCompaction
  std::chrono::milliseconds settle_stall_limit_{30000};
  bool both_cores_ = false;  // by UseBothCores
  uint32_t format_version_ = 0;
  uint32_t cut_upgrade_to_ = 0;
  std::shared_ptr<rocksdb::Env> env_;  // declared first: outlives db_
  std::unique_ptr<rocksdb::DB> db_;
  std::array<rocksdb::ColumnFamilyHandle*, kCfCount> handles_{};
};

}  // namespace claimtrack::store

#endif  // CLAIMTRACK_STORE_DB_H_
