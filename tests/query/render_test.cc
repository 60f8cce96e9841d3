// The renderers on hand-built timelines and audits: each format's shape,
// the escaping of untrusted article text in every format, and an HTML page
// that stays inert when a document carries markup and scripts.
#include "query/render.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "common/utf8.h"
#include "query/render_text.h"
#include "render_fixtures.h"

namespace claimtrack::query {
namespace {

using testing::SampleAudit;
using testing::SampleTimeline;

std::string Render(const Timeline& t, Format format) {
  std::ostringstream out;
  RenderOptions options{"US chips <timeline>",
                        "claimtrack report timeline --about \"a|b\""};
  REQUIRE(WriteTimeline(t, format, options, out).ok());
  return out.str();
}

std::string Render(const AuditReport& r, Format format) {
  std::ostringstream out;
  RenderOptions options{"Audit", "claimtrack report audit"};
  REQUIRE(WriteAudit(r, format, options, out).ok());
  return out.str();
}

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> lines;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

size_t Count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t at = s.find(what); at != std::string::npos;
       at = s.find(what, at + 1)) {
    ++n;
  }
  return n;
}

std::string Lower(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// RFC 4180 records: fields split on commas outside quotes, "" unquoted.
std::vector<std::vector<std::string>> ParseCsv(const std::string& csv) {
  std::vector<std::vector<std::string>> records(1, {""});
  bool quoted = false;
  for (size_t i = 0; i < csv.size(); ++i) {
    const char c = csv[i];
    if (quoted) {
      if (c == '"' && i + 1 < csv.size() && csv[i + 1] == '"') {
        records.back().back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        records.back().back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      records.back().push_back("");
    } else if (c == '\r' && i + 1 < csv.size() && csv[i + 1] == '\n') {
      ++i;
      records.push_back({""});
    } else {
      records.back().back() += c;
    }
  }
  if (records.back() == std::vector<std::string>{""}) records.pop_back();
  return records;
}

TEST_CASE("ParseFormat knows the five formats", "[query][render]") {
  CHECK(ParseFormat("table").value() == Format::kTable);
  CHECK(ParseFormat("jsonl").value() == Format::kJsonl);
  CHECK(ParseFormat("csv").value() == Format::kCsv);
  CHECK(ParseFormat("md").value() == Format::kMarkdown);
  CHECK(ParseFormat("html").value() == Format::kHtml);
  const auto bad = ParseFormat("xml");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().IsInvalidArgument());
  CHECK(bad.status().message().find("jsonl") != std::string::npos);
}

TEST_CASE("Text helpers cut by code points and refuse unsafe URLs",
          "[query][render]") {
  using namespace render;
  CHECK(Truncate("h\xC3\xA9llo w\xC3\xB6rld", 5) == "h\xC3\xA9ll\xE2\x80\xA6");
  CHECK(Fit("\xC3\xA9", 3) == "\xC3\xA9  ");
  CHECK(Clean("a\x1b[31mb\n\xFF") == "a [31mb \xEF\xBF\xBD");
  CHECK(HtmlEscape("<a href='x'>&\"") ==
        "&lt;a href=&#39;x&#39;&gt;&amp;&quot;");
  CHECK_FALSE(SafeHttpUrl("javascript:alert(1)"));
  CHECK_FALSE(SafeHttpUrl("JaVaScRiPt:alert(1)"));
  CHECK_FALSE(SafeHttpUrl(" http://x"));
  CHECK_FALSE(SafeHttpUrl("data:text/html,<script>"));
  CHECK_FALSE(SafeHttpUrl("http://x/\nabc"));
  CHECK(SafeHttpUrl("HTTPS://example.com/a b\"<>").value() ==
        "HTTPS://example.com/a%20b%22%3C%3E");
}

TEST_CASE("The table has fixed columns, marks shifts and has a legend",
          "[query][render]") {
  const Timeline t = SampleTimeline();
  const std::string table = Render(t, Format::kTable);
  REQUIRE(utf8::IsValid(table));
  CHECK(table.find('\x1b') == std::string::npos);
  const auto lines = Lines(table);
  REQUIRE(lines.size() >= 3 + t.rows.size());
  // Two holders: a holder column; the header names every column.
  for (const char* name : {"date", "holder", "relation", "speaker", "cue",
                           "position", "content"}) {
    CHECK(lines[1].find(name) != std::string::npos);
  }
  // The content column starts at the same code point on every row.
  const size_t content_at =
      utf8::CountCodePoints(lines[1].substr(0, lines[1].find("content")));
  for (size_t i = 0; i < t.rows.size(); ++i) {
    const std::string& line = lines[3 + i];
    CHECK(utf8::CountCodePoints(line) <= content_at + 44);
    CHECK(line[0] == (t.rows[i].date.empty() ? 'u' : '1'));
  }
  CHECK(Count(table, "SHIFT") == 2);  // the row and the legend
  CHECK(table.find("\xE2\x80\xA6") != std::string::npos);  // a cut cell
  CHECK(table.find("relation: own") != std::string::npos);

  Timeline one = SampleTimeline(false);
  one.holders = {"United States"};
  CHECK(Lines(Render(one, Format::kTable))[1].find("holder") ==
        std::string::npos);
}

TEST_CASE("The audit table shows specificity, reasons and shares",
          "[query][render]") {
  const std::string table = Render(SampleAudit(), Format::kTable);
  REQUIRE(utf8::IsValid(table));
  CHECK(table.find("3/4 role,rank,count") != std::string::npos);
  CHECK(table.find("0/4 none") != std::string::npos);
  CHECK(table.find("per outlet") != std::string::npos);
  CHECK(table.find("per document") != std::string::npos);
  CHECK(table.find("12.5%") != std::string::npos);  // Nikkei: 1 of 8
  CHECK(table.find("Clayton Yeutter") != std::string::npos);
}

TEST_CASE("JSON Lines: one object per row with every field",
          "[query][render]") {
  Timeline t = SampleTimeline();
  t.rows[0].content += "\xFF";  // ill-formed UTF-8 is replaced, not fatal
  const auto lines = Lines(Render(t, Format::kJsonl));
  REQUIRE(lines.size() == t.rows.size());
  const auto first = nlohmann::json::parse(lines[0]);
  for (const char* key :
       {"claim", "date", "doc", "speaker", "type", "cue", "content", "sentence",
        "relation", "holder", "position", "evidence", "shift", "previous",
        "subject_terms"}) {
    CHECK(first.contains(key));
  }
  CHECK(first["claim"] == "0000000000001111");
  CHECK(first["evidence"][0]["begin"].get<int>() ==
        static_cast<int>(t.rows[0].evidence[0].span.begin));
  CHECK(first["evidence"][0]["words"] == "will impose");
  CHECK(first["sentence"]["end"].get<uint32_t>() == t.rows[0].sentence.end);
  CHECK(first["previous"].is_null());
  const auto shift = nlohmann::json::parse(lines[3]);
  CHECK(shift["shift"] == true);
  CHECK(shift["previous"] == "supports");
  CHECK(shift["relation"] == "reported");

  const auto audit = Lines(Render(SampleAudit(), Format::kJsonl));
  REQUIRE(audit.size() == 3 + 3 + 3);
  const auto row = nlohmann::json::parse(audit[0]);
  CHECK(row["record"] == "anonymous_claim");
  CHECK(row["specificity"]["score"] == 3);
  CHECK(row["corroborating_claim"] == "0000000000001111");
  CHECK(nlohmann::json::parse(audit[3])["record"] == "outlet");
  CHECK(nlohmann::json::parse(audit[8])["record"] == "document");
}

TEST_CASE("CSV quotes per RFC 4180 and defuses formulas", "[query][render]") {
  using render::CsvField;
  CHECK(CsvField("plain") == "plain");
  CHECK(CsvField("a, \"b\"") == "\"a, \"\"b\"\"\"");
  CHECK(CsvField("line\nbreak") == "\"line\nbreak\"");
  CHECK(CsvField("=1+2") == "'=1+2");
  CHECK(CsvField("+1") == "'+1");
  CHECK(CsvField("-1") == "'-1");
  CHECK(CsvField("@SUM(A1)") == "'@SUM(A1)");

  const Timeline t = SampleTimeline();
  const auto records = ParseCsv(Render(t, Format::kCsv));
  REQUIRE(records.size() == 1 + t.rows.size());
  for (const auto& r : records) CHECK(r.size() == records[0].size());
  const auto column = [&](const std::string& name) {
    const auto& h = records[0];
    return static_cast<size_t>(std::find(h.begin(), h.end(), name) - h.begin());
  };
  const auto& hostile = records[3];
  CHECK(hostile[column("outlet")] == "'=HYPERLINK(\"http://evil\",\"x\")");
  CHECK(hostile[column("speaker_affiliation")] == "'@SUM(A1)");
  CHECK(hostile[column("content")] == t.rows[2].content);
  CHECK(records[4][column("shift")] == "yes");
  for (const auto& r : records) {
    for (const std::string& cell : r) {
      CHECK((cell.empty() ||
             std::string("=+-@").find(cell[0]) == std::string::npos));
    }
  }
  const auto audit = ParseCsv(Render(SampleAudit(), Format::kCsv));
  REQUIRE(audit.size() == 4);
  CHECK(audit[1][7] == "3");  // specificity
}

TEST_CASE(
    "An audit streamed row by row is the whole report's JSON Lines "
    "and CSV",
    "[query][render]") {
  CHECK(AuditStream::Supports(Format::kJsonl));
  CHECK(AuditStream::Supports(Format::kCsv));
  for (Format f : {Format::kTable, Format::kMarkdown, Format::kHtml}) {
    CHECK_FALSE(AuditStream::Supports(f));
  }
  for (bool hostile : {true, false}) {
    const AuditReport report = SampleAudit(hostile);
    AuditReport shares = report;  // what the sink version returns
    shares.rows.clear();
    for (Format f : {Format::kJsonl, Format::kCsv}) {
      std::ostringstream out;
      AuditStream stream(f, out);
      for (const AuditRow& row : report.rows) stream.Row(row);
      stream.Finish(shares);
      CHECK(out.str() == Render(report, f));
    }
  }
}

TEST_CASE("Markdown escapes cells so rows stay rows", "[query][render]") {
  using render::MarkdownCell;
  CHECK(MarkdownCell("a|b`c`<x>\n[l](javascript:x)") ==
        "a\\|b\\`c\\`&lt;x&gt; \\[l\\](javascript:x)");
  const Timeline t = SampleTimeline();
  const std::string md = Render(t, Format::kMarkdown);
  CHECK(md.rfind("# US chips &lt;timeline&gt;\n", 0) == 0);
  CHECK(md.find("```\nclaimtrack report timeline --about \"a|b\"\n```") !=
        std::string::npos);
  // Every table line has the header's number of unescaped pipes.
  size_t rows = 0, pipes = 0;
  for (const std::string& line : Lines(md)) {
    if (line.empty() || line[0] != '|') continue;
    size_t n = 0;
    for (size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '\\')
        ++i;
      else if (line[i] == '|')
        ++n;
    }
    if (rows++ == 0) pipes = n;
    CHECK(n == pipes);
  }
  CHECK(rows == 2 + t.rows.size());
  CHECK(md.find('<') == md.find("<https://example.com/chips?a=1&b=2>"));
  CHECK(md.find("javascript:alert(4)") == std::string::npos);
  CHECK(md.find("**hedges** (shift from supports)") != std::string::npos);

  const std::string audit = Render(SampleAudit(), Format::kMarkdown);
  CHECK(audit.find("Say why the source was granted anonymity.") !=
        std::string::npos);
  CHECK(audit.find("## Per outlet") != std::string::npos);
  CHECK(audit.find('<') == audit.find("<https://"));
}

