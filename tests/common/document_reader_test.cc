#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "claimtrack/reader.h"
#include "common/utf8.h"
#include "temp_dir.h"

namespace claimtrack {
namespace {

namespace fs = std::filesystem;

using testing::TempDir;

struct Outcome {
  std::vector<Document> docs;
  std::vector<std::string> errors;  // messages of the skipped items
};

Outcome ReadAll(const std::string& path, const ReaderOptions& options = {}) {
  Outcome outcome;
  auto reader = DocumentReader::Open(path, options);
  REQUIRE(reader.ok());
  Document doc;
  while (true) {
    Result<bool> next = (*reader)->Next(&doc);
    if (!next.ok()) {
      REQUIRE(next.status().IsInvalidArgument());
      outcome.errors.push_back(next.status().message());
      continue;
    }
    if (!*next) break;
    outcome.docs.push_back(doc);
  }
  return outcome;
}

// Reads a one-line JSONL file and returns the single error it must yield.
std::string ErrorOfLine(std::string_view line) {
  TempDir dir;
  const Outcome outcome =
      ReadAll(dir.Write("one.jsonl", std::string(line) + "\n"));
  CHECK(outcome.docs.empty());
  REQUIRE(outcome.errors.size() == 1);
  return outcome.errors[0];
}

using Catch::Matchers::Contains;

TEST_CASE("JSON Lines: fields and dates and line numbers", "[common]") {
  TempDir dir;
  const std::string path = dir.Write(
      "news.jsonl",
      R"({"id": "a1", "text": "Mr Smith said so.", "date": "2023-12-01T09:30:00Z", "title": "T", "outlet": "O", "url": "http://x", "dateline": "SEOUL, Dec 1 -"})"
      "\n\n   \n"
      R"({"id": "a2", "text": "Caf\u00e9 \"quoted\"", "date": null, "extra": [1, 2]})"
      "\n");
  const Outcome outcome = ReadAll(path);
  REQUIRE(outcome.errors.empty());
  REQUIRE(outcome.docs.size() == 2);
  const Document& first = outcome.docs[0];
  CHECK(first.id == "a1");
  CHECK(first.text == "Mr Smith said so.");
  CHECK(first.date == "2023-12-01");
  CHECK(first.time_of_day == 9 * 3600 + 30 * 60);
  CHECK(first.title == "T");
  CHECK(first.outlet == "O");
  CHECK(first.url == "http://x");
  CHECK(first.dateline == "SEOUL, Dec 1 -");
  CHECK(first.origin == path + ":1");
  const Document& second = outcome.docs[1];
  CHECK(second.text == "Caf\xC3\xA9 \"quoted\"");
  CHECK(second.date.empty());
  CHECK(second.time_of_day == -1);
  CHECK(second.title.empty());
  CHECK(second.origin == path + ":4");
}

TEST_CASE("JSON Lines: the corpus gold formats", "[common]") {
  TempDir dir;
  const std::string path = dir.Write(
      "gold.jsonl",
      R"({"dataset": "polnear", "doc_id": "p_1", "date": "2016-09-12", "outlet": "breitbart", "title": null, "text": "A said B.", "quotes": [{"id": "q"}]})"
      "\n"
      R"({"newid": 17, "date": "1987-02-26 15:01:01", "title": "COCOA", "body": "C said D."})"
      "\n"
      R"({"newid": 18, "date": "1987-02-26T15:01:01", "body": null})"
      "\n"
      R"({"id": "business/001", "category": "business", "title": "Ad sales", "text": "E said F."})"
      "\n");
  const Outcome outcome = ReadAll(path);
  REQUIRE(outcome.docs.size() == 3);
  CHECK(outcome.docs[0].id == "p_1");
  CHECK(outcome.docs[0].outlet == "breitbart");
  CHECK(outcome.docs[1].id == "17");
  CHECK(outcome.docs[1].text == "C said D.");
  CHECK(outcome.docs[1].date == "1987-02-26");
  CHECK(outcome.docs[1].time_of_day == 15 * 3600 + 60 + 1);
  CHECK(outcome.docs[0].time_of_day == -1);  // a date without a time
  CHECK(outcome.docs[2].id == "business/001");
  REQUIRE(outcome.errors.size() == 1);
  CHECK_THAT(outcome.errors[0],
             Contains("gold.jsonl:3: id \"18\": \"body\" is null"));
}

