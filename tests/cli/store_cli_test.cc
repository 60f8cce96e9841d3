// `claimtrack graph` and `claimtrack kv dump` run as a user runs them
// (CLAIMTRACK_TOOL_PATH) on a database made with `claimtrack ingest` from
// the written articles of tests/store/lee_articles.h.
#include <rocksdb/write_batch.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "store/coding.h"
#include "store/db.h"
#include "store/keys.h"
#include "store/lee_articles.h"
#include "store/records.h"
#include "store/store_layout.h"
#include "temp_dir.h"
#include "tool_run.h"

namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using claimtrack::testing::TempDir;

using claimtrack::testing::Run;

std::string ReadAll(const std::string& path) {
  return claimtrack::testing::ReadFile(path);
}

Run Tool(const TempDir& dir, const std::string& args) {
  return claimtrack::testing::RunTool(dir, args);
}

size_t CountLines(const std::string& text, const std::string& start) {
  size_t n = 0;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) n += line.starts_with(start);
  return n;
}

// The claims of the term lists (`kv dump` lines "terms 68 ...").
size_t ListedClaims(const std::string& dump) {
  size_t n = 0;
  std::istringstream in(dump);
  for (std::string line; std::getline(in, line);) {
    if (!line.starts_with("terms 68 ")) continue;
    for (size_t at = line.find("claim#"); at != std::string::npos;
         at = line.find("claim#", at + 1)) {
      ++n;
    }
  }
  return n;
}

// DOT statements of nodes (edges=false) or of edges.
size_t DotLines(const std::string& dot, bool edges) {
  size_t n = 0;
  std::istringstream in(dot);
  for (std::string line; std::getline(in, line);) {
    if (line.find("[label=") == std::string::npos) continue;
    n += (line.find("->") != std::string::npos) == edges;
  }
  return n;
}

// The Lee articles as JSON Lines, plus two documents in which a "Kim" of
// the document alone speaks, and one with a global Jim Kim also written
// "Kim".
std::string WriteArticles(const TempDir& dir, bool with_kims) {
  std::string jsonl;
  for (const claimtrack::Document& d : claimtrack::testing::LeeArticles()) {
    jsonl += nlohmann::json{{"id", d.id}, {"date", d.date}, {"text", d.text}}
                 .dump() +
             "\n";
  }
  if (with_kims) {
    jsonl += R"({"id": "kim-1", "date": "2023-11-20", "text": "Kim said on )"
             R"(Monday that the talks would resume in Geneva next month."})"
             "\n"
             R"({"id": "kim-2", "date": "2023-11-21", "text": "Kim said on )"
             R"(Tuesday that the harvest had been poor across the region."})"
             "\n";
  }
  return dir.Write("articles.jsonl", jsonl);
}

// A database folder made by `claimtrack ingest`.
std::string Ingest(const TempDir& dir, bool with_kims = false) {
  const std::string db = dir.File("db");
  const Run run =
      Tool(dir, "ingest --db " + db + " " + WriteArticles(dir, with_kims));
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  return db;
}

TEST_CASE("graph: an entity by name as DOT and GraphML", "[cli]") {
  TempDir dir;
  const std::string db = Ingest(dir);
  const Run dot =
      Tool(dir, "graph --db " + db + " --entity 'lee jong-sup' --format dot");
  INFO(dot.err);
  REQUIRE(dot.exit_code == 0);
  CHECK_THAT(dot.out, StartsWith("digraph G {"));
  CHECK_THAT(dot.out, Contains("label=\"Lee Jong-sup\""));
  for (const char* edge : {"SAID", "MENTIONS", "IN", "EARLIER", "REPEATS"}) {
    CHECK_THAT(dot.out, Contains(std::string("[label=\"") + edge));
  }
  // Quotation marks of the article are escaped inside DOT strings.
  CHECK_THAT(dot.out, Contains(R"(label="\"We will not send lethal)"));

  const Run xml = Tool(dir, "graph --db " + db + " --entity 'Lee Jong-sup'");
  REQUIRE(xml.exit_code == 0);
  CHECK_THAT(xml.out, Contains("<graphml"));
  CHECK_THAT(xml.out, Contains("&quot;We will not send lethal"));
  // The same vertices and edges in both.
  CHECK(CountLines(xml.out, "    <node ") == DotLines(dot.out, false));
  CHECK(CountLines(xml.out, "    <edge ") == DotLines(dot.out, true));

  // By id, a date range, and to a file.
  const std::string id = claimtrack::store::HexId(claimtrack::testing::LeeId());
  const std::string out = dir.File("lee.dot");
  const Run ranged = Tool(dir, "graph --db " + db + " --entity " + id +
                                   " --format dot --from 2023-12-01 --to "
                                   "2023-12-31 --out " +
                                   out);
  REQUIRE(ranged.exit_code == 0);
  CHECK(ranged.out.empty());
  const std::string file = ReadAll(out);
  CHECK_THAT(file, Contains("(2023-12-05)"));
  CHECK_THAT(file, !Contains("shape=note, kind=\"document\", "
                             "id=\"document:" +
                             claimtrack::store::HexId(
                                 claimtrack::store::DocNum("lee-nov-20"))));
}

