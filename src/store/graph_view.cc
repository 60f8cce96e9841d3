// Loading a GraphView: a breadth-first walk over entities, level by level.
// Each entity expanded contributes its AFFILIATED edges (both copies of the
// edge family are keyed by their own end, so one prefix scan each way) and
// its claims from the holder index (61; with `mentions`, the mention index
// 62 too), a range scan bounded by the date options; each claim expanded
// contributes its speaker (the incoming SAID edges) and its outgoing
// edges. Records are read by key (Db::Get) only for the vertices that end
// up in the view.
#include "store/graph_view.h"

#include <boost/range/iterator_range.hpp>
#include <deque>
#include <set>
#include <utility>

#include "common/utf8.h"
#include "store/records.h"

namespace claimtrack::store {

namespace {

constexpr size_t kSnippetCodePoints = 80;

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

std::string IsoDate(When when) {
  return when.undated() ? std::string() : IsoDateFromDay(when.day);
}

// The claim's content as one line: spans joined by a space, cleaned
// (white space collapsed), cut to kSnippetCodePoints with an ellipsis.
std::string Snippet(const ClaimRecord& record, std::string_view text) {
  std::string joined;
  for (const Span& span : record.claim.content) {
    if (span.end > text.size()) continue;
    joined.append(span.In(text));
    joined.push_back(' ');
  }
  std::string line = CleanLabel(joined);
  const size_t cut = utf8::PrefixBytes(line, kSnippetCodePoints);
  if (cut < line.size()) {
    line.resize(cut);
    line += "\u2026";
  }
  return line;
}

// The target of the claim's EARLIER edge in `holder`'s chain, if loaded.
std::optional<Vertex> EarlierTarget(const Graph& g, Vertex from,
                                    uint64_t holder) {
  for (const GraphEdge& e :
       boost::make_iterator_range(boost::out_edges(from, g))) {
    if (g[e].type == EdgeType::kEarlier && g[e].qualifier == holder) {
      return boost::target(e, g);
    }
  }
  return std::nullopt;
}

struct IndexedClaim {
  When when;
  uint64_t claim = 0;
};

class Loader {
 public:
  Loader(Db* db, const GraphOptions& options, GraphView* view)
      : db_(db), options_(options), view_(view), g_(view->graph) {}

  Status Run(uint64_t entity_id);
  // The claim, then its EARLIER target for `holder`, that one's, and so
  // on, each expanded; at most `max_claims` of them (0: no limit).
  Status RunChain(uint64_t claim_id, uint64_t holder, size_t max_claims);

 private:
  Status Missing(Node node) const {
    return Status::Corruption(std::string("an edge or index entry points at ") +
                              NodeKindName(node.kind) + " " + HexId(node.id) +
                              ", which is not stored");
  }
  bool InRange(When when) const;
  Vertex Add(Node node, VertexProps props);

  Result<Vertex> EntityVertex(uint64_t id);
  Result<Vertex> ClaimVertex(uint64_t id);
  Result<Vertex> DocumentVertex(uint64_t doc_num);
  // The text of a document, read once (claims store spans, not text).
  Result<std::string_view> DocumentText(uint64_t doc_num);
  // Adds an edge unless the same stored edge was added already.
  void AddEdge(const EdgeKey& key, Vertex from, Vertex to, EdgeProps props);

  Status ExpandEntity(uint64_t id);
  Status LoadAffiliations(uint64_t id, bool incoming);
  Status SelectClaims(Prefix prefix, uint64_t id,
                      std::deque<IndexedClaim>* selected);
  Status ExpandClaim(uint64_t id);
  Result<Vertex> ClaimNeighbour(const EdgeKey& key);

