// The key codec: every RocksDB key claimtrack writes, typed. The format is
// specified in schema/keys.md; the parts quoted below are its prefix table
// and enumerations. Each key type has Encode(), a Decode() that fails with
// Corruption on anything it did not write, and where queries scan, a
// ScanPrefix() for the scan.
//
//   prefix | family   | key
//   01     | default  | 01 · str name
//   10     | docs     | 10 · u64 doc_num
//   11     | docs     | 11 · u64 text_hash
//   20     | claims   | 20 · u64 claim_num
//   21     | claims   | 21 · u64 claim_id
//   30     | entities | 30 · u64 entity_id
//   40     | aliases  | 40 · str alias · u64 entity_id · u64 doc_num (to
//   version 12)
//   41     | aliases  | 41 · str alias · u64 entity_id · u64 first claim_num
//   50     | edges    | 50 · node from · u8 type · node to · [u64 qualifier]
//   51     | edges    | 51 · node to · u8 type · node from · [u64 qualifier]
//   60     | index    | 60 · u64 doc_num · u64 claim_id
//   61     | index    | 61 · u64 entity_id · when · u64 claim_id
//   62     | index    | 62 · u64 entity_id · when · u64 claim_id
//   63     | terms    | 63 · str term · i32 day · u64 claim_id (to version 8)
//   64     | index    | 64 · u64 quote_hash · when · u64 claim_id
//   65     | index    | 65 · u64 entity_id · u8 fact · when · str value · u64
//   doc_num
//   66     | index    | 66 · i32 day · u64 doc_num · u64 claim_id
//   67     | index    | 67 · u64 body entity_id · u64 member entity_id · u64
//   doc_num
//   68     | terms    | 68 · str term · i32 day (value: TermPostings)
#ifndef CLAIMTRACK_STORE_KEYS_H_
#define CLAIMTRACK_STORE_KEYS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "claimtrack/status.h"
#include "store/coding.h"

