#include "query/subject.h"

#include <algorithm>

#include "text/terms.h"

namespace claimtrack::query {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// The country a lower-case word sequence at words[pos] names, with its
// length in words, via the gazetteer (names, capitals, demonyms).
size_t CountryAt(const text::Lexicon& lexicon,
                 const std::vector<std::string_view>& tokens, size_t pos,
                 int* country) {
  int value = 0;
  int n = lexicon.places().Longest(tokens, pos, &value);
  if (n == 0) return 0;
  const text::PlaceRef& ref = lexicon.place_ref(value);
  if (ref.kind == text::PlaceRef::kOrganization) return 0;
  *country = ref.index;
  return static_cast<size_t>(n);
}

}  // namespace

Result<std::unique_ptr<Synonyms>> Synonyms::Builtin() {
  ASSIGN_OR_RETURN(std::string_view text, EmbeddedDataFile("synonyms.tsv"));
  return Parse("synonyms.tsv", text);
}

Result<std::unique_ptr<Synonyms>> Synonyms::Parse(std::string_view name,
                                                  std::string_view text) {
  auto out = std::unique_ptr<Synonyms>(new Synonyms());
  RETURN_IF_ERROR(ForEachDataLine(
      name, text,
      [&](std::string_view line, const std::string& where) -> Status {
        size_t tab = line.find('\t');
        if (tab == std::string_view::npos || tab == 0) {
          return Status::InvalidArgument(where + "expected group<TAB>phrases");
        }
        Group group;
        group.name = std::string(Trim(line.substr(0, tab)));
        std::string_view rest = line.substr(tab + 1);
        while (!rest.empty()) {
          size_t comma = rest.find(',');
          std::string_view phrase = Trim(rest.substr(0, comma));
          rest = comma == std::string_view::npos ? std::string_view()
                                                 : rest.substr(comma + 1);
          if (phrase.empty()) continue;
          size_t n = SplitWords(phrase).size();
          if (n == 0 || n > PhraseMatcher::kMaxPhraseWords) {
            return Status::InvalidArgument(where + "phrase \"" +
                                           std::string(phrase) +
                                           "\" has no words or too many");
          }
          group.phrases.emplace_back(phrase);
          out->all_.Add(phrase, static_cast<int>(out->groups_.size()));
        }
        if (group.phrases.empty()) {
          return Status::InvalidArgument(where + "group without phrases");
        }
        out->groups_.push_back(std::move(group));
        return Status::Ok();
      }));
  return out;
}

Result<Subject> Subject::Parse(std::string_view about,
                               const text::Lexicon& lexicon,
                               const Synonyms& synonyms) {
  Subject subject;
  subject.lexicon_ = &lexicon;
  std::vector<Word> words = SplitWords(about);
  std::vector<std::string_view> tokens;
  for (const Word& w : words) tokens.push_back(w.lower);
  for (size_t i = 0; i < words.size();) {
    if (words[i].clause_break) {
      ++i;
      continue;
    }
    Group group;
    int value = 0;
    size_t n = synonyms.phrases().Longest(words, i, &value);
    int country = -1;
    size_t nc = CountryAt(lexicon, tokens, i, &country);
    if (nc > 0 && nc >= n) {
      const text::Country& c = lexicon.countries()[country];
      group.name = c.name;
      group.country = c.name;
      group.shown = {"country: its names, capitals and demonyms"};
      n = nc;
    } else if (n > 0) {
      const Synonyms::Group& g = synonyms.groups()[value];
      group.name = g.name;
      for (const std::string& p : g.phrases) group.phrases.Add(p, 0);
      group.phrase_list = g.phrases;
      group.shown = g.phrases;
    } else {
      n = 1;
      if (text::IsStopword(words[i].lower) || words[i].lower.size() < 2) {
        ++i;
        continue;
      }
      group.name = words[i].lower;
      group.phrases.Add(words[i].lower, 0);
      group.phrase_list = {words[i].lower};
    }
    i += n;
    bool repeated = false;
    for (const Group& g : subject.groups_) repeated |= g.name == group.name;
    if (!repeated) subject.groups_.push_back(std::move(group));
  }
  if (subject.groups_.size() > 16) {
    return Status::InvalidArgument("--about takes at most 16 subject words");
  }
  return subject;
}

std::string Subject::Describe() const {
  std::string out;
  for (const Group& g : groups_) {
    if (!out.empty()) out += " + ";
    out += g.name;
    if (!g.shown.empty() && !(g.shown.size() == 1 && g.shown[0] == g.name)) {
      out += " (";
      for (size_t i = 0; i < g.shown.size() && i < 6; ++i) {
        if (i) out += ", ";
        out += g.shown[i];
      }
      if (g.shown.size() > 6) out += ", …";
      out += ")";
    }
  }
  return out;
}

std::vector<std::string> Subject::Names() const {
  std::vector<std::string> names;
  for (const Group& g : groups_) names.push_back(g.name);
  return names;
}

uint32_t Subject::Match(const std::vector<Word>& words,
                        std::vector<bool>* marks) const {
  if (marks) marks->assign(words.size(), false);
  uint32_t mask = 0;
  std::vector<std::string_view> tokens;
  bool any_country = false;
  for (const Group& g : groups_) any_country |= !g.country.empty();
  if (any_country) {
    tokens.reserve(words.size());
    for (const Word& w : words) tokens.push_back(w.lower);
  }
  for (size_t i = 0; i < words.size(); ++i) {
    if (words[i].clause_break) continue;
    for (size_t k = 0; k < groups_.size(); ++k) {
      const Group& g = groups_[k];
      size_t n = 0;
      if (!g.country.empty()) {
        int country = -1;
        n = CountryAt(*lexicon_, tokens, i, &country);
        if (n > 0 && lexicon_->countries()[country].name != g.country) n = 0;
      } else {
        int value = 0;
        n = g.phrases.Longest(words, i, &value);
      }
      if (n == 0) continue;
      mask |= 1u << k;
      if (marks) {
        for (size_t j = i; j < i + n; ++j) (*marks)[j] = true;
      }
    }
  }
  return mask;
}

std::vector<std::string> Subject::TermStems(const text::Lexicon& lexicon,
                                            bool topical_only) const {
  std::vector<std::string> stems;
  auto add = [&](std::string_view phrase) {
    std::vector<Word> words = SplitWords(phrase);
    if (words.size() == 1 && !text::IsStopword(words[0].lower)) {
      stems.push_back(words[0].stem);
    }
  };
  for (const Group& g : groups_) {
    if (!g.country.empty()) {
      if (topical_only) continue;
      for (const text::Country& c : lexicon.countries()) {
        if (c.name != g.country) continue;
        add(c.name);
        for (const std::string& a : c.aliases) add(a);
        for (const std::string& a : c.demonyms) add(a);
        for (const std::string& a : c.capitals) add(a);
      }
    }
    for (const std::string& p : g.phrase_list) add(p);
  }
  std::sort(stems.begin(), stems.end());
  stems.erase(std::unique(stems.begin(), stems.end()), stems.end());
  return stems;
}

uint32_t Subject::TopicalMask() const {
  uint32_t mask = 0;
  for (size_t k = 0; k < groups_.size(); ++k) {
    if (groups_[k].country.empty()) mask |= 1u << k;
  }
  return mask;
}

uint32_t Subject::MatchEntityName(std::string_view canonical_name) const {
  uint32_t mask = 0;
  for (size_t k = 0; k < groups_.size(); ++k) {
    if (!groups_[k].country.empty() && groups_[k].country == canonical_name) {
      mask |= 1u << k;
    }
  }
  return mask;
}

}  // namespace claimtrack::query
