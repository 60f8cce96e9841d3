// The links that need the whole collection: EARLIER (a holder's most recent
// earlier claim on the same subject) and REPEATS (a quotation's first
// appearance). Kept up to date at ingest, inside the document's batch, and
// rebuilt from scratch by `claimtrack link`.
//
// "The same subject": the Dice coefficient of the two claims' content-term
// sets (stemmed, stopwords removed; text/terms.h) is at least
// kEarlierMinSimilarity and they share at least kEarlierMinShared terms.
// "Earlier" is the order of the holder index: statement time, then claim
// id. A claim's EARLIER target is looked for among the holder's
// kEarlierWindow claims before it; the same window bounds the claims after
// a new one that may have to point at it instead. Inserting or removing a
// claim also moves the far edge of the windows of the claims after it: an
// insert pushes a claim out of each (an EARLIER edge to it goes), a removal
// lets one in (a claim without an EARLIER edge may gain one). The linker
// keeps both, so that linking document by document makes exactly the
// edges RebuildAll makes.
#ifndef CLAIMTRACK_STORE_LINKER_H_
#define CLAIMTRACK_STORE_LINKER_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "claimtrack/status.h"
#include "store/holder_cache.h"
#include "store/txn.h"

namespace claimtrack::store {

inline constexpr double kEarlierMinSimilarity = 0.2;
inline constexpr size_t kEarlierMinShared = 2;
inline constexpr size_t kEarlierWindow = 256;

// True when two claims (sorted unique term hashes) are on the same subject.
bool SameSubject(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b,
                 uint16_t* similarity);

struct LinkStats {
  uint64_t earlier = 0;
  uint64_t repeats = 0;
};

class Linker {
 public:
  // `cache` (may be null) answers holder-index questions from memory; it
  // must already reflect every holder entry put or deleted in `txn`.
  explicit Linker(Txn* txn, HolderCache* cache = nullptr)
      : txn_(txn), cache_(cache) {}

  // Declares a claim new in this batch: it has no EARLIER edges yet, so
  // setting one needs no look for an old one to replace.
  void MarkNew(uint64_t claim) { new_claims_.insert(claim); }
  // Declares a holder index entry new in this batch, before LinkEarlier
  // runs for any: a claim of the holder's may see up to that many claims
  // pushed out of its window.
  void MarkNewEntry(uint64_t holder) { ++new_entries_[holder]; }

  // Links a claim that is in the holder index (in the batch) to its
  // predecessor, and re-points later claims of the holder that it now
  // precedes more closely.
  Status LinkEarlier(uint64_t claim, uint64_t holder, When when,
                     const std::vector<uint32_t>& terms);
  // For a claim whose keys were deleted in the batch: removes its EARLIER
  // edges, and re-links the claims that pointed at it.
  Status UnlinkEarlier(uint64_t claim);
  // After a holder's index entry (when, claim) was deleted in the batch,
  // one of `removed` entries of the holder deleted (and UnlinkEarlier ran
  // for every claim deleted): links the holder's claims after that point
  // that have no EARLIER edge for it and whose window now reaches a claim
  // on their subject further back.
  Status RefillWindows(uint64_t holder, When when, uint64_t claim,
                       size_t removed);
  // Points every later appearance of a quotation at the first (dropping
  // edges of appearances that are gone).
  Status RelinkQuotation(uint64_t quote_hash);
  // Links a new appearance of a quotation (in the quotation index, in the
  // batch, with no REPEATS edge yet) to the first. Reads only the first
  // appearance unless the new one is now the first, when every appearance
  // is re-pointed (RelinkQuotation): a quotation printed by hundreds of
  // copies of a wire story costs one read per copy, not hundreds.
  Status LinkQuotation(uint64_t quote_hash, uint64_t claim);
  // Removes a claim's own REPEATS edge (both copies).
  Status UnlinkRepeats(uint64_t claim);

  // Deletes every EARLIER and REPEATS edge and derives them again from the
  // indexes, committing every `batch_writes` writes.
  Status RebuildAll(LinkStats* stats, size_t batch_writes = 100000);

 private:
  // The first `limit` appearances of a quotation (index 64), in order.
  Status Appearances(uint64_t quote_hash, size_t limit,
                     std::vector<uint64_t>* claims);
  struct Target {
    uint64_t claim = 0;
    When when;
    uint16_t similarity = 0;
  };
  Status FindPrevious(uint64_t holder, When when, uint64_t claim,
                      const std::vector<uint32_t>& terms, Target* found,
                      bool* any);
  Status CurrentEarlier(uint64_t claim, uint64_t holder, Target* target,
                        bool* any);
  Status SetEarlier(uint64_t claim, uint64_t holder, const Target* target);
  // From the cached window: true when it answered (found or not).
  Result<bool> FindPreviousCached(uint64_t holder, When when, uint64_t claim,
                                  const std::vector<uint32_t>& terms,
                                  Target* found, bool* any);
  Status DeleteEdges(Node node, EdgeType type, bool incoming,
                     const uint64_t* qualifier);
  // A holder's index entries around a point (when, claim): at least
  // kEarlierWindow + EdgeCandidates(changed) + 1 before it (or from the
  // holder's first),
  // and up to kEarlierWindow after it, ascending. Points into the writer's
  // cached window when that holds them, else owns what it read.
  struct Around {
    const HolderClaim* seq = nullptr;
    size_t size = 0;
    size_t after = 0;         // the first entry after the point
    bool from_start = false;  // seq[0] is the holder's first entry
    std::vector<HolderClaim> read;
  };
  // `changed` > 0: the claim at the point is in the index (and in `seq`,
  // at after - 1), one of `changed` entries of the holder new in the batch
  // (MarkNewEntry). < 0: the claim was deleted, one of -`changed`.
  Status ReadAround(uint64_t holder, When when, uint64_t claim,
                    ptrdiff_t changed, Around* out);
  // How many entries before (after an insert) or at (after a removal) a
  // window's first entry CheckWindowEdges compares each claim with: the
  // holder's entries changed in the batch, or 0 when there are more than
  // kMaxEdgeCandidates (a transcript with hundreds of claims of one
  // speaker), when every claim's edge is read instead of comparing
  // hundreds of claims with hundreds.
  static constexpr size_t kMaxEdgeCandidates = 16;
  static size_t EdgeCandidates(ptrdiff_t changed);
  // Re-finds the EARLIER target of the claims after the point whose
  // window's far edge moved (see the top of this file). After an insert
  // (`changed` > 0), a claim whose target is now before its window is
  // linked again; after a removal, a claim with no target.
  Status CheckWindowEdges(uint64_t holder, const Around& around,
                          ptrdiff_t changed);

  Txn* txn_;
  HolderCache* cache_;
  std::set<uint64_t> new_claims_;
  std::map<uint64_t, size_t> new_entries_;  // holder -> entries in the batch
  // EARLIER edges this linker put for new claims: (claim, holder) -> target.
  std::map<std::pair<uint64_t, uint64_t>, uint64_t> set_;
};

}  // namespace claimtrack::store

#endif  // CLAIMTRACK_STORE_LINKER_H_
