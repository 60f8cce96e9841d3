#include "text/claim_json.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "claimtrack/extractor.h"
#include "common/utf8.h"

namespace claimtrack::text {
namespace {

using nlohmann::json;

std::string JsonString(std::string_view s) {
  std::string out;
  AppendJsonString(s, &out);
  return out;
}

// Spans are found by searching the fixture text, so the offsets in the
// tests read as the words they cover.
Span Find(std::string_view text, std::string_view piece) {
  const size_t at = text.find(piece);
  REQUIRE(at != text.npos);
  return Span{static_cast<uint32_t>(at),
              static_cast<uint32_t>(at + piece.size())};
}

const std::string kText =
    "SEOUL \xE2\x80\x94 \xE2\x80\x9CWe will not send lethal "
    "weapons,\xE2\x80\x9D"
    " Defense Minister Shin said on Tuesday. A senior official, who spoke on "
    "condition of anonymity because he was not authorized to speak, said "
    "talks\nwould go on.";

Claim DirectClaim() {
  Claim claim;
  claim.doc = "seoul-1";
  claim.id = "seoul-1:12";
  claim.sentence = 0;
  claim.type = ClaimType::kDirect;
  claim.content = {Find(kText, "We will not send lethal weapons,")};
  claim.cue = Find(kText, "said");
  claim.source = Find(kText, "Defense Minister Shin");
  claim.speaker.name = "Shin Won-sik";
  claim.speaker.kind = SpeakerKind::kPerson;
  claim.speaker.title = "Defense Minister";
  claim.speaker.affiliation = "South Korea";
  claim.speaker.antecedent = Find(kText, "Defense Minister Shin");
  claim.date.expr = Find(kText, "on Tuesday");
  claim.date.resolved = "2023-11-28";
  claim.date.basis = "weekday before document date";
  return claim;
}

Claim AnonymousClaim() {
  Claim claim;
  claim.doc = "seoul-1";
  claim.id = "seoul-1:200";
  claim.sentence = 1;
  claim.type = ClaimType::kIndirect;
  claim.content = {Find(kText, "talks\nwould go on")};
  claim.cue = Find(kText, ", said");
  claim.cue->begin += 2;
  claim.source = Find(kText, "A senior official");
  claim.speaker.name = "a senior official";
  claim.speaker.kind = SpeakerKind::kAnonymous;
  claim.anonymous =
      Anonymity{"a senior official", Find(kText, "A senior official"),
                Find(kText, "because he was not authorized")};
  return claim;
}

// A claim with nothing optional set.
Claim BareClaim() {
  Claim claim;
  claim.doc = "d\"1";
  claim.id = "d\"1:0";
  claim.type = ClaimType::kMixed;
  claim.content = {Find(kText, "SEOUL"), Find(kText, "weapons")};
  return claim;
}

// The bare claim with a mention in each content span.
Claim MentionClaim() {
  Claim claim = BareClaim();
  claim.id = "d\"1:m";
  claim.mentions = {
      {Find(kText, "SEOUL"), "South Korea", SpeakerKind::kCountry},
      {Find(kText, "weapons"), "Weapons \"Inc\"", SpeakerKind::kOrganization}};
  return claim;
}

json ToJson(const Claim& claim) {
  std::string line;
  AppendClaimJson(claim, kText, &line);
  REQUIRE(!line.empty());
  REQUIRE(line.back() == '\n');
  REQUIRE(line.find('\n') == line.size() - 1);  // one line per claim
  return json::parse(line);
}

TEST_CASE("JSON strings are escaped", "[text]") {
  CHECK(JsonString("plain") == "\"plain\"");
  CHECK(JsonString("a\"b\\c") == R"("a\"b\\c")");
  CHECK(JsonString("\n\t\r\b\f") == R"("\n\t\r\b\f")");
  CHECK(JsonString(std::string("\x01\x1f\x7f", 3)) == "\"\\u0001\\u001f\x7f\"");
  CHECK(JsonString(std::string("a\0b", 3)) == R"("a\u0000b")");
  // Valid UTF-8 passes through; ill-formed bytes become U+FFFD.
  CHECK(JsonString("caf\xC3\xA9 \xF0\x9F\x98\x80") ==
        "\"caf\xC3\xA9 \xF0\x9F\x98\x80\"");
  CHECK(JsonString("a\xFF") == R"("a\ufffd")");
  CHECK(JsonString("\xE2\x82z") == R"("\ufffd\ufffdz")");
  CHECK(JsonString("\xED\xA0\x80") == R"("\ufffd\ufffd\ufffd")");

  std::string all_ascii;
  for (int c = 0; c < 0x80; ++c) all_ascii.push_back(static_cast<char>(c));
  CHECK(json::parse(JsonString(all_ascii)).get<std::string>() == all_ascii);
}

TEST_CASE("A claim is written as one JSON line", "[text]") {
  std::string line;
  AppendClaimJson(BareClaim(), kText, &line);
  CHECK(line ==
        R"({"doc":"d\"1","id":"d\"1:0","sentence":0,"type":"mixed",)"
        R"("content":[{"text":"SEOUL","begin":0,"end":5},)"
        R"({"text":"weapons","begin":37,"end":44}],"cue":null,"source":null,)"
        R"("speaker":{"name":"","kind":"unknown"},"anonymous":null,)"
        R"("date":{"expr":null,"resolved":null,"basis":null},"mentions":[]})"
        "\n");
  line.clear();
  AppendClaimJson(MentionClaim(), kText, &line);
  CHECK(line.ends_with(
      R"("mentions":[{"text":"SEOUL","begin":0,"end":5,"name":"South Korea",)"
      R"("kind":"country"},{"text":"weapons","begin":37,"end":44,)"
      R"("name":"Weapons \"Inc\"","kind":"organization"}]})"
      "\n"));
}

