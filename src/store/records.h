// The values stored under the keys of store/keys.h, as specified in
// schema/keys.md ("Values"). Decoders fail with Corruption on anything
// truncated, unknown or left over.
#ifndef CLAIMTRACK_STORE_RECORDS_H_
#define CLAIMTRACK_STORE_RECORDS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "claimtrack/claim.h"
#include "claimtrack/document.h"
#include "claimtrack/status.h"
#include "store/keys.h"

namespace claimtrack::store {

inline constexpr uint32_t kFormatVersion = 13;
// The oldest version a writer upgrades in place (Store::Open): version 3
// lacks the by-day index (66); versions 3 and 4 lack the claim value's
// speaker_global byte and the members index (67); versions 3 to 5 lack the
// copy keys of the holder (61) and mention (62) entries; versions 3 to 6
// key claims by their id instead of their number; versions 3 to 7 write
// every term of a holder entry (61) by its hash; versions 3 to 8 keep one
// term entry per claim (63) instead of a list per term and day (68);
// versions 7 to 9 lead from a claim's id to its number by an entry per id
// (21) instead of one per claim under half its id (22); versions 3 to 10
// store a document's text hash in its record, and a claim's resolved date
// and its basis as text; versions 3 to 12 key an alias entry by its
// document's number (40) instead of its first claim's (41), and write
// every entity's key name.
inline constexpr uint32_t kOldestUpgradable = 3;
inline constexpr char kFormatVersionName[] = "format-version";
inline constexpr char kCreatedByName[] = "created-by";
// Present while the EARLIER and REPEATS links are incomplete: written
// (synced) before an ingest that defers them, removed when Store::Relink
// has rebuilt them. Value: lstr, what deferred them.
inline constexpr char kLinksPendingName[] = "links-pending";
// Present while an upgrade is under way (Store::Open): written with the
// new version record before any value is rewritten, removed at its end.
// Value: u32, the version the upgrade started from.
inline constexpr char kUpgradingName[] = "upgrading";
// Present while the upgrade to version 7 numbers the claims, written with
// each batch of it. Value: u64 the next claim number · u64 the doc_num of
// the last document done.
inline constexpr char kUpgradeNumbersName[] = "upgrade-numbers";
// Present while the upgrade from versions 7 to 11 writes the claim values
// again, written with each batch of it. Value: u64 the number of the last
// claim done.
inline constexpr char kUpgradeClaimsName[] = "upgrade-claims";

// DO NOT CHANGE (stored).
enum class TextKind : uint8_t { kFull = 0, kSparse = 1 };

struct DocumentRecord {
  Document doc;  // origin is kept; text is the full or the sparse text
  TextKind text_kind = TextKind::kFull;
  uint32_t claims = 0;
};
// The hash of a document's text (the full or the sparse text, as stored):
// the key of its text-hash entry (TextHashKey), which finds a duplicate.
uint64_t TextHash(std::string_view text);
// schema/keys.md, "Ids": the number of the document with this id, in its
// key and in the keys of what belongs to it.
uint64_t DocNum(std::string_view doc_id);
// Since format version 11 the value leaves the text hash out (TextHash of
// the text gives it); `version` 3 to 10 is the older form, which holds it
// (written for the upgrade's tests), and DecodeDocument then sets
// `stored_hash` to it when given.
std::string EncodeDocument(const DocumentRecord& record,
                           uint32_t version = kFormatVersion);
Status DecodeDocument(std::string_view value, DocumentRecord* record,
                      uint32_t version = kFormatVersion,
                      uint64_t* stored_hash = nullptr);

// A claim as stored: the extractor's Claim and what the store derived from
// it. Spans are stored without their text: the text is the document's
// (DocumentRecord::doc.text, full or sparse), read once per document.
struct ClaimRecord {
  // The claim's number: its key (ClaimKey) and the claim part of its index
  // entries and edges, given by the database that stored it (since format
  // version 7). claim.id is its id, the same in every database.
  uint64_t num = 0;
  uint64_t doc_num = 0;
  Claim claim;
  When when;
  uint64_t speaker_entity = 0;      // 0: no speaker entity
  uint64_t affiliation_entity = 0;  // 0: none
  uint64_t nation_entity = 0;       // 0: none (EntityResolver::Nation)
  // The speaker entity is known across documents (its EntityRecord's
  // scope_doc is 0), not one of this document alone: an anonymous source,
  // a surname on its own. Since format version 5.
  bool speaker_global = false;
  std::vector<uint64_t> mention_entities;  // parallel to claim.mentions
};
// The value holds the claim's id (claim.id, 16 hex digits: Corruption
// otherwise when decoded) but not its number, which is its key's
// (ClaimKey): DecodeClaim takes `num` from there. Since format version 8
// the id is left out when it is the one the extractor gives the claim
// (ClaimIdOf), and spans are written as begin and length; since version 11
// the resolved date is left out when it is the day of `when`, and a basis
// the extractor writes is a code (kDateBases); since version 12 the
// document's number is left out (DocNum of the document id gives it). A value
// of format version 7 (`version`) always holds the id; one of version 6 or
// older has none: its key was the id. EncodeClaim writes any of them (older
// versions for the upgrade and its tests).
inline constexpr uint8_t kClaimIdDerived = 0;  // id form: ClaimIdOf gives it
inline constexpr uint8_t kClaimIdStored = 1;   // id form: a u64 id follows
// The date bases the extractor writes (text::DateExpression, Extractor),
// stored by their place here plus one since format version 11; any other
// is stored as written. DO NOT CHANGE the order (stored): add at the end.
inline constexpr std::string_view kDateBases[] = {
    "document date (input)",
    "document date (found in text)",
    "document date",
    "day before document date",
    "day after document date",
    "week before document date (week granularity)",
    "document week (week granularity)",
    "document month (month granularity)",
    "month before document date (month granularity)",
    "document year (year granularity)",
    "year before document date (year granularity)",
    "explicit date",
    "explicit month (month granularity)",
    "explicit date, year from document date",
    "weekday before document date",
    "weekday after document date",
    "weekday is document date",
    "1 year before document date (year granularity)",
    "1 month before document date (month granularity)",
    "2 weeks before document date (week granularity)",
    "relative to another event",
};
std::string EncodeClaim(const ClaimRecord& record,
                        uint32_t version = kFormatVersion);
// Whether the record's document number is the one its document id gives,
// as every record of version 12 (which derives it) has: an older value
// that says otherwise is damaged, and the upgrade leaves it as it is, for
// `check`, rather than give it to the document its id names.
inline bool NumberIsItsDocuments(const ClaimRecord& record) {
  return record.doc_num == DocNum(record.claim.doc);
}
Status DecodeClaim(uint64_t num, std::string_view value, ClaimRecord* record,
                   uint32_t version = kFormatVersion);

struct AnonymousDescriptor {
  std::string rank;         // "senior"
  std::string domain;       // "defense"
  std::string affiliation;  // "South Korea"
  bool plural = false;      // "officials", "sources"
};

struct EntityRecord {
  SpeakerKind kind = SpeakerKind::kUnknown;
  std::string key_name;      // what the id was hashed from
  std::string display_name;  // the fullest form seen
  uint64_t scope_doc = 0;    // 0: global; else the one document it lives in
  std::optional<AnonymousDescriptor> descriptor;
};
// Since format version 13 the key name is left out when it is the display
// name normalized (NormalizeAlias, store/entities.h: 96% of Reuters-21578's
// entities), which kEntityKeyDerived on the kind byte says; `version` 3 to
// 12 writes it always (the older form, for the upgrade's tests), and the
// decoder reads either.
inline constexpr uint8_t kEntityKeyDerived = 0x80;
std::string EncodeEntity(const EntityRecord& record,
                         uint32_t version = kFormatVersion);
Status DecodeEntity(std::string_view value, EntityRecord* record);

struct HolderValue {
  HolderRole role = HolderRole::kSpeaker;
  std::vector<uint32_t> terms;  // sorted, unique
  uint32_t copy = 0;            // the claim's copy key (CopyKey)
};
// Since format version 8 the terms of the table (term_codes.h) are written
// by their place in it, and the first byte (the role) carries
// kHolderCodedBit; `version` 3 to 7 decodes the older form, where every
// term is its hash.
inline constexpr uint8_t kHolderCodedBit = 0x20;
std::string EncodeHolder(const HolderValue& value);
Status DecodeHolder(std::string_view value, HolderValue* out,
                    uint32_t version = kFormatVersion);
// Whether a stored HolderValue has the form of version 8 (an upgrade cut
// short leaves both forms).
bool HolderIsCoded(std::string_view value);

// MentionValue (index 62): the claim's copy key.
std::string EncodeMentionValue(uint32_t copy);
Status DecodeMentionValue(std::string_view value, uint32_t* copy);

// DayValue (index 66): the kind of the claim's speaker, as in ClaimValue.
std::string EncodeDayValue(SpeakerKind speaker_kind);
Status DecodeDayValue(std::string_view value, SpeakerKind* speaker_kind);

// An alias entry's value: the form as written ("Defense Minister Lee"),
// stored against its key's normalized alias ("defense minister lee"). The
// encoder picks the shortest code that gives the form back exactly.
// DecodeAliasForm fails with Corruption on an unknown code, a case mask
// naming letters the alias does not have, or bytes left over.
std::string EncodeAliasForm(std::string_view alias, std::string_view written);
Status DecodeAliasForm(std::string_view alias, std::string_view value,
                       std::string* written);

// EARLIER: the target's time and the similarity (x1000); AFFILIATED: when
// the affiliation was seen; other edges: empty.
struct EdgeValue {
  When when;
  uint16_t similarity = 0;
};
std::string EncodeEdgeValue(EdgeType type, const EdgeValue& value);
Status DecodeEdgeValue(EdgeType type, std::string_view bytes, EdgeValue* out);

}  // namespace claimtrack::store

#endif  // CLAIMTRACK_STORE_RECORDS_H_
