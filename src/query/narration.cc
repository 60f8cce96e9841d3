#include "query/narration.h"

#include <array>
#include <optional>
#include <string>

#include "common/hash.h"

namespace claimtrack::query {

namespace {

// Words that may stand between the holder and its predicate.
bool IsAuxiliary(std::string_view w) {
  static constexpr std::array<std::string_view, 26> kWords = {
      "has",       "have",       "had",    "will",     "would",  "is",
      "was",       "also",       "again",  "already",  "now",    "still",
      "formally",  "officially", "on",     "today",    "monday", "tuesday",
      "wednesday", "thursday",   "friday", "saturday", "sunday", "yesterday",
      "publicly",  "quietly"};
  for (std::string_view k : kWords) {
    if (w == k) return true;
  }
  return false;
}

// The holder a gazetteer phrase at tokens[pos] names, with its length.
size_t PlaceAt(const text::Lexicon& lexicon,
               const std::vector<std::string_view>& tokens, size_t pos,
               std::string* name) {
  int value = 0;
  int n = lexicon.places().Longest(tokens, pos, &value);
  if (n == 0) return 0;
  const text::PlaceRef& ref = lexicon.place_ref(value);
  *name = ref.kind == text::PlaceRef::kOrganization
              ? lexicon.organizations()[ref.index].name
              : lexicon.countries()[ref.index].name;
  return static_cast<size_t>(n);
}

// Splits a text into paragraphs at blank lines and at line breaks followed
// by indentation (newswire), then calls fn(words) for each sentence ending
// in . ! or ?.
template <typename Fn>
void ForEachSentence(std::string_view text, Fn fn) {
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = begin;
    while (end < text.size()) {
      if (text[end] == '\n' && end + 1 < text.size() &&
          (text[end + 1] == '\n' || text[end + 1] == ' ' ||
           text[end + 1] == '\t')) {
        break;
      }
      ++end;
    }
    std::vector<Word> words = SplitWords(text.substr(begin, end - begin),
                                         static_cast<uint32_t>(begin));
    size_t start = 0;
    for (size_t i = 0; i < words.size(); ++i) {
      if (!words[i].clause_break) continue;
      const std::string& p = words[i].lower;
      if (p != "." && p != "!" && p != "?") continue;
      if (i > start) {
        fn(std::vector<Word>(words.begin() + start, words.begin() + i + 1));
      }
      start = i + 1;
    }
    begin = end + 1;
  }
}

}  // namespace

std::vector<NarratedPosition> FindNarratedPositions(
    std::string_view text, std::string_view holder,
    const text::Lexicon& lexicon, const StanceLexicon& stance,
    const Subject& subject) {
  std::vector<NarratedPosition> out;
  ForEachSentence(text, [&](const std::vector<Word>& words) {
    std::vector<std::string_view> tokens;
    tokens.reserve(words.size());
    for (const Word& w : words) tokens.push_back(w.lower);
    // Dateline and subject: the leading run of places, the holder last.
    size_t pos = 0;
    std::optional<Span> named;
    while (pos < words.size()) {
      size_t at = pos;
      if (tokens[at] == "the" && at + 1 < words.size()) ++at;
      std::string name;
      size_t n = PlaceAt(lexicon, tokens, at, &name);
      if (n == 0) break;
      named.reset();
      if (name == holder) {
        named = Span{words[at].span.begin, words[at + n - 1].span.end};
      }
      pos = at + n;
    }
    if (!named) return;
    for (size_t k = 0; k < 3 && pos < words.size() && IsAuxiliary(tokens[pos]);
         ++k) {
      ++pos;
    }
    if (pos >= words.size()) return;
    int cue = 0;
    if (lexicon.cues().Longest(tokens, pos, &cue) > 0) return;
    StanceClass cls;
    size_t n = stance.PhraseAt(words, pos, &cls);
    if (n == 0 || cls == StanceClass::kCondition ||
        cls == StanceClass::kModality) {
      return;
    }
    std::vector<Word> predicate(words.begin() + pos, words.end() - 1);
    std::vector<bool> marks;
    subject.Match(predicate, &marks);
    StanceResult result = stance.Classify(predicate, marks);
    if (result.position == Position::kNeutral) return;
    NarratedPosition p;
    p.sentence = {words.front().span.begin, words.back().span.end};
    p.subject = *named;
    p.predicate = {words[pos].span.begin, words[pos + n - 1].span.end};
    p.content = {words[pos].span.begin, predicate.back().span.end};
    p.position = result.position;
    p.evidence = std::move(result.evidence);
    p.subject_mask = subject.empty() ? 0 : subject.Match(words, nullptr);
    out.push_back(std::move(p));
  });
  return out;
}

uint64_t NarrationId(uint64_t doc_num, uint32_t sentence_begin) {
  return StableHash()
      .Add("narration")
      .Add(doc_num)
      .Add(uint64_t{sentence_begin})
      .value();
}

}  // namespace claimtrack::query