TEST_CASE("Claim JSON fields carry spans and names", "[text]") {
  const json direct = ToJson(DirectClaim());
  CHECK(direct["type"] == "direct");
  CHECK(direct["content"][0]["text"] == "We will not send lethal weapons,");
  CHECK(direct["cue"]["text"] == "said");
  CHECK(direct["speaker"]["kind"] == "person");
  CHECK(direct["speaker"]["title"] == "Defense Minister");
  CHECK(direct["speaker"]["antecedent"]["text"] == "Defense Minister Shin");
  CHECK(direct["anonymous"].is_null());
  CHECK(direct["date"]["expr"]["text"] == "on Tuesday");
  CHECK(direct["date"]["resolved"] == "2023-11-28");

  const json anonymous = ToJson(AnonymousClaim());
  CHECK(anonymous["speaker"]["kind"] == "anonymous");
  CHECK_FALSE(anonymous["speaker"].contains("title"));
  CHECK_FALSE(anonymous["speaker"].contains("antecedent"));
  CHECK(anonymous["anonymous"]["descriptor"] == "a senior official");
  CHECK(anonymous["anonymous"]["reason"]["text"] ==
        "because he was not authorized");
  CHECK(anonymous["content"][0]["text"] == "talks\nwould go on");
  CHECK(anonymous["date"]["basis"].is_null());

  // Every span's text is the document's bytes at its offsets.
  for (const json& claim : {direct, anonymous}) {
    for (const json& span : claim["content"]) {
      const size_t begin = span["begin"], end = span["end"];
      CHECK(span["text"] == kText.substr(begin, end - begin));
    }
  }
}

TEST_CASE("An out-of-range span does not read past the text", "[text]") {
  Claim claim = BareClaim();
  claim.content = {Span{static_cast<uint32_t>(kText.size() - 3),
                        static_cast<uint32_t>(kText.size() + 40)},
                   Span{9000, 9010}};
  const json parsed = ToJson(claim);
  CHECK(parsed["content"][0]["text"] == "on.");
  CHECK(parsed["content"][1]["text"] == "");
  CHECK(parsed["content"][1]["begin"] == 9000);
}

// --- schema conformance -----------------------------------------------------

