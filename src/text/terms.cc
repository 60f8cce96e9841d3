#include "text/terms.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

#include "common/utf8.h"
#include "text/lexicon_data.h"

namespace claimtrack::text {

namespace {

constexpr std::string_view kStopwordFile = "stopwords.tsv";

// Words whose plural-looking or verb-looking ending is part of the word, or
// whose stripped form is a different word (news/new, goods/good, arms/arm).
constexpr std::array<std::string_view, 7> kKeep = {
    "news", "series", "species", "goods", "arms", "means", "customs"};

constexpr bool IsAsciiAlnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9');
}

bool IsVowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

bool HasVowel(std::string_view s) {
  return std::any_of(s.begin(), s.end(), IsVowel);
}

// Non-ASCII code points that separate words rather than spell them.
bool IsSeparator(char32_t cp) {
  return (cp >= 0x80 && cp <= 0xBF) ||  // Latin-1 punctuation, symbols, NBSP
         cp == 0xD7 || cp == 0xF7 ||    // × ÷
         (cp >= 0x2000 && cp <= 0x206F) ||  // General Punctuation
         (cp >= 0x20A0 && cp <= 0x20CF) ||  // currency signs
         (cp >= 0x3000 && cp <= 0x303F) ||  // CJK punctuation
         cp == 0xFEFF;                      // byte order mark
}

// ASCII bytes: which are word characters, and their lower case.
struct AsciiTable {
  bool word[128];
  char lower[128];
  constexpr AsciiTable() : word(), lower() {
    for (int c = 0; c < 128; ++c) {
      word[c] = IsAsciiAlnum(static_cast<unsigned char>(c));
      lower[c] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
  }
};
constexpr AsciiTable kAscii;

// What the byte sequence at text[i] is to the word splitter.
enum class CharClass { kWord, kApostrophe, kSeparator };

CharClass ClassAt(std::string_view text, size_t i, size_t* len) {
  const auto c = static_cast<unsigned char>(text[i]);
  *len = 1;
  if (c < 0x80) {
    if (c == '\'') return CharClass::kApostrophe;
    return IsAsciiAlnum(c) ? CharClass::kWord : CharClass::kSeparator;
  }
  *len = utf8::SequenceLength(text, i);
  if (*len == 0) {  // ill-formed: skip the byte
    *len = 1;
    return CharClass::kSeparator;
  }
  const char32_t cp = utf8::DecodeAt(text, i, *len);
  if (cp == 0x2019 || cp == 0x02BC) return CharClass::kApostrophe;  // ’ ʼ
  return IsSeparator(cp) ? CharClass::kSeparator : CharClass::kWord;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.substr(s.size() - suffix.size()) == suffix;
}

// Step 3 of StemTerm: the first `stem` bytes of *word are what is left of
// it without its "-ing" or "-ed".
void StripVerbEnding(size_t stem, bool ed, std::string* word) {
  // bring, shed: the ending is the word
  if (!HasVowel(std::string_view(*word).substr(0, stem))) return;
  word->resize(stem);
  if (stem == 2) {  // using -> use, died -> die
    word->push_back('e');
    return;
  }
  const char last = word->back();
  if (ed && last == 'i') {  // denied -> deny
    word->back() = 'y';
  } else if (stem >= 4 && last == (*word)[stem - 2] &&
             std::string_view("bdgmnprt").find(last) != std::string::npos) {
    word->pop_back();  // stopping -> stop; adding keeps "add"
  }
}

// StemTerm in place: *word is lower-case.
void Stem(std::string* word) {
  if (word->size() <= 3 ||
      !std::all_of(word->begin(), word->end(),
                   [](char c) { return c >= 'a' && c <= 'z'; }) ||
      std::find(kKeep.begin(), kKeep.end(), *word) != kKeep.end()) {
    return;
  }
  // 2. Plurals.
  if (EndsWith(*word, "ies")) {
    if (word->size() >= 5) {
      word->resize(word->size() - 3);
      word->push_back('y');
    } else {
      word->pop_back();  // ties -> tie
    }
  } else if (word->back() == 's' && !EndsWith(*word, "ss") &&
             !EndsWith(*word, "us") && !EndsWith(*word, "is")) {
    word->pop_back();
  }
  // 3. Verb endings.
  const size_t n = word->size();
  if (n >= 5 && EndsWith(*word, "ing")) {
    StripVerbEnding(n - 3, false, word);
  } else if (n >= 4 && EndsWith(*word, "eed")) {
    if (n >= 6) word->pop_back();  // agreed -> agree; need stays
  } else if (n >= 4 && EndsWith(*word, "ed")) {
    StripVerbEnding(n - 2, true, word);
  }
  // 4. A final "e".
  if (word->size() >= 4 && word->back() == 'e' &&
      (*word)[word->size() - 2] != 'e') {
    word->pop_back();
  }
}

// The stopwords, in an open-addressing table keyed by TermHash: a look-up
// is a hash over the word's bytes and, nearly always, one comparison, with
// no node to follow as in a std::unordered_set.
class StopwordSet {
 public:
  // `words` point into the embedded file, which outlives the set.
  explicit StopwordSet(const std::vector<std::string_view>& words) {
    size_t slots = 16;
    while (slots < 4 * words.size()) slots *= 2;
    slots_.assign(slots, std::string_view());
    mask_ = slots - 1;
    for (std::string_view w : words) {
      size_t i = TermHash(w) & mask_;
      while (!slots_[i].empty() && slots_[i] != w) i = (i + 1) & mask_;
      slots_[i] = w;
      longest_ = std::max(longest_, w.size());
    }
  }

