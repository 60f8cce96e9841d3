#include "query/timeline.h"

#include <algorithm>
#include <array>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "common/hash.h"
#include "query/claim_rows.h"
#include "query/entity_lookup.h"
#include "query/narration.h"
#include "query/stance.h"
#include "query/subject.h"
#include "query/words.h"
#include "store/alias_index.h"
#include "store/doc_claims.h"
#include "store/entities.h"
#include "store/graph_view.h"
#include "store/records.h"
#include "store/term_index.h"
#include "text/terms.h"

namespace claimtrack::query {

namespace {

using store::Cf;
using store::EntityTimeKey;
using store::When;

// What every query needs, made once.
struct Context {
  store::Store* store = nullptr;
  const text::Lexicon* lexicon = nullptr;
  std::unique_ptr<StanceLexicon> stance;
  std::unique_ptr<Synonyms> synonyms;
  Subject subject;
  When from{std::numeric_limits<int32_t>::min(), 0};
  When to{When::kUndatedDay, 0xFFFFFFFFu};
  std::unique_ptr<DocCache> docs;
};

Result<std::unique_ptr<Context>> MakeContext(store::Store* store,
                                             std::string_view about,
                                             const std::string& from,
                                             const std::string& to) {
  auto ctx = std::make_unique<Context>();
  ctx->store = store;
  ASSIGN_OR_RETURN(ctx->lexicon, BuiltinLexicon());
  ASSIGN_OR_RETURN(ctx->stance, StanceLexicon::Builtin());
  ASSIGN_OR_RETURN(ctx->synonyms, Synonyms::Builtin());
  ASSIGN_OR_RETURN(ctx->subject,
                   Subject::Parse(about, *ctx->lexicon, *ctx->synonyms));
  if (!about.empty() && ctx->subject.empty()) {
    return Status::InvalidArgument("--about \"" + std::string(about) +
                                   "\" has no subject words (only stopwords)");
  }
  if (!from.empty()) {
    ASSIGN_OR_RETURN(ctx->from, store::ParseDateBound(from, "--from"));
    ctx->from.second = 0;
  }
  if (!to.empty()) {
    ASSIGN_OR_RETURN(ctx->to, store::ParseDateBound(to, "--to"));
    ctx->to.second = 0xFFFFFFFFu;
  }
  if (ctx->to < ctx->from) {
    return Status::InvalidArgument("--from " + from + " is after --to " + to);
  }
  ctx->docs = std::make_unique<DocCache>(store);
  return ctx;
}

struct IndexEntry {
  When when;
  uint64_t claim_id = 0;
  store::HolderRole role = store::HolderRole::kSpeaker;  // 61 only
  bool hit = false;   // 61 only: its terms include one of the stems asked
  uint32_t copy = 0;  // the claim's copy key (store::CopyKey)
  // 61: the copy key and the claim's terms, hashed together; entries that
  // share it are copies of one statement (FoldCopies).
  uint64_t copy_group = 0;
};

// The copy key and the claim's terms of a holder entry, hashed together:
// the entries that share it are copies of one statement (FoldCopies).
uint64_t CopyGroup(const store::HolderValue& value) {
  StableHash group;
  group.Add(uint64_t{value.copy});
  for (uint32_t term : value.terms) group.Add(uint64_t{term});
  return group.value();
}

// The 61 (holder) or 62 (mention) entries of an entity between from and
// to: one bounded range scan.
Result<std::vector<IndexEntry>> ScanEntity(
    store::Db* db, store::Prefix prefix, uint64_t entity, When from, When to,
    const std::unordered_set<uint32_t>* stems) {
  std::vector<IndexEntry> out;
  EntityTimeKey start{prefix, entity, from, 0};
  const std::string scan_prefix = EntityTimeKey::ScanPrefix(prefix, entity);
  std::unique_ptr<rocksdb::Iterator> it = db->NewIterator(Cf::kIndex);
  for (it->Seek(start.Encode()); it->Valid(); it->Next()) {
    std::string_view key(it->key().data(), it->key().size());
    if (!key.starts_with(scan_prefix)) break;
    ASSIGN_OR_RETURN(EntityTimeKey k, EntityTimeKey::Decode(key));
    if (to < k.when) break;
    IndexEntry e{k.when, k.claim_id};
    const std::string_view bytes = it->value().ToStringView();
    if (prefix == store::Prefix::kClaimsByMention) {
      RETURN_IF_ERROR(store::DecodeMentionValue(bytes, &e.copy));
    } else {
      store::HolderValue value;
      RETURN_IF_ERROR(store::DecodeHolder(bytes, &value));
      e.role = value.role;
      e.copy = value.copy;
      e.copy_group = CopyGroup(value);
      if (stems) {
        for (uint32_t term : value.terms) {
          if (stems->count(term)) {
            e.hit = true;
            break;
          }
        }
      }
    }
    out.push_back(e);
  }
  RETURN_IF_ERROR(store::FromRocks(it->status(), "scanning the index"));
  return out;
}

Result<store::EntityRecord> ReadEntity(store::Db* db, uint64_t id) {
  std::string bytes;
  RETURN_IF_ERROR(db->Get(Cf::kEntities, store::EntityKey{id}.Encode(), &bytes)
                      .WithContext("entity " + store::HexId(id)));
  store::EntityRecord record;
  RETURN_IF_ERROR(store::DecodeEntity(bytes, &record));
  return record;
}

Result<store::ClaimRecord> ReadClaim(store::Db* db, uint64_t id) {
  std::string bytes;
  RETURN_IF_ERROR(db->Get(Cf::kClaims, store::ClaimKey{id}.Encode(), &bytes)
                      .WithContext("claim " + store::HexId(id)));
  store::ClaimRecord record;
  RETURN_IF_ERROR(store::DecodeClaim(id, bytes, &record));
  return record;
}

// The members of `body` (index 67): the speakers known across documents
// seen speaking for it, in id order. There is an entry per member and
// document ("Yeutter" for the United States in every story that says so),
// so the scan reads each member's first and seeks past the rest: one seek
// per member, however long the archive. The one-document speakers (an
// anonymous "U.S. official", an unnamed "the minister") are not members:
// their claims are under the body in their document already, and their
// number grows with the archive (355 with an AFFILIATED edge into the
// United States on Reuters-21578, 9,361 on 1 GB of synthetic copies).
Result<std::vector<uint64_t>> MembersOf(store::Db* db, uint64_t body) {
  std::vector<uint64_t> out;
  const std::string prefix = store::MemberKey::ScanPrefix(body);
  std::unique_ptr<rocksdb::Iterator> it = db->NewIterator(Cf::kIndex);
  for (it->Seek(prefix); it->Valid();) {
    const std::string_view key = it->key().ToStringView();
    if (!key.starts_with(prefix)) break;
    ASSIGN_OR_RETURN(const store::MemberKey k, store::MemberKey::Decode(key));
    out.push_back(k.member);
    const std::string next =
        store::PrefixSuccessor(store::MemberKey::MemberPrefix(body, k.member));
    if (next.empty()) break;
    it->Seek(next);
  }
  RETURN_IF_ERROR(store::FromRocks(it->status(), "reading members"));
  return out;
}

// Which countries the members of a body speak for. A person is a member of
// every body an AFFILIATED edge says it spoke for in some document, and a
// story can get that wrong: a visiting minister taken for the dateline's
// country ("Finance Minister Dilson Funaro said" in a London story), a
// president in a story from Tokyo. On Reuters-21578 that made Ronald
// Reagan a member of eight countries besides the United States, and all
// his claims rows of their timelines. So a member counts for a country
// only when no other country has more of its documents: its AFFILIATED
// edges into each country, or into a government body of one (the Treasury
// for the United States), one per document. The claims of the story that
// got it wrong stay under that country there (index 61, role A).
class MemberCountries {
 public:
  MemberCountries(store::Db* db, const store::EntityResolver& resolver)
      : db_(db), resolver_(resolver) {}