json LoadSchema() {
  std::ifstream in(std::string(CLAIMTRACK_SOURCE_DIR) +
                   "/schema/claim.schema.json");
  REQUIRE(in.good());
  return json::parse(in);
}

bool HasType(const json& value, const std::string& type) {
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "string") return value.is_string();
  if (type == "integer") return value.is_number_integer();
  if (type == "number") return value.is_number();
  if (type == "boolean") return value.is_boolean();
  if (type == "null") return value.is_null();
  FAIL("unknown type in schema: " << type);
  return false;
}

// Checks `value` against the subset of JSON Schema that claim.schema.json
// uses (SchemaUsesOnlyKnownKeywords keeps that true), appending problems.
void Validate(const json& schema, const json& root, const json& value,
              const std::string& where, std::vector<std::string>* problems) {
  if (schema.contains("$ref")) {
    const std::string ref = schema["$ref"];
    REQUIRE(ref.starts_with("#/$defs/"));
    Validate(root["$defs"][ref.substr(8)], root, value, where, problems);
  }
  if (schema.contains("oneOf")) {
    int matches = 0;
    for (const json& option : schema["oneOf"]) {
      std::vector<std::string> option_problems;
      Validate(option, root, value, where, &option_problems);
      matches += option_problems.empty();
    }
    if (matches != 1)
      problems->push_back(where + ": matches " + std::to_string(matches) +
                          " of oneOf");
  }
  if (schema.contains("enum") &&
      std::find(schema["enum"].begin(), schema["enum"].end(), value) ==
          schema["enum"].end()) {
    problems->push_back(where + ": not in enum: " + value.dump());
  }
  if (schema.contains("type")) {
    const json& types = schema["type"];
    bool ok = false;
    for (const json& type : types.is_array() ? types : json::array({types})) {
      ok = ok || HasType(value, type);
    }
    if (!ok) problems->push_back(where + ": not of type " + types.dump());
  }
  if (value.is_object()) {
    for (const json& key : schema.value("required", json::array())) {
      if (!value.contains(key)) {
        problems->push_back(where + ": missing " + key.get<std::string>());
      }
    }
    const json properties = schema.value("properties", json::object());
    for (const auto& [key, member] : value.items()) {
      if (properties.contains(key)) {
        Validate(properties[key], root, member, where + "/" + key, problems);
      } else if (schema.value("additionalProperties", true) == false) {
        problems->push_back(where + ": unexpected member " + key);
      }
    }
  }
  if (value.is_array()) {
    if (value.size() < schema.value("minItems", size_t{0})) {
      problems->push_back(where + ": too few items");
    }
    if (schema.contains("items")) {
      for (size_t i = 0; i < value.size(); ++i) {
        Validate(schema["items"], root, value[i],
                 where + "/" + std::to_string(i), problems);
      }
    }
  }
  if (value.is_number() && schema.contains("minimum") &&
      value < schema["minimum"]) {
    problems->push_back(where + ": below minimum");
  }
  if (value.is_string() && schema.contains("pattern") &&
      !std::regex_search(value.get<std::string>(),
                         std::regex(schema["pattern"].get<std::string>()))) {
    problems->push_back(where + ": does not match pattern");
  }
}

std::vector<std::string> Problems(const json& value) {
  const json schema = LoadSchema();
  std::vector<std::string> problems;
  Validate(schema, schema, value, "", &problems);
  return problems;
}

void CollectKeywords(const json& schema, bool in_properties,
                     std::set<std::string>* keywords) {
  if (!schema.is_object()) return;
  for (const auto& [key, member] : schema.items()) {
    if (!in_properties) keywords->insert(key);
    const bool maps_names =
        !in_properties && (key == "properties" || key == "$defs");
    if (member.is_array()) {
      for (const json& item : member) CollectKeywords(item, false, keywords);
    } else {
      CollectKeywords(member, maps_names, keywords);
    }
  }
}