TEST_CASE("graph: names that are unknown, ambiguous or shared", "[cli]") {
  TempDir dir;
  const std::string db = Ingest(dir, /*with_kims=*/true);

  const Run unknown = Tool(dir, "graph --db " + db + " --entity Nobody");
  CHECK(unknown.exit_code == 1);
  CHECK_THAT(unknown.err, Contains("no entity is called \"Nobody\""));

  // Two Kims, each of one document, one claim each: no way to choose.
  const Run ambiguous = Tool(dir, "graph --db " + db + " --entity Kim");
  CHECK(ambiguous.exit_code == 2);
  CHECK_THAT(ambiguous.err, Contains("\"Kim\" names 2 entities"));
  CHECK_THAT(ambiguous.err, Contains("person (one document) \"Kim\", 1 claim"));
  CHECK(ambiguous.out.empty());

  // Mentioned only (no alias): found by its global key.
  const Run ukraine = Tool(
      dir, "graph --db " + db + " --entity Ukraine --mentions --format dot");
  CHECK(ukraine.exit_code == 0);
  CHECK_THAT(ukraine.out, Contains("label=\"Ukraine\""));
  CHECK_THAT(ukraine.out, Contains("label=\"Lee Jong-sup\""));

  const Run no_entity = Tool(dir, "graph --db " + db);
  CHECK(no_entity.exit_code == 2);
  CHECK_THAT(no_entity.err, Contains("--entity is required"));
  const Run bad_date =
      Tool(dir, "graph --db " + db + " --entity Ukraine --from 2023-02-30");
  CHECK(bad_date.exit_code == 2);
  CHECK_THAT(bad_date.err, Contains("--from"));
  const Run bad_format =
      Tool(dir, "graph --db " + db + " --entity Ukraine --format svg");
  CHECK(bad_format.exit_code == 2);
  const Run no_db =
      Tool(dir, "graph --db " + dir.File("none") + " --entity Ukraine");
  CHECK(no_db.exit_code == 1);
  const Run help = Tool(dir, "graph --help");
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.out, Contains("usage: claimtrack graph --entity"));
}

TEST_CASE("ingest --link: one pass at the end stores what linking each does",
          "[cli]") {
  TempDir dir;
  const std::string articles = WriteArticles(dir, true);
  const Run each =
      Tool(dir, "ingest --link each --db " + dir.File("each") + " " + articles);
  REQUIRE(each.exit_code == 0);
  CHECK_THAT(each.out, !Contains("one pass"));
  // auto, into an empty database: at the end.
  const Run end = Tool(dir, "ingest --db " + dir.File("end") + " " + articles);
  INFO(end.err);
  REQUIRE(end.exit_code == 0);
  CHECK_THAT(end.out, Contains("links made in one pass at the end (--link "
                               "auto)"));
  const Run dump_each = Tool(dir, "kv dump --db " + dir.File("each"));
  const Run dump_end = Tool(dir, "kv dump --db " + dir.File("end"));
  REQUIRE(dump_each.exit_code == 0);
  REQUIRE(dump_end.exit_code == 0);
  CHECK(CountLines(dump_end.out, "edges 50 ") > 0);
  CHECK(dump_end.out == dump_each.out);
  CHECK_THAT(dump_end.out, !Contains("links-pending"));
  CHECK(Tool(dir, "check --db " + dir.File("end")).exit_code == 0);
  // auto, one small file into the database it is a fraction of: each.
  const std::string one =
      dir.Write("one.jsonl",
                R"({"id": "one", "date": "2023-11-29", "text": "Lee said the )"
                R"(talks would go on."})"
                "\n");
  const Run small = Tool(dir, "ingest --db " + dir.File("end") + " " + one);
  REQUIRE(small.exit_code == 0);
  CHECK_THAT(small.out, !Contains("one pass"));
  // auto defers from 1/32 of the database's table bytes: an input of 1/64
  // links each document, one of 1/16 at the end.
  auto sized = [&](const std::string& name, uint64_t divisor) {
    uint64_t tables = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir.File("end"))) {
      if (e.path().extension() == ".sst") tables += e.file_size();
    }
    const std::string line =
        R"({"id": ")" + name + R"(", "date": "2023-11-30", "text": ")";
    std::string text;
    while (line.size() + text.size() + 3 < tables / divisor) {
      text += "Lee said the talks would go on. ";
    }
    return dir.Write(name + ".jsonl", line + text + "\"}\n");
  };
  const Run sixty_fourth =
      Tool(dir, "ingest --db " + dir.File("end") + " " + sized("a", 64));
  REQUIRE(sixty_fourth.exit_code == 0);
  CHECK_THAT(sixty_fourth.out, !Contains("one pass"));
  const Run sixteenth =
      Tool(dir, "ingest --db " + dir.File("end") + " " + sized("b", 16));
  REQUIRE(sixteenth.exit_code == 0);
  CHECK_THAT(sixteenth.out,
             Contains("links made in one pass at the end (--link auto)"));
  const Run bad =
      Tool(dir, "ingest --link later --db " + dir.File("end") + " " + one);
  CHECK(bad.exit_code != 0);
  CHECK_THAT(bad.err, Contains("--link must be each, end or auto"));
}

