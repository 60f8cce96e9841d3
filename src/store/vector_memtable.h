// A memtable for families the writer only adds to: an unsorted vector, as
// RocksDB's VectorRep, sorted once when it is read (by the flush thread),
// but sorted on a 16-byte key prefix first.
//
// VectorRep sorts with the memtable's comparator: each comparison decodes
// two length-prefixed internal keys and calls the user comparator through
// a virtual call. On Reuters-21578 that sort was 53% of the flush thread's
// instructions and an eighth of the whole ingest's. Here every entry's
// first 16 bytes of user key are loaded once as two big-endian integers;
// most comparisons end there, and only entries whose prefixes tie (the
// same term on the same day) are compared in full with RocksDB's
// comparator, which also orders the sequence numbers of one key. Keys are
// bytewise-ordered (every family of this database is): a zero-padded
// big-endian prefix orders as the bytes do.
//
// Everything else is VectorRep's contract: inserts from one writer at a
// time; an iterator over the mutable memtable sorts a copy (so the writer
// must not read a family it puts here: DbOptions::bulk_load); an iterator
// over the immutable one sorts the vector in place once.
#ifndef CLAIMTRACK_STORE_VECTOR_MEMTABLE_H_
#define CLAIMTRACK_STORE_VECTOR_MEMTABLE_H_

#include <rocksdb/memtablerep.h>

namespace claimtrack::store {

class PrefixSortedVectorFactory : public rocksdb::MemTableRepFactory {
 public:
  static const char* kClassName() { return "ClaimtrackPrefixSortedVector"; }
  const char* Name() const override { return kClassName(); }

  using rocksdb::MemTableRepFactory::CreateMemTableRep;
  rocksdb::MemTableRep* CreateMemTableRep(
      const rocksdb::MemTableRep::KeyComparator& compare,
      rocksdb::Allocator* allocator, const rocksdb::SliceTransform*,
      rocksdb::Logger*) override;
};

}  // namespace claimtrack::store

#endif  // CLAIMTRACK_STORE_VECTOR_MEMTABLE_H_