TEST_CASE("JSON Lines: CRLF line ends", "[common]") {
  TempDir dir;
  const Outcome outcome =
      ReadAll(dir.Write("crlf.jsonl",
                        "{\"id\": \"a\", \"text\": \"one\"}\r\n\r\n"
                        "{\"id\": \"b\", \"text\": \"two\"}\r\n"));
  REQUIRE(outcome.errors.empty());
  REQUIRE(outcome.docs.size() == 2);
  CHECK(outcome.docs[0].text == "one");
  CHECK(outcome.docs[1].text == "two");
  CHECK_THAT(outcome.docs[1].origin, Contains("crlf.jsonl:3"));
}

TEST_CASE("Plain text: one document named after the file", "[common]") {
  TempDir dir;
  const std::string text = "Seoul said on Friday it would not.\n\nMore.\n";
  const std::string path = dir.Write("story.v2.txt", "\xEF\xBB\xBF" + text);
  const Outcome outcome = ReadAll(path);
  REQUIRE(outcome.errors.empty());
  REQUIRE(outcome.docs.size() == 1);
  CHECK(outcome.docs[0].id == "story.v2");
  CHECK(outcome.docs[0].text == text);  // byte-order mark dropped
  CHECK(outcome.docs[0].date.empty());
  CHECK(outcome.docs[0].origin == path);

  auto reader = DocumentReader::Open(dir.Write("notes", "Plain."));
  REQUIRE(reader.ok());
  CHECK_FALSE((*reader)->is_json_lines());
}

TEST_CASE("Format: sniffed from the first non-space byte", "[common]") {
  TempDir dir;
  auto sniffed = DocumentReader::Open(
      dir.Write("feed.txt", "\n  {\"id\": \"x\", \"text\": \"y\"}\n"));
  REQUIRE(sniffed.ok());
  CHECK((*sniffed)->is_json_lines());
  auto by_name = DocumentReader::Open(dir.Write("empty.ndjson", ""));
  REQUIRE(by_name.ok());
  CHECK((*by_name)->is_json_lines());
  Document doc;
  Result<bool> next = (*by_name)->Next(&doc);
  REQUIRE(next.ok());
  CHECK_FALSE(*next);  // an empty JSONL file holds no documents
}

TEST_CASE("Malformed JSON names the line and reading continues", "[common]") {
  TempDir dir;
  const Outcome outcome =
      ReadAll(dir.Write("mixed.jsonl",
                        "{\"id\": \"a\", \"text\": \"fine\"}\n"
                        "{\"id\": \"b\", \"text\": }\n"
                        "{\"id\": \"c\", \"text\": \"also fine\"} trailing\n"
                        "{\"id\": \"d\", \"text\": \"fine again\"}\n"));
  REQUIRE(outcome.docs.size() == 2);
  CHECK(outcome.docs[1].id == "d");
  REQUIRE(outcome.errors.size() == 2);
  CHECK_THAT(outcome.errors[0], Contains("mixed.jsonl:2: malformed JSON"));
  CHECK_THAT(outcome.errors[1], Contains("mixed.jsonl:3: malformed JSON"));
}

TEST_CASE("Missing fields and wrong types are reported", "[common]") {
  CHECK_THAT(ErrorOfLine(R"({"id": "a"})"),
             Contains("one.jsonl:1: id \"a\": missing \"text\""));
  CHECK_THAT(ErrorOfLine(R"({"id": "a", "text": 5})"),
             Contains("\"text\" must be a string, not number"));
  CHECK_THAT(ErrorOfLine(R"({"text": "t"})"), Contains("missing \"id\""));
  CHECK_THAT(ErrorOfLine(R"({"id": ["a"], "text": "t"})"),
             Contains("\"id\" must be a string or an integer, not array"));
  CHECK_THAT(ErrorOfLine(R"({"id": "", "text": "t"})"),
             Contains("\"id\" is empty"));
  CHECK_THAT(ErrorOfLine(R"({"id": "a", "text": "t", "date": 20231201})"),
             Contains("\"date\" must be a string, not number"));
  CHECK_THAT(ErrorOfLine(R"({"id": "a", "text": "t", "date": "Dec 1"})"),
             Contains("\"date\" is not an ISO-8601 date"));
  CHECK_THAT(ErrorOfLine(R"({"id": "a", "text": "t", "date": "2023-13-01"})"),
             Contains("\"date\" is not an ISO-8601 date"));
  CHECK_THAT(ErrorOfLine(R"({"id": "a", "text": "t", "title": {}})"),
             Contains("\"title\" must be a string, not object"));
  CHECK_THAT(ErrorOfLine(R"(["a", "t"])"),
             Contains("expected a JSON object, not array"));
}

