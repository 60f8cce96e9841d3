// The anonymous-source audit. The by-day index (66) lists the claims
// dated in the range with their documents and speakers' kinds, so a range
// reads only its own entries. The documents with claims in range but no
// anonymous one are read once each, in key order, for their outlet (the
// --outlet filter, the per-outlet shares). The ones with an anonymous
// claim in range are read day by day in statement-date order, with their
// claims (all of them, for corroboration), compared term by term and their
// text segmented; each day's rows go to the caller's sink when the day is
// done, so that the rows of a long range need not all be held.
#include "query/audit.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "query/claim_rows.h"
#include "store/coding.h"
#include "store/doc_claims.h"
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
// when they are a good part of all documents (the keys are the doc_nums,
// big-endian, so the order is the same), else with one read each.
Status ForEachDocument(
    store::Store* store, const std::vector<uint64_t>& doc_nums,
    const std::function<Status(uint64_t, store::DocumentRecord&&)>& fn) {
  auto missing = [](uint64_t doc_num) {
    return Status::Corruption("a claim names document " +
                              store::HexId(doc_num) + ", which is not stored");
  };
  // The family holds a text-hash entry per document besides its record.
  uint64_t keys = 0;
  store->db()->raw()->GetIntProperty(store->db()->cf(store::Cf::kDocs),
                                     "rocksdb.estimate-num-keys", &keys);
  if (doc_nums.size() * 8 < keys) {
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

// A document with claims in range, as the by-day index lists it.
struct DocGroup {
  uint64_t doc_num = 0;
  uint32_t in_range = 0;
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
          const DateRange& range, const text::Lexicon& lexicon,
          const AuditRowSink& sink)
      : store_(store),
        request_(request),
        range_(range),
        lexicon_(lexicon),
        sink_(sink),
        docs_(store),
        outlet_filter_(Lower(request.outlet)) {}

  Result<AuditReport> Run();

 private:
  // A document with an anonymous claim in range: its share, and whether
  // it is decoded now (Open).
  struct AnonymousDoc {
    uint32_t days_left = 0;  // its days with an anonymous claim, to come
    bool seen = false;       // read once: share and outlet counted
    bool rejected = false;   // another outlet than --outlet
    AuditShare share;        // per_document
    AuditShare* outlet = nullptr;
    std::unique_ptr<DocClaims> claims;  // while decoded
    uint64_t last_use = 0;
  };

  Status ScanRange();
  // Whether --outlet leaves the document out.
  bool OtherOutlet(const store::DocumentRecord& record) const {
    return !outlet_filter_.empty() &&
           Lower(record.doc.outlet) != outlet_filter_;
  }
  // The group of a document the scan found.
  const DocGroup& GroupOf(uint64_t doc_num) const;
  Status CountDocument(const DocGroup& group,
                       const store::DocumentRecord& record);
  Status AuditDay(int32_t day, uint64_t doc_num, std::vector<AuditRow>* rows);
  Result<AnonymousDoc*> Open(uint64_t doc_num);
  void Close(uint64_t doc_num, AnonymousDoc* doc);
  Result<DocClaims> ReadClaims(uint64_t doc_num, std::string_view text) const;
  Result<AuditRow> RowOf(const StoredClaim& anonymous, const DocClaims& doc,
                         std::string_view text);
  AuditShare& OutletShare(const std::string& outlet);

  store::Store* store_;
  const AuditRequest& request_;
  const DateRange range_;
  const text::Lexicon& lexicon_;
  const AuditRowSink& sink_;
  DocCache docs_;
  const std::string outlet_filter_;
  // By document, one each: sorted vectors take a third of a hash map's
  // memory, for the millions of documents of an audit over all time.
  std::vector<DocGroup> groups_;
  // The (day, document) pairs with an anonymous claim, in by-day index
  // order: by day, then document.
  std::vector<std::pair<int32_t, uint64_t>> anonymous_days_;
  std::unordered_map<uint64_t, AnonymousDoc> anonymous_docs_;
  std::vector<uint64_t> open_;  // the anonymous_docs_ decoded now
  uint64_t uses_ = 0;
  std::map<std::string, AuditShare> outlets_;
  AuditReport report_;
};

Status Auditor::ScanRange() {
  store::Db* db = store_->db();
  std::unique_ptr<rocksdb::Iterator> it = db->NewIterator(store::Cf::kIndex);
  const std::string start = store::ClaimsByDayKey::DayStart(
      range_.from ? *range_.from : std::numeric_limits<int32_t>::min());
  // An undated claim (day kUndatedDay, last) is outside a bounded range.
  const int32_t last_day = range_.to       ? *range_.to
                           : range_.open() ? store::When::kUndatedDay
                                           : store::When::kUndatedDay - 1;
  for (it->Seek(start); it->Valid(); it->Next()) {
    const std::string_view key = it->key().ToStringView();
    if (key[0] != static_cast<char>(store::Prefix::kClaimsByDay)) break;
    ASSIGN_OR_RETURN(const store::ClaimsByDayKey k,
                     store::ClaimsByDayKey::Decode(key));
    if (k.day > last_day) break;
    SpeakerKind kind;
    RETURN_IF_ERROR(store::DecodeDayValue(it->value().ToStringView(), &kind)
                        .WithContext(store::HexId(k.claim_id)));
    // One group per run of a document's claims on a day, merged below.
    if (groups_.empty() || groups_.back().doc_num != k.doc_num) {
      groups_.push_back(DocGroup{k.doc_num});
    }
    DocGroup& g = groups_.back();
    ++g.in_range;
    if (kind != SpeakerKind::kAnonymous) continue;
    g.anonymous_in_range = true;
    const std::pair<int32_t, uint64_t> day_doc{k.day, k.doc_num};
    if (anonymous_days_.empty() || anonymous_days_.back() != day_doc) {
      anonymous_days_.push_back(day_doc);
      ++anonymous_docs_[k.doc_num].days_left;
    }
  }
  RETURN_IF_ERROR(store::FromRocks(it->status(), "reading the by-day index"));
  std::sort(groups_.begin(), groups_.end(),
            [](const DocGroup& a, const DocGroup& b) {
              return a.doc_num < b.doc_num;
            });
  size_t kept = 0;
  for (size_t i = 0; i < groups_.size(); ++i) {
    if (kept > 0 && groups_[kept - 1].doc_num == groups_[i].doc_num) {
      groups_[kept - 1].in_range += groups_[i].in_range;
      groups_[kept - 1].anonymous_in_range |= groups_[i].anonymous_in_range;
    } else {
      groups_[kept++] = groups_[i];
    }
  }
  groups_.resize(kept);
  groups_.shrink_to_fit();
  return Status::Ok();
}

const DocGroup& Auditor::GroupOf(uint64_t doc_num) const {
  // Always there: callers pass documents the scan listed.
  return *std::lower_bound(
      groups_.begin(), groups_.end(), doc_num,
      [](const DocGroup& g, uint64_t num) { return g.doc_num < num; });
}

Result<DocClaims> Auditor::ReadClaims(uint64_t doc_num,
                                      std::string_view text) const {
  DocClaims out;
  store::Db* db = store_->db();
  ASSIGN_OR_RETURN(const std::vector<uint64_t> ids,
                   store::ClaimsOfDocument(db, doc_num));
  out.claims.resize(ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    StoredClaim& c = out.claims[i];
    c.id = ids[i];
    std::string bytes;
    Status s =
        db->Get(store::Cf::kClaims, store::ClaimKey{c.id}.Encode(), &bytes);
    if (s.IsNotFound()) {
      return Status::Corruption("document " + store::HexId(doc_num) +
                                " lists claim " + store::HexId(c.id) +
                                ", which is not stored");
    }
    RETURN_IF_ERROR(s);
    RETURN_IF_ERROR(store::DecodeClaim(c.id, bytes, &c.record)
                        .WithContext(store::HexId(c.id)));
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
  ASSIGN_OR_RETURN(row.claim, ClaimRowOf(record, &docs_));
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
      store::ParseHexId(other.record.claim.id, &row.corroborating_claim);
    }
  }
  return row;
}