  // True when `country` has as many of the member's documents as any
  // other country, or the member was seen speaking for no country.
  Result<bool> SpeaksMostFor(uint64_t member, const std::string& country) {
    std::map<uint64_t, uint64_t> documents;  // target entity -> edges
    std::unique_ptr<rocksdb::Iterator> it = db_->NewIterator(Cf::kEdges);
    const std::string prefix = store::EdgeKey::ScanPrefix(
        false, store::Node{store::NodeKind::kEntity, member},
        store::EdgeType::kAffiliated);
    for (it->Seek(prefix); it->Valid(); it->Next()) {
      const std::string_view key = it->key().ToStringView();
      if (!key.starts_with(prefix)) break;
      ASSIGN_OR_RETURN(const store::EdgeKey k, store::EdgeKey::Decode(key));
      ++documents[k.to.id];
    }
    RETURN_IF_ERROR(store::FromRocks(it->status(), "reading AFFILIATED edges"));
    std::map<std::string, uint64_t> by_country;
    for (const auto& [entity, count] : documents) {
      ASSIGN_OR_RETURN(const std::string* of, CountryOf(entity));
      if (!of->empty()) by_country[*of] += count;
    }
    if (by_country.empty()) return true;
    uint64_t most = 0;
    for (const auto& [name, count] : by_country) most = std::max(most, count);
    auto found = by_country.find(country);
    return found != by_country.end() && found->second == most;
  }

 private:
  // The country an entity is or is a government body of; "" for none.
  Result<const std::string*> CountryOf(uint64_t entity) {
    auto it = country_of_.find(entity);
    if (it != country_of_.end()) return &it->second;
    ASSIGN_OR_RETURN(const store::EntityRecord record, ReadEntity(db_, entity));
    std::string country;
    if (record.kind == SpeakerKind::kCountry) {
      country = record.display_name;
    } else if (record.kind == SpeakerKind::kOrganization) {
      country = resolver_.GovernmentOf(record.key_name);
    }
    return &country_of_.emplace(entity, std::move(country)).first->second;
  }

