// The mention finder on sentences written for the test (countries, capitals
// as governments, organizations, speakers by name and surname), and the
// mentions the extractor attaches to the claims of the bundled sample.
#include "text/mentions.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "claimtrack/extractor.h"
#include "text/lexicon.h"
#include "text/quotes.h"
#include "text/sample_fixture.h"
#include "text/segmenter.h"

namespace claimtrack::text {
namespace {

const Lexicon& Lex() { return testing::BuiltinLexicon(); }

// A document's analysis up to the view the finder reads, as the extractor
// builds it.
struct Analysed {
  explicit Analysed(std::string t) : text(std::move(t)) {
    tokens = Tokenize(text, Lex());
    for (const Token& tok : tokens) {
      words.push_back(tok.span.In(text));
      hashes.push_back(PhraseTable::TokenHash(words.back()));
    }
    seg = Segment(text, tokens, Lex());
    quotes = FindQuotes(tokens, seg);
  }
  DocumentView View() const {
    return {text, tokens, words, hashes, seg, quotes, Lex()};
  }

  std::string text;
  std::vector<Token> tokens;
  std::vector<std::string_view> words;
  std::vector<uint64_t> hashes;
  Segmentation seg;
  std::vector<Quote> quotes;
};

// "as written -> name (kind)" for each mention.
std::vector<std::string> Described(const std::vector<Mention>& mentions,
                                   std::string_view text) {
  std::vector<std::string> out;
  for (const Mention& m : mentions) {
    out.push_back(std::string(m.span.In(text)) + " -> " + m.name + " (" +
                  SpeakerKindName(m.kind) + ")");
  }
  return out;
}

// The mentions in all of `text`, with `persons` as the document's speakers.
std::vector<std::string> MentionsIn(const std::string& text,
                                    std::vector<std::string> persons = {}) {
  const Analysed doc(text);
  const DocumentView view = doc.View();
  MentionFinder finder(view, std::move(persons));
  std::vector<Mention> mentions;
  finder.FindIn({0, static_cast<uint32_t>(doc.tokens.size())}, &mentions);
  return Described(mentions, doc.text);
}

using Strings = std::vector<std::string>;

TEST_CASE("Mentions: countries by name, abbreviation, demonym and seat",
          "[text][mentions]") {
  CHECK(MentionsIn("The U.S. and the ROK said South Korean troops would "
                   "stay, the Kremlin said.") ==
        Strings{"U.S. -> United States (country)",
                "ROK -> South Korea (country)",
                "South Korean -> South Korea (country)",
                "Kremlin -> Russia (country)"});
  // Lower case is not a name: dishes and a bird.
  CHECK(MentionsIn("fine china and roast turkey").empty());
}

TEST_CASE("Mentions: a capital alone stands for its government",
          "[text][mentions]") {
  CHECK(MentionsIn("Seoul and Washington agree. In Beijing, officials "
                   "balked at Washington’s plan.") ==
        Strings{"Seoul -> South Korea (country)",
                "Washington -> United States (country)",
                "Beijing -> China (country)",
                "Washington -> United States (country)"});
  // Inside a longer capitalised name it is no government (and the longer
  // name may be an organization of its own).
  CHECK(MentionsIn("the Washington Post reported that George Washington "
                   "studied at Seoul National University by Lake Washington") ==
        Strings{"Washington Post -> Washington Post (organization)"});
}

TEST_CASE("Mentions: organizations by name and alias", "[text][mentions]") {
  CHECK(MentionsIn("NATO, the U.N. and the Pentagon disagreed.") ==
        Strings{"NATO -> NATO (organization)",
                "U.N. -> United Nations (organization)",
                "Pentagon -> Pentagon (organization)"});
}

TEST_CASE("Mentions: speakers by full name and surname", "[text][mentions]") {
  const Strings persons = {"Lloyd Austin", "Jens Stoltenberg", "Lee Jong-sup",
                           "Lloyd Austin"};
  CHECK(MentionsIn("Austin met Stoltenberg and Lee. Jens Stoltenberg told "
                   "him, and Lloyd Austin’s aide, that he agreed.",
                   persons) ==
        Strings{"Austin -> Lloyd Austin (person)",
                "Stoltenberg -> Jens Stoltenberg (person)",
                "Lee -> Lee Jong-sup (person)",
                "Jens Stoltenberg -> Jens Stoltenberg (person)",
                "Lloyd Austin -> Lloyd Austin (person)"});
  // Only the speakers of the document: other names are not persons here.
  CHECK(MentionsIn("Yoon and Kishida met.", persons).empty());
}

TEST_CASE("Mentions: ambiguous surnames, one-word names, bad names",
          "[text][mentions]") {
  // "Lee" could be either: no mention; the given names still tell.
  CHECK(MentionsIn("Lee met Jae-myung.", {"Lee Jong-sup", "Lee Jae-myung"}) ==
        Strings{"Jae-myung -> Lee Jae-myung (person)"});
  // A one-word "person" speaker is often a company ("Yukos said"): only
  // the fuller name is matched.
  CHECK(MentionsIn("Austin left.", {"Austin", "Lloyd Austin"}) ==
        Strings{"Austin -> Lloyd Austin (person)"});
  CHECK(MentionsIn("Yukos and BA left.", {"Yukos", "BA"}).empty());
  // So is a name that ends in a place or holds an organization word.
  CHECK(MentionsIn("Air India flies to India. Acme Holdings and Acme agree.",
                   {"Air India", "Acme Holdings"}) ==
        Strings{"India -> India (country)", "India -> India (country)"});
  // A name the place table knows stays what the table says.
  CHECK(MentionsIn("The Washington Post said.", {"Washington Post"}) ==
        Strings{"The Washington Post -> Washington Post (organization)"});
  // A surname that is a month is matched only in the full name.
  CHECK(MentionsIn("In May, Theresa May said May would go.", {"Theresa May"}) ==
        Strings{"Theresa May -> Theresa May (person)"});
  // Pronouns and descriptions are never names; "Jr." is not a surname.
  CHECK(MentionsIn("He and the secretary met King and Jr. there.",
                   {"he", "He", "the secretary", "Martin Luther King Jr."}) ==
        Strings{"King -> Martin Luther King Jr. (person)"});
  // A person wins over a place of the same length.
  CHECK(MentionsIn("Washington smiled.", {"Denzel Washington"}) ==
        Strings{"Washington -> Denzel Washington (person)"});
  // But a name ending in a country is taken for a company: "Air India".
  CHECK(MentionsIn("Jordan scored.", {"Michael Jordan"}) ==
        Strings{"Jordan -> Jordan (country)"});
  CHECK(MentionsIn("Jordan objected.") ==
        Strings{"Jordan -> Jordan (country)"});
}

TEST_CASE("Mentions: only inside the range asked for", "[text][mentions]") {
  const Analysed doc("Officials of the United Nations and NATO met.");
  const DocumentView view = doc.View();
  MentionFinder finder(view, {});
  // Tokens: Officials of the United | Nations and NATO met .
  std::vector<Mention> mentions;
  finder.FindIn({0, 4}, &mentions);
  CHECK(mentions.empty());  // "United Nations" runs past the range
  finder.FindIn({4, 8}, &mentions);
  CHECK(Described(mentions, doc.text) ==
        Strings{"NATO -> NATO (organization)"});
}

// --- the extractor ----------------------------------------------------------

using testing::Sample;
using testing::TheSample;

TEST_CASE("Mentions: the sample's claims", "[text][mentions][sample]") {
  const Sample& s = TheSample();
  const Claim* urged = s.ByContent("only for peaceful purposes");
  REQUIRE(urged != nullptr);
  CHECK(Described(urged->mentions, s.doc.text) ==
        Strings{"South Korea -> South Korea (country)"});

  const Claim* germany = s.ByContent("Countries such as Germany");
  REQUIRE(germany != nullptr);
  CHECK(Described(germany->mentions, s.doc.text) ==
        Strings{"Germany -> Germany (country)", "Norway -> Norway (country)",
                "Russia -> Russia (country)", "Ukraine -> Ukraine (country)"});

  // Lee on deterrence names North Korea and, twice, the United States
  // ("[South] Korea" is no name the gazetteer knows).
  const Claim* deter = s.ByContent("have the capability to deter");
  REQUIRE(deter != nullptr);
  CHECK(Described(deter->mentions, s.doc.text) ==
        Strings{"North Korea -> North Korea (country)",
                "United States -> United States (country)",
                "United States -> United States (country)"});

  // Herzog's claim: Pyongyang is North Korea's government; Yoon, who is
  // named but never speaks, is no mention.
  const Claim* card = s.ByContent("brandish the national security card");
  REQUIRE(card != nullptr);
  CHECK(Described(card->mentions, s.doc.text) ==
        Strings{"Pyongyang -> North Korea (country)",
                "South Korea -> South Korea (country)",
                "United States -> United States (country)"});
}

TEST_CASE("Mentions: in text order, inside the content, never overlapping",
          "[text][mentions][sample]") {
  const Sample& s = TheSample();
  size_t total = 0;
  for (const Claim& c : s.claims) {
    INFO(c.content[0].In(s.doc.text));
    uint32_t last_end = 0;
    for (const Mention& m : c.mentions) {
      INFO(m.span.In(s.doc.text));
      CHECK(m.span.begin >= last_end);
      last_end = m.span.end;
      CHECK(!m.span.empty());
      CHECK(!m.name.empty());
      CHECK((m.kind == SpeakerKind::kCountry ||
             m.kind == SpeakerKind::kOrganization ||
             m.kind == SpeakerKind::kPerson));
      CHECK(std::any_of(c.content.begin(), c.content.end(), [&](Span span) {
        return span.begin <= m.span.begin && m.span.end <= span.end;
      }));
      ++total;
    }
  }
  CHECK(total > 10);
}

TEST_CASE("Mentions: a speaker's surname in another's claim",
          "[text][mentions]") {
  Document doc;
  doc.id = "t";
  doc.text =
      "Defense Secretary Lloyd Austin said on Tuesday that the alliance was "
      "strong.\n\n"
      "NATO Secretary General Jens Stoltenberg said Austin had been right to "
      "visit Seoul, and that Washington would consult NATO.\n";
  auto extractor = Extractor::Create();
  REQUIRE(extractor.ok());
  const std::vector<Claim> claims = extractor.value()->Extract(doc);
  REQUIRE(claims.size() == 2);
  CHECK(claims[0].mentions.empty());
  CHECK(Described(claims[1].mentions, doc.text) ==
        Strings{"Austin -> Lloyd Austin (person)",
                "Seoul -> South Korea (country)",
                "Washington -> United States (country)",
                "NATO -> NATO (organization)"});
}

}  // namespace
}  // namespace claimtrack::text
