#include "store/entities.h"

#include <algorithm>

#include "common/hash.h"

namespace claimtrack::store {

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c; }

// Calls fn(word) for each run of non-space bytes of `s`, in order.
template <typename Fn>
void ForEachWord(std::string_view s, Fn fn) {
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && IsSpace(s[i])) ++i;
    size_t j = i;
    while (j < s.size() && !IsSpace(s[j])) ++j;
    if (j > i) fn(s.substr(i, j - i));
    i = j;
  }
}

std::vector<std::string_view> Words(std::string_view s) {
  std::vector<std::string_view> words;
  ForEachWord(s, [&words](std::string_view w) { words.push_back(w); });
  return words;
}

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Lower(c);
  return out;
}

// "K." and "K" (a middle initial), and honorifics, which do not tell
// people apart.
bool IsDroppedNamePart(std::string_view w) {
  if (w.size() == 1 || (w.size() == 2 && w[1] == '.')) return true;
  const std::string l = LowerAscii(w);
  return l == "mr" || l == "mr." || l == "mrs" || l == "mrs." || l == "ms" ||
         l == "ms." || l == "dr" || l == "dr.";
}

bool HasUpper(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return c >= 'A' && c <= 'Z'; });
}

// Lower-case words inside names of organizations and people.
bool IsNameJoiner(std::string_view w) {
  static constexpr std::string_view kJoiners[] = {
      "of", "the", "and", "for", "on", "de",  "du", "la",
      "le", "von", "van", "der", "al", "bin", "&"};
  return std::find(std::begin(kJoiners), std::end(kJoiners), w) !=
         std::end(kJoiners);
}

}  // namespace

std::string NormalizeAlias(std::string_view alias) {
  std::string out;
  out.reserve(alias.size());
  ForEachWord(alias, [&out](std::string_view w) {
    if (!out.empty()) out.push_back(' ');
    for (char c : w) out.push_back(Lower(c));
  });
  while (!out.empty() && (out.back() == ',' || out.back() == '.' ||
                          out.back() == ':' || out.back() == ';')) {
    out.pop_back();
  }
  if (out.rfind("the ", 0) == 0) out.erase(0, 4);
  return out;
}

// Runs of white space (a hard-wrapped "Prime\nMinister") as one space.
std::string CollapseSpaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  ForEachWord(s, [&out](std::string_view w) {
    if (!out.empty()) out.push_back(' ');
    out.append(w);
  });
  return out;
}

uint64_t EntityId(SpeakerKind kind, std::string_view key_name,
                  std::string_view scope_doc_id) {
  StableHash h;
  h.Add(SpeakerKindName(kind)).Add(std::string_view("\0", 1));
  if (!scope_doc_id.empty()) {
    h.Add(scope_doc_id).Add(std::string_view("\0", 1));
  }
  return h.Add(key_name).value();
}

EntityResolver::EntityResolver(const text::Lexicon* lexicon)
    : lexicon_(lexicon) {
  for (const text::Country& c : lexicon->countries()) {
    countries_[NormalizeAlias(c.name)] = c.name;
    // Capitals and demonyms too: "Seoul said", "a South Korean official".
    for (const auto* forms : {&c.aliases, &c.capitals, &c.demonyms}) {
      for (const std::string& f : *forms)
        countries_[NormalizeAlias(f)] = c.name;
    }
  }
  for (const text::Organization& o : lexicon->organizations()) {
    orgs_[NormalizeAlias(o.name)] = o.name;
    if (o.government) government_of_[o.name] = o.country;
    for (const std::string& a : o.aliases) orgs_[NormalizeAlias(a)] = o.name;
  }
}

std::string EntityResolver::CountryName(std::string_view name) const {
  auto it = countries_.find(NormalizeAlias(name));
  return it == countries_.end() ? "" : it->second;
}

bool EntityResolver::IsCountry(std::string_view name) const {
  return !CountryName(name).empty();
}

EntityRef EntityResolver::Country(std::string_view name) const {
  EntityRef e;
  std::string canonical = CountryName(name);
  if (canonical.empty()) canonical = std::string(name);
  e.record.kind = SpeakerKind::kCountry;
  e.record.key_name = NormalizeAlias(canonical);
  e.record.display_name = canonical;
  e.id = EntityId(SpeakerKind::kCountry, e.record.key_name, "");
  return e;
}

