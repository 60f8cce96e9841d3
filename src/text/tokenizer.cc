#include "text/tokenizer.h"

#include <algorithm>
#include <string>

#include "text/lexicon.h"

namespace claimtrack::text {

namespace {

bool IsAsciiAlnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9');
}

// Length of the UTF-8 sequence that starts with `lead` (1 for stray bytes).
size_t SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if ((lead >> 3) == 0x1E) return 4;
  return 1;
}

// Non-ASCII characters the tokenizer treats as punctuation or space. Anything
// else outside ASCII counts as a letter (é, ß, Hangul, ...).
enum class Special {
  kNone,
  kSpace,
  kOpenQ,
  kCloseQ,
  kOpenS,
  kCloseS,
  kDash,
  kEllipsis,
  kOther
};

Special Classify(std::string_view text, size_t i, size_t len) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data() + i);
  if (len == 2 && p[0] == 0xC2) {
    switch (p[1]) {
      case 0xA0:
        return Special::kSpace;  // no-break space
      case 0xAB:
        return Special::kOpenQ;  // «
      case 0xBB:
        return Special::kCloseQ;  // »
      default:
        return Special::kOther;
    }
  }
  if (len == 3 && p[0] == 0xE2 && p[1] == 0x80) {
    switch (p[2]) {
      case 0x9C:
        return Special::kOpenQ;  // “
      case 0x9D:
        return Special::kCloseQ;  // ”
      case 0x9E:
        return Special::kOpenQ;  // „
      case 0x98:
        return Special::kOpenS;  // ‘
      case 0x99:
        return Special::kCloseS;  // ’
      case 0x93:
      case 0x94:
      case 0x95:
        return Special::kDash;  // – — ―
      case 0xA6:
        return Special::kEllipsis;  // …
      // Thin, hair, narrow and zero-width spaces, and the bidirectional
      // marks and embeddings (LRM, RLM, LRE..RLO): invisible separators.
      case 0x89:
      case 0x8A:
      case 0xAF:
      case 0x8B:
      case 0x8E:
      case 0x8F:
      case 0xAA:
      case 0xAB:
      case 0xAC:
      case 0xAD:
      case 0xAE:
        return Special::kSpace;
      default:
        return Special::kOther;
    }
  }
  if (len == 3 && p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) {
    return Special::kSpace;  // ideographic space
  }
  if (len == 3 && ((p[0] == 0xE2 && p[1] == 0x81 && p[2] >= 0xA6 &&
                    p[2] <= 0xA9) ||  // bidi isolates
                   (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF))) {  // BOM
    return Special::kSpace;
  }
  return Special::kNone;
}

// True when the text is hard-wrapped, as newswire copy is: many lines of
// some length end mid-sentence. Single newlines are then wraps, and only
// blank or indented lines start paragraphs.
bool LooksHardWrapped(std::string_view text) {
  int lines = 0, wrapped = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) {
      line.remove_suffix(1);
    }
    if (!line.empty()) {
      ++lines;
      char last = line.back();
      bool ends_sentence = last == '.' || last == '?' || last == '!' ||
                           last == ':' || last == '"' ||
                           static_cast<unsigned char>(last) >= 0x80;
      if (line.size() >= 30 && !ends_sentence) ++wrapped;
    }
    start = end + 1;
  }
  return lines >= 4 && wrapped * 5 >= lines * 2;
}

bool IsAbbreviation(std::string_view word_with_dot, const Lexicon& lex) {
  if (word_with_dot.size() == 2) return true;  // an initial: "J."
  if (word_with_dot.substr(0, word_with_dot.size() - 1).find('.') !=
      std::string_view::npos) {
    return true;  // U.S., a.m.
  }
  return lex.WordClassOf(word_with_dot).has_value() ||
         lex.titles().Find(word_with_dot) >= 0;
}

}  // namespace

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x += 32;
    if (y >= 'A' && y <= 'Z') y += 32;
    if (x != y) return false;
  }
  return true;
}

