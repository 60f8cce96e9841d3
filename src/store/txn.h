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
#ifndef CLAIMTRACK_STORE_TXN_H_
#define CLAIMTRACK_STORE_TXN_H_

#include <array>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "claimtrack/status.h"
#include "store/db.h"

namespace claimtrack::store {

class Txn {
 public:
  explicit Txn(Db* db) : db_(db) {}

  // NotFound when absent (or deleted in this batch).
  Status Get(Cf cf, std::string_view key, std::string* value);
  void Put(Cf cf, std::string_view key, std::string_view value);
  void Delete(Cf cf, std::string_view key);
  // A put that this batch's own reads never look for (the term index,
  // which ingest writes but does not read): appended, not kept in the
  // overlay, and written after the overlay's writes, so that it overrides
  // a Delete of the same key earlier in the batch. Get and Scan do not see
  // it.
  void PutUnread(Cf cf, std::string key, std::string value);

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

  // Writes the batch atomically, keys in order, and starts an empty one.
  Status Commit();
  size_t pending_writes() const { return writes_; }
  Db* db() { return db_; }

 private:
  using Overlay =
      std::map<std::string, std::optional<std::string>, std::less<>>;

  Db* db_;
  std::array<Overlay, kCfCount> overlay_;
  struct Unread {
    Cf cf;
    std::string key, value;
  };
  std::vector<Unread> unread_;
  size_t writes_ = 0;
};

}  // namespace claimtrack::store

#endif  // CLAIMTRACK_STORE_TXN_H_
