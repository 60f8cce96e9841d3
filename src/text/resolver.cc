#include "text/resolver.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace claimtrack::text {

namespace {

// One participant of the document: a person, organization, country or
// unnamed source, with what the text said about it.
struct Entity {
  std::string name;
  SpeakerKind kind = SpeakerKind::kUnknown;
  std::string title;
  std::string affiliation;
  bool country_affiliation = false;  // `affiliation` names a country
  Span first_mention;
  std::vector<std::string_view> name_tokens;  // for surname matching
  std::string_view anon_head;                 // "official", "sources"
  std::optional<Span> reason;
};

// A mention of a known entity at a token position.
struct Mention {
  uint32_t token;
  int entity;
  bool subject;  // starts its sentence or is a claim's source
};

// What a source-like run of tokens says about its referent.
struct Parse {
  enum Form {
    kNone,
    kPronoun,
    kName,
    kDescription,
    kAnonymous,
    kPlace,
    kGeneric
  } form = kNone;
  WordClass pronoun = WordClass::kPronounN;
  SpeakerKind kind = SpeakerKind::kUnknown;
  std::string name, title, affiliation;
  bool country_affiliation = false;  // a country's name or adjective
  std::vector<std::string_view> name_tokens;
  std::string_view head;  // of a description: "official", "secretary"
  bool definite = false;  // "the official"
};

class Resolver {
 public:
  explicit Resolver(const DocumentView& doc) : doc_(doc) {}
  std::vector<ResolvedSource> Run(const std::vector<Attribution>& attrs);

 private:
  const Token& tok(uint32_t i) const { return doc_.tokens[i]; }
  std::string_view word(uint32_t i) const { return doc_.words[i]; }
  Span SpanOf(TokenRange r) const {
    return {tok(r.first).span.begin, tok(r.end - 1).span.end};
  }
  std::string TextOf(TokenRange r) const {
    return std::string(SpanOf(r).In(doc_.text));
  }

  Parse ParseRun(TokenRange r) const;
  // The first token of a place written with a possessive right before
  // token `at` ("Brazil's", "South Korea's"), not before `floor`; else
  // `at`.
  uint32_t PossessivePlace(uint32_t at, uint32_t floor) const;
  void ScanNames();
  int AddOrMerge(const Parse& p, Span span);
  int FindBySurname(std::string_view token) const;
  int ResolvePronoun(uint32_t at, WordClass cls) const;
  int ResolveDescription(uint32_t at, const Parse& p) const;
  int EnclosingSpeaker(const std::vector<Attribution>& attrs, size_t index,
                       const std::vector<int>& speakers) const;
  void FindReason(uint32_t sentence, Entity* e) const;

  const DocumentView& doc_;
  std::vector<Entity> entities_;
  template <typename Fn>
  void ForEachMentionBefore(uint32_t at, uint32_t window, Fn fn) const;

  // How far back (in tokens) antecedents are looked for: a pronoun's in the
  // last few paragraphs, a subject's in the last sentences, a definite
  // description's ("the official") further.
  static constexpr uint32_t kPronounWindow = 3000;
  static constexpr uint32_t kSubjectWindow = 120;
  static constexpr uint32_t kDescriptionWindow = 20000;

  std::vector<Mention> mentions_;         // names in the prose, token order
  std::vector<Mention> source_mentions_;  // claims' sources, token order
  std::unordered_map<std::string, int> by_name_;        // name, kind -> entity
  std::unordered_map<std::string_view, int> by_token_;  // name word -> person
};

bool IsPronoun(WordClass c) { return c <= WordClass::kPronoun1; }

// The words of a title, split at white space (a title may run over a line
// break).
std::vector<std::string_view> TitleWords(std::string_view title) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < title.size()) {
    const size_t end =
        std::min(title.find_first_of(" \t\r\n", i), title.size());
    if (end > i) words.push_back(title.substr(i, end - i));
    i = end + 1;
  }
  return words;
}