// The tags the HTML renderer writes; anything else in the output is text.
const std::set<std::string> kOwnTags = {
    "html", "head",  "meta",       "title",  "style",   "body",    "main",
    "h1",   "h2",    "h3",         "p",      "section", "figure",  "figcaption",
    "svg",  "g",     "rect",       "circle", "polygon", "line",    "text",
    "a",    "table", "thead",      "tbody",  "tr",      "th",      "td",
    "span", "br",    "strong",     "ol",     "li",      "article", "dl",
    "dt",   "dd",    "blockquote", "mark"};

struct Tag {
  std::string name;
  std::vector<std::pair<std::string, std::string>> attributes;
};

std::string Unescape(std::string s) {
  for (const auto& [entity, c] :
       std::vector<std::pair<std::string, std::string>>{{"&lt;", "<"},
                                                        {"&gt;", ">"},
                                                        {"&quot;", "\""},
                                                        {"&#39;", "'"},
                                                        {"&amp;", "&"}}) {
    for (size_t at = s.find(entity); at != std::string::npos;
         at = s.find(entity, at + 1)) {
      s.replace(at, entity.size(), c);
    }
  }
  return s;
}

// Every '<' must open or close one of kOwnTags with double-quoted
// attributes; returns the tags, failing the test otherwise.
std::vector<Tag> ParseTags(const std::string& html) {
  std::vector<Tag> tags;
  size_t i = html.find('<');
  REQUIRE(html.compare(0, 16, "<!DOCTYPE html>\n") == 0);
  i = html.find('<', 15);
  while (i != std::string::npos) {
    size_t j = i + 1;
    if (html[j] == '/') ++j;
    size_t name_end = j;
    while (name_end < html.size() &&
           std::isalnum(static_cast<unsigned char>(html[name_end])))
      ++name_end;
    Tag tag{html.substr(j, name_end - j), {}};
    INFO("tag at " << i << ": " << html.substr(i, 60));
    REQUIRE(kOwnTags.count(tag.name) == 1);
    j = name_end;
    while (true) {
      while (html[j] == ' ') ++j;
      if (html[j] == '>' || html.compare(j, 2, "/>") == 0) break;
      size_t eq = j;
      while (std::isalnum(static_cast<unsigned char>(html[eq])) ||
             html[eq] == '-')
        ++eq;
      const std::string name = html.substr(j, eq - j);
      REQUIRE(!name.empty());
      REQUIRE(html.compare(eq, 2, "=\"") == 0);
      const size_t close = html.find('"', eq + 2);
      REQUIRE(close != std::string::npos);
      const std::string value = html.substr(eq + 2, close - eq - 2);
      REQUIRE(value.find('<') == std::string::npos);
      tag.attributes.push_back({name, Unescape(value)});
      j = close + 1;
    }
    tags.push_back(tag);
    i = html.find('<', j);
  }
  return tags;
}

