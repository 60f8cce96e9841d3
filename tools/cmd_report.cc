// claimtrack report: a timeline or the anonymous-source audit as one
// self-contained HTML page and its Markdown twin, PATH.html and PATH.md.

#include <boost/program_options.hpp>
#include <iostream>
#include <string>
#include <vector>

#include "commands.h"
#include "flags.h"
#include "out_file.h"
#include "query/audit.h"
#include "query/render.h"
#include "query/timeline.h"
#include "store/graph_view.h"
#include "store_flags.h"

namespace claimtrack::cli {

namespace {

namespace po = boost::program_options;

struct ReportFlags {
  std::string kind;  // "timeline" or "audit"
  std::string db, holder, about, outlet, from, to, out;
  bool help = false;
};

po::options_description ReportOptions(ReportFlags* flags) {
  po::options_description desc(
      "usage: claimtrack report timeline --holder NAME [--about WORDS] "
      "--out PATH [options]\n"
      "       claimtrack report audit [--outlet NAME] --out PATH [options]\n\n"
      "Writes PATH.html, one self-contained page (inline CSS and SVG, no\n"
      "scripts, nothing fetched) with a chart, the table and each cited\n"
      "sentence in its document, and PATH.md, its Markdown twin. A .html or\n"
      "a .md extension on PATH is dropped. 'timeline' charts a holder's\n"
      "positions on a subject over time, one lane per holder, shifts ringed;\n"
      "'audit' lists the claims resting on unnamed sources, how precisely\n"
      "each source is described, whether a reason for anonymity is given\n"
      "and whether a named source corroborates it, with the share of\n"
      "anonymous claims per outlet and document.\n\n"
      "options");
  desc.add_options()("help,h", po::bool_switch(&flags->help),
                     "describe the flags");
  AddDbFlag(&desc, &flags->db);
  desc.add_options()(
      "holder", po::value(&flags->holder)->value_name("NAME"),
      "timeline: the holder, a name, alias or entity id (required)")(
      "about", po::value(&flags->about)->value_name("WORDS"),
      "timeline: the subject words (default: everything it said)")(
      "outlet", po::value(&flags->outlet)->value_name("NAME"),
      "audit: only this outlet's documents")(
      "from", po::value(&flags->from)->value_name("DATE"),
      "only statements made on or after DATE (YYYY-MM-DD)")(
      "to", po::value(&flags->to)->value_name("DATE"),
      "only statements made on or before DATE (YYYY-MM-DD)")(
      "out,o", po::value(&flags->out)->value_name("PATH"),
      "where to write PATH.html and PATH.md (required)")(
      "kind", po::value(&flags->kind), "timeline or audit");
  return desc;
}

// PATH without a .html or .md extension.
std::string BasePath(std::string path) {
  for (const std::string ext : {".html", ".md"}) {
    if (path.size() > ext.size() &&
        path.compare(path.size() - ext.size(), ext.size(), ext) == 0) {
      path.resize(path.size() - ext.size());
      break;
    }
  }
  return path;
}

// The command line as a reader could retype it.
std::string CommandLine(const std::vector<std::string>& args) {
  std::string line = "claimtrack report";
  for (const std::string& arg : args) {
    const bool plain =
        !arg.empty() && arg.find_first_not_of(
                            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRS"
                            "TUVWXYZ0123456789-_./=:,@+") == std::string::npos;
    if (plain) {
      line += " " + arg;
      continue;
    }
    line += " '";
    for (char c : arg)
      line += c == '\'' ? std::string("'\\''") : std::string(1, c);
    line += "'";
  }
  return line;
}

template <typename Answer, typename WriteFn>
Status WriteBoth(const Answer& answer, const query::RenderOptions& options,
                 const std::string& base, WriteFn write_fn) {
  for (const auto& [ext, format] :
       {std::pair{".html", query::Format::kHtml},
        std::pair{".md", query::Format::kMarkdown}}) {
    RETURN_IF_ERROR(WriteFileAtomically(base + ext, [&](std::ostream& out) {
      return write_fn(answer, format, options, out);
    }));
  }
  return Status::Ok();
}

}  // namespace

Status RunReport(const std::vector<std::string>& args) {
  ReportFlags flags;
  po::options_description desc = ReportOptions(&flags);
  po::positional_options_description positional;
  positional.add("kind", 1);
  po::variables_map vm;
  RETURN_IF_ERROR(ParseFlags(args, desc, positional, "report", &vm));
  if (flags.help) {
    std::cout << desc << "\n";
    return Status::Ok();
  }
  if (flags.kind != "timeline" && flags.kind != "audit") {
    return Status::InvalidArgument(
        "say which report: 'report timeline' or 'report audit'");
  }
  if (flags.out.empty()) return Status::InvalidArgument("--out is required");
  for (const auto& [value, name] :
       {std::pair{&flags.from, "--from"}, std::pair{&flags.to, "--to"}}) {
    if (!value->empty()) {
      RETURN_IF_ERROR(store::ParseDateBound(*value, name).status());
    }
  }
  const std::string base = BasePath(flags.out);
  query::RenderOptions options;
  options.command = CommandLine(args);

  if (flags.kind == "timeline") {
    if (flags.holder.empty()) {
      return Status::InvalidArgument("report timeline needs --holder");
    }
    ASSIGN_OR_RETURN(auto store, OpenForReading(flags.db));
    query::TimelineRequest request;
    request.holder = flags.holder;
    request.about = flags.about;
    request.from = flags.from;
    request.to = flags.to;
    ASSIGN_OR_RETURN(query::Timeline timeline,
                     query::BuildTimeline(store.get(), request));
    options.title =
        flags.holder + (flags.about.empty() ? "" : " on ") + flags.about;
    RETURN_IF_ERROR(WriteBoth(timeline, options, base, query::WriteTimeline));
    size_t shifts = 0;
    for (const auto& row : timeline.rows) shifts += row.shift;
    std::cout << "wrote " << base << ".html and " << base << ".md ("
              << timeline.rows.size() << " claims, " << shifts << " shifts)\n";
    return Status::Ok();
  }
  ASSIGN_OR_RETURN(auto store, OpenForReading(flags.db));
  query::AuditRequest request;
  request.outlet = flags.outlet;
  request.from = flags.from;
  request.to = flags.to;
  ASSIGN_OR_RETURN(query::AuditReport report,
                   query::AuditAnonymous(store.get(), request));
  options.title =
      "Anonymous sources" + (flags.outlet.empty() ? "" : " in " + flags.outlet);
  RETURN_IF_ERROR(WriteBoth(report, options, base, query::WriteAudit));
  std::cout << "wrote " << base << ".html and " << base << ".md ("
            << report.rows.size() << " anonymous claims of " << report.claims
            << ")\n";
  return Status::Ok();
}

}  // namespace claimtrack::cli
