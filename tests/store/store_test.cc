// The store on small written articles: ingest, re-ingest, replace, entity
// resolution across documents, and the EARLIER and REPEATS links.
#include "store/store.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <climits>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "claimtrack/extractor.h"
#include "store/alias_index.h"
#include "store/holder_cache.h"
#include "store/records.h"
#include "store/store_layout.h"
#include "store/term_codes.h"
#include "store/term_index.h"
#include "store/term_postings.h"
#include "store/txn.h"
#include "temp_dir.h"
#include "text/terms.h"

namespace claimtrack::store {
namespace {

Document Doc(std::string id, std::string date, int time, std::string text) {
  Document d;
  d.id = std::move(id);
  d.date = std::move(date);
  d.time_of_day = time;
  d.text = std::move(text);
  d.origin = "test:" + d.id;
  return d;
}

// Three stories of a trade dispute, dated out of order on purpose.
const std::vector<Document>& Stories() {
  static const std::vector<Document> docs = {
      Doc("chip-1", "1987-03-10", 9 * 3600,
          "WASHINGTON, March 10 - U.S. Trade Representative Clayton Yeutter "
          "said the United States would impose tariffs on Japanese "
          "semiconductors if Tokyo kept dumping chips.\n\nSeoul said it "
          "would watch the dispute closely."),
      Doc("chip-2", "1987-04-17", 15 * 3600,
          "WASHINGTON, April 17 - Clayton K. Yeutter said the tariffs on "
          "Japanese semiconductors took effect today. \"We will not back "
          "down on semiconductors,\" Yeutter said.\n\nSouth Korean Defense "
          "Minister Lee Jong-sup said his government was watching."),
      Doc("chip-3", "1987-03-27", 12 * 3600,
          "WASHINGTON, March 27 - Trade Representative Yeutter said Japan "
          "had not ended the dumping of semiconductors and tariffs were "
          "likely. \"We will not back down on semiconductors,\" he said."),
  };
  return docs;
}

// Writes the holder (61) and mention (62) entries of `db` as format
// versions 3 to 5 had them: without their copy keys (the last 4 bytes of a
// HolderValue; a mention's whole value). Returns how many.
size_t StripCopyKeys(Db* db, rocksdb::WriteBatch* batch) {
  size_t n = 0;
  REQUIRE(db->Scan(Cf::kIndex, "", [&](std::string_view k, std::string_view v) {
              if (k[0] == static_cast<char>(Prefix::kClaimsByHolder) ||
                  k[0] == static_cast<char>(Prefix::kClaimsByMention)) {
                REQUIRE(v.size() >= 4);
                batch->Put(db->cf(Cf::kIndex), k, v.substr(0, v.size() - 4));
                ++n;
              }
              return true;
            }).ok());
  return n;
}

// A new database at `path` holding the Stories.
std::unique_ptr<Store> StoriesAt(const std::string& path) {
  auto extractor = Extractor::Create("");
  REQUIRE(extractor.ok());
  auto store = Store::Open(path, DbOptions{});
  REQUIRE(store.ok());
  for (const Document& d : Stories()) {
    REQUIRE((*store)->Ingest(d, (*extractor)->Extract(d), false).ok());
  }
  return std::move(*store);
}

class Fixture {
 public:
  explicit Fixture(DbOptions options = {}) : options_(std::move(options)) {
    auto extractor = Extractor::Create("");
    REQUIRE(extractor.ok());
    extractor_ = std::move(*extractor);
    Reopen();
  }
  void Reopen() {
    store_.reset();
    auto store = Store::Open(dir_.File("db"), options_);
    INFO(store.status().ToString());
    REQUIRE(store.ok());
    store_ = std::move(*store);
  }
  IngestResult Ingest(const Document& doc) {
    auto r = store_->Ingest(doc, extractor_->Extract(doc), false);
    REQUIRE(r.ok());
    return *r;
  }
  // Closes the fixture's store and opens the database with `options`
  // (Reopen opens the fixture's again).
  Result<std::unique_ptr<Store>> OpenWith(const DbOptions& options) {
    store_.reset();
    return Store::Open(dir_.File("db"), options);
  }
  Store& store() { return *store_; }
  std::string path() const { return dir_.File("db"); }
  // Every key of every family.
  std::vector<std::set<std::string>> AllKeys() {
    std::vector<std::set<std::string>> all;
    for (size_t i = 0; i < kCfCount; ++i) all.push_back(Keys(Cf(i)));
    return all;
  }

  // Every key of a family, claims named by id (ById): the same in two
  // databases that hold the same claims under other numbers.
  std::set<std::string> Keys(Cf cf) {
    std::set<std::string> keys;
    for (const auto& [key, value] : ById(AllRecords(store_->db()))) {
      if (key.first == static_cast<size_t>(cf)) keys.insert(key.second);
    }
    return keys;
  }
  // Every key of a family as stored.
  std::set<std::string> RawKeys(Cf cf) {
    std::set<std::string> keys;
    REQUIRE(store_->db()
                ->Scan(cf, "",
                       [&](std::string_view k, std::string_view) {
                         keys.emplace(k);
                         return true;
                       })
                .ok());
    return keys;
  }
  std::vector<EdgeKey> Edges(EdgeType type) {
    std::vector<EdgeKey> edges;
    for (const std::string& k : RawKeys(Cf::kEdges)) {
      auto e = EdgeKey::Decode(k);
      REQUIRE(e.ok());
      if (!e->incoming && e->type == type) edges.push_back(*e);
    }
    return edges;
  }
  std::vector<::claimtrack::Claim> Extract(const Document& doc) {
    return extractor_->Extract(doc);
  }
  ClaimRecord Claim(uint64_t id) {
    std::string bytes;
    REQUIRE(store_->db()->Get(Cf::kClaims, ClaimKey{id}.Encode(), &bytes).ok());
    ClaimRecord r;
    REQUIRE(DecodeClaim(id, bytes, &r).ok());
    return r;
  }
  void ExpectClean() {
    auto report = store_->Check();
    REQUIRE(report.ok());
    for (const std::string& m : report->messages) UNSCOPED_INFO(m);
    CHECK(report->problems == 0);
  }
  EntitySummary Entity(std::string_view name) {
    auto all = store_->Entities("");
    REQUIRE(all.ok());
    for (const EntitySummary& e : *all) {
      if (e.record.display_name == name) return e;
    }
    FAIL("no entity " << name);
    return {};
  }