void CheckInert(const std::string& html) {
  INFO(html.substr(0, 400));
  CHECK(Count(Lower(html), "<script") == 0);
  CHECK(Count(Lower(html), "<img") == 0);
  CHECK(html.find("url(") == std::string::npos);
  CHECK(html.find("@import") == std::string::npos);
  CHECK(html.find("Content-Security-Policy") != std::string::npos);
  for (const Tag& tag : ParseTags(html)) {
    for (const auto& [name, value] : tag.attributes) {
      CHECK(Lower(name).rfind("on", 0) != 0);  // no event handlers
      CHECK(name != "src");
      if (name == "href") {
        const bool fragment = value.rfind("#", 0) == 0;
        const bool web =
            value.rfind("https://", 0) == 0 || value.rfind("http://", 0) == 0;
        CHECK((fragment || web));
        CHECK(Lower(value).find("javascript:") == std::string::npos);
      }
    }
  }
}

// Each fragment link points at an id of the page.
void CheckLinks(const std::string& html) {
  std::set<std::string> ids, targets;
  for (const Tag& tag : ParseTags(html)) {
    for (const auto& [name, value] : tag.attributes) {
      if (name == "id") CHECK(ids.insert(value).second);
      if (name == "href" && value[0] == '#') targets.insert(value.substr(1));
    }
  }
  for (const std::string& t : targets) {
    INFO(t);
    CHECK(ids.count(t) == 1);
  }
}

