// The lexicon files: every built-in entry parses, the tables answer the
// lookups the extractor relies on, and malformed lines are reported with
// their file and line.
#include "text/lexicon.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "text/lexicon_data.h"

namespace claimtrack::text {
namespace {

std::vector<Lexicon::NamedText> BuiltinFiles() {
  std::vector<Lexicon::NamedText> files;
  for (const EmbeddedFile& f : EmbeddedLexicons()) {
    files.push_back({std::string(f.name), std::string(f.content)});
  }
  return files;
}

// Replaces one file's text in a copy of the built-in set.
std::vector<Lexicon::NamedText> WithFile(const std::string& name,
                                         const std::string& text) {
  auto files = BuiltinFiles();
  for (auto& f : files) {
    if (f.name == name) f.text = text;
  }
  return files;
}

TEST_CASE("Lexicon: every built-in file parses", "[text][lexicon]") {
  // The extractor's six, stopwords.tsv, and the query layer's stance.tsv and
  // synonyms.tsv (tests/query/stance_test.cc parses those).
  REQUIRE(EmbeddedLexicons().size() == 9);
  auto lex = Lexicon::Builtin();
  REQUIRE(lex.ok());
  CHECK(lex.value()->cues().size() > 500);
  CHECK(lex.value()->countries().size() >= 190);
  CHECK(lex.value()->organizations().size() > 100);
}

TEST_CASE("Lexicon: the directory form loads the same files",
          "[text][lexicon]") {
  auto lex = Lexicon::FromDirectory(CLAIMTRACK_SOURCE_DIR "/data/lexicon");
  REQUIRE(lex.ok());
  CHECK(lex.value()->CueClassOf("said") == CueClass::kSpeech);
  auto missing = Lexicon::FromDirectory("/nonexistent/lexicon");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().IsIOError());
}

TEST_CASE("Lexicon: cues in all their forms and classes", "[text][lexicon]") {
  auto lex = std::move(Lexicon::Builtin()).value();
  for (const char* form : {"say", "says", "said", "saying", "told", "urged",
                           "added", "noted", "warned"}) {
    INFO(form);
    CHECK(lex->CueClassOf(form) == CueClass::kSpeech);
  }
  CHECK(lex->CueClassOf("according to") == CueClass::kAccording);
  CHECK(lex->CueClassOf("believes") == CueClass::kBelief);
  CHECK(lex->CueClassOf("Said") == CueClass::kSpeech);  // any case
  CHECK_FALSE(lex->CueClassOf("table").has_value());
  // Frames: "told" takes a listener first, "endorsed" an object, "asked"
  // both, "said" neither.
  auto entry = [&](std::string_view form) -> const CueEntry& {
    std::vector<std::string_view> one = {form};
    int v = -1;
    REQUIRE(lex->cues().Longest(one, 0, &v) == 1);
    return lex->cue(v);
  };
  CHECK(entry("told").recipient);
  CHECK_FALSE(entry("told").object_frame);
  CHECK(entry("endorsed").object_frame);
  CHECK(entry("asked").recipient);
  CHECK(entry("asked").object_frame);
  CHECK_FALSE(entry("said").recipient);
  CHECK_FALSE(entry("said").object_frame);
  // Multi-word cues are matched on tokens, longest first.
  std::vector<std::string_view> tokens = {"he", "pointed", "out", "that"};
  int value = -1;
  CHECK(lex->cues().Longest(tokens, 1, &value) == 2);
  CHECK(lex->cue(value).lemma == "point out");
  CHECK(lex->cues().Longest(tokens, 0, &value) == 0);
}

TEST_CASE("Lexicon: places stand for their countries", "[text][lexicon]") {
  auto lex = std::move(Lexicon::Builtin()).value();
  auto country_of = [&](std::vector<std::string_view> words) -> std::string {
    int v = -1;
    int len = lex->places().Longest(words, 0, &v);
    if (len != static_cast<int>(words.size())) return "";
    const PlaceRef& ref = lex->place_ref(v);
    if (ref.kind == PlaceRef::kOrganization) {
      return "org:" + lex->organizations()[ref.index].name;
    }
    return lex->countries()[ref.index].name;
  };
  CHECK(country_of({"Seoul"}) == "South Korea");
  CHECK(country_of({"South", "Korean"}) == "South Korea");
  CHECK(country_of({"South", "Korea"}) == "South Korea");
  CHECK(country_of({"Pyongyang"}) == "North Korea");
  CHECK(country_of({"Washington"}) == "United States");
  CHECK(country_of({"U.S."}) == "United States");
  CHECK(country_of({"Tokyo"}) == "Japan");
  CHECK(country_of({"NATO"}) == "org:NATO");

  // Government bodies are marked; companies and parties are not.
  auto org = [&](std::string_view name) -> const Organization& {
    for (const Organization& o : lex->organizations()) {
      if (o.name == name) return o;
    }
    FAIL("no organization " << name);
    return lex->organizations()[0];
  };
  CHECK(org("Pentagon").government);
  CHECK(org("Office of the U.S. Trade Representative").government);
  CHECK(org("Bank of Korea").government);
  CHECK_FALSE(org("Republican Party").government);
  CHECK_FALSE(org("Samsung").government);
  CHECK_FALSE(org("NATO").government);

  CHECK(lex->AnonFacetOf("senior") == AnonFacet::kRank);
  CHECK(lex->AnonFacetOf("Law Enforcement") == AnonFacet::kDomain);
  CHECK(lex->AnonFacetOf("white house") == AnonFacet::kAffiliation);
  CHECK(lex->AnonFacetOf("several") == AnonFacet::kCount);
  CHECK_FALSE(lex->AnonFacetOf("official").has_value());
}

TEST_CASE("Lexicon: titles, anonymous sources and closed-class words",
          "[text][lexicon]") {
  auto lex = std::move(Lexicon::Builtin()).value();
  CHECK(lex->titles().Find("Secretary General") ==
        static_cast<int>(TitleRole::kHead));
  CHECK(lex->titles().Find("Defense") ==
        static_cast<int>(TitleRole::kModifier));
  CHECK(lex->titles().Find("Mr.") == static_cast<int>(TitleRole::kHonorific));
  CHECK(lex->anonymous().Find("official") == static_cast<int>(AnonRole::kHead));
  CHECK(lex->anonymous().Find("on condition of anonymity") ==
        static_cast<int>(AnonRole::kReason));
  CHECK(lex->WordClassOf("he") == WordClass::kPronounM);
  CHECK(lex->WordClassOf("The") == WordClass::kDeterminer);
  CHECK(lex->WordClassOf("Tuesday") == WordClass::kWeekday);
}

// "w" followed by the number, in the case given (appended: GCC 12 warns
// falsely, -Wrestrict, of "w" + std::to_string(i)).
std::string Word(char w, int i) {
  std::string word(1, w);
  word += std::to_string(i);
  return word;
}

TEST_CASE("PhraseTable: longest phrase and exact lookups over a grown table",
          "[text][lexicon]") {
  PhraseTable table;
  // Enough phrases to grow the first-token table several times (it starts
  // at 64 slots, at most half full).
  for (int i = 0; i < 2000; ++i) {
    table.Add(Word('w', i), i);
  }
  table.Add("Prime Minister", 5000);
  table.Add("prime minister of", 5001);
  table.Add("Prime", 5002);
  table.Add("w7 x", 5003);  // shares its first token with a one-word phrase
  CHECK(table.size() == 2004);
  for (int i = 0; i < 2000; i += 7) {
    INFO(i);
    CHECK(table.Find(Word('W', i)) == i);
  }
  CHECK(table.Find("w2000") == -1);
  CHECK(table.Find("minister") == -1);         // starts no phrase
  CHECK(table.Find("PRIME  minister") == -1);  // one space between words
  CHECK(table.Find("prime minister") == 5000);

  const std::vector<std::string_view> tokens = {
      "the", "PRIME", "Minister", "of", "w7", "x", "w7"};
  int value = -1;
  CHECK(table.Longest(tokens, 0, &value) == 0);
  CHECK(table.Longest(tokens, 1, &value) == 3);
  CHECK(value == 5001);
  CHECK(table.Longest(tokens, 4, &value) == 2);
  CHECK(value == 5003);
  CHECK(table.Longest(tokens, 6, &value) == 1);  // the phrase "w7 x" is cut
  CHECK(value == 7);
  CHECK(table.Longest(tokens, 2, &value) == 0);
  CHECK(table.Longest(tokens, 7, &value) == 0);  // past the end

  // With the tokens' hashes computed once by the caller: the same answers.
  std::vector<uint64_t> hashes;
  for (std::string_view t : tokens) hashes.push_back(PhraseTable::TokenHash(t));
  for (size_t pos = 0; pos <= tokens.size(); ++pos) {
    INFO(pos);
    int plain = -1, hashed = -1;
    CHECK(table.Longest(tokens, pos, &plain) ==
          table.Longest(tokens, hashes, pos, &hashed));
    CHECK(plain == hashed);
  }
  // Phrases are matched by their whole text, not by a prefix of it or by
  // tokens that join to it.
  const std::vector<std::string_view> joined = {"prime minister", "of"};
  CHECK(table.Longest(joined, 0, &value) == 0);
  const std::vector<std::string_view> longer = {"Primer", "minister"};
  CHECK(table.Longest(longer, 0, &value) == 0);
  // The first of two spellings of one phrase wins.
  table.Add("PRIME   minister", 6000);
  CHECK(table.size() == 2004);
  CHECK(table.Find("Prime Minister") == 5000);
  CHECK(table.Find("prime minister of") == 5001);
  CHECK(table.Find("") == -1);
}

TEST_CASE("Lexicon: a malformed line names its file and line",
          "[text][lexicon]") {
  auto bad_class = Lexicon::FromFiles(
      WithFile("cues.tsv", "# header\nsay\tsay,said\tshout\n"));
  REQUIRE_FALSE(bad_class.ok());
  CHECK(bad_class.status().message().find("cues.tsv:2") != std::string::npos);
  CHECK(bad_class.status().message().find("shout") != std::string::npos);

  auto bad_frame = Lexicon::FromFiles(
      WithFile("cues.tsv", "say\tsay,said\tspeech\tobject,listener\n"));
  REQUIRE_FALSE(bad_frame.ok());
  CHECK(bad_frame.status().message().find("cues.tsv:1") != std::string::npos);
  CHECK(bad_frame.status().message().find("listener") != std::string::npos);

  auto bad_fields = Lexicon::FromFiles(WithFile("titles.tsv", "President\n"));
  REQUIRE_FALSE(bad_fields.ok());
  CHECK(bad_fields.status().message().find("titles.tsv:1") !=
        std::string::npos);

  auto spaces = Lexicon::FromFiles(WithFile("words.tsv", "he \tpronoun-m\n"));
  REQUIRE_FALSE(spaces.ok());
  CHECK(spaces.status().message().find("words.tsv:1") != std::string::npos);

  auto unknown_country =
      Lexicon::FromFiles(WithFile("organizations.tsv", "Acme\t\tAtlantis\n"));
  REQUIRE_FALSE(unknown_country.ok());
  CHECK(unknown_country.status().message().find("Atlantis") !=
        std::string::npos);

  auto bad_facet =
      Lexicon::FromFiles(WithFile("anonymous.tsv", "official\thead\trank\n"));
  REQUIRE_FALSE(bad_facet.ok());
  CHECK(bad_facet.status().message().find("anonymous.tsv:1") !=
        std::string::npos);

  auto bad_marker = Lexicon::FromFiles(
      WithFile("organizations.tsv", "Acme\t\tJapan\tstate-owned\n"));
  REQUIRE_FALSE(bad_marker.ok());
  CHECK(bad_marker.status().message().find("organizations.tsv:1") !=
        std::string::npos);
  CHECK_FALSE(Lexicon::FromFiles(
                  WithFile("organizations.tsv", "Acme\t\t\tgovernment\n"))
                  .ok());

  std::vector<Lexicon::NamedText> five = BuiltinFiles();
  five.pop_back();
  CHECK_FALSE(Lexicon::FromFiles(five).ok());
}

}  // namespace
}  // namespace claimtrack::text
