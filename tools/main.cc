// claimtrack: the command-line tool. Global flags, then a subcommand.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstring>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "commands.h"

namespace {

using claimtrack::Status;
using claimtrack::cli::Command;

const Command kCommands[] = {
    {"extract", "find attributed claims in articles (JSON Lines or a table)",
     claimtrack::cli::RunExtract},
    {"eval", "score the extractor against gold attributions",
     claimtrack::cli::RunEval},
    {"ingest", "extract and store articles (or claims JSON) in the database",
     claimtrack::cli::RunIngest},
    {"entities", "list the database's entities, their aliases and claims",
     claimtrack::cli::RunEntities},
    {"build-sst", "store one part's claims JSON as SST files for ingest-sst",
     claimtrack::cli::RunBuildSst},
    {"ingest-sst", "load SST shards from build-sst into the database",
     claimtrack::cli::RunIngestSst},
    {"graph", "export an entity's part of the graph as GraphML or DOT",
     claimtrack::cli::RunGraph},
    {"link", "rebuild the EARLIER and REPEATS links from scratch",
     claimtrack::cli::RunLink},
    {"check", "verify that every record is complete and indexed",
     claimtrack::cli::RunCheck},
    {"upgrade", "bring a database of an older format version up to date",
     claimtrack::cli::RunUpgrade},
    {"kv", "print the database's keys and values, decoded ('kv dump')",
     claimtrack::cli::RunKv},
    {"synth", "synthetic scale data: real documents with new ids and dates",
     claimtrack::cli::RunSynth},
    {"audit", "audit claims resting on unnamed sources ('audit anonymous')",
     claimtrack::cli::RunAudit},
    {"timeline", "a holder's positions on a subject over time, with shifts",
     claimtrack::cli::RunTimeline},
    {"shifts", "every holder's changes of position on a subject",
     claimtrack::cli::RunShifts},
    {"said", "everything one speaker said, by date", claimtrack::cli::RunSaid},
    {"trace", "a claim's earlier statements and first quotation",
     claimtrack::cli::RunTrace},
    {"bench", "measure extraction and ingest speed and memory over a corpus",
     claimtrack::cli::RunBench},
    {"report", "a timeline or the audit as one HTML page and its Markdown twin",
     claimtrack::cli::RunReport},
};

void PrintUsage(std::ostream& out) {
  out << "usage: claimtrack [--verbose|--quiet] COMMAND [ARGS...]\n\n"
         "commands:\n";
  for (const Command& c : kCommands) {
    out << "  " << c.name << std::string(12 - std::strlen(c.name), ' ')
        << c.summary << "\n";
  }
  out << "\n'claimtrack COMMAND --help' describes a command's flags.\n";
}

// Logs go to stderr so that stdout carries only results.
void SetUpLogging(spdlog::level::level_enum level) {
  auto logger = spdlog::stderr_color_mt("claimtrack");
  logger->set_pattern("%^%l%$: %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(level);
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  auto level = spdlog::level::info;
  int i = 1;
  for (; i < argc && argv[i][0] == '-'; ++i) {
    std::string flag = argv[i];
    if (flag == "--verbose" || flag == "-v") {
      level = spdlog::level::debug;
    } else if (flag == "--quiet" || flag == "-q") {
      level = spdlog::level::err;
    } else if (flag == "--help" || flag == "-h") {
      PrintUsage(std::cout);
      return 0;
    } else {
      std::cerr << "claimtrack: unknown flag " << flag << "\n";
      PrintUsage(std::cerr);
      return 2;
    }
  }
  SetUpLogging(level);
  if (i >= argc) {
    PrintUsage(std::cerr);
    return 2;
  }
  const std::string name = argv[i];
  std::vector<std::string> args(argv + i + 1, argv + argc);
  for (const Command& c : kCommands) {
    if (name != c.name) continue;
    Status status;
    try {
      status = c.run(args);
    } catch (const std::exception& e) {
      // Boost.Program_options and JSON errors surface here.
      std::cerr << "claimtrack " << name << ": " << e.what() << "\n";
      return 2;
    }
    std::cout.flush();
    if (status.ok()) return 0;
    std::cerr << "claimtrack " << name << ": " << status.ToString() << "\n";
    return status.IsInvalidArgument() ? 2 : 1;
  }
  std::cerr << "claimtrack: unknown command '" << name << "'\n";
  PrintUsage(std::cerr);
  return 2;
}
