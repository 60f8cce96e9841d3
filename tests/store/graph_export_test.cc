// WriteGraphml and WriteDot on labels an article could contain: quotes,
// markup, backslashes, DOT keywords, control characters, ill-formed UTF-8.
// Each output is checked by a small well-formedness scan and read back with
// Boost's own GraphML and Graphviz parsers.
#include <boost/graph/graphml.hpp>
#include <boost/graph/graphviz.hpp>
#include <boost/range/iterator_range.hpp>
#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "common/utf8.h"
#include "store/graph_view.h"
#include "store/lee_articles.h"
#include "temp_dir.h"

namespace claimtrack::store {
namespace {

using Catch::Matchers::Contains;

const std::vector<std::string>& HostileLabels() {
  static const std::vector<std::string> labels = {
      "He said \"no\" & <b>left</b>",
      "back\\slash at end\\",
      "graph",
      "node",
      "Edge",
      "-12.5",
      "a;b{c}[d]=e -> f",
      "line\nbreak\ttab\rreturn",
      std::string("nul\0byte", 8),
      "bad \xC0\xAF bytes \xFF end",
      "non-character \xEF\xBF\xBE here",
      "C1 \xC2\x85 control",
      "]]> <!-- -- --> <?pi?> &amp; &#0; &bogus",
      "   ",
      "",
      "S\xC3\xA9oul \xEC\x84\x9C\xEC\x9A\xB8 \xE2\x80\x9Cquoted\xE2\x80\x9D",
      "'apostrophes' and \\\"escaped\\\"",
  };
  return labels;
}

// Vertices labelled with HostileLabels(), alternately entities and claims,
// each joined to the next by an EARLIER edge.
GraphView HostileView() {
  GraphView view;
  Vertex previous = 0;
  for (size_t i = 0; i < HostileLabels().size(); ++i) {
    VertexProps p;
    p.kind = i % 2 ? NodeKind::kClaim : NodeKind::kEntity;
    p.id = 0xfedcba9876543210ULL + i;
    p.label = HostileLabels()[i];
    const Vertex v = boost::add_vertex(p, view.graph);
    if (i > 0) {
      EdgeProps e;
      e.type = EdgeType::kEarlier;
      e.qualifier = 0xabc;
      e.similarity = 0.5;
      e.date = "2023-11-28";
      boost::add_edge(v, previous, e, view.graph);
    }
    previous = v;
  }
  return view;
}

// Enough of XML 1.0 to catch broken escaping: tags nest and close, every
// '&' starts a reference, no '<' inside a tag, no control characters,
// valid UTF-8. Returns "" or what is wrong.
std::string XmlProblem(std::string_view xml) {
  if (!utf8::IsValid(xml)) return "invalid UTF-8";
  std::vector<std::string> open;
  size_t i = 0;
  while (i < xml.size()) {
    const unsigned char c = static_cast<unsigned char>(xml[i]);
    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
      return "control character at " + std::to_string(i);
    }
    if (c == '&') {
      const size_t semi = xml.find(';', i);
      const std::string_view ref = xml.substr(i, semi - i + 1);
      const bool numeric =
          ref.size() > 3 && ref[1] == '#' &&
          ref.find_first_not_of("0123456789", 2) == ref.size() - 1;
      if (semi == std::string_view::npos ||
          (ref != "&lt;" && ref != "&gt;" && ref != "&amp;" &&
           ref != "&quot;" && ref != "&apos;" && !numeric)) {
        return "bad reference at " + std::to_string(i);
      }
      i = semi + 1;
      continue;
    }
    if (c != '<') {
      ++i;
      continue;
    }
    const size_t end = xml.find('>', i);
    if (end == std::string_view::npos) return "unclosed tag";
    const std::string_view tag = xml.substr(i + 1, end - i - 1);
    if (tag.find('<') != std::string_view::npos) return "'<' inside a tag";
    if (tag.front() == '/') {
      if (open.empty() || open.back() != tag.substr(1)) {
        return "unbalanced </" + std::string(tag.substr(1)) + ">";
      }
      open.pop_back();
    } else if (tag.front() != '?' && tag.back() != '/') {
      open.emplace_back(tag.substr(0, tag.find(' ')));
    }
    i = end + 1;
  }
  return open.empty() ? "" : "unclosed <" + open.back() + ">";
}

struct ReadVertex {
  std::string kind, id, label, entity_kind, claim_type, date;
};
struct ReadEdge {
  std::string type, qualifier, date;
  double similarity = 0;
  int count = 0;
};
using ReadGraph = boost::adjacency_list<boost::vecS, boost::vecS,
                                        boost::directedS, ReadVertex, ReadEdge>;

ReadGraph ParseGraphml(const std::string& xml) {
  ReadGraph g;
  boost::dynamic_properties dp;
  dp.property("kind", boost::get(&ReadVertex::kind, g));
  dp.property("id", boost::get(&ReadVertex::id, g));
  dp.property("label", boost::get(&ReadVertex::label, g));
  dp.property("entity_kind", boost::get(&ReadVertex::entity_kind, g));
  dp.property("claim_type", boost::get(&ReadVertex::claim_type, g));
  dp.property("date", boost::get(&ReadVertex::date, g));
  dp.property("type", boost::get(&ReadEdge::type, g));
  dp.property("qualifier", boost::get(&ReadEdge::qualifier, g));
  dp.property("date", boost::get(&ReadEdge::date, g));
  dp.property("similarity", boost::get(&ReadEdge::similarity, g));
  dp.property("count", boost::get(&ReadEdge::count, g));
  std::istringstream in(xml);
  REQUIRE_NOTHROW(boost::read_graphml(in, g, dp));
  return g;
}

struct DotVertex {
  std::string node_id, label, kind, id;
};
struct DotEdge {
  std::string label;
};
using DotGraph = boost::adjacency_list<boost::vecS, boost::vecS,
                                       boost::directedS, DotVertex, DotEdge>;

DotGraph ParseDot(const std::string& dot) {
  DotGraph g;
  boost::dynamic_properties dp(boost::ignore_other_properties);
  dp.property("node_id", boost::get(&DotVertex::node_id, g));
  dp.property("label", boost::get(&DotVertex::label, g));
  dp.property("kind", boost::get(&DotVertex::kind, g));
  dp.property("id", boost::get(&DotVertex::id, g));
  dp.property("label", boost::get(&DotEdge::label, g));
  bool parsed = false;
  REQUIRE_NOTHROW(parsed = boost::read_graphviz(dot, g, dp, "node_id"));
  REQUIRE(parsed);
  return g;
}

// What a DOT reader holds for a label: its text with the backslashes
// doubled (in DOT only \" is an escape; "\\" is read as written).
std::string DotRead(const std::string& label) {
  std::string out;
  for (char c : CleanLabel(label)) {
    if (c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

TEST_CASE("CleanLabel: valid UTF-8 without control characters", "[store]") {
  CHECK(CleanLabel("Lee Jong-sup") == "Lee Jong-sup");
  CHECK(CleanLabel("a\nb\tc\rd\x7F"
                   "e") == "a b c d e");
  CHECK(CleanLabel(std::string("a\0b", 3)) == "a b");
  CHECK(CleanLabel("x\xC0\xAFy") == "x\uFFFD\uFFFDy");
  CHECK(CleanLabel("cut \xE2\x80") == "cut \uFFFD\uFFFD");
  CHECK(CleanLabel("\xEF\xBF\xBF") == "\uFFFD");
  CHECK(CleanLabel("\xC2\x9F|\xC2\xA0") == "|\u00A0");
  CHECK(CleanLabel("  a \n\n b  ") == "a b");
  CHECK(CleanLabel("   ").empty());
  CHECK(CleanLabel("“quoted” 서울") == "“quoted” 서울");
  for (const std::string& label : HostileLabels()) {
    CHECK(utf8::IsValid(CleanLabel(label)));
  }
}

TEST_CASE("GraphML: hostile labels are escaped and read back", "[store]") {
  const GraphView view = HostileView();
  std::ostringstream out;
  REQUIRE(WriteGraphml(view, out).ok());
  const std::string xml = out.str();
  CHECK_THAT(xml, Contains("<graphml"));
  CHECK(XmlProblem(xml) == "");
  CHECK_THAT(xml,
             Contains("He said &quot;no&quot; &amp; &lt;b&gt;left&lt;/b&gt;"));
  CHECK_THAT(xml, !Contains("<b>"));
  CHECK_THAT(xml, !Contains("<!--"));
  CHECK_THAT(xml, Contains("&amp;amp;"));

  const ReadGraph g = ParseGraphml(xml);
  REQUIRE(boost::num_vertices(g) == HostileLabels().size());
  CHECK(boost::num_edges(g) == HostileLabels().size() - 1);
  for (size_t i = 0; i < HostileLabels().size(); ++i) {
    INFO("label " << i);
    CHECK(g[i].label == CleanLabel(HostileLabels()[i]));
    CHECK(g[i].kind == (i % 2 ? "claim" : "entity"));
    CHECK(g[i].id == HexId(0xfedcba9876543210ULL + i));
  }
  for (auto e : boost::make_iterator_range(boost::edges(g))) {
    CHECK(g[e].type == "EARLIER");
    CHECK(g[e].qualifier == "0000000000000abc");
    CHECK(g[e].similarity == 0.5);
    CHECK(g[e].date == "2023-11-28");
    CHECK(g[e].count == 1);
  }
}

TEST_CASE("DOT: hostile labels are quoted and read back", "[store]") {
  const GraphView view = HostileView();
  std::ostringstream out;
  REQUIRE(WriteDot(view, out).ok());
  const std::string dot = out.str();
  CHECK(dot.rfind("digraph G {", 0) == 0);
  CHECK(utf8::IsValid(dot));
  CHECK_THAT(dot, Contains(R"(label="He said \"no\" & <b>left</b>")"));
  CHECK_THAT(dot, Contains(R"(label="back\\slash at end\\")"));
  CHECK_THAT(dot, Contains(R"(label="graph")"));
  CHECK_THAT(dot, Contains(R"(label="line break tab return")"));
  CHECK_THAT(dot, Contains(R"(label="'apostrophes' and \\\"escaped\\\"")"));
  CHECK_THAT(dot, Contains(R"(label="EARLIER 0.500")"));

  const DotGraph g = ParseDot(dot);
  REQUIRE(boost::num_vertices(g) == HostileLabels().size());
  CHECK(boost::num_edges(g) == HostileLabels().size() - 1);
  for (size_t i = 0; i < HostileLabels().size(); ++i) {
    INFO("label " << i);
    const size_t v = std::stoul(g[i].node_id);
    CHECK(g[i].label == DotRead(HostileLabels()[v]));
    CHECK(g[i].kind == (v % 2 ? "claim" : "entity"));
  }
}

TEST_CASE("GraphML and DOT of a loaded view", "[store]") {
  testing::TempDir dir;
  auto store = testing::BuildLeeDatabase(dir.File("db"));
  Result<GraphView> view =
      LoadEntityGraph(store->db(), testing::LeeId(), GraphOptions{});
  REQUIRE(view.ok());

  std::ostringstream xml;
  REQUIRE(WriteGraphml(*view, xml).ok());
  CHECK(XmlProblem(xml.str()) == "");
  const ReadGraph g = ParseGraphml(xml.str());
  CHECK(boost::num_vertices(g) == boost::num_vertices(view->graph));
  CHECK(boost::num_edges(g) == boost::num_edges(view->graph));
  CHECK(g[view->root].label == "Lee Jong-sup");
  CHECK(g[view->root].entity_kind == "person");
  CHECK(g[view->root].id == HexId(testing::LeeId()));
  std::vector<std::string> types;
  for (auto e : boost::make_iterator_range(boost::edges(g))) {
    types.push_back(g[e].type);
  }
  for (const char* type : {"SAID", "MENTIONS", "IN", "EARLIER", "REPEATS"}) {
    CHECK(std::count(types.begin(), types.end(), type) > 0);
  }

  std::ostringstream dot;
  REQUIRE(WriteDot(*view, dot).ok());
  const DotGraph d = ParseDot(dot.str());
  CHECK(boost::num_vertices(d) == boost::num_vertices(view->graph));
  CHECK(boost::num_edges(d) == boost::num_edges(view->graph));
  CHECK_THAT(dot.str(), Contains("(2023-12-05)"));
}

TEST_CASE("graph writers report a failed stream", "[store]") {
  const GraphView view = HostileView();
  std::ostringstream out;
  out.setstate(std::ios::badbit);
  CHECK(WriteGraphml(view, out).IsIOError());
  CHECK(WriteDot(view, out).IsIOError());
}

}  // namespace
}  // namespace claimtrack::store