 private:
  testing::TempDir dir_;
  DbOptions options_;
  std::unique_ptr<Extractor> extractor_;
  std::unique_ptr<Store> store_;
};

TEST_CASE("ingest stores documents, claims and a clean index", "[store]") {
  Fixture f;
  for (const Document& d : Stories()) {
    CHECK(f.Ingest(d).outcome == IngestOutcome::kAdded);
  }
  f.ExpectClean();
  auto report = f.store().Check();
  CHECK(report->documents == 3);
  CHECK(report->claims == 7);
  // Survives closing and reopening.
  f.Reopen();
  f.ExpectClean();
}

TEST_CASE("Busiest: the first holders and speakers of the entities list",
          "[store]") {
  Fixture f;
  for (const Document& d : Stories()) f.Ingest(d);
  // Two more people with one claim each, as Lee has: ties broken by name;
  // and a one-document source ("an aide"), left out.
  f.Ingest(Doc("chip-4", "1987-05-02", 0,
               "TOKYO, May 2 - Prime Minister Yasuhiro Nakasone said Japan "
               "would cut chip exports. Commerce Secretary Malcolm Baldrige "
               "said the talks had failed. An aide said nothing had "
               "changed.\n"));
  auto all = f.store().Entities("");
  REQUIRE(all.ok());
  std::vector<std::string> holders, speakers;
  for (const EntitySummary& e : *all) {
    if (e.record.scope_doc != 0) continue;
    if (e.claims + e.affiliated_claims > 0) {
      holders.push_back(e.record.display_name);
    }
    if (e.claims > 0 && e.record.kind == SpeakerKind::kPerson) {
      speakers.push_back(e.record.display_name);
    }
  }
  REQUIRE(holders.size() >= 6);
  REQUIRE(speakers.size() >= 4);
  for (size_t n : {size_t{0}, size_t{1}, size_t{2}, size_t{3}, size_t{100}}) {
    INFO("n = " << n);
    auto busiest = f.store().Busiest(n);
    REQUIRE(busiest.ok());
    std::vector<std::string> h, s;
    for (const EntityCount& e : busiest->holders) {
      h.push_back(e.record.display_name);
      const EntitySummary summary = f.Entity(e.record.display_name);
      CHECK(e.claims == summary.claims);
      CHECK(e.affiliated_claims == summary.affiliated_claims);
    }
    for (const EntityCount& e : busiest->speakers) {
      s.push_back(e.record.display_name);
    }
    CHECK(h ==
          std::vector<std::string>(
              holders.begin(), holders.begin() + std::min(n, holders.size())));
    CHECK(s == std::vector<std::string>(
                   speakers.begin(),
                   speakers.begin() + std::min(n, speakers.size())));
  }
}

TEST_CASE("a document prepared ahead is stored as one that was not",
          "[store]") {
  Fixture plain, ahead;
  auto extractor = Extractor::Create("");
  REQUIRE(extractor.ok());
  for (const Document& d : Stories()) {
    plain.Ingest(d);
    const std::vector<Claim> claims = (*extractor)->Extract(d);
    PreparedDocument prepared = ahead.store().Prepare(d, claims);
    REQUIRE(ahead.store().Ingest(d, claims, false, &prepared).ok());
  }
  for (size_t i = 0; i < kCfCount; ++i) {
    CHECK(plain.Keys(static_cast<Cf>(i)) == ahead.Keys(static_cast<Cf>(i)));
  }
  ahead.ExpectClean();
}

TEST_CASE("the term index lists a stem's claims in time order", "[store]") {
  Fixture f;
  for (const Document& d : Stories()) f.Ingest(d);
  const std::vector<std::string> stems = text::ContentTerms("semiconductors");
  REQUIRE(stems.size() == 1);
  When march27, april;
  REQUIRE(DayFromIsoDate("1987-03-27", &march27.day));
  REQUIRE(DayFromIsoDate("1987-04-01", &april.day));
  auto visit = [&](When from, When to, size_t stop_after) {
    std::vector<std::pair<int32_t, uint64_t>> seen;
    REQUIRE(ForEachClaimWithTerm(f.store().db(), stems[0], from.day, to.day,
                                 [&](int32_t day, uint64_t claim) {
                                   seen.emplace_back(day, claim);
                                   return seen.size() < stop_after;
                                 })
                .ok());
    return seen;
  };
  // Read before and after the writer's unsorted memory reaches the disk.
  for (int reopened = 0; reopened < 2; ++reopened) {
    if (reopened) f.Reopen();
    const auto all = visit(When{INT32_MIN, 0}, When{}, 100);
    REQUIRE(all.size() >= 3);  // a claim about them in every story
    CHECK(std::is_sorted(all.begin(), all.end()));
    for (const auto& [day, claim] : all) {
      CHECK(f.Claim(claim).when.day == day);
    }
    const auto march = visit(march27, april, 100);
    REQUIRE_FALSE(march.empty());
    for (const auto& [day, claim] : march) {
      CHECK(f.Claim(claim).claim.doc == "chip-3");
    }
    CHECK(visit(When{INT32_MIN, 0}, When{}, 1).size() == 1);
    CHECK(visit(april, march27, 100).empty());
    CHECK(visit(When{INT32_MIN, 0}, When{}, 100) == all);
  }
  CHECK(ForEachClaimWithTerm(f.store().db(), "no-such-stem", INT32_MIN,
                             When::kUndatedDay,
                             [](int32_t, uint64_t) { return true; })
            .ok());
}

TEST_CASE(
    "re-ingesting changes nothing and the same text under another id "
    "is a duplicate",
    "[store]") {
  Fixture f;
  f.Ingest(Stories()[0]);
  const auto docs = f.Keys(Cf::kDocs), index = f.Keys(Cf::kIndex),
             edges = f.Keys(Cf::kEdges);
  CHECK(f.Ingest(Stories()[0]).outcome == IngestOutcome::kUnchanged);
  Document copy = Stories()[0];
  copy.id = "chip-1-copy";
  const IngestResult dup = f.Ingest(copy);
  CHECK(dup.outcome == IngestOutcome::kDuplicate);
  CHECK(dup.duplicate_of == "chip-1");
  CHECK(f.Keys(Cf::kDocs) == docs);
  CHECK(f.Keys(Cf::kIndex) == index);
  CHECK(f.Keys(Cf::kEdges) == edges);
}

TEST_CASE("replacing a document keeps another's claim under a shared id",
          "[store]") {
  // Claims JSON may give claims of two documents one id: each claim is
  // filed under it (22), the id leads to the one stored last, and removing
  // either document (replaced by new text) leaves the other's.
  for (const size_t replaced : {0, 1}) {
    INFO("replaced: " << replaced);
    Fixture f;
    const Document docs[2] = {Stories()[0], Stories()[1]};
    auto with_id = [&](const Document& d) {
      std::vector<::claimtrack::Claim> claims = f.Extract(d);
      REQUIRE(!claims.empty());
      claims[0].id = "00000000000000aa";
      return claims;
    };
    REQUIRE(f.store().Ingest(docs[0], with_id(docs[0]), false).ok());
    REQUIRE(f.store().Ingest(docs[1], with_id(docs[1]), false).ok());
    auto num = ClaimNumberOf(f.store().db(), 0xaa);
    REQUIRE(num.ok());
    CHECK(f.Claim(*num).claim.doc == docs[1].id);
    f.ExpectClean();
    Document changed = docs[replaced];
    changed.text = "WASHINGTON, March 27 - Nobody said anything of note.";
    auto r = f.store().Ingest(changed, f.Extract(changed), false);
    REQUIRE(r.ok());
    CHECK(r->outcome == IngestOutcome::kReplaced);
    num = ClaimNumberOf(f.store().db(), 0xaa);
    REQUIRE(num.ok());
    CHECK(f.Claim(*num).claim.doc == docs[1 - replaced].id);
    f.ExpectClean();
  }
}

TEST_CASE("a claim naming another document is refused, nothing stored",
          "[store]") {
  // A claim record finds its document by the id it names (since format
  // version 12 its number is not stored): stored with another document,
  // it would point at the wrong one.
  Fixture f;
  const Document doc = Stories()[0];
  std::vector<::claimtrack::Claim> claims = f.Extract(doc);
  REQUIRE(claims.size() > 1);
  claims.back().doc = "another-story";
  auto r = f.store().Ingest(doc, claims, false);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().IsInvalidArgument());
  CHECK_THAT(
      r.status().message(),
      Catch::Contains("document \"" + doc.id + "\": claim " + claims.back().id +
                      " names document \"another-story\""));
  CHECK(f.RawKeys(Cf::kDocs).empty());
  CHECK(f.RawKeys(Cf::kClaims).empty());
  // Its own claims are stored.
  claims.back().doc = doc.id;
  REQUIRE(f.store().Ingest(doc, claims, false).ok());
  CHECK(f.Claim(1).doc_num == DocNum(doc.id));
  f.ExpectClean();
}

TEST_CASE("a known id with new text replaces the document whole", "[store]") {
  Fixture f;
  for (const Document& d : Stories()) f.Ingest(d);
  Document changed = Stories()[2];
  changed.text =
      "WASHINGTON, March 27 - Mike Mansfield said the ambassador's talks "
      "in Tokyo went well.";
  CHECK(f.Ingest(changed).outcome == IngestOutcome::kReplaced);
  f.ExpectClean();
  // Nothing of the old text's claims is left: the repeated quotation now
  // has one appearance, so no REPEATS edge remains.
  CHECK(f.Edges(EdgeType::kRepeats).empty());
  // The old document's one-word "Yeutter" entity went with it; Mansfield
  // came in.
  auto all = f.store().Entities("mansfield");
  REQUIRE(all.ok());
  CHECK(all->size() == 1);
  // Replacing back gives the same keys as ingesting it first did.
  Fixture g;
  for (const Document& d : Stories()) g.Ingest(d);
  CHECK(f.Ingest(Stories()[2]).outcome == IngestOutcome::kReplaced);
  CHECK(f.Keys(Cf::kIndex) == g.Keys(Cf::kIndex));
  CHECK(f.Keys(Cf::kEdges) == g.Keys(Cf::kEdges));
  CHECK(f.Keys(Cf::kClaims) == g.Keys(Cf::kClaims));

  // Claims JSON (sparse text) over a full-text document is flagged, so
  // the tool can warn that the text was replaced.
  Document sparse = Stories()[1];
  sparse.text = std::string(sparse.text.size(), ' ');
  auto r = f.store().Ingest(sparse, {}, /*sparse=*/true);
  REQUIRE(r.ok());
  CHECK(r->outcome == IngestOutcome::kReplaced);
  CHECK(r->sparse_replaced_full);
}

TEST_CASE(
    "one person across documents and a bare surname only through a "
    "known alias",
    "[store]") {
  Fixture f;
  for (const Document& d : Stories()) f.Ingest(d);
  const EntitySummary yeutter = f.Entity("Clayton K. Yeutter");
  CHECK(yeutter.record.kind == SpeakerKind::kPerson);
  CHECK(yeutter.record.scope_doc == 0);
  // chip-1 and chip-2 by full name (with and without the initial), chip-3
  // by "Trade Representative Yeutter", a known alias.
  CHECK(yeutter.claims == 5);
  CHECK(yeutter.first_date == "1987-03-10");
  CHECK(yeutter.last_date == "1987-04-17");
  CHECK(std::find(yeutter.titles.begin(), yeutter.titles.end(),
                  "Trade Representative") != yeutter.titles.end());

  // A bare surname in a document of its own stays in that document.
  Document lone =
      Doc("lone", "1987-05-01", -1, "TOKYO, May 1 - Yeutter said nothing new.");
  f.Ingest(lone);
  auto all = f.store().Entities("yeutter");
  REQUIRE(all.ok());
  int scoped = 0;
  for (const EntitySummary& e : *all) scoped += e.record.scope_doc != 0;
  CHECK(scoped == 1);
}

TEST_CASE("places, demonyms and officials resolve to the country", "[store]") {
  Fixture f;
  for (const Document& d : Stories()) f.Ingest(d);
  auto korea = f.store().Entities("south korea");
  REQUIRE(korea.ok());
  std::vector<EntitySummary> countries;
  for (const EntitySummary& e : *korea) {
    if (e.record.kind == SpeakerKind::kCountry) countries.push_back(e);
  }
  REQUIRE(countries.size() == 1);
  CHECK(countries[0].record.display_name == "South Korea");
  CHECK(std::find(countries[0].aliases.begin(), countries[0].aliases.end(),
                  "Seoul") != countries[0].aliases.end());
  // Seoul's own claim, and Lee Jong-sup's under his country (role A).
  int own = 0, affiliated = 0;
  REQUIRE(f.store()
              .db()
              ->Scan(Cf::kIndex,
                     EntityTimeKey::ScanPrefix(Prefix::kClaimsByHolder,
                                               countries[0].id),
                     [&](std::string_view, std::string_view v) {
                       HolderValue h;
                       REQUIRE(DecodeHolder(v, &h).ok());
                       (h.role == HolderRole::kSpeaker ? own : affiliated)++;
                       return true;
                     })
              .ok());
  CHECK(own == 1);
  CHECK(affiliated == 1);
  const EntitySummary lee = f.Entity("Lee Jong-sup");
  CHECK(lee.affiliations == std::vector<std::string>{"South Korea"});

  // The U.S. Trade Representative's office is part of the United States
  // government, so Yeutter's claim made under that title is also under the
  // United States.
  const EntitySummary us = f.Entity("United States");
  std::vector<std::string> under_us;
  REQUIRE(f.store()
              .db()
              ->Scan(Cf::kIndex,
                     EntityTimeKey::ScanPrefix(Prefix::kClaimsByHolder, us.id),
                     [&](std::string_view k, std::string_view) {
                       under_us.push_back(
                           f.Claim(EntityTimeKey::Decode(k)->claim_id)
                               .claim.speaker.name);
                       return true;
                     })
              .ok());
  // "Trade Representative Yeutter", an office with no country written, in
  // a story datelined WASHINGTON speaks for the United States too (both of
  // his claims in chip-3).
  CHECK(under_us ==
        std::vector<std::string>{"Clayton Yeutter", "Yeutter", "Yeutter"});
}

TEST_CASE(
    "EARLIER links a holder's claims on a subject, whatever the "
    "ingest order",
    "[store]") {
  // Ingested 1, 2, 3 (dates March 10, April 17, March 27): chip-3 must slot
  // in between, and chip-2 re-point to it.
  Fixture f;
  for (const Document& d : Stories()) f.Ingest(d);
  std::map<std::string, std::string> earlier;  // claim doc -> target doc
  for (const EdgeKey& e : f.Edges(EdgeType::kEarlier)) {
    const ClaimRecord from = f.Claim(e.from.id), to = f.Claim(e.to.id);
    CHECK(to.when < from.when);
    earlier[from.claim.doc + ":" + from.claim.id] = to.claim.doc;
  }
  // Every chip-2 Yeutter claim about semiconductors points at chip-3, and
  // chip-3's at chip-1.
  bool two_to_three = false, three_to_one = false;
  for (const auto& [from, to] : earlier) {
    if (from.rfind("chip-2", 0) == 0 && to == "chip-3") two_to_three = true;
    if (from.rfind("chip-3", 0) == 0 && to == "chip-1") three_to_one = true;
    CHECK_FALSE((from.rfind("chip-2", 0) == 0 && to == "chip-1"));
  }
  CHECK(two_to_three);
  CHECK(three_to_one);

  // The same links as a rebuild from scratch, and as ingesting in date
  // order.
  const auto incremental = f.Keys(Cf::kEdges);
  LinkStats stats;
  REQUIRE(f.store().Relink(&stats).ok());
  CHECK(stats.earlier > 0);
  CHECK(f.Keys(Cf::kEdges) == incremental);
  Fixture g;
  for (int i : {0, 2, 1}) g.Ingest(Stories()[i]);
  CHECK(g.Keys(Cf::kEdges) == incremental);
  f.ExpectClean();
}

TEST_CASE("REPEATS points a quotation at its first appearance", "[store]") {
  Fixture f;
  f.Ingest(Stories()[1]);  // April 17 first
  auto repeats = f.Edges(EdgeType::kRepeats);
  CHECK(repeats.empty());
  f.Ingest(Stories()[2]);  // March 27: the earlier appearance
  repeats = f.Edges(EdgeType::kRepeats);
  REQUIRE(repeats.size() == 1);
  CHECK(f.Claim(repeats[0].from.id).claim.doc == "chip-2");
  CHECK(f.Claim(repeats[0].to.id).claim.doc == "chip-3");
  f.ExpectClean();
}

// A long-running holder: one speaker, hundreds of claims on three subjects
// over four years, a quotation repeated every ninth story. Enough for the
// linker's look-back (kEarlierWindow) to be exceeded and for back-dated
// inserts to land far before the writer's cached window.
std::vector<Document> LongHistory() {
  static const char* kSubjects[] = {
      "the tariffs on Japanese semiconductors would rise",
      "the subsidies for European wheat farmers distorted the grain market",
      "the talks with Canada on lumber quotas had stalled",
  };
  std::vector<Document> docs;
  for (int i = 0; i < 600; ++i) {
    int32_t day;
    REQUIRE(DayFromIsoDate("1985-01-01", &day));
    // Several stories share a day, at other times (claims made at one time
    // are ordered as they were stored, so ingest orders would differ);
    // the order of days is not the order of i.
    day += (i * 37) % 1500;
    std::string text =
        "WASHINGTON - U.S. Trade Representative Clayton Yeutter "
        "said " +
        std::string(kSubjects[i % 3]) + " in round " + std::to_string(i) + ".";
    if (i % 9 == 0) {
      text += "\n\n\"We will not back down on semiconductors,\" Yeutter said.";
    }
    docs.push_back(Doc("long-" + std::to_string(i), IsoDateFromDay(day),
                       (i % 5) * 3600 + i, text));
  }
  return docs;
}

TEST_CASE(
    "links over a long history are the same in any ingest order and as a "
    "rebuild",
    "[store]") {
  const std::vector<Document> docs = LongHistory();
  // In date order, the cheap case.
  std::vector<Document> by_date = docs;
  std::stable_sort(
      by_date.begin(), by_date.end(),
      [](const Document& a, const Document& b) { return a.date < b.date; });
  Fixture in_order;
  for (const Document& d : by_date) in_order.Ingest(d);
  const auto expected = in_order.Keys(Cf::kEdges);
  // Newest first: every insert is back-dated, before everything cached.
  // Reopened halfway, so that the writer's windows are read again from the
  // index, as suffixes that do not reach the start.
  Fixture newest_first;
  for (auto d = by_date.rbegin(); d != by_date.rend(); ++d) {
    if (d - by_date.rbegin() == 300) newest_first.Reopen();
    newest_first.Ingest(*d);
  }
  CHECK(newest_first.Keys(Cf::kEdges) == expected);
  // Shuffled, with the first half flushed to table files, so that reads
  // merge tables, memtables and the batch, and reopened twice.
  std::vector<Document> shuffled = docs;
  std::mt19937 rng(20261201);
  std::shuffle(shuffled.begin(), shuffled.end(), rng);
  Fixture mixed;
  for (size_t i = 0; i < shuffled.size(); ++i) {
    if (i == shuffled.size() / 2) REQUIRE(mixed.store().db()->Compact().ok());
    if (i == shuffled.size() / 3 || i == 2 * shuffled.size() / 3) {
      mixed.Reopen();
    }
    mixed.Ingest(shuffled[i]);
  }
  CHECK(mixed.Keys(Cf::kEdges) == expected);
  LinkStats stats;
  REQUIRE(mixed.store().Relink(&stats).ok());
  CHECK(mixed.Keys(Cf::kEdges) == expected);
  CHECK(stats.earlier > 300);
  CHECK(stats.repeats == 600 / 9);
  // Every REPEATS edge points at the first appearance, long-0's.
  for (const EdgeKey& e : mixed.Edges(EdgeType::kRepeats)) {
    CHECK(mixed.Claim(e.to.id).claim.doc == "long-0");
  }
  mixed.ExpectClean();
}

// A word of its own for each number below 19^3, of letters that no
// stemming rule removes: so that each claim of the test below is on a
// subject of its own.
std::string Word(int n) {
  static constexpr std::string_view kLetters = "bcdfghjklmnpqrtvwxz";
  std::string w = "zo";
  for (int i = 0; i < 3; ++i, n /= 19) w += kLetters[n % 19];
  return w;
}

Document WindowEdgeDoc(const std::string& id, int day, int subject) {
  int32_t start;
  REQUIRE(DayFromIsoDate("1985-01-01", &start));
  return Doc(id, IsoDateFromDay(start + day), 0,
             "WASHINGTON - U.S. Trade Representative Clayton Yeutter said "
             "the " +
                 Word(3 * subject) + " of " + Word(3 * subject + 1) +
                 " would meet the " + Word(3 * subject + 2) + ".\n\nFile " +
                 id + ".");
}

TEST_CASE(
    "linking document by document keeps the far edge of the look-back: an "
    "insert pushes a target out of the window, a removal lets one in",
    "[store]") {
  // One holder, a claim a day on a subject of its own, except three pairs
  // whose second claim has its first at the far edge of its window:
  // kEarlierWindow claims back (an edge), and one further (none).
  constexpr int kDays = 400;
  const int w = static_cast<int>(kEarlierWindow);
  std::map<int, int> subject_of = {{10, 1000},  {10 + w, 1000},
                                   {50, 1001},  {50 + w + 1, 1001},
                                   {100, 1002}, {100 + w, 1002}};
  Fixture each;
  for (int day = 0; day < kDays; ++day) {
    auto it = subject_of.find(day);
    each.Ingest(WindowEdgeDoc("d-" + std::to_string(day), day,
                              it == subject_of.end() ? day : it->second));
  }
  // After each step, the edges made document by document are those a
  // rebuild makes from scratch.
  int step = 0;
  auto expect_rebuilt = [&](size_t* earlier) {
    INFO("step " << step++);
    const std::set<std::string> incremental = each.Keys(Cf::kEdges);
    LinkStats stats;
    REQUIRE(each.store().Relink(&stats).ok());
    CHECK(each.Keys(Cf::kEdges) == incremental);
    *earlier = each.Edges(EdgeType::kEarlier).size();
  };
  size_t appended, inserted, reinserted, removed, removed_again;
  expect_rebuilt(&appended);
  // Two pairs at the edge (10 and 100), for each of the three holders (the
  // speaker, his office and the United States); 50's pair is one claim
  // too far.
  CHECK(appended == 6);
  // Back-dated claims between the pairs' claims push both first claims out
  // of their seconds' windows.
  each.Ingest(WindowEdgeDoc("z-1", 150, 2000));
  expect_rebuilt(&inserted);
  CHECK(inserted == 0);
  // Reopened: the writer's windows hold the last claims only, so that the
  // claims before a back-dated one are read from the index.
  each.Reopen();
  each.Ingest(WindowEdgeDoc("z-2", 5, 2001));
  expect_rebuilt(&reinserted);
  CHECK(reinserted == 0);
  // A replacement without the holder's claim removes it: the windows after
  // it reach one claim further back again.
  Document gone = WindowEdgeDoc("z-1", 150, 2000);
  auto without_claims = [&gone](const std::string& id) {
    gone.id = id;
    gone.text = "LONDON - The weather was mild.\n\nFile " + id + ".";
    return gone;
  };
  each.Ingest(without_claims("z-1"));
  expect_rebuilt(&removed);
  CHECK(removed == 6);
  each.Reopen();
  each.Ingest(without_claims("z-2"));
  expect_rebuilt(&removed_again);
  CHECK(removed_again == 6);
  // Removing a claim between the pair one claim too far brings it in.
  each.Ingest(without_claims("d-60"));
  size_t closer;
  expect_rebuilt(&closer);
  CHECK(closer == 9);
  // A transcript: one document with more of the holder's claims than the
  // linker compares window edges with (Linker::kMaxEdgeCandidates), dated
  // between every pair's claims, so that each claim after it has its edge
  // read instead. It pushes all three first claims out.
  Document transcript = WindowEdgeDoc("t-1", 200, 700);
  for (int k = 1; k < 20; ++k) {
    transcript.text += "\n\nYeutter said the " + Word(3 * (700 + k)) + " of " +
                       Word(3 * (700 + k) + 1) + " would meet the " +
                       Word(3 * (700 + k) + 2) + ".";
  }
  REQUIRE(each.Ingest(transcript).claims == 20);
  size_t transcribed;
  expect_rebuilt(&transcribed);
  CHECK(transcribed == 0);
  each.ExpectClean();
}

TEST_CASE(
    "links deferred to one pass at the end are the links made document by "
    "document, and a run cut short is finished by the next writer",
    "[store]") {
  std::vector<Document> docs = LongHistory();
  for (const Document& d : Stories()) docs.push_back(d);
  std::mt19937 rng(20261202);
  std::shuffle(docs.begin(), docs.end(), rng);
  Document changed = Stories()[2];
  changed.text =
      "WASHINGTON, March 27 - Mike Mansfield said the ambassador's talks "
      "in Tokyo went well.";
  Fixture each;
  for (const Document& d : docs) each.Ingest(d);
  each.Ingest(changed);  // a replacement, whose links go with it
  const auto expected = each.AllKeys();
  REQUIRE(each.Edges(EdgeType::kEarlier).size() > 300);
  REQUIRE_FALSE(each.Edges(EdgeType::kRepeats).empty());

  Fixture deferred;
  REQUIRE(deferred.store().DeferLinks("test").ok());
  CHECK(deferred.store().links_deferred());
  for (size_t i = 0; i < docs.size() / 2; ++i) deferred.Ingest(docs[i]);
  // No link is written meanwhile, and a reader is told.
  CHECK(deferred.Edges(EdgeType::kEarlier).empty());
  CHECK(deferred.Edges(EdgeType::kRepeats).empty());
  {
    DbOptions options;
    options.mode = DbOptions::Mode::kSecondary;
    auto reader = Store::Open(deferred.path(), options);
    REQUIRE(reader.ok());
    auto pending = (*reader)->LinksPending();
    REQUIRE(pending.ok());
    CHECK(*pending);
  }
  // Cut short: the next writer defers by itself.
  deferred.Reopen();
  CHECK(deferred.store().links_deferred());
  for (size_t i = docs.size() / 2; i < docs.size(); ++i) {
    deferred.Ingest(docs[i]);
  }
  deferred.Ingest(changed);
  LinkStats stats;
  REQUIRE(deferred.store().Relink(&stats).ok());
  CHECK_FALSE(deferred.store().links_deferred());
  auto pending = deferred.store().LinksPending();
  REQUIRE(pending.ok());
  CHECK_FALSE(*pending);
  const auto got = deferred.AllKeys();
  for (size_t i = 0; i < kCfCount; ++i) {
    INFO("family " << CfName(Cf(i)));
    CHECK(got[i] == expected[i]);
  }
  deferred.ExpectClean();
  // Linking each document again after the rebuild: the same as throughout.
  deferred.Reopen();
  CHECK_FALSE(deferred.store().links_deferred());
  Document more = Stories()[0];
  more.id = "chip-4";
  more.date = "1987-03-11";
  more.text += " Yeutter said the tariffs on semiconductors were near.";
  deferred.Ingest(more);
  each.Ingest(more);
  CHECK(deferred.Keys(Cf::kEdges) == each.Keys(Cf::kEdges));

  // A bulk load (unsorted index and edge memtables) defers by itself, and
  // flushes the index to read a replaced document's claims.
  DbOptions bulk_options;
  bulk_options.bulk_load = true;
  bulk_options.write_buffer_bytes = 256 << 10;  // several flushes
  Fixture bulk(bulk_options);
  for (const Document& d : docs) bulk.Ingest(d);
  CHECK(bulk.store().links_deferred());
  CHECK(bulk.Edges(EdgeType::kEarlier).empty());
  bulk.Ingest(changed);
  REQUIRE(bulk.store().Relink(&stats).ok());
  const auto bulk_keys = bulk.AllKeys();
  for (size_t i = 0; i < kCfCount; ++i) {
    INFO("family " << CfName(Cf(i)));
    CHECK(bulk_keys[i] == expected[i]);
  }
  bulk.Ingest(more);  // defers again, and marks it
  CHECK(bulk.store().links_deferred());
  pending = bulk.store().LinksPending();
  REQUIRE(pending.ok());
  CHECK(*pending);
  REQUIRE(bulk.store().Relink(&stats).ok());
  CHECK(bulk.Keys(Cf::kEdges) == each.Keys(Cf::kEdges));
  bulk.ExpectClean();
}

TEST_CASE(
    "the writer's memos of people by alias and of global entities answer "
    "as reading the database afresh does",
    "[store]") {
  const std::vector<Document> docs = {
      Doc("y-1", "1987-03-01", 0,
          "Trade Representative Yeutter said the talks on lumber quotas "
          "went well."),
      Doc("y-2", "1987-03-02", 0,
          "U.S. Trade Representative Clayton Yeutter said tariffs on "
          "Japanese semiconductors would rise."),
      Doc("y-3", "1987-03-03", 0,
          "Trade Representative Yeutter said the tariffs on semiconductors "
          "would stay. Yeutter said the talks would go on."),
      Doc("y-4", "1987-03-04", 0,
          "Trade Representative Michael Yeutter of Iowa said the farm "
          "talks were over."),
      Doc("y-5", "1987-03-05", 0,
          "Trade Representative Yeutter said the price of the farm was "
          "fair."),
      Doc("y-2", "1987-03-02", 0,
          "U.S. Trade Representative Clayton Yeutter said tariffs on "
          "Japanese chips would rise in April."),
      Doc("y-6", "1987-03-06", 0,
          "Trade Representative Yeutter said nothing had changed."),
      // A fuller name for the stored person: the entity memo must carry
      // it, and keep it when the shorter form comes back.
      Doc("y-7", "1987-03-07", 0,
          "U.S. Trade Representative Clayton K. Yeutter said the farm talks "
          "would resume."),
      Doc("y-8", "1987-03-08", 0,
          "Clayton Yeutter said the tariffs on semiconductors would stay."),
  };
  Fixture memo, fresh;
  for (const Document& d : docs) {
    INFO(d.id);
    memo.Ingest(d);
    fresh.Reopen();  // an empty memo for every document
    fresh.Ingest(d);
    const auto got = memo.AllKeys(), expected = fresh.AllKeys();
    for (size_t i = 0; i < kCfCount; ++i) {
      INFO("family " << CfName(Cf(i)));
      CHECK(got[i] == expected[i]);
    }
  }
  // y-3's "Yeutter" is the Trade Representative, whom the memo learnt
  // from y-2 after y-1 had found no one; y-7 gave him his fuller name.
  const EntitySummary clayton = memo.Entity("Clayton K. Yeutter");
  CHECK(clayton.claims >= 5);
  memo.ExpectClean();
}

TEST_CASE("a holder's last claims before a point, over tables and a batch",
          "[store]") {
  testing::TempDir dir;
  auto db = Db::Open(dir.File("db"), DbOptions{});
  REQUIRE(db.ok());
  // Holder 7: 1500 entries, up to three a day, spread over 30 years, the
  // first half in table files, the rest in the memtable, the last few in
  // the batch; holders 6 and 8 around it.
  constexpr int kEntries = 1500;
  std::vector<EntityTimeKey> keys;
  for (int i = 0; i < kEntries; ++i) {
    keys.push_back(
        {Prefix::kClaimsByHolder, 7,
         When{static_cast<int32_t>(5000 + i * 7 / 3 + (i % 4 == 0 ? 0 : i % 3)),
              static_cast<uint32_t>(i % 3)},
         static_cast<uint64_t>(1000 + i)});
  }
  std::sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) {
    return a.Encode() < b.Encode();
  });
  auto value = [](const EntityTimeKey& k) {
    HolderValue v;
    v.terms = {static_cast<uint32_t>(k.claim_id)};
    return EncodeHolder(v);
  };
  Txn txn(db->get());
  for (uint64_t other : {6, 8}) {
    txn.Put(Cf::kIndex,
            EntityTimeKey{Prefix::kClaimsByHolder, other, When{5500, 0}, 1}
                .Encode(),
            value({}));
  }
  for (int i = 0; i < kEntries; ++i) {
    txn.Put(Cf::kIndex, keys[i].Encode(), value(keys[i]));
    if (i == kEntries / 2) {
      REQUIRE(txn.Commit().ok());
      REQUIRE((*db)->Compact().ok());
    }
    if (i == kEntries - 20) REQUIRE(txn.Commit().ok());
  }
  for (int at : {0, 1, 100, 255, 256, 257, 700, 751, 1400, 1490, kEntries}) {
    INFO("before entry " << at);
    const std::string before = at < kEntries ? keys[at].Encode() : "";
    std::vector<HolderClaim> got;
    bool complete = false;
    REQUIRE(ReadLastHolderClaims(&txn, 7, before, 256, &got, &complete).ok());
    const int first = std::max(0, at - 256);
    REQUIRE(got.size() == static_cast<size_t>(at - first));
    CHECK(complete == (first == 0));
    for (int i = first; i < at; ++i) {
      CHECK(got[i - first].claim == keys[i].claim_id);
      CHECK(got[i - first].when == keys[i].when);
      CHECK(got[i - first].terms ==
            std::vector<uint32_t>{static_cast<uint32_t>(keys[i].claim_id)});
    }
  }
}

