// The tokenizer, segmenter and quote finder on sentences written for the
// test: byte spans, abbreviations, possessives, quote direction, paragraphs.
#include "text/tokenizer.h"

#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "text/lexicon.h"
#include "text/quotes.h"
#include "text/sample_fixture.h"
#include "text/segmenter.h"

namespace claimtrack::text {
namespace {

const Lexicon& Lex() { return testing::BuiltinLexicon(); }

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> out;
  for (const Token& t : Tokenize(text, Lex())) {
    out.emplace_back(TokenText(text, t));
  }
  return out;
}

TEST_CASE("Tokenizer: words, abbreviations and possessives",
          "[text][tokenizer]") {
  CHECK(Words("U.S. Sen. Jong-sup's plan") ==
        std::vector<std::string>{"U.S.", "Sen.", "Jong-sup", "'s", "plan"});
  CHECK(Words("Seoul’s don’t 28,500 9/11 3.5") ==
        std::vector<std::string>{"Seoul", "’s", "don’t", "28,500", "9/11",
                                 "3.5"});
  CHECK(Words("end. Next") == std::vector<std::string>{"end", ".", "Next"});
  CHECK(Words("(R-S.C.) said") ==
        std::vector<std::string>{"(", "R-S.C.", ")", "said"});
}

TEST_CASE("Tokenizer: quote marks and their direction", "[text][tokenizer]") {
  std::string text = "He said \"yes\" and “no” and ''maybe''.";
  std::vector<TokenKind> quotes;
  for (const Token& t : Tokenize(text, Lex())) {
    if (t.kind == TokenKind::kOpenQuote || t.kind == TokenKind::kCloseQuote) {
      quotes.push_back(t.kind);
    }
  }
  REQUIRE(quotes.size() == 6);
  for (size_t i = 0; i < quotes.size(); ++i) {
    CHECK(quotes[i] ==
          (i % 2 == 0 ? TokenKind::kOpenQuote : TokenKind::kCloseQuote));
  }
}

TEST_CASE("Tokenizer: spans stay on character boundaries",
          "[text][tokenizer]") {
  std::string text = "Zürich —“Qué?” said José\xC2\xA0Ñúñez…";
  for (const Token& t : Tokenize(text, Lex())) {
    CHECK(t.span.end <= text.size());
    CHECK(t.span.begin < t.span.end);
    // No span starts on a UTF-8 continuation byte.
    CHECK((static_cast<unsigned char>(text[t.span.begin]) & 0xC0) != 0x80);
    if (t.span.end < text.size()) {
      CHECK((static_cast<unsigned char>(text[t.span.end]) & 0xC0) != 0x80);
    }
  }
}

TEST_CASE("Segmenter: sentences, abbreviations and paragraphs",
          "[text][segmenter]") {
  std::string text =
      "The U.S. envoy met Mr. Lee on Jan. 5. He left.\n\n"
      "“We are ready. We waited,” he said. Then he went home.";
  auto tokens = Tokenize(text, Lex());
  Segmentation seg = Segment(text, tokens, Lex());
  REQUIRE(seg.paragraphs.size() == 2);
  std::vector<std::string> sentences;
  for (const Sentence& s : seg.sentences) {
    sentences.emplace_back(
        text.substr(tokens[s.first].span.begin,
                    tokens[s.end - 1].span.end - tokens[s.first].span.begin));
  }
  CHECK(sentences ==
        std::vector<std::string>{"The U.S. envoy met Mr. Lee on Jan. 5.",
                                 "He left.", "“We are ready.",
                                 "We waited,” he said.", "Then he went home."});
  CHECK(seg.sentences[2].paragraph == 1);
}

TEST_CASE("Segmenter: hard-wrapped wire copy keeps its paragraphs",
          "[text][segmenter]") {
  std::string line = "Trade officials said on Tuesday that the tariffs on\n";
  std::string text =
      "    " + line + "semiconductors would stay in place for now, and\n" +
      "that talks with Japan would resume next month in\n" +
      "Washington.\n    The minister said he was disappointed by the\n" +
      "decision and would consult his colleagues.\n";
  auto tokens = Tokenize(text, Lex());
  Segmentation seg = Segment(text, tokens, Lex());
  CHECK(seg.paragraphs.size() == 2);
}

TEST_CASE("Segmenter: page chrome is marked", "[text][segmenter]") {
  std::string text =
      "15.4 C\nLos Angeles\nHome News A headline here\n\n"
      "The mayor said the roads would reopen.\n\n"
      "Is the city ready for the storm?\n\n"
      "*This story was generated from a feed.";
  auto tokens = Tokenize(text, Lex());
  Segmentation seg = Segment(text, tokens, Lex());
  std::vector<bool> chrome;
  for (const Paragraph& p : seg.paragraphs) chrome.push_back(p.chrome);
  CHECK(chrome == std::vector<bool>{true, true, true, false, true, true});
}

TEST_CASE("Quotes: pairs, nesting and quotes across paragraphs",
          "[text][quotes]") {
  std::string text =
      "“He told me ‘never,’ and left,” she said.\n\n"
      "He said: “First point.\n\n“Second point.”";
  auto tokens = Tokenize(text, Lex());
  Segmentation seg = Segment(text, tokens, Lex());
  std::vector<Quote> quotes = FindQuotes(tokens, seg);
  REQUIRE(quotes.size() == 3);
  CHECK(quotes[0].closed);
  CHECK(TokenText(text, tokens[quotes[0].close]) == "”");
  CHECK_FALSE(quotes[1].closed);  // runs to its paragraph's end
  CHECK(quotes[2].continues == 1);
}

}  // namespace
}  // namespace claimtrack::text