TEST_CASE("The timeline page is inert with hostile article text",
          "[query][render]") {
  const Timeline t = SampleTimeline();
  const std::string html = Render(t, Format::kHtml);
  REQUIRE(utf8::IsValid(html));
  CheckInert(html);
  CheckLinks(html);
  // The text is shown, escaped.
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") !=
        std::string::npos);
  CHECK(html.find("&quot;&gt;&lt;svg onload=alert(3)&gt;") !=
        std::string::npos);
  CHECK(html.find("javascript:alert(4) <span class=\"small\">(not an") !=
        std::string::npos);
  CHECK(Count(html, "<svg") == 1);
}

TEST_CASE(
    "The timeline chart has a mark per row, rings on shifts and a lane "
    "per holder",
    "[query][render]") {
  const Timeline t = SampleTimeline();
  const std::string html = Render(t, Format::kHtml);
  const std::string svg =
      html.substr(html.find("<svg"), html.find("</svg>") - html.find("<svg"));
  CHECK(Count(svg, "<a href=\"#row-") == t.rows.size());
  for (size_t i = 1; i <= t.rows.size(); ++i) {
    CHECK(Count(html, "id=\"row-" + std::to_string(i) + "\"") == 1);
    CHECK(Count(svg, "href=\"#row-" + std::to_string(i) + "\"") == 1);
  }
  CHECK(Count(svg, "class=\"ring\"") == 1 + 1);  // the shift and the legend
  CHECK(Count(svg, "<rect class=\"lane") == t.holders.size());
  CHECK(Count(svg, "<title>") == t.holders.size() + t.rows.size());
  CHECK(svg.find(" 1987</text>") != std::string::npos);  // the first tick
  CHECK(svg.find(">undated<") != std::string::npos);
  // Each row's sentence, with its content marked, under its anchor.
  CHECK(html.find("<li id=\"claim-0000000000001111\"><blockquote>Yeutter said "
                  "<mark>the U.S. <span class=\"evidence\">will impose"
                  "</span> tariffs</mark>, a first.") != std::string::npos);
  CHECK(html.find("<a href=\"https://example.com/chips?a=1&amp;b=2\"") !=
        std::string::npos);
}

