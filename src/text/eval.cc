// Gold reading, scoring and the evaluation loop; the metric is defined in
// include/claimtrack/eval.h.
#include "claimtrack/eval.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <unordered_set>
#include <utility>

#include "claimtrack/extractor.h"
#include "common/utf8.h"

namespace claimtrack {

namespace {

using nlohmann::json;
using nlohmann::ordered_json;  // keeps the error dump's fields in order

// Trimmed from content edges. Whitespace includes U+00A0, which news text
// uses between a quote and its closing mark.
constexpr std::string_view kEdgeMarks[] = {
    " ", "\t",     "\n",     "\r",     "\f",     "\v",     "\u00A0", "\"",
    "'", "\u201C", "\u201D", "\u2018", "\u2019", "\u00AB", "\u00BB", "\u2015",
};

// Quote marks that make a content direct (whitespace excluded).
constexpr std::string_view kQuoteMarks[] = {
    "\"",     "'",      "\u201C", "\u201D", "\u2018",
    "\u2019", "\u00AB", "\u00BB", "\u2015",
};

bool IsSpace(std::string_view s) {
  return s.size() == 1 ? std::string_view(" \t\n\r\f\v").find(s[0]) !=
                             std::string_view::npos
                       : s == "\u00A0";
}

// Length of the edge mark `s` starts (front) or ends (back) with, or 0.
size_t EdgeMarkAt(std::string_view s, bool front) {
  for (std::string_view mark : kEdgeMarks) {
    if (front ? s.starts_with(mark) : s.ends_with(mark)) return mark.size();
  }
  return 0;
}

Span Clip(Span span, size_t text_size) {
  const auto size = static_cast<uint32_t>(text_size);
  span.end = std::min(span.end, size);
  span.begin = std::min(span.begin, span.end);
  return span;
}

std::string JoinTexts(std::string_view text, const std::vector<Span>& spans,
                      std::string_view separator) {
  std::string joined;
  for (const Span& span : spans) {
    if (!joined.empty()) joined += separator;
    joined += Clip(span, text.size()).In(text);
  }
  return joined;
}

// ------------------------------------------------------------ gold parsing

// Reads `obj[key]` as a string; null or absent gives "" unless required.
Status GetString(const json& obj, const char* key, bool required,
                 std::string* out) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    if (required) {
      return Status::InvalidArgument(std::string("missing field \"") + key +
                                     "\"");
    }
    out->clear();
    return Status::Ok();
  }
  if (it->is_string()) {
    *out = it->get<std::string>();
  } else if (it->is_number()) {
    *out = it->dump();  // ids are sometimes written as numbers
  } else {
    return Status::InvalidArgument(std::string("field \"") + key +
                                   "\" is not a string");
  }
  return Status::Ok();
}

// At most 60 code points of `s`, for messages.
std::string Excerpt(std::string_view s) {
  const size_t n = utf8::PrefixBytes(s, 60);
  return std::string(s.substr(0, n)) + (n < s.size() ? "..." : "");
}

