// Runs the built claimtrack tool (CLAIMTRACK_TOOL_PATH) on small fixtures
// and checks what it writes to stdout and stderr, and its exit status.
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
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

TEST_CASE("bench ingest --json accounts for the ingest's CPU by thread",
          "[cli]") {
  TempDir dir;
  std::string lines;
  for (int i = 1; i <= 40; ++i) {
    std::string text =
        "\"We will not send weapons to Ukraine,\" Defense Minister Lee "
        "Jong-sup said on Tuesday. Officials said the talks on item ";
    text += std::to_string(i);
    text += " would continue next week.";
    std::string date = "2023-12-";
    date += std::to_string(10 + i % 18);
    std::string id = "d";  // (operator+ here: a false -Wrestrict, GCC 12)
    id += std::to_string(i);
    lines += nlohmann::json{{"id", id}, {"date", date}, {"text", text}}.dump();
    lines += '\n';
  }
  const std::string input = dir.Write("docs.jsonl", lines);
  const Run run = Claimtrack(dir, "bench ingest --json " + input);
  REQUIRE(run.exit_code == 0);
  const std::vector<nlohmann::json> figures = JsonLines(run.out);
  REQUIRE(figures.size() == 1);
  const nlohmann::json& ingest = figures[0];
  CHECK(ingest["benchmark"] == "ingest");
  CHECK(ingest["documents"] == 40);
  CHECK(ingest["claims"] >= 40);
  const nlohmann::json& cpu = ingest["ingest_cpu"];
  const double total = ingest["ingest_cpu_seconds"];
  CHECK(total > 0);
  // Each role's threads ran (the workers' and the committer's are named
  // and counted when they end or from /proc, the ingesting thread is the
  // main one).
  CHECK(cpu["extraction"].get<double>() > 0);
  CHECK(cpu["writer"].get<double>() > 0);
  CHECK(cpu["commits"].get<double>() > 0);
  CHECK(cpu["reading"].get<double>() > 0);
  double parts = 0;
  for (const char* role : {"extraction", "reading", "writer", "commits",
                           "linking", "background"}) {
    INFO(role);
    CHECK(cpu[role].get<double>() >= 0);
    parts += cpu[role].get<double>();
  }
  // The parts are within the process's total (/proc counts in 10 ms ticks).
  CHECK(parts <= total + 0.05);
  CHECK(cpu["other"].get<double>() == Approx(total - parts).margin(1e-9));
  CHECK(ingest["ingest_cpu_seconds_per_mb"].get<double>() > 0);
  CHECK(ingest["compact_cpu_seconds"].get<double>() >= 0);
  // The tables of each family, within the folder's size.
  const nlohmann::json& families = ingest["db_family_bytes"];
  REQUIRE(families.size() == 8);
  uint64_t tables = 0;
  for (const char* family : {"default", "docs", "claims", "entities", "aliases",
                             "edges", "index", "terms"}) {
    INFO(family);
    REQUIRE(families.contains(family));
    tables += families[family].get<uint64_t>();
  }
  CHECK(families["docs"].get<uint64_t>() > 0);
  CHECK(families["claims"].get<uint64_t>() > 0);
  CHECK(tables <= ingest["db_bytes"].get<uint64_t>());
  // What each family's flushes and compactions did during the ingest: the
  // bulk load flushes every family it wrote at the end.
  const nlohmann::json& work = ingest["ingest_background_by_family"];
  REQUIRE(work.size() == 8);
  for (const auto& [family, w] : work.items()) {
    INFO(family);
    CHECK(w["level0_cpu_seconds"].get<double>() >= 0);
    CHECK(w["compaction_cpu_seconds"].get<double>() >= 0);
    CHECK(w["compactions"].is_number_unsigned());
    if (w["compactions"].get<uint64_t>() == 0) {
      CHECK(w["compaction_bytes"].get<uint64_t>() == 0);
    }
  }
  CHECK(work["docs"]["level0_bytes"].get<uint64_t>() > 0);
  CHECK(work["claims"]["level0_bytes"].get<uint64_t>() > 0);
}

