#include "query/words.h"

#include "common/utf8.h"
#include "text/lexicon_data.h"
#include "text/terms.h"

namespace claimtrack::query {

namespace {

bool IsAsciiWordByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9');
}

bool IsClauseBreak(char c) {
  return c == ';' || c == ':' || c == '.' || c == '!' || c == '?';
}

// A non-ASCII code point that is a letter for our purposes: anything but
// the punctuation blocks text::ContentTerms also treats as separators.
bool IsWordCodePoint(char32_t cp) {
  if (cp < 0x80) return false;
  if (cp >= 0xA0 && cp <= 0xBF) return false;      // Latin-1 punctuation
  if (cp == 0xD7 || cp == 0xF7) return false;      // × ÷
  if (cp >= 0x2000 && cp <= 0x206F) return false;  // General Punctuation
  if (cp >= 0x20A0 && cp <= 0x20CF) return false;  // currency
  if (cp >= 0x3000 && cp <= 0x303F) return false;  // CJK punctuation
  return true;
}

}  // namespace

std::vector<Word> SplitWords(std::string_view text, uint32_t base) {
  std::vector<Word> words;
  size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80 && !IsAsciiWordByte(c)) {
      if (IsClauseBreak(static_cast<char>(c))) {
        // "U.S." and "3.5" are not clause breaks: a period between word
        // characters, or after a single capital.
        bool inner = c == '.' && i > 0 && i + 1 < text.size() &&
                     IsAsciiWordByte(text[i - 1]) &&
                     IsAsciiWordByte(text[i + 1]);
        bool initial = c == '.' && i > 0 && text[i - 1] >= 'A' &&
                       text[i - 1] <= 'Z' &&
                       (i < 2 || !IsAsciiWordByte(text[i - 2]));
        if (!inner && !initial) {
          Word w;
          w.span = {static_cast<uint32_t>(base + i),
                    static_cast<uint32_t>(base + i + 1)};
          w.lower = w.stem = std::string(1, static_cast<char>(c));
          w.clause_break = true;
          words.push_back(std::move(w));
        }
      }
      ++i;
      continue;
    }
    size_t start = i;
    std::string lower;
    while (i < text.size()) {
      unsigned char b = static_cast<unsigned char>(text[i]);
      if (b < 0x80) {
        if (IsAsciiWordByte(b)) {
          lower += static_cast<char>(b >= 'A' && b <= 'Z' ? b + 32 : b);
          ++i;
          continue;
        }
        if (b == '\'' && !lower.empty() && i + 1 < text.size() &&
            IsAsciiWordByte(text[i + 1])) {
          lower += '\'';
          ++i;
          continue;
        }
        break;
      }
      size_t len = utf8::SequenceLength(text, i);
      if (len == 0) break;
      char32_t cp = utf8::DecodeAt(text, i, len);
      if (cp == 0x2019 && !lower.empty() && i + len < text.size() &&
          IsAsciiWordByte(text[i + len])) {  // ’ inside a word
        lower += '\'';
        i += len;
        continue;
      }
      if (!IsWordCodePoint(cp)) break;
      lower.append(text.substr(i, len));
      i += len;
    }
    if (i == start) {  // an undecodable or separator code point
      size_t len = utf8::SequenceLength(text, i);
      i += len == 0 ? 1 : len;
      continue;
    }
    Word w;
    w.span = {static_cast<uint32_t>(base + start),
              static_cast<uint32_t>(base + i)};
    w.stem = text::StemTerm(lower);
    w.lower = std::move(lower);
    words.push_back(std::move(w));
  }
  return words;
}

void PhraseMatcher::Add(std::string_view phrase, int value) {
  std::vector<Word> words = SplitWords(phrase);
  if (words.empty() || words.size() > kMaxPhraseWords) return;
  std::string key;
  for (const Word& w : words) {
    if (!key.empty()) key += ' ';
    key += w.stem;
  }
  phrases_[key] = value;
  longest_ = std::max(longest_, words.size());
}

int PhraseMatcher::Find(std::string_view phrase) const {
  std::string key;
  for (const Word& w : SplitWords(phrase)) {
    if (!key.empty()) key += ' ';
    key += w.stem;
  }
  auto it = phrases_.find(key);
  return it == phrases_.end() ? -1 : it->second;
}

size_t PhraseMatcher::Longest(const std::vector<Word>& words, size_t pos,
                              int* value) const {
  std::string key;
  size_t best = 0;
  for (size_t n = 1; n <= longest_ && pos + n <= words.size(); ++n) {
    const Word& w = words[pos + n - 1];
    if (w.clause_break) break;
    if (n > 1) key += ' ';
    key += w.stem;
    auto it = phrases_.find(key);
    if (it != phrases_.end()) {
      best = n;
      *value = it->second;
    }
  }
  return best;
}

Status ForEachDataLine(
    std::string_view name, std::string_view text,
    const std::function<Status(std::string_view line,
                               const std::string& where)>& fn) {
  size_t line_no = 0;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text =
        nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    RETURN_IF_ERROR(
        fn(line, std::string(name) + ":" + std::to_string(line_no) + ": "));
  }
  return Status::Ok();
}

Result<std::string_view> EmbeddedDataFile(std::string_view name) {
  for (const text::EmbeddedFile& file : text::EmbeddedLexicons()) {
    if (file.name == name) return file.content;
  }
  return Status::NotFound(std::string(name) + " is not compiled in");
}

}  // namespace claimtrack::query
