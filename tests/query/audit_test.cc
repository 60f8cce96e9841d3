// The anonymous-source audit on small written articles and the bundled
// sample: how specific descriptors are, stated reasons, corroboration by a
// named source, shares per document and outlet, the date and outlet
// filters, and the rows' document and sentence fields.
#include "query/audit.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "claimtrack/extractor.h"
#include "query/claim_rows.h"
#include "temp_dir.h"
#include "text/sample_fixture.h"
#include "text/terms.h"
#include "tool_run.h"

namespace claimtrack::query {
namespace {

Document Doc(std::string id, std::string outlet, std::string date,
             std::string text) {
  Document d;
  d.id = std::move(id);
  d.outlet = std::move(outlet);
  d.date = std::move(date);
  d.title = "Title of " + d.id;
  d.url = "https://example.com/" + d.id;
  d.text = std::move(text);
  d.origin = "test:" + d.id;
  return d;
}

// Two outlets and one document without an outlet; the first document has
// a specific source with a reason, corroborated by the trade minister, and
// vague sources without one.
const std::vector<Document>& Articles() {
  static const std::vector<Document> docs = {
      Doc("steel-1", "Daily Planet", "2023-03-01",
          "A senior trade official, who spoke on condition of anonymity to "
          "discuss the talks, said the government would raise tariffs on "
          "imported steel next month.\n\n"
          "Trade Minister Anna Berg said the government would raise tariffs "
          "on imported steel to protect local mills.\n\n"
          "Sources said the central bank was worried about inflation.\n\n"
          "Berg said the harvest had been good this year.\n"),
      Doc("steel-2", "Evening Star", "2023-05-10",
          "The steel quotas would end in June, two officials at the ministry "
          "said.\n\n"
          "Prime Minister Carl Holt said the economy was growing faster "
          "than expected.\n"),
      Doc("steel-3", "", "2023-05-12",
          "Finance Minister Eva Lund said taxes on fuel would fall in "
          "the autumn.\n"),
  };
  return docs;
}

class Fixture {
 public:
  Fixture() {
    auto extractor = Extractor::Create("");
    REQUIRE(extractor.ok());
    extractor_ = std::move(*extractor);
    auto store = store::Store::Open(dir_.File("db"), store::DbOptions{});
    REQUIRE(store.ok());
    store_ = std::move(*store);
  }
  void Ingest(const Document& doc) {
    REQUIRE(store_->Ingest(doc, extractor_->Extract(doc), false).ok());
  }
  void IngestArticles() {
    for (const Document& d : Articles()) Ingest(d);
  }
  AuditReport Audit(const AuditRequest& request = {}) {
    Result<AuditReport> report = AuditAnonymous(store_.get(), request);
    REQUIRE(report.ok());
    return std::move(*report);
  }
  store::Store* store() { return store_.get(); }
  const testing::TempDir& dir() const { return dir_; }

