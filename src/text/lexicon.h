// The extractor's lexicons (formats in schema/lexicon.md), loaded once and
// read-only afterwards, so one Lexicon may be shared by many threads.
#ifndef CLAIMTRACK_TEXT_LEXICON_H_
#define CLAIMTRACK_TEXT_LEXICON_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "claimtrack/status.h"

namespace claimtrack::text {

// Phrases of lowercased tokens mapped to an integer payload; finds the
// longest phrase that starts at a token position.
class PhraseTable {
 public:
  // `phrase` is split on spaces and lowercased (ASCII) before storing.
  void Add(std::string_view phrase, int value);
  // Length in tokens of the longest phrase at tokens[pos] (0 if none), and
  // its payload in *value. `tokens` are raw (any case).
  int Longest(std::span<const std::string_view> tokens, size_t pos,
              int* value) const;
  // The same, with each token's TokenHash() computed once by the caller.
  int Longest(std::span<const std::string_view> tokens,
              std::span<const uint64_t> hashes, size_t pos, int* value) const;
  // Lower-case (ASCII) FNV-1a hash of a token, as Longest() uses.
  static uint64_t TokenHash(std::string_view token);
  // Payload of the exact phrase (any case, single spaces), or -1.
  int Find(std::string_view phrase) const;
  size_t size() const { return map_.size(); }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const {
      return std::hash<std::string_view>()(s);
    }
  };
  int LongestFrom(uint64_t first_hash, std::span<const std::string_view> tokens,
                  size_t pos, int* value) const;

  // First tokens of the phrases (their TokenHash) -> the most tokens a
  // phrase starting with it has. Most tokens start no phrase, and this
  // answers that in one integer lookup, without building a key: open
  // addressing in a power-of-two table at most half full, so a miss
  // usually reads one slot (std::unordered_map's bucket lists, a division
  // and a pointer chase, were 3% of extraction's instructions).
  class FirstTokens {
   public:
    // The most tokens recorded for `hash`, 0 for none.
    int Get(uint64_t hash) const;
    // Records `tokens` for `hash` if more than recorded.
    void Raise(uint64_t hash, int tokens);

   private:
    struct Slot {
      uint64_t hash = 0;
      int tokens = 0;  // 0: empty
    };
    size_t SlotOf(uint64_t hash) const;
    std::vector<Slot> slots_;
    size_t used_ = 0;
    int shift_ = 64;  // 64 - log2(slots_.size())
  };

  std::unordered_map<std::string, int, Hash, std::equal_to<>> map_;
  FirstTokens first_;
};

// DO NOT reorder: eval output and tests name these.
enum class CueClass { kSpeech, kBelief, kReport, kAccording, kNoun };
// kOffice: a head naming a national government office (President,
// Defense Minister, Secretary of State); it counts as a head.
enum class TitleRole { kHead, kModifier, kHonorific, kOffice };
enum class AnonRole { kHead, kQualifier, kFamiliar, kReason };
// What a qualifier of an unnamed source tells about it.
enum class AnonFacet { kCount, kRank, kDomain, kAffiliation };
enum class WordClass {
  kPronounM,
  kPronounF,
  kPronounPl,
  kPronounN,
  kPronoun1,
  kDeterminer,
  kNonName,
  kMonth,
  kWeekday,
  kAbbreviation,  // ends in '.', which then does not end a sentence
  kOrgWord,       // marks an organization's name: Institute, Ministry
};

struct CueEntry {
  std::string lemma;
  CueClass cls;
  bool object_frame = false;  // content is an object, not a clause
  bool recipient = false;     // a listener precedes the content: "told X"
};

struct Country {
  std::string name;
  std::vector<std::string> aliases, capitals, demonyms;
};

struct Organization {
  std::string name;
  std::vector<std::string> aliases;
  std::string country;      // may be empty
  bool government = false;  // a body of the country's government
};

// What a place-like phrase refers to.
struct PlaceRef {
  enum Kind { kCountryName, kCapital, kDemonym, kOrganization } kind;
  int index;  // into countries() or organizations()
};

class Lexicon {
 public:
  struct NamedText {
    std::string name;  // "cues.tsv"
    std::string text;
  };

  // The lexicons compiled into the library.
  static Result<std::unique_ptr<Lexicon>> Builtin();
  // The *.tsv files of `dir` (all six must be present).
  static Result<std::unique_ptr<Lexicon>> FromDirectory(const std::string& dir);
  // Parses the given files; errors name "<file>:<line>".
  static Result<std::unique_ptr<Lexicon>> FromFiles(
      const std::vector<NamedText>& files);

  const PhraseTable& cues() const { return cues_; }
  const CueEntry& cue(int index) const { return cue_entries_[index]; }
  // The class of a cue phrase as written ("said", "according to"), if known.
  std::optional<CueClass> CueClassOf(std::string_view phrase) const;

  const PhraseTable& titles() const { return titles_; }   // payload: TitleRole
  const PhraseTable& anonymous() const { return anon_; }  // payload: AnonRole
  // The facet of a qualifier phrase (any case, single spaces), if listed.
  std::optional<AnonFacet> AnonFacetOf(std::string_view phrase) const;
  const PhraseTable& places() const { return places_; }  // payload: place_refs
  const PlaceRef& place_ref(int index) const { return place_refs_[index]; }
  const std::vector<Country>& countries() const { return countries_; }
  const std::vector<Organization>& organizations() const { return orgs_; }

  // Class of a single closed-class word (any case), if listed.
  std::optional<WordClass> WordClassOf(std::string_view word) const;

 private:
  Lexicon() = default;
  Status Parse(const std::string& name, const std::string& text);
  Status ParseCues(const std::string& name, const std::string& text);
  Status ParseRoles(const std::string& name, const std::string& text);
  Status ParseGazetteer(const std::string& name, const std::string& text);
  Status ParseOrganizations(const std::string& name, const std::string& text);
  Status ParseWords(const std::string& name, const std::string& text);
  Status Finish();

  PhraseTable cues_;
  std::vector<CueEntry> cue_entries_;
  PhraseTable titles_;
  PhraseTable anon_;
  PhraseTable anon_facets_;  // payload: AnonFacet
  PhraseTable places_;
  std::vector<PlaceRef> place_refs_;
  std::vector<Country> countries_;
  std::vector<Organization> orgs_;
  PhraseTable words_;
};

}  // namespace claimtrack::text

#endif  // CLAIMTRACK_TEXT_LEXICON_H_
