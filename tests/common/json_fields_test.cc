// ScanFields, the reader's fast path, against nlohmann's parser: whenever
// the scanner accepts a line, its fields must be the parser's.
#include "common/json_fields.h"

#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "common/utf8.h"

namespace claimtrack::json_fields {
namespace {

using Kind = Field::Kind;

Fields Parsed(std::string_view line) {
  Fields fields;
  std::string error;
  REQUIRE(ParseFields(line, &fields, &error) == ParseOutcome::kObject);
  return fields;
}

Fields Scanned(std::string_view line) {
  Fields fields;
  REQUIRE(ScanFields(line, &fields));
  return fields;
}

TEST_CASE("json fields: the scanner reads what the reader needs", "[common]") {
  const std::string line =
      R"({"newid": 12, "topics": ["a", {"b": [1, -2.5, 0.125, true, null]}],)"
      R"( "body": "Line\none \"q\" \\ \/ \t\u00e9\ud83d\ude00\u0000",)"
      R"( "title": null, "date": "1987-02-26T15:01:01"} )";
  const Fields fields = Scanned(line);
  CHECK(fields[kNewId].kind == Kind::kInteger);
  CHECK(fields[kNewId].value == "12");
  CHECK(fields[kBody].kind == Kind::kString);
  static const char kExpected[] =
      "Line\none \"q\" \\ / \t\xC3\xA9\xF0\x9F\x98\x80\0";
  CHECK(fields[kBody].value == std::string(kExpected, sizeof kExpected - 1));
  CHECK(fields[kTitle].kind == Kind::kNull);
  CHECK(fields[kDate].value == "1987-02-26T15:01:01");
  CHECK(fields[kId].kind == Kind::kAbsent);
  CHECK(fields[kText].kind == Kind::kAbsent);
  CHECK(fields == Parsed(line));
}

TEST_CASE("json fields: what the scanner leaves to the parser", "[common]") {
  Fields fields;
  for (const char* line : {
           R"({"id": "a", "id": "b", "text": "x"})",  // repeated member
           R"({"\u0069d": "a", "text": "x"})",        // escaped key
           R"({"id": -0, "text": "x"})",              // not a plain integer
           R"({"id": 1234567890123456789, "text": "x"})",  // 19 digits
           R"({"id": 1.5, "text": "x"})",
           R"({"id": "a", "text": 5})",  // wrong type
           R"({"id": "a", "text": ["x"]})",
           R"({"id": "a", "text": "x"} x)",     // trailing bytes
           R"({"id": "a", "text": "x",})",      // trailing comma
           R"({"id": "a", "text": "\ud800"})",  // lone surrogate
           R"({"id": "a", "text": "\udc00\ud800"})",
           R"({"id": "a", "text": "\x"})",              // unknown escape
           "{\"id\": \"a\", \"text\": \"tab\there\"}",  // raw control byte
           R"({"id": "a", "n": 01, "text": "x"})",      // leading zero
           R"({"id": "a", "n": 1e999, "text": "x"})",   // beyond a double
           R"({"id": "a", "n": 2E3, "text": "x"})",
           R"({"id": "a", "n": [1,], "text": "x"})",
           R"({"id": "a", "n": {"k" 1}, "text": "x"})",
           R"({"id": "a", "n": tru, "text": "x"})",
           R"(["id", "a"])",
           "",
       }) {
    INFO(line);
    CHECK_FALSE(ScanFields(line, &fields));
  }
}

// Random lines built from JSON's grammar, then perhaps damaged.
class LineMaker {
 public:
  explicit LineMaker(uint32_t seed) : rng_(seed) {}

  std::string Line() {
    std::string s = Object(0, true);
    if (Chance(3)) Damage(&s);
    if (Chance(6)) s = Spaces() + s + Spaces();
    return s;
  }

 private:
  bool Chance(int in) { return Pick(in) == 0; }
  size_t Pick(size_t n) { return rng_() % n; }

  std::string Spaces() {
    static const char* const kSpaces[] = {"", "", " ", "\t", "\r", "  \n"};
    return kSpaces[Pick(6)];
  }

  std::string Key(bool top) {
    static const char* const kOther[] = {
        "topics", "lang", "x", "Id", "", "id ", "t\\u0065xt", "\\u0069d"};
    if (top && !Chance(4)) return std::string(kFieldNames[Pick(kFieldCount)]);
    return kOther[Pick(8)];
  }

