// The extractor on hostile and broken text: it must finish, stay within its
// invariants and keep its work linear. (Byte-level problems, such as invalid
// UTF-8 and NUL, are the readers' to reject: see document_reader_test.cc.)
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "claimtrack/extractor.h"
#include "common/utf8.h"

namespace claimtrack {
namespace {

const Extractor& TheExtractor() {
  static const std::unique_ptr<Extractor> extractor =
      std::move(Extractor::Create()).value();
  return *extractor;
}

bool OnBoundary(const std::string& text, uint32_t offset) {
  return offset == text.size() ||
         (static_cast<unsigned char>(text[offset]) & 0xC0) != 0x80;
}

// Runs the extractor and checks every span of every claim.
std::vector<Claim> ExtractChecked(const std::string& text) {
  Document doc;
  doc.id = "hostile";
  doc.text = text;
  doc.date = "2023-12-01";
  std::vector<Claim> claims = TheExtractor().Extract(doc);
  for (size_t i = 1; i < claims.size(); ++i) {
    REQUIRE(claims[i - 1].content[0].begin <= claims[i].content[0].begin);
  }
  auto check = [&](const Span& s) {
    REQUIRE(s.begin <= s.end);
    REQUIRE(s.end <= text.size());
    REQUIRE(OnBoundary(text, s.begin));
    REQUIRE(OnBoundary(text, s.end));
  };
  for (const Claim& c : claims) {
    REQUIRE_FALSE(c.content.empty());
    for (const Span& s : c.content) {
      check(s);
      REQUIRE(s.begin < s.end);
    }
    if (c.cue) check(*c.cue);
    if (c.source) check(*c.source);
    if (c.speaker.antecedent) check(*c.speaker.antecedent);
    if (c.date.expr) check(*c.date.expr);
    if (c.anonymous) {
      check(c.anonymous->descriptor_span);
      if (c.anonymous->reason) check(*c.anonymous->reason);
    }
  }
  return claims;
}

std::string Repeat(const std::string& s, int n) {
  std::string out;
  out.reserve(s.size() * n);
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

TEST_CASE("Hostile: ten thousand nested quotation marks", "[text][hostile]") {
  ExtractChecked(Repeat("“", 10000) + " he said " + Repeat("”", 10000));
  ExtractChecked(Repeat("\"", 10001) + " Smith said.");
  ExtractChecked(Repeat("“‘", 5000) + "x" + Repeat("’”", 5000));
}

TEST_CASE("Hostile: unbalanced quotes still attribute", "[text][hostile]") {
  auto claims = ExtractChecked("\"We will not back down, Jones said.\n\nNext.");
  REQUIRE(claims.size() == 1);
  CHECK(claims[0].speaker.name == "Jones");
  ExtractChecked("Jones said.” ” ” And then “ nothing “");
}

TEST_CASE("Hostile: only punctuation and empty shapes", "[text][hostile]") {
  CHECK(ExtractChecked("").empty());
  CHECK(ExtractChecked(Repeat(".,;:!?-—()[]\"'", 2000)).empty());
  CHECK(ExtractChecked(Repeat("\n", 5000)).empty());
  CHECK(ExtractChecked(Repeat(" ", 5000)).empty());
}

TEST_CASE("Hostile: a megabyte line without spaces", "[text][hostile]") {
  CHECK(ExtractChecked(std::string(1 << 20, 'x')).empty());
  ExtractChecked(Repeat("said", 1 << 18));
}

TEST_CASE("Hostile: line ends CRLF and CR", "[text][hostile]") {
  auto crlf = ExtractChecked(
      "Smith said the plan works.\r\n\r\nJones said it fails.\r\n");
  CHECK(crlf.size() == 2);
  auto cr =
      ExtractChecked("Smith said the plan works.\rJones said it fails.\r");
  CHECK(cr.size() == 2);
}

TEST_CASE("Hostile: right-to-left and combining text", "[text][hostile]") {
  ExtractChecked("قال المتحدث إن الخطة \"ناجحة\" said Smith. שלום עולם");
  ExtractChecked(
      "Zoe\xCC\x81 said the cafe\xCC\x81 was \xE2\x80\x8F"
      "closed.");
  auto claims = ExtractChecked(
      "\xE2\x80\xAE"
      "Smith said the plan works.\xE2\x80\xAC");
  CHECK(claims.size() == 1);
}

TEST_CASE("Hostile: one endless sentence of cues stays fast",
          "[text][hostile]") {
  // Each claim's content would run to the sentence's end: the extractor
  // bounds the work instead of growing with the square of the length.
  auto start = std::chrono::steady_clock::now();
  ExtractChecked(Repeat("Smith said ", 20000) + ".");
  ExtractChecked(Repeat("\"Yes,\" Smith said, ", 20000) + ".");
  ExtractChecked(Repeat("Officials, who said, said ", 5000));
  auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  // A generous bound (sanitizer builds included): quadratic work on these
  // inputs takes minutes.
  CHECK(seconds < 60);
}

TEST_CASE("Hostile: replacement characters from a lenient decoder",
          "[text][hostile]") {
  ExtractChecked(Repeat("\xEF\xBF\xBD", 1000) + " Smith said \xEF\xBF\xBD.");
}

TEST_CASE("Hostile: inputs the fuzzer found stay fixed", "[text][hostile]") {
  // tests/fuzz/regressions/: every crash or broken promise libFuzzer found,
  // replayed here so the ordinary suite guards them too.
  const std::filesystem::path dir =
      CLAIMTRACK_SOURCE_DIR "/tests/fuzz/regressions/extract";
  int replayed = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream buf;
    buf << in.rdbuf();
    std::string text = buf.str();
    INFO(entry.path().string());
    if (!utf8::IsValid(text)) continue;  // the readers reject these
    ExtractChecked(text);
    ++replayed;
  }
  CHECK(replayed >= 3);
}

}  // namespace
}  // namespace claimtrack
