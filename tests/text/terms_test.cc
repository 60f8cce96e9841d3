// Content terms: splitting, stopwords, possessives, the light stemmer, the
// stored hash and the similarity of term sets.
#include "text/terms.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "text/lexicon_data.h"

namespace claimtrack::text {
namespace {

using Terms = std::vector<std::string>;

TEST_CASE("Terms: the stemmer joins the forms of a word", "[text][terms]") {
  const std::vector<std::pair<const char*, const char*>> same = {
      {"weapons", "weapon"},
      {"sanctions", "sanction"},
      {"tariffs", "tariff"},
      {"exporting", "export"},
      {"exported", "export"},
      {"urged", "urge"},
      {"urging", "urges"},
      {"policies", "policy"},
      {"countries", "country"},
      {"denied", "deny"},
      {"stopping", "stop"},
      {"planned", "plan"},
      {"agreed", "agree"},
      {"using", "use"},
      {"used", "uses"},
      {"died", "die"},
      {"forces", "force"},
      {"classes", "class"},
      {"meetings", "meeting"},
      {"missiles", "missile"},
      {"Philippines", "Philippine"}};
  for (const auto& [a, b] : same) {
    INFO(a << " ~ " << b);
    std::string la(a), lb(b);
    for (char& c : la) c = static_cast<char>(std::tolower(c));
    for (char& c : lb) c = static_cast<char>(std::tolower(c));
    CHECK(StemTerm(la) == StemTerm(lb));
  }
  CHECK(StemTerm("weapons") == "weapon");
  CHECK(StemTerm("exporting") == "export");
  CHECK(StemTerm("urge") == "urg");
}

TEST_CASE("Terms: the stemmer does not over-stem", "[text][terms]") {
  // Short words, words whose ending is their own, and the keep-list.
  for (const char* word : {"us", "gas", "news", "series", "species", "goods",
                           "arms", "class", "virus", "crisis", "bring", "thing",
                           "king", "need", "shed", "adding"}) {
    INFO(word);
    CHECK(StemTerm(word) == (std::string(word) == "adding" ? "add" : word));
  }
  CHECK(StemTerm("news") != StemTerm("new"));
  CHECK(StemTerm("goods") != StemTerm("good"));
  // Not ASCII letters only: untouched.
  CHECK(StemTerm("f35s") == "f35s");
  CHECK(StemTerm("o'brien") == "o'brien");
  CHECK(StemTerm("séouls") == "séouls");
  // No -ly rule.
  CHECK(StemTerm("family") == "family");
  CHECK(StemTerm("italy") == "italy");
}

TEST_CASE("Terms: stopwords, short words and numbers go", "[text][terms]") {
  CHECK(ContentTerms("").empty());
  CHECK(ContentTerms("He said that it would be so, they told us.").empty());
  CHECK(ContentTerms("Last Monday, in January 2023, 28,500 of them").empty());
  CHECK(ContentTerms("says news series us") == Terms{"news", "series"});
  CHECK(IsStopword("would"));
  CHECK(IsStopword("don't"));
  CHECK_FALSE(IsStopword("weapons"));
  CHECK_FALSE(IsStopword("Would"));  // callers lower-case first
}

TEST_CASE("Terms: words, case, possessives and apostrophes", "[text][terms]") {
  CHECK(ContentTerms("South Korea to change its policy of exporting defense "
                     "goods “only for peaceful purposes.”") ==
        Terms{"chang", "defens", "export", "goods", "korea", "peaceful",
              "policy", "purpos", "south"});
  // Possessive 's (either apostrophe) goes; other apostrophes join.
  CHECK(ContentTerms("Austin's Seoul’s countries' O’Brien") ==
        Terms{"austin", "country", "o'brien", "seoul"});
  CHECK(ContentTerms("We don’t know") == Terms{"know"});
  // Hyphens and periods separate; a trailing apostrophe is no part.
  CHECK(ContentTerms("air-to-air Jong-sup U.S.") ==
        Terms{"air", "jong", "sup"});
  // Sorted and unique.
  CHECK(ContentTerms("weapons Weapon WEAPONS weapon's") == Terms{"weapon"});
}

TEST_CASE("Terms: sorted as their bytes, past eight bytes and prefixes",
          "[text][terms]") {
  // Terms that share their first eight bytes, a term that begins another,
  // non-ASCII bytes (after every ASCII one), each given out of order and
  // twice: the list is std::sort's over the strings, without repeats.
  const std::string text =
      "internationally internationalist tra trader tradable zebra "
      "żubr éclat zebra trader internationally tra internationalist";
  Terms expected = {"internationalist", "internationally", "tra",   "tradabl",
                    "trader",           "zebra",           "éclat", "żubr"};
  CHECK(std::is_sorted(expected.begin(), expected.end()));
  CHECK(ContentTerms(text) == expected);
}

TEST_CASE("Terms: non-ASCII words are kept, punctuation separates",
          "[text][terms]") {
  CHECK(ContentTerms("Séoul a dit") == Terms{"dit", "séoul"});
  CHECK(ContentTerms("서울 정부") == Terms{"서울", "정부"});
  // Curly quotes, dashes, ellipses and no-break spaces are not letters.
  CHECK(ContentTerms("“missiles”—rockets…tanks\xC2\xA0"
                     "drones") == Terms{"dron", "missil", "rocket", "tank"});
  // Non-ASCII upper case is kept as written.
  CHECK(ContentTerms("Écoles") == Terms{"Écoles"});
  // Ill-formed bytes separate words rather than joining them.
  CHECK(ContentTerms("tanks\xFFrockets") == Terms{"rocket", "tank"});
}

TEST_CASE("Terms: the stopword list parses and rejects bad lines",
          "[text][terms][lexicon]") {
  bool found = false;
  for (const EmbeddedFile& f : EmbeddedLexicons()) {
    if (f.name != "stopwords.tsv") continue;
    found = true;
    std::vector<std::string_view> words;
    Status s = ParseStopwords(f.name, f.content, &words);
    INFO(s.ToString());
    REQUIRE(s.ok());
    CHECK(words.size() > 300);
    for (std::string_view w : words) CHECK(IsStopword(w));
  }
  CHECK(found);

  std::vector<std::string_view> words;
  CHECK(ParseStopwords("s.tsv", "# c\n\nthe\r\nof\n", &words).ok());
  CHECK(words == std::vector<std::string_view>{"the", "of"});
  Status upper = ParseStopwords("s.tsv", "the\nThe\n", &words);
  CHECK(upper.IsInvalidArgument());
  CHECK_THAT(upper.message(), Catch::StartsWith("s.tsv:2: "));
  Status tab = ParseStopwords("s.tsv", "the\tdet\n", &words);
  CHECK(tab.IsInvalidArgument());
  Status twice = ParseStopwords("s.tsv", "a\n#\nb\na\n", &words);
  CHECK_THAT(twice.message(),
             Catch::Contains("s.tsv:4") && Catch::Contains("listed twice"));
}

TEST_CASE("Terms: the hash is FNV-1a 32 (stored: pinned)", "[text][terms]") {
  // Reference values of 32-bit FNV-1a.
  CHECK(TermHash("") == 0x811c9dc5u);
  CHECK(TermHash("a") == 0xe40c292cu);
  CHECK(TermHash("foobar") == 0xbf9cf968u);
  CHECK(TermHash("weapon") == TermHash(StemTerm("weapons")));
  const std::vector<uint32_t> h = TermHashes({"b", "a", "b"});
  CHECK(h.size() == 2);
  CHECK(std::is_sorted(h.begin(), h.end()));
}

TEST_CASE("Terms: similarity is Dice over shared terms", "[text][terms]") {
  const std::vector<uint32_t> a = {1, 2, 3, 4}, b = {3, 4, 5, 6}, none;
  CHECK(SharedTerms(a, b) == 2);
  CHECK(TermSimilarity(a, b) == Approx(0.5));
  CHECK(TermSimilarity(a, a) == Approx(1.0));
  CHECK(TermSimilarity(a, {7, 8}) == 0.0);
  CHECK(TermSimilarity(a, none) == 0.0);
  CHECK(TermSimilarity(none, none) == 0.0);
  CHECK(SharedTerms(none, a) == 0);
  // On real claims: the same subject in other words.
  const auto terms = [](std::string_view s) {
    return TermHashes(ContentTerms(s));
  };
  const auto stoltenberg = terms(
      "South Korea to change its policy of exporting defense goods only for "
      "peaceful purposes");
  const auto paraphrase =
      terms("Seoul should change the policy that bars weapons exports");
  const auto other = terms("North Korea conducted ballistic missile tests");
  CHECK(SharedTerms(stoltenberg, paraphrase) == 3);  // chang, policy, export
  CHECK(TermSimilarity(stoltenberg, paraphrase) >
        TermSimilarity(stoltenberg, other));
}

}  // namespace
}  // namespace claimtrack::text
