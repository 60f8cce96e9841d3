// CPU time by thread role (bench's accounting of an ingest).
#include "common/cpu_time.h"

#include <catch2/catch.hpp>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace claimtrack {
namespace {

// Burns at least `seconds` of this thread's CPU (measured, not slept).
void Spin(double seconds) {
  const double until = ThisThreadCpuSeconds() + seconds;
  volatile uint64_t x = 0;
  while (ThisThreadCpuSeconds() < until) {
    for (int i = 0; i < 10000; ++i) x = x + i;
  }
}

TEST_CASE("a /proc stat line gives its thread's name and CPU seconds",
          "[common]") {
  // Fields 14 and 15 (utime, stime) are 250 and 50 ticks.
  const std::string line =
      "4242 (rocksdb:high) S 1 4242 4242 0 -1 4194368 12 0 0 0 250 50 0 0 "
      "20 0 9 0 123 456 789";
  const std::optional<TaskStat> stat = ParseTaskStat(line, 100);
  REQUIRE(stat);
  CHECK(stat->name == "rocksdb:high");
  CHECK(stat->cpu_seconds == Approx(3.0));
  // A name may hold spaces and parentheses: it ends at the last ')'.
  const std::optional<TaskStat> odd =
      ParseTaskStat("7 (a b) (c)) R 1 7 7 0 -1 0 0 0 0 0 3 4 0 0", 10);
  REQUIRE(odd);
  CHECK(odd->name == "a b) (c)");
  CHECK(odd->cpu_seconds == Approx(0.7));
  CHECK_FALSE(ParseTaskStat("4242 rocksdb S 1 2 3", 100));
  CHECK_FALSE(ParseTaskStat("4242 (x) S 1 2 3 4 5", 100));  // too short
  CHECK_FALSE(ParseTaskStat("1 (x) S 1 1 1 0 -1 0 0 0 0 0 2x 5 0", 100));
  CHECK_FALSE(ParseTaskStat(line, 0));
}

TEST_CASE("a thread's CPU goes to its role while it runs and once it ended",
          "[common]") {
  const double before = RoleCpuSeconds("ct:test-role");
  std::mutex mu;
  std::condition_variable cv;
  bool spun = false, done = false;
  std::thread worker([&] {
    ThreadCpuRole role("ct:test-role");
    Spin(0.1);
    std::unique_lock lock(mu);
    spun = true;
    cv.notify_all();
    cv.wait(lock, [&] { return done; });
  });
  {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return spun; });
  }
  // Read from its clock while it runs.
  const double running = RoleCpuSeconds("ct:test-role") - before;
  CHECK(running >= 0.1);
  CHECK(RoleCpuSeconds("ct:no-such-role") == 0);
  // Named: /proc has it (in clock ticks, so a little less than it spun
  // may show).
  CHECK(LiveThreadsCpuSeconds("ct:test-role") > 0.03);
  CHECK(LiveThreadsCpuSeconds("ct:no-such-role") == 0);
  {
    std::lock_guard lock(mu);
    done = true;
  }
  cv.notify_all();
  worker.join();
  CHECK(RoleCpuSeconds("ct:test-role") - before >= running);
  // Gone from /proc once ended.
  CHECK(LiveThreadsCpuSeconds("ct:test-role") == 0);
  CHECK(ProcessCpuSeconds() >= 0.1);
}

}  // namespace
}  // namespace claimtrack
