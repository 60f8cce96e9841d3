// JSON Lines and CSV: every field of a row, under stable names. JSON keys
// keep the order written here (ordered_json); text that is not valid UTF-8
// is replaced, not an error. CSV has one header line and one line per row;
// lists (evidence, subject terms) are joined with "; ".
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "query/render_formats.h"
#include "query/render_text.h"

namespace claimtrack::query::render {

namespace {

using Json = nlohmann::ordered_json;

void WriteJsonLine(const Json& j, std::ostream& out) {
  out << j.dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
}

Json SpanJson(const Span& span) {
  return Json{{"begin", span.begin}, {"end", span.end}};
}

// The fields every row has: the claim, its speaker and its document.
Json ClaimJson(const ClaimRow& row) {
  Json j;
  j["claim"] = Hex(row.claim_id);
  j["date"] = row.date;
  j["doc"] = Json{{"id", row.doc_id},       {"num", row.doc_num},
                  {"title", row.doc_title}, {"outlet", row.outlet},
                  {"url", row.url},         {"date", row.doc_date}};
  j["speaker"] =
      Json{{"name", row.speaker},
           {"entity",
            row.speaker_entity == 0 ? Json() : Json(Hex(row.speaker_entity))},
           {"kind", SpeakerKindName(row.speaker_kind)},
           {"title", row.title},
           {"affiliation", row.affiliation},
           {"anonymous", row.anonymous}};
  j["type"] = ClaimTypeName(row.type);
  j["cue"] = row.cue;
  j["content"] = row.content;
  Json sentence = SpanJson(row.sentence);
  sentence["text"] = row.sentence_text;
  j["sentence"] = sentence;
  return j;
}

std::string JoinEvidence(const ClaimRow& row) {
  std::string joined;
  for (const StanceEvidence& e : row.evidence) {
    if (!joined.empty()) joined += "; ";
    joined += e.role + ": " + e.words;
  }
  return joined;
}

std::string Join(const std::vector<std::string>& words) {
  std::string joined;
  for (const std::string& w : words) {
    if (!joined.empty()) joined += "; ";
    joined += w;
  }
  return joined;
}

void CsvLine(const std::vector<std::string>& cells, std::ostream& out) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out << ',';
    out << CsvField(cells[i]);
  }
  out << "\r\n";  // RFC 4180's line break
}

Json ShareJson(const char* record, const AuditShare& s) {
  Json j{{"record", record}, {"key", s.key}};
  if (std::string_view(record) == "document") j["title"] = s.title;
  j["claims"] = s.claims;
  j["anonymous"] = s.anonymous;
  j["with_reason"] = s.with_reason;
  j["corroborated"] = s.corroborated;
  return j;
}

}  // namespace

void TimelineJsonl(const Timeline& timeline, std::ostream& out) {
  for (const ClaimRow& row : timeline.rows) {
    Json j = ClaimJson(row);
    j["relation"] = RelationName(row.relation);
    j["holder"] = row.holder;
    j["position"] = PositionName(row.position);
    Json evidence = Json::array();
    for (const StanceEvidence& e : row.evidence) {
      evidence.push_back(Json{{"begin", e.span.begin},
                              {"end", e.span.end},
                              {"words", e.words},
                              {"role", e.role}});
    }
    j["evidence"] = evidence;
    j["shift"] = row.shift;
    j["previous"] = row.shift ? Json(PositionName(row.previous)) : Json();
    j["subject_terms"] = row.subject_terms;
    WriteJsonLine(j, out);
  }
}

