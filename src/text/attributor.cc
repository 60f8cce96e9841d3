#include "text/attributor.h"

#include <algorithm>
#include <array>

#include "text/attribution_words.h"
#include "text/continuations.h"
#include "text/layout_patterns.h"
#include "text/sentence_attributor.h"

namespace claimtrack::text {

namespace internal {

std::vector<SentenceAttributor::Cue> SentenceAttributor::FindCues() const {
  std::vector<Cue> cues;
  for (uint32_t i = first_; i < end_ && cues.size() < kMaxCuesPerSentence;
       ++i) {
    if (tok(i).kind != TokenKind::kWord) continue;
    int index = -1;
    int len = doc_.lexicon.cues().Longest(doc_.words, doc_.hashes, i, &index);
    if (len == 0 && IsThatComplementVerb(i)) {
      // "Democrats insisted that ...", "the study concluded that ...": a
      // verb with a that-clause attributes it even if the lexicon lacks it.
      cues.push_back({{i, i + 1}, CueClass::kBelief, {}, false});
      continue;
    }
    if (len == 0 || i + len > end_) continue;
    const CueEntry& entry = doc_.lexicon.cue(index);
    // Quoted speech quoting someone else is rare; "we believe" inside a
    // quotation is the speaker's own voice, not a new attribution.
    if (quote_of_[i] >= 0 && !EndsUnclosedQuote(i)) {
      i += len - 1;
      continue;
    }
    if (entry.cls == CueClass::kNoun) {
      // "Trump's claim that ...", "his remarks that ...": a noun is a cue
      // only with a that-clause.
      uint32_t next = i + len;
      if (next < end_ && Is(next, "that") && !tok(next).cap) {
        cues.push_back({{i, next}, entry.cls, entry.lemma});
      }
      i += len - 1;
      continue;
    }
    std::string_view form = word(i);
    // "to tell", "will support": an infinitive or a future reports no
    // statement yet.
    if (i > first_ && len == 1 && EqualsIgnoreCase(form, entry.lemma) &&
        (Is(i - 1, "to") || InSet(kModals, word(i - 1)))) {
      continue;
    }
    // "the suing states", "news reports": an -s form after a participle or
    // a noun modifier is a plural noun, not a verb.
    if (len == 1 && i > first_ && form.size() > entry.lemma.size() &&
        form.back() == 's' && !tok(i - 1).cap &&
        tok(i - 1).kind == TokenKind::kWord &&
        (EndsWith(word(i - 1), "ing") || InSet(kNounModifiers, word(i - 1)))) {
      continue;
    }
    // "decided against recommending", "by saying": a gerund after a
    // preposition names an act, not a statement.
    if (i > first_ && EndsWith(form, "ing") && !tok(i - 1).cap &&
        InSet(kGerundPrepositions, word(i - 1))) {
      continue;
    }
    // "who declined to be named", "not authorized to speak": a reason for
    // anonymity, not a statement.
    if (InsideReasonPhrase(i)) continue;
    // After a determiner or possessive the word is a noun: "a question".
    if (i > first_ &&
        (tok(i - 1).kind == TokenKind::kPossessive ||
         doc_.lexicon.WordClassOf(word(i - 1)) == WordClass::kDeterminer ||
         Is(i - 1, "his") || Is(i - 1, "her") || Is(i - 1, "its") ||
         Is(i - 1, "their") || Is(i - 1, "our") || Is(i - 1, "my"))) {
      i += len - 1;
      continue;
    }
    // Verbs are lower case; a capital means a name, except for a
    // sentence-initial "According to" and verbs in title-case headlines.
    if (tok(i).cap && entry.cls != CueClass::kAccording && !title_case_) {
      i += len - 1;
      continue;
    }
    cues.push_back({{i, i + static_cast<uint32_t>(len)},
                    entry.cls,
                    entry.lemma,
                    entry.object_frame,
                    entry.recipient});
    i += len - 1;
  }
  return cues;
}

void SentenceAttributor::Run(uint32_t sentence, std::vector<Attribution>* out) {
  first_ = doc_.seg.sentences[sentence].first;
  end_ = doc_.seg.sentences[sentence].end;
  sentence_ = sentence;
  title_case_ = IsTitleCase();
  const size_t first_out = out->size();
  for (const Cue& cue : FindCues()) {
    Attribution a;
    a.sentence = sentence;
    a.cue = cue.range;
    a.cue_class = cue.cls;
    bool keep = false;
    if (cue.cls == CueClass::kAccording) {
      keep = AttributeAccording(cue, &a);
    } else if (cue.cls == CueClass::kNoun) {
      keep = AttributeNounCue(cue, &a);
    } else {
      // The claim before this one in the sentence, if any: a coordinated
      // or participial cue shares its source.
      const Attribution* before =
          out->size() > first_out ? &out->back() : nullptr;
      int before_index = before ? static_cast<int>(out->size() - 1) : -1;
      keep = AttributeVerbCue(cue, before, before_index, &a);
    }
    if (keep) out->push_back(std::move(a));
  }
  DropNestedClaims(first_out, out);
  CutAtLaterClaims(first_out, out);
}

// "Former White House Doctor Says Clinton Hid ...": headline capitals.
bool SentenceAttributor::IsTitleCase() const {
  int words = 0, capitals = 0;
  for (uint32_t i = first_; i < end_; ++i) {
    if (tok(i).kind != TokenKind::kWord) continue;
    ++words;
    if (tok(i).cap) ++capitals;
  }
  return words >= 4 && capitals * 10 >= words * 8;
}

// "according to S, C" or "C, according to S".
bool SentenceAttributor::AttributeAccording(const Cue& cue,
                                            Attribution* a) const {
  uint32_t i = cue.range.end;
  while (i < end_ && IsWord(i) && i - cue.range.end < 12) ++i;
  a->source = {cue.range.end, i};
  TokenRange left = TrimContent({first_, cue.range.first});
  TokenRange right = TrimContent({i, end_});
  if (!left.empty()) a->content.push_back(ExtendToQuote(left));
  if (!right.empty() && (left.empty() || tok(i).kind == TokenKind::kComma)) {
    a->content.push_back(ExtendToQuote(right));
  }
  return !a->content.empty() && !a->source.empty();
}

// "Trump's claim that ...", "his remarks that ...": the owner, if named,
// is the source; the that-clause is the content.
bool SentenceAttributor::AttributeNounCue(const Cue& cue,
                                          Attribution* a) const {
  uint32_t k = cue.range.first;
  if (k > first_ + 1 && tok(k - 1).kind == TokenKind::kPossessive) {
    uint32_t j = k - 1;
    while (j > first_ && tok(j - 1).cap && IsWord(j - 1)) --j;
    if (j < k - 1) a->source = {j, k - 1};
  } else if (k > first_ &&
             (Is(k - 1, "his") || Is(k - 1, "her") || Is(k - 1, "their"))) {
    a->source = {k - 1, k};
  }
  TokenRange content = TrimContent(CutAtSemicolon({cue.range.end, end_}));
  if (content.empty()) return false;
  a->content.push_back(ExtendToQuote(content));
  return true;
}

// "footage of Hillary Clinton asking": before a participle, the name just
// in front speaks, not the whole noun phrase.
TokenRange SentenceAttributor::NarrowParticipialSource(TokenRange src) const {
  uint32_t tail = src.end;
  while (tail > src.first &&
         (tok(tail - 1).cap || tok(tail - 1).kind == TokenKind::kPossessive))
    --tail;
  bool lower_inside = false;
  for (uint32_t k = src.first; k < tail; ++k) {
    if (!tok(k).cap && doc_.lexicon.titles().Find(word(k)) < 0 &&
        doc_.lexicon.WordClassOf(word(k)) != WordClass::kDeterminer)
      lower_inside = true;
  }
  if (lower_inside && tail < src.end) src.first = tail;
  return src;
}

// "Schultz supported Democrats ... and said he did not": after "and" or
// "but", the subject of the sentence (or of the claim before) speaks; not
// inside a relative clause ("North Korea, which conducted tests and has
// promised ...").
TokenRange SentenceAttributor::CoordinatedSubject(
    const Cue& cue, const Attribution* before) const {
  uint32_t k = cue.range.first;
  while (k > first_ && !tok(k - 1).cap && InSet(kAuxiliaries, word(k - 1))) --k;
  for (uint32_t r = first_; r + 1 < k; ++r) {
    if (Is(r, "which") || Is(r, "who") || Is(r, "whose")) return {};
  }
  if (k > first_ + 1 && (Is(k - 1, "and") || Is(k - 1, "but")) &&
      !tok(k - 1).cap) {
    return before ? before->source : SubjectOfSentence();
  }
  return {};
}

// A cue verb: its source (left, coordinated, inverted or, for ", saying",
// the sentence's subject) and then its content, left or right of it.
bool SentenceAttributor::AttributeVerbCue(const Cue& cue,
                                          const Attribution* before,
                                          int before_index,
                                          Attribution* a) const {
  const bool participial = EndsWith(word(cue.range.first), "ing");
  TokenRange src = LeftSource(cue, &a->appositive);
  if (participial && !src.empty()) src = NarrowParticipialSource(src);
  if (src.empty() && !participial) src = CoordinatedSubject(cue, before);
  bool inverted = false;
  if (src.empty() && !participial) {
    src = RightSource(cue);
    inverted = !src.empty();
  }
  if (src.empty() && participial && cue.range.first > first_ &&
      tok(cue.range.first - 1).kind == TokenKind::kComma) {
    // ", saying that ...": the subject of the sentence (or of the claim
    // before it in the sentence) is speaking.
    a->source = before ? before->source : SubjectOfSentence();
    a->inherits_from = before_index;
    TokenRange content =
        TrimContent({ContentStartAfter(cue, cue.range.end), end_});
    if (content.empty() || a->source.empty()) return false;
    a->content.push_back(ExtendToQuote(content));
    return true;
  }
  if (src.empty()) return false;
  if (cue.cls != CueClass::kSpeech && inverted) return false;
  a->source = src;
  TokenRange block = cue.range;  // the source and the cue together
  if (!participial || src.first < block.first) {
    block.first = std::min(block.first, src.first);
  }
  block.end = std::max(block.end, src.end);
  // A relative clause after an inverted source: ", who spoke on ...,".
  uint32_t after = block.end;
  if (inverted && after + 1 < end_ && tok(after).kind == TokenKind::kComma &&
      (Is(after + 1, "who") || Is(after + 1, "a") || Is(after + 1, "an") ||
       Is(after + 1, "the"))) {
    uint32_t i = after + 1;
    while (i < end_ && tok(i).kind != TokenKind::kComma) ++i;
    a->appositive = {after + 1, i};
    after = i;
  }
  if (ContentIsLeft(cue, src, block, &after)) {
    return LeftContent(block, after, a);
  }
  return RightContent(cue, after, a);
}

// Whether the content stands before the source and cue ("C, S said") rather
// than after them ("S said C"). May move *after past an object pronoun.
bool SentenceAttributor::ContentIsLeft(const Cue& cue, TokenRange src,
                                       TokenRange block,
                                       uint32_t* after) const {
  // A relative pronoun's statement follows it: "X, which declined to
  // comment, said ...".
  bool relative_source = src.end - src.first == 1 &&
                         (Is(src.first, "who") || Is(src.first, "which"));
  if (relative_source || block.first == first_ ||
      !IsSeparator(block.first - 1)) {
    return false;
  }
  // "During the rally Monday, the former president said Obamacare ...":
  // when content follows the cue directly, the left part is a preface.
  uint32_t obj_end = *after;
  if (cue.recipient && *after < end_ && InSet(kObjectPronouns, word(*after)))
    ++obj_end;  // "he told me on Friday, is that ..."
  uint32_t p = SkipAdverbialToComma(obj_end);
  if (p < end_ && tok(p).kind == TokenKind::kComma) *after = obj_end;
  if (obj_end < end_ && (tok(obj_end).kind == TokenKind::kColon ||
                         tok(obj_end).kind == TokenKind::kOpenQuote)) {
    return false;  // "In a statement, Peabody said: ..."
  }
  if (p == obj_end && obj_end < end_ && IsWord(obj_end)) {
    // After a whole quotation only a that-clause continues the claim:
    // '"...," she said over the phone' is a quote and an adverbial.
    uint32_t start = ContentStartAfter(cue, *after);
    TokenRange right = TrimContent({start, end_});
    bool quoted_left = !QuoteBefore(block.first).empty();
    if (right.end - right.first >= 3 &&
        (!quoted_left || (start < end_ && Is(start, "that"))))
      return false;
  }
  return true;
}

// C, S said [adverbial] [, C2].
bool SentenceAttributor::LeftContent(TokenRange block, uint32_t after,
                                     Attribution* a) const {
  TokenRange quote = QuoteBefore(block.first);
  TokenRange left = !quote.empty() ? quote : TrimContent({first_, block.first});
  if (left.empty()) return false;
  if (quote.empty()) left = ExtendToQuote(left);
  a->content.push_back(left);
  uint32_t p = SkipAdverbialToComma(after);
  if (p < end_ && tok(p).kind == TokenKind::kComma) {
    TokenRange right = TrimContent({p, end_});
    // "..., lawmakers said Friday, as they bristled at ...": a clause
    // opened by a conjunction is the narrator's, not the content's.
    if (!right.empty() && !IsCueAt(right.first) &&
        !InSet(kSubordinators, word(right.first))) {
      a->content.push_back(ExtendToQuote(right));
    }
  }
  return true;
}

// S said (that) C.
bool SentenceAttributor::RightContent(const Cue& cue, uint32_t after,
                                      Attribution* a) const {
  uint32_t start = ContentStartAfter(cue, after);
  TokenRange right = TrimContent(CutAtSemicolon({start, end_}));
  if (right.empty()) {
    // "Smith said:" with the statement in what follows.
    if (start < end_ && tok(end_ - 1).kind != TokenKind::kColon) return false;
    TokenRange next = StatementAfterColon();
    if (next.empty()) return false;
    a->content.push_back(next);
    return true;
  }
  // "endorsed Clinton for president, citing ...": an object ends at the
  // clause's first comma or conjunction.
  if (cue.object_frame && !Is(right.first, "that") &&
      tok(right.first).kind != TokenKind::kOpenQuote) {
    for (uint32_t i = right.first + 1; i < right.end; ++i) {
      if (quote_of_[i] >= 0) continue;
      if (tok(i).kind == TokenKind::kComma || tok(i).kind == TokenKind::kDash ||
          (!tok(i).cap && InSet(kObjectEnds, word(i)))) {
        right.end = i;
        break;
      }
    }
  }
  if (cue.lemma == "call") right = CalledContent(right);
  a->content.push_back(ExtendToQuote(right));
  return true;
}

// The statement a sentence ending in "said:" introduces: the quotation that
// opens the next sentence, or, unquoted, the rest of the paragraph or the
// next paragraph ("Limbaugh added:").
TokenRange SentenceAttributor::StatementAfterColon() const {
  if (end_ >= doc_.tokens.size()) return {};
  int qi = quote_of_[end_ + 1];
  if (tok(end_).kind == TokenKind::kOpenQuote && qi >= 0) {
    const Quote& q = doc_.quotes[qi];
    return {q.open, q.closed ? q.close + 1 : q.close};
  }
  if (tok(end_ - 1).kind != TokenKind::kColon) return {};
  uint32_t para = doc_.seg.sentences[sentence_].paragraph;
  const Paragraph* target = &doc_.seg.paragraphs[para];
  if (target->end_token == end_ && para + 1 < doc_.seg.paragraphs.size()) {
    target = &doc_.seg.paragraphs[para + 1];
  }
  if (target->chrome) return {};
  return TrimContent({std::max(end_, target->first_token), target->end_token});
}

// "called Wells Fargo's behavior “outrageous”": the object and the quoted
// epithet; "what an official called its “sharp uptick”": the quotation.
TokenRange SentenceAttributor::CalledContent(TokenRange right) const {
  uint32_t stop = right.end;
  for (uint32_t i = right.first; i < right.end && i < right.first + 8; ++i) {
    int q = tok(i).kind == TokenKind::kOpenQuote ? quote_of_[i + 1] : -1;
    if (q >= 0) {
      const Quote& quote = doc_.quotes[q];
      stop = quote.closed ? quote.close + 1 : quote.close;
      if (i <= right.first + 1 && !Is(right.first, "it")) right.first = i;
      break;
    }
    if (i > right.first + 1 &&
        (tok(i).kind == TokenKind::kComma || Is(i, "and") || Is(i, "as") ||
         Is(i, "for") || Is(i, "to"))) {
      stop = i;
      break;
    }
  }
  right.end = std::min(right.end, stop);
  return right;
}

// A cue inside the content of another claim of the sentence is part of what
// that claim reports ("X called for Y, sources said"), except reported speech
// inside reported speech ("He said she told him ..."). Drops those claims and
// renumbers the references (inherits_from) of the rest.
void SentenceAttributor::DropNestedClaims(size_t first_out,
                                          std::vector<Attribution>* out) const {
  std::vector<bool> nested(out->size(), false);
  for (size_t i = first_out; i < out->size(); ++i) {
    const Attribution& b = (*out)[i];
    if (b.cue.empty() || b.content.empty()) continue;
    for (const TokenRange& c : b.content) {
      for (size_t j = first_out; j < out->size(); ++j) {
        const Attribution& a = (*out)[j];
        if (j == i || nested[i] || a.cue.empty() || a.cue.first < c.first ||
            a.cue.end > c.end)
          continue;
        bool outer_before = c.first >= b.cue.end;
        if (outer_before && a.cue_class == CueClass::kSpeech) continue;
        nested[j] = true;
      }
    }
  }
  std::vector<int> new_index(out->size(), -1);
  size_t kept = first_out;
  for (size_t i = 0; i < first_out; ++i) new_index[i] = static_cast<int>(i);
  for (size_t i = first_out; i < out->size(); ++i) {
    if (nested[i]) continue;
    new_index[i] = static_cast<int>(kept);
    if (kept != i) (*out)[kept] = std::move((*out)[i]);
    ++kept;
  }
  out->resize(kept);
  for (size_t i = first_out; i < out->size(); ++i) {
    int& from = (*out)[i].inherits_from;
    if (from >= 0) from = new_index[from];
  }
}

// A claim's content stops where a later claim of the same sentence starts
// after a comma or conjunction: "A said X, but B said Y."
void SentenceAttributor::CutAtLaterClaims(size_t first_out,
                                          std::vector<Attribution>* out) const {
  for (size_t i = first_out; i < out->size(); ++i) {
    for (size_t j = first_out; j < out->size(); ++j) {
      if (i == j) continue;
      Attribution& a = (*out)[i];
      const Attribution& b = (*out)[j];
      TokenRange& c = a.content.back();
      // Where b begins inside a's content; a source b inherited from
      // earlier in the sentence (", arguing that") does not count.
      uint32_t b_start = b.cue.first;
      if (!b.source.empty() && b.source.first > c.first) {
        b_start = std::min(b_start, b.source.first);
      }
      if (!b.content.empty() && b.content[0].first > c.first) {
        b_start = std::min(b_start, b.content[0].first);
      }
      if (b_start <= c.first || b_start >= c.end) continue;
      if (b_start <= a.cue.end) continue;
      uint32_t before = b_start - 1;
      bool conjunction =
          Is(before, "but") || Is(before, "and") || Is(before, "while");
      bool shared_subject = !b.source.empty() &&
                            b.source.first == a.source.first &&
                            b.source.end == a.source.end;
      bool boundary =
          tok(before).kind == TokenKind::kComma ||
          tok(before).kind == TokenKind::kSemicolon ||
          (conjunction && before > c.first &&
           (tok(before - 1).kind == TokenKind::kComma || shared_subject));
      if (!boundary) continue;
      TokenRange cut = TrimContent({c.first, b_start});
      if (!cut.empty()) c = cut;
    }
  }
}

}  // namespace internal

namespace {

using internal::AddContinuations;
using internal::kMaxSentenceTokens;
using internal::SentenceAttributor;

}  // namespace

std::vector<Attribution> FindAttributions(const DocumentView& doc) {
  const size_t n = doc.tokens.size();
  std::vector<int> quote_of(n + 2, -1), quote_closing_at(n + 1, -1);
  for (size_t q = 0; q < doc.quotes.size(); ++q) {
    const Quote& quote = doc.quotes[q];
    for (uint32_t i = quote.open + 1; i < quote.close; ++i) {
      quote_of[i] = static_cast<int>(q);
    }
    if (quote.closed) quote_closing_at[quote.close] = static_cast<int>(q);
  }
  std::vector<int> sentence_of_token(n + 1, 0);
  for (uint32_t s = 0; s < doc.seg.sentences.size(); ++s) {
    for (uint32_t i = doc.seg.sentences[s].first; i < doc.seg.sentences[s].end;
         ++i)
      sentence_of_token[i] = static_cast<int>(s);
  }
  // Layout attributions first; the sentences they cover are not searched
  // for cues again.
  std::vector<Attribution> layout;
  FindLayoutAttributions(doc, sentence_of_token, &layout);
  std::vector<bool> covered(doc.seg.sentences.size(), false);
  for (const Attribution& a : layout) {
    for (const TokenRange& c : a.content) {
      for (uint32_t s = sentence_of_token[c.first];
           s <= static_cast<uint32_t>(sentence_of_token[c.end - 1]); ++s)
        covered[s] = true;
    }
  }
  std::vector<Attribution> out;
  SentenceAttributor attributor(doc, quote_of, quote_closing_at);
  size_t next_layout = 0;
  for (uint32_t s = 0; s < doc.seg.sentences.size(); ++s) {
    while (next_layout < layout.size() && layout[next_layout].sentence <= s) {
      out.push_back(std::move(layout[next_layout++]));
    }
    if (covered[s]) continue;
    if (doc.seg.paragraphs[doc.seg.sentences[s].paragraph].chrome) continue;
    // No news sentence runs to thousands of tokens; such a run is a table,
    // a list or hostile input, and its claims' contents (each running to
    // the sentence's end) would grow with the square of its length.
    const Sentence& sentence = doc.seg.sentences[s];
    if (sentence.end - sentence.first > kMaxSentenceTokens) continue;
    attributor.Run(s, &out);
  }
  while (next_layout < layout.size()) {
    out.push_back(std::move(layout[next_layout++]));
  }
  AddContinuations(doc, sentence_of_token, quote_of, &out);
  return out;
}

}  // namespace claimtrack::text
