#include "query/render.h"

#include "query/render_formats.h"

namespace claimtrack::query {

namespace render {

const char* const kAuditStandards[2] = {
    "Say why the source was granted anonymity.",
    "Describe the source as precisely as possible: role, rank, "
    "organization, how many.",
};
const char kSpecificityExplained[] =
    "Specificity counts the facets the descriptor states, one point each: "
    "a role (official, diplomat, analyst), a rank (senior, high-ranking), "
    "an organization or domain (defense, the ministry) and a count (two "
    "officials, a source). \"Sources\" scores 0/4, \"a senior defense "
    "official\" 4/4 (\"a\" states the count).";
const char kCorroborationExplained[] =
    "A claim is corroborated when a named source in the same document says "
    "something on the same subject; it shows the reader can weigh the "
    "unnamed claim against an attributable one, not that the two agree.";

std::string SpecificityFacets(const Specificity& s) {
  std::string facets;
  const auto add = [&](bool present, const char* name) {
    if (!present) return;
    if (!facets.empty()) facets += ", ";
    facets += name;
  };
  add(s.role, "role");
  add(s.rank, "rank");
  add(s.organization, "organization");
  add(s.count, "count");
  return facets.empty() ? "none" : facets;
}

}  // namespace render

Result<Format> ParseFormat(std::string_view name) {
  if (name == "table") return Format::kTable;
  if (name == "jsonl") return Format::kJsonl;
  if (name == "csv") return Format::kCsv;
  if (name == "md") return Format::kMarkdown;
  if (name == "html") return Format::kHtml;
  return Status::InvalidArgument("unknown format \"" + std::string(name) +
                                 "\" (choose table, jsonl, csv, md or html)");
}

// The writers do not check the stream as they go; a failed write leaves it
// in a failed state, reported once here.
Status WriteTimeline(const Timeline& timeline, Format format,
                     const RenderOptions& options, std::ostream& out) {
  switch (format) {
    case Format::kTable:
      render::TimelineTable(timeline, options, out);
      break;
    case Format::kJsonl:
      render::TimelineJsonl(timeline, out);
      break;
    case Format::kCsv:
      render::TimelineCsv(timeline, out);
      break;
    case Format::kMarkdown:
      render::TimelineMarkdown(timeline, options, out);
      break;
    case Format::kHtml:
      render::TimelineHtml(timeline, options, out);
      break;
  }
  out.flush();
  if (!out) return Status::IOError("writing the timeline failed");
  return Status::Ok();
}

Status WriteAudit(const AuditReport& report, Format format,
                  const RenderOptions& options, std::ostream& out) {
  switch (format) {
    case Format::kTable:
      render::AuditTable(report, options, out);
      break;
    case Format::kJsonl:
      render::AuditJsonl(report, out);
      break;
    case Format::kCsv:
      render::AuditCsv(report, out);
      break;
    case Format::kMarkdown:
      render::AuditMarkdown(report, options, out);
      break;
    case Format::kHtml:
      render::AuditHtml(report, options, out);
      break;
  }
  out.flush();
  if (!out) return Status::IOError("writing the audit failed");
  return Status::Ok();
}

}  // namespace claimtrack::query
