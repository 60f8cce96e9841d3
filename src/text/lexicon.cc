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

size_t PhraseTable::FirstTokens::SlotOf(uint64_t hash) const {
  // Fibonacci hashing: the top bits of the product mix all of the hash's.
  return static_cast<size_t>((hash * 0x9E3779B97F4A7C15ULL) >> shift_);
}

int PhraseTable::FirstTokens::Get(uint64_t hash) const {
  if (slots_.empty()) return 0;
  const size_t mask = slots_.size() - 1;
  for (size_t i = SlotOf(hash);; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.tokens == 0) return 0;
    if (slot.hash == hash) return slot.tokens;
  }
}

void PhraseTable::FirstTokens::Raise(uint64_t hash, int tokens) {
  if (tokens <= 0) return;
  if (2 * (used_ + 1) > slots_.size()) {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 64 : 2 * old.size(), Slot());
    shift_ = 64 - std::countr_zero(slots_.size());
    used_ = 0;
    for (const Slot& slot : old) {
      if (slot.tokens > 0) Raise(slot.hash, slot.tokens);
    }
  }
  const size_t mask = slots_.size() - 1;
  for (size_t i = SlotOf(hash);; i = (i + 1) & mask) {
    Slot& slot = slots_[i];
    if (slot.tokens == 0) {
      slot = {hash, tokens};
      ++used_;
      return;
    }
    if (slot.hash == hash) {
      slot.tokens = std::max(slot.tokens, tokens);
      return;
    }
  }
}

void PhraseTable::Add(std::string_view phrase, int value) {
  std::string key;
  int tokens = 0;
  uint64_t first_hash = 0;
  for (std::string_view t : Split(phrase, ' ')) {
    if (t.empty()) continue;
    if (!key.empty()) key.push_back(' ');
    AppendLower(t, &key);
    if (tokens == 0) first_hash = TokenHash(t);
    ++tokens;
  }
  if (key.empty()) return;
  map_.emplace(std::move(key), value);  // first entry wins
  first_.Raise(first_hash, tokens);
}

int PhraseTable::Longest(std::span<const std::string_view> tokens, size_t pos,
                         int* value) const {
  if (pos >= tokens.size()) return 0;
  return LongestFrom(TokenHash(tokens[pos]), tokens, pos, value);
}

int PhraseTable::Longest(std::span<const std::string_view> tokens,
                         std::span<const uint64_t> hashes, size_t pos,
                         int* value) const {
  if (pos >= tokens.size() || pos >= hashes.size()) return 0;
  return LongestFrom(hashes[pos], tokens, pos, value);
}

int PhraseTable::LongestFrom(uint64_t first_hash,
                             std::span<const std::string_view> tokens,
                             size_t pos, int* value) const {
  const int longest = first_.Get(first_hash);
  if (longest == 0) return 0;
  thread_local std::string key;
  key.clear();
  int best = 0;
  for (int n = 0; n < longest && pos + n < tokens.size(); ++n) {
    if (n > 0) key.push_back(' ');
    AppendLower(tokens[pos + n], &key);
    auto it = map_.find(std::string_view(key));
    if (it != map_.end()) {
      best = n + 1;
      *value = it->second;
    }
  }
  return best;
}

int PhraseTable::Find(std::string_view phrase) const {
  // A single word that starts no phrase is no phrase: one integer lookup
  // answers most calls without building a key.
  if (phrase.find(' ') == std::string_view::npos &&
      first_.Get(TokenHash(phrase)) == 0) {
    return -1;
  }
  thread_local std::string key;
  key.clear();
  AppendLower(phrase, &key);
  auto it = map_.find(std::string_view(key));
  return it == map_.end() ? -1 : it->second;
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
