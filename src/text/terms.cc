#include "text/terms.h"

#include <algorithm>
#include <array>
#include <unordered_set>

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

// Step 3 of StemTerm: `stem` is what is left of `word` without its "-ing"
// or "-ed".
void StripVerbEnding(std::string_view stem, bool ed, std::string* word) {
  if (!HasVowel(stem)) return;  // bring, shed: the ending is the word
  std::string out(stem);        // a copy: `stem` points into *word
  if (out.size() == 2) {        // using -> use, died -> die
    out.push_back('e');
    *word = std::move(out);
    return;
  }
  const char last = out.back();
  if (ed && last == 'i') {  // denied -> deny
    out.back() = 'y';
  } else if (out.size() >= 4 && last == out[out.size() - 2] &&
             std::string_view("bdgmnprt").find(last) != std::string::npos) {
    out.pop_back();  // stopping -> stop; adding keeps "add"
  }
  *word = std::move(out);
}

struct StopwordSet {
  std::vector<std::string_view> words;  // into the embedded file
  std::unordered_set<std::string_view> set;
};

// Built once from the file compiled into the library. A malformed line (the
// lexicon test keeps there being none) ends the list there.
const StopwordSet& Stopwords() {
  static const StopwordSet kSet = [] {
    StopwordSet s;
    for (const EmbeddedFile& f : EmbeddedLexicons()) {
      if (f.name == kStopwordFile) {
        static_cast<void>(ParseStopwords(f.name, f.content, &s.words));
      }
    }
    s.set.insert(s.words.begin(), s.words.end());
    return s;
  }();
  return kSet;
}

// Appends the term for `word` (lower-case, apostrophes as '), if it is one.
void AddTerm(std::string* word, std::vector<std::string>* terms) {
  if (EndsWith(*word, "'s")) word->resize(word->size() - 2);
  if (word->size() < 3) return;
  if (std::all_of(word->begin(), word->end(),
                  [](char c) { return c >= '0' && c <= '9'; })) {
    return;
  }
  if (IsStopword(*word)) return;
  terms->push_back(StemTerm(*word));
}

}  // namespace

std::vector<std::string> ContentTerms(std::string_view text) {
  // ASCII letters and digits, the bulk of most text, are read by table;
  // everything else through ClassAt.
  std::vector<std::string> terms;
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
    AddTerm(&word, &terms);
  }
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  return terms;
}

std::string StemTerm(std::string_view lower_word) {
  std::string word(lower_word);
  if (word.size() <= 3 ||
      !std::all_of(word.begin(), word.end(),
                   [](char c) { return c >= 'a' && c <= 'z'; }) ||
      std::find(kKeep.begin(), kKeep.end(), lower_word) != kKeep.end()) {
    return word;
  }
  // 2. Plurals.
  if (EndsWith(word, "ies")) {
    if (word.size() >= 5) {
      word.resize(word.size() - 3);
      word.push_back('y');
    } else {
      word.pop_back();  // ties -> tie
    }
  } else if (word.back() == 's' && !EndsWith(word, "ss") &&
             !EndsWith(word, "us") && !EndsWith(word, "is")) {
    word.pop_back();
  }
  // 3. Verb endings.
  const std::string_view w = word;
  if (w.size() >= 5 && EndsWith(w, "ing")) {
    StripVerbEnding(w.substr(0, w.size() - 3), false, &word);
  } else if (w.size() >= 4 && EndsWith(w, "eed")) {
    if (w.size() >= 6) word.pop_back();  // agreed -> agree; need stays
  } else if (w.size() >= 4 && EndsWith(w, "ed")) {
    StripVerbEnding(w.substr(0, w.size() - 2), true, &word);
  }
  // 4. A final "e".
  if (word.size() >= 4 && word.back() == 'e' && word[word.size() - 2] != 'e') {
    word.pop_back();
  }
  return word;
}

bool IsStopword(std::string_view lower_word) {
  return Stopwords().set.contains(lower_word);
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