TEST_CASE("Invalid UTF-8 is reported with its byte offset", "[common]") {
  struct Case {
    std::string bytes;
    std::string reason;
  };
  const std::vector<Case> cases = {
      {"\xC0\xAF", "overlong encoding"},
      {"\xE0\x80\xAF", "overlong encoding"},
      {"\xF0\x80\x80\xAF", "overlong encoding"},
      {"\xED\xA0\x80", "UTF-16 surrogate"},
      {"\xE2\x82", "truncated sequence"},
      {"\xF0\x9F\x98", "truncated sequence"},
      {"\xF5\x80\x80\x80", "byte above 0xF4"},
      {"\xFF", "byte above 0xF4"},
      {"\xF4\x90\x80\x80", "code point above U+10FFFF"},
      {"\x80", "unexpected continuation byte"},
  };
  const std::string prefix = R"({"id": "u1", "text": "ok )";
  for (const Case& c : cases) {
    INFO(c.reason);
    const std::string error = ErrorOfLine(prefix + c.bytes + " end\"}");
    CHECK_THAT(error, Contains("one.jsonl:1: id \"u1\": invalid UTF-8 (" +
                               c.reason + ") at byte offset " +
                               std::to_string(prefix.size()) + " of the line"));
  }
  TempDir dir;
  const Outcome plain =
      ReadAll(dir.Write("bad.txt", "Fine text \xED\xBF\xBF."));
  REQUIRE(plain.errors.size() == 1);
  CHECK_THAT(plain.errors[0],
             Contains("bad.txt: id \"bad\": invalid UTF-8 (UTF-16 surrogate) "
                      "at byte offset 10"));
}

TEST_CASE("NUL bytes are rejected", "[common]") {
  using namespace std::string_literals;
  CHECK_THAT(ErrorOfLine("{\"id\": \"n\", \"text\": \"a\0b\"}"s),
             Contains("id \"n\": NUL byte at byte offset 22 of the line"));
  CHECK_THAT(ErrorOfLine(R"({"id": "n", "text": "ab\u0000c"})"),
             Contains("NUL character (\\u0000) at byte offset 2 of the text"));
  TempDir dir;
  const Outcome plain = ReadAll(dir.Write("nul.txt", "abc\0def"s));
  REQUIRE(plain.errors.size() == 1);
  CHECK_THAT(plain.errors[0],
             Contains("nul.txt: id \"nul\": NUL byte at byte offset 3"));
}

TEST_CASE("Empty and white-space-only text is rejected", "[common]") {
  CHECK_THAT(ErrorOfLine(R"({"id": "e", "text": ""})"),
             Contains("id \"e\": empty text"));
  CHECK_THAT(ErrorOfLine(R"({"id": "e", "text": " \n\t\r "})"),
             Contains("id \"e\": text is only white space"));
  TempDir dir;
  CHECK_THAT(ReadAll(dir.Write("empty.txt", "")).errors.at(0),
             Contains("empty.txt: id \"empty\": empty text"));
  CHECK_THAT(ReadAll(dir.Write("blank.txt", "\n  \n")).errors.at(0),
             Contains("blank.txt: id \"blank\": text is only white space"));
}

TEST_CASE("Items over the size limit are skipped", "[common]") {
  TempDir dir;
  ReaderOptions options;
  options.max_document_bytes = 64;
  const std::string fits =
      R"({"id": "a", "text": ")" + std::string(64 - 23, 'x') + "\"}";
  REQUIRE(fits.size() == 64);
  const std::string big =
      R"({"id": "b", "text": ")" + std::string(3 << 20, 'x') + "\"}";
  const Outcome outcome = ReadAll(
      dir.Write("limit.jsonl", fits + "\n" + big + "\n" +
                                   R"({"id": "c", "text": "after"})" + "\n"),
      options);
  REQUIRE(outcome.docs.size() == 2);
  CHECK(outcome.docs[0].id == "a");
  CHECK(outcome.docs[1].id == "c");
  CHECK(outcome.docs[1].origin.ends_with(":3"));
  REQUIRE(outcome.errors.size() == 1);
  CHECK_THAT(outcome.errors[0],
             Contains("limit.jsonl:2: line of " + std::to_string(big.size()) +
                      " bytes exceeds the limit of 64"));

  const Outcome plain =
      ReadAll(dir.Write("big.txt", std::string(65, 'y')), options);
  REQUIRE(plain.errors.size() == 1);
  CHECK_THAT(
      plain.errors[0],
      Contains("big.txt: id \"big\": larger than the limit of 64 bytes"));
}

