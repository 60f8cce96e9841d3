#include "claimtrack/eval.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace claimtrack {
namespace {

using nlohmann::json;

// The byte span of the first occurrence of `needle` in `text` at or after
// byte `from`.
Span Find(std::string_view text, std::string_view needle, size_t from = 0) {
  const size_t at = text.find(needle, from);
  REQUIRE(at != std::string_view::npos);
  return Span{static_cast<uint32_t>(at),
              static_cast<uint32_t>(at + needle.size())};
}

Claim MakeClaim(std::string id, std::vector<Span> content,
                std::optional<Span> cue = std::nullopt,
                std::optional<Span> source = std::nullopt) {
  Claim claim;
  claim.id = std::move(id);
  claim.content = std::move(content);
  claim.cue = cue;
  claim.source = source;
  return claim;
}

GoldDocument MakeGold(std::string text) {
  GoldDocument gold;
  gold.doc.id = "doc";
  gold.doc.text = std::move(text);
  return gold;
}

void AddGold(GoldDocument* gold, std::string id, std::vector<Span> contents,
             std::vector<Span> cues = {}, std::vector<Span> sources = {}) {
  gold->attributions.push_back(
      GoldAttribution{std::move(id), "Attribution", std::move(cues),
                      std::move(sources), std::move(contents)});
}

bool SaysSaid(std::string_view cue) { return cue == "said" || cue == "told"; }

// A gold line with `text` and one quote whose content is code points
// [start, end) claimed to read `span_text`.
std::string GoldLine(const std::string& article, const std::string& text,
                     int start, int end, const std::string& span_text) {
  json span = {{"start", start}, {"end", end}, {"text", span_text}};
  json quote = {{"id", "E1"},
                {"type", "Attribution"},
                {"cues", json::array()},
                {"sources", json::array()},
                {"contents", json::array({span})}};
  json line = {{"doc_id", article + "_a"},
               {"article_id", article},
               {"date", "2016-09-12"},
               {"outlet", "test"},
               {"title", nullptr},
               {"text", text},
               {"quotes", json::array({quote})}};
  return line.dump();
}

// A file in the temporary directory, removed at scope exit.
class TempFile {
 public:
  explicit TempFile(const std::string& name)
      : path_((std::filesystem::temp_directory_path() /
               ("claimtrack_eval_test_" + name))
                  .string()) {}
  ~TempFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }
  void Write(const std::string& content) const {
    std::ofstream(path_, std::ios::binary) << content;
  }

 private:
  std::string path_;
};

TEST_CASE("CodePointMap converts code points to bytes", "[text][eval]") {
  // “ (3 bytes) C a f é (2) ” (3) space 😀 (4) space x
  const std::string text = "\u201CCaf\u00E9\u201D \U0001F600 x";
  auto map = CodePointMap::Build(text);
  REQUIRE(map.ok());
  CHECK(map->size() == 10);
  const uint32_t expected[] = {0, 3, 4, 5, 6, 8, 11, 12, 16, 17, 18};
  for (size_t cp = 0; cp <= 10; ++cp) {
    CHECK(map->ByteOffset(cp) == expected[cp]);
  }
  CHECK_FALSE(map->ByteOffset(11).has_value());
  CHECK(map->ToBytes(1, 5)->In(text) == "Caf\u00E9");
  CHECK(map->ToBytes(7, 8)->In(text) == "\U0001F600");
  CHECK(map->ToBytes(0, 10)->In(text) == text);
  CHECK_FALSE(map->ToBytes(3, 2).has_value());
  CHECK_FALSE(map->ToBytes(0, 11).has_value());
  CHECK(CodePointMap::Build("bad \xC3").status().IsInvalidArgument());
}