namespace claimtrack::store {

// DO NOT CHANGE the values: they are stored. Retired values stay here as
// comments so they are never reused.
enum class Prefix : uint8_t {
  kMeta = 0x01,
  kDocument = 0x10,
  kTextHash = 0x11,
  kClaim = 0x20,
  kClaimNumber = 0x21,  // format versions 7 to 9 (upgraded to 22)
  kClaimById = 0x22,    // format version 10
  kEntity = 0x30,
  kAliasByDoc = 0x40,  // format versions 1 to 12 (upgraded to 41)
  kAlias = 0x41,       // format version 13
  kEdgeOut = 0x50,
  kEdgeIn = 0x51,
  kClaimsByDoc = 0x60,
  kClaimsByHolder = 0x61,
  kClaimsByMention = 0x62,
  kClaimsByTerm = 0x63,  // format versions 1 to 8 (upgraded to 68)
  kQuotation = 0x64,
  kEntityFact = 0x65,
  kClaimsByDay = 0x66,   // format version 4
  kMembers = 0x67,       // format version 5
  kTermPostings = 0x68,  // format version 9
};

// DO NOT CHANGE.
enum class EdgeType : uint8_t {
  kSaid = 1,
  kMentions = 2,
  kIn = 3,
  kAffiliated = 4,
  kEarlier = 5,
  kRepeats = 6,
};
const char* EdgeTypeName(EdgeType type);
// True for the edge types whose keys end with a u64 qualifier.
bool EdgeHasQualifier(EdgeType type);
// True for the edge types stored in the edges family, both ways (50 and
// 51): AFFILIATED, EARLIER, REPEATS. SAID, IN and MENTIONS are the index
// entries 61 (role S), 60 and 62, and the claim record's fields; they are
// edges of the graph view, never keys of the edges family.
bool EdgeHasMirror(EdgeType type);

// DO NOT CHANGE.
enum class NodeKind : uint8_t { kDocument = 1, kClaim = 2, kEntity = 3 };
const char* NodeKindName(NodeKind kind);

// DO NOT CHANGE.
enum class HolderRole : uint8_t { kSpeaker = 'S', kAffiliated = 'A' };
enum class Fact : uint8_t { kTitle = 1, kAffiliation = 2 };

struct Node {
  NodeKind kind = NodeKind::kEntity;
  uint64_t id = 0;
  friend auto operator<=>(const Node&, const Node&) = default;
};

struct MetaKey {
  std::string name;
  std::string Encode() const;
  static Result<MetaKey> Decode(std::string_view key);
};

struct DocumentKey {
  uint64_t doc_num = 0;
  std::string Encode() const;
  static Result<DocumentKey> Decode(std::string_view key);
};

struct TextHashKey {
  uint64_t text_hash = 0;
  std::string Encode() const;
  static Result<TextHashKey> Decode(std::string_view key);
};

// Claims are keyed by their number (ClaimRecord::num), given by the
// database in the order it stores them (since format version 7: before,
// by their id). The `claim_id` of this and every other key type holding
// one is the claim's number; only ClaimNumberKey and ClaimByIdKey hold
// (part of) the claim's id.
struct ClaimKey {
  uint64_t claim_id = 0;  // the claim's number
  std::string Encode() const;
  static Result<ClaimKey> Decode(std::string_view key);
};

// Whether keys of this type end with a claim's number (u64): 20, 22, 41,
// 60 to 64 and 66. (21 holds one as its value; edges in their claim nodes.)
bool KeyEndsWithClaimNumber(Prefix prefix);

// 21 (format versions 7 to 9, read only by the upgrade): a claim's number
// by its id (the `id` of `claimtrack extract`); the value is the u64
// number.
struct ClaimNumberKey {
  uint64_t claim_id = 0;
  std::string Encode() const;
  static Result<ClaimNumberKey> Decode(std::string_view key);
};

// 22 (since format version 10): a claim under the high 32 bits of its id,
// one entry per claim, with an empty value. Finding a claim by id scans
// the entries of its high half and reads their claims, whose records
// hold the whole id (ClaimNumberOf). Half an id and a number that follow
// a claim's neighbours compress where a whole id and its number did not:
// on Reuters-21578 the entries take 0.3 MB less.
struct ClaimByIdKey {
  uint32_t id_high = 0;  // the claim id >> 32
  uint64_t claim_num = 0;
  static ClaimByIdKey Of(uint64_t claim_id, uint64_t claim_num) {
    return {static_cast<uint32_t>(claim_id >> 32), claim_num};
  }
  std::string Encode() const;
  static Result<ClaimByIdKey> Decode(std::string_view key);
  // The entries of every claim whose id has these high 32 bits.
  static std::string ScanPrefix(uint64_t claim_id);
};

struct EntityKey {
  uint64_t entity_id = 0;
  std::string Encode() const;
  static Result<EntityKey> Decode(std::string_view key);
};

// 41: one entry per alias, entity and document, the document named by the
// number of its first claim (the smallest of its claims' numbers; every
// document with an alias has a claim): numbers given in ingest order share
// their leading bytes where the hash of the document id did not.
struct AliasKey {
  std::string alias;  // normalized: see NormalizeAlias()
  uint64_t entity_id = 0;
  uint64_t first_claim = 0;  // the number of its document's first claim
  std::string Encode() const;
  static Result<AliasKey> Decode(std::string_view key);
  // All entries of one alias.
  static std::string ScanPrefix(std::string_view alias);
};

// 40 (format versions 1 to 12, read only by the upgrade): the document by
// its doc_num.
struct AliasByDocKey {
  std::string alias;
  uint64_t entity_id = 0;
  uint64_t doc_num = 0;
  std::string Encode() const;
  static Result<AliasByDocKey> Decode(std::string_view key);
};

struct EdgeKey {
  bool incoming = false;  // the 51 copy, keyed by its target
  Node from;
  EdgeType type = EdgeType::kSaid;
  Node to;
  std::optional<uint64_t> qualifier;  // iff EdgeHasQualifier(type)