TEST_CASE("the holder cache keeps two generations and reads the rest again",
          "[store]") {
  testing::TempDir dir;
  auto db = Db::Open(dir.File("db"), DbOptions{});
  REQUIRE(db.ok());
  Txn txn(db->get());
  // Holders 1..6 with 10 entries each in the index.
  for (uint64_t holder = 1; holder <= 6; ++holder) {
    for (uint64_t i = 0; i < 10; ++i) {
      HolderValue v;
      v.terms = {static_cast<uint32_t>(holder * 100 + i)};
      txn.Put(Cf::kIndex,
              EntityTimeKey{Prefix::kClaimsByHolder, holder,
                            When{static_cast<int32_t>(100 + i), 0}, i + 1}
                  .Encode(),
              EncodeHolder(v));
    }
  }
  REQUIRE(txn.Commit().ok());
  // Generations of at most 2 holders or 25 entries.
  HolderCache cache(2, 25);
  auto window = [&](uint64_t holder) {
    auto w = cache.Get(&txn, holder);
    REQUIRE(w.ok());
    return **w;
  };
  for (uint64_t holder : {1, 2, 3, 1, 4, 5, 6, 2, 1}) {
    INFO("holder " << holder);
    const HolderWindow w = window(holder);
    REQUIRE(w.entries.size() == 10);
    CHECK(w.from_start);
    CHECK(w.entries.front().terms[0] == holder * 100);
    CHECK(w.entries.back().claim == 10);
  }
  // A kept window follows what it is told (here an entry the index does not
  // have, to tell a kept window from one read again) ...
  cache.Insert(1, When{200, 0}, 77, {7});
  CHECK(window(1).entries.back().claim == 77);
  // ... until two generations have passed it by: then it is read again.
  for (uint64_t holder : {3, 4, 5, 6}) window(holder);
  CHECK(window(1).entries.size() == 10);
  CHECK(window(1).entries.back().claim == 10);
  // Entries count too: holder 7's 30 entries end a generation at once.
  for (uint64_t i = 0; i < 30; ++i) {
    txn.Put(Cf::kIndex,
            EntityTimeKey{Prefix::kClaimsByHolder, 7,
                          When{static_cast<int32_t>(100 + i), 0}, i + 1}
                .Encode(),
            EncodeHolder(HolderValue{}));
  }
  cache.Insert(1, When{200, 0}, 77, {7});
  CHECK(window(7).entries.size() == 30);        // young: 7 alone; old: 1
  CHECK(window(1).entries.back().claim == 77);  // young: 1; old: 7
  window(2);                                    // young: 1, 2
  window(3);                                    // young: 3; old: 1, 2
  window(4);                                    // young: 3, 4
  window(5);  // young: 5; old: 3, 4; 1 is gone
  CHECK(window(1).entries.back().claim == 10);
  // With room for many holders, entries alone end generations.
  HolderCache by_entries(100, 25);
  REQUIRE(by_entries.Get(&txn, 1).ok());
  by_entries.Insert(1, When{200, 0}, 77, {7});
  for (uint64_t holder : {2, 3, 4, 7, 5}) {  // 30, then 40 entries
    REQUIRE(by_entries.Get(&txn, holder).ok());
  }
  auto one = by_entries.Get(&txn, 1);
  REQUIRE(one.ok());
  CHECK((*one)->entries.back().claim == 10);
  // A new holder is empty and complete without a read.
  cache.AddNew(99);
  CHECK(window(99).entries.empty());
  CHECK(window(99).from_start);
}

