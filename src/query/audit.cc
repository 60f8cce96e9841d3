// The anonymous-source audit. One pass over the claims family decodes every
// claim once, to learn its document, statement date and speaker kind (the
// database has no index of anonymous claims, and the shares need every
// claim's date and document anyway), keeping only its value bytes; the
// documents holding claims in range are then read once each, in key order
// (their outlet decides the --outlet filter and the per-outlet shares), and
// only the claims of documents with an anonymous claim are decoded again,
// compared term by term, and their documents segmented for the sentences.
//
// Statement dates cannot be bounded by document dates: a statement may be
// dated after its document ("weekday after document date") or long before
// it (an explicit date), so a date range does not prune the scan.
#include "query/audit.h"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string_view>
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

// Words that may follow the head noun of a descriptor; any other word
// after a head-listed word makes it a modifier ("official figures").
constexpr std::string_view kAfterHead[] = {"at",
                                           "of",
                                           "in",
                                           "from",
                                           "for",
                                           "on",
                                           "with",
                                           "within",
                                           "to",
                                           "inside",
                                           "who",
                                           "that",
                                           "and",
                                           "or",
                                           "close",
                                           "familiar",
                                           "involved",
                                           "briefed",
                                           "knowledgeable",
                                           "aware",
                                           "privy",
                                           "present",
                                           "speaking",
                                           "said",
                                           "told"};

// Whether words[i] is the head noun of the descriptor: a head of
// anonymous.tsv that ends it or is followed by a preposition, a relative
// clause or a phrase such as "familiar with".
bool IsHeadAt(const text::Lexicon& lexicon,
              const std::vector<std::string>& words, size_t i) {
  if (lexicon.anonymous().Find(words[i]) !=
      static_cast<int>(text::AnonRole::kHead)) {
    return false;
  }
  return i + 1 == words.size() || Contains(kAfterHead, words[i + 1]);
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

// Calls fn(doc_num, record) for each document of `doc_nums` (sorted,
// unique), in that order: with one pass of an iterator over the docs family
// when they are many (the keys are the doc_nums, big-endian, so the order
// is the same), else with one read each.
Status ForEachDocument(
    store::Store* store, const std::vector<uint64_t>& doc_nums,
    size_t documents_with_claims,
    const std::function<Status(uint64_t, store::DocumentRecord&&)>& fn) {
  auto missing = [](uint64_t doc_num) {
    return Status::Corruption("a claim names document " +
                              store::HexId(doc_num) + ", which is not stored");
  };
  if (doc_nums.size() * 4 < documents_with_claims) {
    for (uint64_t doc_num : doc_nums) {
      std::string bytes;
      Status s = store->db()->Get(store::Cf::kDocs,
                                  store::DocumentKey{doc_num}.Encode(), &bytes);
      if (s.IsNotFound()) return missing(doc_num);
      RETURN_IF_ERROR(s);
      store::DocumentRecord record;
      RETURN_IF_ERROR(store::DecodeDocument(bytes, &record)
                          .WithContext(store::HexId(doc_num)));
      RETURN_IF_ERROR(fn(doc_num, std::move(record)));
    }
    return Status::Ok();
  }
  std::unique_ptr<rocksdb::Iterator> it =
      store->db()->NewIterator(store::Cf::kDocs);
  const std::string first = store::DocumentKey{0}.Encode();
  auto next = doc_nums.begin();
  for (it->Seek(first); it->Valid() && next != doc_nums.end(); it->Next()) {
    const std::string_view key = it->key().ToStringView();
    if (key.empty() || key[0] != static_cast<char>(store::Prefix::kDocument)) {
      break;  // the text-hash index (11) follows the documents
    }
    ASSIGN_OR_RETURN(store::DocumentKey k, store::DocumentKey::Decode(key));
    if (k.doc_num < *next) continue;
    if (k.doc_num > *next) return missing(*next);
    store::DocumentRecord record;
    RETURN_IF_ERROR(store::DecodeDocument(it->value().ToStringView(), &record)
                        .WithContext(store::HexId(k.doc_num)));
    RETURN_IF_ERROR(fn(k.doc_num, std::move(record)));
    ++next;
  }
  RETURN_IF_ERROR(store::FromRocks(it->status(), "reading documents"));
  if (next != doc_nums.end()) return missing(*next);
  return Status::Ok();
}

struct StoredClaim {
  uint64_t id = 0;
  store::ClaimRecord record;
};

// One claim as the scan saw it: enough to count it, and where its stored
// value is kept in case its document is audited.
struct ScannedClaim {
  uint64_t doc_num = 0, id = 0;
  size_t offset = 0, size = 0;  // in Auditor::values_
  bool in_range = false, anonymous = false;
};

// The claims of one document: a run of Auditor::scanned_.
struct DocGroup {
  uint64_t doc_num = 0;
  size_t begin = 0, end = 0;
  uint64_t in_range = 0;
  bool anonymous_in_range = false;
};

// The claims of a document with an anonymous claim, decoded, in text order.
struct DocClaims {
  std::vector<StoredClaim> claims;  // all of them, in range or not
  // Parallel to `claims`: the content terms of the named ones.
  std::vector<std::vector<uint32_t>> named_terms;
};

}  // namespace

