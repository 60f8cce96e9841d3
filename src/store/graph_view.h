// The part of the knowledge graph a query needs, loaded from the database
// into a Boost.Graph adjacency list: an entity, its claims in a date range,
// and what those claims link to. Loading reads only prefix and range scans
// of the edges and index families (never a whole family), so its cost is
// that of the subgraph, not of the database.
//
// The view is a copy: it does not change when the database does, and it may
// be read from many threads once loaded. Loading reads without a snapshot:
// on a read-only (secondary) instance, which changes only when it catches
// up, that is one consistent state; beside an ingest in the same process a
// record deleted between two reads shows as a Corruption error.
//
// The writers (GraphML, DOT) escape every label, so names and quotations
// from untrusted articles cannot break the markup.
#ifndef CLAIMTRACK_STORE_GRAPH_VIEW_H_
#define CLAIMTRACK_STORE_GRAPH_VIEW_H_

#include <boost/graph/adjacency_list.hpp>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "claimtrack/claim.h"
#include "claimtrack/status.h"
#include "store/db.h"
#include "store/keys.h"

namespace claimtrack::store {

struct VertexProps {
  NodeKind kind = NodeKind::kEntity;
  uint64_t id = 0;  // a claim's number, a document's doc_num, an entity id
  // Claims: the claim's id (as `extract` prints it), which exports show;
  // 0 for a claim not stored.
  uint64_t claim_id = 0;
  // Entity: display name; claim: the start of its content; document: its
  // id. Valid UTF-8 when loaded from a database.
  std::string label;
  SpeakerKind entity_kind = SpeakerKind::kUnknown;  // entities only
  ClaimType claim_type = ClaimType::kIndirect;      // claims only
  // Claim: statement date; document: its date; "YYYY-MM-DD" or "".
  std::string date;
  // True for a vertex whose own edges were loaded (the entities the view
  // was built around, their claims); false for one reached at the rim.
  bool expanded = false;
};

struct EdgeProps {
  EdgeType type = EdgeType::kSaid;
  // EARLIER: the holder entity whose chain the edge belongs to;
  // AFFILIATED: the document the affiliation was last seen in; else 0.
  uint64_t qualifier = 0;
  // EARLIER: how alike the two claims' subjects are, 0..1; else 0.
  double similarity = 0;
  // EARLIER: the target's statement date; AFFILIATED: when last seen.
  std::string date;
  // AFFILIATED: the number of documents showing it (one edge per pair of
  // entities); 1 for every other edge.
  uint32_t count = 1;
};

using Graph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                          VertexProps, EdgeProps>;
using Vertex = boost::graph_traits<Graph>::vertex_descriptor;
using GraphEdge = boost::graph_traits<Graph>::edge_descriptor;

struct GraphView {
  Graph graph;
  std::map<Node, Vertex> vertices;  // every vertex, by the node it shows
  Vertex root = 0;  // the entity the view was loaded for (a chain: its claim)
  // True when max_claims or max_affiliated stopped loading early.
  bool truncated = false;

  // The vertex showing `node`, if loaded.
  std::optional<Vertex> Find(Node node) const;
};

struct GraphOptions {
  // Inclusive bounds on the statement day of the claims loaded (and on when
  // AFFILIATED edges were seen). With either bound set, undated claims are
  // left out. The second of a When is ignored.
  std::optional<When> from;
  std::optional<When> to;
  // At most this many claims are loaded as the claims of the entities
  // (0: no limit); when an entity has more, its most recent ones are kept.
  // The claims they point at (EARLIER, REPEATS) come on top.
  size_t max_claims = 1000;
  // At most this many AFFILIATED neighbours per entity (0: no limit).
  size_t max_affiliated = 200;
  // Also the claims that mention an entity (the 62 index), within the same
  // range and budget, after the claims it holds.
  bool mentions = false;
  // 1: the entity, its claims and their neighbours; each further level
  // also loads the claims of the entities the previous level reached.
  int depth = 1;
};

// Parses "YYYY-MM-DD" into a date bound; InvalidArgument naming `what`
// (e.g. "--from") when it is not a date.
Result<When> ParseDateBound(std::string_view iso, std::string_view what);

// Loads the subgraph around `entity_id` (schema/keys.md):
//   * the entity, and the claims it holds (the 61 index: as speaker or as
//     the speaker's organization or country) in the date range, each with
//     its speaker (SAID), the entities it mentions (MENTIONS), its document
//     (IN), and the claims it points at (EARLIER, REPEATS). The holder
//     index is read rather than the entity's SAID edges because it is in
//     statement order (a date range is one bounded scan) and holds the
//     same claims as speaker, plus those held as organization or country;
//   * with options.mentions, also the claims that mention it (the 62
//     index), with the same neighbours;
//   * the entity's AFFILIATED edges, both ways (merged per pair);
//   * at depth > 1, the same again for every entity first reached at the
//     level before.
// NotFound when the entity does not exist; Corruption when a record or key
// does not decode or an edge points at a missing record; IOError from the
// database.
Result<GraphView> LoadEntityGraph(Db* db, uint64_t entity_id,
                                  const GraphOptions& options);

// The EARLIER chain of `holder` from one claim, followed edge by edge: the
// claim and each claim of the chain, with their neighbours as
// LoadEntityGraph loads a claim's (speaker, document, mentions, EARLIER and
// REPEATS targets), at most `max_claims` chain claims (0: no limit; more
// sets `truncated`). Costs a few reads per claim of the chain, however many
// claims the holder has. `root` is the claim's vertex. NotFound when the
// claim does not exist; otherwise the errors of LoadEntityGraph.
Result<GraphView> LoadClaimChain(Db* db, uint64_t claim_id, uint64_t holder,
                                 size_t max_claims);

// The claim ids of the EARLIER chain of `holder` starting at `claim`: the
// claim itself, then its EARLIER target for that holder, that one's, and so
// on, as far as the view holds them (a date range cuts the chain at the
// first claim outside it, which is included). Empty when `claim` is not a
// claim vertex.
std::vector<uint64_t> EarlierChain(const GraphView& view, Vertex claim,
                                   uint64_t holder);

// GraphML (boost::write_graphml) with node attributes kind, id (hex),
// label, entity_kind, claim_type, date and edge attributes type, qualifier
// (hex), similarity, date, count. IOError when the stream fails.
Status WriteGraphml(const GraphView& view, std::ostream& out);

// Graphviz DOT (boost::write_graphviz): one node per vertex, labelled and
// shaped by kind, one edge per edge, labelled with its type. IOError when
// the stream fails.
Status WriteDot(const GraphView& view, std::ostream& out);

// The form labels take in both outputs: valid UTF-8 (ill-formed bytes
// become U+FFFD), characters XML 1.0 forbids (U+FFFE, U+FFFF) as U+FFFD,
// and control characters as white space, with white space runs collapsed
// to one space and none at either end (so that a label reads back the same
// from parsers that normalize white space). Exposed for tests.
std::string CleanLabel(std::string_view label);

}  // namespace claimtrack::store

#endif  // CLAIMTRACK_STORE_GRAPH_VIEW_H_
