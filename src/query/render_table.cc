// The terminal table: one line per row, fixed-width columns measured in
// code points, cells cut with "…" and stripped of control characters (an
// article could otherwise send escape sequences to the terminal).
#include <string>
#include <vector>

#include "query/render_formats.h"
#include "query/render_text.h"

namespace claimtrack::query::render {

namespace {

struct Column {
  const char* name;
  size_t width;
};

void WriteLine(const std::vector<Column>& columns,
               const std::vector<std::string>& cells, std::ostream& out) {
  std::string line;
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) line += ' ';
    // The last column is not padded: no trailing blanks.
    line += i + 1 == columns.size() ? Truncate(cells[i], columns[i].width)
                                    : Fit(cells[i], columns[i].width);
  }
  out << line << "\n";
}

void WriteHeader(const std::vector<Column>& columns, std::ostream& out) {
  std::vector<std::string> names;
  size_t total = 0;
  for (const Column& c : columns) {
    names.push_back(c.name);
    total += c.width + 1;
  }
  WriteLine(columns, names, out);
  out << std::string(total - 1, '-') << "\n";
}

std::string Percent(uint64_t part, uint64_t whole) {
  if (whole == 0) return "-";
  const uint64_t tenths = (part * 1000 + whole / 2) / whole;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + "%";
}

void WriteShares(const char* heading, const std::vector<AuditShare>& shares,
                 std::ostream& out) {
  out << "\n" << heading << "\n";
  const std::vector<Column> columns = {{"", 28},         {"claims", 7},
                                       {"anonymous", 9}, {"share", 7},
                                       {"reason", 7},    {"corroborated", 12}};
  WriteHeader(columns, out);
  for (const AuditShare& s : shares) {
    std::string key = s.key.empty() ? "unknown" : s.key;
    if (!s.title.empty()) key += " (" + s.title + ")";
    WriteLine(columns,
              {key, std::to_string(s.claims), std::to_string(s.anonymous),
               Percent(s.anonymous, s.claims), std::to_string(s.with_reason),
               std::to_string(s.corroborated)},
              out);
  }
}

// "role,rank,org,count": the facets present, in a narrow column.
std::string ShortFacets(const Specificity& s) {
  std::string facets;
  for (const auto& [present, name] :
       {std::pair{s.role, "role"}, std::pair{s.rank, "rank"},
        std::pair{s.organization, "org"}, std::pair{s.count, "count"}}) {
    if (!present) continue;
    if (!facets.empty()) facets += ',';
    facets += name;
  }
  return facets.empty() ? "none" : facets;
}

}  // namespace

void TimelineTable(const Timeline& timeline, const RenderOptions& options,
                   std::ostream& out) {
  size_t shifts = 0;
  for (const ClaimRow& row : timeline.rows) shifts += row.shift;
  out << "== " << Clean(options.title.empty() ? "timeline" : options.title)
      << ": " << Counted(timeline.rows.size(), "claim") << ", "
      << Counted(shifts, "shift");
  // A title that already names the subject (the tools' do) is enough.
  if (!timeline.subject.empty() &&
      options.title.find(timeline.subject) == std::string::npos) {
    out << "  (about: " << Clean(timeline.subject) << ")";
  }
  out << "\n";

  const bool holders = timeline.holders.size() > 1;
  std::vector<Column> columns = {{"date", 10}};
  if (holders) columns.push_back({"holder", 14});
  const std::vector<Column> rest = {
      {"relation", 10},
      {"speaker", 20},
      {"cue", 10},
      {"position", 14},
      {"content", holders ? size_t{44} : size_t{56}}};
  columns.insert(columns.end(), rest.begin(), rest.end());
  WriteHeader(columns, out);
  for (const ClaimRow& row : timeline.rows) {
    std::vector<std::string> cells = {row.date.empty() ? "undated" : row.date};
    if (holders) cells.push_back(row.holder);
    std::string position = PositionName(row.position);
    if (row.shift) position += " SHIFT";
    cells.insert(cells.end(), {RelationName(row.relation), row.speaker, row.cue,
                               position, row.content});
    WriteLine(columns, cells, out);
  }
  out << "\nposition: supports, opposes, hedges (open to, undecided) or "
         "neutral; SHIFT: differs from the holder's previous position.\n"
         "relation: own (the holder said it), affiliated (one of its "
         "officials), about (someone else, naming the holder), reported "
         "(the outlet's narration).\n";
}

void AuditTable(const AuditReport& report, const RenderOptions& options,
                std::ostream& out) {
  out << "== "
      << Clean(options.title.empty() ? "anonymous sources" : options.title)
      << ": " << report.rows.size() << " anonymous claims of " << report.claims
      << " in " << report.documents << " documents\n";
  const std::vector<Column> columns = {
      {"date", 10},        {"doc", 16},   {"descriptor", 26},
      {"specificity", 23}, {"reason", 6}, {"corroborated by", 18},
      {"content", 36}};
  WriteHeader(columns, out);
  for (const AuditRow& row : report.rows) {
    const std::string specificity = std::to_string(row.specificity.score()) +
                                    "/4 " + ShortFacets(row.specificity);
    WriteLine(
        columns,
        {row.claim.date.empty() ? "undated" : row.claim.date, row.claim.doc_id,
         row.descriptor, specificity, row.reason.empty() ? "no" : "yes",
         row.corroborated ? row.corroborated_by : "-", row.claim.content},
        out);
  }
  out << "\nspecificity: one point each for role, rank, organization and "
         "count; reason: a reason for anonymity is stated; corroborated by: "
         "a named source in the same document on the same subject.\n";
  WriteShares("per outlet", report.per_outlet, out);
  WriteShares("per document", report.per_document, out);
}

}  // namespace claimtrack::query::render
