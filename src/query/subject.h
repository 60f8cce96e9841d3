// What a query is about: the words of `--about`, each standing for a group
// of synonyms (data/lexicon/synonyms.tsv: "weapons" also finds arms,
// munitions, lethal aid, defense goods ...) or for a country (any of its
// names, capitals or demonyms: "Japan" finds "Japanese" and "Tokyo"), or
// else for itself (stemmed). Stopwords are ignored.
#ifndef CLAIMTRACK_QUERY_SUBJECT_H_
#define CLAIMTRACK_QUERY_SUBJECT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "claimtrack/status.h"
#include "query/words.h"
#include "text/lexicon.h"

namespace claimtrack::query {

// The synonym groups of a synonyms.tsv.
class Synonyms {
 public:
  static Result<std::unique_ptr<Synonyms>> Builtin();
  // Errors name "<name>:<line>".
  static Result<std::unique_ptr<Synonyms>> Parse(std::string_view name,
                                                 std::string_view text);

  struct Group {
    std::string name;
    std::vector<std::string> phrases;
  };
  const std::vector<Group>& groups() const { return groups_; }
  const PhraseMatcher& phrases() const { return all_; }  // value: group

 private:
  std::vector<Group> groups_;
  PhraseMatcher all_;
};

class Subject {
 public:
  // An empty `about` gives an empty subject, which matches nothing and is
  // never asked to: callers treat it as "everything".
  static Result<Subject> Parse(std::string_view about,
                               const text::Lexicon& lexicon,
                               const Synonyms& synonyms);

  bool empty() const { return groups_.empty(); }
  size_t size() const { return groups_.size(); }
  // "weapons (arms, munitions, ...) + Ukraine (country: names, capital,
  // demonym)".
  std::string Describe() const;
  // The group names, in query order.
  std::vector<std::string> Names() const;

  // The groups `words` name, as a bit mask (bit i: group i), marking the
  // subject words in *marks (resized to words.size()) when non-null.
  uint32_t Match(const std::vector<Word>& words,
                 std::vector<bool>* marks) const;
  // The country groups among entity names (a claim's mentions, holders).
  uint32_t MatchEntityName(std::string_view canonical_name) const;
  // The stems of the subject's one-word phrases and, for a country, of its
  // one-word names and demonyms: the keys of the term index (63) to scan.
  // With topical_only, countries are left out.
  std::vector<std::string> TermStems(const text::Lexicon& lexicon,
                                     bool topical_only = false) const;
  // The groups that are not countries.
  uint32_t TopicalMask() const;
  uint32_t all() const {
    return groups_.size() >= 32 ? ~0u : (1u << groups_.size()) - 1;
  }

 private:
  struct Group {
    std::string name;
    std::string country;  // a country group: its canonical name
    PhraseMatcher phrases;
    std::vector<std::string> phrase_list;
    std::vector<std::string> shown;  // for Describe
  };
  const text::Lexicon* lexicon_ = nullptr;
  std::vector<Group> groups_;
};

}  // namespace claimtrack::query

#endif  // CLAIMTRACK_QUERY_SUBJECT_H_
