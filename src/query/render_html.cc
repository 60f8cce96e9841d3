// The HTML reports: a header, a chart, the table, and the appendix of
// sentences (html_page.cc). Every row is "row-<n>" (1-based), every mark in
// the chart links to its row, every row links to its sentence.
#include <map>
#include <string>
#include <vector>

#include "query/html_page.h"
#include "query/render_formats.h"
#include "query/render_text.h"
#include "query/svg_chart.h"

namespace claimtrack::query::render {

namespace {

std::string PositionClass(Position p) {
  return std::string("p-") + PositionName(p);
}

MarkShape RelationShape(Relation r) {
  switch (r) {
    case Relation::kOwn:
    case Relation::kAffiliated:
      return MarkShape::kCircle;
    case Relation::kAbout:
      return MarkShape::kDiamond;
    case Relation::kReported:
      return MarkShape::kSquare;
  }
  return MarkShape::kCircle;
}

// The lanes: the given names first, then any other a row names.
size_t LaneOf(const std::string& name, std::vector<std::string>* lanes) {
  for (size_t i = 0; i < lanes->size(); ++i) {
    if ((*lanes)[i] == name) return i;
  }
  lanes->push_back(name);
  return lanes->size() - 1;
}

Chart TimelineChart(const Timeline& timeline) {
  Chart chart;
  chart.label = "Positions over time, one lane per holder";
  chart.lanes = timeline.holders;
  for (size_t i = 0; i < timeline.rows.size(); ++i) {
    const ClaimRow& row = timeline.rows[i];
    ChartMark mark;
    mark.lane =
        LaneOf(row.holder.empty() ? "(no holder)" : row.holder, &chart.lanes);
    mark.when = row.when;
    mark.css_class = PositionClass(row.position);
    mark.shape = RelationShape(row.relation);
    mark.ring = row.shift;
    mark.tooltip =
        (row.date.empty() ? "undated" : row.date) + " · " + row.speaker + " (" +
        RelationName(row.relation) + ") · " + PositionName(row.position) +
        (row.shift
             ? std::string(" (shift from ") + PositionName(row.previous) + ")"
             : "") +
        " · " + row.content;
    mark.href = "#row-" + std::to_string(i + 1);
    chart.marks.push_back(std::move(mark));
  }
  for (Position p : {Position::kSupports, Position::kOpposes, Position::kHedges,
                     Position::kNeutral}) {
    chart.legend.push_back(
        {PositionClass(p), MarkShape::kCircle, false, false, PositionName(p)});
  }
  chart.legend.push_back(
      {"p-neutral", MarkShape::kCircle, true, true, "shift"});
  chart.legend.push_back(
      {"p-neutral", MarkShape::kCircle, false, false, "own/affiliated"});
  chart.legend.push_back(
      {"p-neutral", MarkShape::kDiamond, false, false, "about the holder"});
  chart.legend.push_back(
      {"p-neutral", MarkShape::kSquare, false, false, "outlet's report"});
  return chart;
}

void WriteTimelineRow(const ClaimRow& row, size_t n, bool holders,
                      const std::string& doc_anchor, std::ostream& out) {
  out << "<tr id=\"row-" << n << "\"" << (row.shift ? " class=\"shift\"" : "")
      << "><td class=\"num\">" << n << "</td><td class=\"date\">"
      << HtmlEscape(row.date.empty() ? "undated" : row.date) << "</td>";
  if (holders) out << "<td>" << HtmlEscape(row.holder) << "</td>";
  out << "<td>" << RelationName(row.relation) << "</td><td>"
      << HtmlEscape(row.speaker);
  std::string who = row.title;
  if (!row.affiliation.empty())
    who += (who.empty() ? "" : ", ") + row.affiliation;
  if (!who.empty())
    out << "<br><span class=\"small\">" << HtmlEscape(who) << "</span>";
  out << "</td><td>" << HtmlEscape(row.cue) << "</td><td><span class=\"pos "
      << PositionClass(row.position) << "\">" << PositionName(row.position)
      << "</span>";
  if (row.shift) {
    out << "<span class=\"shift-tag\" title=\"previously "
        << PositionName(row.previous) << "\">shift</span><br><span "
        << "class=\"small\">was " << PositionName(row.previous) << "</span>";
  }
  if (!row.evidence.empty()) {
    out << "<br><span class=\"ev\">";
    for (size_t i = 0; i < row.evidence.size(); ++i) {
      out << (i ? ", " : "") << "“" << HtmlEscape(row.evidence[i].words) << "”";
    }
    out << "</span>";
  }
  out << "</td><td>" << HtmlEscape(row.content) << " <a href=\"#"
      << ClaimAnchor(row.claim_id) << "\" class=\"small\">sentence</a></td>"
      << "<td><a href=\"#" << doc_anchor << "\">"
      << HtmlEscape(
             Truncate(row.doc_title.empty() ? row.doc_id : row.doc_title, 60))
      << "</a></td></tr>\n";
}

std::string Percent(uint64_t part, uint64_t whole) {
  if (whole == 0) return "-";
  const uint64_t tenths = (part * 1000 + whole / 2) / whole;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + "%";
}

void WriteSharesTable(const char* heading, const char* key_name,
                      const std::vector<AuditShare>& shares,
                      std::ostream& out) {
  out << "<h2>" << heading << "</h2>\n<table><thead><tr><th>" << key_name
      << "</th><th class=\"num\">claims</th><th class=\"num\">anonymous</th>"
         "<th class=\"num\">share</th><th class=\"num\">reason stated</th>"
         "<th class=\"num\">corroborated</th></tr></thead><tbody>\n";
  for (const AuditShare& s : shares) {
    out << "<tr><td>" << HtmlEscape(s.key.empty() ? "unknown" : s.key);
    if (!s.title.empty()) {
      out << "<br><span class=\"small\">" << HtmlEscape(s.title) << "</span>";
    }
    out << "</td><td class=\"num\">" << s.claims << "</td><td class=\"num\">"
        << s.anonymous << "</td><td class=\"num\">"
        << Percent(s.anonymous, s.claims) << "</td><td class=\"num\">"
        << s.with_reason << "</td><td class=\"num\">" << s.corroborated
        << "</td></tr>\n";
  }
  out << "</tbody></table>\n";
}

Chart AuditChart(const AuditReport& report) {
  Chart chart;
  chart.label = "Anonymous claims over time, one lane per outlet";
  for (const AuditShare& s : report.per_outlet) {
    chart.lanes.push_back(s.key.empty() ? "unknown" : s.key);
  }
  for (size_t i = 0; i < report.rows.size(); ++i) {
    const AuditRow& row = report.rows[i];
    ChartMark mark;
    mark.lane = LaneOf(row.claim.outlet.empty() ? "unknown" : row.claim.outlet,
                       &chart.lanes);
    mark.when = row.claim.when;
    // (Not "s" + std::to_string(...): GCC 12 warns -Wrestrict on it.)
    mark.css_class =
        std::string("s").append(std::to_string(row.specificity.score()));
    mark.hollow = row.reason.empty();
    mark.ring = row.corroborated;
    mark.tooltip = (row.claim.date.empty() ? "undated" : row.claim.date) +
                   " · " + row.descriptor + " · specificity " +
                   std::to_string(row.specificity.score()) + "/4 · " +
                   (row.reason.empty() ? "no reason stated" : "reason stated") +
                   " · " + row.claim.content;
    mark.href = "#row-" + std::to_string(i + 1);
    chart.marks.push_back(std::move(mark));
  }
  for (int s = 0; s <= 4; ++s) {
    chart.legend.push_back({"s" + std::to_string(s), MarkShape::kCircle, false,
                            false, std::to_string(s) + "/4"});
  }
  chart.legend.push_back(
      {"s2", MarkShape::kCircle, true, false, "no reason stated"});
  chart.legend.push_back(
      {"s2", MarkShape::kCircle, false, true, "corroborated"});
  return chart;
}

void WriteAuditHeader(const AuditReport& report, std::ostream& out) {
  out << "<section class=\"summary\"><p>The checks follow two points common "
         "to newsroom standards on anonymous sourcing (the Associated Press' "
         "and Reuters' handbooks, the SPJ Code of Ethics):</p><ol>";
  for (const char* standard : kAuditStandards)
    out << "<li>" << standard << "</li>";
  out << "</ol><p>" << HtmlEscape(kSpecificityExplained) << "</p><p>"
      << HtmlEscape(kCorroborationExplained) << "</p><p><strong>"
      << report.rows.size() << "</strong> anonymous claims of " << report.claims
      << " claims (" << Percent(report.rows.size(), report.claims) << ") in "
      << report.documents << " documents.</p></section>\n";
}

void WriteAuditRows(const AuditReport& report,
                    const std::vector<std::string>& doc_anchors,
                    std::ostream& out) {
  out << "<h2>Claims resting on unnamed sources</h2>\n<table><thead><tr>"
         "<th class=\"num\">#</th><th>date</th><th>document</th>"
         "<th>descriptor</th><th>specificity</th><th>reason</th>"
         "<th>corroborated by</th><th>content</th></tr></thead><tbody>\n";
  for (size_t i = 0; i < report.rows.size(); ++i) {
    const AuditRow& row = report.rows[i];
    const ClaimRow& c = row.claim;
    out << "<tr id=\"row-" << i + 1 << "\"><td class=\"num\">" << i + 1
        << "</td><td class=\"date\">"
        << HtmlEscape(c.date.empty() ? "undated" : c.date)
        << "</td><td><a href=\"#" << doc_anchors[i] << "\">"
        << HtmlEscape(
               Truncate(c.doc_title.empty() ? c.doc_id : c.doc_title, 60))
        << "</a>";
    if (!c.outlet.empty()) {
      out << "<br><span class=\"small\">" << HtmlEscape(c.outlet) << "</span>";
    }
    out << "</td><td>" << HtmlEscape(row.descriptor)
        << "</td><td><span class=\"pos s" << row.specificity.score() << "\">"
        << row.specificity.score() << "/4</span><br><span class=\"small\">"
        << SpecificityFacets(row.specificity) << "</span></td><td>";
    if (row.reason.empty()) {
      out << "no";
    } else {
      out << "yes: <span class=\"small\">" << HtmlEscape(row.reason)
          << "</span>";
    }
    out << "</td><td>"
        << (row.corroborated ? HtmlEscape(row.corroborated_by) : "no")
        << "</td><td>" << HtmlEscape(c.content)
        << " <a class=\"small\" href=\"#" << ClaimAnchor(c.claim_id)
        << "\">sentence</a></td></tr>\n";
  }
  out << "</tbody></table>\n";
}

}  // namespace

void TimelineHtml(const Timeline& timeline, const RenderOptions& options,
                  std::ostream& out) {
  BeginPage(options, "Timeline", out);
  size_t shifts = 0;
  std::vector<const ClaimRow*> rows;
  for (const ClaimRow& row : timeline.rows) {
    shifts += row.shift;
    rows.push_back(&row);
  }
  out << "<p class=\"summary\">";
  if (!timeline.subject.empty()) {
    out << "About <strong>" << HtmlEscape(timeline.subject) << "</strong>. ";
  }
  if (!timeline.holders.empty()) {
    out << "Holders: ";
    for (size_t i = 0; i < timeline.holders.size(); ++i) {
      out << (i ? ", " : "") << "<strong>" << HtmlEscape(timeline.holders[i])
          << "</strong>";
    }
    out << ". ";
  }
  out << Counted(timeline.rows.size(), "claim") << ", "
      << Counted(shifts, "shift") << ".</p>\n"
      << "<section id=\"chart\"><h2>Positions over time</h2><figure>";
  WriteTimelineSvg(TimelineChart(timeline), out);
  out << "<figcaption>Each mark is a claim, colored by its position toward "
         "the subject; a ring marks a shift from the holder's previous "
         "position. Hover for the claim, click for its row.</figcaption>"
         "</figure></section>\n";

  const bool holders = timeline.holders.size() > 1;
  const std::vector<std::string> doc_anchors = DocumentAnchors(rows);
  out << "<section id=\"claims\"><h2>Claims</h2>\n<table><thead><tr>"
         "<th class=\"num\">#</th><th>date</th>"
      << (holders ? "<th>holder</th>" : "")
      << "<th>relation</th><th>speaker</th><th>cue</th><th>position</th>"
         "<th>content</th><th>document</th></tr></thead><tbody>\n";
  for (size_t i = 0; i < rows.size(); ++i) {
    WriteTimelineRow(*rows[i], i + 1, holders, doc_anchors[i], out);
  }
  out << "</tbody></table>\n<p class=\"note\">Relation: own (the holder said "
         "it), affiliated (one of its officials or bodies), about (someone "
         "else, naming the holder), reported (the outlet states the holder's "
         "position). Quoted words under a position decided it.</p></section>\n";
  WriteAppendix(rows, out);
  EndPage(out);
}

void AuditHtml(const AuditReport& report, const RenderOptions& options,
               std::ostream& out) {
  BeginPage(options, "Anonymous sources", out);
  WriteAuditHeader(report, out);
  std::vector<Bar> bars;
  for (const AuditShare& s : report.per_outlet) {
    const double claims = s.claims ? static_cast<double>(s.claims) : 1.0;
    bars.push_back({s.key.empty() ? "unknown" : s.key, s.anonymous / claims,
                    s.with_reason / claims,
                    Percent(s.anonymous, s.claims) + " (" +
                        std::to_string(s.anonymous) + " of " +
                        std::to_string(s.claims) + ")"});
  }
  out << "<section id=\"chart\"><h2>Anonymous claims per outlet</h2><figure>";
  WriteBarsSvg("Share of anonymous claims per outlet", bars,
               "anonymous claims, share of all claims",
               "of which a reason is stated", out);
  out << "</figure><h2>Over time</h2><figure>";
  WriteTimelineSvg(AuditChart(report), out);
  out << "<figcaption>Each mark is a claim resting on an unnamed source, "
         "colored by how specifically the source is described (0/4 to 4/4); "
         "hollow when no reason for anonymity is stated, ringed when a named "
         "source in the same document speaks to the subject.</figcaption>"
         "</figure></section>\n";
  std::vector<const ClaimRow*> rows;
  for (const AuditRow& row : report.rows) rows.push_back(&row.claim);
  WriteAuditRows(report, DocumentAnchors(rows), out);
  WriteSharesTable("Per outlet", "outlet", report.per_outlet, out);
  WriteSharesTable("Per document", "document", report.per_document, out);
  WriteAppendix(rows, out);
  EndPage(out);
}

}  // namespace claimtrack::query::render
