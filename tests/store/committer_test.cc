// Pipelined writes (Committer, Store::PipelineWrites): batches written on a
// thread of their own while the next ones are made, read through by the
// batches made after them, and stopped at the first failed write.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "claimtrack/extractor.h"
#include "store/lee_articles.h"
#include "store/store.h"
#include "store/store_layout.h"
#include "store/txn.h"
#include "temp_dir.h"

namespace claimtrack::store {
namespace {

using testing::LeeArticle;
using testing::LeeArticles;
using testing::TempDir;

// A document sequence that makes each batch read what the ones before it
// wrote, while they may still be queued: the same speakers and aliases in
// neighbouring documents, a document given twice (unchanged), the same
// text under another id (a duplicate), a known id with new text (a
// replacement, which reads the claims of the one it replaces), and more
// documents than the committer queues. Into a database that holds the
// first article already, and begins by replacing it with a text of no
// claims: its claims held the last claim numbers, which the next claim's
// number follows.
Document Earliest() { return LeeArticles()[0]; }

std::vector<Document> Sequence() {
  Document emptied = Earliest();
  emptied.text = "No comment today.";
  // A new document next: its first claim is numbered after the claims
  // the replacement removed.
  Document fresh = LeeArticles()[2];
  fresh.id = "lee-dec-05-first";
  fresh.text += " First report.";
  std::vector<Document> docs = {emptied, fresh};
  for (const Document& doc : LeeArticles()) docs.push_back(doc);
  docs.push_back(docs[3]);  // unchanged
  Document copy = docs[2];
  copy.id = "lee-nov-20-copy";  // the same text: a duplicate
  docs.push_back(copy);
  Document changed = docs[4];
  changed.text += " Lee spoke in Seoul.";  // replaces lee-dec-05
  docs.push_back(changed);
  for (int i = 0; i < 2 * static_cast<int>(Committer::kDepth); ++i) {
    const Document& base = LeeArticles()[i % 3];
    // A valid date for each: 2024-MM-DD, a month per 28 documents.
    char date[11];
    std::snprintf(date, sizeof(date), "2024-%02d-%02d", 1 + (i / 28) % 12,
                  1 + i % 28);
    docs.push_back(LeeArticle(
        base.id + "-" + std::to_string(i), date,
        base.text + " Reporting by desk " + std::to_string(i) + "."));
    if (i == 5) {
      Document again = docs[docs.size() - 2];  // replaced, one apart
      again.text += " Updated.";
      docs.push_back(again);
    }
  }
  return docs;
}

struct Ingested {
  Records records;
  std::vector<IngestOutcome> returned;  // by Ingest, in order
  std::vector<IngestOutcome> written;   // by the callback, in order
};

Ingested IngestSequence(const std::string& path, const DbOptions& options,
                        bool pipelined) {
  auto extractor = Extractor::Create("");
  REQUIRE(extractor.ok());
  Ingested out;  // outlives the store, whose writes fill it
  {
    auto first = Store::Open(path, options);
    REQUIRE(first.ok());
    const Document doc = Earliest();
    REQUIRE((*first)->Ingest(doc, (*extractor)->Extract(doc), false).ok());
  }
  auto store = Store::Open(path, options);
  REQUIRE(store.ok());
  if (pipelined) {
    // Each document's reads meet the most queued documents.
    (*store)->set_lazy_writes_for_testing(true);
    (*store)->PipelineWrites(
        [&out](const IngestResult& r) { out.written.push_back(r.outcome); });
  }
  for (const Document& doc : Sequence()) {
    auto r = (*store)->Ingest(doc, (*extractor)->Extract(doc), false);
    INFO(doc.id << ": " << r.status().ToString());
    REQUIRE(r.ok());
    out.returned.push_back(r->outcome);
  }
  if (pipelined) REQUIRE((*store)->FinishWrites().ok());
  out.records = AllRecords((*store)->db());
  return out;
}

TEST_CASE("pipelined writes store what a write per document stores",
          "[store]") {
  for (const bool bulk_load : {false, true}) {
    INFO("bulk load: " << bulk_load);
    TempDir dir;
    DbOptions options;
    options.bulk_load = bulk_load;
    const Ingested one = IngestSequence(dir.File("one"), options, false);
    const Ingested piped = IngestSequence(dir.File("piped"), options, true);
    CHECK(piped.returned == one.returned);
    // Each document once, in order, once written.
    CHECK(piped.written == one.returned);
    CHECK(std::count(one.returned.begin(), one.returned.end(),
                     IngestOutcome::kUnchanged) == 1);
    CHECK(std::count(one.returned.begin(), one.returned.end(),
                     IngestOutcome::kDuplicate) == 1);
    CHECK(std::count(one.returned.begin(), one.returned.end(),
                     IngestOutcome::kReplaced) == 4);
    // Byte for byte: the same claim numbers, entities, links and index.
    CHECK(piped.records.size() == one.records.size());
    CHECK(piped.records == one.records);
  }
}

// A database, `count` Txns reading after a lazy committer (nothing is
// written until kDepth batches wait or the writer does, so that reads meet
// as many queued batches as can be).
struct LazyPipeline {
  explicit LazyPipeline(size_t count) {
    auto opened = Db::Open(dir.File("db"), DbOptions{});
    REQUIRE(opened.ok());
    db = std::move(*opened);
    committer = std::make_unique<Committer>();
    committer->set_lazy_for_testing(true);
    for (size_t i = 0; i < count; ++i) {
      txns.push_back(std::make_unique<Txn>(db.get()));
      txns.back()->ReadAfter(committer.get());
    }
  }
  TempDir dir;
  std::unique_ptr<Db> db;
  std::vector<std::unique_ptr<Txn>> txns;  // outlive the committer
  std::unique_ptr<Committer> committer;
};

TEST_CASE("the committer's queue is bounded by bytes as well as batches",
          "[store]") {
  LazyPipeline pipe(4);
  Committer& committer = *pipe.committer;
  std::vector<std::unique_ptr<Txn>>& txns = pipe.txns;
  // Each batch a third of the bound: the fourth Start finds three queued,
  // past it, and waits for the oldest.
  const std::string big(Committer::kQueuedBytes / 3 + 1, 'x');
  std::vector<int> written;
  for (int i = 0; i < 3; ++i) {
    txns[i]->Put(Cf::kDocs, "d" + std::to_string(i), big);
    REQUIRE(committer
                .Start(txns[i].get(), "batch " + std::to_string(i),
                       [&written, i] { written.push_back(i); })
                .ok());
  }
  CHECK(written.empty());  // three queued, under kDepth: none written
  txns[3]->Put(Cf::kDocs, "d3", "small");
  REQUIRE(
      committer
          .Start(txns[3].get(), "batch 3", [&written] { written.push_back(3); })
          .ok());
  // The oldest landed before the fourth was queued (the batches after it
  // may have too).
  REQUIRE_FALSE(written.empty());
  CHECK(written.front() == 0);
  CHECK(committer.Queued(txns[3].get()));
  REQUIRE(committer.Wait().ok());
  CHECK(written == std::vector<int>{0, 1, 2, 3});
  std::string value;
  REQUIRE(pipe.db->Get(Cf::kDocs, "d2", &value).ok());
  CHECK(value == big);
}

TEST_CASE("a batch reads the writes of those queued before it", "[store]") {
  // Each read meets the most queued batches.
  LazyPipeline pipe(Committer::kDepth + 1);
  Committer& committer = *pipe.committer;
  std::vector<std::unique_ptr<Txn>>& txns = pipe.txns;
  int written = 0;
  // Each batch reads the last one's key and writes the next: a chain that
  // only holds if every read sees the batch before it, queued or landed.
  std::string value;
  for (size_t i = 0; i < 3 * txns.size(); ++i) {
    Txn& txn = *txns[i % txns.size()];
    REQUIRE_FALSE(committer.Queued(&txn));
    if (i > 0) {
      REQUIRE(txn.Get(Cf::kEntities, "k" + std::to_string(i - 1), &value).ok());
      CHECK(value == std::to_string(i - 1));
      if (i > 1) {
        // Deleted by the batch before.
        CHECK(txn.Get(Cf::kEntities, "k" + std::to_string(i - 2), &value)
                  .IsNotFound());
      }
      txn.Delete(Cf::kEntities, "k" + std::to_string(i - 1));
    }
    // A scan of a prefix a queued batch wrote waits for it to land.
    int seen = 0;
    REQUIRE(txn.Scan(Cf::kAliases, "a",
                     [&](std::string_view, std::string_view) {
                       ++seen;
                       return true;
                     })
                .ok());
    CHECK(seen == static_cast<int>(i));
    txn.Put(Cf::kAliases, "a" + std::to_string(1000 + i), "");
    txn.Put(Cf::kEntities, "k" + std::to_string(i), std::to_string(i));
    REQUIRE(committer
                .Start(&txn, "batch " + std::to_string(i),
                       [&written] { ++written; })
                .ok());
  }
  REQUIRE(committer.Wait().ok());
  CHECK(committer.Idle());
  CHECK(written == static_cast<int>(3 * txns.size()));
  std::string last;
  REQUIRE(pipe.db->Get(Cf::kEntities, "k" + std::to_string(written - 1), &last)
              .ok());
  CHECK(last == std::to_string(written - 1));
  CHECK(pipe.db->Get(Cf::kEntities, "k0", &last).IsNotFound());
}

TEST_CASE("a failed write names its batch and drops those queued after it",
          "[store]") {
  TempDir dir;
  {
    auto db = Db::Open(dir.File("db"), DbOptions{});
    REQUIRE(db.ok());
  }
  // A secondary instance refuses writes: every write fails.
  DbOptions reader;
  reader.mode = DbOptions::Mode::kSecondary;
  auto db = Db::Open(dir.File("db"), reader);
  REQUIRE(db.ok());
  Txn first(db->get()), second(db->get()), third(db->get());
  Committer committer;
  for (Txn* txn : {&first, &second, &third}) txn->ReadAfter(&committer);
  int written = 0;
  first.Put(Cf::kEntities, "a", "1");
  REQUIRE(committer.Start(&first, "document \"a\"", [&] { ++written; }).ok());
  second.Put(Cf::kEntities, "b", "2");
  // Queued behind the first, or refused when the first's failure is
  // already known.
  const Status started =
      committer.Start(&second, "document \"b\"", [&] { ++written; });
  const Status waited = committer.Wait();
  const Status failure = started.ok() ? waited : started;
  REQUIRE_FALSE(failure.ok());
  CHECK_THAT(failure.message(), Catch::Contains("writing document \"a\""));
  CHECK(written == 0);
  CHECK(committer.Idle());
  // Both batches are empty again, and the next one is written (here,
  // fails again) on its own.
  CHECK(first.pending_writes() == 0);
  CHECK(second.pending_writes() == 0);
  third.Put(Cf::kEntities, "c", "3");
  REQUIRE(committer.Start(&third, "document \"c\"", [&] { ++written; }).ok());
  const Status again = committer.Wait();
  REQUIRE_FALSE(again.ok());
  CHECK_THAT(again.message(), Catch::Contains("writing document \"c\""));
  CHECK(written == 0);
  // An empty batch has nothing to write: done at once.
  REQUIRE(committer.Start(&first, "nothing", [&] { ++written; }).ok());
  CHECK(written == 1);
  CHECK(committer.Idle());
}

}  // namespace
}  // namespace claimtrack::store