TEST_CASE("ParseGoldLine converts and checks spans", "[text][eval]") {
  const std::string text =
      "\U0001F600 She said: \u201CCaf\u00E9 is open.\u201D";
  // Code points: 😀=0, ' '=1, "She"=2..4, ' '=5, "said:"=6..10, ' '=11,
  // “=12, "Café is open."=13..25, ”=26.
  auto gold = ParseGoldLine(
      GoldLine("a1", text, 12, 27, "\u201CCaf\u00E9 is open.\u201D"),
      "gold.jsonl:3");
  REQUIRE(gold.ok());
  CHECK(gold->doc.id == "a1");
  CHECK(gold->annotation == "a1_a");
  CHECK(gold->doc.date == "2016-09-12");
  CHECK(gold->doc.origin == "gold.jsonl:3");
  REQUIRE(gold->attributions.size() == 1);
  const Span content = gold->attributions[0].contents.at(0);
  CHECK(content.In(text) == "\u201CCaf\u00E9 is open.\u201D");
  CHECK(content.begin == 15);  // 4 bytes of emoji + " She said: "
  CHECK(content.end == text.size());

  SECTION("a span whose text differs names the line") {
    auto bad =
        ParseGoldLine(GoldLine("a1", text, 13, 17, "Cafe"), "gold.jsonl:3");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.status().IsCorruption());
    CHECK(bad.status().message().find("gold.jsonl:3") != std::string::npos);
    CHECK(bad.status().message().find("E1") != std::string::npos);
  }
  SECTION("a span past the text") {
    auto bad = ParseGoldLine(GoldLine("a1", text, 20, 40, "x"), "g:1");
    CHECK(bad.status().IsCorruption());
  }
  SECTION("malformed lines") {
    CHECK(ParseGoldLine("{not json", "g:2").status().IsInvalidArgument());
    CHECK(ParseGoldLine("[1]", "g:2").status().IsInvalidArgument());
    CHECK(ParseGoldLine(R"({"article_id": "x", "text": "t"})", "g:2")
              .status()
              .IsInvalidArgument());
    auto no_id = ParseGoldLine(R"({"text": "t", "quotes": []})", "g:9");
    CHECK(no_id.status().message().find("g:9") != std::string::npos);
  }
}

TEST_CASE("TrimContent drops quote marks and whitespace", "[text][eval]") {
  auto trimmed = [](const std::string& text) {
    Span all{0, static_cast<uint32_t>(text.size())};
    return std::string(TrimContent(text, all).In(text));
  };
  CHECK(trimmed("  \u201CHello, world.\u201D ") == "Hello, world.");
  CHECK(trimmed("\u00ABBonjour\u00BB") == "Bonjour");
  CHECK(trimmed("\u2015 we will win") == "we will win");
  CHECK(trimmed("'It\u2019s fine,' ") == "It\u2019s fine,");
  CHECK(trimmed("\"\u00A0quoted\u00A0\"") == "quoted");
  CHECK(trimmed("\u201C \u201D").empty());
  CHECK(trimmed("plain") == "plain");
}

TEST_CASE("ContentOverlap counts shared code points", "[text][eval]") {
  const std::string text = "\u00E9t\u00E9 chaud \u201Cabcdefghij\u201D";
  const Span all = Find(text, "\u201Cabcdefghij\u201D");
  const Span abcde = Find(text, "abcde");
  const Span fghij = Find(text, "fghij");
  auto norm = [&](std::vector<Span> spans) {
    return NormalizeContent(text, spans);
  };
  CHECK(ContentOverlap(text, norm({all}), norm({all})) == 1.0);
  // Quote marks are trimmed, so the quoted span equals its inside.
  CHECK(ContentOverlap(text, norm({all}), norm({abcde, fghij})) == 1.0);
  CHECK(ContentOverlap(text, norm({all}), norm({abcde})) == 0.5);
  CHECK(ContentOverlap(text, norm({abcde}), norm({fghij})) == 0.0);
  CHECK(ContentOverlap(text, norm({}), norm({abcde})) == 0.0);
  // "été" is 3 code points (5 bytes); "été chaud" is 9.
  const Span ete = Find(text, "\u00E9t\u00E9");
  const Span ete_chaud = Find(text, "\u00E9t\u00E9 chaud");
  CHECK(CodePointCount(text, {ete}) == 3);
  CHECK(ContentOverlap(text, norm({ete}), norm({ete_chaud})) ==
        Approx(3.0 / 9.0));
  // Overlapping spans of one content are merged, not counted twice.
  CHECK(norm({Find(text, "abcdef"), Find(text, "defghi")}).size() == 1);
  CHECK(AnySpanOverlaps({abcde}, {Find(text, "efg")}));
  CHECK_FALSE(AnySpanOverlaps({abcde}, {fghij}));
}

