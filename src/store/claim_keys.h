// Every key a stored claim owns, derived from its record alone. Ingest
// writes them; replacing a document re-derives them from the stored
// records and deletes them; `claimtrack check` verifies they exist. Because
// all three use this one function, they cannot disagree.
#ifndef CLAIMTRACK_STORE_CLAIM_KEYS_H_
#define CLAIMTRACK_STORE_CLAIM_KEYS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/db.h"
#include "store/entities.h"
#include "store/records.h"

namespace claimtrack::store {

struct KeyValue {
  Cf cf;
  std::string key;
  std::string value;
};

struct HolderEntry {
  uint64_t entity = 0;
  HolderRole role = HolderRole::kSpeaker;
};

struct ClaimKeys {
  // Written with the claim, deleted with its document: the claim record,
  // its index entries, aliases and facts, and its SAID, IN, MENTIONS and
  // AFFILIATED edges (both copies). EARLIER and REPEATS edges are the
  // linker's (store/linker.h).
  std::vector<KeyValue> owned;
  // The term index entries (68) whose lists hold the claim: ingest adds
  // its number to each (a merge operand per list and document), deleting
  // removes it.
  std::vector<std::string> term_keys;
  std::vector<HolderEntry> holders;    // the speaker, then its affiliation
  std::vector<uint32_t> terms;         // TermHash of the content terms
  std::optional<uint64_t> quote_hash;  // direct quotations of 4+ words
  uint32_t copy = 0;                   // CopyKey
};

// The part of a claim's keys that needs its text alone, no database: the
// content terms (their term-index keys and hashes) and the quotation hash.
// It is most of the work of deriving the keys, so ingest has it done ahead,
// on the extraction threads (Store::Prepare).
struct ClaimTextKeys {
  std::vector<std::string> term_keys;  // 68 keys, encoded
  std::vector<uint32_t> terms;         // sorted, unique
  std::optional<uint64_t> quote_hash;
  uint64_t content_hash = 0;       // StableHash of the content, spans joined
  uint64_t written_statement = 0;  // WrittenStatement
  // EntityResolver::SpeakerAliases, when computed ahead (Store::Prepare).
  std::optional<std::vector<AliasForm>> speaker_aliases;
};
ClaimTextKeys DeriveClaimTextKeys(const Claim& claim, std::string_view text,
                                  When when);

// The claim's entry in the by-day index (66): owned by the claim, and
// written on its own by the upgrade from format version 3.
KeyValue DayIndexEntry(const ClaimRecord& record);

// The claim's entry in the members index (67), if its speaker is global
// and speaks for an organization or country: owned by the claim (with its
// AFFILIATED edge), and written on its own by the upgrade from format
// versions 3 and 4.
std::optional<KeyValue> MemberEntry(const ClaimRecord& record);

// `first_claim` is the number of the document's first claim (the smallest
// of its claims' numbers), which names the document in alias keys; `text`
// is the text of the claim's document (the stored document record's
// text, full or sparse, covers every span); `document_statements`, the
// DocumentStatements of the document's stored claims (it goes into the
// values of the holder and mention entries only: 0 where only the keys
// are wanted). `text_keys`, when given, is DeriveClaimTextKeys of the same
// claim, text, id and time, and is moved from.
ClaimKeys DeriveClaimKeys(const ClaimRecord& record, uint64_t first_claim,
                          std::string_view text, uint64_t document_statements,
                          const EntityResolver& resolver,
                          ClaimTextKeys* text_keys = nullptr);

// The statement time of a claim (schema/keys.md, `when`).
When StatementTime(const Claim& claim, const Document& doc);

// schema/keys.md, "Ids": the normalized quotation's hash, or nullopt when
// it has fewer than 4 words.
std::optional<uint64_t> QuotationHash(std::string_view quotation);

// schema/keys.md, "Ids": copy keys. A claim's statement is its words
// (`content_hash`, ClaimTextKeys) from its speaker: an entity known across
// documents by its id, any other by its name and source as written
// (WrittenStatement). A document's statements hash its title and every
// claim's written statement, in sorted order. The copy key joins the two:
// two claims share it when they say the same words from the same speaker
// in documents with the same title and statements (copies of one story). A
// timeline reads one claim of each copy key, the earliest (query/timeline.cc).
uint64_t WrittenStatement(const Claim& claim, std::string_view text,
                          uint64_t content_hash);
uint64_t SpeakerStatement(const ClaimRecord& record, std::string_view text,
                          uint64_t content_hash);
uint64_t DocumentStatements(std::string_view title,
                            std::vector<uint64_t> written_statements);
// The same from stored records (their content hashes computed again).
uint64_t DocumentStatementsOf(const Document& doc,
                              const std::vector<ClaimRecord>& records);
uint32_t CopyKey(uint64_t speaker_statement, uint64_t document_statements);

}  // namespace claimtrack::store

#endif  // CLAIMTRACK_STORE_CLAIM_KEYS_H_
