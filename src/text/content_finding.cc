// Finding the content of a cue: where it starts after the cue, where it
// ends, and how quotations extend it.
#include <algorithm>

#include "text/attribution_words.h"
#include "text/sentence_attributor.h"

namespace claimtrack::text::internal {

// Skips an adverbial after the source and cue ("during his visit here
// Monday") up to its closing comma; returns the position after the comma,
// or `p` when there is no such adverbial.
uint32_t SentenceAttributor::SkipAdverbialToComma(uint32_t p) const {
  if (p >= end_ || !IsWord(p)) return p;
  if (!InSet(kAdverbialStarts, word(p)) &&
      doc_.lexicon.WordClassOf(word(p)) != WordClass::kWeekday)
    return p;
  uint32_t i = p;
  while (i < end_ && tok(i).kind != TokenKind::kComma &&
         tok(i).kind != TokenKind::kOpenQuote && i - p < 16) {
    ++i;
  }
  if (i < end_ && tok(i).kind == TokenKind::kComma) return i;
  return end_;
}

uint32_t SentenceAttributor::ContentStartAfter(const Cue& cue,
                                               uint32_t p) const {
  if (p < end_ && tok(p).kind == TokenKind::kColon) return p + 1;
  const bool object_verb = cue.recipient;
  const bool skippable =
      p < end_ && IsWord(p) &&
      (object_verb || InSet(kAdverbialStarts, word(p)) ||
       doc_.lexicon.WordClassOf(word(p)) == WordClass::kWeekday);
  if (!skippable) return p;
  // "said on Tuesday that", "told ABC's 'This Week' that": a that-clause
  // soon after, across an object or an adverbial only.
  for (uint32_t i = p; i < end_ && i < p + 12; ++i) {
    if (tok(i).kind == TokenKind::kStop) break;
    if (Is(i, "that") && !tok(i).cap) return i;
  }
  if (object_verb) {
    // After the object: a quotation set off by a comma or colon ("told the
    // crowd, ..."), or a clause opened by a subject pronoun ("told police
    // she was stressed").
    for (uint32_t i = p + 1; i < end_ && i < p + 8; ++i) {
      TokenKind k = tok(i).kind;
      if (k == TokenKind::kStop) break;
      if (k == TokenKind::kColon) return i + 1;
      if (k == TokenKind::kOpenQuote) {
        bool set_off = tok(i - 1).kind == TokenKind::kComma ||
                       tok(i - 1).kind == TokenKind::kColon;
        if (set_off) return i;
        break;
      }
      auto cls = doc_.lexicon.WordClassOf(word(i));
      bool subject = cls && *cls <= WordClass::kPronoun1 && !Is(i, "him") &&
                     !Is(i, "her") && !Is(i, "them") && !Is(i, "me") &&
                     !Is(i, "us") && !Is(i, "his") && !Is(i, "their");
      if (subject) return i;
    }
    // "told reporters the plan ...": skip a pronoun or a capitalised name.
    if (InSet(kObjectPronouns, word(p))) return p + 1;
    uint32_t i = p;
    if (Is(i, "the")) ++i;
    while (i < end_ && (tok(i).cap || tok(i).kind == TokenKind::kPossessive) &&
           IsWord(i))
      ++i;
    if (i > p) return i;
  }
  if (doc_.lexicon.WordClassOf(word(p)) == WordClass::kWeekday) return p + 1;
  return p;
}

// Cuts a content range at the first semicolon outside quotation marks: a
// new clause, often a new claim ("...; they only learned on Friday").
TokenRange SentenceAttributor::CutAtSemicolon(TokenRange r) const {
  for (uint32_t i = r.first; i < r.end; ++i) {
    if (tok(i).kind == TokenKind::kSemicolon && quote_of_[i] < 0 &&
        i > r.first) {
      return {r.first, i};
    }
  }
  return r;
}

// Drops edge punctuation that is not part of the content: a final stop,
// commas and dashes at the edges. Quote marks stay.
TokenRange SentenceAttributor::TrimContent(TokenRange r) const {
  auto edge = [&](uint32_t i) {
    TokenKind k = tok(i).kind;
    return k == TokenKind::kComma || k == TokenKind::kDash ||
           k == TokenKind::kColon || k == TokenKind::kSemicolon ||
           (k == TokenKind::kStop && word(i) == ".");
  };
  while (!r.empty() && edge(r.first)) ++r.first;
  while (!r.empty() && edge(r.end - 1)) --r.end;
  // A leftover conjunction at the end: "..., but".
  while (!r.empty() && !tok(r.end - 1).cap &&
         (Is(r.end - 1, "and") || Is(r.end - 1, "but"))) {
    --r.end;
    while (!r.empty() && edge(r.end - 1)) --r.end;
  }
  return r;
}

// The quotation that ends just before token `end` (its closing mark within
// the last two tokens), as a token range including the marks.
TokenRange SentenceAttributor::QuoteBefore(uint32_t end) const {
  for (uint32_t back = 1; back <= 2 && end >= back; ++back) {
    uint32_t i = end - back;
    int qi = quote_closing_at_[i];
    if (qi >= 0) {
      // A quotation continued from earlier paragraphs starts there.
      const Quote* head = &doc_.quotes[qi];
      while (head->continues >= 0) head = &doc_.quotes[head->continues];
      return {head->open, doc_.quotes[qi].close + 1};
    }
  }
  return {};
}

// Extends a content range that ends inside a quotation to that quotation's
// end (a quote running past the sentence, or a paragraph).
TokenRange SentenceAttributor::ExtendToQuote(TokenRange r) const {
  if (r.empty()) return r;
  int q = quote_of_[r.end - 1];
  if (q < 0) q = quote_of_[r.first];
  if (q < 0) return r;
  const Quote& quote = doc_.quotes[q];
  uint32_t end = quote.closed ? quote.close + 1 : quote.close;
  if (end > r.end && quote.open >= r.first - 1) r.end = end;
  return r;
}

}  // namespace claimtrack::text::internal
