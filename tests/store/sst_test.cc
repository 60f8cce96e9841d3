// Bulk load (store/sst.h): the bundled Reuters chip-dispute slice stored
// by a normal ingest, and built as SST shards and loaded, give the same
// records and index keys; overlapping shards are reconciled as an ingest
// in shard order would; bad shard folders are refused by name.
#include "store/sst.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "claimtrack/extractor.h"
#include "claimtrack/reader.h"
#include "store/claim_keys.h"
#include "store/keys.h"
#include "store/records.h"
#include "store/store.h"
#include "temp_dir.h"
#include "text/claim_json.h"

namespace claimtrack::store {
namespace {

// A document as `build-sst --claims` and `ingest --claims` see it: its
// text rebuilt sparsely from the claims JSON.
struct Part {
  Document doc;
  std::vector<Claim> claims;
};

const std::vector<Part>& ChipClaims() {
  static const std::vector<Part> parts = [] {
    auto extractor = Extractor::Create();
    REQUIRE(extractor.ok());
    auto reader =
        DocumentReader::Open(CLAIMTRACK_SOURCE_DIR
                             "/data/samples/reuters-us-japan-chips-1987.jsonl");
    REQUIRE(reader.ok());
    std::vector<Part> out;
    Document doc;
    while (true) {
      auto next = (*reader)->Next(&doc);
      REQUIRE(next.ok());
      if (!*next) break;
      Part part;
      part.doc.id = doc.id;
      part.doc.origin = doc.id;
      for (const Claim& c : (*extractor)->Extract(doc)) {
        std::string line;
        text::AppendClaimJson(c, doc.text, &line);
        Claim parsed;
        REQUIRE(text::ParseClaimJson(line, &parsed, &part.doc.text).ok());
        part.claims.push_back(std::move(parsed));
      }
      if (!part.claims.empty()) out.push_back(std::move(part));
    }
    REQUIRE(out.size() > 100);
    return out;
  }();
  return parts;
}

std::unique_ptr<Store> OpenStore(const std::string& path) {
  auto store = Store::Open(path, DbOptions{});
  REQUIRE(store.ok());
  return std::move(*store);
}

void IngestAll(Store* store, const std::vector<Part>& parts) {
  for (const Part& p : parts) {
    auto r = store->Ingest(p.doc, p.claims, true);
    REQUIRE(r.ok());
  }
}

// Ingests `parts` into a scratch database and writes them as a shard.
std::string BuildShard(const testing::TempDir& dir, const std::string& name,
                       const std::vector<Part>& parts) {
  std::unique_ptr<Store> store = OpenStore(dir.File(name + ".scratch"));
  IngestAll(store.get(), parts);
  SstShardStats stats;
  const std::string folder = dir.File(name + ".sst");
  REQUIRE(WriteSstShard(store->db(), folder, &stats).ok());
  CHECK(stats.files >= 6);  // every family but possibly edges, and default
  return folder;
}

SstLoadStats Load(const std::string& db,
                  const std::vector<std::string>& shards) {
  SstLoadStats stats;
  Status s = LoadSstShards(db, shards, SstLoadOptions(), &stats);
  INFO(s.ToString());
  REQUIRE(s.ok());
  return stats;
}

// Every key and value of a database but its created-by record.
using Dump = std::map<std::pair<Cf, std::string>, std::string>;

Dump DumpDb(const std::string& path) {
  std::unique_ptr<Store> store = OpenStore(path);
  Dump dump;
  for (size_t i = 0; i < kCfCount; ++i) {
    const Cf cf = static_cast<Cf>(i);
    REQUIRE(store->db()
                ->Scan(cf, "",
                       [&](std::string_view k, std::string_view v) {
                         if (k != MetaKey{kCreatedByName}.Encode()) {
                           dump[{cf, std::string(k)}] = std::string(v);
                         }
                         return true;
                       })
                .ok());
  }
  auto report = store->Check();
  REQUIRE(report.ok());
  for (const std::string& m : report->messages) UNSCOPED_INFO(m);
  CHECK(report->problems == 0);
  return dump;
}

std::vector<Part> Slice(const std::vector<Part>& all, size_t begin,
                        size_t end) {
  return std::vector<Part>(all.begin() + begin, all.begin() + end);
}

TEST_CASE("one shard loads into the very keys of a normal ingest", "[store]") {
  testing::TempDir dir;
  const std::vector<Part>& all = ChipClaims();
  IngestAll(OpenStore(dir.File("normal")).get(), all);
  const std::string shard = BuildShard(dir, "all", all);
  const SstLoadStats stats = Load(dir.File("bulk"), {shard});
  CHECK(stats.documents == all.size() - 14);  // the slice's 14 duplicates
  CHECK(stats.shards == 1);
  CHECK(DumpDb(dir.File("bulk")) == DumpDb(dir.File("normal")));
}

TEST_CASE("a shard loaded again is set aside whole and changes nothing",
          "[store]") {
  // Every document of the second load is in the database already: set
  // aside, its keys left out of the files, its claims out of the term
  // lists (which hold the first load's claims too), and ingested as
  // unchanged.
  testing::TempDir dir;
  const std::vector<Part>& all = ChipClaims();
  const std::vector<Part> part = Slice(all, 0, all.size() / 3);
  IngestAll(OpenStore(dir.File("normal")).get(), part);
  const std::string shard = BuildShard(dir, "part", part);
  const SstLoadStats stats = Load(dir.File("bulk"), {shard, shard});
  CHECK(stats.shards == 2);
  CHECK(stats.overlapping[static_cast<int>(IngestOutcome::kUnchanged)] > 10);
  CHECK(stats.overlapping[static_cast<int>(IngestOutcome::kAdded)] == 0);
  CHECK(DumpDb(dir.File("bulk")) == DumpDb(dir.File("normal")));
}

// Differences that sharding explains: claims whose one-word speaker name
// ("Reagan") a normal ingest resolved to a global person seen in another
// document ("Ronald Reagan"), and their shard, not knowing that document,
// to an entity of the claim's document. Removes from both dumps the keys
// those claims own, the document entities they made, and the EARLIER
// links of the holders concerned; returns how many claims that was.
size_t RemoveSpeakerDifferences(const EntityResolver& resolver, Dump* normal,
                                Dump* bulk) {
  auto value_of = [](const Dump& d, Cf cf, const std::string& key) {
    auto it = d.find({cf, key});
    REQUIRE(it != d.end());
    return it->second;
  };
  auto entity = [&](const Dump& d, uint64_t id) {
    EntityRecord e;
    REQUIRE(DecodeEntity(value_of(d, Cf::kEntities, EntityKey{id}.Encode()), &e)
                .ok());
    return e;
  };
  // The number of the document's first claim (its first 60 entry).
  auto first_claim = [](const Dump& d, uint64_t doc_num) {
    const std::string prefix = ClaimsByDocKey::ScanPrefix(doc_num);
    auto it = d.lower_bound({Cf::kIndex, prefix});
    REQUIRE(it != d.end());
    REQUIRE(it->first.second.starts_with(prefix));
    return ClaimsByDocKey::Decode(it->first.second)->claim_id;
  };
  auto text_of = [&](uint64_t doc_num) {
    DocumentRecord doc;
    REQUIRE(
        DecodeDocument(
            value_of(*normal, Cf::kDocs, DocumentKey{doc_num}.Encode()), &doc)
            .ok());
    return doc.doc.text;
  };
  std::vector<std::pair<Cf, std::string>> drop_normal, drop_bulk;
  std::set<uint64_t> holders;
  size_t moved = 0;
  for (const auto& [key, value] : *normal) {
    if (key.first != Cf::kClaims ||
        key.second[0] != static_cast<char>(Prefix::kClaim)) {
      continue;
    }
    ClaimRecord x, y;
    const uint64_t id = ClaimKey::Decode(key.second)->claim_id;
    REQUIRE(DecodeClaim(id, value, &x).ok());
    REQUIRE(DecodeClaim(id, value_of(*bulk, Cf::kClaims, key.second), &y).ok());
    if (x.speaker_entity == y.speaker_entity) continue;  // compared later
    ++moved;
    INFO("claim " << x.claim.id << ", speaker " << x.claim.speaker.name);
    const EntityRecord global = entity(*normal, x.speaker_entity);
    const EntityRecord local = entity(*bulk, y.speaker_entity);
    CHECK(global.kind == SpeakerKind::kPerson);
    CHECK(global.scope_doc == 0);
    CHECK(local.scope_doc == y.doc_num);
    CHECK(local.key_name.find(' ') == std::string::npos);  // one word
    const std::string text = text_of(x.doc_num);
    for (const KeyValue& kv :
         DeriveClaimKeys(x, first_claim(*normal, x.doc_num), text, 0, resolver)
             .owned) {
      drop_normal.push_back({kv.cf, kv.key});
    }
    for (const KeyValue& kv :
         DeriveClaimKeys(y, first_claim(*bulk, y.doc_num), text, 0, resolver)
             .owned) {
      drop_bulk.push_back({kv.cf, kv.key});
    }
    drop_bulk.push_back({Cf::kEntities, EntityKey{y.speaker_entity}.Encode()});
    holders.insert(x.speaker_entity);
    holders.insert(y.speaker_entity);
    CHECK(x.speaker_global);
    CHECK_FALSE(y.speaker_global);
    y.speaker_entity = x.speaker_entity;  // else the very same claim
    y.speaker_global = true;
    CHECK(EncodeClaim(y) == value);
  }
  for (const auto& k : drop_normal) normal->erase(k);
  for (const auto& k : drop_bulk) bulk->erase(k);
  for (Dump* d : {normal, bulk}) {
    for (auto it = d->begin(); it != d->end();) {
      std::optional<EdgeKey> edge;
      if (it->first.first == Cf::kEdges) {
        auto k = EdgeKey::Decode(it->first.second);
        REQUIRE(k.ok());
        edge = *k;
      }
      const bool chain_changed = edge && edge->type == EdgeType::kEarlier &&
                                 holders.count(edge->qualifier.value_or(0));
      it = chain_changed ? d->erase(it) : std::next(it);
    }
  }
  return moved;
}

TEST_CASE(
    "three shards load into the keys of a normal ingest, but for "
    "one-word speaker names resolved in other shards",
    "[store]") {
  testing::TempDir dir;
  const std::vector<Part>& all = ChipClaims();
  IngestAll(OpenStore(dir.File("normal")).get(), all);
  const size_t third = all.size() / 3;
  const SstLoadStats stats =
      Load(dir.File("bulk"),
           {BuildShard(dir, "s0", Slice(all, 0, third)),
            BuildShard(dir, "s1", Slice(all, third, 2 * third)),
            BuildShard(dir, "s2", Slice(all, 2 * third, all.size()))});
  CHECK(stats.shards == 3);
  Dump normal = DumpDb(dir.File("normal")), bulk = DumpDb(dir.File("bulk"));
  const size_t claims =
      std::count_if(normal.begin(), normal.end(), [](const auto& kv) {
        return kv.first.first == Cf::kClaims &&
               kv.first.second[0] == static_cast<char>(Prefix::kClaim);
      });
  std::unique_ptr<Store> store = OpenStore(dir.File("bulk"));
  const size_t moved =
      RemoveSpeakerDifferences(store->resolver(), &normal, &bulk);
  INFO(moved << " of " << claims << " claims have another speaker entity");
  CHECK(moved < claims / 20);
  CHECK(normal.size() > 10000);
  CHECK(normal == bulk);
}

}  // namespace
}  // namespace claimtrack::store
