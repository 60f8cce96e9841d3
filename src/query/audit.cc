// The anonymous-source audit. One pass over the claims family decodes every
// claim (the database has no index of anonymous claims, and the shares
// need every claim's statement date and document anyway); the documents
// holding claims in range are then read once each (their outlet decides
// the --outlet filter and the per-outlet shares), and only the documents
// with an anonymous claim are segmented again for the rows' sentences.
#include "query/audit.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "query/claim_rows.h"
#include "store/coding.h"
#include "text/terms.h"

namespace claimtrack::query {

namespace {

// The heads of anonymous.tsv that say what kind of person a source is
// without naming a function: they carry no role.
constexpr std::string_view kNoRoleHeads[] = {
    "source",  "sources",  "person",     "people",
    "persons", "someone",  "individual", "individuals",
    "insider", "insiders", "confidant",  "confidants",
    "ally",    "allies",   "associate",  "associates"};

// Count qualifiers of anonymous.tsv that do not say how many.
constexpr std::string_view kVagueCounts[] = {"several", "many", "some"};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool Contains(std::span<const std::string_view> list, std::string_view word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

// The words of a descriptor, lower-cased, without surrounding punctuation
// other than a period inside a word ("U.S.").
std::vector<std::string> DescriptorWords(std::string_view descriptor) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < descriptor.size()) {
    while (i < descriptor.size() &&
           (descriptor[i] == ' ' || descriptor[i] == '\n' ||
            descriptor[i] == '\t' || descriptor[i] == '\r')) {
      ++i;
    }
    size_t j = i;
    while (j < descriptor.size() && descriptor[j] != ' ' &&
           descriptor[j] != '\n' && descriptor[j] != '\t' &&
           descriptor[j] != '\r') {
      ++j;
    }
    std::string_view w = descriptor.substr(i, j - i);
    while (!w.empty() && (w.back() == ',' || w.back() == ';' ||
                          w.back() == ':' || w.back() == '"')) {
      w.remove_suffix(1);
    }
    if (!w.empty()) words.push_back(Lower(w));
    i = j;
  }
  return words;
}

bool AllDigits(std::string_view w) {
  return !w.empty() && std::all_of(w.begin(), w.end(),
                                   [](char c) { return c >= '0' && c <= '9'; });
}

struct DateRange {
  std::optional<int32_t> from, to;
  bool open() const { return !from && !to; }
  bool Contains(store::When when) const {
    if (open()) return true;
    if (when.undated()) return false;
    return (!from || when.day >= *from) && (!to || when.day <= *to);
  }
};

Result<DateRange> ParseRange(const AuditRequest& request) {
  DateRange range;
  auto parse = [](std::string_view flag, const std::string& date,
                  std::optional<int32_t>* day) -> Status {
    if (date.empty()) return Status::Ok();
    int32_t d = 0;
    if (!store::DayFromIsoDate(date, &d)) {
      return Status::InvalidArgument(
          std::string(flag) + " must be a date YYYY-MM-DD, not '" + date + "'");
    }
    *day = d;
    return Status::Ok();
  };
  RETURN_IF_ERROR(parse("--from", request.from, &range.from));
  RETURN_IF_ERROR(parse("--to", request.to, &range.to));
  if (range.from && range.to && *range.from > *range.to) {
    return Status::InvalidArgument("--from " + request.from +
                                   " is after --to " + request.to);
  }
  return range;
}

bool IsNamed(const Claim& claim) {
  const SpeakerKind k = claim.speaker.kind;
  return !claim.speaker.name.empty() &&
         (k == SpeakerKind::kPerson || k == SpeakerKind::kOrganization ||
          k == SpeakerKind::kCountry);
}

bool IsAnonymous(const Claim& claim) {
  return claim.speaker.kind == SpeakerKind::kAnonymous;
}

uint32_t FirstByte(const Claim& claim) {
  return claim.content.empty() ? 0 : claim.content.front().begin;
}

std::vector<uint32_t> TermsOf(const Claim& claim, std::string_view text) {
  std::string content;
  for (const Span& s : claim.content) {
    if (s.end > text.size()) continue;
    content.append(s.In(text));
    content.push_back(' ');
  }
  return text::TermHashes(text::ContentTerms(content));
}

Status ReadDocument(store::Store* store, uint64_t doc_num,
                    store::DocumentRecord* record) {
  std::string bytes;
  Status s = store->db()->Get(store::Cf::kDocs,
                              store::DocumentKey{doc_num}.Encode(), &bytes);
  if (s.IsNotFound()) {
    return Status::Corruption("a claim names document " +
                              store::HexId(doc_num) + ", which is not stored");
  }
  RETURN_IF_ERROR(s);
  return store::DecodeDocument(bytes, record)
      .WithContext(store::HexId(doc_num));
}

struct StoredClaim {
  uint64_t id = 0;
  store::ClaimRecord record;
};

// A document's claims, as the scan found them.
struct DocClaims {
  std::vector<StoredClaim> claims;  // all of them, in range or not
  uint64_t in_range = 0;
  bool anonymous_in_range = false;
};

}  // namespace

