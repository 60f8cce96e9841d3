#include "text/lexicon.h"

#include <algorithm>
#include <array>
#include <bit>
#include <fstream>
#include <sstream>

#include "text/lexicon_data.h"

namespace claimtrack::text {

namespace {

constexpr std::array<const char*, 6> kFileNames = {
    "anonymous.tsv",     "cues.tsv",   "gazetteer.tsv",
    "organizations.tsv", "titles.tsv", "words.tsv"};

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

// Appends `token` lowercased (ASCII letters only; other bytes kept).
void AppendLower(std::string_view token, std::string* out) {
  size_t n = out->size();
  out->resize(n + token.size());
  char* dst = out->data() + n;
  for (char c : token) *dst++ = AsciiLower(c);
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t pos = s.find(sep, start);
    parts.push_back(s.substr(start, pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return parts;
}

std::vector<std::string> SplitList(std::string_view s) {
  std::vector<std::string> items;
  if (s.empty()) return items;
  for (std::string_view item : Split(s, ',')) {
    if (!item.empty()) items.emplace_back(item);
  }
  return items;
}

// Calls fn(fields, line_number) for each entry line of a TSV lexicon.
template <typename Fn>
Status ForEachLine(const std::string& name, const std::string& text, Fn fn) {
  size_t line_no = 0;
  for (std::string_view line : Split(text, '\n')) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string_view> fields = Split(line, '\t');
    for (std::string_view f : fields) {
      if (!f.empty() && (f.front() == ' ' || f.back() == ' ')) {
        return Status::InvalidArgument(name + ":" + std::to_string(line_no) +
                                       ": field has edge spaces");
      }
    }
    Status s = fn(fields);
    if (!s.ok()) {
      return s.WithContext(name + ":" + std::to_string(line_no));
    }
  }
  return Status::Ok();
}

Status FieldCount(const std::vector<std::string_view>& fields, size_t min,
                  size_t max) {
  if (fields.size() < min || fields.size() > max) {
    // Appended piece by piece: GCC 12 warns (-Wrestrict, a known false
    // positive) on "literal" + std::string temporaries here.
    std::string message = "expected ";
    message += std::to_string(min);
    if (min != max) message.append("-").append(std::to_string(max));
    message.append(" tab-separated fields, found ")
        .append(std::to_string(fields.size()));
    return Status::InvalidArgument(message);
  }
  if (fields[0].empty()) return Status::InvalidArgument("empty first field");
  return Status::Ok();
}

}  // namespace

uint64_t PhraseTable::TokenHash(std::string_view token) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : token) {
    h ^= static_cast<unsigned char>(AsciiLower(c));
    h *= 0x100000001b3ULL;
  }
  return h;
}

template <typename T>
void PhraseTable::HashSlots<T>::Add(uint64_t hash, T entry) {
  if (2 * (used_ + 1) > slots_.size()) {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 64 : 2 * old.size(), Slot());
    shift_ = 64 - std::countr_zero(slots_.size());
    used_ = 0;
    for (Slot& slot : old) {
      if (slot.used) Add(slot.hash, std::move(slot.entry));
    }
  }
  const size_t mask = slots_.size() - 1;
  size_t i = SlotOf(hash);
  while (slots_[i].used) i = (i + 1) & mask;
  slots_[i] = {hash, true, std::move(entry)};
  ++used_;
}

bool PhraseTable::Spells(std::string_view key,
                         std::span<const std::string_view> tokens, size_t pos,
                         size_t n) {
  size_t at = 0;
  for (size_t k = 0; k < n; ++k) {
    if (k > 0) {
      if (at >= key.size() || key[at] != ' ') return false;
      ++at;
    }
    const std::string_view token = tokens[pos + k];
    if (key.size() - at < token.size()) return false;
    for (char c : token) {
      if (key[at++] != AsciiLower(c)) return false;
    }
  }
  return at == key.size();
}