// A document without an anonymous claim in range: counted in its outlet.
Status Auditor::CountDocument(const DocGroup& group,
                              const store::DocumentRecord& record) {
  if (OtherOutlet(record)) return Status::Ok();
  ++report_.documents;
  report_.claims += group.in_range;
  OutletShare(record.doc.outlet).claims += group.in_range;
  return Status::Ok();
}

// Reads a document with an anonymous claim (again, if it was pushed out),
// counting it on the first read; null when --outlet left it out (decided
// in Run's pass in key order).
Result<Auditor::AnonymousDoc*> Auditor::Open(uint64_t doc_num) {
  AnonymousDoc& doc = anonymous_docs_[doc_num];
  doc.last_use = ++uses_;
  if (doc.rejected) return nullptr;
  if (doc.claims) return &doc;
  ASSIGN_OR_RETURN(const store::DocumentRecord* record,
                   docs_.Document(doc_num));
  if (!doc.seen) {
    doc.seen = true;
    const uint64_t in_range = GroupOf(doc_num).in_range;
    ++report_.documents;
    report_.claims += in_range;
    doc.outlet = &OutletShare(record->doc.outlet);
    doc.outlet->claims += in_range;
    doc.share.key = record->doc.id;
    doc.share.title = record->doc.title;
    doc.share.claims = in_range;
  }
  // Pushes out the least recently used decoded document beyond the limit.
  if (open_.size() >= std::max<size_t>(1, request_.max_open_documents)) {
    uint64_t oldest = open_.front();
    for (uint64_t num : open_) {
      if (anonymous_docs_[num].last_use < anonymous_docs_[oldest].last_use) {
        oldest = num;
      }
    }
    Close(oldest, &anonymous_docs_[oldest]);
  }
  ASSIGN_OR_RETURN(DocClaims claims, ReadClaims(doc_num, record->doc.text));
  doc.claims = std::make_unique<DocClaims>(std::move(claims));
  open_.push_back(doc_num);
  return &doc;
}