EntityRef EntityResolver::Organization(const Claim& claim,
                                       std::string_view name) const {
  EntityRef e;
  e.record.kind = SpeakerKind::kOrganization;
  const std::string normalized = NormalizeAlias(name);
  auto it = orgs_.find(normalized);
  const std::vector<std::string_view> words = Words(name);
  // "The company", "the ministry": nothing names which one.
  const bool generic =
      it == orgs_.end() &&
      (!HasUpper(name) ||
       (words.size() >= 2 && LowerAscii(words[0]) == "the" &&
        std::none_of(words.begin() + 1, words.end(), HasUpper)));
  e.record.display_name = it != orgs_.end() ? it->second : CollapseSpaces(name);
  e.record.key_name =
      it != orgs_.end() ? NormalizeAlias(it->second) : normalized;
  if (generic) e.record.scope_doc = DocNum(claim.doc);
  e.id = EntityId(SpeakerKind::kOrganization, e.record.key_name,
                  generic ? std::string_view(claim.doc) : "");
  return e;
}

EntityRef EntityResolver::Person(const Claim& claim, std::string_view name,
                                 std::string_view title,
                                 const PersonByAlias* lookup) const {
  std::string key;
  size_t parts = 0;
  for (std::string_view w : Words(name)) {
    if (IsDroppedNamePart(w)) continue;
    if (!key.empty()) key.push_back(' ');
    key += LowerAscii(w);
    ++parts;
  }
  if (parts == 0) key = NormalizeAlias(name);
  EntityRef e;
  e.record.kind = SpeakerKind::kPerson;
  e.record.display_name = CollapseSpaces(name);
  e.record.key_name = key;
  // A "name" with ordinary lower-case words ("Yeutter held out little"),
  // or a weekday or month ("Reagan Friday"), is the extractor's mistake,
  // never merged across documents.
  const std::vector<std::string_view> words = Words(name);
  const bool name_like =
      std::all_of(words.begin(), words.end(), [this](std::string_view w) {
        const std::optional<text::WordClass> c = lexicon_->WordClassOf(w);
        return (HasUpper(w) || IsNameJoiner(w)) &&
               c != text::WordClass::kWeekday && c != text::WordClass::kMonth;
      });
  if (parts >= 2 && name_like) {
    e.id = EntityId(SpeakerKind::kPerson, key, "");
    return e;
  }
  if (lookup && !title.empty()) {
    std::optional<EntityRef> known =
        (*lookup)(NormalizeAlias(std::string(title) + " " + key));
    if (known) return *known;
  }
  e.record.scope_doc = DocNum(claim.doc);
  e.id = EntityId(SpeakerKind::kPerson, key, claim.doc);
  return e;
}

AnonymousDescriptor EntityResolver::Describe(
    std::string_view descriptor, std::string_view affiliation) const {
  AnonymousDescriptor d;
  const std::vector<std::string_view> words = Words(descriptor);
  std::string organization;
  bool counted_many = false;
  auto append = [](std::string* to, std::string_view phrase) {
    if (!to->empty()) to->push_back(' ');
    to->append(phrase);
  };
  for (size_t i = 0; i < words.size();) {
    size_t taken = 0;
    for (size_t n = std::min<size_t>(3, words.size() - i); n > 0 && !taken;
         --n) {
      std::string phrase;
      for (size_t k = i; k < i + n; ++k) append(&phrase, words[k]);
      const std::optional<text::AnonFacet> facet =
          lexicon_->AnonFacetOf(phrase);
      if (!facet) continue;
      taken = n;
      switch (*facet) {
        case text::AnonFacet::kCount: {
          const std::string l = LowerAscii(phrase);
          counted_many = l != "a" && l != "an" && l != "one";
          break;
        }
        case text::AnonFacet::kRank:
          append(&d.rank, LowerAscii(phrase));
          break;
        case text::AnonFacet::kDomain:
          append(&d.domain, LowerAscii(phrase));
          break;
        case text::AnonFacet::kAffiliation:
          append(&organization, phrase);
          break;
      }
    }
    i += taken ? taken : 1;
  }
  // The affiliation the resolver found, else the descriptor's own: a
  // country ("U.S." -> United States) or a body ("Pentagon").
  d.affiliation = std::string(affiliation);
  if (d.affiliation.empty() && !organization.empty()) {
    const std::string country = CountryName(organization);
    auto org = orgs_.find(NormalizeAlias(organization));
    d.affiliation = !country.empty()     ? country
                    : org != orgs_.end() ? org->second
                                         : organization;
  }
  const std::string_view head = words.empty() ? "" : words.back();
  d.plural = counted_many ||
             (head.size() > 2 && head.back() == 's' && !head.ends_with("ss"));
  return d;
}