void PhraseTable::Add(std::string_view phrase, int value) {
  std::vector<std::string_view> tokens;
  for (std::string_view t : Split(phrase, ' ')) {
    if (!t.empty()) tokens.push_back(t);
  }
  if (tokens.empty()) return;
  const uint64_t first = TokenHash(tokens[0]);
  uint64_t hash = first;
  for (size_t k = 1; k < tokens.size(); ++k) {
    hash = Fold(hash, TokenHash(tokens[k]));
  }
  const auto spelled = [&](uint32_t i) {
    return Spells(phrases_[i].key, tokens, 0, tokens.size());
  };
  if (phrase_by_hash_.Find(hash, spelled) != nullptr) return;  // first wins
  Phrase entry{"", value};
  for (std::string_view t : tokens) {
    if (!entry.key.empty()) entry.key.push_back(' ');
    AppendLower(t, &entry.key);
  }
  phrase_by_hash_.Add(hash, static_cast<uint32_t>(phrases_.size()));
  phrases_.push_back(std::move(entry));
  const int n = static_cast<int>(tokens.size());
  if (int* most = first_.Find(first, [](int) { return true; })) {
    *most = std::max(*most, n);
  } else {
    first_.Add(first, n);
  }
}

int PhraseTable::Longest(std::span<const std::string_view> tokens, size_t pos,
                         int* value) const {
  if (pos >= tokens.size()) return 0;
  return LongestFrom(TokenHash(tokens[pos]), tokens, {}, pos, value);
}

int PhraseTable::Longest(std::span<const std::string_view> tokens,
                         std::span<const uint64_t> hashes, size_t pos,
                         int* value) const {
  if (pos >= tokens.size() || pos >= hashes.size()) return 0;
  return LongestFrom(hashes[pos], tokens, hashes, pos, value);
}

int PhraseTable::LongestFrom(uint64_t first_hash,
                             std::span<const std::string_view> tokens,
                             std::span<const uint64_t> hashes, size_t pos,
                             int* value) const {
  const int* most = first_.Find(first_hash, [](int) { return true; });
  if (most == nullptr) return 0;
  int best = 0;
  uint64_t hash = first_hash;
  for (size_t n = 1;
       n <= static_cast<size_t>(*most) && pos + n <= tokens.size(); ++n) {
    if (n > 1) {
      const size_t at = pos + n - 1;
      hash =
          Fold(hash, at < hashes.size() ? hashes[at] : TokenHash(tokens[at]));
    }
    const uint32_t* found = phrase_by_hash_.Find(hash, [&](uint32_t i) {
      return Spells(phrases_[i].key, tokens, pos, n);
    });
    if (found != nullptr) {
      best = static_cast<int>(n);
      *value = phrases_[*found].value;
    }
  }
  return best;
}

int PhraseTable::Find(std::string_view phrase) const {
  // Split on single spaces, as keys are joined: "a  b" has an empty token
  // and spells no key.
  thread_local std::vector<std::string_view> tokens;
  tokens.clear();
  size_t start = 0;
  while (true) {
    const size_t space = phrase.find(' ', start);
    tokens.push_back(phrase.substr(start, space - start));
    if (space == std::string_view::npos) break;
    start = space + 1;
  }
  int value = -1;
  return LongestFrom(TokenHash(tokens[0]), tokens, {}, 0, &value) ==
                 static_cast<int>(tokens.size())
             ? value
             : -1;
}

Result<std::unique_ptr<Lexicon>> Lexicon::Builtin() {
  std::vector<NamedText> files;
  for (const EmbeddedFile& f : EmbeddedLexicons()) {
    files.push_back({std::string(f.name), std::string(f.content)});
  }
  return FromFiles(files);
}

Result<std::unique_ptr<Lexicon>> Lexicon::FromDirectory(
    const std::string& dir) {
  std::vector<NamedText> files;
  for (const char* name : kFileNames) {
    std::string path = dir + "/" + name;
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::IOError("cannot read lexicon file " + path);
    std::ostringstream buf;
    buf << in.rdbuf();
    files.push_back({name, buf.str()});
  }
  return FromFiles(files);
}

Result<std::unique_ptr<Lexicon>> Lexicon::FromFiles(
    const std::vector<NamedText>& files) {
  std::unique_ptr<Lexicon> lex(new Lexicon());
  for (const char* name : kFileNames) {
    auto it = std::find_if(files.begin(), files.end(),
                           [&](const NamedText& f) { return f.name == name; });
    if (it == files.end()) {
      return Status::InvalidArgument(std::string("lexicon file missing: ") +
                                     name);
    }
    RETURN_IF_ERROR(lex->Parse(it->name, it->text));
  }
  RETURN_IF_ERROR(lex->Finish());
  return lex;
}