// The rows copy what they show, so a document leaves the cache once its
// last day is done (or it is pushed out): an audit over all time at 5 GB
// otherwise held the text of every document with an anonymous claim.
void Auditor::Close(uint64_t doc_num, AnonymousDoc* doc) {
  doc->claims.reset();
  open_.erase(std::find(open_.begin(), open_.end(), doc_num));
  docs_.Forget(doc_num);
}

// The rows of one document's anonymous claims dated `day` (and in range).
Status Auditor::AuditDay(int32_t day, uint64_t doc_num,
                         std::vector<AuditRow>* rows) {
  ASSIGN_OR_RETURN(AnonymousDoc * doc, Open(doc_num));
  if (doc == nullptr) return Status::Ok();
  ASSIGN_OR_RETURN(const store::DocumentRecord* record,
                   docs_.Document(doc_num));
  // The by-day entry was written from the claim's own date (a database
  // where the two disagree is one `check` reports): the claim is the
  // day's when its record says so.
  for (const StoredClaim& c : doc->claims->claims) {
    if (!IsAnonymous(c.record.claim) || c.record.when.day != day ||
        !range_.Contains(c.record.when)) {
      continue;
    }
    ASSIGN_OR_RETURN(AuditRow row, RowOf(c, *doc->claims, record->doc.text));
    ++doc->share.anonymous;
    doc->share.with_reason += !row.reason.empty();
    doc->share.corroborated += row.corroborated;
    ++doc->outlet->anonymous;
    doc->outlet->with_reason += !row.reason.empty();
    doc->outlet->corroborated += row.corroborated;
    rows->push_back(std::move(row));
  }
  if (--doc->days_left == 0) Close(doc_num, doc);
  return Status::Ok();
}

Result<AuditReport> Auditor::Run() {
  RETURN_IF_ERROR(ScanRange());
  // The documents without an anonymous claim count in their outlet's
  // share. With --outlet, the ones with an anonymous claim are read in the
  // same pass too, for their outlet only: those of other outlets are then
  // never read again (one read in key order, not one per day).
  std::vector<uint64_t> swept;
  for (const DocGroup& group : groups_) {
    if (!group.anonymous_in_range || !outlet_filter_.empty()) {
      swept.push_back(group.doc_num);
    }
  }
  RETURN_IF_ERROR(ForEachDocument(
      store_, swept, [&](uint64_t doc_num, store::DocumentRecord&& record) {
        const DocGroup& group = GroupOf(doc_num);
        if (!group.anonymous_in_range) return CountDocument(group, record);
        anonymous_docs_[doc_num].rejected = OtherOutlet(record);
        return Status::Ok();
      }));
  // The anonymous claims day by day: a day's rows are sorted and passed on
  // once every document of the day is done.
  std::vector<AuditRow> rows;
  for (size_t i = 0; i < anonymous_days_.size();) {
    const int32_t day = anonymous_days_[i].first;
    for (; i < anonymous_days_.size() && anonymous_days_[i].first == day; ++i) {
      RETURN_IF_ERROR(AuditDay(day, anonymous_days_[i].second, &rows));
    }
    std::sort(rows.begin(), rows.end(),
              [](const AuditRow& a, const AuditRow& b) {
                return std::pair(a.claim.when, a.claim.claim_id) <
                       std::pair(b.claim.when, b.claim.claim_id);
              });
    for (AuditRow& row : rows) RETURN_IF_ERROR(sink_(std::move(row)));
    rows.clear();
  }
  for (auto& [doc_num, doc] : anonymous_docs_) {
    if (doc.seen && !doc.rejected) {
      report_.per_document.push_back(std::move(doc.share));
    }
  }
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
                                   const AuditRequest& request,
                                   const AuditRowSink& sink) {
  ASSIGN_OR_RETURN(const DateRange range, ParseRange(request));
  ASSIGN_OR_RETURN(const text::Lexicon* lexicon, BuiltinLexicon());
  Auditor auditor(store, request, range, *lexicon, sink);
  return auditor.Run();
}

Result<AuditReport> AuditAnonymous(store::Store* store,
                                   const AuditRequest& request) {
  std::vector<AuditRow> rows;
  ASSIGN_OR_RETURN(AuditReport report,
                   AuditAnonymous(store, request, [&](AuditRow&& row) {
                     rows.push_back(std::move(row));
                     return Status::Ok();
                   }));
  report.rows = std::move(rows);
  return report;
}

}  // namespace claimtrack::query