// Every word of `part` is a word of `title`, ignoring ASCII case, but for
// the modifiers that say when or for which party a person holds the title,
// not which title it is ("the former secretary" is former Secretary of
// State Henry Kissinger, "the Democratic leader" Senate Majority Leader
// Robert Byrd).
bool TitleWordsIn(std::string_view part, std::string_view title) {
  static constexpr std::string_view kNotTheTitle[] = {
      "former",     "acting",     "interim", "senior",
      "republican", "democratic", "gop"};
  const std::vector<std::string_view> words = TitleWords(title);
  for (std::string_view w : TitleWords(part)) {
    if (std::any_of(
            std::begin(kNotTheTitle), std::end(kNotTheTitle),
            [&](std::string_view m) { return EqualsIgnoreCase(m, w); })) {
      continue;
    }
    if (std::none_of(words.begin(), words.end(), [&](std::string_view t) {
          return EqualsIgnoreCase(t, w);
        })) {
      return false;
    }
  }
  return true;
}

Parse Resolver::ParseRun(TokenRange r) const {
  Parse p;
  const Lexicon& lex = doc_.lexicon;
  // Leading determiners and honorifics carry no name.
  uint32_t i = r.first;
  if (r.end - r.first == 1) {
    auto cls = lex.WordClassOf(word(i));
    if (cls && IsPronoun(*cls)) {
      p.form = Parse::kPronoun;
      p.pronoun = *cls;
      return p;
    }
  }
  while (i < r.end) {
    auto cls = lex.WordClassOf(word(i));
    if (!cls || *cls != WordClass::kDeterminer) break;
    if (EqualsIgnoreCase(word(i), "the")) p.definite = true;
    ++i;
  }
  int v = -1;
  // Affiliation, title and name, left to right: "U.S. Defense Secretary
  // Lloyd Austin", "Stein spokeswoman Melezia Figueroa".
  constexpr uint32_t kNone = UINT32_MAX;
  std::string affiliation;
  uint32_t title_first = kNone, title_end = kNone, name_first = kNone;
  uint32_t pre_title_first = kNone;  // capitalised words before a title
  bool has_head = false;             // "Federal prosecutors" has modifiers only
  for (uint32_t k = i; k < r.end;) {
    int len = 0;
    if (title_first == kNone && name_first == kNone &&
        pre_title_first == kNone &&
        (len = lex.places().Longest(doc_.words, doc_.hashes, k, &v)) > 0) {
      const PlaceRef& ref = lex.place_ref(v);
      bool org = ref.kind == PlaceRef::kOrganization;
      affiliation = org ? lex.organizations()[ref.index].name
                        : lex.countries()[ref.index].name;
      p.country_affiliation = !org;
      p.kind = org ? SpeakerKind::kOrganization : SpeakerKind::kCountry;
      k += len;
      continue;
    }
    if (name_first == kNone &&
        (len = lex.titles().Longest(doc_.words, doc_.hashes, k, &v)) > 0) {
      if (v != static_cast<int>(TitleRole::kHonorific)) {
        if (title_first == kNone) title_first = k;
        title_end = k + len;
        if (v == static_cast<int>(TitleRole::kHead) ||
            v == static_cast<int>(TitleRole::kOffice)) {
          has_head = true;
        }
      }
      k += len;
      continue;
    }
    // "People familiar with the matter": the descriptor is not a name.
    int anon_len = lex.anonymous().Longest(doc_.words, doc_.hashes, k, &v);
    if (anon_len > 0 && (v == static_cast<int>(AnonRole::kHead) ||
                         v == static_cast<int>(AnonRole::kQualifier))) {
      k += anon_len;
      continue;
    }
    if (tok(k).cap) {
      if (title_first == kNone) {
        if (pre_title_first == kNone) pre_title_first = k;
      } else if (name_first == kNone) {
        name_first = k;
      }
    }
    ++k;
  }
  if (title_first != kNone && !has_head) {
    // Modifiers alone make no title: "Democratic leaders".
    if (pre_title_first == kNone && name_first == kNone &&
        tok(title_first).cap) {
      pre_title_first = title_first;
    }
    title_first = title_end = kNone;
  }
  if (title_first == kNone) {
    name_first = pre_title_first;  // no title: the capitals are the name
  } else if (pre_title_first != kNone && affiliation.empty()) {
    affiliation = TextOf({pre_title_first, title_first});
  }
  p.affiliation = affiliation;
  if (title_first != kNone) {
    p.title = TextOf({title_first, title_end});
    if (p.head.empty()) p.head = word(title_end - 1);
  }
  if (name_first != kNone) {
    for (uint32_t k = name_first; k < r.end; ++k) {
      if (tok(k).kind == TokenKind::kWord) p.name_tokens.push_back(word(k));
    }
  }
  // An unnamed source stays unnamed whatever its descriptors: "a senior
  // defense official", "the official", "Pentagon officials".
  int anon_head = -1;
  for (uint32_t k = i; k < r.end; ++k) {
    int len = lex.anonymous().Longest(doc_.words, doc_.hashes, k, &v);
    if (len > 0 && v == static_cast<int>(AnonRole::kHead)) anon_head = k;
  }
  if (anon_head >= 0 && name_first == kNone) {
    p.head = word(anon_head);
    p.kind = SpeakerKind::kAnonymous;
    p.form =
        p.definite && r.end - i <= 2 ? Parse::kDescription : Parse::kAnonymous;
    p.name = TextOf(r);
    return p;
  }
  // "Austin and Lee": several speakers at once, named as written.
  for (std::string_view t : p.name_tokens) {
    if (t == "and") {
      p.form = Parse::kGeneric;
      p.kind = SpeakerKind::kUnknown;
      p.name = TextOf(r);
      p.name_tokens.clear();
      return p;
    }
  }
  if (!p.name_tokens.empty()) {
    p.name = TextOf({name_first, r.end});
    bool org = p.definite;
    for (uint32_t k = name_first; k < r.end; ++k) {
      if (lex.WordClassOf(word(k)) == WordClass::kOrgWord) org = true;
    }
    p.form = Parse::kName;
    p.kind = org ? SpeakerKind::kOrganization : SpeakerKind::kPerson;
    if (org) p.name = TextOf({i, r.end});
    return p;
  }
  if (!p.title.empty()) {
    p.form = Parse::kDescription;  // "the secretary", "the president"
    p.kind = SpeakerKind::kPerson;
    return p;
  }
  if (!affiliation.empty() && i < r.end) {
    p.form = Parse::kPlace;
    p.name = affiliation;
    p.affiliation.clear();
    return p;
  }
  // "the ministry", "the report": a description, kept as written; an
  // organization when its head is an organization word.
  p.form = Parse::kGeneric;
  p.name = TextOf(r);
  if (lex.WordClassOf(word(r.end - 1)) == WordClass::kOrgWord) {
    p.kind = SpeakerKind::kOrganization;
  }
  return p;
}

