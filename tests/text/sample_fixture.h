// The built-in lexicons, and the bundled sample article
// (data/samples/south-korea-weapons-ukraine.txt) and the claims the extractor
// finds in it, made once per test run.
#ifndef CLAIMTRACK_TESTS_TEXT_SAMPLE_FIXTURE_H_
#define CLAIMTRACK_TESTS_TEXT_SAMPLE_FIXTURE_H_

#include <catch2/catch.hpp>
#include <fstream>
#include <memory>
#include <sstream>
#include <string_view>
#include <vector>

#include "claimtrack/claim.h"
#include "claimtrack/extractor.h"
#include "text/lexicon.h"

namespace claimtrack::testing {

// The built-in lexicons, loaded once.
inline const text::Lexicon& BuiltinLexicon() {
  static const std::unique_ptr<text::Lexicon> lex =
      std::move(text::Lexicon::Builtin()).value();
  return *lex;
}

struct Sample {
  Document doc;
  std::vector<Claim> claims;

  // The first claim whose content contains `needle`, or null.
  const Claim* ByContent(std::string_view needle) const {
    for (const Claim& c : claims) {
      for (const Span& s : c.content) {
        if (s.In(doc.text).find(needle) != std::string_view::npos) return &c;
      }
    }
    return nullptr;
  }
};

inline const Sample& TheSample() {
  static const Sample sample = [] {
    Sample s;
    std::ifstream in(CLAIMTRACK_SOURCE_DIR
                     "/data/samples/south-korea-weapons-ukraine.txt");
    REQUIRE(in);
    std::ostringstream buf;
    buf << in.rdbuf();
    s.doc.id = "sample";
    s.doc.text = buf.str();  // no input date: it is found in the page header
    auto extractor = Extractor::Create();
    REQUIRE(extractor.ok());
    s.claims = extractor.value()->Extract(s.doc);
    return s;
  }();
  return sample;
}

}  // namespace claimtrack::testing

#endif  // CLAIMTRACK_TESTS_TEXT_SAMPLE_FIXTURE_H_
