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
  size_t size() const { return phrases_.size(); }

 private:
  // Open addressing on 64-bit hashes in a power-of-two table at most half
  // full, so that a miss usually reads one slot (std::unordered_map's
  // bucket lists, a division and a pointer chase, were 3% of extraction's
  // instructions). Entries may share a hash.
  template <typename T>
  class HashSlots {
   public:
    // The first entry added with `hash` for which match(entry) holds, or
    // null.
    template <typename Match>
    T* Find(uint64_t hash, Match match) {
      return FindIn(*this, hash, match);
    }
    template <typename Match>
    const T* Find(uint64_t hash, Match match) const {
      return FindIn(*this, hash, match);
    }
    void Add(uint64_t hash, T entry);

   private:
    struct Slot {
      uint64_t hash = 0;
      bool used = false;
      T entry{};
    };
    // Both Finds: `Self` is HashSlots or const HashSlots, and the entry
    // found as const as it.
    template <typename Self, typename Match>
    static auto FindIn(Self& self, uint64_t hash, Match match)
        -> decltype(&self.slots_[0].entry) {
      if (self.slots_.empty()) return nullptr;
      const size_t mask = self.slots_.size() - 1;
      for (size_t i = self.SlotOf(hash);; i = (i + 1) & mask) {
        auto& slot = self.slots_[i];
        if (!slot.used) return nullptr;
        if (slot.hash == hash && match(slot.entry)) return &slot.entry;
      }
    }
    size_t SlotOf(uint64_t hash) const {
      // Fibonacci hashing: the top bits of the product mix all of the
      // hash's.
      return static_cast<size_t>((hash * 0x9E3779B97F4A7C15ULL) >> shift_);
    }
    std::vector<Slot> slots_;
    size_t used_ = 0;
    int shift_ = 64;  // 64 - log2(slots_.size())
  };

  struct Phrase {
    std::string key;  // lowercased tokens, single spaces
    int value = 0;
  };

  // The hash of a phrase of tokens whose TokenHash are h1, h2, ...:
  // Fold(...Fold(h1, h2)..., hn); a phrase of one token's is h1.
  static uint64_t Fold(uint64_t phrase_hash, uint64_t token_hash) {
    return (phrase_hash * 0x100000001b3ULL) ^ token_hash;
  }
  // Whether tokens[pos, pos + n), lowercased and joined by spaces, are
  // `key`.
  static bool Spells(std::string_view key,
                     std::span<const std::string_view> tokens, size_t pos,
                     size_t n);
  int LongestFrom(uint64_t first_hash, std::span<const std::string_view> tokens,
                  std::span<const uint64_t> hashes, size_t pos,
                  int* value) const;

  // A phrase is looked up by its hash alone (Fold), from the tokens'
  // hashes, which the caller computes once per document, and then checked
  // against its text: no key is built, lowercased and hashed again for
  // each length tried at each position (that was 15% of extraction).
  std::vector<Phrase> phrases_;         // in Add order, each key once
  HashSlots<uint32_t> phrase_by_hash_;  // index into phrases_
  // First tokens of the phrases (their TokenHash) -> the most tokens a
  // phrase starting with it has. Most tokens start no phrase, and this
  // answers that in one integer lookup.
  HashSlots<int> first_;
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