uint32_t Resolver::PossessivePlace(uint32_t at, uint32_t floor) const {
  if (at < floor + 2 || tok(at - 1).kind != TokenKind::kPossessive) return at;
  // The longest gazetteer entry ending just before the possessive; places
  // have at most a few words ("United Arab Emirates").
  constexpr uint32_t kMaxPlaceWords = 4;
  for (uint32_t j = at - 1 - std::min(kMaxPlaceWords, at - 1 - floor);
       j < at - 1; ++j) {
    int v;
    const int len =
        doc_.lexicon.places().Longest(doc_.words, doc_.hashes, j, &v);
    if (len <= 0 || j + static_cast<uint32_t>(len) != at - 1) continue;
    // Not the end of a longer name: "Air Canada's chairman" is not
    // Canada's. (A capitalised word of a known class, "In" opening the
    // sentence, is not a name.)
    const bool name_before = j > floor && tok(j - 1).kind == TokenKind::kWord &&
                             tok(j - 1).cap &&
                             !doc_.lexicon.WordClassOf(word(j - 1));
    return name_before ? at : j;
  }
  return at;
}

int Resolver::FindBySurname(std::string_view token) const {
  auto it = by_token_.find(token);
  return it == by_token_.end() ? -1 : it->second;  // the latest entity
}