TEST_CASE("The schema uses only keywords the test validates", "[text]") {
  const json schema = LoadSchema();
  CHECK(schema["$schema"] == "https://json-schema.org/draft/2020-12/schema");
  std::set<std::string> keywords;
  CollectKeywords(schema, false, &keywords);
  const std::set<std::string> known = {"$schema",
                                       "$id",
                                       "title",
                                       "description",
                                       "type",
                                       "required",
                                       "additionalProperties",
                                       "properties",
                                       "$defs",
                                       "items",
                                       "minItems",
                                       "$ref",
                                       "oneOf",
                                       "enum",
                                       "minimum",
                                       "pattern"};
  for (const std::string& keyword : keywords) {
    INFO(keyword);
    CHECK(known.contains(keyword));
  }
}

TEST_CASE("Claim JSON conforms to schema/claim.schema.json", "[text]") {
  for (const Claim& claim :
       {DirectClaim(), AnonymousClaim(), BareClaim(), MentionClaim()}) {
    INFO(claim.id);
    CHECK(Problems(ToJson(claim)).empty());
  }
  // The schema's required lists match what is written.
  const json schema = LoadSchema();
  const json bare = ToJson(BareClaim());
  CHECK(schema["required"].size() == bare.size());
  CHECK(schema["$defs"]["speaker"]["required"].size() ==
        bare["speaker"].size());
  CHECK(schema["$defs"]["date"]["required"].size() == bare["date"].size());
  CHECK(schema["$defs"]["mention"]["required"].size() ==
        ToJson(MentionClaim())["mentions"][0].size());

  // And the validator is not vacuous.
  json broken = ToJson(DirectClaim());
  broken.erase("doc");
  broken["speaker"]["kind"] = "ghost";
  broken["content"][0]["begin"] = "12";
  broken["date"]["resolved"] = "Tuesday";
  broken["extra"] = 1;
  CHECK(Problems(broken).size() == 5);
  json empty_content = ToJson(BareClaim());
  empty_content["content"] = json::array();
  CHECK(Problems(empty_content).size() == 1);
  json bad_mention = ToJson(MentionClaim());
  bad_mention["mentions"][0]["kind"] = "anonymous";  // never a mention
  bad_mention["mentions"][1].erase("name");
  CHECK(Problems(bad_mention).size() == 2);
}

// --- table ------------------------------------------------------------------

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> lines;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST_CASE("Table rows fit the width without splitting UTF-8", "[text]") {
  std::string table;
  AppendClaimTableHeader(&table);
  AppendClaimTableRow(1, DirectClaim(), kText, &table);
  AppendClaimTableRow(22, AnonymousClaim(), kText, &table);
  Claim long_name = DirectClaim();
  long_name.speaker.name =
      "Jos\xC3\xA9 Mar\xC3\xAD"
      "a \xC3\x81lvarez del Manzano y L\xC3\xB3pez";
  long_name.content = {Span{0, static_cast<uint32_t>(kText.size())}};
  AppendClaimTableRow(333, long_name, kText, &table);

  CHECK(utf8::IsValid(table));
  const std::vector<std::string> lines = Lines(table);
  UNSCOPED_INFO(table);
  REQUIRE(lines.size() == 5);
  for (const std::string& line : lines) {
    INFO(line);
    CHECK(utf8::CountCodePoints(line) <= kTableWidth);
  }
  CHECK(lines[0].starts_with("#   type     speaker"));
  CHECK(lines[2].starts_with(
      "  1 direct   Shin Won-sik (person)      said      2023-11-28 We will"));
  CHECK(lines[2].find("2023-11-28 We will not send lethal weapons,") !=
        std::string::npos);
  CHECK(lines[3].find("talks would go on") != std::string::npos);
  CHECK(lines[3].find("a senior offi\xE2\x80\xA6 (anonymous)") !=
        std::string::npos);
  // A long name is cut before its kind; long content ends in an ellipsis.
  CHECK(lines[4].find("\xE2\x80\xA6 (person)") != std::string::npos);
  CHECK(lines[4].ends_with("\xE2\x80\xA6"));
  CHECK(utf8::CountCodePoints(lines[4]) == kTableWidth);
}