std::vector<Token> Tokenize(std::string_view text, const Lexicon& lexicon) {
  std::vector<Token> tokens;
  tokens.reserve(text.size() / 5 + 16);
  const bool hard_wrapped = LooksHardWrapped(text);
  bool para_pending = true, line_pending = false;
  int newlines = 0;
  const size_t n = text.size();
  size_t i = 0;

  auto push = [&](size_t begin, size_t end, TokenKind kind) -> Token& {
    Token t;
    t.span = {static_cast<uint32_t>(begin), static_cast<uint32_t>(end)};
    t.kind = kind;
    t.para_break = para_pending;
    t.line_break = line_pending || para_pending;
    para_pending = line_pending = false;
    newlines = 0;
    tokens.push_back(t);
    return tokens.back();
  };
  auto prev_is_space = [&](size_t pos) {
    if (pos == 0) return true;
    unsigned char c = text[pos - 1];
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '(' || c == '[')
      return true;
    if (!tokens.empty()) {
      TokenKind k = tokens.back().kind;
      if (tokens.back().span.end == pos &&
          (k == TokenKind::kDash || k == TokenKind::kOpenQuote))
        return true;
    }
    return pos >= 2 && text[pos - 2] == '\xC2' && c == 0xA0;
  };

  while (i < n) {
    unsigned char c = text[i];
    if (c == '\n') {
      ++newlines;
      // A blank line, or an indented line in wrapped copy, starts a paragraph.
      size_t j = i + 1;
      while (j < n && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r'))
        ++j;
      bool indented = j - (i + 1) >= 2;
      if (newlines >= 2 || !hard_wrapped || indented) para_pending = true;
      line_pending = true;
      ++i;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' ||
        c == 0) {
      ++i;
      continue;
    }
    size_t len = std::min(SequenceLength(c), n - i);
    Special sp = c < 0x80 ? Special::kNone : Classify(text, i, len);
    if (sp == Special::kSpace) {
      i += len;
      continue;
    }
    if (IsAsciiAlnum(c) || (c >= 0x80 && sp == Special::kNone)) {
      // A word: letters and digits, joined by - . ' ’ & when a letter or
      // digit follows.
      size_t j = i;
      size_t segment_start = i;
      while (j < n) {
        unsigned char d = text[j];
        size_t dl = std::min(SequenceLength(d), n - j);
        if (IsAsciiAlnum(d)) {
          ++j;
          continue;
        }
        if (d >= 0x80) {
          Special ds = Classify(text, j, dl);
          if (ds == Special::kNone) {
            j += dl;
            continue;
          }
          if (ds == Special::kCloseS && j + dl < n &&
              IsAsciiAlnum(text[j + dl])) {
            // ’ inside a word: don’t; but ’s ends the word (possessive).
            bool poss = (text[j + dl] == 's' || text[j + dl] == 'S') &&
                        (j + dl + 1 >= n || !IsAsciiAlnum(text[j + dl + 1]));
            if (poss) break;
            j += dl;
            continue;
          }
          break;
        }
        if (d == ',' && j + 3 < n && text[j - 1] >= '0' && text[j - 1] <= '9' &&
            text[j + 1] >= '0' && text[j + 1] <= '9') {
          ++j;  // 28,500
          continue;
        }
        if (d == '/' && j + 1 < n && text[j - 1] >= '0' && text[j - 1] <= '9' &&
            text[j + 1] >= '0' && text[j + 1] <= '9') {
          ++j;  // 9/11, 24/7
          continue;
        }
        if ((d == '-' || d == '.' || d == '\'' || d == '&') && j + 1 < n &&
            IsAsciiAlnum(text[j + 1])) {
          if (d == '\'' && (text[j + 1] == 's' || text[j + 1] == 'S') &&
              (j + 2 >= n || !IsAsciiAlnum(text[j + 2]))) {
            break;  // possessive 's
          }
          if (d == '-' || d == '/') segment_start = j + 1;
          if (d == '.') {
            // Only U.S.-like initials and decimals keep an inner dot.
            bool digits = text[j - 1] >= '0' && text[j - 1] <= '9' &&
                          text[j + 1] >= '0' && text[j + 1] <= '9';
            if (!digits && j - segment_start != 1) break;
            segment_start = j + 1;
          }
          ++j;
          continue;
        }
        break;
      }
      // "47%": a percentage is one token.
      if (c >= '0' && c <= '9' && j < n && text[j] == '%') ++j;
      // Keep a final '.' when the word is an abbreviation.
      bool abbrev = false;
      if (j < n && text[j] == '.' &&
          IsAbbreviation(text.substr(i, j + 1 - i), lexicon)) {
        ++j;
        abbrev = true;
      }
      Token& t = push(
          i, j, (c >= '0' && c <= '9') ? TokenKind::kNumber : TokenKind::kWord);
      // Upper case: ASCII, or Latin-1 capitals (À..Þ, encoded C3 80..C3 9E).
      t.cap = (c >= 'A' && c <= 'Z') ||
              (c == 0xC3 && j > i + 1 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9E);
      t.abbrev = abbrev;
      i = j;
      continue;
    }
    // Possessive 's / ’s right after a word.
    if (!tokens.empty() && tokens.back().span.end == i &&
        tokens.back().kind == TokenKind::kWord) {
      size_t ap = (c == '\'') ? 1 : (sp == Special::kCloseS ? len : 0);
      if (ap && i + ap < n && (text[i + ap] == 's' || text[i + ap] == 'S') &&
          (i + ap + 1 >= n || !IsAsciiAlnum(text[i + ap + 1]))) {
        push(i, i + ap + 1, TokenKind::kPossessive);
        i += ap + 1;
        continue;
      }
    }
    TokenKind kind = TokenKind::kOther;
    bool single = false;
    switch (sp) {
      case Special::kOpenQ:
        kind = TokenKind::kOpenQuote;
        break;
      case Special::kCloseQ:
        // A right mark opening a paragraph or a word is a mistyped left one.
        kind = prev_is_space(i) && i + len < n && text[i + len] != ' ' &&
                       text[i + len] != '\n'
                   ? TokenKind::kOpenQuote
                   : TokenKind::kCloseQuote;
        break;
      case Special::kOpenS:
        kind = TokenKind::kOpenQuote;
        single = true;
        break;
      case Special::kCloseS:
        kind = TokenKind::kCloseQuote;
        single = true;
        break;
      case Special::kDash:
        kind = TokenKind::kDash;
        break;
      case Special::kEllipsis:
        kind = TokenKind::kOther;
        break;
      default:
        switch (c) {
          case ',':
            kind = TokenKind::kComma;
            break;
          case '.':
          case '!':
          case '?':
            kind = TokenKind::kStop;
            break;
          case ':':
            kind = TokenKind::kColon;
            break;
          case ';':
            kind = TokenKind::kSemicolon;
            break;
          case '(':
          case '[':
            kind = TokenKind::kOpenParen;
            break;
          case ')':
          case ']':
            kind = TokenKind::kCloseParen;
            break;
          case '-':
            kind = TokenKind::kDash;
            break;
          case '"':
          case '\'':
            // Two apostrophes stand for a double quote in some archives.
            if (c == '\'' && i + 1 < n && text[i + 1] == '\'') {
              kind = prev_is_space(i) ? TokenKind::kOpenQuote
                                      : TokenKind::kCloseQuote;
              len = 2;
              break;
            }
            single = c == '\'';
            kind = prev_is_space(i) ? TokenKind::kOpenQuote
                                    : TokenKind::kCloseQuote;
            break;
          default:
            kind = TokenKind::kOther;
        }
    }
    // Runs of dots ("...") are one token that does not end a sentence.
    if (c == '.' && i + 1 < n && text[i + 1] == '.') {
      size_t j = i;
      while (j < n && text[j] == '.') ++j;
      push(i, j, TokenKind::kOther);
      i = j;
      continue;
    }
    Token& t = push(i, i + len, kind);
    t.single = single;
    i += len;
  }
  return tokens;
}

}  // namespace claimtrack::text
