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

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <memory_resource>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "claimtrack/status.h"
#include "store/db.h"

namespace claimtrack::store {

class Committer;

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
  // A merge operand (the term index's lists, store/term_postings.h),
  // written as the unread writes are.
  void MergeUnread(Cf cf, std::string_view key, std::string_view operand);

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
  // Reads after the batches `committer` is writing (Committer): Get
  // looks in their overlays, latest first, before the database; a Scan
  // over a prefix they wrote, or any read of a family one wrote unread,
  // first waits for the writes to land (and fails if one failed).
  void ReadAfter(Committer* committer) { committer_ = committer; }
  // Waits for those writes now (reads that must see the database whole).
  Status WaitForEarlier();
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

  // Commit in two steps, for a Committer: Seal adds the overlay's writes to
  // the batch (the overlay stays, and its reads with it; no more writes),
  // WriteSealed writes the batch and touches nothing else of the Txn, so
  // that another thread may run it while this one reads the overlay.
  // Then Discard (after a failure) or Reset empties it.
  Status Seal();
  Status WriteSealed();

  std::string_view Keep(std::string_view bytes);
  void Set(Cf cf, std::string_view key, std::optional<std::string_view> value);
  void Reset();

  Db* db_;
  std::unique_ptr<std::byte[]> arena_buffer_;
  std::pmr::monotonic_buffer_resource arena_;
  std::vector<Overlay> overlay_;  // one per Cf
  void NoteFamily(Cf cf, bool unread);
  void AssertReadable(Cf cf) const;
  // The latest in-flight batch's entry for the key, or null (ReadAfter);
  // waits for the writes instead (null) when one wrote the family unread
  // and none after it has the key.
  Status Earlier(Cf cf, std::string_view key,
                 const std::optional<std::string_view>** entry);
  // Waits for the in-flight writes when one touches keys with `prefix`.
  Status SettleEarlier(Cf cf, std::string_view prefix);
  Committer* committer_ = nullptr;
  void NoteError(const rocksdb::Status& s) {
    if (!s.ok() && error_.ok()) error_ = s;
  }

  rocksdb::WriteBatch batch_;  // the unread writes, then at Commit the rest
  rocksdb::Status error_;      // the first failure to add to batch_
  uint32_t overlay_families_ = 0, unread_families_ = 0;  // bit per Cf
  size_t writes_ = 0;

  friend class Committer;
};

// Writes Txns' batches on a thread of its own, in the order given, so
// that the writer makes the next documents' batches while the last ones
// are written (Store::PipelineWrites): RocksDB's memtable inserts and log
// writes were half of the writer's time in a bulk load. Up to kDepth
// batches wait, so that the thread writes a run of them per wake-up (one
// at a time, each a thread switch, it kept the writer waiting for a third
// of its time), and no more than kQueuedBytes of them (large documents).
// The writer alone calls it.
class Committer {
 public:
  // 8 before: Reuters-21578's ingest waited for a free place 8,000 times,
  // 0.7 s in all, while the extraction workers, their window full, idled;
  // 1.6 of the 2 cores were busy. With 64 (and OrderedPool's 4 batches in
  // flight per worker), 1.8, and `bench ingest` took 2.16 s where it took
  // 2.48-2.53 s. The writer's reads look through the queued overlays
  // (Txn::Earlier): its CPU stayed 1.04-1.06 s.
  static constexpr size_t kDepth = 64;
  static constexpr size_t kQueuedBytes = size_t{32} << 20;

  Committer() = default;
  Committer(const Committer&) = delete;
  Committer& operator=(const Committer&) = delete;
  // Waits for the writes (their status lost, their `written` not run:
  // Wait first) and ends the thread.
  ~Committer();

  // Seals `txn` and queues it to be written after those queued before
  // (first waiting for the oldest to land while kDepth are, or
  // kQueuedBytes). Until the Wait that
  // finds it written, the caller must not write to `txn`; its reads see the
  // overlay as sealed. `written` runs then, on the caller's thread; `what`
  // names the batch in the status of a failed write. An empty txn is not
  // written, but `written` runs in its turn all the same (at once when
  // nothing is queued).
  // Fails, without queueing it, when a queued write has failed (or when
  // sealing it fails; write_failed() tells them apart).
  Status Start(Txn* txn, std::string what, std::function<void()> written);
  // Waits for every queued write, empties their Txns, and returns the
  // failure, if any. A failed write stops the ones queued after it: they
  // are discarded unwritten (their documents assumed it had landed), and
  // the failure is returned once, by the Start or Wait that finds it.
  Status Wait() { return Reap(jobs_.size()); }
  // Whether the last failure Start or Wait returned was a write's.
  bool write_failed() const { return write_failed_; }
  // Calls fn(txn) for the queued batches, latest first, until it returns
  // true; whether one did.
  template <typename Fn>
  bool AnyQueued(Fn fn) const {
    for (auto it = jobs_.rbegin(); it != jobs_.rend(); ++it) {
      if (it->txn != nullptr && fn(*it->txn)) return true;
    }
    return false;
  }
  bool Idle() const { return jobs_.empty(); }
  // For tests: the thread writes only when kDepth batches are queued or
  // the writer waits, so that reads meet as many queued batches as can be.
  void set_lazy_for_testing(bool lazy);
  bool Queued(const Txn* txn) const;

 private:
  struct Job {
    Txn* txn;  // null when it had nothing to write
    std::string what;
    std::function<void()> written;
    size_t bytes = 0;  // of its batch
  };
  void Run();
  // Empties the Txns of the oldest jobs written, waiting until at least
  // `at_least` are; the first failure among them.
  Status Reap(size_t at_least);

  std::mutex mu_;
  std::condition_variable cv_;
  // Under mu_: the Txns to write, oldest first (null: nothing to write);
  // the statuses of those written since the last Reap (nullopt: skipped
  // after a failure).
  std::deque<Txn*> todo_;
  std::deque<std::optional<Status>> results_;
  bool failed_ = false;  // a write failed: skip the rest until reaped
  bool lazy_ = false;    // set_lazy_for_testing
  bool wanted_ = false;  // the writer waits in Reap
  bool stop_ = false;
  std::thread thread_;       // started by the first Start
  std::deque<Job> jobs_;     // the writer's: queued and not yet reaped
  size_t queued_bytes_ = 0;  // the writer's: the batches of jobs_
  bool write_failed_ = false;
};

}  // namespace claimtrack::store

#endif  // CLAIMTRACK_STORE_TXN_H_
