// The attributor's work on one sentence: find the cues, then around each
// the source (source_finding.cc) and the content (content_finding.cc), and
// settle claims that share the sentence (attributor.cc).
#ifndef CLAIMTRACK_TEXT_SENTENCE_ATTRIBUTOR_H_
#define CLAIMTRACK_TEXT_SENTENCE_ATTRIBUTOR_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "text/attributor.h"

namespace claimtrack::text::internal {

class SentenceAttributor {
 public:
  // `quote_of` maps a token to the quotation it is inside (-1: none);
  // `quote_closing_at` maps a closing mark to its quotation.
  SentenceAttributor(const DocumentView& doc, const std::vector<int>& quote_of,
                     const std::vector<int>& quote_closing_at)
      : doc_(doc), quote_of_(quote_of), quote_closing_at_(quote_closing_at) {}

  void Run(uint32_t sentence, std::vector<Attribution>* out);

 private:
  struct Cue {
    TokenRange range;
    CueClass cls;
    std::string_view lemma;
    bool object_frame = false;
    bool recipient = false;
  };

  const Token& tok(uint32_t i) const { return doc_.tokens[i]; }
  std::string_view word(uint32_t i) const { return doc_.words[i]; }
  bool IsWord(uint32_t i) const {
    TokenKind k = tok(i).kind;
    return k == TokenKind::kWord || k == TokenKind::kNumber ||
           k == TokenKind::kPossessive;
  }
  bool Is(uint32_t i, std::string_view w) const {
    return EqualsIgnoreCase(word(i), w);
  }
  bool IsSeparator(uint32_t i) const {
    TokenKind k = tok(i).kind;
    return k == TokenKind::kComma || k == TokenKind::kCloseQuote ||
           k == TokenKind::kDash || k == TokenKind::kColon ||
           k == TokenKind::kSemicolon || k == TokenKind::kCloseParen;
  }
  bool IsCueAt(uint32_t i) const {
    int v;
    return doc_.lexicon.cues().Longest(doc_.words, doc_.hashes, i, &v) > 0;
  }

  std::vector<Cue> FindCues() const;
  bool IsTitleCase() const;

  // Each fills *a for one cue and says whether it is a claim.
  bool AttributeAccording(const Cue& cue, Attribution* a) const;
  bool AttributeNounCue(const Cue& cue, Attribution* a) const;
  bool AttributeVerbCue(const Cue& cue, const Attribution* before,
                        int before_index, Attribution* a) const;
  TokenRange NarrowParticipialSource(TokenRange src) const;
  TokenRange CoordinatedSubject(const Cue& cue,
                                const Attribution* before) const;
  bool ContentIsLeft(const Cue& cue, TokenRange src, TokenRange block,
                     uint32_t* after) const;
  bool LeftContent(TokenRange block, uint32_t after, Attribution* a) const;
  bool RightContent(const Cue& cue, uint32_t after, Attribution* a) const;
  TokenRange StatementAfterColon() const;
  TokenRange CalledContent(TokenRange right) const;
  void DropNestedClaims(size_t first_out, std::vector<Attribution>* out) const;
  void CutAtLaterClaims(size_t first_out, std::vector<Attribution>* out) const;

  TokenRange LeftSource(const Cue& cue, TokenRange* appositive) const;
  TokenRange RunLeft(uint32_t last) const;
  TokenRange RightSource(const Cue& cue) const;
  TokenRange SubjectOfSentence() const;
  bool LooksLikeSource(TokenRange r) const;
  bool IsNameLike(TokenRange r) const;
  bool InsideReasonPhrase(uint32_t i) const;
  bool EndsUnclosedQuote(uint32_t i) const;
  bool IsParenthetical(TokenRange r) const;
  bool IsThatComplementVerb(uint32_t i) const;
  uint32_t SegmentStart(uint32_t end) const;
  uint32_t ContentStartAfter(const Cue& cue, uint32_t p) const;
  uint32_t SkipAdverbialToComma(uint32_t p) const;
  TokenRange TrimContent(TokenRange r) const;
  TokenRange CutAtSemicolon(TokenRange r) const;
  TokenRange QuoteBefore(uint32_t end) const;
  TokenRange ExtendToQuote(TokenRange r) const;

  const DocumentView& doc_;
  const std::vector<int>& quote_of_;
  const std::vector<int>& quote_closing_at_;
  uint32_t sentence_ = 0;
  uint32_t first_ = 0, end_ = 0;  // the sentence's tokens
  bool title_case_ = false;       // "Former Doctor Says Clinton Hid ..."
};

}  // namespace claimtrack::text::internal

#endif  // CLAIMTRACK_TEXT_SENTENCE_ATTRIBUTOR_H_