TEST_CASE("MatchGreedy is one-to-one by descending overlap", "[text][eval]") {
  SECTION("two predictions compete for one gold") {
    auto matches = MatchGreedy({{0.5, 0.9}}, 0.3);
    REQUIRE(matches.size() == 1);
    CHECK(matches[0].gold == 0);
    CHECK(matches[0].predicted == 1);
  }
  SECTION("the best pair first, the loser takes the next gold") {
    // gold 0: p0 0.6, p1 0.7; gold 1: p0 0.4, p1 0.8.
    auto matches = MatchGreedy({{0.6, 0.7}, {0.4, 0.8}}, 0.3);
    REQUIRE(matches.size() == 2);
    CHECK(matches[0].gold == 1);
    CHECK(matches[0].predicted == 1);
    CHECK(matches[1].gold == 0);
    CHECK(matches[1].predicted == 0);
  }
  SECTION("pairs under the threshold are never taken") {
    CHECK(MatchGreedy({{0.29, 0.1}}, 0.3).empty());
    CHECK(MatchGreedy({{0.8}}, 0.8).size() == 1);
    CHECK(MatchGreedy({{0.0}}, 0.0).empty());
    CHECK(MatchGreedy({}, 0.3).empty());
  }
  SECTION("ties go to the earlier gold") {
    auto matches = MatchGreedy({{0.5}, {0.5}}, 0.3);
    REQUIRE(matches.size() == 1);
    CHECK(matches[0].gold == 0);
  }
}

TEST_CASE("ScoreDocument applies thresholds and exact match", "[text][eval]") {
  GoldDocument gold = MakeGold(
      "Smith said \u201Cone two three four five six seven eight nine "
      "ten.\u201D "
      "Jones said that prices will rise.");
  const std::string& text = gold.doc.text;
  AddGold(
      &gold, "E1",
      {Find(text,
            "\u201Cone two three four five six seven eight nine ten.\u201D")},
      {Find(text, "said")}, {Find(text, "Smith")});
  AddGold(&gold, "E2", {Find(text, "prices will rise")},
          {Find(text, "said that")}, {Find(text, "Jones")});

  std::vector<Claim> predicted = {
      // Exact after trimming: no quote marks, same words.
      MakeClaim("c1", {Find(text,
                            "one two three four five six seven eight "
                            "nine ten.")}),
      // Half of "prices will rise" (8 of 16 code points).
      MakeClaim("c2", {Find(text, "prices w")}),
  };
  EvalScores s = ScoreDocument(gold, predicted, SaysSaid).scores;
  CHECK(s.all.loose.gold == 2);
  CHECK(s.all.loose.gold_matched == 2);
  CHECK(s.all.loose.predicted_matched == 2);
  CHECK(s.all.strict.gold_matched == 1);
  CHECK(s.all.exact.gold_matched == 1);
  CHECK(s.all.exact.predicted == 2);
  CHECK(s.all.exact.Precision() == 0.5);
  CHECK(s.all.exact.Recall() == 0.5);
  CHECK(s.all.exact.F1() == 0.5);
  // Direct: E1 starts with “; the prediction c1 does not.
  CHECK(s.direct.loose.gold == 1);
  CHECK(s.indirect.loose.gold == 1);
  CHECK(s.direct.loose.predicted == 0);
  CHECK(s.indirect.loose.predicted == 2);
}

