// The mention finder: the countries, organizations and speaking persons a
// claim's content names (claimtrack::Mention), so that claims can be linked
// to what they are about as well as to who made them.
//
// Countries and organizations come from the lexicon's place table, the one
// the resolver reads sources with (gazetteer.tsv and organizations.tsv):
// names and aliases ("South Korea", "U.S.", "ROK", "NATO"), demonyms ("South
// Korean"), and capitals ("Seoul", "Washington"). A capital stands for its
// country's government the way the resolver takes a source "Seoul said":
// only when it stands alone, not inside a longer capitalised name
// ("Washington Post", "George Washington", "Seoul National University").
// Persons are the document's person speakers, found by full name or by
// surname. Every match starts on a capitalised word, so "china" the dishes
// and "turkey" the bird are not countries.
#ifndef CLAIMTRACK_TEXT_MENTIONS_H_
#define CLAIMTRACK_TEXT_MENTIONS_H_

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "claimtrack/claim.h"
#include "text/attributor.h"

namespace claimtrack::text {

class MentionFinder {
 public:
  // `person_names`: the canonical names of the document's person speakers
  // (repeats are fine). A name is matched whole, token by token, and by its
  // surname: the last word not ending in '.' ("Jr."), and also the first
  // word when the last is hyphenated, as in Korean names written family
  // name first ("Lee Jong-sup" -> "Lee"). A surname two speakers share is
  // ambiguous and dropped. Left out: one-word names (the resolver gives
  // that form to companies too, "Yukos said", and a person named in full
  // anywhere in the document has the full name as canonical name), names
  // the place table knows, that end in a country or organization name or
  // that hold an organization word (companies the resolver took for people:
  // "Air India", "Yukos USA", "Acme Holdings"; the price is the rare Michael
  // Jordan), names that are not capitalised words ("the secretary", "he"),
  // and surnames that are country or organization names or closed-class
  // words in words.tsv ("May" the month). A capital or demonym may be a
  // surname (Denzel Washington, Dawn French): a person wins over a place of
  // the same length. `doc` must outlive the finder.
  MentionFinder(const DocumentView& doc, std::vector<std::string> person_names);

  // Appends the mentions in the tokens of `range`, in text order, none
  // overlapping: at each word the longest match wins, a person over a place
  // of the same length.
  void FindIn(TokenRange range, std::vector<Mention>* out) const;

 private:
  struct PersonPattern {
    std::vector<std::string> tokens;  // as written in the text
    int person;                       // into names_
  };

  // Tokens the longest person pattern matches at `pos` (0 if none), before
  // `end`, and whose name it is in *person.
  int MatchPerson(uint32_t pos, uint32_t end, int* person) const;
  bool StandsAlone(uint32_t first, uint32_t end) const;

  const DocumentView& doc_;
  std::vector<std::string> names_;
  std::vector<PersonPattern> patterns_;
  // PhraseTable::TokenHash of a pattern's first token -> patterns.
  std::unordered_multimap<uint64_t, int> by_first_;
};

}  // namespace claimtrack::text

#endif  // CLAIMTRACK_TEXT_MENTIONS_H_