Status ParseSpans(const json& quote, const char* key, const std::string& text,
                  const CodePointMap& map, std::vector<Span>* out) {
  auto it = quote.find(key);
  if (it == quote.end() || it->is_null()) return Status::Ok();
  if (!it->is_array()) {
    return Status::InvalidArgument(std::string("\"") + key +
                                   "\" is not an array");
  }
  for (const json& s : *it) {
    if (!s.is_object() || !s.contains("start") || !s.contains("end") ||
        !s["start"].is_number_unsigned() || !s["end"].is_number_unsigned()) {
      return Status::InvalidArgument(std::string("a span of \"") + key +
                                     "\" lacks non-negative integer start/end");
    }
    const auto start = s["start"].get<uint64_t>();
    const auto end = s["end"].get<uint64_t>();
    const std::string where = std::string(key) + " span [" +
                              std::to_string(start) + ", " +
                              std::to_string(end) + ")";
    std::optional<Span> span = map.ToBytes(start, end);
    if (!span) {
      return Status::Corruption(where + " is outside the text (" +
                                std::to_string(map.size()) + " code points)");
    }
    std::string expected;
    RETURN_IF_ERROR(GetString(s, "text", true, &expected));
    if (span->In(text) != expected) {
      return Status::Corruption(where + " covers \"" + Excerpt(span->In(text)) +
                                "\", not its text \"" + Excerpt(expected) +
                                "\"");
    }
    out->push_back(*span);
  }
  std::sort(out->begin(), out->end(), [](const Span& a, const Span& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  return Status::Ok();
}

Status ParseQuote(const json& quote, size_t index, const std::string& text,
                  const CodePointMap& map, GoldAttribution* out) {
  if (!quote.is_object()) {
    return Status::InvalidArgument("quote #" + std::to_string(index) +
                                   " is not an object");
  }
  RETURN_IF_ERROR(GetString(quote, "id", false, &out->id));
  if (out->id.empty()) out->id = "#" + std::to_string(index);
  Status status = GetString(quote, "type", false, &out->type);
  if (status.ok()) status = ParseSpans(quote, "cues", text, map, &out->cues);
  if (status.ok()) {
    status = ParseSpans(quote, "sources", text, map, &out->sources);
  }
  if (status.ok()) {
    status = ParseSpans(quote, "contents", text, map, &out->contents);
  }
  return status.WithContext("quote " + out->id);
}

Status ParseGoldObject(const json& line, GoldDocument* out) {
  if (!line.is_object()) return Status::InvalidArgument("not a JSON object");
  Document& doc = out->doc;
  RETURN_IF_ERROR(GetString(line, "article_id", true, &doc.id));
  if (doc.id.empty()) return Status::InvalidArgument("empty article_id");
  RETURN_IF_ERROR(GetString(line, "doc_id", false, &out->annotation));
  RETURN_IF_ERROR(GetString(line, "text", true, &doc.text));
  RETURN_IF_ERROR(GetString(line, "date", false, &doc.date));
  if (doc.date.size() > 10) doc.date.resize(10);  // drop a time part
  RETURN_IF_ERROR(GetString(line, "outlet", false, &doc.outlet));
  RETURN_IF_ERROR(GetString(line, "title", false, &doc.title));
  ASSIGN_OR_RETURN(CodePointMap map, CodePointMap::Build(doc.text));
  auto quotes = line.find("quotes");
  if (quotes == line.end() || !quotes->is_array()) {
    return Status::InvalidArgument("missing array \"quotes\"");
  }
  for (const json& quote : *quotes) {
    GoldAttribution attribution;
    RETURN_IF_ERROR(ParseQuote(quote, out->attributions.size(), doc.text, map,
                               &attribution));
    out->attributions.push_back(std::move(attribution));
  }
  return Status::Ok();
}

// ----------------------------------------------------------------- scoring

// The four subsets of eval.h, in EvalScores order.
enum Subset { kAll, kSpeech, kDirect, kIndirect, kNumSubsets };

template <typename Scores>  // EvalScores or const EvalScores
auto& ScoresOf(Scores& scores, int subset) {
  switch (subset) {
    case kSpeech:
      return scores.speech;
    case kDirect:
      return scores.direct;
    case kIndirect:
      return scores.indirect;
    default:
      return scores.all;
  }
}

// One side of the matching (a gold attribution or a claim), reduced to what
// scoring needs. Points into the gold document or the claims it came from.
struct Item {
  std::string_view id;
  const char* kind;                      // for the error dump
  const std::vector<Span>* raw_content;  // as given
  std::vector<Span> content;             // normalized
  std::vector<Span> sources;             // non-empty spans only
  std::vector<Span> cues;
  std::array<bool, kNumSubsets> in{};
};

std::vector<Span> NonEmpty(std::vector<Span> spans, size_t text_size) {
  for (Span& span : spans) span = Clip(span, text_size);
  std::erase_if(spans, [](const Span& s) { return s.empty(); });
  return spans;
}

std::vector<Span> NonEmpty(const std::optional<Span>& span, size_t text_size) {
  if (!span) return {};
  return NonEmpty(std::vector<Span>{*span}, text_size);
}

void SetSubsets(std::string_view text, std::string_view cue_text,
                const CuePredicate& is_speech_cue, Item* item) {
  const bool direct = IsDirectContent(text, *item->raw_content);
  item->in[kAll] = true;
  item->in[kSpeech] =
      is_speech_cue && !cue_text.empty() && is_speech_cue(cue_text);
  item->in[kDirect] = direct;
  item->in[kIndirect] = !direct;
}

// The gold attributions that can be scored; the others are counted.
std::vector<Item> GoldItems(const GoldDocument& gold,
                            const CuePredicate& is_speech_cue,
                            EvalScores* scores) {
  const std::string_view text = gold.doc.text;
  std::vector<Item> items;
  for (const GoldAttribution& a : gold.attributions) {
    Item item{a.id,
              "",
              &a.contents,
              NormalizeContent(text, a.contents),
              NonEmpty(a.sources, text.size()),
              NonEmpty(a.cues, text.size())};
    if (item.content.empty()) {
      ++scores->gold_without_content;
      continue;
    }
    SetSubsets(text, JoinTexts(text, a.cues, " "), is_speech_cue, &item);
    item.kind = item.in[kDirect] ? "direct" : "indirect";
    for (int s = 0; s < kNumSubsets; ++s) {
      if (!item.in[s]) continue;
      ScoresOf(*scores, s).gold_without_source += item.sources.empty();
    }
    items.push_back(std::move(item));
  }
  return items;
}

std::vector<Item> PredictedItems(std::string_view text,
                                 const std::vector<Claim>& predicted,
                                 const CuePredicate& is_speech_cue) {
  std::vector<Item> items;
  for (const Claim& claim : predicted) {
    Item item{claim.id,
              ClaimTypeName(claim.type),
              &claim.content,
              NormalizeContent(text, claim.content),
              NonEmpty(claim.source, text.size()),
              NonEmpty(claim.cue, text.size())};
    const std::string_view cue_text =
        item.cues.empty() ? std::string_view() : item.cues[0].In(text);
    SetSubsets(text, cue_text, is_speech_cue, &item);
    items.push_back(std::move(item));
  }
  return items;
}

std::vector<std::vector<double>> OverlapMatrix(std::string_view text,
                                               const std::vector<Item>& gold,
                                               const std::vector<Item>& pred) {
  std::vector<std::vector<double>> overlaps(gold.size(),
                                            std::vector<double>(pred.size()));
  for (size_t g = 0; g < gold.size(); ++g) {
    for (size_t p = 0; p < pred.size(); ++p) {
      overlaps[g][p] = ContentOverlap(text, gold[g].content, pred[p].content);
    }
  }
  return overlaps;
}

bool SameOrAbsent(const std::vector<Span>& gold,
                  const std::vector<Span>& predicted) {
  if (gold.empty() && predicted.empty()) return true;
  return AnySpanOverlaps(gold, predicted);
}

// Adds the precision/recall counts of one matching to every subset.
void CountMatching(const std::vector<Item>& gold,
                   const std::vector<Item>& predicted,
                   const std::vector<Match>& matches,
                   PrfCounts SubsetScores::*field, EvalScores* scores) {
  std::vector<bool> gold_matched(gold.size()), pred_matched(predicted.size());
  for (const Match& m : matches) {
    gold_matched[m.gold] = true;
    pred_matched[m.predicted] = true;
  }
  for (int s = 0; s < kNumSubsets; ++s) {
    PrfCounts& counts = ScoresOf(*scores, s).*field;
    for (size_t i = 0; i < gold.size(); ++i) {
      if (!gold[i].in[s]) continue;
      ++counts.gold;
      counts.gold_matched += gold_matched[i];
    }
    for (size_t j = 0; j < predicted.size(); ++j) {
      if (!predicted[j].in[s]) continue;
      ++counts.predicted;
      counts.predicted_matched += pred_matched[j];
    }
  }
}

// Source and cue accuracy over the loose matches, per subset of the gold.
void CountAccuracy(const std::vector<Item>& gold,
                   const std::vector<Item>& predicted,
                   const std::vector<Match>& matches, EvalScores* scores) {
  for (const Match& m : matches) {
    const Item& g = gold[m.gold];
    const Item& p = predicted[m.predicted];
    const bool source_ok = SameOrAbsent(g.sources, p.sources);
    const bool cue_ok = SameOrAbsent(g.cues, p.cues);
    for (int s = 0; s < kNumSubsets; ++s) {
      if (!g.in[s]) continue;
      SubsetScores& sub = ScoresOf(*scores, s);
      ++sub.source.total;
      sub.source.correct += source_ok;
      ++sub.cue.total;
      sub.cue.correct += cue_ok;
      sub.matched_gold_without_source += g.sources.empty();
    }
  }
}

void CountTypes(const std::vector<Claim>& predicted,
                const std::vector<bool>& matched, EvalScores* scores) {
  for (size_t p = 0; p < predicted.size(); ++p) {
    const auto type = static_cast<size_t>(predicted[p].type);
    if (type >= scores->predicted_by_type.size()) continue;
    ++scores->predicted_by_type[type];
    scores->matched_by_type[type] += matched[p];
  }
}

// An unmatched item, with the item of the other side it overlaps most
// (`overlaps` is its row or column of the overlap matrix).
ErrorItem MakeErrorItem(std::string_view text, const Item& item,
                        const std::vector<double>& overlaps,
                        const std::vector<Item>& others) {
  ErrorItem error;
  error.id = item.id;
  error.kind = item.kind;
  error.content = *item.raw_content;
  error.content_text = JoinTexts(text, *item.raw_content, " … ");
  error.source_text = JoinTexts(text, item.sources, " ");
  error.cue_text = JoinTexts(text, item.cues, " ");
  double best = 0;
  for (size_t k = 0; k < overlaps.size(); ++k) {
    if (overlaps[k] > best) {
      best = overlaps[k];
      error.best_id = others[k].id;
    }
  }
  error.best_overlap = std::round(best * 1000) / 1000;
  return error;
}

void CollectErrors(std::string_view text, const std::vector<Item>& gold,
                   const std::vector<Item>& pred,
                   const std::vector<std::vector<double>>& overlaps,
                   const std::vector<bool>& gold_matched,
                   const std::vector<bool>& pred_matched,
                   DocumentErrors* errors) {
  for (size_t g = 0; g < gold.size(); ++g) {
    if (gold_matched[g]) continue;
    errors->false_negatives.push_back(
        MakeErrorItem(text, gold[g], overlaps[g], pred));
  }
  for (size_t p = 0; p < pred.size(); ++p) {
    if (pred_matched[p]) continue;
    std::vector<double> column(gold.size());
    for (size_t g = 0; g < gold.size(); ++g) column[g] = overlaps[g][p];
    errors->false_positives.push_back(
        MakeErrorItem(text, pred[p], column, gold));
  }
}

ordered_json ErrorItemJson(const ErrorItem& item) {
  ordered_json spans = ordered_json::array();
  for (const Span& s : item.content) spans.push_back({s.begin, s.end});
  return {{"id", item.id},
          {"kind", item.kind},
          {"text", item.content_text},
          {"spans", spans},
          {"source", item.source_text},
          {"cue", item.cue_text},
          {"best_overlap", item.best_overlap},
          {"best_id", item.best_id}};
}

}  // namespace

// ------------------------------------------------------------ CodePointMap

Result<CodePointMap> CodePointMap::Build(std::string_view text) {
  if (auto error = utf8::FindInvalid(text)) {
    return Status::InvalidArgument("ill-formed UTF-8 at byte " +
                                   std::to_string(error->offset) + ": " +
                                   error->reason);
  }
  CodePointMap map;
  map.offsets_.reserve(text.size() + 1);
  for (size_t i = 0; i < text.size(); ++i) {
    if (!utf8::IsContinuation(static_cast<unsigned char>(text[i]))) {
      map.offsets_.push_back(static_cast<uint32_t>(i));
    }
  }
  map.offsets_.push_back(static_cast<uint32_t>(text.size()));
  return map;
}

std::optional<uint32_t> CodePointMap::ByteOffset(size_t cp) const {
  if (cp >= offsets_.size()) return std::nullopt;
  return offsets_[cp];
}

std::optional<Span> CodePointMap::ToBytes(size_t begin, size_t end) const {
  if (begin > end || end > size()) return std::nullopt;
  return Span{offsets_[begin], offsets_[end]};
}

// ---------------------------------------------------------------- reading

Result<GoldDocument> ParseGoldLine(std::string_view line,
                                   std::string_view origin) {
  GoldDocument gold;
  Status status;
  try {
    json parsed = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded()) {
      status = Status::InvalidArgument("malformed JSON");
    } else {
      status = ParseGoldObject(parsed, &gold);
    }
  } catch (const json::exception& e) {
    status = Status::InvalidArgument(e.what());
  }
  if (!status.ok()) return status.WithContext(origin);
  gold.doc.origin = std::string(origin);
  return gold;
}