int Resolver::AddOrMerge(const Parse& p, Span span) {
  if (p.kind == SpeakerKind::kPerson && p.name_tokens.size() == 1) {
    int e = FindBySurname(p.name_tokens[0]);
    if (e >= 0) return e;
  }
  std::string key = p.name;
  key += '\x1f';
  key += static_cast<char>('0' + static_cast<int>(p.kind));
  auto found = by_name_.find(key);
  if (found != by_name_.end()) {
    Entity& ent = entities_[found->second];
    if (ent.title.empty()) ent.title = p.title;
    if (ent.affiliation.empty()) {
      ent.affiliation = p.affiliation;
      ent.country_affiliation = p.country_affiliation;
    }
    return found->second;
  }
  const int index = static_cast<int>(entities_.size());
  by_name_.emplace(std::move(key), index);
  if (p.kind == SpeakerKind::kPerson && p.name_tokens.size() >= 2) {
    for (std::string_view t : p.name_tokens) by_token_[t] = index;
  }
  Entity ent;
  ent.name = p.name;
  ent.kind = p.kind;
  ent.title = p.title;
  ent.affiliation = p.affiliation;
  ent.country_affiliation = p.country_affiliation;
  ent.first_mention = span;
  ent.name_tokens = p.name_tokens;
  entities_.push_back(std::move(ent));
  return static_cast<int>(entities_.size() - 1);
}

// Registers the people named anywhere in the prose ("a news conference with
// U.S. Defense Secretary Lloyd Austin") so that later surnames and titles
// resolve to them.
void Resolver::ScanNames() {
  for (const Paragraph& para : doc_.seg.paragraphs) {
    if (para.chrome) continue;
    for (uint32_t s = para.first_sentence; s < para.end_sentence; ++s) {
      const Sentence& sent = doc_.seg.sentences[s];
      uint32_t i = sent.first;
      while (i < sent.end) {
        if (tok(i).kind != TokenKind::kWord || !tok(i).cap) {
          ++i;
          continue;
        }
        uint32_t start = i;
        while (i < sent.end && tok(i).kind == TokenKind::kWord &&
               (tok(i).cap || (EqualsIgnoreCase(word(i), "of") &&
                               i + 1 < sent.end && tok(i + 1).cap)))
          ++i;
        uint32_t first = start;
        while (first < i) {
          auto cls = doc_.lexicon.WordClassOf(word(first));
          if (!cls || *cls == WordClass::kDeterminer) break;
          ++first;
        }
        if (first >= i) continue;
        Parse p = ParseRun({first, i});
        // "Brazil's Finance Minister Dilson Funaro": the country before
        // the possessive is the office holder's. ("Germany's Tommy Haas"
        // names a nationality, not someone speaking for a government.)
        if (const uint32_t place =
                first == start ? PossessivePlace(start, sent.first) : start;
            place != start) {
          Parse with = ParseRun({place, i});
          if (!with.title.empty()) {
            p = std::move(with);
            first = place;
          }
        }
        bool person = p.form == Parse::kName &&
                      p.kind == SpeakerKind::kPerson &&
                      (p.name_tokens.size() >= 2 || !p.title.empty());
        if (person) {
          int e = AddOrMerge(p, SpanOf({first, i}));
          mentions_.push_back({first, e, first == sent.first});
        } else if (p.form == Parse::kName && p.name_tokens.size() == 1) {
          int e = FindBySurname(p.name_tokens[0]);
          if (e >= 0) mentions_.push_back({first, e, first == sent.first});
        }
      }
    }
  }
}

