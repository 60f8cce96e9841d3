#include "text/attributor.h"

#include <algorithm>
#include <array>

#include "text/layout_patterns.h"

namespace claimtrack::text {

namespace {

// Bounds that keep the work linear on hostile input (see FindAttributions).
constexpr uint32_t kMaxSentenceTokens = 1500;
constexpr size_t kMaxCuesPerSentence = 32;

// Closed-class glue the patterns need. These are grammar, not vocabulary:
// the open-class word lists live in data/lexicon/.
constexpr std::array<std::string_view, 53> kAuxiliaries = {
    "has",          "have",        "had",          "is",         "was",
    "were",         "are",         "will",         "would",      "could",
    "should",       "may",         "might",        "must",       "can",
    "did",          "does",        "do",           "also",       "later",
    "previously",   "once",        "then",         "repeatedly", "often",
    "recently",     "again",       "publicly",     "privately",  "already",
    "reportedly",   "been",        "never",        "not",        "cannot",
    "can't",        "won't",       "didn't",       "doesn't",    "don't",
    "hasn't",       "haven't",     "wasn't",       "isn't",      "can\u2019t",
    "won\u2019t",   "didn\u2019t", "doesn\u2019t", "don\u2019t", "hasn\u2019t",
    "haven\u2019t", "wasn\u2019t", "isn\u2019t"};

// Words that begin a clause: a source never extends to their left.
constexpr std::array<std::string_view, 36> kClauseStarts = {
    "that",  "which",   "who",     "whom",     "and",     "but",
    "or",    "because", "while",   "when",     "as",      "if",
    "after", "before",  "since",   "although", "though",  "where",
    "so",    "than",    "what",    "with",     "without", "whether",
    "how",   "why",     "nor",     "yet",      "until",   "unless",
    "once",  "even",    "whereas", "amid",     "despite", "like"};

// Words that start an adverbial after a cue ("said on Tuesday in a
// statement"), as opposed to the content.
constexpr std::array<std::string_view, 22> kAdverbialStarts = {
    "in",      "on",      "at",       "during",    "to",      "of",
    "about",   "from",    "after",    "before",    "last",    "this",
    "earlier", "later",   "today",    "yesterday", "tonight", "late",
    "via",     "through", "recently", "when"};

// Quantifiers that can open a source: "all the experts", "many Democrats".
constexpr std::array<std::string_view, 9> kQuantifiers = {
    "all", "many", "most", "some", "several", "both", "few", "other", "others"};

constexpr std::array<std::string_view, 14> kGerundPrepositions = {
    "against", "by", "for", "about", "after",   "before", "without",
    "of",      "in", "on",  "from",  "despite", "upon",   "at"};

constexpr std::array<std::string_view, 8> kModals = {
    "will", "would", "could", "should", "may", "might", "must", "can"};

constexpr std::array<std::string_view, 10> kSubordinators = {
    "as",     "because", "while",    "when",   "after",
    "before", "since",   "although", "though", "whereas"};

constexpr std::array<std::string_view, 19> kParentheticals = {
    "however",      "meanwhile",    "though",         "too",
    "also",         "instead",      "nonetheless",    "nevertheless",
    "moreover",     "in turn",      "for example",    "for instance",
    "for his part", "for her part", "for their part", "of course",
    "in fact",      "in addition",  "in response"};

// Words that end an object: "endorsed Clinton and praised ...".
constexpr std::array<std::string_view, 9> kObjectEnds = {
    "and",    "but",  "while", "because", "after",
    "before", "when", "since", "although"};

// Words that make a following -s form a plural noun: "news reports".
constexpr std::array<std::string_view, 14> kNounModifiers = {
    "news",  "media",   "phone",   "press", "key",  "recent", "new",
    "early", "initial", "further", "other", "more", "these",  "those"};

// Cue lemmas whose object comes before the content: "told reporters that".
constexpr std::array<std::string_view, 8> kObjectVerbs = {
    "tell", "inform", "assure", "remind", "brief", "advise", "warn", "ask"};

constexpr std::array<std::string_view, 12> kObjectPronouns = {
    "him",       "her",         "them",      "me",         "us",     "you",
    "reporters", "journalists", "lawmakers", "supporters", "voters", "it"};

template <size_t N>
bool InSet(const std::array<std::string_view, N>& set, std::string_view w) {
  for (std::string_view s : set) {
    if (EqualsIgnoreCase(s, w)) return true;
  }
  return false;
}

bool EndsWith(std::string_view w, std::string_view suffix) {
  return w.size() > suffix.size() &&
         w.substr(w.size() - suffix.size()) == suffix;
}

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
  uint32_t first_ = 0, end_ = 0;  // the sentence's tokens
  bool title_case_ = false;       // "Former Doctor Says Clinton Hid ..."
};

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
                    entry.object_frame});
    i += len - 1;
  }
  return cues;
}

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
    if (k < last && cls && *cls <= WordClass::kPronoun1 &&
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
    if (segments == 0 && seg_end - j <= 3 && j >= first_ + 2 &&
        tok(j - 1).kind == TokenKind::kComma && IsWord(j - 2) &&
        IsParenthetical({j, seg_end})) {
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
  const bool object_verb = InSet(kObjectVerbs, cue.lemma);
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

void SentenceAttributor::Run(uint32_t sentence, std::vector<Attribution>* out) {
  first_ = doc_.seg.sentences[sentence].first;
  end_ = doc_.seg.sentences[sentence].end;
  const size_t first_out = out->size();
  int words = 0, capitals = 0;
  for (uint32_t i = first_; i < end_; ++i) {
    if (tok(i).kind != TokenKind::kWord) continue;
    ++words;
    if (tok(i).cap) ++capitals;
  }
  title_case_ = words >= 4 && capitals * 10 >= words * 8;
  for (const Cue& cue : FindCues()) {
    Attribution a;
    a.sentence = sentence;
    a.cue = cue.range;
    a.cue_class = cue.cls;
    TokenRange block = cue.range;
    bool participial = EndsWith(word(cue.range.first), "ing");

    if (cue.cls == CueClass::kAccording) {
      // "according to S, C" or "C, according to S".
      uint32_t i = cue.range.end;
      while (i < end_ && IsWord(i) && i - cue.range.end < 12) ++i;
      a.source = {cue.range.end, i};
      block.end = i;
      TokenRange left = TrimContent({first_, cue.range.first});
      TokenRange right = TrimContent({block.end, end_});
      if (!left.empty()) a.content.push_back(ExtendToQuote(left));
      if (!right.empty() &&
          (left.empty() || tok(block.end).kind == TokenKind::kComma)) {
        a.content.push_back(ExtendToQuote(right));
      }
      if (!a.content.empty() && !a.source.empty()) out->push_back(a);
      continue;
    }

    if (cue.cls == CueClass::kNoun) {
      // The owner: "Trump's claim", "his claim"; else no source.
      uint32_t k = cue.range.first;
      if (k > first_ + 1 && tok(k - 1).kind == TokenKind::kPossessive) {
        uint32_t j = k - 1;
        while (j > first_ && tok(j - 1).cap && IsWord(j - 1)) --j;
        if (j < k - 1) a.source = {j, k - 1};
      } else if (k > first_ &&
                 (Is(k - 1, "his") || Is(k - 1, "her") || Is(k - 1, "their"))) {
        a.source = {k - 1, k};
      }
      TokenRange content = TrimContent(CutAtSemicolon({cue.range.end, end_}));
      if (!content.empty()) {
        a.content.push_back(ExtendToQuote(content));
        out->push_back(a);
      }
      continue;
    }
    TokenRange src = LeftSource(cue, &a.appositive);
    if (participial && !src.empty()) {
      // "footage of Hillary Clinton asking": the name just before speaks.
      uint32_t tail = src.end;
      while (tail > src.first && (tok(tail - 1).cap ||
                                  tok(tail - 1).kind == TokenKind::kPossessive))
        --tail;
      bool lower_inside = false;
      for (uint32_t k = src.first; k < tail; ++k) {
        if (!tok(k).cap && doc_.lexicon.titles().Find(word(k)) < 0 &&
            doc_.lexicon.WordClassOf(word(k)) != WordClass::kDeterminer)
          lower_inside = true;
      }
      if (lower_inside && tail < src.end) src.first = tail;
    }
    bool inverted = false;
    if (src.empty() && !participial) {
      // "Schultz supported Democrats ... and said he did not": the subject
      // of the sentence speaks.
      uint32_t k = cue.range.first;
      while (k > first_ && !tok(k - 1).cap && InSet(kAuxiliaries, word(k - 1)))
        --k;
      // Not inside a relative clause: "North Korea, which conducted tests
      // and has promised ..." is no statement of the sentence's subject.
      bool relative = false;
      for (uint32_t r = first_; r + 1 < k; ++r) {
        if (Is(r, "which") || Is(r, "who") || Is(r, "whose")) relative = true;
      }
      if (!relative && k > first_ + 1 &&
          (Is(k - 1, "and") || Is(k - 1, "but")) && !tok(k - 1).cap) {
        src =
            out->size() > first_out ? out->back().source : SubjectOfSentence();
      }
    }
    if (src.empty() && !participial) {
      src = RightSource(cue);
      inverted = !src.empty();
    }
    if (src.empty() && participial && cue.range.first > first_ &&
        tok(cue.range.first - 1).kind == TokenKind::kComma) {
      // ", saying that ...": the subject of the sentence (or of the claim
      // before it in the sentence) is speaking.
      src = out->size() > first_out ? out->back().source : SubjectOfSentence();
      a.inherits_from =
          out->size() > first_out ? static_cast<int>(out->size() - 1) : -1;
      a.source = src;
      uint32_t start = ContentStartAfter(cue, cue.range.end);
      TokenRange content = TrimContent({start, end_});
      if (!content.empty() && !src.empty()) {
        a.content.push_back(ExtendToQuote(content));
        out->push_back(a);
      }
      continue;
    }
    if (src.empty()) continue;
    if (cue.cls != CueClass::kSpeech && inverted) continue;
    a.source = src;
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
      a.appositive = {after + 1, i};
      after = i;
    }

    // A relative pronoun's statement follows it: "X, which declined to
    // comment, said ...".
    bool relative_source = src.end - src.first == 1 &&
                           (Is(src.first, "who") || Is(src.first, "which"));
    bool separated_left = !relative_source && block.first > first_ &&
                          IsSeparator(block.first - 1);
    if (separated_left) {
      // "During the rally Monday, the former president said Obamacare ...":
      // when content follows the cue directly, the left part is a preface.
      uint32_t obj_end = after;
      if (InSet(kObjectVerbs, cue.lemma) && after < end_ &&
          InSet(kObjectPronouns, word(after)))
        ++obj_end;  // "he told me on Friday, is that ..."
      uint32_t p = SkipAdverbialToComma(obj_end);
      if (p < end_ && tok(p).kind == TokenKind::kComma) after = obj_end;
      if (obj_end < end_ && (tok(obj_end).kind == TokenKind::kColon ||
                             tok(obj_end).kind == TokenKind::kOpenQuote)) {
        separated_left = false;  // "In a statement, Peabody said: ..."
      } else if (p == obj_end && obj_end < end_ && IsWord(obj_end)) {
        // After a whole quotation only a that-clause continues the claim:
        // '"...," she said over the phone' is a quote and an adverbial.
        uint32_t start = ContentStartAfter(cue, after);
        TokenRange right = TrimContent({start, end_});
        bool quoted_left = !QuoteBefore(block.first).empty();
        if (right.end - right.first >= 3 &&
            (!quoted_left || (start < end_ && Is(start, "that"))))
          separated_left = false;
      }
    }
    if (separated_left) {
      // C, S said [adverbial] [, C2].
      TokenRange quote = QuoteBefore(block.first);
      TokenRange left =
          !quote.empty() ? quote : TrimContent({first_, block.first});
      if (left.empty()) continue;
      if (quote.empty()) left = ExtendToQuote(left);
      a.content.push_back(left);
      uint32_t p = SkipAdverbialToComma(after);
      if (p < end_ && tok(p).kind == TokenKind::kComma) {
        TokenRange right = TrimContent({p, end_});
        // "..., lawmakers said Friday, as they bristled at ...": a clause
        // opened by a conjunction is the narrator's, not the content's.
        if (!right.empty() && !IsCueAt(right.first) &&
            !InSet(kSubordinators, word(right.first))) {
          a.content.push_back(ExtendToQuote(right));
        }
      }
      out->push_back(a);
      continue;
    }
    // S said (that) C.
    uint32_t start = ContentStartAfter(cue, after);
    TokenRange right = TrimContent(CutAtSemicolon({start, end_}));
    if (right.empty()) {
      // "Smith said:" with the quotation in the next sentence or paragraph.
      if (start >= end_ || tok(end_ - 1).kind == TokenKind::kColon) {
        int qi = end_ < quote_of_.size() ? quote_of_[end_ + 1] : -1;
        if (end_ < doc_.tokens.size() &&
            tok(end_).kind == TokenKind::kOpenQuote && qi >= 0) {
          const Quote& q = doc_.quotes[qi];
          a.content.push_back({q.open, q.closed ? q.close + 1 : q.close});
          out->push_back(a);
        } else if (end_ < doc_.tokens.size() &&
                   tok(end_ - 1).kind == TokenKind::kColon) {
          // "Limbaugh added:" and the statement as the next paragraph or
          // the rest of this one, unquoted.
          uint32_t para = doc_.seg.sentences[sentence].paragraph;
          const Paragraph* target = &doc_.seg.paragraphs[para];
          if (target->end_token == end_ &&
              para + 1 < doc_.seg.paragraphs.size()) {
            target = &doc_.seg.paragraphs[para + 1];
          }
          TokenRange rest = TrimContent(
              {std::max(end_, target->first_token), target->end_token});
          if (!rest.empty() && !target->chrome) {
            a.content.push_back(rest);
            out->push_back(a);
          }
        }
      }
      continue;
    }
    // "endorsed Clinton for president, citing ...": an object ends at the
    // clause's first comma or conjunction.
    if (cue.object_frame && !Is(right.first, "that") &&
        tok(right.first).kind != TokenKind::kOpenQuote) {
      for (uint32_t i = right.first + 1; i < right.end; ++i) {
        if (quote_of_[i] >= 0) continue;
        if (tok(i).kind == TokenKind::kComma ||
            tok(i).kind == TokenKind::kDash ||
            (!tok(i).cap && InSet(kObjectEnds, word(i)))) {
          right.end = i;
          break;
        }
      }
    }
    // "called Wells Fargo's behavior “outrageous”": the object and the
    // quoted epithet; "what an official called its “sharp uptick”".
    if (cue.lemma == "call") {
      uint32_t stop = right.end;
      for (uint32_t i = right.first; i < right.end && i < right.first + 8;
           ++i) {
        int q = tok(i).kind == TokenKind::kOpenQuote ? quote_of_[i + 1] : -1;
        if (q >= 0) {
          const Quote& quote = doc_.quotes[q];
          stop = quote.closed ? quote.close + 1 : quote.close;
          if (i <= right.first + 1 && !Is(right.first, "it")) {
            right.first = i;  // "its “sharp uptick”": the quotation only
          }
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
    }
    a.content.push_back(ExtendToQuote(right));
    out->push_back(a);
  }
  // A cue inside the content of a "C, S said" claim is part of what S said
  // ("X called for Y, sources said"), not a claim of the narrator's.
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
        // "He said she told him ...": reported speech inside reported
        // speech is a claim of its own; anything else is part of the
        // outer content.
        bool outer_before = c.first >= b.cue.end;
        if (outer_before && a.cue_class == CueClass::kSpeech) continue;
        nested[j] = true;
      }
    }
  }
  // Claims refer to earlier ones by index (inherits_from): renumber them as
  // the nested ones go, and drop references to a removed claim.
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
  // A claim's content stops where a later claim of the same sentence starts
  // after a comma or conjunction: "A said X, but B said Y."
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

// Quotations no cue claimed, standing as sentences of their own ("It's not
// a slogan."), continue the speaker of the attribution just before them
// when it is at most two paragraphs back (on PolNeAR train, one paragraph
// back loses 0.008 F1; three gains matches and errors in equal measure).
void AddContinuations(const DocumentView& doc,
                      const std::vector<int>& sentence_of_token,
                      const std::vector<int>& quote_of,
                      std::vector<Attribution>* out) {
  std::vector<bool> covered(doc.quotes.size(), false);
  std::vector<int> quote_opening_at(doc.tokens.size(), -1);
  for (size_t q = 0; q < doc.quotes.size(); ++q) {
    quote_opening_at[doc.quotes[q].open] = static_cast<int>(q);
  }
  for (const Attribution& a : *out) {
    for (const TokenRange& c : a.content) {
      for (uint32_t i = c.first; i < c.end; ++i) {
        if (quote_opening_at[i] >= 0) covered[quote_opening_at[i]] = true;
        if (quote_of[i] >= 0) covered[quote_of[i]] = true;
      }
    }
  }
  std::vector<Attribution> added;
  size_t next = 0;  // attributions are in sentence order
  int last = -1;
  for (size_t q = 0; q < doc.quotes.size(); ++q) {
    const Quote& quote = doc.quotes[q];
    uint32_t s = sentence_of_token[quote.open];
    while (next < out->size() && (*out)[next].sentence < s) last = next++;
    if (covered[q] || last < 0) continue;
    const Sentence& sentence = doc.seg.sentences[s];
    if (quote.open != sentence.first) continue;  // embedded in narration
    Attribution& prev = (*out)[last];
    uint32_t prev_para = doc.seg.sentences[prev.sentence].paragraph;
    if (prev_para + 2 < quote.paragraph) continue;
    TokenRange range{quote.open, quote.closed ? quote.close + 1 : quote.close};
    if (prev_para == quote.paragraph && prev.sentence + 2 >= s) {
      // '"Q1," she said. "Q2."': one statement in two pieces.
      prev.content.push_back(range);
      covered[q] = true;
      continue;
    }
    Attribution a;
    a.sentence = s;
    a.inherits_from = last;
    a.cue_class = prev.cue_class;
    a.content.push_back(range);
    added.push_back(a);
  }
  if (added.empty()) return;
  // Merge in sentence order, keeping inherits_from pointing right.
  std::vector<int> new_index(out->size());
  size_t total = out->size() + added.size();
  std::vector<Attribution> merged;
  merged.reserve(total);
  size_t i = 0;
  for (Attribution& a : added) {
    while (i < out->size() && (*out)[i].sentence <= a.sentence) {
      new_index[i] = static_cast<int>(merged.size());
      merged.push_back(std::move((*out)[i++]));
    }
    merged.push_back(std::move(a));
  }
  while (i < out->size()) {
    new_index[i] = static_cast<int>(merged.size());
    merged.push_back(std::move((*out)[i++]));
  }
  for (Attribution& a : merged) {
    if (a.inherits_from >= 0) a.inherits_from = new_index[a.inherits_from];
  }
  *out = std::move(merged);
}

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