Result<GoldSet> ReadGold(const std::string& path, size_t limit) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError(path + ": cannot open");
  GoldSet set;
  std::unordered_set<std::string> seen;
  std::string line;
  size_t line_no = 0;
  while ((limit == 0 || set.documents.size() < limit) &&
         std::getline(in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    ++set.lines;
    ASSIGN_OR_RETURN(GoldDocument gold,
                     ParseGoldLine(line, path + ":" + std::to_string(line_no)));
    if (!seen.insert(gold.doc.id).second) {
      ++set.duplicate_lines;
      continue;
    }
    set.documents.push_back(std::move(gold));
  }
  if (in.bad()) return Status::IOError(path + ": read failed");
  return set;
}

// ---------------------------------------------------------- scoring pieces

Span TrimContent(std::string_view text, Span span) {
  span = Clip(span, text.size());
  while (!span.empty()) {
    size_t front = EdgeMarkAt(span.In(text), /*front=*/true);
    if (front == 0) break;
    span.begin += static_cast<uint32_t>(front);
  }
  while (!span.empty()) {
    size_t back = EdgeMarkAt(span.In(text), /*front=*/false);
    if (back == 0) break;
    span.end -= static_cast<uint32_t>(back);
  }
  return span;
}

std::vector<Span> NormalizeContent(std::string_view text,
                                   const std::vector<Span>& spans) {
  std::vector<Span> trimmed;
  for (const Span& span : spans) {
    Span t = TrimContent(text, span);
    if (!t.empty()) trimmed.push_back(t);
  }
  std::sort(trimmed.begin(), trimmed.end(),
            [](const Span& a, const Span& b) { return a.begin < b.begin; });
  std::vector<Span> merged;
  for (const Span& span : trimmed) {
    if (!merged.empty() && span.begin <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, span.end);
    } else {
      merged.push_back(span);
    }
  }
  return merged;
}

