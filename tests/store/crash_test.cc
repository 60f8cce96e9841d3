// A killed ingest loses nothing and leaves nothing half-written: the tool
// ingests a few hundred documents in a child process, is killed with
// SIGKILL at random moments, and after each kill the database must be
// clean (`Store::Check`): every document complete or absent. A final run
// completes the set, with the same keys as an uninterrupted ingest.
//
// CLAIMTRACK_CRASH_KILLS sets the number of kills (default 4; the
// reliability runs use more).
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "store/store.h"
#include "temp_dir.h"

extern char** environ;

namespace claimtrack::store {
namespace {

// Written for the test: a wire service's stories, in the style of 1987
// trade coverage, with recurring speakers and subjects so that EARLIER and
// REPEATS links form.
std::string SyntheticStories(int n) {
  const char* names[] = {"Clayton Yeutter", "Malcolm Baldrige", "James Baker",
                         "Hajime Tamura",   "Kiichi Miyazawa",  "Lee Jong-sup",
                         "Robert Dole",     "Lloyd Bentsen"};
  const char* topics[] = {
      "tariffs on Japanese semiconductors", "the dollar's fall against the yen",
      "the trade deficit with Japan", "oil prices and OPEC output",
      "farm subsidies in the GATT talks"};
  std::mt19937 rng(1987);
  std::string out;
  for (int i = 0; i < n; ++i) {
    const char* a = names[rng() % 8];
    const char* b = names[rng() % 8];
    const char* t = topics[rng() % 5];
    const int month = 1 + static_cast<int>(rng() % 9);
    const int day = 1 + static_cast<int>(rng() % 28);
    char date[32];
    std::snprintf(date, sizeof date, "1987-%02d-%02dT%02d:%02d:00", month, day,
                  static_cast<int>(rng() % 24), static_cast<int>(rng() % 60));
    std::string text = std::string("WASHINGTON - ") + a + " said " + t +
                       " would be discussed this week with officials in "
                       "Tokyo. \\\"We will keep pressing on " +
                       t + ",\\\" " + a + " said in story " +
                       std::to_string(i % 40) + ".\\n\\n" + b +
                       " told reporters that " + t +
                       " remained the main concern of the government.";
    out += "{\"id\":\"s" + std::to_string(i) + "\",\"date\":\"" + date +
           "\",\"text\":\"" + text + "\"}\n";
  }
  return out;
}

pid_t Spawn(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const std::string& a : args)
    argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  const int rc =
      posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  REQUIRE(rc == 0);
  return pid;
}

int Wait(pid_t pid) {
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  return status;
}

std::set<std::string> AllKeys(Store& store) {
  std::set<std::string> keys;
  for (size_t i = 0; i < kCfCount; ++i) {
    REQUIRE(store.db()
                ->Scan(static_cast<Cf>(i), "",
                       [&](std::string_view k, std::string_view v) {
                         keys.insert(std::string(CfName(static_cast<Cf>(i))) +
                                     "/" + std::string(k) + "=" +
                                     std::string(v));
                         return true;
                       })
                .ok());
  }
  return keys;
}

std::unique_ptr<Store> OpenClean(const std::string& path) {
  auto store = Store::Open(path, DbOptions{});
  REQUIRE(store.ok());
  auto report = (*store)->Check();
  REQUIRE(report.ok());
  for (const std::string& m : report->messages) UNSCOPED_INFO(m);
  CHECK(report->problems == 0);
  return std::move(*store);
}

TEST_CASE("a killed ingest leaves every document complete or absent",
          "[store][slow]") {
  testing::TempDir dir;
  const int docs = 1000;
  const std::string input = dir.Write("stories.jsonl", SyntheticStories(docs));
  const std::string tool = CLAIMTRACK_TOOL_PATH;
  int kills = 4;
  if (const char* env = std::getenv("CLAIMTRACK_CRASH_KILLS")) {
    kills = std::max(1, std::atoi(env));
  }

  // The reference: one uninterrupted run, whose length sets the kill times.
  const std::string reference = dir.File("reference");
  const auto started = std::chrono::steady_clock::now();
  REQUIRE(Wait(Spawn({tool, "ingest", "--db", reference, input})) == 0);
  const auto run_ms = std::max<int64_t>(
      20, std::chrono::duration_cast<std::chrono::milliseconds>(
              std::chrono::steady_clock::now() - started)
              .count());
  std::set<std::string> expected;
  uint64_t stored = 0;  // a few generated texts repeat, stored once
  {
    auto store = OpenClean(reference);
    expected = AllKeys(*store);
    stored = (*store->Check()).documents;
    CHECK(stored > docs * 9 / 10);
  }

  const std::string db = dir.File("killed");
  std::mt19937 rng(42);
  int killed_midway = 0;
  for (int k = 0; k < kills; ++k) {
    const auto start = std::chrono::steady_clock::now();
    const pid_t pid = Spawn({tool, "ingest", "--db", db, input});
    // Each run gets on average 1/kills of a full run's time, so the kills
    // spread over the whole ingest and most land mid-run.
    std::this_thread::sleep_for(
        std::chrono::milliseconds(1 + rng() % (2 * run_ms / kills + 1)));
    kill(pid, SIGKILL);
    const int status = Wait(pid);
    const bool was_killed = WIFSIGNALED(status);
    killed_midway += was_killed;
    INFO("kill " << k << " after "
                 << std::chrono::duration<double>(
                        std::chrono::steady_clock::now() - start)
                        .count()
                 << " s");
    auto store = OpenClean(db);  // complete or absent: Check is clean
  }
  // A rerun completes the set; nothing is duplicated or left over.
  REQUIRE(Wait(Spawn({tool, "ingest", "--db", db, input})) == 0);
  auto store = OpenClean(db);
  CHECK((*store->Check()).documents == stored);
  CHECK(AllKeys(*store) == expected);
  // Most kills should land while the run is going; if they did not, the
  // test proved little.
  CHECK(killed_midway * 2 >= kills);
  WARN(killed_midway << " of " << kills << " ingest runs killed mid-run");
}

}  // namespace
}  // namespace claimtrack::store