Status Lexicon::Parse(const std::string& name, const std::string& text) {
  if (name == "cues.tsv") return ParseCues(name, text);
  if (name == "titles.tsv" || name == "anonymous.tsv") {
    return ParseRoles(name, text);
  }
  if (name == "gazetteer.tsv") return ParseGazetteer(name, text);
  if (name == "organizations.tsv") return ParseOrganizations(name, text);
  if (name == "words.tsv") return ParseWords(name, text);
  return Status::InvalidArgument("unknown lexicon file " + name);
}

Status Lexicon::ParseCues(const std::string& name, const std::string& text) {
  static const std::pair<std::string_view, CueClass> kClasses[] = {
      {"speech", CueClass::kSpeech},
      {"belief", CueClass::kBelief},
      {"report", CueClass::kReport},
      {"according", CueClass::kAccording},
      {"noun", CueClass::kNoun}};
  return ForEachLine(name, text, [&](const auto& fields) -> Status {
    RETURN_IF_ERROR(FieldCount(fields, 3, 4));
    bool object_frame = false, recipient = false;
    if (fields.size() == 4) {
      for (const std::string& frame : SplitList(fields[3])) {
        if (frame == "object") {
          object_frame = true;
        } else if (frame == "recipient") {
          recipient = true;
        } else {
          return Status::InvalidArgument("unknown cue frame '" + frame + "'");
        }
      }
    }
    auto cls =
        std::find_if(std::begin(kClasses), std::end(kClasses),
                     [&](const auto& c) { return c.first == fields[2]; });
    if (cls == std::end(kClasses)) {
      return Status::InvalidArgument("unknown cue class '" +
                                     std::string(fields[2]) + "'");
    }
    std::vector<std::string> forms = SplitList(fields[1]);
    if (forms.empty()) return Status::InvalidArgument("no forms");
    int index = static_cast<int>(cue_entries_.size());
    cue_entries_.push_back(
        {std::string(fields[0]), cls->second, object_frame, recipient});
    for (const std::string& form : forms) cues_.Add(form, index);
    return Status::Ok();
  });
}

Status Lexicon::ParseRoles(const std::string& name, const std::string& text) {
  const bool titles = name == "titles.tsv";
  static const std::pair<std::string_view, int> kTitleRoles[] = {
      {"head", static_cast<int>(TitleRole::kHead)},
      {"modifier", static_cast<int>(TitleRole::kModifier)},
      {"honorific", static_cast<int>(TitleRole::kHonorific)},
      {"office", static_cast<int>(TitleRole::kOffice)}};
  static const std::pair<std::string_view, int> kAnonRoles[] = {
      {"head", static_cast<int>(AnonRole::kHead)},
      {"qualifier", static_cast<int>(AnonRole::kQualifier)},
      {"familiar", static_cast<int>(AnonRole::kFamiliar)},
      {"reason", static_cast<int>(AnonRole::kReason)}};
  return ForEachLine(name, text, [&](const auto& fields) -> Status {
    RETURN_IF_ERROR(FieldCount(fields, 2, titles ? 2 : 3));
    if (fields.size() == 3) {
      static const std::pair<std::string_view, AnonFacet> kFacets[] = {
          {"count", AnonFacet::kCount},
          {"rank", AnonFacet::kRank},
          {"domain", AnonFacet::kDomain},
          {"affiliation", AnonFacet::kAffiliation}};
      auto facet =
          std::find_if(std::begin(kFacets), std::end(kFacets),
                       [&](const auto& f) { return f.first == fields[2]; });
      if (fields[1] != "qualifier" || facet == std::end(kFacets)) {
        return Status::InvalidArgument(
            "a facet (count, rank, domain, affiliation) belongs to a "
            "qualifier, not '" +
            std::string(fields[2]) + "'");
      }
      anon_facets_.Add(fields[0], static_cast<int>(facet->second));
    }
    std::span<const std::pair<std::string_view, int>> roles =
        titles ? std::span<const std::pair<std::string_view, int>>(kTitleRoles)
               : std::span<const std::pair<std::string_view, int>>(kAnonRoles);
    for (const auto& [role_name, role] : roles) {
      if (role_name == fields[1]) {
        (titles ? titles_ : anon_).Add(fields[0], role);
        return Status::Ok();
      }
    }
    return Status::InvalidArgument("unknown role '" + std::string(fields[1]) +
                                   "'");
  });
}

Status Lexicon::ParseGazetteer(const std::string& name,
                               const std::string& text) {
  return ForEachLine(name, text, [&](const auto& fields) -> Status {
    RETURN_IF_ERROR(FieldCount(fields, 4, 4));
    countries_.push_back({std::string(fields[0]), SplitList(fields[1]),
                          SplitList(fields[2]), SplitList(fields[3])});
    return Status::Ok();
  });
}