// Sentences of mixed ASCII and multi-byte text, `bytes` long or a little
// more.
std::string LongText(size_t bytes) {
  const std::string sentence =
      "Officials said the talks \xE2\x80\x94 long ones \xE2\x80\x94 went on. ";
  std::string text = sentence;
  while (2 * text.size() <= bytes) text += text;
  const size_t missing = bytes > text.size() ? bytes - text.size() : 0;
  const size_t sentences = (missing + sentence.size() - 1) / sentence.size();
  text.append(text, 0, sentences * sentence.size());
  return text;
}

TEST_CASE("A 50 MB document is accepted", "[common]") {
  TempDir dir;
  const std::string text = LongText(50'000'000);
  const Outcome plain = ReadAll(dir.Write("huge.txt", text));
  REQUIRE(plain.errors.empty());
  REQUIRE(plain.docs.size() == 1);
  CHECK(plain.docs[0].text == text);
  // A JSON line spanning several read chunks. (50 MB through the JSON
  // parser takes ~15 s in a sanitized debug build: see the hidden case.)
  const std::string shorter = LongText(6'000'000);
  const Outcome jsonl = ReadAll(dir.Write(
      "long.jsonl", "{\"id\": \"h\", \"text\": \"" + shorter + "\"}\r\n"));
  REQUIRE(jsonl.errors.empty());
  REQUIRE(jsonl.docs.size() == 1);
  CHECK(jsonl.docs[0].text == shorter);
}

TEST_CASE("A 50 MB JSON line is accepted", "[common][.slow]") {
  TempDir dir;
  const std::string text = LongText(50'000'000);
  const Outcome jsonl = ReadAll(
      dir.Write("huge.jsonl", "{\"id\": \"h\", \"text\": \"" + text + "\"}\n"));
  REQUIRE(jsonl.errors.empty());
  REQUIRE(jsonl.docs.size() == 1);
  CHECK(jsonl.docs[0].text == text);
}

TEST_CASE("A duplicate id is skipped with a warning", "[common]") {
  TempDir dir;
  const Outcome outcome = ReadAll(
      dir.Write("dup.jsonl",
                "{\"id\": \"x\", \"text\": 1}\n"  // bad: does not claim the id
                "{\"id\": \"x\", \"text\": \"first\"}\n"
                "{\"id\": \"y\", \"text\": \"other\"}\n"
                "{\"id\": \"x\", \"text\": \"again\"}\n"));
  REQUIRE(outcome.docs.size() == 2);
  CHECK(outcome.docs[0].text == "first");
  REQUIRE(outcome.errors.size() == 2);
  CHECK_THAT(
      outcome.errors[1],
      Contains("dup.jsonl:4: id \"x\": duplicate id (first seen at line 2)"));
}

TEST_CASE("Open fails on a missing file or a directory", "[common]") {
  TempDir dir;
  auto missing = DocumentReader::Open(dir.path() + "/nope.jsonl");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().IsIOError());
  CHECK_THAT(missing.status().message(), Contains("nope.jsonl"));
  auto directory = DocumentReader::Open(dir.path());
  REQUIRE_FALSE(directory.ok());
  CHECK(directory.status().IsInvalidArgument());
}

TEST_CASE("utf8 helpers count and cut by code points", "[common]") {
  const std::string s = "a\xC3\xA9\xE2\x80\x94\xF0\x9F\x98\x80z";  // aé—😀z
  CHECK(utf8::IsValid(s));
  CHECK(utf8::CountCodePoints(s) == 5);
  CHECK(utf8::PrefixBytes(s, 0) == 0);
  CHECK(utf8::PrefixBytes(s, 2) == 3);
  CHECK(utf8::PrefixBytes(s, 4) == 10);
  CHECK(utf8::PrefixBytes(s, 99) == s.size());
  CHECK(utf8::SequenceLength(s, 3) == 3);
  // Valid boundaries of Table 3-7.
  for (const char* ok :
       {"\xC2\x80", "\xDF\xBF", "\xE0\xA0\x80", "\xED\x9F\xBF", "\xEE\x80\x80",
        "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF"}) {
    CHECK(utf8::IsValid(ok));
  }
  auto error = utf8::FindInvalid(std::string(20, 'a') + "\xC1\x81");
  REQUIRE(error);
  CHECK(error->offset == 20);
}

}  // namespace
}  // namespace claimtrack