size_t CodePointCount(std::string_view text, const std::vector<Span>& spans) {
  size_t count = 0;
  for (const Span& span : spans) {
    for (unsigned char c : Clip(span, text.size()).In(text)) {
      count += !utf8::IsContinuation(c);
    }
  }
  return count;
}

double ContentOverlap(std::string_view text, const std::vector<Span>& a,
                      const std::vector<Span>& b) {
  const size_t size_a = CodePointCount(text, a);
  const size_t size_b = CodePointCount(text, b);
  if (size_a == 0 || size_b == 0) return 0;
  std::vector<Span> shared;
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    const uint32_t begin = std::max(a[i].begin, b[j].begin);
    const uint32_t end = std::min(a[i].end, b[j].end);
    if (begin < end) shared.push_back({begin, end});
    (a[i].end < b[j].end) ? ++i : ++j;
  }
  return static_cast<double>(CodePointCount(text, shared)) /
         static_cast<double>(std::max(size_a, size_b));
}

bool AnySpanOverlaps(const std::vector<Span>& a, const std::vector<Span>& b) {
  for (const Span& x : a) {
    for (const Span& y : b) {
      if (std::max(x.begin, y.begin) < std::min(x.end, y.end)) return true;
    }
  }
  return false;
}

bool IsDirectContent(std::string_view text, const std::vector<Span>& content) {
  if (content.empty()) return false;
  const Span* first = &content.front();
  for (const Span& span : content) {
    if (span.begin < first->begin) first = &span;
  }
  std::string_view s = Clip(*first, text.size()).In(text);
  while (!s.empty()) {
    size_t n = EdgeMarkAt(s, /*front=*/true);
    if (n == 0 || !IsSpace(s.substr(0, n))) break;
    s.remove_prefix(n);
  }
  for (std::string_view mark : kQuoteMarks) {
    if (s.starts_with(mark)) return true;
  }
  return false;
}

