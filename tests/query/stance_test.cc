// The stance lexicon, its negation and modality scope, the subject's
// synonyms and countries, and narrated positions.
#include "query/stance.h"

#include <catch2/catch.hpp>
#include <string>

#include "query/claim_rows.h"
#include "query/narration.h"
#include "query/subject.h"

namespace claimtrack::query {
namespace {

struct Fixture {
  Fixture() {
    auto l = BuiltinLexicon();
    REQUIRE(l.ok());
    lexicon = *l;
    auto s = StanceLexicon::Builtin();
    REQUIRE(s.ok());
    stance = std::move(s).value();
    auto y = Synonyms::Builtin();
    REQUIRE(y.ok());
    synonyms = std::move(y).value();
  }
  Subject MakeSubject(const std::string& about) {
    auto s = Subject::Parse(about, *lexicon, *synonyms);
    REQUIRE(s.ok());
    return std::move(s).value();
  }
  // The position of `text` toward `about`, and the words that decided it.
  std::pair<Position, std::string> Classify(const std::string& text,
                                            const std::string& about) {
    Subject subject = MakeSubject(about);
    std::vector<Word> words = SplitWords(text);
    std::vector<bool> marks;
    subject.Match(words, &marks);
    StanceResult r = stance->Classify(words, marks);
    std::string decided;
    for (const StanceEvidence& e : r.evidence) {
      if (!decided.empty()) decided += "|";
      decided += std::string(e.span.In(text));
    }
    return {r.position, decided};
  }
  const text::Lexicon* lexicon = nullptr;
  std::unique_ptr<StanceLexicon> stance;
  std::unique_ptr<Synonyms> synonyms;
};

TEST_CASE("stance: a decisive verb, with negation and modality in scope",
          "[query][stance]") {
  Fixture f;
  const std::string about = "weapons Ukraine";
  CHECK(f.Classify("Seoul will send weapons to Ukraine", about).first ==
        Position::kSupports);
  auto [p, words] = f.Classify("Seoul will not send weapons to Ukraine", about);
  CHECK(p == Position::kOpposes);
  CHECK(words == "not|send");
  CHECK(f.Classify("it has no plans to send arms to Kyiv", about).first ==
        Position::kOpposes);
  CHECK(f.Classify("Seoul won't provide lethal aid", about).first ==
        Position::kOpposes);
  CHECK(f.Classify("Seoul might send weapons", about).first ==
        Position::kHedges);
  CHECK(f.Classify("the government is considering sending munitions", about)
            .first == Position::kHedges);
  CHECK(f.Classify("the government is not considering sending munitions", about)
            .first == Position::kOpposes);
  CHECK(f.Classify("the weather in Seoul was fine", about).first ==
        Position::kNeutral);
}

TEST_CASE("stance: operators compose right to left", "[query][stance]") {
  Fixture f;
  auto [p, words] = f.Classify(
      "South Korea left the door open to reconsidering Seoul's prohibition "
      "against sending weapons to Ukraine",
      "weapons Ukraine");
  CHECK(p == Position::kHedges);
  CHECK(words ==
        "left the door open|reconsidering|prohibition against|sending");
  CHECK(f.Classify("Seoul's prohibition against sending weapons", "weapons")
            .first == Position::kOpposes);
  CHECK(f.Classify("urged South Korea to change its policy of exporting "
                   "defense goods",
                   "weapons")
            .first == Position::kSupports);
  CHECK(f.Classify("his government was directing our close attention to "
                   "the situation",
                   "weapons")
            .first == Position::kHedges);
}

TEST_CASE("stance: undoing the subject, conditions, the nearest verb",
          "[query][stance]") {
  Fixture f;
  const std::string about = "sanctions Japan";
  CHECK(f.Classify("the United States will impose tariffs on Japanese goods",
                   about)
            .first == Position::kSupports);
  CHECK(f.Classify("the tariffs would be lifted", about).first ==
        Position::kOpposes);
  CHECK(f.Classify("the tariffs would not be lifted", about).first ==
        Position::kSupports);
  CHECK(f.Classify("he would lift tariffs imposed last week", about).first ==
        Position::kOpposes);
  auto [p, words] = f.Classify(
      "Is willing to drop tariffs on Japanese imports if Japan abides by the "
      "agreement",
      about);
  CHECK(p == Position::kHedges);
  CHECK(words == "drop|if");
  CHECK(f.Classify("We don't want to take retaliatory action", about).first ==
        Position::kOpposes);
  // The condition applies last, over the negation.
  CHECK(f.Classify("We don't want to take retaliatory action if we don't "
                   "have to",
                   about)
            .first == Position::kHedges);
  // Only the clause naming the subject counts.
  CHECK(f.Classify("We will lift the curfew; sanctions stay", about).first ==
        Position::kNeutral);
  CHECK(f.Classify("We will lift the embargo", about).first ==
        Position::kOpposes);  // an embargo is one of the sanctions
}

TEST_CASE("stance: lexicon errors name the file and line", "[query][stance]") {
  auto bad = StanceLexicon::Parse("s.tsv", "# c\nsend\tact\nlift\tmaybe\n");
  REQUIRE(!bad.ok());
  CHECK_THAT(bad.status().ToString(), Catch::Contains("s.tsv:3"));
  CHECK_THAT(bad.status().ToString(), Catch::Contains("unknown class"));
  auto no_tab = StanceLexicon::Parse("s.tsv", "send act\n");
  REQUIRE(!no_tab.ok());
  CHECK_THAT(no_tab.status().ToString(), Catch::Contains("s.tsv:1"));
  auto same_stems =
      StanceLexicon::Parse("s.tsv", "provide\tact\nprovided\tcondition\n");
  REQUIRE(!same_stems.ok());
  CHECK_THAT(same_stems.status().ToString(), Catch::Contains("s.tsv:2"));
  auto syn = Synonyms::Parse("y.tsv", "weapons\t, ,\n");
  REQUIRE(!syn.ok());
  CHECK_THAT(syn.status().ToString(), Catch::Contains("y.tsv:1"));
}

TEST_CASE("subject: synonym groups, countries by any name, stopwords",
          "[query][subject]") {
  Fixture f;
  Subject s = f.MakeSubject("the weapons for Ukraine");
  REQUIRE(s.size() == 2);
  CHECK(s.Names() == std::vector<std::string>{"weapons", "Ukraine"});
  CHECK(s.Match(SplitWords("exports of defense goods"), nullptr) == 1u);
  CHECK(s.Match(SplitWords("lethal aid to Kyiv"), nullptr) == 3u);
  CHECK(s.Match(SplitWords("Ukrainian forces"), nullptr) == 2u);
  CHECK(s.Match(SplitWords("a peaceful lunch"), nullptr) == 0u);
  CHECK(s.MatchEntityName("Ukraine") == 2u);
  CHECK(s.Describe().find("munitions") != std::string::npos);

  Subject chips = f.MakeSubject("sanctions Japan semiconductors");
  CHECK(chips.Match(SplitWords("tariffs on Japanese microchips"), nullptr) ==
        7u);
  std::vector<std::string> stems = chips.TermStems(*f.lexicon);
  CHECK(std::find(stems.begin(), stems.end(), "tariff") != stems.end());
  CHECK(std::find(stems.begin(), stems.end(), "chip") != stems.end());

  CHECK(f.MakeSubject("the of and").empty());
  CHECK(f.MakeSubject("fisheries").Names() ==
        std::vector<std::string>{"fisheries"});
}

TEST_CASE("narration: the outlet states a holder's position",
          "[query][narration]") {
  Fixture f;
  Subject subject = f.MakeSubject("weapons Ukraine");
  const std::string text =
      "South Korea leaves door open to sending weapons to Ukraine\n\n"
      "SEOUL — South Korea left the door open to reconsidering Seoul’s "
      "prohibition against sending weapons to Ukraine, with Defense Minister "
      "Lee Jong-sup saying Tuesday that he was aware of the need.\n\n"
      "South Korea said it would keep its policy. South Korea has provided "
      "humanitarian assistance to Ukraine. Japan will not send weapons.\n";
  std::vector<NarratedPosition> found = FindNarratedPositions(
      text, "South Korea", *f.lexicon, *f.stance, subject);
  // The headline has no full stop; "said" is a claim's cue; "provided" is
  // an act (supports) on the subject's Ukraine; Japan is another holder.
  REQUIRE(found.size() == 2);
  CHECK(found[0].position == Position::kHedges);
  CHECK(found[0].subject.In(text) == "South Korea");
  CHECK(found[0].predicate.In(text) == "left the door open");
  CHECK(found[0].subject_mask == 3u);
  CHECK(found[1].predicate.In(text) == "provided");
  CHECK(found[1].position == Position::kSupports);
  CHECK(NarrationId(1, found[0].sentence.begin) !=
        NarrationId(1, found[1].sentence.begin));

  std::vector<NarratedPosition> japan =
      FindNarratedPositions(text, "Japan", *f.lexicon, *f.stance, subject);
  REQUIRE(japan.size() == 1);
  CHECK(japan[0].position == Position::kOpposes);
}

}  // namespace
}  // namespace claimtrack::query