Specificity DescribeSpecificity(const text::Lexicon& lexicon,
                                std::string_view descriptor,
                                const store::AnonymousDescriptor* facets) {
  Specificity s;
  const std::vector<std::string> words = DescriptorWords(descriptor);
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (lexicon.anonymous().Find(w) ==
            static_cast<int>(text::AnonRole::kHead) &&
        !Contains(kNoRoleHeads, w)) {
      s.role = true;
    }
    if (w == "a" && i + 1 < words.size() && words[i + 1] == "few") {
      ++i;  // "a few": how many is not said
      continue;
    }
    if (AllDigits(w)) s.count = true;
    const std::optional<text::AnonFacet> facet = lexicon.AnonFacetOf(w);
    if (!facet) continue;
    switch (*facet) {
      case text::AnonFacet::kCount:
        if (!Contains(kVagueCounts, w)) s.count = true;
        break;
      case text::AnonFacet::kRank:
        s.rank = true;
        break;
      case text::AnonFacet::kDomain:
      case text::AnonFacet::kAffiliation:
        s.organization = true;
        break;
    }
  }
  // The stored facets hold what the phrases of several words and the
  // resolver found ("law enforcement", "White House", the country a
  // "South Korean official" speaks for).
  if (facets) {
    if (!facets->rank.empty()) s.rank = true;
    if (!facets->domain.empty() || !facets->affiliation.empty()) {
      s.organization = true;
    }
  }
  return s;
}

namespace {

class Auditor {
 public:
  Auditor(store::Store* store, const AuditRequest& request,
          const DateRange& range, const text::Lexicon& lexicon)
      : store_(store),
        request_(request),
        range_(range),
        lexicon_(lexicon),
        docs_(store),
        outlet_filter_(Lower(request.outlet)) {}

  Result<AuditReport> Run();

 private:
  Status ScanClaims();
  Status AuditDocument(uint64_t doc_num, DocClaims& claims);
  Result<AuditRow> RowOf(const StoredClaim& anonymous, const DocClaims& doc,
                         std::string_view text);
  AuditShare& OutletShare(const std::string& outlet);

  store::Store* store_;
  const AuditRequest& request_;
  const DateRange range_;
  const text::Lexicon& lexicon_;
  DocCache docs_;
  const std::string outlet_filter_;
  std::unordered_map<uint64_t, DocClaims> by_doc_;
  std::map<std::string, AuditShare> outlets_;
  AuditReport report_;
};

Status Auditor::ScanClaims() {
  std::unique_ptr<rocksdb::Iterator> it =
      store_->db()->NewIterator(store::Cf::kClaims);
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    ASSIGN_OR_RETURN(store::ClaimKey key,
                     store::ClaimKey::Decode(it->key().ToStringView()));
    StoredClaim c;
    c.id = key.claim_id;
    RETURN_IF_ERROR(store::DecodeClaim(it->value().ToStringView(), &c.record)
                        .WithContext(store::HexId(c.id)));
    DocClaims& doc = by_doc_[c.record.doc_num];
    if (range_.Contains(c.record.when)) {
      ++doc.in_range;
      if (IsAnonymous(c.record.claim)) doc.anonymous_in_range = true;
    }
    doc.claims.push_back(std::move(c));
  }
  return store::FromRocks(it->status(), "reading claims");
}

AuditShare& Auditor::OutletShare(const std::string& outlet) {
  const std::string key = outlet.empty() ? "unknown" : outlet;
  AuditShare& share = outlets_[key];
  share.key = key;
  return share;
}

