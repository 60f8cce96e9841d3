// DescribeRecord: the line `claimtrack kv dump` prints for each record type
// of schema/keys.md (pinned on hand-made records), the errors for records
// that do not decode, QuoteText's escapes, and a dump of a whole database
// built from written articles, in which every record must decode.
#include "store/kv_format.h"

#include <catch2/catch.hpp>
#include <map>
#include <string>

#include "store/lee_articles.h"
#include "store/records.h"
#include "store/term_postings.h"
#include "temp_dir.h"

namespace claimtrack::store {
namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

constexpr int32_t kNov27 = 19688;  // 2023-11-27
constexpr int32_t kNov28 = 19689;

std::string Line(Cf cf, std::string_view key, std::string_view value,
                 std::string_view doc_text = {}) {
  Result<std::string> line = DescribeRecord(cf, key, value, doc_text);
  INFO(line.status().ToString());
  REQUIRE(line.ok());
  return *line;
}

Status Error(Cf cf, std::string_view key, std::string_view value) {
  return DescribeRecord(cf, key, value).status();
}

std::string U32(uint32_t v) {
  std::string s;
  PutU32(&s, v);
  return s;
}

std::string Lstr(std::string_view text) {
  std::string s;
  PutLstr(&s, text);
  return s;
}

const Node kClaim1{NodeKind::kClaim, 1};
const Node kClaim2{NodeKind::kClaim, 2};
const Node kEntity1{NodeKind::kEntity, 1};
const Node kEntity2{NodeKind::kEntity, 2};

TEST_CASE("kv format: meta, document and text-hash records", "[store]") {
  CHECK(Line(Cf::kDefault, MetaKey{"format-version"}.Encode(), U32(1)) ==
        R"(default 01 "format-version" -> version=1)");
  CHECK(
      Line(Cf::kDefault, MetaKey{"created-by"}.Encode(), Lstr("claimtrack")) ==
      R"(default 01 "created-by" -> text="claimtrack")");
  CHECK(Line(Cf::kDefault, MetaKey{"links-pending"}.Encode(), Lstr("ingest")) ==
        R"(default 01 "links-pending" -> text="ingest")");
  std::string last;
  PutU64(&last, 12);
  CHECK(Line(Cf::kDefault, MetaKey{"upgrade-claims"}.Encode(), last) ==
        R"(default 01 "upgrade-claims" -> after claim#12)");

  std::string doc_num;
  PutU64(&doc_num, 1);
  CHECK(Line(Cf::kDocs, TextHashKey{0xff}.Encode(), doc_num) ==
        "docs 11 00000000000000ff -> document:0000000000000001");

  DocumentRecord r;
  r.doc.id = "lee-nov-28";
  r.doc.date = "2023-11-28";
  r.doc.time_of_day = 15 * 3600 + 61;
  r.doc.title = "Seoul \"weighs\" exports";
  r.doc.text = std::string(200, 'x');
  r.text_kind = TextKind::kSparse;
  r.claims = 3;
  const std::string line =
      Line(Cf::kDocs, DocumentKey{7}.Encode(), EncodeDocument(r));
  CHECK_THAT(line, StartsWith("docs 10 0000000000000007 -> document "
                              "id=\"lee-nov-28\" date=\"2023-11-28\" "
                              "time=15:01:01 title=\"Seoul \\\"weighs\\\" "
                              "exports\""));
  CHECK_THAT(line, Contains("origin=\"\" text_kind=sparse claims=3 text=\"" +
                            std::string(80, 'x') + "\"…(200 bytes)"));
}

TEST_CASE("kv format: a claim record", "[store]") {
  const std::string text =
      "Lee Jong-sup said that \"Ukraine\" needs time. Tuesday.";
  ClaimRecord r;
  r.claim.doc = "lee-nov-28";
  r.doc_num = DocNum(r.claim.doc);  // the value's form gives no other
  r.claim.id = "31ba0e523eceb1a4";
  r.claim.type = ClaimType::kMixed;
  r.claim.sentence = 2;
  r.claim.content = {{18, 43}};
  r.claim.cue = Span{13, 17};
  r.claim.source = Span{0, 12};
  r.claim.speaker.name = "Lee Jong-sup";
  r.claim.speaker.kind = SpeakerKind::kPerson;
  r.claim.speaker.title = "Defense Minister";
  r.claim.date.expr = Span{45, 52};
  r.claim.date.resolved = "2023-11-28";
  r.claim.date.basis = "weekday";
  r.claim.mentions = {{Span{24, 31}, "Ukraine", SpeakerKind::kCountry}};
  r.mention_entities = {0x44};
  r.when = When{kNov28, 0};
  r.speaker_entity = 0x55;
  r.claim.id = "00000000000000ab";
  const std::string line =
      Line(Cf::kClaims, ClaimKey{12}.Encode(), EncodeClaim(r), text);
  CHECK_THAT(line, StartsWith("claims 20 claim#12 "
                              "id=00000000000000ab -> claim "
                              "doc=\"lee-nov-28\" type=mixed "
                              "speaker=\"Lee Jong-sup\" kind=person "
                              "title=\"Defense Minister\" affiliation=\"\" "
                              "when=2023-11-28 "));
  CHECK_THAT(line, Contains(R"(content="that \"Ukraine\" needs time"@18-43)"));
  CHECK_THAT(line, Contains(R"(cue="said"@13-17 source="Lee Jong-sup"@0-12)"));
  CHECK_THAT(line, Contains(R"(date="2023-11-28" date_expr="Tuesday"@45-52)"));
  CHECK_THAT(line, Contains(R"(mentions=["Ukraine"/country "Ukraine"@24-31 )"
                            "entity:0000000000000044]"));
  CHECK_THAT(line, Contains("anonymous=none"));
  // Without the document's text, spans are shown as offsets.
  CHECK_THAT(Line(Cf::kClaims, ClaimKey{12}.Encode(), EncodeClaim(r)),
             Contains("content=@18-43 cue=@13-17 source=@0-12"));
  // A claim filed under half its id (format version 10), and the entry
  // by whole id of versions 7 to 9.
  CHECK(Line(Cf::kClaims, ClaimByIdKey::Of(0x31ba0e523eceb1a4, 12).Encode(),
             "") == "claims 22 id-high=31ba0e52 claim#12");
  {
    std::string num;
    PutU64(&num, 12);
    CHECK(Line(Cf::kClaims, ClaimNumberKey{0x31ba0e523eceb1a4}.Encode(), num) ==
          "claims 21 id=31ba0e523eceb1a4 -> claim#12");
  }
  // The value does not repeat the claim id (format version 3): the same
  // value under another key is that claim.
  CHECK(DescribeRecord(Cf::kClaims, ClaimKey{0x1234}.Encode(), EncodeClaim(r))
            .ok());
  CHECK_THAT(line, Contains("speaker_entity=0000000000000055 "
                            "affiliation_entity=0000000000000000 "
                            "nation_entity=0000000000000000 "
                            "doc_num=" +
                            HexId(DocNum("lee-nov-28"))));
}

TEST_CASE("kv format: entities and aliases", "[store]") {
  EntityRecord e;
  e.kind = SpeakerKind::kAnonymous;
  e.key_name = "a senior defense official";
  e.display_name = "a senior defense official";
  e.scope_doc = 2;
  e.descriptor =
      AnonymousDescriptor{"senior", "defense", "United States", false};
  CHECK(Line(Cf::kEntities, EntityKey{0xab}.Encode(), EncodeEntity(e)) ==
        "entities 30 00000000000000ab -> entity kind=anonymous "
        "key=\"a senior defense official\" name=\"a senior defense "
        "official\" scope=document:0000000000000002 descriptor=(rank="
        "\"senior\" domain=\"defense\" affiliation=\"United States\" "
        "singular)");
  EntityRecord global;
  global.kind = SpeakerKind::kCountry;
  global.key_name = "south korea";
  global.display_name = "South Korea";
  CHECK(Line(Cf::kEntities, EntityKey{1}.Encode(), EncodeEntity(global)) ==
        "entities 30 0000000000000001 -> entity kind=country "
        "key=\"south korea\" name=\"South Korea\" scope=global");
  CHECK(Line(Cf::kAliases, AliasKey{"seoul", 1, 2}.Encode(),
             EncodeAliasForm("seoul", "Seoul")) ==
        "aliases 41 \"seoul\" entity:0000000000000001 "
        "claim#2 -> written=\"Seoul\"");
  // An entry of format version 12, as an upgrade cut short leaves them.
  CHECK(Line(Cf::kAliases, AliasByDocKey{"seoul", 1, 2}.Encode(),
             EncodeAliasForm("seoul", "Seoul")) ==
        "aliases 40 \"seoul\" entity:0000000000000001 "
        "document:0000000000000002 -> written=\"Seoul\"");
}

TEST_CASE("kv format: edges, outgoing and incoming", "[store]") {
  const EdgeKey earlier{false, kClaim1, EdgeType::kEarlier, kClaim2, 3};
  const std::string value =
      EncodeEdgeValue(EdgeType::kEarlier, EdgeValue{When{kNov27, 0}, 412});
  CHECK(Line(Cf::kEdges, earlier.Encode(), value) ==
        "edges 50 claim#1 EARLIER claim#2 "
        "holder=0000000000000003 -> when=2023-11-27 sim=0.412");
  CHECK(Line(Cf::kEdges, earlier.Mirror().Encode(), value) ==
        "edges 51 claim#2 <-EARLIER claim#1 "
        "holder=0000000000000003 -> when=2023-11-27 sim=0.412");

  const EdgeKey said{false, kEntity1, EdgeType::kSaid, kClaim2, std::nullopt};
  CHECK(Line(Cf::kEdges, said.Encode(), "") ==
        "edges 50 entity:0000000000000001 SAID claim#2");
  const EdgeKey in{false, kClaim1, EdgeType::kIn, Node{NodeKind::kDocument, 5},
                   std::nullopt};
  CHECK(Line(Cf::kEdges, in.Encode(), "") ==
        "edges 50 claim#1 IN document:0000000000000005");

  const EdgeKey affiliated{false, kEntity1, EdgeType::kAffiliated, kEntity2, 9};
  CHECK(Line(Cf::kEdges, affiliated.Encode(),
             EncodeEdgeValue(EdgeType::kAffiliated,
                             EdgeValue{When{kNov28, 15 * 3600 + 61}, 0})) ==
        "edges 50 entity:0000000000000001 AFFILIATED entity:0000000000000002 "
        "doc=0000000000000009 -> when=2023-11-28T15:01:01");
}

TEST_CASE("kv format: index entries", "[store]") {
  HolderValue holder{
      HolderRole::kSpeaker, {0x0a0b0c0d, 0xffffffff}, 0xa9742480};
  CHECK(Line(Cf::kIndex,
             EntityTimeKey{Prefix::kClaimsByHolder, 1, When{kNov28, 0}, 2}
                 .Encode(),
             EncodeHolder(holder)) ==
        "index 61 holder entity:0000000000000001 2023-11-28 "
        "claim#2 -> role=S terms=[0a0b0c0d ffffffff] "
        "copy=a9742480");
  CHECK(Line(Cf::kIndex,
             EntityTimeKey{Prefix::kClaimsByHolder, 1, When{}, 2}.Encode(),
             EncodeHolder({HolderRole::kAffiliated, {}, 7})) ==
        "index 61 holder entity:0000000000000001 undated "
        "claim#2 -> role=A terms=[] copy=00000007");
  CHECK(Line(Cf::kIndex,
             EntityTimeKey{Prefix::kClaimsByMention, 1, When{kNov28, 0}, 2}
                 .Encode(),
             EncodeMentionValue(0xa9742480)) ==
        "index 62 mention entity:0000000000000001 2023-11-28 "
        "claim#2 -> copy=a9742480");
  // A version 5 mention entry (empty) does not decode.
  CHECK(Error(Cf::kIndex,
              EntityTimeKey{Prefix::kClaimsByMention, 1, When{}, 2}.Encode(),
              "")
            .IsCorruption());
  CHECK(Line(Cf::kIndex, ClaimsByDocKey{5, 2}.Encode(), "") ==
        "index 60 by-doc document:0000000000000005 claim#2");
  CHECK(Line(Cf::kTerms, TermKey{"weapon", 6315, 2}.Encode(), "") ==
        "terms 63 term \"weapon\" 1987-04-17 claim#2");
  CHECK(Line(Cf::kTerms, TermKey{"weapon", When::kUndatedDay, 2}.Encode(),
             "") == "terms 63 term \"weapon\" undated claim#2");
  CHECK(Line(Cf::kTerms, TermPostingKey{"weapon", 6315}.Encode(),
             EncodeTermPostings({{2, 7}, {}})) ==
        "terms 68 term \"weapon\" 1987-04-17 -> claims=[claim#2 claim#7]");
  CHECK(Line(Cf::kTerms, TermPostingKey{"weapon", 6315}.Encode(),
             TermPostingRemove(3)) ==
        "terms 68 term \"weapon\" 1987-04-17 -> claims=[] "
        "removed=[claim#3]");
  CHECK(Error(Cf::kTerms, TermPostingKey{"weapon", 6315}.Encode(), "\x01")
            .IsCorruption());
  CHECK(
      Line(Cf::kIndex, QuotationKey{0xcafe, When{kNov28, 0}, 2}.Encode(), "") ==
      "index 64 quotation 000000000000cafe 2023-11-28 "
      "claim#2");
  CHECK(Line(Cf::kIndex,
             EntityFactKey{1, Fact::kTitle, When{kNov28, 0}, "Defense Minister",
                           5}
                 .Encode(),
             "") ==
        "index 65 fact entity:0000000000000001 title 2023-11-28 "
        "\"Defense Minister\" document:0000000000000005");
}

TEST_CASE("kv format: what does not decode is Corruption", "[store]") {
  CHECK(Error(Cf::kEdges, ClaimKey{1}.Encode(), "").IsCorruption());
  CHECK_THAT(Error(Cf::kEdges, ClaimKey{1}.Encode(), "").message(),
             Contains("belongs in family claims, not edges"));
  CHECK(Error(Cf::kClaims, "", "").IsCorruption());
  CHECK(Error(Cf::kClaims,
              "\x99"
              "abc",
              "")
            .IsCorruption());
  CHECK(
      Error(Cf::kClaims, ClaimKey{1}.Encode().substr(0, 5), "").IsCorruption());
  CHECK(Error(Cf::kClaims, ClaimKey{1}.Encode(), "\x01\x02").IsCorruption());
  CHECK(Error(Cf::kDefault, MetaKey{"other"}.Encode(), U32(1)).IsCorruption());
  CHECK(Error(Cf::kDefault, MetaKey{"format-version"}.Encode(), U32(1) + "x")
            .IsCorruption());
  CHECK(Error(Cf::kDocs, TextHashKey{1}.Encode(), "short").IsCorruption());
  // Values that must be empty.
  CHECK_THAT(Error(Cf::kIndex, ClaimsByDocKey{5, 2}.Encode(), "x").message(),
             Contains("should be empty"));
  CHECK_THAT(Error(Cf::kClaims, ClaimByIdKey{1, 2}.Encode(), "x").message(),
             Contains("should be empty"));
  const EdgeKey said{false, kEntity1, EdgeType::kSaid, kClaim2, std::nullopt};
  CHECK(Error(Cf::kEdges, said.Encode(), "x").IsCorruption());
  // A value with a byte too many.
  EntityRecord e;
  e.key_name = "x";
  CHECK(Error(Cf::kEntities, EntityKey{1}.Encode(), EncodeEntity(e) + "!")
            .IsCorruption());
  CHECK(Error(Cf::kAliases, AliasKey{"a", 1, 2}.Encode(),
              EncodeAliasForm("a", "A") + "!")
            .IsCorruption());
  CHECK(Error(Cf::kAliases, AliasKey{"a", 1, 2}.Encode(), Lstr("A"))
            .IsCorruption());  // version 2's value
}

TEST_CASE("QuoteText: escapes and truncation", "[store]") {
  CHECK(QuoteText("a\"b\\c\nd\te\rf") == R"("a\"b\\c\nd\te\rf")");
  CHECK(QuoteText(std::string("\x01\x7f\0", 3)) == R"("\x01\x7f\x00")");
  CHECK(QuoteText("bad \xFF\xC0\xAF") == R"("bad \xff\xc0\xaf")");
  CHECK(QuoteText("\xE2\x80\xAE"
                  "evil \xC2\x85") == R"("\u202eevil \u0085")");
  CHECK(QuoteText("서울 “quoted”") == "\"서울 “quoted”\"");
  CHECK(QuoteText("") == "\"\"");
  CHECK(QuoteText(std::string(80, 'a'), 80) ==
        "\"" + std::string(80, 'a') + "\"");
  CHECK(QuoteText(std::string(81, 'a'), 80) ==
        "\"" + std::string(80, 'a') + "\"…(81 bytes)");
  CHECK(QuoteText("ééé", 2) == "\"éé\"…(6 bytes)");
  CHECK(HexBytes(std::string("\x01\xab\0", 3)) == "01ab00");
}

TEST_CASE("kv format: every record of an ingested database decodes",
          "[store]") {
  testing::TempDir dir;
  auto store = testing::BuildLeeDatabase(dir.File("db"));
  std::map<std::string, size_t> count;  // by "family prefix"
  size_t earlier = 0, repeats = 0;
  for (size_t i = 0; i < kCfCount; ++i) {
    const Cf cf = static_cast<Cf>(i);
    Status decode;
    REQUIRE(
        store->db()
            ->Scan(cf, "",
                   [&](std::string_view key, std::string_view value) {
                     Result<std::string> line = DescribeRecord(cf, key, value);
                     if (!line.ok()) {
                       decode = line.status().WithContext(HexBytes(key));
                       return false;
                     }
                     CHECK_THAT(*line, StartsWith(CfName(cf)));
                     ++count[line->substr(
                         0, line->find(' ', line->find(' ') + 1))];
                     if (line->starts_with("edges 50")) {
                       earlier += line->find(" EARLIER ") != std::string::npos;
                       repeats += line->find(" REPEATS ") != std::string::npos;
                     }
                     return true;
                   })
            .ok());
    INFO(decode.ToString());
    CHECK(decode.ok());
  }
  CHECK(count["default 01"] == 2);
  CHECK(count["docs 10"] == 3);
  CHECK(count["docs 11"] == 3);
  CHECK(count["claims 20"] == 6);
  CHECK(count["claims 22"] == 6);
  // AFFILIATED, EARLIER and REPEATS, each both ways.
  CHECK(count["edges 50"] == count["edges 51"]);
  CHECK(count["edges 51"] > 0);
  CHECK(count["index 60"] == 6);
  for (const char* some : {"entities 30", "aliases 41", "index 61", "index 62",
                           "terms 68", "index 64", "index 65"}) {
    CHECK(count[some] > 0);
  }
  CHECK(earlier >= 3);
  CHECK(repeats == 1);
}

}  // namespace
}  // namespace claimtrack::store
