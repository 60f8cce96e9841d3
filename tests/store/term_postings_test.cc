#include "store/term_postings.h"

#include <rocksdb/db.h>
#include <rocksdb/options.h>

#include <catch2/catch.hpp>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "temp_dir.h"

namespace claimtrack::store {
namespace {

std::string Bytes(std::initializer_list<int> bytes) {
  std::string out;
  for (int b : bytes) out.push_back(static_cast<char>(b));
  return out;
}

TEST_CASE("term postings: round trips and refusals", "[store][keys]") {
  for (const TermPostings& p :
       {TermPostings{}, TermPostings{{0}, {}}, TermPostings{{1, 2, 3}, {9}},
        TermPostings{{1ull << 40, ~0ull}, {}},
        TermPostings{{}, {4, 1ull << 63}}}) {
    TermPostings back;
    REQUIRE(DecodeTermPostings(EncodeTermPostings(p), &back).ok());
    CHECK(back == p);
  }
  TermPostings out;
  // A gap of 0 after the first number (a number twice).
  CHECK_FALSE(DecodeTermPostings(Bytes({2, 5, 0, 0}), &out).ok());
  // A number in both lists.
  CHECK_FALSE(DecodeTermPostings(Bytes({1, 5, 1, 5}), &out).ok());
  // Truncated, bytes left over, no remove count, a count past the bytes.
  CHECK_FALSE(DecodeTermPostings(Bytes({2, 5}), &out).ok());
  CHECK_FALSE(DecodeTermPostings(Bytes({1, 5, 0, 0}), &out).ok());
  CHECK_FALSE(DecodeTermPostings(Bytes({1, 5}), &out).ok());
  CHECK_FALSE(DecodeTermPostings(Bytes({0x7f, 1, 0}), &out).ok());
  // Past 2^64.
  std::string over = EncodeTermPostings({{~0ull}, {}});
  over[0] = 2;
  over.insert(over.size() - 1, 1, '\x01');
  CHECK_FALSE(DecodeTermPostings(over, &out).ok());
}

TEST_CASE("term postings: changes compose as applying them in turn",
          "[store]") {
  std::mt19937 rng(11);
  for (int round = 0; round < 300; ++round) {
    // Changes of a few numbers each, applied in turn to an empty list and
    // to a full one, and composed into one change.
    std::set<uint64_t> from_empty, from_full;
    for (uint64_t n = 0; n < 12; ++n) from_full.insert(n);
    TermPostings composed;
    for (int i = 0; i < 6; ++i) {
      std::set<uint64_t> add, remove;
      for (int j = 0; j < 4; ++j) {
        const uint64_t n = rng() % 12;
        (rng() % 3 == 0 ? remove : add).insert(n);
      }
      for (uint64_t n : add) remove.erase(n);
      for (std::set<uint64_t>* list : {&from_empty, &from_full}) {
        for (uint64_t n : remove) list->erase(n);
        list->insert(add.begin(), add.end());
      }
      ComposeTermPostings(&composed,
                          TermPostings{{add.begin(), add.end()},
                                       {remove.begin(), remove.end()}});
    }
    auto apply = [&](std::set<uint64_t> list) {
      for (uint64_t n : composed.remove) list.erase(n);
      list.insert(composed.add.begin(), composed.add.end());
      return list;
    };
    CHECK(apply({}) == from_empty);
    std::set<uint64_t> full;
    for (uint64_t n = 0; n < 12; ++n) full.insert(n);
    CHECK(apply(full) == from_full);
    // Canonical: ascending, unique, no number in both lists.
    TermPostings back;
    CHECK(DecodeTermPostings(EncodeTermPostings(composed), &back).ok());
  }
}

// The operator inside RocksDB: operands written across memtables, flushed
// (partial merges) and compacted (full merges) give the list a model set
// gives, read at every stage.
TEST_CASE("term postings: RocksDB folds operands into the list", "[store]") {
  testing::TempDir dir;
  rocksdb::Options options;
  options.create_if_missing = true;
  options.merge_operator = NewTermPostingsMerge();
  options.disable_auto_compactions = true;
  rocksdb::DB* raw = nullptr;
  REQUIRE(rocksdb::DB::Open(options, dir.File("db"), &raw).ok());
  std::unique_ptr<rocksdb::DB> db(raw);
  std::mt19937 rng(5);
  std::map<std::string, std::set<uint64_t>> model;
  auto check = [&] {
    for (const auto& [key, claims] : model) {
      std::string value;
      REQUIRE(db->Get(rocksdb::ReadOptions(), key, &value).ok());
      TermPostings list;
      REQUIRE(DecodeTermPostings(value, &list).ok());
      CHECK(list.remove.empty());
      CHECK(std::set<uint64_t>(list.add.begin(), list.add.end()) == claims);
      CHECK(list.add.size() == claims.size());
    }
  };
  for (int round = 0; round < 8; ++round) {
    for (int i = 0; i < 400; ++i) {
      // Seven keys "k0" to "k6". (Built by appending: GCC 12 warns,
      // wrongly, of an overlapping copy in "k" + std::to_string(...).)
      std::string key = "k";
      key += static_cast<char>('0' + rng() % 7);
      const uint64_t n = rng() % 50;
      if (rng() % 4 == 0) {
        REQUIRE(
            db->Merge(rocksdb::WriteOptions(), key, TermPostingRemove(n)).ok());
        model[key].erase(n);
      } else {
        REQUIRE(
            db->Merge(rocksdb::WriteOptions(), key, TermPostingAdd(n)).ok());
        model[key].insert(n);
      }
    }
    check();
    REQUIRE(db->Flush(rocksdb::FlushOptions()).ok());
    check();
    if (round % 3 == 2) {
      REQUIRE(db->CompactRange(rocksdb::CompactRangeOptions(), nullptr, nullptr)
                  .ok());
      check();
    }
  }
  // A corrupt operand fails the read; it is not taken for an empty list.
  REQUIRE(db->Merge(rocksdb::WriteOptions(), "k0", "\x05").ok());
  std::string value;
  CHECK_FALSE(db->Get(rocksdb::ReadOptions(), "k0", &value).ok());
}

}  // namespace
}  // namespace claimtrack::store