  Db* db_;
  const GraphOptions& options_;
  GraphView* view_;
  Graph& g_;
  std::vector<uint64_t> reached_;  // entities added since the last level
  std::set<std::string> edges_;    // outgoing keys of the edges added
  struct ClaimLinks {
    uint64_t speaker = 0, doc_num = 0;
    std::vector<uint64_t> mentions;  // distinct, in text order
  };
  std::map<uint64_t, ClaimLinks> links_of_;   // claim -> its record's links
  std::map<uint64_t, std::string> doc_text_;  // doc_num -> its text
  std::map<std::pair<Vertex, Vertex>, GraphEdge> affiliated_;
  size_t claims_loaded_ = 0;
};

bool Loader::InRange(When when) const {
  if (!options_.from && !options_.to) return true;
  if (when.undated()) return false;
  if (options_.from && when.day < options_.from->day) return false;
  if (options_.to && when.day > options_.to->day) return false;
  return true;
}

Vertex Loader::Add(Node node, VertexProps props) {
  props.kind = node.kind;
  props.id = node.id;
  const Vertex v = boost::add_vertex(std::move(props), g_);
  view_->vertices.emplace(node, v);
  return v;
}

Result<Vertex> Loader::EntityVertex(uint64_t id) {
  const Node node{NodeKind::kEntity, id};
  if (std::optional<Vertex> v = view_->Find(node)) return *v;
  std::string bytes;
  Status s = db_->Get(Cf::kEntities, EntityKey{id}.Encode(), &bytes);
  if (s.IsNotFound()) return Missing(node);
  RETURN_IF_ERROR(s);
  EntityRecord record;
  RETURN_IF_ERROR(DecodeEntity(bytes, &record).WithContext(HexId(id)));
  VertexProps props;
  props.label = CleanLabel(record.display_name);
  props.entity_kind = record.kind;
  reached_.push_back(id);
  return Add(node, std::move(props));
}

Result<Vertex> Loader::ClaimVertex(uint64_t id) {
  const Node node{NodeKind::kClaim, id};
  if (std::optional<Vertex> v = view_->Find(node)) return *v;
  std::string bytes;
  Status s = db_->Get(Cf::kClaims, ClaimKey{id}.Encode(), &bytes);
  if (s.IsNotFound()) return Missing(node);
  RETURN_IF_ERROR(s);
  ClaimRecord record;
  RETURN_IF_ERROR(DecodeClaim(id, bytes, &record).WithContext(HexId(id)));
  ASSIGN_OR_RETURN(std::string_view text, DocumentText(record.doc_num));
  ClaimLinks& links = links_of_[id];
  links.speaker = record.speaker_entity;
  links.doc_num = record.doc_num;
  for (uint64_t e : record.mention_entities) {
    if (e != 0 && std::find(links.mentions.begin(), links.mentions.end(), e) ==
                      links.mentions.end()) {
      links.mentions.push_back(e);
    }
  }
  VertexProps props;
  ParseHexId(record.claim.id, &props.claim_id);
  props.label = Snippet(record, text);
  props.claim_type = record.claim.type;
  props.date = IsoDate(record.when);
  return Add(node, std::move(props));
}

Result<std::string_view> Loader::DocumentText(uint64_t doc_num) {
  auto it = doc_text_.find(doc_num);
  if (it != doc_text_.end()) return std::string_view(it->second);
  std::string bytes;
  Status s = db_->Get(Cf::kDocs, DocumentKey{doc_num}.Encode(), &bytes);
  if (s.IsNotFound()) return Missing(Node{NodeKind::kDocument, doc_num});
  RETURN_IF_ERROR(s);
  DocumentRecord record;
  RETURN_IF_ERROR(DecodeDocument(bytes, &record).WithContext(HexId(doc_num)));
  return std::string_view(
      doc_text_.emplace(doc_num, std::move(record.doc.text)).first->second);
}

Result<Vertex> Loader::DocumentVertex(uint64_t doc_num) {
  const Node node{NodeKind::kDocument, doc_num};
  if (std::optional<Vertex> v = view_->Find(node)) return *v;
  std::string bytes;
  Status s = db_->Get(Cf::kDocs, DocumentKey{doc_num}.Encode(), &bytes);
  if (s.IsNotFound()) return Missing(node);
  RETURN_IF_ERROR(s);
  DocumentRecord record;
  RETURN_IF_ERROR(DecodeDocument(bytes, &record).WithContext(HexId(doc_num)));
  VertexProps props;
  props.label = CleanLabel(record.doc.id);
  props.date = record.doc.date;
  return Add(node, std::move(props));
}

void Loader::AddEdge(const EdgeKey& key, Vertex from, Vertex to,
                     EdgeProps props) {
  EdgeKey out = key;
  out.incoming = false;
  if (!edges_.insert(out.Encode()).second) return;
  props.type = key.type;
  props.qualifier = key.qualifier.value_or(0);
  boost::add_edge(from, to, std::move(props), g_);
}

Status Loader::LoadAffiliations(uint64_t id, bool incoming) {
  const Node self{NodeKind::kEntity, id};
  std::vector<std::pair<EdgeKey, EdgeValue>> found;
  Status decode;
  RETURN_IF_ERROR(db_->Scan(
      Cf::kEdges, EdgeKey::ScanPrefix(incoming, self, EdgeType::kAffiliated),
      [&](std::string_view key, std::string_view value) {
        Result<EdgeKey> k = EdgeKey::Decode(key);
        EdgeValue v;
        decode = k.ok() ? DecodeEdgeValue(EdgeType::kAffiliated, value, &v)
                        : k.status();
        if (!decode.ok()) return false;
        if (InRange(v.when)) found.emplace_back(*k, v);
        return true;
      }));
  RETURN_IF_ERROR(decode);
  // One graph edge per pair of entities, counting the documents.
  std::set<uint64_t> neighbours;
  for (const auto& [key, value] : found) {
    const Node other = incoming ? key.from : key.to;
    if (other.kind != NodeKind::kEntity) {
      return Status::Corruption("AFFILIATED edge of entity " + HexId(id) +
                                " to a " + NodeKindName(other.kind));
    }
    if (!neighbours.count(other.id)) {
      if (options_.max_affiliated != 0 &&
          neighbours.size() >= options_.max_affiliated) {
        view_->truncated = true;
        break;
      }
      neighbours.insert(other.id);
    }
    EdgeKey out = key;
    out.incoming = false;
    if (!edges_.insert(out.Encode()).second) continue;  // seen from its end
    ASSIGN_OR_RETURN(const Vertex from, EntityVertex(key.from.id));
    ASSIGN_OR_RETURN(const Vertex to, EntityVertex(key.to.id));
    auto [pair, added] = affiliated_.try_emplace({from, to});
    if (added) {
      EdgeProps props;
      props.type = EdgeType::kAffiliated;
      props.count = 0;
      pair->second = boost::add_edge(from, to, std::move(props), g_).first;
    }
    EdgeProps& props = g_[pair->second];
    const std::string date = IsoDate(value.when);
    if (++props.count == 1 || date > props.date) {
      props.date = date;
      props.qualifier = key.qualifier.value_or(0);
    }
  }
  return Status::Ok();
}

// The entity's claims in the date range from the holder (61) or mention
// (62) index, in statement order, keeping the most recent ones the claim
// budget allows.
Status Loader::SelectClaims(Prefix index, uint64_t id,
                            std::deque<IndexedClaim>* selected) {
  const std::string prefix = EntityTimeKey::ScanPrefix(index, id);
  std::string start = prefix;
  if (options_.from) PutWhen(&start, When{options_.from->day, 0});
  const size_t budget = options_.max_claims == 0
                            ? SIZE_MAX
                            : options_.max_claims - claims_loaded_;
  std::unique_ptr<rocksdb::Iterator> it = db_->NewIterator(Cf::kIndex);
  for (it->Seek(start); it->Valid(); it->Next()) {
    const std::string_view key = it->key().ToStringView();
    if (!StartsWith(key, prefix)) break;
    ASSIGN_OR_RETURN(const EntityTimeKey k, EntityTimeKey::Decode(key));
    if (options_.to && (k.when.undated() || k.when.day > options_.to->day)) {
      break;
    }
    if (!InRange(k.when)) continue;
    if (budget == 0) {
      view_->truncated = true;
      break;
    }
    selected->push_back({k.when, k.claim_id});
    if (selected->size() > budget) {
      selected->pop_front();
      view_->truncated = true;
    }
  }
  return FromRocks(it->status(), "reading the claim index");
}

Status Loader::ExpandClaim(uint64_t id) {
  ASSIGN_OR_RETURN(const Vertex v, ClaimVertex(id));
  if (g_[v].expanded) return Status::Ok();
  g_[v].expanded = true;
  const Node self{NodeKind::kClaim, id};
  std::vector<std::pair<EdgeKey, std::string>> found;
  Status decode;
  auto collect = [&](std::string_view key, std::string_view value) {
    Result<EdgeKey> k = EdgeKey::Decode(key);
    if (!k.ok()) {
      decode = k.status();
      return false;
    }
    found.emplace_back(*k, std::string(value));
    return true;
  };
  // SAID, IN and MENTIONS come from the claim record (schema/keys.md:
  // they are index entries, not keys of the edges family).
  const ClaimLinks& links = links_of_[id];
  if (links.speaker != 0) {
    found.emplace_back(EdgeKey{false, Node{NodeKind::kEntity, links.speaker},
                               EdgeType::kSaid, self, std::nullopt},
                       std::string());
  }
  found.emplace_back(
      EdgeKey{false, self, EdgeType::kIn,
              Node{NodeKind::kDocument, links.doc_num}, std::nullopt},
      std::string());
  for (uint64_t e : links.mentions) {
    found.emplace_back(EdgeKey{false, self, EdgeType::kMentions,
                               Node{NodeKind::kEntity, e}, std::nullopt},
                       std::string());
  }
  RETURN_IF_ERROR(
      db_->Scan(Cf::kEdges, EdgeKey::ScanPrefix(false, self), collect));
  RETURN_IF_ERROR(decode);
  for (const auto& [key, bytes] : found) {
    EdgeValue value;
    RETURN_IF_ERROR(DecodeEdgeValue(key.type, bytes, &value));
    ASSIGN_OR_RETURN(const Vertex other, ClaimNeighbour(key));
    EdgeProps props;
    if (key.type == EdgeType::kEarlier) {
      props.similarity = value.similarity / 1000.0;
      props.date = IsoDate(value.when);
    }
    const bool into_self = key.type == EdgeType::kSaid;
    AddEdge(key, into_self ? other : v, into_self ? v : other,
            std::move(props));
  }
  return Status::Ok();
}

// The vertex at the other end of an edge of a claim: the speaker of an
// incoming SAID edge, or the target of an outgoing edge, checking that its
// kind is the one schema/keys.md gives the edge type.
Result<Vertex> Loader::ClaimNeighbour(const EdgeKey& key) {
  const Node other = key.type == EdgeType::kSaid ? key.from : key.to;
  switch (key.type) {
    case EdgeType::kSaid:
    case EdgeType::kMentions:
      if (other.kind == NodeKind::kEntity) return EntityVertex(other.id);
      break;
    case EdgeType::kIn:
      if (other.kind == NodeKind::kDocument) return DocumentVertex(other.id);
      break;
    case EdgeType::kEarlier:
    case EdgeType::kRepeats:
      if (other.kind == NodeKind::kClaim) return ClaimVertex(other.id);
      break;
    case EdgeType::kAffiliated:
      break;
  }
  return Status::Corruption(std::string("a claim's ") + EdgeTypeName(key.type) +
                            " edge leads to " + NodeKindName(other.kind) + " " +
                            HexId(other.id) +
                            ", which that edge type does not allow");
}

Status Loader::ExpandEntity(uint64_t id) {
  ASSIGN_OR_RETURN(const Vertex v, EntityVertex(id));
  if (g_[v].expanded) return Status::Ok();
  g_[v].expanded = true;
  RETURN_IF_ERROR(LoadAffiliations(id, /*incoming=*/false));
  RETURN_IF_ERROR(LoadAffiliations(id, /*incoming=*/true));
  for (Prefix index : {Prefix::kClaimsByHolder, Prefix::kClaimsByMention}) {
    if (index == Prefix::kClaimsByMention && !options_.mentions) break;
    std::deque<IndexedClaim> selected;
    RETURN_IF_ERROR(SelectClaims(index, id, &selected));
    for (const IndexedClaim& entry : selected) {
      ASSIGN_OR_RETURN(const Vertex claim, ClaimVertex(entry.claim));
      if (g_[claim].expanded) continue;  // held and mentioned, or seen
      ++claims_loaded_;
      RETURN_IF_ERROR(ExpandClaim(entry.claim));
    }
  }
  return Status::Ok();
}

Status Loader::Run(uint64_t entity_id) {
  if (options_.depth < 1) {
    return Status::InvalidArgument("graph depth must be at least 1");
  }
  if (options_.from && options_.to && options_.from->day > options_.to->day) {
    return Status::InvalidArgument("the date range ends before it starts");
  }
  std::string bytes;
  Status s = db_->Get(Cf::kEntities, EntityKey{entity_id}.Encode(), &bytes);
  if (s.IsNotFound()) {
    return Status::NotFound("no entity " + HexId(entity_id) + " in " +
                            db_->path());
  }
  RETURN_IF_ERROR(s);
  ASSIGN_OR_RETURN(view_->root, EntityVertex(entity_id));
  std::vector<uint64_t> frontier{entity_id};
  reached_.clear();
  for (int level = 0; level < options_.depth && !frontier.empty(); ++level) {
    for (uint64_t id : frontier) RETURN_IF_ERROR(ExpandEntity(id));
    frontier = std::move(reached_);
    reached_.clear();
  }
  return Status::Ok();
}

Status Loader::RunChain(uint64_t claim_id, uint64_t holder, size_t max_claims) {
  std::string bytes;
  Status s = db_->Get(Cf::kClaims, ClaimKey{claim_id}.Encode(), &bytes);
  if (s.IsNotFound()) {
    return Status::NotFound("no claim " + HexId(claim_id) + " in " +
                            db_->path());
  }
  RETURN_IF_ERROR(s);
  ASSIGN_OR_RETURN(view_->root, ClaimVertex(claim_id));
  std::optional<Vertex> at = view_->root;
  size_t loaded = 0;
  while (at && !g_[*at].expanded) {
    if (max_claims != 0 && loaded == max_claims) {
      view_->truncated = true;
      break;
    }
    ++loaded;
    RETURN_IF_ERROR(ExpandClaim(g_[*at].id));
    at = EarlierTarget(g_, *at, holder);
  }
  return Status::Ok();
}

}  // namespace

std::optional<Vertex> GraphView::Find(Node node) const {
  auto it = vertices.find(node);
  if (it == vertices.end()) return std::nullopt;
  return it->second;
}

Result<When> ParseDateBound(std::string_view iso, std::string_view what) {
  When when;
  if (!DayFromIsoDate(iso, &when.day)) {
    return Status::InvalidArgument(std::string(what) + ": \"" +
                                   std::string(iso) +
                                   "\" is not a date (YYYY-MM-DD)");
  }
  return when;
}

Result<GraphView> LoadEntityGraph(Db* db, uint64_t entity_id,
                                  const GraphOptions& options) {
  GraphView view;
  Loader loader(db, options, &view);
  RETURN_IF_ERROR(loader.Run(entity_id));
  return view;
}

Result<GraphView> LoadClaimChain(Db* db, uint64_t claim_id, uint64_t holder,
                                 size_t max_claims) {
  GraphView view;
  GraphOptions options;  // no date range
  Loader loader(db, options, &view);
  RETURN_IF_ERROR(loader.RunChain(claim_id, holder, max_claims));
  return view;
}

std::vector<uint64_t> EarlierChain(const GraphView& view, Vertex claim,
                                   uint64_t holder) {
  const Graph& g = view.graph;
  std::vector<uint64_t> chain;
  if (claim >= boost::num_vertices(g) || g[claim].kind != NodeKind::kClaim) {
    return chain;
  }
  std::set<Vertex> seen;  // a cycle means corrupt links: stop, do not loop
  std::optional<Vertex> at = claim;
  while (at && seen.insert(*at).second) {
    chain.push_back(g[*at].id);
    at = EarlierTarget(g, *at, holder);
  }
  return chain;
}

}  // namespace claimtrack::store