  store::Db* db_;
  const store::EntityResolver& resolver_;
  std::unordered_map<uint64_t, std::string> country_of_;
};

// The claim's words for stance and subject: the cue when it comes first,
// then each content span.
std::vector<Word> ClaimWords(const Claim& claim, std::string_view text) {
  std::vector<Word> words;
  auto add = [&](Span s) {
    if (s.end > text.size() || s.begin > s.end) return;
    std::vector<Word> part = SplitWords(s.In(text), s.begin);
    if (!words.empty() && !part.empty()) {  // spans are separate clauses
      Word stop;
      stop.span = {s.begin, s.begin};
      stop.lower = stop.stem = ".";
      stop.clause_break = true;
      words.push_back(std::move(stop));
    }
    words.insert(words.end(), part.begin(), part.end());
  };
  if (claim.cue && (claim.content.empty() ||
                    claim.cue->end <= claim.content.front().begin)) {
    add(*claim.cue);
  }
  for (const Span& s : claim.content) add(s);
  return words;
}

void FillEvidence(std::string_view text, std::vector<StanceEvidence>* ev) {
  for (StanceEvidence& e : *ev) {
    if (e.span.end <= text.size()) e.words = std::string(e.span.In(text));
  }
}

// The document's date (its statement time for narration), undated when
// it has none.
When DocumentTime(const Document& doc) {
  When when;
  int32_t day = 0;
  if (doc.date.size() >= 10 &&
      store::DayFromIsoDate(doc.date.substr(0, 10), &day)) {
    when.day = day;
  }
  return when;
}

// One candidate row with what deciding its relevance needs.
struct Candidate {
  ClaimRow row;
  uint32_t own_mask = 0;  // subject groups its words, sentence, mentions name
};

// Marks the subject terms a row matched, by name.
std::vector<std::string> MaskNames(const Subject& subject, uint32_t mask) {
  std::vector<std::string> names, all = subject.Names();
  for (size_t i = 0; i < all.size(); ++i) {
    if (mask & (1u << i)) names.push_back(all[i]);
  }
  return names;
}

// Builds the candidate for one stored claim; positions are computed
// toward the subject.
Result<Candidate> MakeCandidate(Context* ctx, uint64_t claim_id,
                                const store::ClaimRecord& record,
                                Relation relation) {
  Candidate c;
  ASSIGN_OR_RETURN(c.row, ClaimRowOf(record, ctx->docs.get()));
  c.row.relation = relation;
  ASSIGN_OR_RETURN(const store::DocumentRecord* doc,
                   ctx->docs->Document(record.doc_num));
  const std::string_view text = doc->doc.text;
  std::vector<Word> words = ClaimWords(record.claim, text);
  std::vector<bool> marks;
  uint32_t mask = 0;
  if (!ctx->subject.empty()) {
    mask = ctx->subject.Match(words, &marks);
    for (const Mention& m : record.claim.mentions) {
      mask |= ctx->subject.MatchEntityName(m.name);
    }
    std::vector<Word> sentence =
        SplitWords(c.row.sentence_text, c.row.sentence.begin);
    mask |= ctx->subject.Match(sentence, nullptr);
  }
  c.own_mask = mask;
  c.row.subject_terms = MaskNames(ctx->subject, mask);
  StanceResult stance = ctx->stance->Classify(words, marks);
  c.row.position = stance.position;
  c.row.evidence = std::move(stance.evidence);
  FillEvidence(text, &c.row.evidence);
  return c;
}

// Whether a claim whose content names the holder addresses it: the
// mention opens the content ("urged South Korea to change", "called on
// Washington to"), rather than passing by.
bool AddressesHolder(const store::ClaimRecord& record, uint64_t holder,
                     std::string_view text) {
  if (record.claim.content.empty()) return false;
  const Span first = record.claim.content.front();
  for (size_t i = 0; i < record.mention_entities.size(); ++i) {
    if (record.mention_entities[i] != holder) continue;
    const Span m = record.claim.mentions[i].span;
    if (m.begin < first.begin || m.end > first.end) continue;
    std::vector<Word> before =
        SplitWords(text.substr(first.begin, m.begin - first.begin));
    if (before.size() <= 1) return true;  // "South Korea ...", "the U.S. ..."
  }
  return false;
}

// Marks shifts, day by day: a holder's position on a day is the most
// frequent non-neutral position of its rows that day (own, affiliated and
// reported; rows by others are context), the latest row breaking a tie.
// The first row of a day whose position differs from the holder's previous
// day's is marked as the shift. One misread claim among several on a day
// does not make a shift; rows must be in time order.
void MarkShifts(std::vector<ClaimRow>* rows) {
  std::map<std::string, Position> last;  // by holder: the previous day's
  size_t i = 0;
  while (i < rows->size()) {
    size_t j = i;
    while (j < rows->size() && (*rows)[j].when.day == (*rows)[i].when.day) ++j;
    // Each holder's position for the day [i, j).
    std::map<std::string, std::array<int, 4>> counts;
    std::map<std::string, Position> latest;
    for (size_t k = i; k < j; ++k) {
      const ClaimRow& row = (*rows)[k];
      if (row.relation == Relation::kAbout) continue;
      if (row.position == Position::kNeutral) continue;
      ++counts[row.holder][static_cast<int>(row.position)];
      latest[row.holder] = row.position;
    }
    for (const auto& [holder, c] : counts) {
      Position day = latest[holder];
      for (int p = 1; p < 4; ++p) {
        if (c[p] > c[static_cast<int>(day)]) day = static_cast<Position>(p);
      }
      auto it = last.find(holder);
      if (it != last.end() && it->second != day) {
        for (size_t k = i; k < j; ++k) {
          ClaimRow& row = (*rows)[k];
          if (row.holder == holder && row.relation != Relation::kAbout &&
              row.position == day) {
            row.shift = true;
            row.previous = it->second;
            break;
          }
        }
      }
      last[holder] = day;
    }
    i = j;
  }
}

// A holder's index entries (61) and how each relates to it.
using HeldEntries = std::vector<std::pair<IndexEntry, Relation>>;

// Leaves out the later copies of a statement: the same words from the
// same speaker in a document with the same statements (a wire story
// re-run by other outlets; the synthetic copies of `claimtrack synth`),
// known from their index entries alone (the copy key and the terms),
// before any claim or document is read. DropCopies keeps the first row of
// each at the end; this makes a timeline over an archive that repeats its
// stories read each statement once instead of once per copy. The entries
// at the earliest time of their group all stay (RowBefore, from the
// records, decides which is first). A story re-sent with claims added or
// changed is no copy: its document's statements differ (Reuters-21578
// sent one twice, a day apart, the second with a sentence naming the
// subject; the later one's claims are the timeline's). With a subject,
// only the entries read whatever their document (hits) are folded: the
// others are read when their document is found relevant, which depends
// on its sentences and title too. So the rows are those DropCopies alone
// would give, but that a copy of a story (same title and claims) is judged
// by the first: the outlet's narration is cited from it, and a claim that
// only a later copy's other words (the rest of its sentence, the
// narration) would make relevant is not shown. Adds the claims left out to
// `folded`; returns how many entries were left out.
size_t FoldCopies(bool filtered, HeldEntries* entries,
                  std::unordered_set<uint64_t>* folded) {
  auto foldable = [&](const IndexEntry& e) { return !filtered || e.hit; };
  std::unordered_map<uint64_t, When> first;  // by copy_group
  for (const auto& [e, relation] : *entries) {
    if (!foldable(e)) continue;
    auto [it, added] = first.emplace(e.copy_group, e.when);
    if (!added && e.when < it->second) it->second = e.when;
  }
  return std::erase_if(*entries, [&](const auto& entry) {
    const IndexEntry& e = entry.first;
    if (!foldable(e) || !(first.at(e.copy_group) < e.when)) return false;
    folded->insert(e.claim_id);
    return true;
  });
}

// What two copies of a statement share in their records: the speaker (a
// one-document speaker is another entity in every copy: by name) and
// the lengths of the content's spans. With the copy key, it tells copies
// apart from claims whose keys merely collide.
uint64_t CopySignature(const store::ClaimRecord& record) {
  StableHash h;
  h.Add(record.speaker_global ? record.speaker_entity : 0)
      .Add(record.claim.speaker.name);
  for (const Span& s : record.claim.content) h.Add(uint64_t{s.end - s.begin});
  return h.value();
}

// Drops the copies of a row: the same speaker saying the same words again
// (wire stories are re-sent with corrections; the earliest copy stays).
void DropCopies(std::vector<ClaimRow>* rows) {
  std::set<std::pair<std::string, std::string>> seen;
  std::erase_if(*rows, [&](const ClaimRow& row) {
    return !seen.insert({row.speaker, row.content}).second;
  });
}

bool RowBefore(const ClaimRow& a, const ClaimRow& b) {
  if (a.when != b.when) return a.when < b.when;
  if (a.doc_num != b.doc_num) return a.doc_num < b.doc_num;
  if (a.sentence.begin != b.sentence.begin) {
    return a.sentence.begin < b.sentence.begin;
  }
  // The outlet's narration before the claims inside its sentence.
  if ((a.relation == Relation::kReported) !=
      (b.relation == Relation::kReported)) {
    return a.relation == Relation::kReported;
  }
  return a.claim_id < b.claim_id;
}

// Keeps the candidates about the subject: those naming at least one of
// its topical words themselves (content, sentence, mentions) whose
// document names all of its words (title, or the candidates and narration
// found in it).
std::vector<ClaimRow> KeepRelevant(const Context& ctx,
                                   std::vector<Candidate> candidates) {
  std::vector<ClaimRow> rows;
  if (ctx.subject.empty()) {
    for (Candidate& c : candidates) rows.push_back(std::move(c.row));
    return rows;
  }
  std::unordered_map<uint64_t, uint32_t> doc_mask;
  for (const Candidate& c : candidates) doc_mask[c.row.doc_num] |= c.own_mask;
  for (auto& [doc_num, mask] : doc_mask) {
    Result<const store::DocumentRecord*> doc = ctx.docs->Document(doc_num);
    if (doc.ok()) {
      mask |= ctx.subject.Match(SplitWords((*doc)->doc.title), nullptr);
    }
  }
  const uint32_t all = ctx.subject.all();
  // A claim names the subject itself when it names one of its topical
  // words (not only a country: in a US-Japan dispute every claim names
  // Japan).
  const uint32_t topical = ctx.subject.TopicalMask();
  const uint32_t needed = topical != 0 ? topical : all;
  for (Candidate& c : candidates) {
    if ((c.own_mask & needed) == 0) continue;
    if ((doc_mask[c.row.doc_num] & all) != all) continue;
    rows.push_back(std::move(c.row));
  }
  return rows;
}

}  // namespace

Result<Timeline> BuildTimeline(store::Store* store,
                               const TimelineRequest& request) {
  ASSIGN_OR_RETURN(std::unique_ptr<Context> ctx,
                   MakeContext(store, request.about, request.from, request.to));
  store::Db* db = store->db();
  // A country by any of its names, capitals or demonyms ("Seoul",
  // "South Korean"), else an entity by name, alias or id.
  uint64_t holder = 0;
  if (store->resolver().IsCountry(request.holder)) {
    const uint64_t id = store->resolver().Country(request.holder).id;
    if (ReadEntity(db, id).ok()) holder = id;
  }
  if (holder == 0) {
    ASSIGN_OR_RETURN(holder, ResolveEntity(db, request.holder, "--holder"));
  }
  ASSIGN_OR_RETURN(const store::EntityRecord holder_record,
                   ReadEntity(db, holder));
  Timeline timeline;
  timeline.holders.push_back(holder_record.display_name);
  timeline.subject = ctx->subject.Describe();

  // With a subject, only the documents where the holder's claims (or
  // claims addressed to it) use one of its words are read: a claim of the
  // holder is a "hit" when its stored terms (HolderValue) include a stem
  // of the subject, a claim naming the holder when the term index lists it
  // under one. Every claim of those documents is then considered, so a
  // claim whose own words miss the subject but whose sentence names it
  // ("with Lee saying that he was aware of the need ...") is still found.
  const bool filtered = !ctx->subject.empty();
  std::unordered_set<uint32_t> stems;
  std::unordered_set<uint64_t> term_hits;  // claims with a topical term
  if (filtered) {
    for (const std::string& stem : ctx->subject.TermStems(*ctx->lexicon)) {
      stems.insert(text::TermHash(stem));
    }
    std::vector<std::string> topical =
        ctx->subject.TermStems(*ctx->lexicon, /*topical_only=*/true);
    if (topical.empty()) topical = ctx->subject.TermStems(*ctx->lexicon);
    for (const std::string& stem : topical) {
      RETURN_IF_ERROR(
          store::ForEachClaimWithTerm(db, stem, ctx->from.day, ctx->to.day,
                                      [&](int32_t, uint64_t claim_id) {
                                        term_hits.insert(claim_id);
                                        return true;
                                      }));
    }
  }

  std::vector<Candidate> candidates;
  std::unordered_set<uint64_t> seen;
  std::set<uint64_t> relevant_docs;
  auto add = [&](uint64_t claim_id, Relation relation,
                 const store::ClaimRecord* known) -> Status {
    if (!seen.insert(claim_id).second) return Status::Ok();
    store::ClaimRecord record;
    if (known) {
      record = *known;
    } else {
      ASSIGN_OR_RETURN(record, ReadClaim(db, claim_id));
    }
    relevant_docs.insert(record.doc_num);
    ASSIGN_OR_RETURN(Candidate c,
                     MakeCandidate(ctx.get(), claim_id, record, relation));
    c.row.holder = holder_record.display_name;
    candidates.push_back(std::move(c));
    return Status::Ok();
  };
  // The holder's claims not read yet, by claim: how they relate to it.
  std::unordered_map<uint64_t, Relation> deferred;
  auto offer = [&](const IndexEntry& e, Relation relation) -> Status {
    if (!filtered || e.hit) return add(e.claim_id, relation, nullptr);
    deferred.emplace(e.claim_id, relation);
    return Status::Ok();
  };

  // 1. The holder's own claims and those of its officials and bodies.
  HeldEntries held;
  {
    ASSIGN_OR_RETURN(
        const std::vector<IndexEntry> own,
        ScanEntity(db, store::Prefix::kClaimsByHolder, holder, ctx->from,
                   ctx->to, filtered ? &stems : nullptr));
    for (const IndexEntry& e : own) {
      held.emplace_back(e, e.role == store::HolderRole::kSpeaker
                               ? Relation::kOwn
                               : Relation::kAffiliated);
    }
  }
  // 2. The claims, as speakers, of the people and bodies seen affiliated
  //    with it in any document (and with its government's bodies, for a
  //    country): "Yeutter" speaks for the United States even where an
  //    article does not say so.
  std::vector<uint64_t> members;
  ASSIGN_OR_RETURN(members, MembersOf(db, holder));
  if (holder_record.kind == SpeakerKind::kCountry) {
    for (const text::Organization& org : ctx->lexicon->organizations()) {
      if (!org.government || org.country != holder_record.display_name) {
        continue;
      }
      // The body by its id (an affiliation taken from a title, "Trade
      // Representative", gives it no alias), and by the forms it was
      // written in.
      const std::string key = store::NormalizeAlias(org.name);
      ASSIGN_OR_RETURN(std::vector<uint64_t> bodies,
                       store::EntitiesWithAlias(db, key));
      bodies.push_back(
          store::EntityId(SpeakerKind::kOrganization, key, /*scope=*/""));
      std::sort(bodies.begin(), bodies.end());
      bodies.erase(std::unique(bodies.begin(), bodies.end()), bodies.end());
      for (uint64_t body : bodies) {
        ASSIGN_OR_RETURN(std::vector<uint64_t> people, MembersOf(db, body));
        members.insert(members.end(), people.begin(), people.end());
      }
    }
  }
  std::sort(members.begin(), members.end());
  members.erase(std::unique(members.begin(), members.end()), members.end());
  MemberCountries countries(db, store->resolver());
  for (uint64_t member : members) {
    if (member == holder) continue;
    if (holder_record.kind == SpeakerKind::kCountry) {
      ASSIGN_OR_RETURN(
          const bool counts,
          countries.SpeaksMostFor(member, holder_record.display_name));
      if (!counts) continue;
    }
    ASSIGN_OR_RETURN(
        std::vector<IndexEntry> said,
        ScanEntity(db, store::Prefix::kClaimsByHolder, member, ctx->from,
                   ctx->to, filtered ? &stems : nullptr));
    for (const IndexEntry& e : said) {
      if (e.role != store::HolderRole::kSpeaker) continue;
      held.emplace_back(e, Relation::kAffiliated);
    }
  }
  std::unordered_set<uint64_t> folded;  // claims left out as copies
  timeline.copies_unread = FoldCopies(filtered, &held, &folded);
  for (const auto& [e, relation] : held) RETURN_IF_ERROR(offer(e, relation));
  // 3. Claims by others addressed to the holder.
  auto offer_about = [&](uint64_t claim_id,
                         const store::ClaimRecord& record) -> Status {
    ASSIGN_OR_RETURN(const store::DocumentRecord* doc,
                     ctx->docs->Document(record.doc_num));
    if (!AddressesHolder(record, holder, doc->doc.text)) return Status::Ok();
    return add(claim_id, Relation::kAbout, &record);
  };
  if (request.include_about) {
    ASSIGN_OR_RETURN(std::vector<IndexEntry> mentioned,
                     ScanEntity(db, store::Prefix::kClaimsByMention, holder,
                                ctx->from, ctx->to, nullptr));
    // The first of each copy key (entries are in time order), with its
    // record's signature: a later copy of it is left unread but for its
    // claim record.
    struct FirstCopy {
      When when;
      uint64_t signature = 0;
    };
    std::unordered_map<uint32_t, FirstCopy> first_copy;
    for (const IndexEntry& e : mentioned) {
      if (seen.count(e.claim_id) || deferred.count(e.claim_id) ||
          folded.count(e.claim_id)) {
        continue;
      }
      if (filtered && !term_hits.count(e.claim_id)) continue;
      ASSIGN_OR_RETURN(store::ClaimRecord record, ReadClaim(db, e.claim_id));
      const uint64_t signature = CopySignature(record);
      auto [first, added] =
          first_copy.emplace(e.copy, FirstCopy{e.when, signature});
      if (!added && first->second.signature == signature &&
          first->second.when < e.when) {
        ++timeline.copies_unread;
        continue;
      }
      RETURN_IF_ERROR(offer_about(e.claim_id, record));
    }
  }
  // 3b. The rest of the documents found so far: the holder's claims there,
  //     and others' claims addressed to it.
  if (filtered) {
    const std::set<uint64_t> docs = relevant_docs;
    for (uint64_t doc_num : docs) {
      ASSIGN_OR_RETURN(const std::vector<uint64_t> in_doc,
                       store::ClaimsOfDocument(db, doc_num));
      for (uint64_t claim_id : in_doc) {
        if (seen.count(claim_id) || folded.count(claim_id)) continue;
        auto it = deferred.find(claim_id);
        if (it != deferred.end()) {
          RETURN_IF_ERROR(add(claim_id, it->second, nullptr));
          continue;
        }
        if (!request.include_about) continue;
        ASSIGN_OR_RETURN(store::ClaimRecord record, ReadClaim(db, claim_id));
        if (record.when < ctx->from || ctx->to < record.when) continue;
        if (std::find(record.mention_entities.begin(),
                      record.mention_entities.end(),
                      holder) == record.mention_entities.end()) {
          continue;
        }
        RETURN_IF_ERROR(offer_about(claim_id, record));
      }
    }
  }
  // 4. The outlet's own statements of the holder's position, in the
  //    documents found so far.
  std::set<uint64_t> doc_nums;
  for (const Candidate& c : candidates) doc_nums.insert(c.row.doc_num);
  for (uint64_t doc_num : doc_nums) {
    ASSIGN_OR_RETURN(const store::DocumentRecord* doc,
                     ctx->docs->Document(doc_num));
    for (NarratedPosition& n :
         FindNarratedPositions(doc->doc.text, holder_record.display_name,
                               *ctx->lexicon, *ctx->stance, ctx->subject)) {
      // Dated as the claims in the same sentence ("South Korea left the
      // door open ..., with Lee saying Tuesday"), else as the document.
      When when = DocumentTime(doc->doc);
      for (const Candidate& other : candidates) {
        if (other.row.doc_num == doc_num &&
            other.row.relation != Relation::kReported &&
            other.row.sentence.begin < n.sentence.end &&
            n.sentence.begin < other.row.sentence.end) {
          when = other.row.when;
          break;
        }
      }
      if (when < ctx->from || ctx->to < when) continue;
      Candidate c;
      ClaimRow& row = c.row;
      row.claim_id = NarrationId(doc_num, n.sentence.begin);
      row.when = when;
      if (!when.undated()) row.date = store::IsoDateFromDay(when.day);
      row.doc_num = doc_num;
      row.doc_id = doc->doc.id;
      row.doc_title = doc->doc.title;
      row.outlet = doc->doc.outlet;
      row.url = doc->doc.url;
      row.doc_date = doc->doc.date;
      row.speaker = doc->doc.outlet.empty() ? "(the outlet)" : doc->doc.outlet;
      row.speaker_kind = SpeakerKind::kOrganization;
      row.type = ClaimType::kIndirect;
      row.cue = std::string(n.predicate.In(doc->doc.text));
      row.content = std::string(n.content.In(doc->doc.text));
      row.sentence = n.sentence;
      row.sentence_text = std::string(n.sentence.In(doc->doc.text));
      row.relation = Relation::kReported;
      row.holder = holder_record.display_name;
      row.position = n.position;
      row.evidence = std::move(n.evidence);
      FillEvidence(doc->doc.text, &row.evidence);
      c.own_mask = n.subject_mask;
      row.subject_terms = MaskNames(ctx->subject, n.subject_mask);
      candidates.push_back(std::move(c));
    }
  }

  timeline.rows = KeepRelevant(*ctx, std::move(candidates));
  std::sort(timeline.rows.begin(), timeline.rows.end(), RowBefore);
  DropCopies(&timeline.rows);
  MarkShifts(&timeline.rows);
  if (request.limit && timeline.rows.size() > request.limit) {
    timeline.rows.resize(request.limit);
  }
  return timeline;
}

Result<Timeline> SaidBy(store::Store* store, const std::string& speaker,
                        const std::string& from, const std::string& to,
                        size_t limit) {
  ASSIGN_OR_RETURN(std::unique_ptr<Context> ctx,
                   MakeContext(store, "", from, to));
  store::Db* db = store->db();
  ASSIGN_OR_RETURN(const uint64_t id, ResolveEntity(db, speaker, "--speaker"));
  ASSIGN_OR_RETURN(const store::EntityRecord record, ReadEntity(db, id));
  Timeline timeline;
  timeline.holders.push_back(record.display_name);
  ASSIGN_OR_RETURN(std::vector<IndexEntry> held,
                   ScanEntity(db, store::Prefix::kClaimsByHolder, id, ctx->from,
                              ctx->to, nullptr));
  // With a limit, the claims are read up to the limit and through the
  // claims at the same time as the last one (rows sort by time first).
  size_t read = 0;
  std::optional<When> last;
  for (const IndexEntry& e : held) {
    if (e.role != store::HolderRole::kSpeaker) continue;
    if (limit && read >= limit && e.when != *last) break;
    ++read;
    last = e.when;
    ASSIGN_OR_RETURN(store::ClaimRecord claim, ReadClaim(db, e.claim_id));
    ASSIGN_OR_RETURN(ClaimRow row, ClaimRowOf(claim, ctx->docs.get()));
    row.relation = Relation::kOwn;
    row.holder = record.display_name;
    timeline.rows.push_back(std::move(row));
  }
  std::sort(timeline.rows.begin(), timeline.rows.end(), RowBefore);
  if (limit && timeline.rows.size() > limit) timeline.rows.resize(limit);
  return timeline;
}

// The copy group (CopyGroup) of a claim's entry under a holder, read from
// the index (61); 0 when there is none (a database that lost it: `check`
// reports it), so that the claim is read whatever its copies.
Result<uint64_t> HeldCopyGroup(store::Db* db, uint64_t holder, When when,
                               uint64_t claim_id) {
  std::string bytes;
  Status s = db->Get(
      Cf::kIndex,
      EntityTimeKey{store::Prefix::kClaimsByHolder, holder, when, claim_id}
          .Encode(),
      &bytes);
  if (s.IsNotFound()) return uint64_t{0};
  RETURN_IF_ERROR(s);
  store::HolderValue value;
  RETURN_IF_ERROR(
      store::DecodeHolder(bytes, &value).WithContext(store::HexId(claim_id)));
  return CopyGroup(value);
}

Result<Timeline> FindShifts(store::Store* store, const std::string& about,
                            const std::string& from, const std::string& to) {
  ASSIGN_OR_RETURN(std::unique_ptr<Context> ctx,
                   MakeContext(store, about, from, to));
  if (ctx->subject.empty()) {
    return Status::InvalidArgument("shifts needs --about");
  }
  store::Db* db = store->db();
  // The claims with a term of the subject (the term index, in time order),
  // held by a global entity: grouped by holder.
  // In key order, so that claims sharing a block are read with one block
  // read (random order read a block per claim).
  std::vector<uint64_t> claim_ids;
  for (const std::string& stem : ctx->subject.TermStems(*ctx->lexicon)) {
    RETURN_IF_ERROR(store::ForEachClaimWithTerm(
        db, stem, ctx->from.day, ctx->to.day, [&](int32_t, uint64_t claim_id) {
          claim_ids.push_back(claim_id);
          return true;
        }));
  }
  std::sort(claim_ids.begin(), claim_ids.end());
  claim_ids.erase(std::unique(claim_ids.begin(), claim_ids.end()),
                  claim_ids.end());
  auto holder_of = [](const store::ClaimRecord& record) {
    return record.nation_entity        ? record.nation_entity
           : record.affiliation_entity ? record.affiliation_entity
                                       : record.speaker_entity;
  };
  // Each claim's holder and copy group (its holder entry, 61), before any
  // document is read: the later copies of a statement (FoldCopies) are
  // left unread, their first copy standing for them.
  struct Found {
    uint64_t claim_id, holder, group;
    When when;
  };
  std::vector<Found> found;
  std::map<uint64_t, std::string> names;
  for (uint64_t claim_id : claim_ids) {
    ASSIGN_OR_RETURN(const store::ClaimRecord record, ReadClaim(db, claim_id));
    const uint64_t holder = holder_of(record);
    if (holder == 0) continue;
    if (!names.count(holder)) {
      ASSIGN_OR_RETURN(store::EntityRecord e, ReadEntity(db, holder));
      if (e.scope_doc != 0 || e.kind == SpeakerKind::kAnonymous) {
        names[holder] = "";
      } else {
        names[holder] = e.display_name;
      }
    }
    if (names[holder].empty()) continue;
    found.push_back({claim_id, holder, 0, record.when});
  }
  // The holder entries in key order too.
  std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
    return std::tuple(a.holder, a.when, a.claim_id) <
           std::tuple(b.holder, b.when, b.claim_id);
  });
  for (Found& f : found) {
    ASSIGN_OR_RETURN(f.group, HeldCopyGroup(db, f.holder, f.when, f.claim_id));
  }
  struct PairHash {
    size_t operator()(const std::pair<uint64_t, uint64_t>& p) const {
      return std::hash<uint64_t>()(p.first * 0x9e3779b97f4a7c15ULL ^ p.second);
    }
  };
  // The earliest time of each holder's copy group.
  std::unordered_map<std::pair<uint64_t, uint64_t>, When, PairHash> first;
  auto group_key = [](const Found& f) { return std::pair(f.holder, f.group); };
  for (const Found& f : found) {
    if (f.group == 0) continue;
    auto [it, added] = first.emplace(group_key(f), f.when);
    if (!added && f.when < it->second) it->second = f.when;
  }
  Timeline timeline;
  std::map<uint64_t, std::vector<Candidate>> by_holder;
  for (const Found& f : found) {
    if (f.group != 0 && first.at(group_key(f)) < f.when) {
      ++timeline.copies_unread;
      continue;
    }
    ASSIGN_OR_RETURN(const store::ClaimRecord record,
                     ReadClaim(db, f.claim_id));
    Relation relation = f.holder == record.speaker_entity
                            ? Relation::kOwn
                            : Relation::kAffiliated;
    ASSIGN_OR_RETURN(Candidate c,
                     MakeCandidate(ctx.get(), f.claim_id, record, relation));
    c.row.holder = names[f.holder];
    by_holder[f.holder].push_back(std::move(c));
  }
  timeline.subject = ctx->subject.Describe();
  for (auto& [holder, candidates] : by_holder) {
    std::vector<ClaimRow> rows = KeepRelevant(*ctx, std::move(candidates));
    std::sort(rows.begin(), rows.end(), RowBefore);
    DropCopies(&rows);
    MarkShifts(&rows);
    bool any = false;
    for (ClaimRow& row : rows) {
      if (!row.shift) continue;
      any = true;
      timeline.rows.push_back(std::move(row));
    }
    if (any) timeline.holders.push_back(names[holder]);
  }
  std::sort(timeline.rows.begin(), timeline.rows.end(), RowBefore);
  std::sort(timeline.holders.begin(), timeline.holders.end());
  return timeline;
}

