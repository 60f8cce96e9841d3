// PrefixSortedVectorFactory against a model: a RocksDB column family with
// that memtable answers reads, scans in both directions and seeks exactly
// as a std::map of the same writes, before the flush (a sorted copy of the
// mutable memtable), while immutable (sorted in place), and after.
#include "store/vector_memtable.h"

#include <rocksdb/db.h>

#include <catch2/catch.hpp>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "temp_dir.h"

namespace claimtrack::store {
namespace {

using testing::TempDir;

// Keys that tie on their first 16 bytes, are shorter than 16, end in zero
// bytes or differ only in their last byte.
std::string RandomKey(std::mt19937* rng) {
  static const std::string kStems[] = {"",
                                       "a",
                                       "ab",
                                       std::string("ab\0", 3),
                                       std::string("ab\0\0", 4),
                                       "term-weapons-ukraine",
                                       "term-weapons-ukrainian",
                                       "0123456789abcdef",
                                       "0123456789abcdeg"};
  std::string key = kStems[(*rng)() % 9];
  for (size_t n = (*rng)() % 4; n > 0; --n) {
    key.push_back(static_cast<char>((*rng)() % 4 == 0 ? 0 : (*rng)() % 256));
  }
  return key;
}

struct Fixture {
  TempDir dir;
  std::unique_ptr<rocksdb::DB> db;
  rocksdb::ColumnFamilyHandle* cf = nullptr;
  std::map<std::string, std::string> model;

  Fixture() {
    rocksdb::Options options;
    options.create_if_missing = true;
    options.allow_concurrent_memtable_write = false;
    rocksdb::ColumnFamilyOptions vector_cf;
    vector_cf.memtable_factory = std::make_shared<PrefixSortedVectorFactory>();
    rocksdb::DB* raw = nullptr;
    REQUIRE(rocksdb::DB::Open(options, dir.path() + "/db", &raw).ok());
    db.reset(raw);
    REQUIRE(db->CreateColumnFamily(vector_cf, "vector", &cf).ok());
  }
  ~Fixture() {
    if (db) {
      static_cast<void>(db->DestroyColumnFamilyHandle(cf));
      static_cast<void>(db->Close());
    }
  }

  void Write(std::mt19937* rng, int count) {
    for (int i = 0; i < count; ++i) {
      const std::string key = RandomKey(rng);
      if ((*rng)() % 5 == 0) {
        REQUIRE(db->Delete({}, cf, key).ok());
        model.erase(key);
      } else {
        const std::string value = std::to_string(i);
        REQUIRE(db->Put({}, cf, key, value).ok());
        model[key] = value;
      }
    }
  }

  // Every read the database offers, against the model.
  void Compare(std::mt19937* rng) {
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator({}, cf));
    auto m = model.begin();
    for (it->SeekToFirst(); it->Valid(); it->Next(), ++m) {
      REQUIRE(m != model.end());
      REQUIRE(it->key().ToString() == m->first);
      REQUIRE(it->value().ToString() == m->second);
    }
    REQUIRE(it->status().ok());
    REQUIRE(m == model.end());
    auto r = model.rbegin();
    for (it->SeekToLast(); it->Valid(); it->Prev(), ++r) {
      REQUIRE(r != model.rend());
      REQUIRE(it->key().ToString() == r->first);
    }
    REQUIRE(r == model.rend());
    for (int i = 0; i < 200; ++i) {
      const std::string target = RandomKey(rng);
      it->Seek(target);
      const auto lower = model.lower_bound(target);
      REQUIRE(it->Valid() == (lower != model.end()));
      if (it->Valid()) REQUIRE(it->key().ToString() == lower->first);
      it->SeekForPrev(target);
      auto upper = model.upper_bound(target);
      REQUIRE(it->Valid() == (upper != model.begin()));
      if (it->Valid()) REQUIRE(it->key().ToString() == (--upper)->first);
      std::string value;
      const rocksdb::Status got = db->Get({}, cf, target, &value);
      const auto found = model.find(target);
      REQUIRE(got.ok() == (found != model.end()));
      if (got.ok()) REQUIRE(value == found->second);
    }
  }
};

TEST_CASE("the prefix-sorted vector memtable reads like a sorted map",
          "[store]") {
  std::mt19937 rng(7);
  Fixture f;
  f.Write(&rng, 3000);
  f.Compare(&rng);  // the mutable memtable: sorted copies

  // Immutable and not yet flushed: sorted in place.
  REQUIRE(f.db->PauseBackgroundWork().ok());
  rocksdb::FlushOptions no_wait;
  no_wait.wait = false;
  no_wait.allow_write_stall = true;
  REQUIRE(f.db->Flush(no_wait, f.cf).ok());
  f.Write(&rng, 1000);  // a new mutable memtable beside it
  f.Compare(&rng);
  REQUIRE(f.db->ContinueBackgroundWork().ok());

  REQUIRE(f.db->Flush({}, f.cf).ok());  // the flush's sort: into a table
  f.Compare(&rng);
  f.Write(&rng, 2000);  // overwrites and deletes of flushed keys
  REQUIRE(f.db->Flush({}, f.cf).ok());
  f.Compare(&rng);
}

}  // namespace
}  // namespace claimtrack::store
