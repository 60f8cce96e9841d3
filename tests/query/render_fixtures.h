// Hand-built timelines and audits for the renderer tests: a few ordinary
// rows and one document whose every field is hostile (markup, script,
// event handlers, a javascript: URL, a spreadsheet formula, control
// characters, ill-formed UTF-8).
#ifndef CLAIMTRACK_TESTS_QUERY_RENDER_FIXTURES_H_
#define CLAIMTRACK_TESTS_QUERY_RENDER_FIXTURES_H_

#include <string>

#include "query/audit.h"
#include "query/timeline.h"

namespace claimtrack::query::testing {

inline store::When Day(const std::string& iso) {
  store::When when;
  if (!iso.empty()) store::DayFromIsoDate(iso, &when.day);
  return when;
}

// A row whose sentence is `sentence`, placed at byte 100 of its document;
// `content` and the evidence `words` must occur in it.
inline ClaimRow Row(uint64_t id, const std::string& date,
                    const std::string& holder, Relation relation,
                    const std::string& speaker, const std::string& cue,
                    Position position, const std::string& sentence,
                    const std::string& content, const std::string& words = "") {
  ClaimRow row;
  row.claim_id = id;
  row.when = Day(date);
  row.date = date;
  row.doc_num = 1;
  row.doc_id = "reuters-chips";
  row.doc_title = "U.S. to impose tariffs on Japanese chips";
  row.outlet = "Reuters";
  row.url = "https://example.com/chips?a=1&b=2";
  row.doc_date = date;
  row.speaker = speaker;
  row.speaker_kind = SpeakerKind::kPerson;
  row.relation = relation;
  row.holder = holder;
  row.cue = cue;
  row.position = position;
  row.type = ClaimType::kIndirect;
  row.sentence = Span{100, static_cast<uint32_t>(100 + sentence.size())};
  row.sentence_text = sentence;
  row.content = content;
  if (!words.empty()) {
    const auto at = static_cast<uint32_t>(100 + sentence.find(words));
    row.evidence.push_back(
        {Span{at, static_cast<uint32_t>(at + words.size())}, words, "cue"});
  }
  row.subject_terms = {"tariffs", "semiconductors"};
  return row;
}

constexpr char kScript[] = "<script>alert(1)</script>";
constexpr char kImg[] = "<img src=x onerror=alert(2)>";
constexpr char kBreakout[] = "\"><svg onload=alert(3)>";

inline ClaimRow HostileRow(uint64_t id) {
  const std::string sentence = std::string("He said ") + kImg + " and " +
                               kScript + " while \x1b[31m'quoted'\x1b[0m.";
  ClaimRow row =
      Row(id, "1987-05-02", std::string("Japan ") + kBreakout, Relation::kAbout,
          std::string("<b>Mallory</b>") + kBreakout, "said' onmouseover='x",
          Position::kOpposes, sentence, std::string(kImg) + " and " + kScript);
  row.doc_id = std::string("doc\" onload=\"x") + kBreakout;
  row.doc_title = kScript;
  row.outlet = "=HYPERLINK(\"http://evil\",\"x\")";
  row.url = "javascript:alert(4)";
  row.title = "<i>Minister</i>";
  row.affiliation = "@SUM(A1)";
  row.evidence.push_back({Span{100, 102}, "<u>He</u>", "negation"});
  row.subject_terms = {"<em>x</em>"};
  return row;
}

inline Timeline SampleTimeline(bool hostile = true) {
  Timeline t;
  t.holders = {"United States", std::string("Japan ") + kBreakout};
  t.subject = "sanctions Japan semiconductors";
  t.rows.push_back(Row(0x1111, "1987-03-27", "United States", Relation::kOwn,
                       "Clayton Yeutter", "said", Position::kSupports,
                       "Yeutter said the U.S. will impose tariffs, a first.",
                       "the U.S. will impose tariffs", "will impose"));
  t.rows.push_back(Row(0x2222, "1987-04-17", "United States",
                       Relation::kAffiliated, "White House spokesman",
                       "announced", Position::kSupports,
                       "The spokesman announced the 100 pct tariffs on "
                       "Japanese chips, which take effect today.",
                       "the 100 pct tariffs on Japanese chips"));
  if (hostile) t.rows.push_back(HostileRow(0x6666));
  ClaimRow lifting =
      Row(0x3333, "1987-06-08", "United States", Relation::kReported, "Reuters",
          "", Position::kHedges,
          "The United States is considering lifting part of "
          "the sanctions, officials said.",
          "considering lifting part of the sanctions", "considering");
  lifting.shift = true;
  lifting.previous = Position::kSupports;
  t.rows.push_back(lifting);
  ClaimRow undated =
      Row(0x4444, "", "United States", Relation::kOwn, "Malcolm Baldrige",
          "warned", Position::kNeutral, "Baldrige warned that talks continue.",
          "that talks continue");
  t.rows.push_back(undated);
  return t;
}

inline AuditReport SampleAudit(bool hostile = true) {
  AuditReport report;
  AuditRow a;
  a.claim = Row(0xa1, "1987-03-28", "", Relation::kOwn, "a senior official",
                "said", Position::kNeutral,
                "A senior official, who asked not to be named because the "
                "talks are private, said Tokyo would retaliate.",
                "Tokyo would retaliate");
  a.claim.anonymous = true;
  a.claim.speaker_kind = SpeakerKind::kAnonymous;
  a.descriptor = "a senior official";
  a.specificity = Specificity{true, true, false, true};
  a.reason = "because the talks are private";
  a.corroborated = true;
  a.corroborated_by = "Clayton Yeutter";
  a.corroborating_claim = 0x1111;
  report.rows.push_back(a);
  AuditRow b;
  b.claim = Row(0xb2, "1987-04-20", "", Relation::kOwn, "sources", "said",
                Position::kNeutral, "Sources said the deal was near.",
                "the deal was near");
  b.claim.outlet = "Nikkei";
  b.claim.doc_id = "nikkei-1";
  b.descriptor = "sources";
  report.rows.push_back(b);
  if (hostile) {
    AuditRow h;
    h.claim = HostileRow(0xc3);
    h.descriptor = std::string("officials ") + kImg;
    h.reason = kScript;
    h.corroborated = true;
    h.corroborated_by = kBreakout;
    report.rows.push_back(h);
  }
  report.per_outlet = {{"Reuters", "", 20, 1, 1, 1},
                       {"Nikkei", "", 8, 1, 0, 0}};
  if (hostile) {
    report.per_outlet.push_back({HostileRow(1).outlet, "", 4, 1, 1, 1});
  }
  report.per_document = {
      {"reuters-chips", "U.S. to impose tariffs", 20, 1, 1, 1},
      {"nikkei-1", "Deal near", 8, 1, 0, 0}};
  if (hostile) {
    report.per_document.push_back({HostileRow(1).doc_id, kScript, 4, 1, 1, 1});
  }
  report.documents = 3;
  report.claims = 32;
  return report;
}

}  // namespace claimtrack::query::testing

#endif  // CLAIMTRACK_TESTS_QUERY_RENDER_FIXTURES_H_
