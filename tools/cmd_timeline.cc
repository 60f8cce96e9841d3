// claimtrack timeline | shifts | said | trace: positions over time, the
// shifts in them, what one speaker said, and where a claim came from. All
// read the database as a secondary instance, so they work beside a running
// ingest.
#include <unistd.h>

#include <boost/program_options.hpp>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "commands.h"
#include "flags.h"
#include "query/render.h"
#include "query/timeline.h"
#include "store_flags.h"

namespace claimtrack::cli {

namespace {

namespace po = boost::program_options;

struct CommonFlags {
  std::string db, format, out, from, to;
  bool help = false;
};

void AddCommonFlags(po::options_description* options, CommonFlags* flags,
                    bool dates) {
  options->add_options()("help,h", po::bool_switch(&flags->help),
                         "print this help");
  AddDbFlag(options, &flags->db);
  if (dates) {
    options->add_options()("from",
                           po::value(&flags->from)->value_name("YYYY-MM-DD"),
                           "only statements on or after this date")(
        "to", po::value(&flags->to)->value_name("YYYY-MM-DD"),
        "only statements on or before this date");
  }
  options->add_options()(
      "format,f", po::value(&flags->format)->value_name("FORMAT"),
      "table, jsonl, csv, md or html (default: table on a terminal, else "
      "jsonl)")("out,o", po::value(&flags->out)->value_name("FILE"),
                "write to FILE instead of stdout");
}

// Writes the answer in the chosen format to --out or stdout.
Status Emit(const query::Timeline& timeline, const CommonFlags& flags,
            const std::string& title, const std::vector<std::string>& args,
            const char* command) {
  std::string format = flags.format;
  if (format.empty()) {
    format = flags.out.empty() && isatty(STDOUT_FILENO) ? "table" : "jsonl";
  }
  ASSIGN_OR_RETURN(const query::Format f, query::ParseFormat(format));
  query::RenderOptions options;
  options.title = title;
  options.command = std::string("claimtrack ") + command;
  for (const std::string& a : args) options.command += " " + a;
  if (flags.out.empty()) {
    RETURN_IF_ERROR(query::WriteTimeline(timeline, f, options, std::cout));
    std::cout.flush();
    return std::cout ? Status::Ok()
                     : Status::IOError("writing to stdout failed");
  }
  std::ofstream out(flags.out, std::ios::binary | std::ios::trunc);
  if (!out) return Status::IOError("cannot write " + flags.out);
  RETURN_IF_ERROR(query::WriteTimeline(timeline, f, options, out));
  out.flush();
  if (!out) return Status::IOError("writing " + flags.out + " failed");
  std::cerr << command << ": " << timeline.rows.size() << " rows written to "
            << flags.out << "\n";
  return Status::Ok();
}

}  // namespace

Status RunTimeline(const std::vector<std::string>& args) {
  CommonFlags flags;
  query::TimelineRequest request;
  bool no_about = false;
  size_t limit = 0;
  po::options_description options("options");
  options.add_options()(
      "holder", po::value(&request.holder)->value_name("NAME|ID"),
      "the country, organization or person (a name, alias such as "
      "\"Seoul\", or entity id)")(
      "about", po::value(&request.about)->value_name("WORDS"),
      "the subject: words, each standing for its synonyms "
      "(data/lexicon/synonyms.tsv) or a country's names")(
      "own-only", po::bool_switch(&no_about),
      "leave out claims by others addressed to the holder")(
      "limit", po::value(&limit)->value_name("N"), "at most N rows");
  AddCommonFlags(&options, &flags, true);
  po::variables_map vm;
  po::positional_options_description positional;
  positional.add("holder", 1);  // `claimtrack timeline Seoul --about ...`
  RETURN_IF_ERROR(ParseFlags(args, options, positional, "timeline", &vm));
  if (flags.help) {
    std::cout
        << "usage: claimtrack timeline [--holder] NAME [--about WORDS] "
           "[--from DATE] [--to DATE]\n"
           "                          [--format table|jsonl|csv|md|html] "
           "[--out FILE]\n\n"
           "The holder's claims about the subject in statement order: its "
           "own (own),\nits officials' and bodies' (affiliated), others' "
           "addressed to it (about),\nand the outlet's statements of its "
           "position (reported). Each has a position\ntoward the subject "
           "(supports, opposes, hedges, neutral) with the words that\n"
           "decided it; SHIFT marks a position that differs from the "
           "holder's previous one.\n\n"
        << options;
    return Status::Ok();
  }
  if (request.holder.empty()) {
    return Status::InvalidArgument("timeline needs --holder NAME");
  }
  request.include_about = !no_about;
  request.from = flags.from;
  request.to = flags.to;
  request.limit = limit;
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store,
                   OpenForReading(flags.db));
  ASSIGN_OR_RETURN(const query::Timeline timeline,
                   query::BuildTimeline(store.get(), request));
  std::string title = "Timeline: " + timeline.holders.front();
  if (!request.about.empty()) title += " on " + timeline.subject;
  return Emit(timeline, flags, title, args, "timeline");
}

