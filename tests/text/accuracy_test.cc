// Accuracy on real annotations: PolNeAR dev, when ../shared/corpus is there.
// A regression guard a little under the figures the README reports, so a
// change that costs accuracy fails here before it lands.
#include <catch2/catch.hpp>
#include <filesystem>

#include "claimtrack/eval.h"
#include "claimtrack/extractor.h"
#include "text/lexicon.h"

namespace claimtrack {
namespace {

TEST_CASE("Accuracy on PolNeAR dev stays at its level", "[text][corpus]") {
  const std::string path =
      CLAIMTRACK_SOURCE_DIR "/../shared/corpus/polnear/polnear_dev.jsonl";
  if (!std::filesystem::exists(path)) {
    WARN("skipped: " << path << " is absent");
    return;
  }
  auto extractor = Extractor::Create();
  REQUIRE(extractor.ok());
  EvalOptions options;
  const text::Lexicon& lex = extractor.value()->lexicon();
  options.is_speech_cue = [&lex](std::string_view cue) {
    return lex.CueClassOf(cue) == text::CueClass::kSpeech;
  };
  auto report = Evaluate(*extractor.value(), path, options);
  REQUIRE(report.ok());
  const EvalScores& s = report.value().scores;
  INFO("F1@0.3 " << s.all.loose.F1() << ", source accuracy "
                 << s.all.source.Rate());
  CHECK(report.value().articles == 84);
  CHECK(s.all.loose.F1() >= 0.69);
  CHECK(s.all.source.Rate() >= 0.85);
  CHECK(s.speech.loose.F1() >= 0.80);
}

}  // namespace
}  // namespace claimtrack