TEST_CASE("an alias lists each entity once, however many documents",
          "[store]") {
  testing::TempDir dir;
  auto db = Db::Open(dir.File("db"), DbOptions{});
  REQUIRE(db.ok());
  Txn txn(db->get());
  for (uint64_t doc = 1; doc <= 50; ++doc) {
    txn.Put(Cf::kAliases, AliasKey{"reagan", 3, doc}.Encode(), "Reagan");
    if (doc <= 3) {
      txn.Put(Cf::kAliases, AliasKey{"reagan", 9, doc}.Encode(), "Reagan");
    }
    txn.Put(Cf::kAliases, AliasKey{"reagans", 4, doc}.Encode(), "Reagans");
  }
  txn.Put(Cf::kAliases, AliasKey{"reagan", UINT64_MAX, 1}.Encode(), "Reagan");
  const std::vector<uint64_t> expected = {3, 9, UINT64_MAX};
  auto in_batch = EntitiesWithAlias(&txn, "reagan");
  REQUIRE(in_batch.ok());
  CHECK(*in_batch == expected);
  REQUIRE(txn.Commit().ok());
  auto stored = EntitiesWithAlias(db->get(), "reagan");
  REQUIRE(stored.ok());
  CHECK(*stored == expected);
  auto none = EntitiesWithAlias(db->get(), "rea");
  REQUIRE(none.ok());
  CHECK(none->empty());
}

TEST_CASE("a batch scans backwards as it scans forwards", "[store]") {
  testing::TempDir dir;
  auto db = Db::Open(dir.File("db"), DbOptions{});
  REQUIRE(db.ok());
  {
    Txn stored(db->get());
    for (const char* k : {"a1", "a3", "a5", "b1", "b2", "c"}) {
      stored.Put(Cf::kIndex, k, std::string("db:") + k);
    }
    REQUIRE(stored.Commit().ok());
  }
  Txn txn(db->get());
  txn.Put(Cf::kIndex, "a2", "batch:a2");
  txn.Put(Cf::kIndex, "a3", "batch:a3");  // replaces the stored value
  txn.Delete(Cf::kIndex, "a5");
  txn.Put(Cf::kIndex, "a6", "batch:a6");
  txn.Put(Cf::kIndex, "b0", "batch:b0");
  auto forward = [&](std::string_view prefix) {
    std::vector<std::string> out;
    REQUIRE(txn.Scan(Cf::kIndex, prefix,
                     [&](std::string_view k, std::string_view v) {
                       out.push_back(std::string(k) + "=" + std::string(v));
                       return true;
                     })
                .ok());
    return out;
  };
  auto backward = [&](std::string_view prefix, std::string_view before) {
    std::vector<std::string> out;
    REQUIRE(txn.ScanBackward(
                   Cf::kIndex, prefix,
                   [&](std::string_view k, std::string_view v) {
                     out.push_back(std::string(k) + "=" + std::string(v));
                     return true;
                   },
                   before)
                .ok());
    std::reverse(out.begin(), out.end());
    return out;
  };
  for (std::string_view prefix : {"", "a", "b", "c", "d"}) {
    CHECK(backward(prefix, "") == forward(prefix));
  }
  CHECK(backward("a", "a5") ==
        std::vector<std::string>{"a1=db:a1", "a2=batch:a2", "a3=batch:a3"});
  CHECK(backward("a", "a3") ==
        std::vector<std::string>{"a1=db:a1", "a2=batch:a2"});
  CHECK(backward("a", "zz") == forward("a"));
  CHECK(backward("b", "a9").empty());
  // Stopping early: the last two of "a".
  std::vector<std::string> last;
  REQUIRE(txn.ScanBackward(Cf::kIndex, "a",
                           [&](std::string_view k, std::string_view) {
                             last.emplace_back(k);
                             return last.size() < 2;
                           })
              .ok());
  CHECK(last == std::vector<std::string>{"a6", "a3"});
}

TEST_CASE("a batch reused after a commit and a discard starts empty",
          "[store]") {
  testing::TempDir dir;
  auto db = Db::Open(dir.File("db"), DbOptions{});
  REQUIRE(db.ok());
  Txn txn(db->get());
  auto keys_and_sizes = [&] {
    std::vector<std::string> out;
    REQUIRE(txn.Scan(Cf::kDocs, "",
                     [&](std::string_view k, std::string_view v) {
                       out.push_back(std::string(k) + ":" +
                                     std::to_string(v.size()));
                       return true;
                     })
                .ok());
    return out;
  };
  // Values past the batch's arena (64 KB), and one written three times.
  const std::string big(200 * 1024, 'x'), bigger(300 * 1024, 'y');
  for (int round = 0; round < 3; ++round) {
    txn.Put(Cf::kDocs, "k" + std::to_string(round), big);
    txn.Put(Cf::kDocs, "twice", "first");
    txn.Put(Cf::kDocs, "twice", bigger);
    txn.Put(Cf::kDocs, "twice", "last" + std::to_string(round));
    txn.Put(Cf::kDocs, "", "empty key");
    txn.Delete(Cf::kDocs, "");
    std::string got;
    REQUIRE(txn.Get(Cf::kDocs, "twice", &got).ok());
    CHECK(got == "last" + std::to_string(round));
    CHECK(txn.Get(Cf::kDocs, "", &got).IsNotFound());
    REQUIRE(txn.Commit().ok());
    CHECK(txn.pending_writes() == 0);
    // A discarded batch leaves nothing, in the database or in the next one.
    txn.Put(Cf::kDocs, "discarded", bigger);
    txn.Put(Cf::kDocs, "k0", "discarded");
    txn.Discard();
    CHECK(txn.pending_writes() == 0);
  }
  std::vector<std::string> want = {"k0:204800", "k1:204800", "k2:204800",
                                   "twice:5"};
  CHECK(keys_and_sizes() == want);
  std::string got;
  REQUIRE((*db)->Get(Cf::kDocs, "twice", &got).ok());
  CHECK(got == "last2");
  CHECK((*db)->Get(Cf::kDocs, "discarded", &got).IsNotFound());
  // Committing an empty batch after a discard writes nothing.
  REQUIRE(txn.Commit().ok());
  CHECK(keys_and_sizes() == want);
}

// An upgrade told to stop after `after` records (DbOptions), in the pass
// `pass` or the first that gets so far, fails the open, saying so.
void ExpectUpgradeStops(const std::string& path, size_t after,
                        const std::string& message,
                        const std::string& pass = "") {
  DbOptions stop;
  stop.upgrade_stop_after = after;
  stop.upgrade_stop_in = pass;
  auto stopped = Store::Open(path, stop);
  REQUIRE_FALSE(stopped.ok());
  CHECK_THAT(stopped.status().message(), Catch::Contains(message));
}

// What `check` finds, a line per problem, and how many it counts.
std::string CheckMessages(Store* store, size_t* problems) {
  auto report = store->Check(100);
  REQUIRE(report.ok());
  std::string all;
  for (const std::string& m : report->messages) all += m + "\n";
  *problems = report->problems;
  return all;
}

// Puts a meta record (`name` -> `value`).
void PutMeta(Db* db, const char* name, const std::string& value) {
  rocksdb::WriteBatch batch;
  batch.Put(db->cf(Cf::kDefault), MetaKey{name}.Encode(), value);
  REQUIRE(db->Write(&batch).ok());
}

// Puts a meta record holding a u32.
void PutMetaU32(Db* db, const char* name, uint32_t value) {
  std::string v;
  PutU32(&v, value);
  PutMeta(db, name, v);
}

// Makes the database's version record say `version`.
void WriteFormatVersion(Db* db, uint32_t version) {
  PutMetaU32(db, kFormatVersionName, version);
}

// Makes the version record say `version`; `marked`, as an upgrade from it
// cut short leaves it: the current version, and `upgrading` naming it.
void WriteVersionAs(Db* db, uint32_t version, bool marked) {
  WriteFormatVersion(db, marked ? kFormatVersion : version);
  if (marked) PutMetaU32(db, kUpgradingName, version);
}

// Opens the database for writing, which upgrades it, keeping every line
// the upgrade says of how far it is, pass by pass.
Result<std::unique_ptr<Store>> OpenRecordingProgress(
    const std::string& path, std::vector<std::string>* progress) {
  DbOptions options;
  options.upgrade_progress = [progress](const std::string& line) {
    progress->push_back(line);
  };
  options.upgrade_progress_every = std::chrono::seconds(0);
  return Store::Open(path, options);
}

// The entity values among `records` that leave out their key name (the
// ones an upgrade from version 12 or before writes again).
size_t CompactEntitiesIn(const Records& records) {
  return std::count_if(records.begin(), records.end(), [](const auto& r) {
    return r.first.second[0] == static_cast<char>(Prefix::kEntity) &&
           (static_cast<uint8_t>(r.second[0]) & kEntityKeyDerived) != 0;
  });
}

// The alias entries (41) among `records`.
size_t AliasesIn(const Records& records) {
  return std::count_if(records.begin(), records.end(), [](const auto& r) {
    return r.first.second[0] == static_cast<char>(Prefix::kAlias);
  });
}

// The upgraded database holds `expected`, and `check` finds nothing wrong.
void ExpectUpgradedTo(Store* store, const Records& expected) {
  CHECK(AllRecords(store->db()) == expected);
  auto report = store->Check();
  REQUIRE(report.ok());
  CHECK(report->problems == 0);
}

TEST_CASE("a version 7 database's claims and holder entries are rewritten",
          "[store]") {
  // Version 7 wrote every claim id and every term of a holder entry by
  // hash, and spans as begin and end; the upgrade writes the claim values
  // and the holder entries again, and nothing else. Cut short (every other
  // holder entry rewritten, the `upgrading` record present; or stopped in
  // the claim pass), it goes on.
  enum class Cut { kNone, kMarked, kStopped };
  for (const Cut cut : {Cut::kNone, Cut::kMarked, Cut::kStopped}) {
    INFO("cut: " << static_cast<int>(cut));
    testing::TempDir dir;
    const std::string path = dir.File("db");
    Records expected;
    size_t holders = 0, claims = 0, term_entries = 0, documents = 0;
    {
      const std::unique_ptr<Store> store = StoriesAt(path);
      Db* db = store->db();
      expected = AllRecords(db);
      size_t coded_terms = 0;
      for (const auto& [key, value] : expected) {
        documents += key.second[0] == static_cast<char>(Prefix::kDocument);
        if (key.second[0] == static_cast<char>(Prefix::kClaim)) {
          ++claims;
          // The extractor's ids are left out of the value.
          CHECK(value[0] == static_cast<char>(kClaimIdDerived));
          CHECK(value.size() < ClaimValueAs(key.second, value, 7).size());
        }
        if (key.second[0] != static_cast<char>(Prefix::kClaimsByHolder)) {
          continue;
        }
        ++holders;
        HolderValue h;
        REQUIRE(DecodeHolder(value, &h).ok());
        for (uint32_t t : h.terms) coded_terms += TermPlace(t).has_value();
        // Smaller than the old form whenever a term is in the table.
        CHECK(value.size() <= HolderByHash(h).size());
      }
      REQUIRE(holders > 4);
      REQUIRE(claims > 4);
      CHECK(coded_terms > 0);
      WriteAliasesAs12(db);  // while the claims decode
      WriteEntitiesAs12(db);
      WriteHoldersByHash(db, cut == Cut::kMarked);
      WriteIdsAs9(db);
      WriteClaimsAs(db, 7);
      WriteTermsAs8(db);
      WriteDocumentsAs10(db);
      REQUIRE(db->Scan(Cf::kTerms, "", [&](std::string_view, std::string_view) {
                  ++term_entries;
                  return true;
                }).ok());
      WriteVersionAs(db, 7, cut == Cut::kMarked);
      CHECK(AllRecords(db) != expected);
    }
    size_t stopped_after = 0;
    if (cut == Cut::kStopped) {
      ExpectUpgradeStops(path, 2, "upgrade stopped after 2 claims");
      stopped_after = 2;
    }
    // The upgrade says how far it is, pass by pass.
    std::vector<std::string> progress;
    auto store = OpenRecordingProgress(path, &progress);
    REQUIRE(store.ok());
    REQUIRE(progress.size() >= 2);
    CHECK_THAT(progress[0],
               Catch::StartsWith("upgrading from format version 7: "
                                 "claim values: "));
    CHECK(std::count_if(progress.begin(), progress.end(),
                        [](const std::string& line) {
                          return line.starts_with(
                              "upgrading from format version 7: holder "
                              "entries: done, ");
                        }) == 1);
    CHECK(std::count_if(progress.begin(), progress.end(),
                        [](const std::string& line) {
                          return line.starts_with(
                              "upgrading from format version 7: term index: "
                              "done, ");
                        }) == 1);
    CHECK(std::count_if(progress.begin(), progress.end(),
                        [](const std::string& line) {
                          return line.starts_with(
                              "upgrading from format version 7: claim ids: "
                              "done, ");
                        }) == 1);
    CHECK_THAT(progress.back(),
               Catch::StartsWith("upgrading from format version 7: document "
                                 "records: done, "));
    CHECK_THAT(progress.back(), Catch::Contains(" records written ("));
    CHECK((*store)->opened_version() == 7);
    CHECK((*store)->upgraded_documents() == documents);
    CHECK((*store)->upgraded_claims() == claims - stopped_after);
    CHECK((*store)->upgraded_holders() ==
          (cut == Cut::kMarked ? (holders + 1) / 2 : holders));
    CHECK(term_entries > claims);
    CHECK((*store)->upgraded_terms() == term_entries);
    CHECK((*store)->upgraded_aliases() == AliasesIn(expected));
    CHECK((*store)->upgraded_entities() == CompactEntitiesIn(expected));
    ExpectUpgradedTo(store->get(), expected);
  }
}