Status RunShifts(const std::vector<std::string>& args) {
  CommonFlags flags;
  std::string about;
  po::options_description options("options");
  options.add_options()("about", po::value(&about)->value_name("WORDS"),
                        "the subject (as for timeline)");
  AddCommonFlags(&options, &flags, true);
  po::variables_map vm;
  RETURN_IF_ERROR(ParseFlags(
      args, options, po::positional_options_description(), "shifts", &vm));
  if (flags.help) {
    std::cout << "usage: claimtrack shifts --about WORDS [--from DATE] "
                 "[--to DATE] [--format ...] [--out FILE]\n\n"
                 "Every holder's shifts of position on the subject: claims "
                 "whose position differs\nfrom the same holder's previous "
                 "one (holders are countries, organizations\nand people "
                 "known across documents).\n\n"
              << options;
    return Status::Ok();
  }
  if (about.empty())
    return Status::InvalidArgument("shifts needs --about WORDS");
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store,
                   OpenForReading(flags.db));
  ASSIGN_OR_RETURN(const query::Timeline timeline,
                   query::FindShifts(store.get(), about, flags.from, flags.to));
  return Emit(timeline, flags, "Shifts on " + timeline.subject, args, "shifts");
}

Status RunSaid(const std::vector<std::string>& args) {
  CommonFlags flags;
  std::string speaker;
  size_t limit = 0;
  po::options_description options("options");
  options.add_options()("speaker", po::value(&speaker)->value_name("NAME|ID"),
                        "the speaker (a name, alias or entity id)")(
      "limit", po::value(&limit)->value_name("N"),
      "the first N rows (a busy speaker's first page)");
  AddCommonFlags(&options, &flags, true);
  po::positional_options_description positional;
  positional.add("speaker", 1);
  po::variables_map vm;
  RETURN_IF_ERROR(ParseFlags(args, options, positional, "said", &vm));
  if (flags.help) {
    std::cout << "usage: claimtrack said --speaker NAME [--from DATE] "
                 "[--to DATE] [--limit N] [--format ...]\n"
                 "                      [--out FILE]\n\n"
                 "Everything the speaker said, by statement date.\n\n"
              << options;
    return Status::Ok();
  }
  if (speaker.empty())
    return Status::InvalidArgument("said needs --speaker NAME");
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store,
                   OpenForReading(flags.db));
  ASSIGN_OR_RETURN(
      const query::Timeline timeline,
      query::SaidBy(store.get(), speaker, flags.from, flags.to, limit));
  return Emit(timeline, flags, "Said by " + timeline.holders.front(), args,
              "said");
}

Status RunTrace(const std::vector<std::string>& args) {
  CommonFlags flags;
  std::string claim;
  po::options_description options("options");
  options.add_options()("claim", po::value(&claim)->value_name("ID"),
                        "the claim's id (16 hex digits)");
  AddCommonFlags(&options, &flags, false);
  po::positional_options_description positional;
  positional.add("claim", 1);
  po::variables_map vm;
  RETURN_IF_ERROR(ParseFlags(args, options, positional, "trace", &vm));
  if (flags.help) {
    std::cout << "usage: claimtrack trace CLAIM_ID [--format ...] [--out "
                 "FILE]\n\n"
                 "Where a claim came from: the chain of the same holder's "
                 "earlier statements on\nthe subject (EARLIER links) and the "
                 "first appearance of its quotation\n(REPEATS), oldest first, "
                 "ending with the claim.\n\n"
              << options;
    return Status::Ok();
  }
  if (claim.empty()) return Status::InvalidArgument("trace needs a CLAIM_ID");
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store,
                   OpenForReading(flags.db));
  ASSIGN_OR_RETURN(const query::Timeline timeline,
                   query::Trace(store.get(), claim));
  return Emit(timeline, flags, "Trace of claim " + claim, args, "trace");
}

}  // namespace claimtrack::cli
