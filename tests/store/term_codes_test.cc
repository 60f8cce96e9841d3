#include "store/term_codes.h"

#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "common/hash.h"
#include "text/terms.h"

namespace claimtrack::store {
namespace {

TEST_CASE("term table: fixed, and one place per hash", "[store][keys]") {
  // Stored values name terms by place: the table is part of format
  // version 8 (schema/keys.md). Its size, ends and a hash of every stem in
  // order pin it.
  REQUIRE(TermTableSize() == 12287);
  CHECK(TermStemAtPlace(0) == "dlr");
  CHECK(TermStemAtPlace(1) == "mln");
  CHECK(TermStemAtPlace(12286) == "zortman");
  StableHash all;
  std::set<uint32_t> hashes;
  for (uint32_t p = 0; p < TermTableSize(); ++p) {
    const std::string_view stem = TermStemAtPlace(p);
    all.Add(stem).Add(std::string_view("\n"));
    const uint32_t h = text::TermHash(stem);
    CHECK(TermAtPlace(p) == h);
    INFO(stem);
    REQUIRE(hashes.insert(h).second);  // no two stems of one hash
    REQUIRE(TermPlace(h) == p);
  }
  CHECK(all.Hex() == "2aa7471ebe64a269");
  CHECK_FALSE(TermPlace(text::TermHash("yeutter-not-a-stem")).has_value());
  // Hashes beside the table's, which share their slots: found only when
  // they are the table's.
  size_t absent = 0;
  for (const uint32_t h : hashes) {
    for (const uint32_t near : {h ^ 0x8000u, h + 1, h ^ 0x10000u}) {
      if (hashes.count(near)) continue;
      ++absent;
      if (TermPlace(near).has_value()) FAIL("found " << near);
    }
  }
  CHECK(absent > 30000);
}

}  // namespace
}  // namespace claimtrack::store
