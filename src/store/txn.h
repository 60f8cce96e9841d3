// A batch of writes that its own reads see: an ordered overlay of pending
// puts and deletes over the database. Ingesting a document reads what it is
// about to change (the holder's earlier claims, a quotation's first
// appearance) through this, then commits everything in one atomic
// WriteBatch: after a crash the document is either entirely present or
// absent.
//
// (RocksDB's WriteBatchWithIndex does the same, but costs several thousand
// instructions per write for its skip list; a std::map per family is a
// fraction of that at the batch sizes ingest makes, and yields the writes
// in key order, the order the memtable inserts fastest.)
//
// The overlay's nodes, keys and values live in an arena that Commit and
// Discard empty at once, and the WriteBatch keeps its buffer: a Txn reused
// for every document (as Store::Ingest does) writes without a malloc and
// free per key, and without regrowing the batch from nothing each time.
#ifndef CLAIMTRACK_STORE_TXN_H_
#define CLAIMTRACK_STORE_TXN_H_

#include <rocksdb/write_batch.h>

#include <functional>
#include <map>
#include <memory>
#include <memory_resource>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "claimtrack/status.h"
#include "store/db.h"

namespace claimtrack::store {

class Txn {
 public:
  explicit Txn(Db* db);
  Txn(const Txn&) = delete;  // the overlays point into the arena
  Txn& operator=(const Txn&) = delete;

  // NotFound when absent (or deleted in this batch).
  Status Get(Cf cf, std::string_view key, std::string* value);
  void Put(Cf cf, std::string_view key, std::string_view value);
  void Delete(Cf cf, std::string_view key);
  // Writes that this batch's own reads never look for (the term index,
  // which ingest writes but does not read; with the links deferred, the
  // index and claims too): appended to the WriteBatch as they come, not
  // kept in the overlay, so Get and Scan do not see them. The batch
  // writes them before the overlay's writes, so a family written here
  // must not also be written through Put or Delete in the same batch
  // (checked in debug builds): its deletes go through DeleteUnread. Nor may
  // the batch read the family once it has written to it this way.
  void PutUnread(Cf cf, std::string_view key, std::string_view value);
  void DeleteUnread(Cf cf, std::string_view key);

  using Visitor = std::function<bool(std::string_view, std::string_view)>;
  // Calls fn(key, value) for the keys that start with `prefix` and are not
  // before `from` (default: all of them), in order, over the database with
  // this batch applied, until fn returns false. fn must not write to the
  // batch: collect, then write.
  Status Scan(Cf cf, std::string_view prefix, const Visitor& fn,
              std::string_view from = {});
  // The same backwards: the keys that start with `prefix` and are before
  // `before` (default: all of them), last first. Reading the end of a long
  // run of keys (a holder's latest claims) costs what is read, not the
  // length of the run.
  Status ScanBackward(Cf cf, std::string_view prefix, const Visitor& fn,
                      std::string_view before = {});

  // Writes the batch atomically (the unread writes in the order made, then
  // the overlay's in key order) and starts an empty one.
  Status Commit();
  // Drops the batch unwritten and starts an empty one.
  void Discard();
  size_t pending_writes() const { return writes_; }
  Db* db() { return db_; }

 private:
  // Keys and values are copies in arena_; a deleted key maps to nullopt.
  using Overlay = std::pmr::map<std::string_view,
                                std::optional<std::string_view>, std::less<>>;
  static constexpr size_t kArenaBytes = 64 * 1024;  // most documents' batch
  // A batch buffer grown past this is given back at Commit.
  static constexpr size_t kKeptBatchBytes = 8 << 20;

  std::string_view Keep(std::string_view bytes);
  void Set(Cf cf, std::string_view key, std::optional<std::string_view> value);
  void Reset();

  Db* db_;
  std::unique_ptr<std::byte[]> arena_buffer_;
  std::pmr::monotonic_buffer_resource arena_;
  std::vector<Overlay> overlay_;  // one per Cf
  void NoteFamily(Cf cf, bool unread);
  void AssertReadable(Cf cf) const;
  void NoteError(const rocksdb::Status& s) {
    if (!s.ok() && error_.ok()) error_ = s;
  }

  rocksdb::WriteBatch batch_;  // the unread writes, then at Commit the rest
  rocksdb::Status error_;      // the first failure to add to batch_
  uint32_t overlay_families_ = 0, unread_families_ = 0;  // bit per Cf
  size_t writes_ = 0;
};

}  // namespace claimtrack::store

#endif  // CLAIMTRACK_STORE_TXN_H_