std::vector<Match> MatchGreedy(const std::vector<std::vector<double>>& overlaps,
                               double threshold) {
  std::vector<Match> candidates;
  for (size_t g = 0; g < overlaps.size(); ++g) {
    for (size_t p = 0; p < overlaps[g].size(); ++p) {
      const double overlap = overlaps[g][p];
      if (overlap > 0 && overlap >= threshold) {
        candidates.push_back({g, p, overlap});
      }
    }
  }
  // Stable: equal overlaps keep gold order, then prediction order.
  std::stable_sort(
      candidates.begin(), candidates.end(),
      [](const Match& a, const Match& b) { return a.overlap > b.overlap; });
  std::vector<bool> gold_taken(overlaps.size());
  std::vector<bool> pred_taken(overlaps.empty() ? 0 : overlaps[0].size());
  std::vector<Match> matches;
  for (const Match& m : candidates) {
    if (gold_taken[m.gold] || pred_taken[m.predicted]) continue;
    gold_taken[m.gold] = pred_taken[m.predicted] = true;
    matches.push_back(m);
  }
  return matches;
}

// ------------------------------------------------------------------ metrics

double PrfCounts::Precision() const {
  return predicted == 0 ? 0
                        : static_cast<double>(predicted_matched) /
                              static_cast<double>(predicted);
}

