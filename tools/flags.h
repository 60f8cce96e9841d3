// Flag parsing shared by the subcommands: Boost.Program_options errors
// become an InvalidArgument Status that points at the command's --help.
#ifndef CLAIMTRACK_TOOLS_FLAGS_H_
#define CLAIMTRACK_TOOLS_FLAGS_H_

#include <algorithm>
#include <boost/program_options.hpp>
#include <cstddef>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "claimtrack/status.h"

namespace claimtrack::cli {

// Parses `args` (the words after the subcommand) into `vm` and runs the
// options' notifiers. `command` names the subcommand in messages.
inline Status ParseFlags(
    const std::vector<std::string>& args,
    const boost::program_options::options_description& options,
    const boost::program_options::positional_options_description& positional,
    std::string_view command, boost::program_options::variables_map* vm) {
  namespace po = boost::program_options;
  try {
    po::store(po::command_line_parser(args)
                  .options(options)
                  .positional(positional)
                  .run(),
              *vm);
    po::notify(*vm);
  } catch (const po::error& e) {
    return Status::InvalidArgument(std::string(e.what()) +
                                   " (see 'claimtrack " + std::string(command) +
                                   " --help')");
  }
  return Status::Ok();
}

// --threads (0: one per core) and --max-doc-mb, shared by extract and
// ingest.
inline Status ThreadsAndSizeLimit(int threads, size_t max_doc_mb,
                                  unsigned* thread_count,
                                  size_t* max_document_bytes) {
  if (threads < 0 || threads > 256) {
    return Status::InvalidArgument("--threads must be between 0 and 256");
  }
  *thread_count = threads == 0
                      ? std::max(1u, std::thread::hardware_concurrency())
                      : static_cast<unsigned>(threads);
  if (max_doc_mb == 0 || max_doc_mb > 4095) {
    return Status::InvalidArgument("--max-doc-mb must be between 1 and 4095");
  }
  *max_document_bytes = max_doc_mb << 20;
  return Status::Ok();
}

}  // namespace claimtrack::cli

#endif  // CLAIMTRACK_TOOLS_FLAGS_H_
