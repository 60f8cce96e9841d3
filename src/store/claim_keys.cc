#include "store/claim_keys.h"

#include <algorithm>

#include "common/hash.h"
#include "text/terms.h"

namespace claimtrack::store {

namespace {

std::string ContentText(const Claim& claim, std::string_view text) {
  std::string joined;
  for (const Span& s : claim.content) {
    if (s.end > text.size()) continue;
    if (!joined.empty()) joined.push_back(' ');
    joined.append(s.In(text));
  }
  return joined;
}

// schema/keys.md, `copy`: the content hash.
uint64_t ContentHash(std::string_view content) {
  return StableHash().Add(content).value();
}

Node EntityNode(uint64_t id) { return Node{NodeKind::kEntity, id}; }

// An edge, and its incoming copy for the types that have one.
void AddEdge(const EdgeKey& edge, const std::string& value,
             std::vector<KeyValue>* out) {
  out->push_back({Cf::kEdges, edge.Encode(), value});
  if (EdgeHasMirror(edge.type)) {
    out->push_back({Cf::kEdges, edge.Mirror().Encode(), value});
  }
}

}  // namespace

When StatementTime(const Claim& claim, const Document& doc) {
  When when;
  const std::string& date =
      claim.date.resolved.empty() ? doc.date : claim.date.resolved;
  if (!DayFromIsoDate(date, &when.day)) return When();
  if (date == doc.date && doc.time_of_day >= 0) {
    when.second = static_cast<uint32_t>(doc.time_of_day);
  }
  return when;
}

std::optional<uint64_t> QuotationHash(std::string_view quotation) {
  std::string normalized;
  int words = 0;
  bool in_word = false;
  for (char c : quotation) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                       (c >= 'A' && c <= 'Z') || (c & 0x80);
    if (alnum) {
      if (!in_word) {
        if (!normalized.empty()) normalized.push_back(' ');
        ++words;
      }
      normalized.push_back((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
    }
    in_word = alnum;
  }
  if (words < 4) return std::nullopt;
  return StableHash().Add(normalized).value();
}

ClaimTextKeys DeriveClaimTextKeys(const Claim& claim, std::string_view text,
                                  When when) {
  ClaimTextKeys out;
  const std::string content = ContentText(claim, text);
  TermPostingKey key{"", when.day};
  for (std::string& stem : text::ContentTerms(content)) {
    out.terms.push_back(text::TermHash(stem));
    key.term = std::move(stem);
    out.term_keys.push_back(key.Encode());
  }
  std::sort(out.terms.begin(), out.terms.end());
  out.terms.erase(std::unique(out.terms.begin(), out.terms.end()),
                  out.terms.end());
  if (claim.type == ClaimType::kDirect) out.quote_hash = QuotationHash(content);
  out.content_hash = ContentHash(content);
  out.written_statement = WrittenStatement(claim, text, out.content_hash);
  return out;
}

uint64_t WrittenStatement(const Claim& c, std::string_view text,
                          uint64_t content_hash) {
  StableHash h;
  h.Add("n").Add(c.speaker.name).Add(std::string_view("\0", 1));
  if (c.source && c.source->end <= text.size()) h.Add(c.source->In(text));
  return h.Add(content_hash).value();
}

uint64_t SpeakerStatement(const ClaimRecord& r, std::string_view text,
                          uint64_t content_hash) {
  if (!r.speaker_global || r.speaker_entity == 0) {
    return WrittenStatement(r.claim, text, content_hash);
  }
  return StableHash().Add("e").Add(r.speaker_entity).Add(content_hash).value();
}

uint64_t DocumentStatements(std::string_view title,
                            std::vector<uint64_t> written) {
  std::sort(written.begin(), written.end());
  StableHash h;
  h.Add(title).Add(std::string_view("\0", 1));
  for (uint64_t w : written) h.Add(w);
  return h.value();
}

uint64_t DocumentStatementsOf(const Document& doc,
                              const std::vector<ClaimRecord>& records) {
  const std::string_view text = doc.text;
  std::vector<uint64_t> written;
  written.reserve(records.size());
  for (const ClaimRecord& r : records) {
    written.push_back(WrittenStatement(
        r.claim, text, ContentHash(ContentText(r.claim, text))));
  }
  return DocumentStatements(doc.title, std::move(written));
}

uint32_t CopyKey(uint64_t speaker_statement, uint64_t document_statements) {
  const uint64_t h =
      StableHash().Add(speaker_statement).Add(document_statements).value();
  return static_cast<uint32_t>(h ^ (h >> 32));
}

KeyValue DayIndexEntry(const ClaimRecord& record) {
  return {Cf::kIndex,
          ClaimsByDayKey{record.when.day, record.doc_num, record.num}.Encode(),
          EncodeDayValue(record.claim.speaker.kind)};
}

std::optional<KeyValue> MemberEntry(const ClaimRecord& r) {
  if (!r.speaker_global || r.speaker_entity == 0 || r.affiliation_entity == 0 ||
      r.affiliation_entity == r.speaker_entity) {
    return std::nullopt;
  }
  return KeyValue{
      Cf::kIndex,
      MemberKey{r.affiliation_entity, r.speaker_entity, r.doc_num}.Encode(),
      ""};
}

ClaimKeys DeriveClaimKeys(const ClaimRecord& r, uint64_t first_claim,
                          std::string_view text, uint64_t document_statements,
                          const EntityResolver& resolver,
                          ClaimTextKeys* text_keys) {
  ClaimKeys out;
  const Claim& c = r.claim;
  const uint64_t claim_id = r.num;  // in keys, claims go by number
  uint64_t id = 0;
  ParseHexId(c.id, &id);
  ClaimTextKeys own;
  if (text_keys == nullptr) {
    own = DeriveClaimTextKeys(c, text, r.when);
    text_keys = &own;
  }
  std::vector<KeyValue>& owned = out.owned;
  owned.reserve(9);
  owned.push_back({Cf::kClaims, ClaimKey{claim_id}.Encode(), EncodeClaim(r)});
  owned.push_back(
      {Cf::kClaims, ClaimByIdKey::Of(id, claim_id).Encode(), std::string()});
  owned.push_back(
      {Cf::kIndex, ClaimsByDocKey{r.doc_num, claim_id}.Encode(), ""});
  owned.push_back(DayIndexEntry(r));
  out.term_keys = std::move(text_keys->term_keys);
  out.terms = std::move(text_keys->terms);
  out.copy = CopyKey(SpeakerStatement(r, text, text_keys->content_hash),
                     document_statements);

  if (r.speaker_entity != 0) {
    out.holders.push_back({r.speaker_entity, HolderRole::kSpeaker});
    const std::vector<AliasForm> aliases =
        text_keys->speaker_aliases ? std::move(*text_keys->speaker_aliases)
                                   : resolver.SpeakerAliases(c, text);
    for (const AliasForm& a : aliases) {
      owned.push_back(
          {Cf::kAliases,
           AliasKey{a.normalized, r.speaker_entity, first_claim}.Encode(),
           EncodeAliasForm(a.normalized, a.written)});
    }
    if (!c.speaker.title.empty()) {
      owned.push_back({Cf::kIndex,
                       EntityFactKey{r.speaker_entity, Fact::kTitle, r.when,
                                     CollapseSpaces(c.speaker.title), r.doc_num}
                           .Encode(),
                       ""});
    }
  }
  if (r.affiliation_entity != 0 && r.affiliation_entity != r.speaker_entity) {
    out.holders.push_back({r.affiliation_entity, HolderRole::kAffiliated});
    if (r.speaker_entity != 0) {
      EdgeValue v{r.when, 0};
      AddEdge(
          EdgeKey{false, EntityNode(r.speaker_entity), EdgeType::kAffiliated,
                  EntityNode(r.affiliation_entity), r.doc_num},
          EncodeEdgeValue(EdgeType::kAffiliated, v), &owned);
      owned.push_back(
          {Cf::kIndex,
           EntityFactKey{r.speaker_entity, Fact::kAffiliation, r.when,
                         CollapseSpaces(c.speaker.affiliation), r.doc_num}
               .Encode(),
           ""});
      if (std::optional<KeyValue> m = MemberEntry(r)) {
        owned.push_back(std::move(*m));
      }
    }
  }
  if (r.nation_entity != 0 &&
      std::none_of(
          out.holders.begin(), out.holders.end(),
          [&](const HolderEntry& h) { return h.entity == r.nation_entity; })) {
    out.holders.push_back({r.nation_entity, HolderRole::kAffiliated});
  }
  for (const HolderEntry& h : out.holders) {
    HolderValue v{h.role, out.terms, out.copy};
    owned.push_back(
        {Cf::kIndex,
         EntityTimeKey{Prefix::kClaimsByHolder, h.entity, r.when, claim_id}
             .Encode(),
         EncodeHolder(v)});
  }
  std::vector<uint64_t> mentioned;
  for (size_t i = 0; i < c.mentions.size() && i < r.mention_entities.size();
       ++i) {
    const uint64_t e = r.mention_entities[i];
    if (e == 0) continue;
    // Every form is an alias ("Seoul", "South Korean"); the edge and the
    // index entry are one per entity.
    const Span span = c.mentions[i].span;
    if (span.end <= text.size()) {
      std::string alias = NormalizeAlias(span.In(text));
      std::string form = EncodeAliasForm(alias, CollapseSpaces(span.In(text)));
      owned.push_back({Cf::kAliases,
                       AliasKey{std::move(alias), e, first_claim}.Encode(),
                       std::move(form)});
    }
    if (std::find(mentioned.begin(), mentioned.end(), e) != mentioned.end()) {
      continue;
    }
    mentioned.push_back(e);
    owned.push_back(
        {Cf::kIndex,
         EntityTimeKey{Prefix::kClaimsByMention, e, r.when, claim_id}.Encode(),
         EncodeMentionValue(out.copy)});
  }
  out.quote_hash = text_keys->quote_hash;
  if (out.quote_hash) {
    owned.push_back({Cf::kIndex,
                     QuotationKey{*out.quote_hash, r.when, claim_id}.Encode(),
                     ""});
  }
  return out;
}

}  // namespace claimtrack::store