  std::string Encode() const;
  static Result<EdgeKey> Decode(std::string_view key);
  // The same edge keyed from the other end.
  EdgeKey Mirror() const;
  // Outgoing edges of `from` of one type (incoming: edges into `node`).
  static std::string ScanPrefix(bool incoming, Node node, EdgeType type);
  static std::string ScanPrefix(bool incoming, Node node);
};

// 60: the claims of one document.
struct ClaimsByDocKey {
  uint64_t doc_num = 0;
  uint64_t claim_id = 0;
  std::string Encode() const;
  static Result<ClaimsByDocKey> Decode(std::string_view key);
  static std::string ScanPrefix(uint64_t doc_num);
};

// 61 (holder) and 62 (mention): an entity's claims in statement order.
struct EntityTimeKey {
  Prefix prefix = Prefix::kClaimsByHolder;
  uint64_t entity_id = 0;
  When when;
  uint64_t claim_id = 0;
  std::string Encode() const;
  static Result<EntityTimeKey> Decode(std::string_view key);
  static std::string ScanPrefix(store::Prefix prefix, uint64_t entity_id);
};

// 63 (format versions 1 to 8): claims whose content has a term, by
// statement day (When::day; the second is left out since format version
// 3: a term is asked for by date), one entry per claim. The upgrade to
// version 9 folds them into 68 entries.
struct TermKey {
  std::string term;
  int32_t day = When::kUndatedDay;
  uint64_t claim_id = 0;
  std::string Encode() const;
  static Result<TermKey> Decode(std::string_view key);
  static std::string ScanPrefix(std::string_view term);
};

// 68 (since format version 9): the claims whose content has a term on one
// statement day, listed in the value (store/term_postings.h).
struct TermPostingKey {
  std::string term;
  int32_t day = When::kUndatedDay;
  std::string Encode() const;
  static Result<TermPostingKey> Decode(std::string_view key);
  static std::string ScanPrefix(std::string_view term);
  // The 63 key of one claim in the list: this key as version 8 wrote it.
  std::string ClaimKeyOfVersion8(uint64_t claim_num) const;
};

// 64: the appearances of one quotation.
struct QuotationKey {
  uint64_t quote_hash = 0;
  When when;
  uint64_t claim_id = 0;
  std::string Encode() const;
  static Result<QuotationKey> Decode(std::string_view key);
  static std::string ScanPrefix(uint64_t quote_hash);
};

// 66: every claim by statement day (When::day), then document: the
// claims dated in a range, and their documents, without reading the rest
// (the anonymous-source audit). The value is the speaker's kind.
struct ClaimsByDayKey {
  int32_t day = When::kUndatedDay;
  uint64_t doc_num = 0;
  uint64_t claim_id = 0;
  std::string Encode() const;
  static Result<ClaimsByDayKey> Decode(std::string_view key);
  // The first key of `day`: a range scan starts there.
  static std::string DayStart(int32_t day);
};

// 67: the members of a body: the speakers known across documents
// (ClaimRecord::speaker_global) seen speaking for an organization or
// country, one entry per member and document, as their AFFILIATED edges
// are. The one-document speakers ("a U.S. official", "Smith" alone) are
// left out: their claims are under the body in their document already
// (61, role A), and their number grows with the archive.
struct MemberKey {
  uint64_t body = 0;
  uint64_t member = 0;
  uint64_t doc_num = 0;
  std::string Encode() const;
  static Result<MemberKey> Decode(std::string_view key);
  // All members of `body`.
  static std::string ScanPrefix(uint64_t body);
  // The entries of one member of `body`: a scan reads a member's first
  // and seeks past the rest, to the successor of this prefix.
  static std::string MemberPrefix(uint64_t body, uint64_t member);
};

// 65: an entity's titles and affiliations over time.
struct EntityFactKey {
  uint64_t entity_id = 0;
  Fact fact = Fact::kTitle;
  When when;
  std::string value;
  uint64_t doc_num = 0;
  std::string Encode() const;
  static Result<EntityFactKey> Decode(std::string_view key);
  static std::string ScanPrefix(uint64_t entity_id);
};

// The first byte of `key` as a Prefix, or Corruption if it names none.
Result<Prefix> PrefixOf(std::string_view key);

// The smallest key greater than every key that starts with `prefix` (for
// an iterate_upper_bound), or "" when there is none (all bytes FF).
std::string PrefixSuccessor(std::string prefix);

}  // namespace claimtrack::store

#endif  // CLAIMTRACK_STORE_KEYS_H_