double PrfCounts::Recall() const {
  return gold == 0
             ? 0
             : static_cast<double>(gold_matched) / static_cast<double>(gold);
}

double PrfCounts::F1() const {
  const double p = Precision(), r = Recall();
  return p + r == 0 ? 0 : 2 * p * r / (p + r);
}

PrfCounts& PrfCounts::operator+=(const PrfCounts& other) {
  predicted += other.predicted;
  predicted_matched += other.predicted_matched;
  gold += other.gold;
  gold_matched += other.gold_matched;
  return *this;
}

double AccuracyCounts::Rate() const {
  return total == 0 ? 0
                    : static_cast<double>(correct) / static_cast<double>(total);
}

AccuracyCounts& AccuracyCounts::operator+=(const AccuracyCounts& other) {
  correct += other.correct;
  total += other.total;
  return *this;
}

SubsetScores& SubsetScores::operator+=(const SubsetScores& other) {
  loose += other.loose;
  strict += other.strict;
  exact += other.exact;
  source += other.source;
  cue += other.cue;
  gold_without_source += other.gold_without_source;
  matched_gold_without_source += other.matched_gold_without_source;
  return *this;
}

EvalScores& EvalScores::operator+=(const EvalScores& other) {
  for (int s = 0; s < kNumSubsets; ++s) {
    ScoresOf(*this, s) += ScoresOf(other, s);
  }
  gold_without_content += other.gold_without_content;
  for (size_t t = 0; t < predicted_by_type.size(); ++t) {
    predicted_by_type[t] += other.predicted_by_type[t];
    matched_by_type[t] += other.matched_by_type[t];
  }
  return *this;
}