 private:
  testing::TempDir dir_;
  std::unique_ptr<Extractor> extractor_;
  std::unique_ptr<store::Store> store_;
};

const AuditRow* RowBy(const AuditReport& report, std::string_view descriptor) {
  for (const AuditRow& row : report.rows) {
    if (row.descriptor == descriptor) return &row;
  }
  return nullptr;
}

const AuditShare* ShareOf(const std::vector<AuditShare>& shares,
                          std::string_view key) {
  for (const AuditShare& s : shares) {
    if (s.key == key) return &s;
  }
  return nullptr;
}

Specificity Describe(std::string_view descriptor) {
  return DescribeSpecificity(testing::BuiltinLexicon(), descriptor, nullptr);
}

TEST_CASE("specificity: role, rank, organization and count of descriptors",
          "[query][audit]") {
  const Specificity sources = Describe("sources");
  CHECK(sources.score() == 0);

  const Specificity a_source = Describe("a source");
  CHECK(a_source.count);
  CHECK_FALSE(a_source.role);
  CHECK(a_source.score() == 1);

  const Specificity senior = Describe("a senior defense official");
  CHECK(senior.role);
  CHECK(senior.rank);
  CHECK(senior.organization);
  CHECK(senior.count);
  CHECK(senior.score() == 4);

  const Specificity ministry = Describe("two officials at the ministry");
  CHECK(ministry.count);
  CHECK(ministry.role);
  CHECK(ministry.organization);
  CHECK_FALSE(ministry.rank);
  CHECK(ministry.score() == 3);

  CHECK(Describe("people familiar with the matter").score() == 0);
  // "official" modifies "figures" here: no role.
  CHECK_FALSE(Describe("official figures").role);
  CHECK(Describe("an official close to the talks").role);
  const Specificity several = Describe("several senior diplomats");
  CHECK_FALSE(several.count);  // how many is not said
  CHECK(several.rank);
  CHECK(several.role);
  CHECK_FALSE(Describe("a few officials").count);
  CHECK(Describe("3 officials").count);
}

TEST_CASE("specificity: the stored facets add what the words do not show",
          "[query][audit]") {
  store::AnonymousDescriptor facets;
  facets.affiliation = "South Korea";  // the resolver's, for "a Korean aide"
  const Specificity s =
      DescribeSpecificity(testing::BuiltinLexicon(), "an official", &facets);
  CHECK(s.organization);
  CHECK(s.role);
  CHECK(s.count);
  CHECK_FALSE(s.rank);
}

TEST_CASE("same subject: both sides of the corroboration threshold",
          "[query][audit]") {
  auto terms = [](std::string_view text) {
    return text::TermHashes(text::ContentTerms(text));
  };
  // Two shared terms (tariff, steel) out of 4 + 4: Dice 0.5.
  CHECK(SameSubject(terms("tariffs steel imports month"),
                    terms("tariffs steel mills protect")));
  // One shared term is never enough, however short the contents.
  CHECK_FALSE(SameSubject(terms("steel tariffs"), terms("steel quotas")));
  // Two shared terms among many: Dice 4 / 22 < 0.2.
  CHECK_FALSE(SameSubject(
      terms("steel tariffs rise bank inflation worry harvest wheat rain "
            "drought"),
      terms("steel tariffs fall taxes fuel autumn economy growth jobs "
            "wages export")));
  // Exactly at the threshold: 2 shared of 10 + 10 = Dice 0.2.
  CHECK(SameSubject(
      terms("steel tariffs alpha bravo charlie delta echo foxtrot golf hotel"),
      terms("steel tariffs india juliet kilo lima mike november oscar papa")));
}

TEST_CASE("audit: rows, reasons and corroboration on written articles",
          "[query][audit]") {
  Fixture f;
  f.IngestArticles();
  const AuditReport report = f.Audit();
  for (const AuditRow& r : report.rows) UNSCOPED_INFO(r.descriptor);
  REQUIRE(report.rows.size() == 3);

  const AuditRow* senior = RowBy(report, "A senior trade official");
  REQUIRE(senior);
  CHECK(senior->reason == "to discuss the talks");
  CHECK(senior->specificity.score() == 4);
  CHECK(senior->corroborated);
  CHECK(senior->corroborated_by == "Anna Berg");
  CHECK(senior->corroborating_claim != 0);
  CHECK(senior->claim.doc_id == "steel-1");
  CHECK(senior->claim.outlet == "Daily Planet");
  CHECK(senior->claim.doc_title == "Title of steel-1");
  CHECK(senior->claim.url == "https://example.com/steel-1");
  CHECK(senior->claim.date == "2023-03-01");
  CHECK(senior->claim.anonymous);
  CHECK(senior->claim.cue == "said");
  CHECK(senior->claim.content.find("raise tariffs") != std::string::npos);
  CHECK(senior->claim.sentence_text.rfind("A senior trade official", 0) == 0);
  CHECK(senior->claim.sentence_text.ends_with("next month."));

  const AuditRow* sources = RowBy(report, "Sources");
  REQUIRE(sources);
  CHECK(sources->reason.empty());
  CHECK(sources->specificity.score() == 0);
  CHECK_FALSE(sources->corroborated);  // Berg spoke of tariffs and harvests

  const AuditRow* ministry = RowBy(report, "two officials at the ministry");
  REQUIRE(ministry);
  CHECK(ministry->specificity.score() == 3);
  CHECK_FALSE(ministry->corroborated);  // Holt spoke of the economy
  CHECK(ministry->claim.date == "2023-05-10");

  // By statement date.
  CHECK(report.rows.back().descriptor == "two officials at the ministry");
}

TEST_CASE("audit: shares per document and outlet", "[query][audit]") {
  Fixture f;
  f.IngestArticles();
  const AuditReport report = f.Audit();
  CHECK(report.documents == 3);
  CHECK(report.claims == 7);

  REQUIRE(report.per_document.size() == 2);  // steel-3 has no anonymous one
  const AuditShare* one = ShareOf(report.per_document, "steel-1");
  REQUIRE(one);
  CHECK(one->title == "Title of steel-1");
  CHECK(one->claims == 4);
  CHECK(one->anonymous == 2);
  CHECK(one->with_reason == 1);
  CHECK(one->corroborated == 1);

  REQUIRE(report.per_outlet.size() == 3);
  const AuditShare* star = ShareOf(report.per_outlet, "Evening Star");
  REQUIRE(star);
  CHECK(star->claims == 2);
  CHECK(star->anonymous == 1);
  const AuditShare* unknown = ShareOf(report.per_outlet, "unknown");
  REQUIRE(unknown);
  CHECK(unknown->claims == 1);
  CHECK(unknown->anonymous == 0);
}

TEST_CASE("audit: date and outlet filters", "[query][audit]") {
  Fixture f;
  f.IngestArticles();

  AuditRequest may;
  may.from = "2023-04-01";
  may.to = "2023-05-10";
  const AuditReport in_may = f.Audit(may);
  REQUIRE(in_may.rows.size() == 1);
  CHECK(in_may.rows[0].descriptor == "two officials at the ministry");
  CHECK(in_may.documents == 1);  // steel-3 (May 12) is after the range
  CHECK(in_may.claims == 2);

  AuditRequest planet;
  planet.outlet = "daily planet";  // any case
  const AuditReport daily = f.Audit(planet);
  CHECK(daily.rows.size() == 2);
  REQUIRE(daily.per_outlet.size() == 1);
  CHECK(daily.per_outlet[0].key == "Daily Planet");
  CHECK(daily.documents == 1);

  AuditRequest nothing;
  nothing.to = "2022-12-31";
  const AuditReport before = f.Audit(nothing);
  CHECK(before.rows.empty());
  CHECK(before.claims == 0);

  // An undated claim is in the open range only, not in one bounded on
  // either side.
  f.Ingest(Doc("undated", "Evening Star", "",
               "Farm subsidies would be cut, a person familiar with the "
               "budget said.\n"));
  CHECK(f.Audit().rows.size() == 4);
  CHECK(RowBy(f.Audit(), "a person familiar with the budget"));
  AuditRequest since;
  since.from = "2023-01-01";
  CHECK(f.Audit(since).rows.size() == 3);
  CHECK_FALSE(RowBy(f.Audit(since), "a person familiar with the budget"));
  AuditRequest until;
  until.to = "2030-01-01";
  CHECK(f.Audit(until).rows.size() == 3);

  AuditRequest bad;
  bad.from = "2023-13-01";
  CHECK(AuditAnonymous(f.store(), bad).status().code() ==
        Status::Code::kInvalidArgument);
  AuditRequest inverted;
  inverted.from = "2023-05-01";
  inverted.to = "2023-04-01";
  CHECK(AuditAnonymous(f.store(), inverted).status().code() ==
        Status::Code::kInvalidArgument);
}

TEST_CASE("audit: the bundled sample's senior defense official",
          "[query][audit]") {
  Fixture f;
  f.Ingest(testing::TheSample().doc);
  const AuditReport report = f.Audit();
  // The official is the source of two claims; the second gives the reason.
  const AuditRow* official = nullptr;
  for (const AuditRow& row : report.rows) {
    if (row.claim.sentence_text.starts_with("Threats from China")) {
      official = &row;
    }
  }
  REQUIRE(official);
  CHECK(official->descriptor == "a senior defense official");
  CHECK(official->reason == "to talk about policy matters");
  CHECK(official->specificity.score() == 4);
  CHECK(official->claim.doc_id == "sample");
  CHECK(official->claim.date == "2023-12-01");
  const std::string_view text = testing::TheSample().doc.text;
  CHECK(official->claim.sentence.In(text) == official->claim.sentence_text);
  CHECK(official->claim.cue == "said");
  CHECK(official->claim.content.starts_with("Threats from China"));
}

TEST_CASE(
    "claim rows: LoadClaimRow reads one claim or says NotFound and a "
    "forgotten document is read again",
    "[query][audit]") {
  Fixture f;
  f.IngestArticles();
  const AuditReport report = f.Audit();
  const AuditRow* senior = RowBy(report, "A senior trade official");
  REQUIRE(senior);
  DocCache docs(f.store());
  // Rows show claims by id; LoadClaimRow takes the number.
  Result<uint64_t> number =
      store::ClaimNumberOf(f.store()->db(), senior->corroborating_claim);
  REQUIRE(number.ok());
  Result<ClaimRow> berg = LoadClaimRow(f.store(), *number, &docs);
  REQUIRE(berg.ok());
  CHECK(berg->speaker == "Anna Berg");
  CHECK(berg->speaker_kind == SpeakerKind::kPerson);
  CHECK_FALSE(berg->anonymous);
  CHECK(berg->title == "Trade Minister");
  CHECK(berg->sentence_text.rfind("Trade Minister Anna Berg said", 0) == 0);
  CHECK(LoadClaimRow(f.store(), 12345, &docs).status().IsNotFound());

  // The document is replaced in the store: the cache still answers with
  // what it read, until it forgets it (as the audit does, document by
  // document).
  const uint64_t doc_num = senior->claim.doc_num;
  Result<const store::DocumentRecord*> cached = docs.Document(doc_num);
  REQUIRE(cached.ok());
  const std::string old_text = (*cached)->doc.text;
  Document changed = Articles()[0];
  changed.text += "\nBerg said the mills would reopen.\n";
  f.Ingest(changed);
  cached = docs.Document(doc_num);
  REQUIRE(cached.ok());
  CHECK((*cached)->doc.text == old_text);
  docs.Forget(doc_num);
  Result<const store::DocumentRecord*> again = docs.Document(doc_num);
  REQUIRE(again.ok());
  CHECK((*again)->doc.text == changed.text);
  docs.Forget(12345);  // never read: harmless
  CHECK(docs.Document(doc_num).ok());
}

TEST_CASE(
    "audit anonymous: the command beside the writer, its formats and "
    "errors",
    "[cli][audit]") {
  Fixture f;  // keeps the database open for writing: the tool reads beside
  f.IngestArticles();
  const std::string db = "--db " + f.dir().File("db");

  testing::Run jsonl =
      testing::RunTool(f.dir(), "audit anonymous --format jsonl " + db);
  INFO(jsonl.err);
  REQUIRE(jsonl.exit_code == 0);
  CHECK(jsonl.out.find("two officials at the ministry") != std::string::npos);
  CHECK(jsonl.out.find("to discuss the talks") != std::string::npos);

  testing::Run may = testing::RunTool(
      f.dir(), "audit anonymous --from 2023-04-01 --format jsonl " + db);
  REQUIRE(may.exit_code == 0);
  CHECK(may.out.find("A senior trade official") == std::string::npos);
  CHECK(may.out.find("two officials at the ministry") != std::string::npos);

  // Not a terminal: jsonl by default; the --out file's extension decides.
  const testing::Run piped = testing::RunTool(f.dir(), "audit anonymous " + db);
  CHECK(piped.out == jsonl.out);
  const std::string csv = f.dir().File("audit.csv");
  REQUIRE(testing::RunTool(f.dir(), "audit anonymous --out " + csv + " " + db)
              .exit_code == 0);
  const std::string csv_text = testing::ReadFile(csv);
  CHECK_FALSE(csv_text.empty());
  CHECK(csv_text.front() != '{');
  // Written as the rows come, through a temporary file: the same bytes as
  // standard output, and an audit that fails leaves an older file as it was
  // and no temporary one.
  const std::string out = f.dir().File("audit.jsonl");
  REQUIRE(testing::RunTool(f.dir(), "audit anonymous --out " + out + " " + db)
              .exit_code == 0);
  CHECK(testing::ReadFile(out) == jsonl.out);
  const testing::Run failed = testing::RunTool(
      f.dir(), "audit anonymous --from 2023-02-30 --out " + out + " " + db);
  CHECK(failed.exit_code != 0);
  CHECK(failed.err.find("audit.jsonl") != std::string::npos);
  CHECK(testing::ReadFile(out) == jsonl.out);
  // Refused before any row: not even CSV's header.
  const testing::Run failed_csv = testing::RunTool(
      f.dir(), "audit anonymous --from 2023-02-30 --format csv " + db);
  CHECK(failed_csv.exit_code != 0);
  CHECK(failed_csv.out.empty());
  // A path that is not a regular file is written in place.
  const testing::Run device = testing::RunTool(
      f.dir(), "audit anonymous --format jsonl --out /dev/stdout " + db);
  CHECK(device.exit_code == 0);
  CHECK(device.out == jsonl.out);
  // A symbolic link stays one; the file it names is replaced, or kept as
  // it was when the audit fails.
  const std::string real = f.dir().Write("real.jsonl", "old\n");
  const std::string link = f.dir().File("link.jsonl");
  std::filesystem::create_symlink(real, link);
  CHECK(testing::RunTool(f.dir(), "audit anonymous --from 2023-02-30 --out " +
                                      link + " " + db)
            .exit_code != 0);
  CHECK(testing::ReadFile(real) == "old\n");
  REQUIRE(testing::RunTool(f.dir(), "audit anonymous --out " + link + " " + db)
              .exit_code == 0);
  CHECK(std::filesystem::is_symlink(link));
  CHECK(testing::ReadFile(real) == jsonl.out);
  for (const auto& entry :
       std::filesystem::directory_iterator(f.dir().path())) {
    CHECK(entry.path().filename().string().find(".tmp-") == std::string::npos);
  }

  const testing::Run no_word = testing::RunTool(f.dir(), "audit " + db);
  CHECK(no_word.exit_code != 0);
  CHECK(no_word.err.find("audit anonymous") != std::string::npos);
  const testing::Run bad_date =
      testing::RunTool(f.dir(), "audit anonymous --to 2023-02-30 " + db);
  CHECK(bad_date.exit_code != 0);
  CHECK(bad_date.err.find("--to") != std::string::npos);
  const testing::Run help = testing::RunTool(f.dir(), "audit anonymous --help");
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("--outlet") != std::string::npos);
}

// Three documents whose anonymous claims interleave by statement date: the
// first has one on Tuesday the 7th and one on Thursday the 9th ("said on
// Tuesday" in an article of Friday the 10th), the second one on the 8th,
// the third one on the 7th.
void IngestInterleaved(Fixture* f) {
  f->Ingest(Doc("talks-a", "Daily Planet", "2023-03-10",
                "Tariffs on steel would rise in April, a senior trade "
                "official said on Tuesday.\n\n"
                "The mills would be protected, two officials at the ministry "
                "said on Thursday.\n\n"
                "Trade Minister Anna Berg said on Thursday that the mills "
                "would be protected by tariffs on steel.\n"));
  f->Ingest(Doc("talks-b", "Evening Star", "2023-03-08",
                "The steel quotas would end in June, a diplomat said.\n"));
  f->Ingest(Doc("talks-c", "Evening Star", "2023-03-07",
                "Coal imports would fall, sources said.\n"));
}

std::vector<std::string> Descriptors(const std::vector<AuditRow>& rows) {
  std::vector<std::string> out;
  for (const AuditRow& r : rows) out.push_back(r.descriptor);
  return out;
}

TEST_CASE("audit: a sink takes the rows day by day, in the report's order",
          "[query][audit]") {
  Fixture f;
  IngestInterleaved(&f);
  f.IngestArticles();

  std::vector<AuditRow> streamed;
  Result<AuditReport> summary =
      AuditAnonymous(f.store(), AuditRequest{}, [&](AuditRow&& row) {
        streamed.push_back(std::move(row));
        return Status::Ok();
      });
  REQUIRE(summary.ok());
  CHECK(summary->rows.empty());
  REQUIRE(streamed.size() == 7);
  for (size_t i = 1; i < streamed.size(); ++i) {
    CHECK(
        std::pair(streamed[i - 1].claim.when, streamed[i - 1].claim.claim_id) <
        std::pair(streamed[i].claim.when, streamed[i].claim.claim_id));
  }
  // March 1st (steel-1, two rows), then the first document's two rows on
  // either side of the second's, then May.
  const std::vector<std::string> order = Descriptors(streamed);
  CHECK(std::set<std::string>{order[2], order[3]} ==
        std::set<std::string>{"a senior trade official", "sources"});
  CHECK(order[4] == "a diplomat");
  CHECK(order[5] == "two officials at the ministry");
  CHECK(streamed[5].claim.doc_id == "talks-a");
  CHECK(streamed[5].claim.date == "2023-03-09");
  CHECK(streamed[5].corroborated_by == "Anna Berg");
  CHECK(streamed[6].claim.doc_id == "steel-2");

  // The same rows and shares as the report that keeps them, also when
  // every document is read again for each of its days.
  const AuditReport kept = f.Audit();
  AuditRequest one_open;
  one_open.max_open_documents = 1;
  const AuditReport reread = f.Audit(one_open);
  for (const AuditReport* r : {&kept, &reread}) {
    CHECK(Descriptors(r->rows) == order);
    CHECK(r->documents == summary->documents);
    CHECK(r->claims == summary->claims);
    REQUIRE(r->per_document.size() == summary->per_document.size());
    for (size_t i = 0; i < r->per_document.size(); ++i) {
      const AuditShare& a = r->per_document[i];
      const AuditShare& b = summary->per_document[i];
      CHECK(a.key == b.key);
      CHECK(std::tuple(a.claims, a.anonymous, a.with_reason, a.corroborated) ==
            std::tuple(b.claims, b.anonymous, b.with_reason, b.corroborated));
    }
    REQUIRE(r->per_outlet.size() == summary->per_outlet.size());
    for (size_t i = 0; i < r->per_outlet.size(); ++i) {
      CHECK(r->per_outlet[i].anonymous == summary->per_outlet[i].anonymous);
      CHECK(r->per_outlet[i].claims == summary->per_outlet[i].claims);
    }
  }
  for (size_t i = 0; i < streamed.size(); ++i) {
    CHECK(reread.rows[i].claim.claim_id == streamed[i].claim.claim_id);
    CHECK(reread.rows[i].corroborating_claim ==
          streamed[i].corroborating_claim);
    CHECK(reread.rows[i].claim.sentence_text ==
          streamed[i].claim.sentence_text);
  }
  const AuditShare* a = ShareOf(kept.per_document, "talks-a");
  REQUIRE(a);
  CHECK(a->claims == 3);
  CHECK(a->anonymous == 2);
  CHECK(a->corroborated == 2);  // Berg spoke of tariffs, steel and mills

  // With --outlet, the other outlet's documents are left out on every day.
  AuditRequest star;
  star.outlet = "Evening Star";
  star.max_open_documents = 1;
  const AuditReport evening = f.Audit(star);
  CHECK(Descriptors(evening.rows) ==
        std::vector<std::string>{"sources", "a diplomat",
                                 "two officials at the ministry"});
  CHECK(evening.per_document.size() == 3);
}

TEST_CASE("audit: an error from the sink ends the audit", "[query][audit]") {
  Fixture f;
  IngestInterleaved(&f);
  size_t calls = 0;
  Result<AuditReport> report =
      AuditAnonymous(f.store(), AuditRequest{}, [&](AuditRow&&) {
        ++calls;
        return Status::IOError("disk full");
      });
  CHECK(report.status().code() == Status::Code::kIOError);
  CHECK(calls == 1);
}

}  // namespace
}  // namespace claimtrack::query
