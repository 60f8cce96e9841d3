// Three short articles written for the store tests: Defense Minister Lee
// Jong-sup on weapons for Ukraine on 2023-11-20, 11-28 and 12-05, so that
// his indirect claims form an EARLIER chain (12-05 -> 11-28 -> 11-20) and
// his direct quotation of 11-28, said again on 12-05, gives a REPEATS
// link. NATO's Jens Stoltenberg speaks once, about Seoul.
#ifndef CLAIMTRACK_TESTS_STORE_LEE_ARTICLES_H_
#define CLAIMTRACK_TESTS_STORE_LEE_ARTICLES_H_

#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "claimtrack/extractor.h"
#include "store/store.h"

namespace claimtrack::testing {

inline Document LeeArticle(std::string id, std::string date, std::string text) {
  Document d;
  d.id = std::move(id);
  d.date = std::move(date);
  d.text = std::move(text);
  d.origin = "test:" + d.id;
  return d;
}

inline const std::vector<Document>& LeeArticles() {
  static const std::vector<Document> docs = {
      LeeArticle("lee-nov-20", "2023-11-20",
                 "Defense Minister Lee Jong-sup said on Monday that South "
                 "Korea would not send lethal weapons to Ukraine. NATO "
                 "Secretary General Jens Stoltenberg urged Seoul to "
                 "reconsider its export rules."),
      LeeArticle("lee-nov-28", "2023-11-28",
                 "Defense Minister Lee Jong-sup said on Tuesday that South "
                 "Korea was reviewing its rules on weapons exports to "
                 "Ukraine. \"We will not send lethal weapons to a country at "
                 "war,\" Lee said."),
      LeeArticle("lee-dec-05", "2023-12-05",
                 "Lee Jong-sup said that South Korea would keep its ban on "
                 "sending weapons to Ukraine for now. \"We will not send "
                 "lethal weapons to a country at war,\" Lee said again on "
                 "Tuesday."),
  };
  return docs;
}

inline uint64_t LeeId() {
  return store::EntityId(SpeakerKind::kPerson, "lee jong-sup", "");
}

// Extracts the articles and ingests them into a new database at `path`.
inline std::unique_ptr<store::Store> BuildLeeDatabase(const std::string& path) {
  auto extractor = Extractor::Create("");
  REQUIRE(extractor.ok());
  auto store = store::Store::Open(path, store::DbOptions{});
  REQUIRE(store.ok());
  for (const Document& doc : LeeArticles()) {
    auto ingested = (*store)->Ingest(doc, (*extractor)->Extract(doc), false);
    REQUIRE(ingested.ok());
  }
  return std::move(store).value();
}

}  // namespace claimtrack::testing

#endif  // CLAIMTRACK_TESTS_STORE_LEE_ARTICLES_H_