TEST_CASE("A busy chart stays bounded and breaks its axis across decades",
          "[query][render]") {
  Timeline t;
  t.holders = {"United States"};
  const ClaimRow base = SampleTimeline(false).rows[0];
  for (int i = 0; i < 150; ++i) {
    ClaimRow row = base;
    row.claim_id = 0x9000 + i;
    row.date = i < 100 ? "1987-03-27" : "1987-04-0" + std::to_string(1 + i % 9);
    row.when = testing::Day(row.date);
    t.rows.push_back(row);
  }
  ClaimRow late = base;
  late.date = "2023-12-01";
  late.when = testing::Day(late.date);
  t.rows.push_back(late);
  const std::string html = Render(t, Format::kHtml);
  const size_t at = html.find("<svg");
  const std::string svg = html.substr(at, html.find("</svg>") - at);
  CHECK(Count(svg, "<a href=\"#row-") == t.rows.size());
  // 24 compact rows at most: the chart stays under 400 units high.
  const size_t box = svg.find("viewBox=\"0 0 1100.0 ") + 21;
  CHECK(std::stod(svg.substr(box)) < 400);
  // Two stretches of axis, a break between them, both years labelled.
  CHECK(Count(svg, "class=\"axis\"") == 2);
  CHECK(Count(svg, "class=\"axis-break\"") == 1);
  CHECK(svg.find(" 1987</text>") != std::string::npos);
  CHECK(svg.find(" 2023</text>") != std::string::npos);
}

TEST_CASE("Empty answers render in every format", "[query][render]") {
  Timeline t;
  t.holders = {"Nobody"};
  const std::string html = Render(t, Format::kHtml);
  CheckInert(html);
  CHECK(html.find(">no claims</text>") != std::string::npos);
  CHECK(Render(t, Format::kJsonl).empty());
  CHECK(Lines(Render(t, Format::kCsv)).size() == 1);
  CHECK(Render(t, Format::kTable).find("0 claims, 0 shifts") !=
        std::string::npos);
  const AuditReport none;
  CheckInert(Render(none, Format::kHtml));
  CHECK(Render(none, Format::kMarkdown).find("0 anonymous claims of 0") !=
        std::string::npos);
}

TEST_CASE("The audit page names its standards and is inert",
          "[query][render]") {
  const AuditReport r = SampleAudit();
  const std::string html = Render(r, Format::kHtml);
  REQUIRE(utf8::IsValid(html));
  CheckInert(html);
  CheckLinks(html);
  CHECK(html.find("Say why the source was granted anonymity.") !=
        std::string::npos);
  CHECK(html.find("Specificity counts") != std::string::npos);
  CHECK(html.find("corroborated when a named source") != std::string::npos);
  CHECK(Count(html, "<svg") == 2);  // shares and the timeline
  CHECK(Count(html, "class=\"bar\" x=") == 1 + r.per_outlet.size());
  const size_t chart = html.find("<svg", html.find("<svg") + 1);
  const std::string svg =
      html.substr(chart, html.find("</svg>", chart) - chart);
  CHECK(Count(svg, "<a href=\"#row-") == r.rows.size());
  CHECK(Count(svg, "class=\"mark s3\"") == 1 + 1);     // legend and row 1
  CHECK(Count(svg, "class=\"mark s0 hollow\"") == 1);  // no reason given
  CHECK(Count(svg, "class=\"ring\"") == 1 + 2);  // legend and corroborated
}

// Writes the sample pages for a look in a browser (tools/render-report):
// CLAIMTRACK_RENDER_SAMPLE_DIR=/tmp ./claimtrack_tests "[render-sample]"
TEST_CASE("Sample report pages", "[.][render-sample]") {
  const char* dir = std::getenv("CLAIMTRACK_RENDER_SAMPLE_DIR");
  REQUIRE(dir != nullptr);
  const std::string base = std::string(dir) + "/render-sample-";
  for (auto format : {Format::kHtml, Format::kMarkdown}) {
    const std::string ext = format == Format::kHtml ? "html" : "md";
    std::ofstream timeline(base + "timeline." + ext),
        audit(base + "audit." + ext);
    RenderOptions options{"Sample timeline", "claimtrack report timeline ..."};
    REQUIRE(WriteTimeline(SampleTimeline(), format, options, timeline).ok());
    options = {"Sample audit", "claimtrack report audit ..."};
    REQUIRE(WriteAudit(SampleAudit(), format, options, audit).ok());
  }
}

}  // namespace
}  // namespace claimtrack::query