// "he": the latest person mentioned as a subject in the last few sentences,
// else the latest person mentioned at all.
int Resolver::ResolvePronoun(uint32_t at, WordClass cls) const {
  if (cls != WordClass::kPronounM && cls != WordClass::kPronounF) return -1;
  int latest = -1, subject = -1;
  ForEachMentionBefore(at, kPronounWindow, [&](const Mention& m) {
    if (entities_[m.entity].kind != SpeakerKind::kPerson) return false;
    if (latest < 0) latest = m.entity;
    if (m.subject && at - m.token < kSubjectWindow) {
      subject = m.entity;
      return true;
    }
    return at - m.token >= kSubjectWindow;  // older subjects do not win
  });
  return subject >= 0 ? subject : latest;
}

// "the official", "the secretary": the latest entity with that head noun
// or title.
int Resolver::ResolveDescription(uint32_t at, const Parse& p) const {
  std::string head(p.head);
  std::transform(head.begin(), head.end(), head.begin(), ::tolower);
  int found = -1;
  ForEachMentionBefore(at, kDescriptionWindow, [&](const Mention& m) {
    const Entity& e = entities_[m.entity];
    bool match = false;
    if (p.kind == SpeakerKind::kAnonymous) {
      match =
          e.kind == SpeakerKind::kAnonymous &&
          (EqualsIgnoreCase(e.anon_head, p.head) ||
           (e.anon_head.size() == p.head.size() + 1 &&
            EqualsIgnoreCase(e.anon_head.substr(0, p.head.size()), p.head)));
    } else if (!e.title.empty()) {
      std::string title = e.title;
      std::transform(title.begin(), title.end(), title.begin(), ::tolower);
      // Every word of the description's title in the entity's ("the
      // defense secretary" is the Secretary of Defense, "the finance
      // minister" not the Defense Minister), and no other country ("the
      // Brazilian minister" is not South Korea's).
      match = title.find(head) != std::string::npos &&
              TitleWordsIn(p.title, e.title) &&
              !(p.country_affiliation && e.country_affiliation &&
                p.affiliation != e.affiliation);
    }
    if (match) found = m.entity;
    return match;
  });
  return found;
}

// Calls fn on the mentions before token `at`, latest first, within
// `window` tokens, until fn returns true. Walks the names found in the
// prose and the claims' sources together.
template <typename Fn>
void Resolver::ForEachMentionBefore(uint32_t at, uint32_t window, Fn fn) const {
  auto before = [at](const std::vector<Mention>& v) {
    return static_cast<size_t>(
        std::lower_bound(
            v.begin(), v.end(), at,
            [](const Mention& m, uint32_t t) { return m.token < t; }) -
        v.begin());
  };
  size_t a = before(mentions_), b = before(source_mentions_);
  while (a > 0 || b > 0) {
    const Mention* m;
    if (b == 0 ||
        (a > 0 && mentions_[a - 1].token >= source_mentions_[b - 1].token)) {
      m = &mentions_[--a];
    } else {
      m = &source_mentions_[--b];
    }
    if (at - m->token > window) return;
    if (fn(*m)) return;
  }
}

// For "I" and "we" inside a quotation: the speaker of that quotation.
int Resolver::EnclosingSpeaker(const std::vector<Attribution>& attrs,
                               size_t index,
                               const std::vector<int>& speakers) const {
  uint32_t at = attrs[index].cue.empty() ? attrs[index].content[0].first
                                         : attrs[index].cue.first;
  for (size_t k = index; k-- > 0;) {
    for (const TokenRange& c : attrs[k].content) {
      if (c.first < at && at < c.end) return speakers[k];
    }
    if (attrs[k].sentence + 3 < attrs[index].sentence) break;
  }
  for (size_t k = index + 1; k < attrs.size(); ++k) {
    if (attrs[k].sentence > attrs[index].sentence + 1) break;
    for (const TokenRange& c : attrs[k].content) {
      if (c.first < at && at < c.end) return speakers[k];
    }
  }
  return -1;
}

