// The per-format writers behind WriteTimeline and WriteAudit (render.cc
// dispatches on the Format). Each writes the whole answer to `out`.
#ifndef CLAIMTRACK_QUERY_RENDER_FORMATS_H_
#define CLAIMTRACK_QUERY_RENDER_FORMATS_H_

#include <ostream>

#include "query/render.h"

namespace claimtrack::query::render {

// render_table.cc: fixed-width columns for a terminal.
void TimelineTable(const Timeline& timeline, const RenderOptions& options,
                   std::ostream& out);
void AuditTable(const AuditReport& report, const RenderOptions& options,
                std::ostream& out);

// render_data.cc: JSON Lines and CSV.
void TimelineJsonl(const Timeline& timeline, std::ostream& out);
void AuditJsonl(const AuditReport& report, std::ostream& out);
void TimelineCsv(const Timeline& timeline, std::ostream& out);
void AuditCsv(const AuditReport& report, std::ostream& out);

// render_markdown.cc.
void TimelineMarkdown(const Timeline& timeline, const RenderOptions& options,
                      std::ostream& out);
void AuditMarkdown(const AuditReport& report, const RenderOptions& options,
                   std::ostream& out);

// render_html.cc: one self-contained page.
void TimelineHtml(const Timeline& timeline, const RenderOptions& options,
                  std::ostream& out);
void AuditHtml(const AuditReport& report, const RenderOptions& options,
               std::ostream& out);

// The reference texts the audit reports print in their header.
extern const char* const kAuditStandards[2];
extern const char kSpecificityExplained[];
extern const char kCorroborationExplained[];

// "role, rank" etc.: the facets present, "none" when there are none.
std::string SpecificityFacets(const Specificity& s);

}  // namespace claimtrack::query::render

#endif  // CLAIMTRACK_QUERY_RENDER_FORMATS_H_
