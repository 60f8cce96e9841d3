// GraphML and DOT output of a GraphView (declared in store/graph_view.h).
//
// Labels come from untrusted article text, so neither writer relies on
// Boost's escaping alone:
//  * GraphML: boost::write_graphml turns < > & " ' into entities, but
//    passes control characters and ill-formed UTF-8 through, which no XML
//    parser accepts; CleanLabel() removes those first.
//  * DOT: boost::escape_dot_string (used by Boost's own label writers)
//    escapes only '"', so a label ending in a backslash ends the string
//    early, and a label that happens to be a bare word such as "graph" or
//    "node" is emitted unquoted, as a keyword. The writers here quote every
//    value themselves and escape backslashes too.
#include <boost/graph/graphml.hpp>
#include <boost/graph/graphviz.hpp>
#include <boost/property_map/function_property_map.hpp>
#include <cstdio>
#include <exception>
#include <string>

#include "common/utf8.h"
#include "store/graph_view.h"

namespace claimtrack::store {

namespace {

constexpr char kReplacement[] = "\uFFFD";

// A vertex's id as exports show it: a claim's own id, not its number.
std::string ShownId(const VertexProps& p) {
  return HexId(p.kind == NodeKind::kClaim && p.claim_id != 0 ? p.claim_id
                                                             : p.id);
}

// A DOT double-quoted string: "\" and "\\" are its only escapes.
std::string DotQuoted(std::string_view value) {
  std::string out = "\"";
  for (char c : CleanLabel(value)) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string EntityKindOf(const VertexProps& p) {
  return p.kind == NodeKind::kEntity ? SpeakerKindName(p.entity_kind) : "";
}

std::string ClaimTypeOf(const VertexProps& p) {
  return p.kind == NodeKind::kClaim ? ClaimTypeName(p.claim_type) : "";
}

const char* ShapeOf(NodeKind kind) {
  switch (kind) {
    case NodeKind::kDocument:
      return "note";
    case NodeKind::kClaim:
      return "box";
    case NodeKind::kEntity:
      return "ellipse";
  }
  return "ellipse";
}

class DotVertexWriter {
 public:
  explicit DotVertexWriter(const Graph& g) : g_(g) {}
  void operator()(std::ostream& out, Vertex v) const {
    const VertexProps& p = g_[v];
    std::string label = p.label;
    if (!p.date.empty()) label += " (" + p.date + ")";
    out << "[label=" << DotQuoted(label) << ", shape=" << ShapeOf(p.kind)
        << ", kind=" << DotQuoted(NodeKindName(p.kind))
        << ", id=" << DotQuoted(NodeKindName(p.kind) + (":" + ShownId(p)));
    if (p.kind == NodeKind::kEntity) {
      out << ", entity_kind=" << DotQuoted(EntityKindOf(p));
    }
    if (p.kind == NodeKind::kClaim) {
      out << ", claim_type=" << DotQuoted(ClaimTypeOf(p));
    }
    out << "]";
  }

 private:
  const Graph& g_;
};

class DotEdgeWriter {
 public:
  explicit DotEdgeWriter(const Graph& g) : g_(g) {}
  void operator()(std::ostream& out, GraphEdge e) const {
    const EdgeProps& p = g_[e];
    std::string label = EdgeTypeName(p.type);
    if (p.type == EdgeType::kEarlier) {
      char similarity[16];
      std::snprintf(similarity, sizeof similarity, " %.3f", p.similarity);
      label += similarity;
    }
    if (p.type == EdgeType::kAffiliated && p.count > 1) {
      label += " x" + std::to_string(p.count);
    }
    out << "[label=" << DotQuoted(label);
    if (p.qualifier != 0)
      out << ", qualifier=" << DotQuoted(HexId(p.qualifier));
    if (!p.date.empty()) out << ", date=" << DotQuoted(p.date);
    out << "]";
  }

 private:
  const Graph& g_;
};

struct DotGraphWriter {
  void operator()(std::ostream& out) const { out << "rankdir=LR;\n"; }
};

}  // namespace

std::string CleanLabel(std::string_view label) {
  std::string out;
  out.reserve(label.size());
  bool space = false;  // a space is owed before the next character
  auto append = [&](std::string_view piece) {
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.append(piece);
  };
  size_t i = 0;
  while (i < label.size()) {
    const unsigned char c = static_cast<unsigned char>(label[i]);
    const size_t n = utf8::SequenceLength(label, i);
    if (n == 0) {
      append(kReplacement);
      ++i;
      continue;
    }
    const std::string_view seq = label.substr(i, n);
    i += n;
    if (n == 1 && (c <= 0x20 || c == 0x7F)) {
      space = true;
    } else if (n == 2 && c == 0xC2 &&
               static_cast<unsigned char>(seq[1]) < 0xA0) {
      space = true;  // C1 controls, U+0080..U+009F
    } else if (seq == "\uFFFE" || seq == "\uFFFF") {
      append(kReplacement);
    } else {
      append(seq);
    }
  }
  return out;
}

Status WriteGraphml(const GraphView& view, std::ostream& out) {
  const Graph& g = view.graph;
  auto vertex_map = [&g](auto fn) {
    return boost::make_function_property_map<Vertex>(
        [&g, fn](Vertex v) { return fn(g[v]); });
  };
  auto edge_map = [&g](auto fn) {
    return boost::make_function_property_map<GraphEdge>(
        [&g, fn](GraphEdge e) { return fn(g[e]); });
  };
  boost::dynamic_properties dp;
  dp.property("kind", vertex_map([](const VertexProps& p) {
                return std::string(NodeKindName(p.kind));
              }));
  dp.property("id",
              vertex_map([](const VertexProps& p) { return ShownId(p); }));
  dp.property("label", vertex_map([](const VertexProps& p) {
                return CleanLabel(p.label);
              }));
  dp.property("entity_kind", vertex_map(EntityKindOf));
  dp.property("claim_type", vertex_map(ClaimTypeOf));
  dp.property("date", vertex_map([](const VertexProps& p) {
                return CleanLabel(p.date);
              }));
  dp.property("type", edge_map([](const EdgeProps& p) {
                return std::string(EdgeTypeName(p.type));
              }));
  dp.property("qualifier", edge_map([](const EdgeProps& p) {
                return p.qualifier == 0 ? std::string() : HexId(p.qualifier);
              }));
  dp.property("similarity",
              edge_map([](const EdgeProps& p) { return p.similarity; }));
  dp.property("date",
              edge_map([](const EdgeProps& p) { return CleanLabel(p.date); }));
  dp.property("count", edge_map([](const EdgeProps& p) { return p.count; }));
  try {
    boost::write_graphml(out, g, dp, /*ordered_vertices=*/true);
  } catch (const std::exception& e) {
    return Status::IOError(std::string("writing GraphML: ") + e.what());
  }
  if (!out) return Status::IOError("writing GraphML: the stream failed");
  return Status::Ok();
}

Status WriteDot(const GraphView& view, std::ostream& out) {
  const Graph& g = view.graph;
  try {
    boost::write_graphviz(out, g, DotVertexWriter(g), DotEdgeWriter(g),
                          DotGraphWriter());
  } catch (const std::exception& e) {
    return Status::IOError(std::string("writing DOT: ") + e.what());
  }
  if (!out) return Status::IOError("writing DOT: the stream failed");
  return Status::Ok();
}

}  // namespace claimtrack::store
