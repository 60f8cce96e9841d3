// The Markdown twin of the HTML report: a heading, the command in a code
// fence, one table, the audit's shares, and the documents cited. Cells go
// through MarkdownCell, so article text never becomes markup or a link;
// only http(s) URLs are shown, as autolinks.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "query/render_formats.h"
#include "query/render_text.h"

namespace claimtrack::query::render {

namespace {

// A fence longer than any run of backticks in the command.
void WriteCommand(const std::string& command, std::ostream& out) {
  if (command.empty()) return;
  const std::string line = Clean(command);
  size_t longest = 0, run = 0;
  for (char c : line) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(std::max<size_t>(3, longest + 1), '`');
  out << fence << "\n" << line << "\n" << fence << "\n\n";
}

void WriteRow(const std::vector<std::string>& cells, std::ostream& out) {
  out << "|";
  for (const std::string& c : cells) out << " " << c << " |";
  out << "\n";
}

void WriteTableHead(const std::vector<std::string>& names, std::ostream& out) {
  WriteRow(names, out);
  out << "|";
  for (size_t i = 0; i < names.size(); ++i) out << " --- |";
  out << "\n";
}

std::string Percent(uint64_t part, uint64_t whole) {
  if (whole == 0) return "-";
  const uint64_t tenths = (part * 1000 + whole / 2) / whole;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + "%";
}

// The documents the rows cite, in order of first citation.
void WriteDocuments(const std::vector<const ClaimRow*>& rows,
                    std::ostream& out) {
  out << "\n## Documents\n\n";
  std::map<std::string, bool> seen;
  for (const ClaimRow* row : rows) {
    if (seen[row->doc_id]) continue;
    seen[row->doc_id] = true;
    out << "- **"
        << MarkdownCell(row->doc_title.empty() ? row->doc_id : row->doc_title)
        << "** (" << MarkdownCell(row->doc_id);
    if (!row->doc_date.empty()) out << ", " << MarkdownCell(row->doc_date);
    if (!row->outlet.empty()) out << ", " << MarkdownCell(row->outlet);
    out << ")";
    if (auto url = SafeHttpUrl(row->url)) out << " <" << *url << ">";
    out << "\n";
  }
}

void WriteShares(const char* heading, const std::vector<AuditShare>& shares,
                 std::ostream& out) {
  out << "\n## " << heading << "\n\n";
  WriteTableHead(
      {"", "claims", "anonymous", "share", "reason stated", "corroborated"},
      out);
  for (const AuditShare& s : shares) {
    std::string key = MarkdownCell(s.key.empty() ? "unknown" : s.key);
    if (!s.title.empty()) key += " — " + MarkdownCell(s.title);
    WriteRow({key, std::to_string(s.claims), std::to_string(s.anonymous),
              Percent(s.anonymous, s.claims), std::to_string(s.with_reason),
              std::to_string(s.corroborated)},
             out);
  }
}

}  // namespace

void TimelineMarkdown(const Timeline& timeline, const RenderOptions& options,
                      std::ostream& out) {
  out << "# "
      << MarkdownCell(options.title.empty() ? "Timeline" : options.title)
      << "\n\n";
  WriteCommand(options.command, out);
  size_t shifts = 0;
  for (const ClaimRow& row : timeline.rows) shifts += row.shift;
  if (!timeline.subject.empty()) {
    out << "About: " << MarkdownCell(timeline.subject) << ". ";
  }
  if (!timeline.holders.empty()) {
    out << "Holders: ";
    for (size_t i = 0; i < timeline.holders.size(); ++i) {
      out << (i ? ", " : "") << MarkdownCell(timeline.holders[i]);
    }
    out << ". ";
  }
  out << Counted(timeline.rows.size(), "claim") << ", "
      << Counted(shifts, "shift") << ".\n\n";

  WriteTableHead({"#", "date", "holder", "relation", "speaker", "cue",
                  "position", "content", "document"},
                 out);
  std::vector<const ClaimRow*> cited;
  for (size_t i = 0; i < timeline.rows.size(); ++i) {
    const ClaimRow& row = timeline.rows[i];
    cited.push_back(&row);
    std::string position = PositionName(row.position);
    if (row.shift) {
      position = "**" + position + "** (shift from " +
                 PositionName(row.previous) + ")";
    }
    WriteRow({std::to_string(i + 1), row.date.empty() ? "undated" : row.date,
              MarkdownCell(row.holder), RelationName(row.relation),
              MarkdownCell(row.speaker), MarkdownCell(row.cue), position,
              MarkdownCell(row.content), MarkdownCell(row.doc_id)},
             out);
  }
  out << "\nPosition: supports, opposes, hedges (open to it, undecided) or "
         "neutral; a shift differs from the holder's previous position. "
         "Relation: own (the holder said it), affiliated (one of its "
         "officials), about (someone else, naming the holder), reported (the "
         "outlet's narration).\n";
  WriteDocuments(cited, out);
}

void AuditMarkdown(const AuditReport& report, const RenderOptions& options,
                   std::ostream& out) {
  out << "# "
      << MarkdownCell(options.title.empty() ? "Anonymous sources"
                                            : options.title)
      << "\n\n";
  WriteCommand(options.command, out);
  out << "The checks follow two points common to newsroom standards on "
         "anonymous sourcing (the AP's and Reuters' handbooks, the SPJ Code "
         "of Ethics):\n\n";
  for (const char* standard : kAuditStandards) out << "1. " << standard << "\n";
  out << "\n"
      << kSpecificityExplained << "\n\n"
      << kCorroborationExplained << "\n\n"
      << report.rows.size() << " anonymous claims of " << report.claims
      << " claims (" << Percent(report.rows.size(), report.claims) << ") in "
      << report.documents << " documents.\n\n";
  WriteTableHead({"#", "date", "document", "descriptor", "specificity",
                  "reason", "corroborated by", "content"},
                 out);
  std::vector<const ClaimRow*> cited;
  for (size_t i = 0; i < report.rows.size(); ++i) {
    const AuditRow& row = report.rows[i];
    cited.push_back(&row.claim);
    WriteRow({std::to_string(i + 1),
              row.claim.date.empty() ? "undated" : row.claim.date,
              MarkdownCell(row.claim.doc_id), MarkdownCell(row.descriptor),
              std::to_string(row.specificity.score()) + "/4 (" +
                  SpecificityFacets(row.specificity) + ")",
              row.reason.empty() ? "no" : "yes: " + MarkdownCell(row.reason),
              row.corroborated ? MarkdownCell(row.corroborated_by) : "no",
              MarkdownCell(row.claim.content)},
             out);
  }
  WriteShares("Per outlet", report.per_outlet, out);
  WriteShares("Per document", report.per_document, out);
  WriteDocuments(cited, out);
}

}  // namespace claimtrack::query::render