  std::string StringBody() {
    static const char* const kPieces[] = {"a",
                                          "Seoul",
                                          " ",
                                          "\\n",
                                          "\\\"",
                                          "\\\\",
                                          "\\/",
                                          "\\b",
                                          "\\f",
                                          "\\r",
                                          "\\t",
                                          "\\u00e9",
                                          "\\u20AC",
                                          "\\ud83d\\ude00",
                                          "\\u0000",
                                          "\xC3\xA9",
                                          "\xE2\x82\xAC",
                                          "\\ud83d",
                                          "\\ude00",
                                          "\\q",
                                          "\x01",
                                          "\x7F",
                                          "\\u12",
                                          "1987-02-26",
                                          "\xF0\x9F\x98\x80"};
    std::string s;
    for (size_t n = Pick(6); n > 0; --n) s += kPieces[Pick(25)];
    return s;
  }

  std::string Number() {
    // clang-format off
    static const char* const kNumbers[] = {
        "0", "7", "12", "-3", "-0", "1.5", "2e10", "1E-2", "01", "1.", ".5",
        "-", "1e", "+1", "123456789012345678", "1234567890123456789",
        "99999999999999999999999", "0.0e+0", "1e999", "-1E+400", "1e-999"};
    // clang-format on
    if (Chance(40)) return std::string(Pick(2) ? 309 : 301, '9');
    return kNumbers[Pick(21)];
  }

  std::string Value(int depth) {
    switch (Pick(depth > 3 ? 5 : 7)) {
      case 0:
      case 1: {
        // Appended, here and below: GCC 12 warns falsely (-Wrestrict) of
        // a literal + std::string.
        std::string s(1, '"');
        s += StringBody();
        s += '"';
        return s;
      }
      case 2:
        return Number();
      case 3: {
        static const char* const kLiterals[] = {"null", "true", "false",
                                                "nul",  "True", "null"};
        return kLiterals[Pick(6)];
      }
      case 4:
        return "null";
      case 5:
        return Object(depth + 1, false);
      default: {
        std::string s(1, '[');
        s += Spaces();
        for (size_t n = Pick(4), i = 0; i < n; ++i) {
          if (i > 0) s += ",";
          s += Spaces() + Value(depth + 1) + Spaces();
        }
        return s + "]";
      }
    }
  }

  std::string Object(int depth, bool top) {
    std::string s(1, '{');
    s += Spaces();
    for (size_t n = Pick(top ? 9 : 4), i = 0; i < n; ++i) {
      if (i > 0) {
        s += ',';
        s += Spaces();
      }
      s += '"';
      s += Key(top);
      s += '"';
      s += Spaces();
      s += ':';
      s += Spaces();
      s += Value(depth);
    }
    return s + Spaces() + "}";
  }

  void Damage(std::string* s) {
    if (s->empty()) return;
    const size_t at = Pick(s->size());
    static const char kBytes[] = "{}[]\",:\\ 0a-";
    switch (Pick(3)) {
      case 0:
        s->erase(at, 1);
        break;
      case 1:
        s->insert(at, 1, kBytes[Pick(sizeof kBytes - 1)]);
        break;
      default:
        (*s)[at] = kBytes[Pick(sizeof kBytes - 1)];
    }
  }

  std::mt19937 rng_;
};

TEST_CASE("json fields: the scanner agrees with the parser", "[common]") {
  LineMaker maker(20261202);
  int scanned = 0, declined = 0, invalid = 0;
  for (int i = 0; i < 20000; ++i) {
    const std::string line = maker.Line();
    if (utf8::FindInvalid(line)) continue;  // the reader rejects it first
    Fields fast;
    Fields reference;
    std::string error;
    const bool accepted = ScanFields(line, &fast);
    const bool parsed =
        ParseFields(line, &reference, &error) == ParseOutcome::kObject;
    if (!parsed) ++invalid;
    if (!accepted) {
      ++declined;
      continue;
    }
    ++scanned;
    INFO(line);
    REQUIRE(parsed);
    for (int f = 0; f < kFieldCount; ++f) {
      INFO(kFieldNames[f]);
      CHECK(fast[f] == reference[f]);
    }
  }
  // Both paths are exercised, and broken lines are among them.
  CHECK(scanned > 2000);
  CHECK(declined > 2000);
  CHECK(invalid > 1000);
}

}  // namespace
}  // namespace claimtrack::json_fields