  bool Contains(std::string_view word) const {
    if (word.empty() || word.size() > longest_) return false;
    for (size_t i = TermHash(word) & mask_;; i = (i + 1) & mask_) {
      if (slots_[i].empty()) return false;
      if (slots_[i] == word) return true;
    }
  }

 private:
  std::vector<std::string_view> slots_;
  size_t mask_ = 0;
  size_t longest_ = 0;
};

// Built once from the file compiled into the library. A malformed line (the
// lexicon test keeps there being none) ends the list there.
const StopwordSet& Stopwords() {
  static const StopwordSet kSet = [] {
    std::vector<std::string_view> words;
    for (const EmbeddedFile& f : EmbeddedLexicons()) {
      if (f.name == kStopwordFile) {
        static_cast<void>(ParseStopwords(f.name, f.content, &words));
      }
    }
    return StopwordSet(words);
  }();
  return kSet;
}

// The terms of one text as they are found: their bytes side by side, and
// for each its place and its first eight bytes as a number (zero-padded,
// so that a term sorts before its extensions, as its bytes do), by which
// most pairs sort without comparing the strings; equal numbers compare the
// bytes. Offsets are 32-bit, as spans are.
// Sorting these small records, then making the strings, rather than sorting
// the strings (whose comparisons and moves were half of ContentTerms), and
// the stopword table above took ContentTerms over Reuters-21578, in pieces
// of 200 bytes, from 0.29 to 0.19 s.
class TermList {
 public:
  explicit TermList(size_t text_bytes) { bytes_.reserve(text_bytes); }

  // Adds `word` (lower-case, apostrophes as ') when it is a term.
  void Add(std::string* word) {
    if (EndsWith(*word, "'s")) word->resize(word->size() - 2);
    if (word->size() < 3) return;
    if (std::all_of(word->begin(), word->end(),
                    [](char c) { return c >= '0' && c <= '9'; })) {
      return;
    }
    if (IsStopword(*word)) return;
    Stem(word);
    uint64_t prefix = 0;
    for (size_t k = 0; k < 8; ++k) {
      prefix = prefix << 8 |
               (k < word->size() ? static_cast<unsigned char>((*word)[k]) : 0);
    }
    refs_.push_back({prefix, static_cast<uint32_t>(bytes_.size()),
                     static_cast<uint32_t>(word->size())});
    bytes_.append(*word);
  }

  // The terms, sorted and unique.
  std::vector<std::string> Take() {
    std::sort(refs_.begin(), refs_.end(), [this](const Ref& a, const Ref& b) {
      if (a.prefix != b.prefix) return a.prefix < b.prefix;
      return View(a) < View(b);
    });
    std::vector<std::string> terms;
    terms.reserve(refs_.size());
    for (const Ref& r : refs_) {
      if (terms.empty() || terms.back() != View(r)) terms.emplace_back(View(r));
    }
    return terms;
  }

