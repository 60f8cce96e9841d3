#include "text/mentions.h"

#include <algorithm>
#include <map>
#include <span>
#include <string_view>

#include "text/lexicon.h"

namespace claimtrack::text {

namespace {

std::vector<std::string> SplitName(std::string_view name) {
  std::vector<std::string> tokens;
  size_t i = 0;
  while (i < name.size()) {
    const size_t start = i;
    while (i < name.size() && name[i] != ' ' && name[i] != '\n' &&
           name[i] != '\t' && name[i] != '\r')
      ++i;
    if (i > start) tokens.emplace_back(name.substr(start, i - start));
    ++i;
  }
  return tokens;
}

// Starts with an upper-case ASCII letter or a non-ASCII character (Ólafur).
bool LooksCapitalised(std::string_view token) {
  const auto c = static_cast<unsigned char>(token[0]);
  return (c >= 'A' && c <= 'Z') || c >= 0x80;
}

// Whether `word` alone is a country's name or alias, or an organization's.
bool NamesCountryOrOrg(const Lexicon& lex, std::string_view word) {
  const int ref = lex.places().Find(word);
  if (ref < 0) return false;
  const PlaceRef::Kind kind = lex.place_ref(ref).kind;
  return kind == PlaceRef::kCountryName || kind == PlaceRef::kOrganization;
}

}  // namespace

MentionFinder::MentionFinder(const DocumentView& doc,
                             std::vector<std::string> person_names)
    : doc_(doc) {
  std::sort(person_names.begin(), person_names.end());
  person_names.erase(std::unique(person_names.begin(), person_names.end()),
                     person_names.end());
  const Lexicon& lex = doc_.lexicon;
  // Surname -> the people it may stand for.
  std::map<std::string, std::vector<int>> surnames;
  for (std::string& name : person_names) {
    std::vector<std::string> tokens = SplitName(name);
    if (tokens.size() < 2 || tokens.size() > 6) continue;
    // An organization or country the resolver took for a person ("Time
    // Warner said", "Air India said", "Yukos USA said") is left to the
    // place table. A capital or demonym may well be a surname (Denzel
    // Washington, Dawn French).
    if (lex.places().Find(name) >= 0 || NamesCountryOrOrg(lex, tokens.back())) {
      continue;
    }
    const bool valid =
        !lex.WordClassOf(tokens[0]).has_value() &&
        std::all_of(tokens.begin(), tokens.end(), [&](const std::string& t) {
          auto cls = lex.WordClassOf(t);
          return LooksCapitalised(t) &&
                 !(cls && (*cls <= WordClass::kDeterminer ||
                           *cls == WordClass::kOrgWord));
        });
    if (!valid) continue;
    const int person = static_cast<int>(names_.size());
    names_.push_back(std::move(name));
    auto add_surname = [&](const std::string& t) {
      if (t.size() >= 2 && !lex.WordClassOf(t) && !NamesCountryOrOrg(lex, t)) {
        surnames[t].push_back(person);
      }
    };
    auto last =
        std::find_if(tokens.rbegin(), tokens.rend(),
                     [](const std::string& t) { return t.back() != '.'; });
    if (last != tokens.rend()) add_surname(*last);
    if (tokens.back().find('-') != std::string::npos) add_surname(tokens[0]);
    patterns_.push_back({std::move(tokens), person});
  }
  for (auto& [surname, people] : surnames) {
    if (people.size() == 1) patterns_.push_back({{surname}, people[0]});
  }
  for (size_t k = 0; k < patterns_.size(); ++k) {
    by_first_.emplace(PhraseTable::TokenHash(patterns_[k].tokens[0]),
                      static_cast<int>(k));
  }
}

int MentionFinder::MatchPerson(uint32_t pos, uint32_t end, int* person) const {
  int best = 0;
  auto [it, last] = by_first_.equal_range(doc_.hashes[pos]);
  for (; it != last; ++it) {
    const PersonPattern& p = patterns_[it->second];
    const int n = static_cast<int>(p.tokens.size());
    if (n <= best || pos + n > end) continue;
    bool match = true;
    for (int k = 0; k < n && match; ++k) {
      match = doc_.words[pos + k] == p.tokens[k];
    }
    if (match) {
      best = n;
      *person = p.person;
    }
  }
  return best;
}

// A capital is its government only outside a longer capitalised name: no
// capitalised word right after it, and none right before it that is not a
// closed-class word ("In Washington" is fine, "George Washington" is not).
bool MentionFinder::StandsAlone(uint32_t first, uint32_t end) const {
  const std::vector<Token>& tokens = doc_.tokens;
  if (end < tokens.size() && tokens[end].kind == TokenKind::kWord &&
      tokens[end].cap) {
    return false;
  }
  if (first > 0) {
    const Token& prev = tokens[first - 1];
    if (prev.kind == TokenKind::kWord && prev.cap &&
        !doc_.lexicon.WordClassOf(doc_.words[first - 1])) {
      return false;
    }
  }
  return true;
}

void MentionFinder::FindIn(TokenRange range, std::vector<Mention>* out) const {
  const Lexicon& lex = doc_.lexicon;
  const uint32_t end =
      std::min<uint32_t>(range.end, static_cast<uint32_t>(doc_.tokens.size()));
  // Place phrases must not run past the range.
  const std::span<const std::string_view> words(doc_.words.data(), end);
  const std::span<const uint64_t> hashes(doc_.hashes.data(), end);
  uint32_t i = range.first;
  while (i < end) {
    const Token& t = doc_.tokens[i];
    if (t.kind != TokenKind::kWord || !t.cap) {
      ++i;
      continue;
    }
    int person = -1, place = -1;
    const int person_len = by_first_.empty() ? 0 : MatchPerson(i, end, &person);
    int place_len = lex.places().Longest(words, hashes, i, &place);
    if (place_len > 0 && place_len > person_len &&
        lex.place_ref(place).kind == PlaceRef::kCapital &&
        !StandsAlone(i, i + place_len)) {
      place_len = 0;
    }
    const int len = std::max(person_len, place_len);
    if (len == 0) {
      ++i;
      continue;
    }
    Mention m;
    m.span = {t.span.begin, doc_.tokens[i + len - 1].span.end};
    if (person_len >= place_len) {
      m.name = names_[person];
      m.kind = SpeakerKind::kPerson;
    } else {
      const PlaceRef& ref = lex.place_ref(place);
      if (ref.kind == PlaceRef::kOrganization) {
        m.name = lex.organizations()[ref.index].name;
        m.kind = SpeakerKind::kOrganization;
      } else {
        m.name = lex.countries()[ref.index].name;
        m.kind = SpeakerKind::kCountry;
      }
    }
    out->push_back(std::move(m));
    i += len;
  }
}

}  // namespace claimtrack::text
