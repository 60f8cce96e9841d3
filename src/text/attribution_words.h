// Closed-class words and bounds shared by the sentence attributor's files.
// These are grammar, not vocabulary: the open-class lists (cues, titles,
// places) are the lexicon files under data/lexicon/.
#ifndef CLAIMTRACK_TEXT_ATTRIBUTION_WORDS_H_
#define CLAIMTRACK_TEXT_ATTRIBUTION_WORDS_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "text/tokenizer.h"

namespace claimtrack::text::internal {

// Bounds that keep the work linear on hostile input (see FindAttributions).
inline constexpr uint32_t kMaxSentenceTokens = 1500;
inline constexpr size_t kMaxCuesPerSentence = 32;

// Closed-class glue the patterns need. These are grammar, not vocabulary:
// the open-class word lists live in data/lexicon/.
inline constexpr std::array<std::string_view, 53> kAuxiliaries = {
    "has",          "have",        "had",          "is",         "was",
    "were",         "are",         "will",         "would",      "could",
    "should",       "may",         "might",        "must",       "can",
    "did",          "does",        "do",           "also",       "later",
    "previously",   "once",        "then",         "repeatedly", "often",
    "recently",     "again",       "publicly",     "privately",  "already",
    "reportedly",   "been",        "never",        "not",        "cannot",
    "can't",        "won't",       "didn't",       "doesn't",    "don't",
    "hasn't",       "haven't",     "wasn't",       "isn't",      "can\u2019t",
    "won\u2019t",   "didn\u2019t", "doesn\u2019t", "don\u2019t", "hasn\u2019t",
    "haven\u2019t", "wasn\u2019t", "isn\u2019t"};

// Words that begin a clause: a source never extends to their left.
inline constexpr std::array<std::string_view, 36> kClauseStarts = {
    "that",  "which",   "who",     "whom",     "and",     "but",
    "or",    "because", "while",   "when",     "as",      "if",
    "after", "before",  "since",   "although", "though",  "where",
    "so",    "than",    "what",    "with",     "without", "whether",
    "how",   "why",     "nor",     "yet",      "until",   "unless",
    "once",  "even",    "whereas", "amid",     "despite", "like"};

// Words that start an adverbial after a cue ("said on Tuesday in a
// statement"), as opposed to the content.
inline constexpr std::array<std::string_view, 22> kAdverbialStarts = {
    "in",      "on",      "at",       "during",    "to",      "of",
    "about",   "from",    "after",    "before",    "last",    "this",
    "earlier", "later",   "today",    "yesterday", "tonight", "late",
    "via",     "through", "recently", "when"};

// Quantifiers that can open a source: "all the experts", "many Democrats".
inline constexpr std::array<std::string_view, 9> kQuantifiers = {
    "all", "many", "most", "some", "several", "both", "few", "other", "others"};

inline constexpr std::array<std::string_view, 14> kGerundPrepositions = {
    "against", "by", "for", "about", "after",   "before", "without",
    "of",      "in", "on",  "from",  "despite", "upon",   "at"};

inline constexpr std::array<std::string_view, 8> kModals = {
    "will", "would", "could", "should", "may", "might", "must", "can"};

inline constexpr std::array<std::string_view, 10> kSubordinators = {
    "as",     "because", "while",    "when",   "after",
    "before", "since",   "although", "though", "whereas"};

inline constexpr std::array<std::string_view, 19> kParentheticals = {
    "however",      "meanwhile",    "though",         "too",
    "also",         "instead",      "nonetheless",    "nevertheless",
    "moreover",     "in turn",      "for example",    "for instance",
    "for his part", "for her part", "for their part", "of course",
    "in fact",      "in addition",  "in response"};

// Words that end an object: "endorsed Clinton and praised ...".
inline constexpr std::array<std::string_view, 9> kObjectEnds = {
    "and",    "but",  "while", "because", "after",
    "before", "when", "since", "although"};

// Words that make a following -s form a plural noun: "news reports".
inline constexpr std::array<std::string_view, 14> kNounModifiers = {
    "news",  "media",   "phone",   "press", "key",  "recent", "new",
    "early", "initial", "further", "other", "more", "these",  "those"};

inline constexpr std::array<std::string_view, 12> kObjectPronouns = {
    "him",       "her",         "them",      "me",         "us",     "you",
    "reporters", "journalists", "lawmakers", "supporters", "voters", "it"};

template <size_t N>
inline bool InSet(const std::array<std::string_view, N>& set,
                  std::string_view w) {
  for (std::string_view s : set) {
    if (EqualsIgnoreCase(s, w)) return true;
  }
  return false;
}

inline bool EndsWith(std::string_view w, std::string_view suffix) {
  return w.size() > suffix.size() &&
         w.substr(w.size() - suffix.size()) == suffix;
}

}  // namespace claimtrack::text::internal

#endif  // CLAIMTRACK_TEXT_ATTRIBUTION_WORDS_H_