TEST_CASE("ScoreDocument scores sources and cues of matched pairs",
          "[text][eval]") {
  GoldDocument gold = MakeGold(
      "Smith said the plan works. The plan fails, Jones told reporters. "
      "Rain is coming, forecasts show.");
  const std::string& text = gold.doc.text;
  AddGold(&gold, "E1", {Find(text, "the plan works")}, {Find(text, "said")},
          {Find(text, "Smith")});
  AddGold(&gold, "E2", {Find(text, "The plan fails")}, {Find(text, "told")},
          {Find(text, "Jones")});
  AddGold(&gold, "E3", {Find(text, "Rain is coming")}, {Find(text, "show")});

  std::vector<Claim> predicted = {
      // Right source (overlapping), right cue.
      MakeClaim("c1", {Find(text, "the plan works")}, Find(text, "said"),
                Find(text, "Smith said")),
      // Wrong source, wrong cue.
      MakeClaim("c2", {Find(text, "The plan fails")}, Find(text, "reporters"),
                Find(text, "reporters")),
      // No source on either side: correct.
      MakeClaim("c3", {Find(text, "Rain is coming")}, Find(text, "show")),
  };
  EvalScores s = ScoreDocument(gold, predicted, SaysSaid).scores;
  CHECK(s.all.source.total == 3);
  CHECK(s.all.source.correct == 2);
  CHECK(s.all.cue.correct == 2);
  CHECK(s.all.gold_without_source == 1);
  CHECK(s.all.matched_gold_without_source == 1);
}

TEST_CASE("ScoreDocument restricts the speech subset by cue", "[text][eval]") {
  GoldDocument gold = MakeGold(
      "Smith said taxes rise. Costs fall, according to Jones. "
      "Lee said nothing new.");
  const std::string& text = gold.doc.text;
  const Span first_said = Find(text, "said");
  const Span second_said = Find(text, "said", first_said.end);
  AddGold(&gold, "E1", {Find(text, "taxes rise")}, {first_said},
          {Find(text, "Smith")});
  AddGold(&gold, "E2", {Find(text, "Costs fall")}, {Find(text, "according to")},
          {Find(text, "Jones")});
  AddGold(&gold, "E3", {Find(text, "nothing new")}, {second_said},
          {Find(text, "Lee")});

  std::vector<Claim> predicted = {
      MakeClaim("c1", {Find(text, "taxes rise")}, first_said),
      // A "said" prediction matched to the "according to" gold: a correct
      // speech prediction, though its gold is outside the subset.
      MakeClaim("c2", {Find(text, "Costs fall")}, first_said),
      // A speech prediction that matches nothing.
      MakeClaim("c3", {Find(text, "Lee said")}, second_said),
      // No cue: never in the subset.
      MakeClaim("c4", {Find(text, "Lee")}),
  };
  EvalScores s = ScoreDocument(gold, predicted, SaysSaid).scores;
  CHECK(s.speech.loose.gold == 2);               // E1, E3
  CHECK(s.speech.loose.gold_matched == 1);       // E1
  CHECK(s.speech.loose.predicted == 3);          // c1, c2, c3
  CHECK(s.speech.loose.predicted_matched == 2);  // c1, c2
  CHECK(s.speech.source.total == 1);             // the pair c1-E1
  CHECK(s.speech.cue.correct == 1);
  CHECK(s.all.loose.gold_matched == 2);
  CHECK(s.all.cue.total == 2);
  CHECK(s.all.cue.correct == 1);  // c2's "said" is not "according to"

  // Without a predicate the subset is empty.
  EvalScores none = ScoreDocument(gold, predicted, nullptr).scores;
  CHECK(none.speech.loose.gold == 0);
  CHECK(none.speech.loose.predicted == 0);
}

