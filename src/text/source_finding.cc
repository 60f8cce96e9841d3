// Finding the source of a cue: left of it, right of it (inverted), across
// appositives, relative clauses and asides, or the sentence's subject.
#include <algorithm>

#include "text/attribution_words.h"
#include "text/sentence_attributor.h"

namespace claimtrack::text::internal {

// A past or present-tense verb directly before "that": "insisted that".
bool SentenceAttributor::IsThatComplementVerb(uint32_t i) const {
  if (i + 1 >= end_ || !Is(i + 1, "that") || tok(i + 1).cap || tok(i).cap ||
      quote_of_[i] >= 0)
    return false;
  std::string_view w = word(i);
  if (!(EndsWith(w, "ed") || EndsWith(w, "es"))) return false;
  // Not after "so", "such", nor a participle modifying a noun ("the need
  // that"): the word before must be a possible subject or auxiliary.
  if (i == first_) return false;
  const Token& prev = tok(i - 1);
  return prev.kind == TokenKind::kWord || prev.kind == TokenKind::kCloseParen ||
         prev.kind == TokenKind::kComma;
}

// The noun-phrase-like run that ends at token `last`, going left until a
// clause boundary.
TokenRange SentenceAttributor::RunLeft(uint32_t last) const {
  uint32_t i = last + 1;
  int words = 0;
  while (i > first_) {
    uint32_t k = i - 1;
    // "Rep. Stephen Lynch (D-Mass.) said": step over the parenthesis.
    if (tok(k).kind == TokenKind::kCloseParen) {
      uint32_t open = k;
      while (open > first_ && k - open < 10 &&
             tok(open).kind != TokenKind::kOpenParen)
        --open;
      if (tok(open).kind != TokenKind::kOpenParen || open == first_) break;
      i = open;
      continue;
    }
    if (!IsWord(k)) break;
    // "Austin and Lee each emphasized": names joined by "and".
    if (Is(k, "and") && k > first_ && tok(k - 1).cap && i <= last &&
        tok(i).cap) {
      i = k;
      continue;
    }
    if (tok(k).kind == TokenKind::kWord && InSet(kClauseStarts, word(k)) &&
        !tok(k).cap) {
      // "people familiar with the matter" is one source.
      int v;
      bool familiar = k > first_ &&
                      doc_.lexicon.anonymous().Longest(doc_.words, doc_.hashes,
                                                       k - 1, &v) == 2 &&
                      v == static_cast<int>(AnonRole::kFamiliar);
      if (!familiar) break;
    }
    if (tok(k).kind == TokenKind::kWord && !tok(k).cap && IsCueAt(k)) break;
    // A subject pronoun opens the clause: "told police she stressed".
    auto cls = doc_.lexicon.WordClassOf(word(k));
    if (cls && *cls <= WordClass::kPronoun1 &&
        (Is(k, "he") || Is(k, "she") || Is(k, "they") || Is(k, "we") ||
         Is(k, "i"))) {
      i = k;
      break;
    }
    if (++words > 14) return {};
    i = k;
  }
  // Drop a sentence-initial conjunction, preposition or adverb written
  // with a capital: "But", "In", "However".
  while (i <= last && tok(i).cap && !InSet(kQuantifiers, word(i)) &&
         (InSet(kClauseStarts, word(i)) ||
          doc_.lexicon.WordClassOf(word(i)) == WordClass::kNonName))
    ++i;
  return {i, last + 1};
}

// Whether a run can be a source: it names someone (a capitalised word, a
// pronoun, or a determiner with a noun), and is not a long clause.
bool SentenceAttributor::LooksLikeSource(TokenRange r) const {
  if (r.empty() || r.end - r.first > 14) return false;
  const uint32_t f = r.first;
  if (tok(f).cap || tok(f).kind == TokenKind::kNumber) return true;
  // "retired Air Force general Lloyd Newton": a name closes the run.
  if (tok(r.end - 1).cap && r.end - f >= 2) return true;
  auto cls = doc_.lexicon.WordClassOf(word(f));
  if (cls && (*cls == WordClass::kDeterminer || *cls <= WordClass::kPronoun1)) {
    return true;
  }
  int v = -1;
  if (doc_.lexicon.anonymous().Longest(doc_.words, doc_.hashes, f, &v) > 0 &&
      (v == static_cast<int>(AnonRole::kHead) ||
       v == static_cast<int>(AnonRole::kQualifier))) {
    return true;
  }
  if (InSet(kQuantifiers, word(f))) return true;
  // "critics say", "senior economists said": a short plural noun phrase.
  return r.end - f <= 2 && EndsWith(word(r.end - 1), "s") &&
         !InSet(kAdverbialStarts, word(f));
}

TokenRange SentenceAttributor::LeftSource(const Cue& cue,
                                          TokenRange* appositive) const {
  uint32_t k = cue.range.first;
  while (k > first_ && tok(k - 1).kind == TokenKind::kWord && !tok(k - 1).cap &&
         InSet(kAuxiliaries, word(k - 1)))
    --k;
  if (k == first_) return {};
  uint32_t last = k - 1;
  // "Clarke, who told reporters ...": the relative pronoun stands for the
  // source; the resolver finds what it refers to.
  if ((Is(last, "who") || Is(last, "which")) && last > first_) return {last, k};
  if (IsWord(last) || tok(last).kind == TokenKind::kCloseParen) {
    TokenRange run = RunLeft(last);
    if (LooksLikeSource(run)) return run;
    // "Senior advisers who have run the numbers argue": the relative
    // clause belongs to the source.
    if (!run.empty() && run.end - run.first <= 8 && run.first >= first_ + 2 &&
        Is(run.first - 1, "who") && IsWord(run.first - 2)) {
      TokenRange head = RunLeft(run.first - 2);
      if (LooksLikeSource(head)) return {head.first, run.end};
    }
    return {};
  }
  if (tok(last).kind == TokenKind::kDash) {
    // "Jason Sims — a teacher from Mount Pleasant — says".
    uint32_t open = last;
    while (open > first_ && tok(open - 1).kind != TokenKind::kDash &&
           last - open < 20)
      --open;
    if (open <= first_ + 1 || tok(open - 1).kind != TokenKind::kDash ||
        !IsWord(open - 2))
      return {};
    TokenRange run = RunLeft(open - 2);
    if (!LooksLikeSource(run)) return {};
    *appositive = {open, last};
    return run;
  }
  if (tok(last).kind != TokenKind::kComma) return {};
  // "Herzog, a senior researcher at X, wrote", "Scott Pruitt, the attorney
  // general of Oklahoma, one of the states suing, said", "The campaign
  // chairman, Phil Lovas, said": walk back over comma-separated segments to
  // the nearest one that names someone.
  uint32_t seg_end = last;  // the comma closing the current segment
  for (int segments = 0; segments < 4; ++segments) {
    uint32_t j = SegmentStart(seg_end);
    if (j == seg_end) return {};
    // "Proponents of the bill, however, say": an adverb set off by commas.
    // "Democratic economists, like their Republican counterparts, say": a
    // comparison set off the same way.
    bool comparison = Is(j, "like") || Is(j, "unlike") || Is(j, "including");
    if (segments == 0 && (seg_end - j <= 3 || comparison) && j >= first_ + 2 &&
        tok(j - 1).kind == TokenKind::kComma && IsWord(j - 2) &&
        (comparison || IsParenthetical({j, seg_end}))) {
      TokenRange run = RunLeft(j - 2);
      if (LooksLikeSource(run)) return run;
      return {};
    }
    bool opens_clause = j == first_ || tok(j - 1).kind == TokenKind::kComma ||
                        tok(j - 1).kind == TokenKind::kCloseQuote ||
                        tok(j - 1).kind == TokenKind::kDash;
    if (!opens_clause) return {};
    // "The official, who spoke on condition of anonymity, said": a short
    // description followed by a relative clause or an appositive.
    bool described =
        segments > 0 && seg_end + 1 < last &&
        (Is(seg_end + 1, "who") || Is(seg_end + 1, "which") ||
         Is(seg_end + 1, "a") || Is(seg_end + 1, "an") ||
         Is(seg_end + 1, "the")) &&
        seg_end - j <= 6 &&
        doc_.lexicon.WordClassOf(word(j)) == WordClass::kDeterminer &&
        LooksLikeSource({j, seg_end});
    // "Clinton's opponent, Vermont Sen. Bernie Sanders, said": the name
    // right before the cue, after a description.
    bool named_after_description = segments == 0 && j >= first_ + 2 &&
                                   tok(j - 1).kind == TokenKind::kComma &&
                                   IsNameLike({j, seg_end}) &&
                                   !IsNameLike({SegmentStart(j - 1), j - 1});
    if (named_after_description) {
      *appositive = {SegmentStart(j - 1), j - 1};
      return {j, seg_end};
    }
    if (segments > 0 && (IsNameLike({j, seg_end}) || described)) {
      *appositive = {seg_end + 1, last};
      while (j < seg_end && tok(j).cap &&
             doc_.lexicon.WordClassOf(word(j)) == WordClass::kNonName &&
             !Is(j, "the"))
        ++j;  // "But Megan Hester" names Megan Hester
      return {j, seg_end};
    }
    if (j == first_ || tok(j - 1).kind != TokenKind::kComma) return {};
    seg_end = j - 1;
  }
  return {};
}

// The start of the run of words (and parentheses: "Jim Jordan (R-Ohio)")
// that ends before token `end`.
uint32_t SentenceAttributor::SegmentStart(uint32_t end) const {
  uint32_t j = end;
  while (j > first_) {
    if (IsWord(j - 1)) {
      --j;
    } else if (tok(j - 1).kind == TokenKind::kCloseParen) {
      uint32_t open = j - 1;
      while (open > first_ && j - open < 10 &&
             tok(open).kind != TokenKind::kOpenParen)
        --open;
      if (tok(open).kind != TokenKind::kOpenParen) break;
      j = open;
    } else {
      break;
    }
  }
  return j;
}

// For a cue inside a quotation left open ('"We will win, Smith said.'):
// whether it reads as the attribution that should have closed it, a comma
// followed by a name and the cue, or by the cue and a name.
bool SentenceAttributor::EndsUnclosedQuote(uint32_t i) const {
  const Quote& q = doc_.quotes[quote_of_[i]];
  if (q.closed) return false;
  uint32_t k = i;
  while (k > first_ && k + 4 > i && tok(k - 1).cap && IsWord(k - 1)) --k;
  if (k > first_ && k < i && tok(k - 1).kind == TokenKind::kComma) return true;
  return i > first_ && tok(i - 1).kind == TokenKind::kComma && i + 1 < end_ &&
         tok(i + 1).cap;
}

// Whether token i lies inside a phrase that states a reason for anonymity.
bool SentenceAttributor::InsideReasonPhrase(uint32_t i) const {
  for (uint32_t start = i >= first_ + 4 ? i - 4 : first_; start <= i; ++start) {
    int v = -1;
    int len =
        doc_.lexicon.anonymous().Longest(doc_.words, doc_.hashes, start, &v);
    if (len > 0 && v == static_cast<int>(AnonRole::kReason) && start + len > i)
      return true;
  }
  return false;
}

// An adverbial aside: "however", "for his part", "in turn".
bool SentenceAttributor::IsParenthetical(TokenRange r) const {
  std::string text;
  for (uint32_t i = r.first; i < r.end; ++i) {
    if (!text.empty()) text += ' ';
    for (char c : word(i)) text += (c >= 'A' && c <= 'Z') ? c + 32 : c;
  }
  return InSet(kParentheticals, text);
}

// A short capitalised run that can name a source: "Phil Lovas", "The New
// York Times", "Sen. Claire McCaskill".
bool SentenceAttributor::IsNameLike(TokenRange r) const {
  if (r.empty() || r.end - r.first > 10) return false;
  uint32_t i = r.first;
  while (i < r.end && tok(i).cap &&
         doc_.lexicon.WordClassOf(word(i)) == WordClass::kNonName &&
         EqualsIgnoreCase(word(i), "the") == false)
    ++i;  // "But Megan Hester"
  if (i < r.end && doc_.lexicon.WordClassOf(word(i)) == WordClass::kDeterminer)
    ++i;
  if (i >= r.end || !tok(i).cap) return false;
  auto cls = doc_.lexicon.WordClassOf(word(i));
  if (cls && *cls != WordClass::kMonth && *cls != WordClass::kOrgWord &&
      *cls != WordClass::kAbbreviation)
    return false;
  int depth = 0;
  for (uint32_t k = i; k < r.end; ++k) {
    if (tok(k).kind == TokenKind::kOpenParen) ++depth;
    if (tok(k).kind == TokenKind::kCloseParen) --depth;
    if (depth == 0 && !tok(k).cap && tok(k).kind == TokenKind::kWord &&
        doc_.lexicon.titles().Find(word(k)) < 0 && !Is(k, "of") &&
        !Is(k, "and"))
      return false;
  }
  return true;
}

// The source after an inverted verb: `"...," said the official, who ...`.
TokenRange SentenceAttributor::RightSource(const Cue& cue) const {
  uint32_t i = cue.range.end;
  uint32_t start = i;
  while (i < end_ && IsWord(i) &&
         !(InSet(kClauseStarts, word(i)) && !tok(i).cap) && i - start < 12) {
    ++i;
  }
  // "said Rep. G.K. Butterfield (D-N.C.)": a parenthesis after the name.
  if (i > start && i < end_ && tok(i).kind == TokenKind::kOpenParen) {
    uint32_t close = i;
    while (close < end_ && close - i < 10 &&
           tok(close).kind != TokenKind::kCloseParen)
      ++close;
    if (close < end_ && tok(close).kind == TokenKind::kCloseParen)
      i = close + 1;
  }
  TokenRange run{start, i};
  if (run.empty() || run.end - run.first > 14) return {};
  // It must end the clause: a comma, the sentence's end, or a quote.
  if (i < end_ && tok(i).kind != TokenKind::kComma &&
      tok(i).kind != TokenKind::kStop && tok(i).kind != TokenKind::kColon &&
      tok(i).kind != TokenKind::kOpenQuote &&
      !(InSet(kClauseStarts, word(i)) && !tok(i).cap)) {
    return {};
  }
  // A name, or a short description ("the official", "a senior defense
  // official"); never a clause such as "he cannot comment on the letter".
  if (IsNameLike(run)) return run;
  auto cls = doc_.lexicon.WordClassOf(word(run.first));
  if (cls && *cls <= WordClass::kPronoun1) {
    return run.end - run.first == 1 ? run : TokenRange{};
  }
  if (cls && *cls == WordClass::kDeterminer && run.end - run.first <= 6) {
    return run;
  }
  int v = -1;
  for (uint32_t k = run.first; k < run.end; ++k) {
    if (doc_.lexicon.anonymous().Longest(doc_.words, doc_.hashes, k, &v) > 0 &&
        v == static_cast<int>(AnonRole::kHead))
      return run;
  }
  return {};
}

// The sentence's subject, for participial cues: ", saying ...".
TokenRange SentenceAttributor::SubjectOfSentence() const {
  uint32_t i = first_;
  while (i < end_ && tok(i).cap && InSet(kClauseStarts, word(i))) ++i;
  uint32_t start = i;
  while (i < end_ && IsWord(i) && i - start < 8) {
    std::string_view w = word(i);
    if (!tok(i).cap && (InSet(kAuxiliaries, w) || IsCueAt(i) ||
                        EndsWith(w, "ed") || InSet(kClauseStarts, w)))
      break;
    ++i;
  }
  TokenRange r{start, i};
  return LooksLikeSource(r) ? r : TokenRange{};
}

}  // namespace claimtrack::text::internal