// The stated reason for anonymity in a sentence: "who spoke on the condition
// of anonymity to talk about policy matters" gives "to talk about policy
// matters"; "because he was not authorized to speak" is itself the reason.
void Resolver::FindReason(uint32_t sentence, Entity* e) const {
  const Sentence& s = doc_.seg.sentences[sentence];
  for (uint32_t i = s.first; i < s.end; ++i) {
    int v = -1;
    int len = doc_.lexicon.anonymous().Longest(doc_.words, doc_.hashes, i, &v);
    if (len == 0 || v != static_cast<int>(AnonRole::kReason)) continue;
    uint32_t start = i;
    std::string_view last = word(i + len - 1);
    bool marker = EqualsIgnoreCase(last, "anonymity") ||
                  EqualsIgnoreCase(last, "named") ||
                  EqualsIgnoreCase(last, "identified") ||
                  EqualsIgnoreCase(last, "anonymous");
    if (marker) {
      start = i + len;
      if (start >= s.end) return;
      std::string_view next = word(start);
      if (!(EqualsIgnoreCase(next, "to") || EqualsIgnoreCase(next, "because") ||
            EqualsIgnoreCase(next, "since") || EqualsIgnoreCase(next, "as") ||
            EqualsIgnoreCase(next, "given") || EqualsIgnoreCase(next, "in"))) {
        return;  // anonymity granted, no reason given
      }
    }
    uint32_t end = start;
    while (end < s.end && tok(end).kind != TokenKind::kComma &&
           tok(end).kind != TokenKind::kStop &&
           tok(end).kind != TokenKind::kSemicolon &&
           tok(end).kind != TokenKind::kDash)
      ++end;
    if (end > start) e->reason = SpanOf({start, end});
    return;
  }
}