Result<Timeline> Trace(store::Store* store, const std::string& claim_hex) {
  uint64_t claim_id = 0;
  if (!store::ParseHexId(claim_hex, &claim_id)) {
    return Status::InvalidArgument(
        "trace takes a claim id: 16 hex digits, as "
        "extract, timeline and said print them");
  }
  store::Db* db = store->db();
  // Its number, which the keys and edges name it by.
  ASSIGN_OR_RETURN(claim_id, store::ClaimNumberOf(db, claim_id));
  std::string bytes;
  Status s = db->Get(Cf::kClaims, store::ClaimKey{claim_id}.Encode(), &bytes);
  if (s.IsNotFound()) {
    return Status::Corruption("claim " + claim_hex + " has number " +
                              std::to_string(claim_id) +
                              ", which is not stored");
  }
  RETURN_IF_ERROR(s);
  store::ClaimRecord record;
  RETURN_IF_ERROR(
      store::DecodeClaim(claim_id, bytes, &record).WithContext(claim_hex));
  DocCache docs(store);
  Timeline timeline;
  // The holder whose chain is followed: the speaker, else its organization
  // or country.
  uint64_t holder = record.speaker_entity       ? record.speaker_entity
                    : record.affiliation_entity ? record.affiliation_entity
                                                : record.nation_entity;
  std::vector<uint64_t> chain = {claim_id};
  std::vector<uint64_t> repeats;
  if (holder != 0) {
    ASSIGN_OR_RETURN(store::GraphView view,
                     store::LoadClaimChain(db, claim_id, holder, 100000));
    std::optional<store::Vertex> v =
        view.Find({store::NodeKind::kClaim, claim_id});
    if (v) {
      chain = store::EarlierChain(view, *v, holder);
      for (auto [e, end] = boost::out_edges(*v, view.graph); e != end; ++e) {
        if (view.graph[*e].type != store::EdgeType::kRepeats) continue;
        repeats.push_back(view.graph[boost::target(*e, view.graph)].id);
      }
    }
    ASSIGN_OR_RETURN(const store::EntityRecord h, ReadEntity(db, holder));
    timeline.holders.push_back(h.display_name);
  }
  std::unordered_set<uint64_t> seen;
  for (uint64_t id : repeats) {
    if (!seen.insert(id).second) continue;
    ASSIGN_OR_RETURN(ClaimRow row, LoadClaimRow(store, id, &docs));
    row.relation = Relation::kAbout;  // another source's earlier quotation
    row.holder = timeline.holders.empty() ? row.speaker : timeline.holders[0];
    timeline.rows.push_back(std::move(row));
  }
  for (uint64_t id : chain) {
    if (!seen.insert(id).second) continue;
    ASSIGN_OR_RETURN(ClaimRow row, LoadClaimRow(store, id, &docs));
    row.relation = Relation::kOwn;
    row.holder = timeline.holders.empty() ? row.speaker : timeline.holders[0];
    timeline.rows.push_back(std::move(row));
  }
  std::sort(timeline.rows.begin(), timeline.rows.end(), RowBefore);
  return timeline;
}

}  // namespace claimtrack::query
