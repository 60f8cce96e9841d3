// The bundled sample (data/samples/, the user's example page) end to end:
// the claims the product exists to find, with speakers and dates.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>

#include "claimtrack/extractor.h"
#include "text/sample_fixture.h"

namespace claimtrack {
namespace {

using testing::Sample;
using testing::TheSample;

TEST_CASE("Sample: Lee's response, dated Tuesday", "[text][sample]") {
  const Sample& s = TheSample();
  const Claim* c = s.ByContent("need for the international effort");
  REQUIRE(c != nullptr);
  CHECK(c->speaker.name == "Lee Jong-sup");
  CHECK(c->speaker.title == "Defense Minister");
  CHECK(c->type == ClaimType::kMixed);
  CHECK(c->date.resolved == "2023-11-28");
  REQUIRE(c->date.expr);
  CHECK(c->date.expr->In(s.doc.text) == "Tuesday");
}

TEST_CASE("Sample: Stoltenberg's urging, a day before", "[text][sample]") {
  const Sample& s = TheSample();
  const Claim* c = s.ByContent("only for peaceful purposes");
  REQUIRE(c != nullptr);
  CHECK(c->speaker.name == "Jens Stoltenberg");
  CHECK(c->speaker.affiliation == "NATO");
  CHECK(c->cue->In(s.doc.text) == "urged");
  CHECK(c->date.resolved == "2023-11-27");
}

TEST_CASE("Sample: the anonymous official and the stated reason",
          "[text][sample]") {
  const Sample& s = TheSample();
  const Claim* first = s.ByContent("sharp uptick");
  const Claim* later = s.ByContent("Threats from China");
  REQUIRE(first != nullptr);
  REQUIRE(later != nullptr);
  for (const Claim* c : {first, later}) {
    CHECK(c->speaker.kind == SpeakerKind::kAnonymous);
    REQUIRE(c->anonymous);
    CHECK(c->anonymous->descriptor == "a senior defense official");
    REQUIRE(c->anonymous->reason);
    CHECK(c->anonymous->reason->In(s.doc.text) ==
          "to talk about policy matters");
  }
  CHECK(later->source->In(s.doc.text) == "the official");
  CHECK(later->content.size() == 2);  // "Threats ..., said X, are ..."
}

TEST_CASE("Sample: Austin through surname, pronoun and continuation",
          "[text][sample]") {
  const Sample& s = TheSample();
  for (const char* needle :
       {"we condemn these dangerous actions", "expanding the scope and scale",
        "ironclad", "It’s not a slogan"}) {
    INFO(needle);
    const Claim* c = s.ByContent(needle);
    REQUIRE(c != nullptr);
    CHECK(c->speaker.name == "Lloyd Austin");
    CHECK(c->speaker.affiliation == "United States");
  }
}

TEST_CASE("Sample: chrome and the inserted headline give no claims",
          "[text][sample]") {
  const Sample& s = TheSample();
  for (const Claim& c : s.claims) {
    std::string_view content = c.content[0].In(s.doc.text);
    CHECK(content.find("general predicting war") == std::string_view::npos);
    CHECK(content.find("Infallible") == std::string_view::npos);
    CHECK(content.find("Los Angeles") == std::string_view::npos);
  }
}

}  // namespace
}  // namespace claimtrack
