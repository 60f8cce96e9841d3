// The scale-out contract (docs/scale-out.md): `claimtrack extract` is a
// streaming map, so a corpus split across processes by GNU parallel gives
// the same claims as one process, byte for byte after sorting; and the
// parts, built as SST shards and loaded with ingest-sst, make a database
// that `check` finds clean and that holds what `ingest --claims` stores.
// Programs are started with fork/exec and fixed arguments, no shell.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "temp_dir.h"
#include "tool_run.h"

namespace {

using claimtrack::testing::ReadFile;
using claimtrack::testing::TempDir;

const char kCorpus[] =
    CLAIMTRACK_SOURCE_DIR "/data/samples/reuters-us-japan-chips-1987.jsonl";

// The path of `name` on PATH, or "" when it is not there.
std::string FindOnPath(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    const std::string candidate = dir + "/" + name;
    if (!dir.empty() && access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

// Runs argv[0] with `in` as standard input and `out` as standard output
// (stderr to `err`); returns the exit code, -1 when it did not exit.
int Exec(const std::vector<std::string>& argv, const std::string& in,
         const std::string& out, const std::string& err) {
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const int fd_in = open(in.c_str(), O_RDONLY);
    const int fd_out = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int fd_err = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd_in < 0 || fd_out < 0 || fd_err < 0) _exit(126);
    dup2(fd_in, 0);
    dup2(fd_out, 1);
    dup2(fd_err, 2);
    std::vector<char*> args;
    for (const std::string& a : argv)
      args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::vector<std::string> SortedLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::sort(lines.begin(), lines.end());
  return lines;
}

// The keys of `kv dump` lines ("FAMILY PREFIX KEY -> VALUE").
std::vector<std::string> KeysOf(const std::string& dump) {
  std::vector<std::string> keys;
  for (const std::string& line : SortedLines(dump)) {
    keys.push_back(line.substr(0, line.find(" -> ")));
  }
  return keys;
}

std::string WithoutOrigins(const std::string& dump) {
  return std::regex_replace(dump, std::regex(" origin=\"[^\"]*\""), "");
}

// Claims JSON split into `parts` files at document boundaries.
std::vector<std::string> SplitByDocument(const TempDir& dir,
                                         const std::string& claims,
                                         size_t parts) {
  std::vector<std::string> lines;
  std::istringstream in(claims);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::vector<std::string> texts(parts);
  const auto doc_of = [](const std::string& line) {
    const size_t at = line.find("\"doc\":");
    return line.substr(at, line.find(',', at) - at);
  };
  size_t part = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    const bool new_doc = i > 0 && doc_of(lines[i]) != doc_of(lines[i - 1]);
    if (new_doc && part + 1 < parts && i >= lines.size() * (part + 1) / parts) {
      ++part;
    }
    texts[part] += lines[i] + "\n";
  }
  std::vector<std::string> files;
  for (size_t p = 0; p < parts; ++p) {
    REQUIRE(!texts[p].empty());
    files.push_back(dir.Write("part" + std::to_string(p) + ".jsonl", texts[p]));
  }
  return files;
}

TEST_CASE(
    "extract split across processes by GNU parallel gives the same "
    "claims as one process",
    "[cli]") {
  const std::string parallel = FindOnPath("parallel");
  if (parallel.empty()) {
    WARN(
        "skipped: GNU parallel is not installed (tools/bootstrap installs "
        "it)");
    return;
  }
  TempDir dir;
  const std::string tool = CLAIMTRACK_TOOL_PATH;
  const std::string one = dir.File("one.jsonl"), many = dir.File("many.jsonl");
  REQUIRE(Exec({tool, "extract", "--format", "jsonl", "-"}, kCorpus, one,
               dir.File("err1")) == 0);
  // Blocks of a fifth of the corpus: at least 5 processes, 3 at a time.
  struct stat st;
  REQUIRE(stat(kCorpus, &st) == 0);
  const std::string block = std::to_string(st.st_size / 5 + 1);
  const std::string log = dir.File("joblog");
  REQUIRE(Exec({parallel, "--will-cite", "--pipe", "--block", block, "-j", "3",
                "--joblog", log, tool, "extract", "--format", "jsonl", "-"},
               kCorpus, many, dir.File("err2")) == 0);
  const std::string jobs = ReadFile(log);
  CHECK(std::count(jobs.begin(), jobs.end(), '\n') >= 1 + 5);  // header + jobs
  const std::vector<std::string> single = SortedLines(ReadFile(one));
  CHECK(single.size() > 100);
  CHECK(SortedLines(ReadFile(many)) == single);
}

TEST_CASE(
    "claims built as three SST shards load into a clean database "
    "holding what ingest --claims stores",
    "[cli]") {
  TempDir dir;
  const std::string tool = CLAIMTRACK_TOOL_PATH;
  const std::string claims = dir.File("claims.jsonl");
  REQUIRE(Exec({tool, "extract", "--format", "jsonl", kCorpus}, "/dev/null",
               claims, dir.File("err")) == 0);
  const std::string normal = dir.File("normal.db"), bulk = dir.File("bulk.db");
  REQUIRE(Exec({tool, "ingest", "--db", normal, "--claims", claims},
               "/dev/null", dir.File("out"), dir.File("err")) == 0);
  std::vector<std::string> load = {tool, "ingest-sst", "--db", bulk};
  const std::vector<std::string> parts =
      SplitByDocument(dir, ReadFile(claims), 3);
  for (size_t p = 0; p < parts.size(); ++p) {
    const std::string shard = dir.File("part" + std::to_string(p) + ".sst");
    REQUIRE(Exec({tool, "build-sst", "--claims", parts[p], "--out", shard},
                 "/dev/null", dir.File("out"), dir.File("err")) == 0);
    load.push_back(shard);
  }
  REQUIRE(Exec(load, "/dev/null", dir.File("out"), dir.File("err")) == 0);
  CHECK_THAT(ReadFile(dir.File("out")), Catch::Matchers::Contains("3 shards"));
  REQUIRE(Exec({tool, "check", "--db", bulk}, "/dev/null", dir.File("out"),
               dir.File("err")) == 0);
  // Documents: the same keys and values; claims: the same keys (the
  // entity a one-word speaker name resolves to may differ between shards,
  // see docs/scale-out.md).
  for (const char* family : {"docs", "claims"}) {
    INFO("family " << family);
    REQUIRE(Exec({tool, "kv", "dump", "--db", normal, "--cf", family},
                 "/dev/null", dir.File("a"), dir.File("err")) == 0);
    REQUIRE(Exec({tool, "kv", "dump", "--db", bulk, "--cf", family},
                 "/dev/null", dir.File("b"), dir.File("err")) == 0);
    const std::string a = ReadFile(dir.File("a")), b = ReadFile(dir.File("b"));
    CHECK(a.size() > 1000);
    if (std::string(family) == "docs") {
      // The same but for origin, which names the file and line read.
      CHECK(WithoutOrigins(a) == WithoutOrigins(b));
    } else {
      CHECK(KeysOf(a) == KeysOf(b));
    }
  }
}

TEST_CASE("synth: re-identified, re-dated copies up to a size", "[cli]") {
  TempDir dir;
  const std::string corpus = dir.Write(
      "news.jsonl",
      R"({"id": "a", "date": "1987-03-03T09:00:00", "title": "T", "dateline": "SEOUL, March 3 -", "text": "Lee said no."})"
      "\n"
      R"({"id": "b", "text": "Undated story."})"
      "\n");
  const std::string out = dir.File("synth.jsonl");
  const std::vector<std::string> argv = {
      CLAIMTRACK_TOOL_PATH, "synth", "--out", out, "--bytes", "1500", corpus};
  REQUIRE(Exec(argv, "/dev/null", dir.File("so"), dir.File("se")) == 0);
  const std::string text = ReadFile(out);
  CHECK(text.size() >= 1500);
  std::vector<nlohmann::json> docs;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    docs.push_back(nlohmann::json::parse(line));
  }
  // Whole copies of the corpus until the size is reached, the last one
  // possibly cut short.
  REQUIRE(docs.size() >= 6);
  CHECK(text.size() - text.rfind('{', text.size() - 2) < 1500);
  for (size_t i = 0; i < docs.size(); ++i) {
    const nlohmann::json& d = docs[i];
    const size_t copy = i / 2;
    char prefix[32];
    std::snprintf(prefix, sizeof prefix, "synth-%06zu-news-", copy);
    INFO(d.dump());
    CHECK(d["id"] == std::string(prefix) + (i % 2 ? "b" : "a"));
    CHECK(d["outlet"] == "synthetic copy of news.jsonl");
    CHECK(d["text"].get<std::string>().ends_with("(synthetic copy " +
                                                 std::to_string(copy) + ")\n"));
    if (i % 2 == 0) {
      // One year (365 days) later per copy, the time of day kept.
      CHECK(d["dateline"] == "SEOUL, March 3 -");
      CHECK(d["title"] == "T");
      if (copy == 1) CHECK(d["date"] == "1988-03-02T09:00:00");
    } else {
      CHECK_FALSE(d.contains("dateline"));
      CHECK(d["date"].get<std::string>().size() >= 10);  // given a date
    }
  }
  CHECK(docs[0]["date"] == "1987-03-03T09:00:00");
  // Copies are documents of their own: ingest stores every one.
  const std::string db = dir.File("db");
  const std::vector<std::string> ingest = {CLAIMTRACK_TOOL_PATH, "ingest",
                                           "--db", db, out};
  REQUIRE(Exec(ingest, "/dev/null", dir.File("io"), dir.File("ie")) == 0);
  CHECK_THAT(ReadFile(dir.File("io")),
             Catch::Matchers::Contains(std::to_string(docs.size()) + " added"));
}

}  // namespace