TEST_CASE("a version 8 database's term entries are folded into lists",
          "[store]") {
  // Version 8 kept one term entry per claim (63); the upgrade folds them
  // into a list per term and day (68), and changes nothing else. Cut short
  // after 5 entries, it goes on with the ones left.
  for (const bool cut : {false, true}) {
    INFO("cut: " << cut);
    testing::TempDir dir;
    const std::string path = dir.File("db");
    Records expected;
    size_t entries = 0, lists = 0;
    {
      const std::unique_ptr<Store> store = StoriesAt(path);
      Db* db = store->db();
      expected = AllRecords(db);
      WriteTermsAs8(db);
      WriteIdsAs9(db);
      WriteClaimsAs(db, 10);
      WriteDocumentsAs10(db);
      REQUIRE(
          db->Scan(Cf::kTerms, "", [&](std::string_view k, std::string_view v) {
              CHECK(TermKey::Decode(k).ok());
              CHECK(v.empty());
              ++entries;
              return true;
            }).ok());
      for (const auto& [key, value] : expected) {
        lists += key.first == static_cast<size_t>(Cf::kTerms);
      }
      WriteFormatVersion(db, 8);
    }
    // Lists hold several claims: fewer lists than entries.
    REQUIRE(lists > 10);
    CHECK(entries > lists);
    if (cut) {
      ExpectUpgradeStops(path, 5, "upgrade stopped after 5 term entries",
                         "term index");
      // What it did is in lists already; a reader is refused meanwhile.
      DbOptions reader;
      reader.mode = DbOptions::Mode::kSecondary;
      reader.create_if_missing = false;
      CHECK_FALSE(Store::Open(path, reader).ok());
    }
    auto store = Store::Open(path, DbOptions{});
    REQUIRE(store.ok());
    CHECK((*store)->opened_version() == 8);
    // The claim values are all written again in the form of 11: cut, by
    // the first run, which stopped in a later pass (`upgrade-claims` says
    // none is left).
    const std::map<uint64_t, uint64_t> ids = IdsOfClaims(expected);
    CHECK((*store)->upgraded_claims() == (cut ? 0 : ids.size()));
    CHECK((*store)->upgraded_holders() == 0);
    CHECK((*store)->upgraded_terms() == entries - (cut ? 5 : 0));
    // And the pass that files claims under half their id, whole (the
    // version 9 test below cuts it short).
    CHECK((*store)->upgraded_ids() == ids.size());
    ExpectUpgradedTo(store->get(), expected);
    for (const auto& [num, id] : ids) {
      auto found = ClaimNumberOf((*store)->db(), id);
      REQUIRE(found.ok());
      CHECK(*found == num);
    }
  }
}

TEST_CASE("a version 9 database's claims are filed under half their id",
          "[store]") {
  // Versions 7 to 9 led from an id to its number by one entry per id (21),
  // the number its value; the upgrade files every claim under the high
  // half of its id (22) instead, and changes nothing else. Cut short
  // after 3 claims, it does them again and goes on.
  for (const bool cut : {false, true}) {
    INFO("cut: " << cut);
    testing::TempDir dir;
    const std::string path = dir.File("db");
    std::unique_ptr<Store> store = StoriesAt(path);
    const Records expected = AllRecords(store->db());
    size_t claims = 0, by_id = 0;
    for (const auto& [key, value] : expected) {
      claims += key.second[0] == static_cast<char>(Prefix::kClaim);
      by_id += key.second[0] == static_cast<char>(Prefix::kClaimById);
    }
    REQUIRE(claims > 4);
    CHECK(by_id == claims);
    WriteIdsAs9(store->db());
    WriteClaimsAs(store->db(), 10);
    WriteDocumentsAs10(store->db());
    size_t old = 0;
    REQUIRE(store->db()
                ->Scan(Cf::kClaims, "",
                       [&](std::string_view k, std::string_view) {
                         CHECK(k[0] != static_cast<char>(Prefix::kClaimById));
                         old += k[0] == static_cast<char>(Prefix::kClaimNumber);
                         return true;
                       })
                .ok());
    CHECK(old == claims);
    WriteFormatVersion(store->db(), 9);
    // As versions 10 and later see it, every id entry is retired.
    auto report = store->Check();
    REQUIRE(report.ok());
    CHECK(report->problems >= claims);
    store.reset();
    if (cut) {
      ExpectUpgradeStops(path, 3, "upgrade stopped after 3 claim ids",
                         "claim ids");
    }
    auto upgraded = Store::Open(path, DbOptions{});
    REQUIRE(upgraded.ok());
    CHECK((*upgraded)->opened_version() == 9);
    CHECK((*upgraded)->upgraded_claims() == (cut ? 0 : claims));
    CHECK((*upgraded)->upgraded_terms() == 0);
    CHECK((*upgraded)->upgraded_ids() == claims);
    ExpectUpgradedTo(upgraded->get(), expected);
    auto num = ClaimNumberOf((*upgraded)->db(), IdsOfClaims(expected).at(1));
    REQUIRE(num.ok());
    CHECK(*num == 1);
  }
}

TEST_CASE("a version 10 database's documents and claims are written again",
          "[store]") {
  // Versions 3 to 10 held each document's text hash in its record, and a
  // claim's resolved date and basis as text; the upgrade writes both
  // again, and nothing else. Cut short (every other document rewritten,
  // the `upgrading` record present; or stopped in either pass), it goes
  // on.
  enum class Cut { kNone, kMarked, kInDocuments, kInClaims };
  for (const Cut cut :
       {Cut::kNone, Cut::kMarked, Cut::kInDocuments, Cut::kInClaims}) {
    INFO("cut: " << static_cast<int>(cut));
    testing::TempDir dir;
    const std::string path = dir.File("db");
    Records expected;
    size_t documents = 0, claims = 0, old_bytes = 0, new_bytes = 0;
    {
      const std::unique_ptr<Store> store = StoriesAt(path);
      Db* db = store->db();
      expected = AllRecords(db);
      for (const auto& [key, value] : expected) {
        if (key.second[0] == static_cast<char>(Prefix::kDocument)) {
          ++documents;
          DocumentRecord r;
          REQUIRE(DecodeDocument(value, &r).ok());
          CHECK(EncodeDocument(r, 10).size() == value.size() + 8);
        }
        if (key.second[0] == static_cast<char>(Prefix::kClaim)) {
          ++claims;
          new_bytes += value.size();
          old_bytes += ClaimValueAs(key.second, value, 10).size();
        }
      }
      REQUIRE(documents >= 3);
      REQUIRE(claims > 4);
      // Nearly every claim is dated by its document: 32 bytes fewer each.
      CHECK(old_bytes > new_bytes + 20 * claims);
      WriteAliasesAs12(db);  // while the claims decode
      WriteEntitiesAs12(db);
      WriteClaimsAs(db, 10);
      WriteDocumentsAs10(db, cut == Cut::kMarked);
      WriteVersionAs(db, 10, cut == Cut::kMarked);
      CHECK(AllRecords(db) != expected);
    }
    if (cut == Cut::kInDocuments) {
      ExpectUpgradeStops(path, 2, "upgrade stopped after 2 document records",
                         "document records");
    }
    if (cut == Cut::kInClaims) {
      ExpectUpgradeStops(path, 3, "upgrade stopped after 3 claims",
                         "claim values");
    }
    std::vector<std::string> progress;
    auto store = OpenRecordingProgress(path, &progress);
    REQUIRE(store.ok());
    REQUIRE(progress.size() >= 2);
    CHECK_THAT(progress.front(),
               Catch::StartsWith("upgrading from format version 10: claim "
                                 "values: "));
    CHECK_THAT(progress.back(),
               Catch::StartsWith("upgrading from format version 10: document "
                                 "records: done, "));
    CHECK((*store)->opened_version() == 10);
    CHECK((*store)->upgraded_documents() ==
          (cut == Cut::kMarked        ? (documents + 1) / 2
           : cut == Cut::kInDocuments ? documents - 2
                                      : documents));
    CHECK((*store)->upgraded_claims() == (cut == Cut::kInDocuments ? 0
                                          : cut == Cut::kInClaims  ? claims - 3
                                                                   : claims));
    CHECK((*store)->upgraded_holders() == 0);
    CHECK((*store)->upgraded_terms() == 0);
    CHECK((*store)->upgraded_ids() == 0);
    CHECK((*store)->upgraded_aliases() ==
          (cut == Cut::kInDocuments ? 0 : AliasesIn(expected)));
    CHECK((*store)->upgraded_entities() ==
          (cut == Cut::kInDocuments ? 0 : CompactEntitiesIn(expected)));
    ExpectUpgradedTo(store->get(), expected);
  }
}

TEST_CASE("a version 11 database's claims are written again", "[store]") {
  // Versions 3 to 11 held each claim's document number in its value
  // beside the document id, which gives it (DocNum); the upgrade writes
  // the claim values again, and the alias entries (by document until
  // version 12), and nothing else: not the documents, which are in the
  // form of 12 already. Cut short, it goes on after the last
  // claim it did.
  for (const bool cut : {false, true}) {
    INFO("cut: " << cut);
    testing::TempDir dir;
    const std::string path = dir.File("db");
    Records expected;
    size_t claims = 0;
    {
      const std::unique_ptr<Store> store = StoriesAt(path);
      Db* db = store->db();
      expected = AllRecords(db);
      for (const auto& [key, value] : expected) {
        if (key.second[0] != static_cast<char>(Prefix::kClaim)) continue;
        ++claims;
        CHECK(ClaimValueAs(key.second, value, 11).size() == value.size() + 8);
      }
      REQUIRE(claims > 4);
      WriteAliasesAs12(db);  // while the claims decode
      WriteEntitiesAs12(db);
      WriteClaimsAs(db, 11);
      WriteFormatVersion(db, 11);
      CHECK(AllRecords(db) != expected);
    }
    if (cut) {
      ExpectUpgradeStops(path, 3, "upgrade stopped after 3 claims",
                         "claim values");
    }
    std::vector<std::string> progress;
    auto store = OpenRecordingProgress(path, &progress);
    REQUIRE(store.ok());
    REQUIRE_FALSE(progress.empty());
    CHECK_THAT(progress.front(),
               Catch::StartsWith("upgrading from format version 11: claim "
                                 "values: "));
    for (const std::string& line : progress) {
      CHECK_THAT(line, !Catch::Contains("document records"));
    }
    CHECK((*store)->opened_version() == 11);
    CHECK((*store)->upgraded_documents() == 0);
    CHECK((*store)->upgraded_claims() == (cut ? claims - 3 : claims));
    CHECK((*store)->upgraded_terms() == 0);
    CHECK((*store)->upgraded_ids() == 0);
    CHECK((*store)->upgraded_aliases() == AliasesIn(expected));
    CHECK((*store)->upgraded_entities() == CompactEntitiesIn(expected));
    ExpectUpgradedTo(store->get(), expected);
  }
}

TEST_CASE("a version 12 database's aliases and entities are written again",
          "[store]") {
  // Versions 3 to 12 keyed an alias entry by its document's number (40)
  // and wrote every entity's key name; the upgrade moves each alias to the
  // number of its document's first claim (41), writes again the entities
  // whose display name gives their key name, and writes nothing else. Cut
  // short (half of the aliases moved, the `upgrading` record present; or
  // stopped in the alias or the entity pass), it goes on with what is left.
  enum class Cut { kNone, kMarked, kStopped, kStoppedInEntities };
  for (const Cut cut :
       {Cut::kNone, Cut::kMarked, Cut::kStopped, Cut::kStoppedInEntities}) {
    INFO("cut: " << static_cast<int>(cut));
    testing::TempDir dir;
    const std::string path = dir.File("db");
    Records expected;
    size_t aliases = 0, documents_with_aliases = 0;
    {
      const std::unique_ptr<Store> store = StoriesAt(path);
      Db* db = store->db();
      expected = AllRecords(db);
      aliases = AliasesIn(expected);
      REQUIRE(aliases > 4);
      std::set<uint64_t> firsts;
      for (const auto& [key, value] : expected) {
        if (key.second[0] != static_cast<char>(Prefix::kAlias)) continue;
        firsts.insert(AliasKey::Decode(key.second)->first_claim);
      }
      documents_with_aliases = firsts.size();
      REQUIRE(documents_with_aliases > 1);
      WriteAliasesAs12(db, cut == Cut::kMarked);
      WriteEntitiesAs12(db);
      REQUIRE(CompactEntitiesIn(expected) > 4);
      WriteVersionAs(db, 12, cut == Cut::kMarked);
      const Records old = AllRecords(db);
      CHECK(old != expected);
      CHECK(AliasesIn(old) == (cut == Cut::kMarked ? aliases / 2 : 0));
      CHECK(CompactEntitiesIn(old) == 0);
    }
    if (cut == Cut::kStopped) {
      ExpectUpgradeStops(path, 2, "upgrade stopped after 2 aliases", "aliases");
    }
    if (cut == Cut::kStoppedInEntities) {
      ExpectUpgradeStops(path, 2, "upgrade stopped after 2 entities",
                         "entity values");
    }
    std::vector<std::string> progress;
    auto store = OpenRecordingProgress(path, &progress);
    REQUIRE(store.ok());
    REQUIRE_FALSE(progress.empty());
    for (const std::string& line : progress) {
      CHECK_THAT(line, !Catch::Contains("claim values"));
      CHECK_THAT(line, !Catch::Contains("document records"));
    }
    CHECK(std::count_if(progress.begin(), progress.end(),
                        [](const std::string& line) {
                          return line.starts_with(
                              "upgrading from format version 12: aliases: "
                              "done, ");
                        }) == 1);
    CHECK((*store)->opened_version() == 12);
    CHECK((*store)->upgraded_claims() == 0);
    CHECK((*store)->upgraded_documents() == 0);
    CHECK((*store)->upgraded_aliases() ==
          (cut == Cut::kMarked              ? (aliases + 1) / 2
           : cut == Cut::kStopped           ? aliases - 2
           : cut == Cut::kStoppedInEntities ? 0
                                            : aliases));
    CHECK((*store)->upgraded_entities() ==
          CompactEntitiesIn(expected) -
              (cut == Cut::kStoppedInEntities ? 2 : 0));
    ExpectUpgradedTo(store->get(), expected);
  }
}