TEST_CASE("Enum names are the JSON names", "[text]") {
  CHECK(std::string(ClaimTypeName(ClaimType::kDirect)) == "direct");
  CHECK(std::string(ClaimTypeName(ClaimType::kIndirect)) == "indirect");
  CHECK(std::string(ClaimTypeName(ClaimType::kMixed)) == "mixed");
  CHECK(std::string(SpeakerKindName(SpeakerKind::kPerson)) == "person");
  CHECK(std::string(SpeakerKindName(SpeakerKind::kOrganization)) ==
        "organization");
  CHECK(std::string(SpeakerKindName(SpeakerKind::kCountry)) == "country");
  CHECK(std::string(SpeakerKindName(SpeakerKind::kAnonymous)) == "anonymous");
  CHECK(std::string(SpeakerKindName(SpeakerKind::kUnknown)) == "unknown");
}

// --- reading back -----------------------------------------------------------

std::string Line(const Claim& claim, std::string_view text) {
  std::string line;
  AppendClaimJson(claim, text, &line);
  return line;
}

// Every span a claim cites.
std::vector<Span> SpansOf(const Claim& c) {
  std::vector<Span> spans = c.content;
  for (const auto& span : {c.cue, c.source, c.speaker.antecedent, c.date.expr,
                           c.anonymous ? c.anonymous->reason : std::nullopt}) {
    if (span) spans.push_back(*span);
  }
  if (c.anonymous) spans.push_back(c.anonymous->descriptor_span);
  for (const Mention& m : c.mentions) spans.push_back(m.span);
  return spans;
}

// `read` (from JSON, over `sparse`) is `original` (over `text`), field by
// field, and each of its spans reads the same bytes from the sparse text.
void CheckSameClaim(const Claim& original, std::string_view text,
                    const Claim& read, std::string_view sparse) {
  INFO("claim " << original.id);
  CHECK(read.doc == original.doc);
  CHECK(read.id == original.id);
  CHECK(read.sentence == original.sentence);
  CHECK(read.type == original.type);
  CHECK(read.content == original.content);
  CHECK(read.cue == original.cue);
  CHECK(read.source == original.source);
  CHECK(read.speaker.name == original.speaker.name);
  CHECK(read.speaker.kind == original.speaker.kind);
  CHECK(read.speaker.title == original.speaker.title);
  CHECK(read.speaker.affiliation == original.speaker.affiliation);
  CHECK(read.speaker.antecedent == original.speaker.antecedent);
  REQUIRE(read.anonymous.has_value() == original.anonymous.has_value());
  if (original.anonymous) {
    CHECK(read.anonymous->descriptor == original.anonymous->descriptor);
    CHECK(read.anonymous->descriptor_span ==
          original.anonymous->descriptor_span);
    CHECK(read.anonymous->reason == original.anonymous->reason);
  }
  CHECK(read.date.expr == original.date.expr);
  CHECK(read.date.resolved == original.date.resolved);
  CHECK(read.date.basis == original.date.basis);
  CHECK(read.mentions == original.mentions);
  for (const Span& span : SpansOf(read)) {
    CHECK(span.In(sparse) == span.In(text));
  }
}

TEST_CASE("Claim JSON reads back field by field", "[text]") {
  std::string sparse;
  for (const Claim& claim :
       {DirectClaim(), AnonymousClaim(), BareClaim(), MentionClaim()}) {
    Claim read;
    const Status s = ParseClaimJson(Line(claim, kText), &read, &sparse);
    INFO(s.ToString());
    REQUIRE(s.ok());
    CheckSameClaim(claim, kText, read, sparse);
  }
  // Only the cited bytes are known; the rest is spaces.
  REQUIRE(sparse.size() == Find(kText, "talks\nwould go on").end);
  for (size_t i = 0; i < sparse.size(); ++i) {
    if (sparse[i] != ' ') CHECK(sparse[i] == kText[i]);
  }
  CHECK(sparse.starts_with("SEOUL "));
  CHECK(sparse.find("Defense Minister Shin said on Tuesday.") ==
        std::string::npos);  // the period is cited by no span

  // Without the newline, with members the schema does not name: the same.
  json extra = ToJson(DirectClaim());
  extra["added_later"] = {1, 2};
  Claim read;
  REQUIRE(ParseClaimJson(extra.dump(), &read, &sparse).ok());
  CheckSameClaim(DirectClaim(), kText, read, sparse);
}

