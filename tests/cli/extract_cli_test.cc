// Runs the built claimtrack tool (CLAIMTRACK_TOOL_PATH) on small fixtures
// and checks what it writes to stdout and stderr, and its exit status.
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "temp_dir.h"
#include "tool_run.h"

namespace {

namespace fs = std::filesystem;
using Catch::Matchers::Contains;

using claimtrack::testing::TempDir;

using claimtrack::testing::ReadFile;
using claimtrack::testing::Run;

Run Claimtrack(const TempDir& dir, const std::string& args) {
  return claimtrack::testing::RunTool(dir, args);
}

std::vector<nlohmann::json> JsonLines(const std::string& out) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    lines.push_back(nlohmann::json::parse(line));
  }
  return lines;
}

// One good document, one malformed line, one document with invalid UTF-8.
const char kMixedInput[] =
    R"({"id": "good", "date": "2023-12-01", "text": "\"We will not send )"
    R"(weapons to Ukraine,\" Defense Minister Lee Jong-sup said on Tuesday. )"
    R"(Officials said the talks would continue next week."})"
    "\n"
    R"({"id": "broken", "text": "no closing quote})"
    "\n"
    "{\"id\": \"bad-utf8\", \"text\": \"Smith said \xC0\xAF it was over.\"}\n";

TEST_CASE("extract: good claims out and bad documents named with exit 1",
          "[cli]") {
  TempDir dir;
  const std::string input = dir.Write("mixed.jsonl", kMixedInput);
  const Run run = Claimtrack(dir, "extract --format jsonl " + input);
  CHECK(run.exit_code == 1);
  const std::vector<nlohmann::json> claims = JsonLines(run.out);
  CHECK_FALSE(claims.empty());
  for (const nlohmann::json& claim : claims) CHECK(claim["doc"] == "good");
  CHECK_THAT(run.err, Contains(input + ":2: malformed JSON"));
  CHECK_THAT(run.err, Contains(input + ":3: id \"bad-utf8\": invalid UTF-8"));
  CHECK_THAT(run.err, Contains("2 of 3 documents skipped"));
}

TEST_CASE("extract: JSON Lines by default when stdout is not a terminal",
          "[cli]") {
  TempDir dir;
  const std::string input = dir.Write("mixed.jsonl", kMixedInput);
  const Run by_default = Claimtrack(dir, "extract " + input);
  const Run explicit_jsonl =
      Claimtrack(dir, "extract --format jsonl " + dir.File("mixed.jsonl"));
  CHECK(by_default.out == explicit_jsonl.out);
}

TEST_CASE("extract: standard input", "[cli]") {
  TempDir dir;
  const std::string input = dir.Write("mixed.jsonl", kMixedInput);
  const Run from_file = Claimtrack(dir, "extract " + input);
  const Run from_stdin = Claimtrack(dir, "extract - <" + input);
  CHECK(from_stdin.exit_code == 1);
  CHECK(from_stdin.out == from_file.out);
  CHECK_THAT(from_stdin.err, Contains("<stdin>:2: malformed JSON"));
}

TEST_CASE("extract: --threads keeps the input order", "[cli]") {
  TempDir dir;
  std::string input;
  for (int i = 0; i < 60; ++i) {
    input += "{\"id\": \"d" + std::to_string(i) +
             "\", \"text\": \"Minister Kim said on Monday that talks " +
             std::string(i % 7 * 40, 'a') +
             " would resume. \\\"We are ready,\\\" Kim said.\"}\n";
  }
  const std::string path = dir.Write("many.jsonl", input);
  const Run serial = Claimtrack(dir, "extract --format jsonl " + path);
  const Run parallel =
      Claimtrack(dir, "extract --format jsonl --threads 4 " + path);
  REQUIRE(serial.exit_code == 0);
  CHECK(parallel.exit_code == 0);
  CHECK_FALSE(serial.out.empty());
  CHECK(parallel.out == serial.out);
  const Run table = Claimtrack(dir, "extract --format table -j 3 " + path);
  CHECK_THAT(table.out, Contains("== d59  (" + path + ":60)"));
}

TEST_CASE("extract: help and bad flags and missing files", "[cli]") {
  TempDir dir;
  const Run help = Claimtrack(dir, "extract --help");
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.out, Contains("usage: claimtrack extract"));
  CHECK(Claimtrack(dir, "extract --format xml x.jsonl").exit_code == 2);
  CHECK(Claimtrack(dir, "extract").exit_code == 2);
  const Run missing = Claimtrack(dir, "extract " + dir.File("nope.jsonl"));
  CHECK(missing.exit_code == 1);
  CHECK_THAT(missing.err, Contains("nope.jsonl"));
}

TEST_CASE("bench extract --json reports the figures", "[cli]") {
  TempDir dir;
  const std::string input = dir.Write("mixed.jsonl", kMixedInput);
  const Run run = Claimtrack(dir, "bench extract --json " + input);
  REQUIRE(run.exit_code == 0);
  const nlohmann::json figures = nlohmann::json::parse(run.out);
  CHECK(figures["documents"] == 1);
  CHECK(figures["skipped"] == 2);
  CHECK(figures["claims"] >= 1);
  CHECK(figures["peak_rss_mb"] > 0);
}

}  // namespace