TEST_CASE(
    "check names an alias entry of version 12 and one whose claim "
    "is gone",
    "[store]") {
  testing::TempDir dir;
  const std::unique_ptr<Store> store = StoriesAt(dir.File("db"));
  Db* db = store->db();
  const Records records = AllRecords(db);
  std::optional<AliasKey> some;
  for (const auto& [key, value] : records) {
    if (key.second[0] == static_cast<char>(Prefix::kAlias)) {
      some = *AliasKey::Decode(key.second);
      break;
    }
  }
  REQUIRE(some.has_value());
  rocksdb::WriteBatch batch;
  const std::string form = EncodeAliasForm(some->alias, some->alias);
  REQUIRE(batch
              .Put(db->cf(Cf::kAliases),
                   AliasByDocKey{some->alias, some->entity_id, 5}.Encode(),
                   form)
              .ok());
  // A number no claim has.
  AliasKey stray = *some;
  stray.first_claim = 1000000;
  REQUIRE(batch.Put(db->cf(Cf::kAliases), stray.Encode(), form).ok());
  REQUIRE(db->Write(&batch).ok());
  size_t problems = 0;
  const std::string messages = CheckMessages(store.get(), &problems);
  CHECK(problems == 2);
  CHECK_THAT(messages, Catch::Contains("is an entry of format version 12, "
                                       "by document"));
  CHECK_THAT(messages, Catch::Contains("1000000"));
}

TEST_CASE("an upgrade ignores the claim progress an earlier one left behind",
          "[store]") {
  // An upgrade removes its progress record after the `upgrading` one: cut
  // short in between, it leaves it behind, finished. The next upgrade,
  // not cut short itself, does every claim, not those after that record.
  testing::TempDir dir;
  const std::string path = dir.File("db");
  Records expected;
  size_t claims = 0;
  {
    const std::unique_ptr<Store> store = StoriesAt(path);
    Db* db = store->db();
    expected = AllRecords(db);
    for (const auto& [key, value] : expected) {
      claims += key.second[0] == static_cast<char>(Prefix::kClaim);
    }
    REQUIRE(claims > 4);
    WriteClaimsAs(db, 11);
    WriteFormatVersion(db, 11);
    std::string last;
    PutU64(&last, claims);  // every claim, as the upgrade to 11 ended
    PutMeta(db, kUpgradeClaimsName, last);
  }
  auto store = Store::Open(path, DbOptions{});
  REQUIRE(store.ok());
  CHECK((*store)->upgraded_claims() == claims);
  ExpectUpgradedTo(store->get(), expected);
}

TEST_CASE("an older claimtrack's upgrade cut short among the claims is refused",
          "[store]") {
  // A version 11 claimtrack upgrading from 10 stopped in its claim pass:
  // the claims up to its record are in the form of 11, the others of 10,
  // and this build cannot tell them apart. It refuses, names the version
  // to finish with, and writes nothing. Stopped before that pass wrote
  // anything (no record), the claims are all in the form of 10, and this
  // build upgrades it.
  for (const bool began : {true, false}) {
    INFO("began: " << began);
    testing::TempDir dir;
    const std::string path = dir.File("db");
    Records expected, before;
    {
      const std::unique_ptr<Store> store = StoriesAt(path);
      Db* db = store->db();
      expected = AllRecords(db);
      WriteClaimsAs(db, 10);
      WriteDocumentsAs10(db);
      WriteFormatVersion(db, 11);
      PutMetaU32(db, kUpgradingName, 10);
      if (began) {
        std::string last;
        PutU64(&last, 2);
        PutMeta(db, kUpgradeClaimsName, last);
      }
      before = AllRecords(db);
    }
    auto store = Store::Open(path, DbOptions{});
    if (!began) {
      REQUIRE(store.ok());
      CHECK((*store)->opened_version() == 10);
      ExpectUpgradedTo(store->get(), expected);
      continue;
    }
    REQUIRE_FALSE(store.ok());
    CHECK(store.status().IsInvalidArgument());
    CHECK_THAT(store.status().message(),
               Catch::Contains("an upgrade from format version 10 to 11 by "
                               "an older claimtrack was cut short after it "
                               "began rewriting claims: finish it with a "
                               "claimtrack of format version 11"));
    auto db = Db::Open(path, DbOptions{});
    REQUIRE(db.ok());
    CHECK(AllRecords(db->get()) == before);
  }
}

TEST_CASE("the numbering keeps a claim naming another document as it was",
          "[store]") {
  // A version 6 claim under one document's number but naming another
  // document id: the form of 12 would give it to the one its id names.
  // The numbering leaves the value as it was (under a number), for
  // `check`, as it does one that does not decode.
  testing::TempDir dir;
  const std::string path = dir.File("db");
  std::string damaged;
  {
    const std::unique_ptr<Store> store = StoriesAt(path);
    Db* db = store->db();
    KeyClaimsById(db);
    std::string key;
    REQUIRE(
        db->Scan(
              Cf::kClaims, std::string(1, static_cast<char>(Prefix::kClaim)),
              [&](std::string_view k, std::string_view v) {
                ClaimRecord r;
                REQUIRE(
                    DecodeClaim(ClaimKey::Decode(k)->claim_id, v, &r, 6).ok());
                r.claim.doc = "another-document";
                key = k;
                damaged = EncodeClaim(r, 6);
                return false;
              })
            .ok());
    rocksdb::WriteBatch batch;
    batch.Put(db->cf(Cf::kClaims), key, damaged);
    REQUIRE(db->Write(&batch).ok());
    WriteFormatVersion(db, 6);
  }
  auto store = Store::Open(path, DbOptions{});
  REQUIRE(store.ok());
  size_t kept = 0;
  REQUIRE(
      (*store)
          ->db()
          ->Scan(Cf::kClaims, std::string(1, static_cast<char>(Prefix::kClaim)),
                 [&](std::string_view k, std::string_view v) {
                   kept += v == damaged;
                   ClaimRecord r;
                   if (DecodeClaim(ClaimKey::Decode(k)->claim_id, v, &r).ok()) {
                     CHECK(r.claim.doc != "another-document");
                   }
                   return true;
                 })
          .ok());
  CHECK(kept == 1);
  auto report = (*store)->Check();
  REQUIRE(report.ok());
  CHECK(report->problems >= 1);
}

TEST_CASE("a version 11 claim whose document number is not its id's stays",
          "[store]") {
  // The form of 12 takes the number from the document id: a value of 11
  // that says otherwise is damaged, and left as it was for `check`, not
  // given its id's number.
  testing::TempDir dir;
  const std::string path = dir.File("db");
  std::string key, damaged;
  {
    const std::unique_ptr<Store> store = StoriesAt(path);
    Db* db = store->db();
    WriteClaimsAs(db, 11);
    REQUIRE(db->Scan(Cf::kClaims,
                     std::string(1, static_cast<char>(Prefix::kClaim)),
                     [&](std::string_view k, std::string_view v) {
                       ClaimRecord r;
                       REQUIRE(DecodeClaim(1, v, &r, 11).ok());
                       r.doc_num ^= 1;
                       key = k;
                       damaged = EncodeClaim(r, 11);
                       return false;
                     })
                .ok());
    rocksdb::WriteBatch batch;
    batch.Put(db->cf(Cf::kClaims), key, damaged);
    REQUIRE(db->Write(&batch).ok());
    WriteFormatVersion(db, 11);
  }
  auto store = Store::Open(path, DbOptions{});
  REQUIRE(store.ok());
  std::string stored;
  REQUIRE((*store)->db()->Get(Cf::kClaims, key, &stored).ok());
  CHECK(stored == damaged);
  auto report = (*store)->Check();
  REQUIRE(report.ok());
  CHECK(report->problems >= 1);
}

TEST_CASE("check finds term lists that miss a claim or name a lost one",
          "[store]") {
  testing::TempDir dir;
  const std::string path = dir.File("db");
  const std::unique_ptr<Store> store = StoriesAt(path);
  Db* db = store->db();
  std::vector<std::pair<std::string, TermPostings>> lists;
  REQUIRE(db->Scan(Cf::kTerms, "", [&](std::string_view k, std::string_view v) {
              TermPostings p;
              REQUIRE(DecodeTermPostings(v, &p).ok());
              lists.emplace_back(k, p);
              return true;
            }).ok());
  REQUIRE(lists.size() > 3);
  rocksdb::WriteBatch batch;
  // A claim taken out of one list; a claim number no claim has put in
  // another; and an entry in the form of version 8.
  const uint64_t dropped = lists[0].second.add[0];
  batch.Merge(db->cf(Cf::kTerms), lists[0].first, TermPostingRemove(dropped));
  batch.Merge(db->cf(Cf::kTerms), lists[1].first, TermPostingAdd(999999));
  batch.Put(db->cf(Cf::kTerms),
            TermPostingKey::Decode(lists[2].first)->ClaimKeyOfVersion8(1), "");
  REQUIRE(db->Write(&batch).ok());
  size_t problems = 0;
  const std::string all = CheckMessages(store.get(), &problems);
  INFO(all);
  CHECK(problems == 3);
  CHECK(all.find("is not in the term list " + EscapeBytes(lists[0].first)) !=
        std::string::npos);
  CHECK(all.find("999999") != std::string::npos);
  CHECK(all.find("is an entry of format version 8, not in a list") !=
        std::string::npos);
}

TEST_CASE("check finds claims filed under another id, or not at all",
          "[store]") {
  testing::TempDir dir;
  const std::string path = dir.File("db");
  const std::unique_ptr<Store> store = StoriesAt(path);
  Db* db = store->db();
  const std::map<uint64_t, uint64_t> ids = IdsOfClaims(AllRecords(db));
  REQUIRE(ids.size() > 3);
  const uint64_t unfiled = ids.at(1), misfiled = ids.at(2);
  rocksdb::WriteBatch batch;
  // Claim 1 not filed; claim 2 filed under half of another id as well;
  // a number no claim has; and an entry in the form of version 9.
  batch.Delete(db->cf(Cf::kClaims), ClaimByIdKey::Of(unfiled, 1).Encode());
  batch.Put(db->cf(Cf::kClaims), ClaimByIdKey::Of(~misfiled, 2).Encode(), "");
  batch.Put(db->cf(Cf::kClaims), ClaimByIdKey::Of(unfiled, 999999).Encode(),
            "");
  std::string num;
  PutU64(&num, 3);
  batch.Put(db->cf(Cf::kClaims), ClaimNumberKey{ids.at(3)}.Encode(), num);
  REQUIRE(db->Write(&batch).ok());
  size_t problems = 0;
  const std::string all = CheckMessages(store.get(), &problems);
  INFO(all);
  CHECK(problems == 4);
  CHECK(all.find("claim " + HexId(unfiled) + " lacks its key " +
                 EscapeBytes(ClaimByIdKey::Of(unfiled, 1).Encode())) !=
        std::string::npos);
  CHECK(all.find("claim number 2 is filed under an id it does not have") !=
        std::string::npos);
  CHECK(all.find("claim number 999999 is filed under an id it does not "
                 "have, or is missing") != std::string::npos);
  CHECK(all.find("is an entry of format version 9, by whole id") !=
        std::string::npos);
  // The id still finds its claim; the one not filed is lost to look-ups.
  CHECK(*ClaimNumberOf(db, misfiled) == 2);
  CHECK(ClaimNumberOf(db, unfiled).status().IsNotFound());
}

TEST_CASE("a writer upgrades a version 3 database in place, a reader asks",
          "[store]") {
  testing::TempDir dir;
  const std::string path = dir.File("db");
  std::set<std::string> index;
  {
    const std::unique_ptr<Store> store = StoriesAt(path);
    CHECK(store->opened_version() == kFormatVersion);
    // Made a version 3 database: claims keyed by id, half of the by-day
    // index (the other half is left, as a writer might have left it), no
    // members index, claim values without their last byte, the old
    // version record.
    Db* db = store->db();
    for (const auto& [key, value] : ById(AllRecords(db))) {
      if (key.first == static_cast<size_t>(Cf::kIndex))
        index.insert(key.second);
    }
    KeyClaimsById(db);
    rocksdb::WriteBatch batch;
    size_t n = 0, members = 0;
    REQUIRE(db->Scan(Cf::kIndex, "", [&](std::string_view k, std::string_view) {
                if (k[0] == static_cast<char>(Prefix::kClaimsByDay) &&
                    n++ % 2 == 0) {
                  batch.Delete(db->cf(Cf::kIndex), k);
                }
                if (k[0] == static_cast<char>(Prefix::kMembers)) {
                  batch.Delete(db->cf(Cf::kIndex), k);
                  ++members;
                }
                return true;
              }).ok());
    REQUIRE(n == 7);
    CHECK(members > 0);
    CHECK(StripCopyKeys(db, &batch) > 7);
    REQUIRE(
        db->Scan(Cf::kClaims, "", [&](std::string_view k, std::string_view v) {
            batch.Put(db->cf(Cf::kClaims), k, v.substr(0, v.size() - 1));
            return true;
          }).ok());
    std::string v;
    PutU32(&v, 3);
    batch.Put(db->cf(Cf::kDefault), MetaKey{kFormatVersionName}.Encode(), v);
    REQUIRE(db->Write(&batch).ok());
  }
  DbOptions reader;
  reader.mode = DbOptions::Mode::kSecondary;
  reader.create_if_missing = false;
  auto refused = Store::Open(path, reader);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().message().find(
            "has database format version 3; this claimtrack reads and writes "
            "version 13, and upgrades it in place when it opens it for "
            "writing: run 'claimtrack upgrade --db " +
            path + "' once") != std::string::npos);
  {
    auto store = Store::Open(path, DbOptions{});
    REQUIRE(store.ok());
    CHECK((*store)->opened_version() == 3);
    CHECK((*store)->upgraded_claims() == 7);
    CHECK((*store)->db()->format_version() == kFormatVersion);
    auto report = (*store)->Check();
    REQUIRE(report.ok());
    CHECK(report->problems == 0);
  }
  std::vector<ClaimsByDayKey> by_day;
  {
    auto store = Store::Open(path, reader);
    REQUIRE(store.ok());
    CHECK((*store)->opened_version() == kFormatVersion);
    CHECK((*store)->upgraded_claims() == 0);
    std::set<std::string> after;
    for (const auto& [key, value] : ById(AllRecords((*store)->db()))) {
      if (key.first == static_cast<size_t>(Cf::kIndex))
        after.insert(key.second);
    }
    REQUIRE((*store)
                ->db()
                ->Scan(Cf::kIndex, "",
                       [&](std::string_view k, std::string_view) {
                         if (auto d = ClaimsByDayKey::Decode(k); d.ok()) {
                           by_day.push_back(*d);
                         }
                         return true;
                       })
                .ok());
    CHECK(after == index);
  }
  // The check finds a by-day entry missing, one of the wrong kind and one
  // under another day.
  REQUIRE(by_day.size() == 7);
  auto store = Store::Open(path, DbOptions{});
  REQUIRE(store.ok());
  Db* db = (*store)->db();
  rocksdb::WriteBatch batch;
  batch.Delete(db->cf(Cf::kIndex), by_day[0].Encode());
  batch.Put(db->cf(Cf::kIndex), by_day[1].Encode(),
            EncodeDayValue(SpeakerKind::kAnonymous));
  ClaimsByDayKey moved = by_day[2];
  moved.day += 1;
  batch.Put(db->cf(Cf::kIndex), moved.Encode(),
            EncodeDayValue(SpeakerKind::kPerson));
  REQUIRE(db->Write(&batch).ok());
  auto report = (*store)->Check(100);
  REQUIRE(report.ok());
  std::string all;
  for (const std::string& m : report->messages) all += m + "\n";
  INFO(all);
  CHECK(report->problems == 3);
  CHECK(all.find("lacks its key f\\x") != std::string::npos);
  CHECK(all.find("wrong speaker kind in the by-day index") !=
        std::string::npos);
  CHECK(all.find("files its claim under another day or document") !=
        std::string::npos);
}

