// Splits document text into tokens: words, numbers, punctuation and quote
// marks, each a byte span into the immutable text. Paragraph breaks are
// marked on the token that follows them.
#ifndef CLAIMTRACK_TEXT_TOKENIZER_H_
#define CLAIMTRACK_TEXT_TOKENIZER_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "claimtrack/document.h"

namespace claimtrack::text {

class Lexicon;

enum class TokenKind : uint8_t {
  kWord,    // letters, digits, internal ' - . (U.S., don't, Jong-sup)
  kNumber,  // starts with a digit
  kComma,
  kStop,  // . ! ? (and …) that may end a sentence
  kColon,
  kSemicolon,
  kDash,        // — – ― and " - "
  kOpenQuote,   // “ ‘ « and a straight quote judged opening
  kCloseQuote,  // ” ’ » and a straight quote judged closing
  kOpenParen,
  kCloseParen,
  kPossessive,  // 's ’s after a word
  kOther,
};

struct Token {
  Span span;
  TokenKind kind = TokenKind::kOther;
  bool cap = false;         // a word starting with an upper-case letter
  bool para_break = false;  // a paragraph starts at this token
  bool line_break = false;  // a line break (of any kind) precedes it
  bool abbrev = false;      // a word whose final '.' is part of it
  bool single = false;      // a single quote mark (‘ ’ ')
};

// Tokenizes all of `text` (valid UTF-8). Paragraph breaks are blank lines,
// and single line breaks too unless the text is hard-wrapped (most lines of
// similar, typewriter width), as in newswire copy.
std::vector<Token> Tokenize(std::string_view text, const Lexicon& lexicon);

inline std::string_view TokenText(std::string_view text, const Token& t) {
  return t.span.In(text);
}

// ASCII case-insensitive equality.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace claimtrack::text

#endif  // CLAIMTRACK_TEXT_TOKENIZER_H_
