// From a stored claim to the ClaimRow the query tools answer with: its
// document's title, outlet, url and date, the speaker's display name, the
// cue, the content and the sentence that holds it, all read from the
// document's text. Shared by the timeline and audit queries (timeline.cc:
// use LoadClaimRow, or ClaimRowOf when a scan has decoded the record).
//
// A query reads each document once: DocCache keeps the documents (and the
// speakers' entity records) it has read, for the length of one query.
// It is not thread-safe; make one per query.
#ifndef CLAIMTRACK_QUERY_CLAIM_ROWS_H_
#define CLAIMTRACK_QUERY_CLAIM_ROWS_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "claimtrack/status.h"
#include "query/rows.h"
#include "store/records.h"
#include "store/store.h"
#include "text/lexicon.h"

namespace claimtrack::query {

class DocCache {
 public:
  explicit DocCache(store::Store* store) : store_(store) {}

  // The stored document; Corruption when a claim or index entry names a
  // document that is not stored. The pointer stays valid as long as the
  // cache, or until the document is forgotten.
  Result<const store::DocumentRecord*> Document(uint64_t doc_num);

  // Keeps a document the caller has read; returns the cached record (the
  // one already cached, if any).
  const store::DocumentRecord* Adopt(uint64_t doc_num,
                                     store::DocumentRecord&& record);

  // Drops a document, and every entity record read so far, from the cache:
  // pointers to them are no longer valid. A query that is done with a
  // document (the audit, one document at a time) keeps its memory to what
  // it still needs; a later read of either reads it again.
  void Forget(uint64_t doc_num);

  // The entity record, or null when `entity_id` is 0; Corruption when it is
  // not stored. Valid as long as the cache (or the next Forget).
  Result<const store::EntityRecord*> Entity(uint64_t entity_id);

  // The span of the sentence that holds `claim`: the sentence numbered
  // `claim.sentence` when the document's text is segmented again (as the
  // extractor segmented it) and that sentence contains the claim's first
  // span; else (sparse documents from claims JSON, or a database built with
  // other lexicons) the span from the claim's first to its last span.
  Result<Span> SentenceOf(uint64_t doc_num, const Claim& claim);

 private:
  struct Entry {
    store::DocumentRecord record;
    std::optional<std::vector<Span>> sentences;  // segmented on demand
  };
  Result<Entry*> Load(uint64_t doc_num);

  store::Store* store_;
  std::unordered_map<uint64_t, std::unique_ptr<Entry>> docs_;
  std::unordered_map<uint64_t, std::unique_ptr<store::EntityRecord>> entities_;
};

// The row of the claim numbered `claim_num` (its key; store::ClaimNumberOf
// finds it from the id rows show): NotFound when no such claim is stored,
// Corruption when its record or document cannot be read. Timeline-only
// fields (relation, holder, position...) are left at their defaults.
Result<ClaimRow> LoadClaimRow(store::Store* store, uint64_t claim_num,
                              DocCache* docs);

// The same for a record already read.
Result<ClaimRow> ClaimRowOf(const store::ClaimRecord& record, DocCache* docs);

// The lexicons compiled into the library, parsed once per process (for
// segmenting documents again and reading anonymous-source descriptors).
// Thread-safe.
Result<const text::Lexicon*> BuiltinLexicon();

// The text of `spans` in `text`, joined with " … " (spans past the end of
// the text are skipped).
std::string JoinSpans(const std::vector<Span>& spans, std::string_view text);

}  // namespace claimtrack::query

#endif  // CLAIMTRACK_QUERY_CLAIM_ROWS_H_