// Every span of every claim printed covers the text it says it covers.
void CheckSpansAgainst(const std::vector<nlohmann::json>& claims,
                       const std::map<std::string, std::string>& texts) {
  for (const nlohmann::json& claim : claims) {
    const std::string& text = texts.at(claim["doc"].get<std::string>());
    std::vector<nlohmann::json> spans(claim["content"].begin(),
                                      claim["content"].end());
    for (const char* field : {"cue", "source"}) {
      if (!claim[field].is_null()) spans.push_back(claim[field]);
    }
    for (const nlohmann::json& span : spans) {
      const size_t begin = span["begin"], end = span["end"];
      REQUIRE(begin <= end);
      REQUIRE(end <= text.size());
      CHECK(text.substr(begin, end - begin) == span["text"]);
    }
  }
}

TEST_CASE("extract: CRLF and CR line ends in JSON Lines and text files",
          "[cli][hostile]") {
  TempDir dir;
  const std::string a =
      "Smith said the plan works.\r\n\r\nJones said it fails.";
  const std::string b = "Lee said no.\rKim said yes.\r";
  const std::string crlf =
      dir.Write("crlf.jsonl",
                nlohmann::json{{"id", "a"}, {"text", a}}.dump() + "\r\n" +
                    nlohmann::json{{"id", "b"}, {"text", b}}.dump() + "\r\n");
  Run run = Claimtrack(dir, "extract " + crlf);
  CHECK(run.exit_code == 0);
  std::vector<nlohmann::json> claims = JsonLines(run.out);
  CHECK(claims.size() == 4);
  CheckSpansAgainst(claims, {{"a", a}, {"b", b}});

  // Plain text keeps its line ends in the text; spans count their bytes.
  const std::string cr_text =
      "Smith said the plan works.\r\rJones said it fails.\r";
  const std::string crlf_text =
      "Smith said the plan works.\r\n\r\nJones said it fails.\r\n";
  run = Claimtrack(dir, "extract " + dir.Write("cr.txt", cr_text) + " " +
                            dir.Write("crlf.txt", crlf_text));
  CHECK(run.exit_code == 0);
  claims = JsonLines(run.out);
  CHECK(claims.size() == 4);
  CheckSpansAgainst(claims, {{"cr", cr_text}, {"crlf", crlf_text}});

  // CR alone does not end a JSON line: the file is one bad line, and the
  // message says why.
  const std::string cr = dir.Write(
      "cr.jsonl", nlohmann::json{{"id", "a"}, {"text", a}}.dump() + "\r" +
                      nlohmann::json{{"id", "b"}, {"text", b}}.dump() + "\r");
  run = Claimtrack(dir, "extract " + cr);
  CHECK(run.exit_code == 1);
  CHECK(run.out.empty());
  CHECK_THAT(run.err, Contains(cr + ":1: malformed JSON"));
  CHECK_THAT(run.err, Contains("not CR alone"));
}

TEST_CASE("extract: right-to-left, combining, punctuation, unbalanced quotes",
          "[cli][hostile]") {
  TempDir dir;
  const std::map<std::string, std::string> texts = {
      {"rtl",
       "قال المتحدث إن الخطة \"ناجحة\" said Smith. שלום עולם. Smith said "
       "\u202Ethe plan works\u202C."},
      {"combining", "Zoe\u0301 said the cafe\u0301 was closed."},
      {"punctuation", ".,;:!?-\u2014()[]\"' \u201C\u201D \u2026 !!! ???"},
      {"unbalanced",
       "\"We will not back down, Jones said.\n\nNext \u201C one "
       "\u201C two \u201D\u201D\u201D said Lee."}};
  std::string jsonl;
  for (const auto& [id, text] : texts) {
    jsonl += nlohmann::json{{"id", id}, {"text", text}}.dump() + "\n";
  }
  const Run run = Claimtrack(dir, "extract " + dir.Write("h.jsonl", jsonl));
  CHECK(run.exit_code == 0);
  const std::vector<nlohmann::json> claims = JsonLines(run.out);
  CheckSpansAgainst(claims, texts);
  std::map<std::string, int> per_doc;
  for (const nlohmann::json& c : claims) ++per_doc[c["doc"]];
  CHECK(per_doc["punctuation"] == 0);
  CHECK(per_doc["combining"] >= 1);
  CHECK(per_doc["unbalanced"] >= 1);
}

}  // namespace
