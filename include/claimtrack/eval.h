// Scoring the extractor against gold attributions.
//
// Gold files use the unified gold format of shared/corpus/README.md, one JSON
// object a line (other fields are ignored):
//   line  := {"doc_id": str, "article_id": str, "date": str|null,
//             "outlet": str|null, "title": str|null, "text": str,
//             "quotes": [quote]}
//   quote := {"id": str, "type": str|null, "cues": [span],
//             "sources": [span], "contents": [span]}
//   span  := {"start": int, "end": int, "text": str}
// Span offsets count Unicode code points of "text"; the reader converts them
// to byte Spans and checks that each covers exactly its "text". An article
// annotated several times appears on several lines: only the first is scored.
//
// The metric, defined once here and pinned down by tests/text/eval_test.cc:
// - Content of a gold attribution or a claim: the union of its content spans,
//   each trimmed at both edges of whitespace and the quote marks
//   " “ ” ‘ ’ ' « » ―. Sizes and intersections count code points.
// - overlap(a, b) = |a ∩ b| / max(|a|, |b|); 0 when either is empty.
// - Matching is one-to-one and greedy: candidate pairs with overlap >= the
//   threshold are taken by descending overlap (ties: gold order, then
//   prediction order), skipping pairs whose gold or prediction is taken.
// - Thresholds: kLooseOverlap (0.3), kStrictOverlap (0.8), and exact
//   (overlap == 1). Precision = matched predictions / predictions, recall =
//   matched gold / gold, micro-averaged over documents.
// - Over the pairs matched at kLooseOverlap: the source is correct when the
//   predicted source span shares a byte with a gold source span, or neither
//   side has one; the cue likewise with the cue spans.
// - Subsets restrict gold and predictions by one predicate each; matching is
//   always done once over the whole document, so a prediction counts as
//   correct in a subset when it matched any gold attribution.
//     speech:   the cue text passes the caller's CuePredicate (gold: its cue
//               spans joined by a space; a claim without a cue never does).
//     direct:   the first content span starts, after whitespace, with one of
//               the quote marks above; indirect: all others.
// - A gold attribution whose trimmed content is empty cannot be matched; it
//   is counted in EvalScores::gold_without_content and otherwise ignored.
#ifndef CLAIMTRACK_EVAL_H_
#define CLAIMTRACK_EVAL_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "claimtrack/claim.h"
#include "claimtrack/document.h"
#include "claimtrack/status.h"

namespace claimtrack {

class Extractor;

inline constexpr double kLooseOverlap = 0.3;
inline constexpr double kStrictOverlap = 0.8;

// ---------------------------------------------------------------- gold data

// Maps code-point offsets of a UTF-8 text to byte offsets. Immutable after
// Build; safe to share between threads.
class CodePointMap {
 public:
  // Fails with InvalidArgument when `text` is not well-formed UTF-8.
  static Result<CodePointMap> Build(std::string_view text);

  // Number of code points in the text.
  size_t size() const { return offsets_.size() - 1; }
  // Byte offset of code point `cp`; `cp == size()` gives the text's length.
  // nullopt when `cp > size()`.
  std::optional<uint32_t> ByteOffset(size_t cp) const;
  // The byte span of code points [begin, end), or nullopt when out of range
  // or begin > end.
  std::optional<Span> ToBytes(size_t begin, size_t end) const;

 private:
  std::vector<uint32_t> offsets_;  // code point i starts at offsets_[i]
};

// One attribution, with byte spans in text order.
struct GoldAttribution {
  std::string id;    // "E21"
  std::string type;  // "Attribution", "Attribution-no-source", or empty
  std::vector<Span> cues;
  std::vector<Span> sources;
  std::vector<Span> contents;
};

struct GoldDocument {
  // id = article_id, origin = "<file>:<line>"; date, outlet, title as given.
  Document doc;
  std::string annotation;  // the line's doc_id ("<article>_<annotator>")
  std::vector<GoldAttribution> attributions;
};

struct GoldSet {
  std::vector<GoldDocument> documents;  // one per article, in file order
  size_t lines = 0;                     // non-blank lines read
  size_t duplicate_lines = 0;  // lines of an article already read, skipped
};

// Parses one line of the gold format. `origin` ("file:line") prefixes every
// error message. Malformed JSON or fields are InvalidArgument; a span out of
// range or whose text differs from the text it covers is Corruption.
Result<GoldDocument> ParseGoldLine(std::string_view line,
                                   std::string_view origin);

// Reads a gold file, keeping the first line of each article_id. With
// `limit` > 0, stops after that many articles. IOError when the file cannot
// be read; otherwise the first error of ParseGoldLine.
Result<GoldSet> ReadGold(const std::string& path, size_t limit = 0);

// ---------------------------------------------------------- scoring pieces

// `span` without the whitespace and quote marks at its edges (possibly
// empty, then positioned where the trimming met).
Span TrimContent(std::string_view text, Span span);

// The trimmed spans, sorted and merged, empty ones dropped. Spans reaching
// past the text are clipped to it.
std::vector<Span> NormalizeContent(std::string_view text,
                                   const std::vector<Span>& spans);

// Code points covered by `spans` (normalized: sorted, disjoint).
size_t CodePointCount(std::string_view text, const std::vector<Span>& spans);

// overlap(a, b) as defined above, for two normalized contents.
double ContentOverlap(std::string_view text, const std::vector<Span>& a,
                      const std::vector<Span>& b);

// True when some span of `a` shares a byte with some span of `b`.
bool AnySpanOverlaps(const std::vector<Span>& a, const std::vector<Span>& b);

// The direct/indirect rule above: does the first content span start with a
// quote mark (after whitespace)?
bool IsDirectContent(std::string_view text, const std::vector<Span>& content);

struct Match {
  size_t gold;
  size_t predicted;
  double overlap;
};

// Greedy one-to-one matching over `overlaps[gold][predicted]` (all rows the
// same length), keeping pairs with overlap >= threshold (and > 0). Returned
// in the order taken: descending overlap.
std::vector<Match> MatchGreedy(const std::vector<std::vector<double>>& overlaps,
                               double threshold);

// ------------------------------------------------------------------ metrics

struct PrfCounts {
  int64_t predicted = 0;
  int64_t predicted_matched = 0;
  int64_t gold = 0;
  int64_t gold_matched = 0;

