#include "text/segmenter.h"

#include "text/lexicon.h"

namespace claimtrack::text {

namespace {

bool IsCloser(const Token& t) {
  return t.kind == TokenKind::kCloseQuote || t.kind == TokenKind::kCloseParen;
}

// Whether a sentence may start at token `t` after a full stop.
bool CanStartSentence(std::string_view text, const Token& t) {
  if (t.para_break) return true;
  switch (t.kind) {
    case TokenKind::kWord:
      return t.cap;
    case TokenKind::kNumber:
    case TokenKind::kOpenQuote:
    case TokenKind::kOpenParen:
    case TokenKind::kDash:
      return true;
    default:
      return false;
  }
}

// After an abbreviation ("U.S."), a sentence ends only before a word that
// cannot continue a name: "The", "He", "But".
bool EndsAfterAbbreviation(std::string_view text, const Token& next,
                           const Lexicon& lex) {
  if (next.para_break) return true;
  if (next.kind != TokenKind::kWord || !next.cap) return false;
  auto cls = lex.WordClassOf(TokenText(text, next));
  return cls && (*cls <= WordClass::kPronoun1 ||
                 *cls == WordClass::kDeterminer || *cls == WordClass::kNonName);
}

// Whether the paragraph [first, end) ends like prose: with . ! ? … or a
// closing quote or bracket after them.
bool EndsLikeProse(std::string_view text, const std::vector<Token>& tokens,
                   uint32_t first, uint32_t end) {
  uint32_t i = end;
  while (i > first && IsCloser(tokens[i - 1])) --i;
  if (i == first) return i < end;  // only closers: a quote fragment
  const Token& last = tokens[i - 1];
  if (last.kind == TokenKind::kStop) return true;
  if (last.abbrev) return true;
  std::string_view s = TokenText(text, last);
  return s == "\xE2\x80\xA6" || (s.size() >= 3 && s.substr(0, 3) == "...");
}

uint32_t CountWords(const std::vector<Token>& tokens, uint32_t first,
                    uint32_t end) {
  uint32_t words = 0;
  for (uint32_t i = first; i < end; ++i) {
    if (tokens[i].kind == TokenKind::kWord) ++words;
  }
  return words;
}

bool HasQuote(const std::vector<Token>& tokens, uint32_t first, uint32_t end) {
  for (uint32_t i = first; i < end; ++i) {
    if ((tokens[i].kind == TokenKind::kOpenQuote ||
         tokens[i].kind == TokenKind::kCloseQuote) &&
        !tokens[i].single)
      return true;
  }
  return false;
}

bool IsChrome(std::string_view text, const std::vector<Token>& tokens,
              const Paragraph& p, uint32_t sentences) {
  const Token& first = tokens[p.first_token];
  if (TokenText(text, first) == "*") return true;  // footer note
  if (!EndsLikeProse(text, tokens, p.first_token, p.end_token)) {
    // Headlines, breadcrumbs, weather and date lines. A quoted fragment
    // left open continues into the next paragraph, so keep those.
    return !HasQuote(tokens, p.first_token, p.end_token) ||
           CountWords(tokens, p.first_token, p.end_token) < 4;
  }
  // A one-sentence question without quotes: an inserted headline.
  const Token& last = tokens[p.end_token - 1];
  return sentences == 1 && TokenText(text, last) == "?" &&
         !HasQuote(tokens, p.first_token, p.end_token);
}

}  // namespace

Segmentation Segment(std::string_view text, const std::vector<Token>& tokens,
                     const Lexicon& lexicon) {
  Segmentation seg;
  const uint32_t n = static_cast<uint32_t>(tokens.size());
  uint32_t para_start = 0, sent_start = 0;

  auto close_sentence = [&](uint32_t end) {
    if (end > sent_start) {
      seg.sentences.push_back(
          {sent_start, end, static_cast<uint32_t>(seg.paragraphs.size())});
    }
    sent_start = end;
  };
  auto close_paragraph = [&](uint32_t end) {
    close_sentence(end);
    if (end <= para_start) return;
    Paragraph p;
    p.first_token = para_start;
    p.end_token = end;
    p.end_sentence = static_cast<uint32_t>(seg.sentences.size());
    p.first_sentence = p.end_sentence;
    while (p.first_sentence > 0 &&
           seg.sentences[p.first_sentence - 1].paragraph ==
               seg.paragraphs.size())
      --p.first_sentence;
    p.chrome = IsChrome(text, tokens, p, p.end_sentence - p.first_sentence);
    seg.paragraphs.push_back(p);
    para_start = end;
  };

  for (uint32_t i = 0; i < n; ++i) {
    if (tokens[i].para_break && i > para_start) close_paragraph(i);
    const Token& t = tokens[i];
    bool stop = t.kind == TokenKind::kStop ||
                (t.abbrev && i + 1 < n &&
                 EndsAfterAbbreviation(text, tokens[i + 1], lexicon));
    if (!stop) continue;
    uint32_t end = i + 1;
    while (end < n && IsCloser(tokens[end]) && !tokens[end].para_break) ++end;
    if (end < n && !tokens[end].para_break &&
        !CanStartSentence(text, tokens[end]))
      continue;
    close_sentence(end);
    i = end - 1;
  }
  close_paragraph(n);
  return seg;
}

}  // namespace claimtrack::text