TEST_CASE("Claim JSON round-trips the bundled sample", "[text][sample]") {
  std::ifstream in(CLAIMTRACK_SOURCE_DIR
                   "/data/samples/south-korea-weapons-ukraine.txt");
  REQUIRE(in);
  std::ostringstream buf;
  buf << in.rdbuf();
  Document doc;
  doc.id = "south-korea-weapons-ukraine";
  doc.text = buf.str();
  auto extractor = Extractor::Create();
  REQUIRE(extractor.ok());
  const std::vector<Claim> claims = extractor.value()->Extract(doc);
  REQUIRE(claims.size() >= 15);
  size_t mentions = 0;
  std::string sparse;
  for (const Claim& claim : claims) {
    const std::string line = Line(claim, doc.text);
    CHECK(Problems(json::parse(line)).empty());
    Claim read;
    const Status s = ParseClaimJson(line, &read, &sparse);
    INFO(s.ToString());
    REQUIRE(s.ok());
    CheckSameClaim(claim, doc.text, read, sparse);
    mentions += read.mentions.size();
  }
  CHECK(mentions > 10);
  REQUIRE(sparse.size() <= doc.text.size());
  for (size_t i = 0; i < sparse.size(); ++i) {
    if (sparse[i] != ' ') CHECK(sparse[i] == doc.text[i]);
  }
}

// The message of parsing `line` over a copy of `sparse`, which must fail and
// leave the text as it was.
std::string ParseError(const std::string& line,
                       const std::string& sparse = "") {
  std::string text = sparse;
  Claim claim = BareClaim();
  const Status s = ParseClaimJson(line, &claim, &text);
  CHECK(s.IsInvalidArgument());
  CHECK(text == sparse);
  CHECK(claim.id == BareClaim().id);  // untouched
  return s.message();
}

std::string Edited(const Claim& claim, void (*edit)(json&)) {
  json j = ToJson(claim);
  edit(j);
  return j.dump();
}

