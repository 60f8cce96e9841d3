// The knowledge graph on real text: the seed page and the Reuters-21578
// stories of the 1987 US-Japan chip dispute (story_slices.json), both
// bundled under data/samples/. Clayton Yeutter must be one entity across
// dozens of stories with his statements in date order, and Seoul, South
// Korea and South Korean one entity.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "claimtrack/extractor.h"
#include "claimtrack/reader.h"
#include "store/store.h"
#include "temp_dir.h"

namespace claimtrack::store {
namespace {

TEST_CASE("Reuters chip dispute: one Yeutter, one South Korea", "[store]") {
  testing::TempDir dir;
  auto store = Store::Open(dir.File("db"), DbOptions{});
  REQUIRE(store.ok());
  auto extractor = Extractor::Create("");
  REQUIRE(extractor.ok());
  auto ingest = [&](const std::string& path) {
    auto reader = DocumentReader::Open(path);
    REQUIRE(reader.ok());
    Document doc;
    while (true) {
      Result<bool> next = (*reader)->Next(&doc);
      if (!next.ok()) continue;  // stories without a body
      if (!*next) break;
      REQUIRE((*store)->Ingest(doc, (*extractor)->Extract(doc), false).ok());
    }
  };
  ingest(CLAIMTRACK_SOURCE_DIR
         "/data/samples/reuters-us-japan-chips-1987.jsonl");
  ingest(CLAIMTRACK_SOURCE_DIR "/data/samples/south-korea-weapons-ukraine.txt");

  auto yeutter = (*store)->Entities("yeutter");
  REQUIRE(yeutter.ok());
  std::vector<EntitySummary> global;
  for (const EntitySummary& e : *yeutter) {
    if (e.record.kind == SpeakerKind::kPerson && e.record.scope_doc == 0) {
      global.push_back(e);
    }
  }
  REQUIRE(global.size() == 1);
  CHECK(global[0].record.display_name.find("Clayton") != std::string::npos);
  CHECK(global[0].claims >= 24);
  // His statements, in date order, from many stories.
  std::set<uint64_t> documents;
  When previous{INT32_MIN, 0};
  REQUIRE((*store)
              ->db()
              ->Scan(Cf::kIndex,
                     EntityTimeKey::ScanPrefix(Prefix::kClaimsByHolder,
                                               global[0].id),
                     [&](std::string_view key, std::string_view) {
                       auto k = EntityTimeKey::Decode(key);
                       REQUIRE(k.ok());
                       CHECK(previous <= k->when);
                       previous = k->when;
                       std::string bytes;
                       REQUIRE((*store)
                                   ->db()
                                   ->Get(Cf::kClaims,
                                         ClaimKey{k->claim_id}.Encode(), &bytes)
                                   .ok());
                       ClaimRecord r;
                       REQUIRE(DecodeClaim(k->claim_id, bytes, &r).ok());
                       documents.insert(r.doc_num);
                       return true;
                     })
              .ok());
  CHECK(documents.size() >= 12);
  CHECK(global[0].first_date >= "1987-03-01");
  CHECK(global[0].first_date < global[0].last_date);

  // Seoul, South Korea and South Korean are one country.
  auto korea = (*store)->Entities("korea");
  REQUIRE(korea.ok());
  int south = 0;
  for (const EntitySummary& e : *korea) {
    if (e.record.kind != SpeakerKind::kCountry) continue;
    if (e.record.display_name != "South Korea") continue;
    ++south;
    std::set<std::string> aliases(e.aliases.begin(), e.aliases.end());
    CHECK(aliases.contains("Seoul"));
    CHECK(aliases.contains("South Korea"));
    CHECK(aliases.contains("South Korean"));
  }
  CHECK(south == 1);
  auto seoul = (*store)->Entities("seoul");
  REQUIRE(seoul.ok());
  for (const EntitySummary& e : *seoul) {
    CHECK(e.record.display_name == "South Korea");
  }
  auto report = (*store)->Check();
  REQUIRE(report.ok());
  CHECK(report->problems == 0);

  // The links kept at ingest are the links a rebuild from scratch derives.
  auto links = [&]() {
    std::set<std::string> keys;
    REQUIRE((*store)
                ->db()
                ->Scan(Cf::kEdges, "",
                       [&](std::string_view k, std::string_view v) {
                         auto e = EdgeKey::Decode(k);
                         REQUIRE(e.ok());
                         if (e->type == EdgeType::kEarlier ||
                             e->type == EdgeType::kRepeats) {
                           keys.insert(std::string(k) + "=" + std::string(v));
                         }
                         return true;
                       })
                .ok());
    return keys;
  };
  const std::set<std::string> incremental = links();
  CHECK(incremental.size() > 100);
  // The rebuild links the holders of each half of the id space on a thread
  // of its own (Linker::RebuildAll): both halves have EARLIER edges here.
  size_t halves[2] = {0, 0};
  REQUIRE((*store)
              ->db()
              ->Scan(Cf::kEdges, "",
                     [&](std::string_view k, std::string_view) {
                       auto e = EdgeKey::Decode(k);
                       REQUIRE(e.ok());
                       if (e->type == EdgeType::kEarlier) {
                         ++halves[*e->qualifier >> 63];
                       }
                       return true;
                     })
              .ok());
  CHECK(halves[0] > 10);
  CHECK(halves[1] > 10);
  LinkStats stats;
  REQUIRE((*store)->Relink(&stats).ok());
  CHECK(links() == incremental);
}

}  // namespace
}  // namespace claimtrack::store