std::vector<ResolvedSource> Resolver::Run(
    const std::vector<Attribution>& attrs) {
  ScanNames();
  std::vector<int> speakers(attrs.size(), -1);
  std::vector<std::optional<Span>> antecedents(attrs.size());
  for (size_t k = 0; k < attrs.size(); ++k) {
    const Attribution& a = attrs[k];
    if (a.source.empty()) {
      if (a.inherits_from >= 0 && a.inherits_from < static_cast<int>(k)) {
        speakers[k] = speakers[a.inherits_from];
        if (speakers[k] >= 0) {
          antecedents[k] = entities_[speakers[k]].first_mention;
        }
      }
      continue;
    }
    TokenRange source = a.source;
    // "Clarke, who said": the relative pronoun's antecedent is the name
    // before the comma.
    if (source.end - source.first == 1 &&
        (EqualsIgnoreCase(word(source.first), "who") ||
         EqualsIgnoreCase(word(source.first), "which")) &&
        source.first >= 2 && tok(source.first - 1).kind == TokenKind::kComma) {
      uint32_t end = source.first - 1, first = end;
      while (first > 0 && end - first < 8 && !tok(first).para_break &&
             (tok(first - 1).kind == TokenKind::kWord ||
              tok(first - 1).kind == TokenKind::kPossessive))
        --first;
      if (first < end) source = {first, end};
    }
    Parse p = ParseRun(source);
    Span span = SpanOf(source);
    int e = -1;
    switch (p.form) {
      case Parse::kPronoun:
        e = (p.pronoun == WordClass::kPronoun1)
                ? EnclosingSpeaker(attrs, k, speakers)
                : ResolvePronoun(a.source.first, p.pronoun);
        if (e < 0 && a.inherits_from >= 0 &&
            a.inherits_from < static_cast<int>(k))
          e = speakers[a.inherits_from];
        if (e >= 0) antecedents[k] = entities_[e].first_mention;
        break;
      case Parse::kDescription:
        e = ResolveDescription(a.source.first, p);
        if (e >= 0) {
          antecedents[k] = entities_[e].first_mention;
        } else {
          if (p.name.empty()) p.name = TextOf(a.source);
          e = AddOrMerge(p, span);
          entities_[e].anon_head = p.head;
        }
        break;
      case Parse::kAnonymous: {
        // Each unnamed source mention is its own entity until a definite
        // description ("the official") refers back to it.
        Entity ent;
        ent.name = TextOf(a.source);
        ent.kind = SpeakerKind::kAnonymous;
        ent.affiliation = p.affiliation;
        ent.first_mention = span;
        ent.anon_head = p.head;
        entities_.push_back(std::move(ent));
        e = static_cast<int>(entities_.size() - 1);
        break;
      }
      case Parse::kName: {
        e = AddOrMerge(p, span);
        if (entities_[e].name != p.name) {
          antecedents[k] = entities_[e].first_mention;
        }
        if (!p.title.empty() && entities_[e].title.empty()) {
          entities_[e].title = p.title;
        }
        break;
      }
      case Parse::kPlace:
        p.kind = p.kind == SpeakerKind::kOrganization
                     ? SpeakerKind::kOrganization
                     : SpeakerKind::kCountry;
        e = AddOrMerge(p, span);
        break;
      case Parse::kGeneric:
      case Parse::kNone:
        if (p.kind != SpeakerKind::kOrganization)
          p.kind = SpeakerKind::kUnknown;
        e = AddOrMerge(p, span);
        break;
    }
    speakers[k] = e;
    if (e >= 0) {
      // Sources come nearly in token order: insert from the back.
      size_t pos = source_mentions_.size();
      while (pos > 0 && source_mentions_[pos - 1].token > a.source.first) --pos;
      source_mentions_.insert(source_mentions_.begin() + pos,
                              {a.source.first, e, true});
    }
    // An appositive names the speaker's role: "a senior researcher at X".
    if (e >= 0 && !a.appositive.empty() && entities_[e].title.empty() &&
        entities_[e].kind == SpeakerKind::kPerson) {
      std::string role = TextOf(a.appositive);
      size_t at = std::string::npos, skip = 0;
      for (std::string_view prep : {" at ", " of ", " for ", " with "}) {
        size_t pos = role.find(prep);
        if (pos < at) {
          at = pos;
          skip = prep.size();
        }
      }
      std::string title = role.substr(0, at);
      for (std::string_view det : {"a ", "an ", "the "}) {
        if (title.rfind(det, 0) == 0) title = title.substr(det.size());
      }
      if (!EqualsIgnoreCase(title.substr(0, 3), "who")) {
        entities_[e].title = title;
        if (at != std::string::npos && entities_[e].affiliation.empty()) {
          std::string aff = role.substr(at + skip);
          if (aff.rfind("the ", 0) == 0) aff = aff.substr(4);
          entities_[e].affiliation = aff;
        }
      }
    }
    if (e >= 0 && entities_[e].kind == SpeakerKind::kAnonymous &&
        !entities_[e].reason) {
      FindReason(a.sentence, &entities_[e]);
    }
  }

  std::vector<ResolvedSource> out(attrs.size());
  for (size_t k = 0; k < attrs.size(); ++k) {
    if (speakers[k] < 0) continue;
    const Entity& e = entities_[speakers[k]];
    ResolvedSource& r = out[k];
    r.speaker.name = e.name;
    r.speaker.kind = e.kind;
    r.speaker.title = e.title;
    r.speaker.affiliation = e.affiliation;
    r.speaker.antecedent = antecedents[k];
    if (e.kind == SpeakerKind::kAnonymous) {
      r.anonymous = Anonymity{e.name, e.first_mention, e.reason};
    }
  }
  return out;
}

}  // namespace

std::vector<ResolvedSource> ResolveSources(
    const DocumentView& doc, const std::vector<Attribution>& attributions) {
  Resolver resolver(doc);
  return resolver.Run(attributions);
}

}  // namespace claimtrack::text