namespace {

void AuditJsonlRow(const AuditRow& row, std::ostream& out) {
  Json j{{"record", "anonymous_claim"}};
  j.update(ClaimJson(row.claim));
  j["descriptor"] = row.descriptor;
  j["specificity"] = Json{{"score", row.specificity.score()},
                          {"role", row.specificity.role},
                          {"rank", row.specificity.rank},
                          {"organization", row.specificity.organization},
                          {"count", row.specificity.count}};
  j["reason"] = row.reason;
  j["corroborated"] = row.corroborated;
  j["corroborated_by"] = row.corroborated_by;
  j["corroborating_claim"] = row.corroborating_claim == 0
                                 ? Json()
                                 : Json(Hex(row.corroborating_claim));
  WriteJsonLine(j, out);
}

void AuditJsonlShares(const AuditReport& report, std::ostream& out) {
  for (const AuditShare& s : report.per_outlet) {
    WriteJsonLine(ShareJson("outlet", s), out);
  }
  for (const AuditShare& s : report.per_document) {
    WriteJsonLine(ShareJson("document", s), out);
  }
}

void AuditCsvHeader(std::ostream& out) {
  CsvLine({"claim", "date", "doc_id", "doc_title", "outlet", "url",
           "descriptor", "specificity", "role", "rank", "organization", "count",
           "reason", "corroborated", "corroborated_by", "corroborating_claim",
           "cue", "content"},
          out);
}

void AuditCsvRow(const AuditRow& row, std::ostream& out) {
  const Specificity& s = row.specificity;
  CsvLine(
      {Hex(row.claim.claim_id), row.claim.date, row.claim.doc_id,
       row.claim.doc_title, row.claim.outlet, row.claim.url, row.descriptor,
       std::to_string(s.score()), s.role ? "yes" : "no", s.rank ? "yes" : "no",
       s.organization ? "yes" : "no", s.count ? "yes" : "no", row.reason,
       row.corroborated ? "yes" : "no", row.corroborated_by,
       row.corroborating_claim == 0 ? "" : Hex(row.corroborating_claim),
       row.claim.cue, row.claim.content},
      out);
}

}  // namespace

// Rows ("record": "anonymous_claim"), then the shares per outlet and per
// document, each line saying which it is.
void AuditJsonl(const AuditReport& report, std::ostream& out) {
  for (const AuditRow& row : report.rows) AuditJsonlRow(row, out);
  AuditJsonlShares(report, out);
}

void TimelineCsv(const Timeline& timeline, std::ostream& out) {
  CsvLine({"claim",
           "date",
           "holder",
           "relation",
           "speaker",
           "speaker_kind",
           "speaker_title",
           "speaker_affiliation",
           "anonymous",
           "type",
           "cue",
           "position",
           "shift",
           "previous",
           "content",
           "evidence",
           "subject_terms",
           "doc_id",
           "doc_title",
           "outlet",
           "doc_date",
           "url",
           "sentence_begin",
           "sentence_end"},
          out);
  for (const ClaimRow& row : timeline.rows) {
    CsvLine({Hex(row.claim_id),
             row.date,
             row.holder,
             RelationName(row.relation),
             row.speaker,
             SpeakerKindName(row.speaker_kind),
             row.title,
             row.affiliation,
             row.anonymous ? "yes" : "no",
             ClaimTypeName(row.type),
             row.cue,
             PositionName(row.position),
             row.shift ? "yes" : "no",
             row.shift ? PositionName(row.previous) : "",
             row.content,
             JoinEvidence(row),
             Join(row.subject_terms),
             row.doc_id,
             row.doc_title,
             row.outlet,
             row.doc_date,
             row.url,
             std::to_string(row.sentence.begin),
             std::to_string(row.sentence.end)},
            out);
  }
}

// The rows only: the shares are a different table (jsonl, md, html).
void AuditCsv(const AuditReport& report, std::ostream& out) {
  AuditCsvHeader(out);
  for (const AuditRow& row : report.rows) AuditCsvRow(row, out);
}

}  // namespace claimtrack::query::render

namespace claimtrack::query {

bool AuditStream::Supports(Format format) {
  return format == Format::kJsonl || format == Format::kCsv;
}

AuditStream::AuditStream(Format format, std::ostream& out)
    : format_(format), out_(out) {}

void AuditStream::Start() {
  if (started_) return;
  started_ = true;
  if (format_ == Format::kCsv) render::AuditCsvHeader(out_);
}

void AuditStream::Row(const AuditRow& row) {
  Start();
  if (format_ == Format::kCsv) {
    render::AuditCsvRow(row, out_);
  } else {
    render::AuditJsonlRow(row, out_);
  }
}

void AuditStream::Finish(const AuditReport& report) {
  Start();
  if (format_ == Format::kJsonl) render::AuditJsonlShares(report, out_);
}

}  // namespace claimtrack::query