 private:
  struct Ref {
    uint64_t prefix;
    uint32_t begin;
    uint32_t size;
  };

  std::string_view View(const Ref& r) const {
    return std::string_view(bytes_).substr(r.begin, r.size);
  }

  std::string bytes_;
  std::vector<Ref> refs_;
};

}  // namespace

std::vector<std::string> ContentTerms(std::string_view text) {
  // ASCII letters and digits, the bulk of most text, are read by table;
  // everything else through ClassAt.
  TermList terms(text.size());
  std::string word;
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    const auto c = static_cast<unsigned char>(text[i]);
    size_t len = 1;
    if (c < 0x80 ? !kAscii.word[c]
                 : ClassAt(text, i, &len) != CharClass::kWord) {
      i += len;
      continue;
    }
    word.clear();
    while (i < n) {
      const size_t run = i;
      while (i < n && static_cast<unsigned char>(text[i]) < 0x80 &&
             kAscii.word[static_cast<unsigned char>(text[i])]) {
        ++i;
      }
      if (i > run) {
        for (size_t k = run; k < i; ++k) {
          word.push_back(kAscii.lower[static_cast<unsigned char>(text[k])]);
        }
        continue;
      }
      const CharClass cls = ClassAt(text, i, &len);
      if (cls == CharClass::kWord) {  // a non-ASCII letter
        word.append(text.substr(i, len));
        i += len;
        continue;
      }
      // An apostrophe joins only when a word character follows.
      size_t next_len;
      if (cls == CharClass::kApostrophe && i + len < n &&
          ClassAt(text, i + len, &next_len) == CharClass::kWord) {
        word.push_back('\'');
        i += len;
        continue;
      }
      break;
    }
    terms.Add(&word);
  }
  return terms.Take();
}

std::string StemTerm(std::string_view lower_word) {
  std::string word(lower_word);
  Stem(&word);
  return word;
}

bool IsStopword(std::string_view lower_word) {
  return Stopwords().Contains(lower_word);
}

Status ParseStopwords(std::string_view name, std::string_view text,
                      std::vector<std::string_view>* words) {
  std::unordered_set<std::string_view> seen;
  size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    const size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    const auto where = [&] {
      return std::string(name) + ":" + std::to_string(line_no) + ": ";
    };
    if (!std::all_of(line.begin(), line.end(), [](char c) {
          return (c >= 'a' && c <= 'z') || c == '\'';
        })) {
      return Status::InvalidArgument(
          where() + "'" + std::string(line) +
          "' is not one lower-case word of a-z and '");
    }
    if (!seen.insert(line).second) {
      return Status::InvalidArgument(where() + "'" + std::string(line) +
                                     "' is listed twice");
    }
    words->push_back(line);
  }
  return Status::Ok();
}

uint32_t TermHash(std::string_view stem) {
  // FNV-1a, 32 bits. DO NOT CHANGE: term hashes are stored on disk.
  uint32_t h = 2166136261u;
  for (const char c : stem) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619u;
  }
  return h;
}

std::vector<uint32_t> TermHashes(const std::vector<std::string>& terms) {
  std::vector<uint32_t> hashes;
  hashes.reserve(terms.size());
  for (const std::string& t : terms) hashes.push_back(TermHash(t));
  std::sort(hashes.begin(), hashes.end());
  hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
  return hashes;
}

size_t SharedTerms(const std::vector<uint32_t>& a,
                   const std::vector<uint32_t>& b) {
  size_t shared = 0;
  auto i = a.begin(), j = b.begin();
  while (i != a.end() && j != b.end()) {
    if (*i < *j) {
      ++i;
    } else if (*j < *i) {
      ++j;
    } else {
      ++shared;
      ++i;
      ++j;
    }
  }
  return shared;
}

double TermSimilarity(const std::vector<uint32_t>& a,
                      const std::vector<uint32_t>& b) {
  if (a.empty() || b.empty()) return 0.0;
  return 2.0 * static_cast<double>(SharedTerms(a, b)) /
         static_cast<double>(a.size() + b.size());
}

}  // namespace claimtrack::text