Specificity DescribeSpecificity(const text::Lexicon& lexicon,
                                std::string_view descriptor,
                                const store::AnonymousDescriptor* facets) {
  Specificity s;
  const std::vector<std::string> words = DescriptorWords(descriptor);
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (IsHeadAt(lexicon, words, i) && !Contains(kNoRoleHeads, w)) {
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
  void GroupByDocument();
  Status AuditDocument(const DocGroup& group, store::DocumentRecord&& record);
  Result<DocClaims> DecodeGroup(const DocGroup& group,
                                std::string_view text) const;
  Result<AuditRow> RowOf(const StoredClaim& anonymous, const DocClaims& doc,
                         std::string_view text);
  AuditShare& OutletShare(const std::string& outlet);

  store::Store* store_;
  const AuditRequest& request_;
  const DateRange range_;
  const text::Lexicon& lexicon_;
  DocCache docs_;
  const std::string outlet_filter_;
  // Every claim's value, back to back: decoding all claims once to count
  // them and again only for the audited documents is cheaper than keeping
  // 64,000 decoded records alive.
  std::string values_;
  std::vector<ScannedClaim> scanned_;  // by document, then claim id
  std::vector<DocGroup> groups_;       // by document
  std::map<std::string, AuditShare> outlets_;
  AuditReport report_;
};

Status Auditor::ScanClaims() {
  std::unique_ptr<rocksdb::Iterator> it =
      store_->db()->NewIterator(store::Cf::kClaims);
  store::ClaimRecord record;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    ASSIGN_OR_RETURN(store::ClaimKey key,
                     store::ClaimKey::Decode(it->key().ToStringView()));
    const std::string_view value = it->value().ToStringView();
    RETURN_IF_ERROR(store::DecodeClaim(key.claim_id, value, &record)
                        .WithContext(store::HexId(key.claim_id)));
    ScannedClaim& c = scanned_.emplace_back();
    c.doc_num = record.doc_num;
    c.id = key.claim_id;
    c.offset = values_.size();
    c.size = value.size();
    c.in_range = range_.Contains(record.when);
    c.anonymous = IsAnonymous(record.claim);
    values_.append(value);
  }
  return store::FromRocks(it->status(), "reading claims");
}

void Auditor::GroupByDocument() {
  std::sort(scanned_.begin(), scanned_.end(),
            [](const ScannedClaim& a, const ScannedClaim& b) {
              return std::pair(a.doc_num, a.id) < std::pair(b.doc_num, b.id);
            });
  for (size_t i = 0; i < scanned_.size(); ++i) {
    const ScannedClaim& c = scanned_[i];
    if (groups_.empty() || groups_.back().doc_num != c.doc_num) {
      groups_.push_back(DocGroup{c.doc_num, i, i, 0, false});
    }
    DocGroup& g = groups_.back();
    g.end = i + 1;
    g.in_range += c.in_range;
    g.anonymous_in_range |= c.in_range && c.anonymous;
  }
}

Result<DocClaims> Auditor::DecodeGroup(const DocGroup& group,
                                       std::string_view text) const {
  DocClaims out;
  out.claims.resize(group.end - group.begin);
  for (size_t i = group.begin; i < group.end; ++i) {
    StoredClaim& c = out.claims[i - group.begin];
    c.id = scanned_[i].id;
    RETURN_IF_ERROR(store::DecodeClaim(
        c.id,
        std::string_view(values_).substr(scanned_[i].offset, scanned_[i].size),
        &c.record));
  }
  // Text order, so that ties in corroboration go to the first claim.
  std::sort(out.claims.begin(), out.claims.end(),
            [](const StoredClaim& a, const StoredClaim& b) {
              return std::pair(FirstByte(a.record.claim), a.id) <
                     std::pair(FirstByte(b.record.claim), b.id);
            });
  out.named_terms.resize(out.claims.size());
  for (size_t i = 0; i < out.claims.size(); ++i) {
    if (IsNamed(out.claims[i].record.claim)) {
      out.named_terms[i] = TermsOf(out.claims[i].record.claim, text);
    }
  }
  return out;
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
  for (size_t i = 0; i < doc.claims.size(); ++i) {
    const StoredClaim& other = doc.claims[i];
    if (!IsNamed(other.record.claim)) continue;
    const std::vector<uint32_t>& other_terms = doc.named_terms[i];
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

Status Auditor::AuditDocument(const DocGroup& group,
                              store::DocumentRecord&& record) {
  if (!outlet_filter_.empty() && Lower(record.doc.outlet) != outlet_filter_) {
    return Status::Ok();
  }
  ++report_.documents;
  report_.claims += group.in_range;
  AuditShare& outlet = OutletShare(record.doc.outlet);
  outlet.claims += group.in_range;
  if (!group.anonymous_in_range) return Status::Ok();

  // Only the documents with rows stay in the cache: the others are read
  // for their outlet alone.
  const store::DocumentRecord* doc =
      docs_.Adopt(group.doc_num, std::move(record));
  ASSIGN_OR_RETURN(const DocClaims claims, DecodeGroup(group, doc->doc.text));
  AuditShare share;
  share.key = doc->doc.id;
  share.title = doc->doc.title;
  share.claims = group.in_range;
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
  GroupByDocument();
  std::vector<uint64_t> wanted;
  for (const DocGroup& g : groups_) {
    if (g.in_range > 0) wanted.push_back(g.doc_num);
  }
  auto group = groups_.begin();  // both in doc_num order
  RETURN_IF_ERROR(
      ForEachDocument(store_, wanted, groups_.size(),
                      [&](uint64_t doc_num, store::DocumentRecord&& record) {
                        while (group->doc_num != doc_num) ++group;
                        return AuditDocument(*group, std::move(record));
                      }));
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