TEST_CASE("ScoreDocument reports unmatched items and claim types",
          "[text][eval]") {
  GoldDocument gold = MakeGold("He said yes. She said no. \u201C\u201D");
  const std::string& text = gold.doc.text;
  AddGold(&gold, "E1", {Find(text, "yes")}, {Find(text, "said")});
  AddGold(&gold, "E2", {Find(text, "no")});
  AddGold(&gold, "E3", {Find(text, "\u201C\u201D")});  // empty once trimmed
  Claim c1 = MakeClaim("c1", {Find(text, "yes")});
  c1.type = ClaimType::kDirect;
  Claim c2 = MakeClaim("c2", {Find(text, "She")});
  c2.type = ClaimType::kMixed;

  DocumentEval eval = ScoreDocument(gold, {c1, c2}, SaysSaid);
  CHECK(eval.scores.gold_without_content == 1);
  CHECK(eval.scores.all.loose.gold == 2);
  CHECK(eval.scores.predicted_by_type[0] == 1);
  CHECK(eval.scores.matched_by_type[0] == 1);
  CHECK(eval.scores.predicted_by_type[2] == 1);
  CHECK(eval.scores.matched_by_type[2] == 0);
  REQUIRE(eval.errors.false_negatives.size() == 1);
  CHECK(eval.errors.false_negatives[0].id == "E2");
  CHECK(eval.errors.false_negatives[0].content_text == "no");
  REQUIRE(eval.errors.false_positives.size() == 1);
  CHECK(eval.errors.false_positives[0].id == "c2");
  CHECK(eval.errors.false_positives[0].kind == "mixed");
  CHECK(eval.errors.false_positives[0].best_overlap == 0);

  TempFile dump("dump.jsonl");
  REQUIRE(WriteErrorDump(dump.path(), {eval.errors}).ok());
  std::ifstream in(dump.path());
  std::string line;
  REQUIRE(std::getline(in, line));
  json parsed = json::parse(line);
  CHECK(parsed["doc_id"] == "doc");
  CHECK(parsed["false_negatives"][0]["text"] == "no");
  CHECK(parsed["false_positives"][0]["text"] == "She");
}

TEST_CASE("ReadGold scores one line per article", "[text][eval]") {
  const std::string text = "\u201CYes,\u201D he said.";
  TempFile file("gold.jsonl");
  file.Write(GoldLine("a1", text, 1, 4, "Yes") + "\n" +
             GoldLine("a1", text, 0, 6, "\u201CYes,\u201D") + "\n\n" +
             GoldLine("a2", text, 1, 4, "Yes") + "\n");
  auto gold = ReadGold(file.path());
  REQUIRE(gold.ok());
  CHECK(gold->lines == 3);
  CHECK(gold->duplicate_lines == 1);
  REQUIRE(gold->documents.size() == 2);
  CHECK(gold->documents[0].doc.id == "a1");
  CHECK(gold->documents[0].attributions[0].contents[0].In(text) == "Yes");
  CHECK(gold->documents[1].doc.origin == file.path() + ":4");

  auto limited = ReadGold(file.path(), 1);
  REQUIRE(limited.ok());
  CHECK(limited->documents.size() == 1);

  // Evaluate with a stand-in extractor that finds "Yes" everywhere.
  EvalOptions options;
  options.is_speech_cue = SaysSaid;
  options.keep_errors = true;
  EvalReport report = Evaluate(
      *gold,
      [&](const Document& doc) {
        return std::vector<Claim>{MakeClaim("c", {Find(doc.text, "Yes")})};
      },
      options);
  CHECK(report.articles == 2);
  CHECK(report.scores.all.exact.gold_matched == 2);
  CHECK(report.errors.empty());
  options.limit = 1;
  CHECK(
      Evaluate(
          *gold, [](const Document&) { return std::vector<Claim>{}; }, options)
          .articles == 1);

  CHECK(ReadGold(file.path() + ".missing").status().IsIOError());
}

TEST_CASE("ReadGold reads the PolNeAR dev split", "[text][eval][corpus]") {
  const std::string path =
      CLAIMTRACK_SOURCE_DIR "/../shared/corpus/polnear/polnear_dev.jsonl";
  if (!std::filesystem::exists(path)) {
    WARN("corpus not found, skipping: " << path);
    return;
  }
  auto gold = ReadGold(path);
  REQUIRE(gold.ok());  // every span converted and matched its text
  CHECK(gold->documents.size() == 84);
  size_t attributions = 0;
  for (const GoldDocument& doc : gold->documents) {
    attributions += doc.attributions.size();
    for (const GoldAttribution& a : doc.attributions) {
      for (const Span& s : a.contents) REQUIRE(s.end <= doc.doc.text.size());
    }
  }
  CHECK(attributions > 2000);
}

}  // namespace
}  // namespace claimtrack