  double Precision() const;  // 0 when nothing was predicted
  double Recall() const;     // 0 when there is no gold
  double F1() const;
  PrfCounts& operator+=(const PrfCounts& other);
};

struct AccuracyCounts {
  int64_t correct = 0;
  int64_t total = 0;

  double Rate() const;  // 0 when total == 0
  AccuracyCounts& operator+=(const AccuracyCounts& other);
};

struct SubsetScores {
  PrfCounts loose;        // overlap >= kLooseOverlap
  PrfCounts strict;       // overlap >= kStrictOverlap
  PrfCounts exact;        // overlap == 1
  AccuracyCounts source;  // over gold of the subset matched at kLooseOverlap
  AccuracyCounts cue;
  int64_t gold_without_source = 0;          // gold of the subset
  int64_t matched_gold_without_source = 0;  // of those, matched (loose)

  SubsetScores& operator+=(const SubsetScores& other);
};

struct EvalScores {
  SubsetScores all;
  SubsetScores speech;
  SubsetScores direct;
  SubsetScores indirect;
  int64_t gold_without_content = 0;
  // Predicted claims and those matched at kLooseOverlap, indexed by
  // static_cast<int>(ClaimType).
  std::array<int64_t, 3> predicted_by_type{};
  std::array<int64_t, 3> matched_by_type{};

  EvalScores& operator+=(const EvalScores& other);
};

// Decides whether a cue, as written ("said", "according to"), belongs to the
// speech subset. May be empty: the subset is then empty.
using CuePredicate = std::function<bool(std::string_view cue_text)>;

// An attribution or claim left unmatched at kLooseOverlap, for the error dump.
struct ErrorItem {
  std::string id;             // gold id or claim id
  std::string kind;           // gold: "direct"/"indirect"; claim: its ClaimType
  std::vector<Span> content;  // as given, byte offsets
  std::string content_text;   // the spans' texts joined by " … "
  std::string source_text;
  std::string cue_text;
  double best_overlap = 0;  // with any item of the other side
  std::string best_id;      // that item's id, empty if none overlaps
};

struct DocumentErrors {
  std::string doc_id;
  std::string origin;
  std::vector<ErrorItem> false_negatives;  // gold not matched
  std::vector<ErrorItem> false_positives;  // predictions not matched
};

struct DocumentEval {
  EvalScores scores;
  DocumentErrors errors;
};

// Scores the claims predicted for one gold document. Pure: no I/O. Spans of
// `predicted` must point into gold.doc.text (spans past its end are clipped).
DocumentEval ScoreDocument(const GoldDocument& gold,
                           const std::vector<Claim>& predicted,
                           const CuePredicate& is_speech_cue);

// ------------------------------------------------------------- evaluation

struct EvalOptions {
  size_t limit = 0;  // articles to score; 0 scores all
  CuePredicate is_speech_cue;
  bool keep_errors = false;  // fill EvalReport::errors
};

struct EvalReport {
  size_t articles = 0;  // documents scored
  size_t lines = 0;     // gold lines read
  size_t duplicate_lines = 0;
  EvalScores scores;
  // Documents with at least one error, in file order (when keep_errors).
  std::vector<DocumentErrors> errors;
};

using ExtractFunction = std::function<std::vector<Claim>(const Document&)>;

// Runs `extract` over the documents of `gold` and sums their scores.
EvalReport Evaluate(const GoldSet& gold, const ExtractFunction& extract,
                    const EvalOptions& options);

// Reads `gold_path` (see ReadGold) and evaluates `extractor` over it.
Result<EvalReport> Evaluate(const Extractor& extractor,
                            const std::string& gold_path,
                            const EvalOptions& options);

// Writes `errors` to `path` as JSON Lines, one document a line:
//   {"doc_id", "origin", "false_negatives": [item], "false_positives": [item]}
//   item := {"id", "kind", "text", "spans": [[begin, end]] (bytes),
//            "source", "cue", "best_overlap", "best_id"}
// IOError when the file cannot be written.
Status WriteErrorDump(const std::string& path,
                      const std::vector<DocumentErrors>& errors);

}  // namespace claimtrack

#endif  // CLAIMTRACK_EVAL_H_
