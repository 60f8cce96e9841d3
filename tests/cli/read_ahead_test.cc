// ReadAhead (tools/read_ahead.h): the reading thread of `claimtrack ingest`.
#include "../tools/read_ahead.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <optional>
#include <stdexcept>
#include <vector>

namespace claimtrack::cli {
namespace {

TEST_CASE("ReadAhead hands every item over in order", "[cli]") {
  ReadAhead<int> input(2, [](const ReadAhead<int>::Push& push) {
    for (int i = 0; i < 1000; ++i) {
      if (!push(int{i})) return;
    }
  });
  std::vector<int> got;
  while (std::optional<int> item = input.Next()) got.push_back(*item);
  REQUIRE(got.size() == 1000);
  for (int i = 0; i < 1000; ++i) CHECK(got[i] == i);
  CHECK_FALSE(input.Next().has_value());  // stays exhausted
}

TEST_CASE("ReadAhead stops its producer when the consumer goes", "[cli]") {
  std::atomic<int> pushed{0};
  std::atomic<bool> refused{false};
  {
    ReadAhead<int> input(3, [&](const ReadAhead<int>::Push& push) {
      for (int i = 0; i < 1000000; ++i) {
        if (!push(int{i})) {
          refused = true;
          return;
        }
        ++pushed;
      }
    });
    for (int i = 0; i < 5; ++i) REQUIRE(input.Next() == i);
  }  // the destructor joins: the producer was told to stop
  CHECK(refused);
  // At most the items taken, the queue's depth and the one in hand.
  CHECK(pushed <= 5 + 3 + 1);
}

TEST_CASE("ReadAhead rethrows what the producer threw, after its items",
          "[cli]") {
  ReadAhead<int> input(4, [](const ReadAhead<int>::Push& push) {
    push(1);
    push(2);
    throw std::runtime_error("input broke");
  });
  CHECK(input.Next() == 1);
  CHECK(input.Next() == 2);
  CHECK_THROWS_WITH(input.Next(), "input broke");
  CHECK_FALSE(input.Next().has_value());
}

}  // namespace
}  // namespace claimtrack::cli
