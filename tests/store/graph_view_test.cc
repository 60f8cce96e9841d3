// LoadEntityGraph on a database of three written articles (lee_articles.h):
// which vertices and edges an entity's view holds, date ranges, the claim
// budget, mentions and depth, and the EARLIER chain.
#include "store/graph_view.h"

#include <boost/range/iterator_range.hpp>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "store/lee_articles.h"
#include "temp_dir.h"

namespace claimtrack::store {
namespace {

using claimtrack::testing::BuildLeeDatabase;
using claimtrack::testing::LeeId;
using claimtrack::testing::TempDir;

GraphView Load(Store* store, uint64_t entity, const GraphOptions& options) {
  Result<GraphView> view = LoadEntityGraph(store->db(), entity, options);
  INFO(view.status().ToString());
  REQUIRE(view.ok());
  return std::move(view).value();
}

std::vector<Vertex> OfKind(const GraphView& view, NodeKind kind) {
  std::vector<Vertex> out;
  for (Vertex v : boost::make_iterator_range(boost::vertices(view.graph))) {
    if (view.graph[v].kind == kind) out.push_back(v);
  }
  return out;
}

size_t Expanded(const GraphView& view, NodeKind kind) {
  size_t n = 0;
  for (Vertex v : OfKind(view, kind)) n += view.graph[v].expanded ? 1 : 0;
  return n;
}

// The claim vertex whose label contains `piece`.
Vertex ClaimWith(const GraphView& view, std::string_view piece) {
  for (Vertex v : OfKind(view, NodeKind::kClaim)) {
    if (view.graph[v].label.find(piece) != std::string::npos) return v;
  }
  FAIL("no claim with \"" << std::string(piece) << "\"");
  return 0;
}

// Targets of v's out-edges of one type.
std::vector<Vertex> Targets(const GraphView& view, Vertex v, EdgeType type) {
  std::vector<Vertex> out;
  for (GraphEdge e :
       boost::make_iterator_range(boost::out_edges(v, view.graph))) {
    if (view.graph[e].type == type) out.push_back(boost::target(e, view.graph));
  }
  return out;
}

std::vector<std::string> Dates(const GraphView& view,
                               const std::vector<uint64_t>& claims) {
  std::vector<std::string> dates;
  for (uint64_t id : claims) {
    std::optional<Vertex> v = view.Find(Node{NodeKind::kClaim, id});
    REQUIRE(v);
    dates.push_back(view.graph[*v].date);
  }
  return dates;
}

const uint64_t kSouthKorea = EntityId(SpeakerKind::kCountry, "south korea", "");
const uint64_t kStoltenberg =
    EntityId(SpeakerKind::kPerson, "jens stoltenberg", "");

TEST_CASE("graph view: an entity, its claims and their neighbours", "[store]") {
  TempDir dir;
  auto store = BuildLeeDatabase(dir.File("db"));
  const GraphView view = Load(store.get(), LeeId(), GraphOptions{});
  const Graph& g = view.graph;

  const VertexProps& root = g[view.root];
  CHECK(root.kind == NodeKind::kEntity);
  CHECK(root.id == LeeId());
  CHECK(root.label == "Lee Jong-sup");
  CHECK(root.entity_kind == SpeakerKind::kPerson);
  CHECK_FALSE(view.truncated);

  // Five claims, each said by Lee, each in one document.
  const std::vector<Vertex> claims = OfKind(view, NodeKind::kClaim);
  CHECK(claims.size() == 5);
  CHECK(Expanded(view, NodeKind::kClaim) == 5);
  CHECK(Targets(view, view.root, EdgeType::kSaid).size() == 5);
  for (Vertex c : claims) {
    CHECK(Targets(view, c, EdgeType::kIn).size() == 1);
    CHECK(boost::in_degree(c, g) >= 1);
  }
  std::vector<std::string> documents;
  for (Vertex d : OfKind(view, NodeKind::kDocument)) {
    documents.push_back(g[d].label + " " + g[d].date);
  }
  std::sort(documents.begin(), documents.end());
  CHECK(documents == std::vector<std::string>{"lee-dec-05 2023-12-05",
                                              "lee-nov-20 2023-11-20",
                                              "lee-nov-28 2023-11-28"});

  // Mentions, and no one Lee's claims do not reach.
  const std::optional<Vertex> korea =
      view.Find({NodeKind::kEntity, kSouthKorea});
  REQUIRE(korea);
  CHECK(g[*korea].label == "South Korea");
  CHECK(g[*korea].entity_kind == SpeakerKind::kCountry);
  CHECK_FALSE(g[*korea].expanded);
  const Vertex ban = ClaimWith(view, "keep its ban");
  CHECK(g[ban].claim_type == ClaimType::kIndirect);
  CHECK(g[ban].date == "2023-12-05");
  CHECK(Targets(view, ban, EdgeType::kMentions).size() == 2);
  CHECK_FALSE(view.Find({NodeKind::kEntity, kStoltenberg}));

  // The quotation said again on 12-05 repeats its first appearance.
  std::vector<Vertex> quotes;
  for (Vertex c : claims) {
    if (g[c].claim_type == ClaimType::kDirect) quotes.push_back(c);
  }
  REQUIRE(quotes.size() == 2);
  if (g[quotes[0]].date < g[quotes[1]].date) std::swap(quotes[0], quotes[1]);
  CHECK(g[quotes[0]].date == "2023-12-05");
  CHECK(Targets(view, quotes[0], EdgeType::kRepeats) ==
        std::vector<Vertex>{quotes[1]});
  CHECK(Targets(view, quotes[1], EdgeType::kRepeats).empty());
}

TEST_CASE("graph view: the EARLIER chain of a holder", "[store]") {
  TempDir dir;
  auto store = BuildLeeDatabase(dir.File("db"));
  const GraphView view = Load(store.get(), LeeId(), GraphOptions{});
  const Vertex ban = ClaimWith(view, "keep its ban");

  const std::vector<uint64_t> chain = EarlierChain(view, ban, LeeId());
  REQUIRE(chain.size() == 3);
  CHECK(chain[0] == view.graph[ban].id);
  // Of Lee's two claims of November 28, the later in the text is the more
  // recent (claims made at one time go in the order they were stored).
  CHECK(view.graph[ClaimWith(view, "will not send lethal weapons to a")].id ==
        chain[1]);
  CHECK(view.graph[ClaimWith(view, "would not send lethal")].id == chain[2]);
  CHECK(Dates(view, chain) ==
        std::vector<std::string>{"2023-12-05", "2023-11-28", "2023-11-20"});
  for (GraphEdge e :
       boost::make_iterator_range(boost::out_edges(ban, view.graph))) {
    if (view.graph[e].type != EdgeType::kEarlier) continue;
    CHECK(view.graph[e].qualifier == LeeId());
    CHECK(view.graph[e].date == "2023-11-28");
    CHECK(view.graph[e].similarity > 0.2);
    CHECK(view.graph[e].similarity <= 1.0);
  }

  // Another holder's chain, or a vertex that is no claim.
  CHECK(EarlierChain(view, ban, kSouthKorea) ==
        std::vector<uint64_t>{view.graph[ban].id});
  CHECK(EarlierChain(view, view.root, LeeId()).empty());
  CHECK(EarlierChain(view, 999999, LeeId()).empty());
}

TEST_CASE("graph view: a chain loaded edge by edge is the same chain",
          "[store]") {
  TempDir dir;
  auto store = BuildLeeDatabase(dir.File("db"));
  const GraphView whole = Load(store.get(), LeeId(), GraphOptions{});
  const uint64_t ban = whole.graph[ClaimWith(whole, "keep its ban")].id;
  const std::vector<uint64_t> expected =
      EarlierChain(whole, ClaimWith(whole, "keep its ban"), LeeId());
  REQUIRE(expected.size() == 3);

  auto chain = LoadClaimChain(store->db(), ban, LeeId(), 0);
  REQUIRE(chain.ok());
  CHECK(chain->graph[chain->root].id == ban);
  CHECK(EarlierChain(*chain, chain->root, LeeId()) == expected);
  CHECK_FALSE(chain->truncated);
  // Only the chain's claims are expanded, not the rest of Lee's claims.
  CHECK(Expanded(*chain, NodeKind::kClaim) == 3);
  CHECK(Expanded(whole, NodeKind::kClaim) > 3);
  // The claim's own neighbours come with it.
  CHECK(Targets(*chain, chain->root, EdgeType::kMentions).size() == 2);

  auto cut = LoadClaimChain(store->db(), ban, LeeId(), 2);
  REQUIRE(cut.ok());
  CHECK(cut->truncated);
  CHECK(Expanded(*cut, NodeKind::kClaim) == 2);
  CHECK(LoadClaimChain(store->db(), 12345, LeeId(), 0).status().IsNotFound());
}

TEST_CASE("graph view: EarlierChain stops at a cycle", "[store]") {
  GraphView view;
  VertexProps claim;
  claim.kind = NodeKind::kClaim;
  claim.id = 1;
  const Vertex a = boost::add_vertex(claim, view.graph);
  claim.id = 2;
  const Vertex b = boost::add_vertex(claim, view.graph);
  EdgeProps earlier;
  earlier.type = EdgeType::kEarlier;
  earlier.qualifier = 7;
  boost::add_edge(a, b, earlier, view.graph);
  boost::add_edge(b, a, earlier, view.graph);
  CHECK(EarlierChain(view, a, 7) == std::vector<uint64_t>{1, 2});
}

TEST_CASE("graph view: a date range and the claim budget", "[store]") {
  TempDir dir;
  auto store = BuildLeeDatabase(dir.File("db"));

  GraphOptions from_28;
  from_28.from = ParseDateBound("2023-11-28", "from").value();
  GraphView view = Load(store.get(), LeeId(), from_28);
  CHECK(Expanded(view, NodeKind::kClaim) == 4);
  // The chain reaches the 11-20 claim, an EARLIER target outside the range
  // that is shown but not expanded.
  const Vertex ban = ClaimWith(view, "keep its ban");
  CHECK(Dates(view, EarlierChain(view, ban, LeeId())) ==
        std::vector<std::string>{"2023-12-05", "2023-11-28", "2023-11-20"});
  CHECK_FALSE(view.graph[ClaimWith(view, "would not send lethal")].expanded);

  GraphOptions to_27;
  to_27.to = ParseDateBound("2023-11-27", "to").value();
  view = Load(store.get(), LeeId(), to_27);
  CHECK(Expanded(view, NodeKind::kClaim) == 1);
  CHECK(OfKind(view, NodeKind::kClaim).size() == 1);
  CHECK(OfKind(view, NodeKind::kDocument).size() == 1);

  GraphOptions budget;
  budget.max_claims = 2;
  view = Load(store.get(), LeeId(), budget);
  CHECK(view.truncated);
  CHECK(Expanded(view, NodeKind::kClaim) == 2);
  for (Vertex c : OfKind(view, NodeKind::kClaim)) {
    if (view.graph[c].expanded) CHECK(view.graph[c].date == "2023-12-05");
  }

  GraphOptions backwards;
  backwards.from = ParseDateBound("2023-12-01", "from").value();
  backwards.to = ParseDateBound("2023-11-01", "to").value();
  CHECK(LoadEntityGraph(store->db(), LeeId(), backwards)
            .status()
            .IsInvalidArgument());
  CHECK(ParseDateBound("2023-02-30", "--from").status().IsInvalidArgument());
  CHECK_THAT(ParseDateBound("soon", "--from").status().message(),
             Catch::Contains("--from"));
}

TEST_CASE("graph view: mentions, affiliations and depth", "[store]") {
  TempDir dir;
  auto store = BuildLeeDatabase(dir.File("db"));

  // South Korea holds no claim; it is only mentioned.
  GraphView view = Load(store.get(), kSouthKorea, GraphOptions{});
  CHECK(boost::num_vertices(view.graph) == 1);
  GraphOptions mentions;
  mentions.mentions = true;
  view = Load(store.get(), kSouthKorea, mentions);
  CHECK(Expanded(view, NodeKind::kClaim) == 4);  // Lee's three, Stoltenberg's
  CHECK(view.Find({NodeKind::kEntity, kStoltenberg}));
  CHECK(view.Find({NodeKind::kEntity, LeeId()}));

  // Stoltenberg speaks for NATO: one AFFILIATED edge, dated, with its
  // document. His claim mentions Seoul, that is South Korea; at depth 2
  // South Korea's claims bring in Lee.
  GraphOptions depth_1;
  depth_1.mentions = true;
  view = Load(store.get(), kStoltenberg, depth_1);
  const std::vector<Vertex> nato =
      Targets(view, view.root, EdgeType::kAffiliated);
  REQUIRE(nato.size() == 1);
  CHECK(view.graph[nato[0]].label == "NATO");
  GraphEdge affiliated = boost::edge(view.root, nato[0], view.graph).first;
  CHECK(view.graph[affiliated].date == "2023-11-20");
  CHECK(view.graph[affiliated].count == 1);
  CHECK(view.graph[affiliated].qualifier == DocNum("lee-nov-20"));
  CHECK(view.Find({NodeKind::kEntity, kSouthKorea}));
  CHECK_FALSE(view.Find({NodeKind::kEntity, LeeId()}));

  GraphOptions depth_2 = depth_1;
  depth_2.depth = 2;
  view = Load(store.get(), kStoltenberg, depth_2);
  CHECK(view.Find({NodeKind::kEntity, LeeId()}));
  CHECK(view.graph[*view.Find({NodeKind::kEntity, kSouthKorea})].expanded);
  // The AFFILIATED edge is seen from both ends (NATO is expanded too) but
  // added and counted once.
  const std::vector<Vertex> nato_2 =
      Targets(view, view.root, EdgeType::kAffiliated);
  REQUIRE(nato_2.size() == 1);
  CHECK(view.graph[nato_2[0]].expanded);
  affiliated = boost::edge(view.root, nato_2[0], view.graph).first;
  CHECK(view.graph[affiliated].count == 1);
}

TEST_CASE("graph view: errors", "[store]") {
  TempDir dir;
  auto store = BuildLeeDatabase(dir.File("db"));
  CHECK(LoadEntityGraph(store->db(), 12345, GraphOptions{})
            .status()
            .IsNotFound());
  GraphOptions zero;
  zero.depth = 0;
  CHECK(
      LoadEntityGraph(store->db(), LeeId(), zero).status().IsInvalidArgument());
}

TEST_CASE("graph view: edges to missing or mistyped records are Corruption",
          "[store]") {
  TempDir dir;
  auto store = BuildLeeDatabase(dir.File("db"));
  const GraphView view = Load(store.get(), LeeId(), GraphOptions{});
  const Node claim{NodeKind::kClaim,
                   view.graph[ClaimWith(view, "keep its ban")].id};
  auto put_edge = [&](const EdgeKey& edge) {
    rocksdb::WriteBatch batch;
    batch.Put(store->db()->cf(Cf::kEdges), edge.Encode(), "");
    REQUIRE(store->db()->Write(&batch).ok());
  };

  SECTION("a mentioned entity that is not stored") {
    put_edge(EdgeKey{false, claim, EdgeType::kMentions,
                     Node{NodeKind::kEntity, 42}, std::nullopt});
    const Status s =
        LoadEntityGraph(store->db(), LeeId(), GraphOptions{}).status();
    CHECK(s.IsCorruption());
    CHECK_THAT(s.message(), Catch::Contains("entity 000000000000002a"));
  }
  SECTION("an IN edge to an entity") {
    put_edge(EdgeKey{false, claim, EdgeType::kIn,
                     Node{NodeKind::kEntity, kSouthKorea}, std::nullopt});
    const Status s =
        LoadEntityGraph(store->db(), LeeId(), GraphOptions{}).status();
    CHECK(s.IsCorruption());
    CHECK_THAT(s.message(), Catch::Contains("IN edge leads to entity"));
  }
}

}  // namespace
}  // namespace claimtrack::store