Result<AuditRow> Auditor::RowOf(const StoredClaim& anonymous,
                                const DocClaims& doc, std::string_view text) {
  const store::ClaimRecord& record = anonymous.record;
  AuditRow row;
  ASSIGN_OR_RETURN(row.claim, ClaimRowOf(anonymous.id, record, &docs_));
  ASSIGN_OR_RETURN(const store::EntityRecord* entity,
                   docs_.Entity(record.speaker_entity));
  const Claim& claim = record.claim;
  if (claim.anonymous) {
    row.descriptor = claim.anonymous->descriptor;
    if (claim.anonymous->reason &&
        claim.anonymous->reason->end <= text.size()) {
      row.reason = std::string(claim.anonymous->reason->In(text));
    }
  } else {
    row.descriptor = row.claim.speaker;
  }
  row.specificity = DescribeSpecificity(
      lexicon_, row.descriptor,
      entity && entity->descriptor ? &*entity->descriptor : nullptr);

  // The named claim of the document closest in subject, if close enough.
  const std::vector<uint32_t> terms = TermsOf(claim, text);
  double best = -1;
  for (const StoredClaim& other : doc.claims) {
    if (!IsNamed(other.record.claim)) continue;
    const std::vector<uint32_t> other_terms = TermsOf(other.record.claim, text);
    if (!SameSubject(terms, other_terms)) continue;
    // Claims are in text order: on a tie, the first one stays.
    const double similarity = text::TermSimilarity(terms, other_terms);
    if (similarity > best) {
      best = similarity;
      row.corroborated = true;
      row.corroborated_by = other.record.claim.speaker.name;
      row.corroborating_claim = other.id;
    }
  }
  return row;
}

Status Auditor::AuditDocument(uint64_t doc_num, DocClaims& claims) {
  // Only the documents with rows stay in the cache: the others are read
  // for their outlet alone.
  const store::DocumentRecord* doc = nullptr;
  store::DocumentRecord outlet_only;
  if (claims.anonymous_in_range) {
    ASSIGN_OR_RETURN(doc, docs_.Document(doc_num));
  } else {
    RETURN_IF_ERROR(ReadDocument(store_, doc_num, &outlet_only));
    doc = &outlet_only;
  }
  if (!outlet_filter_.empty() && Lower(doc->doc.outlet) != outlet_filter_) {
    return Status::Ok();
  }
  ++report_.documents;
  report_.claims += claims.in_range;
  AuditShare& outlet = OutletShare(doc->doc.outlet);
  outlet.claims += claims.in_range;
  if (!claims.anonymous_in_range) return Status::Ok();

  // Claims by text order, so that ties in corroboration go to the first.
  std::sort(claims.claims.begin(), claims.claims.end(),
            [](const StoredClaim& a, const StoredClaim& b) {
              return std::pair(FirstByte(a.record.claim), a.id) <
                     std::pair(FirstByte(b.record.claim), b.id);
            });
  AuditShare share;
  share.key = doc->doc.id;
  share.title = doc->doc.title;
  share.claims = claims.in_range;
  for (const StoredClaim& c : claims.claims) {
    if (!IsAnonymous(c.record.claim) || !range_.Contains(c.record.when)) {
      continue;
    }
    ASSIGN_OR_RETURN(AuditRow row, RowOf(c, claims, doc->doc.text));
    ++share.anonymous;
    share.with_reason += !row.reason.empty();
    share.corroborated += row.corroborated;
    report_.rows.push_back(std::move(row));
  }
  outlet.anonymous += share.anonymous;
  outlet.with_reason += share.with_reason;
  outlet.corroborated += share.corroborated;
  report_.per_document.push_back(std::move(share));
  return Status::Ok();
}

Result<AuditReport> Auditor::Run() {
  RETURN_IF_ERROR(ScanClaims());
  for (auto& [doc_num, claims] : by_doc_) {
    if (claims.in_range == 0) continue;
    RETURN_IF_ERROR(AuditDocument(doc_num, claims));
  }
  std::sort(report_.rows.begin(), report_.rows.end(),
            [](const AuditRow& a, const AuditRow& b) {
              return std::pair(a.claim.when, a.claim.claim_id) <
                     std::pair(b.claim.when, b.claim.claim_id);
            });
  std::sort(
      report_.per_document.begin(), report_.per_document.end(),
      [](const AuditShare& a, const AuditShare& b) { return a.key < b.key; });
  for (auto& [key, share] : outlets_) {
    report_.per_outlet.push_back(std::move(share));
  }
  return std::move(report_);
}

}  // namespace

bool SameSubject(const std::vector<uint32_t>& a,
                 const std::vector<uint32_t>& b) {
  return text::SharedTerms(a, b) >= kCorroborationMinShared &&
         text::TermSimilarity(a, b) >= kCorroborationMinSimilarity;
}

Result<AuditReport> AuditAnonymous(store::Store* store,
                                   const AuditRequest& request) {
  ASSIGN_OR_RETURN(const DateRange range, ParseRange(request));
  ASSIGN_OR_RETURN(const text::Lexicon* lexicon, BuiltinLexicon());
  Auditor auditor(store, request, range, *lexicon);
  return auditor.Run();
}

}  // namespace claimtrack::query