// ---------------------------------------------------------------- scoring

DocumentEval ScoreDocument(const GoldDocument& gold,
                           const std::vector<Claim>& predicted,
                           const CuePredicate& is_speech_cue) {
  const std::string_view text = gold.doc.text;
  DocumentEval result;
  EvalScores& scores = result.scores;
  const std::vector<Item> gold_items = GoldItems(gold, is_speech_cue, &scores);
  const std::vector<Item> pred_items =
      PredictedItems(text, predicted, is_speech_cue);
  const auto overlaps = OverlapMatrix(text, gold_items, pred_items);

  const std::vector<Match> loose = MatchGreedy(overlaps, kLooseOverlap);
  CountMatching(gold_items, pred_items, loose, &SubsetScores::loose, &scores);
  CountMatching(gold_items, pred_items, MatchGreedy(overlaps, kStrictOverlap),
                &SubsetScores::strict, &scores);
  CountMatching(gold_items, pred_items, MatchGreedy(overlaps, 1.0),
                &SubsetScores::exact, &scores);
  CountAccuracy(gold_items, pred_items, loose, &scores);

  std::vector<bool> gold_matched(gold_items.size());
  std::vector<bool> pred_matched(pred_items.size());
  for (const Match& m : loose) {
    gold_matched[m.gold] = pred_matched[m.predicted] = true;
  }
  CountTypes(predicted, pred_matched, &scores);

  result.errors.doc_id = gold.doc.id;
  result.errors.origin = gold.doc.origin;
  CollectErrors(text, gold_items, pred_items, overlaps, gold_matched,
                pred_matched, &result.errors);
  return result;
}

// ------------------------------------------------------------- evaluation

EvalReport Evaluate(const GoldSet& gold, const ExtractFunction& extract,
                    const EvalOptions& options) {
  EvalReport report;
  report.lines = gold.lines;
  report.duplicate_lines = gold.duplicate_lines;
  for (const GoldDocument& doc : gold.documents) {
    if (options.limit > 0 && report.articles >= options.limit) break;
    DocumentEval scored =
        ScoreDocument(doc, extract(doc.doc), options.is_speech_cue);
    report.scores += scored.scores;
    ++report.articles;
    if (options.keep_errors && (!scored.errors.false_negatives.empty() ||
                                !scored.errors.false_positives.empty())) {
      report.errors.push_back(std::move(scored.errors));
    }
  }
  return report;
}

Result<EvalReport> Evaluate(const Extractor& extractor,
                            const std::string& gold_path,
                            const EvalOptions& options) {
  ASSIGN_OR_RETURN(GoldSet gold, ReadGold(gold_path, options.limit));
  return Evaluate(
      gold, [&](const Document& doc) { return extractor.Extract(doc); },
      options);
}

Status WriteErrorDump(const std::string& path,
                      const std::vector<DocumentErrors>& errors) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Status::IOError(path + ": cannot open for writing");
  try {
    for (const DocumentErrors& doc : errors) {
      ordered_json fn = ordered_json::array(), fp = ordered_json::array();
      for (const ErrorItem& item : doc.false_negatives) {
        fn.push_back(ErrorItemJson(item));
      }
      for (const ErrorItem& item : doc.false_positives) {
        fp.push_back(ErrorItemJson(item));
      }
      ordered_json line = {{"doc_id", doc.doc_id},
                           {"origin", doc.origin},
                           {"false_negatives", std::move(fn)},
                           {"false_positives", std::move(fp)}};
      // Replace rather than throw should a predicted span split a character.
      out << line.dump(-1, ' ', false, ordered_json::error_handler_t::replace)
          << '\n';
    }
  } catch (const json::exception& e) {
    return Status::InvalidArgument(path + ": " + e.what());
  }
  out.flush();
  if (!out) return Status::IOError(path + ": write failed");
  return Status::Ok();
}

}  // namespace claimtrack
