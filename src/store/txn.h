// A batch of writes that its own reads see: a RocksDB WriteBatchWithIndex
// over the database. Ingesting a document reads what it is about to change
// (the holder's earlier claims, a quotation's first appearance) through
// this, then commits everything in one atomic write: after a crash the
// document is either entirely present or absent.
#ifndef CLAIMTRACK_STORE_TXN_H_
#define CLAIMTRACK_STORE_TXN_H_

#include <rocksdb/utilities/write_batch_with_index.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "claimtrack/status.h"
#include "store/db.h"

namespace claimtrack::store {

class Txn {
 public:
  explicit Txn(Db* db);

  // NotFound when absent (or deleted in this batch).
  Status Get(Cf cf, std::string_view key, std::string* value);
  void Put(Cf cf, std::string_view key, std::string_view value);
  void Delete(Cf cf, std::string_view key);

  // An iterator over the database with this batch applied. The batch must
  // not be changed while the iterator is positioned (RocksDB's rule).
  std::unique_ptr<rocksdb::Iterator> NewIterator(Cf cf);
  // Calls fn(key, value) for keys starting with `prefix`, in order, until
  // fn returns false. fn must not write to the batch: collect, then write.
  Status Scan(
      Cf cf, std::string_view prefix,
      const std::function<bool(std::string_view, std::string_view)>& fn);

  // Writes the batch atomically and starts an empty one.
  Status Commit();
  size_t pending_writes() const { return writes_; }
  Db* db() { return db_; }

 private:
  Db* db_;
  rocksdb::WriteBatchWithIndex batch_;
  size_t writes_ = 0;
};

}  // namespace claimtrack::store

#endif  // CLAIMTRACK_STORE_TXN_H_