TEST_CASE("a writer upgrades a version 4 database: members and speaker scope",
          "[store]") {
  Fixture f;
  for (const Document& d : Stories()) f.Ingest(d);
  f.Ingest(Doc("anon-1", "1987-03-12", 0,
               "WASHINGTON, March 12 - An official of the Commerce "
               "Department said Japan had not stopped dumping chips."));
  auto records = [&] { return AllRecords(f.store().db()); };
  const Records expected = records();
  // The same records, whatever the numbers the upgrade gives the claims.
  const Records same = ById(expected);
  // Back to the records above (or others), numbers and all.
  auto restore = [&](const Records& to) {
    Db* db = f.store().db();
    rocksdb::WriteBatch batch;
    for (const auto& [key, value] : records()) {
      batch.Delete(db->cf(Cf(key.first)), key.second);
    }
    for (const auto& [key, value] : to) {
      batch.Put(db->cf(Cf(key.first)), key.second, value);
    }
    REQUIRE(db->Write(&batch).ok());
  };
  const auto is = [](const std::string& key, Prefix p) {
    return key[0] == static_cast<char>(p);
  };
  size_t members = 0, claims = 0, global = 0, local = 0;
  uint64_t global_claim = 0;
  for (const auto& [key, value] : expected) {
    if (is(key.second, Prefix::kMembers)) ++members;
    if (!is(key.second, Prefix::kClaim)) continue;
    ++claims;
    const uint64_t id = ClaimKey::Decode(key.second)->claim_id;
    const ClaimRecord r = f.Claim(id);
    if (r.speaker_global) {
      ++global;
      global_claim = id;
    } else if (r.speaker_entity != 0) {
      ++local;
    }
  }
  // Yeutter speaks for the United States in the chip stories; the
  // unnamed official, for the Commerce Department, is anon-1's alone.
  CHECK(members >= 2);
  CHECK(global > 0);
  CHECK(local > 0);
  // One-document speakers have AFFILIATED edges but are no members.
  size_t local_edges = 0;
  for (const auto& [key, value] : expected) {
    if (!is(key.second, Prefix::kEdgeOut)) continue;
    const EdgeKey e = *EdgeKey::Decode(key.second);
    if (e.type != EdgeType::kAffiliated) continue;
    EntityRecord from;
    REQUIRE(DecodeEntity(expected.at({static_cast<size_t>(Cf::kEntities),
                                      EntityKey{e.from.id}.Encode()}),
                         &from)
                .ok());
    if (from.scope_doc != 0) ++local_edges;
  }
  CHECK(local_edges > 0);

  // Makes a version 4 database: no members index, claim values without
  // their last byte (speaker_global), holder and mention entries without
  // copy keys. Or one whose upgrade was cut short: the first claim value
  // rewritten already, the version record new and the `upgrading` record
  // present.
  // `record` is the version the cut-short upgrade was going to (an older
  // build's upgrade to version 5 leaves 5).
  auto degrade = [&](bool cut_short, uint32_t record = kFormatVersion) {
    Db* db = f.store().db();
    KeyClaimsById(db);
    rocksdb::WriteBatch batch;
    CHECK(StripCopyKeys(db, &batch) > claims);
    bool first = true;
    for (const auto& [key, value] : records()) {
      if (is(key.second, Prefix::kMembers)) {
        batch.Delete(db->cf(Cf::kIndex), key.second);
      } else if (is(key.second, Prefix::kClaim) &&
                 !(std::exchange(first, false) && cut_short)) {
        batch.Put(db->cf(Cf::kClaims), key.second,
                  value.substr(0, value.size() - 1));
      }
    }
    std::string v;
    PutU32(&v, cut_short ? record : 4);
    batch.Put(db->cf(Cf::kDefault), MetaKey{kFormatVersionName}.Encode(), v);
    if (cut_short) {
      std::string from;
      PutU32(&from, 4);
      batch.Put(db->cf(Cf::kDefault), MetaKey{kUpgradingName}.Encode(), from);
    }
    REQUIRE(db->Write(&batch).ok());
  };
  for (const auto& [cut_short, record] : std::vector<std::pair<bool, uint32_t>>{
           {false, 0}, {true, kFormatVersion}, {true, 5}}) {
    INFO("cut short: " << cut_short << ", version record " << record);
    degrade(cut_short, record);
    if (cut_short) {
      DbOptions reader;
      reader.mode = DbOptions::Mode::kSecondary;
      reader.create_if_missing = false;
      auto refused = Store::Open(f.path(), reader);
      REQUIRE_FALSE(refused.ok());
      CHECK(refused.status().message() ==
            f.path() + ": its upgrade from format version 4 to " +
                std::to_string(record) +
                " was cut short: run "
                "'claimtrack upgrade --db " +
                f.path() + "' once");
    }
    f.Reopen();
    CHECK(f.store().opened_version() == 4);
    CHECK(f.store().upgraded_claims() == claims);
    CHECK(f.store().db()->format_version() == kFormatVersion);
    CHECK(ById(records()) == same);
    f.ExpectClean();
  }
  // An upgrade cut short in its numbering pass goes on after the last
  // document it finished, and gives the claims the numbers it would have.
  {
    degrade(false);
    const Records v4 = records();
    DbOptions stop;
    stop.upgrade_stop_after = 1;
    auto cut = f.OpenWith(stop);
    REQUIRE_FALSE(cut.ok());
    CHECK_THAT(cut.status().message(),
               Catch::Contains("upgrade stopped after 1 documents"));
    cut = Store::Open(f.path(), stop);  // the second document
    REQUIRE_FALSE(cut.ok());
    f.Reopen();
    CHECK(f.store().opened_version() == 4);
    CHECK(f.store().upgraded_claims() < claims);
    CHECK(ById(records()) == same);
    f.ExpectClean();
    const Records resumed = records();
    // Done in one go from the same start: the same numbers.
    restore(v4);
    f.Reopen();
    CHECK(f.store().upgraded_claims() == claims);
    CHECK(records() == resumed);
  }
  // Writes `batch` with the version record `version`.
  auto write_as = [](Db* db, rocksdb::WriteBatch* batch, uint32_t version) {
    std::string v;
    PutU32(&v, version);
    batch->Put(db->cf(Cf::kDefault), MetaKey{kFormatVersionName}.Encode(), v);
    REQUIRE(db->Write(batch).ok());
  };
  // Opens the database, which upgrades it from `version` to the records
  // of the start, clean.
  auto upgrade_from = [&](uint32_t version) {
    f.Reopen();
    CHECK(f.store().opened_version() == version);
    CHECK(ById(records()) == same);
    f.ExpectClean();
  };
  // The same numbering cut short by a version 7 claimtrack, which wrote
  // the claims it numbered in the form of version 7 and its own version
  // record: this one finishes the upgrade, those claims included.
  {
    degrade(false);
    DbOptions stop;
    stop.upgrade_stop_after = 2;
    REQUIRE_FALSE(f.OpenWith(stop).ok());
    {
      auto opened = Db::Open(f.path(), DbOptions{});
      REQUIRE(opened.ok());
      Db* db = opened->get();
      rocksdb::WriteBatch batch;
      size_t numbered = 0;
      // Its entries by id (21), where this one files the claims it
      // numbered under half their id (22).
      REQUIRE(db->Scan(Cf::kClaims,
                       std::string(1, static_cast<char>(Prefix::kClaimById)),
                       [&](std::string_view k, std::string_view) {
                         const uint64_t num =
                             ClaimByIdKey::Decode(k)->claim_num;
                         const std::string key = ClaimKey{num}.Encode();
                         std::string value;
                         REQUIRE(db->Get(Cf::kClaims, key, &value).ok());
                         ClaimRecord r;
                         uint64_t id = 0;
                         REQUIRE(DecodeClaim(num, value, &r).ok());
                         REQUIRE(ParseHexId(r.claim.id, &id));
                         std::string n;
                         PutU64(&n, num);
                         batch.Delete(db->cf(Cf::kClaims), k);
                         batch.Put(db->cf(Cf::kClaims),
                                   ClaimNumberKey{id}.Encode(), n);
                         batch.Put(db->cf(Cf::kClaims), key,
                                   ClaimValueAs(key, value, 7));
                         ++numbered;
                         return true;
                       })
                  .ok());
      CHECK(numbered > 0);
      CHECK(numbered < claims);
      write_as(db, &batch, 7);
    }
    upgrade_from(4);
  }
  // A version 5 database lacks the copy keys too; the check names each
  // entry without its key until the upgrade writes them.
  {
    Db* db = f.store().db();
    const Records v8 = records();
    rocksdb::WriteBatch batch;
    const size_t entries = StripCopyKeys(db, &batch);
    REQUIRE(db->Write(&batch).ok());
    auto report = f.store().Check(1000);
    REQUIRE(report.ok());
    CHECK(report->problems == entries);
    REQUIRE_FALSE(report->messages.empty());
    CHECK_THAT(report->messages[0],
               Catch::Contains("has the wrong terms, role or copy key"));
    // As version 5 had them: keyed by id, every term by hash, no copy.
    restore(v8);
    KeyClaimsById(db);
    batch.Clear();
    StripCopyKeys(db, &batch);
    write_as(db, &batch, 5);
    upgrade_from(5);
    CHECK(f.store().upgraded_claims() == claims);
  }
  // A claim lost from a version 5 database does not stop the upgrade: the
  // check names it, and does not blame its document's other copy keys.
  {
    restore(expected);  // global_claim's number
    Db* db = f.store().db();
    rocksdb::WriteBatch batch;
    const std::string lost = f.Claim(global_claim).claim.id;
    KeyClaimsById(db);
    StripCopyKeys(db, &batch);
    uint64_t lost_id = 0;
    REQUIRE(ParseHexId(lost, &lost_id));
    batch.Delete(db->cf(Cf::kClaims), ClaimKey{lost_id}.Encode());
    // And one no document lists, under another id.
    const uint64_t orphan = 0xfeedfacecafebeef;
    std::string value;
    REQUIRE(db->Get(Cf::kClaims, ClaimKey{lost_id}.Encode(), &value).ok());
    batch.Put(db->cf(Cf::kClaims), ClaimKey{orphan}.Encode(), value);
    std::string v;
    PutU32(&v, 5);
    batch.Put(db->cf(Cf::kDefault), MetaKey{kFormatVersionName}.Encode(), v);
    REQUIRE(db->Write(&batch).ok());
    f.Reopen();
    CHECK(f.store().upgraded_claims() == claims - 1);
    // Its holder entries are left as they were, unreadable to the linker:
    // the links wait, and the rest is upgraded.
    CHECK_FALSE(f.store().upgrade_link_error().ok());
    CHECK(f.store().links_deferred());
    auto report = f.store().Check(1000);
    REQUIRE(report.ok());
    std::string all;
    for (const std::string& m : report->messages) all += m + "\n";
    INFO(all);
    CHECK(all.find("is indexed but missing") != std::string::npos);
    CHECK(all.find("copy key") == std::string::npos);
    // The orphan is numbered too, after the others: no id is left for a
    // number, and the next claim stored follows them.
    auto number = ClaimNumberOf(f.store().db(), orphan);
    REQUIRE(number.ok());
    CHECK(*number == claims);  // claims - 1 numbered, then the orphan
    CHECK(*LastClaimNumber(f.store().db()) == claims);
    CHECK(f.Claim(*number).claim.id == HexId(orphan));
    CHECK(all.find("is not indexed under its document") != std::string::npos);
    // Put back as it was, for the checks below.
    restore(expected);
    f.ExpectClean();
  }

  // The check finds a claim whose speaker's scope is wrong, and a member
  // without its AFFILIATED edge.
  ClaimRecord wrong = f.Claim(global_claim);
  wrong.speaker_global = false;
  Db* db = f.store().db();
  rocksdb::WriteBatch batch;
  batch.Put(db->cf(Cf::kClaims), ClaimKey{global_claim}.Encode(),
            EncodeClaim(wrong));
  batch.Put(db->cf(Cf::kIndex), MemberKey{1, 2, 3}.Encode(), "");
  REQUIRE(db->Write(&batch).ok());
  auto report = f.store().Check(100);
  REQUIRE(report.ok());
  std::string all;
  for (const std::string& m : report->messages) all += m + "\n";
  INFO(all);
  // The speaker's scope is part of the claim's copy key, so its holder
  // entries (speaker, and the body it speaks for) no longer match either.
  std::string number;
  PutU64(&number, global_claim);
  size_t holder_entries = 0;
  for (const auto& [key, value] : expected) {
    holder_entries +=
        is(key.second, Prefix::kClaimsByHolder) && key.second.ends_with(number);
  }
  CHECK(holder_entries >= 1);
  CHECK(report->problems == 2 + holder_entries);
  CHECK(all.find("calls its speaker one document's, the entity says "
                 "otherwise") != std::string::npos);
  CHECK(all.find("has the wrong terms, role or copy key") != std::string::npos);
  CHECK(all.find("has no AFFILIATED edge") != std::string::npos);
}