TEST_CASE("Claim JSON reading names the field at fault", "[text]") {
  using Catch::Contains;
  CHECK_THAT(ParseError("{\"doc\":"), Contains("not valid JSON"));
  CHECK_THAT(ParseError("[1, 2]"), Contains("not a JSON object"));
  CHECK_THAT(ParseError(""), Contains("not valid JSON"));
  const Claim direct = DirectClaim();
  CHECK_THAT(ParseError(Edited(direct, [](json& j) { j.erase("date"); })),
             Contains("date: missing"));
  CHECK_THAT(ParseError(Edited(direct, [](json& j) { j.erase("mentions"); })),
             Contains("mentions: missing"));
  CHECK_THAT(
      ParseError(Edited(direct, [](json& j) { j["speaker"].erase("kind"); })),
      Contains("speaker.kind: missing"));
  CHECK_THAT(ParseError(Edited(direct, [](json& j) { j["sentence"] = "3"; })),
             Contains("sentence: not an integer"));
  CHECK_THAT(ParseError(Edited(direct, [](json& j) { j["sentence"] = -1; })),
             Contains("sentence"));
  CHECK_THAT(ParseError(Edited(direct, [](json& j) { j["doc"] = 7; })),
             Contains("doc: not a string"));
  CHECK_THAT(ParseError(Edited(direct, [](json& j) { j["type"] = "quoted"; })),
             Contains("type: unknown type \"quoted\""));
  CHECK_THAT(ParseError(Edited(
                 direct, [](json& j) { j["speaker"]["kind"] = "ghost"; })),
             Contains("speaker.kind: unknown kind \"ghost\""));
  CHECK_THAT(
      ParseError(Edited(direct, [](json& j) { j["content"] = json::array(); })),
      Contains("content: not a non-empty array"));
  CHECK_THAT(ParseError(Edited(
                 direct, [](json& j) { j["content"][0]["begin"] = 9.5; })),
             Contains("content[0].begin: not a non-negative integer"));
  CHECK_THAT(
      ParseError(Edited(direct, [](json& j) { j["cue"]["begin"] = 9999; })),
      Contains("cue: begin is after end"));
  CHECK_THAT(ParseError(Edited(direct,
                               [](json& j) {
                                 j["cue"]["begin"] = 1ULL << 31;
                                 j["cue"]["end"] = (1ULL << 31) + 4;
                               })),
             Contains("cue.begin: offset too large"));
  CHECK_THAT(
      ParseError(Edited(direct, [](json& j) { j["cue"]["text"] = "says"; }),
                 kText),
      Contains("cue.text: differs at byte"));
  CHECK_THAT(
      ParseError(Edited(direct, [](json& j) { j["cue"]["text"] = "sai"; })),
      Contains("cue.text: 3 bytes of text for a span of 4"));
  CHECK_THAT(ParseError(Edited(
                 direct, [](json& j) { j["date"]["resolved"] = 20231128; })),
             Contains("date.resolved: not a string or null"));
  CHECK_THAT(
      ParseError(Edited(direct, [](json& j) { j["anonymous"] = "none"; })),
      Contains("anonymous: not an object or null"));
  CHECK_THAT(
      ParseError(Edited(AnonymousClaim(),
                        [](json& j) { j["anonymous"]["reason"]["text"] = 5; })),
      Contains("anonymous.reason.text: not a string"));
  CHECK_THAT(
      ParseError(Edited(MentionClaim(),
                        [](json& j) { j["mentions"][1]["kind"] = "place"; })),
      Contains("mentions[1].kind: unknown kind \"place\""));
  CHECK_THAT(ParseError(Edited(MentionClaim(),
                               [](json& j) { j["mentions"][0].erase("end"); })),
             Contains("mentions[0].end: missing"));
  // Ill-formed UTF-8 in the document was written as U+FFFD: the byte count
  // no longer matches, and that is reported rather than guessed at.
  CHECK_THAT(
      ParseError(Edited(direct,
                        [](json& j) {
                          j["content"][0]["text"] =
                              "We will not send lethal weapon\xEF\xBF\xBD";
                        })),
      Contains("content[0].text: 33 bytes of text for a span of 32"));
}

TEST_CASE("Claim JSON reading checks claims against each other", "[text]") {
  // Two claims of one document agree where they overlap.
  std::string sparse;
  Claim read;
  REQUIRE(ParseClaimJson(Line(DirectClaim(), kText), &read, &sparse).ok());
  const std::string before = sparse;
  // A claim citing other bytes at the same offsets is refused whole: the
  // spans it pasted before the bad one are taken back, the text is as it was.
  Claim other = AnonymousClaim();
  other.speaker.antecedent = Find(kText, "Defense Minister Shin");
  std::string line = Line(other, kText);
  const std::string shin = "\"text\":\"Defense Minister Shin\"";
  line.replace(line.find(shin), shin.size(),
               "\"text\":\"Defense Minister Shim\"");
  // Padded with spaces, so that the spans pasted before the bad one land on
  // known text and must be put back.
  std::string padded = before;
  padded.resize(kText.size(), ' ');
  CHECK_THAT(ParseError(line, padded),
             Catch::Contains("speaker.antecedent.text: differs at byte"));
  // Spaces already there are filler: any byte may replace them.
  std::string spaced(kText.size(), ' ');
  REQUIRE(ParseClaimJson(Line(AnonymousClaim(), kText), &read, &spaced).ok());
  CHECK(spaced.size() == kText.size());
  CHECK(read.content[0].In(spaced) == "talks\nwould go on");
}

}  // namespace
}  // namespace claimtrack::text