std::optional<EntityRef> EntityResolver::Speaker(
    const Claim& claim, const PersonByAlias& lookup) const {
  const claimtrack::Speaker& s = claim.speaker;
  switch (s.kind) {
    case SpeakerKind::kPerson:
      if (s.name.empty()) return std::nullopt;
      return Person(claim, s.name, s.title, lookup ? &lookup : nullptr);
    case SpeakerKind::kCountry:
      if (s.name.empty()) return std::nullopt;
      return Country(s.name);
    case SpeakerKind::kOrganization:
      if (s.name.empty()) return std::nullopt;
      return Organization(claim, s.name);
    case SpeakerKind::kAnonymous: {
      if (!claim.anonymous) return std::nullopt;
      EntityRef e;
      e.record.kind = SpeakerKind::kAnonymous;
      e.record.key_name = NormalizeAlias(claim.anonymous->descriptor);
      e.record.display_name = CollapseSpaces(claim.anonymous->descriptor);
      e.record.scope_doc = DocNum(claim.doc);
      e.record.descriptor =
          Describe(claim.anonymous->descriptor, s.affiliation);
      e.id = EntityId(SpeakerKind::kAnonymous, e.record.key_name, claim.doc);
      return e;
    }
    case SpeakerKind::kUnknown:
      if (s.name.empty()) return std::nullopt;
      EntityRef e;
      e.record.kind = SpeakerKind::kUnknown;
      e.record.key_name = NormalizeAlias(s.name);
      e.record.display_name = CollapseSpaces(s.name);
      e.record.scope_doc = DocNum(claim.doc);
      e.id = EntityId(SpeakerKind::kUnknown, e.record.key_name, claim.doc);
      return e;
  }
  return std::nullopt;
}

std::optional<EntityRef> EntityResolver::Affiliation(const Claim& claim) const {
  const claimtrack::Speaker& s = claim.speaker;
  if (s.affiliation.empty() ||
      (s.kind != SpeakerKind::kPerson && s.kind != SpeakerKind::kAnonymous)) {
    return std::nullopt;
  }
  // "In March President Reagan ...": a month or weekday is no affiliation.
  const std::optional<text::WordClass> c = lexicon_->WordClassOf(s.affiliation);
  if (c == text::WordClass::kMonth || c == text::WordClass::kWeekday) {
    return std::nullopt;
  }
  if (IsCountry(s.affiliation)) return Country(s.affiliation);
  return Organization(claim, s.affiliation);
}

std::optional<EntityRef> EntityResolver::Nation(const Claim& claim) const {
  const claimtrack::Speaker& s = claim.speaker;
  std::string_view org;
  if (s.kind == SpeakerKind::kOrganization) {
    org = s.name;
  } else if ((s.kind == SpeakerKind::kPerson ||
              s.kind == SpeakerKind::kAnonymous) &&
             !s.affiliation.empty() && !IsCountry(s.affiliation)) {
    org = s.affiliation;
  }
  if (org.empty()) return std::nullopt;
  const std::string country = GovernmentOf(org);
  if (country.empty()) return std::nullopt;
  return Country(country);
}

std::string EntityResolver::GovernmentOf(std::string_view organization) const {
  auto name = orgs_.find(NormalizeAlias(organization));
  if (name == orgs_.end()) return "";
  auto country = government_of_.find(name->second);
  return country == government_of_.end() ? "" : country->second;
}

EntityRef EntityResolver::Mentioned(const Claim& claim,
                                    const Mention& mention) const {
  switch (mention.kind) {
    case SpeakerKind::kCountry:
      return Country(mention.name);
    case SpeakerKind::kPerson:
      return Person(claim, mention.name, "", nullptr);
    default:
      return Organization(claim, mention.name);
  }
}

