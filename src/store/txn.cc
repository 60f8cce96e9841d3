#include "store/txn.h"

#include <rocksdb/comparator.h>

namespace claimtrack::store {

// overwrite_key: a key written twice in one batch is seen once, with its
// last value, by the batch's iterators.
Txn::Txn(Db* db)
    : db_(db),
      batch_(rocksdb::BytewiseComparator(), 0, /*overwrite_key=*/true) {}

Status Txn::Get(Cf cf, std::string_view key, std::string* value) {
  rocksdb::Status s =
      batch_.GetFromBatchAndDB(db_->raw(), rocksdb::ReadOptions(), db_->cf(cf),
                               rocksdb::Slice(key), value);
  if (s.IsNotFound()) return Status::NotFound("");
  return FromRocks(s, "reading " + db_->path());
}

void Txn::Put(Cf cf, std::string_view key, std::string_view value) {
  batch_.Put(db_->cf(cf), rocksdb::Slice(key), rocksdb::Slice(value));
  ++writes_;
}

void Txn::Delete(Cf cf, std::string_view key) {
  batch_.Delete(db_->cf(cf), rocksdb::Slice(key));
  ++writes_;
}

std::unique_ptr<rocksdb::Iterator> Txn::NewIterator(Cf cf) {
  rocksdb::Iterator* base =
      db_->raw()->NewIterator(rocksdb::ReadOptions(), db_->cf(cf));
  return std::unique_ptr<rocksdb::Iterator>(
      batch_.NewIteratorWithBase(db_->cf(cf), base));
}

Status Txn::Scan(
    Cf cf, std::string_view prefix,
    const std::function<bool(std::string_view, std::string_view)>& fn) {
  std::unique_ptr<rocksdb::Iterator> it = NewIterator(cf);
  for (it->Seek(rocksdb::Slice(prefix)); it->Valid(); it->Next()) {
    const std::string_view key = it->key().ToStringView();
    if (key.substr(0, prefix.size()) != prefix) break;
    if (!fn(key, it->value().ToStringView())) break;
  }
  return FromRocks(it->status(), "reading " + db_->path());
}

// The batch is written in key order, each key once (its last write): the
// memtable's skip list inserts a run of ascending keys far faster than the
// same keys in the order ingest produced them.
Status Txn::Commit() {
  if (writes_ == 0) return Status::Ok();
  rocksdb::WriteBatch sorted;
  for (size_t i = 0; i < kCfCount; ++i) {
    rocksdb::ColumnFamilyHandle* cf = db_->cf(static_cast<Cf>(i));
    std::unique_ptr<rocksdb::WBWIIterator> it(batch_.NewIterator(cf));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      const rocksdb::WriteEntry e = it->Entry();
      rocksdb::Status s = e.type == rocksdb::kPutRecord
                              ? sorted.Put(cf, e.key, e.value)
                              : sorted.Delete(cf, e.key);
      if (!s.ok()) return FromRocks(s, "building a write batch");
    }
    RETURN_IF_ERROR(FromRocks(it->status(), "reading a write batch"));
  }
  RETURN_IF_ERROR(db_->Write(&sorted));
  batch_.Clear();
  writes_ = 0;
  return Status::Ok();
}

}  // namespace claimtrack::store
