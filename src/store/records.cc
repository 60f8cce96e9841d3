// Value codecs (schema/keys.md, "Values"):
//
//   DocumentValue := lstr id · lstr date · varint time_of_day+1 · lstr title
//                    · lstr outlet · lstr url · lstr origin
//                    · u8 text_kind · lstr text · varint claims
//                    (versions 3 to 10: a u64 text_hash before text_kind)
//   ClaimValue    := u8 id form · [u64 claim_id] · lstr doc_id
//                    · u8 type · varint sentence (version 8; 7 has a u64
//                    claim_id first, 6 none; spans are begin · length
//                    since 8, begin · end before; versions 3 to 11 have
//                    a u64 doc_num before the doc_id)
//                    · varint n · span{n} content · ospan cue · ospan source
//                    · Speaker · Anonymity · Date · varint m · Mention{m}
//                    · when · u64 speaker_entity · u64 affiliation_entity
//                    · u64 nation_entity · u8 speaker_global
//   EntityValue   := u8 kind · lstr key name · lstr display name
//                    · u64 scope doc_num · Descriptor
//   HolderValue   := u8 form · varint k · varint gap{k} · varint m
//                    · u32 term{m} · u32 copy   (format version 8)
//                  | u8 role · varint n · u32 term{n} · u32 copy (3-7)
//   MentionValue  := u32 copy
//   AliasValue    := u8 0 · lstr form | u8 1 | u8 2 · varint case mask
#include "store/records.h"

#include <algorithm>

#include "common/hash.h"
#include "store/entities.h"
#include "store/term_codes.h"