TEST_CASE("upgrade: a version 4, 5 or 7 database is rewritten in place, once",
          "[cli]") {
  namespace st = claimtrack::store;
  for (uint32_t version : {7u, 5u, 4u}) {
    INFO("version " << version);
    TempDir dir;
    const std::string db = Ingest(dir);
    const Run before = Tool(dir, "kv dump --db " + db);
    REQUIRE(before.exit_code == 0);
    const std::string timeline =
        "timeline --db " + db + " --holder \"South Korea\" --format jsonl";
    const Run answer = Tool(dir, timeline);
    REQUIRE(answer.exit_code == 0);
    REQUIRE(!answer.out.empty());
    const size_t claims = CountLines(before.out, "claims 20 ");
    // Entities whose display name gives their key name: version 12 wrote
    // the key name of every one.
    size_t compact_entities = 0;
    {
      auto opened = st::Db::Open(db, st::DbOptions{});
      REQUIRE(opened.ok());
      REQUIRE((*opened)
                  ->Scan(st::Cf::kEntities, "",
                         [&](std::string_view, std::string_view v) {
                           compact_entities += (static_cast<uint8_t>(v[0]) &
                                                st::kEntityKeyDerived) != 0;
                           return true;
                         })
                  .ok());
    }
    REQUIRE(compact_entities > 0);
    REQUIRE(claims > 0);
    REQUIRE(CountLines(before.out, "index 67 ") > 0);
    REQUIRE(CountLines(before.out, "index 61 ") +
                CountLines(before.out, "index 62 ") >
            claims);
    REQUIRE(before.out.find(" copy=") != std::string::npos);
    {
      // Made version 7: claim values with every id, holder entries with
      // every term by hash; version
      // 5, also claims keyed by id, holder and mention entries without
      // copy keys; version 4, also claim values without their last byte
      // and no members.
      auto opened = st::Db::Open(db, st::DbOptions{});
      REQUIRE(opened.ok());
      st::Db* d = opened->get();
      if (version == 7) {
        st::WriteAliasesAs12(d);  // while the claims decode
        st::WriteEntitiesAs12(d);
        st::WriteHoldersByHash(d);
        st::WriteIdsAs9(d);
        st::WriteClaimsAs(d, 7);
        st::WriteTermsAs8(d);
        st::WriteDocumentsAs10(d);
      } else {
        st::KeyClaimsById(d);
      }
      rocksdb::WriteBatch batch;
      REQUIRE(d->Scan(st::Cf::kIndex, "",
                      [&](std::string_view k, std::string_view v) {
                        const auto p = static_cast<st::Prefix>(k[0]);
                        if (version == 7) {
                          return true;
                        } else if (p == st::Prefix::kClaimsByHolder ||
                                   p == st::Prefix::kClaimsByMention) {
                          batch.Put(d->cf(st::Cf::kIndex), k,
                                    v.substr(0, v.size() - 4));
                        } else if (p == st::Prefix::kMembers && version < 5) {
                          batch.Delete(d->cf(st::Cf::kIndex), k);
                        }
                        return true;
                      })
                  .ok());
      if (version < 5) {
        REQUIRE(d->Scan(st::Cf::kClaims, "",
                        [&](std::string_view k, std::string_view v) {
                          batch.Put(d->cf(st::Cf::kClaims), k,
                                    v.substr(0, v.size() - 1));
                          return true;
                        })
                    .ok());
      }
      std::string v;
      st::PutU32(&v, version);
      batch.Put(d->cf(st::Cf::kDefault),
                st::MetaKey{st::kFormatVersionName}.Encode(), v);
      REQUIRE(d->Write(&batch).ok());
    }
    const Run refused =
        Tool(dir, "timeline --db " + db + " --holder \"South Korea\"");
    CHECK(refused.exit_code != 0);
    CHECK_THAT(refused.err,
               Contains("run 'claimtrack upgrade --db " + db + "' once"));
    const Run up = Tool(dir, "upgrade --db " + db);
    INFO(up.err);
    REQUIRE(up.exit_code == 0);
    // From version 7 every claim value and holder entry is written again;
    // from older ones, the numbering writes the holder entries with every
    // other key of a claim.
    // The term entries of version 7 are folded into lists; the numbering
    // of older versions writes the lists as it goes.
    const size_t holders =
        version == 7 ? CountLines(before.out, "index 61 ") : 0;
    const size_t term_entries = version == 7 ? ListedClaims(before.out) : 0;
    CHECK(up.out ==
          "upgrade: " + db + ": format version " + std::to_string(version) +
              " to 13 (" + std::to_string(CountLines(before.out, "docs 10 ")) +
              " documents, " + std::to_string(claims) + " claims, " +
              std::to_string(holders) + " holder entries rewritten; " +
              std::to_string(term_entries) +
              " term entries folded into lists; " +
              std::to_string(CountLines(before.out, "claims 22 ")) +
              " claims filed under half their id; " +
              std::to_string(CountLines(before.out, "aliases 41 ")) +
              " alias entries keyed by first claim; " +
              std::to_string(compact_entities) +
              " entity values written without their key name); "
              "compacting\n");
    CHECK(Tool(dir, "upgrade --db " + db).out ==
          "upgrade: " + db + " is at format version 13 already\n");
    // From versions 3 to 6 the claims have other numbers, so the dump
    // differs; the records and the answers do not.
    const Run after = Tool(dir, "kv dump --db " + db);
    if (version == 7) CHECK(after.out == before.out);
    for (const char* family :
         {"claims 20 ", "claims 22 ", "index 6", "terms 68 ", "aliases 41 "}) {
      INFO(family);
      CHECK(CountLines(after.out, family) == CountLines(before.out, family));
    }
    CHECK(Tool(dir, timeline).out == answer.out);
    CHECK(Tool(dir, "check --db " + db).exit_code == 0);
  }
}

