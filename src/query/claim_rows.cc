#include "query/claim_rows.h"

#include <algorithm>
#include <cstdint>

#include "text/segmenter.h"
#include "text/tokenizer.h"

namespace claimtrack::query {

Result<const text::Lexicon*> BuiltinLexicon() {
  static const Result<std::unique_ptr<text::Lexicon>> lexicon =
      text::Lexicon::Builtin();
  if (!lexicon.ok()) return lexicon.status();
  return lexicon.value().get();
}

std::string JoinSpans(const std::vector<Span>& spans, std::string_view text) {
  std::string out;
  for (const Span& span : spans) {
    if (span.end > text.size() || span.begin > span.end) continue;
    if (!out.empty()) out += " \u2026 ";
    out.append(span.In(text));
  }
  return out;
}

Result<DocCache::Entry*> DocCache::Load(uint64_t doc_num) {
  auto it = docs_.find(doc_num);
  if (it != docs_.end()) return it->second.get();
  std::string bytes;
  Status s = store_->db()->Get(store::Cf::kDocs,
                               store::DocumentKey{doc_num}.Encode(), &bytes);
  if (s.IsNotFound()) {
    return Status::Corruption("a claim names document " +
                              store::HexId(doc_num) + ", which is not stored");
  }
  RETURN_IF_ERROR(s);
  auto entry = std::make_unique<Entry>();
  RETURN_IF_ERROR(store::DecodeDocument(bytes, &entry->record)
                      .WithContext(store::HexId(doc_num)));
  return docs_.emplace(doc_num, std::move(entry)).first->second.get();
}

Result<const store::DocumentRecord*> DocCache::Document(uint64_t doc_num) {
  ASSIGN_OR_RETURN(Entry * entry, Load(doc_num));
  return &entry->record;
}

const store::DocumentRecord* DocCache::Adopt(uint64_t doc_num,
                                             store::DocumentRecord&& record) {
  std::unique_ptr<Entry>& entry = docs_[doc_num];
  if (!entry) {
    entry = std::make_unique<Entry>();
    entry->record = std::move(record);
  }
  return &entry->record;
}

void DocCache::Forget(uint64_t doc_num) {
  docs_.erase(doc_num);
  // An anonymous source's entity is scoped to its document: the audit reads
  // one per row, and they would add up to as many records as rows.
  entities_.clear();
}

Result<const store::EntityRecord*> DocCache::Entity(uint64_t entity_id) {
  if (entity_id == 0) return static_cast<const store::EntityRecord*>(nullptr);
  auto it = entities_.find(entity_id);
  if (it != entities_.end()) return it->second.get();
  std::string bytes;
  Status s = store_->db()->Get(store::Cf::kEntities,
                               store::EntityKey{entity_id}.Encode(), &bytes);
  if (s.IsNotFound()) {
    return Status::Corruption("a claim names entity " +
                              store::HexId(entity_id) +
                              ", which is not stored");
  }
  RETURN_IF_ERROR(s);
  auto record = std::make_unique<store::EntityRecord>();
  RETURN_IF_ERROR(store::DecodeEntity(bytes, record.get())
                      .WithContext(store::HexId(entity_id)));
  return entities_.emplace(entity_id, std::move(record)).first->second.get();
}

Result<Span> DocCache::SentenceOf(uint64_t doc_num, const Claim& claim) {
  ASSIGN_OR_RETURN(Entry * entry, Load(doc_num));
  const std::string& text = entry->record.doc.text;
  // Every span the claim cites; the sentence must hold the first.
  Span covered{UINT32_MAX, 0};
  auto cover = [&](const Span& s) {
    if (s.end > text.size() || s.begin > s.end) return;
    covered.begin = std::min(covered.begin, s.begin);
    covered.end = std::max(covered.end, s.end);
  };
  for (const Span& s : claim.content) cover(s);
  if (claim.cue) cover(*claim.cue);
  if (claim.source) cover(*claim.source);
  if (covered.begin > covered.end) return Span{};

  if (entry->record.text_kind == store::TextKind::kFull) {
    if (!entry->sentences) {
      ASSIGN_OR_RETURN(const text::Lexicon* lexicon, BuiltinLexicon());
      const std::vector<text::Token> tokens = text::Tokenize(text, *lexicon);
      const text::Segmentation seg = text::Segment(text, tokens, *lexicon);
      std::vector<Span>& spans = entry->sentences.emplace();
      spans.reserve(seg.sentences.size());
      for (const text::Sentence& s : seg.sentences) {
        spans.push_back(s.first < s.end ? Span{tokens[s.first].span.begin,
                                               tokens[s.end - 1].span.end}
                                        : Span{});
      }
    }
    const std::vector<Span>& spans = *entry->sentences;
    if (claim.sentence < spans.size()) {
      const Span s = spans[claim.sentence];
      if (s.begin <= covered.begin && covered.begin < s.end) return s;
    }
  }
  return covered;
}

Result<ClaimRow> ClaimRowOf(const store::ClaimRecord& record, DocCache* docs) {
  ASSIGN_OR_RETURN(const store::DocumentRecord* doc,
                   docs->Document(record.doc_num));
  ASSIGN_OR_RETURN(const store::EntityRecord* speaker,
                   docs->Entity(record.speaker_entity));
  const std::string_view text = doc->doc.text;
  const Claim& claim = record.claim;
  auto text_of = [&](const std::optional<Span>& span) {
    return span && span->end <= text.size() ? std::string(span->In(text))
                                            : std::string();
  };

  ClaimRow row;
  store::ParseHexId(claim.id, &row.claim_id);
  row.when = record.when;
  if (!record.when.undated()) row.date = store::IsoDateFromDay(record.when.day);
  row.doc_num = record.doc_num;
  row.doc_id = doc->doc.id;
  row.doc_title = doc->doc.title;
  row.outlet = doc->doc.outlet;
  row.url = doc->doc.url;
  row.doc_date = doc->doc.date;

  row.speaker_entity = record.speaker_entity;
  row.speaker = speaker ? speaker->display_name : claim.speaker.name;
  if (row.speaker.empty()) row.speaker = text_of(claim.source);
  row.speaker_kind = speaker ? speaker->kind : claim.speaker.kind;
  row.title = claim.speaker.title;
  row.affiliation = claim.speaker.affiliation;
  row.anonymous = claim.anonymous.has_value() ||
                  row.speaker_kind == SpeakerKind::kAnonymous;

  row.type = claim.type;
  row.cue = text_of(claim.cue);
  row.content = JoinSpans(claim.content, text);
  ASSIGN_OR_RETURN(row.sentence, docs->SentenceOf(record.doc_num, claim));
  row.sentence_text = text_of(row.sentence);
  return row;
}

Result<ClaimRow> LoadClaimRow(store::Store* store, uint64_t claim_id,
                              DocCache* docs) {
  std::string bytes;
  Status s = store->db()->Get(store::Cf::kClaims,
                              store::ClaimKey{claim_id}.Encode(), &bytes);
  if (s.IsNotFound()) {
    return Status::NotFound("no claim " + store::HexId(claim_id));
  }
  RETURN_IF_ERROR(s);
  store::ClaimRecord record;
  RETURN_IF_ERROR(store::DecodeClaim(claim_id, bytes, &record)
                      .WithContext(store::HexId(claim_id)));
  return ClaimRowOf(record, docs);
}

}  // namespace claimtrack::query
