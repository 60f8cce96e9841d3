// Pins the bytes of every example in schema/keys.md, and checks that every
// key type round-trips, sorts the way its queries scan, and refuses bytes
// it did not write.
#include "store/keys.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "common/hash.h"
#include "store/claim_keys.h"
#include "store/coding.h"
#include "store/records.h"
#include "store/term_codes.h"
#include "store/term_postings.h"
#include "text/terms.h"

namespace claimtrack::store {
namespace {

// "01 0a ff" -> bytes; spaces are ignored.
std::string Hex(std::string_view hex) {
  std::string out;
  int nibble = -1;
  for (char c : hex) {
    if (c == ' ') continue;
    const int v = (c >= '0' && c <= '9') ? c - '0' : c - 'a' + 10;
    if (nibble < 0) {
      nibble = v;
    } else {
      out.push_back(static_cast<char>(nibble * 16 + v));
      nibble = -1;
    }
  }
  return out;
}

When Day(std::string_view iso, uint32_t second = 0) {
  When w;
  REQUIRE(DayFromIsoDate(iso, &w.day));
  w.second = second;
  return w;
}

TEST_CASE("keys.md examples, byte for byte", "[store]") {
  CHECK(MetaKey{"format-version"}.Encode() ==
        Hex("01 666f726d61742d76657273696f6e 0001"));
  CHECK(MetaKey{kLinksPendingName}.Encode() ==
        Hex("01 6c696e6b732d70656e64696e67 0001"));
  CHECK(MetaKey{kUpgradingName}.Encode() == Hex("01 757067726164696e67 0001"));
  CHECK(DocumentKey{0x0102030405060708}.Encode() == Hex("10 0102030405060708"));
  CHECK(ClaimKey{1}.Encode() == Hex("20 0000000000000001"));
  CHECK(ClaimNumberKey{0x31ba0e523eceb1a4}.Encode() ==
        Hex("21 31ba0e523eceb1a4"));
  CHECK(ClaimByIdKey::Of(0x31ba0e523eceb1a4, 7).Encode() ==
        Hex("22 31ba0e52 0000000000000007"));
  CHECK(ClaimByIdKey::ScanPrefix(0x31ba0e523eceb1a4) == Hex("22 31ba0e52"));
  CHECK(MetaKey{kUpgradeNumbersName}.Encode() ==
        Hex("01 757067726164652d6e756d62657273 0001"));
  CHECK(MetaKey{kUpgradeClaimsName}.Encode() ==
        Hex("01 757067726164652d636c61696d73 0001"));
  CHECK(AliasKey{"seoul", 1, 2}.Encode() ==
        Hex("41 73656f756c 0001 0000000000000001 0000000000000002"));
  CHECK(AliasKey{std::string("a\0b", 3), 1, 2}.Encode() ==
        Hex("41 61 00ff 62 0001 0000000000000001 0000000000000002"));
  CHECK(AliasKey::ScanPrefix("seoul") == Hex("41 73656f756c 0001"));
  CHECK(AliasByDocKey{"seoul", 1, 2}.Encode() ==
        Hex("40 73656f756c 0001 0000000000000001 0000000000000002"));
  CHECK(Day("2023-11-28").day == 19689);
  CHECK(EntityTimeKey{Prefix::kClaimsByHolder, 1, Day("2023-11-28"), 2}
            .Encode() ==
        Hex("61 0000000000000001 80004ce9 00000000 0000000000000002"));
  CHECK(EntityTimeKey{Prefix::kClaimsByHolder, 1, When{-1, 0}, 2}.Encode() ==
        Hex("61 0000000000000001 7fffffff 00000000 0000000000000002"));
  CHECK(EntityTimeKey{Prefix::kClaimsByHolder, 1, When{}, 2}.Encode() ==
        Hex("61 0000000000000001 ffffffff 00000000 0000000000000002"));
  CHECK(Day("1987-04-17").day == 6315);
  CHECK(TermKey{"weapon", 6315, 2}.Encode() ==
        Hex("63 776561706f6e 0001 800018ab 0000000000000002"));
  CHECK(TermKey{"weapon", When::kUndatedDay, 2}.Encode() ==
        Hex("63 776561706f6e 0001 ffffffff 0000000000000002"));
  CHECK(TermPostingKey{"weapon", 6315}.Encode() ==
        Hex("68 776561706f6e 0001 800018ab"));
  CHECK(TermPostingKey{"weapon", When::kUndatedDay}.Encode() ==
        Hex("68 776561706f6e 0001 ffffffff"));
  CHECK(TermPostingKey{"weapon", 6315}.ClaimKeyOfVersion8(2) ==
        TermKey{"weapon", 6315, 2}.Encode());
  CHECK(EncodeTermPostings({{5, 7, 300}, {}}) == Hex("03 05 02 a502 00"));
  CHECK(TermPostingAdd(9) == Hex("01 09 00"));
  CHECK(TermPostingRemove(9) == Hex("00 01 09"));
  CHECK(ClaimsByDayKey{6315, 1, 2}.Encode() ==
        Hex("66 800018ab 0000000000000001 0000000000000002"));
  CHECK(ClaimsByDayKey{When::kUndatedDay, 1, 2}.Encode() ==
        Hex("66 ffffffff 0000000000000001 0000000000000002"));
  CHECK(EncodeDayValue(SpeakerKind::kAnonymous) == Hex("03"));
  CHECK(EncodeDayValue(SpeakerKind::kPerson) == Hex("00"));
  CHECK(MemberKey{1, 2, 3}.Encode() ==
        Hex("67 0000000000000001 0000000000000002 0000000000000003"));
  const EdgeKey earlier{false, Node{NodeKind::kClaim, 1}, EdgeType::kEarlier,
                        Node{NodeKind::kClaim, 2}, 3};
  CHECK(earlier.Encode() == Hex("50 02 0000000000000001 05 02 "
                                "0000000000000002 0000000000000003"));
  const EdgeKey repeats{false, Node{NodeKind::kClaim, 1}, EdgeType::kRepeats,
                        Node{NodeKind::kClaim, 2}, std::nullopt};
  CHECK(repeats.Mirror().Encode() ==
        Hex("51 02 0000000000000002 06 02 0000000000000001"));
  std::string varint;
  PutVarint(&varint, 300);
  CHECK(varint == Hex("ac 02"));
}

TEST_CASE("keys.md examples: copy keys and the values that hold them",
          "[store]") {
  // The content hash joins the content's spans with one space.
  const std::string text = "we will, send weapons";
  Claim claim;
  claim.content = {Span{0, 7}, Span{9, 21}};
  CHECK(DeriveClaimTextKeys(claim, text, When{}).content_hash ==
        0xc9666fe474c0ef3eULL);
  const uint64_t words = 0xc9666fe474c0ef3eULL;
  CHECK(StableHash().Add("we will send weapons").value() == words);
  ClaimRecord global;
  global.speaker_entity = 1;
  global.speaker_global = true;
  CHECK(SpeakerStatement(global, "", words) == 0xa2a3edde0bd7c95eULL);
  // A speaker of one document is known by its name and source as written:
  // its entity id differs in every copy.
  ClaimRecord named;
  named.speaker_entity = 7;
  named.claim.speaker.name = "a senior official";
  named.claim.source = Span{0, 17};
  const std::string source = "a senior official";
  CHECK(WrittenStatement(named.claim, source, words) == 0xc0a2667e62d2316cULL);
  CHECK(SpeakerStatement(named, source, words) == 0xc0a2667e62d2316cULL);
  named.speaker_entity = 8;
  CHECK(SpeakerStatement(named, source, words) == 0xc0a2667e62d2316cULL);
  named.claim.source = Span{2, 17};
  CHECK(SpeakerStatement(named, source, words) != 0xc0a2667e62d2316cULL);
  CHECK(SpeakerStatement(global, "", words + 1) != 0xa2a3edde0bd7c95eULL);
  // A document's statements: its title and its claims', in any order.
  CHECK(DocumentStatements("Arms", {0xc0a2667e62d2316cULL}) ==
        0x6de797c8cfbc2507ULL);
  CHECK(DocumentStatements("Arms", {1, 2}) ==
        DocumentStatements("Arms", {2, 1}));
  CHECK(DocumentStatements("Arms", {1, 2}) != DocumentStatements("Arms", {1}));
  CHECK(DocumentStatements("Arms", {1}) != DocumentStatements("Arms 2", {1}));
  CHECK(CopyKey(0xa2a3edde0bd7c95eULL, 0x6de797c8cfbc2507ULL) == 0xf4cc8937u);

  CHECK(EncodeHolder(HolderValue{HolderRole::kSpeaker, {1, 2}, 0xf4cc8937u}) ==
        Hex("73 00 02 00000001 00000002 f4cc8937"));
  // Terms of the table by place (dlr 0, mln 1), others by hash.
  const uint32_t dlr = text::TermHash("dlr"), mln = text::TermHash("mln");
  CHECK(EncodeHolder(HolderValue{HolderRole::kAffiliated,
                                 {std::min(dlr, mln), 1, std::max(dlr, mln)},
                                 0xf4cc8937u}) ==
        Hex("61 02 00 01 01 00000001 f4cc8937"));
  CHECK(EncodeMentionValue(0xf4cc8937u) == Hex("f4cc8937"));
  HolderValue h;
  REQUIRE(DecodeHolder(Hex("61 00 00 00000009"), &h).ok());
  CHECK(h.role == HolderRole::kAffiliated);
  CHECK(h.terms.empty());
  CHECK(h.copy == 9);
  REQUIRE(DecodeHolder(Hex("73 02 00 01 01 00000001 f4cc8937"), &h).ok());
  CHECK(h.role == HolderRole::kSpeaker);
  std::vector<uint32_t> terms{dlr, mln, 1};
  std::sort(terms.begin(), terms.end());
  CHECK(h.terms == terms);
  // Version 7's form, every term by hash, read by the upgrade.
  REQUIRE(DecodeHolder(Hex("53 02 00000001 00000002 f4cc8937"), &h, 7).ok());
  CHECK(h.terms == std::vector<uint32_t>{1, 2});
  CHECK_FALSE(HolderIsCoded(Hex("53 02 00000001 00000002 f4cc8937")));
  CHECK(HolderIsCoded(Hex("73 00 02 00000001 00000002 f4cc8937")));
  CHECK_FALSE(DecodeHolder(Hex("53 02 00000001 00000002 f4cc8937"), &h).ok());
  uint32_t copy = 0;
  REQUIRE(DecodeMentionValue(Hex("f4cc8937"), &copy).ok());
  CHECK(copy == 0xf4cc8937u);
  // Version 5's values, without the key, are refused: an upgrade writes
  // them again.
  CHECK_FALSE(DecodeHolder(Hex("53 02 00000001 00000002"), &h, 7).ok());
  CHECK_FALSE(DecodeHolder(Hex("53 00"), &h, 7).ok());
  CHECK_FALSE(DecodeHolder(Hex("53 01 00000001 f4cc8937 00"), &h, 7).ok());
  // One encoding per set of terms: places ascend, hashes ascend, and a
  // term of the table is never written by hash.
  CHECK_FALSE(DecodeHolder(Hex("73 02 01 00 00 f4cc8937"), &h).ok());
  CHECK_FALSE(
      DecodeHolder(Hex("73 00 02 00000002 00000001 f4cc8937"), &h).ok());
  CHECK_FALSE(
      DecodeHolder(Hex("73 00 02 00000001 00000001 f4cc8937"), &h).ok());
  std::string by_hash = Hex("73 00 01");
  PutU32(&by_hash, dlr);
  PutU32(&by_hash, 9);
  CHECK_FALSE(DecodeHolder(by_hash, &h).ok());
  // A place past the table's end, a truncated value, a trailing byte.
  std::string past = Hex("73 01");
  PutVarint(&past, TermTableSize());
  CHECK_FALSE(DecodeHolder(past + Hex("00 00000009"), &h).ok());
  CHECK_FALSE(DecodeHolder(Hex("73 01 00 00"), &h).ok());
  CHECK_FALSE(DecodeHolder(Hex("73 00 00 00000009 00"), &h).ok());
  CHECK_FALSE(DecodeMentionValue("", &copy).ok());
  CHECK_FALSE(DecodeMentionValue(Hex("f4cc8937 00"), &copy).ok());
}

TEST_CASE("entity values leave out a key name the display name gives",
          "[store]") {
  EntityRecord korea;
  korea.kind = SpeakerKind::kCountry;
  korea.key_name = "south korea";
  korea.display_name = "South Korea";
  CHECK(EncodeEntity(korea) ==
        Hex("82 0b 536f757468204b6f726561 0000000000000000 00"));
  // Version 12 wrote the key name always; either form decodes.
  const std::string old = EncodeEntity(korea, 12);
  CHECK(old == Hex("02 0b 736f757468206b6f726561 0b 536f757468204b6f726561 "
                   "0000000000000000 00"));
  for (const std::string& bytes : {EncodeEntity(korea), old}) {
    EntityRecord back;
    REQUIRE(DecodeEntity(bytes, &back).ok());
    CHECK(back.kind == SpeakerKind::kCountry);
    CHECK(back.key_name == "south korea");
    CHECK(back.display_name == "South Korea");
    CHECK(back.scope_doc == 0);
    CHECK_FALSE(back.descriptor.has_value());
  }
  // "A company spokesman" normalizes to "a company spokesman": the key
  // name is written.
  EntityRecord spokesman;
  spokesman.kind = SpeakerKind::kOrganization;
  spokesman.key_name = "company spokesman";
  spokesman.display_name = "A company spokesman";
  spokesman.scope_doc = 7;
  CHECK(EncodeEntity(spokesman) ==
        Hex("01 11 636f6d70616e792073706f6b65736d616e "
            "13 4120636f6d70616e792073706f6b65736d616e 0000000000000007 00"));
  EntityRecord back;
  REQUIRE(DecodeEntity(EncodeEntity(spokesman), &back).ok());
  CHECK(back.key_name == "company spokesman");
  // The flag with a kind that does not exist.
  CHECK_FALSE(
      DecodeEntity(Hex("85 0b 536f757468204b6f726561 0000000000000000 00"),
                   &back)
          .ok());
}

TEST_CASE("stored enumerations keep their values", "[store]") {
  CHECK(static_cast<int>(Prefix::kMeta) == 0x01);
  CHECK(static_cast<int>(Prefix::kDocument) == 0x10);
  CHECK(static_cast<int>(Prefix::kTextHash) == 0x11);
  CHECK(static_cast<int>(Prefix::kClaim) == 0x20);
  CHECK(static_cast<int>(Prefix::kEntity) == 0x30);
  CHECK(static_cast<int>(Prefix::kAliasByDoc) == 0x40);
  CHECK(static_cast<int>(Prefix::kAlias) == 0x41);
  CHECK(static_cast<int>(Prefix::kEdgeOut) == 0x50);
  CHECK(static_cast<int>(Prefix::kEdgeIn) == 0x51);
  CHECK(static_cast<int>(Prefix::kClaimsByDoc) == 0x60);
  CHECK(static_cast<int>(Prefix::kClaimsByHolder) == 0x61);
  CHECK(static_cast<int>(Prefix::kClaimsByMention) == 0x62);
  CHECK(static_cast<int>(Prefix::kClaimsByTerm) == 0x63);
  CHECK(static_cast<int>(Prefix::kQuotation) == 0x64);
  CHECK(static_cast<int>(Prefix::kEntityFact) == 0x65);
  CHECK(static_cast<int>(Prefix::kClaimsByDay) == 0x66);
  CHECK(static_cast<int>(Prefix::kMembers) == 0x67);
  CHECK(static_cast<int>(EdgeType::kSaid) == 1);
  CHECK(static_cast<int>(EdgeType::kRepeats) == 6);
  CHECK(static_cast<int>(HolderRole::kSpeaker) == 0x53);
  CHECK(static_cast<int>(HolderRole::kAffiliated) == 0x41);
  CHECK(static_cast<int>(Prefix::kClaimById) == 0x22);
  CHECK(kFormatVersion == 13);
}

TEST_CASE("every key type round-trips", "[store]") {
  const When w = Day("1987-03-27", 45296);
  auto alias =
      AliasKey::Decode(AliasKey{std::string("x\0\xff", 3), 7, 9}.Encode());
  REQUIRE(alias.ok());
  CHECK(alias->alias == std::string("x\0\xff", 3));
  CHECK(alias->entity_id == 7);
  CHECK(alias->first_claim == 9);
  auto old_alias = AliasByDocKey::Decode(
      AliasByDocKey{std::string("x\0\xff", 3), 7, 9}.Encode());
  REQUIRE(old_alias.ok());
  CHECK(old_alias->alias == std::string("x\0\xff", 3));
  CHECK(old_alias->entity_id == 7);
  CHECK(old_alias->doc_num == 9);
  // Neither decodes the other's key.
  CHECK_FALSE(AliasKey::Decode(AliasByDocKey{"x", 7, 9}.Encode()).ok());
  CHECK_FALSE(AliasByDocKey::Decode(AliasKey{"x", 7, 9}.Encode()).ok());

  for (bool incoming : {false, true}) {
    for (EdgeType type : {EdgeType::kSaid, EdgeType::kAffiliated,
                          EdgeType::kEarlier, EdgeType::kRepeats}) {
      EdgeKey e{incoming, Node{NodeKind::kEntity, 11}, type,
                Node{NodeKind::kClaim, 12}, std::nullopt};
      if (EdgeHasQualifier(type)) e.qualifier = 13;
      auto d = EdgeKey::Decode(e.Encode());
      REQUIRE(d.ok());
      CHECK(d->incoming == incoming);
      CHECK(d->from == e.from);
      CHECK(d->to == e.to);
      CHECK(d->type == type);
      CHECK(d->qualifier == e.qualifier);
    }
  }
  auto holder = EntityTimeKey::Decode(
      EntityTimeKey{Prefix::kClaimsByMention, 5, w, 6}.Encode());
  REQUIRE(holder.ok());
  CHECK(holder->prefix == Prefix::kClaimsByMention);
  CHECK(holder->when == w);
  auto list = TermPostingKey::Decode(TermPostingKey{"arm", -3}.Encode());
  REQUIRE(list.ok());
  CHECK(list->term == "arm");
  CHECK(list->day == -3);
  CHECK_FALSE(TermPostingKey::Decode(TermKey{"arm", -3, 8}.Encode()).ok());
  auto by_id = ClaimByIdKey::Decode(ClaimByIdKey{0xfffffffe, 9}.Encode());
  REQUIRE(by_id.ok());
  CHECK(by_id->id_high == 0xfffffffe);
  CHECK(by_id->claim_num == 9);
  CHECK_FALSE(ClaimByIdKey::Decode(ClaimNumberKey{9}.Encode()).ok());
  CHECK_FALSE(ClaimByIdKey::Decode(Hex("22 31ba0e52 00000000000007")).ok());
  CHECK_FALSE(
      TermPostingKey::Decode(TermPostingKey{"arm", -3}.Encode() + "x").ok());
  auto term = TermKey::Decode(TermKey{"arm", -3, 8}.Encode());
  REQUIRE(term.ok());
  CHECK(term->term == "arm");
  CHECK(term->day == -3);
  CHECK(term->claim_id == 8);
  auto quote = QuotationKey::Decode(QuotationKey{99, w, 8}.Encode());
  REQUIRE(quote.ok());
  CHECK(quote->quote_hash == 99);
  auto fact = EntityFactKey::Decode(
      EntityFactKey{4, Fact::kAffiliation, w, "NATO", 3}.Encode());
  REQUIRE(fact.ok());
  CHECK(fact->fact == Fact::kAffiliation);
  CHECK(fact->value == "NATO");
  auto by_day = ClaimsByDayKey::Decode(ClaimsByDayKey{-3, 1, 2}.Encode());
  REQUIRE(by_day.ok());
  CHECK(by_day->day == -3);
  CHECK(by_day->doc_num == 1);
  CHECK(by_day->claim_id == 2);
  // Days sort numerically, undated last; then documents.
  CHECK(ClaimsByDayKey{-1, ~0ull, ~0ull}.Encode() <
        ClaimsByDayKey{0, 0, 0}.Encode());
  CHECK(ClaimsByDayKey{6315, ~0ull, ~0ull}.Encode() <
        ClaimsByDayKey{When::kUndatedDay, 0, 0}.Encode());
  CHECK(ClaimsByDayKey{6315, 1, ~0ull}.Encode() <
        ClaimsByDayKey{6315, 2, 0}.Encode());
  CHECK(ClaimsByDayKey{6315, 1, 2}.Encode().rfind(
            ClaimsByDayKey::DayStart(6315), 0) == 0);
  SpeakerKind kind;
  CHECK(DecodeDayValue(EncodeDayValue(SpeakerKind::kAnonymous), &kind).ok());
  CHECK(kind == SpeakerKind::kAnonymous);
  CHECK_FALSE(DecodeDayValue(Hex("05"), &kind).ok());
  CHECK_FALSE(DecodeDayValue(Hex("0300"), &kind).ok());
  CHECK_FALSE(DecodeDayValue("", &kind).ok());
  auto member = MemberKey::Decode(MemberKey{4, 5, 6}.Encode());
  REQUIRE(member.ok());
  CHECK(member->body == 4);
  CHECK(member->member == 5);
  CHECK(member->doc_num == 6);
  // A body's members in id order, each member's documents together.
  CHECK(MemberKey{4, 5, ~0ull}.Encode() < MemberKey{4, 6, 0}.Encode());
  CHECK(MemberKey{4, ~0ull, ~0ull}.Encode() < MemberKey{5, 0, 0}.Encode());
  CHECK(MemberKey{4, 5, 6}.Encode().rfind(MemberKey::MemberPrefix(4, 5), 0) ==
        0);
  CHECK(MemberKey::MemberPrefix(4, 5).rfind(MemberKey::ScanPrefix(4), 0) == 0);
  CHECK_FALSE(MemberKey::Decode(MemberKey::MemberPrefix(4, 5)).ok());
  auto by_doc = ClaimsByDocKey::Decode(ClaimsByDocKey{1, 2}.Encode());
  REQUIRE(by_doc.ok());
  CHECK(by_doc->claim_id == 2);
  auto meta = MetaKey::Decode(MetaKey{"format-version"}.Encode());
  REQUIRE(meta.ok());
  CHECK(meta->name == "format-version");
}

TEST_CASE("keys sort the way queries scan", "[store]") {
  // A holder's claims sort by time, negative days and undated included.
  std::vector<When> times = {
      When{},        Day("2023-11-28", 10), Day("1987-04-17"),
      When{-400, 0}, Day("2023-11-28", 9),  Day("2023-11-27")};
  std::vector<std::string> keys;
  for (When t : times) {
    keys.push_back(EntityTimeKey{Prefix::kClaimsByHolder, 1, t, 5}.Encode());
  }
  std::sort(times.begin(), times.end());
  std::sort(keys.begin(), keys.end());
  for (size_t i = 0; i < keys.size(); ++i) {
    CHECK(EntityTimeKey::Decode(keys[i])->when == times[i]);
  }
  // Strings sort as raw strings, composing with what follows them.
  const std::vector<std::string> terms = {
      "",  std::string("a\0", 2),  "a",    "ab",
      "b", std::string("a\0b", 3), "a\xff"};
  std::vector<std::string> sorted_terms = terms;
  std::sort(sorted_terms.begin(), sorted_terms.end());
  std::vector<std::string> term_keys;
  for (const std::string& t : terms) {
    term_keys.push_back(TermKey{t, When::kUndatedDay, 0}.Encode());
  }
  std::sort(term_keys.begin(), term_keys.end());
  for (size_t i = 0; i < term_keys.size(); ++i) {
    CHECK(TermKey::Decode(term_keys[i])->term == sorted_terms[i]);
  }
  // A term's keys are contiguous: "arm" never lands among "armi..." keys.
  CHECK(TermKey{"arm", When::kUndatedDay, ~0ull}.Encode() <
        TermKey{"arma", Day("1900-01-01").day, 0}.Encode());
  CHECK(TermPostingKey{"arm", When::kUndatedDay}.Encode() <
        TermPostingKey{"arma", Day("1900-01-01").day}.Encode());
  CHECK(TermPostingKey{"arm", 0}.Encode().starts_with(
      TermPostingKey::ScanPrefix("arm")));
  CHECK_FALSE(TermPostingKey{"arma", 0}.Encode().starts_with(
      TermPostingKey::ScanPrefix("arm")));
  // Under one term, days sort numerically, negatives first, undated last.
  CHECK(TermPostingKey{"arm", -1}.Encode() < TermPostingKey{"arm", 0}.Encode());
  CHECK(TermPostingKey{"arm", Day("2030-01-01").day}.Encode() <
        TermPostingKey{"arm", When::kUndatedDay}.Encode());
  CHECK(TermKey{"arm", -1, ~0ull}.Encode() < TermKey{"arm", 0, 0}.Encode());
  CHECK(TermKey{"arm", Day("2030-01-01").day, ~0ull}.Encode() <
        TermKey{"arm", When::kUndatedDay, 0}.Encode());
  // Every key of one holder starts with its scan prefix.
  const std::string p = EntityTimeKey::ScanPrefix(Prefix::kClaimsByHolder, 1);
  CHECK(keys.front().rfind(p, 0) == 0);
  CHECK(PrefixSuccessor(p) > keys.back());
}

TEST_CASE("decoders refuse what they did not write", "[store]") {
  std::mt19937 rng(7);
  const std::string good =
      EntityFactKey{4, Fact::kTitle, When{}, "Minister", 3}.Encode();
  CHECK_FALSE(EntityFactKey::Decode(good.substr(0, good.size() - 1)).ok());
  CHECK_FALSE(EntityFactKey::Decode(good + "x").ok());
  CHECK_FALSE(ClaimKey::Decode(DocumentKey{1}.Encode()).ok());
  CHECK_FALSE(EdgeKey::Decode(Hex("50 07 0000000000000001 01 02 "
                                  "0000000000000002"))
                  .ok());  // bad node kind
  CHECK_FALSE(EdgeKey::Decode(Hex("50 03 0000000000000001 05 02 "
                                  "0000000000000002"))
                  .ok());                                 // no qualifier
  CHECK_FALSE(AliasKey::Decode(Hex("41 61 0002")).ok());  // bad escape
  CHECK_FALSE(PrefixOf(Hex("99")).ok());
  CHECK_FALSE(PrefixOf("").ok());
  const std::string too_long = Hex("ff ff ff ff ff ff ff ff ff 7f");
  Decoder d(too_long);
  uint64_t v;
  CHECK_FALSE(d.GetVarint(&v));  // more than 64 bits
  // Random bytes never crash a decoder (run under the sanitizers).
  for (int i = 0; i < 2000; ++i) {
    std::string bytes(rng() % 40, '\0');
    for (char& c : bytes) c = static_cast<char>(rng());
    if (!bytes.empty() && i % 2) bytes[0] = static_cast<char>(0x60 + rng() % 6);
    (void)EdgeKey::Decode(bytes);
    (void)AliasKey::Decode(bytes);
    (void)AliasByDocKey::Decode(bytes);
    (void)EntityTimeKey::Decode(bytes);
    (void)TermKey::Decode(bytes);
    (void)EntityFactKey::Decode(bytes);
    ClaimRecord claim;
    (void)DecodeClaim(1, bytes, &claim);
    DocumentRecord doc;
    (void)DecodeDocument(bytes, &doc);
    EntityRecord entity;
    (void)DecodeEntity(bytes, &entity);
    HolderValue holder;
    (void)DecodeHolder(bytes, &holder);
    uint32_t copy;
    (void)DecodeMentionValue(bytes, &copy);
  }
}

TEST_CASE("alias forms: keys.md examples, round trips and refusals",
          "[store]") {
  CHECK(EncodeAliasForm("seoul", "Seoul") == Hex("01"));
  CHECK(EncodeAliasForm("defense minister lee", "Defense Minister Lee") ==
        Hex("01"));
  CHECK(EncodeAliasForm("ec", "EC") == Hex("02 03"));
  CHECK(EncodeAliasForm("defense minister lee", "Defense minister Lee") ==
        Hex("02 818002"));
  CHECK(EncodeAliasForm("lee", "The Lee") == Hex("00 07 546865204c6565"));
  CHECK(EncodeAliasForm("seoul", "seoul") == Hex("02 00"));
  const std::vector<std::pair<std::string, std::string>> forms = {
      {"seoul", "Seoul"},
      {"u.s. trade representative clayton yeutter",
       "U.S. Trade Representative Clayton Yeutter"},
      {"(eiaj) chairman saba", "(EIAJ) Chairman Saba"},
      {"pentagon", "the Pentagon"},
      {"sÃ£o paulo", "SÃ£o Paulo"},
      {std::string(70, 'a'), std::string(70, 'A')},
      {std::string(70, 'a'), std::string(69, 'a') + "A"},
      {"", ""}};
  for (const auto& [alias, written] : forms) {
    INFO(written);
    std::string back;
    REQUIRE(
        DecodeAliasForm(alias, EncodeAliasForm(alias, written), &back).ok());
    CHECK(back == written);
  }
  std::string back;
  CHECK(DecodeAliasForm("a", Hex("03"), &back).IsCorruption());
  CHECK(DecodeAliasForm("a", Hex("02 02"), &back).IsCorruption());  // no 2nd
  CHECK(DecodeAliasForm("a", Hex("01 00"), &back).IsCorruption());
  CHECK(DecodeAliasForm("a", "", &back).IsCorruption());
  CHECK(DecodeAliasForm("a", Hex("00 05 41"), &back).IsCorruption());
}

// Where a claim value's Date starts: the first byte where the forms of
// versions 10 and 11 of the same claim with other dates differ (the date
// form byte, 00, against the resolved date's length, 0a).
size_t DateFormAt(const ClaimRecord& c) {
  // Two dates whose forms differ (basis written out, code 0; basis 3),
  // and nothing before them.
  ClaimRecord written = c, coded = c;
  written.claim.date.resolved = coded.claim.date.resolved = "1987-03-20";
  written.claim.date.basis = "zz";
  coded.claim.date.basis = "document date";
  const std::string a = EncodeClaim(written), b = EncodeClaim(coded);
  size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
  return i;
}

TEST_CASE("claim dates: the day of when left out, the basis by code",
          "[store]") {
  // The table is stored by place: 21 bases, none twice.
  REQUIRE(std::size(kDateBases) == 21);
  CHECK(kDateBases[0] == "document date (input)");
  CHECK(kDateBases[20] == "relative to another event");
  CHECK(std::set<std::string_view>(std::begin(kDateBases), std::end(kDateBases))
            .size() == 21);
  ClaimRecord c;
  c.doc_num = 9;
  c.claim.doc = "r1";
  c.claim.id = HexId(ClaimIdOf("r1", {Span{13, 33}}));
  c.claim.type = ClaimType::kIndirect;
  c.claim.content = {Span{13, 33}};
  c.claim.speaker.name = "Yeutter";
  c.claim.speaker.kind = SpeakerKind::kPerson;
  c.when = Day("1987-03-27", 45296);
  c.claim.date.resolved = "1987-03-27";
  c.claim.date.basis = "document date (input)";
  // The day of `when` and basis 1: one byte, 03, for the 11 + 22 bytes of
  // the two strings in version 10 (and version 12 leaves out the 8 bytes
  // of the document number).
  const std::string v = EncodeClaim(c);
  const size_t at = DateFormAt(c);
  REQUIRE(at < v.size());
  CHECK(v[at] == '\x03');
  CHECK(v.size() + 8 == EncodeClaim(c, 11).size());
  CHECK(v.size() + 8 + 32 == EncodeClaim(c, 10).size());
  ClaimRecord got;
  REQUIRE(DecodeClaim(1, v, &got).ok());
  CHECK(got.claim.date.resolved == "1987-03-27");
  CHECK(got.claim.date.basis == "document date (input)");
  CHECK(EncodeClaim(got) == v);
  // Version 10's form still decodes as 10, to the same record.
  REQUIRE(DecodeClaim(1, EncodeClaim(c, 10), &got, 10).ok());
  CHECK(EncodeClaim(got) == v);
  // Every other case round-trips, written out where the form cannot say.
  struct Case {
    std::string resolved, basis;
    When when;
    uint8_t form;
  };
  const std::vector<Case> cases = {
      {"1987-03-20", "weekday before document date", Day("1987-03-27"),
       15 << 1},
      {"1987-03-27", "relative to another event", Day("1987-03-27"),
       21 << 1 | 1},
      {"1987-03-27", "weekday; no document date", Day("1987-03-27"), 1},
      {"", "weekday; no document date", When{}, 0},
      {"1987-03-27", "document date (input)", When{}, 1 << 1},
      {"", "", Day("1987-03-27"), 0},
      {"", "explicit date", Day("1987-03-27"), 12 << 1},
  };
  for (const Case& k : cases) {
    INFO(k.resolved << " / " << k.basis);
    ClaimRecord r = c;
    r.claim.date.resolved = k.resolved;
    r.claim.date.basis = k.basis;
    r.when = k.when;
    const std::string e = EncodeClaim(r);
    CHECK(static_cast<uint8_t>(e[DateFormAt(r)]) == k.form);
    REQUIRE(DecodeClaim(1, e, &got).ok());
    CHECK(got.claim.date.resolved == k.resolved);
    CHECK(got.claim.date.basis == k.basis);
    CHECK(got.when == k.when);
    CHECK(EncodeClaim(got) == e);
  }
  // One encoding per record: a basis of the table written out, the day
  // of `when` written out, a code past the table, and a day left out of
  // an undated claim are refused.
  {
    ClaimRecord r = c;
    r.claim.date.resolved = "1987-03-20";
    r.claim.date.basis = "zz";
    std::string e = EncodeClaim(r);
    const size_t f = DateFormAt(r);
    REQUIRE(e.substr(f, 15) == Hex("00 0a") + "1987-03-20" + Hex("02") + "zz");
    REQUIRE(DecodeClaim(1, e, &got).ok());
    std::string table = e;
    table.replace(f + 12, 3, Hex("0d") + "explicit date");
    CHECK_FALSE(DecodeClaim(1, table, &got).ok());
    std::string day = e;
    day.replace(f + 2, 10, "1987-03-27");
    CHECK_FALSE(DecodeClaim(1, day, &got).ok());
    std::string past = EncodeClaim(c);
    past[DateFormAt(c)] = static_cast<char>(22 << 1 | 1);
    CHECK_FALSE(DecodeClaim(1, past, &got).ok());
    r.when = When{};
    r.claim.date.resolved = "";
    r.claim.date.basis = "document date (input)";
    e = EncodeClaim(r);
    const size_t u = DateFormAt(r);
    REQUIRE(e.substr(u, 2) == Hex("02 00"));
    e.replace(u, 2, Hex("03"));
    CHECK_FALSE(DecodeClaim(1, e, &got).ok());
  }
}

TEST_CASE("values round-trip", "[store]") {
  DocumentRecord doc;
  doc.doc.id = "r1";
  doc.doc.date = "1987-03-27";
  doc.doc.time_of_day = 45296;
  doc.doc.text = "Yeutter said tariffs would follow.";
  doc.claims = 1;
  DocumentRecord back;
  REQUIRE(DecodeDocument(EncodeDocument(doc), &back).ok());
  CHECK(back.doc.id == "r1");
  CHECK(back.doc.time_of_day == 45296);
  CHECK(back.doc.text == doc.doc.text);
  CHECK(back.claims == 1);
  {
    // Versions 3 to 10 held the text's hash before the text kind; 11
    // leaves it out.
    const std::string old = EncodeDocument(doc, 10);
    CHECK(old.size() == EncodeDocument(doc).size() + 8);
    uint64_t hash = 0;
    REQUIRE(DecodeDocument(old, &back, 10, &hash).ok());
    CHECK(hash == TextHash(doc.doc.text));
    CHECK(hash == StableHash().Add(doc.doc.text).value());
    CHECK(back.doc.text == doc.doc.text);
    CHECK(EncodeDocument(back) == EncodeDocument(doc));
    CHECK_FALSE(DecodeDocument(old, &back).ok());
    CHECK_FALSE(DecodeDocument(EncodeDocument(doc), &back, 10).ok());
  }

  ClaimRecord c;
  c.doc_num = 9;
  c.claim.doc = "r1";
  c.claim.id = "0000000000000001";
  c.claim.type = ClaimType::kIndirect;
  c.claim.content = {Span{13, 33}};
  c.claim.cue = Span{8, 12};
  c.claim.source = Span{0, 7};
  c.claim.speaker.name = "Yeutter";
  c.claim.speaker.kind = SpeakerKind::kPerson;
  c.claim.mentions.push_back(
      Mention{Span{13, 20}, "Tariff Board", SpeakerKind::kOrganization});
  c.mention_entities = {77};
  c.when = Day("1987-03-27");
  c.speaker_entity = 5;
  c.affiliation_entity = 6;
  ClaimRecord got;
  c.claim.id = "31ba0e523eceb1a4";
  REQUIRE(DecodeClaim(7, EncodeClaim(c), &got).ok());
  // The id is the value's; the number, the key's.
  CHECK(got.claim.id == c.claim.id);
  CHECK(got.num == 7);
  // Not the id the extractor would give: stored, after its form byte.
  CHECK(EncodeClaim(c).substr(0, 9) == Hex("01 31ba0e523eceb1a4"));
  CHECK(EncodeClaim(c, 7).substr(0, 8) == Hex("31ba0e523eceb1a4"));
  REQUIRE(DecodeClaim(7, EncodeClaim(c, 7), &got, 7).ok());
  CHECK(got.claim.id == c.claim.id);
  CHECK(EncodeClaim(got) == EncodeClaim(c));
  {
    // The extractor's id (ClaimIdOf of the document id and the content's
    // ends) is left out, and comes back.
    ClaimRecord derived = c;
    derived.claim.id = HexId(ClaimIdOf("r1", {Span{13, 33}}));
    const std::string v = EncodeClaim(derived);
    CHECK(v.size() + 8 == EncodeClaim(c).size());
    CHECK(v.substr(0, 1) == Hex("00"));
    REQUIRE(DecodeClaim(7, v, &got).ok());
    CHECK(got.claim.id == derived.claim.id);
    CHECK(EncodeClaim(got) == v);
    // The document id follows (format version 12): the document's number
    // is DocNum of it, not stored. Version 11 stored it before the id,
    // and decoding its form gives the number stored.
    CHECK(v.substr(0, 4) == Hex("00 02") + "r1");
    CHECK(got.doc_num == DocNum("r1"));
    const std::string v11 = EncodeClaim(derived, 11);
    CHECK(v11.substr(0, 12) == Hex("00 0000000000000009 02") + "r1");
    REQUIRE(DecodeClaim(7, v11, &got, 11).ok());
    CHECK(got.doc_num == 9);
    CHECK(EncodeClaim(got) == v);
    // Spans as begin and length: content 13..33 is 0d 14.
    CHECK(v.find(Hex("01 0d 14")) != std::string::npos);
    CHECK(EncodeClaim(derived, 7).find(Hex("01 0d 21")) != std::string::npos);
    // The same id written out is refused: one encoding per record.
    std::string stored = Hex("01");
    PutU64(&stored, ClaimIdOf("r1", {Span{13, 33}}));
    CHECK_FALSE(DecodeClaim(7, stored + v.substr(1), &got).ok());
    CHECK_FALSE(DecodeClaim(7, Hex("02") + v.substr(1), &got).ok());
  }
  // A version 6 value had no id: its key was the id.
  REQUIRE(DecodeClaim(0x31ba0e523eceb1a5, EncodeClaim(c, 6), &got, 6).ok());
  CHECK(got.claim.id == "31ba0e523eceb1a5");
  REQUIRE(DecodeClaim(1, EncodeClaim(c), &got).ok());
  CHECK(got.claim.content == c.claim.content);
  CHECK(got.claim.content[0].In(doc.doc.text) == "tariffs would follow");
  CHECK(got.claim.source->In(doc.doc.text) == "Yeutter");
  CHECK(got.claim.mentions == c.claim.mentions);
  CHECK(got.mention_entities == c.mention_entities);
  CHECK(got.when == c.when);
  CHECK(got.speaker_entity == 5);
  CHECK(got.affiliation_entity == 6);
  // Re-encoding the decoded record gives the same bytes: `claimtrack
  // check` relies on this.
  CHECK(EncodeClaim(got) == EncodeClaim(c));
  // A huge span in a corrupt value costs nothing: spans carry no text.
  ClaimRecord far = c;
  far.claim.content = {Span{0xFFFFFFF0u, 0xFFFFFFFFu}};
  REQUIRE(DecodeClaim(1, EncodeClaim(far), &got).ok());
  // Holder values with an absurd count are refused, not allocated.
  std::string holder = "S";
  PutVarint(&holder, uint64_t{1} << 62);
  HolderValue h;
  CHECK_FALSE(DecodeHolder(holder, &h).ok());

  EntityRecord e;
  e.kind = SpeakerKind::kAnonymous;
  e.key_name = "a senior defense official";
  e.display_name = "a senior defense official";
  e.scope_doc = 9;
  e.descriptor = AnonymousDescriptor{"senior", "defense", "South Korea", false};
  EntityRecord e2;
  REQUIRE(DecodeEntity(EncodeEntity(e), &e2).ok());
  CHECK(e2.descriptor->rank == "senior");
  CHECK(e2.scope_doc == 9);

  EdgeValue ev{Day("2023-11-27"), 412};
  EdgeValue ev2;
  REQUIRE(DecodeEdgeValue(EdgeType::kEarlier,
                          EncodeEdgeValue(EdgeType::kEarlier, ev), &ev2)
              .ok());
  CHECK(ev2.when == ev.when);
  CHECK(ev2.similarity == 412);
}

}  // namespace
}  // namespace claimtrack::store