// A database damaged in many ways (a document's listing, a claim record
// cut short, a text-hash entry, a holder entry's copy key, a key in the
// wrong family, and every fifth key of the rest deleted): the check names
// each problem, the same way and in the same order whatever its batch size
// (the lookups it queues before answering them in key order).
TEST_CASE("the check's report does not depend on how it batches lookups",
          "[store]") {
  Fixture f;
  for (const Document& d : Stories()) f.Ingest(d);
  f.Ingest(Doc("anon-1", "1987-03-12", 0,
               "WASHINGTON, March 12 - An official of the Commerce "
               "Department said Japan had not stopped dumping chips. "
               "\"We will not back down on semiconductors,\" Yeutter said."));
  f.ExpectClean();
  Db* db = f.store().db();
  const Records records = AllRecords(db);
  // Two documents spared the deletions below (their records, their claims
  // and their listing), and damaged on purpose: so that their checks read
  // their claims. chip-1 loses a claim's listing and has a record cut
  // short; chip-3 loses its text-hash entry and has a holder entry with
  // another copy key.
  std::set<std::pair<size_t, std::string>> exempt;
  auto spare = [&](std::string_view doc_id) {
    const uint64_t doc = DocNum(doc_id);
    exempt.insert({static_cast<size_t>(Cf::kDocs), DocumentKey{doc}.Encode()});
    std::vector<uint64_t> claims;
    for (const auto& [key, value] : records) {
      auto k = ClaimsByDocKey::Decode(key.second);
      if (static_cast<Cf>(key.first) == Cf::kIndex && k.ok() &&
          k->doc_num == doc) {
        exempt.insert(key);
        exempt.insert(
            {static_cast<size_t>(Cf::kClaims), ClaimKey{k->claim_id}.Encode()});
        claims.push_back(k->claim_id);
      }
    }
    REQUIRE(claims.size() >= 2);
    return std::make_pair(doc, claims);
  };
  const auto [chip1, chip1_claims] = spare("chip-1");
  const auto [chip3, chip3_claims] = spare("chip-3");
  rocksdb::WriteBatch batch;
  batch.Delete(db->cf(Cf::kIndex),
               ClaimsByDocKey{chip1, chip1_claims[0]}.Encode());
  {
    const std::string key = ClaimKey{chip1_claims[1]}.Encode();
    const std::string& value =
        records.at({static_cast<size_t>(Cf::kClaims), key});
    batch.Put(db->cf(Cf::kClaims), key, value.substr(0, value.size() / 2));
  }
  bool holder_changed = false;
  for (const auto& [key, value] : records) {
    auto holder = EntityTimeKey::Decode(key.second);
    if (static_cast<Cf>(key.first) == Cf::kIndex && key.second[0] == 0x61 &&
        holder.ok() && holder->claim_id == chip3_claims[0]) {
      HolderValue h;
      REQUIRE(DecodeHolder(value, &h, kFormatVersion).ok());
      h.copy += 1;
      batch.Put(db->cf(Cf::kIndex), key.second, EncodeHolder(h));
      exempt.insert(key);
      holder_changed = true;
      break;
    }
  }
  REQUIRE(holder_changed);
  {
    std::string bytes;
    REQUIRE(db->Get(Cf::kDocs, DocumentKey{chip3}.Encode(), &bytes).ok());
    DocumentRecord doc;
    REQUIRE(DecodeDocument(bytes, &doc).ok());
    const std::string key = TextHashKey{TextHash(doc.doc.text)}.Encode();
    batch.Delete(db->cf(Cf::kDocs), key);
    exempt.insert({static_cast<size_t>(Cf::kDocs), key});
  }
  // Every fifth key of the rest.
  size_t n = 0;
  for (const auto& [key, value] : records) {
    const Cf cf = static_cast<Cf>(key.first);
    if (cf == Cf::kDefault || exempt.count(key)) continue;
    if (++n % 5 == 2) batch.Delete(db->cf(cf), key.second);
  }
  // A key in the wrong family.
  batch.Put(db->cf(Cf::kEdges), ClaimKey{1}.Encode(), "");
  REQUIRE(db->Write(&batch).ok());

  auto full = f.store().Check(100000);
  REQUIRE(full.ok());
  std::string all;
  for (const std::string& m : full->messages) all += m + "\n";
  INFO(all);
  CHECK(full->problems == full->messages.size());
  CHECK(full->problems > 30);
  for (const char* kind :
       {"lacks its key", "points at missing claim number",
        "names a missing entity", "has a missing end", "lacks its mirror copy",
        "does not decode", "claims: undecodable",
        "has the wrong terms, role or copy key", "key of another family",
        "claims indexed, the record says",
        "text-hash entry is missing or points elsewhere"}) {
    CHECK_THAT(all, Catch::Contains(kind));
  }
  // In the order the questions were asked: each document's problems
  // first, then the keys'.
  size_t first_key_problem = full->messages.size();
  for (size_t i = 0; i < full->messages.size(); ++i) {
    if (!full->messages[i].starts_with("document \"")) {
      first_key_problem = std::min(first_key_problem, i);
    } else {
      CHECK(i < first_key_problem);
    }
  }
  CHECK(first_key_problem > 0);
  CHECK(first_key_problem < full->messages.size());

  for (size_t b : {size_t{1}, size_t{2}, size_t{7}, size_t{64}}) {
    INFO("batch " << b);
    auto report = f.store().Check(100000, b);
    REQUIRE(report.ok());
    CHECK(report->problems == full->problems);
    CHECK(report->documents == full->documents);
    CHECK(report->claims == full->claims);
    CHECK(report->keys == full->keys);
    CHECK(report->messages == full->messages);
  }
  // At most max_messages described: the first ones.
  auto few = f.store().Check(5, 3);
  REQUIRE(few.ok());
  CHECK(few->problems == full->problems);
  REQUIRE(few->messages.size() == 5);
  CHECK(std::equal(few->messages.begin(), few->messages.end(),
                   full->messages.begin()));
  auto none = f.store().Check(0);
  REQUIRE(none.ok());
  CHECK(none->problems == full->problems);
  CHECK(none->messages.empty());
}

// How many times `part` occurs in `text`.
size_t Occurrences(std::string_view text, std::string_view part) {
  size_t n = 0;
  for (size_t at = text.find(part); at != std::string_view::npos;
       at = text.find(part, at + 1)) {
    ++n;
  }
  return n;
}

TEST_CASE("the LOG leaves out the options the OPTIONS file holds", "[store]") {
  testing::TempDir dir;
  const std::string path = dir.File("db");
  REQUIRE(Store::Open(path, DbOptions{}).ok());
  const std::string created = testing::ReadFile(path + "/LOG");
  REQUIRE(Store::Open(path, DbOptions{}).ok());  // appended to
  const std::string log = testing::ReadFile(path + "/LOG");
  INFO(log.substr(0, 2000));
  // The header's other lines stay, once more for the second open.
  CHECK(Occurrences(created, "RocksDB version:") >= 1);
  CHECK(Occurrences(log, "RocksDB version:") ==
        Occurrences(created, "RocksDB version:") + 1);
  CHECK(log.find("DB SUMMARY") != std::string::npos);
  CHECK(log.find("Options.") == std::string::npos);
  CHECK(log.find("table_factory options:") == std::string::npos);
  // Where the options are.
  std::string options;
  for (const auto& entry : std::filesystem::directory_iterator(path)) {
    if (entry.path().filename().string().starts_with("OPTIONS-")) {
      options = testing::ReadFile(entry.path().string());
    }
  }
  CHECK(options.find("write_buffer_size=") != std::string::npos);
  CHECK(options.find("max_dict_bytes") != std::string::npos);
}

TEST_CASE("opening refuses files, foreign folders and other versions",
          "[store]") {
  testing::TempDir dir;
  const std::string file = dir.Write("plain.txt", "not a database");
  auto s = Store::Open(file, DbOptions{});
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().message().find("is a file") != std::string::npos);
  std::filesystem::create_directories(dir.File("other"));
  dir.Write("other/notes.txt", "mine");
  s = Store::Open(dir.File("other"), DbOptions{});
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().message().find("not a claimtrack database") !=
        std::string::npos);
  {
    auto db = Db::Open(dir.File("v"), DbOptions{});
    REQUIRE(db.ok());
    rocksdb::WriteBatch batch;
    std::string v;
    PutU32(&v, kFormatVersion + 1);
    batch.Put((*db)->cf(Cf::kDefault), MetaKey{kFormatVersionName}.Encode(), v);
    REQUIRE((*db)->Write(&batch).ok());
  }
  s = Store::Open(dir.File("v"), DbOptions{});
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().message().find("format version " +
                                  std::to_string(kFormatVersion + 1)) !=
        std::string::npos);
  {
    // A database older than the oldest upgradable version (2: term keys
    // with seconds, claim values with their id) is refused, naming both.
    auto db = Db::Open(dir.File("v2"), DbOptions{});
    REQUIRE(db.ok());
    rocksdb::WriteBatch batch;
    std::string v;
    PutU32(&v, 2);
    batch.Put((*db)->cf(Cf::kDefault), MetaKey{kFormatVersionName}.Encode(), v);
    REQUIRE((*db)->Write(&batch).ok());
  }
  s = Store::Open(dir.File("v2"), DbOptions{});
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().message().find("has database format version 2; this "
                                  "claimtrack reads and writes version 13 "
                                  "(ingest the articles again") !=
        std::string::npos);
  // A reader cannot create a database.
  DbOptions reader;
  reader.mode = DbOptions::Mode::kSecondary;
  reader.create_if_missing = false;
  s = Store::Open(dir.File("none"), reader);
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().IsNotFound());
}

TEST_CASE(
    "a second writer fails fast, naming the lock, and readers open "
    "beside the writer",
    "[store]") {
  testing::TempDir dir;
  auto writer = Store::Open(dir.File("db"), DbOptions{});
  REQUIRE(writer.ok());
  auto second = Store::Open(dir.File("db"), DbOptions{});
  REQUIRE_FALSE(second.ok());
  CHECK(second.status().message().find("in use by another") !=
        std::string::npos);
  DbOptions reader;
  reader.mode = DbOptions::Mode::kSecondary;
  reader.create_if_missing = false;
  auto read = Store::Open(dir.File("db"), reader);
  REQUIRE(read.ok());
}

}  // namespace
}  // namespace claimtrack::store

namespace claimtrack::store {
namespace {

TEST_CASE("anonymous sources: rank, domain, affiliation and number",
          "[store]") {
  auto lexicon = text::Lexicon::Builtin();
  REQUIRE(lexicon.ok());
  EntityResolver resolver(lexicon->get());
  AnonymousDescriptor d =
      resolver.Describe("two senior U.S. defense officials", "");
  CHECK(d.rank == "senior");
  CHECK(d.domain == "defense");
  CHECK(d.affiliation == "United States");
  CHECK(d.plural);
  d = resolver.Describe("a high-ranking White House official", "");
  CHECK(d.rank == "high-ranking");
  CHECK(d.affiliation == "White House");
  CHECK_FALSE(d.plural);
  d = resolver.Describe("sources", "");
  CHECK(d.rank.empty());
  CHECK(d.domain.empty());
  CHECK(d.plural);
  // The resolver's own affiliation wins.
  d = resolver.Describe("a senior defense official", "South Korea");
  CHECK(d.affiliation == "South Korea");

  // On the bundled sample, stored with the entity.
  Fixture f;
  auto extractor = Extractor::Create("");
  REQUIRE(extractor.ok());
  Document doc;
  doc.id = "sample";
  std::ifstream in(CLAIMTRACK_SOURCE_DIR
                   "/data/samples/south-korea-weapons-ukraine.txt");
  doc.text.assign(std::istreambuf_iterator<char>(in), {});
  f.Ingest(doc);
  // Given without a date, the page's header dates the document record.
  std::string bytes;
  REQUIRE(f.store()
              .db()
              ->Get(Cf::kDocs, DocumentKey{DocNum("sample")}.Encode(), &bytes)
              .ok());
  DocumentRecord record;
  REQUIRE(DecodeDocument(bytes, &record).ok());
  CHECK(record.doc.date == "2023-12-01");
  auto anonymous = f.store().Entities("senior defense official");
  REQUIRE(anonymous.ok());
  REQUIRE(anonymous->size() == 1);
  const EntityRecord& e = (*anonymous)[0].record;
  CHECK(e.kind == SpeakerKind::kAnonymous);
  CHECK(e.scope_doc != 0);
  REQUIRE(e.descriptor.has_value());
  CHECK(e.descriptor->rank == "senior");
  CHECK(e.descriptor->domain == "defense");
}

}  // namespace
}  // namespace claimtrack::store

namespace claimtrack::store {
namespace {

TEST_CASE("a reader removes the folders of readers that were killed",
          "[store]") {
  testing::TempDir dir;
  { REQUIRE(Store::Open(dir.File("db"), DbOptions{}).ok()); }
  // A process id that is surely gone: a child that has exited and been
  // waited for.
  const pid_t child = fork();
  if (child == 0) _exit(0);
  REQUIRE(child > 0);
  int status;
  REQUIRE(waitpid(child, &status, 0) == child);
  const std::filesystem::path stale =
      std::filesystem::temp_directory_path() /
      ("claimtrack-reader-" + std::to_string(child) + "-test");
  std::filesystem::create_directories(stale);
  DbOptions reader;
  reader.mode = DbOptions::Mode::kSecondary;
  reader.create_if_missing = false;
  {
    auto read = Store::Open(dir.File("db"), reader);
    REQUIRE(read.ok());
    CHECK_FALSE(std::filesystem::exists(stale));
  }
}

}  // namespace
}  // namespace claimtrack::store