Status Lexicon::ParseOrganizations(const std::string& name,
                                   const std::string& text) {
  return ForEachLine(name, text, [&](const auto& fields) -> Status {
    RETURN_IF_ERROR(FieldCount(fields, 2, 4));
    const bool government = fields.size() > 3;
    if (government && fields[3] != "government") {
      return Status::InvalidArgument("the 4th field may only be 'government'");
    }
    if (government && fields[2].empty()) {
      return Status::InvalidArgument("a government body needs a country");
    }
    orgs_.push_back({std::string(fields[0]), SplitList(fields[1]),
                     fields.size() > 2 ? std::string(fields[2]) : "",
                     government});
    return Status::Ok();
  });
}

Status Lexicon::ParseWords(const std::string& name, const std::string& text) {
  static const std::pair<std::string_view, WordClass> kClasses[] = {
      {"pronoun-m", WordClass::kPronounM},
      {"pronoun-f", WordClass::kPronounF},
      {"pronoun-pl", WordClass::kPronounPl},
      {"pronoun-n", WordClass::kPronounN},
      {"pronoun-1", WordClass::kPronoun1},
      {"determiner", WordClass::kDeterminer},
      {"nonname", WordClass::kNonName},
      {"month", WordClass::kMonth},
      {"weekday", WordClass::kWeekday},
      {"abbrev", WordClass::kAbbreviation},
      {"orgword", WordClass::kOrgWord}};
  return ForEachLine(name, text, [&](const auto& fields) -> Status {
    RETURN_IF_ERROR(FieldCount(fields, 2, 2));
    for (const auto& [class_name, cls] : kClasses) {
      if (class_name == fields[1]) {
        words_.Add(fields[0], static_cast<int>(cls));
        return Status::Ok();
      }
    }
    return Status::InvalidArgument("unknown word class '" +
                                   std::string(fields[1]) + "'");
  });
}

// Builds the place table once every file is read: organizations first so
// that "Pentagon" stays an organization, then country names, capitals and
// demonyms.
Status Lexicon::Finish() {
  auto add = [&](const std::string& phrase, PlaceRef::Kind kind, int index) {
    if (places_.Find(phrase) >= 0) return;
    places_.Add(phrase, static_cast<int>(place_refs_.size()));
    place_refs_.push_back({kind, index});
  };
  for (size_t i = 0; i < orgs_.size(); ++i) {
    add(orgs_[i].name, PlaceRef::kOrganization, static_cast<int>(i));
    for (const auto& a : orgs_[i].aliases) {
      add(a, PlaceRef::kOrganization, static_cast<int>(i));
    }
  }
  for (size_t i = 0; i < countries_.size(); ++i) {
    const Country& c = countries_[i];
    int idx = static_cast<int>(i);
    add(c.name, PlaceRef::kCountryName, idx);
    for (const auto& a : c.aliases) add(a, PlaceRef::kCountryName, idx);
    for (const auto& a : c.capitals) add(a, PlaceRef::kCapital, idx);
    for (const auto& a : c.demonyms) add(a, PlaceRef::kDemonym, idx);
  }
  for (const Organization& o : orgs_) {
    if (o.country.empty()) continue;
    bool known =
        std::any_of(countries_.begin(), countries_.end(),
                    [&](const Country& c) { return c.name == o.country; });
    if (!known) {
      return Status::InvalidArgument("organizations.tsv: " + o.name +
                                     ": country '" + o.country +
                                     "' is not in gazetteer.tsv");
    }
  }
  return Status::Ok();
}

std::optional<CueClass> Lexicon::CueClassOf(std::string_view phrase) const {
  int index = cues_.Find(phrase);
  if (index < 0) return std::nullopt;
  return cue_entries_[index].cls;
}

std::optional<AnonFacet> Lexicon::AnonFacetOf(std::string_view phrase) const {
  const int v = anon_facets_.Find(phrase);
  if (v < 0) return std::nullopt;
  return static_cast<AnonFacet>(v);
}

std::optional<WordClass> Lexicon::WordClassOf(std::string_view word) const {
  int index = words_.Find(word);
  if (index < 0) return std::nullopt;
  return static_cast<WordClass>(index);
}

}  // namespace claimtrack::text