TEST_CASE("kv dump: every record, decoded", "[cli]") {
  TempDir dir;
  const std::string db = Ingest(dir);
  const Run all = Tool(dir, "kv dump --db " + db);
  INFO(all.err);
  REQUIRE(all.exit_code == 0);
  CHECK_THAT(all.out, StartsWith("default 01 \"created-by\" -> text="));
  CHECK_THAT(all.out,
             Contains("\ndefault 01 \"format-version\" -> version=13\n"));
  CHECK(CountLines(all.out, "docs 10 ") == 3);
  CHECK(CountLines(all.out, "claims 20 ") == 6);
  CHECK(CountLines(all.out, "claims 22 ") == 6);
  CHECK_THAT(all.out, Contains("claims 22 id-high="));
  CHECK_THAT(all.out, Contains("claims 20 claim#1 id="));
  CHECK_THAT(all.out, Contains("-> claim doc=\"lee-dec-05\" type=indirect "
                               "speaker=\"Lee Jong-sup\" kind=person"));
  CHECK_THAT(all.out, Contains(" EARLIER claim#"));
  CHECK_THAT(all.out, Contains(" sim=0."));
  CHECK_THAT(all.out,
             Contains("index 61 holder entity:" +
                      claimtrack::store::HexId(claimtrack::testing::LeeId())));

  const Run one = Tool(dir, "kv dump --db " + db + " --cf claims --limit 1");
  REQUIRE(one.exit_code == 0);
  CHECK(CountLines(one.out, "") == 1);
  CHECK_THAT(one.out, StartsWith("claims 20 "));

  const Run raw = Tool(dir, "kv dump --db " + db + " --cf default --raw");
  REQUIRE(raw.exit_code == 0);
  CHECK_THAT(raw.out, Contains("\"format-version\" -> version=13\n"
                               "  key=01666f726d61742d76657273696f6e0001 "
                               "value=0000000d\n"));

  CHECK(Tool(dir, "kv dump --db " + db + " --cf nope").exit_code == 2);
  CHECK(Tool(dir, "kv list --db " + db).exit_code == 2);
  CHECK(Tool(dir, "kv dump --db " + db + " --limit -1").exit_code == 2);
  const Run help = Tool(dir, "kv --help");
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.out, Contains("usage: claimtrack kv dump"));
}