namespace claimtrack::store {

namespace {

// Format version 11: whether a claim's resolved date is the day of its
// `when`, and so left out of its value.
bool ResolvedIsDayOf(std::string_view resolved, When when) {
  return !resolved.empty() && !when.undated() &&
         resolved == IsoDateFromDay(when.day);
}

// A basis's code in version 11: its place in kDateBases plus one, or 0.
uint8_t DateBasisCode(std::string_view basis) {
  for (size_t i = 0; i < std::size(kDateBases); ++i) {
    if (kDateBases[i] == basis) return static_cast<uint8_t>(i + 1);
  }
  return 0;
}

// Stored codes of the enums of claim.h, kept apart from their C++ order.
uint8_t KindCode(SpeakerKind kind) {
  switch (kind) {
    case SpeakerKind::kPerson:
      return 0;
    case SpeakerKind::kOrganization:
      return 1;
    case SpeakerKind::kCountry:
      return 2;
    case SpeakerKind::kAnonymous:
      return 3;
    case SpeakerKind::kUnknown:
      return 4;
  }
  return 4;
}

bool KindFromCode(uint8_t code, SpeakerKind* kind) {
  static constexpr SpeakerKind kKinds[] = {
      SpeakerKind::kPerson, SpeakerKind::kOrganization, SpeakerKind::kCountry,
      SpeakerKind::kAnonymous, SpeakerKind::kUnknown};
  if (code > 4) return false;
  *kind = kKinds[code];
  return true;
}

uint8_t TypeCode(ClaimType type) {
  switch (type) {
    case ClaimType::kDirect:
      return 0;
    case ClaimType::kIndirect:
      return 1;
    case ClaimType::kMixed:
      return 2;
  }
  return 1;
}

bool TypeFromCode(uint8_t code, ClaimType* type) {
  static constexpr ClaimType kTypes[] = {
      ClaimType::kDirect, ClaimType::kIndirect, ClaimType::kMixed};
  if (code > 2) return false;
  *type = kTypes[code];
  return true;
}

// A span: its begin and its length (since format version 8; its begin
// and end before). `version` is the claim value's format version.
void PutSpan(std::string* out, Span span, uint32_t version) {
  PutVarint(out, span.begin);
  PutVarint(out, version >= 8 ? span.end - span.begin : span.end);
}

void PutOptSpan(std::string* out, const std::optional<Span>& span,
                uint32_t version) {
  PutU8(out, span ? 1 : 0);
  if (span) PutSpan(out, *span, version);
}

bool GetSpan(Decoder* d, Span* span, uint32_t version) {
  if (!d->GetVarint32(&span->begin) || !d->GetVarint32(&span->end)) {
    return false;
  }
  if (version < 8) return span->begin <= span->end;
  if (span->end > UINT32_MAX - span->begin) return false;
  span->end += span->begin;
  return true;
}

bool GetOptSpan(Decoder* d, std::optional<Span>* span, uint32_t version) {
  uint8_t present;
  if (!d->GetU8(&present) || present > 1) return false;
  if (!present) {
    span->reset();
    return true;
  }
  span->emplace();
  return GetSpan(d, &**span, version);
}

bool IsAsciiLetter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

char Upper(char c) { return (c >= 'a' && c <= 'z') ? c - 'a' + 'A' : c; }

// AliasValue codes (DO NOT CHANGE).
constexpr uint8_t kFormAsWritten = 0;
constexpr uint8_t kFormTitleCase = 1;  // each word's first byte upper-cased
constexpr uint8_t kFormCaseMask = 2;   // bit i: the i-th ASCII letter

std::string TitleCase(std::string_view alias) {
  std::string out(alias);
  for (size_t i = 0; i < out.size(); ++i) {
    if (i == 0 || out[i - 1] == ' ') out[i] = Upper(out[i]);
  }
  return out;
}

// The alias with its ASCII letters upper-cased where `mask` says; false
// when the mask names a letter past the alias's last.
bool ApplyCaseMask(std::string_view alias, uint64_t mask, std::string* out) {
  out->assign(alias);
  int letter = 0;
  for (char& c : *out) {
    if (!IsAsciiLetter(c)) continue;
    if (letter < 64 && (mask >> letter & 1)) c = Upper(c);
    ++letter;
  }
  return letter >= 64 || (mask >> letter) == 0;
}

Status Bad(std::string_view what) {
  return Status::Corruption(std::string("undecodable ") + std::string(what) +
                            " value");
}

}  // namespace

uint64_t TextHash(std::string_view text) {
  return StableHash().Add(text).value();
}

uint64_t DocNum(std::string_view doc_id) {
  return StableHash().Add(doc_id).value();
}

std::string EncodeDocument(const DocumentRecord& r, uint32_t version) {
  std::string v;
  // Room for every field and its length (at most 10 bytes each), so that
  // the text, most of the record, is copied once.
  v.reserve(r.doc.id.size() + r.doc.date.size() + r.doc.title.size() +
            r.doc.outlet.size() + r.doc.url.size() + r.doc.origin.size() +
            r.doc.text.size() + 10 * 9 + 8 + 1);
  PutLstr(&v, r.doc.id);
  PutLstr(&v, r.doc.date);
  PutVarint(&v, static_cast<uint64_t>(std::max(r.doc.time_of_day, -1) + 1));
  PutLstr(&v, r.doc.title);
  PutLstr(&v, r.doc.outlet);
  PutLstr(&v, r.doc.url);
  PutLstr(&v, r.doc.origin);
  if (version < 11) PutU64(&v, TextHash(r.doc.text));
  PutU8(&v, static_cast<uint8_t>(r.text_kind));
  PutLstr(&v, r.doc.text);
  PutVarint(&v, r.claims);
  return v;
}

Status DecodeDocument(std::string_view value, DocumentRecord* r,
                      uint32_t version, uint64_t* stored_hash) {
  Decoder d(value);
  uint32_t time_plus_one;
  uint8_t kind;
  uint64_t hash = 0;
  if (!d.GetLstr(&r->doc.id) || !d.GetLstr(&r->doc.date) ||
      !d.GetVarint32(&time_plus_one) || time_plus_one > 86400 ||
      !d.GetLstr(&r->doc.title) || !d.GetLstr(&r->doc.outlet) ||
      !d.GetLstr(&r->doc.url) || !d.GetLstr(&r->doc.origin) ||
      (version < 11 && !d.GetU64(&hash)) || !d.GetU8(&kind) || kind > 1 ||
      !d.GetLstr(&r->doc.text) || !d.GetVarint32(&r->claims) || !d.done()) {
    return Bad("document");
  }
  if (stored_hash != nullptr) *stored_hash = hash;
  r->doc.time_of_day = static_cast<int32_t>(time_plus_one) - 1;
  r->text_kind = static_cast<TextKind>(kind);
  return Status::Ok();
}

std::string EncodeClaim(const ClaimRecord& r, uint32_t version) {
  const Claim& c = r.claim;
  std::string v;
  uint64_t id = 0;
  ParseHexId(c.id, &id);
  if (version >= 8) {
    // The id the extractor would give is left out.
    const bool derived =
        !c.content.empty() && id == ClaimIdOf(c.doc, c.content);
    PutU8(&v, derived ? kClaimIdDerived : kClaimIdStored);
    if (!derived) PutU64(&v, id);
  } else if (version == 7) {
    PutU64(&v, id);
  }
  if (version < 12) PutU64(&v, r.doc_num);
  PutLstr(&v, c.doc);
  PutU8(&v, TypeCode(c.type));
  PutVarint(&v, c.sentence);
  PutVarint(&v, c.content.size());
  for (const Span& s : c.content) PutSpan(&v, s, version);
  PutOptSpan(&v, c.cue, version);
  PutOptSpan(&v, c.source, version);
  PutLstr(&v, c.speaker.name);
  PutU8(&v, KindCode(c.speaker.kind));
  PutLstr(&v, c.speaker.title);
  PutLstr(&v, c.speaker.affiliation);
  PutOptSpan(&v, c.speaker.antecedent, version);
  PutU8(&v, c.anonymous ? 1 : 0);
  if (c.anonymous) {
    PutLstr(&v, c.anonymous->descriptor);
    PutSpan(&v, c.anonymous->descriptor_span, version);
    PutOptSpan(&v, c.anonymous->reason, version);
  }
  PutOptSpan(&v, c.date.expr, version);
  if (version >= 11) {
    const bool day_of_when = ResolvedIsDayOf(c.date.resolved, r.when);
    const uint8_t basis = DateBasisCode(c.date.basis);
    PutU8(&v, static_cast<uint8_t>((basis << 1) | (day_of_when ? 1 : 0)));
    if (!day_of_when) PutLstr(&v, c.date.resolved);
    if (basis == 0) PutLstr(&v, c.date.basis);
  } else {
    PutLstr(&v, c.date.resolved);
    PutLstr(&v, c.date.basis);
  }
  PutVarint(&v, c.mentions.size());
  for (size_t i = 0; i < c.mentions.size(); ++i) {
    const Mention& m = c.mentions[i];
    PutSpan(&v, m.span, version);
    PutLstr(&v, m.name);
    PutU8(&v, KindCode(m.kind));
    PutU64(&v, i < r.mention_entities.size() ? r.mention_entities[i] : 0);
  }
  PutWhen(&v, r.when);
  PutU64(&v, r.speaker_entity);
  PutU64(&v, r.affiliation_entity);
  PutU64(&v, r.nation_entity);
  PutU8(&v, r.speaker_global ? 1 : 0);
  return v;
}

Status DecodeClaim(uint64_t num, std::string_view value, ClaimRecord* r,
                   uint32_t version) {
  Decoder d(value);
  Claim& c = r->claim;
  c = Claim();
  r->mention_entities.clear();
  r->num = num;
  uint8_t type, kind, anonymous;
  uint64_t n;
  uint64_t id = num;
  uint8_t id_form = kClaimIdStored;
  if ((version >= 8 && (!d.GetU8(&id_form) || id_form > kClaimIdStored)) ||
      (version >= 7 && id_form == kClaimIdStored && !d.GetU64(&id)) ||
      (version < 12 && !d.GetU64(&r->doc_num)) || !d.GetLstr(&c.doc) ||
      !d.GetU8(&type) || !TypeFromCode(type, &c.type) ||
      !d.GetVarint32(&c.sentence) || !d.GetVarint(&n) || n == 0 ||
      n > d.remaining()) {
    return Bad("claim");
  }
  if (version >= 12) r->doc_num = DocNum(c.doc);
  c.content.resize(n);
  for (Span& s : c.content) {
    if (!GetSpan(&d, &s, version)) return Bad("claim");
  }
  if (id_form == kClaimIdDerived) {
    id = ClaimIdOf(c.doc, c.content);
  } else if (version >= 8 && id == ClaimIdOf(c.doc, c.content)) {
    return Bad("claim");  // one encoding per record: this one is derived
  }
  c.id = HexId(id);
  if (!GetOptSpan(&d, &c.cue, version) || !GetOptSpan(&d, &c.source, version) ||
      !d.GetLstr(&c.speaker.name) || !d.GetU8(&kind) ||
      !KindFromCode(kind, &c.speaker.kind) || !d.GetLstr(&c.speaker.title) ||
      !d.GetLstr(&c.speaker.affiliation) ||
      !GetOptSpan(&d, &c.speaker.antecedent, version) || !d.GetU8(&anonymous) ||
      anonymous > 1) {
    return Bad("claim");
  }
  if (anonymous) {
    Anonymity& a = c.anonymous.emplace();
    if (!d.GetLstr(&a.descriptor) ||
        !GetSpan(&d, &a.descriptor_span, version) ||
        !GetOptSpan(&d, &a.reason, version)) {
      return Bad("claim");
    }
  }
  // Since version 11: a date form, then what it does not give.
  uint8_t date_form = 0;
  if (!GetOptSpan(&d, &c.date.expr, version) ||
      (version >= 11 &&
       (!d.GetU8(&date_form) || (date_form >> 1) > std::size(kDateBases))) ||
      ((version < 11 || !(date_form & 1)) && !d.GetLstr(&c.date.resolved))) {
    return Bad("claim");
  }
  if (version < 11 || (date_form >> 1) == 0) {
    // One encoding per record: a basis of the table is written by code.
    if (!d.GetLstr(&c.date.basis) ||
        (version >= 11 && DateBasisCode(c.date.basis) != 0)) {
      return Bad("claim");
    }
  } else {
    c.date.basis = kDateBases[(date_form >> 1) - 1];
  }
  if (!d.GetVarint(&n) || n > d.remaining()) return Bad("claim");
  c.mentions.resize(n);
  r->mention_entities.resize(n);
  for (size_t i = 0; i < n; ++i) {
    Mention& m = c.mentions[i];
    if (!GetSpan(&d, &m.span, version) || !d.GetLstr(&m.name) ||
        !d.GetU8(&kind) || !KindFromCode(kind, &m.kind) ||
        !d.GetU64(&r->mention_entities[i])) {
      return Bad("claim");
    }
  }
  uint8_t global;
  if (!d.GetWhen(&r->when) || !d.GetU64(&r->speaker_entity) ||
      !d.GetU64(&r->affiliation_entity) || !d.GetU64(&r->nation_entity) ||
      !d.GetU8(&global) || global > 1 || (global && !r->speaker_entity) ||
      !d.done()) {
    return Bad("claim");
  }
  if (date_form & 1) {
    if (r->when.undated()) return Bad("claim");
    c.date.resolved = IsoDateFromDay(r->when.day);
  } else if (version >= 11 && ResolvedIsDayOf(c.date.resolved, r->when)) {
    return Bad("claim");  // one encoding per record: this one is left out
  }
  r->speaker_global = global == 1;
  return Status::Ok();
}

std::string EncodeAliasForm(std::string_view alias, std::string_view written) {
  std::string v;
  if (written == TitleCase(alias)) {
    PutU8(&v, kFormTitleCase);
    return v;
  }
  uint64_t mask = 0;
  int letter = 0;
  for (char c : written) {
    if (!IsAsciiLetter(c)) continue;
    if (c >= 'A' && c <= 'Z' && letter < 64) mask |= uint64_t{1} << letter;
    ++letter;
  }
  std::string again;
  if (letter <= 64 && ApplyCaseMask(alias, mask, &again) && again == written) {
    PutU8(&v, kFormCaseMask);
    PutVarint(&v, mask);
    return v;
  }
  PutU8(&v, kFormAsWritten);
  PutLstr(&v, written);
  return v;
}

Status DecodeAliasForm(std::string_view alias, std::string_view value,
                       std::string* written) {
  Decoder d(value);
  uint8_t code;
  uint64_t mask;
  bool ok = d.GetU8(&code);
  if (ok && code == kFormAsWritten) {
    ok = d.GetLstr(written);
  } else if (ok && code == kFormTitleCase) {
    *written = TitleCase(alias);
  } else if (ok && code == kFormCaseMask) {
    ok = d.GetVarint(&mask) && ApplyCaseMask(alias, mask, written);
  } else {
    ok = false;
  }
  if (!ok || !d.done()) return Bad("alias");
  return Status::Ok();
}

std::string EncodeEntity(const EntityRecord& r, uint32_t version) {
  std::string v;
  const bool derived =
      version >= 13 && NormalizeAlias(r.display_name) == r.key_name;
  PutU8(&v, KindCode(r.kind) | (derived ? kEntityKeyDerived : 0));
  if (!derived) PutLstr(&v, r.key_name);
  PutLstr(&v, r.display_name);
  PutU64(&v, r.scope_doc);
  PutU8(&v, r.descriptor ? 1 : 0);
  if (r.descriptor) {
    PutLstr(&v, r.descriptor->rank);
    PutLstr(&v, r.descriptor->domain);
    PutLstr(&v, r.descriptor->affiliation);
    PutU8(&v, r.descriptor->plural ? 1 : 0);
  }
  return v;
}

Status DecodeEntity(std::string_view value, EntityRecord* r) {
  Decoder d(value);
  uint8_t kind, has_descriptor;
  if (!d.GetU8(&kind)) return Bad("entity");
  const bool derived = (kind & kEntityKeyDerived) != 0;
  if (!KindFromCode(static_cast<uint8_t>(kind & ~kEntityKeyDerived),
                    &r->kind) ||
      (!derived && !d.GetLstr(&r->key_name)) || !d.GetLstr(&r->display_name) ||
      !d.GetU64(&r->scope_doc) || !d.GetU8(&has_descriptor) ||
      has_descriptor > 1) {
    return Bad("entity");
  }
  if (derived) r->key_name = NormalizeAlias(r->display_name);
  r->descriptor.reset();
  if (has_descriptor) {
    AnonymousDescriptor& a = r->descriptor.emplace();
    uint8_t plural;
    if (!d.GetLstr(&a.rank) || !d.GetLstr(&a.domain) ||
        !d.GetLstr(&a.affiliation) || !d.GetU8(&plural) || plural > 1) {
      return Bad("entity");
    }
    a.plural = plural == 1;
  }
  if (!d.done()) return Bad("entity");
  return Status::Ok();
}

std::string EncodeHolder(const HolderValue& h) {
  // The terms the table holds by place (sorted, as gaps), the others by
  // hash; a term is never written both ways, so the bytes are canonical.
  std::vector<uint32_t> places;
  std::vector<uint32_t> hashes;
  for (uint32_t t : h.terms) {
    if (std::optional<uint32_t> p = TermPlace(t)) {
      places.push_back(*p);
    } else {
      hashes.push_back(t);
    }
  }
  std::sort(places.begin(), places.end());
  places.erase(std::unique(places.begin(), places.end()), places.end());
  std::sort(hashes.begin(), hashes.end());
  hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
  std::string v;
  PutU8(&v, static_cast<uint8_t>(h.role) | kHolderCodedBit);
  PutVarint(&v, places.size());
  uint32_t previous = 0;
  for (uint32_t p : places) {
    PutVarint(&v, p - previous);
    previous = p;
  }
  PutVarint(&v, hashes.size());
  for (uint32_t t : hashes) PutU32(&v, t);
  PutU32(&v, h.copy);
  return v;
}

namespace {

// Format versions 3 to 7: role 'S' or 'A', every term by its hash.
Status DecodeHolderByHash(std::string_view value, HolderValue* h) {
  Decoder d(value);
  uint8_t role;
  uint64_t n;
  if (!d.GetU8(&role) || (role != 'S' && role != 'A') || !d.GetVarint(&n) ||
      d.remaining() < 4 || n > (d.remaining() - 4) / 4 ||
      n * 4 + 4 != d.remaining()) {
    return Bad("holder");
  }
  h->role = static_cast<HolderRole>(role);
  h->terms.resize(n);
  for (uint32_t& t : h->terms) d.GetU32(&t);
  d.GetU32(&h->copy);
  return Status::Ok();
}

}  // namespace

bool HolderIsCoded(std::string_view value) {
  return !value.empty() &&
         (static_cast<uint8_t>(value[0]) & kHolderCodedBit) != 0;
}

Status DecodeHolder(std::string_view value, HolderValue* h, uint32_t version) {
  if (version < 8) return DecodeHolderByHash(value, h);
  Decoder d(value);
  uint8_t form;
  uint64_t k;
  if (!d.GetU8(&form) ||
      (form != ('S' | kHolderCodedBit) && form != ('A' | kHolderCodedBit)) ||
      !d.GetVarint(&k) || k > d.remaining() || k > TermTableSize()) {
    return Bad("holder");
  }
  h->role = static_cast<HolderRole>(form & ~kHolderCodedBit);
  h->terms.clear();
  uint64_t place = 0;
  for (uint64_t i = 0; i < k; ++i) {
    uint64_t gap;
    // Places ascend: after the first, every gap is at least 1.
    if (!d.GetVarint(&gap) || (i > 0 && gap == 0) || gap >= TermTableSize()) {
      return Bad("holder");
    }
    place += gap;
    if (place >= TermTableSize()) return Bad("holder");
    h->terms.push_back(TermAtPlace(static_cast<uint32_t>(place)));
  }
  uint64_t m;
  if (!d.GetVarint(&m) || d.remaining() < 4 || m > (d.remaining() - 4) / 4 ||
      m * 4 + 4 != d.remaining()) {
    return Bad("holder");
  }
  uint32_t previous = 0;
  for (uint64_t i = 0; i < m; ++i) {
    uint32_t t;
    d.GetU32(&t);
    // Ascending, and none the table holds: one encoding per value.
    if ((i > 0 && t <= previous) || TermPlace(t)) return Bad("holder");
    previous = t;
    h->terms.push_back(t);
  }
  d.GetU32(&h->copy);
  std::sort(h->terms.begin(), h->terms.end());
  return Status::Ok();
}

std::string EncodeMentionValue(uint32_t copy) {
  std::string v;
  PutU32(&v, copy);
  return v;
}

Status DecodeMentionValue(std::string_view value, uint32_t* copy) {
  Decoder d(value);
  if (!d.GetU32(copy) || !d.done()) return Bad("mention");
  return Status::Ok();
}

std::string EncodeDayValue(SpeakerKind speaker_kind) {
  std::string v;
  PutU8(&v, KindCode(speaker_kind));
  return v;
}

Status DecodeDayValue(std::string_view value, SpeakerKind* speaker_kind) {
  Decoder d(value);
  uint8_t kind;
  if (!d.GetU8(&kind) || !KindFromCode(kind, speaker_kind) || !d.done()) {
    return Bad("claims-by-day");
  }
  return Status::Ok();
}

std::string EncodeEdgeValue(EdgeType type, const EdgeValue& e) {
  std::string v;
  if (type == EdgeType::kEarlier || type == EdgeType::kAffiliated) {
    PutWhen(&v, e.when);
  }
  if (type == EdgeType::kEarlier) PutU16(&v, e.similarity);
  return v;
}

Status DecodeEdgeValue(EdgeType type, std::string_view bytes, EdgeValue* e) {
  Decoder d(bytes);
  *e = EdgeValue();
  if (type == EdgeType::kEarlier || type == EdgeType::kAffiliated) {
    if (!d.GetWhen(&e->when)) return Bad("edge");
  }
  if (type == EdgeType::kEarlier && !d.GetU16(&e->similarity)) {
    return Bad("edge");
  }
  if (!d.done()) return Bad("edge");
  return Status::Ok();
}

}  // namespace claimtrack::store
