// Content terms: the stemmed words that say what a piece of text is about,
// so that two claims can be compared by subject ("Seoul should send weapons
// to Ukraine" and "Ukraine needs weapons" share "weapon" and "ukrain") and a
// query like `--about "weapons Ukraine"` can find both.
//
// Terms are the words of the text, lower-cased (ASCII), with possessive 's
// dropped, stopwords (data/lexicon/stopwords.tsv) and words shorter than
// three bytes and pure numbers removed, each reduced by StemTerm(). They are
// a bag of stems, not an index of positions: no spans.
//
// Everything here is a pure function of its input and the stopword list
// compiled into the library; all of it is thread-safe.
#ifndef CLAIMTRACK_TEXT_TERMS_H_
#define CLAIMTRACK_TEXT_TERMS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "claimtrack/status.h"

namespace claimtrack::text {

// The sorted, unique stems of the content words of `text` (UTF-8).
//
// Words are maximal runs of ASCII letters and digits and of non-ASCII code
// points other than punctuation, symbols and spaces (Latin-1 punctuation,
// the General Punctuation block, currency signs, CJK punctuation), so
// "Séoul" and "서울" are words while “ ” — … separate them. An apostrophe (' or
// ’) between two word characters joins them ("don't", "O'Brien"; ’ is kept
// as '); a final "'s" is dropped ("Austin's" -> "austin"). Hyphens and
// periods separate ("Jong-sup" -> "jong", "sup"; "U.S." -> nothing left).
std::vector<std::string> ContentTerms(std::string_view text);

// The light stemmer ContentTerms applies to a lower-case word that is not a
// stopword. Only words of ASCII letters a-z longer than three letters change;
// anything else is returned as is. The steps, in order:
//   1. Words in a short keep-list ("news", "series", "goods", "arms", ...)
//      are not touched: stripping them would merge different words.
//   2. Plural: "-ies" -> "-y" (policies -> policy; "ties" -> "tie" when
//      short); else a final "s" goes unless the word ends in "ss", "us" or
//      "is" (weapons -> weapon; class, virus, crisis stay).
//   3. Verb endings: "-ing" (words of 5+ letters) or "-ed" (4+) go when
//      what remains has a vowel (bring, shed stay); a doubled final
//      consonant is undoubled (stopping -> stop, but adding -> add since
//      "ad" would be too short); a two-letter remainder gets its "e" back
//      (using -> use, died -> die); "-ied" -> "-y" (denied -> deny); "-eed"
//      loses only its "d", and only after 3+ letters (agreed -> agree,
//      need stays).
//   4. A final "e" goes (not "ee", not from words under four letters), so
//      that the forms with and without it meet: urge, urged, urges and
//      urging all give "urg"; force and forces give "forc".
// No "-ly", "-er", "-ment" or "-ion" rules: they merge too much (family,
// Italy, supply; power, report). Stems are keys, not words: "ukrain",
// "peac" are expected.
std::string StemTerm(std::string_view lower_word);

// Whether `lower_word` (lower-case, ’ written as ') is in the built-in
// stopword list.
bool IsStopword(std::string_view lower_word);

// Reads a stopword list (the format of data/lexicon/stopwords.tsv: one word
// a line of a-z and ', '#' comments, blank lines) and appends its words to
// *words. Fails with InvalidArgument naming "<name>:<line>" for a malformed
// or repeated entry. The built-in list is read with it once, on first use;
// a test checks that it parses.
Status ParseStopwords(std::string_view name, std::string_view text,
                      std::vector<std::string_view>* words);

// A stable 32-bit hash of a stem: FNV-1a over its bytes (offset basis
// 2166136261, prime 16777619). Term hashes are stored on disk: DO NOT CHANGE.
uint32_t TermHash(std::string_view stem);

// The sorted, unique TermHash of each term (collisions merge).
std::vector<uint32_t> TermHashes(const std::vector<std::string>& terms);

// Both take sorted, unique vectors (as TermHashes returns); on anything else
// the results are meaningless.
//
// The number of values in both.
size_t SharedTerms(const std::vector<uint32_t>& a,
                   const std::vector<uint32_t>& b);
// The Dice coefficient 2|A∩B| / (|A| + |B|), in [0, 1]; 0 when either is
// empty.
double TermSimilarity(const std::vector<uint32_t>& a,
                      const std::vector<uint32_t>& b);

}  // namespace claimtrack::text

#endif  // CLAIMTRACK_TEXT_TERMS_H_