TEST_CASE("kv dump: records that do not decode are shown and fail the run",
          "[cli]") {
  TempDir dir;
  const std::string db = Ingest(dir);
  {
    namespace store = claimtrack::store;
    auto opened = store::Db::Open(db, store::DbOptions{});
    REQUIRE(opened.ok());
    rocksdb::WriteBatch batch;
    // A claim whose value is cut short (a number past the six given), and
    // an edge key in the claims family.
    batch.Put((*opened)->cf(store::Cf::kClaims),
              store::ClaimKey{0x0000000000000100}.Encode(), "\x01\x02");
    batch.Put((*opened)->cf(store::Cf::kClaims),
              store::EdgeKey{false,
                             {store::NodeKind::kClaim, 1},
                             store::EdgeType::kIn,
                             {store::NodeKind::kDocument, 2},
                             std::nullopt}
                  .Encode(),
              "");
    REQUIRE((*opened)->Write(&batch).ok());
  }
  const Run run = Tool(dir, "kv dump --db " + db);
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.err, Contains("Corruption: 2 of "));
  CHECK_THAT(run.out, Contains("claims ?? Corruption: undecodable claim value "
                               "key=200000000000000100 value=0102\n"));
  CHECK_THAT(run.out, Contains("claims ?? Corruption: a key with prefix 50 "
                               "belongs in family edges, not claims key=50"));
  // The dump went on past them, to the last family.
  CHECK(CountLines(run.out, "claims 20 ") == 6);
  CHECK(CountLines(run.out, "index 6") > 0);
}

TEST_CASE("ingest: hostile text is stored whole, checks clean, dumps safely",
          "[cli][hostile]") {
  TempDir dir;
  std::string jsonl;
  const std::pair<const char*, std::string> docs[] = {
      {"crlf", "Smith said the plan works.\r\n\r\nJones said it fails.\r\n"},
      {"cr", "Lee said no.\rKim said yes.\r"},
      {"rtl",
       "قال المتحدث إن الخطة \"ناجحة\" said Smith. Smith said "
       "\u202Ethe plan works\u202C."},
      {"combining", "Zoe\u0301 said the cafe\u0301 was closed."},
      {"punctuation", ".,;:!?-\u2014()[]\"' \u201C\u201D \u2026 !!! ???"},
      {"unbalanced", "\"We will not back down, Jones said.\n\nNext."}};
  for (const auto& [id, text] : docs) {
    jsonl += nlohmann::json{{"id", id}, {"date", "2023-12-01"}, {"text", text}}
                 .dump() +
             "\r\n";
  }
  const std::string good = dir.Write("hostile.jsonl", jsonl);
  const std::string text = dir.Write("cr-only.txt", "Smith said yes.\rNo.\r");
  const std::string cr_lines =
      dir.Write("cr-lines.jsonl", R"({"id": "x1", "text": "Smith said yes."})"
                                  "\r"
                                  R"({"id": "x2", "text": "Jones said no."})"
                                  "\r");
  const std::string db = dir.File("db");
  const Run run =
      Tool(dir, "ingest --db " + db + " " + good + " " + text + " " + cr_lines);
  INFO(run.err);
  CHECK(run.exit_code == 1);  // Partial: the CR-only JSON Lines file
  CHECK_THAT(run.err, Contains("cr-lines.jsonl:1: malformed JSON"));
  CHECK_THAT(run.err, Contains("not CR alone"));
  CHECK_THAT(run.out, Contains("7 documents read: 7 added"));

  const Run check = Tool(dir, "check --db " + db);
  CHECK(check.exit_code == 0);
  CHECK_THAT(check.out, Contains("check: 7 documents"));
  CHECK_THAT(check.out, Contains(" 0 problems"));

  // Bidirectional overrides and bare CRs never reach the terminal raw.
  const Run dump = Tool(dir, "kv dump --db " + db);
  CHECK(dump.exit_code == 0);
  CHECK(dump.out.find("\u202E") == std::string::npos);
  CHECK(dump.out.find('\r') == std::string::npos);
  CHECK_THAT(dump.out, Contains("\\u202e"));
}

}  // namespace
