// Writing query answers: a table for a terminal, JSON Lines, CSV, Markdown,
// or one self-contained HTML page (inline CSS and SVG, no network fetches).
// Article text is untrusted: every renderer escapes it for its format.
#ifndef CLAIMTRACK_QUERY_RENDER_H_
#define CLAIMTRACK_QUERY_RENDER_H_

#include <ostream>
#include <string>
#include <string_view>

#include "claimtrack/status.h"
#include "query/audit.h"
#include "query/timeline.h"

namespace claimtrack::query {

enum class Format { kTable, kJsonl, kCsv, kMarkdown, kHtml };

// "table", "jsonl", "csv", "md", "html"; InvalidArgument naming the choices
// otherwise.
Result<Format> ParseFormat(std::string_view name);

struct RenderOptions {
  std::string title;    // the page or table heading
  std::string command;  // the command line that produced it, shown in reports
};

// Timelines, shifts, `said` and `trace` answers.
Status WriteTimeline(const Timeline& timeline, Format format,
                     const RenderOptions& options, std::ostream& out);

Status WriteAudit(const AuditReport& report, Format format,
                  const RenderOptions& options, std::ostream& out);

// An audit written as its rows come (AuditAnonymous with a sink), in the
// formats whose rows need nothing from the rows after them: JSON Lines and
// CSV, byte for byte what WriteAudit writes for the whole report. Row
// writes one row, Finish what comes after the rows (the JSON Lines shares;
// CSV has none); what comes before them (CSV's header) waits for the first
// of the two, so that an audit refused at once (a bad date) writes nothing.
class AuditStream {
 public:
  static bool Supports(Format format);  // jsonl and csv

  // `format` must be one Supports() accepts.
  AuditStream(Format format, std::ostream& out);

  void Row(const AuditRow& row);
  void Finish(const AuditReport& report);

 private:
  void Start();

  const Format format_;
  std::ostream& out_;
  bool started_ = false;
};

}  // namespace claimtrack::query

#endif  // CLAIMTRACK_QUERY_RENDER_H_
