// claimtrack audit anonymous: every claim resting on an unnamed source, how
// precisely the source is described, whether a reason for anonymity is
// stated, whether a named source in the same document corroborates it, and
// the shares of anonymous claims per document and outlet.
#include <unistd.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "commands.h"
#include "flags.h"
#include "out_file.h"
#include "query/audit.h"
#include "query/render.h"
#include "store_flags.h"

namespace claimtrack::cli {

namespace {

namespace po = boost::program_options;

struct AuditFlags {
  std::string what;
  std::string db;
  query::AuditRequest request;
  std::string format, out;
  int repeat = 0;
  bool help = false;
};

po::options_description AuditOptions(AuditFlags* flags) {
  po::options_description desc(
      "usage: claimtrack audit anonymous [--outlet X] [--from DATE --to "
      "DATE]\n"
      "                 [--db DIR] [--format table|jsonl|csv|md|html] "
      "[--out FILE]\n\n"
      "Lists every claim resting on an unnamed source, following two points "
      "of\nnewsroom standards on anonymous sourcing (AP, Reuters, SPJ): say "
      "why\nanonymity was granted, and describe the source as precisely as "
      "possible.\nEach row gives the descriptor as written, its specificity "
      "(one point each\nfor a role, a rank, an organization and a stated "
      "count: \"sources\" 0/4,\n\"a senior defense official\" 4/4), the "
      "stated reason, and the named\nsource of the same document whose claim "
      "shares the subject (at least 2\ncontent terms and a Dice similarity "
      "of 0.2), if any. Then the share of\nanonymous claims per document and "
      "per outlet (no outlet: \"unknown\").\nDates are statement dates; an "
      "undated claim is outside any --from/--to.\n\n"
      "options");
  desc.add_options()("help,h", po::bool_switch(&flags->help),
                     "describe the flags");
  AddDbFlag(&desc, &flags->db);
  desc.add_options()("outlet",
                     po::value(&flags->request.outlet)->value_name("NAME"),
                     "only documents of this outlet (any case)")(
      "from", po::value(&flags->request.from)->value_name("DATE"),
      "only claims made on or after DATE (YYYY-MM-DD)")(
      "to", po::value(&flags->request.to)->value_name("DATE"),
      "only claims made on or before DATE (YYYY-MM-DD)")(
      "format,f", po::value(&flags->format)->value_name("FORMAT"),
      "table, jsonl, csv, md or html (default: from the --out file's "
      "extension; else table on a terminal, jsonl otherwise)")(
      "out,o", po::value(&flags->out)->value_name("FILE"),
      "write to FILE instead of standard output")(
      "repeat", po::value(&flags->repeat)->value_name("N"),
      "run the audit N times and print the median and 99th-percentile "
      "latency to standard error (for benchmarks)");
  return desc;
}

std::string DefaultFormat(const std::string& out) {
  auto ends_with = [&](std::string_view ext) { return out.ends_with(ext); };
  if (ends_with(".html") || ends_with(".htm")) return "html";
  if (ends_with(".md")) return "md";
  if (ends_with(".csv")) return "csv";
  if (ends_with(".jsonl") || ends_with(".json")) return "jsonl";
  if (out.empty() && isatty(STDOUT_FILENO)) return "table";
  return "jsonl";
}

std::string CommandLine(const std::vector<std::string>& args) {
  std::string line = "claimtrack audit";
  for (const std::string& a : args) line += " " + a;
  return line;
}

double CpuMs() {
  timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

// Runs the audit `times` times (besides the run whose answer is written)
// and reports the latency percentiles on standard error: wall-clock time,
// and CPU time, steadier on a busy machine.
Status Time(store::Store* store, const query::AuditRequest& request,
            int times) {
  std::vector<double> wall, cpu;
  for (int i = 0; i < times; ++i) {
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = CpuMs();
    ASSIGN_OR_RETURN(
        query::AuditReport ignored,
        query::AuditAnonymous(store, request,
                              [](query::AuditRow&&) { return Status::Ok(); }));
    cpu.push_back(CpuMs() - cpu_start);
    wall.push_back(std::chrono::duration<double, std::milli>(
                       std::chrono::steady_clock::now() - start)
                       .count());
  }
  auto at = [](std::vector<double>& ms, double q) {
    std::sort(ms.begin(), ms.end());
    return ms[std::min(ms.size() - 1, static_cast<size_t>(q * ms.size()))];
  };
  std::fprintf(stderr,
               "audit anonymous: %zu runs: wall p50 %.1f ms, p99 %.1f ms; "
               "cpu p50 %.1f ms, p99 %.1f ms\n",
               wall.size(), at(wall, 0.5), at(wall, 0.99), at(cpu, 0.5),
               at(cpu, 0.99));
  return Status::Ok();
}

}  // namespace

Status RunAudit(const std::vector<std::string>& args) {
  AuditFlags flags;
  const po::options_description desc = AuditOptions(&flags);
  po::options_description all;  // with the positional word, not shown
  all.add(desc).add_options()("what", po::value(&flags.what));
  po::positional_options_description positional;
  positional.add("what", 1);
  po::variables_map vm;
  RETURN_IF_ERROR(ParseFlags(args, all, positional, "audit", &vm));
  if (flags.help) {
    std::cout << desc << "\n";
    return Status::Ok();
  }
  if (flags.what != "anonymous") {
    return Status::InvalidArgument(
        flags.what.empty()
            ? "audit needs what to audit: 'claimtrack audit anonymous'"
            : "unknown audit '" + flags.what +
                  "' (the one audit is "
                  "'anonymous')");
  }
  if (flags.repeat < 0 || flags.repeat > 100000) {
    return Status::InvalidArgument("--repeat must be between 0 and 100000");
  }
  if (flags.format.empty()) flags.format = DefaultFormat(flags.out);
  ASSIGN_OR_RETURN(const query::Format format,
                   query::ParseFormat(flags.format));

  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store,
                   OpenForReading(flags.db));
  query::RenderOptions options;
  options.title = "Anonymous-source audit";
  options.command = CommandLine(args);
  // JSON Lines and CSV are written as the rows come, so that an audit of a
  // whole archive does not hold its rows; the other formats need them all.
  auto write = [&](std::ostream& out) -> Status {
    if (!query::AuditStream::Supports(format)) {
      ASSIGN_OR_RETURN(const query::AuditReport report,
                       query::AuditAnonymous(store.get(), flags.request));
      return query::WriteAudit(report, format, options, out);
    }
    query::AuditStream stream(format, out);
    ASSIGN_OR_RETURN(
        const query::AuditReport report,
        query::AuditAnonymous(
            store.get(), flags.request, [&](query::AuditRow&& row) -> Status {
              stream.Row(row);
              if (!out) {
                return Status::IOError("writing the audit failed");
              }
              return Status::Ok();
            }));
    stream.Finish(report);
    return Status::Ok();
  };
  if (flags.out.empty()) {
    RETURN_IF_ERROR(write(std::cout));
    std::cout.flush();
    if (!std::cout) return Status::IOError("writing the audit failed");
  } else {
    RETURN_IF_ERROR(WriteFileAtomically(flags.out, write));
  }
  if (flags.repeat > 0) {
    RETURN_IF_ERROR(Time(store.get(), flags.request, flags.repeat));
  }
  return Status::Ok();
}

}  // namespace claimtrack::cli