std::vector<AliasForm> EntityResolver::SpeakerAliases(
    const Claim& claim, std::string_view text) const {
  std::vector<AliasForm> forms;
  auto add = [&forms](std::string_view written) {
    std::string n = NormalizeAlias(written);
    if (n.empty()) return;
    for (const AliasForm& f : forms) {
      if (f.normalized == n) return;
    }
    forms.push_back({std::move(n), CollapseSpaces(written)});
  };
  const claimtrack::Speaker& s = claim.speaker;
  if (s.kind == SpeakerKind::kAnonymous) {
    if (claim.anonymous) add(claim.anonymous->descriptor);
    return forms;
  }
  add(s.name);
  // A one-word person is an entity of its document: its title forms
  // would only crowd the aliases other documents look people up by.
  if (s.kind == SpeakerKind::kPerson && Words(s.name).size() < 2) return forms;
  if (claim.source && claim.source->end <= text.size()) {
    const std::string_view written = claim.source->In(text);
    const std::vector<std::string_view> words = Words(written);
    // A pronoun or a description ("he", "the official") is not a name, nor
    // is a source the extractor took with words that are not part of one
    // ("Japanese firms this week"): a name's words are capitalized, but
    // for a few that join them ("Bank of Japan").
    const bool named =
        !words.empty() &&
        std::any_of(words.begin(), words.end(), [this](std::string_view w) {
          return HasUpper(w) && !lexicon_->WordClassOf(w).has_value();
        });
    const bool name_like =
        named &&
        std::all_of(words.begin(), words.end(), [](std::string_view w) {
          return HasUpper(w) || IsNameJoiner(w);
        });
    // The form as written must name this entity: a place the gazetteer
    // gives to this country, an organization's known name, a person's
    // form holding one of the name's words. A misparsed source ("U.S.
    // Trade Represenative Clayton Yeutter" resolved to the country) is not
    // an alias of it.
    const std::vector<std::string_view> name_words = Words(s.name);
    bool names_it = false;
    switch (s.kind) {
      case SpeakerKind::kCountry:
        names_it = CountryName(written) == s.name;
        break;
      case SpeakerKind::kOrganization: {
        auto org = orgs_.find(NormalizeAlias(written));
        names_it = org != orgs_.end()
                       ? org->second == s.name
                       : NormalizeAlias(written) == NormalizeAlias(s.name);
        break;
      }
      default:
        names_it =
            std::any_of(words.begin(), words.end(), [&](std::string_view w) {
              return std::find(name_words.begin(), name_words.end(), w) !=
                     name_words.end();
            });
    }
    if (name_like && names_it) add(written);
    // "U.S. Trade Representative Clayton Yeutter" also gives "Trade
    // Representative Yeutter", "Representative Yeutter" (and "... Clayton"):
    // the capitalized
    // words before the name, each tail of them with the surname, so that a
    // later "Trade Representative Yeutter" finds this person.
    const std::vector<std::string_view> name = Words(s.name);
    if (named && s.kind == SpeakerKind::kPerson && name.size() >= 2) {
      size_t first = words.size();
      for (size_t i = 0; i < words.size(); ++i) {
        if (words[i] == name[0]) {
          first = i;
          break;
        }
      }
      size_t start = first;
      while (start > 0 && start <= words.size() && HasUpper(words[start - 1])) {
        --start;
      }
      // Which word is the surname depends on the name's order ("Lee
      // Jong-sup"): both ends are offered, and lookups need a unique match.
      for (size_t i = start; i < first && first < words.size(); ++i) {
        std::string form;
        for (size_t j = i; j < first; ++j) {
          form.append(words[j]).push_back(' ');
        }
        add(form + std::string(name.back()));
        add(form + std::string(name.front()));
      }
    }
  }
  // Title and surname ("Defense Minister Lee"), when the title reads like
  // one: "grain trader in Chicago" does not.
  const std::vector<std::string_view> title = Words(s.title);
  const bool titled =
      !title.empty() &&
      std::all_of(title.begin(), title.end(), [](std::string_view w) {
        return HasUpper(w) || IsNameJoiner(w);
      });
  if (s.kind == SpeakerKind::kPerson && titled) {
    const std::vector<std::string_view> words = Words(s.name);
    if (!words.empty()) {
      add(CollapseSpaces(s.title) + " " + std::string(words.back()));
      add(CollapseSpaces(s.title) + " " + std::string(words.front()));
    }
  }
  return forms;
}

}  // namespace claimtrack::store
